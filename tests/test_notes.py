"""Engine notes: English sentences that keep their template key, translated by the dashboard."""

from __future__ import annotations

import ast
import json
import pickle
import re
from pathlib import Path

import pytest

from infranomics import business, cost, perf
from infranomics.notes import TEMPLATES, Note, codes, placeholders

SRC = Path(__file__).resolve().parents[1] / "src" / "infranomics"
I18N = SRC / "web" / "i18n"


def test_a_note_is_its_english_sentence():
    n = Note("rental_price", quotes=5, gpu="H100-SXM", year=2025)
    assert n == "rental price: median of 5 published H100-SXM prices, 2025"
    assert "H100-SXM" in n and isinstance(n, str)
    assert n.key == "rental_price" and n.params == {"quotes": "5", "gpu": "H100-SXM", "year": "2025"}
    back = pickle.loads(pickle.dumps(n))
    assert back == n and back.key == n.key and back.params == n.params
    assert json.dumps([n]) == json.dumps([str(n)])
    assert codes([n, "free text"]) == [{"key": "rental_price", "params": n.params}, None]


def test_a_note_missing_a_figure_is_a_programming_error():
    with pytest.raises(KeyError, match=r"needs \['year'\]"):
        Note("rental_price", quotes=5, gpu="H100")


def test_every_note_the_engine_writes_has_a_template_and_every_template_is_used():
    used = set()
    for f in SRC.rglob("*.py"):
        if f.name == "notes.py":  # the module itself rebuilds notes from a variable key (unpickling)
            continue
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Note" and node.args:
                used |= _keys(node.args[0])
    assert used == set(TEMPLATES)


def _keys(arg) -> set:
    """Template keys a ``Note(...)`` first argument can take: a literal, or either branch of ``a if c else b``."""
    if isinstance(arg, ast.Constant):
        return {arg.value}
    if isinstance(arg, ast.IfExp):
        return _keys(arg.body) | _keys(arg.orelse)
    raise AssertionError(f"Note key is not a literal: {ast.unparse(arg)}")


def test_every_template_is_translated_with_the_same_figures():
    en = json.loads((I18N / "en.json").read_text(encoding="utf-8"))
    zh = json.loads((I18N / "zh-CN.json").read_text(encoding="utf-8"))
    for key, template in TEMPLATES.items():
        assert en[f"note.{key}"] == template, key  # one English source: the engine's
        assert placeholders(zh[f"note.{key}"]) == placeholders(template), key
        assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", zh[f"note.{key}"].replace("--colo-usd-per-kw-month",
                                                                                          "")), key


def test_results_carry_note_codes_aligned_with_their_notes():
    c = business.compute_center(currency="CNY").to_dict()
    assert len(c["note_codes"]) == len(c["notes"]) >= 1
    first = c["note_codes"][0]
    assert first["key"] == "facility_build"
    assert c["notes"][0] == TEMPLATES["facility_build"].format(**first["params"])
    e = cost.estimate("Ascend-910C", region="CN-GZ").to_dict()
    assert [k["key"] for k in e["note_codes"]] == ["colo_cn"]
    p = perf.estimate("Llama-3.1-8B", "Ascend-910C", precision="fp8").to_dict()
    assert "no_native_precision" in [w["key"] for w in p["warning_codes"]]
    assert len(p["warning_codes"]) == len(p["warnings"])


def test_bust_definition_reads_as_before_and_splits_into_notes():
    from infranomics.market import load_scenario
    from infranomics.market.montecarlo import bust_definition, bust_definition_parts

    base = load_scenario("baseline")
    parts = bust_definition_parts(base)
    assert bust_definition(base) == "".join(parts)
    assert parts[0].key in ("bust_capex", "bust_units")
    assert "below its running peak, or trailing-year utilisation is below" in parts[0]
    rail = load_scenario("railways_1870s")
    keys = [p.key for p in bust_definition_parts(rail)]
    assert keys[-1] == "bust_default" if rail.block("bust")["default_share"] < 1 else "bust_default" not in keys


def test_preset_titles_have_translations_and_english_is_the_toml():
    from infranomics import market

    en = json.loads((I18N / "en.json").read_text(encoding="utf-8"))
    zh = json.loads((I18N / "zh-CN.json").read_text(encoding="utf-8"))
    for p in market.list_presets():
        assert en[f"market.preset.{p['name']}.title"] == p["title"]
        assert re.search(r"[\u4e00-\u9fff]", zh[f"market.preset.{p['name']}.title"])
