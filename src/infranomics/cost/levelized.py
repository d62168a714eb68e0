"""Levelized cost of an accelerator-hour and of a million tokens — the pure layer.

All functions take numbers or numpy arrays and broadcast, so Monte Carlo and sweeps
reuse them. Money in USD (of one currency year chosen by the caller), time in hours.

Conventions
-----------
* An *installed* hour is one of the 8,760 hours a year an accelerator exists; a *busy*
  hour is one it is sold or serving. ``utilization`` = busy / installed.
* Capital is recovered with the capital recovery factor at the cost of capital over the
  economic life, net of the present value of the residual value. The charge splits into
  depreciation (return *of* capital, straight line to residual) and return *on* capital.
* Power is paid on actual draw: idle draw on every installed hour plus the extra draw
  while busy, times PUE.
"""

from __future__ import annotations

import numpy as np

from ..checks import check_fraction, check_nonnegative, check_positive, check_range
from ..units import HOURS_PER_MONTH, HOURS_PER_YEAR, SECONDS_PER_HOUR, TOKENS_PER_MTOK
from .finance import crf, crf_from_discount

__all__ = [
    "breakeven_price_per_busy_hour",
    "breakeven_utilization",
    "capital_charge_per_hour",
    "capital_charge_unchecked",
    "colocation_per_gpu_hour",
    "energy_per_gpu_hour",
    "energy_per_gpu_hour_unchecked",
    "facility_build_per_gpu_hour",
    "it_kw_per_gpu",
    "usd_per_mtok",
]


def _out(x):
    x = np.asarray(x, dtype=float)
    return x.item() if x.ndim == 0 else x


def it_kw_per_gpu(tdp_w, server_power_factor=1.821, it_overhead=1.14):
    """All-in maximum IT power per accelerator: chip, host share, network and storage. [kW]

    Parameters
    ----------
    tdp_w : numeric
        Accelerator thermal design power. [W]
    server_power_factor : numeric
        Maximum server power per accelerator ÷ accelerator TDP (DGX H100: 10.2 kW / 8 / 0.7 kW = 1.821). [-]
    it_overhead : numeric
        Multiplier for scale-out network and storage power (Epoch AI: 1.14). [-]
    """
    t = check_positive(tdp_w, "tdp_w", unit="W")
    f = check_range(server_power_factor, "server_power_factor", 1.0, 5.0)
    o = check_range(it_overhead, "it_overhead", 1.0, 3.0)
    return _out(t / 1000.0 * f * o)


def energy_per_gpu_hour(it_kw, pue, price_kwh, utilization, busy_draw_frac=0.8, idle_draw_frac=0.3, *,
                        validate: bool = True):
    """Electricity cost per *installed* accelerator-hour. [USD/h]

    ``kWh = it_kw · PUE · (idle + (busy − idle) · utilization)`` per hour.

    Parameters
    ----------
    it_kw : numeric
        Maximum IT power per accelerator. [kW]
    pue : numeric
        Power usage effectiveness, >= 1. [-]
    price_kwh : numeric
        Electricity price. [USD/kWh]
    utilization : numeric
        Busy share of installed hours. [fraction]
    busy_draw_frac, idle_draw_frac : numeric
        Average draw while busy / idle as a share of maximum IT power. [fraction]
    validate : bool
        Check the inputs (default). ``False`` uses them as given — no range checks, no
        conversion of the result — for callers that validated them once and evaluate the
        formula in an inner loop (the market simulator).
    """
    if not validate:
        return energy_per_gpu_hour_unchecked(it_kw, pue, price_kwh, utilization, busy_draw_frac, idle_draw_frac)
    kw = check_positive(it_kw, "it_kw", unit="kW")
    p = check_range(pue, "pue", 1.0, 3.5)
    price = check_nonnegative(price_kwh, "price_kwh", unit="USD/kWh")
    u = check_fraction(utilization, "utilization")
    busy = check_fraction(busy_draw_frac, "busy_draw_frac")
    idle = check_fraction(idle_draw_frac, "idle_draw_frac")
    return _out(energy_per_gpu_hour_unchecked(kw, p, price, u, busy, idle))


def energy_per_gpu_hour_unchecked(it_kw, pue, price_kwh, utilization, busy_draw_frac, idle_draw_frac):
    """:func:`energy_per_gpu_hour` without input checks: plain arithmetic on numbers or arrays. [USD/h]

    The one place the formula is written; for callers that validated their inputs once (the
    market simulator's inner loop).
    """
    return it_kw * pue * price_kwh * (idle_draw_frac + (busy_draw_frac - idle_draw_frac) * utilization)


def capital_charge_per_hour(capex, rate, life_years, residual_frac=0.0, *, validate: bool = True):
    """Level capital charge per installed hour and its split. [USD/h]

    Returns ``(total, depreciation, return_on_capital)`` where
    ``total = (C − R·(1+r)^−n) · CRF(r, n) / 8760`` and depreciation is the straight-line
    ``(C − R) / n / 8760``; the difference is the return on capital (zero when r = 0).

    Parameters
    ----------
    capex : numeric
        Overnight capital cost. [USD]
    rate : numeric
        Cost of capital per year. [fraction/year]
    life_years : numeric
        Economic life. [years]
    residual_frac : numeric
        Resale value at end of life as a share of capex. [fraction]
    validate : bool
        Check the inputs (default). ``False`` uses them as given and returns unconverted
        results, for callers that validated them once (the market simulator's inner loop).
    """
    if validate:
        c = check_nonnegative(capex, "capex", unit="USD")
        r = check_range(rate, "rate", -0.5, 5.0)
        n = check_positive(life_years, "life_years", unit="years")
        res = check_fraction(residual_frac, "residual_frac")
    else:
        c, r, n, res = capex, rate, life_years, residual_frac
    total = _capital_charge(c, res, (1.0 + r) ** (-n), np.asarray(crf(r, n, validate=validate)))
    dep = c * (1.0 - res) / n / HOURS_PER_YEAR
    if not validate:
        return total, dep, total - dep
    return _out(total), _out(dep), _out(total - dep)


def _capital_charge(capex, residual_frac, discount, crf_value):
    """Level capital charge per installed hour from the discount factor ``(1 + r)^-n`` and the CRF. [USD/h]"""
    return (capex - capex * residual_frac * discount) * crf_value / HOURS_PER_YEAR


def capital_charge_unchecked(capex, rate, life_years, residual_frac):
    """Total of :func:`capital_charge_per_hour` without checks, for ``rate != 0``. [USD/h]

    Plain arithmetic on numbers or arrays — the same formula (:func:`_capital_charge` with
    :func:`~infranomics.cost.finance.crf_from_discount`), the power computed once — for callers
    that validated their inputs once: the market simulator's inner loop.
    """
    discount = (1.0 + rate) ** (-life_years)
    return _capital_charge(capex, residual_frac, discount, crf_from_discount(rate, discount))


def colocation_per_gpu_hour(it_kw, usd_per_kw_month):
    """Colocation rent per installed accelerator-hour, billed on critical IT kW. [USD/h]"""
    kw = check_positive(it_kw, "it_kw", unit="kW")
    rent = check_nonnegative(usd_per_kw_month, "colo_usd_per_kw_month", unit="USD/kW-month")
    return _out(kw * rent / HOURS_PER_MONTH)


def facility_build_per_gpu_hour(it_kw, usd_per_mw, rate, life_years, soft_cost_frac=0.15, om_frac=0.02):
    """Own-build facility cost per installed accelerator-hour: capital recovery plus O&M. [USD/h]

    Parameters
    ----------
    it_kw : numeric
        Critical IT power per accelerator. [kW]
    usd_per_mw : numeric
        Build cost per MW of critical IT load (shell + MEP). [USD/MW]
    rate : numeric
        Cost of capital. [fraction/year]
    life_years : numeric
        Facility life. [years]
    soft_cost_frac : numeric
        Land, soft costs and contingency on top of build cost. [fraction]
    om_frac : numeric
        Facility O&M per year as a share of build cost. [fraction/year]
    """
    kw = check_positive(it_kw, "it_kw", unit="kW")
    cost = check_nonnegative(usd_per_mw, "build_usd_per_mw", unit="USD/MW") * kw / 1000.0
    soft = check_range(soft_cost_frac, "build_soft_cost_frac", 0.0, 5.0)
    om = check_range(om_frac, "facility_om_frac", 0.0, 1.0)
    total_capex = cost * (1.0 + soft)
    cap, _, _ = capital_charge_per_hour(total_capex, rate, life_years)
    return _out(np.asarray(cap) + cost * om / HOURS_PER_YEAR)


def usd_per_mtok(usd_per_busy_hour, tokens_per_s, goodput_loss=0.0):
    """Cost of one million tokens from the cost of a busy hour and throughput while busy. [USD/Mtok]

    ``usd_per_busy_hour / (tokens_per_s · 3600 · (1 − goodput_loss) / 1e6)``.
    """
    c = check_nonnegative(usd_per_busy_hour, "usd_per_busy_hour", unit="USD/h")
    tps = check_positive(tokens_per_s, "tokens_per_s", unit="tok/s")
    g = check_fraction(goodput_loss, "goodput_loss", allow_one=False)
    return _out(c / (tps * SECONDS_PER_HOUR * (1.0 - g) / TOKENS_PER_MTOK))


def breakeven_utilization(price_per_busy_hour, fixed_per_installed_hour, idle_energy_per_installed_hour,
                          busy_extra_energy_per_busy_hour):
    """Utilization at which revenue covers cost; NaN where no utilization in (0, 1] does. [fraction]

    Solves ``p·u = F + E_idle + E_extra·u`` → ``u* = (F + E_idle) / (p − E_extra)``.

    Parameters
    ----------
    price_per_busy_hour : numeric
        Revenue per busy accelerator-hour (rental price, or token revenue per busy hour). [USD/h]
    fixed_per_installed_hour : numeric
        Capital, facility and fixed opex per installed hour. [USD/h]
    idle_energy_per_installed_hour : numeric
        Energy cost at idle draw per installed hour. [USD/h]
    busy_extra_energy_per_busy_hour : numeric
        Extra energy cost of being busy rather than idle, per busy hour. [USD/h]
    """
    p = np.asarray(price_per_busy_hour, dtype=float)
    fixed = np.asarray(fixed_per_installed_hour, dtype=float) + np.asarray(idle_energy_per_installed_hour, float)
    margin = p - np.asarray(busy_extra_energy_per_busy_hour, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.where(margin > 0, fixed / margin, np.nan)
    u = np.where((u > 0) & (u <= 1.0), u, np.nan)
    return _out(u)


def breakeven_price_per_busy_hour(utilization, fixed_per_installed_hour, idle_energy_per_installed_hour,
                                  busy_extra_energy_per_busy_hour):
    """Price per busy hour at which revenue covers cost at a given utilization. [USD/h]"""
    u = check_fraction(utilization, "utilization", allow_zero=False)
    fixed = np.asarray(fixed_per_installed_hour, dtype=float) + np.asarray(idle_energy_per_installed_hour, float)
    return _out(fixed / u + np.asarray(busy_extra_energy_per_busy_hour, dtype=float))
