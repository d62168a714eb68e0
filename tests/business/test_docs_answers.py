"""docs/business.md answers three of the users' questions with the engine (appliance or API; a GPU cloud's
margin as rental prices fall; who is exposed if OpenAI's revenue falls short). These tests re-run the
commands shown there and check every figure quoted, to the digits printed, so the answers cannot drift."""

from __future__ import annotations

import json

import pytest

from tests.helpers import invoke


def _run(args: list[str]) -> dict:
    code, out, err = invoke(["business", *args, "--json"])
    assert code == 0, err
    return json.loads(out)


def test_appliance_or_api():
    s = _run(["appliance", "--model", "DeepSeek-R1", "--gpu", "H20", "--gpus", "8"])["summary"]
    assert s["appliance_price"] == pytest.approx(1.2e6)
    assert s["appliance_monthly_cost"] == pytest.approx(32_138, abs=1)
    assert s["appliance_cost_per_mtok"] == pytest.approx(129, abs=0.5) and s["api_cost_per_mtok"] == pytest.approx(2.2)
    assert round(s["appliance_cost_per_mtok"] / s["api_cost_per_mtok"]) == 58
    assert s["breakeven_tokens_per_month"] == pytest.approx(14.6e9, rel=0.004)
    assert s["appliance_capacity_tokens_per_month"] == pytest.approx(16.5e9, rel=0.004)
    assert round(100 * s["breakeven_tokens_per_month"] / s["appliance_capacity_tokens_per_month"]) == 89
    assert s["cheapest"] == "api"


@pytest.mark.parametrize(("change", "gm", "gm_dep", "net", "irr", "dscr"), [
    (0.0, 77.8, 40.5, 17.9, 24.6, 0.42), (-0.2, 74.1, 30.5, 7.9, 14.8, 0.04), (-0.4, 71.5, 23.7, 1.0, 7.9, -0.56),
])
def test_gpu_cloud_margin_as_prices_fall(change, gm, gm_dep, net, irr, dscr):
    s = _run(["gpu-cloud", "--tranche", "H100:10000:0:0.7", "--price-change-per-year", str(change)])["summary"]
    assert round(100 * s["gross_margin"], 1) == gm
    assert round(100 * s["gross_margin_incl_all_depreciation"], 1) == gm_dep
    assert round(100 * s["net_margin"], 1) == net
    assert round(100 * s["irr"], 1) == irr
    assert round(s["min_dscr"], 2) == dscr


@pytest.mark.parametrize(("shortfall", "need", "beyond", "exposure"), [
    (0.0, 290, 184, {"Oracle": 75, "Microsoft": 65, "AMD": 28, "AWS": 8.5, "CoreWeave": 7.0}),
    (0.3, 377, 278, {"Oracle": 114, "Microsoft": 99, "AMD": 43, "AWS": 13, "CoreWeave": 11}),
    (0.5, 440, 342, {"Oracle": 140, "Microsoft": 121, "AMD": 52, "AWS": 16, "CoreWeave": 13}),
])
def test_who_is_exposed_if_openai_falls_short(shortfall, need, beyond, exposure):
    s = _run(["model-lab", "--revenue-shortfall", str(shortfall)])["summary"]
    assert s["funding_need"] / 1e9 == pytest.approx(need, abs=0.5)
    assert s["funding_need_vs_plan"] / 1e9 == pytest.approx(beyond, abs=0.5)
    assert s["plan_cumulative_burn"] / 1e9 == pytest.approx(116, abs=0.5)
    assert s["committed_compute_total"] / 1e9 == pytest.approx(588, abs=0.5)
    got = {k: v / 1e9 for k, v in s["exposure_by_seller"].items()}
    for seller, bn in exposure.items():
        assert got[seller] == pytest.approx(bn, abs=0.5 if bn >= 10 else 0.05), seller
    assert sum(got.values()) == pytest.approx(s["funding_need_vs_plan"] / 1e9, rel=1e-6)
