"""How much each uncertain input moves the levelized cost: a one-at-a-time sensitivity (tornado).

:func:`sensitivity` runs :func:`~infranomics.cost.chain.estimate` once at the user's inputs and then
twice per input, at the low and the high end of a sourced range, everything else held at the base.
The rows, widest swing first, say which assumption an answer hangs on — the question an analyst asks
before trusting a $/million-token figure.

Default ranges (:func:`default_ranges`) and where they come from:

* **throughput** (when it comes from the perf model) — ± the holdout error (MAPE) of the perf
  calibration row that produced it (``perf_calibration.holdout_mape``; for a family-wide row, which is
  scored on no holdouts of its own, the median over the family's rows), capped at 60 %: the model's own
  measured error on published cases it was not fitted to. A throughput the user
  gave gets ± 15 % (assumption: run-to-run and workload-mix spread of a measured benchmark).
* **utilization** — ± 0.2 around the base, within [0.05, 1] (assumption; DeepSeek's fleet ran at 82 % of
  its peak on its published day, open-infra-index day 6).
* **hardware capex** — × 0.75 … 1.25 of chip, server and network (assumption: accelerator prices in the
  catalog are estimates from reported deals, with a spread of about a quarter either way).
* **power price** — the 10th and 90th percentiles of the latest price of each region of the same country
  in the catalog's ``electricity_prices`` (× 0.7 … 1.3 when the country has fewer than three regions or
  the price was given).
* **PUE** — 1.10 (Google's fleet, Q2 2021, reported by CNBC 2022-04-13) to 1.56 (Uptime Institute
  industry average 2024, the source of the catalog's ``pue`` row).
* **economic life** — 3 years (compute capital depreciating ~30 %/yr, cycle.md; the short-life critique of
  hyperscaler accounting) to 6 (CoreWeave's and the hyperscalers' book lives, tco.md).
* **WACC** — 0.07 (assumption: an investment-grade owner's cost of capital) to 0.14 (GPU-backed neocloud
  debt at ~14 %, Tunguz 2025-10, cycle.md).
* **facility** — × 0.75 … 1.25 of the colocation rent or build cost (CBRE 2024: 3–10 MW asking rents of
  $130–185/kW-month across North American markets, catalog ``colocation_prices``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._json import jsonable
from .._version import __version__
from ..catalog import Catalog, default_catalog
from ..errors import InputError
from ..units import convert
from .chain import CostResult, estimate

__all__ = ["MAX_DRAWS", "PARAMETERS", "Range", "SensitivityResult", "default_ranges", "sensitivity"]

#: Inputs the sensitivity can vary, with their unit (``factor`` = multiple of the base value).
PARAMETERS = {
    "throughput": "factor", "utilization": "fraction", "hardware_capex": "factor", "power_price_kwh": "{cur}/kWh",
    "pue": "ratio", "life_years": "years", "wacc": "fraction/year", "facility": "factor",
}
#: Cap on the throughput range taken from a calibration's error. [fraction]
MAX_THROUGHPUT_ERROR = 0.6
#: Throughput range for a user-given tokens/s (assumption, see the module doc). [fraction]
USER_THROUGHPUT_ERROR = 0.15
#: Most joint draws one call may ask for (each is one cost estimate, ~0.5 ms). [draws]
MAX_DRAWS = 5000


@dataclass(frozen=True)
class Range:
    """Low and high value of one input [its unit; money in the request currency] and where they come from."""

    parameter: str
    low: float
    high: float
    source: str


@dataclass
class SensitivityResult:
    """Base cost and, per input, the cost at the low and high end of its range (money in ``currency``)."""

    gpu: str
    model: str | None
    currency: str
    currency_year: int
    base: dict
    rows: list[dict]
    metric: str  #: what the rows are ranked by: ``cost_per_mtok_blended`` or ``cost_per_gpu_hour``
    notes: list[str] = field(default_factory=list)
    spread: dict | None = None  #: p5/p50/p95 of the metric over joint draws, when asked

    def to_dict(self) -> dict:
        """The public JSON of ``infranomics cost sensitivity --json`` and ``POST /api/v1/cost/sensitivity``."""
        return jsonable({"gpu": self.gpu, "model": self.model, "currency": self.currency,
                         "currency_year": self.currency_year, "version": __version__, "ranked_by": self.metric,
                         "base": self.base, "rows": self.rows, "spread": self.spread, "notes": self.notes})


def _throughput_error(base: CostResult, cat: Catalog) -> tuple[float, str]:
    t = base.throughput
    if t.source != "perf" or not base.perf:
        return USER_THROUGHPUT_ERROR, "assumption: ±15% around a given throughput"
    c = base.perf.get("calibration") or {}
    df = cat.load("perf_calibration")
    row = df[(df["family"] == c.get("family")) & (df["stack"] == c.get("stack"))]
    own = row["holdout_mape"].dropna() if len(row) else row
    family = df.loc[df["family"] == c.get("family"), "holdout_mape"].dropna()
    if len(own):
        err, which = float(own.iloc[0]), f"holdout error of perf_calibration {c.get('family')}/{c.get('stack')}"
    elif len(family):  # a family-wide row is scored on no holdouts of its own: use its stack rows' errors
        err, which = float(family.median()), (f"median holdout error of the {len(family)} {c.get('family')} "
                                              f"rows of perf_calibration")
    else:
        fit = df["fit_mape"].dropna()
        err, which = float(fit.max()), "largest fit error in perf_calibration (no holdout for this family)"
    note = f", capped at {MAX_THROUGHPUT_ERROR:.0%}" if err > MAX_THROUGHPUT_ERROR else ""
    return min(err, MAX_THROUGHPUT_ERROR), f"{which}: {err:.1%} on published cases{note}"


def _power_range(base: CostResult, region: str | None, cat: Catalog, fx) -> tuple[float, float, str]:
    price = fx(base.gpu_hour.power.price_kwh)
    if region is None:
        return price * 0.7, price * 1.3, "assumption: ±30% around the given power price"
    from .chain import region_code

    code = region_code(region, cat)
    country = code.split("-")[0]
    df = cat.load("electricity_prices")
    df = df[(df["region"] == country) | df["region"].astype(str).str.startswith(country + "-")]
    df = df[df["sector"].isin(["industrial", "datacenter"])]
    latest = df.sort_values("year").groupby("region").tail(1)
    if len(latest) < 3:
        return price * 0.7, price * 1.3, f"assumption: ±30% (fewer than 3 {country} regions in electricity_prices)"
    usd = [float(convert(float(r.price_per_kwh), str(r.currency), "USD", int(r.year), cat))
           for r in latest.itertuples()]
    lo, hi = (fx(float(v)) for v in np.percentile(usd, [10, 90]))
    return min(lo, price), max(hi, price), (f"electricity_prices: 10th-90th percentile of the latest price of "
                                            f"{len(latest)} {country} regions")


def default_ranges(base: CostResult, *, region: str | None = None, catalog: Catalog | None = None) -> list[Range]:
    """The sourced ranges of the module doc, around ``base`` (money in ``base.currency``)."""
    cat = catalog or default_catalog()
    fx = lambda usd: float(convert(usd, "USD", base.currency, base.currency_year, cat))  # noqa: E731
    gh = base.gpu_hour
    out = []
    if base.throughput is not None:
        e, src = _throughput_error(base, cat)
        out.append(Range("throughput", 1 - e, 1 + e, src))
    u = gh.utilization
    out.append(Range("utilization", max(0.05, u - 0.2), min(1.0, u + 0.2),
                     "assumption: ±0.2 around the base (DeepSeek's fleet averaged 82% of its peak, open-infra-index "
                     "day 6)"))
    out.append(Range("hardware_capex", 0.75, 1.25, "assumption: ±25%, the spread of reported accelerator and server "
                     "prices (catalog prices are estimates)"))
    lo, hi, src = _power_range(base, region, cat, fx)
    out.append(Range("power_price_kwh", lo, hi, src))
    out.append(Range("pue", 1.10, max(1.56, gh.facility.pue), "Google fleet 1.10 (Q2 2021, CNBC 2022-04-13) to "
                     "Uptime Institute 2024 industry average 1.56"))
    out.append(Range("life_years", 3.0, max(6.0, gh.life.economic_years), "3 years (compute depreciating ~30%/yr, "
                     "cycle.md) to 6 (CoreWeave and hyperscaler book lives, tco.md)"))
    out.append(Range("wacc", min(0.07, gh.financing.wacc), max(0.14, gh.financing.wacc),
                     "assumption 7% (investment-grade owner) to 14% (GPU-backed neocloud debt, Tunguz 2025-10)"))
    out.append(Range("facility", 0.75, 1.25, "±25%: CBRE 2024 asking rents $130-185/kW-month across North American "
                     "markets (colocation_prices)"))
    return out


def _combined(values: dict[str, float], base: CostResult, kw: dict, fx) -> dict:
    """``estimate`` keyword arguments with every input of ``values`` at its value, the rest at the base."""
    gh = base.gpu_hour
    k = dict(kw)
    t = base.throughput
    if t is not None:  # the perf model's answer does not depend on the cost inputs: run it once, reuse it
        f = values.get("throughput", 1.0)
        k.update(tokens_per_s=t.output_tokens_per_s * f, input_tokens_per_s=t.input_tokens_per_s * f,
                 prefill_time_share=t.prefill_time_share)
    if "hardware_capex" in values:
        f = values["hardware_capex"]
        k.update(capex_usd=fx(gh.capex.total) * f, chip_usd=fx(gh.capex.chip) * f if gh.capex.chip else None)
    if "power_price_kwh" in values:  # the region also set the facility rent: keep the base's (or the drawn one)
        k.update(power_price_kwh=values["power_price_kwh"], region=None,
                 **_facility_kw(gh, fx, values.get("facility", 1.0)))
    elif "facility" in values:
        k.update(_facility_kw(gh, fx, values["facility"]))
    for name in ("utilization", "pue", "life_years", "wacc"):
        if name in values:
            k[name] = values[name]
    return k


def _facility_kw(gh, fx, factor: float) -> dict:
    """The base's facility money (rent or build cost, in the request currency) times ``factor``."""
    if gh.facility.mode == "build":
        return {"build_usd_per_mw": fx(gh.facility.build_usd_per_mw) * factor, "colo_usd_per_kw_month": None}
    return {"colo_usd_per_kw_month": fx(gh.facility.colo_usd_per_kw_month) * factor, "build_usd_per_mw": None}


def _costs(r: CostResult, fx) -> dict:
    return {"cost_per_gpu_hour": fx(r.gpu_hour.usd_per_busy_hour), "cost_per_mtok_blended": fx(r.usd_per_mtok()["blended"])}


def sensitivity(gpu: str, *, ranges: dict[str, tuple[float, float]] | None = None, draws: int = 0, seed: int = 0,
                against: float | None = None, catalog: Catalog | None = None, **estimate_kwargs) -> SensitivityResult:
    """Cost at the low and high end of each input's range, widest swing first.

    ``estimate_kwargs`` are those of :func:`~infranomics.cost.chain.estimate` (the base case);
    ``ranges`` replaces default ranges by parameter name (see :data:`PARAMETERS` for the units: money in
    the request currency, ``factor`` as a multiple of the base value). With ``draws`` > 0, also the
    spread of the cost when every input is drawn at once, independently and uniformly over its range
    (``seed`` fixes the draws; at most :data:`MAX_DRAWS`): a crude joint range, not a forecast.
    ``against`` is a revenue per unit of the ranking metric [currency/Mtok, or currency/GPU-h without a
    throughput]; the spread then says in what share of the draws the cost is above it.
    """
    cat = catalog or default_catalog()
    if not (isinstance(draws, int | np.integer) and 0 <= draws <= MAX_DRAWS):
        raise InputError(f"draws must be an integer in [0, {MAX_DRAWS}], got {draws!r}", field="draws")
    if against is not None and not (np.isfinite(against) and against >= 0):
        raise InputError(f"against must be a finite price >= 0, got {against!r}", field="against")
    if against is not None and not draws:
        raise InputError("against is compared with the joint draws: give draws > 0 as well", field="against")
    base = estimate(gpu, catalog=cat, **estimate_kwargs)
    fx = lambda usd: None if usd is None else float(convert(usd, "USD", base.currency, base.currency_year, cat))  # noqa: E731
    given = dict(ranges or {})
    for name, pair in given.items():
        if name not in PARAMETERS:
            from ..errors import did_you_mean

            raise InputError(f"unknown sensitivity parameter '{name}'{did_you_mean(name, PARAMETERS)}; "
                             f"choose from {', '.join(PARAMETERS)}", field="ranges")
        lo, hi = (float(x) for x in pair)
        if not (np.isfinite(lo) and np.isfinite(hi) and lo <= hi):
            raise InputError(f"range of {name} must be two finite numbers, low <= high, got {pair!r}",
                             field=f"ranges.{name}")
        if PARAMETERS[name] == "factor" and not (lo > 0 and hi <= 100):
            raise InputError(f"range of {name} is a multiple of the base value and must be in (0, 100], got "
                             f"{lo:g}..{hi:g}", field=f"ranges.{name}")
    rng = {r.parameter: r for r in default_ranges(base, region=estimate_kwargs.get("region"), catalog=cat)}
    for name, (lo, hi) in given.items():
        if name == "throughput" and base.throughput is None:
            raise InputError("a throughput range needs a throughput: give a model or tokens_per_s",
                             field="ranges.throughput")
        rng[name] = Range(name, float(lo), float(hi), "user")
    b = _costs(base, fx)
    metric = "cost_per_mtok_blended" if b["cost_per_mtok_blended"] is not None else "cost_per_gpu_hour"
    gh = base.gpu_hour
    base_values = {"throughput": 1.0, "hardware_capex": 1.0, "facility": 1.0, "utilization": base.utilization,
                   "power_price_kwh": fx(gh.power.price_kwh), "pue": gh.facility.pue,
                   "life_years": gh.life.economic_years, "wacc": gh.financing.wacc}
    rows = []
    for r in rng.values():
        at = {}
        for end, v in (("low", r.low), ("high", r.high)):
            try:
                kw = _combined({r.parameter: v}, base, estimate_kwargs, fx)
                at[end] = _costs(estimate(gpu, catalog=cat, **kw), fx)
            except InputError as exc:
                raise InputError(f"{r.parameter} at its {end} value {v:g}: {exc.message}",
                                 field=f"ranges.{r.parameter}") from None
        lo_v, hi_v = at["low"][metric], at["high"][metric]
        rows.append({"parameter": r.parameter, "unit": PARAMETERS[r.parameter].replace("{cur}", base.currency),
                     "base": base_values[r.parameter], "low": r.low, "high": r.high, "source": r.source,
                     "at_low": at["low"], "at_high": at["high"], "swing": abs(hi_v - lo_v),
                     "min": min(lo_v, hi_v), "max": max(lo_v, hi_v)})
    rows.sort(key=lambda x: -x["swing"])
    spread = None
    if draws:
        rs = np.random.default_rng(seed)
        names = list(rng)
        lo = np.array([rng[n].low for n in names])
        hi = np.array([rng[n].high for n in names])
        u = rs.uniform(size=(draws, len(names)))
        x = lo + (hi - lo) * u
        costs = np.array([_costs(estimate(gpu, catalog=cat, **_combined(dict(zip(names, row, strict=True)), base,
                                                                          estimate_kwargs, fx)), fx)[metric]
                          for row in x])
        p5, p50, p95 = (float(v) for v in np.percentile(costs, [5, 50, 95]))
        spread = {"draws": draws, "seed": seed, "p5": p5, "p50": p50, "p95": p95,
                  "share_above_base": float(np.mean(costs > b[metric]))}
        if against is not None:
            spread |= {"against": float(against), "share_above_against": float(np.mean(costs > against))}
    return SensitivityResult(gpu=base.gpu, model=base.model, currency=base.currency,
                             currency_year=base.currency_year, base=b, rows=rows, metric=metric,
                             notes=[str(n) for n in base.notes], spread=spread)
