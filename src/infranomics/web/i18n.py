"""Dashboard strings: one JSON file per language in ``i18n/`` (flat, dotted keys).

English (``en``) is the reference: every key used by templates and scripts must be in it, and
every other language must have exactly the same keys (tests check both).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["DEFAULT_LANG", "LANGS", "strings", "translate"]

#: Supported languages: code → name shown in the switch (in its own language).
LANGS: dict[str, str] = {"en": "English", "zh-CN": "简体中文"}
DEFAULT_LANG = "en"


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of ``lang`` (falls back to English for an unknown code)."""
    code = lang if lang in LANGS else DEFAULT_LANG
    text = resources.files(__package__).joinpath("i18n", f"{code}.json").read_text(encoding="utf-8")
    return json.loads(text)


def pick_lang(value: str | None) -> str:
    """The supported language closest to ``value`` (``zh``, ``zh-cn``, ``zh_CN`` → ``zh-CN``)."""
    if not value:
        return DEFAULT_LANG
    v = value.strip().replace("_", "-").lower()
    for code in LANGS:
        if v == code.lower() or v.split("-")[0] == code.split("-")[0].lower():
            return code
    return DEFAULT_LANG


def translate(lang: str, key: str, **fmt) -> str:
    """The string ``key`` in ``lang`` (English, then the key itself, when missing)."""
    s = strings(lang).get(key) or strings(DEFAULT_LANG).get(key) or key
    return s.format(**fmt) if fmt else s
