"""POST /api/v1/cost/sensitivity is the engine's sensitivity, with errors that name the range."""

from __future__ import annotations

import pytest

from infranomics import cost
from infranomics._json import jsonable
from infranomics.catalog import Catalog

CAT = Catalog([])
BODY = {"gpu": "H20", "model": "DeepSeek-R1", "utilization": 0.55, "region": "CN", "currency": "CNY"}


def test_sensitivity_is_the_engine(client):
    r = client.post("/api/v1/cost/sensitivity", json=BODY)
    assert r.status_code == 200, r.text
    d = r.json()
    kw = {k: v for k, v in BODY.items() if k != "gpu"}
    assert d == jsonable(cost.sensitivity("H20", catalog=CAT, **kw).to_dict())
    assert d["ranked_by"] == "cost_per_mtok_blended" and d["currency"] == "CNY"
    assert d["rows"][0]["swing"] >= d["rows"][-1]["swing"]


def test_user_ranges_replace_defaults(client):
    r = client.post("/api/v1/cost/sensitivity", json=BODY | {"ranges": {"utilization": [0.3, 0.9]}})
    row = next(x for x in r.json()["rows"] if x["parameter"] == "utilization")
    assert (row["low"], row["high"], row["source"]) == (0.3, 0.9, "user")


@pytest.mark.parametrize(("ranges", "field", "fragment"), [
    ({"utilisation": [0.3, 0.9]}, "ranges", "did you mean"),
    ({"wacc": [0.2, 0.1]}, "ranges.wacc", "low <= high"),
    ({"pue": [0.5, 1.2]}, "ranges.pue", "pue"),
    ({"utilization": [0.1]}, "ranges.utilization", ""),
])
def test_bad_ranges_are_422_naming_the_field(client, ranges, field, fragment):
    r = client.post("/api/v1/cost/sensitivity", json=BODY | {"ranges": ranges})
    assert r.status_code == 422, r.text
    e = r.json()["error"]
    assert e["field"].startswith(field), e
    assert fragment in e["message"]


def test_joint_draws_through_the_api_and_their_limit(client):
    r = client.post("/api/v1/cost/sensitivity", json=BODY | {"draws": 100, "seed": 3, "against": 1.48})
    assert r.status_code == 200, r.text
    kw = {k: v for k, v in BODY.items() if k != "gpu"}
    assert r.json()["spread"] == jsonable(cost.sensitivity("H20", catalog=CAT, draws=100, seed=3, against=1.48,
                                                           **kw).spread)
    r = client.post("/api/v1/cost/sensitivity", json=BODY | {"draws": 1001})
    assert r.status_code == 422 and r.json()["error"]["field"] == "draws"
    assert "limit on the work" in r.json()["error"]["message"]
