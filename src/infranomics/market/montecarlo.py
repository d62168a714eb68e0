"""Monte Carlo runs of the market model: seeds, blocks of paths, quantiles, bust statistics, results.

Randomness only comes from ``numpy.random.Generator`` objects built from the run's seed:
block ``b`` of :data:`BLOCK` paths uses ``Generator(SFC64(SeedSequence(seed, spawn_key=(b,))))``
and always draws a full block, so path ``i`` gets the same inputs and shocks whatever the number of
paths — the first 100 paths of a 10,000-path run equal a 100-path run with the same seed, bit
for bit.

The **bust** of a path is the first period, after ``bust.warmup_years``, in which the
trailing-year (4-quarter) capex is more than ``bust.capex_drawdown`` (30%) below its running peak
(the running peak includes the warm-start history; dollars of the currency year, or units
delivered with ``bust.real_capex``), or the trailing-year utilisation is below
``bust.utilization_floor`` (60%) (or, optionally, more than ``bust.default_share`` of capacity is
owned by firms in default); ``bust_probability`` is the share of paths that bust within the
horizon and ``median_time_to_bust_years`` the median time to it among those paths.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._version import __version__
from ..catalog import Catalog, default_catalog
from ..errors import InputError
from ..notes import Note
from ..notes import codes as note_codes
from . import distributions as dst
from .model import RECORDED, ModelSetup, simulate_block
from .scenario import Scenario, load_scenario
from .warmstart import shock_path as _shock_path

__all__ = [
    "BLOCK",
    "KEY_SERIES",
    "SimulationResult",
    "bust_definition",
    "deterministic",
    "max_paths",
    "memory_per_path_step",
    "simulate",
]

#: Paths per block: the unit of vectorised work and of random-stream spawning.
BLOCK = 4096
#: Quantile levels reported for fan charts.
QUANTILES = (0.05, 0.5, 0.95)
#: Series included in ``to_dict()['quantiles']`` (all are in ``SimulationResult.series``).
KEY_SERIES = (
    "capex_usd", "capacity_units", "utilization", "price_per_unit_hour", "token_price_usd_per_mtok",
    "tokens_per_year", "revenue_cloud_usd", "revenue_lab_usd", "revenue_app_usd", "revenue_chip_usd",
    "ocf_usd", "debt_usd", "default_share", "valuation_multiple", "wacc", "credit_spread",
    "price_war_index", "capex_revenue_gap_usd", "capex_revenue_gap_ratio", "financing_tightness",
    "capex_to_ocf", "signal", "lab_margin", "depreciation_usd",
)
INDICATORS = ("utilization", "price_war_index", "capex_revenue_gap_ratio", "financing_tightness", "capex_to_ocf",
              "signal")
#: Catalog datasets whose contents the results' data snapshot hash covers.
SNAPSHOT_DATASETS = ("accelerators", "cost_assumptions", "electricity_prices", "gpu_rental_prices",
                     "company_figures", "compute_commitments", "macro_ai", "fx_rates", "cpi")


def bust_definition(scenario: Scenario) -> str:
    """Plain-text bust definition with the scenario's thresholds."""
    return "".join(bust_definition_parts(scenario))


def bust_definition_parts(scenario: Scenario) -> list[Note]:
    """The bust definition as notes (criteria on capex or units, then the default clause when it is on),
    so an interface can word it in another language (:mod:`infranomics.notes`)."""
    b = scenario.block("bust")
    parts = [Note("bust_units" if b["real_capex"] else "bust_capex", warmup=f"{b['warmup_years']:g}",
                  drawdown=f"{b['capex_drawdown']:.0%}", floor=f"{b['utilization_floor']:.0%}")]
    if b["default_share"] < 1:
        parts.append(Note("bust_default", share=f"{b['default_share']:.0%}"))
    return parts


# -- memory ---------------------------------------------------------------------------------
def memory_per_path_step(record: bool = True) -> int:
    """Bytes kept per path and step: recorded series (float32) plus per-step noise. [bytes]"""
    return (4 * len(RECORDED) if record else 0) + 16


def _available_memory() -> int:
    """Available physical memory in bytes (``os.sysconf``; falls back to 4 GB)."""
    try:
        pages = os.sysconf("SC_AVPHYS_PAGES")
        size = os.sysconf("SC_PAGE_SIZE")
        if pages > 0 and size > 0:
            return int(pages * size)
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        pass
    return 4 * 1024**3  # pragma: no cover


def max_paths(steps: int, record: bool = True, fraction: float = 0.6) -> int:
    """Most paths this machine can run at ``steps`` steps with ``fraction`` of available memory."""
    per_path = memory_per_path_step(record) * steps + 2_000
    return max(1, int(_available_memory() * fraction // per_path))


def _check_memory(paths: int, steps: int, record: bool) -> None:
    need = paths * (memory_per_path_step(record) * steps + 2_000)
    avail = _available_memory()
    if need > 0.6 * avail:
        top = max_paths(steps, record)
        raise InputError(
            f"--paths {paths:,} x {steps:,} steps needs ~{need / 1e9:.1f} GB ({memory_per_path_step(record)} bytes "
            f"per path-step); this machine has {avail / 1e9:.1f} GB available, so the maximum is {top:,} paths at "
            f"{steps:,} steps (use fewer --paths or --years)", field="--paths")


# -- inputs ---------------------------------------------------------------------------------
def _commitment_schedule(scenario: Scenario, steps: int, catalog: Catalog) -> np.ndarray:
    """Announced compute commitments (catalog) as USD/year at each step (plus a lead-time tail)."""
    spy = int(scenario.meta["steps_per_year"])
    start = float(scenario.meta["start_year"])
    extra = math.ceil(20 * spy)
    t = start + np.arange(steps + extra) / spy
    df = catalog.load("compute_commitments")
    out = np.zeros(t.size)
    for total, y0, yrs in zip(df["total_usd"], df["start_year"], df["years"], strict=True):
        y0, yrs = float(y0), float(yrs)
        out += np.where((t >= y0) & (t < y0 + yrs), float(total) / yrs, 0.0)
    return out


def _draws(scenario: Scenario, rng: np.random.Generator | None, n: int, volatility: float) -> dict:
    """Parameter values for one block: floats for fixed inputs, arrays ``(n,)`` for uncertain ones."""
    p = {}
    for k, v in scenario.values.items():
        if isinstance(v, bool):
            p[k] = v
        elif isinstance(v, (int, float)):
            p[k] = float(v) if not isinstance(v, int) else v
        elif isinstance(v, dst.Fixed):
            p[k] = float(v.value)
    for k in scenario.uncertain():
        d = scenario.values[k]
        if rng is None:
            p[k] = np.full(n, dst.central(d))
        else:
            p[k] = dst.sample(d, rng, BLOCK, volatility)[:n]
    return p


_SNAPSHOTS: dict[int, str] = {}


def _snapshot(catalog: Catalog) -> str:
    """Hash of the contents of the catalog datasets a run depends on (cached per catalog)."""
    if id(catalog) in _SNAPSHOTS:
        return _SNAPSHOTS[id(catalog)]
    h = hashlib.sha256()
    for name in SNAPSHOT_DATASETS:
        df = catalog.load(name)
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(df.drop(columns=["retrieved"], errors="ignore"),
                                            index=False).values.tobytes())
    _SNAPSHOTS[id(catalog)] = h.hexdigest()[:16]
    return _SNAPSHOTS[id(catalog)]


def _dates(start: float, steps: int, spy: int) -> list[str]:
    out = []
    for i in range(steps):
        y = start + i / spy
        year = math.floor(y + 1e-9)
        day = round((y - year) * 365.0)
        out.append((dt.date(year, 1, 1) + dt.timedelta(days=day)).isoformat())
    return out


# -- result ---------------------------------------------------------------------------------
@dataclass
class SimulationResult:
    """A Monte Carlo run: per-path series, per-path bust statistics, metadata.

    ``series[name]`` is an array ``(steps, paths)`` (float32) for every series in
    :data:`infranomics.market.model.RECORDED`; ``periods`` are the start dates of the steps.
    """

    scenario: Scenario
    seed: int | None
    paths: int
    years: float
    steps_per_year: int
    periods: list[str]
    times: np.ndarray
    series: dict[str, np.ndarray]
    bust_time: np.ndarray
    bust_cause: np.ndarray
    signal_time: np.ndarray
    peak_default_share: np.ndarray
    peak_capex_time: np.ndarray
    trough_utilization: np.ndarray
    meta: dict = field(default_factory=dict)

    # -- statistics ----------------------------------------------------------------------
    def quantiles(self, name: str, q=QUANTILES) -> np.ndarray:
        """Quantiles of series ``name`` across paths at each step: array ``(len(q), steps)``."""
        a = np.asarray(self.series[name], dtype=float)
        if np.isnan(a).any():
            return np.nanquantile(a, q, axis=1)
        return np.quantile(a, q, axis=1)

    def annual(self, name: str, how: str = "mean") -> pd.DataFrame:
        """Series ``name`` aggregated by calendar year: rows = years, columns = paths."""
        a = np.asarray(self.series[name], dtype=float)
        years = np.floor(self.meta["start_year"] + self.times + 1e-9).astype(int)
        df = pd.DataFrame(a, index=years)
        g = df.groupby(level=0)
        return getattr(g, how)()

    def summary(self) -> dict:
        """Bust probability and time, signal statistics and metadata (JSON-ready)."""
        bt = self.bust_time
        busted = ~np.isnan(bt)
        prob = float(busted.mean()) if bt.size else 0.0
        med = float(np.median(bt[busted])) if busted.any() else None
        q10 = float(np.quantile(bt[busted], 0.1)) if busted.any() else None
        q90 = float(np.quantile(bt[busted], 0.9)) if busted.any() else None
        st = self.signal_time
        fired = ~np.isnan(st)
        warned = busted & fired & (st <= np.where(busted, bt, np.inf))
        lead = (bt - st)[warned]
        cause = self.bust_cause[busted]
        capex0 = (np.asarray(self.series["capex_usd"][: self.steps_per_year], dtype=float).mean(axis=0)
                  if "capex_usd" in self.series else np.array([np.nan]))
        out = {
            "scenario": self.scenario.name,
            "scenario_hash": self.scenario.hash,
            "version": __version__,
            "seed": self.seed,
            "paths": self.paths,
            "years": self.years,
            "steps_per_year": self.steps_per_year,
            "start_year": self.meta["start_year"],
            "currency": "USD",
            "currency_year": self.scenario.meta["currency_year"],
            "capacity_unit": self.scenario.meta["capacity_unit"],
            "volatility": self.meta["volatility"],
            "data_snapshot": self.meta.get("data_snapshot"),
            "bust_definition": bust_definition(self.scenario),
            "bust_definition_codes": note_codes(bust_definition_parts(self.scenario)),
            "bust_probability": prob,
            "median_time_to_bust_years": med,
            "time_to_bust_p10_years": q10,
            "time_to_bust_p90_years": q90,
            "bust_cause_shares": {  # share of busts in which each criterion held at the bust (not exclusive)
                "capex_drawdown": float(((cause & 1) > 0).mean()) if cause.size else 0.0,
                "utilization": float(((cause & 2) > 0).mean()) if cause.size else 0.0,
                "default_share": float(((cause & 4) > 0).mean()) if cause.size else 0.0,
            },
            "signal_threshold": self.scenario.block("signal")["threshold"],
            "signal_probability": float(fired.mean()) if st.size else 0.0,
            "busts_preceded_by_signal": float(warned.sum() / busted.sum()) if busted.any() else None,
            "median_signal_lead_years": float(np.median(lead)) if lead.size else None,
            "false_alarm_rate": float((fired & ~busted).sum() / max(1, (~busted).sum())) if (~busted).any() else None,
            "peak_default_share_p50": float(np.median(self.peak_default_share)),
            "peak_default_share_p95": float(np.quantile(self.peak_default_share, 0.95)),
            "trough_utilization_p50": float(np.median(self.trough_utilization)),
            "first_year_capex_usd_p50": float(np.median(capex0)),
            "elapsed_s": self.meta.get("elapsed_s"),
            "path_steps_per_s": self.meta.get("path_steps_per_s"),
        }
        return out

    def to_dict(self, series: tuple[str, ...] = KEY_SERIES) -> dict:
        """The public JSON contract of ``infranomics simulate --json`` (see docs/market.md)."""
        quant = {}
        for name in series:
            qs = self.quantiles(name)
            quant[name] = {"unit": RECORDED[name][0], "p5": qs[0].tolist(), "p50": qs[1].tolist(),
                           "p95": qs[2].tolist()}
        return {
            "summary": self.summary(),
            "periods": self.periods,
            "quantiles": quant,
            "indicators": list(INDICATORS),
            "scenario": {"name": self.scenario.name, "hash": self.scenario.hash, "title": self.scenario.meta["title"],
                         "chain": self.scenario.chain, **self.scenario.to_dict(),
                         "sources": dict(self.scenario.sources)},
        }

    def quantile_frame(self, series: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Long table: series, unit, period, p5, p50, p95."""
        rows = []
        for name in series or tuple(RECORDED):
            qs = self.quantiles(name)
            for j, period in enumerate(self.periods):
                rows.append((name, RECORDED[name][0], period, qs[0, j], qs[1, j], qs[2, j]))
        return pd.DataFrame(rows, columns=["series", "unit", "period", "p5", "p50", "p95"])

    def path_frame(self) -> pd.DataFrame:
        """One row per path: bust time and cause, signal time, peak default share, trough utilisation."""
        names = ("capex_drawdown", "utilization", "default_share")
        cause = ["+".join(n for k, n in enumerate(names) if c & (1 << k)) or "none" for c in self.bust_cause]
        return pd.DataFrame({"path": np.arange(self.paths), "bust_time_years": self.bust_time, "bust_cause": cause,
                             "signal_time_years": self.signal_time, "peak_default_share": self.peak_default_share,
                             "peak_capex_time_years": self.peak_capex_time,
                             "trough_utilization": self.trough_utilization})

    def write(self, out_dir: str | os.PathLike, signal_paths_limit: int = 5000) -> list[Path]:
        """Write ``quantiles.csv``, ``paths.csv``, ``signal.csv`` (if paths <= limit) and ``result.json``."""
        from .._json import jsonable

        d = Path(out_dir)
        d.mkdir(parents=True, exist_ok=True)
        files = [d / "quantiles.csv", d / "paths.csv", d / "result.json"]
        self.quantile_frame().to_csv(files[0], index=False)
        self.path_frame().to_csv(files[1], index=False)
        meta = self.to_dict()
        meta["files"] = {"quantiles.csv": "series, unit, period, p5, p50, p95 for every recorded series",
                         "paths.csv": "per-path bust time, cause, signal time, peak default share"}
        if self.paths <= signal_paths_limit:
            sig = pd.DataFrame(np.asarray(self.series["signal"], dtype=float), index=self.periods)
            sig.index.name = "period"
            sig.columns = [f"path_{i}" for i in range(self.paths)]
            sig.to_csv(d / "signal.csv")
            files.insert(2, d / "signal.csv")
            meta["files"]["signal.csv"] = "composite turning-point signal by period (rows) and path (columns)"
        else:
            meta["files"]["signal.csv"] = f"skipped: more than {signal_paths_limit} paths"
        (d / "result.json").write_text(json.dumps(jsonable(meta), indent=2, ensure_ascii=False), encoding="utf-8")
        return files


# -- runs -----------------------------------------------------------------------------------
def simulate(
    scenario: Scenario | str,
    paths: int = 1000,
    years: float | None = None,
    seed: int | None = 0,
    *,
    volatility: float | None = None,
    record: bool = True,
    catalog: Catalog | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: str = "auto",
) -> SimulationResult:
    """Run ``paths`` Monte Carlo paths of ``scenario`` for ``years`` (default: the scenario's).

    Parameters
    ----------
    scenario
        A :class:`Scenario` or a preset name / TOML path.
    paths
        Number of paths (>= 1). More than this machine's memory allows is an error that says
        the maximum.
    years
        Horizon. [years]
    seed
        Seed of the random streams (``None`` draws one from the OS and records it).
    volatility
        Overrides the scenario's volatility scale in [0, 1]; 0 gives the deterministic path on
        every path.
    record
        Keep per-path series (needed for quantiles); ``False`` keeps only bust statistics.
    progress
        Called with (path-steps done, total) after each block.
    engine
        Time loop: ``"auto"`` (compiled with numba when installed), ``"numba"`` or ``"numpy"`` (the
        vectorised reference); both give the same numbers (:mod:`.engine_numba`).
    """
    cat = catalog or default_catalog()
    sc = load_scenario(scenario, catalog=cat) if isinstance(scenario, str) else scenario
    sc.resolve_catalog(cat)
    sc.resolve_warm_start(cat)
    if isinstance(paths, bool) or not isinstance(paths, (int, np.integer)) or paths < 1:
        raise InputError(f"--paths must be a whole number >= 1, got {paths!r}", field="--paths")
    yrs = float(sc.meta["years"] if years is None else years)
    if not (0.25 <= yrs <= 100) or not math.isfinite(yrs):
        raise InputError(f"--years must be in [0.25, 100], got {yrs:g}", field="--years")
    spy = int(sc.meta["steps_per_year"])
    steps = round(yrs * spy)
    vol = float(sc.meta["volatility"] if volatility is None else volatility)
    if not 0 <= vol <= 1:
        raise InputError(f"volatility must be in [0, 1], got {vol:g}", field="volatility")
    _check_memory(int(paths), steps, record)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**63))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"--seed must be a whole number >= 0, got {seed!r}", field="--seed")
    com = _commitment_schedule(sc, steps, cat) if sc.values["commitments.enabled"] else None
    knots = _shock_path(sc.meta.get("shock_knots"), float(sc.meta["start_year"]), steps, spy)

    t0 = time.perf_counter()
    blocks = []
    n_blocks = -(-int(paths) // BLOCK)
    out = np.empty((len(RECORDED), steps, int(paths)), dtype=np.float32) if record else None
    for b in range(n_blocks):
        nb = min(BLOCK, int(paths) - b * BLOCK)
        rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(int(seed), spawn_key=(b,))))
        p = _draws(sc, rng, nb, vol)
        noise = rng.standard_normal((steps, 2, BLOCK))[:, :, :nb]
        view = out[:, :, b * BLOCK: b * BLOCK + nb] if out is not None else None
        blocks.append(simulate_block(ModelSetup(p=p, n=nb, steps=steps, steps_per_year=spy,
                                                start_year=float(sc.meta["start_year"]), volatility=vol,
                                                noise=noise, commitment_usd=com, record=record, out=view,
                                                shock_path=knots, init_state=sc.warm, engine=engine)))
        if progress is not None:
            progress((b * BLOCK + nb) * steps, int(paths) * steps)
    elapsed = time.perf_counter() - t0
    return _assemble(sc, blocks, int(seed), int(paths), yrs, spy, steps, vol, elapsed, cat, out)


def deterministic(scenario: Scenario | str, years: float | None = None, *,
                  catalog: Catalog | None = None, shock_path: np.ndarray | None = None,
                  engine: str = "auto") -> SimulationResult:
    """One path with every input at its central value and no shocks (no random numbers at all).

    ``shock_path`` (ln demand shock by step) replaces the shock process with a given path — the
    in-sample fit estimates the realised shocks of 2023-2026 this way.
    """
    cat = catalog or default_catalog()
    sc = load_scenario(scenario, catalog=cat) if isinstance(scenario, str) else scenario
    sc.resolve_catalog(cat)
    sc.resolve_warm_start(cat)
    yrs = float(sc.meta["years"] if years is None else years)
    spy = int(sc.meta["steps_per_year"])
    steps = round(yrs * spy)
    com = _commitment_schedule(sc, steps, cat) if sc.values["commitments.enabled"] else None
    if shock_path is None:
        shock_path = _shock_path(sc.meta.get("shock_knots"), float(sc.meta["start_year"]), steps, spy)
    t0 = time.perf_counter()
    p = _draws(sc, None, 1, 0.0)
    blk = simulate_block(ModelSetup(p=p, n=1, steps=steps, steps_per_year=spy,
                                    start_year=float(sc.meta["start_year"]), volatility=0.0, noise=None,
                                    commitment_usd=com, record=True, init_state=sc.warm, engine=engine,
                                    shock_path=None if shock_path is None else np.asarray(shock_path, float)))
    return _assemble(sc, [blk], None, 1, yrs, spy, steps, 0.0, time.perf_counter() - t0, cat)


def _assemble(sc, blocks, seed, paths, yrs, spy, steps, vol, elapsed, cat, out=None) -> SimulationResult:
    def cat_(attr):
        return np.concatenate([getattr(b, attr) for b in blocks])

    series = {}
    if out is None and blocks[0].series is not None:
        out = np.concatenate([b.series for b in blocks], axis=2)
    if out is not None:
        series = {name: out[j] for j, name in enumerate(RECORDED)}
    start = float(sc.meta["start_year"])
    meta = {"start_year": start, "volatility": vol, "elapsed_s": round(elapsed, 4),
            "path_steps_per_s": round(paths * steps / elapsed) if elapsed > 0 else None,
            "data_snapshot": _snapshot(cat)}
    return SimulationResult(
        scenario=sc, seed=seed, paths=paths, years=yrs, steps_per_year=spy, periods=_dates(start, steps, spy),
        times=np.arange(steps) / spy, series=series, bust_time=cat_("bust_time"), bust_cause=cat_("bust_cause"),
        signal_time=cat_("signal_time"), peak_default_share=cat_("peak_default_share"),
        peak_capex_time=cat_("peak_capex_time"), trough_utilization=cat_("trough_utilization"), meta=meta)
