"""The page registry, the i18n files, the layering rule and the `serve` command."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import infranomics
from infranomics.web import create_app
from infranomics.web.i18n import LANGS, strings
from infranomics.web.registry import DOMAINS, available, load_domains
from tests.helpers import invoke

PKG = Path(infranomics.__file__).parent
WEB = PKG / "web"


def _keys(lang: str) -> set[str]:
    return set(json.loads((WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8")))


def test_every_language_has_the_same_keys():
    en = _keys("en")
    for lang in LANGS:
        other = _keys(lang)
        # dataset.* keys translate catalog titles (data); English falls back to the schema's title
        missing = {k for k in en - other if not k.startswith("dataset.")}
        extra = {k for k in other - en if not k.startswith("dataset.")}
        assert not missing and not extra, (lang, sorted(missing)[:10], sorted(extra)[:10])
        assert all(isinstance(v, str) and v.strip() for v in strings(lang).values())


def test_placeholders_match_across_languages():
    en = strings("en")
    for lang in LANGS:
        for k, v in strings(lang).items():
            if k in en:
                assert set(re.findall(r"\{(\w+)\}", v)) == set(re.findall(r"\{(\w+)\}", en[k])), (lang, k)


def test_every_page_and_control_has_its_strings():
    en = strings("en")
    app = create_app(data_dirs=[])
    for page in app.state.pages:
        spec = page.spec(app.state.catalog)
        need = [spec["title"], spec["intro"], f"{page.key}.nav"]
        if page.key != "overview":
            need.append(f"{page.key}.summary")
        for c in spec["controls"]:
            need += [c["label"], c["help"]] + [o["label_key"] for o in c["options"] if "label_key" in o]
        missing = [k for k in need if k not in en]
        assert not missing, f"{page.key}: {missing}"
        assert (WEB / "templates" / page.template).is_file()
        assert (WEB / "static" / page.script).is_file()


def test_literal_keys_in_templates_and_scripts_exist():
    en = strings("en")
    used = set()
    for path in list((WEB / "templates").rglob("*.html")) + list((WEB / "static" / "js").rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*['"]([a-zA-Z0-9_.\-/{}]+)['"]""", text))
    missing = sorted(k for k in used if k not in en and not k.endswith("."))  # "x." + … is built at run time
    assert not missing, missing


def test_no_hard_coded_labels_in_page_templates():
    """Page partials take every visible word from t(): text between tags is only markup or {{ … }}."""
    for path in (WEB / "templates" / "pages").glob("*.html"):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        words = [w.strip() for w in re.findall(r">([^<]+)<", text) if w.strip() and w.strip() not in ("—",)]
        assert not words, f"{path.name}: {words}"


def test_domains_load_when_their_model_exists():
    names = [d.name for d in load_domains()]
    assert names[:2] == ["overview", "cost"] and names[-1] == "catalog"
    for name, requires in DOMAINS.items():
        assert (name in names) == available(requires)
    # a domain whose model module is missing is left out, page and router alike
    app = create_app(data_dirs=[], domains={"cost": ("infranomics.cost:estimate",),
                                            "market": ("infranomics.no_such_module:simulate",)})
    assert [p.key for p in app.state.pages] == ["cost"]
    paths = app.openapi()["paths"]
    assert "/api/v1/cost" in paths and not any(p.startswith("/api/v1/simulate") for p in paths)


MODEL_PACKAGES = ("catalog", "cost", "perf", "business", "market", "hardware", "llm")


@pytest.mark.parametrize("pkg", MODEL_PACKAGES)
def test_model_code_never_imports_interfaces(pkg):
    root = PKG / pkg
    if not root.exists():
        pytest.skip(f"infranomics.{pkg} does not exist yet")
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = []
            if isinstance(node, ast.ImportFrom):
                mods = [("." * node.level) + (node.module or "")]
            elif isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            for m in mods:
                assert not re.search(r"(^|\.)(web|cli)(\.|$)", m), f"{path} imports {m}"


def test_web_uses_only_public_model_api():
    """The web layer imports model packages by their public names, never their private modules."""
    allowed_private = {"_json", "_version"}
    for path in WEB.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level >= 2:
                parts = node.module.split(".")
                assert not any(p.startswith("_") and p not in allowed_private for p in parts), (path, node.module)
                assert parts[0] != "cli", f"{path} imports the CLI"


def test_serve_binds_loopback_on_8765_by_default(monkeypatch):
    import uvicorn

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(kw, app=app))
    code, out, err = invoke(["serve"])
    assert code == 0, err
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8765
    assert "http://127.0.0.1:8765/" in out
    assert next(p.key for p in calls["app"].state.pages) == "overview"
    code, out, _ = invoke(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert code == 0 and calls["port"] == 9000 and "exposes the API" in out


def test_serve_rejects_bad_ports_with_one_line():
    code, _, err = invoke(["serve", "--port", "70000"])
    assert code == 2 and "--port must be in [1, 65535], got 70000" in err and "Traceback" not in err
