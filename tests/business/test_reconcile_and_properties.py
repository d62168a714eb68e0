"""Every P&L reconciles in every period; prices and idle capacity move margins the right way."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infranomics.business import (
    Tranche,
    appliance_buyer,
    appliance_vendor,
    compute_center,
    gpu_cloud,
    maas,
    model_lab,
)


def assert_reconciles(df):
    close = lambda a, b: np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-6)  # noqa: E731
    cor = df[[c for c in df if c.startswith("cor_")]].sum(axis=1) + df["depreciation_in_cor"]
    close(df["cost_of_revenue"], cor)
    close(df["revenue"] - df["cost_of_revenue"], df["gross_profit"])
    close(df["opex"], df[[c for c in df if c.startswith("opex_")]].sum(axis=1))
    close(df["gross_profit"] + df["depreciation_in_cor"] - df["opex"], df["ebitda"])
    close(df["ebitda"] - df["depreciation"], df["ebit"])
    close(df["ebit"] - df["interest"], df["pretax_income"])
    close(df["pretax_income"] - df["tax"], df["net_income"])
    close(df["net_income"] + df["depreciation"] - df["working_capital_change"], df["operating_cash_flow"])
    close(df["operating_cash_flow"] - df["capex"], df["free_cash_flow"])
    close(df["debt_drawn"].cumsum() - df["debt_repaid"].cumsum(), df["debt_balance"])
    cash = df.attrs.get("opening_cash", 0.0) + (df["free_cash_flow"] + df["debt_drawn"] - df["debt_repaid"]
                                                 + df["equity_raised"]).cumsum()
    close(cash, df["cash_balance"])
    assert (df["tax"] >= -1e-9).all()


MAAS = dict(gpu="H100", input_tokens_per_day=50e9, output_tokens_per_day=10e9, cache_hit=0.4, price_input=0.5,
            price_output=2.0, price_input_cache_hit=0.1, output_tokens_per_s_per_gpu=1500,
            input_tokens_per_s_per_gpu=6000, prefill_time_share=0.25, gpu_hour_usd=2.0, months=12)


@settings(max_examples=25, deadline=None)
@given(growth=st.floats(-0.5, 3.0), price_change=st.floats(-0.9, 0.5), own=st.booleans(),
       debt=st.floats(0, 0.9), opex=st.floats(0, 0.5))
def test_maas_reconciles(growth, price_change, own, debt, opex):
    kw = dict(MAAS, demand_growth_per_year=growth, price_change_per_year=price_change, opex_share_of_revenue=opex,
              opex_usd_per_month=1e6)
    if own:
        kw.pop("gpu_hour_usd")
        kw.update(ownership="own", debt_share=debt)
    assert_reconciles(maas(**kw).periods)


@settings(max_examples=20, deadline=None)
@given(share=st.floats(0, 1), util=st.floats(0, 1), ramp=st.integers(0, 6), life=st.floats(2, 7),
       book=st.floats(2, 8), prepaid=st.floats(0, 0.5), periods=st.sampled_from(["month", "quarter", "year"]))
def test_gpu_cloud_reconciles(share, util, ramp, life, book, prepaid, periods):
    r = gpu_cloud(tranches=[Tranche("H100", 1000, contract_share=share, ramp_months=ramp, prepaid_share=prepaid),
                            Tranche("B200", 500, delivery_month=7, contract_price=3.0)],
                  months=48, on_demand_utilization=util, economic_life_years=life, accounting_life_years=book,
                  periods=periods)
    assert_reconciles(r.periods)


def test_other_models_reconcile():
    assert_reconciles(appliance_vendor().periods)
    assert_reconciles(compute_center(capex_usd_per_gpu=20_000).periods)
    assert_reconciles(model_lab(revenue_shortfall=0.2).periods)


@settings(max_examples=30, deadline=None)
@given(p1=st.floats(0.01, 20), p2=st.floats(0.01, 20))
def test_higher_price_never_lowers_gross_margin(p1, p2):
    lo, hi = sorted((p1, p2))
    a = maas(**dict(MAAS, price_output=lo, price_input=lo / 4, price_input_cache_hit=lo / 20)).summary
    b = maas(**dict(MAAS, price_output=hi, price_input=hi / 4, price_input_cache_hit=hi / 20)).summary
    assert b["gross_margin"] >= a["gross_margin"] - 1e-12


@settings(max_examples=30, deadline=None)
@given(r1=st.floats(0, 1), r2=st.floats(0, 1))
def test_more_idle_capacity_never_raises_margin(r1, r2):
    lo, hi = sorted((r1, r2))
    a = maas(**dict(MAAS, redundancy=lo)).summary
    b = maas(**dict(MAAS, redundancy=hi)).summary
    assert b["gross_margin"] <= a["gross_margin"] + 1e-12
    assert b["load_rate"] <= a["load_rate"] + 1e-12


@settings(max_examples=20, deadline=None)
@given(u1=st.floats(0, 1), u2=st.floats(0, 1))
def test_gpu_cloud_idle_on_demand_never_raises_margin(u1, u2):
    lo, hi = sorted((u1, u2))
    kw = dict(tranches=[Tranche("H100", 1000, contract_share=0.3)], months=36)
    a = gpu_cloud(on_demand_utilization=hi, **kw).summary
    b = gpu_cloud(on_demand_utilization=lo, **kw).summary
    assert b["gross_margin"] <= a["gross_margin"] + 1e-12


def test_appliance_loses_to_api_at_low_volume_and_break_even_is_consistent():
    """tco.md case 8: at low enterprise utilisation an appliance costs far more per token than an API."""
    r = appliance_buyer(input_tokens_per_month=200e6, output_tokens_per_month=50e6, system_tokens_per_s=800)
    s = r.summary
    assert s["cheapest"] == "api"
    assert s["appliance_cost_per_mtok"] > 10 * s["api_cost_per_mtok"]
    be = s["breakeven_tokens_per_month"]
    r2 = appliance_buyer(input_tokens_per_month=be * 0.8, output_tokens_per_month=be * 0.2,
                         system_tokens_per_s=800)
    # at the break-even volume the API bill equals the appliance's cost at idle draw (power rises with load)
    assert r2.summary["api_monthly_cost"] == pytest.approx(r2.summary["appliance_monthly_cost"], rel=0.05)
