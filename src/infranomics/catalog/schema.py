"""Dataset schemas: the tables in ``schema/*.csv`` and the registry ``datasets.toml``.

A schema lists, per column: type, unit, whether it is required, the allowed range or
choices, and a description. It drives loading (types), validation (ranges, choices,
provenance), ``infranomics data show`` (units in headers) and the data docs.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..errors import unknown_name

__all__ = ["Column", "DatasetSchema", "dataset_names", "get_schema"]

TYPES = ("str", "int", "float", "date", "bool")
PROVENANCE = ("source", "retrieved", "confidence", "note")


@dataclass(frozen=True)
class Column:
    """One column of a dataset schema."""

    name: str
    type: str
    unit: str = ""
    required: bool = False
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] = ()
    description: str = ""

    def describe_range(self) -> str:
        """Human text of what values are allowed, e.g. ``[0, 1]`` or ``one of USD, CNY``."""
        if self.allowed:
            return "one of " + ", ".join(self.allowed)
        if self.min is not None or self.max is not None:
            lo = "-inf" if self.min is None else f"{self.min:g}"
            hi = "inf" if self.max is None else f"{self.max:g}"
            return f"[{lo}, {hi}]"
        return ""


@dataclass(frozen=True)
class DatasetSchema:
    """A dataset: its name, title, key columns, columns and cross references."""

    name: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    names: str | None = None  # column holding a lookup name (with an 'aliases' column beside it)
    references: dict[str, str] = field(default_factory=dict)
    together: tuple[tuple[str, ...], ...] = ()
    display: tuple[str, ...] = ()  # columns of the default human table (all but provenance when empty)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise unknown_name(f"column of {self.name}", name, self.column_names)


def _parse_columns(text: str, origin: str) -> list[Column]:
    cols = []
    for row in csv.DictReader(text.splitlines()):
        typ = row["type"].strip()
        if typ not in TYPES:  # a bug in a bundled schema, not user input
            raise RuntimeError(f"{origin}: column {row['column']} has unknown type {typ!r}")
        cols.append(
            Column(
                name=row["column"].strip(),
                type=typ,
                unit=row["unit"].strip(),
                required=row["required"].strip().lower() == "yes",
                min=float(row["min"]) if row["min"].strip() else None,
                max=float(row["max"]) if row["max"].strip() else None,
                allowed=tuple(a.strip() for a in row["allowed"].split("|") if a.strip()),
                description=row["description"].strip(),
            )
        )
    return cols


@cache
def _registry() -> dict[str, dict]:
    text = resources.files(__package__).joinpath("datasets.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _provenance_columns() -> tuple[Column, ...]:
    text = resources.files(__package__).joinpath("schema", "_provenance.csv").read_text(encoding="utf-8")
    return tuple(_parse_columns(text, "schema/_provenance.csv"))


def dataset_names() -> list[str]:
    """Names of every dataset in the catalog, in registry order."""
    return list(_registry())


@cache
def get_schema(name: str) -> DatasetSchema:
    """The schema of dataset ``name`` (raises UnknownNameError with a did-you-mean)."""
    reg = _registry()
    if name not in reg:
        raise unknown_name("dataset", name, reg, field="dataset")
    meta = reg[name]
    text = resources.files(__package__).joinpath("schema", f"{name}.csv").read_text(encoding="utf-8")
    cols = _parse_columns(text, f"schema/{name}.csv") + list(_provenance_columns())
    return DatasetSchema(
        name=name,
        title=meta["title"],
        description=meta.get("description", ""),
        key=tuple(meta["key"]),
        columns=tuple(cols),
        names=meta.get("names"),
        references=dict(meta.get("references", {})),
        together=tuple(tuple(g) for g in meta.get("together", [])),
        display=tuple(meta.get("display", [])),
    )
