"""Cost of compute: levelized $/GPU-hour and $/million tokens with facility, power, depreciation
and financing.

Three layers: pure kernels (:mod:`.finance`, :mod:`.levelized`), frozen configuration
dataclasses (:mod:`.inputs`), and the orchestrator :func:`estimate` (:mod:`.chain`).
Defaults come from the ``cost_assumptions`` catalog dataset (:mod:`.assumptions`).
"""

from .assumptions import assumption, assumption_for, network_usd_per_gpu
from .chain import (
    BREAKDOWN_KEYS,
    CostResult,
    GpuHourCost,
    capex_per_mw,
    default_currency_year,
    estimate,
    power_price,
)
from .finance import (
    crf,
    declining_balance,
    irr,
    npv,
    payback_years,
    present_value_factor,
    straight_line,
    wacc,
)
from .headline import accelerator_headline
from .inputs import Facility, Financing, HardwareCapex, Life, Opex, Power, Throughput
from .sensitivity import SensitivityResult, sensitivity

__all__ = [
    "BREAKDOWN_KEYS",
    "CostResult",
    "Facility",
    "Financing",
    "GpuHourCost",
    "HardwareCapex",
    "Life",
    "Opex",
    "Power",
    "SensitivityResult",
    "Throughput",
    "accelerator_headline",
    "assumption",
    "assumption_for",
    "capex_per_mw",
    "crf",
    "declining_balance",
    "default_currency_year",
    "estimate",
    "irr",
    "network_usd_per_gpu",
    "npv",
    "payback_years",
    "power_price",
    "present_value_factor",
    "sensitivity",
    "straight_line",
    "wacc",
]
