"""``infranomics cost``: levelized $/GPU-hour and $/million tokens; ``cost compare`` ranks accelerators."""

from __future__ import annotations

import pandas as pd
import typer

from ..cost import chain
from ..errors import InfranomicsError, InputError
from .main import state
from .render import console, print_json, print_kv, print_table

app = typer.Typer(help="Cost of compute: levelized $/GPU-hour and $/million tokens.", invoke_without_command=True)

# Options shared by `cost` and `cost compare` (typer needs them spelled out on each command).
PERF_HELP = "Perf flag, used with --model."


def _cost_kwargs(**kw) -> dict:
    """Map CLI flags to :func:`infranomics.cost.chain.estimate` keyword arguments."""
    perf_keys = ("gpus", "tp", "ep", "precision", "kv_precision", "input_tokens", "output_tokens", "scenario",
                 "ttft_max", "tpot_max")
    rename = {"ttft_max": "ttft_max_s", "tpot_max": "tpot_max_s"}  # perf's keyword names carry the unit
    perf_options = {rename.get(k, k): kw.pop(k) for k in perf_keys if kw.get(k) is not None}
    for k in perf_keys:
        kw.pop(k, None)
    fin_options = {}
    for flag, field in (("lease_rate", "lease_rate"), ("lease_term", "lease_term_years"),
                        ("prepayment", "prepayment_frac")):
        v = kw.pop(flag, None)
        if v is not None:
            fin_options[field] = v
    if "residual" in kw:
        kw["residual_frac"] = kw.pop("residual")
    kw["perf_options"] = perf_options
    kw["financing_options"] = fin_options
    return kw


@app.callback()
def cost(
    ctx: typer.Context,
    gpu: str | None = typer.Option(None, "--gpu", help="Accelerator name (see `infranomics data show accelerators`)."),
    model: str | None = typer.Option(None, "--model", help="LLM name: throughput then comes from the perf model."),
    gpus: int | None = typer.Option(None, "--gpus", help=PERF_HELP),
    tp: int | None = typer.Option(None, "--tp", help=PERF_HELP),
    ep: int | None = typer.Option(None, "--ep", help=PERF_HELP),
    precision: str | None = typer.Option(None, "--precision", help=PERF_HELP),
    kv_precision: str | None = typer.Option(None, "--kv-precision", help=PERF_HELP),
    input_tokens: int | None = typer.Option(None, "--input-tokens", help=PERF_HELP),
    output_tokens: int | None = typer.Option(None, "--output-tokens", help=PERF_HELP),
    cache_hit: float = typer.Option(0.0, "--cache-hit", help="Share of input tokens hitting the prefix cache "
                                    "(fraction); also billed at --price-cached-input."),
    scenario: str | None = typer.Option(None, "--scenario", help=PERF_HELP + " offline|slo."),
    ttft_max: float | None = typer.Option(None, "--ttft-max", help=PERF_HELP + " [s]"),
    tpot_max: float | None = typer.Option(None, "--tpot-max", help=PERF_HELP + " [s]"),
    tokens_per_s: float | None = typer.Option(None, "--tokens-per-s", help="Output tokens/s per accelerator while "
                                              "busy (instead of the perf model)."),
    input_tokens_per_s: float | None = typer.Option(None, "--input-tokens-per-s", help="Input tokens/s per "
                                                    "accelerator in the same run."),
    utilization: float | None = typer.Option(None, "--utilization", help="Busy share of installed hours, a "
                                             "fraction (default 0.6)."),
    capex_usd: float | None = typer.Option(None, "--capex-usd", help="All-in hardware capex per accelerator "
                                           "(in --currency)."),
    chip_usd: float | None = typer.Option(None, "--chip-usd", help="Accelerator price (in --currency)."),
    cluster_gpus: int = typer.Option(2048, "--cluster-gpus", help="Cluster size; sets the network tier."),
    life_years: float | None = typer.Option(None, "--life-years", help="Economic life [years] (default 5)."),
    accounting_life_years: float | None = typer.Option(None, "--accounting-life-years", help="Book life [years]."),
    residual: float | None = typer.Option(None, "--residual", help="Resale value at end of life (fraction)."),
    depreciation: str = typer.Option("straight-line", "--depreciation", help="straight-line|declining-balance"),
    wacc: float | None = typer.Option(None, "--wacc", help="Cost of capital (fraction/year, default 0.10)."),
    financing: str = typer.Option("buy", "--financing", help="buy|lease|spv"),
    lease_rate: float | None = typer.Option(None, "--lease-rate", help="Implicit lease rate (fraction/year)."),
    lease_term: float | None = typer.Option(None, "--lease-term", help="Lease term [years]."),
    prepayment: float | None = typer.Option(None, "--prepayment", help="Share of capex prepaid by customers."),
    power_price_kwh: float | None = typer.Option(None, "--power-price-kwh", help="Electricity or PPA price "
                                                 "(in --currency per kWh)."),
    region: str | None = typer.Option(None, "--region", help="Region code for the power price, e.g. US-TX, "
                                      "CN-GZ (default US)."),
    pue: float | None = typer.Option(None, "--pue", help="Power usage effectiveness (default 1.3)."),
    colo_usd_per_kw_month: float | None = typer.Option(None, "--colo-usd-per-kw-month",
                                                       help="Colocation rent per kW of IT, power excluded (in --currency; default CBRE North "
                                                       "America 2024, or the China rent when --region is CN/CN-xx)."),
    build_usd_per_mw: float | None = typer.Option(None, "--build-usd-per-mw", help="Own build cost per MW IT."),
    price_input: float | None = typer.Option(None, "--price-input", help="Token price, input (per Mtok)."),
    price_output: float | None = typer.Option(None, "--price-output", help="Token price, output (per Mtok)."),
    price_cached_input: float | None = typer.Option(None, "--price-cached-input",
                                                    help="Token price, cached input (per Mtok)."),
    currency: str = typer.Option("USD", "--currency", help="USD|CNY: money given and shown."),
    currency_year: int | None = typer.Option(None, "--currency-year", help="Year of the money (default latest)."),
    assume: list[str] = typer.Option([], "--assume", help="Override a cost assumption, KEY=VALUE (repeatable; "
                                     "keys: infranomics data show cost_assumptions)."),
    views: bool = typer.Option(False, "--views", help="Also show the year-by-year accounting/cash/levelized views."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (documented in docs/cli.md)."),
) -> None:
    """Levelized cost of an accelerator-hour and of a million tokens, with break-evens.

    Examples: `infranomics cost --gpu H100 --utilization 0.6`;
    `infranomics cost --gpu H20 --model Qwen2.5-72B --price-input 3 --price-output 9 --currency CNY`.
    """
    if ctx.invoked_subcommand is not None:
        return
    if gpu is None:
        raise InputError("--gpu is required (e.g. --gpu H100); `infranomics cost compare` ranks several",
                         field="--gpu")
    kw = _cost_kwargs(**{k: v for k, v in locals().items() if k not in ("ctx", "gpu", "views", "as_json", "assume")})
    kw["assumptions"] = parse_assume(assume)
    result = chain.estimate(gpu, catalog=state(ctx).catalog, **kw)
    d = result.to_dict()
    if views:
        d["yearly_views"] = result.gpu_hour.yearly_views()
    if as_json:
        print_json(d)
        return
    _render(d, result)


def parse_assume(items: list[str]) -> dict[str, float]:
    """Parse repeated ``--assume KEY=VALUE`` flags into a dict of floats."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--assume '{item}' is not of the form KEY=VALUE", field="--assume")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise InputError(f"--assume {key.strip()}: '{value}' is not a number", field="--assume") from None
    return out


def _money(d: dict, key: str) -> str:
    cur = d["currency"]
    usd = d.get(key)
    if usd is None:
        return "—"
    if cur == "USD":
        return f"${usd:,.4g}" if usd < 100 else f"${usd:,.0f}"
    alt = d.get(key.replace("usd", cur.lower()))
    return f"{alt:,.4g} {cur} (${usd:,.4g})"


def _render(d: dict, result) -> None:
    cur, year = d["currency"], d["currency_year"]
    title = f"{d['gpu']}" + (f" × {d['model']}" if d["model"] else "") + f" — cost in {year} {cur}"
    pairs = [
        ("cost per busy GPU-hour", _money(d, "usd_per_gpu_hour")),
        ("cost per installed GPU-hour", _money(d, "usd_per_installed_gpu_hour")),
        ("utilization", f"{d['utilization']:.0%}"),
        ("marginal (power-only) floor per GPU-hour", _money(d, "marginal_usd_per_gpu_hour")),
    ]
    if d["usd_per_mtok_blended"] is not None:
        pairs += [("$/Mtok input", _money(d, "usd_per_mtok_input")),
                  ("$/Mtok output", _money(d, "usd_per_mtok_output")),
                  ("$/Mtok blended (all tokens)", _money(d, "usd_per_mtok_blended")),
                  ("cost split", "by GPU time (prefill→input, decode→output)" if d["cost_attribution"] == "gpu-time"
                   else "each token type carries the whole cost (InferenceX convention)")]
        t = d["throughput"]
        pairs.append(("throughput while busy", f"{t['output_tokens_per_s']:,.0f} out + {t['input_tokens_per_s']:,.0f} "
                      f"in tok/s/GPU ({t['source']})"))
        if d.get("perf"):
            p = d["perf"]
            pairs.append(("serving layout (perf model)", f"{p['layout']}, {p['precision']}, batch {p['batch_size']:.0f}, "
                          f"TTFT {p['ttft_s']:.2f} s, TPOT {p['tpot_s'] * 1000:.0f} ms"))
    if "revenue_usd_per_gpu_hour" in d:
        bu = d["breakeven_utilization"]
        pairs += [("token revenue per busy GPU-hour", _money(d, "revenue_usd_per_gpu_hour")),
                  ("gross margin at these prices", "—" if d["gross_margin"] is None else f"{d['gross_margin']:.1%}"),
                  ("break-even utilization", "not reachable at ≤100%" if bu is None else f"{bu:.1%}"),
                  ("prices needed to break even", f"{d['breakeven_price_scale']:.2f}× the given prices"),
                  ("covers the marginal (power) cost", "yes" if d["covers_marginal_cost"] else "no")]
    v = d["views_usd_per_gpu_hour"]
    pairs.append(("views per busy GPU-hour (accounting / cash / levelized)",
                  f"${v['accounting']:.3g} / ${v['cash']:.3g} / ${v['levelized']:.3g}"))
    print_kv(pairs, title=title)
    bd = pd.DataFrame({"component": list(d["breakdown"]), "usd_per_gpu_hour": list(d["breakdown"].values())})
    bd["share"] = bd["usd_per_gpu_hour"] / bd["usd_per_gpu_hour"].sum()
    print_table(bd, title="Breakdown per busy GPU-hour (USD)")
    if "yearly_views" in d:
        print_table(d["yearly_views"], title="Year by year (USD)")
    facility = d["facility"]
    if d.get("colo_usd_per_kw_month") is not None:
        facility = f"colo ${d['colo_usd_per_kw_month']:.4g}/kW-month ({d['colo_rent_source']})"
    console.print(f"power {d['power_price_usd_per_kwh']:.4g} $/kWh ({d['power_region']}), PUE {d['pue']}, "
                  f"{facility}, {d['financing']} at {d['capital_rate']:.1%}, life {d['life_years']:g} y "
                  f"(book {d['accounting_life_years']:g} y); defaults and sources: "
                  f"infranomics data show cost_assumptions")
    for n in d["notes"]:
        console.print(f"note: {n}")


#: Money fields of a compare row (USD; the asked currency's copies replace ``usd`` in the name).
_MONEY_KEYS = ("usd_per_gpu_hour", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_blended")


@app.command()
def compare(
    ctx: typer.Context,
    gpus_list: str = typer.Option(..., "--gpus", help="Comma-separated accelerators, e.g. H100,H200,B200,MI300X."),
    model: str | None = typer.Option(None, "--model", help="LLM name; ranks by $/Mtok using the perf model."),
    precision: str | None = typer.Option(None, "--precision", help=PERF_HELP),
    input_tokens: int | None = typer.Option(None, "--input-tokens", help=PERF_HELP),
    output_tokens: int | None = typer.Option(None, "--output-tokens", help=PERF_HELP),
    scenario: str | None = typer.Option(None, "--scenario", help=PERF_HELP + " offline|slo."),
    cache_hit: float = typer.Option(0.0, "--cache-hit", help="Prefix-cache hit share (fraction)."),
    utilization: float | None = typer.Option(None, "--utilization", help="Busy share (fraction)."),
    region: str | None = typer.Option(None, "--region", help="Region for power prices."),
    currency: str = typer.Option("USD", "--currency", help="USD|CNY"),
    as_json: bool = typer.Option(False, "--json", help="JSON list of rows."),
) -> None:
    """Rank accelerators by $/million tokens (with --model) or by $/GPU-hour."""
    names = [g.strip() for g in gpus_list.split(",") if g.strip()]
    if not names:
        raise InputError("--gpus needs at least one accelerator name", field="--gpus")
    cat = state(ctx).catalog
    perf_options = {k: v for k, v in (("precision", precision), ("input_tokens", input_tokens),
                                      ("output_tokens", output_tokens), ("scenario", scenario)) if v is not None}
    rows, c, r_year = [], currency.lower(), None
    for name in names:
        try:
            r = chain.estimate(name, model=model, perf_options=perf_options, cache_hit=cache_hit,
                               utilization=utilization, region=region, currency=currency, catalog=cat).to_dict()
        except InfranomicsError as exc:
            if exc.field in ("gpu", "accelerator"):
                raise
            rows.append({"gpu": name, "error": str(exc)})
            continue
        r_year = r.get("currency_year", r_year)
        p = r.get("perf") or {}
        row = {"gpu": r["gpu"], "usd_per_gpu_hour": r["usd_per_gpu_hour"],
               "output_tokens_per_s_per_gpu": None if r["throughput"] is None else r["throughput"]["output_tokens_per_s"],
               "usd_per_mtok_input": r["usd_per_mtok_input"], "usd_per_mtok_output": r["usd_per_mtok_output"],
               "usd_per_mtok_blended": r["usd_per_mtok_blended"], "gpus": p.get("gpus"), "layout": p.get("layout"),
               "capex_usd_per_gpu": r["capex_usd_per_gpu"]["total"]}
        if c != "usd":  # the same money in the asked currency, alongside the USD fields (stable JSON)
            row |= {k.replace("usd", c): r[k.replace("usd", c)] for k in _MONEY_KEYS if k.replace("usd", c) in r}
            row[f"capex_{c}_per_gpu"] = r[f"capex_{c}_per_gpu"]["total"]
        rows.append(row | {"error": None})
    df = pd.DataFrame(rows)
    key = "usd_per_mtok_blended" if model else "usd_per_gpu_hour"
    if key in df:
        df = df.sort_values(key, na_position="last", kind="stable").reset_index(drop=True)
    df.insert(0, "rank", range(1, len(df) + 1))
    if as_json:
        print_json({"model": model, "currency": currency.upper(), "ranked_by": key, "rows": df})
        return
    # the table: money in the asked currency only, with short headers
    sym = {"usd": "$", "cny": "¥", "eur": "€"}.get(c, c.upper() + " ")
    money = [k.replace("usd", c) for k in (*_MONEY_KEYS, "capex_usd_per_gpu")]
    heads = {money[0]: f"{sym}/GPU-h", money[1]: f"{sym}/Mtok in", money[2]: f"{sym}/Mtok out",
             money[3]: f"{sym}/Mtok blended", money[4]: f"capex {sym}/GPU",
             "output_tokens_per_s_per_gpu": "out tok/s/GPU", "gpus": "GPUs"}
    cols = ["rank", "gpu", money[0], "output_tokens_per_s_per_gpu", *money[1:4], "gpus", "layout", money[4], "error"]
    shown = df[[k for k in cols if k in df]]
    shown = shown.drop(columns=[k for k in shown if shown[k].isna().all()]).rename(columns=heads)
    ranked = "blended cost per million tokens" if model else "cost per GPU-hour"
    title = f"Accelerators ranked by {ranked}" + (f" serving {model}" if model else "")
    print_table(shown, title=title + (f" ({currency.upper()} of {r_year})" if r_year else ""))
    for _, r in df.iterrows():
        if isinstance(r.get("error"), str):
            console.print(f"{r['gpu']}: {r['error']}")
    console.print("sources: infranomics data cite accelerators · infranomics data cite cost_assumptions")


@app.command()
def sensitivity(
    ctx: typer.Context,
    gpu: str = typer.Option(..., "--gpu", help="Accelerator name."),
    model: str | None = typer.Option(None, "--model", help="LLM name; then the rows are $/Mtok."),
    precision: str | None = typer.Option(None, "--precision", help=PERF_HELP),
    input_tokens: int | None = typer.Option(None, "--input-tokens", help=PERF_HELP),
    output_tokens: int | None = typer.Option(None, "--output-tokens", help=PERF_HELP),
    cache_hit: float = typer.Option(0.0, "--cache-hit", help="Prefix-cache hit share (fraction)."),
    tokens_per_s: float | None = typer.Option(None, "--tokens-per-s", help="Output tokens/s per accelerator while "
                                              "busy (instead of the perf model)."),
    utilization: float | None = typer.Option(None, "--utilization", help="Busy share (fraction)."),
    region: str | None = typer.Option(None, "--region", help="Region for power prices (and the China facility rent)."),
    life_years: float | None = typer.Option(None, "--life-years", help="Economic life [years]."),
    wacc: float | None = typer.Option(None, "--wacc", help="Cost of capital (fraction/year)."),
    currency: str = typer.Option("USD", "--currency", help="USD|CNY|EUR"),
    range_: list[str] = typer.Option([], "--range", help="Replace a range, NAME=LOW:HIGH (repeatable; names: "
                                     "throughput, utilization, hardware_capex, power_price_kwh, pue, life_years, "
                                     "wacc, facility; factors for throughput, hardware_capex and facility)."),
    draws: int = typer.Option(0, "--draws", help="Also draw every input at once, uniformly over its range, this "
                              "many times (at most 5000) and report the 5th-95th percentile of the cost."),
    seed: int = typer.Option(0, "--seed", help="Seed of the joint draws (same seed, same draws)."),
    against: float | None = typer.Option(None, "--against", help="With --draws: a revenue per million tokens (per "
                                         "GPU-hour without a model) in --currency; reports the share of draws "
                                         "whose cost is above it."),
    as_json: bool = typer.Option(False, "--json", help="JSON: {base, rows: [{parameter, low, high, at_low, "
                                 "at_high, swing, source}], spread, ranked_by, currency}."),
) -> None:
    """Which assumption the cost hangs on: each input at the low and high end of a sourced range (a tornado)."""
    from ..cost.sensitivity import sensitivity as run

    ranges = {}
    for item in range_:
        name, sep, pair = item.partition("=")
        lo, sep2, hi = pair.partition(":")
        try:
            if not (sep and sep2):
                raise ValueError
            ranges[name.strip()] = (float(lo), float(hi))
        except ValueError:
            raise InputError(f"--range '{item}' is not of the form NAME=LOW:HIGH with two numbers",
                             field="--range") from None
    perf_options = {k: v for k, v in (("precision", precision), ("input_tokens", input_tokens),
                                      ("output_tokens", output_tokens)) if v is not None}
    r = run(gpu, model=model, perf_options=perf_options, cache_hit=cache_hit, tokens_per_s=tokens_per_s,
            utilization=utilization, region=region, life_years=life_years, wacc=wacc, currency=currency,
            ranges=ranges, draws=draws, seed=seed, against=against, catalog=state(ctx).catalog)
    d = r.to_dict()
    if as_json:
        print_json(d)
        return
    metric = "per Mtok blended" if d["ranked_by"] == "cost_per_mtok_blended" else "per busy GPU-hour"
    base = d["base"][d["ranked_by"]]
    rows = pd.DataFrame([{"input": x["parameter"], "low": f"{x['low']:.4g}", "high": f"{x['high']:.4g}",
                          "unit": x["unit"], "cost at low": x["at_low"][d["ranked_by"]],
                          "cost at high": x["at_high"][d["ranked_by"]], "swing": x["swing"],
                          "swing %": f"{x['swing'] / base:.0%}"} for x in d["rows"]])
    title = (f"{d['gpu']}" + (f" × {d['model']}" if d["model"] else "") + f": cost {metric} {base:.4g} "
             f"{d['currency']} of {d['currency_year']}, each input over its range (widest first)")
    print_table(rows, title=title)
    for x in d["rows"]:
        console.print(f"{x['parameter']}: {x['source']}")
    sp = d["spread"]
    if sp:
        line = (f"all inputs drawn at once ({sp['draws']} independent uniform draws, seed {sp['seed']}): "
                f"5th-95th percentile {sp['p5']:.4g}-{sp['p95']:.4g}, median {sp['p50']:.4g} {d['currency']}")
        if "against" in sp:
            line += f"; above {sp['against']:g} in {sp['share_above_against']:.0%} of draws"
        console.print(line)
