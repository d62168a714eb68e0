"""Distributions on scenario inputs: central values, sampling, validation messages."""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.errors import ScenarioError
from infranomics.market import distributions as dst


def test_central_values():
    assert dst.central(2.5) == 2.5
    assert dst.central(dst.parse_dist({"dist": "lognormal", "median": 2.0, "p90": 4.0}, "x")) == 2.0
    assert dst.central(dst.parse_dist({"dist": "normal", "mean": 1.0, "sd": 0.2}, "x")) == 1.0
    assert dst.central(dst.parse_dist({"dist": "uniform", "low": 1.0, "high": 3.0}, "x")) == 2.0
    assert dst.central(dst.parse_dist({"dist": "triangular", "low": 0, "mode": 1, "high": 4}, "x")) == 1.0
    assert dst.central(dst.parse_dist({"dist": "beta", "mean": 0.3, "sd": 0.2}, "x")) == 0.3


def test_lognormal_quantiles_match_the_declaration():
    d = dst.parse_dist({"dist": "lognormal", "median": 2.0, "p90": 4.0}, "x")
    x = dst.sample(d, np.random.default_rng(0), 200_000)
    assert np.median(x) == pytest.approx(2.0, rel=0.02)
    assert np.quantile(x, 0.9) == pytest.approx(4.0, rel=0.03)


@pytest.mark.parametrize("raw", [
    {"dist": "triangular", "low": 0.1, "mode": 0.4, "high": 0.9},
    {"dist": "beta", "mean": 0.3, "sd": 0.2},
    {"dist": "uniform", "low": -1, "high": 2},
    {"dist": "normal", "mean": 5, "sd": 1},
])
def test_sampling_is_in_the_support_and_reproducible(raw):
    d = dst.parse_dist(raw, "x")
    a = dst.sample(d, np.random.default_rng(42), 5000)
    b = dst.sample(d, np.random.default_rng(42), 5000)
    assert np.array_equal(a, b)
    lo, hi = dst.support_quantiles(d, 0.0001, 0.9999)
    assert (a >= lo - 1e-9).all() and (a <= hi + 1e-9).all()


def test_zero_volatility_returns_the_central_value_exactly():
    d = dst.parse_dist({"dist": "lognormal", "median": 0.5, "p90": 0.8}, "x")
    x = dst.sample(d, np.random.default_rng(1), 100, volatility=0.0)
    assert (x == 0.5).all()
    d = dst.parse_dist({"dist": "triangular", "low": 0.2, "mode": 0.4, "high": 0.8}, "x")
    assert (dst.sample(d, np.random.default_rng(1), 100, volatility=0.0) == 0.4).all()


def test_every_distribution_consumes_the_same_number_of_draws():
    """Changing one input's distribution must not shift the random stream of the others."""
    rng_a, rng_b = np.random.default_rng(7), np.random.default_rng(7)
    dst.sample(2.0, rng_a, 10)
    dst.sample(dst.parse_dist({"dist": "beta", "mean": 0.5, "sd": 0.1}, "x"), rng_b, 10)
    assert rng_a.random() == rng_b.random()


@pytest.mark.parametrize(("raw", "match"), [
    ({"dist": "lognormal", "median": 2.0, "p90": 1.0}, r"p90 \(1\) must be >= median \(2\)"),
    ({"dist": "lognormal", "median": -1.0, "p90": 1.0}, "median must be > 0"),
    ({"dist": "normal", "mean": 1.0, "sd": -0.5}, "sd must be >= 0, got -0.5"),
    ({"dist": "beta", "mean": 0.3, "sd": 0.6}, r"beta sd must be in \[0, 0.458\) for mean 0.3"),
    ({"dist": "uniform", "low": 3, "high": 1}, r"high \(1\) must be >= low \(3\)"),
    ({"dist": "triangular", "low": 0, "mode": 5, "high": 1}, "low <= mode <= high"),
    ({"dist": "lognormal", "median": 1.0}, "exactly one of p90 or sigma"),
    ({"dist": "normal", "mean": 1.0}, "normal distribution needs 'sd'"),
    ({"dist": "normal", "mean": 1.0, "sd": 1, "p90": 2}, "unknown key 'p90' for a normal distribution"),
    ({"dist": "lognormall", "median": 1.0}, "unknown distribution 'lognormall' — did you mean 'lognormal'"),
])
def test_impossible_distributions_are_scenario_errors(raw, match):
    with pytest.raises(ScenarioError, match=match):
        dst.parse_dist(raw, "demand.adoption_rate")
