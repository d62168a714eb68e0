"""Bad input names the field; the CLI contract of `infranomics business`."""

from __future__ import annotations

import json
import re

import pytest

from infranomics import InputError
from infranomics.business import Tranche, appliance_vendor, compute_center, gpu_cloud, maas, model_lab
from tests.helpers import invoke

BASE = dict(gpu="H100", input_tokens_per_day=1e9, output_tokens_per_day=1e8, price_input=1, price_output=2,
            gpu_hour_usd=2.0, output_tokens_per_s_per_gpu=1000)


@pytest.mark.parametrize(("over", "pattern"), [
    ({"cache_hit": 1.5}, r"cache_hit must be in \[0, 1\], got 1.5"),
    ({"price_output": -1}, r"price_output must be >= 0"),
    ({"price_input_cache_hit": 5}, r"cache hit is never dearer"),
    ({"nodes": 1, "gpus_per_node": 1}, r"cannot serve the demand .* needs"),
    ({"redundancy": 30}, r"did you mean 0.30"),
    ({"fleet": "elastik"}, r"unknown fleet 'elastik'"),
    ({"output_tokens_per_s_per_gpu": None}, r"size the fleet"),
    ({"months": 0}, r"months must be in \[1, 240\]"),
    ({"prefill_tokens_per_s_per_gpu": 100}, r"give both"),
    # found by tests/test_cli_bad_values.py: these compounded into NaN and a misleading "needs no GPUs" error
    ({"demand_growth_per_year": -3}, r"demand_growth_per_year must be in \[-1, 100\] fraction/year, got -3"),
    ({"demand_growth_per_year": float("nan")}, r"demand_growth_per_year must be a number, got NaN"),
    ({"price_change_per_year": float("-inf")}, r"price_change_per_year must be in \[-1, 10\]"),
    ({"throughput_gain_per_year": -0.95}, r"throughput_gain_per_year must be in \[-0.9, 100\]"),
])
def test_maas_bad_input(over, pattern):
    with pytest.raises(InputError, match=pattern):
        maas(**(BASE | over))


def test_other_bad_inputs():
    with pytest.raises(InputError, match=r"payment tranches must sum to 1"):
        appliance_vendor(advance=0.5)
    with pytest.raises(InputError, match=r"contract_share must be in \[0, 1\]"):
        Tranche("H100", 10, contract_share=2)
    with pytest.raises(InputError, match=r"unknown model-lab parameter 'g2'"):
        model_lab(params={"g2": 1})


def test_vendor_money_defaults_follow_the_currency():
    """The vendor's default bill of materials is the catalog's H20 8-card server (1.2M RMB, Huxiu mid-2024);
    asked in USD it is converted at the 2024 rate, not read as $1.2M."""
    from infranomics.units import fx_rate

    cny, usd = appliance_vendor(), appliance_vendor(currency="USD")
    assert cny.inputs["bom_per_unit"] == pytest.approx(1.2e6)
    assert usd.inputs["bom_per_unit"] == pytest.approx(1.2e6 / fx_rate("CNY", 2024))
    assert usd.inputs["integration_per_unit"] == pytest.approx(60_000 / fx_rate("CNY", 2025))
    # margins are currency-free; only the 2024-vs-2025 rate of the BOM and the other lines differ, slightly
    assert usd.summary["project_gross_margin"] == pytest.approx(cny.summary["project_gross_margin"], abs=2e-3)
    assert usd.currency == "USD" and any("H20 8-card server" in n for n in usd.notes)
    given = appliance_vendor(currency="USD", bom_per_unit=150_000)
    assert given.inputs["bom_per_unit"] == 150_000 and not given.notes
    with pytest.raises(InputError, match=r"unknown currency 'EUR'"):
        appliance_vendor(currency="EUR")


@pytest.mark.parametrize("currency", ["CNY", "EUR"])
def test_usd_models_shown_in_another_currency_are_the_usd_run_times_one_rate(currency):
    """The GPU cloud and the computing centre compute in USD; asked in CNY or EUR, every money column and
    money summary field is the USD figure times the currency year's average rate (FX table), and nothing
    else moves: counts, utilisation, margins, IRR, payback, DSCR."""
    from infranomics.units import fx_rate

    for run in (lambda **k: compute_center(region="CN-GZ", **k),
                lambda **k: gpu_cloud(tranches=[Tranche("H100", 2000), Tranche("B200", 500, delivery_month=9)],
                                      months=48, **k)):
        usd, other = run(), run(currency=currency)
        rate = fx_rate(currency, usd.currency_year)
        assert other.currency == currency and other.currency_year == usd.currency_year
        for c in usd.periods.columns:
            if c == "period":
                continue
            k = 1.0 if c in ("installed_gpus", "billed_gpu_hours", "utilization") else rate
            assert other.periods[c].to_numpy() == pytest.approx(usd.periods[c].to_numpy() * k), c
        for key in ("gross_margin", "net_margin", "irr", "payback_years", "min_dscr", "discount_rate"):
            assert other.summary[key] == pytest.approx(usd.summary[key]), key
        for key in ("revenue", "npv", "net_income", "peak_funding_need", "lowest_cash"):
            assert other.summary[key] == pytest.approx(usd.summary[key] * rate), key
        for key in (k for k in usd.summary if "usd" in k):  # USD fields stay, with a converted copy beside
            assert other.summary[key] == usd.summary[key]
            assert other.summary[key.replace("usd", currency.lower())] == pytest.approx(
                _times(usd.summary[key], rate))


def _times(v, rate):
    return {k: x * rate for k, x in v.items()} if isinstance(v, dict) else v * rate


@pytest.mark.parametrize(("flag", "value", "pattern"), [
    ("--debt-years", "nan", r"debt_years must be a number, got NaN"),
    ("--debt-years", "inf", r"debt_years must be in \(0, 30\] years, got inf"),
    ("--debt-years", "0", r"debt_years must be in \(0, 30\]"),
    ("--debt-grace-years", "-1", r"debt_grace_years must be in \[0, 10\]"),
    ("--start", "", r"start must be a month YYYY-MM .* got ''"),
    ("--start", "2025-13", r"start must be a month YYYY-MM .* got '2025-13'"),
])
def test_cli_gpu_cloud_debt_terms_are_checked(flag, value, pattern):
    """Found by a sweep of bad values over every business flag: a non-finite debt term crashed with a traceback."""
    code, _, err = invoke(["business", "gpu-cloud", "--tranche", "H100:100", flag, value])
    assert code == 2 and "Traceback" not in err
    assert re.search(pattern, err), err


def test_usd_models_reject_an_unknown_currency():
    with pytest.raises(InputError, match=r"unknown currency 'JPY'.*CNY"):
        compute_center(currency="JPY")
    with pytest.raises(InputError, match=r"unknown currency 'RMB'"):
        gpu_cloud(tranches=[Tranche("H100", 10)], currency="RMB")


def test_cli_compute_center_in_yuan():
    code, out, _ = invoke(["business", "compute-center", "--currency", "CNY", "--json"])
    assert code == 0
    d = json.loads(out)
    assert d["currency"] == "CNY" and d["summary"]["build_cny_per_mw"] > 5 * d["summary"]["build_usd_per_mw"]
    code, _, err = invoke(["business", "gpu-cloud", "--tranche", "H100:100", "--currency", "yen"])
    assert code == 2 and "currency" in err and "yen" in err and "Traceback" not in err


def test_cli_json_contract_for_every_model(tmp_path):
    runs = [
        ["business", "gpu-cloud", "--tranche", "H100:1000", "--tranche", "B200:500:6:0.9:3.0:2", "--months", "24"],
        ["business", "appliance", "--system-tokens-per-s", "800"],
        ["business", "appliance", "--view", "vendor"],
        ["business", "compute-center", "--capex-usd-per-gpu", "20000"],
        ["business", "model-lab", "--revenue-shortfall", "0.3"],
        ["business", "maas", "--gpu", "H100", "--input-tokens-per-day", "1e10", "--output-tokens-per-day", "2e9",
         "--price-input", "0.5", "--price-output", "2", "--output-tokens-per-s-per-gpu", "1500"],
    ]
    for args in runs:
        code, out, err = invoke([*args, "--json", "--csv", str(tmp_path / f"{args[1]}.csv")])
        assert code == 0, (args, err)
        d = json.loads(out)
        assert isinstance(d["periods"], list) and d["periods"] and isinstance(d["summary"], dict), args
        assert (tmp_path / f"{args[1]}.csv").exists()


def test_cli_bad_tranche_one_line():
    code, _, err = invoke(["business", "gpu-cloud", "--tranche", "H100"])
    assert code == 2 and "--tranche 'H100' must be GPU:COUNT" in err and len(err.strip().splitlines()) == 1


def test_cli_human_output():
    code, out, _ = invoke(["business", "model-lab"])
    assert code == 0 and "funding need" in out and "Oracle" in out


def test_appliance_buyer_precision_flag():
    base = ["business", "appliance", "--model", "Qwen2.5-72B", "--gpu", "H20", "--gpus", "8", "--json"]
    code, out, err = invoke(base)
    assert code == 0, err
    bf16 = json.loads(out)
    code, out, err = invoke([*base, "--precision", "fp8"])
    assert code == 0, err
    fp8 = json.loads(out)
    assert bf16["inputs"]["perf"]["precision"] == "bf16" and fp8["inputs"]["perf"]["precision"] == "fp8"
    # 8-bit weights leave more HBM for KV cache and halve the bytes read: more tokens a month, cheaper per token
    assert fp8["summary"]["appliance_capacity_tokens_per_month"] > bf16["summary"]["appliance_capacity_tokens_per_month"]
    assert fp8["summary"]["appliance_cost_per_mtok"] <= bf16["summary"]["appliance_cost_per_mtok"]
    code, _, err = invoke([*base, "--precision", "fp3"])
    assert code == 2 and "unknown precision 'fp3'" in err
