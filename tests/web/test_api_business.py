"""Business endpoints: responses equal BusinessResult.to_dict(); errors name the field; limits."""

from __future__ import annotations

import pytest

from infranomics._json import jsonable
from infranomics.catalog import Catalog
from infranomics.web.registry import available

pytestmark = pytest.mark.skipif(not available(("infranomics.business:maas",)),
                                reason="infranomics.business is not available")

CAT = Catalog([])
MAAS = {"gpu": "H800", "input_tokens_per_day": 608e9, "output_tokens_per_day": 168e9, "cache_hit": 0.563,
        "price_input": 0.55, "price_input_cache_hit": 0.14, "price_output": 2.19,
        "prefill_tokens_per_s_per_gpu": 9212, "decode_tokens_per_s_per_gpu": 1850, "fleet": "elastic"}


def test_maas_is_the_engine_to_dict(client):
    from infranomics import business

    r = client.post("/api/v1/business/maas", json=MAAS)
    assert r.status_code == 200, r.text
    assert r.json() == jsonable(business.maas(**MAAS, catalog=CAT).to_dict())
    s = r.json()["summary"]
    assert 0 < s["load_rate"] <= 1 and s["revenue_usd_per_day"] > s["cost_usd_per_day"]


def test_maas_in_cny_repeats_daily_money(client):
    d = client.post("/api/v1/business/maas", json=MAAS | {"currency": "CNY", "price_input": 4,
                                                          "price_input_cache_hit": 1, "price_output": 16}).json()
    assert d["currency"] == "CNY" and d["summary"]["revenue_cny_per_day"] > d["summary"]["revenue_usd_per_day"]


def test_gpu_cloud_is_the_engine_to_dict(client):
    from infranomics import business

    body = {"tranches": [{"gpu": "H100", "count": 5000, "contract_share": 0.5}], "months": 48,
            "price_change_per_year": -0.3}
    d = client.post("/api/v1/business/gpu-cloud", json=body).json()
    e = business.gpu_cloud(tranches=[business.Tranche(gpu="H100", count=5000, contract_share=0.5)], months=48,
                           price_change_per_year=-0.3, catalog=CAT).to_dict()
    assert d == jsonable(e)
    assert len(d["periods"]) == 16


def test_appliance_buyer_is_the_engine_to_dict(client):
    from infranomics import business

    body = {"input_tokens_per_month": 2e9, "output_tokens_per_month": 5e8, "system_tokens_per_s": 2000}
    d = client.post("/api/v1/business/appliance-buyer", json=body).json()
    assert d == jsonable(business.appliance_buyer(**body, catalog=CAT).to_dict())
    assert d["summary"]["cheapest"] in ("appliance", "api", "rent")


@pytest.mark.parametrize(("path", "body", "field", "fragment"), [
    ("maas", MAAS | {"gpu": "H80"}, "gpu", "did you mean"),
    ("maas", MAAS | {"cache_hit": 56}, "cache_hit", "did you mean 0.56"),
    ("maas", MAAS | {"months": 121}, "months", "limit on the work"),
    ("maas", MAAS | {"start": "2025-13"}, "start", "pattern"),
    ("maas", MAAS | {"price_input_cache_hit": 9}, "price_input_cache_hit", "never dearer"),
    ("maas", {k: v for k, v in MAAS.items() if "per_s" not in k}, "nodes", "size the fleet"),
    ("gpu-cloud", {"tranches": []}, "tranches", "at least 1"),
    ("gpu-cloud", {"tranches": [{"gpu": "H100", "count": 1}] * 21}, "tranches", "limit on the work"),
    ("gpu-cloud", {"tranches": [{"gpu": "H100", "count": -1}]}, "tranches.0.count", "greater than 0"),
    ("appliance-buyer", {"input_tokens_per_month": 1e9, "output_tokens_per_month": 1e8}, "model", "system"),
    ("appliance-buyer", {"input_tokens_per_month": 1e9, "output_tokens_per_month": 1e8,
                         "system_tokens_per_s": 100, "currency": "EUR"}, "currency", "USD"),
    ("compute-center", {"currency": "JPY"}, "currency", "CNY"),
    ("gpu-cloud", {"tranches": [{"gpu": "H100", "count": 1}], "currency": "RMB"}, "currency", "CNY"),
])
def test_business_errors_name_the_field(client, path, body, field, fragment):
    r = client.post(f"/api/v1/business/{path}", json=body)
    assert r.status_code == 422, r.text
    e = r.json()["error"]
    assert e["field"] == field, e
    assert fragment in e["message"], e["message"]


@pytest.mark.parametrize(("path", "body", "call"), [
    ("appliance-vendor", {"units": 5, "bom_per_unit": 1.0e6}, "appliance_vendor"),
    ("compute-center", {"gpus": 1024, "capex_usd_per_gpu": 20000}, "compute_center"),
    ("compute-center", {"gpus": 1024, "currency": "CNY"}, "compute_center"),
    ("model-lab", {"revenue_shortfall": 0.3}, "model_lab"),
])
def test_other_business_models_are_the_engine_to_dict(client, path, body, call):
    from infranomics import business

    r = client.post(f"/api/v1/business/{path}", json=body)
    assert r.status_code == 200, r.text
    fn = getattr(business, call)
    kwargs = dict(body, catalog=CAT)
    assert r.json()["summary"] == jsonable(fn(**kwargs).to_dict())["summary"]


def test_vendor_tranches_must_sum_to_one(client):
    r = client.post("/api/v1/business/appliance-vendor", json={"advance": 0.9})
    assert r.status_code == 422
    assert "sum to 1" in r.json()["error"]["message"]


def test_appliance_buyer_precision_reaches_the_perf_model(client):
    body = {"input_tokens_per_month": 2e9, "output_tokens_per_month": 5e8, "model": "Qwen2.5-72B"}
    r = client.post("/api/v1/business/appliance-buyer", json=body | {"precision": "fp8"})
    assert r.status_code == 200, r.text
    assert r.json()["inputs"]["perf"]["precision"] == "fp8"
    bad = client.post("/api/v1/business/appliance-buyer", json=body | {"precision": "fp3"})
    assert bad.status_code == 422 and "fp3" in bad.json()["error"]["message"]
