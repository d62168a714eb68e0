"""One error shape for the whole HTTP API: ``{"error": {"field": ..., "message": ..., "details": [...]}}``.

* An :class:`~infranomics.errors.InfranomicsError` raised by the model becomes 422 with the
  model's message and the request field it names.
* FastAPI's request validation errors (wrong type, out of range, over a work limit) become 422
  in the same shape; ``field`` is the dotted path of the first bad field, ``details`` lists them all.
* A path that names nothing (unknown dataset, unknown route) is 404; a wrong method 405.
* Arithmetic that overflows on extreme (but schema-valid) inputs is reported as 422, not a crash.
Anything else is a bug: 500 with the same body, logged with its traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InfranomicsError

__all__ = ["WORK_LIMIT_FIELDS", "ApiError", "ErrorBody", "ErrorDetail", "api_field", "install_error_handlers",
           "note_codes_field"]

log = logging.getLogger("infranomics.web")

#: Request fields whose upper bound limits the work one request may ask for; their 422 says so.
WORK_LIMIT_FIELDS: set[str] = set()

#: Engine field names (CLI-flavoured) → the name of the field in the API request.
_FIELD_ALIASES = {
    "accelerator": "gpu",
    "financing mode": "financing",
    "facility mode": "facility",
    "depreciation method": "depreciation",
    "assume": "assumptions",
    "where": "where",
    "NAME": "name",
}


class ErrorDetail(BaseModel):
    field: str | None = Field(None, description="The request field that was wrong (a JSON body key as a dotted "
                                                "path, or a query/path parameter); null when no single field is "
                                                "to blame.")
    message: str = Field(description="What was wrong, with the value, the allowed range or choices and a "
                                     "did-you-mean where one helps.")
    details: list[dict] | None = Field(None, description="Every validation problem when there were several: "
                                                         "[{field, message}].")


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx response."""

    error: ErrorDetail


#: ``responses=`` entry for routes: documents the error body of 404/422.
ERROR_RESPONSES: dict[int | str, dict] = {
    400: {"model": ErrorBody, "description": "The request body could not be read (not UTF-8 JSON)."},
    422: {"model": ErrorBody, "description": "Invalid input: the body names the field and says what is allowed."},
}


class ApiError(Exception):
    """An error raised by a router with an explicit HTTP status."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def api_field(raw: str | None, prefix: str | None = None) -> str | None:
    """Map an engine ``field`` (which may be a CLI flag like ``--gpu``) to the API field name."""
    if raw is None:
        return None
    name = str(raw).strip()
    name = _FIELD_ALIASES.get(name, name)
    if name.startswith("--"):
        name = name[2:].replace("-", "_")
    name = _FIELD_ALIASES.get(name, name)
    return f"{prefix}.{name}" if prefix else name


def _body(field: str | None, message: str, details: list[dict] | None = None) -> dict:
    return {"error": {"field": field, "message": message, "details": details}}


def _loc_field(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_message(err: dict) -> tuple[str, str]:
    field = _loc_field(err.get("loc", ()))
    msg = str(err.get("msg", "invalid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    typ = err.get("type", "")
    leaf = field.split(".")[-1] if field else ""
    if leaf in WORK_LIMIT_FIELDS and typ in ("less_than_equal", "less_than", "too_long"):
        msg += " — this is the limit on the work one request may ask for; use the Python API or CLI for bigger jobs"
    ctx = err.get("ctx") or {}
    if typ == "less_than_equal" and ctx.get("le") == 1 and isinstance(err.get("input"), int | float) \
            and 1 < err["input"] <= 100:
        msg += f" — fractions are fractions: did you mean {err['input'] / 100:.2f}?"
    if typ == "missing":
        msg = "this field is required"
    if "input" in err and typ not in ("missing", "json_invalid") and not isinstance(err["input"], dict | list):
        shown = repr(err["input"])
        if len(shown) > 60:
            shown = shown[:57] + "..."
        msg += f" (got {shown})"
    return field, f"{field}: {msg}"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the :class:`ErrorBody` shape."""

    @app.exception_handler(InfranomicsError)
    async def _infranomics(request: Request, exc: InfranomicsError) -> JSONResponse:
        return JSONResponse(_body(api_field(exc.field), exc.message), status_code=422)

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(_body(exc.field, exc.message), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = list(exc.errors())
        details = [dict(zip(("field", "message"), _validation_message(e), strict=True)) for e in errs]
        first = details[0] if details else {"field": None, "message": "invalid request"}
        more = f" (and {len(details) - 1} more problem(s))" if len(details) > 1 else ""
        return JSONResponse(_body(first["field"], first["message"] + more, details), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        field = None
        if exc.status_code == 404:
            msg = f"no such endpoint or page: {request.url.path}"
        elif exc.status_code == 400:
            field, msg = "body", f"the request body could not be read as UTF-8 JSON ({exc.detail})"
        elif exc.status_code == 405:
            msg = f"method {request.method} is not allowed on {request.url.path}"
        else:
            msg = str(exc.detail)
        return JSONResponse(_body(field, msg), status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(ArithmeticError)
    async def _arith(request: Request, exc: ArithmeticError) -> JSONResponse:
        return JSONResponse(_body(None, f"these inputs give numbers out of range ({exc}); use less extreme values"),
                            status_code=422)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug by definition
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(_body(None, f"internal error ({type(exc).__name__}): this is a bug in infranomics, "
                                        "please report it with the request"), status_code=500)


def note_codes_field(of: str):
    """The response field that pairs each entry of ``of`` (notes or warnings) with its template key and params
    (:func:`infranomics.notes.codes`), so the dashboard can word it in the page language."""
    return Field(default_factory=list, description=f"For each entry of `{of}`: its template key and filled-in "
                 "params (`{key, params}`, null for a free-text entry), so an interface can show it in another "
                 "language.")
