"""Business P&L API and page: a token-API seller (MaaS), a GPU cloud, an enterprise buyer choosing
between an LLM appliance (一体机), renting GPUs and paying an API, the appliance vendor's project, an
intelligent computing centre (智算中心) built and operated for its owner, and a model lab whose compute
commitments meet its revenue.

Every number is ``BusinessResult.to_dict()`` of :func:`infranomics.business.maas`,
:func:`~infranomics.business.gpu_cloud`, :func:`~infranomics.business.appliance_buyer`,
:func:`~infranomics.business.appliance_vendor`, :func:`~infranomics.business.compute_center` or
:func:`~infranomics.business.model_lab`.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ... import business
from ..._json import jsonable
from ..deps import CatalogDep
from ..errors import ERROR_RESPONSES, WORK_LIMIT_FIELDS, note_codes_field
from ..registry import Control, Domain, Page

__all__ = ["DOMAIN"]

MAX_MONTHS = 120
MAX_TRANCHES = 20
WORK_LIMIT_FIELDS.update({"months", "tranches", "load_curve"})

_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class MaasRequest(_Strict):
    """A token-API seller: demand, prices, serving rates, fleet and financing."""

    gpu: str = Field(min_length=1, max_length=80, description="Accelerator of the fleet.", examples=["H800"])
    input_tokens_per_day: float = Field(gt=0, le=1e16, description="Input tokens on day one. [tok/day]",
                                        examples=[608e9])
    output_tokens_per_day: float = Field(ge=0, le=1e16, description="Output tokens on day one. [tok/day]",
                                         examples=[168e9])
    price_input: float = Field(ge=0, le=1e6, description="List price, input tokens (cache miss). "
                               "[currency/Mtok]", examples=[0.55])
    price_output: float = Field(ge=0, le=1e6, description="List price, output tokens. [currency/Mtok]",
                                examples=[2.19])
    price_input_cache_hit: float | None = Field(None, ge=0, le=1e6, description="Price of a cache-hit input "
                                                "token (default: the input price). [currency/Mtok]")
    cache_hit: float = Field(0.0, ge=0, le=1, description="Share of input tokens hitting the cache. [fraction]")
    model: str | None = Field(None, max_length=80, description="LLM served: throughput from the perf model unless "
                              "rates are given.")
    output_tokens_per_s_per_gpu: float | None = Field(None, gt=0, le=1e7, description="Aggregated serving: output "
                                                      "tokens/s per GPU while busy. [tok/s]")
    input_tokens_per_s_per_gpu: float | None = Field(None, ge=0, le=1e8, description="Aggregated serving: input "
                                                     "tokens/s per GPU. [tok/s]")
    prefill_time_share: float | None = Field(None, ge=0, le=1, description="Share of GPU time on prefill. "
                                             "[fraction]")
    prefill_tokens_per_s_per_gpu: float | None = Field(None, gt=0, le=1e8, description="Disaggregated serving: "
                                                       "prefill pool rate. [tok/s per GPU]")
    decode_tokens_per_s_per_gpu: float | None = Field(None, gt=0, le=1e7, description="Disaggregated serving: "
                                                      "decode pool rate. [tok/s per GPU]")
    request_output_tokens: int = Field(1000, ge=1, le=100_000, description="Output length of a typical request "
                                       "(perf workload). [tok]")
    nodes: float | None = Field(None, gt=0, le=1e6, description="A fixed fleet instead of sizing it. [nodes]")
    gpus_per_node: int = Field(8, ge=1, le=1024, description="[GPU/node]")
    fleet: Literal["fixed", "elastic"] = Field("fixed", description="Sized for the peak hour, or following the "
                                               "hourly need (released at night).")
    redundancy: float = Field(0.10, ge=0, le=1, description="Headroom above need. [fraction]")
    load_curve: list[float] | None = Field(None, min_length=1, max_length=288, description="Daily demand shape "
                                           "(e.g. 24 hourly factors; default DeepSeek's peak/average 1.226).")
    ownership: Literal["rent", "own"] = Field("rent", description="Rent GPU-hours or own the hardware.")
    gpu_hour_usd: float | None = Field(None, gt=0, le=1000, description="Rental price (default: catalog median). "
                                       "[USD/GPU-h]")
    debt_share: float = Field(0.0, ge=0, le=1, description="Share of owned capex borrowed. [fraction]")
    debt_rate: float = Field(0.08, ge=0, le=1, description="[fraction/year]")
    debt_years: float = Field(4.0, gt=0, le=30, description="[years]")
    offpeak_share: float = Field(0.0, ge=0, le=1, description="Tokens served at an off-peak discount. [fraction]")
    offpeak_discount: float = Field(0.0, ge=0, le=1, description="[fraction]")
    free_share: float = Field(0.0, ge=0, le=1, description="Tokens not billed (free tier, app). [fraction]")
    opex_usd_per_month: float = Field(0.0, ge=0, le=1e12, description="Fixed operating costs. [USD/month]")
    opex_share_of_revenue: float = Field(0.0, ge=0, le=1, description="[fraction]")
    tax_rate: float = Field(0.25, ge=0, le=1, description="[fraction]")
    months: int = Field(36, ge=1, le=MAX_MONTHS, description=f"Horizon (at most {MAX_MONTHS}). [months]")
    start: str = Field("2025-03", pattern=_MONTH, description="First month, YYYY-MM.")
    demand_growth_per_year: float = Field(0.0, ge=-1, le=100, description="[fraction/year]")
    price_change_per_year: float = Field(0.0, ge=-1, le=10, description="A price war is negative. "
                                         "[fraction/year]")
    throughput_gain_per_year: float = Field(0.0, ge=-0.9, le=100, description="Software gains. [fraction/year]")
    target_net_margin: float = Field(0.10, ge=-1, lt=1, description="Net margin to solve the needed throughput "
                                     "and load rate for. [fraction]")
    discount_rate: float = Field(0.10, ge=-0.5, le=1, description="For NPV. [fraction/year]")
    currency: Literal["USD", "CNY", "EUR"] = Field("USD", description="Currency of the prices given; the summary "
                                                   "repeats daily money in it.")
    currency_year: int | None = Field(None, ge=1990, le=2100, description="[year]")


class TrancheIn(_Strict):
    """One vintage of accelerators of a GPU cloud."""

    gpu: str = Field(min_length=1, max_length=80, description="Accelerator.", examples=["H100-SXM"])
    count: float = Field(gt=0, le=1e7, description="[GPU]", examples=[10000])
    delivery_month: int = Field(0, ge=0, le=240, description="Months after the start. [month]")
    capex_usd_per_gpu: float | None = Field(None, gt=0, le=1e7, description="All-in capex (default: cost model). "
                                            "[USD]")
    contract_share: float = Field(0.7, ge=0, le=1, description="Share under take-or-pay contracts. [fraction]")
    contract_price: float | None = Field(None, gt=0, le=1000, description="Contract price (default: market at "
                                         "delivery). [USD/GPU-h]")
    contract_months: int = Field(48, ge=1, le=240, description="[months]")
    ramp_months: int = Field(2, ge=0, le=36, description="Delivered but not yet billing. [months]")
    prepaid_share: float = Field(0.0, ge=0, le=1, description="Contract value paid at signing. [fraction]")


class GpuCloudRequest(_Strict):
    """A GPU cloud (neocloud) renting a fleet by vintage, with GPU-backed debt."""

    tranches: list[TrancheIn] = Field(min_length=1, max_length=MAX_TRANCHES, description="The fleet by vintage "
                                      f"(at most {MAX_TRANCHES}).")
    months: int = Field(72, ge=1, le=MAX_MONTHS, description=f"Horizon (at most {MAX_MONTHS}). [months]")
    start: str = Field("2025-01", pattern=_MONTH, description="First month, YYYY-MM.")
    periods: Literal["month", "quarter", "year"] = Field("quarter", description="Rows of the output table.")
    market_price: dict[str, float] | None = Field(None, max_length=MAX_TRANCHES, description="On-demand price at "
                                                  "the start by accelerator (default: catalog median). [USD/GPU-h]")
    price_change_per_year: float = Field(-0.20, ge=-1, le=10, description="Drift of market rental prices. "
                                         "[fraction/year]")
    on_demand_utilization: float = Field(0.6, ge=0, le=1, description="Billed share of uncontracted hours. "
                                         "[fraction]")
    economic_life_years: float = Field(5.0, ge=0.5, le=20, description="[years]")
    accounting_life_years: float = Field(6.0, ge=0.5, le=20, description="Book life. [years]")
    residual_frac: float = Field(0.0, ge=0, le=1, description="[fraction of capex]")
    depreciation_in_cor_share: float = Field(0.0, ge=0, le=1, description="Share of depreciation in cost of "
                                             "revenue (1 = fully loaded gross margin). [fraction]")
    debt_share: float = Field(0.6, ge=0, le=1, description="[fraction of capex]")
    debt_rate: float = Field(0.10, ge=0, le=1, description="[fraction/year]")
    debt_years: float = Field(5.0, gt=0, le=30, description="[years]")
    debt_grace_years: float = Field(0.0, ge=0, le=10, description="Interest-only years. [years]")
    hardware_opex_in_cor: bool = Field(True, description="Hardware upkeep in cost of revenue.")
    sga_share_of_revenue: float = Field(0.10, ge=0, le=1, description="[fraction]")
    stock_comp_share_of_revenue: float = Field(0.0, ge=0, le=1, description="[fraction]")
    tax_rate: float = Field(0.21, ge=0, le=1, description="[fraction]")
    discount_rate: float = Field(0.10, ge=-0.5, le=1, description="[fraction/year]")
    currency: Literal["USD", "CNY", "EUR"] = Field("USD", description="Currency of the table and summary (money "
                                                   "inputs stay in USD).")
    currency_year: int | None = Field(None, ge=1990, le=2100, description="[year]")


class ApplianceBuyerRequest(_Strict):
    """An enterprise buyer: appliance (一体机) vs API vs renting GPUs for its monthly token volume."""

    input_tokens_per_month: float = Field(ge=0, le=1e15, description="[tok/month]", examples=[2e9])
    output_tokens_per_month: float = Field(ge=0, le=1e15, description="[tok/month]", examples=[5e8])
    gpu: str = Field("H20", min_length=1, max_length=80, description="The appliance's accelerator.")
    gpus: int = Field(8, ge=1, le=64, description="Accelerators in the appliance.")
    model: str | None = Field(None, max_length=80, description="LLM it runs (throughput from perf).")
    precision: str | None = Field(None, max_length=16, description="Weight precision of the model on the "
                                  "appliance (bf16, fp8, int8, fp4…; default: the perf model's choice).")
    appliance_price: float | None = Field(None, gt=0, le=1e10, description="Price (default: catalog). [currency]")
    life_years: float = Field(5.0, ge=0.5, le=15, description="[years]")
    financing_rate: float = Field(0.0, ge=0, le=1, description="Cost of money. [fraction/year]")
    max_load: float = Field(0.7, gt=0, le=1, description="Highest sustainable busy share. [fraction]")
    peak_concurrency: int | None = Field(None, ge=1, le=1_000_000, description="Users at once.")
    system_tokens_per_s: float | None = Field(None, gt=0, le=1e8, description="Output tok/s of the whole "
                                              "appliance, instead of the perf model. [tok/s]")
    power_price_kwh: float | None = Field(None, ge=0, le=100, description="[currency/kWh]")
    region: str = Field("CN", max_length=64, description="Region for the power price.")
    pue: float = Field(1.5, ge=1, le=3.5, description="[-]")
    maintenance_per_year: float = Field(0.05, ge=0, le=1, description="[fraction of price/year]")
    staff_fte: float = Field(0.25, ge=0, le=100, description="[FTE]")
    staff_cost_per_year: float = Field(300_000.0, ge=0, le=1e9, description="[currency/FTE-year]")
    api_price_input: float | None = Field(None, ge=0, le=1e6, description="[currency/Mtok] (default: catalog)")
    api_price_output: float | None = Field(None, ge=0, le=1e6, description="[currency/Mtok]")
    api_price_cached_input: float | None = Field(None, ge=0, le=1e6, description="[currency/Mtok]")
    cache_hit: float = Field(0.0, ge=0, le=1, description="[fraction]")
    api_provider: str = Field("DeepSeek", max_length=80, description="API compared (token_prices dataset).")
    api_model: str = Field("deepseek-chat", max_length=80, description="API model (token_prices dataset).")
    rent_gpu_hour: float | None = Field(None, gt=0, le=1e5, description="Cloud price (default: catalog median). "
                                        "[currency/GPU-h]")
    rent_hours_per_month: float = Field(730.0, ge=0, le=744, description="Hours rented. [h/month]")
    currency: Literal["USD", "CNY"] = Field("CNY", description="Currency of money in and out.")
    currency_year: int | None = Field(None, ge=1990, le=2100, description="[year]")


class ApplianceVendorRequest(_Strict):
    """An appliance vendor's project: bill of materials, payment tranches, timeline (money in `currency`)."""

    units: int = Field(10, ge=1, le=100_000, description="Appliances in the project.")
    bom_per_unit: float | None = Field(None, ge=0, le=1e10, description="Bill of materials per unit (default: "
                                       "catalog H20 8-card server, 1.2M RMB, converted). [currency]")
    integration_per_unit: float | None = Field(None, ge=0, le=1e10, description="Software/integration (default "
                                               "60,000 RMB, converted). [currency]")
    delivery_per_unit: float | None = Field(None, ge=0, le=1e10, description="Delivery and installation (default "
                                            "20,000 RMB, converted). [currency]")
    price_per_unit: float | None = Field(None, ge=1, le=1e11, description="Selling price (default: cost × "
                                         "(1 + markup)). [currency]")
    markup: float = Field(0.15, ge=0, le=10, description="[fraction of cost]")
    advance: float = Field(0.3, ge=0, le=1, description="Paid at signing. [fraction]")
    on_delivery: float = Field(0.4, ge=0, le=1, description="Paid on delivery. [fraction]")
    on_acceptance: float = Field(0.25, ge=0, le=1, description="Paid on acceptance. [fraction]")
    retention: float = Field(0.05, ge=0, le=1, description="Paid after the warranty. [fraction]")
    delivery_month: int = Field(2, ge=0, le=60, description="[month]")
    acceptance_month: int = Field(4, ge=0, le=60, description="[month]")
    warranty_months: int = Field(12, ge=0, le=120, description="[month]")
    warranty_cost_per_year: float = Field(0.02, ge=0, le=1, description="[fraction of BOM/year]")
    supplier_credit_months: int = Field(1, ge=0, le=24, description="[month]")
    overhead_share: float = Field(0.05, ge=0, le=1, description="Sales and bidding. [fraction of revenue]")
    tax_rate: float = Field(0.25, ge=0, le=1, description="[fraction]")
    currency: Literal["USD", "CNY"] = Field("CNY", description="Currency of all money in and out.")


class ComputeCenterRequest(_Strict):
    """An intelligent computing centre (智算中心) build-and-operate contract, from the operator's side."""

    gpu: str = Field("Ascend-910B", min_length=1, max_length=80, description="Accelerator.")
    gpus: int = Field(4096, ge=1, le=1_000_000, description="Accelerators in the centre.")
    capex_usd_per_gpu: float | None = Field(None, gt=0, le=1e7, description="All-in IT capex. [USD]")
    build_years: int = Field(1, ge=1, le=5, description="[years]")
    operate_years: int = Field(5, ge=1, le=20, description="[years]")
    epc_margin: float = Field(0.08, ge=0, le=1, description="Construction margin. [fraction]")
    om_fee_share: float = Field(0.04, ge=0, le=1, description="Operations fee. [fraction of capex/year]")
    om_cost_share: float = Field(0.75, ge=0, le=1, description="Operator's cost. [fraction of fee]")
    spare_share: float = Field(0.3, ge=0, le=1, description="Sellable share of accelerators. [fraction]")
    spare_utilization: float = Field(0.5, ge=0, le=1, description="Sold share of their hours. [fraction]")
    rental_price: float | None = Field(None, gt=0, le=1e4, description="[USD/GPU-h] (default: catalog)")
    price_change_per_year: float = Field(-0.15, ge=-0.95, le=2, description="[fraction/year]")
    owner_revenue_share: float = Field(0.3, ge=0, le=1, description="Revenue share to the owner. [fraction]")
    region: str = Field("CN", min_length=1, max_length=80, description="Power region, catalog code or name "
                        "(CN, CN-GZ, Guizhou, US…); a Chinese region also takes the China build cost per MW.",
                        examples=["CN-GZ"])
    sga_share: float = Field(0.05, ge=0, le=1, description="[fraction of revenue]")
    tax_rate: float = Field(0.25, ge=0, le=1, description="[fraction]")
    currency: Literal["USD", "CNY", "EUR"] = Field("USD", description="Currency of the table and summary (money "
                                                   "inputs stay in USD).")


class ModelLabRequest(_Strict):
    """A model lab calibrated to OpenAI's figures, with announced commitments as a floor on compute."""

    start_year: int = Field(2025, ge=2020, le=2039, description="[year]")
    end_year: int = Field(2030, ge=2021, le=2040, description="[year]")
    revenue_shortfall: float = Field(0.0, ge=0, lt=1, description="Revenue below plan every year. [fraction]")
    include_commitments: bool = Field(True, description="Floor compute spend at compute_commitments.")
    buyer: str = Field("OpenAI", max_length=80, description="Whose commitments (compute_commitments.buyer).")
    cash_0: float = Field(17.5e9, ge=0, le=1e13, description="Cash at the start. [USD]")


class BusinessResponse(BaseModel):
    """``BusinessResult.to_dict()``: a per-period table that reconciles, a summary and the inputs used."""

    business: str = Field(description="Which model.")
    currency: str | None = Field(None, description="Currency of the request.")
    currency_year: int | None = Field(None, description="[year]")
    version: str
    periods: list[dict] = Field(description="One row per period; money in `currency` of `currency_year` (MaaS: "
                                            "USD; model lab: nominal USD).")
    summary: dict = Field(description="Margins [fraction], NPV/IRR, funding need, break-evens …")
    inputs: dict = Field(description="The inputs used, defaults filled in.")
    notes: list[str] = Field(default_factory=list, description="Where defaults came from, caveats.")
    note_codes: list[dict | None] = note_codes_field("notes")


router = APIRouter(prefix="/business", tags=["business"], responses=ERROR_RESPONSES)


@router.post("/maas", response_model=BusinessResponse, summary="P&L of a token-API (MaaS) seller")
def maas(req: MaasRequest, catalog: CatalogDep) -> dict:
    """Fleet sized from throughput and a daily load curve, revenue from prices × tokens, a monthly P&L,
    the throughput or load rate needed for a target margin, and margins under a price war
    (``infranomics business maas --json``)."""
    return jsonable(business.maas(**req.model_dump(), catalog=catalog).to_dict())


@router.post("/gpu-cloud", response_model=BusinessResponse, summary="P&L of a GPU cloud")
def gpu_cloud(req: GpuCloudRequest, catalog: CatalogDep) -> dict:
    """Contracted and on-demand revenue as rental prices fall, depreciation, GPU-backed debt, funding
    need, IRR and payback (``infranomics business gpu-cloud --json``)."""
    kw = req.model_dump(exclude={"tranches"})
    tranches = [business.Tranche(**t.model_dump()) for t in req.tranches]
    return jsonable(business.gpu_cloud(tranches=tranches, catalog=catalog, **kw).to_dict())


@router.post("/appliance-buyer", response_model=BusinessResponse,
             summary="Appliance (一体机) vs API vs renting GPUs, for a buyer")
def appliance_buyer(req: ApplianceBuyerRequest, catalog: CatalogDep) -> dict:
    """Monthly cost of each option at the buyer's volume, the break-even volume and a sweep of
    volumes (``infranomics business appliance-buyer --json``)."""
    kw = req.model_dump()
    precision = kw.pop("precision")
    return jsonable(business.appliance_buyer(**kw, perf_options={"precision": precision} if precision else None,
                                             catalog=catalog).to_dict())


@router.post("/appliance-vendor", response_model=BusinessResponse,
             summary="An appliance (一体机) vendor's project: margin and cash tied up")
def appliance_vendor(req: ApplianceVendorRequest, catalog: CatalogDep) -> dict:
    """Project P&L recognised at acceptance and the monthly cash timeline from the payment tranches
    (``infranomics business appliance --view vendor --json``)."""
    return jsonable(business.appliance_vendor(**req.model_dump(), catalog=catalog).to_dict())


@router.post("/compute-center", response_model=BusinessResponse,
             summary="A computing centre (智算中心) build-and-operate contract")
def compute_center(req: ComputeCenterRequest, catalog: CatalogDep) -> dict:
    """Construction margin, operations fee and spare-capacity revenue of the operator, by year
    (``infranomics business compute-center --json``)."""
    return jsonable(business.compute_center(**req.model_dump(), catalog=catalog).to_dict())


@router.post("/model-lab", response_model=BusinessResponse,
             summary="A model lab: revenue, compute, commitments, funding need")
def model_lab(req: ModelLabRequest, catalog: CatalogDep) -> dict:
    """Yearly P&L calibrated to OpenAI's figures, the funding need and each compute seller's exposure when
    revenue falls short (``infranomics business model-lab --json``)."""
    return jsonable(business.model_lab(**req.model_dump(), catalog=catalog).to_dict())


def _when(model: str) -> str:
    return f"business={model}"


def _controls() -> tuple[Control, ...]:
    m, g, a, lab = _when("maas"), _when("gpu-cloud"), _when("appliance"), _when("model-lab")
    v, c = _when("appliance-vendor"), _when("compute-center")
    return (
        Control("business", "select", default="maas", options=("maas", "gpu-cloud", "appliance", "appliance-vendor",
                                                                "compute-center", "model-lab")),
        # MaaS — defaults: DeepSeek V3/R1 on H800 over 24 h of 2025-02-27/28 (open-infra-index day 6):
        # 608B input tokens (56.3% cache hits), 168B output, ~73.7k input / 14.8k output tok/s per node
        # (8 GPUs) in prefill / decode, R1 list prices in USD.
        Control("m_gpu", "select", default="H800", options_from="accelerators", field="gpu", when=m),
        Control("m_input_tokens_per_day", "number", default=608e9, min=1, step=1e9, unit="tok/day",
                field="input_tokens_per_day", when=m),
        Control("m_output_tokens_per_day", "number", default=168e9, min=0, step=1e9, unit="tok/day",
                field="output_tokens_per_day", when=m),
        Control("m_cache_hit", "slider", default=0.563, min=0, max=1, step=0.001, unit="fraction",
                field="cache_hit", when=m),
        Control("m_price_input", "number", default=0.55, min=0, step=0.01, unit="{cur}/Mtok", field="price_input",
                when=m),
        Control("m_price_input_cache_hit", "number", default=0.14, min=0, step=0.01, unit="{cur}/Mtok",
                field="price_input_cache_hit", when=m),
        Control("m_price_output", "number", default=2.19, min=0, step=0.01, unit="{cur}/Mtok",
                field="price_output", when=m),
        Control("m_prefill_tokens_per_s_per_gpu", "number", default=9212, min=1, step=1, unit="tok/s",
                field="prefill_tokens_per_s_per_gpu", when=m),
        Control("m_decode_tokens_per_s_per_gpu", "number", default=1850, min=1, step=1, unit="tok/s",
                field="decode_tokens_per_s_per_gpu", when=m),
        Control("m_fleet", "select", default="elastic", options=("fixed", "elastic"), field="fleet", when=m),
        Control("m_price_change_per_year", "slider", default=0.0, min=-0.9, max=0.5, step=0.05,
                unit="fraction/year", field="price_change_per_year", when=m),
        Control("m_free_share", "slider", default=0.0, min=0, max=0.9, step=0.05, unit="fraction",
                field="free_share", when=m, group="advanced"),
        Control("m_ownership", "select", default="rent", options=("rent", "own"), field="ownership", when=m,
                group="advanced"),
        Control("m_gpu_hour_usd", "number", default=None, min=0.01, step=0.01, unit="USD/GPU-h", optional=True,
                field="gpu_hour_usd", when=m, group="advanced"),
        Control("m_months", "number", default=36, min=1, max=MAX_MONTHS, step=1, unit="months", field="months",
                when=m, group="advanced"),
        # GPU cloud — one tranche of 10,000 accelerators on 70% contracts; market price falls 20%/year
        # (RBC 2025 YTD: H100 −22%, H200 −29%).
        Control("g_gpu", "select", default="H100-SXM", options_from="accelerators", field="tranches.0.gpu", when=g),
        Control("g_count", "number", default=10000, min=1, step=1, unit="GPU", field="tranches.0.count", when=g),
        Control("g_contract_share", "slider", default=0.7, min=0, max=1, step=0.05, unit="fraction",
                field="tranches.0.contract_share", when=g),
        Control("g_contract_price", "number", default=None, min=0.01, step=0.01, unit="USD/GPU-h", optional=True,
                field="tranches.0.contract_price", when=g),
        Control("g_price_change_per_year", "slider", default=-0.2, min=-0.6, max=0.2, step=0.05,
                unit="fraction/year", field="price_change_per_year", when=g),
        Control("g_on_demand_utilization", "slider", default=0.6, min=0, max=1, step=0.05, unit="fraction",
                field="on_demand_utilization", when=g),
        Control("g_economic_life_years", "number", default=5, min=0.5, max=20, step=0.5, unit="years",
                field="economic_life_years", when=g),
        Control("g_accounting_life_years", "number", default=6, min=0.5, max=20, step=0.5, unit="years",
                field="accounting_life_years", when=g, group="advanced"),
        Control("g_debt_share", "slider", default=0.6, min=0, max=1, step=0.05, unit="fraction",
                field="debt_share", when=g, group="advanced"),
        Control("g_debt_rate", "number", default=0.10, min=0, max=1, step=0.005, unit="fraction/year",
                field="debt_rate", when=g, group="advanced"),
        Control("g_months", "number", default=72, min=1, max=MAX_MONTHS, step=1, unit="months", field="months",
                when=g, group="advanced"),
        # Appliance buyer — an 8 × H20 appliance against the DeepSeek API at the buyer's volume.
        Control("a_input_tokens_per_month", "number", default=2e9, min=0, step=1e8, unit="tok/month",
                field="input_tokens_per_month", when=a),
        Control("a_output_tokens_per_month", "number", default=5e8, min=0, step=1e8, unit="tok/month",
                field="output_tokens_per_month", when=a),
        Control("a_gpu", "select", default="H20", options_from="accelerators", field="gpu", when=a),
        Control("a_gpus", "number", default=8, min=1, max=64, step=1, unit="GPU", field="gpus", when=a),
        Control("a_system_tokens_per_s", "number", default=2000, min=1, step=10, unit="tok/s",
                field="system_tokens_per_s", when=a, optional=True),
        Control("a_model", "select", default="", options_from="models", optional=True, field="model", when=a),
        Control("a_appliance_price", "number", default=None, min=1, step=1000, unit="{cur}", optional=True,
                field="appliance_price", when=a),
        Control("a_max_load", "slider", default=0.7, min=0.05, max=1, step=0.05, unit="fraction",
                field="max_load", when=a, group="advanced"),
        Control("a_life_years", "number", default=5, min=0.5, max=15, step=0.5, unit="years", field="life_years",
                when=a, group="advanced"),
        Control("a_api_provider", "text", default="DeepSeek", field="api_provider", when=a, group="advanced"),
        Control("a_api_model", "text", default="deepseek-chat", field="api_model", when=a, group="advanced"),
        # Appliance vendor — ten H20 8-card appliances (BOM ~1.2M RMB each, Huxiu mid-2024) sold at cost + 15%,
        # paid 30% at signing, 40% on delivery, 25% on acceptance and 5% after a 12-month warranty.
        Control("v_units", "number", default=10, min=1, max=100_000, step=1, unit="units", field="units", when=v),
        Control("v_bom_per_unit", "number", default=None, min=0, max=1e10, step=10_000, unit="{cur}",
                optional=True, field="bom_per_unit", when=v),
        Control("v_markup", "slider", default=0.15, min=0, max=1, step=0.01, unit="fraction", field="markup",
                when=v),
        Control("v_price_per_unit", "number", default=None, min=1, max=1e11, step=10_000, unit="{cur}",
                optional=True, field="price_per_unit", when=v),
        Control("v_advance", "slider", default=0.3, min=0, max=1, step=0.05, unit="fraction", field="advance",
                when=v),
        Control("v_on_delivery", "slider", default=0.4, min=0, max=1, step=0.05, unit="fraction",
                field="on_delivery", when=v),
        Control("v_on_acceptance", "slider", default=0.25, min=0, max=1, step=0.05, unit="fraction",
                field="on_acceptance", when=v),
        Control("v_retention", "slider", default=0.05, min=0, max=1, step=0.05, unit="fraction", field="retention",
                when=v),
        Control("v_acceptance_month", "number", default=4, min=0, max=60, step=1, unit="months",
                field="acceptance_month", when=v),
        Control("v_delivery_month", "number", default=2, min=0, max=60, step=1, unit="months",
                field="delivery_month", when=v, group="advanced"),
        Control("v_warranty_months", "number", default=12, min=0, max=120, step=1, unit="months",
                field="warranty_months", when=v, group="advanced"),
        Control("v_supplier_credit_months", "number", default=1, min=0, max=24, step=1, unit="months",
                field="supplier_credit_months", when=v, group="advanced"),
        Control("v_integration_per_unit", "number", default=None, min=0, max=1e10, step=1000, unit="{cur}",
                optional=True, field="integration_per_unit", when=v, group="advanced"),
        Control("v_delivery_per_unit", "number", default=None, min=0, max=1e10, step=1000, unit="{cur}",
                optional=True, field="delivery_per_unit", when=v, group="advanced"),
        Control("v_overhead_share", "slider", default=0.05, min=0, max=0.5, step=0.01, unit="fraction",
                field="overhead_share", when=v, group="advanced"),
        # Computing centre — 4,096 Ascend-910B in China built in a year and run for five: 8% EPC margin, a 4%
        # operations fee, 30% of the cards sold half the time (USD throughout).
        Control("c_gpu", "select", default="Ascend-910B", options_from="accelerators", field="gpu", when=c),
        Control("c_gpus", "number", default=4096, min=1, max=1_000_000, step=1, unit="GPU", field="gpus", when=c),
        Control("c_region", "select", default="CN", options_from="regions", field="region", when=c),
        Control("c_epc_margin", "slider", default=0.08, min=0, max=0.3, step=0.01, unit="fraction",
                field="epc_margin", when=c),
        Control("c_om_fee_share", "slider", default=0.04, min=0, max=0.2, step=0.005, unit="fraction/year",
                field="om_fee_share", when=c),
        Control("c_spare_share", "slider", default=0.3, min=0, max=1, step=0.05, unit="fraction",
                field="spare_share", when=c),
        Control("c_spare_utilization", "slider", default=0.5, min=0, max=1, step=0.05, unit="fraction",
                field="spare_utilization", when=c),
        Control("c_rental_price", "number", default=None, min=0.01, max=1e4, step=0.01, unit="USD/GPU-h",
                optional=True, field="rental_price", when=c),
        Control("c_price_change_per_year", "slider", default=-0.15, min=-0.6, max=0.2, step=0.05,
                unit="fraction/year", field="price_change_per_year", when=c, group="advanced"),
        Control("c_owner_revenue_share", "slider", default=0.3, min=0, max=1, step=0.05, unit="fraction",
                field="owner_revenue_share", when=c, group="advanced"),
        Control("c_om_cost_share", "slider", default=0.75, min=0, max=1, step=0.05, unit="fraction",
                field="om_cost_share", when=c, group="advanced"),
        Control("c_build_years", "number", default=1, min=1, max=5, step=1, unit="years", field="build_years",
                when=c, group="advanced"),
        Control("c_operate_years", "number", default=5, min=1, max=20, step=1, unit="years",
                field="operate_years", when=c, group="advanced"),
        Control("c_capex_usd_per_gpu", "number", default=None, min=1, max=1e7, step=1000, unit="USD",
                optional=True, field="capex_usd_per_gpu", when=c, group="advanced"),
        # Model lab — OpenAI's plan (company_figures) with its announced compute deals (compute_commitments)
        # as a floor on compute spending; the shortfall lowers revenue below plan every year.
        Control("l_revenue_shortfall", "slider", default=0.0, min=0, max=0.9, step=0.05, unit="fraction",
                field="revenue_shortfall", when=lab),
        Control("l_include_commitments", "toggle", default=True, field="include_commitments", when=lab),
        Control("l_end_year", "number", default=2030, min=2026, max=2040, step=1, unit="year", field="end_year",
                when=lab),
        Control("l_cash_0", "number", default=17.5e9, min=0, step=1e9, unit="USD", field="cash_0", when=lab,
                group="advanced"),
    )


DOMAIN = Domain(name="business", router=router, pages=(
    Page("business", controls=_controls(), order=40,
         sources=("gpu_rental_prices", "token_prices", "appliance_prices", "accelerators", "cost_assumptions",
                  "electricity_prices", "company_figures", "compute_commitments")),))
