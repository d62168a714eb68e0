"""``infranomics business``: P&L of a MaaS seller, a GPU cloud, an appliance vendor/buyer, a computing centre, a lab."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from .. import business as biz
from ..errors import InputError
from .main import state
from .render import console, print_json, print_kv, print_table

app = typer.Typer(help="Business models: per-period P&L and cash flow with summary metrics.", no_args_is_help=True)

JSON_HELP = "JSON: {business, currency, currency_year, periods: [rows], summary: {...}, inputs, notes}."
CSV_HELP = "Write the per-period table to this CSV (and the summary beside it as .summary.json)."

KEY_METRICS = ["revenue_usd_per_day", "cost_usd_per_day", "cost_profit_margin", "gpu_gross_margin", "fleet_gpus",
               "load_rate", "gross_margin", "gross_margin_incl_all_depreciation", "ebitda_margin",
               "adjusted_ebitda_margin", "operating_margin", "net_margin", "interest_share_of_revenue", "npv", "irr",
               "payback_years", "min_dscr", "lowest_cash", "peak_funding_need", "required_output_tokens_per_s_per_gpu",
               "required_load_rate", "project_gross_margin", "peak_cash_tied_up", "cash_cycle_days",
               "appliance_monthly_cost", "api_monthly_cost", "rent_monthly_cost", "appliance_cost_per_mtok",
               "api_cost_per_mtok", "appliance_fits_volume", "cheapest",
               "breakeven_tokens_per_month", "appliance_load", "cumulative_burn", "plan_cumulative_burn",
               "funding_need", "funding_need_vs_plan"]
TABLE_COLS = ["period", "revenue", "cost_of_revenue", "gross_profit", "ebitda", "depreciation", "ebit", "interest",
              "net_income", "free_cash_flow", "debt_balance", "cash_balance"]


def _emit(result: biz.BusinessResult, as_json: bool, csv_path: Path | None) -> None:
    if csv_path is not None:
        out = result.to_csv(csv_path)
        if not as_json:
            console.print(f"wrote {out} and {out.with_suffix('.summary.json')}")
    if as_json:
        print_json(result.to_dict())
        return
    s = result.summary
    pairs = [(k.replace("_", " "), _fmt(k, s[k])) for k in KEY_METRICS if k in s and s[k] is not None]
    money = f"{result.currency_year} {result.currency}" if result.currency_year else result.currency
    print_kv(pairs, title=f"{result.business} — summary (money in {money})")
    cols = [c for c in result.periods.columns if c in TABLE_COLS]
    if len(cols) < 3:
        cols = list(result.periods.columns)
    df = result.periods[cols]
    if len(df) > 24:
        df = df.iloc[:: max(1, len(df) // 12)]
    print_table(df, title="Per period (selected columns; --json or --csv for all)")
    for extra in ("price_war", "tranches", "volume_sweep"):
        if s.get(extra):
            print_table(pd.DataFrame(s[extra]), title=extra.replace("_", " "))
    if s.get("exposure_by_seller"):
        print_table(pd.DataFrame({"seller": list(s["exposure_by_seller"]),
                                  "committed_spend_at_risk_usd": list(s["exposure_by_seller"].values())}),
                    title="Counterparty exposure if only the plan's burn is funded")
    for n in result.notes:
        console.print(f"note: {n}")


def _fmt(key: str, v) -> str:
    if isinstance(v, str):
        return v
    if any(w in key for w in ("margin", "rate", "irr", "share", "load")) and abs(v) < 20:
        return f"{v:.1%}"
    if abs(v) >= 1e9:
        return f"{v / 1e9:,.2f} B"
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.2f} M"
    return f"{v:,.4g}"


@app.command()
def maas(
    ctx: typer.Context,
    gpu: str = typer.Option(..., "--gpu", help="Accelerator."),
    input_tokens_per_day: float = typer.Option(..., "--input-tokens-per-day", help="Input tokens per day [tok]."),
    output_tokens_per_day: float = typer.Option(..., "--output-tokens-per-day", help="Output tokens per day [tok]."),
    price_input: float = typer.Option(..., "--price-input", help="Input price, cache miss [currency/Mtok]."),
    price_output: float = typer.Option(..., "--price-output", help="Output price [currency/Mtok]."),
    price_input_cache_hit: float | None = typer.Option(None, "--price-input-cache-hit", help="Cache-hit input price."),
    cache_hit: float = typer.Option(0.0, "--cache-hit", help="Share of input tokens that hit the cache (fraction)."),
    model: str | None = typer.Option(None, "--model", help="LLM served (throughput from the perf model)."),
    output_tokens_per_s_per_gpu: float | None = typer.Option(None, "--output-tokens-per-s-per-gpu",
                                                             help="Aggregated serving rate while busy."),
    input_tokens_per_s_per_gpu: float | None = typer.Option(None, "--input-tokens-per-s-per-gpu"),
    prefill_tokens_per_s_per_gpu: float | None = typer.Option(None, "--prefill-tokens-per-s-per-gpu",
                                                              help="Disaggregated prefill rate (all input tokens)."),
    decode_tokens_per_s_per_gpu: float | None = typer.Option(None, "--decode-tokens-per-s-per-gpu",
                                                             help="Disaggregated decode rate."),
    nodes: float | None = typer.Option(None, "--nodes", help="Fleet size in nodes (instead of sizing it)."),
    gpus_per_node: int = typer.Option(8, "--gpus-per-node"),
    fleet: str = typer.Option("fixed", "--fleet", help="fixed (sized for the peak hour) | elastic"),
    redundancy: float = typer.Option(0.10, "--redundancy", help="Headroom above need (fraction)."),
    ownership: str = typer.Option("rent", "--ownership", help="rent | own"),
    gpu_hour_usd: float | None = typer.Option(None, "--gpu-hour-usd", help="Rental price per GPU-hour [USD]."),
    offpeak_share: float = typer.Option(0.0, "--offpeak-share", help="Share of tokens served off-peak."),
    offpeak_discount: float = typer.Option(0.0, "--offpeak-discount", help="Off-peak discount (fraction)."),
    free_share: float = typer.Option(0.0, "--free-share", help="Share of tokens not billed."),
    opex_usd_per_month: float = typer.Option(0.0, "--opex-usd-per-month", help="Staff, R&D, G&A [USD/month]."),
    opex_share_of_revenue: float = typer.Option(0.0, "--opex-share-of-revenue", help="Variable opex (fraction)."),
    tax_rate: float = typer.Option(0.25, "--tax-rate"),
    months: int = typer.Option(36, "--months", help="Horizon [months]."),
    demand_growth_per_year: float = typer.Option(0.0, "--demand-growth-per-year"),
    price_change_per_year: float = typer.Option(0.0, "--price-change-per-year", help="e.g. -0.5 for a price war."),
    throughput_gain_per_year: float = typer.Option(0.0, "--throughput-gain-per-year"),
    target_net_margin: float = typer.Option(0.10, "--target-net-margin"),
    currency: str = typer.Option("USD", "--currency", help="Currency of the prices: USD | CNY."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    csv: Path | None = typer.Option(None, "--csv", help=CSV_HELP),
) -> None:
    """A token API: revenue from prices × tokens against a fleet sized by throughput and load rate."""
    kw = {k: v for k, v in locals().items() if k not in ("ctx", "as_json", "csv")}
    _emit(biz.maas(catalog=state(ctx).catalog, **kw), as_json, csv)


def _parse_tranche(text: str) -> biz.Tranche:
    parts = text.split(":")
    if len(parts) < 2:
        raise InputError(f"--tranche '{text}' must be GPU:COUNT[:DELIVERY_MONTH[:CONTRACT_SHARE[:PRICE[:RAMP_MONTHS"
                         f"[:CONTRACT_MONTHS]]]]]", field="--tranche")
    try:
        vals = [float(p) if p else None for p in parts[1:]]
    except ValueError:
        raise InputError(f"--tranche '{text}': COUNT and the fields after it must be numbers", field="--tranche") \
            from None
    names = ["count", "delivery_month", "contract_share", "contract_price", "ramp_months", "contract_months"]
    kw = {n: v for n, v in zip(names, vals, strict=False) if v is not None}
    for k in ("delivery_month", "ramp_months", "contract_months"):
        if k in kw:
            kw[k] = int(kw[k])
    return biz.Tranche(gpu=parts[0], **kw)


@app.command("gpu-cloud")
def gpu_cloud(
    ctx: typer.Context,
    tranche: list[str] = typer.Option(..., "--tranche", help="GPU:COUNT[:DELIVERY_MONTH[:CONTRACT_SHARE[:PRICE"
                                      "[:RAMP_MONTHS[:CONTRACT_MONTHS]]]]] — repeat for each vintage."),
    months: int = typer.Option(72, "--months"),
    start: str = typer.Option("2025-01", "--start", help="First month YYYY-MM."),
    periods: str = typer.Option("quarter", "--periods", help="month | quarter | year"),
    price_change_per_year: float = typer.Option(-0.20, "--price-change-per-year"),
    on_demand_utilization: float = typer.Option(0.6, "--on-demand-utilization"),
    economic_life_years: float = typer.Option(5.0, "--economic-life-years"),
    accounting_life_years: float = typer.Option(6.0, "--accounting-life-years"),
    depreciation_in_cor_share: float = typer.Option(0.0, "--depreciation-in-cor-share"),
    debt_share: float = typer.Option(0.6, "--debt-share"),
    debt_rate: float = typer.Option(0.10, "--debt-rate"),
    debt_years: float = typer.Option(5.0, "--debt-years"),
    debt_grace_years: float = typer.Option(0.0, "--debt-grace-years"),
    sga_share_of_revenue: float = typer.Option(0.10, "--sga-share-of-revenue"),
    stock_comp_share_of_revenue: float = typer.Option(0.0, "--stock-comp-share-of-revenue"),
    currency: str = typer.Option("USD", "--currency", help="USD | CNY | EUR: money shown (inputs stay in USD)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    csv: Path | None = typer.Option(None, "--csv", help=CSV_HELP),
) -> None:
    """A GPU cloud: fleet by vintage, contract mix, falling rental prices, ramp, depreciation and debt."""
    trs = [_parse_tranche(t) for t in tranche]
    kw = {k: v for k, v in locals().items() if k not in ("ctx", "as_json", "csv", "tranche", "trs", "t")}
    _emit(biz.gpu_cloud(tranches=trs, catalog=state(ctx).catalog, **kw), as_json, csv)


@app.command()
def appliance(
    ctx: typer.Context,
    view: str = typer.Option("buyer", "--view", help="buyer (appliance vs API vs renting) | vendor (project cash)"),
    input_tokens_per_month: float = typer.Option(200e6, "--input-tokens-per-month"),
    output_tokens_per_month: float = typer.Option(50e6, "--output-tokens-per-month"),
    gpu: str = typer.Option("H20", "--gpu"),
    gpus: int = typer.Option(8, "--gpus"),
    model: str | None = typer.Option(None, "--model", help="LLM run on the appliance (perf model)."),
    precision: str | None = typer.Option(None, "--precision", help="Weight precision of the model on the appliance "
                                         "(bf16|fp8|int8|fp4…; default: the perf model's choice for the chip)."),
    system_tokens_per_s: float | None = typer.Option(None, "--system-tokens-per-s",
                                                     help="Appliance output tok/s instead of the perf model."),
    appliance_price: float | None = typer.Option(None, "--appliance-price", help="[currency]"),
    life_years: float = typer.Option(5.0, "--life-years"),
    api_provider: str = typer.Option("DeepSeek", "--api-provider"),
    api_model: str = typer.Option("deepseek-chat", "--api-model"),
    api_price_input: float | None = typer.Option(None, "--api-price-input"),
    api_price_output: float | None = typer.Option(None, "--api-price-output"),
    api_price_cached_input: float | None = typer.Option(None, "--api-price-cached-input"),
    cache_hit: float = typer.Option(0.0, "--cache-hit"),
    units: int = typer.Option(10, "--units", help="Vendor view: appliances in the project."),
    bom_per_unit: float | None = typer.Option(None, "--bom-per-unit", help="Vendor view: BOM per unit [currency] "
                                              "(default: catalog H20 8-card server, 1.2M RMB)."),
    price_per_unit: float | None = typer.Option(None, "--price-per-unit", help="Vendor view: selling price."),
    advance: float = typer.Option(0.3, "--advance"),
    on_delivery: float = typer.Option(0.4, "--on-delivery"),
    on_acceptance: float = typer.Option(0.25, "--on-acceptance"),
    retention: float = typer.Option(0.05, "--retention"),
    currency: str = typer.Option("CNY", "--currency", help="CNY | USD"),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    csv: Path | None = typer.Option(None, "--csv", help=CSV_HELP),
) -> None:
    """An LLM appliance (一体机): the buyer's choice or the vendor's project."""
    if view == "vendor":
        r = biz.appliance_vendor(units=units, bom_per_unit=bom_per_unit, price_per_unit=price_per_unit,
                                 advance=advance, on_delivery=on_delivery, on_acceptance=on_acceptance,
                                 retention=retention, currency=currency, catalog=state(ctx).catalog)
    elif view == "buyer":
        r = biz.appliance_buyer(input_tokens_per_month=input_tokens_per_month,
                                output_tokens_per_month=output_tokens_per_month, gpu=gpu, gpus=gpus, model=model,
                                system_tokens_per_s=system_tokens_per_s, appliance_price=appliance_price,
                                life_years=life_years, api_provider=api_provider, api_model=api_model,
                                api_price_input=api_price_input, api_price_output=api_price_output,
                                api_price_cached_input=api_price_cached_input, cache_hit=cache_hit,
                                perf_options={"precision": precision} if precision else None,
                                currency=currency, catalog=state(ctx).catalog)
    else:
        raise InputError(f"--view must be buyer or vendor, got '{view}'", field="--view")
    _emit(r, as_json, csv)


@app.command("compute-center")
def compute_center(
    ctx: typer.Context,
    gpu: str = typer.Option("Ascend-910B", "--gpu"),
    gpus: int = typer.Option(4096, "--gpus"),
    capex_usd_per_gpu: float | None = typer.Option(None, "--capex-usd-per-gpu"),
    build_years: int = typer.Option(1, "--build-years"),
    operate_years: int = typer.Option(5, "--operate-years"),
    epc_margin: float = typer.Option(0.08, "--epc-margin"),
    om_fee_share: float = typer.Option(0.04, "--om-fee-share"),
    spare_share: float = typer.Option(0.3, "--spare-share"),
    spare_utilization: float = typer.Option(0.5, "--spare-utilization"),
    rental_price: float | None = typer.Option(None, "--rental-price", help="[USD/GPU-h]"),
    owner_revenue_share: float = typer.Option(0.3, "--owner-revenue-share"),
    region: str = typer.Option("CN", "--region", help="Power region, code or name (CN, CN-GZ, Guizhou, US…); a "
                               "Chinese region also takes the China build cost per MW."),
    currency: str = typer.Option("USD", "--currency", help="USD | CNY | EUR: money shown (inputs stay in USD)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    csv: Path | None = typer.Option(None, "--csv", help=CSV_HELP),
) -> None:
    """An intelligent computing centre (智算中心): construction margin, operations fee, spare capacity sales."""
    kw = {k: v for k, v in locals().items() if k not in ("ctx", "as_json", "csv")}
    _emit(biz.compute_center(catalog=state(ctx).catalog, **kw), as_json, csv)


@app.command("model-lab")
def model_lab(
    ctx: typer.Context,
    start_year: int = typer.Option(2025, "--start-year"),
    end_year: int = typer.Option(2030, "--end-year"),
    revenue_shortfall: float = typer.Option(0.0, "--revenue-shortfall", help="Revenue below plan (fraction)."),
    no_commitments: bool = typer.Option(False, "--no-commitments", help="Ignore announced compute commitments."),
    buyer: str = typer.Option("OpenAI", "--buyer", help="Whose commitments floor compute spending."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    csv: Path | None = typer.Option(None, "--csv", help=CSV_HELP),
) -> None:
    """A model lab: revenue vs inference, training and committed compute → burn, funding need, exposures."""
    r = biz.model_lab(start_year=start_year, end_year=end_year, revenue_shortfall=revenue_shortfall,
                      include_commitments=not no_commitments, buyer=buyer, catalog=state(ctx).catalog)
    _emit(r, as_json, csv)
