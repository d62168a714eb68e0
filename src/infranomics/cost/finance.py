"""Finance kernels shared by cost, business and market: capital recovery, WACC, depreciation,
NPV/IRR and payback. Pure functions; every one broadcasts over numpy arrays.

NPV and IRR come from ``numpy-financial``; the rest are closed forms written out here
because no maintained library offers them in vectorised form.
"""

from __future__ import annotations

import numpy as np
import numpy_financial as npf

from ..checks import check_fraction, check_positive, check_range
from ..errors import InputError

__all__ = [
    "crf",
    "crf_from_discount",
    "crf_unchecked",
    "declining_balance",
    "irr",
    "npv",
    "payback_years",
    "present_value_factor",
    "straight_line",
    "wacc",
]


def _out(x):
    x = np.asarray(x, dtype=float)
    return x.item() if x.ndim == 0 else x


def crf(rate, years, *, validate: bool = True):
    """Capital recovery factor: the level annual payment per unit of capital. [1/year]

    ``crf = r / (1 - (1 + r)**-n)``, and ``1/n`` when ``r = 0``.

    Parameters
    ----------
    rate : numeric
        Discount rate per year (e.g. WACC), > -1. [fraction/year]
    years : numeric
        Life over which the capital is recovered, > 0. [years]
    validate : bool
        Check the inputs (default). ``False`` skips the range checks and the conversion of the
        result to a Python float, for callers that validated their inputs once and call this
        in an inner loop (the market simulator); the formula is the same.

    Examples
    --------
    >>> round(crf(0.0, 5), 6)
    0.2
    >>> round(crf(0.10, 5), 6)
    0.263797
    """
    if validate:
        r = check_range(rate, "rate", -1, 10, lo_open=True)
        n = check_positive(years, "years", unit="years")
        r, n = np.broadcast_arrays(r, n)
    else:
        r, n = np.asarray(rate, dtype=float), years
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(np.abs(r) < 1e-12, 1.0 / n, crf_unchecked(r, n))
    return _out(out) if validate else out


def crf_unchecked(rate, years):
    """:func:`crf` without input checks, for ``rate != 0`` (at 0 use :func:`crf`). [1/year]

    Plain arithmetic on numbers or arrays — the one place the formula is written; callers that
    validated their inputs once (the market simulator's inner loop) use it directly.
    """
    return crf_from_discount(rate, (1.0 + rate) ** (-years))


def crf_from_discount(rate, discount):
    """Capital recovery factor from the rate and the discount factor ``(1 + r)^-n`` over the life. [1/year]

    ``r / (1 - (1 + r)^-n)`` for ``rate != 0``; lets a caller that needs the discount factor
    anyway (a residual value's present value) compute the power once.
    """
    return rate / (1.0 - discount)


def present_value_factor(rate, years):
    """Present value of 1 per year for ``years`` years (the inverse of :func:`crf`). [years]"""
    return _out(1.0 / np.asarray(crf(rate, years)))


def wacc(equity_share, cost_of_equity, cost_of_debt, tax_rate=0.0):
    """Weighted average cost of capital, after tax on debt. [fraction/year]

    ``wacc = E·re + (1 − E)·rd·(1 − t)``.

    Parameters
    ----------
    equity_share : numeric
        Equity / (equity + debt). [fraction]
    cost_of_equity, cost_of_debt : numeric
        Required returns. [fraction/year]
    tax_rate : numeric
        Corporate tax rate that shields interest. [fraction]
    """
    e = check_fraction(equity_share, "equity_share")
    re = check_range(cost_of_equity, "cost_of_equity", -0.5, 2)
    rd = check_range(cost_of_debt, "cost_of_debt", -0.5, 2)
    t = check_fraction(tax_rate, "tax_rate")
    return _out(e * re + (1 - e) * rd * (1 - t))


def straight_line(cost, life_years, periods, residual=0.0, periods_per_year=1):
    """Straight-line depreciation charge per period. [currency/period]

    Returns an array of shape ``(..., periods)``; the charge stops once the asset reaches
    its residual value (after ``life_years``).

    Parameters
    ----------
    cost : numeric
        Depreciable asset cost. [currency]
    life_years : numeric
        Accounting life. [years]
    periods : int
        Number of periods to return.
    residual : numeric
        Residual value at end of life as a fraction of cost. [fraction]
    periods_per_year : int
        1 for years, 4 for quarters, 12 for months.
    """
    c = np.asarray(cost, dtype=float)[..., None]
    life = check_positive(life_years, "life_years", unit="years")[..., None] * periods_per_year
    res = check_fraction(residual, "residual")[..., None]
    t = np.arange(int(periods), dtype=float)
    per = c * (1 - res) / life
    # fraction of each period that falls inside the life
    inside = np.clip(life - t, 0.0, 1.0)
    return per * inside


def declining_balance(cost, life_years, periods, factor=2.0, residual=0.0, periods_per_year=1):
    """Declining-balance depreciation with a switch to straight line when that is larger. [currency/period]

    Rate per period is ``factor / (life·periods_per_year)`` (factor 2 = double-declining).
    The book value never falls below ``residual·cost`` and is fully depreciated by end of life.
    """
    c = float(cost) if np.ndim(cost) == 0 else None
    if c is None:
        return np.stack([declining_balance(x, life_years, periods, factor, residual, periods_per_year)
                         for x in np.asarray(cost, dtype=float).ravel()]).reshape((*np.shape(cost), int(periods)))
    life = float(check_positive(life_years, "life_years", unit="years")) * periods_per_year
    check_positive(factor, "factor")
    floor = c * float(check_fraction(residual, "residual"))
    rate = factor / life
    book = c
    out = np.zeros(int(periods))
    for t in range(int(periods)):
        remaining = max(life - t, 0.0)
        if remaining <= 0 or book <= floor:
            break
        sl = (book - floor) / max(remaining, 1.0)
        charge = min(max(book * rate, sl), book - floor)
        out[t] = charge
        book -= charge
    return out


def npv(rate, cashflows):
    """Net present value of ``cashflows`` (first at t = 0) at ``rate`` per period. [currency]"""
    r = check_range(rate, "rate", -1, 10, lo_open=True)
    cf = np.asarray(cashflows, dtype=float)
    if cf.ndim == 1:
        return float(npf.npv(float(r), cf))
    t = np.arange(cf.shape[-1])
    return _out((cf / (1.0 + np.asarray(r)[..., None]) ** t).sum(axis=-1))


def irr(cashflows):
    """Internal rate of return per period; NaN when the flows have no sign change. [fraction/period]"""
    cf = np.asarray(cashflows, dtype=float)
    if cf.ndim > 1:
        return np.array([irr(row) for row in cf.reshape(-1, cf.shape[-1])]).reshape(cf.shape[:-1])
    if not ((cf > 0).any() and (cf < 0).any()):
        return float("nan")
    return float(npf.irr(cf))


def payback_years(cashflows, periods_per_year=1):
    """Time until cumulative cash flow turns non-negative, interpolated within the period. [years]

    NaN when it never does.
    """
    cf = np.asarray(cashflows, dtype=float)
    if cf.ndim != 1:
        raise InputError("payback_years takes a 1-D series of cash flows", field="cashflows")
    cum = np.cumsum(cf)
    idx = np.flatnonzero(cum >= 0)
    if idx.size == 0:
        return float("nan")
    i = int(idx[0])
    if i == 0:
        return 0.0
    frac = -cum[i - 1] / cf[i] if cf[i] != 0 else 0.0
    return (i - 1 + frac) / periods_per_year
