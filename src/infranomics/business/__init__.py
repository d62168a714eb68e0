"""Business models: P&L and cash flow of the firms that sell compute (see metrics.py for shared metrics)."""

from .metrics import cost_profit_margin, dscr, interest_coverage, margin, net_debt_to_ebitda

__all__ = ["cost_profit_margin", "dscr", "interest_coverage", "margin", "net_debt_to_ebitda"]
