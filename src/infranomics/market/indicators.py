"""Turning-point indicators of a capital cycle and the composite signal — pure array functions.

Each indicator is computed on every path and step of a simulation (and can be applied to
observed data). Stress scores map each indicator onto [0, 1] (0 = calm, 1 = crisis-sized);
the composite signal is their weighted mean and "fires" when it exceeds a threshold.

Indicators (issue 6 §3; claims.md "turning-point signs: falling utilisation, price wars,
tightening finance"):

* **utilisation** — busy share of capacity;
* **price-war index** — where the price sits between the full cost of new capacity (0) and
  the marginal cash cost floor (1);
* **capex/revenue gap** — Sequoia's "$600B question" arithmetic: end-user revenue needed to
  justify a year of capex (capex × ``revenue_multiple_needed``) less actual end-user revenue;
* **financing tightness** — increase of the credit spread over the start relative to a
  crisis-sized increase;
* **capex against operating cash flow** — capex / OCF (how much of the build is funded from
  outside).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "capex_ocf_stress",
    "capex_revenue_gap",
    "capex_to_ocf",
    "composite_signal",
    "financing_tightness",
    "price_war_index",
    "utilization_stress",
]


def price_war_index(price, floor, full_cost):
    """Price-war index in [0, 1]: 0 at or above full cost, 1 at or below the marginal-cost floor. [-]

    ``(full_cost − price) / (full_cost − floor)`` clipped to [0, 1].
    """
    price = np.asarray(price, dtype=float)
    span = np.maximum(np.asarray(full_cost, dtype=float) - np.asarray(floor, dtype=float), 1e-12)
    return np.clip((np.asarray(full_cost, dtype=float) - price) / span, 0.0, 1.0)


def capex_revenue_gap(capex_per_year, end_user_revenue, revenue_multiple_needed=2.0):
    """The '$600B question': revenue needed to justify capex minus actual revenue, and its ratio.

    Returns ``(gap_usd, gap_ratio)`` with ``needed = capex × multiple``, ``gap = needed −
    revenue`` [USD/year] and ``ratio = gap / needed`` [fraction] (negative when revenue exceeds
    the need). Following D. Cahn (Sequoia, 2024): data-centre cost × 2 for a 50% end-user margin.
    """
    needed = np.asarray(capex_per_year, dtype=float) * revenue_multiple_needed
    gap = needed - np.asarray(end_user_revenue, dtype=float)
    ratio = gap / np.maximum(needed, 1e-9)
    return gap, ratio


def financing_tightness(spread, spread_start, spread_crisis):
    """Credit-spread increase over the start as a share of a crisis-sized increase, in [0, 1]. [-]"""
    return np.clip((np.asarray(spread, dtype=float) - spread_start) / spread_crisis, 0.0, 1.0)


def capex_to_ocf(capex, ocf, cap: float = 10.0):
    """Capex / operating cash flow, capped at ``cap`` (and = cap when OCF <= 0). [-]"""
    ocf = np.asarray(ocf, dtype=float)
    capex = np.asarray(capex, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(ocf > 0, capex / np.where(ocf > 0, ocf, 1.0), cap)
    return np.minimum(r, cap)


def utilization_stress(utilization, target, floor):
    """0 at or above the target utilisation, 1 at or below the bust floor. [-]"""
    span = np.maximum(np.asarray(target, dtype=float) - np.asarray(floor, dtype=float), 1e-9)
    return np.clip((np.asarray(target, dtype=float) - np.asarray(utilization, dtype=float)) / span, 0.0, 1.0)


def capex_ocf_stress(ratio, crisis):
    """0 when capex <= OCF, 1 at ``crisis`` × OCF. [-]"""
    return np.clip((np.asarray(ratio, dtype=float) - 1.0) / (crisis - 1.0), 0.0, 1.0)


def composite_signal(scores, weights):
    """Weighted mean of stress scores (each in [0, 1]); weights are normalised to sum to 1. [-]"""
    wsum = float(sum(weights))
    if wsum <= 0:
        return np.zeros_like(np.asarray(scores[0], dtype=float))
    out = 0.0
    for s, w in zip(scores, weights, strict=True):
        if w:
            out = out + (w / wsum) * np.asarray(s, dtype=float)
    return out
