"""JSON-ready conversion of numpy/pandas/date values, shared by every interface and result object."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["jsonable", "records"]


def jsonable(obj):
    """Turn numpy/pandas/date values into plain JSON types (NaN → null)."""
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return records(obj)
    if isinstance(obj, pd.Series):
        return jsonable(obj.to_dict())
    if isinstance(obj, (list, tuple, set)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [jsonable(v) for v in obj.tolist()]
    if obj is pd.NaT or obj is pd.NA or obj is None:
        return None
    if isinstance(obj, pd.Timestamp):
        return obj.date().isoformat() if obj == obj.normalize() else obj.isoformat()
    if isinstance(obj, dt.datetime):
        return obj.isoformat()
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def records(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as JSON-ready dicts (dates as YYYY-MM-DD, missing values as null)."""
    out = []
    for rec in df.to_dict(orient="records"):
        out.append({k: jsonable(v) for k, v in rec.items()})
    return out
