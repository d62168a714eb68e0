"""Currency conversion and deflation from bundled tables: round trips, anchors, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infranomics import InputError, UnknownNameError, convert, deflate, fx_rate, to_usd
from infranomics.units import cpi_years, fx_years

CNY_YEARS = fx_years("CNY")
CPI_YEARS = cpi_years()


def test_anchor_values():
    # BLS CPI-U annual averages: 2023 = 304.702, 2024 = 313.689 (BLS CUUR0000SA0)
    assert deflate(100.0, 2023, 2024) == pytest.approx(100 * 313.689 / 304.702, rel=1e-6)
    # CNY per USD averaged ~7.08-7.20 in 2023-2025 (Federal Reserve G.5A / H.10)
    for y in (2023, 2024, 2025):
        assert 6.8 < fx_rate("CNY", y) < 7.4
    assert fx_rate("USD", 2020) == 1.0


@settings(max_examples=200, deadline=None)
@given(amount=st.floats(min_value=1e-6, max_value=1e12, allow_nan=False), year=st.sampled_from(CNY_YEARS))
def test_currency_round_trip(amount, year):
    there = convert(amount, "USD", "CNY", year)
    back = convert(there, "CNY", "USD", year)
    assert back == pytest.approx(amount, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(amount=st.floats(min_value=1e-6, max_value=1e12, allow_nan=False),
       a=st.sampled_from(CPI_YEARS), b=st.sampled_from(CPI_YEARS), c=st.sampled_from(CPI_YEARS))
def test_deflation_is_transitive(amount, a, b, c):
    assert deflate(deflate(amount, a, b), b, c) == pytest.approx(deflate(amount, a, c), rel=1e-9)


def test_arrays_broadcast():
    out = convert(np.array([1.0, 2.0]), "USD", "CNY", 2024)
    assert out.shape == (2,) and out[1] == pytest.approx(2 * out[0])


def test_year_outside_tables_is_an_error_not_a_fill():
    with pytest.raises(InputError, match=r"no CNY/USD exchange rate for year 1890; the fx_rates table covers 2000"):
        convert(1.0, "CNY", "USD", 1890)
    with pytest.raises(InputError, match=r"no US CPI for year 2099"):
        deflate(1.0, 2020, 2099)


def test_unknown_currency():
    with pytest.raises(UnknownNameError, match=r"unknown currency 'RMB'"):
        to_usd(1.0, "RMB", 2024)
