"""Scenarios: presets and user TOML files, ``extends``, ``--set`` overrides, validation and hashing.

A scenario file is TOML with a few top-level settings and one table per parameter block::

    name = "my-case"
    extends = "baseline"            # a preset name or another file, resolved first
    years = 8
    [demand]
    price_elasticity = 1.3                                          # a bare number
    adoption_rate = {dist = "lognormal", median = 0.6, p90 = 1.0}  # a distribution
    intensity_growth = {value = 1.2, source = "my estimate"}        # with its source

Values set in presets must carry a ``source`` (a document, ``catalog:…`` or
``assumption: …``); values from user files and ``--set`` are tagged with where they came
from. Unknown keys are errors with a did-you-mean; values outside a parameter's range and
impossible distributions are errors naming the field, the value and the allowed range.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ScenarioError, did_you_mean, unknown_name
from . import distributions as dst
from .params import BLOCKS, CATALOG, field_info, param_paths

__all__ = [
    "META_KEYS",
    "Scenario",
    "list_presets",
    "load_scenario",
    "parse_set",
    "preset_names",
]

#: Top-level settings of a scenario file: name -> (type, default, allowed range/choices, description).
META_KEYS: dict[str, tuple[type, Any, Any, str]] = {
    "name": (str, None, None, "Scenario name."),
    "title": (str, "", None, "One-line title."),
    "description": (str, "", None, "What the scenario represents."),
    "analogue": (str, "ai", ("ai", "railways", "telecom"), "Which build-out the units refer to."),
    "start_year": (float, 2026.0, (1800, 2200), "Calendar year at t = 0. [year]"),
    "years": (float, 10.0, (0.25, 100), "Default horizon. [years]"),
    "steps_per_year": (int, 4, (1, 52), "Time steps per year (4 = quarterly, 12 = monthly)."),
    "currency_year": (int, 2025, (1800, 2200), "Year whose dollars money values are in."),
    "capacity_unit": (str, "H100e", None, "What one unit of capacity is."),
    "service_unit": (str, "token", None, "What demand is counted in."),
    "volatility": (float, 1.0, (0, 1), "Monte Carlo volatility scale (0 = every input at its central value, "
                                       "no shocks)."),
    "references": (list, [], None, "Key sources of the scenario."),
    "warm_start": (str, "", None, "Preset (or file) whose deterministic run up to this scenario's start gives its "
                                  "initial state: fleet by vintage, pipeline, debt, expectations ('' = none)."),
    "shock_knots": (list, [], None, "Realised log demand shocks of a history run, [[decimal year, ln shock], ...]: "
                                    "linear between knots from 0 at the start, constant after the last."),
}
_META_SKIP = ("extends",)


def _presets_dir() -> Path:
    return Path(str(resources.files(__package__).joinpath("presets")))


def preset_names() -> list[str]:
    """Names of the bundled presets."""
    return sorted(p.stem for p in _presets_dir().glob("*.toml"))


def _read_toml(path: Path, label: str) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"scenario file '{path}' does not exist", field="scenario") from None
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario file '{path}': {exc.strerror}", field="scenario") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{label}: not a UTF-8 text file (byte {exc.start}: {exc.reason}); a scenario is TOML "
                            f"text", field="scenario") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{label}: not valid TOML ({exc})", field="scenario") from None


@dataclass
class Scenario:
    """A resolved scenario: settings, parameter values (numbers or distributions) and their sources.

    ``values`` maps ``block.name`` to a float, int, bool, a distribution, or ``"catalog"``
    before :meth:`resolve_catalog` fills those in.
    """

    meta: dict[str, Any]
    values: dict[str, Any]
    sources: dict[str, str]
    origins: dict[str, str] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    #: the warm-start snapshot (arrays) once resolved, see :meth:`resolve_warm_start`
    warm: dict | None = None

    @property
    def name(self) -> str:
        return str(self.meta["name"])

    # -- access ---------------------------------------------------------------------------
    def get(self, path: str):
        return self.values[path]

    def block(self, name: str) -> dict[str, Any]:
        """Values of one block as ``{name: value}``."""
        prefix = name + "."
        return {k[len(prefix):]: v for k, v in self.values.items() if k.startswith(prefix)}

    def uncertain(self) -> list[str]:
        """Parameters given as (non-fixed) distributions, in a stable order."""
        return sorted(k for k, v in self.values.items()
                      if not isinstance(v, (int, float, bool, str)) and not isinstance(v, dst.Fixed))

    def central_value(self, path: str) -> float:
        return dst.central(self.values[path])

    # -- catalog --------------------------------------------------------------------------
    def resolve_catalog(self, catalog=None) -> Scenario:
        """Replace every ``"catalog"`` value by the catalog-derived default (in place); returns self."""
        pending = [k for k, v in self.values.items() if v == CATALOG]
        if not pending:
            return self
        from .calibration import catalog_defaults

        found = catalog_defaults(self, catalog)
        for k in pending:
            value, source = found[k]
            self.values[k] = value
            self.sources[k] = source
            self.origins[k] = "catalog"
        _check_values(self.values, "catalog")
        return self

    def resolve_warm_start(self, catalog=None) -> Scenario:
        """With ``warm_start``: take the initial state from that run (in place); returns self.

        Scalar states (fleet, utilisation, unserved demand, inference share, demand shock, price,
        builders' and investors' expected growth) become parameter values with a ``warm start``
        source unless set by the user; the fleet by vintage, pipeline, debt and smoothed
        expectations are kept in :attr:`warm` for the model.
        """
        if not self.meta.get("warm_start") or self.warm is not None:
            return self
        from .warmstart import STATE_PARAMS, history_state

        st = history_state(self.meta["warm_start"], float(self.meta["start_year"]),
                           int(self.meta["steps_per_year"]), catalog)
        u_max = self.central_value("capacity.max_utilization")
        for path, fn in STATE_PARAMS.items():
            origin = self.origins.get(path, "default")
            if origin in ("default", "catalog", "warm start") or origin.startswith("preset '"):
                self.values[path] = float(fn(st, u_max))
                self.sources[path] = (f"warm start: state of '{self.meta['warm_start']}' on "
                                      f"{st['date']} (deterministic run, docs/market.md 'In-sample fit')")
                self.origins[path] = "warm start"
        _check_values(self.values, "warm start")
        self.warm = st
        return self

    # -- identity -------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Settings and parameters as plain JSON-ready data (distributions as tables)."""
        params = {}
        for k, v in self.values.items():
            params[k] = v.model_dump(exclude_none=True) if hasattr(v, "model_dump") else v
        return {"meta": {k: v for k, v in self.meta.items()}, "params": params}

    @property
    def hash(self) -> str:
        """SHA-256 (first 16 hex digits) of the settings and values — not of the sources."""
        blob = json.dumps(self.to_dict(), sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def with_overrides(self, overrides: dict[str, Any], origin: str = "--set") -> Scenario:
        """A copy with ``{block.name or setting: value}`` applied (validated)."""
        meta = dict(self.meta)
        values = dict(self.values)
        sources = dict(self.sources)
        origins = dict(self.origins)
        _apply_layer(meta, values, sources, origins, overrides, origin, require_source=False, flat=True)
        _check_values(values, origin)
        _check_meta(meta, origin)
        same_start = all(meta.get(k) == self.meta.get(k) for k in ("warm_start", "start_year", "steps_per_year"))
        return Scenario(meta, values, sources, origins, [*self.chain, origin], self.warm if same_start else None)


# -- layering -------------------------------------------------------------------------------
def _defaults() -> tuple[dict, dict, dict, dict]:
    meta = {k: spec[1] for k, spec in META_KEYS.items()}
    values, sources, origins = {}, {}, {}
    for path in param_paths():
        b, n = path.split(".")
        info = field_info(b, n)
        values[path] = info["default"]
        sources[path] = info["source"]
        origins[path] = "default"
    return meta, values, sources, origins


def _coerce_value(path: str, raw: Any, where: str) -> tuple[Any, str | None]:
    """Parse one parameter value from TOML: number, {value, source}, or a distribution table."""
    b, n = path.split(".")
    ftype = BLOCKS[b].model_fields[n].annotation
    source = None
    if isinstance(raw, dict):
        raw = dict(raw)
        source = raw.pop("source", None)
        if source is not None and not isinstance(source, str):
            raise ScenarioError(f"{where}: {path}.source must be text", field=path)
        if "dist" in raw:
            return dst.parse_dist(raw, f"{where}: {path}"), source
        if set(raw) != {"value"}:
            extra = sorted(set(raw) - {"value"})
            raise ScenarioError(f"{where}: {path} has unknown key '{extra[0] if extra else 'value'}' "
                                f"(write a number, {{value = …, source = …}} or a distribution with 'dist')",
                                field=path)
        raw = raw["value"]
    if ftype is bool:
        if not isinstance(raw, bool):
            raise ScenarioError(f"{where}: {path} must be true or false, got {raw!r}", field=path)
        return raw, source
    if raw == CATALOG:
        return CATALOG, source
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ScenarioError(f"{where}: {path} must be a number or a distribution table, got {raw!r}", field=path)
    if ftype is int:
        if float(raw) != int(raw):
            raise ScenarioError(f"{where}: {path} must be a whole number, got {raw!r}", field=path)
        return int(raw), source
    return float(raw), source


def _apply_layer(meta, values, sources, origins, data: dict, origin: str, *, require_source: bool,
                 flat: bool = False) -> None:
    """Apply one layer (a parsed TOML file, or flat ``--set`` overrides) onto the accumulators."""
    known_meta = set(META_KEYS) | set(_META_SKIP)
    items: list[tuple[str, Any]] = []
    if flat:
        items = list(data.items())
    else:
        for key, raw in data.items():
            if key in BLOCKS:
                if not isinstance(raw, dict):
                    raise ScenarioError(f"{origin}: [{key}] must be a table of parameters", field=key)
                items += [(f"{key}.{n}", v) for n, v in raw.items()]
            else:
                items.append((key, raw))
    all_paths = set(param_paths())
    for key, raw in items:
        if key in _META_SKIP:
            continue
        if key in META_KEYS:
            meta[key] = _coerce_meta(key, raw, origin)
            continue
        if key not in all_paths:
            choices = sorted(all_paths | set(META_KEYS))
            if "." not in key and key not in known_meta:
                # a bare parameter name: suggest its full path
                hits = [p for p in all_paths if p.split(".")[1] == key]
                if hits:
                    raise ScenarioError(f"{origin}: unknown setting '{key}' — did you mean '{hits[0]}'?",
                                        field=key)
            raise ScenarioError(f"{origin}: unknown parameter '{key}'{did_you_mean(key, choices)} "
                                f"(see `infranomics simulate params`)", field=key)
        value, source = _coerce_value(key, raw, origin)
        if require_source and not source and value != CATALOG:
            raise ScenarioError(f"{origin}: {key} has no source — presets must give "
                                f"{{value = …, source = \"…\"}} (a document, catalog:… or assumption: …)",
                                field=key)
        values[key] = value
        sources[key] = source or (f"catalog (requested by {origin})" if value == CATALOG else f"set in {origin}")
        origins[key] = origin


def _coerce_meta(key: str, raw: Any, origin: str):
    typ, _, allowed, _ = META_KEYS[key]
    if key == "shock_knots":
        ok = isinstance(raw, list) and all(
            isinstance(x, list) and len(x) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                        and math.isfinite(v) for v in x) for x in raw)
        if not ok:
            raise ScenarioError(f"{origin}: {key} must be a list of [decimal year, ln shock] pairs", field=key)
        return [[float(a), float(b)] for a, b in raw]
    if typ is list:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ScenarioError(f"{origin}: {key} must be a list of strings", field=key)
        return list(raw)
    if typ is str:
        if not isinstance(raw, str):
            raise ScenarioError(f"{origin}: {key} must be text, got {raw!r}", field=key)
        if allowed and raw not in allowed:
            raise ScenarioError(f"{origin}: {key} must be one of {', '.join(allowed)}, got '{raw}'"
                                f"{did_you_mean(raw, allowed)}", field=key)
        return raw
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ScenarioError(f"{origin}: {key} must be a number, got {raw!r}", field=key)
    if typ is int and float(raw) != int(raw):
        raise ScenarioError(f"{origin}: {key} must be a whole number, got {raw!r}", field=key)
    return typ(raw)


def _check_meta(meta: dict, origin: str) -> None:
    for key, (typ, _, allowed, _) in META_KEYS.items():
        v = meta.get(key)
        if key == "name":
            if not v:
                raise ScenarioError(f"{origin}: the scenario has no name", field="name")
            continue
        if isinstance(allowed, tuple) and typ in (int, float) and len(allowed) == 2:
            lo, hi = allowed
            if not lo <= v <= hi:
                raise ScenarioError(f"{key} must be in [{lo:g}, {hi:g}], got {v:g}", field=key)


def _range_text(info: dict) -> str:
    left = "(" if info.get("lo_open") else "["
    return f"{left}{info['lo']:g}, {info['hi']:g}]"


def _check_values(values: dict, origin: str) -> None:
    """Range checks of numbers and distributions against each parameter's allowed range."""
    for path, v in values.items():
        if v == CATALOG or isinstance(v, bool):
            continue
        b, n = path.split(".")
        info = field_info(b, n)
        lo, hi, lo_open = info["lo"], info["hi"], info.get("lo_open", False)
        unit = f" [{info['unit']}]" if info["unit"] and info["unit"] != "-" else ""

        def inside(x: float, lo=lo, hi=hi, lo_open=lo_open) -> bool:
            return math.isfinite(x) and (x > lo if lo_open else x >= lo) and x <= hi

        if isinstance(v, (int, float)):
            if not inside(float(v)):
                hint = ""
                if info["unit"] == "fraction" and 1 < v <= 100:
                    hint = f" — did you mean {v / 100:.2f}?"
                raise ScenarioError(f"{path} must be in {_range_text(info)}{unit}, got {v:g}{hint}", field=path)
            continue
        c = dst.central(v)
        if not inside(c):
            raise ScenarioError(f"{path}: the distribution's central value {c:g} is outside the allowed range "
                                f"{_range_text(info)}{unit}", field=path)
        q_lo, q_hi = dst.support_quantiles(v)
        if not (inside(q_lo) or q_lo == lo) or not inside(q_hi):
            bad = q_lo if not (inside(q_lo) or q_lo == lo) else q_hi
            raise ScenarioError(f"{path}: impossible distribution — {dst.describe(v)} reaches {bad:.4g} at its "
                                f"{'0.1th' if bad == q_lo else '99.9th'} percentile, outside the allowed range "
                                f"{_range_text(info)}{unit}", field=path)


def _locate(spec: str) -> tuple[Path, str, bool]:
    """A preset name or a file path -> (path, label, is_preset)."""
    p = Path(spec)
    if p.suffix.lower() == ".toml" or p.exists() or "/" in spec or "\\" in spec:
        return p, str(p), False
    names = preset_names()
    if spec not in names:
        raise unknown_name("preset", spec, names, field="scenario")
    return _presets_dir() / f"{spec}.toml", f"preset '{spec}'", True


def _layers(spec: str, seen: tuple[str, ...] = ()) -> list[tuple[dict, str, bool]]:
    path, label, is_preset = _locate(spec)
    key = str(path.resolve()) if path.exists() else str(path)
    if key in seen:
        raise ScenarioError(f"{label}: 'extends' forms a cycle", field="extends")
    data = _read_toml(path, label)
    base = data.get("extends")
    out: list[tuple[dict, str, bool]] = []
    if base is not None:
        if not isinstance(base, str):
            raise ScenarioError(f"{label}: extends must be a preset name or a file path", field="extends")
        if not is_preset and not Path(base).is_absolute() and (path.parent / base).exists():
            base = str(path.parent / base)
        out = _layers(base, (*seen, key))
    out.append((data, label, is_preset))
    return out


def load_scenario(spec: str, overrides: dict[str, Any] | None = None, *, catalog=None,
                  resolve: bool = True) -> Scenario:
    """Load a preset (by name) or a TOML file, following ``extends``, then apply ``overrides``.

    Parameters
    ----------
    spec
        A preset name (``infranomics simulate list``) or a path to a ``.toml`` file.
    overrides
        ``{"block.name" or setting: value}`` applied last (values as from :func:`parse_set`).
    catalog
        Catalog used to fill ``"catalog"`` defaults (default: the bundled catalog + user dirs).
    resolve
        Fill catalog defaults now (``False`` keeps the ``"catalog"`` markers).
    """
    meta, values, sources, origins = _defaults()
    chain = []
    layers = _layers(spec)
    for data, label, is_preset in layers:
        _apply_layer(meta, values, sources, origins, data, label, require_source=is_preset)
        chain.append(label)
    if not meta.get("name"):
        meta["name"] = Path(spec).stem
    _check_meta(meta, chain[-1])
    _check_values(values, chain[-1])
    sc = Scenario(meta, values, sources, origins, chain)
    if overrides:
        sc = sc.with_overrides(overrides)
    if resolve:
        sc.resolve_catalog(catalog)
        sc.resolve_warm_start(catalog)
    return sc


def parse_set(items: list[str]) -> dict[str, Any]:
    """Parse ``--set key=value`` strings: numbers, true/false, or TOML inline tables for distributions.

    >>> parse_set(["demand.price_elasticity=1.2"])
    {'demand.price_elasticity': 1.2}
    """
    out: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ScenarioError(f"--set '{item}' is not of the form KEY=VALUE (e.g. demand.price_elasticity=1.2)",
                                field="--set")
        text = text.strip()
        try:
            value = tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            value = text  # a bare word: let validation say what is expected
        out[key] = value
    return out


def list_presets() -> list[dict]:
    """The bundled presets: name, title, analogue, description and references."""
    out = []
    for name in preset_names():
        data = _read_toml(_presets_dir() / f"{name}.toml", f"preset '{name}'")
        out.append({"name": name, "title": data.get("title", ""), "analogue": data.get("analogue", "ai"),
                    "extends": data.get("extends"), "description": data.get("description", ""),
                    "references": list(data.get("references", []))})
    return out


def validate_all_presets() -> None:  # pragma: no cover - used by tests and `simulate list`
    for name in preset_names():
        try:
            load_scenario(name)
        except ValidationError as exc:
            raise ScenarioError(f"preset '{name}': {exc}") from None
