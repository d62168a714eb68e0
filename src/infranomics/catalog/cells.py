"""Reading optional cells of a loaded dataset row: missing values (None, NaN, pd.NA, NaT) become ``None``."""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["opt_float", "opt_int", "opt_value"]


def opt_value(v):
    """The cell's value, or ``None`` when it is missing."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def opt_float(v) -> float | None:
    """The cell as a float, or ``None`` when missing or not numeric."""
    v = opt_value(v)
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def opt_int(v) -> int | None:
    """The cell as an int, or ``None`` when missing or not numeric."""
    f = opt_float(v)
    return None if f is None else int(f)
