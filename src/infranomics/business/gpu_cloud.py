"""GPU cloud / neocloud rental: a fleet of accelerator vintages rented out on contracts and on demand.

What drives a GPU cloud's margin (tco.md §1–2): rental prices that fall each year by chip
generation; the mix of long-term take-or-pay contracts (price fixed at signing, billed whether
used or not, often part-prepaid) and on-demand capacity (price follows the market, billed only
when used); months of idle, delivered capacity before billing starts (Oracle's Blackwell ramp);
depreciation over an accounting life (CoreWeave 6 years) that may outlast the economic life;
where depreciation sits in the P&L; and interest on GPU-backed debt (~10%, CoreWeave).

Each :class:`Tranche` is one vintage: accelerators delivered in a month, with their own
capex (from :mod:`infranomics.cost` by default), contract share, price and ramp.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..catalog import Catalog, default_catalog
from ..checks import check_fraction, check_in, check_nonnegative, check_positive, check_range
from ..cost import chain as cost_chain
from ..errors import InputError
from ..hardware import get_accelerator, median_rental_usd
from ..units import convert
from .common import month_labels
from .pnl import build_pnl, debt_schedule, summarize
from .result import SUMMARY_MONEY, BusinessResult

__all__ = ["Tranche", "gpu_cloud", "rental_price_path"]

HOURS_PER_MONTH = 730.0


@dataclass(frozen=True)
class Tranche:
    """One vintage of accelerators.

    Attributes (units in brackets): ``gpu`` name; ``count`` [GPU]; ``delivery_month`` months after
    the model start [month]; ``capex_usd_per_gpu`` all-in [USD] (None → cost model);
    ``contract_share`` under take-or-pay [fraction]; ``contract_price`` [USD/GPU-h] (None → the
    market price at delivery); ``contract_months`` [month]; ``ramp_months`` delivered but not yet
    billing [month]; ``prepaid_share`` of contract value paid at signing [fraction].
    """

    gpu: str
    count: float
    delivery_month: int = 0
    capex_usd_per_gpu: float | None = None
    contract_share: float = 0.7
    contract_price: float | None = None
    contract_months: int = 48
    ramp_months: int = 2
    prepaid_share: float = 0.0

    def __post_init__(self) -> None:
        check_positive(self.count, "count", unit="GPU")
        if self.delivery_month < 0:
            raise InputError(f"delivery_month must be >= 0, got {self.delivery_month}", field="delivery_month")
        check_fraction(self.contract_share, "contract_share")
        check_fraction(self.prepaid_share, "prepaid_share")
        if self.contract_price is not None:
            check_positive(self.contract_price, "contract_price", unit="USD/GPU-h")
        if self.capex_usd_per_gpu is not None:
            check_positive(self.capex_usd_per_gpu, "capex_usd_per_gpu", unit="USD")
        check_range(self.contract_months, "contract_months", 1, 240)
        check_range(self.ramp_months, "ramp_months", 0, 36)


def rental_price_path(p0: float, change_per_year: float, months: int, start_month: int = 0):
    """Market rental price by month: ``p0·(1 + change)^(years since start)``. [USD/GPU-h]"""
    check_range(change_per_year, "price_change_per_year", -0.95, 2.0)
    t = (np.arange(months) - start_month) / 12.0
    return p0 * (1.0 + change_per_year) ** np.maximum(t, 0.0)


def gpu_cloud(
    *,
    tranches: list[Tranche],
    months: int = 72,
    start: str = "2025-01",
    periods: str = "quarter",
    market_price: dict[str, float] | None = None,
    price_change_per_year: float = -0.20,
    on_demand_utilization: float = 0.6,
    economic_life_years: float = 5.0,
    accounting_life_years: float = 6.0,
    residual_frac: float = 0.0,
    depreciation_in_cor_share: float = 0.0,
    debt_share: float = 0.6,
    debt_rate: float = 0.10,
    debt_years: float = 5.0,
    debt_grace_years: float = 0.0,
    hardware_opex_in_cor: bool = True,
    sga_share_of_revenue: float = 0.10,
    stock_comp_share_of_revenue: float = 0.0,
    tax_rate: float = 0.21,
    discount_rate: float = 0.10,
    currency: str = "USD",
    currency_year: int | None = None,
    catalog: Catalog | None = None,
) -> BusinessResult:
    """P&L of a GPU rental business.

    Parameters (units in brackets)
    ------------------------------
    tranches : the fleet by vintage (see :class:`Tranche`).
    months : horizon [month]; ``periods``: "month", "quarter" or "year" for the output table.
    market_price : on-demand price at the model start by accelerator [USD/GPU-h] (default: catalog median).
    price_change_per_year : drift of market rental prices [fraction/year] (RBC 2025 YTD: H100 −22%, H200 −29%).
    on_demand_utilization : billed share of non-contracted hours [fraction].
    economic_life_years : accelerators retire after this [years]; remaining book value is written off.
    accounting_life_years : straight-line book life [years] (CoreWeave 6, Nebius 4).
    residual_frac : book residual [fraction of capex].
    depreciation_in_cor_share : share of depreciation booked in cost of revenue [fraction]
        (CoreWeave books it outside, 0; a fully loaded gross margin uses 1).
    debt_share, debt_rate, debt_years : GPU-backed debt [fraction of capex], [fraction/year], [years].
    debt_grace_years : interest-only years before amortisation (delayed-draw term loans) [years].
    hardware_opex_in_cor : book hardware maintenance/insurance/staff in cost of revenue (True) or in
        operating expenses (False; CoreWeave's cost of revenue is power, rent and data-centre costs).
    sga_share_of_revenue, stock_comp_share_of_revenue : operating costs [fraction of revenue]; stock
        compensation is excluded from adjusted EBITDA.
    currency : currency of the table and summary (USD, CNY or EUR of ``currency_year``, at that year's
        average rate); money inputs stay in USD, and summary fields with ``usd`` in their name keep their
        USD value beside a converted copy.
    """
    cat = catalog or default_catalog()
    cur = check_in(currency, "currency", ("USD", "CNY", "EUR"))
    if not tranches:
        raise InputError("a GPU cloud needs at least one tranche of accelerators", field="tranches")
    if not 1 <= int(months) <= 240:
        raise InputError(f"months must be in [1, 240], got {months}", field="months")
    per = {"month": 1, "quarter": 3, "year": 12}
    if periods not in per:
        raise InputError(f"periods must be one of month, quarter, year; got '{periods}'", field="periods")
    check_fraction(on_demand_utilization, "on_demand_utilization")
    check_range(economic_life_years, "economic_life_years", 0.5, 20, unit="years")
    check_range(accounting_life_years, "accounting_life_years", 0.5, 20, unit="years")
    for n, v in (("residual_frac", residual_frac), ("depreciation_in_cor_share", depreciation_in_cor_share),
                 ("debt_share", debt_share), ("sga_share_of_revenue", sga_share_of_revenue),
                 ("stock_comp_share_of_revenue", stock_comp_share_of_revenue), ("tax_rate", tax_rate)):
        check_fraction(v, n)
    check_nonnegative(debt_rate, "debt_rate")
    check_range(debt_years, "debt_years", 0, 30, lo_open=True, unit="years")
    check_range(debt_grace_years, "debt_grace_years", 0, 10, unit="years")
    year = int(currency_year) if currency_year is not None else cost_chain.default_currency_year(cat)
    n = int(months)
    t = np.arange(n)
    market_price = dict(market_price or {})

    revenue = np.zeros(n)
    rev_contract = np.zeros(n)
    rev_on_demand = np.zeros(n)
    cash_cor = {"power": np.zeros(n), "facility": np.zeros(n), "hardware_opex": np.zeros(n)}
    depreciation = np.zeros(n)
    writeoff = np.zeros(n)
    capex = np.zeros(n)
    prepay = np.zeros(n)
    installed = np.zeros(n)
    billed_hours = np.zeros(n)
    tranche_rows = []
    for tr in tranches:
        acc = get_accelerator(tr.gpu, cat)
        tr = replace(tr, gpu=acc.name)
        if acc.name not in market_price:
            market_price[acc.name] = median_rental_usd(acc.name, cat).usd_per_gpu_hour
        p_market = rental_price_path(market_price[acc.name], price_change_per_year, n)
        cost = cost_chain.estimate(acc, utilization=max(on_demand_utilization, tr.contract_share, 0.05),
                                   life_years=economic_life_years, currency_year=year,
                                   capex_usd=tr.capex_usd_per_gpu, catalog=cat)
        gh = cost.gpu_hour
        inst = gh.installed_hour()
        per_gpu_capex = gh.capex.total * (1 + gh.opex.spares_frac)
        d0 = tr.delivery_month
        life_m = round(economic_life_years * 12)
        alive = (t >= d0) & (t < d0 + life_m)
        billing = alive & (t >= d0 + tr.ramp_months)
        if d0 < n:
            capex[d0] += per_gpu_capex * tr.count
        c_price = tr.contract_price if tr.contract_price is not None else float(p_market[min(d0, n - 1)])
        in_contract = billing & (t < d0 + tr.ramp_months + tr.contract_months)
        r_c = np.where(in_contract, tr.count * tr.contract_share * c_price * HOURS_PER_MONTH, 0.0)
        od_share = np.where(in_contract, 1 - tr.contract_share, 1.0)
        r_od = np.where(billing, tr.count * od_share * on_demand_utilization * p_market * HOURS_PER_MONTH, 0.0)
        busy_share = np.where(in_contract, tr.contract_share, 0.0) + od_share * on_demand_utilization
        util = np.where(billing, busy_share, 0.0)
        # power varies with how busy the GPUs are; facility and hardware opex are per installed hour
        p = gh.power
        kwh_cost = p.it_kw * gh.facility.pue * p.price_kwh
        energy = kwh_cost * (p.idle_draw_frac + (p.busy_draw_frac - p.idle_draw_frac) * util)
        cash_cor["power"] += np.where(alive, tr.count * energy * HOURS_PER_MONTH, 0.0)
        cash_cor["facility"] += np.where(alive, tr.count * inst["facility"] * HOURS_PER_MONTH, 0.0)
        cash_cor["hardware_opex"] += np.where(alive, tr.count * inst["opex"] * HOURS_PER_MONTH, 0.0)
        dep_m = per_gpu_capex * tr.count * (1 - residual_frac) / (accounting_life_years * 12)
        book_months = round(accounting_life_years * 12)
        dep_alive = (t >= d0) & (t < d0 + min(book_months, life_m))
        depreciation += np.where(dep_alive, dep_m, 0.0)
        if book_months > life_m and d0 + life_m < n:
            writeoff[d0 + life_m] += dep_m * (book_months - life_m)
        contract_value = r_c.sum() if d0 + tr.ramp_months + tr.contract_months <= n else \
            tr.count * tr.contract_share * c_price * HOURS_PER_MONTH * tr.contract_months
        if d0 < n and tr.prepaid_share > 0:
            prepay[d0] += contract_value * tr.prepaid_share
        revenue += r_c + r_od
        rev_contract += r_c
        rev_on_demand += r_od
        installed += np.where(alive, tr.count, 0.0)
        billed_hours += (r_c / c_price if c_price > 0 else 0) + np.where(
            billing, tr.count * od_share * on_demand_utilization * HOURS_PER_MONTH, 0.0)
        # contract-life gross margin of this tranche's take-or-pay part (Oracle's "30–40% over the life")
        months_c = tr.contract_months
        life_cost = (kwh_cost * p.busy_draw_frac + inst["facility"] + inst["opex"]) * HOURS_PER_MONTH * months_c \
            + (tr.ramp_months * (kwh_cost * p.idle_draw_frac + inst["facility"] + inst["opex"]) * HOURS_PER_MONTH)
        life_dep = per_gpu_capex * (1 - residual_frac) / (accounting_life_years * 12) * min(
            months_c + tr.ramp_months, book_months)
        life_rev = c_price * HOURS_PER_MONTH * months_c
        tranche_rows.append({
            "gpu": acc.name, "count": tr.count, "delivery_month": d0, "capex_usd_per_gpu": per_gpu_capex,
            "contract_price_usd_per_gpu_hour": c_price, "contract_months": months_c, "ramp_months": tr.ramp_months,
            "contract_gross_margin_ex_depreciation": (life_rev - life_cost) / life_rev,
            "contract_gross_margin_incl_depreciation": (life_rev - life_cost - life_dep) / life_rev,
            "cash_cost_usd_per_gpu_hour": kwh_cost * p.busy_draw_frac + inst["facility"] + inst["opex"],
            "depreciation_usd_per_gpu_hour": per_gpu_capex * (1 - residual_frac) / (accounting_life_years * 8760),
        })

    deferred = _deferred_revenue(prepay, rev_contract)
    drawn = capex * debt_share
    sched = debt_schedule(drawn, debt_rate / 12, max(1, round(debt_years * 12)),
                          grace_periods=round(debt_grace_years * 12))
    equity = capex - drawn
    hw_opex = cash_cor.pop("hardware_opex")
    opex_lines = {"sga": revenue * sga_share_of_revenue, "stock_comp": revenue * stock_comp_share_of_revenue}
    if hardware_opex_in_cor:
        cash_cor["hardware_opex"] = hw_opex
    else:
        opex_lines["hardware_opex"] = hw_opex
    # aggregate to output periods
    k = per[periods]
    agg = lambda x: np.add.reduceat(np.asarray(x, dtype=float), np.arange(0, n, k))  # noqa: E731
    labels = month_labels(start, n)[::k]
    if periods != "month":
        labels = [_period_label(lab, periods) for lab in labels]
    df = build_pnl(labels, revenue=agg(revenue), cost_of_revenue={kk: agg(v) for kk, v in cash_cor.items()},
                   opex={kk: agg(v) for kk, v in opex_lines.items()},
                   depreciation=agg(depreciation + writeoff), depreciation_in_cor_share=depreciation_in_cor_share,
                   capex=agg(capex), debt_drawn=agg(drawn), interest=agg(sched["interest"]),
                   debt_repaid=agg(sched["repaid"]), equity_raised=agg(equity),
                   working_capital_change=-agg(deferred), tax_rate=tax_rate)
    df.insert(1, "installed_gpus", installed[::k])
    df.insert(2, "billed_gpu_hours", agg(billed_hours))
    df.insert(3, "utilization", agg(billed_hours) / np.maximum(agg(installed * HOURS_PER_MONTH), 1e-9))
    df.insert(4, "revenue_contract", agg(rev_contract))
    df.insert(5, "revenue_on_demand", agg(rev_on_demand))
    df.insert(6, "impairment", agg(writeoff))
    df["adjusted_ebitda"] = df["ebitda"] + df["opex_stock_comp"]
    summary = summarize(df, periods_per_year=12 / k, discount_rate=discount_rate)
    summary["adjusted_ebitda_margin"] = float(df["adjusted_ebitda"].sum() / df["revenue"].sum()) \
        if df["revenue"].sum() > 0 else None
    summary["interest_share_of_revenue"] = float(df["interest"].sum() / df["revenue"].sum()) \
        if df["revenue"].sum() > 0 else None
    summary["tranches"] = tranche_rows
    summary["total_capex"] = float(capex.sum())
    summary["market_price_usd_per_gpu_hour"] = market_price
    inputs = {"tranches": [t_.__dict__ for t_ in tranches], "months": n, "start": start, "periods": periods,
              "price_change_per_year": price_change_per_year, "on_demand_utilization": on_demand_utilization,
              "economic_life_years": economic_life_years, "accounting_life_years": accounting_life_years,
              "depreciation_in_cor_share": depreciation_in_cor_share, "debt_share": debt_share,
              "debt_rate": debt_rate, "debt_years": debt_years, "debt_grace_years": debt_grace_years,
              "hardware_opex_in_cor": hardware_opex_in_cor, "sga_share_of_revenue": sga_share_of_revenue,
              "stock_comp_share_of_revenue": stock_comp_share_of_revenue, "tax_rate": tax_rate}
    res = BusinessResult("gpu-cloud", df, summary, inputs, "USD", year)
    return res.expressed_in(cur, float(convert(1.0, "USD", cur, year, cat)),
                            non_money_columns=("installed_gpus", "billed_gpu_hours", "utilization"),
                            money_keys=(*SUMMARY_MONEY, "total_capex"))


def _deferred_revenue(prepay: np.ndarray, contract_revenue: np.ndarray) -> np.ndarray:
    """Change in deferred revenue: prepayments received less the prepaid share recognised (FIFO)."""
    change = prepay.copy()
    balance = 0.0
    for i in range(prepay.size):
        balance += prepay[i]
        used = min(balance, contract_revenue[i] * (1.0 if balance > 0 else 0.0))
        # recognise prepaid revenue no faster than contract revenue is earned
        change[i] -= used
        balance -= used
    return change


def _period_label(month: str, periods: str) -> str:
    y, m = month.split("-")
    return f"{y}-Q{(int(m) - 1) // 3 + 1}" if periods == "quarter" else y
