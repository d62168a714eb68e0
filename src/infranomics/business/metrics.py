"""Derived business metrics, defined once and reused by the P&L models, the market simulator,
the CLI, the HTTP API and reports. Pure functions; every one broadcasts over numpy arrays.

Margins are fractions of revenue; where revenue is zero the margin is NaN (undefined), not 0.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "cost_profit_margin",
    "dscr",
    "interest_coverage",
    "margin",
    "net_debt_to_ebitda",
]


def _out(x):
    x = np.asarray(x, dtype=float)
    return x.item() if x.ndim == 0 else x


def _safe_div(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _out(np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan))


def margin(profit, revenue):
    """Profit as a share of revenue (gross, EBITDA, operating or net margin). [fraction]"""
    return _safe_div(profit, revenue)


def cost_profit_margin(revenue, cost):
    """(revenue − cost) / cost — the "cost-profit margin" DeepSeek reported (545%). [fraction]"""
    return _safe_div(np.asarray(revenue, dtype=float) - np.asarray(cost, dtype=float), cost)


def dscr(cash_flow_available, debt_service):
    """Debt-service coverage ratio: cash flow available for debt service ÷ (interest + principal). [-]

    Lenders commonly require >= 1.2–1.3; below 1 the borrower cannot pay from operations.
    Infinite when there is no debt service.
    """
    cf = np.asarray(cash_flow_available, dtype=float)
    ds = np.asarray(debt_service, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _out(np.where(ds > 0, cf / np.where(ds > 0, ds, 1.0), np.inf))


def interest_coverage(ebit, interest):
    """EBIT ÷ interest expense (infinite with no interest). [-]"""
    e = np.asarray(ebit, dtype=float)
    i = np.asarray(interest, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _out(np.where(i > 0, e / np.where(i > 0, i, 1.0), np.inf))


def net_debt_to_ebitda(debt, cash, ebitda):
    """(debt − cash) ÷ EBITDA; NaN when EBITDA <= 0. [-]"""
    nd = np.asarray(debt, dtype=float) - np.asarray(cash, dtype=float)
    e = np.asarray(ebitda, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _out(np.where(e > 0, nd / np.where(e > 0, e, 1.0), np.nan))
