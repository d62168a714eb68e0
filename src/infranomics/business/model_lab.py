"""Model lab: revenue growth against inference, training and committed compute → cash burn and funding need.

Inference cost grows with users (claims.md: a model company's costs scale with its revenue),
training compute grows on its own schedule, and multi-year compute commitments (take-or-pay
contracts with Oracle, Microsoft, AWS, CoreWeave…) put a floor under compute spending whatever
revenue does. The model is calibrated to OpenAI's reported and projected figures
(``company_figures``) and answers "if revenue falls short, how big is the funding gap, and how
much of the committed spending is at risk for each counterparty?".

Yearly equations (year index k from ``start_year``):

* revenue ``R_k = R_0 · Π (1 + g_j)``, growth ``g_j = g_1 · d^(j−1)`` (decaying), times
  ``(1 − shortfall)``;
* inference compute ``I_k = c_k · R_k`` with the cost ratio ``c_k`` moving linearly from
  ``c_start`` to ``c_end`` (efficiency gains, price changes);
* training compute ``T_k = T_0 · Π (1 + τ·δ^(j−1))`` (growth that slows);
* compute spend ``C_k = max(I_k + T_k, commitments_k)``; other opex ``O_k = o · R_k + F_0·(1+φ)^k``;
* cash burn ``B_k = C_k + O_k − R_k`` (positive = burning).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..checks import check_fraction, check_range
from ..errors import InputError
from .pnl import build_pnl, summarize
from .result import BusinessResult

__all__ = ["CALIBRATION_TARGETS", "calibrate_openai", "commitment_schedule", "model_lab"]

#: OpenAI figures the default parameters are fitted to (dataset ``company_figures``).
CALIBRATION_TARGETS = (
    ("revenue", "FY2025", 2025), ("revenue", "FY2029", 2029), ("revenue", "FY2030", 2030),
    ("cash_burn", "FY2025", 2025), ("cash_burn", "FY2026", 2026), ("cash_burn", "FY2027", 2027),
    ("cash_burn", "FY2028", 2028), ("cumulative_cash_burn", "2025-2029", 2029),
)


def commitment_schedule(buyer: str, years: list[int], catalog: Catalog | None = None,
                        statuses: tuple[str, ...] = ("firm", "conditional")) -> pd.DataFrame:
    """Committed compute spending of ``buyer`` by seller and year, spread evenly over each term. [USD/year]"""
    cat = catalog or default_catalog()
    df = cat.load("compute_commitments")
    df = df[(df["buyer"].str.lower() == buyer.lower()) & (df["status"].isin(statuses))]
    out = pd.DataFrame(0.0, index=years, columns=sorted(set(df["seller"])))
    for _, r in df.iterrows():
        per_year = float(r["total_usd"]) / float(r["years"])
        for y in years:
            inside = max(0.0, min(y + 1, r["start_year"] + r["years"]) - max(y, r["start_year"]))
            out.loc[y, r["seller"]] += per_year * inside
    return out


def _simulate(p: dict, years: np.ndarray, commitments: np.ndarray) -> dict[str, np.ndarray]:
    k = years - years[0]
    g = p["g1"] * p["decay"] ** np.maximum(k - 1, 0)
    growth = np.where(k == 0, 1.0, 1.0 + g)
    revenue = p["revenue_0"] * np.cumprod(growth) * (1 - p["shortfall"])
    frac = k / max(k[-1], 1)
    c = p["c_start"] + (p["c_end"] - p["c_start"]) * frac
    inference = c * revenue
    tg = p["training_growth"] * p["training_decay"] ** np.maximum(k - 1, 0)
    training = p["training_0"] * np.cumprod(np.where(k == 0, 1.0, 1.0 + tg))
    compute = np.maximum(inference + training, commitments)
    other = p["opex_share"] * revenue + p["fixed_opex_0"] * (1 + p["fixed_opex_growth"]) ** k
    return {"revenue": revenue, "inference": inference, "training": training, "compute": compute,
            "committed": commitments, "other": other, "burn": compute + other - revenue}


DEFAULTS = {
    "revenue_0": 13e9, "g1": 1.1, "decay": 0.8, "shortfall": 0.0, "c_start": 0.55, "c_end": 0.35,
    "training_0": 9e9, "training_growth": 0.5, "training_decay": 0.8, "opex_share": 0.25, "fixed_opex_0": 2e9, "fixed_opex_growth": 0.3,
}


@cache
def calibrate_openai(start_year: int = 2025, end_year: int = 2030) -> tuple[dict, dict]:
    """Fit growth, cost-ratio and training parameters to OpenAI's figures (least squares on logs).

    Commitments are left out of the fit (the projections pre-date several deals), so the fitted
    path is OpenAI's plan; commitments then act as a floor when the model runs.
    Returns (parameters, fit report with published, fitted and error per target).
    """
    from scipy.optimize import least_squares

    cat = default_catalog()
    figs = cat.load("company_figures")
    figs = figs[figs["company"] == "OpenAI"]
    targets = []
    for metric, period, year in CALIBRATION_TARGETS:
        hit = figs[(figs["metric"] == metric) & (figs["period"] == period)]
        if len(hit):
            targets.append((metric, year, float(hit["value"].iloc[0])))
    years = np.arange(start_year, end_year + 1)
    names = ["g1", "decay", "c_start", "c_end", "training_0", "training_growth", "training_decay"]
    x0 = np.array([DEFAULTS[n] for n in names])
    lo = np.array([0.1, 0.3, 0.2, 0.1, 1e9, 0.0, 0.0])
    hi = np.array([3.0, 1.0, 1.2, 1.0, 40e9, 2.0, 1.0])

    def value(sim, metric, year):
        i = year - start_year
        if metric == "revenue":
            return sim["revenue"][i]
        if metric == "cumulative_cash_burn":
            return sim["burn"][: i + 1].sum()
        return sim["burn"][i]

    def resid(x):
        p = DEFAULTS | dict(zip(names, x, strict=True))
        sim = _simulate(p, years, np.zeros(years.size))
        out = []
        for metric, year, target in targets:
            out.append(np.log(max(value(sim, metric, year), 1e6) / target))
        return np.array(out)

    fit = least_squares(resid, x0, bounds=(lo, hi))
    params = DEFAULTS | dict(zip(names, (float(v) for v in fit.x), strict=True))
    sim = _simulate(params, years, np.zeros(years.size))
    report = []
    for metric, year, target in targets:
        v = float(value(sim, metric, year))
        report.append({"metric": metric, "year": year, "published": target, "fitted": v, "error": v / target - 1})
    return params, {"targets": report, "median_abs_error": float(np.median([abs(r["error"]) for r in report]))}


def model_lab(
    *,
    start_year: int = 2025,
    end_year: int = 2030,
    revenue_shortfall: float = 0.0,
    include_commitments: bool = True,
    buyer: str = "OpenAI",
    cash_0: float = 17.5e9,
    params: dict | None = None,
    tax_rate: float = 0.21,
    discount_rate: float = 0.12,
    catalog: Catalog | None = None,
) -> BusinessResult:
    """Yearly P&L and funding need of a model lab. Money in nominal USD.

    Parameters (units in brackets)
    ------------------------------
    start_year, end_year : [year]. revenue_shortfall : revenue below plan in every year [fraction].
    include_commitments : floor compute spend at the buyer's committed contracts (``compute_commitments``).
    cash_0 : cash at the start [USD] (OpenAI mid-2025: $17.5B, The Information).
    params : overrides of the calibrated parameters (``revenue_0`` [USD], ``g1`` [fraction/year],
        ``decay`` [-], ``c_start``/``c_end`` inference cost ratio [fraction of revenue], ``training_0`` [USD],
        ``training_growth`` [fraction/year], ``opex_share`` [fraction], ``fixed_opex_0`` [USD],
        ``fixed_opex_growth`` [fraction/year]).
    """
    if not 2020 <= start_year < end_year <= 2040:
        raise InputError(f"need 2020 <= start_year < end_year <= 2040, got {start_year}..{end_year}",
                         field="end_year")
    check_range(revenue_shortfall, "revenue_shortfall", 0, 1, hi_open=True)
    base, fit = calibrate_openai()
    p = dict(base)
    for k, v in (params or {}).items():
        if k not in DEFAULTS:
            from ..errors import did_you_mean

            raise InputError(f"unknown model-lab parameter '{k}'{did_you_mean(k, DEFAULTS)}", field="params")
        p[k] = float(v)
    check_fraction(p["opex_share"], "opex_share")
    p["shortfall"] = revenue_shortfall
    years = np.arange(start_year, end_year + 1)
    commits = commitment_schedule(buyer, list(years), catalog) if include_commitments else pd.DataFrame(index=years)
    committed = commits.sum(axis=1).to_numpy() if commits.shape[1] else np.zeros(years.size)
    sim = _simulate(p, years, committed)
    plan = _simulate(p | {"shortfall": 0.0}, years, np.zeros(years.size))  # the calibrated plan
    df = build_pnl([str(y) for y in years], revenue=sim["revenue"],
                   cost_of_revenue={"inference_compute": sim["inference"],
                                    "committed_excess": sim["compute"] - sim["inference"] - sim["training"]},
                   opex={"training_compute": sim["training"], "other": sim["other"]}, tax_rate=tax_rate,
                   opening_cash=cash_0)
    df.insert(1, "committed_compute", committed)
    df.insert(2, "cash_burn", sim["burn"])
    s = summarize(df, periods_per_year=1, discount_rate=discount_rate)
    cum = np.cumsum(sim["burn"])
    funding = np.maximum(cum - cash_0, 0.0)
    at_risk = {}
    # if investors fund only the plan's burn, the rest of the committed spending has no payer:
    # each seller's exposure is its pro-rata share of that gap
    extra_gap = float(max(0.0, cum[-1] - np.cumsum(plan["burn"])[-1]))
    if commits.shape[1] and committed.sum() > 0:
        for seller in commits.columns:
            share = float(commits[seller].sum() / committed.sum())
            at_risk[seller] = min(share * extra_gap, float(commits[seller].sum()))
    s.update({
        "cumulative_burn": float(cum[-1]), "funding_need": float(funding.max()),
        "plan_cumulative_burn": float(np.cumsum(plan["burn"])[-1]),
        "funding_need_vs_plan": extra_gap, "committed_compute_total": float(committed.sum()),
        "committed_share_of_compute": float(committed.sum() / sim["compute"].sum()),
        "exposure_by_seller": at_risk, "parameters": p, "calibration": fit,
    })
    commits_out = commits.reset_index(names="year").to_dict(orient="records") if commits.shape[1] else []
    inputs = {"start_year": start_year, "end_year": end_year, "revenue_shortfall": revenue_shortfall,
              "include_commitments": include_commitments, "buyer": buyer, "cash_0": cash_0,
              "commitments_by_year": commits_out}
    return BusinessResult("model-lab", df, s, inputs, "USD", None)
