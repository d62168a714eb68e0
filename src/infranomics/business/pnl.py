"""The common ledger every business model fills: a per-period P&L and cash-flow table that
reconciles by construction, a debt schedule, and the summary metrics.

Columns of the table (money in USD of the model's currency year, per period):

``revenue``; cost-of-revenue lines ``cor_<name>``; ``depreciation_in_cor`` (the share of
depreciation a firm books in cost of revenue); ``cost_of_revenue``; ``gross_profit``;
operating-expense lines ``opex_<name>``; ``opex``; ``ebitda``; ``depreciation``; ``ebit``;
``interest``; ``pretax_income``; ``tax``; ``net_income``; ``capex``; ``working_capital_change``;
``operating_cash_flow``; ``free_cash_flow`` (after interest, before debt principal);
``debt_drawn``; ``debt_repaid``; ``debt_balance``; ``equity_raised``; ``cash_balance``.

Identities that hold in every period (tests check them):
revenue − cost_of_revenue = gross_profit; gross_profit + depreciation_in_cor − opex = ebitda;
ebitda − depreciation = ebit; ebit − interest = pretax_income; pretax_income − tax = net_income;
operating_cash_flow = net_income + depreciation − working_capital_change;
free_cash_flow = operating_cash_flow − capex;
Δcash = free_cash_flow + debt_drawn − debt_repaid + equity_raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..checks import check_fraction
from ..cost.finance import crf, irr, npv, payback_years
from ..errors import InputError
from .metrics import dscr, margin

__all__ = ["DebtSchedule", "build_pnl", "debt_schedule", "summarize"]


def _arr(x, n: int, name: str) -> np.ndarray:
    a = np.broadcast_to(np.asarray(x, dtype=float), (n,)).astype(float)
    if not np.isfinite(a).all():
        raise InputError(f"{name} has non-finite values", field=name)
    return a


class DebtSchedule(dict):
    """Arrays ``interest``, ``repaid``, ``balance`` (end of period) of a set of amortising draws."""


def debt_schedule(draws, rate_per_period: float, amort_periods: int, grace_periods: int = 0) -> DebtSchedule:
    """Interest, principal repaid and closing balance of loans drawn per period.

    Each draw pays interest only for ``grace_periods`` and then level (annuity) payments over
    ``amort_periods``. Interest in a period is on the opening balance.

    Parameters
    ----------
    draws : array
        Amount drawn at the start of each period. [currency]
    rate_per_period : float
        Interest rate per period. [fraction/period]
    amort_periods : int
        Periods over which each draw is repaid after its grace. [periods]
    grace_periods : int
        Interest-only periods before amortisation starts. [periods]
    """
    d = np.asarray(draws, dtype=float)
    n = d.size
    if amort_periods < 1:
        raise InputError(f"debt amortisation must be >= 1 period, got {amort_periods}", field="debt_term")
    interest = np.zeros(n)
    repaid = np.zeros(n)
    for t0 in np.flatnonzero(d > 0):
        bal = d[t0]
        pay = bal * float(crf(rate_per_period, amort_periods))
        for k, t in enumerate(range(t0, n)):
            i = bal * rate_per_period
            interest[t] += i
            if k >= grace_periods and bal > 0:
                principal = min(pay - i, bal)
                repaid[t] += principal
                bal -= principal
    balance = np.cumsum(d - repaid)
    return DebtSchedule(interest=interest, repaid=repaid, balance=np.maximum(balance, 0.0))


def _tax(pretax: np.ndarray, rate: float) -> np.ndarray:
    """Tax with losses carried forward (no carry-back)."""
    tax = np.zeros_like(pretax)
    loss = 0.0
    for t, p in enumerate(pretax):
        if p < 0:
            loss += -p
            continue
        used = min(loss, p)
        loss -= used
        tax[t] = (p - used) * rate
    return tax


def build_pnl(
    periods: Sequence,
    *,
    revenue,
    cost_of_revenue: Mapping[str, object],
    opex: Mapping[str, object] | None = None,
    depreciation=0.0,
    depreciation_in_cor_share: float = 0.0,
    capex=0.0,
    debt_drawn=0.0,
    interest=0.0,
    debt_repaid=0.0,
    equity_raised=0.0,
    working_capital_change=0.0,
    tax_rate: float = 0.21,
    opening_cash: float = 0.0,
) -> pd.DataFrame:
    """Assemble the per-period P&L and cash-flow table (see module docstring for columns).

    All money arguments are scalars or arrays with one value per period. [currency/period]
    """
    n = len(periods)
    if n == 0:
        raise InputError("a P&L needs at least one period", field="periods")
    check_fraction(depreciation_in_cor_share, "depreciation_in_cor_share")
    check_fraction(tax_rate, "tax_rate")
    rev = _arr(revenue, n, "revenue")
    cor = {f"cor_{k}": _arr(v, n, k) for k, v in cost_of_revenue.items()}
    ox = {f"opex_{k}": _arr(v, n, k) for k, v in (opex or {}).items()}
    dep = _arr(depreciation, n, "depreciation")
    dep_cor = dep * depreciation_in_cor_share
    cor_total = sum(cor.values(), np.zeros(n)) + dep_cor
    gp = rev - cor_total
    opex_total = sum(ox.values(), np.zeros(n))
    ebitda = gp + dep_cor - opex_total
    ebit = ebitda - dep
    intr = _arr(interest, n, "interest")
    pretax = ebit - intr
    tax = _tax(pretax, tax_rate)
    ni = pretax - tax
    wc = _arr(working_capital_change, n, "working_capital_change")
    cfo = ni + dep - wc
    cap = _arr(capex, n, "capex")
    fcf = cfo - cap
    drawn = _arr(debt_drawn, n, "debt_drawn")
    repaid = _arr(debt_repaid, n, "debt_repaid")
    eq = _arr(equity_raised, n, "equity_raised")
    cash = opening_cash + np.cumsum(fcf + drawn - repaid + eq)
    cols = {"period": list(periods), "revenue": rev, **cor, "depreciation_in_cor": dep_cor,
            "cost_of_revenue": cor_total, "gross_profit": gp, **ox, "opex": opex_total, "ebitda": ebitda,
            "depreciation": dep, "ebit": ebit, "interest": intr, "pretax_income": pretax, "tax": tax,
            "net_income": ni, "capex": cap, "working_capital_change": wc, "operating_cash_flow": cfo,
            "free_cash_flow": fcf, "debt_drawn": drawn, "debt_repaid": repaid,
            "debt_balance": np.cumsum(drawn - repaid), "equity_raised": eq, "cash_balance": cash}
    df = pd.DataFrame(cols)
    df.attrs["opening_cash"] = opening_cash
    df.attrs["tax_rate"] = tax_rate
    return df


def summarize(df: pd.DataFrame, *, periods_per_year: float, discount_rate: float = 0.10) -> dict:
    """Summary metrics of a P&L table.

    Margins are totals over all periods (revenue-weighted). NPV and IRR use the unlevered free
    cash flow (EBITDA − tax on EBIT − capex − working-capital change) at ``discount_rate``
    per year; IRR is annualised; payback in years from the first period. DSCR is the lowest
    ratio of (EBITDA − tax) to debt service over periods with debt service.
    """
    rev = df["revenue"].sum()
    dep_total = df["depreciation"].sum()
    out = {
        "revenue": float(rev),
        "gross_profit": float(df["gross_profit"].sum()),
        "gross_margin": float(margin(df["gross_profit"].sum(), rev)),
        "gross_margin_incl_all_depreciation": float(margin(
            df["gross_profit"].sum() - (dep_total - df["depreciation_in_cor"].sum()), rev)),
        "ebitda_margin": float(margin(df["ebitda"].sum(), rev)),
        "operating_margin": float(margin(df["ebit"].sum(), rev)),
        "net_margin": float(margin(df["net_income"].sum(), rev)),
        "net_income": float(df["net_income"].sum()),
    }
    rate = df.attrs.get("tax_rate", 0.21)
    unlevered = (df["ebitda"] - np.maximum(df["ebit"], 0) * rate - df["capex"] - df["working_capital_change"]).to_numpy()
    r_p = (1 + discount_rate) ** (1 / periods_per_year) - 1
    out["npv"] = float(npv(r_p, unlevered))
    i = irr(unlevered)
    out["irr"] = None if np.isnan(i) else float((1 + i) ** periods_per_year - 1)
    pb = payback_years(unlevered, periods_per_year=periods_per_year)
    out["payback_years"] = None if np.isnan(pb) else float(pb)
    service = (df["interest"] + df["debt_repaid"]).to_numpy()
    cfads = (df["ebitda"] - df["tax"]).to_numpy()
    has = service > 0
    out["min_dscr"] = float(np.min(dscr(cfads[has], service[has]))) if has.any() else None
    out["lowest_cash"] = float(df["cash_balance"].min())
    before_financing = df.attrs.get("opening_cash", 0.0) + df["free_cash_flow"].cumsum()
    out["peak_funding_need"] = float(max(0.0, -before_financing.min()))
    out["discount_rate"] = discount_rate
    return out
