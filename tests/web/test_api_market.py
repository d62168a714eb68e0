"""Simulate endpoints: responses equal SimulationResult.to_dict(); limits; errors name the field."""

from __future__ import annotations

import pytest

from infranomics._json import jsonable
from infranomics.catalog import Catalog
from infranomics.web.registry import available

pytestmark = pytest.mark.skipif(not available(("infranomics.market:simulate",)),
                                reason="infranomics.market is not available")
CAT = Catalog([])


def test_presets_and_params(client):
    from infranomics import market

    presets = client.get("/api/v1/simulate/presets").json()
    assert [p["name"] for p in presets] == market.preset_names()
    d = client.get("/api/v1/simulate/params", params={"preset": "baseline"}).json()
    assert {p["path"] for p in d["params"]} == set(market.param_paths())
    sliders = [p for p in d["params"] if p["slider"]]
    assert len(sliders) >= 5
    for p in sliders:  # a slider stays inside the model's allowed range and starts at the preset's value
        assert p["lo"] <= p["slider"]["min"] < p["slider"]["max"] <= p["hi"]
        assert p["slider"]["min"] <= p["value"] <= p["slider"]["max"] and p["distribution"] is None
        assert p["source"]


def test_simulate_is_the_engine_to_dict(client):
    from infranomics import market

    body = {"preset": "baseline", "paths": 300, "years": 5, "seed": 7,
            "overrides": {"costs.economic_life_years": 3.0}}
    d = client.post("/api/v1/simulate", json=body).json()
    sc = market.load_scenario("baseline", overrides={"costs.economic_life_years": 3.0}, catalog=CAT)
    e = jsonable(market.simulate(sc, paths=300, years=5, seed=7, catalog=CAT).to_dict())
    for k in ("elapsed_s", "path_steps_per_s"):  # timing differs between two runs, nothing else
        d["summary"].pop(k), e["summary"].pop(k)
    assert d == e
    q = d["quantiles"]["capex_usd"]
    assert len(q["p50"]) == len(d["periods"]) == 20
    assert all(lo <= mid <= hi for lo, mid, hi in zip(q["p5"], q["p50"], q["p95"], strict=True))
    assert 0 <= d["summary"]["bust_probability"] <= 1


def test_zero_volatility_is_one_path_repeated(client):
    d = client.post("/api/v1/simulate", json={"paths": 20, "years": 3, "volatility": 0}).json()
    q = d["quantiles"]["utilization"]
    assert q["p5"] == q["p95"]


@pytest.mark.parametrize(("body", "field", "fragment"), [
    ({"paths": 20_001}, "paths", "limit on the work"),
    ({"years": 31}, "years", "limit on the work"),
    ({"preset": "railways-1870"}, "preset", "unknown preset"),
    ({"overrides": {"costs.economic_life": 3}}, "overrides.costs.economic_life", "did you mean"),
    ({"overrides": {"costs.economic_life_years": 1000}}, "overrides.costs.economic_life_years", "must be in"),
    ({"volatility": 2}, "volatility", "less than or equal to 1"),
    ({"seed": -1}, "seed", "greater than or equal to 0"),
])
def test_simulate_errors_name_the_field(client, body, field, fragment):
    r = client.post("/api/v1/simulate", json=body)
    assert r.status_code == 422, r.text
    e = r.json()["error"]
    assert e["field"] == field and fragment in e["message"], e
