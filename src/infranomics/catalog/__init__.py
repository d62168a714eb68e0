"""The sourced reference catalog: one CSV per dataset, a schema per dataset, provenance on every row.

>>> from infranomics import catalog
>>> catalog.load("accelerators").loc[lambda d: d.name == "H100-SXM", "hbm_tbps"].item()
3.35
"""

from .filters import apply_filters
from .loader import Catalog, DatasetInfo, default_catalog, load
from .schema import Column, DatasetSchema, dataset_names, get_schema
from .validate import Problem, parse_table

__all__ = [
    "Catalog",
    "Column",
    "DatasetInfo",
    "DatasetSchema",
    "Problem",
    "apply_filters",
    "dataset_names",
    "default_catalog",
    "get_schema",
    "load",
    "parse_table",
]
