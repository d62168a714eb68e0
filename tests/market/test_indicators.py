"""Indicators as pure functions."""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.market import indicators as ind


def test_price_war_index():
    assert ind.price_war_index(2.0, 0.1, 1.5) == 0.0
    assert ind.price_war_index(0.1, 0.1, 1.5) == 1.0
    assert ind.price_war_index(0.8, 0.1, 1.5) == pytest.approx(0.5)


def test_capex_revenue_gap_is_the_sequoia_arithmetic():
    gap, ratio = ind.capex_revenue_gap(300e9, 100e9, 2.0)  # $300B capex needs $600B revenue
    assert gap == pytest.approx(500e9) and ratio == pytest.approx(5 / 6)


def test_financing_tightness_and_capex_to_ocf():
    assert ind.financing_tightness(0.05, 0.02, 0.06) == pytest.approx(0.5)
    assert ind.financing_tightness(0.01, 0.02, 0.06) == 0.0
    np.testing.assert_allclose(ind.capex_to_ocf([100, 100, 100], [50, 0, -10]), [2.0, 10.0, 10.0])


def test_composite_signal_is_a_weighted_mean():
    s = ind.composite_signal((np.array([1.0]), np.array([0.0])), (3, 1))
    assert s[0] == pytest.approx(0.75)
    assert ind.utilization_stress(0.6, 0.8, 0.6) == 1.0
    assert ind.capex_ocf_stress(2.0, 3.0) == pytest.approx(0.5)
