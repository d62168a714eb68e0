"""FastAPI dependencies shared by the domain routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..catalog import Catalog

__all__ = ["CatalogDep", "get_catalog"]


def get_catalog(request: Request) -> Catalog:
    """The catalog the app was created with (bundled data plus ``--data-dir`` directories)."""
    return request.app.state.catalog


CatalogDep = Annotated[Catalog, Depends(get_catalog)]
