"""Warm start: a scenario whose initial state is the state of a history run on its start date.

The AI baseline starts on 2026-01-01 from the state of the in-sample run ``ai_2023_2026`` (the
same model and parameters started from January 2023 and fitted on the 2023-2026 record) on that
date: the fleet by calendar-year vintage (units, kW, book cost), the construction pipeline and
the connection queue, debt, cash, lease rents, the rate on debt, credit availability, sponsor
cash flow, the trailing-year capex and its running peak, the smoothed revenue and demand levels
behind investors' and builders' trend estimates, and the scalar states in :data:`STATE_PARAMS`.
Without it, re-initialising the pipeline by a steady-growth formula put 2026 orders ~50% above
the fitted history's (docs/market.md, 'In-sample fit').

The history run is deterministic (central parameter values) and follows the realised demand
shocks stored in its ``shock_knots``; behavioural overrides of the forward scenario (``--set``)
change behaviour from the start date on, not the history.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache

import numpy as np

from ..catalog import Catalog, default_catalog
from ..errors import ScenarioError

__all__ = ["STATE_PARAMS", "history_state", "shock_path", "snapshot"]

#: Scalar states taken from the history run: parameter -> function(snapshot, max utilisation).
STATE_PARAMS = {
    "capacity.capacity_initial": lambda st, um: st["capacity"],
    "capacity.initial_utilization": lambda st, um: min(st["demand_ratio"], um),
    "capacity.initial_excess_demand": lambda st, um: max(st["demand_ratio"] / min(st["demand_ratio"], um) - 1, 0),
    "demand.inference_share_initial": lambda st, um: st["inference_share"],
    "demand.initial_shock": lambda st, um: st["shock"],
    "costs.price_initial": lambda st, um: st["price"],
    "investment.demand_growth_expected": lambda st, um: st["builders_expected_growth"],
    "sentiment.expected_growth_initial": lambda st, um: st["investors_expected_growth"],
}


def shock_path(knots, start: float, steps: int, spy: int) -> np.ndarray | None:
    """ln demand shock by step from ``[[year, shock], ...]``: 0 at ``start``, linear, constant after the last."""
    if not knots:
        return None
    k = sorted((float(a), float(b)) for a, b in knots)
    xs = np.array([start] + [a for a, _ in k])
    ys = np.array([0.0] + [b for _, b in k])
    return np.interp(start + np.arange(steps) / spy, xs, ys)


def _date(year: float) -> str:
    y = math.floor(year + 1e-9)
    return (dt.date(y, 1, 1) + dt.timedelta(days=round((year - y) * 365))).isoformat()


_CATALOGS: dict[int, Catalog] = {}


def history_state(spec: str, start_year: float, steps_per_year: int, catalog: Catalog | None = None) -> dict:
    """Snapshot of preset/file ``spec``'s deterministic run at ``start_year`` (cached per catalog)."""
    cat = catalog or default_catalog()
    _CATALOGS[id(cat)] = cat
    return _history_state(spec, float(start_year), int(steps_per_year), id(cat))


@cache
def _history_state(spec: str, start_year: float, spy: int, cat_id: int) -> dict:
    from .scenario import load_scenario

    cat = _CATALOGS[cat_id]
    return snapshot(load_scenario(spec, catalog=cat), start_year, spy, cat)


def snapshot(sc, start_year: float, spy: int, catalog: Catalog | None = None) -> dict:
    """State of scenario ``sc``'s deterministic run (with its ``shock_knots``) at ``start_year`` (not cached)."""
    from .model import ModelSetup, simulate_block
    from .montecarlo import _commitment_schedule, _draws

    cat = catalog or default_catalog()
    spec = sc.name
    sc.resolve_catalog(cat)
    if sc.meta.get("warm_start"):
        raise ScenarioError(f"warm start '{spec}' has a warm start itself ('{sc.meta['warm_start']}'); chains are not "
                            f"supported", field="warm_start")
    if int(sc.meta["steps_per_year"]) != spy:
        raise ScenarioError(f"warm start '{spec}' runs {sc.meta['steps_per_year']} steps a year, the scenario {spy}",
                            field="warm_start")
    h0 = float(sc.meta["start_year"])
    cap = round((start_year - h0) * spy)
    if cap < 1 or abs(h0 + cap / spy - start_year) > 1e-6:
        raise ScenarioError(f"warm start '{spec}' starts {h0:g}: it must start a whole number of steps before "
                            f"{start_year:g}", field="warm_start")
    steps = cap + 1
    com = _commitment_schedule(sc, steps, cat) if sc.values["commitments.enabled"] else None
    blk = simulate_block(ModelSetup(p=_draws(sc, None, 1, 0.0), n=1, steps=steps, steps_per_year=spy,
                                    start_year=h0, volatility=0.0, noise=None, commitment_usd=com, record=False,
                                    shock_path=shock_path(sc.meta.get("shock_knots"), h0, steps, spy),
                                    capture_step=cap))
    st = blk.extra["state"]
    out = {}
    for k, v in st.items():
        a = np.asarray(v, dtype=float)
        out[k] = a.copy() if k in ("cohort_years", "Kv", "KWv", "Cv", "ring", "uring") else float(a.reshape(-1)[0])
    out["date"] = _date(start_year)
    out["source"] = spec
    return out
