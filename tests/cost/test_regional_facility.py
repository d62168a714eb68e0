"""Facility money by power region: a Chinese region picks the China colocation rent (power excluded) and
the China build cost per MW, every other region keeps the US defaults (CBRE rent, Cushman & Wakefield US
build cost), and a value the user gives always wins."""

from __future__ import annotations

import json

import pytest

from infranomics.cost.assumptions import assumption
from infranomics.cost.chain import estimate, is_china_region, region_code
from infranomics.units import fx_rate
from tests.helpers import invoke

YEAR = 2025


def _colo(**kw) -> dict:
    return estimate("H20", currency_year=YEAR, **kw).to_dict()


def test_china_region_codes():
    assert is_china_region("CN") and is_china_region("CN-GZ") and is_china_region("cn-nx")
    assert not is_china_region("US") and not is_china_region("US-TX") and not is_china_region(None)
    assert region_code("Guizhou") == "CN-GZ"


@pytest.mark.parametrize("region", ["CN", "CN-GZ", "Guizhou"])
def test_chinese_power_region_picks_the_china_rent(region):
    d = _colo(region=region)
    cn = assumption("colo_usd_per_kw_month_cn", to_year=YEAR)
    assert d["colo_rent_source"] == "cost_assumptions colo_usd_per_kw_month_cn"
    assert d["colo_usd_per_kw_month"] == pytest.approx(cn)
    assert d["colo_usd_per_kw_month"] == pytest.approx(279 / fx_rate("CNY", 2025))  # the CNY 2025 row
    assert any("China colocation rent" in n for n in d["notes"])
    # a lower rent than the US default, and it is what the facility line charges
    assert d["colo_usd_per_kw_month"] < 0.5 * assumption("colo_usd_per_kw_month", to_year=YEAR)
    us = _colo(region="CN", colo_usd_per_kw_month=assumption("colo_usd_per_kw_month", to_year=YEAR))
    assert d["breakdown"]["facility"] == pytest.approx(us["breakdown"]["facility"] * cn / us["colo_usd_per_kw_month"])


@pytest.mark.parametrize("region", [None, "US", "US-TX"])
def test_other_regions_keep_the_cbre_rent(region):
    d = _colo(region=region)
    assert d["colo_rent_source"] == "cost_assumptions colo_usd_per_kw_month"
    assert d["colo_usd_per_kw_month"] == pytest.approx(assumption("colo_usd_per_kw_month", to_year=YEAR))
    assert assumption("colo_usd_per_kw_month") == pytest.approx(184.06)  # CBRE H2-2024, in 2024 dollars
    assert not any("China colocation rent" in n for n in d["notes"])


def test_power_price_given_directly_keeps_the_default_rent():
    d = _colo(power_price_kwh=0.05)
    assert d["colo_rent_source"] == "cost_assumptions colo_usd_per_kw_month"


@pytest.mark.parametrize("region", ["CN", "US"])
def test_explicit_rent_always_wins(region):
    d = _colo(region=region, colo_usd_per_kw_month=123.0)
    assert d["colo_usd_per_kw_month"] == pytest.approx(123.0) and d["colo_rent_source"] == "user"
    assert not any("China colocation rent" in n for n in d["notes"])
    cny = estimate("H20", currency="CNY", currency_year=YEAR, region=region, colo_usd_per_kw_month=700).to_dict()
    assert cny["colo_cny_per_kw_month"] == pytest.approx(700)


def test_assume_overrides():
    assert _colo(region="CN", assumptions={"colo_usd_per_kw_month_cn": 50})["colo_usd_per_kw_month"] == 50
    # an explicit override of the generic key wins over the regional default too
    d = _colo(region="CN", assumptions={"colo_usd_per_kw_month": 150})
    assert d["colo_usd_per_kw_month"] == 150 and d["colo_rent_source"] == "colo_usd_per_kw_month (override)"
    assert _colo(region="US", assumptions={"colo_usd_per_kw_month_cn": 50})["colo_usd_per_kw_month"] == \
        pytest.approx(assumption("colo_usd_per_kw_month", to_year=YEAR))


def test_own_build_reports_no_rent():
    d = _colo(region="CN", build_usd_per_mw=8e6)
    assert d["facility"] == "build" and d["colo_usd_per_kw_month"] is None and d["colo_rent_source"] is None
    assert not any("China colocation rent" in n for n in d["notes"])


def test_cli_region_cn_uses_the_china_rent():
    code, out, err = invoke(["cost", "--gpu", "H20", "--currency", "CNY", "--region", "CN", "--json"])
    assert code == 0, err
    d = json.loads(out)
    assert d["colo_rent_source"] == "cost_assumptions colo_usd_per_kw_month_cn"
    assert d["colo_cny_per_kw_month"] == pytest.approx(279, rel=0.02)  # 2025 CNY row in the latest full year
    code, out, _ = invoke(["cost", "--gpu", "H20", "--region", "CN", "--colo-usd-per-kw-month", "184.06", "--json"])
    assert json.loads(out)["colo_rent_source"] == "user"
    code, out, _ = invoke(["cost", "--gpu", "H20", "--currency", "CNY", "--region", "CN"])
    assert code == 0 and "colo_usd_per_kw_month_cn" in out and "China colocation rent" in out


def test_own_build_cost_by_region():
    # Cushman & Wakefield 2025: Chinese mainland mid-spec $7.11M/MW (APAC guide) vs US average $11.7M/MW
    cn = _colo(region="CN-GZ", build_usd_per_mw=None)
    assert cn["build_usd_per_mw"] is None  # colocation: no build cost reported
    gh_cn = estimate("H20", currency_year=2025, region="CN").gpu_hour.facility
    gh_us = estimate("H20", currency_year=2025, region="US").gpu_hour.facility
    assert gh_cn.build_usd_per_mw == pytest.approx(7.11e6) and gh_cn.build_source.endswith("build_usd_per_mw_cn")
    assert gh_us.build_usd_per_mw == pytest.approx(11.7e6) and gh_us.build_source.endswith("build_usd_per_mw")
    user = _colo(region="CN", build_usd_per_mw=9e6)
    assert user["build_usd_per_mw"] == pytest.approx(9e6) and user["build_cost_source"] == "user"
    over = estimate("H20", currency_year=2025, region="CN", assumptions={"build_usd_per_mw": 5e6}).gpu_hour.facility
    assert over.build_usd_per_mw == 5e6 and over.build_source == "build_usd_per_mw (override)"


def test_compute_center_builds_at_the_regional_cost():
    from infranomics.business import compute_center

    cn = compute_center(gpus=1000, capex_usd_per_gpu=20_000, region="CN")
    us = compute_center(gpus=1000, capex_usd_per_gpu=20_000, region="US")
    assert cn.summary["build_usd_per_mw"] == pytest.approx(7.11e6)
    assert us.summary["build_usd_per_mw"] == pytest.approx(11.7e6)
    # the facility line scales with the build cost; IT capex does not depend on the region
    assert cn.summary["facility_capex"] / us.summary["facility_capex"] == pytest.approx(7.11 / 11.7)
    assert cn.summary["it_capex"] == pytest.approx(us.summary["it_capex"])
    assert cn.summary["power_usd_per_kwh"] < us.summary["power_usd_per_kwh"]
    assert any("build_usd_per_mw_cn" in n for n in cn.notes)


def test_compute_center_cli_region():
    code, out, err = invoke(["business", "compute-center", "--gpus", "512", "--region", "Guizhou", "--json"])
    assert code == 0, err
    assert json.loads(out)["summary"]["build_usd_per_mw"] == pytest.approx(7.11e6)
    code, out, err = invoke(["business", "compute-center", "--region", "Atlantis"])
    assert code == 2 and "unknown region 'Atlantis'" in (out + err)
