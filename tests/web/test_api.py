"""HTTP API: responses equal the engine's to_dict(), errors name the field, limits are enforced."""

from __future__ import annotations

import json

import pytest

from infranomics import cost
from infranomics._json import jsonable
from infranomics.catalog import Catalog, dataset_names
from infranomics.web.registry import available

CAT = Catalog([])
HAS_PERF = available(("infranomics.perf:estimate", "infranomics.perf:frontier"))


def err(r, status=422):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) >= {"field", "message"}
    return body["error"]


# -- meta, OpenAPI -------------------------------------------------------------------------------

def test_meta_lists_pages_currencies_and_limits(client):
    m = client.get("/api/v1/meta").json()
    keys = [p["key"] for p in m["pages"]]
    assert keys[:2] == ["overview", "cost"] and "catalog" in keys
    assert ("perf" in keys) == HAS_PERF
    assert m["currencies"] == ["USD", "CNY", "EUR"]
    assert m["languages"] == {"en": "English", "zh-CN": "简体中文"}
    assert m["limits"]["compare_gpus"] == 12 and m["limits"]["catalog_rows"] == 5000
    assert m["currency_year"] == cost.default_currency_year(CAT)


def test_openapi_documents_every_field_with_a_description(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "infranomics API"
    assert all(p.startswith("/api/v1/") for p in spec["paths"])
    schemas = spec["components"]["schemas"]
    for name in ("CostRequest", "CompareRequest", "SweepRequest", "CapexPerMwRequest"):
        props = schemas[name]["properties"]
        missing = [f for f, s in props.items() if not s.get("description")]
        assert not missing, f"{name} fields without description: {missing}"
    assert "[fraction]" in schemas["CostRequest"]["properties"]["utilization"]["description"]
    assert schemas["CompareRequest"]["properties"]["gpus"]["maxItems"] == 12
    assert client.get("/api/v1/docs").status_code == 200


def test_unknown_route_and_method_are_json_errors(client):
    e = err(client.get("/api/v1/nothing"), 404)
    assert "/api/v1/nothing" in e["message"]
    e = err(client.get("/api/v1/cost"), 405)
    assert "GET" in e["message"]
    err(client.get("/api/v1/i18n/fr"), 404)


def test_malformed_json_is_a_422(client):
    r = client.post("/api/v1/cost", content=b"{not json", headers={"Content-Type": "application/json"})
    assert "message" in err(r)


# -- catalog -------------------------------------------------------------------------------------

def test_catalog_lists_every_dataset(client):
    rows = client.get("/api/v1/catalog").json()
    assert [r["name"] for r in rows] == dataset_names()
    info = {i.name: i.rows for i in CAT.info()}
    assert all(r["rows"] == info[r["name"]] for r in rows)


@pytest.mark.parametrize("name", dataset_names())
def test_every_dataset_shows_rows_with_their_source(client, name):
    d = client.get(f"/api/v1/catalog/{name}", params={"limit": 5000}).json()
    assert d["total"] == len(CAT.load(name)) == len(d["rows"])
    assert all(r["source"] and r["retrieved"] for r in d["rows"])
    assert {c["name"] for c in d["columns"]} >= {"source", "retrieved"}
    src = client.get(f"/api/v1/catalog/{name}/sources").json()
    assert sum(s["rows"] for s in src["sources"]) == d["total"]


def test_catalog_filters_sort_and_page(client):
    d = client.get("/api/v1/catalog/accelerators", params={"where": "vendor=AMD", "sort": "-hbm_gb"}).json()
    assert d["total"] >= 3 and {r["vendor"] for r in d["rows"]} == {"AMD"}
    hbm = [r["hbm_gb"] for r in d["rows"]]
    assert hbm == sorted(hbm, reverse=True)
    d = client.get("/api/v1/catalog/accelerators", params={"q": "h100"}).json()
    names = [r["name"] for r in d["rows"]]
    assert "H100-SXM" in names and "MI300X" not in names and d["total"] < len(CAT.load("accelerators"))
    d = client.get("/api/v1/catalog/accelerators", params={"where": ["hbm_gb>=141", "vendor~nvid"]}).json()
    assert all(r["hbm_gb"] >= 141 and r["vendor"] == "NVIDIA" for r in d["rows"])
    d = client.get("/api/v1/catalog/cpi", params={"offset": 10, "limit": 5}).json()
    assert len(d["rows"]) == 5 and d["total"] > 15 and d["offset"] == 10


def test_catalog_errors_name_the_field(client):
    e = err(client.get("/api/v1/catalog/acelerators"), 404)
    assert e["field"] == "name" and "did you mean 'accelerators'" in e["message"]
    e = err(client.get("/api/v1/catalog/accelerators", params={"where": "hbm>3"}))
    assert e["field"] == "where.0" and "hbm_gb" in e["message"]
    e = err(client.get("/api/v1/catalog/accelerators", params={"where": "hbm_gb>lots"}))
    assert "not a number" in e["message"]
    e = err(client.get("/api/v1/catalog/accelerators", params={"sort": "speed"}))
    assert e["field"] == "sort"
    e = err(client.get("/api/v1/catalog/accelerators", params={"limit": 5001}))
    assert e["field"] == "limit" and "limit on the work one request may ask for" in e["message"]


# -- cost ----------------------------------------------------------------------------------------

def test_cost_is_the_engine_to_dict(client):
    r = client.post("/api/v1/cost", json={"gpu": "H100", "utilization": 0.5, "region": "US-TX"})
    assert r.status_code == 200, r.text
    expected = jsonable(cost.estimate("H100", utilization=0.5, region="US-TX", catalog=CAT).to_dict())
    assert r.json() == expected


def test_cost_with_prices_throughput_and_cny(client):
    body = {"gpu": "H20", "tokens_per_s": 800, "input_tokens_per_s": 3000, "prefill_time_share": 0.3,
            "price_input": 2, "price_output": 8, "currency": "CNY", "utilization": 0.55}
    d = client.post("/api/v1/cost", json=body).json()
    e = cost.estimate("H20", tokens_per_s=800, input_tokens_per_s=3000, prefill_time_share=0.3, price_input=2,
                      price_output=8, currency="CNY", utilization=0.55, catalog=CAT).to_dict()
    assert d == jsonable(e)
    assert d["cny_per_mtok_blended"] == pytest.approx(e["cny_per_mtok_blended"])
    assert set(d["breakdown_cny"]) == set(cost.BREAKDOWN_KEYS)
    assert d["gross_margin"] is not None and d["breakeven_utilization"] is not None


def test_cost_views_and_assumption_overrides(client):
    d = client.post("/api/v1/cost", json={"gpu": "B200", "views": True, "financing": "lease", "lease_rate": 0.14,
                                          "assumptions": {"maintenance_frac": 0.0}}).json()
    res = cost.estimate("B200", financing="lease", financing_options={"lease_rate": 0.14},
                        assumptions={"maintenance_frac": 0.0}, catalog=CAT)
    assert d["usd_per_gpu_hour"] == pytest.approx(res.to_dict()["usd_per_gpu_hour"])
    assert len(d["yearly_views"]) == len(res.gpu_hour.yearly_views())


@pytest.mark.parametrize(("body", "field", "fragment"), [
    ({"gpu": "H1000"}, "gpu", "did you mean"),
    ({"gpu": "H100", "utilization": 60}, "utilization", "did you mean 0.60"),
    ({"gpu": "H100", "utilization": 0}, "utilization", "greater than 0"),
    ({"gpu": "H100", "bogus": 1}, "bogus", "Extra inputs"),
    ({"gpu": "H100", "power_price_kwh": 0.05, "region": "US"}, "power_price_kwh", "not both"),
    ({"gpu": "H100", "price_input": 1, "price_output": 2}, "price_input", "throughput"),
    ({"gpu": "H100", "price_input": 1, "tokens_per_s": 100}, "price_input", "both"),
    ({"gpu": "H100", "region": "Atlantis"}, "region", "unknown region"),
    ({"gpu": "H100", "currency": "CNY", "currency_year": 1995}, "currency_year", "covers"),
    ({"gpu": "H100", "assumptions": {"maintenance": 0.1}}, "assumptions", "did you mean 'maintenance_frac'"),
    ({"gpu": "H100", "financing": "borrow"}, "financing", "buy"),
    ({}, "gpu", "required"),
])
def test_cost_errors_name_the_field(client, body, field, fragment):
    e = err(client.post("/api/v1/cost", json=body))
    assert e["field"] == field, e
    assert fragment in e["message"], e["message"]


def test_non_finite_numbers_are_rejected(client):
    r = client.post("/api/v1/cost", content=b'{"gpu": "H100", "utilization": NaN}',
                    headers={"Content-Type": "application/json"})
    assert err(r)["field"] == "utilization"
    r = client.post("/api/v1/cost", content=b'{"gpu": "H100", "tokens_per_s": Infinity}',
                    headers={"Content-Type": "application/json"})
    assert err(r)["field"] == "tokens_per_s"


def test_compare_ranks_cheapest_first(client):
    gpus = ["B200", "H100", "MI300X", "H200"]
    d = client.post("/api/v1/cost/compare", json={"gpus": gpus, "utilization": 0.7}).json()
    assert d["ranked_by"] == "usd_per_gpu_hour"
    costs = [r["result"]["usd_per_gpu_hour"] for r in d["rows"]]
    assert costs == sorted(costs) and [r["rank"] for r in d["rows"]] == [1, 2, 3, 4]
    for r in d["rows"]:
        assert r["result"] == jsonable(cost.estimate(r["gpu"], utilization=0.7, catalog=CAT).to_dict())


def test_compare_with_tokens_ranks_by_mtok(client):
    d = client.post("/api/v1/cost/compare", json={"gpus": ["H100", "H200"], "tokens_per_s": 1000}).json()
    assert d["ranked_by"] == "usd_per_mtok_blended"


def test_compare_limits_and_unknown_names(client):
    e = err(client.post("/api/v1/cost/compare", json={"gpus": ["H100"] * 13}))
    assert e["field"] == "gpus" and "at most 12" in e["message"] and "limit on the work" in e["message"]
    e = err(client.post("/api/v1/cost/compare", json={"gpus": ["H100", "H1OO"]}))
    assert e["field"] == "gpus.1"
    err(client.post("/api/v1/cost/compare", json={"gpus": []}))


def test_compare_row_error_for_an_accelerator_without_price(client, tmp_path):
    """An accelerator the engine cannot cost (no price) is a row with its error, not a failed request."""
    from infranomics.web import create_app
    from tests.helpers import accelerator_row, write_csv

    write_csv(tmp_path / "accelerators.csv",
              [accelerator_row(price="", price_currency="", price_year="", price_source="")])
    from tests.web.conftest import test_client

    with test_client(create_app(data_dirs=[tmp_path])) as c:
        d = c.post("/api/v1/cost/compare", json={"gpus": ["TestChip-1", "H100"]}).json()
    assert [r["gpu"] for r in d["rows"]] == ["H100", "TestChip-1"]
    assert d["rows"][1]["result"] is None and "no purchase price" in d["rows"][1]["error"]["message"]


def test_sweep_follows_the_engine(client):
    values = [0.2, 0.5, 1.0]
    d = client.post("/api/v1/cost/sweep", json={"base": {"gpu": "H200"}, "parameter": "utilization",
                                                "values": values}).json()
    assert [p["value"] for p in d["points"]] == values
    for p in d["points"]:
        assert p["result"]["usd_per_gpu_hour"] == pytest.approx(
            cost.estimate("H200", utilization=p["value"], catalog=CAT).to_dict()["usd_per_gpu_hour"])
    costs = [p["result"]["usd_per_gpu_hour"] for p in d["points"]]
    assert costs == sorted(costs, reverse=True)


def test_sweep_errors(client):
    e = err(client.post("/api/v1/cost/sweep", json={"base": {"gpu": "H200"}, "parameter": "utilization",
                                                    "values": [0.5, 0.0]}))
    assert e["field"] == "values.1"
    e = err(client.post("/api/v1/cost/sweep", json={"base": {"gpu": "H200"}, "parameter": "utilization",
                                                    "values": [0.5] * 42}))
    assert e["field"] == "values" and "limit on the work" in e["message"]
    e = err(client.post("/api/v1/cost/sweep", json={"base": {"gpu": "H200"}, "parameter": "gpu", "values": [1]}))
    assert e["field"] == "parameter"


def test_capex_per_mw_is_the_bridge(client):
    d = client.post("/api/v1/cost/capex-per-mw", json={"gpu": "GB200"}).json()
    e = cost.capex_per_mw("GB200", catalog=CAT)
    assert d["gpu"] == "GB200"
    assert d["total_usd_per_mw"] == pytest.approx(e["total_usd_per_mw"])
    assert d["it_share"] == pytest.approx(e["it_share"])


# -- overview ------------------------------------------------------------------------------------

@pytest.mark.parametrize("currency", ["USD", "CNY"])
def test_overview_costs_every_accelerator(client, currency):
    d = client.get("/api/v1/overview", params={"currency": currency}).json()
    acc = CAT.load("accelerators")
    assert [r["accelerator"] for r in d["accelerators"]] == list(acc["name"])
    h100 = next(r for r in d["accelerators"] if r["accelerator"] == "H100-SXM")
    e = cost.estimate("H100-SXM", currency=currency, catalog=CAT).to_dict()
    key = "usd_per_gpu_hour" if currency == "USD" else "cny_per_gpu_hour"
    assert h100["cost_per_gpu_hour"] == pytest.approx(e[key])
    assert h100["rent_per_gpu_hour"] > 0 and h100["rent_quotes"] >= 1
    err(client.get("/api/v1/overview", params={"currency": "JPY"}))


# -- perf ----------------------------------------------------------------------------------------

perf_only = pytest.mark.skipif(not HAS_PERF, reason="infranomics.perf is not available")


@perf_only
def test_perf_is_the_engine_to_dict(client):
    from infranomics import perf

    d = client.post("/api/v1/perf", json={"model": "Llama-3.1-70B", "gpu": "H100", "input_tokens": 2000,
                                          "output_tokens": 500, "precision": "fp8"}).json()
    e = perf.estimate("Llama-3.1-70B", "H100", perf.Workload(2000, 500, 0.0), precision="fp8", catalog=CAT)
    assert d == jsonable(e.to_dict())


@perf_only
def test_perf_slo_and_frontier(client):
    d = client.post("/api/v1/perf", json={"model": "Llama-3.1-8B", "gpu": "H100", "tpot_max_s": 0.02}).json()
    assert d["scenario"] == "slo"
    f = client.post("/api/v1/perf/frontier", json={"model": "Llama-3.1-8B", "gpu": "H100"}).json()
    users = [p["tokens_per_s_per_user"] for p in f["points"]]
    assert users == sorted(users) and len(users) > 3


@perf_only
def test_perf_errors(client):
    e = err(client.post("/api/v1/perf", json={"model": "Lama-3.1-70B", "gpu": "H100"}))
    assert e["field"] == "model" and "did you mean" in e["message"]
    e = err(client.post("/api/v1/perf", json={"model": "Llama-3.1-8B", "gpu": "H100", "gpus": 5000}))
    assert e["field"] == "gpus" and "limit on the work" in e["message"]
    e = err(client.post("/api/v1/perf", json={"model": "Llama-3.1-405B", "gpu": "H100", "gpus": 1}))
    assert "does not fit" in e["message"]


# -- pages ---------------------------------------------------------------------------------------

def test_pages_render_in_both_languages(client):
    for p in client.get("/api/v1/meta").json()["pages"]:
        en = client.get(p["path"])
        assert en.status_code == 200 and "text/html" in en.headers["content-type"]
        zh = client.get(p["path"], params={"lang": "zh-CN"})
        assert '<html lang="zh-CN">' in zh.text
    assert "AI accelerators at a glance" in client.get("/").text
    assert "AI 加速卡概览" in client.get("/", params={"lang": "zh"}).text
    assert "Token 成本分析" in client.get("/cost", params={"lang": "zh-CN"}).text
    assert client.get("/nowhere").status_code == 404


def test_page_embeds_controls_as_data(client):
    html = client.get("/cost").text
    start = html.index('<script id="boot" type="application/json">') + len('<script id="boot" type="application/json">')
    boot = json.loads(html[start:html.index("</script>", start)])
    names = [c["name"] for c in boot["controls"]]
    assert names[:2] == ["gpu", "utilization"] and "compare" in names
    util = next(c for c in boot["controls"] if c["name"] == "utilization")
    assert util["default"] == cost.assumption("utilization", catalog=CAT)
    gpu = next(c for c in boot["controls"] if c["name"] == "gpu")
    assert {o["value"] for o in gpu["options"]} == set(CAT.load("accelerators")["name"])


def test_plotly_is_served_offline_from_the_python_package(client):
    import plotly

    r = client.get("/vendor/plotly.min.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    from pathlib import Path

    assert len(r.content) == (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").stat().st_size
    assert client.get("/static/js/core.js").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200
