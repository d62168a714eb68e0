"""End-to-end tests of `infranomics cost` and `cost compare` (public JSON contract)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import invoke

CONTRACT = {"usd_per_gpu_hour", "breakdown", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_blended",
            "marginal_usd_per_gpu_hour"}


def test_cost_json_contract():
    code, out, err = invoke(["cost", "--gpu", "H100", "--tokens-per-s", "2500", "--input-tokens-per-s", "9000",
                             "--utilization", "0.55", "--price-input", "0.5", "--price-output", "2", "--json"])
    assert code == 0, err
    d = json.loads(out)
    assert set(d) >= CONTRACT
    assert "breakeven_utilization" in d and 0 < d["breakeven_utilization"] < 1
    assert set(d["breakdown"]) == {"chip", "server", "network", "storage_install", "facility", "power", "opex",
                                   "capital"}


def test_cost_human_output_and_views():
    code, out, _ = invoke(["cost", "--gpu", "H20", "--currency", "CNY", "--region", "CN", "--views"])
    assert code == 0
    assert "CNY" in out and "Breakdown per busy GPU-hour" in out and "Year by year" in out


def test_cost_flags_reach_the_model():
    _, a, _ = invoke(["cost", "--gpu", "H100", "--json"])
    _, b, _ = invoke(["cost", "--gpu", "H100", "--json", "--wacc", "0.2", "--life-years", "3", "--pue", "1.5",
                      "--power-price-kwh", "0.12", "--colo-usd-per-kw-month", "250", "--capex-usd", "60000"])
    da, db = json.loads(a), json.loads(b)
    assert db["usd_per_gpu_hour"] > da["usd_per_gpu_hour"]
    assert db["capital_rate"] == 0.2 and db["pue"] == 1.5 and db["power_price_usd_per_kwh"] == 0.12
    assert db["capex_usd_per_gpu"]["total"] == pytest.approx(60000)


@pytest.mark.parametrize(("args", "pattern"), [
    (["cost", "--gpu", "H100", "--utilization", "60"], "did you mean 0.60?"),
    (["cost", "--gpu", "H100", "--life-years", "-2"], "life_years must be in"),
    (["cost", "--gpu", "H100", "--region", "Mars"], "unknown region 'Mars'"),
    (["cost", "--gpu", "H100", "--currency-year", "1890"], "year 1890"),
    (["cost", "--gpu", "H1OO"], "unknown accelerator 'H1OO'"),
    (["cost"], "--gpu is required"),
    (["cost", "--gpu", "H100", "--assume", "pue"], "not of the form KEY=VALUE"),
])
def test_cost_bad_input_exits_2_with_one_line(args, pattern):
    code, _, err = invoke(args)
    assert code == 2
    assert pattern in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_compare_ranks_by_gpu_hour():
    code, out, err = invoke(["cost", "compare", "--gpus", "H100,H200,B200,MI300X,Ascend-910C", "--json"])
    assert code == 0, err
    d = json.loads(out)
    rows = d["rows"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    costs = [r["usd_per_gpu_hour"] for r in rows]
    assert costs == sorted(costs)


def test_compare_in_cny_keeps_usd_fields_and_adds_cny():
    args = ["cost", "compare", "--gpus", "H20,H200", "--region", "CN", "--currency", "CNY"]
    code, out, err = invoke([*args, "--json"])
    assert code == 0, err
    d = json.loads(out)
    assert d["currency"] == "CNY" and d["ranked_by"] == "usd_per_gpu_hour"
    for r in d["rows"]:
        direct = json.loads(invoke(["cost", "--gpu", r["gpu"], "--region", "CN", "--currency", "CNY", "--json"])[1])
        assert r["cny_per_gpu_hour"] == pytest.approx(direct["cny_per_gpu_hour"])
        assert r["usd_per_gpu_hour"] == pytest.approx(direct["usd_per_gpu_hour"])
        assert r["capex_cny_per_gpu"] == pytest.approx(direct["capex_cny_per_gpu"]["total"])
    code, out, err = invoke(args)
    assert code == 0, err
    assert "¥/GPU-h" in out and "(CNY of " in out and "$/GPU-h" not in out
