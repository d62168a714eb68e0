"""Unchecked copies of cost-layer formulas for the simulator's inner loop.

The cost layer's functions (:func:`infranomics.cost.levelized.capital_charge_per_hour`,
:func:`~infranomics.cost.levelized.energy_per_gpu_hour`, :func:`infranomics.cost.finance.crf`)
validate every input on every call, which costs more than the arithmetic when they run
once per time step on thousands of paths. The simulator validates its inputs once, through
those same functions, before the loop (:func:`validate_with_cost_layer`), and then uses the
formulas below — the same expressions, without checks. ``tests/market/test_kernels.py``
asserts that both give the same numbers.
"""

from __future__ import annotations

import numpy as np

from ..cost.finance import crf
from ..cost.levelized import capital_charge_per_hour, energy_per_gpu_hour
from ..units import HOURS_PER_YEAR

__all__ = ["capital_charge_total", "crf_unchecked", "energy_per_installed_hour", "validate_with_cost_layer"]


def crf_unchecked(rate, years):
    """Capital recovery factor ``r / (1 − (1 + r)^−n)`` (``1/n`` at r = 0), as :func:`crf`. [1/year]"""
    r = np.asarray(rate, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.abs(r) < 1e-12, 1.0 / years, r / (1.0 - (1.0 + r) ** (-years)))


def capital_charge_total(capex, rate, life_years, residual_frac):
    """Total level capital charge per installed hour, as ``capital_charge_per_hour(...)[0]``. [USD/h]"""
    pv_res = capex * residual_frac * (1.0 + rate) ** (-life_years)
    return (capex - pv_res) * crf_unchecked(rate, life_years) / HOURS_PER_YEAR


def energy_per_installed_hour(it_kw, pue, price_kwh, utilization, busy_draw_frac, idle_draw_frac):
    """Electricity cost per installed hour, as :func:`energy_per_gpu_hour`. [USD/h]"""
    return it_kw * pue * price_kwh * (idle_draw_frac + (busy_draw_frac - idle_draw_frac) * utilization)


def validate_with_cost_layer(capex, rate, life_years, residual_frac, it_kw, pue, price_kwh, utilization,
                             busy_draw_frac, idle_draw_frac, lease_rate, lease_term, check_power=True) -> None:
    """Run the inputs once through the checked cost-layer functions (raises InputError when out of range).

    ``check_power=False`` skips the electricity check for capacity that draws no power (analogues).
    """
    capital_charge_per_hour(capex, rate, life_years, residual_frac)
    if check_power:
        energy_per_gpu_hour(it_kw, pue, price_kwh, utilization, busy_draw_frac, idle_draw_frac)
    crf(lease_rate, lease_term)
