"""The simulator's unchecked kernels give the cost layer's numbers (they are the same formulas)."""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.cost.finance import crf
from infranomics.cost.levelized import capital_charge_per_hour, energy_per_gpu_hour
from infranomics.errors import InputError
from infranomics.market import kernels


def test_kernels_equal_cost_layer():
    rng = np.random.default_rng(0)
    n = 1000
    capex = rng.uniform(1e3, 1e5, n)
    rate = rng.uniform(0.0, 0.4, n)
    life = rng.uniform(0.5, 30, n)
    res = rng.uniform(0, 1, n)
    np.testing.assert_allclose(kernels.capital_charge_total(capex, rate, life, res),
                               capital_charge_per_hour(capex, rate, life, res)[0], rtol=1e-12)
    np.testing.assert_allclose(kernels.crf_unchecked(rate, life), crf(rate, life), rtol=1e-12)
    kw, pue, price, u = rng.uniform(0.1, 3, n), rng.uniform(1, 2, n), rng.uniform(0, 0.3, n), rng.uniform(0, 1, n)
    np.testing.assert_allclose(kernels.energy_per_installed_hour(kw, pue, price, u, 0.8, 0.3),
                               energy_per_gpu_hour(kw, pue, price, u, 0.8, 0.3), rtol=1e-12)


def test_model_inputs_are_validated_by_the_cost_layer():
    with pytest.raises(InputError, match="pue must be in"):
        kernels.validate_with_cost_layer(4e4, 0.1, 5, 0.1, 0.6, 5.0, 0.08, 0.8, 0.8, 0.3, 0.12, 5)
