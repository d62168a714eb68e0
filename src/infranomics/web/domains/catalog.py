"""Catalog API and the Catalog browser page: every dataset, its schema (units), rows and sources."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from ..._json import jsonable, records
from ...catalog import apply_filters, dataset_names, get_schema
from ...errors import InfranomicsError
from ..deps import CatalogDep
from ..errors import ERROR_RESPONSES, WORK_LIMIT_FIELDS, ApiError, ErrorBody
from ..registry import Control, Domain, Page

__all__ = ["DOMAIN"]

MAX_ROWS = 5000
MAX_FILTERS = 10
WORK_LIMIT_FIELDS.update({"limit", "where"})

_NOT_FOUND = {404: {"model": ErrorBody, "description": "No dataset of that name."}}


class DatasetSummary(BaseModel):
    name: str = Field(description="Dataset name (file `<name>.csv`).")
    title: str
    description: str
    rows: int = Field(description="Rows loaded (bundled + user).")
    bundled_rows: int
    user_files: list[str] = Field(description="User CSVs that extend or override bundled rows.")
    key: list[str] = Field(description="Columns identifying a row.")
    columns: int


class ColumnInfo(BaseModel):
    name: str
    type: str = Field(description="str, int, float, date or bool.")
    unit: str = Field(description="Unit of the values ('' when none).")
    required: bool
    allowed: str = Field(description="Allowed range or choices, as text.")
    description: str


class DatasetRows(BaseModel):
    dataset: str
    title: str
    description: str
    key: list[str]
    columns: list[ColumnInfo]
    total: int = Field(description="Rows matching the filters (before offset/limit).")
    offset: int
    limit: int
    rows: list[dict] = Field(description="Rows as objects; every row has `source` and `retrieved`.")


class Source(BaseModel):
    source: str | None = Field(description="URL or document (or 'assumption: …').")
    rows: int = Field(description="Rows this source supports.")
    retrieved: str | None = Field(description="Latest retrieval date. [YYYY-MM-DD]")
    confidence: str | None


class DatasetSources(BaseModel):
    dataset: str
    title: str
    sources: list[Source]


router = APIRouter(prefix="/catalog", tags=["catalog"], responses=ERROR_RESPONSES)

DatasetName = Annotated[str, Path(description="Dataset name (GET /api/v1/catalog lists them).", max_length=64)]


def _dataset(name: str) -> str:
    if name not in dataset_names():
        from ...errors import did_you_mean

        raise ApiError(404, f"unknown dataset '{name}'{did_you_mean(name, dataset_names())} "
                            f"(known: {', '.join(dataset_names())})", field="name")
    return name


def _filter(df: pd.DataFrame, dataset: str, where: list[str]) -> pd.DataFrame:
    try:
        return apply_filters(df, dataset, where, field="where")
    except InfranomicsError as exc:
        raise ApiError(422, exc.message, field=exc.field) from None


@router.get("", response_model=list[DatasetSummary], summary="The datasets")
def list_datasets(catalog: CatalogDep) -> list[dict]:
    """Every dataset with its title, row counts and user files (``infranomics data list --json``)."""
    out = []
    for i in catalog.info():
        s = get_schema(i.name)
        out.append({"name": i.name, "title": i.title, "description": s.description, "rows": i.rows,
                    "bundled_rows": i.bundled_rows, "user_files": list(i.user_files), "key": list(i.key),
                    "columns": i.columns})
    return out


def _columns(dataset: str) -> list[dict]:
    return [{"name": c.name, "type": c.type, "unit": c.unit, "required": c.required, "allowed": c.describe_range(),
             "description": c.description} for c in get_schema(dataset).columns]


@router.get("/{name}", response_model=DatasetRows, responses=_NOT_FOUND, summary="Rows of a dataset")
def show(
    name: DatasetName,
    catalog: CatalogDep,
    q: Annotated[str | None, Query(max_length=200, description="Keep rows where any column contains this text "
                                                               "(case-insensitive).")] = None,
    where: Annotated[list[str], Query(max_length=MAX_FILTERS, description="Filters COLUMN OP VALUE with OP one "
                                      "of = != > >= < <= ~ (contains); all must hold.")] = [],  # noqa: B006
    sort: Annotated[str | None, Query(max_length=64, description="Sort by this column; prefix '-' for "
                                                                  "descending.")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_ROWS, description=f"Rows to return (at most {MAX_ROWS}).")] = 1000,
) -> dict:
    """Rows of one dataset with the schema (types, units, descriptions) and the provenance columns
    (``source``, ``retrieved``, ``confidence``, ``note``) of every row."""
    dataset = _dataset(name)
    schema = get_schema(dataset)
    df = _filter(catalog.load(dataset), dataset, where)
    if q:
        text = df.astype("string").apply(lambda c: c.str.contains(q, case=False, regex=False)).fillna(False)
        df = df[text.any(axis=1)] if len(df) else df
    if sort:
        col = sort.lstrip("-")
        if col not in df.columns:
            from ...errors import did_you_mean

            raise ApiError(422, f"sort: unknown column '{col}' of {dataset}{did_you_mean(col, df.columns)}",
                           field="sort")
        df = df.sort_values(col, ascending=not sort.startswith("-"), kind="stable", na_position="last")
    total = len(df)
    page = df.iloc[offset:offset + limit][list(schema.column_names)]
    return {"dataset": dataset, "title": schema.title, "description": schema.description, "key": list(schema.key),
            "columns": _columns(dataset), "total": total, "offset": offset, "limit": limit, "rows": records(page)}


@router.get("/{name}/schema", response_model=list[ColumnInfo], responses=_NOT_FOUND, summary="Schema of a dataset")
def schema(name: DatasetName) -> list[dict]:
    """Columns with type, unit, whether required, allowed range and description."""
    return _columns(_dataset(name))


@router.get("/{name}/sources", response_model=DatasetSources, responses=_NOT_FOUND,
            summary="Sources behind a dataset")
def sources(name: DatasetName, catalog: CatalogDep) -> dict:
    """One row per distinct source with how many rows it supports (``infranomics data cite``)."""
    dataset = _dataset(name)
    return jsonable({"dataset": dataset, "title": get_schema(dataset).title, "sources": catalog.cite(dataset)})


DOMAIN = Domain(
    name="catalog",
    router=router,
    pages=(Page("catalog", order=90, controls=(
        Control("dataset", "select", default="accelerators", options_from="datasets"),
        Control("q", "text", default="", optional=True),
    )),),
)
