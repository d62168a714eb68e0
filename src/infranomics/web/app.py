"""The app factory: HTTP API under ``/api/v1`` and the dashboard, served by one process.

>>> from infranomics.web import create_app
>>> app = create_app()          # bundled data (plus $INFRANOMICS_DATA)
>>> sorted(p.key for p in app.state.pages)[:2]
['catalog', 'cost']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from .._version import __version__
from ..catalog import Catalog, default_catalog
from ..cost import default_currency_year
from .errors import ERROR_RESPONSES, ApiError, install_error_handlers
from .i18n import DEFAULT_LANG, LANGS, pick_lang, strings, translate
from .registry import Page, load_domains

__all__ = ["API_PREFIX", "CURRENCIES", "create_app", "plotly_js_path"]

API_PREFIX = "/api/v1"
#: Display currencies offered by the dashboard (converted with the engine's FX table).
CURRENCIES = ("USD", "CNY", "EUR")

_HERE = Path(str(resources.files(__package__)))

DESCRIPTION = """\
The HTTP API of **infranomics** — the economics of AI compute. Every number is computed by the
Python engine (`infranomics.cost.estimate` …) and returned as its `to_dict()` contract; units are in
brackets in each field's description. Money is USD of `currency_year` unless a field name says
otherwise. Errors are `{"error": {"field", "message", "details"}}` with status 404 (nothing of that
name) or 422 (invalid input, naming the field). One request may ask for a bounded amount of work
(see `GET /api/v1/meta` → `limits`).
"""


def plotly_js_path() -> Path:
    """``plotly.min.js`` bundled in the installed ``plotly`` Python package (served offline)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class Meta(BaseModel):
    version: str = Field(description="infranomics version.")
    currency_year: int = Field(description="Default year of money in results. [year]")
    currencies: list[str] = Field(description="Display currencies.")
    languages: dict[str, str] = Field(description="Dashboard languages: code → name.")
    pages: list[dict] = Field(description="Dashboard pages: key, path, title key.")
    limits: dict[str, int] = Field(description="Work limits of one request.")


def _meta_router() -> APIRouter:
    r = APIRouter(tags=["meta"], responses=ERROR_RESPONSES)

    @r.get("/meta", response_model=Meta, summary="Version, currencies, languages, pages and limits")
    def meta(request: Request) -> dict:
        from .domains import catalog as dc
        from .domains import cost as dcost

        limits = {"compare_gpus": dcost.MAX_COMPARE_GPUS, "sweep_points": dcost.MAX_SWEEP_POINTS,
                  "catalog_rows": dc.MAX_ROWS, "catalog_filters": dc.MAX_FILTERS}
        limits.update(request.app.state.limits)
        return {"version": __version__, "currency_year": default_currency_year(request.app.state.catalog),
                "currencies": list(CURRENCIES), "languages": LANGS,
                "pages": [{"key": p.key, "path": f"/{p.key}", "title": p.title} for p in request.app.state.pages],
                "limits": limits}

    @r.get("/i18n/{lang}", response_model=dict[str, str], summary="Dashboard strings of a language",
           responses={404: {"description": "Unknown language."}})
    def i18n(lang: str) -> dict:
        if lang not in LANGS:
            raise ApiError(404, f"unknown language '{lang}' (known: {', '.join(LANGS)})", field="lang")
        return strings(lang)

    @r.get("/ui/pages", response_model=list[dict], summary="Dashboard pages and their controls (as data)")
    def pages(request: Request) -> list[dict]:
        return [p.spec(request.app.state.catalog) for p in request.app.state.pages]

    return r


def create_app(catalog: Catalog | None = None, *, data_dirs: Sequence[str | os.PathLike] | None = None,
               domains: dict[str, tuple[str, ...]] | None = None) -> FastAPI:
    """Build the FastAPI app.

    Parameters
    ----------
    catalog : Catalog, optional
        Reference data to serve (default: bundled data plus ``$INFRANOMICS_DATA``).
    data_dirs : list of paths, optional
        User data directories, when no ``catalog`` is given.
    domains : dict, optional
        Domain modules to load (default :data:`infranomics.web.registry.DOMAINS`).
    """
    cat = catalog if catalog is not None else (Catalog(data_dirs) if data_dirs is not None else default_catalog())
    app = FastAPI(title="infranomics API", version=__version__, description=DESCRIPTION,
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs", redoc_url=None)
    app.state.catalog = cat
    app.state.cache = {}
    app.state.limits = {}
    install_error_handlers(app)

    doms = load_domains(domains)
    api = APIRouter(prefix=API_PREFIX)
    api.include_router(_meta_router())
    for d in doms:
        if d.router is not None:
            api.include_router(d.router)
        app.state.limits.update(getattr(d, "limits", {}) or {})
    app.include_router(api)
    pages: list[Page] = sorted((p for d in doms for p in d.pages), key=lambda p: (p.order, p.key))
    app.state.pages = pages

    templates = Jinja2Templates(directory=str(_HERE / "templates"))

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(plotly_js_path(), media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    def render(request: Request, page: Page, lang: str | None, cur: str | None) -> HTMLResponse:
        code = pick_lang(lang)
        currency = cur if cur in CURRENCIES else "USD"
        spec = page.spec(cat)
        ctx = {
            "request": request, "lang": code, "langs": LANGS, "currency": currency, "currencies": CURRENCIES,
            "page": spec, "pages": [{"key": p.key, "title": p.title} for p in pages], "version": __version__,
            "t": lambda key, **kw: translate(code, key, **kw),
            "boot": {"page": page.key, "lang": code, "currency": currency, "currencies": list(CURRENCIES),
                     "api": API_PREFIX,
                     "version": __version__, "controls": spec["controls"], "strings": strings(code),
                     "currency_year": default_currency_year(cat), "sources": list(page.sources)},
        }
        return templates.TemplateResponse(request, "page.html", ctx)

    def make_view(page: Page):
        def view(request: Request, lang: str | None = None, cur: str | None = None) -> HTMLResponse:
            return render(request, page, lang, cur)

        return view

    if pages:
        app.add_api_route("/", make_view(pages[0]), methods=["GET"], include_in_schema=False,
                          response_class=HTMLResponse, name="page-home")
        for p in pages:
            app.add_api_route(f"/{p.key}", make_view(p), methods=["GET"], include_in_schema=False,
                              response_class=HTMLResponse, name=f"page-{p.key}")
    else:  # pragma: no cover - no domain available
        @app.get("/", include_in_schema=False)
        def index_docs() -> RedirectResponse:
            return RedirectResponse(f"{API_PREFIX}/docs")

    app.state.default_lang = DEFAULT_LANG
    return app
