"""Row filters over a dataset, ``COLUMN OP VALUE`` — shared by ``infranomics data show --where`` and
``GET /api/v1/catalog/{name}?where=``.

Operators: ``=`` ``!=`` ``>`` ``>=`` ``<`` ``<=`` and ``~`` (contains, case-insensitive). Numbers and
dates compare as numbers and dates; text compares case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ..errors import InputError, did_you_mean
from .schema import get_schema

__all__ = ["apply_filters"]

_FILTER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|!=|=|>|<|~)\s*(.*)$")
_OPS = ("=", "!=", ">", ">=", "<", "<=")


def _compare(s: pd.Series, op: str, v) -> pd.Series:
    return {"=": s == v, "!=": s != v, ">": s > v, ">=": s >= v, "<": s < v, "<=": s <= v}[op]


def apply_filters(df: pd.DataFrame, dataset: str, filters: Sequence[str], *, field: str = "where",
                  indexed: bool = True) -> pd.DataFrame:
    """Rows of ``df`` (a frame of ``dataset``) matching every filter.

    A malformed filter, an unknown column (with did-you-mean) or a value of the wrong kind raises
    :class:`InputError` whose field is ``"{field}.{i}"`` (the i-th filter), or ``field`` when not ``indexed``.
    """
    schema = get_schema(dataset)
    for i, f in enumerate(filters):
        name = f"{field}.{i}" if indexed else field
        m = _FILTER.match(f)
        if not m:
            raise InputError(f"{name}: '{f}' is not of the form COLUMN=VALUE (operators: = != > >= < <= ~)",
                             field=name)
        col, op, value = m.group(1), m.group(2), m.group(3).strip()
        if col not in schema.column_names:
            raise InputError(f"{name}: unknown column of {dataset} '{col}'{did_you_mean(col, schema.column_names)}",
                             field=name)
        typ = schema.column(col).type
        s = df[col]
        if op == "~":
            mask = s.astype("string").str.contains(value, case=False, regex=False)
        elif typ in ("float", "int", "date"):
            try:
                v = float(value) if typ != "date" else pd.Timestamp(value)
            except (ValueError, TypeError):
                kind = "a number" if typ != "date" else "a date (YYYY-MM-DD)"
                raise InputError(f"{name}: '{value}' is not {kind}", field=name) from None
            mask = _compare(s, op, v)
        else:
            mask = _compare(s.astype("string").str.lower(), op, value.lower())
        df = df[pd.Series(mask, index=df.index).fillna(False).astype(bool)]
    return df
