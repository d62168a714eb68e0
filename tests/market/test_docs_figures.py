"""The bust probabilities the README and docs/market.md quote (4,000 paths, seed 1), with and without the
macro cap, re-run so the text cannot drift from the engine (a whole-percent tolerance: the text rounds)."""

from __future__ import annotations

import pytest

from infranomics.market import load_scenario, simulate

CAP = {"capacity.max_capex_share_of_gdp": 0.06}


@pytest.mark.parametrize(("preset", "off", "on"), [
    ("baseline", 98, 96), ("strong_demand_fast_tech", 27, 4), ("weak_demand_high_leverage", 100, 100),
    ("commitments_not_cash", 99, 97),
])
def test_bust_probability_with_and_without_the_macro_cap(preset, off, on):
    sc = load_scenario(preset)
    p_off = simulate(sc, paths=4000, seed=1, record=False).summary()["bust_probability"]
    p_on = simulate(sc.with_overrides(CAP), paths=4000, seed=1, record=False).summary()["bust_probability"]
    assert round(100 * p_off) == off and round(100 * p_on) == on


def test_strong_corner_capex_with_and_without_the_cap():
    """docs/market.md Limits: median capex at the end $13.4T a year without the cap, $5.1T with it; the
    strong corner's median time to bust with the cap 7.9 years."""
    sc = load_scenario("strong_demand_fast_tech")
    off = simulate(sc, paths=4000, seed=1)
    on = simulate(sc.with_overrides(CAP), paths=4000, seed=1)
    assert off.quantiles("capex_usd")[1][-1] / 1e12 == pytest.approx(13.4, abs=0.05)
    assert on.quantiles("capex_usd")[1][-1] / 1e12 == pytest.approx(5.1, abs=0.05)
    assert on.summary()["median_time_to_bust_years"] == pytest.approx(7.9, abs=0.05)


def test_baseline_booming_tail_is_trimmed_by_the_cap():
    """docs/market.md Limits: the cap trims the baseline's booming tail, p95 capex $3.9T a year instead of $4.3T."""
    sc = load_scenario("baseline")
    off = simulate(sc, paths=4000, seed=1).quantiles("capex_usd")[2].max() / 1e12
    on = simulate(sc.with_overrides(CAP), paths=4000, seed=1).quantiles("capex_usd")[2].max() / 1e12
    assert (round(off, 1), round(on, 1)) == (4.3, 3.9)
