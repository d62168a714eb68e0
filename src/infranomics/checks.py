"""Range checks for user inputs: they raise :class:`~infranomics.errors.InputError` with the
field name, the bad value and the allowed range, never ``assert``.

All checks accept scalars or numpy arrays (every element is checked).
"""

from __future__ import annotations

import numpy as np

from .errors import InputError

__all__ = ["check_fraction", "check_in", "check_nonnegative", "check_positive", "check_range"]


def _fmt(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        v = arr.item()
        return f"{v:g}" if isinstance(v, float) else str(v)
    return f"array with values in [{np.nanmin(arr):g}, {np.nanmax(arr):g}]"


def _bad(arr: np.ndarray, ok: np.ndarray):
    """Return the first offending value of ``arr`` (a scalar) for the message."""
    bad = arr[~ok] if arr.ndim else arr
    return bad.flat[0] if bad.size else arr


def _as_array(value, name: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}", field=name) from None
    if np.isnan(arr).any():
        raise InputError(f"{name} must be a number, got NaN", field=name)
    return arr


def check_positive(value, name: str, *, unit: str = "") -> np.ndarray:
    """Require ``value > 0`` (finite)."""
    arr = _as_array(value, name)
    ok = np.isfinite(arr) & (arr > 0)
    if not ok.all():
        u = f" {unit}" if unit else ""
        raise InputError(f"{name} must be > 0{u}, got {_fmt(_bad(arr, ok))}", field=name)
    return arr


def check_nonnegative(value, name: str, *, unit: str = "") -> np.ndarray:
    """Require ``value >= 0`` (finite)."""
    arr = _as_array(value, name)
    ok = np.isfinite(arr) & (arr >= 0)
    if not ok.all():
        u = f" {unit}" if unit else ""
        raise InputError(f"{name} must be >= 0{u}, got {_fmt(_bad(arr, ok))}", field=name)
    return arr


def check_range(value, name: str, lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False,
                unit: str = "") -> np.ndarray:
    """Require ``lo <= value <= hi`` (open ends when asked)."""
    arr = _as_array(value, name)
    ok = (arr > lo if lo_open else arr >= lo) & (arr < hi if hi_open else arr <= hi)
    if not ok.all():
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        u = f" {unit}" if unit else ""
        raise InputError(f"{name} must be in {left}{lo:g}, {hi:g}{right}{u}, got {_fmt(_bad(arr, ok))}", field=name)
    return arr


def check_fraction(value, name: str, *, allow_zero: bool = True, allow_one: bool = True) -> np.ndarray:
    """Require a fraction in [0, 1] (ends optionally open). Values like 60 get "did you mean 0.60?".

    Fractions are fractions: utilisation 0.6, not 60 (DESIGN.md §3).
    """
    arr = _as_array(value, name)
    ok = (arr >= 0 if allow_zero else arr > 0) & (arr <= 1 if allow_one else arr < 1)
    if not ok.all():
        bad = float(_bad(arr, ok))
        left = "[" if allow_zero else "("
        right = "]" if allow_one else ")"
        hint = ""
        if 1 < bad <= 100:
            hint = f" — did you mean {bad / 100:.2f}?"
        raise InputError(f"{name} must be in {left}0, 1{right}, got {bad:g}{hint}", field=name)
    return arr


def check_in(value: str, name: str, choices) -> str:
    """Require ``value`` to be one of ``choices`` (case-insensitive); return the canonical spelling."""
    from .errors import unknown_name

    for c in choices:
        if str(value).lower() == str(c).lower():
            return c
    raise unknown_name(name, value, choices, field=name)
