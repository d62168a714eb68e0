"""Cost of compute: levelized $/GPU-hour and $/million tokens (see finance.py for kernels)."""

from .finance import crf, declining_balance, irr, npv, payback_years, present_value_factor, straight_line, wacc

__all__ = ["crf", "declining_balance", "irr", "npv", "payback_years", "present_value_factor", "straight_line", "wacc"]
