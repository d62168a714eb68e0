"""Intelligent computing centre (智算中心) build-and-operate: the operator's P&L.

A local government or state-owned owner pays for the centre; the operator earns a construction
(EPC) margin while building, an operations fee afterwards, and a share of revenue from selling
spare capacity (GPU rental or MaaS) — the third of the Chinese AI-infrastructure business models
in claims.md. Unit costs (accelerator capex, power, facility) come from :mod:`infranomics.cost`.
"""

from __future__ import annotations

import numpy as np

from ..catalog import Catalog, default_catalog
from ..checks import check_fraction, check_in, check_positive, check_range
from ..cost import chain as cost_chain
from ..errors import InputError
from ..hardware import median_rental_usd
from ..notes import Note
from ..units import HOURS_PER_YEAR, convert
from .pnl import build_pnl, summarize
from .result import SUMMARY_MONEY, BusinessResult

__all__ = ["compute_center"]


def compute_center(
    *,
    gpu: str = "Ascend-910B",
    gpus: int = 4096,
    capex_usd_per_gpu: float | None = None,
    build_years: int = 1,
    operate_years: int = 5,
    epc_margin: float = 0.08,
    om_fee_share: float = 0.04,
    om_cost_share: float = 0.75,
    spare_share: float = 0.3,
    spare_utilization: float = 0.5,
    rental_price: float | None = None,
    price_change_per_year: float = -0.15,
    owner_revenue_share: float = 0.3,
    region: str = "CN",
    sga_share: float = 0.05,
    tax_rate: float = 0.25,
    discount_rate: float = 0.08,
    currency: str = "USD",
    currency_year: int | None = None,
    catalog: Catalog | None = None,
) -> BusinessResult:
    """Yearly P&L of the operator of a build-and-operate computing centre.

    Money inputs are in USD (as their names and units say); the table and the summary are in ``currency``
    (USD, CNY or EUR of ``currency_year``, converted at that year's average rate), and the summary's
    ``*_usd_*`` fields keep their USD value beside a converted copy.

    Parameters (units in brackets)
    ------------------------------
    gpu, gpus : accelerators in the centre. capex_usd_per_gpu : all-in IT capex [USD] (default cost model).
    build_years, operate_years : [years]. epc_margin : construction contract margin [fraction of contract].
    om_fee_share : operations fee per year [fraction of project capex]; om_cost_share : the operator's
        cost of running the centre [fraction of the fee].
    spare_share : share of accelerators the operator may sell [fraction]; spare_utilization : sold share
        of their hours [fraction]; rental_price [USD/GPU-h] (default catalog median, or the cost
        model's levelized cost when no price is published); price_change_per_year [fraction/year].
    owner_revenue_share : share of spare-capacity revenue handed to the owner [fraction].
    region : power region (catalog code or name, default ``CN``: a 智算中心 is a Chinese project); it sets
        the power price and, for a Chinese region, the China build cost per MW (``build_usd_per_mw_cn``).
    """
    cat = catalog or default_catalog()
    cur = check_in(currency, "currency", ("USD", "CNY", "EUR"))
    check_positive(gpus, "gpus")
    check_range(build_years, "build_years", 1, 5)
    check_range(operate_years, "operate_years", 1, 20)
    check_range(price_change_per_year, "price_change_per_year", -0.95, 2, unit="fraction/year")
    for n, v in (("epc_margin", epc_margin), ("om_fee_share", om_fee_share), ("om_cost_share", om_cost_share),
                 ("spare_share", spare_share), ("spare_utilization", spare_utilization),
                 ("owner_revenue_share", owner_revenue_share), ("sga_share", sga_share), ("tax_rate", tax_rate)):
        check_fraction(v, n)
    year = int(currency_year) if currency_year is not None else cost_chain.default_currency_year(cat)
    cost = cost_chain.estimate(gpu, utilization=max(spare_utilization, 0.05), capex_usd=capex_usd_per_gpu,
                               region=region, currency_year=year, catalog=cat)
    gh = cost.gpu_hour
    it_capex = gh.capex.total * gpus
    facility_capex = gh.facility.build_usd_per_mw * (1 + gh.facility.soft_cost_frac) * gh.power.it_kw * gpus / 1000
    project = it_capex + facility_capex
    notes = [Note("facility_build", build=f"{gh.facility.build_usd_per_mw / 1e6:.3g}", source=gh.facility.build_source,
                  soft=f"{gh.facility.soft_cost_frac:.0%}", power=f"{gh.power.price_kwh:.3g}", region=gh.power.region)]
    if rental_price is None:
        try:
            quote = median_rental_usd(cost.gpu, cat)
            rental_price = quote.usd_per_gpu_hour
            notes.append(Note("rental_price", quotes=quote.quotes, gpu=quote.accelerator, year=quote.year))
        except InputError:
            rental_price = gh.usd_per_busy_hour
            notes.append(Note("rental_price_levelized"))
    check_positive(rental_price, "rental_price", unit="USD/GPU-h")
    n = build_years + operate_years
    t = np.arange(n)
    op = t >= build_years
    yrs_op = np.where(op, t - build_years, 0)
    epc_rev = np.where(~op, project / build_years, 0.0)
    epc_cost = epc_rev * (1 - epc_margin)
    fee = np.where(op, project * om_fee_share, 0.0)
    fee_cost = fee * om_cost_share
    price = rental_price * (1 + price_change_per_year) ** yrs_op
    busy_hours = np.where(op, gpus * spare_share * spare_utilization * HOURS_PER_YEAR, 0.0)
    spare_gross = busy_hours * price
    spare_rev = spare_gross * (1 - owner_revenue_share)
    p = gh.power
    energy = busy_hours * p.it_kw * gh.facility.pue * p.price_kwh * (p.busy_draw_frac - p.idle_draw_frac)
    revenue = epc_rev + fee + spare_rev
    df = build_pnl([str(year + i) for i in range(n)], revenue=revenue,
                   cost_of_revenue={"construction": epc_cost, "operations": fee_cost, "spare_power": energy},
                   opex={"sga": revenue * sga_share}, tax_rate=tax_rate)
    df.insert(1, "revenue_construction", epc_rev)
    df.insert(2, "revenue_operations_fee", fee)
    df.insert(3, "revenue_spare_capacity", spare_rev)
    s = summarize(df, periods_per_year=1, discount_rate=discount_rate)
    s.update({"project_capex": project, "it_capex": it_capex, "facility_capex": facility_capex,
              "rental_price_usd_per_gpu_hour": rental_price, "it_mw": p.it_kw * gpus / 1000,
              "build_usd_per_mw": gh.facility.build_usd_per_mw, "power_usd_per_kwh": p.price_kwh,
              "revenue_mix": {"construction": float(epc_rev.sum()), "operations_fee": float(fee.sum()),
                              "spare_capacity": float(spare_rev.sum())}})
    inputs = {k: v for k, v in locals().items() if k in (
        "gpu", "gpus", "capex_usd_per_gpu", "build_years", "operate_years", "epc_margin", "om_fee_share",
        "om_cost_share", "spare_share", "spare_utilization", "rental_price", "price_change_per_year",
        "owner_revenue_share", "region", "sga_share", "tax_rate")}
    res = BusinessResult("compute-center", df, s, inputs, "USD", year, notes)
    return res.expressed_in(cur, float(convert(1.0, "USD", cur, year, cat)), money_keys=(
        *SUMMARY_MONEY, "project_capex", "it_capex", "facility_capex", "revenue_mix"))
