"""Finance kernels: closed forms, edge cases and invariants."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infranomics import InputError
from infranomics.cost import crf, declining_balance, irr, npv, payback_years, straight_line, wacc

rates = st.floats(min_value=0.0, max_value=0.5)
lives = st.floats(min_value=0.5, max_value=40)


def test_crf_closed_forms():
    assert crf(0.0, 5) == pytest.approx(0.2)
    assert crf(0.10, 5) == pytest.approx(0.10 / (1 - 1.1**-5))
    # matches numpy-financial's level payment on a unit loan
    assert crf(0.07, 12) == pytest.approx(-npf.pmt(0.07, 12, 1.0))


@settings(max_examples=200, deadline=None)
@given(n=lives)
def test_crf_zero_rate_is_one_over_n(n):
    assert crf(0.0, n) == pytest.approx(1 / n)


@settings(max_examples=200, deadline=None)
@given(r=st.floats(min_value=0.001, max_value=0.5), n=lives)
def test_crf_bounds_and_monotone(r, n):
    c = crf(r, n)
    assert c > 1 / n and c > r  # recovers capital and pays the return
    assert crf(r, n + 1) < c  # a longer life lowers the annual charge when r > 0


def test_crf_broadcasts():
    out = crf(np.array([0.0, 0.1]), np.array([[5.0], [10.0]]))
    assert out.shape == (2, 2)


def test_wacc():
    assert wacc(0.4, 0.15, 0.10, 0.21) == pytest.approx(0.4 * 0.15 + 0.6 * 0.10 * 0.79)


def test_depreciation_schedules_sum_to_depreciable_base():
    sl = straight_line(1000.0, 4, 6, residual=0.1)
    assert sl.sum() == pytest.approx(900.0) and sl[4:].sum() == 0
    db = declining_balance(1000.0, 5, 8, residual=0.1)
    assert db.sum() == pytest.approx(900.0)
    assert db[0] == pytest.approx(400.0)  # double-declining: 2/5 of cost in year 1
    assert (np.diff(db[:5]) <= 1e-9).all()


def test_npv_irr_payback():
    cf = [-100, 60, 60]
    r = irr(cf)
    assert npv(r, cf) == pytest.approx(0.0, abs=1e-9)
    assert payback_years(cf) == pytest.approx(1 + 40 / 60)
    assert np.isnan(irr([100, 50])) and np.isnan(payback_years([-100, 10, 10]))


def test_bad_inputs_name_the_field():
    with pytest.raises(InputError, match=r"years must be > 0 years, got -5"):
        crf(0.1, -5)
    with pytest.raises(InputError, match=r"equity_share must be in \[0, 1\], got 40 — did you mean 0.40\?"):
        wacc(40, 0.1, 0.1)
