"""Cost orchestrator: currencies, views, financing modes, input errors."""

from __future__ import annotations

import pytest

from infranomics import InputError, UnknownNameError
from infranomics.cost.chain import estimate
from infranomics.units import fx_rate


def test_cny_output_is_the_usd_figure_at_the_year_rate():
    d = estimate("H20", currency="CNY", currency_year=2024).to_dict()
    assert d["cny_per_gpu_hour"] == pytest.approx(d["usd_per_gpu_hour"] * fx_rate("CNY", 2024))


def test_cny_prices_are_converted_before_comparing():
    usd = estimate("H20", tokens_per_s=500, input_tokens_per_s=2000, price_input=0.5, price_output=2,
                   currency_year=2024).to_dict()
    r = fx_rate("CNY", 2024)
    cny = estimate("H20", tokens_per_s=500, input_tokens_per_s=2000, price_input=0.5 * r, price_output=2 * r,
                   currency="CNY", currency_year=2024).to_dict()
    assert cny["revenue_usd_per_gpu_hour"] == pytest.approx(usd["revenue_usd_per_gpu_hour"])


def test_gpu_time_split_is_additive():
    d = estimate("H100", tokens_per_s=1000, input_tokens_per_s=4000, prefill_time_share=0.2).to_dict()
    assert d["cost_attribution"] == "gpu-time"
    per_hour_tokens = 3600 * (1 - 0.02) / 1e6
    cost = d["usd_per_mtok_input"] * 4000 * per_hour_tokens + d["usd_per_mtok_output"] * 1000 * per_hour_tokens
    assert cost == pytest.approx(d["usd_per_gpu_hour"])


def test_views_disagree_in_the_expected_direction():
    """Book life longer than economic life leaves a write-off; levelized includes a return on capital."""
    d = estimate("H100", life_years=4, accounting_life_years=6, wacc=0.12).to_dict()
    v = d["views_usd_per_gpu_hour"]
    assert v["levelized"] > v["cash"]  # the cash view earns nothing on capital


def test_financing_modes():
    buy = estimate("H100", financing="buy", wacc=0.10).to_dict()
    spv = estimate("H100", financing="spv").to_dict()
    lease = estimate("H100", financing="lease", financing_options={"lease_rate": 0.14}).to_dict()
    assert spv["capital_rate"] == pytest.approx(0.375 * 0.15 + 0.625 * 0.10)
    assert lease["usd_per_gpu_hour"] > buy["usd_per_gpu_hour"]
    pre = estimate("H100", financing_options={"prepayment_frac": 0.25}).to_dict()
    assert pre["breakdown"]["capital"] < buy["breakdown"]["capital"]


def test_build_vs_colo():
    colo = estimate("H100").to_dict()
    build = estimate("H100", build_usd_per_mw=11.7e6).to_dict()
    assert build["facility"] == "build" and colo["facility"] == "colo"
    assert build["breakdown"]["facility"] != colo["breakdown"]["facility"]


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"utilization": 60}, r"utilization must be in \(0, 1\], got 60 — did you mean 0.60\?"),
    ({"life_years": -3}, r"life_years must be in \[0.25, 30\] years, got -3"),
    ({"region": "US-XX"}, r"unknown region 'US-XX'"),
    ({"currency_year": 1850}, r"no CNY/USD|no US CPI|year 1850"),
    ({"currency": "GBP"}, r"unknown currency"),
    ({"colo_usd_per_kw_month": 150, "build_usd_per_mw": 1e7}, r"not both"),
    ({"price_input": 1.0}, r"give both --price-input and --price-output"),
    ({"price_input": 1.0, "price_output": 2.0}, r"token prices need a throughput"),
    ({"tokens_per_s": 100, "price_input": -1.0, "price_output": 2.0}, r"price_input must be >= 0"),
    ({"cache_hit": 1.5}, r"cache_hit must be in \[0, 1\], got 1.5"),
    ({"assumptions": {"pue_typo": 1}}, r"unknown cost assumption 'pue_typo'"),
])
def test_bad_inputs(kwargs, pattern):
    with pytest.raises(InputError, match=pattern):
        estimate("H100", **kwargs)


def test_missing_price_says_what_to_do():
    with pytest.raises(InputError, match=r"no purchase price for TPU-v5e; give one with --chip-usd"):
        estimate("TPU-v5e")
    assert estimate("TPU-v5e", chip_usd=10_000).to_dict()["usd_per_gpu_hour"] > 0


def test_unknown_gpu_did_you_mean():
    with pytest.raises(UnknownNameError, match=r"unknown accelerator 'H10' — did you mean"):
        estimate("H10")
