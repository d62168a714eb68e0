"""Cost API and the Token cost explorer page.

Every number comes from :func:`infranomics.cost.estimate` (``CostResult.to_dict()``) or
:func:`infranomics.cost.capex_per_mw`; the router only maps the request to keyword arguments.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ... import cost
from ..._json import jsonable
from ...catalog import Catalog
from ...errors import InfranomicsError
from ..deps import CatalogDep
from ..errors import ERROR_RESPONSES, WORK_LIMIT_FIELDS, ApiError, ErrorDetail, api_field, note_codes_field
from ..registry import Control, Domain, Page, available

__all__ = ["DOMAIN", "CostParams", "CostRequest", "CostResponse", "cost_kwargs", "run_estimate"]

#: Work limits of one request.
MAX_COMPARE_GPUS = 12
MAX_SWEEP_POINTS = 41
MAX_ASSUMPTIONS = 64
MAX_DRAWS = 1000
WORK_LIMIT_FIELDS.update({"gpus", "values", "assumptions", "draws"})

Fraction = float
Money = float

# ----------------------------------------------------------------------------------------------
# request models


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class PerfParams(_Strict):
    """Workload and deployment passed to the perf model when ``model`` is given."""

    input_tokens: int | None = Field(None, ge=1, le=1_000_000, description="Prompt length per request. [tok]")
    output_tokens: int | None = Field(None, ge=1, le=100_000, description="Output length per request. [tok]")
    precision: str | None = Field(None, max_length=16, description="Weight/compute precision: bf16, fp8, fp4 …")


class CostParams(_Strict):
    """Everything :func:`infranomics.cost.estimate` takes besides the accelerator. Omitted fields use
    the sourced defaults of the ``cost_assumptions`` dataset."""

    model: str | None = Field(None, max_length=80, description="LLM from the `models` dataset; throughput then "
                              "comes from the perf model (needs infranomics.perf).", examples=["Llama-3.1-70B"])
    perf: PerfParams | None = Field(None, description="Perf-model workload options, used with `model`.")
    tokens_per_s: float | None = Field(None, gt=0, le=1e7, description="Output tokens per second per accelerator "
                                       "while busy, if known (instead of the perf model). [tok/s]")
    input_tokens_per_s: float | None = Field(None, ge=0, le=1e8, description="Input tokens per second per "
                                             "accelerator in the same run. [tok/s]")
    prefill_time_share: float | None = Field(None, ge=0, lt=1, description="Share of GPU time spent on prefill, "
                                             "to split cost between input and output tokens. [fraction]")
    utilization: float | None = Field(None, gt=0, le=1, description="Busy share of installed hours (default "
                                      "0.6). [fraction]", examples=[0.6])
    capex_usd: float | None = Field(None, gt=0, le=1e8, description="All-in hardware capex per accelerator, in "
                                    "`currency`. [currency]")
    chip_usd: float | None = Field(None, gt=0, le=1e8, description="Accelerator purchase price replacing the "
                                   "catalog estimate, in `currency`. [currency]")
    cluster_gpus: int = Field(2048, ge=1, le=1_000_000, description="Cluster size; sets the network tier. "
                              "[accelerators]")
    life_years: float | None = Field(None, ge=0.25, le=30, description="Economic life (default 5). [years]")
    accounting_life_years: float | None = Field(None, ge=0.25, le=30, description="Book depreciation life. [years]")
    residual_frac: float | None = Field(None, ge=0, le=1, description="Resale value at end of economic life. "
                                        "[fraction of hardware capex]")
    depreciation: Literal["straight-line", "declining-balance"] = Field("straight-line",
                                                                        description="Book depreciation method.")
    wacc: float | None = Field(None, ge=-0.05, le=1, description="Owner's cost of capital (default 0.10). "
                               "[fraction/year]")
    financing: Literal["buy", "lease", "spv"] = Field("buy", description="How hardware is paid for.")
    lease_rate: float | None = Field(None, ge=-0.5, le=2, description="Implicit lease rate. [fraction/year]")
    lease_term_years: float | None = Field(None, gt=0, le=30, description="Lease term. [years]")
    prepayment_frac: float | None = Field(None, ge=0, le=1, description="Share of capex prepaid by customers. "
                                          "[fraction]")
    power_price_kwh: float | None = Field(None, ge=0, le=10, description="Electricity or PPA price in `currency`, "
                                          "instead of `region`. [currency/kWh]")
    region: str | None = Field(None, max_length=64, description="Region code for the power price (US, US-TX, "
                               "CN-GZ …; default US).", examples=["US-TX"])
    pue: float | None = Field(None, ge=1, le=3.5, description="Power usage effectiveness (default 1.3). [-]")
    colo_usd_per_kw_month: float | None = Field(None, ge=0, le=10_000, description="Colocation rent in "
                                                "`currency`, power excluded (default: CBRE North America, or the "
                                                "China rent when `region` is CN/CN-xx). [currency/kW-month]")
    build_usd_per_mw: float | None = Field(None, ge=0, le=1e9, description="Own build cost per MW of IT load in "
                                           "`currency` (instead of colocation). [currency/MW]")
    price_input: float | None = Field(None, ge=0, le=1e6, description="Token price to test, input. "
                                      "[currency/Mtok]")
    price_output: float | None = Field(None, ge=0, le=1e6, description="Token price to test, output. "
                                       "[currency/Mtok]")
    price_cached_input: float | None = Field(None, ge=0, le=1e6, description="Token price, cached input. "
                                             "[currency/Mtok]")
    cache_hit: float = Field(0.0, ge=0, le=1, description="Share of input tokens hitting the prefix cache. "
                             "[fraction]")
    currency: Literal["USD", "CNY", "EUR"] = Field("USD", description="Currency of money inputs and outputs. "
                                                   "Outputs are computed in USD and also given in this currency "
                                                   "(fields with `usd` replaced by its code).")
    currency_year: int | None = Field(None, ge=1990, le=2100, description="Year whose money the result is in "
                                      "(default: latest full year in the FX and CPI tables). [year]")
    assumptions: dict[str, float] | None = Field(None, max_length=MAX_ASSUMPTIONS, description="Overrides of "
                                                 "`cost_assumptions` defaults by parameter name (money in USD of "
                                                 "`currency_year`).", examples=[{"maintenance_frac": 0.02}])


class CostRequest(CostParams):
    """One accelerator's levelized cost."""

    gpu: str = Field(min_length=1, max_length=80, description="Accelerator name or alias from the `accelerators` "
                     "dataset.", examples=["H100-SXM"])
    views: bool = Field(False, description="Also return the year-by-year accounting / cash / levelized table.")


class CompareRequest(CostParams):
    """Several accelerators under the same assumptions."""

    gpus: list[str] = Field(min_length=1, max_length=MAX_COMPARE_GPUS, description="Accelerators to compare "
                            f"(at most {MAX_COMPARE_GPUS}).", examples=[["H100-SXM", "H200", "B200", "MI300X"]])


class SweepRequest(_Strict):
    """The same estimate at several values of one parameter (a curve)."""

    base: CostRequest = Field(description="The estimate to vary.")
    parameter: Literal["utilization", "wacc", "life_years", "power_price_kwh", "pue", "cache_hit"] = Field(
        description="Which field of `base` to vary.")
    values: list[float] = Field(min_length=1, max_length=MAX_SWEEP_POINTS, description="Values of `parameter` "
                                f"(at most {MAX_SWEEP_POINTS}), in its unit.", examples=[[0.2, 0.4, 0.6, 0.8, 1.0]])


class SensitivityRequest(CostRequest):
    """One accelerator's cost with each uncertain input at the low and high end of its range."""

    ranges: dict[str, tuple[float, float]] | None = Field(
        None, max_length=8, description="Replace default ranges by input name (throughput, utilization, "
        "hardware_capex, power_price_kwh, pue, life_years, wacc, facility): [low, high] in the input's unit, money "
        "in `currency`, `factor` inputs as multiples of the base.", examples=[{"utilization": [0.3, 0.9]}])
    draws: int = Field(0, ge=0, le=MAX_DRAWS, description="Also draw every input at once, independently and "
                       f"uniformly over its range, this many times (at most {MAX_DRAWS}); `spread` then holds the "
                       "5th/50th/95th percentile of the cost.")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the joint draws.")
    against: float | None = Field(None, ge=0, le=1e9, description="With `draws`: a revenue per unit of the "
                                  "ranking metric in `currency`; `spread.share_above_against` is the share of draws "
                                  "whose cost is above it.")


class CapexPerMwRequest(_Strict):
    """The $/MW bridge: hardware and facility capex per MW of critical IT load."""

    gpu: str = Field(min_length=1, max_length=80, description="Accelerator name or alias.", examples=["B200"])
    cluster_gpus: int = Field(16384, ge=1, le=1_000_000, description="Cluster size (network tier). [accelerators]")
    build_usd_per_mw: float | None = Field(None, gt=0, le=1e9, description="Facility build cost (shell + MEP) "
                                           "per MW of IT. [USD/MW]")
    currency_year: int | None = Field(None, ge=1990, le=2100, description="Year of the dollars. [year]")


# ----------------------------------------------------------------------------------------------
# response models (the CostResult.to_dict() contract)

_MONEY = "In USD of `currency_year`; when `currency` is not USD the same value is also given under the name " \
         "with `usd` replaced by the currency code (e.g. `cny_per_gpu_hour`)."


class CostResponse(BaseModel):
    """``CostResult.to_dict()`` of :func:`infranomics.cost.estimate`. Money in USD of ``currency_year``
    unless the name says otherwise; converted copies for the display currency are added as extra fields."""

    model_config = ConfigDict(extra="allow")

    gpu: str = Field(description="Accelerator (catalog name).")
    model: str | None = Field(None, description="LLM, when throughput came from the perf model.")
    currency: str = Field(description="Display currency of the request.")
    currency_year: int = Field(description="Year of the money. [year]")
    utilization: float = Field(description="Busy share of installed hours. [fraction]")
    usd_per_gpu_hour: float | None = Field(description="Levelized cost per busy GPU-hour. [USD/GPU-h] " + _MONEY)
    usd_per_installed_gpu_hour: float | None = Field(description="Cost per installed GPU-hour. [USD/GPU-h]")
    breakdown: dict[str, float | None] = Field(description="Cost per busy GPU-hour by component: chip, server, "
                                               "network, storage_install, facility, power, opex, capital. "
                                               "[USD/GPU-h]")
    usd_per_mtok_input: float | None = Field(None, description="Cost per million input tokens. [USD/Mtok]")
    usd_per_mtok_output: float | None = Field(None, description="Cost per million output tokens. [USD/Mtok]")
    usd_per_mtok_blended: float | None = Field(None, description="Cost per million tokens, all tokens. [USD/Mtok]")
    cost_attribution: str | None = Field(None, description="'gpu-time' (prefill → input, decode → output) or "
                                         "'full' (each token type carries the whole cost).")
    marginal_usd_per_gpu_hour: float | None = Field(None, description="Power-only floor per busy GPU-hour. "
                                                    "[USD/GPU-h]")
    marginal_usd_per_mtok_blended: float | None = Field(None, description="Power-only floor per million tokens. "
                                                        "[USD/Mtok]")
    views_usd_per_gpu_hour: dict[str, float | None] = Field(description="Average cost per busy GPU-hour in the "
                                                            "accounting, cash and levelized views. [USD/GPU-h]")
    capex_usd_per_gpu: dict[str, float | None] = Field(description="Hardware capex per accelerator by part and "
                                                       "total. [USD]")
    it_kw_per_gpu: float | None = Field(None, description="All-in IT power per accelerator. [kW]")
    power_price_usd_per_kwh: float | None = Field(None, description="Electricity price used. [USD/kWh]")
    power_region: str | None = Field(None, description="Which catalog row the power price came from.")
    pue: float | None = Field(None, description="Power usage effectiveness. [-]")
    facility: str | None = Field(None, description="'colo' or 'build'.")
    colo_usd_per_kw_month: float | None = Field(None, description="Colocation rent used, power excluded; null for "
                                                "an own build. [USD/kW-month]")
    colo_rent_source: str | None = Field(None, description="Where the rent came from: 'user', or the "
                                         "`cost_assumptions` key (`colo_usd_per_kw_month`, or "
                                         "`colo_usd_per_kw_month_cn` when the power region is Chinese).")
    build_usd_per_mw: float | None = Field(None, description="Own-build cost used per MW of IT load; null under "
                                           "colocation. [USD/MW]")
    build_cost_source: str | None = Field(None, description="Where the build cost came from: 'user', or the "
                                          "`cost_assumptions` key.")
    financing: str | None = Field(None, description="'buy', 'lease' or 'spv'.")
    capital_rate: float | None = Field(None, description="Rate at which capital is charged. [fraction/year]")
    life_years: float | None = Field(None, description="Economic life. [years]")
    accounting_life_years: float | None = Field(None, description="Book life. [years]")
    throughput: dict | None = Field(None, description="Tokens per second per accelerator while busy "
                                    "(output_tokens_per_s, input_tokens_per_s [tok/s], prefill_time_share, source).")
    perf: dict | None = Field(None, description="The perf model's result (PerfResult.to_dict()) when `model` was "
                              "given.")
    notes: list[str] = Field(default_factory=list, description="Caveats about this estimate.")
    note_codes: list[dict | None] = note_codes_field("notes")
    prices: dict | None = Field(None, description="Token prices tested (input, output, cached_input "
                                "[currency/Mtok], currency).")
    revenue_usd_per_gpu_hour: float | None = Field(None, description="Token revenue per busy GPU-hour at the "
                                                   "prices. [USD/GPU-h]")
    margin_per_gpu_hour_usd: float | None = Field(None, description="Revenue − cost per busy GPU-hour. "
                                                  "[USD/GPU-h]")
    gross_margin: float | None = Field(None, description="(Revenue − cost) / revenue. [fraction]")
    breakeven_utilization: float | None = Field(None, description="Utilization at which the prices cover all "
                                                "costs; null when not reachable. [fraction]")
    breakeven_price_scale: float | None = Field(None, description="Cost ÷ revenue: the factor prices must be "
                                                "multiplied by to break even. [-]")
    covers_marginal_cost: bool | None = Field(None, description="Whether the prices cover the power-only floor.")
    yearly_views: list[dict] | None = Field(None, description="Year-by-year accounting, cash and levelized cost "
                                            "(with `views`).")


class CompareRow(BaseModel):
    rank: int = Field(description="1 = cheapest by `ranked_by`; rows with errors come last.")
    gpu: str = Field(description="Accelerator as asked.")
    result: CostResponse | None = Field(None, description="The estimate, or null when it failed.")
    error: ErrorDetail | None = Field(None, description="Why this accelerator could not be estimated.")


class CompareResponse(BaseModel):
    ranked_by: str = Field(description="`usd_per_mtok_blended` when a throughput is known, else "
                                       "`usd_per_gpu_hour`.")
    currency: str
    rows: list[CompareRow]


class SensitivityCosts(BaseModel):
    cost_per_gpu_hour: float = Field(description="Cost per busy GPU-hour. [currency/GPU-h]")
    cost_per_mtok_blended: float | None = Field(description="Cost per million tokens, all tokens. [currency/Mtok]")


class SensitivityRow(BaseModel):
    parameter: str = Field(description="The input varied.")
    unit: str = Field(description="Unit of base, low and high (`factor`: multiple of the base value).")
    base: float
    low: float
    high: float
    source: str = Field(description="Where the range comes from.")
    at_low: SensitivityCosts
    at_high: SensitivityCosts
    swing: float = Field(description="|cost at high − cost at low| of the ranking metric. [currency]")
    min: float = Field(description="Lower of the two costs. [currency]")
    max: float = Field(description="Higher of the two costs. [currency]")


class SensitivityResponse(BaseModel):
    """``infranomics.cost.sensitivity(...).to_dict()``: rows widest swing first."""

    gpu: str
    model: str | None
    currency: str
    currency_year: int
    version: str
    ranked_by: str = Field(description="`cost_per_mtok_blended` when a throughput is known, else "
                                       "`cost_per_gpu_hour`.")
    base: SensitivityCosts
    rows: list[SensitivityRow]
    spread: dict | None = Field(description="With `draws`: {draws, seed, p5, p50, p95, share_above_base[, against, "
                                "share_above_against]} of the ranking metric over the joint draws.")
    notes: list[str]


class SweepPoint(BaseModel):
    value: float = Field(description="Value of the swept parameter, in its unit.")
    result: CostResponse


class SweepResponse(BaseModel):
    parameter: str
    points: list[SweepPoint]


class CapexPerMwResponse(BaseModel):
    gpu: str = Field(description="Accelerator (catalog name).")
    gpus_per_mw: float = Field(description="Accelerators per MW of critical IT. [1/MW]")
    it_usd_per_mw: float = Field(description="Hardware capex per MW of IT. [USD/MW]")
    facility_usd_per_mw: float = Field(description="Facility build cost incl. soft costs per MW of IT. [USD/MW]")
    total_usd_per_mw: float = Field(description="IT + facility. [USD/MW]")
    it_share: float = Field(description="IT share of the total. [fraction]")
    currency_year: int = Field(description="Year of the dollars. [year]")


# ----------------------------------------------------------------------------------------------
# mapping and endpoints


def perf_available() -> bool:
    return available(("infranomics.perf:estimate",))


def cost_kwargs(p: CostParams) -> dict:
    """Map a request to :func:`infranomics.cost.estimate` keyword arguments."""
    kw = p.model_dump(exclude={"gpu", "gpus", "views", "perf", "lease_rate", "lease_term_years", "prepayment_frac",
                               "ranges", "draws", "seed", "against"})
    if p.model is not None and p.tokens_per_s is None and not perf_available():
        raise ApiError(422, "throughput from a model needs the perf module (infranomics.perf), which is not "
                            "installed; give tokens_per_s instead", field="model")
    kw["perf_options"] = {k: v for k, v in (p.perf.model_dump() if p.perf else {}).items() if v is not None}
    kw["financing_options"] = {k: v for k, v in (("lease_rate", p.lease_rate), ("lease_term_years", p.lease_term_years),
                                                  ("prepayment_frac", p.prepayment_frac)) if v is not None}
    return kw


def run_estimate(gpu: str, kw: dict, catalog: Catalog, views: bool = False) -> dict:
    """``estimate(...).to_dict()`` as plain JSON (NaN → null), with the yearly views when asked."""
    result = cost.estimate(gpu, catalog=catalog, **kw)
    d = result.to_dict()
    if views:
        d["yearly_views"] = result.gpu_hour.yearly_views()
    return jsonable(d)


router = APIRouter(prefix="/cost", tags=["cost"], responses=ERROR_RESPONSES)


@router.post("", response_model=CostResponse, response_model_exclude_unset=True,
             summary="Levelized $/GPU-hour and $/million tokens")
def estimate_cost(req: CostRequest, catalog: CatalogDep) -> dict:
    """Cost of one accelerator-hour and of a million tokens, with the breakdown, break-evens and the
    accounting / cash / levelized views. ``infranomics cost --json`` returns the same object."""
    return run_estimate(req.gpu, cost_kwargs(req), catalog, views=req.views)


@router.post("/compare", response_model=CompareResponse, response_model_exclude_unset=True,
             summary="Rank accelerators under the same assumptions")
def compare(req: CompareRequest, catalog: CatalogDep) -> dict:
    """Each accelerator's estimate, cheapest first (by $/Mtok when a throughput is known, else $/GPU-hour).
    An unknown accelerator name is a 422; an accelerator that cannot be estimated (no price, model does
    not fit) gets a row with its error."""
    kw = cost_kwargs(req)
    rows = []
    for i, name in enumerate(req.gpus):
        try:
            rows.append({"gpu": name, "result": run_estimate(name, kw, catalog), "error": None})
        except InfranomicsError as exc:
            if exc.field in ("gpu", "accelerator"):
                raise ApiError(422, exc.message, field=f"gpus.{i}") from None
            rows.append({"gpu": name, "result": None, "error": {"field": api_field(exc.field),
                                                                 "message": exc.message}})
    has_tok = any(r["result"] and r["result"].get("usd_per_mtok_blended") is not None for r in rows)
    key = "usd_per_mtok_blended" if has_tok else "usd_per_gpu_hour"

    def order(r):
        v = r["result"].get(key) if r["result"] else None
        return (v is None, v if v is not None else 0.0)

    rows.sort(key=order)
    for rank, r in enumerate(rows, 1):
        r["rank"] = rank
    return {"ranked_by": key, "currency": req.currency, "rows": rows}


@router.post("/sweep", response_model=SweepResponse, response_model_exclude_unset=True,
             summary="The estimate along one parameter")
def sweep(req: SweepRequest, catalog: CatalogDep) -> dict:
    """Repeat the ``base`` estimate for each value of ``parameter`` — e.g. cost per busy GPU-hour against
    utilization. An invalid value is a 422 naming ``values.<i>``."""
    kw = cost_kwargs(req.base)
    points = []
    for i, v in enumerate(req.values):
        try:
            d = run_estimate(req.base.gpu, {**kw, req.parameter: v}, catalog)
        except InfranomicsError as exc:
            if api_field(exc.field) == req.parameter:
                raise ApiError(422, f"values.{i}: {exc.message}", field=f"values.{i}") from None
            raise
        points.append({"value": v, "result": d})
    return {"parameter": req.parameter, "points": points}


@router.post("/sensitivity", response_model=SensitivityResponse, summary="What the cost hangs on (a tornado)")
def sensitivity(req: SensitivityRequest, catalog: CatalogDep) -> dict:
    """The estimate at each uncertain input's low and high value (sourced default ranges, or `ranges`),
    everything else at the request's values; rows widest swing first. ``infranomics cost sensitivity --json``
    returns the same object."""
    kw = cost_kwargs(req)
    for k in ("ranges", "draws", "seed", "against"):
        kw.pop(k, None)
    return cost.sensitivity(req.gpu, ranges=req.ranges, draws=req.draws, seed=req.seed, against=req.against,
                            catalog=catalog, **kw).to_dict()


@router.post("/capex-per-mw", response_model=CapexPerMwResponse, summary="The $/MW bridge")
def capex_per_mw(req: CapexPerMwRequest, catalog: CatalogDep) -> dict:
    """Facility plus IT capex per MW of critical IT load — the arithmetic behind "1 GW ≈ $50B"."""
    d = cost.capex_per_mw(req.gpu, cluster_gpus=req.cluster_gpus, build_usd_per_mw=req.build_usd_per_mw,
                          currency_year=req.currency_year, catalog=catalog)
    from ...hardware import get_accelerator

    return jsonable({"gpu": get_accelerator(req.gpu, catalog).name, **d})


# ----------------------------------------------------------------------------------------------
# option sources and the page


def _controls() -> tuple[Control, ...]:
    c = [
        Control("gpu", "select", default="H100-SXM", options_from="accelerators"),
        Control("utilization", "slider", min=0.05, max=1.0, step=0.01, unit="fraction",
                default_from="assumption:utilization"),
    ]
    if perf_available():
        c.append(Control("model", "select", default="", options_from="models", optional=True))
    c += [
        Control("tokens_per_s", "number", default=None, min=1, max=1e6, step=1, unit="tok/s", optional=True),
        Control("price_input", "number", default=None, min=0, max=1e6, step=0.01, unit="{cur}/Mtok", optional=True),
        Control("price_output", "number", default=None, min=0, max=1e6, step=0.01, unit="{cur}/Mtok", optional=True),
        Control("compare", "multiselect", default="H100-SXM,H200,B200,MI300X", options_from="accelerators"),
        Control("region", "select", default="US", options_from="regions", group="advanced"),
        Control("financing", "select", default="buy", options=("buy", "lease", "spv"), group="advanced"),
        Control("life_years", "number", min=0.25, max=30, step=0.25, unit="years", optional=True,
                default_from="assumption:economic_life_years", group="advanced"),
        Control("wacc", "number", min=-0.05, max=1, step=0.01, unit="fraction/year", optional=True,
                default_from="assumption:wacc", group="advanced"),
        Control("pue", "number", min=1, max=3.5, step=0.01, unit="-", optional=True,
                default_from="assumption:pue", group="advanced"),
        Control("cache_hit", "slider", default=0.0, min=0, max=1, step=0.05, unit="fraction", group="advanced"),
    ]
    return tuple(c)


DOMAIN = Domain(
    name="cost",
    router=router,
    pages=(Page("cost", controls=_controls(), order=20,
                sources=("accelerators", "cost_assumptions", "electricity_prices", "gpu_rental_prices")),),
    default_sources={"assumption": lambda catalog, name: cost.assumption(name, catalog=catalog)},
)
