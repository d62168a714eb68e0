"""Invariants of the cost model (hypothesis): utilisation, life, breakdown, break-even."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infranomics.cost.chain import BREAKDOWN_KEYS, estimate

GPUS = ["H100-SXM", "H200", "B200", "MI300X", "H20"]


@settings(max_examples=40, deadline=None)
@given(gpu=st.sampled_from(GPUS), u1=st.floats(0.05, 1.0), u2=st.floats(0.05, 1.0),
       tps=st.floats(10, 50_000))
def test_higher_utilization_never_raises_cost_per_token(gpu, u1, u2, tps):
    lo, hi = sorted((u1, u2))
    a = estimate(gpu, utilization=lo, tokens_per_s=tps).to_dict()
    b = estimate(gpu, utilization=hi, tokens_per_s=tps).to_dict()
    assert b["usd_per_mtok_blended"] <= a["usd_per_mtok_blended"] * (1 + 1e-12)
    assert b["usd_per_gpu_hour"] <= a["usd_per_gpu_hour"] * (1 + 1e-12)


@settings(max_examples=40, deadline=None)
@given(gpu=st.sampled_from(GPUS), n=st.floats(1, 9), w=st.floats(0.01, 0.3))
def test_longer_life_lowers_levelized_capex_when_wacc_positive(gpu, n, w):
    def capex_part(life):
        d = estimate(gpu, life_years=life, wacc=w).to_dict()["breakdown"]
        return sum(d[k] for k in ("chip", "server", "network", "storage_install", "capital"))

    assert capex_part(n + 1) < capex_part(n)


@settings(max_examples=40, deadline=None)
@given(gpu=st.sampled_from(GPUS), u=st.floats(0.05, 1.0), w=st.floats(0.0, 0.3), pue=st.floats(1.05, 2.0),
       build=st.booleans())
def test_breakdown_sums_to_total(gpu, u, w, pue, build):
    d = estimate(gpu, utilization=u, wacc=w, pue=pue, build_usd_per_mw=11.7e6 if build else None).to_dict()
    assert list(d["breakdown"]) == list(BREAKDOWN_KEYS)
    assert sum(d["breakdown"].values()) == pytest.approx(d["usd_per_gpu_hour"], rel=1e-12)
    assert d["usd_per_installed_gpu_hour"] == pytest.approx(d["usd_per_gpu_hour"] * u, rel=1e-12)


def test_zero_rate_has_no_return_on_capital():
    d = estimate("H100", wacc=0.0).to_dict()
    assert d["breakdown"]["capital"] == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(gpu=st.sampled_from(GPUS), p_out=st.floats(0.05, 50), u=st.floats(0.1, 1.0))
def test_breakeven_utilization_makes_margin_zero(gpu, p_out, u):
    d = estimate(gpu, tokens_per_s=2000, input_tokens_per_s=8000, price_input=p_out / 4, price_output=p_out,
                 utilization=u).to_dict()
    bu = d["breakeven_utilization"]
    if bu is None:
        return
    at = estimate(gpu, tokens_per_s=2000, input_tokens_per_s=8000, price_input=p_out / 4, price_output=p_out,
                  utilization=bu).to_dict()
    assert at["margin_per_gpu_hour_usd"] == pytest.approx(0.0, abs=1e-9 * max(1.0, at["revenue_usd_per_gpu_hour"]))


def test_marginal_cost_is_power_at_busy_draw_and_below_full_cost():
    r = estimate("H100", tokens_per_s=1000)
    d = r.to_dict()
    p = r.gpu_hour.power
    assert d["marginal_usd_per_gpu_hour"] == pytest.approx(p.it_kw * d["pue"] * p.price_kwh * p.busy_draw_frac)
    assert d["marginal_usd_per_gpu_hour"] < d["usd_per_gpu_hour"]
    assert d["marginal_usd_per_mtok_blended"] < d["usd_per_mtok_blended"]
