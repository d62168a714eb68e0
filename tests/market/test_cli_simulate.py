"""`infranomics simulate` end to end through the real entry point."""

from __future__ import annotations

import json

import pytest

from tests.helpers import invoke


def test_simulate_list_shows_presets_with_sources():
    code, out, err = invoke(["simulate", "list", "--json"])
    assert code == 0, err
    items = {i["name"]: i for i in json.loads(out)}
    assert {"baseline", "railways_1870s", "telecom_2000", "commitments_not_cash", "strong_demand_fast_tech",
            "weak_demand_high_leverage"} <= set(items)
    assert all(i["references"] for i in items.values())
    code, out, _ = invoke(["simulate", "list"])
    assert code == 0 and "weak_demand_high_leverage" in out


def test_simulate_json_contract():
    code, out, err = invoke(["simulate", "--scenario", "baseline", "--paths", "64", "--years", "2", "--seed", "3",
                             "--json"])
    assert code == 0, err
    d = json.loads(out)
    s = d["summary"]
    assert s["paths"] == 64 and s["years"] == 2 and s["seed"] == 3 and s["scenario"] == "baseline"
    assert 0 <= s["bust_probability"] <= 1 and "median_time_to_bust_years" in s
    assert len(d["quantiles"]["utilization"]["p50"]) == len(d["periods"]) == 8
    _code2, out2, _ = invoke(["simulate", "--scenario", "baseline", "--paths", "64", "--years", "2", "--seed", "3",
                             "--json"])
    assert json.loads(out2)["quantiles"] == d["quantiles"]  # same seed, same numbers


def test_simulate_set_and_out(tmp_path):
    code, out, err = invoke(["simulate", "-s", "weak_demand_high_leverage", "-n", "50", "--years", "3",
                             "--set", "finance.debt_share_of_capex=0.8",
                             "--set", 'demand.adoption_rate={dist="lognormal",median=0.3,p90=0.6}',
                             "--out", str(tmp_path / "run")])
    assert code == 0, err
    assert "bust probability" in out
    saved = json.loads((tmp_path / "run" / "result.json").read_text())
    assert saved["scenario"]["params"]["finance.debt_share_of_capex"] == 0.8
    assert (tmp_path / "run" / "quantiles.csv").exists() and (tmp_path / "run" / "signal.csv").exists()


def test_simulate_params_lists_units_and_sources():
    code, out, err = invoke(["simulate", "params", "--block", "finance", "--json"])
    assert code == 0, err
    rows = {r["parameter"]: r for r in json.loads(out)}
    assert rows["finance.debt_share_of_capex"]["unit"] == "fraction"
    assert "Morgan Stanley" in rows["finance.debt_share_of_capex"]["source"]


def test_bad_inputs_exit_2_with_one_line():
    cases = [
        (["simulate", "--scenario", "baselin"], "did you mean 'baseline'"),
        (["simulate", "-s", "baseline", "--set", "demand.elasticity=1"], "unknown parameter 'demand.elasticity'"),
        (["simulate", "-s", "baseline", "--set", "capacity.target_utilization=80"], "did you mean 0.80"),
        (["simulate", "-s", "baseline", "--set",
          'demand.adoption_rate={dist="lognormal",median=0.5,p90=0.1}'], "impossible distribution"),
        (["simulate", "-s", "baseline", "--paths", "100000000000"], "the maximum is"),
        (["simulate", "--paths", "10"], "--scenario is required"),
        (["simulate", "params", "--block", "financ"], "did you mean 'finance'"),
    ]
    for args, msg in cases:
        code, out, err = invoke(args)
        assert code == 2, (args, out, err)
        assert msg in err, (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) <= 3


@pytest.mark.parametrize("years", ["nan", "inf"])
def test_non_finite_years_is_one_line(years):
    """Found by tests/test_cli_bad_values.py: the progress-bar sizing crashed on a non-finite --years."""
    code, _, err = invoke(["simulate", "-s", "baseline", "-n", "20", "--years", years])
    assert code == 2 and f"--years must be in [0.25, 100], got {years}" in err and "Traceback" not in err
