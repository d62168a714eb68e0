"""The registry of dashboard pages and API routers, with page controls declared as data.

A *domain* module under :mod:`infranomics.web.domains` (``cost``, ``catalog`` …) defines one
``DOMAIN = Domain(...)``: an ``APIRouter`` mounted under ``/api/v1`` and zero or more
:class:`Page` objects. A page lists its :class:`Control` objects as data (as in Mesa's
``model_params``); the page template renders them, ``core.js`` keeps their values in the URL and
the page's own script only calls the API and draws the results.

To add a module to the web layer: write ``domains/<name>.py`` with ``DOMAIN``, add ``<name>`` and
the model API it needs to :data:`DOMAINS`, add ``static/js/pages/<page>.js`` and
``templates/pages/<page>.html``, and add the page's strings to ``i18n/en.json`` and
``i18n/zh-CN.json``. Nothing else changes (see docs/web.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from fastapi import APIRouter

from ..catalog import Catalog
from .options import CORE_SOURCES

__all__ = ["DEFAULT_SOURCES", "DOMAINS", "OPTION_SOURCES", "Control", "Domain", "Page", "available", "load_domains",
           "option_source"]

#: Domain modules in navigation order, each with the model API it needs ("module" or
#: "module:attribute"). A domain whose model API is missing is left out, page and router alike.
DOMAINS: dict[str, tuple[str, ...]] = {
    "overview": ("infranomics.cost:estimate",),
    "cost": ("infranomics.cost:estimate", "infranomics.cost:capex_per_mw"),
    "perf": ("infranomics.perf:estimate", "infranomics.perf:frontier"),
    "business": ("infranomics.business:maas", "infranomics.business:gpu_cloud",
                 "infranomics.business:appliance_buyer", "infranomics.business:appliance_vendor",
                 "infranomics.business:compute_center", "infranomics.business:model_lab"),
    "market": ("infranomics.market:simulate", "infranomics.market:list_presets",
               "infranomics.market:load_scenario"),
    "catalog": ("infranomics.catalog:Catalog",),
}

ControlKind = Literal["select", "multiselect", "number", "slider", "text", "toggle"]


@dataclass(frozen=True)
class Control:
    """One input of a dashboard page, declared as data.

    ``name`` is both the URL query key and the API request field it feeds. Labels and help come
    from the i18n files: ``<page>.ctl.<name>`` and ``<page>.ctl.<name>.help`` unless given.
    ``unit`` may contain ``{cur}`` (the display currency). Choices come from ``options`` or from
    a named source of catalog values (``options_from``, see :data:`OPTION_SOURCES`).
    """

    name: str
    kind: ControlKind
    default: Any = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: str = ""
    options: tuple[str, ...] = ()
    options_from: str | None = None
    optional: bool = False
    default_from: str | None = None  #: a named default source (:data:`DEFAULT_SOURCES`), e.g. "assumption:pue"
    group: Literal["main", "advanced"] = "main"
    label: str | None = None
    help: str | None = None
    field: str | None = None  #: request field it feeds (dotted path for nested objects); default ``name``
    when: str | None = None  #: shown only when another control has a value: "business=maas" or "mode=a|b"

    def spec(self, page: str, catalog: Catalog | None = None) -> dict:
        """JSON-ready description with i18n keys and resolved choices."""
        d = asdict(self)
        d["field"] = self.field or self.name
        d["label"] = self.label or f"{page}.ctl.{self.name}"
        d["help"] = self.help or f"{page}.ctl.{self.name}.help"
        choices: list[dict] = [{"value": o, "label_key": f"{page}.opt.{self.name}.{o}"} for o in self.options]
        if self.options_from is not None:
            choices += option_source(self.options_from, catalog)
        d["options"] = choices
        d["placeholder"] = None
        if self.default_from is not None:
            value = default_source(self.default_from, catalog)
            if self.optional:  # empty means "the model's default", shown as a placeholder
                d["placeholder"] = value
            else:
                d["default"] = value
        return d


@dataclass(frozen=True)
class Page:
    """A dashboard page: URL ``/<key>``, i18n keys for title and intro, its script and controls."""

    key: str
    controls: tuple[Control, ...] = ()
    sources: tuple[str, ...] = ()  #: catalog datasets behind the page, linked as its sources
    order: int = 50

    @property
    def title(self) -> str:
        return f"{self.key}.title"

    @property
    def intro(self) -> str:
        return f"{self.key}.intro"

    @property
    def script(self) -> str:
        return f"js/pages/{self.key}.js"

    @property
    def template(self) -> str:
        return f"pages/{self.key}.html"

    def spec(self, catalog: Catalog | None = None) -> dict:
        return {"key": self.key, "path": f"/{self.key}", "title": self.title, "intro": self.intro,
                "sources": list(self.sources), "controls": [c.spec(self.key, catalog) for c in self.controls]}


@dataclass(frozen=True)
class Domain:
    """What one web domain module contributes: an API router and its pages."""

    name: str
    router: APIRouter | None = None
    pages: tuple[Page, ...] = ()
    option_sources: dict[str, Callable[[Catalog], list[dict]]] = field(default_factory=dict)
    default_sources: dict[str, Callable[[Catalog, str], Any]] = field(default_factory=dict)


def available(requires: tuple[str, ...]) -> bool:
    """True when every "module" or "module:attribute" in ``requires`` imports."""
    for req in requires:
        mod, _, attr = req.partition(":")
        try:
            m = importlib.import_module(mod)
        except ImportError:
            return False
        if attr and not hasattr(m, attr):
            return False
    return True


#: Named sources of control choices: name → function(catalog) → [{"value", "label"}].
OPTION_SOURCES: dict[str, Callable[[Catalog], list[dict]]] = dict(CORE_SOURCES)


#: Named sources of default values: "kind:argument" → function(catalog, argument) → value.
DEFAULT_SOURCES: dict[str, Callable[[Catalog, str], Any]] = {}


def default_source(spec: str, catalog: Catalog | None) -> Any:
    from ..catalog import default_catalog

    kind, _, arg = spec.partition(":")
    fn = DEFAULT_SOURCES.get(kind)
    if fn is None:
        raise KeyError(f"no default source '{kind}' (known: {', '.join(sorted(DEFAULT_SOURCES))})")
    return fn(catalog or default_catalog(), arg)


def option_source(name: str, catalog: Catalog | None) -> list[dict]:
    from ..catalog import default_catalog

    fn = OPTION_SOURCES.get(name)
    if fn is None:
        raise KeyError(f"no option source '{name}' (known: {', '.join(sorted(OPTION_SOURCES))})")
    return fn(catalog or default_catalog())


def load_domains(domains: dict[str, tuple[str, ...]] | None = None) -> list[Domain]:
    """Import the domain modules whose model API is available, in order."""
    out = []
    for name, requires in (DOMAINS if domains is None else domains).items():
        if not available(requires):
            continue
        mod = importlib.import_module(f"{__package__}.domains.{name}")
        dom: Domain = mod.DOMAIN
        OPTION_SOURCES.update(dom.option_sources)
        DEFAULT_SOURCES.update(dom.default_sources)
        out.append(dom)
    return out
