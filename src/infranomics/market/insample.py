"""The in-sample AI record 2023-2026: what the baseline's behaviour is fitted on.

The baseline (2026-2035) is only credible if the same model, started from the state of
January 2023 (preset ``ai_2023_2026``, which extends ``baseline`` and only sets the 2023 state),
reproduces what happened since. This module

* lists the published record as :class:`Target` rows read from the catalog (nothing re-typed):
  hyperscaler capex 2023-2025 and the 2026 guidance (``macro_ai``), the H100 rental price V-shape
  (``gpu_rental_prices``), OpenAI's annualised revenue (``company_figures``); checks that are
  reported but not fitted (the installed fleet from Epoch AI, Google's token volume, Anthropic's
  run-rate);
* fits the logistic adoption curve on ChatGPT weekly users (:func:`fit_adoption`, closed form);
* fits the behavioural parameters that drive orders, prices and expectations — intensity growth
  and its fading, budget growth, builders' expectation and adjustment times, the price adjustment
  time — and three unobserved 2023 states, by weighted least squares on log values with weak
  priors (a maximum a-posteriori fit; :func:`fit_insample`), and reports each parameter's
  approximate posterior standard deviation from the Jacobian;
* reads the state of the fitted run at 2026.0 (:func:`seam_state`): builders' and investors'
  expected growth, utilisation, the unserved demand and the inference share, which are the
  baseline's initial values.

The fitted values are written into the presets by hand (each with a ``fitted`` source);
``tests/validation/test_ai_2023_2026_insample.py`` checks that the presets reproduce the record
within the stated errors and that the baseline starts where the in-sample run ends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..errors import DataError
from .montecarlo import SimulationResult, deterministic
from .scenario import Scenario, load_scenario

__all__ = [
    "FIT_PARAMS",
    "INSAMPLE_PRESET",
    "SHOCK_KNOTS",
    "STATE_2023",
    "Target",
    "fit_adoption",
    "fit_cost",
    "fit_insample",
    "fit_table",
    "run_stored",
    "seam_state",
    "targets",
]

INSAMPLE_PRESET = "ai_2023_2026"
#: AI users per ChatGPT weekly user (claims.md: ~1B AI users vs ~800M ChatGPT weekly users in 2025).
USERS_PER_CHATGPT_USER = 1.25
#: Share of paid model revenue earned by OpenAI and Anthropic at end-2025 (assumption: with Google,
#: xAI, Mistral, Chinese labs and open-model hosts the two hold about half).
LAB_SHARE_OA_ANTHROPIC = 0.5

#: Fitted parameters: name -> (low, high, log scale?, prior centre, prior sd (in log units when log scale), why).
FIT_PARAMS: dict[str, tuple[float, float, bool, float, float, str]] = {
    "demand.intensity_growth": (0.02, 5.0, True, 0.5, 0.7, "previous baseline assumption (median 0.5)"),
    "demand.intensity_growth_decay": (0.02, 3.0, True, 0.25, 0.7, "previous baseline assumption (0.1-0.4)"),
    "demand.funded_growth": (-0.3, 3.0, False, 0.3, 0.3, "previous baseline assumption (mean 0.3)"),
    "investment.expectation_years": (0.1, 10.0, True, 1.0, 0.7, "Sterman (2000): trend perception ~1 year"),
    "investment.adjust_years": (0.1, 10.0, True, 1.0, 0.7, "Sterman (2000): stock adjustment ~1 year"),
    "costs.price_adjust_years": (0.05, 5.0, True, 1.0, 0.7, "1-3 year contracts, spot reprices in months"),
    "costs.price_utilization_elasticity": (0.3, 8.0, True, 2.0, 0.5, "previous assumption (2)"),
    "investment.max_order_ratio": (0.5, 20.0, True, 3.0, 0.7, "supply limit: orders per year per unit installed"),
    "sentiment.growth_sensitivity": (0.05, 20.0, True, 1.5, 0.7, "previous assumption (1.5)"),
    "finance.spread_sentiment_sensitivity": (0.002, 1.0, True, 0.06, 0.7, "previous assumption (6 points)"),
    # states of January 2023 (set in the ai_2023_2026 preset, not in the baseline)
    "investment.demand_growth_expected": (-0.5, 4.0, False, 1.0, 0.5, "2023 state: builders expected ~2x/yr"),
    "capacity.initial_excess_demand": (0.0, 3.0, False, 0.3, 0.3, "2023 state: the GPU shortage"),
    "demand.inference_share_initial": (0.02, 0.9, False, 0.2, 0.1, "2023 state: mostly training compute"),
}
#: Knots (decimal years) of the realised log demand shock, linear between them, 0 at the start (2023.0) and
#: constant after the last knot; prior N(0, stationary sd of the baseline's shock process).
SHOCK_KNOTS = (2024.0, 2025.0, 2025.75, 2026.5)
#: Parameters of FIT_PARAMS that are 2023 states (kept in the in-sample preset, not in the baseline).
STATE_2023 = ("investment.demand_growth_expected", "capacity.initial_excess_demand", "demand.inference_share_initial")


@dataclass(frozen=True)
class Target:
    """One published number the in-sample run is compared with.

    ``how``: ``annual`` (calendar-year mean of an annual-rate series), ``point`` (value of the
    step that contains ``when``) or ``ratio`` (point at ``when`` over point at ``base``).
    ``sd`` is the log-scale error the fit allows (its weight is 1/sd²).
    """

    name: str
    series: str
    when: float
    how: str
    value: float
    fitted: bool
    sd: float
    source: str
    base: float | None = None


def _rows(cat: Catalog, dataset: str, **eq) -> pd.DataFrame:
    df = cat.load(dataset)
    for k, v in eq.items():
        df = df[df[k] == v]
    if df.empty:
        raise DataError(f"{dataset} has no rows for {eq}")
    return df


def targets(catalog: Catalog | None = None, scope: float | None = None) -> list[Target]:
    """The in-sample record 2023-2026 as targets (values from the catalog)."""
    cat = catalog or default_catalog()
    if scope is None:
        scope = load_scenario("baseline", catalog=cat, resolve=False).central_value("capacity.capex_scope_multiplier")
    out: list[Target] = []
    cap = _rows(cat, "macro_ai", series="hyperscaler_capex_usd").sort_values("year")
    for r in cap.itertuples(index=False):
        y = int(r.year)
        if 2023 <= y <= 2026:
            what = "guidance midpoint ($630-700B)" if r.role == "context" else "reported"
            out.append(Target(f"capex {y} (x scope {scope:g}) [USD]", "capex_usd", float(y), "annual",
                              float(r.value) * scope, True, 0.10,
                              f"macro_ai hyperscaler_capex_usd {y}: ${float(r.value) / 1e9:,.0f}B, {what}; x "
                              f"capex_scope_multiplier"))
    pr = cat.load("gpu_rental_prices")
    pr = pr[(pr["accelerator"] == "H100-SXM") & (pr["currency"] == "USD")]

    def price(provider_part: str, date: str, contract: str) -> Target:
        rows = pr[pr["provider"].str.contains(provider_part, regex=False) & (pr["contract"] == contract)
                  & (pr["date"] == pd.Timestamp(date))]
        if rows.empty:
            raise DataError(f"gpu_rental_prices has no H100-SXM row '{provider_part}' {contract} {date}")
        r = rows.iloc[0]
        d = pd.Timestamp(date)
        when = d.year + (d.day_of_year - 1) / 365.0
        return Target(f"H100 rent {date[:7]} {contract} ({r['tier']}) [USD/h]", "price_per_unit_hour", when, "point",
                      float(r["price_per_gpu_hour"]), True, 0.25,
                      f"gpu_rental_prices: {r['provider']} {r['tier']} {contract} {date[:7]}")

    out += [price("Latent Space", "2023-08-01", "on-demand"),
            price("Market resellers", "2024-10-01", "on-demand"),
            price("SemiAnalysis", "2024-10-01", "on-demand"),
            price("SemiAnalysis GPU rental index", "2025-10-01", "1-year"),
            price("SemiAnalysis GPU rental index", "2026-03-01", "1-year")]
    oa = _rows(cat, "company_figures", company="OpenAI", metric="annualized_revenue")
    arr = {int(p): float(v) for p, v in zip(oa["period"], oa["value"], strict=True)}
    for y in (2024, 2025):
        out.append(Target(f"lab revenue growth {y} (OpenAI run-rate x{arr[y] / arr[y - 1]:.2f})", "revenue_lab_usd",
                          y + 1.0, "ratio", arr[y] / arr[y - 1], True, 0.15,
                          f"company_figures OpenAI annualized_revenue {y - 1} ${arr[y - 1] / 1e9:g}B -> {y} "
                          f"${arr[y] / 1e9:g}B (end-of-year run-rates)", base=float(y)))
    ant = _rows(cat, "macro_ai", series="anthropic_run_rate_usd").sort_values("year")
    a_end = ant[ant["period"] == "2025-12"]
    if not a_end.empty:
        both = arr[2025] + float(a_end["value"].iloc[0])
        out.append(Target(f"lab revenue end-2025 (OpenAI + Anthropic / {LAB_SHARE_OA_ANTHROPIC:g}) [USD/yr]",
                          "revenue_lab_usd", 2026.0, "point", both / LAB_SHARE_OA_ANTHROPIC, True, 0.3,
                          f"company_figures OpenAI 2025 ${arr[2025] / 1e9:g}B + macro_ai Anthropic 2025-12 "
                          f"${float(a_end['value'].iloc[0]) / 1e9:g}B run-rates / their assumed share of paid "
                          f"model revenue"))
    for r in _rows(cat, "macro_ai", series="ai_builder_credit_spread").itertuples(index=False):
        out.append(Target(f"credit spread {r.period} [fraction/yr]", "credit_spread", float(r.year), "point",
                          float(r.value), True, 0.3, f"macro_ai ai_builder_credit_spread {r.period}: {r.source}"[:160]))
    # checks: reported, not fitted
    stock = _rows(cat, "macro_ai", series="ai_compute_stock_h100e")
    for r in stock.itertuples(index=False):
        out.append(Target(f"installed fleet {r.period} [H100e]", "capacity_units", float(r.year), "point",
                          float(r.value), False, 0.25, f"macro_ai ai_compute_stock_h100e {r.period}: {r.note}"[:160]))
    if len(ant) >= 2:
        a, b = ant.iloc[0], ant.iloc[-1]
        out.append(Target(f"lab revenue growth {a['period']} -> {b['period']} (Anthropic x{b['value'] / a['value']:.2f})",
                          "revenue_lab_usd", float(b["year"]), "ratio", float(b["value"] / a["value"]), True, 0.3,
                          f"macro_ai anthropic_run_rate_usd ${a['value'] / 1e9:g}B -> ${b['value'] / 1e9:g}B",
                          base=float(a["year"])))
    tok = _rows(cat, "macro_ai", series="google_tokens_per_month").sort_values("year")
    a, b = tok.iloc[0], tok.iloc[-1]
    out.append(Target(f"token volume growth {a['period']} -> {b['period']} (Google x{b['value'] / a['value']:.2f})",
                      "tokens_per_year", float(b["year"]), "ratio", float(b["value"] / a["value"]), False, 0.3,
                      "macro_ai google_tokens_per_month (mostly reasoning-token inflation, the-decoder)",
                      base=float(a["year"])))
    return out


def _point(res: SimulationResult, series: str, when: float) -> float:
    spy = res.steps_per_year
    i = math.floor((when - res.meta["start_year"]) * spy + 1e-9)
    i = min(max(i, 0), len(res.periods) - 1)
    return float(res.series[series][i, 0])


def simulated(res: SimulationResult, t: Target) -> float:
    """The deterministic run's value for target ``t``."""
    if t.how == "annual":
        a = np.asarray(res.series[t.series][:, 0], dtype=float)
        years = np.floor(res.meta["start_year"] + res.times + 1e-9)
        sel = years == t.when
        return float(a[sel].mean()) if sel.any() else float("nan")
    if t.how == "ratio":
        return _point(res, t.series, t.when) / _point(res, t.series, t.base)
    return _point(res, t.series, t.when)


def fit_table(res: SimulationResult, tgts: list[Target]) -> pd.DataFrame:
    """Published against simulated, with the log error, for every target."""
    rows = []
    for t in tgts:
        sim = simulated(res, t)
        err = math.log(sim / t.value) if sim > 0 and t.value > 0 else float("nan")
        rows.append({"target": t.name, "published": t.value, "simulated": sim, "log_error": err,
                     "fitted": t.fitted, "allowed_sd": t.sd, "source": t.source})
    return pd.DataFrame(rows)


def fit_adoption(catalog: Catalog | None = None, saturation: float | None = None) -> dict:
    """Logistic adoption fitted on ChatGPT weekly users x :data:`USERS_PER_CHATGPT_USER` (closed form).

    Returns ``{"rate": k, "users_2023": U(2023.0), "users_2026": U(2026.0), "rmse_log": ...}``.
    """
    from scipy.optimize import least_squares

    cat = catalog or default_catalog()
    if saturation is None:
        saturation = load_scenario("baseline", catalog=cat, resolve=False).central_value("demand.users_saturation")
    rows = _rows(cat, "macro_ai", series="chatgpt_weekly_users").sort_values("year")
    t = rows["year"].to_numpy(dtype=float)
    users = rows["value"].to_numpy(dtype=float) * USERS_PER_CHATGPT_USER

    def curve(th, tt):
        u0 = math.exp(th[0])
        return saturation / (1.0 + (saturation / u0 - 1.0) * np.exp(-th[1] * (tt - 2023.0)))

    r = least_squares(lambda th: np.log(curve(th, t)) - np.log(users), [math.log(1e8), 0.8],
                      bounds=([math.log(1e6), 0.01], [math.log(saturation * 0.99), 5.0]))
    jac = r.jac
    cov = np.linalg.pinv(jac.T @ jac) * (2 * r.cost / max(1, len(t) - 2))
    return {"rate": float(r.x[1]), "rate_sd": float(math.sqrt(max(cov[1, 1], 0.0))),
            "users_2023": float(curve(r.x, np.array([2023.0]))[0]),
            "users_2026": float(curve(r.x, np.array([2026.0]))[0]),
            "rmse_log": float(math.sqrt(2 * r.cost / len(t))), "n": len(t)}


def knots(shocks) -> list[list[float]]:
    """``shock_knots`` (scenario setting) from the fitted shock values at :data:`SHOCK_KNOTS`."""
    vals = list(shocks.values()) if isinstance(shocks, dict) else list(shocks)
    return [[float(k), float(v)] for k, v in zip(SHOCK_KNOTS, vals, strict=True)]


def _with(sc: Scenario, values: dict, shocks) -> Scenario:
    over = dict(values)
    if shocks is not None:
        over["shock_knots"] = knots(shocks)
    return sc.with_overrides(over, origin="in-sample fit") if over else sc


def _run(sc: Scenario, values: dict, shocks, years: float, cat: Catalog) -> SimulationResult:
    return deterministic(_with(sc, values, shocks), years=years, catalog=cat)


def run_stored(catalog: Catalog | None = None, years: float | None = None) -> SimulationResult:
    """The deterministic in-sample run with the stored preset (fitted values and shock knots)."""
    cat = catalog or default_catalog()
    sc = load_scenario(INSAMPLE_PRESET, catalog=cat)
    return deterministic(sc, years=float(sc.meta["years"] if years is None else years), catalog=cat)


class _Problem:
    """The weighted least-squares problem of :func:`fit_insample` (parameters in their fit scale + shocks)."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self.sc = load_scenario(INSAMPLE_PRESET, catalog=cat)
        self.years = float(self.sc.meta["years"])
        self.tgts = [t for t in targets(cat) if t.fitted]
        self.names = list(FIT_PARAMS)
        self.spec = [FIT_PARAMS[k] for k in self.names]
        sc, spec = self.sc, self.spec
        sd_shock = sc.central_value("demand.volatility") / math.sqrt(2.0 * sc.central_value("demand.shock_reversion"))
        nk = len(SHOCK_KNOTS)
        self.lo = np.array([math.log(s[0]) if s[2] else s[0] for s in spec] + [-1.0] * nk)
        self.hi = np.array([math.log(s[1]) if s[2] else s[1] for s in spec] + [1.0] * nk)
        self.prior = np.array([math.log(s[3]) if s[2] else s[3] for s in spec] + [0.0] * nk)
        self.psd = np.array([s[4] for s in spec] + [sd_shock] * nk)
        self.evals = 0
        self.labels = self.names + [f"shock@{k:g}" for k in SHOCK_KNOTS]

    def encode(self, params: dict, shocks=None) -> np.ndarray:
        stored = dict((a, b) for a, b in self.sc.meta.get("shock_knots", []))
        sh = [stored.get(k, 0.0) for k in SHOCK_KNOTS] if shocks is None else list(
            shocks.values() if isinstance(shocks, dict) else shocks)
        x = [math.log(params[k]) if s[2] else params[k] for k, s in zip(self.names, self.spec, strict=True)]
        return np.array(x + sh, dtype=float)

    def decode(self, x) -> tuple[dict, dict]:
        n = len(self.names)
        par = {k: (math.exp(v) if s[2] else float(v)) for k, v, s in zip(self.names, x[:n], self.spec, strict=True)}
        return par, {k: float(v) for k, v in zip(SHOCK_KNOTS, x[n:], strict=True)}

    def residuals(self, x) -> np.ndarray:
        self.evals += 1
        x = np.clip(x, self.lo, self.hi)
        try:
            res = _run(self.sc, *self.decode(x), self.years, self.cat)
        except Exception:  # a parameter set the model rejects counts as a very bad fit
            return np.full(len(self.tgts) + len(x), 10.0)
        r = []
        for t in self.tgts:
            v = simulated(res, t)
            r.append((math.log(v / t.value) if v > 0 and math.isfinite(v) else 10.0) / t.sd)
        return np.concatenate([r, (x - self.prior) / self.psd])


def fit_cost(params: dict, shocks=None, catalog: Catalog | None = None) -> float:
    """The fit's objective (half the sum of squared weighted residuals, priors included) at ``params``."""
    pb = _Problem(catalog or default_catalog())
    r = pb.residuals(pb.encode(params, shocks))
    return float(0.5 * np.sum(r**2))


def fit_insample(catalog: Catalog | None = None, maxiter: int = 400, start: dict | None = None) -> dict:
    """Weighted least squares (log values) of :data:`FIT_PARAMS` and the shock knots, with weak priors.

    Starts from the preset's values (or ``start``) and its stored ``shock_knots``. Returns
    ``{"params", "shocks", "sd", "prior_sd", "table", "cost", "evaluations", "rmse_log_fitted"}``;
    ``sd`` is the approximate posterior standard deviation of each parameter (in its fit scale: log
    for log parameters) from the Jacobian at the optimum.
    """
    from scipy.optimize import least_squares

    cat = catalog or default_catalog()
    pb = _Problem(cat)
    sc, lo, hi = pb.sc, pb.lo, pb.hi
    x0 = pb.encode(start or {k: sc.central_value(k) for k in pb.names})
    x0 = np.clip(x0, lo + 1e-6 * (hi - lo), hi - 1e-6 * (hi - lo))
    cache: dict[bytes, np.ndarray] = {}

    def f(x):
        key = np.asarray(x, dtype=float).tobytes()
        if key not in cache:
            cache[key] = pb.residuals(x)
        return cache[key]

    def jac(x):
        # forward differences with absolute steps (scipy's relative steps vanish at x = 0, i.e. log 1)
        f0 = f(x)
        out = np.empty((f0.size, x.size))
        for j in range(x.size):
            h = 1e-3 * max(1.0, abs(x[j]))
            if x[j] + h > hi[j]:
                h = -h
            xj = x.copy()
            xj[j] += h
            out[:, j] = (f(xj) - f0) / h
        return out

    r = least_squares(f, x0, jac=jac, bounds=(lo, hi), max_nfev=maxiter, x_scale=pb.psd)
    J = jac(r.x)
    cov = np.linalg.pinv(J.T @ J)
    sd = {k: float(math.sqrt(max(cov[j, j], 0.0))) for j, k in enumerate(pb.labels)}
    prior_sd = dict(zip(pb.labels, pb.psd.tolist(), strict=True))
    params, shocks = pb.decode(r.x)
    res = _run(sc, params, shocks, pb.years, cat)
    table = fit_table(res, targets(cat))
    fitted = table[table["fitted"]]
    return {"params": params, "shocks": shocks, "sd": sd, "prior_sd": prior_sd, "table": table,
            "cost": float(r.cost), "evaluations": pb.evals,
            "rmse_log_fitted": float(np.sqrt(np.mean(fitted["log_error"] ** 2)))}


def seam_state(catalog: Catalog | None = None, overrides: dict | None = None, shocks=None) -> dict:
    """State of the in-sample run on 2026-01-01 — the baseline's warm start — as parameter values and stocks."""
    from .warmstart import STATE_PARAMS, snapshot

    cat = catalog or default_catalog()
    sc = _with(load_scenario(INSAMPLE_PRESET, catalog=cat), overrides or {}, shocks)
    st = snapshot(sc, 2026.0, int(sc.meta["steps_per_year"]), cat)
    u_max = sc.central_value("capacity.max_utilization")
    out = {k: float(fn(st, u_max)) for k, fn in STATE_PARAMS.items()}
    out.update({k: st[k] for k in ("capacity", "price", "log_multiple") if k in st})
    out["supply_line_units"] = st["S1"] + st["S2"] + st["G"]
    out["trailing_capex_usd"] = float(np.mean(st["ring"]))
    return out
