"""The compiled time loop gives the numpy loop's numbers; the loop uses the cost layer's own formulas."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from infranomics.business import metrics
from infranomics.catalog import default_catalog
from infranomics.cost.finance import crf, crf_from_discount, crf_unchecked
from infranomics.cost.levelized import (
    capital_charge_per_hour,
    capital_charge_unchecked,
    energy_per_gpu_hour,
    energy_per_gpu_hour_unchecked,
)
from infranomics.errors import InputError
from infranomics.market import RECORDED, load_scenario
from infranomics.market.model import MAX_COMPILED_PATHS, ModelSetup, simulate_block
from infranomics.market.montecarlo import BLOCK, _commitment_schedule, _draws
from infranomics.market.warmstart import shock_path

numba = pytest.importorskip("numba")


def _setup(name: str, n: int, seed: int = 3) -> ModelSetup:
    sc = load_scenario(name)
    spy = int(sc.meta["steps_per_year"])
    steps = round(float(sc.meta["years"]) * spy)
    rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(0,))))
    p = _draws(sc, rng, min(n, BLOCK), 1.0)
    if n > BLOCK:  # a larger block than the Monte Carlo uses: repeat the draws
        p = {k: (np.resize(v, n) if isinstance(v, np.ndarray) else v) for k, v in p.items()}
    noise = rng.standard_normal((steps, 2, n))
    com = _commitment_schedule(sc, steps, default_catalog()) if sc.values["commitments.enabled"] else None
    knots = shock_path(sc.meta.get("shock_knots"), float(sc.meta["start_year"]), steps, spy)
    return ModelSetup(p=p, n=n, steps=steps, steps_per_year=spy, start_year=float(sc.meta["start_year"]),
                      noise=None if knots is not None else noise, commitment_usd=com, shock_path=knots,
                      init_state=sc.warm, out=np.empty((len(RECORDED), steps, n)))


def _run(setup: ModelSetup, engine: str):
    s = dataclasses.replace(setup, engine=engine, out=np.empty_like(setup.out))
    return simulate_block(s)


@pytest.mark.parametrize("name", ["baseline", "weak_demand_high_leverage", "commitments_not_cash", "railways_1870s",
                                  "telecom_2000", "ai_2023_2026"])
def test_compiled_loop_equals_numpy_loop(name):
    """Float64 output of both loops within 1e-12 of each series' scale (in practice bit for bit)."""
    setup = _setup(name, 257)
    a, b = _run(setup, "numpy"), _run(setup, "numba")
    for k, series in enumerate(RECORDED):
        scale = max(float(np.max(np.abs(a.series[k]))), 1e-300)
        assert np.max(np.abs(a.series[k] - b.series[k])) <= 1e-12 * scale, series
    assert np.array_equal(a.bust_time, b.bust_time, equal_nan=True)
    assert np.array_equal(a.bust_cause, b.bust_cause)
    assert np.array_equal(a.signal_time, b.signal_time, equal_nan=True)
    for attr in ("peak_default_share", "peak_capex_time", "trough_utilization"):
        np.testing.assert_allclose(getattr(b, attr), getattr(a, attr), rtol=1e-12, atol=1e-300)


def test_real_capex_bust_basis_in_both_loops():
    setup = _setup("baseline", 64)
    setup.p["bust.real_capex"] = True
    a, b = _run(setup, "numpy"), _run(setup, "numba")
    assert np.array_equal(a.bust_time, b.bust_time, equal_nan=True)
    np.testing.assert_array_equal(a.series[list(RECORDED).index("capex_drawdown")],
                                  b.series[list(RECORDED).index("capex_drawdown")])


def test_blocks_larger_than_the_compiled_limit_run_the_numpy_loop():
    setup = _setup("telecom_2000", MAX_COMPILED_PATHS + 3)
    a, b = _run(setup, "numpy"), _run(setup, "auto")
    np.testing.assert_array_equal(a.series, b.series)


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="engine must be auto, numba or numpy"):
        _run(_setup("telecom_2000", 4), "fortran")


def test_the_loop_uses_the_cost_layer_formulas():
    """The thin unchecked variants are the checked functions' formulas (rate != 0 for the capital charge)."""
    rng = np.random.default_rng(0)
    n = 1000
    capex, rate = rng.uniform(1e3, 1e5, n), rng.uniform(1e-4, 0.4, n)
    life, res = rng.uniform(0.5, 30, n), rng.uniform(0, 1, n)
    np.testing.assert_allclose(capital_charge_unchecked(capex, rate, life, res),
                               capital_charge_per_hour(capex, rate, life, res)[0], rtol=1e-12)
    np.testing.assert_allclose(capital_charge_per_hour(capex, rate, life, res, validate=False)[0],
                               capital_charge_per_hour(capex, rate, life, res)[0], rtol=0)
    np.testing.assert_allclose(crf_unchecked(rate, life), crf(rate, life), rtol=1e-12)
    np.testing.assert_allclose(crf_from_discount(rate, (1 + rate) ** -life), crf(rate, life), rtol=1e-12)
    assert crf(0.0, 5, validate=False) == pytest.approx(0.2)
    kw, pue, price, u = rng.uniform(0.1, 3, n), rng.uniform(1, 2, n), rng.uniform(0, 0.3, n), rng.uniform(0, 1, n)
    np.testing.assert_allclose(energy_per_gpu_hour_unchecked(kw, pue, price, u, 0.8, 0.3),
                               energy_per_gpu_hour(kw, pue, price, u, 0.8, 0.3), rtol=0)
    np.testing.assert_allclose(energy_per_gpu_hour(kw, pue, price, u, 0.8, 0.3, validate=False),
                               energy_per_gpu_hour(kw, pue, price, u, 0.8, 0.3), rtol=0)


def test_model_inputs_are_validated_once_by_the_cost_layer():
    setup = _setup("baseline", 4)
    setup.p["costs.pue"] = 5.0  # outside the cost layer's [1, 3.5]
    with pytest.raises(InputError, match="pue must be in"):
        simulate_block(setup)


def test_compiled_ratios_are_the_business_metrics():
    from infranomics.market import engine_numba as nb

    rng = np.random.default_rng(1)
    a = np.concatenate([rng.normal(0, 5, 200), [0.0, 1.0, -1.0]])
    b = np.concatenate([rng.normal(0, 5, 200), [0.0, 0.0, 0.0]])
    for x, y in zip(a, b, strict=True):
        for ours, theirs in ((nb._dscr, metrics.dscr), (nb._coverage, metrics.interest_coverage),
                             (nb._margin, metrics.margin)):
            assert np.array_equal(ours(x, y), theirs(x, y), equal_nan=True)
