"""MaaS / token API: prices × tokens against a fleet sized from throughput and a daily load curve.

Gross margin of a model-as-a-service seller is set by throughput per GPU and the load rate of
its fleet (claims.md). The model makes both explicit:

* demand: input/output tokens per day with a cache-hit share and a 24-hour load curve;
* fleet: GPUs needed each hour = tokens/s × GPU-seconds per token (from :mod:`infranomics.perf`
  or given), sized to the peak hour plus redundancy (``fleet="fixed"``), following the hourly
  need (``"elastic"``, as DeepSeek releases nodes at night), or given as ``nodes``;
* load rate = average busy GPUs ÷ fleet;
* cost: rented GPU-hours (``gpu_hour_usd``) or owned hardware through :mod:`infranomics.cost`
  (capex, depreciation, facility, power, opex);
* revenue: input (cache miss / hit), output, off-peak discounts, unbilled free-tier share;
* a monthly P&L over a horizon with demand growth, price changes (a price war) and software
  throughput gains, and the throughput or load rate needed for a target net margin.
"""

from __future__ import annotations

import numpy as np

from ..catalog import Catalog, default_catalog
from ..checks import check_fraction, check_in, check_nonnegative, check_positive, check_range
from ..cost import chain as cost_chain
from ..cost.finance import straight_line
from ..errors import InputError
from ..hardware import get_accelerator, median_rental_usd
from ..notes import Note
from ..units import convert
from .common import DIURNAL_DEEPSEEK, ServingRates, month_labels, normalize_curve, rates_from_perf
from .metrics import cost_profit_margin, margin
from .pnl import build_pnl, debt_schedule, summarize
from .result import BusinessResult

__all__ = ["daily_revenue_usd", "maas"]

DAYS_PER_MONTH = 365.0 / 12.0


def daily_revenue_usd(input_tokens, output_tokens, cache_hit, price_input, price_output, price_input_cache_hit=None,
                      offpeak_share=0.0, offpeak_discount=0.0, free_share=0.0):
    """Token revenue for a volume of tokens at per-million prices. [USD]

    Parameters
    ----------
    input_tokens, output_tokens : numeric
        Tokens in the period. [tok]
    cache_hit : numeric
        Share of input tokens billed at the cache-hit price. [fraction]
    price_input, price_output, price_input_cache_hit : numeric
        Prices per million tokens (cache-hit defaults to the input price). [USD/Mtok]
    offpeak_share, offpeak_discount : numeric
        Share of tokens served in a discounted off-peak window, and the discount. [fraction]
    free_share : numeric
        Share of tokens not billed (free tier, web/app use). [fraction]
    """
    hit_price = price_input if price_input_cache_hit is None else price_input_cache_hit
    inp = np.asarray(input_tokens, dtype=float)
    billed = (inp * (1 - cache_hit) * price_input + inp * cache_hit * hit_price
              + np.asarray(output_tokens, dtype=float) * price_output) / 1e6
    return billed * (1 - free_share) * (1 - offpeak_share * offpeak_discount)


def maas(
    *,
    gpu: str,
    input_tokens_per_day: float,
    output_tokens_per_day: float,
    price_input: float,
    price_output: float,
    price_input_cache_hit: float | None = None,
    cache_hit: float = 0.0,
    model: str | None = None,
    output_tokens_per_s_per_gpu: float | None = None,
    input_tokens_per_s_per_gpu: float | None = None,
    prefill_time_share: float | None = None,
    prefill_tokens_per_s_per_gpu: float | None = None,
    decode_tokens_per_s_per_gpu: float | None = None,
    request_output_tokens: int = 1000,
    perf_options: dict | None = None,
    nodes: float | None = None,
    gpus_per_node: int = 8,
    fleet: str = "fixed",
    redundancy: float = 0.10,
    load_curve=None,
    ownership: str = "rent",
    gpu_hour_usd: float | None = None,
    debt_share: float = 0.0,
    debt_rate: float = 0.08,
    debt_years: float = 4.0,
    offpeak_share: float = 0.0,
    offpeak_discount: float = 0.0,
    free_share: float = 0.0,
    opex_usd_per_month: float = 0.0,
    opex_share_of_revenue: float = 0.0,
    tax_rate: float = 0.25,
    months: int = 36,
    start: str = "2025-03",
    demand_growth_per_year: float = 0.0,
    price_change_per_year: float = 0.0,
    throughput_gain_per_year: float = 0.0,
    target_net_margin: float = 0.10,
    discount_rate: float = 0.10,
    currency: str = "USD",
    currency_year: int | None = None,
    catalog: Catalog | None = None,
) -> BusinessResult:
    """P&L of a token API seller. Prices are per million tokens in ``currency``; money out in USD.

    Parameters (units in brackets)
    ------------------------------
    gpu : accelerator name. input_tokens_per_day, output_tokens_per_day : [tok/day] on day one.
    price_input, price_output, price_input_cache_hit : [currency/Mtok]. cache_hit : [fraction].
    model : LLM served; throughput from :mod:`infranomics.perf` unless rates are given.
    output_tokens_per_s_per_gpu, input_tokens_per_s_per_gpu, prefill_time_share : aggregated serving
        rates while busy [tok/s/GPU] and prefill share of GPU time [fraction].
    prefill_tokens_per_s_per_gpu, decode_tokens_per_s_per_gpu : disaggregated pools [tok/s/GPU].
    nodes, gpus_per_node : a fleet of fixed size instead of sizing it [nodes], [GPU/node].
    fleet : "fixed" (sized for the peak hour) or "elastic" (follows the hourly need).
    redundancy : headroom above need for a stable API [fraction].
    load_curve : 24 hourly demand factors (default: DeepSeek's peak/average 1.226).
    ownership : "rent" (pay ``gpu_hour_usd`` [USD/GPU-h], default the catalog median) or "own"
        (capex, depreciation, facility, power, opex from :mod:`infranomics.cost`; ``debt_share`` of
        capex borrowed at ``debt_rate`` over ``debt_years``).
    offpeak_share, offpeak_discount, free_share : [fraction]. opex_usd_per_month [USD/month],
    opex_share_of_revenue [fraction], tax_rate [fraction]. months, start (YYYY-MM).
    demand_growth_per_year, price_change_per_year, throughput_gain_per_year : [fraction/year].
    target_net_margin : net margin to solve the needed throughput / load rate for [fraction].
    """
    cat = catalog or default_catalog()
    cur = check_in(currency, "currency", ("USD", "CNY", "EUR"))
    year = int(currency_year) if currency_year is not None else cost_chain.default_currency_year(cat)
    acc = get_accelerator(gpu, cat)
    check_positive(input_tokens_per_day, "input_tokens_per_day", unit="tok/day")
    check_nonnegative(output_tokens_per_day, "output_tokens_per_day", unit="tok/day")
    check_fraction(cache_hit, "cache_hit")
    for n, v in (("price_input", price_input), ("price_output", price_output),
                 ("price_input_cache_hit", price_input_cache_hit)):
        if v is not None:
            check_nonnegative(v, n, unit=f"{cur}/Mtok")
    if price_input_cache_hit is not None and price_input_cache_hit > price_input:
        raise InputError(f"price_input_cache_hit ({price_input_cache_hit:g}) is above price_input ({price_input:g}); "
                         f"a cache hit is never dearer than a miss", field="price_input_cache_hit")
    for n, v in (("offpeak_share", offpeak_share), ("offpeak_discount", offpeak_discount),
                 ("free_share", free_share), ("redundancy", redundancy), ("opex_share_of_revenue",
                                                                            opex_share_of_revenue),
                 ("tax_rate", tax_rate), ("debt_share", debt_share)):
        check_fraction(v, n)
    check_range(target_net_margin, "target_net_margin", -1, 1, hi_open=True)
    # yearly drifts compound as (1 + g)^years: below -1 that is not a number (the API's bounds)
    check_range(demand_growth_per_year, "demand_growth_per_year", -1, 100, unit="fraction/year")
    check_range(price_change_per_year, "price_change_per_year", -1, 10, unit="fraction/year")
    check_range(throughput_gain_per_year, "throughput_gain_per_year", -0.9, 100, unit="fraction/year")
    if not 1 <= int(months) <= 240:
        raise InputError(f"months must be in [1, 240], got {months}", field="months")
    fleet = check_in(fleet, "fleet", ("fixed", "elastic"))
    ownership = check_in(ownership, "ownership", ("rent", "own"))
    curve = normalize_curve(DIURNAL_DEEPSEEK if load_curve is None else load_curve)
    to_usd = lambda x: None if x is None else float(convert(x, cur, "USD", year, cat))  # noqa: E731
    p_in, p_out, p_hit = to_usd(price_input), to_usd(price_output), to_usd(price_input_cache_hit)

    # serving rates
    rates: ServingRates | None = None
    if prefill_tokens_per_s_per_gpu is not None or decode_tokens_per_s_per_gpu is not None:
        if prefill_tokens_per_s_per_gpu is None or decode_tokens_per_s_per_gpu is None:
            raise InputError("give both --prefill-tokens-per-s-per-gpu and --decode-tokens-per-s-per-gpu",
                             field="prefill_tokens_per_s_per_gpu")
        rates = ServingRates.disaggregated(prefill_tokens_per_s_per_gpu, decode_tokens_per_s_per_gpu)
    elif output_tokens_per_s_per_gpu is not None:
        rates = ServingRates.aggregated(output_tokens_per_s_per_gpu, input_tokens_per_s_per_gpu or 0.0,
                                        prefill_time_share)
    elif model is not None:
        ratio = input_tokens_per_day / max(output_tokens_per_day, 1.0)
        rates = rates_from_perf(model, acc.name, input_tokens=max(1, round(request_output_tokens * ratio)),
                                output_tokens=int(request_output_tokens), cache_hit=cache_hit,
                                perf_options=perf_options, catalog=cat)
    if rates is None and nodes is None:
        raise InputError("size the fleet: give --nodes, or a throughput (--model, --output-tokens-per-s-per-gpu, "
                         "or --prefill/--decode-tokens-per-s-per-gpu)", field="nodes")

    # GPU-hour cost
    notes: list[str] = []
    gpu_cost = None
    if ownership == "rent":
        if gpu_hour_usd is None:
            quote = median_rental_usd(acc.name, cat)
            gpu_hour_usd = quote.usd_per_gpu_hour
            notes.append(Note("gpu_hour_price", quotes=quote.quotes, gpu=quote.accelerator, year=quote.year))
        check_positive(gpu_hour_usd, "gpu_hour_usd", unit="USD/GPU-h")
    elif gpu_hour_usd is not None:
        raise InputError("--gpu-hour-usd is a rental price; with --ownership own the cost comes from the cost "
                         "model", field="gpu_hour_usd")

    t = np.arange(int(months))
    yrs = t / 12.0
    demand_k = (1 + demand_growth_per_year) ** yrs
    price_k = (1 + price_change_per_year) ** yrs
    thr_k = (1 + throughput_gain_per_year) ** yrs
    in_day = input_tokens_per_day * demand_k
    out_day = output_tokens_per_day * demand_k
    # hourly need (months × 24)
    if rates is not None:
        avg_need = rates.gpus_for(in_day / 86400.0, out_day / 86400.0) / thr_k
        hourly = avg_need[:, None] * curve[None, :]
        if fleet == "fixed":
            fleet_gpus = hourly.max(axis=1) * (1 + redundancy)
            fleet_gpus = np.maximum.accumulate(fleet_gpus)  # an owned/contracted fleet does not shrink
        else:
            fleet_gpus = avg_need * (1 + redundancy)
    else:
        avg_need = None
    if nodes is not None:
        check_range(nodes, "nodes", 0.125, 1e6)
        check_range(gpus_per_node, "gpus_per_node", 1, 1024)
        fleet_gpus = np.full(int(months), float(nodes) * gpus_per_node)
        if avg_need is not None and (avg_need > fleet_gpus * (1 + 1e-9)).any():
            k = int(np.argmax(avg_need > fleet_gpus))
            raise InputError(f"the fleet of {nodes:g} nodes × {gpus_per_node} GPUs ({fleet_gpus[k]:,.0f} GPUs) cannot "
                             f"serve the demand in month {k + 1}: it needs {avg_need[k]:,.0f} busy GPUs on average; "
                             f"raise --nodes or lower the token volume", field="output_tokens_per_day")
    if avg_need is not None and not (fleet_gpus > 0).all():
        raise InputError("the token volume needs no GPUs (no output tokens and no prefill time): give output tokens "
                         "per day or a prefill rate", field="output_tokens_per_day")
    load_rate = None if avg_need is None else avg_need / fleet_gpus

    days = DAYS_PER_MONTH
    revenue = daily_revenue_usd(in_day, out_day, cache_hit, p_in * price_k, p_out * price_k,
                                None if p_hit is None else p_hit * price_k, offpeak_share, offpeak_discount,
                                free_share) * days
    gpu_hours = fleet_gpus * 24 * days
    cor: dict[str, np.ndarray] = {}
    dep = np.zeros(int(months))
    capex = np.zeros(int(months))
    interest = repaid = drawn = np.zeros(int(months))
    if ownership == "rent":
        cor["gpu_rent"] = gpu_hours * gpu_hour_usd
        gpu_cost_hour = gpu_hour_usd
    else:
        util = float(np.clip(np.mean(load_rate) if load_rate is not None else 0.8, 0.05, 1.0))
        gpu_cost = cost_chain.estimate(acc, utilization=util, currency_year=year, catalog=cat)
        inst = gpu_cost.gpu_hour.installed_hour()
        cor["facility"] = gpu_hours * inst["facility"]
        cor["power"] = gpu_hours * inst["power"]
        cor["hardware_opex"] = gpu_hours * inst["opex"]
        per_gpu_capex = gpu_cost.gpu_hour.capex.total * (1 + gpu_cost.gpu_hour.opex.spares_frac)
        added = np.diff(np.concatenate([[0.0], fleet_gpus]))
        capex = np.maximum(added, 0) * per_gpu_capex
        life = gpu_cost.gpu_hour.life
        for m in np.flatnonzero(capex > 0):
            dep[m:] += straight_line(capex[m], life.accounting_years, int(months) - m,
                                     residual=life.residual_frac, periods_per_year=12)
        drawn = capex * debt_share
        sched = debt_schedule(drawn, debt_rate / 12, max(1, round(debt_years * 12)))
        interest, repaid = sched["interest"], sched["repaid"]
        gpu_cost_hour = gpu_cost.gpu_hour.usd_per_installed_hour
    opex = {"fixed": np.full(int(months), float(opex_usd_per_month)),
            "variable": revenue * opex_share_of_revenue}
    df = build_pnl(month_labels(start, int(months)), revenue=revenue, cost_of_revenue=cor, opex=opex,
                   depreciation=dep, depreciation_in_cor_share=1.0, capex=capex, debt_drawn=drawn, interest=interest,
                   debt_repaid=repaid, tax_rate=tax_rate, equity_raised=np.where(t == 0, capex.sum() - drawn.sum(), 0.0)
                   if ownership == "own" else 0.0)
    df.insert(1, "fleet_gpus", fleet_gpus)
    df.insert(2, "busy_gpus_avg", np.nan if avg_need is None else avg_need)
    df.insert(3, "load_rate", np.nan if load_rate is None else load_rate)
    df.insert(4, "input_tokens", in_day * days)
    df.insert(5, "output_tokens", out_day * days)
    summary = summarize(df, periods_per_year=12, discount_rate=discount_rate)

    # the first day, in the terms DeepSeek used (GPU cost vs theoretical revenue)
    rev_day = float(revenue[0] / days)
    cost_day = float(fleet_gpus[0] * 24 * gpu_cost_hour)
    day = {
        "revenue_usd_per_day": rev_day,
        "cost_usd_per_day": cost_day,
        "cost_profit_margin": float(cost_profit_margin(rev_day, cost_day)),
        "gpu_gross_margin": float(margin(rev_day - cost_day, rev_day)),
        "fleet_gpus": float(fleet_gpus[0]),
        "fleet_nodes": float(fleet_gpus[0] / gpus_per_node),
        "busy_gpus_avg": None if avg_need is None else float(avg_need[0]),
        "load_rate": None if load_rate is None else float(load_rate[0]),
        "gpu_cost_usd_per_gpu_hour": float(gpu_cost_hour),
        "revenue_usd_per_mtok_blended": rev_day / ((input_tokens_per_day + output_tokens_per_day) / 1e6),
        "cost_usd_per_mtok_blended": cost_day / ((input_tokens_per_day + output_tokens_per_day) / 1e6),
    }
    summary = day | summary
    if rates is not None:
        summary["output_tokens_per_s_per_gpu_busy"] = 1.0 / rates.gpu_s_per_output_token if \
            rates.gpu_s_per_output_token > 0 else None
        summary.update(_target(rev_day, cost_day, opex_usd_per_month / days, opex_share_of_revenue, tax_rate,
                               target_net_margin, summary["load_rate"], rates, in_day[0], out_day[0]))
    summary["price_war"] = _price_war(rev_day, cost_day, opex_usd_per_month / days, opex_share_of_revenue, tax_rate)
    if cur != "USD":
        for k in ("revenue_usd_per_day", "cost_usd_per_day", "gpu_cost_usd_per_gpu_hour"):
            summary[k.replace("usd", cur.lower())] = float(convert(summary[k], "USD", cur, year, cat))
    inputs = {k: v for k, v in locals().items() if k in (
        "gpu", "model", "input_tokens_per_day", "output_tokens_per_day", "cache_hit", "price_input", "price_output",
        "price_input_cache_hit", "currency", "nodes", "gpus_per_node", "fleet", "redundancy", "ownership",
        "gpu_hour_usd", "offpeak_share", "offpeak_discount", "free_share", "opex_usd_per_month",
        "opex_share_of_revenue", "tax_rate", "months", "start", "demand_growth_per_year", "price_change_per_year",
        "throughput_gain_per_year", "target_net_margin")}
    inputs["serving_rates"] = None if rates is None else {"gpu_s_per_input_token": rates.gpu_s_per_input_token,
                                                          "gpu_s_per_output_token": rates.gpu_s_per_output_token,
                                                          "source": rates.source}
    if rates is not None and rates.perf:
        inputs["perf"] = rates.perf
    return BusinessResult("maas", df, summary, inputs, cur, year, notes)


def _net_margin(rev, gpu_cost, opex_fixed, opex_share, tax):
    pre = rev * (1 - opex_share) - gpu_cost - opex_fixed
    return (pre - max(pre, 0) * tax) / rev if rev > 0 else float("nan")


def _target(rev, gpu_cost, opex_fixed_day, opex_share, tax, target, load_rate, rates, in_day, out_day) -> dict:
    """Throughput multiple and load rate that would give ``target`` net margin on day one.

    GPU cost scales as 1 / (throughput × load rate), so both answers come from the GPU cost that
    leaves the target margin: ``C* = R(1 − s) − F − R·m/(1 − t)`` (for m ≥ 0).
    """
    pre_needed = rev * target / (1 - tax) if target >= 0 else rev * target
    c_star = rev * (1 - opex_share) - opex_fixed_day - pre_needed
    out = {"target_net_margin": target, "net_margin_day": _net_margin(rev, gpu_cost, opex_fixed_day, opex_share, tax)}
    if c_star <= 0 or gpu_cost <= 0:
        out.update({"required_throughput_multiple": None, "required_load_rate": None,
                    "required_output_tokens_per_s_per_gpu": None,
                    "target_reachable": False})
        return out
    k = gpu_cost / c_star
    out["required_throughput_multiple"] = k
    busy = rates.gpus_for(in_day / 86400, out_day / 86400)
    out["required_output_tokens_per_s_per_gpu"] = float(out_day / 86400 / busy * k) if out_day > 0 else None
    lr = None if load_rate is None else load_rate * k
    out["required_load_rate"] = lr if lr is not None and lr <= 1 else None
    out["target_reachable"] = bool(k <= 1 or (lr is not None and lr <= 1))
    return out


def _price_war(rev, gpu_cost, opex_fixed_day, opex_share, tax) -> list[dict]:
    """Day-one margins if every price fell to a fraction of today's (volume and fleet unchanged)."""
    rows = []
    for k in (1.0, 0.75, 0.5, 0.25, 0.1):
        r = rev * k
        rows.append({"price_multiple": k, "gpu_gross_margin": float(margin(r - gpu_cost, r)),
                     "net_margin": _net_margin(r, gpu_cost, opex_fixed_day, opex_share, tax)})
    return rows

