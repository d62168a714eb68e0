"""Defaults read from the reference catalog: unit economics through the cost layer, the
initial fleet from the ``macro_ai`` capex series, prices from ``gpu_rental_prices``.

Nothing here is re-typed: each value is computed from catalog rows and cost-layer functions,
and returned with a ``catalog:`` source that names the rows used. Only the AI analogue has
catalog defaults; the railway and telecom presets set every such parameter themselves.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..errors import DataError, ScenarioError
from ..units import HOURS_PER_YEAR, SECONDS_PER_HOUR

__all__ = ["ReferenceUnit", "catalog_defaults", "reference_unit"]

#: The accelerator one unit of AI capacity is measured in (an "H100-equivalent").
REFERENCE_GPU = "H100-SXM"
#: A later generation used with the reference to measure per-year hardware progress.
FRONTIER_GPU = "GB200"


class ReferenceUnit:
    """All-in cost, power and throughput of one reference accelerator, from the cost layer.

    Attributes are in USD of ``currency_year``: ``hardware_usd`` (chip + server + network +
    storage, with spares), ``facility_usd`` (own-build shell + MEP + soft costs for its IT
    kW), ``capex_usd`` (their sum), ``it_kw``, ``opex_usd_per_year`` (maintenance,
    insurance, staff, software and facility O&M), ``price_year`` (year of the chip price),
    ``launch_year`` and ``perf_tflops`` (dense FP8).
    """

    def __init__(self, gpu: str, currency_year: int, catalog: Catalog) -> None:
        from ..cost import chain
        from ..cost.assumptions import assumption
        from ..hardware import get_accelerator

        build = assumption("build_usd_per_mw", catalog=catalog, to_year=currency_year)
        res = chain.estimate(gpu, build_usd_per_mw=build, currency_year=currency_year, catalog=catalog)
        gh = res.gpu_hour
        acc = get_accelerator(gpu, catalog)
        self.gpu = acc.name
        self.cost = gh
        self.hardware_usd = gh.capex.total * (1 + gh.opex.spares_frac)
        fac_build = gh.facility.build_usd_per_mw * gh.power.it_kw / 1000.0
        self.facility_usd = fac_build * (1 + gh.facility.soft_cost_frac)
        self.capex_usd = self.hardware_usd + self.facility_usd
        self.it_kw = gh.power.it_kw
        self.opex_usd_per_year = gh.installed_hour()["opex"] * HOURS_PER_YEAR + fac_build * gh.facility.om_frac
        self.price_year = int(acc.price_year) if acc.price_year else int(acc.launch_year)
        self.launch_year = int(acc.launch_year)
        self.perf_tflops = float(acc.peak_tflops("fp8"))


@cache
def _ref(gpu: str, currency_year: int, catalog_id: int) -> ReferenceUnit:
    return ReferenceUnit(gpu, currency_year, _CATALOGS[catalog_id])


_CATALOGS: dict[int, Catalog] = {}


def reference_unit(gpu: str = REFERENCE_GPU, currency_year: int = 2025, catalog: Catalog | None = None) -> ReferenceUnit:
    """The cost-layer description of one accelerator (cached per catalog)."""
    cat = catalog or default_catalog()
    _CATALOGS[id(cat)] = cat
    return _ref(gpu, int(currency_year), id(cat))


def _growth(ratio: float, years: float) -> float:
    return ratio ** (1.0 / years) - 1.0


def hardware_progress(currency_year: int, catalog: Catalog) -> tuple[float, float, str]:
    """Per-year growth of performance per all-in dollar and per IT kW, reference -> frontier chip."""
    a = reference_unit(REFERENCE_GPU, currency_year, catalog)
    b = reference_unit(FRONTIER_GPU, currency_year, catalog)
    years = max(b.launch_year - a.launch_year, 1)
    g_usd = _growth((b.perf_tflops / b.capex_usd) / (a.perf_tflops / a.capex_usd), years)
    g_kw = _growth((b.perf_tflops / b.it_kw) / (a.perf_tflops / a.it_kw), years)
    how = (f"{a.gpu} ({a.launch_year}) -> {b.gpu} ({b.launch_year}): dense FP8 {a.perf_tflops:g} -> "
           f"{b.perf_tflops:g} TFLOP/s, all-in ${a.capex_usd:,.0f} -> ${b.capex_usd:,.0f}, IT {a.it_kw:.3f} -> "
           f"{b.it_kw:.3f} kW")
    return g_usd, g_kw, how


def _series(catalog: Catalog, dataset: str, series: str) -> pd.DataFrame:
    df = catalog.load(dataset)
    out = df[df["series"] == series].sort_values("year")
    if out.empty:
        raise DataError(f"dataset '{dataset}' has no rows for series '{series}'")
    return out


def catalog_defaults(scenario, catalog: Catalog | None = None) -> dict[str, tuple[float, str]]:
    """Catalog-derived values for every parameter left at ``"catalog"``: ``{path: (value, source)}``."""
    from ..cost.assumptions import assumption

    cat = catalog or default_catalog()
    meta = scenario.meta
    if meta.get("analogue", "ai") != "ai":
        return _history_defaults(scenario, cat)
    cy = int(meta["currency_year"])
    start = float(meta["start_year"])
    ref = reference_unit(REFERENCE_GPU, cy, cat)
    out: dict[str, tuple[float, str]] = {}

    def val(path: str) -> float:
        v = scenario.values[path]
        if v == "catalog":
            return out[path][0]
        from .distributions import central

        return central(v)

    g_usd, g_kw, how = hardware_progress(cy, cat)
    out["efficiency.hw_perf_per_dollar_growth"] = (
        g_usd, f"catalog: accelerators + cost layer, {how}; per-year growth of TFLOP/s per all-in USD")
    out["efficiency.hw_perf_per_watt_growth"] = (
        g_kw, f"catalog: accelerators + cost_assumptions, {how}; per-year growth of TFLOP/s per IT kW")

    # throughput of a busy H100-equivalent hour: DeepSeek's reported decode throughput per H800 node
    figs = cat.load("company_figures")
    row = figs[(figs["company"] == "DeepSeek") & (figs["metric"] == "decode_tokens_per_s_per_node")]
    if row.empty:
        raise DataError("company_figures has no DeepSeek decode_tokens_per_s_per_node row")
    per_gpu_s = float(row["value"].iloc[0]) / 8.0
    factor = val("efficiency.fleet_throughput_factor")
    g_algo = val("efficiency.algo_efficiency_growth")
    t_row = 2025 + 58 / 365  # 2025-02-28
    out["efficiency.tokens_per_unit_hour"] = (
        per_gpu_s * SECONDS_PER_HOUR * factor * (1 + g_algo) ** (start - t_row),
        f"catalog: company_figures DeepSeek decode {float(row['value'].iloc[0]):,.0f} tok/s per 8-GPU H800 node "
        f"(2025-02-28) / 8 x 3600 s x fleet_throughput_factor {factor:g}, moved to the start along "
        f"algo_efficiency_growth (x {(1 + g_algo) ** (start - t_row):.3g})")

    g_hw = val("efficiency.hw_perf_per_dollar_growth")
    g_pw = val("efficiency.hw_perf_per_watt_growth")
    capex_start = ref.capex_usd / (1 + g_hw) ** (start - ref.price_year)
    out["costs.capex_per_unit"] = (
        capex_start,
        f"catalog: cost layer estimate('{ref.gpu}', own build, {cy} USD): hardware ${ref.hardware_usd:,.0f} + "
        f"facility ${ref.facility_usd:,.0f} = ${ref.capex_usd:,.0f} at {ref.price_year} prices, divided by "
        f"(1 + hw_perf_per_dollar_growth)^{start - ref.price_year:g}")
    out["costs.opex_frac"] = (
        ref.opex_usd_per_year / ref.capex_usd,
        f"catalog: cost layer estimate('{ref.gpu}'): opex ${ref.opex_usd_per_year:,.0f}/year (maintenance, insurance, "
        f"staff, facility O&M) / all-in capex ${ref.capex_usd:,.0f}")
    out["costs.kw_per_unit"] = (
        ref.it_kw / (1 + g_pw) ** (start - ref.launch_year),
        f"catalog: it_kw_per_gpu({ref.gpu}) = {ref.it_kw:.3f} kW at launch ({ref.launch_year}), divided by "
        f"(1 + hw_perf_per_watt_growth)^{start - ref.launch_year:g}")
    gh = ref.cost
    out["costs.pue"] = (gh.facility.pue, "catalog: cost_assumptions pue (default)")
    out["costs.power_price_kwh"] = (gh.power.price_kwh, f"catalog: electricity_prices {gh.power.region}")
    out["costs.busy_draw_frac"] = (gh.power.busy_draw_frac, "catalog: cost_assumptions busy_draw_frac")
    out["costs.idle_draw_frac"] = (gh.power.idle_draw_frac, "catalog: cost_assumptions idle_draw_frac")
    out["costs.economic_life_years"] = (assumption("economic_life_years", catalog=cat),
                                        "catalog: cost_assumptions economic_life_years")
    out["costs.accounting_life_years"] = (assumption("accounting_life_years", catalog=cat),
                                          "catalog: cost_assumptions accounting_life_years")
    out["costs.residual_frac"] = (assumption("residual_frac", catalog=cat), "catalog: cost_assumptions residual_frac")
    out["finance.asset_cost_of_capital"] = (gh.financing.owner_rate, "catalog: cost_assumptions wacc (default)")

    prices = cat.load("gpu_rental_prices")
    idx = prices[(prices["accelerator"] == REFERENCE_GPU) & prices["provider"].str.contains("SemiAnalysis")
                 & (prices["contract"] == "1-year")].sort_values("date")
    if idx.empty:
        raise DataError("gpu_rental_prices has no SemiAnalysis 1-year H100-SXM index rows")
    last = idx.iloc[-1]
    out["costs.price_initial"] = (
        float(last["price_per_gpu_hour"]),
        f"catalog: gpu_rental_prices {REFERENCE_GPU} {last['provider']} 1-year contract "
        f"{last['date'].date().isoformat()} (${float(last['price_per_gpu_hour']):.2f}/GPU-h)")

    # initial fleet: capex of the last three full years / all-in capex per unit of each year
    capex = _series(cat, "macro_ai", "hyperscaler_capex_usd")
    capex = capex[(capex["role"] == "calibration") & (capex["year"] < start) & (capex["year"] >= start - 3)]
    scope = val("capacity.capex_scope_multiplier")
    units, parts = 0.0, []
    for y, v in zip(capex["year"], capex["value"], strict=True):
        per_unit = ref.capex_usd / (1 + g_hw) ** (float(y) - ref.price_year)
        units += float(v) * scope / per_unit
        parts.append(f"{int(y)}: ${float(v) / 1e9:,.0f}B / ${per_unit:,.0f}")
    out["capacity.capacity_initial"] = (
        units, f"catalog: macro_ai hyperscaler_capex_usd x capex_scope_multiplier {scope:g} / all-in capex per unit of "
               f"each year ({'; '.join(parts)})")
    return out


HISTORY_DATASETS = {"railways": "history_railways_us", "telecom": "history_telecom"}


def _history_defaults(scenario, cat: Catalog) -> dict[str, tuple[float, str]]:
    """Catalog defaults of the historical analogues: only rows marked role=fit at or before the start."""
    meta = scenario.meta
    name = HISTORY_DATASETS[meta["analogue"]]
    start = float(meta["start_year"])
    df = cat.load(name)
    fit = df[(df["role"] == "fit") & (df["year"] <= start + 6)]
    out: dict[str, tuple[float, str]] = {}

    def first(series: str) -> tuple[float, float]:
        rows = fit[fit["series"] == series].sort_values("year")
        if rows.empty:
            raise DataError(f"{name} has no fit rows for series '{series}'")
        return float(rows["value"].iloc[0]), float(rows["year"].iloc[0])

    def mean(series: str) -> float:
        rows = fit[fit["series"] == series]
        if rows.empty:
            raise DataError(f"{name} has no fit rows for series '{series}'")
        return float(rows["value"].mean())

    if meta["analogue"] == "railways":
        k0, y0 = first("miles_operated")
        out["capacity.capacity_initial"] = (k0, f"catalog: {name} miles_operated {int(y0)} (role=fit)")
        c, yc = first("cost_per_mile_usd")
        out["costs.capex_per_unit"] = (c, f"catalog: {name} cost_per_mile_usd {int(yc)} (role=fit)")
        rf = mean("municipal_bond_yield")
        out["finance.risk_free_rate"] = (rf, f"catalog: {name} municipal_bond_yield mean of fit years")
        out["finance.credit_spread_initial"] = (
            mean("railroad_bond_yield") - rf, f"catalog: {name} railroad - municipal bond yield, mean of fit years")
    elif meta["analogue"] == "telecom":
        d0, y0 = first("ip_traffic_pb_month")
        u0 = scenario.central_value("capacity.initial_utilization")
        out["capacity.capacity_initial"] = (d0 / u0, f"catalog: {name} ip_traffic_pb_month {int(y0)} (role=fit) / "
                                                     f"initial_utilization {u0:g}")
    pending = [k for k, v in scenario.values.items() if v == "catalog" and k not in out]
    if pending:
        raise ScenarioError(f"scenario '{meta['name']}' ({meta['analogue']} analogue) must set {pending[0]} itself: "
                            f"catalog defaults describe AI accelerators", field=pending[0])
    return out


def capex_history(catalog: Catalog | None = None) -> pd.DataFrame:
    """The ``macro_ai`` hyperscaler capex rows (for comparison with simulated capex)."""
    return _series(catalog or default_catalog(), "macro_ai", "hyperscaler_capex_usd")[["period", "year", "value", "role"]]
