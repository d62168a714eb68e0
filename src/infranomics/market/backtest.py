"""Back-tests against historical capital cycles: fit before the peak, score after (VALIDATION.md).

Protocol
--------
1. Load the history dataset and split it by the ``role`` column. :class:`FitData` holds only
   rows with ``role = fit`` *and* a year inside the fit window; building it from a frame with
   any other row raises :class:`~infranomics.errors.DataError`. The fitting code only ever sees
   a :class:`FitData`.
2. Fit a few parameters of the analogue's preset (deterministic runs, up to the end of the fit
   window only) by least squares on log values with :func:`scipy.optimize.minimize`.
3. Run a seeded Monte Carlo from the start to the end of the score window with the fitted
   parameters and compare it, target by target, with the ``role = score`` rows: the record, the
   simulated 5/50/95th percentiles, and whether the record lies inside the 90% band.

Scores are reported whatever they are; nothing is tuned on the score rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..errors import DataError, unknown_name
from .montecarlo import SimulationResult, deterministic, simulate
from .scenario import Scenario, load_scenario

__all__ = ["BACKTESTS", "BacktestReport", "FitData", "fit", "load_split", "run_backtest", "score"]


@dataclass(frozen=True)
class BacktestSpec:
    """What a back-test fits and scores."""

    name: str
    preset: str
    dataset: str
    fit_years: tuple[int, int]
    score_years: tuple[int, int]
    #: parameter -> (low, high, log-scale?) searched by the fit
    fit_params: dict[str, tuple[float, float, bool]]
    #: series in the data -> (simulated series, how to aggregate by year: mean/last)
    fit_series: dict[str, tuple[str, str]]


BACKTESTS: dict[str, BacktestSpec] = {
    "railways": BacktestSpec(
        name="railways", preset="railways_1870s", dataset="history_railways_us",
        fit_years=(1865, 1871), score_years=(1872, 1879),
        fit_params={"investment.demand_growth_expected": (-0.2, 0.8, False),
                    "investment.supply_line_weight": (0.05, 1.0, False),
                    "investment.adjust_years": (0.3, 5.0, True)},
        fit_series={"miles_built": ("additions_units", "mean"), "miles_operated": ("capacity_units", "last")},
    ),
    "telecom": BacktestSpec(
        name="telecom", preset="telecom_2000", dataset="history_telecom",
        fit_years=(1996, 1999), score_years=(2000, 2003),
        fit_params={"demand.intensity_growth": (0.2, 2.0, False),
                    "investment.demand_growth_expected": (0.0, 3.0, False),
                    "efficiency.hw_perf_per_dollar_growth": (0.0, 2.0, False),
                    "costs.capex_per_unit": (1e9, 1e12, True)},
        fit_series={"capex_usd": ("capex_usd", "mean"), "ip_traffic_pb_month": ("demand_units", "mean")},
    ),
}


@dataclass(frozen=True)
class FitData:
    """History rows the fit may use: ``role = fit`` and inside the fit window — checked on construction."""

    dataset: str
    window: tuple[int, int]
    rows: pd.DataFrame

    def __post_init__(self) -> None:
        bad = self.rows[(self.rows["role"] != "fit") | (self.rows["year"] < self.window[0])
                        | (self.rows["year"] >= self.window[1] + 1)]
        if not bad.empty:
            r = bad.iloc[0]
            raise DataError(f"{self.dataset}: row {r['series']} {r['period']} (role={r['role']}) is not allowed in "
                            f"the fit window {self.window[0]}-{self.window[1]}; only role=fit rows inside it may be "
                            f"fitted", field="role")

    def series(self, name: str) -> pd.Series:
        df = self.rows[self.rows["series"] == name].sort_values("year")
        return pd.Series(df["value"].to_numpy(dtype=float), index=df["year"].astype(float).to_numpy())


def load_split(spec: BacktestSpec, catalog: Catalog | None = None) -> tuple[FitData, pd.DataFrame]:
    """Split a history dataset into the fit data and the score rows (``role = score``)."""
    df = (catalog or default_catalog()).load(spec.dataset)
    lo, hi = spec.fit_years
    fit_rows = df[(df["role"] == "fit") & (df["year"] >= lo) & (df["year"] < hi + 1)]
    late_fit = df[(df["role"] == "fit") & (df["year"] >= hi + 1)]
    if not late_fit.empty:
        r = late_fit.iloc[0]
        raise DataError(f"{spec.dataset}: row {r['series']} {r['period']} is marked role=fit but lies after the fit "
                        f"window ({lo}-{hi}); the back-test only fits data before the peak", field="role")
    score_rows = df[df["role"] == "score"].copy()
    early = score_rows[score_rows["year"] < hi + 1]
    if not early.empty:
        r = early.iloc[0]
        raise DataError(f"{spec.dataset}: score row {r['series']} {r['period']} lies inside the fit window", field="role")
    return FitData(spec.dataset, spec.fit_years, fit_rows.reset_index(drop=True)), score_rows.reset_index(drop=True)


def _annual(res: SimulationResult, series: str, how: str) -> pd.DataFrame:
    a = np.asarray(res.series[series], dtype=float)
    years = np.floor(res.meta["start_year"] + res.times + 1e-9).astype(int)
    df = pd.DataFrame(a, index=years)
    return df.groupby(level=0).last() if how == "last" else df.groupby(level=0).mean()


def _with(sc: Scenario, values: dict[str, float]) -> Scenario:
    return sc.with_overrides(values, origin="back-test fit")


def fit(spec: BacktestSpec, data: FitData, catalog: Catalog | None = None, maxiter: int = 300) -> dict:
    """Least-squares fit (log values, deterministic runs over the fit window) of ``spec.fit_params``.

    Uses :func:`scipy.optimize.least_squares` (bounded trust region) from the preset's values and
    from two more starting points inside the bounds, keeping the best. Returns ``{"params": {...},
    "rmse_log": float, "n": int, "evaluations": int}``.
    """
    from scipy.optimize import least_squares

    cat = catalog or default_catalog()
    base = load_scenario(spec.preset, catalog=cat)
    start = float(base.meta["start_year"])
    years = spec.fit_years[1] + 1 - start
    targets = {name: data.series(name) for name in spec.fit_series}
    names = list(spec.fit_params)
    lo = np.array([math.log(spec.fit_params[n][0]) if spec.fit_params[n][2] else spec.fit_params[n][0] for n in names])
    hi = np.array([math.log(spec.fit_params[n][1]) if spec.fit_params[n][2] else spec.fit_params[n][1] for n in names])
    n_points = sum(len(v) for v in targets.values())
    evals = 0

    def decode(x):
        return {name: (math.exp(v) if spec.fit_params[name][2] else float(v)) for name, v in zip(names, x, strict=True)}

    def residuals(x):
        nonlocal evals
        evals += 1
        try:
            res = deterministic(_with(base, decode(np.clip(x, lo, hi))), years=years, catalog=cat)
        except Exception:
            return np.full(n_points, 10.0)
        err = []
        for name, (sim_series, how) in spec.fit_series.items():
            sim = _annual(res, sim_series, how)[0]
            for y, v in targets[name].items():
                s_ = float(sim.get(int(y), np.nan))
                err.append(math.log(s_) - math.log(v) if s_ > 0 and v > 0 else 10.0)
        return np.array(err)

    x_pre = np.array([math.log(base.central_value(n)) if spec.fit_params[n][2] else base.central_value(n)
                      for n in names])
    starts = [np.clip(x_pre, lo + 1e-9 * (hi - lo), hi - 1e-9 * (hi - lo)), lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3]
    best = None
    for x0 in starts:
        r = least_squares(residuals, x0, bounds=(lo, hi), max_nfev=max(10, maxiter // len(starts)),
                          diff_step=1e-3)
        if best is None or r.cost < best.cost:
            best = r
    rmse = math.sqrt(2 * best.cost / n_points)
    return {"params": decode(best.x), "rmse_log": rmse, "n": n_points, "evaluations": evals}


@dataclass
class BacktestReport:
    """Result of one back-test: fitted parameters, fit error, and per-target scores."""

    name: str
    preset: str
    fit: dict
    targets: pd.DataFrame
    paths: int
    seed: int
    summary: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        from .._json import jsonable

        return jsonable({"name": self.name, "preset": self.preset, "fit": self.fit, "paths": self.paths,
                         "seed": self.seed, "summary": self.summary, "targets": self.targets})

    def text(self) -> str:
        lines = [f"Back-test '{self.name}' (preset {self.preset}), {self.paths} paths, seed {self.seed}",
                 f"  fit: rmse(log) {self.fit['rmse_log']:.3f} on {self.fit['n']} points; "
                 + ", ".join(f"{k} = {v:.4g}" for k, v in self.fit["params"].items())]
        for r in self.targets.itertuples(index=False):
            inside = "inside" if r.inside_band else ("n/a" if pd.isna(r.inside_band) else "OUTSIDE")
            lines.append(f"  {r.target:<46s} record {_fmt(r.record):>10s}   sim p5 {_fmt(r.p5):>10s}  "
                         f"p50 {_fmt(r.p50):>10s}  p95 {_fmt(r.p95):>10s}   {inside}")
        s = self.summary
        lines.append(f"  score: {s['inside']}/{s['scored']} targets inside the 90% band; median |log error| of p50 "
                     f"{s['median_abs_log_error']:.3f}")
        return "\n".join(lines)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    v = float(v)
    if abs(v) >= 1e6 or (abs(v) < 1e-2 and v != 0):
        return f"{v:.3g}"
    return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}"


def _row(target, record, sample, note=""):
    sample = np.asarray(sample, dtype=float)
    sample = sample[np.isfinite(sample)]
    if sample.size == 0:
        return {"target": target, "record": record, "p5": np.nan, "p50": np.nan, "p95": np.nan,
                "inside_band": None, "abs_log_error": np.nan, "note": note}
    p5, p50, p95 = np.quantile(sample, [0.05, 0.5, 0.95])
    inside = None if record is None or np.isnan(record) else bool(p5 <= record <= p95)
    err = abs(math.log(p50) - math.log(record)) if record and record > 0 and p50 > 0 else np.nan
    return {"target": target, "record": record, "p5": p5, "p50": p50, "p95": p95, "inside_band": inside,
            "abs_log_error": err, "note": note}


def score(spec: BacktestSpec, res: SimulationResult, score_rows: pd.DataFrame) -> pd.DataFrame:
    """Compare a Monte Carlo run with the score rows, target by target."""
    rows = []
    lo, hi = spec.score_years

    def rec(series, period=None):
        df = score_rows[score_rows["series"] == series]
        if period is not None:
            df = df[df["period"] == str(period)]
        return df

    if spec.name == "railways":
        built = _annual(res, "additions_units", "mean")  # years x paths, miles/year
        for r in rec("miles_built").itertuples(index=False):
            if lo <= r.year <= hi and int(r.year) in built.index:
                rows.append(_row(f"miles built {int(r.year)}", r.value, built.loc[int(r.year)].to_numpy()))
        pre = built.loc[:hi]
        peak_year = pre.idxmax(axis=0).to_numpy(dtype=float)
        rows.append(_row("peak year of miles built", 1872.0, peak_year, "record: 7,439 miles in 1872"))
        peak = pre.max(axis=0)
        after = built.loc[lo + 1:hi]
        trough = after.min(axis=0)
        rows.append(_row("trough / peak of miles built (1873-79 vs peak)", 1606 / 7439, (trough / peak).to_numpy(),
                         "record: 1,606 (1875) / 7,439 (1872)"))
        util = _annual(res, "utilization", "mean").loc[lo + 1:hi]
        idle = rec("idle_capacity_share")
        if not idle.empty:
            rows.append(_row("lowest utilisation 1873-79", 1 - float(idle["value"].iloc[0]), util.min(axis=0).to_numpy(),
                             "record: 'over 30% of capacity idle' (low confidence) -> at most 0.70"))
        rs = rec("receivership_share_of_mileage")
        for r in rs.itertuples(index=False):
            t = r.year - res.meta["start_year"]
            i = round(t * res.steps_per_year)
            if 0 <= i < len(res.periods):
                rows.append(_row(f"share of mileage in receivership {r.period}", r.value,
                                 np.asarray(res.series["default_share"][i], dtype=float)))
        panic = rec("panic")
        if not panic.empty:
            bt = res.bust_time + res.meta["start_year"]
            rows.append(_row("bust date (capex -30% or utilisation < 60%)", float(panic["value"].iloc[0]), bt,
                             "record: Jay Cooke & Co. failed 1873-09-18; NaN paths never bust"))
    elif spec.name == "telecom":
        capex = _annual(res, "capex_usd", "mean")
        for r in rec("capex_usd").itertuples(index=False):
            if int(r.year) in capex.index:
                rows.append(_row(f"capex {int(r.year)} [USD]", r.value, capex.loc[int(r.year)].to_numpy()))
        peak_year = capex.loc[: hi].idxmax(axis=0).to_numpy(dtype=float)
        rows.append(_row("peak year of capex", 2000.0, peak_year, "record: USTelecom capex peaked in 2000"))
        c2000 = capex.loc[2000] if 2000 in capex.index else None
        if c2000 is not None and 2002 in capex.index:
            rows.append(_row("capex 2002 / 2000", 72.2 / 118.3, (capex.loc[2002] / c2000).to_numpy(),
                             "record: USTelecom -39% (derived, low confidence)"))
        if c2000 is not None and 2003 in capex.index:
            rows.append(_row("capex 2003 / 2000 (wireline)", 48.2 / 92.0, (capex.loc[2003] / c2000).to_numpy(),
                             "record: NA wireline capex $92B -> $48.2B (RHK, Infonetics)"))
        traffic = _annual(res, "demand_units", "mean")
        for r in rec("ip_traffic_pb_month").itertuples(index=False):
            if int(r.year) in traffic.index:
                rows.append(_row(f"IP traffic {int(r.year)} [PB/month]", r.value, traffic.loc[int(r.year)].to_numpy()))
        price = _annual(res, "price_per_unit_hour", "mean")
        if 1999 in price.index and 2001 in price.index:
            rows.append(_row("price 2001 / 1999", 1.8 / 12.0, (price.loc[2001] / price.loc[1999]).to_numpy(),
                             "record: transatlantic STM-1 $12M -> $1.8M (low confidence)"))
        util = _annual(res, "utilization", "mean").loc[lo:hi]
        rows.append(_row("lowest utilisation 2000-03", None, util.min(axis=0).to_numpy(),
                         "no comparable record: only 2.6% of (mostly dark) fibre capacity was lit in 2001"))
        d = np.asarray(res.series["default_share"], dtype=float)
        rows.append(_row("peak share of capacity in default 2000-03", None, d.max(axis=0),
                         "record: bankruptcies 20 (2000) -> 77 (2001); 165 firms, $749B of assets 2001-04"))
        peak_ev = rec("peak")
        if not peak_ev.empty:
            bt = res.bust_time + res.meta["start_year"]
            rows.append(_row("bust date (capex -30% or utilisation < 60%)", float(peak_ev["value"].iloc[0]), bt,
                             "record: decline from mid-2000 (Couper et al. 2003)"))
    return pd.DataFrame(rows)


def run_backtest(name: str, paths: int = 1000, seed: int = 2024, catalog: Catalog | None = None,
                 maxiter: int = 300) -> BacktestReport:
    """Fit on the pre-peak window, simulate ``paths`` paths through the score window, score."""
    if name not in BACKTESTS:
        raise unknown_name("back-test", name, BACKTESTS, field="name")
    spec = BACKTESTS[name]
    cat = catalog or default_catalog()
    data, score_rows = load_split(spec, cat)
    fitted = fit(spec, data, cat, maxiter=maxiter)
    sc = _with(load_scenario(spec.preset, catalog=cat), fitted["params"])
    years = spec.score_years[1] + 1 - float(sc.meta["start_year"])
    res = simulate(sc, paths=paths, years=years, seed=seed, catalog=cat)
    targets = score(spec, res, score_rows)
    scored = targets["inside_band"].notna()
    summary = {"scored": int(scored.sum()), "inside": int(targets.loc[scored, "inside_band"].sum()),
               "median_abs_log_error": float(np.nanmedian(targets["abs_log_error"].to_numpy(dtype=float))),
               "bust_probability": res.summary()["bust_probability"],
               "median_bust_year": (None if res.summary()["median_time_to_bust_years"] is None
                                    else res.meta["start_year"] + res.summary()["median_time_to_bust_years"])}
    return BacktestReport(name, spec.preset, fitted, targets, paths, seed, summary)
