"""Presets and scenario files: sources, extends, overrides, validation messages, hashing."""

from __future__ import annotations

import re

import pytest

from infranomics.errors import InputError, ScenarioError, UnknownNameError
from infranomics.market import list_presets, load_scenario, param_paths, parse_set, preset_names
from infranomics.market.params import CATALOG
from infranomics.market.scenario import _layers

PRESETS = ["baseline", "strong_demand_fast_tech", "weak_demand_high_leverage", "railways_1870s", "telecom_2000",
           "commitments_not_cash"]
SOURCE_OK = re.compile(r"(https?://|catalog|assumption|fitted on|[A-Z][a-z]+.*\(\d{4}|\b(19|20)\d\d\b|claims\.md|cycle\.md|"
                       r"tco\.md|issue 6|US federal|business\.metrics|Nvidia|Meta|Morgan|OpenAI|Sequoia|Tunguz|xAI|"
                       r"Epoch|Sterman|Ulmer|WilTel|FCC|Nebius)")


def test_the_six_presets_exist():
    assert set(PRESETS) <= set(preset_names())
    listed = {p["name"]: p for p in list_presets()}
    for name in PRESETS:
        assert listed[name]["references"], name


@pytest.mark.parametrize("name", PRESETS)
def test_every_parameter_of_every_preset_is_sourced(name):
    sc = load_scenario(name)
    assert set(sc.values) == set(param_paths())
    for path in param_paths():
        src = sc.sources[path]
        assert src and SOURCE_OK.search(src), f"{name}: {path} has no usable source: {src!r}"
        assert sc.values[path] != CATALOG, f"{name}: {path} was not resolved from the catalog"


@pytest.mark.parametrize("name", PRESETS)
def test_values_set_in_preset_files_carry_their_own_source(name):
    for data, label, is_preset in _layers(name):
        assert is_preset
        for block, table in data.items():
            if isinstance(table, dict):
                for key, raw in table.items():
                    assert isinstance(raw, dict) and raw.get("source"), f"{label}: {block}.{key} lacks a source"


def test_catalog_defaults_come_from_the_cost_layer_and_catalog():
    sc = load_scenario("baseline", {"warm_start": ""})
    assert sc.origins["costs.capex_per_unit"] == "catalog"
    assert "estimate('H100-SXM'" in sc.sources["costs.capex_per_unit"]
    assert 20_000 < sc.values["costs.capex_per_unit"] < 80_000  # all-in USD per H100-equivalent
    assert sc.values["costs.price_initial"] == pytest.approx(2.35)  # SemiAnalysis index, Mar 2026
    assert 5e6 < sc.values["capacity.capacity_initial"] < 5e7


def test_warm_start_sets_the_initial_state_from_the_history_run():
    """The baseline starts where the in-sample run ai_2023_2026 is on 2026-01-01 (docs/market.md)."""
    sc = load_scenario("baseline")
    for path in ("capacity.capacity_initial", "costs.price_initial", "investment.demand_growth_expected",
                 "sentiment.expected_growth_initial", "capacity.initial_utilization"):
        assert sc.origins[path] == "warm start", path
        assert "ai_2023_2026" in sc.sources[path] and "2026-01-01" in sc.sources[path]
    assert sc.warm is not None and sc.warm["date"] == "2026-01-01"
    assert 1e7 < sc.values["capacity.capacity_initial"] < 3e7  # Epoch AI: ~15M H100e at the end of 2025
    # a user's --set wins over the warm start
    mine = load_scenario("baseline", {"costs.price_initial": 3.0})
    assert mine.values["costs.price_initial"] == 3.0 and mine.origins["costs.price_initial"] == "--set"
    rail = load_scenario("railways_1870s")
    assert rail.values["capacity.capacity_initial"] == 35085
    assert rail.values["costs.capex_per_unit"] == 44000


def test_extends_inherits_and_overrides():
    base = load_scenario("baseline")
    weak = load_scenario("weak_demand_high_leverage")
    assert weak.values["finance.debt_share_of_capex"] == 0.65
    assert weak.values["efficiency.algo_efficiency_growth"] == base.values["efficiency.algo_efficiency_growth"]
    assert weak.chain == ["preset 'baseline'", "preset 'weak_demand_high_leverage'"]


def test_user_file_extends_a_preset(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('name = "mine"\nextends = "baseline"\nyears = 4\n[demand]\nprice_elasticity = 1.3\n'
                 'adoption_rate = {dist = "lognormal", median = 0.6, p90 = 1.0}\n', encoding="utf-8")
    sc = load_scenario(str(f))
    assert sc.name == "mine" and sc.meta["years"] == 4
    assert sc.values["demand.price_elasticity"] == 1.3
    assert sc.sources["demand.price_elasticity"].startswith("set in")
    assert "demand.adoption_rate" in sc.uncertain()


def test_hash_follows_values_not_sources():
    a = load_scenario("baseline")
    b = load_scenario("baseline", {"demand.price_elasticity": 1.1})
    assert a.hash != b.hash
    c = load_scenario("baseline")
    c.sources["demand.users_initial"] = "changed"
    assert c.hash == a.hash


def test_parse_set():
    got = parse_set(["demand.price_elasticity=1.2", 'demand.adoption_rate={dist="lognormal",median=0.5,p90=0.9}',
                     "commitments.enabled=true"])
    assert got["demand.price_elasticity"] == 1.2
    assert got["demand.adoption_rate"]["dist"] == "lognormal"
    assert got["commitments.enabled"] is True


def test_unknown_preset_has_did_you_mean():
    with pytest.raises(UnknownNameError, match="unknown preset 'baselin' — did you mean 'baseline'"):
        load_scenario("baselin")


@pytest.mark.parametrize(("key", "match"), [
    ("demand.price_elasticty", "unknown parameter 'demand.price_elasticty' — did you mean 'demand.price_elasticity'"),
    ("price_elasticity", "unknown setting 'price_elasticity' — did you mean 'demand.price_elasticity'"),
    ("finance.leverage", "unknown parameter 'finance.leverage'"),
])
def test_unknown_set_key_has_did_you_mean(key, match):
    with pytest.raises(ScenarioError, match=match):
        load_scenario("baseline", {key: 1.0})


@pytest.mark.parametrize(("key", "value", "match"), [
    ("capacity.target_utilization", 80, r"capacity.target_utilization must be in \[0.05, 1\] \[fraction\], got 80"),
    ("finance.debt_share_of_capex", 41, "did you mean 0.41"),
    ("demand.price_elasticity", -1, r"demand.price_elasticity must be in \[0, 5\], got -1"),
    ("capacity.history_years", 2.5, "must be a whole number"),
    ("commitments.enabled", 1, "must be true or false"),
    ("demand.adoption_rate", "fast", "must be a number or a distribution table, got 'fast'"),
    ("years", 500, r"years must be in \[0.25, 100\], got 500"),
])
def test_bad_values_name_field_value_and_range(key, value, match):
    with pytest.raises(ScenarioError, match=match):
        load_scenario("baseline", {key: value})


def test_distribution_outside_the_parameter_range_is_impossible():
    with pytest.raises(ScenarioError, match=r"demand.paid_token_share: impossible distribution — normal\(mean 0.9, "
                                            r"sd 0.2\) reaches 1.5\d* at its 99.9th percentile"):
        load_scenario("baseline", {"demand.paid_token_share": {"dist": "normal", "mean": 0.9, "sd": 0.2}})
    with pytest.raises(ScenarioError, match=r"p90 .* must be >= median"):
        load_scenario("baseline", parse_set(['demand.adoption_rate={dist="lognormal",median=0.5,p90=0.2}']))


def test_presets_must_source_what_they_set(tmp_path, monkeypatch):
    from infranomics.market import scenario as scn

    d = tmp_path / "presets"
    d.mkdir()
    (d / "bad.toml").write_text('name = "bad"\n[demand]\nprice_elasticity = 1.0\n', encoding="utf-8")
    monkeypatch.setattr(scn, "_presets_dir", lambda: d)
    with pytest.raises(ScenarioError, match=r"demand\.price_elasticity has no source"):
        scn.load_scenario("bad")


def test_extends_cycle_and_bad_toml(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('name = "a"\nextends = "b.toml"\n', encoding="utf-8")
    b.write_text('name = "b"\nextends = "a.toml"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(str(a))
    c = tmp_path / "c.toml"
    c.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(str(c))
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(str(tmp_path / "missing.toml"))
    d = tmp_path / "d.toml"  # a binary file saved as .toml crashed with a UnicodeDecodeError traceback
    d.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ScenarioError, match=r"d.toml: not a UTF-8 text file \(byte 0"):
        load_scenario(str(d))


def test_set_errors_are_input_family():
    with pytest.raises(ScenarioError, match="not of the form KEY=VALUE"):
        parse_set(["demand.price_elasticity"])
    assert issubclass(ScenarioError, Exception) and not issubclass(ScenarioError, InputError)
