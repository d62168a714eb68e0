"""Every bundled row passes its schema and carries provenance; the catalog meets the counts the project promises."""

from __future__ import annotations

import pandas as pd
import pytest

from infranomics.catalog import Catalog, dataset_names, get_schema
from infranomics.catalog.loader import _bundled_path
from infranomics.catalog.validate import parse_table


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return Catalog([])


@pytest.mark.parametrize("name", dataset_names())
def test_bundled_file_is_valid_and_sourced(name):
    df, problems = parse_table(_bundled_path(name), get_schema(name))
    assert problems == [], "\n".join(map(str, problems[:10]))
    assert len(df) > 0
    assert df["source"].notna().all() and (df["source"].str.strip() != "").all()
    assert df["retrieved"].notna().all()


def test_whole_catalog_validates_including_references(cat):
    assert cat.validate() == []


def test_catalog_counts_meet_the_promise(cat):
    acc = cat.load("accelerators")
    assert len(acc) >= 20
    for must in ["A100-SXM", "H100-SXM", "H100-PCIe", "H800", "H20", "H200", "B200", "B300", "GB200", "GB300",
                 "MI300X", "MI325X", "MI355X", "TPU-v5e", "TPU-v6e", "TPU-v7", "Ascend-910B", "Ascend-910C"]:
        assert must in set(acc["name"]), must
    models = cat.load("models")
    assert len(models) >= 20
    for must in ["Llama-2-70B", "Llama-3.1-8B", "Llama-3.1-70B", "Llama-3.1-405B", "DeepSeek-V3", "DeepSeek-R1",
                 "Qwen2.5-72B", "gpt-oss-20b", "gpt-oss-120b", "Kimi-K2", "GLM-4.5"]:
        assert must in set(models["name"]), must
    prices = cat.load("token_prices")
    assert len(prices) >= 100
    assert prices["provider"].nunique() >= 12
    assert {"CNY", "USD"} <= set(prices["currency"])
    ds = prices[prices["provider"].str.lower() == "deepseek"]
    assert ds["effective_date"].nunique() >= 3, "DeepSeek price history"
    assert (prices["tier"].str.contains("off-peak", case=False)).any()


def test_known_spec_values(cat):
    """Spot checks against vendor datasheets (inference.md §2.4 sources A and C)."""
    acc = cat.load("accelerators").set_index("name")
    assert acc.loc["H100-SXM", "bf16_tflops"] == pytest.approx(989, rel=0.01)
    assert acc.loc["H100-SXM", "hbm_tbps"] == pytest.approx(3.35, rel=0.01)
    assert acc.loc["H200", "hbm_gb"] == pytest.approx(141, rel=0.01)
    assert acc.loc["MI300X", "hbm_gb"] == pytest.approx(192, rel=0.01)
    m = cat.load("models").set_index("name")
    assert m.loc["DeepSeek-V3", "total_params_b"] == pytest.approx(671, rel=0.01)
    assert m.loc["DeepSeek-V3", "active_params_b"] == pytest.approx(37, rel=0.02)
    assert m.loc["DeepSeek-V3", "kv_lora_rank"] == 512
    assert m.loc["Llama-3.1-70B", "kv_heads"] == 8


def test_fx_and_cpi_have_no_gaps(cat):
    fx = cat.load("fx_rates")
    cny = sorted(fx.loc[fx["currency"] == "CNY", "year"])
    assert set(range(2000, 2026)) <= set(cny)
    cpi = sorted(cat.load("cpi")["year"])
    assert set(range(1990, 2026)) <= set(cpi)


def test_dtypes_follow_schema(cat):
    acc = cat.load("accelerators")
    assert pd.api.types.is_float_dtype(acc["hbm_tbps"])
    assert str(acc["launch_year"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(acc["retrieved"])
