"""Choices for page controls that come from the catalog (shared by every page)."""

from __future__ import annotations

from ..catalog import Catalog, get_schema

__all__ = ["CORE_SOURCES"]


def accelerators(catalog: Catalog) -> list[dict]:
    df = catalog.load("accelerators")
    return [{"value": str(n), "label": f"{n} ({v}, {int(y)})"}
            for n, v, y in zip(df["name"], df["vendor"], df["launch_year"], strict=True)]


def models(catalog: Catalog) -> list[dict]:
    df = catalog.load("models")
    return [{"value": str(n), "label": str(n)} for n in df["name"]]


def regions(catalog: Catalog) -> list[dict]:
    df = catalog.load("electricity_prices")[["region", "region_name"]].drop_duplicates("region")
    return [{"value": str(r), "label": f"{r} — {n}"} for r, n in zip(df["region"], df["region_name"], strict=True)]


def datasets(catalog: Catalog) -> list[dict]:
    return [{"value": n, "label": f"{n} — {get_schema(n).title}"} for n in catalog.names()]


#: name → function(catalog) → [{"value", "label"}]
CORE_SOURCES = {"accelerators": accelerators, "models": models, "regions": regions, "datasets": datasets}
