"""LLM appliance (一体机): the vendor's project and the buyer's choice (appliance vs API vs renting GPUs).

Vendor view: an appliance sale is project work — bill of materials, integration, delivery,
payment terms with advance, delivery, acceptance and retention tranches, supplier credit — so
the questions are project margin, peak cash tied up and the cash cycle (claims.md: easy to
cost, little cash tied up, low ceiling).

Buyer view: for a monthly token volume and peak concurrency, the monthly cost of owning an
appliance (capital recovery, power, maintenance, staff) against paying an API per token or
renting the same GPUs by the hour; the break-even volume; and whether the appliance can carry
the load at all (throughput from :mod:`infranomics.perf`).
"""

from __future__ import annotations

import numpy as np

from ..catalog import Catalog, default_catalog
from ..checks import check_fraction, check_in, check_nonnegative, check_positive, check_range
from ..cost import chain as cost_chain
from ..cost import levelized as lv
from ..cost.assumptions import assumption, assumption_for
from ..cost.finance import crf, irr
from ..errors import InputError
from ..hardware import get_accelerator, median_rental_usd
from ..notes import Note
from ..units import HOURS_PER_MONTH, convert
from .common import month_labels
from .pnl import build_pnl, summarize
from .result import BusinessResult

__all__ = ["appliance_buyer", "appliance_vendor"]

#: appliance_prices row used as the vendor's default bill of materials per unit (Huxiu mid-2024 dealer quote).
_DEFAULT_BOM_PRODUCT = "H20 8-card server"
#: Software, model adaptation and testing per appliance [CNY]; assumption: ~5% of the BOM, no published figure.
_INTEGRATION_CNY = 60_000.0
#: Logistics, installation and training per appliance [CNY]; assumption, no published figure.
_DELIVERY_CNY = 20_000.0


def appliance_vendor(
    *,
    units: int = 10,
    bom_per_unit: float | None = None,
    integration_per_unit: float | None = None,
    delivery_per_unit: float | None = None,
    price_per_unit: float | None = None,
    markup: float = 0.15,
    advance: float = 0.3,
    on_delivery: float = 0.4,
    on_acceptance: float = 0.25,
    retention: float = 0.05,
    delivery_month: int = 2,
    acceptance_month: int = 4,
    warranty_months: int = 12,
    warranty_cost_per_year: float = 0.02,
    supplier_credit_months: int = 1,
    overhead_share: float = 0.05,
    tax_rate: float = 0.25,
    currency: str = "CNY",
    start: str = "2025-03",
    catalog: Catalog | None = None,
) -> BusinessResult:
    """Cash and P&L of one appliance project for the vendor (money in ``currency``).

    Parameters (units in brackets)
    ------------------------------
    units : appliances in the project. bom_per_unit : server/accelerator bill of materials [currency]
        (default: the catalog's H20 8-card server, 1.2M RMB, Huxiu mid-2024, converted to ``currency``).
        integration_per_unit (software, model adaptation, testing), delivery_per_unit (logistics,
        installation, training) [currency] (defaults: 60,000 and 20,000 RMB, converted; assumptions).
    price_per_unit : selling price [currency]; default = cost × (1 + markup).
    advance, on_delivery, on_acceptance, retention : payment tranches [fraction, sum 1]; retention is
        paid after the warranty.
    delivery_month, acceptance_month, warranty_months, supplier_credit_months : timeline [month].
    warranty_cost_per_year : warranty service cost [fraction of BOM per year].
    overhead_share : sales and bidding overhead [fraction of revenue]. tax_rate [fraction].
    """
    check_positive(units, "units")
    cat = catalog or default_catalog()
    cur = check_in(currency, "currency", ("CNY", "USD"))
    year = int(start[:4]) if start[:4].isdigit() else None
    if year is None:
        raise InputError(f"start must be YYYY-MM, got '{start}'", field="start")
    notes: list[str] = []
    if bom_per_unit is None:
        ap = cat.load("appliance_prices")
        row = ap[ap["product"] == _DEFAULT_BOM_PRODUCT].sort_values("date").iloc[-1]
        bom_per_unit = float(convert(float(row["price"]), str(row["currency"]), cur, int(row["date"].year), cat))
        notes.append(Note("bom_catalog", product=row["product"], date=row["date"].date(),
                          price=f"{float(row['price']):,.0f}", currency=row["currency"]))
    if integration_per_unit is None:
        integration_per_unit = float(convert(_INTEGRATION_CNY, "CNY", cur, year, cat))
    if delivery_per_unit is None:
        delivery_per_unit = float(convert(_DELIVERY_CNY, "CNY", cur, year, cat))
    for n, v in (("bom_per_unit", bom_per_unit), ("integration_per_unit", integration_per_unit),
                 ("delivery_per_unit", delivery_per_unit)):
        check_nonnegative(v, n, unit=currency)
    tranches = {"advance": advance, "on_delivery": on_delivery, "on_acceptance": on_acceptance,
                "retention": retention}
    for n, v in tranches.items():
        check_fraction(v, n)
    if abs(sum(tranches.values()) - 1.0) > 1e-6:
        raise InputError(f"payment tranches must sum to 1 (advance + on_delivery + on_acceptance + retention), got "
                         f"{sum(tranches.values()):.3g}", field="advance")
    if not 0 <= delivery_month <= acceptance_month <= 60:
        raise InputError(f"need 0 <= delivery_month ({delivery_month}) <= acceptance_month ({acceptance_month}) <= 60",
                         field="acceptance_month")
    check_range(warranty_months, "warranty_months", 0, 120)
    check_fraction(overhead_share, "overhead_share")
    unit_cost = bom_per_unit + integration_per_unit + delivery_per_unit
    price = unit_cost * (1 + markup) if price_per_unit is None else float(
        check_range(price_per_unit, "price_per_unit", 1.0, 1e11, unit=currency))
    if price * units <= 0:
        raise InputError("the project has no revenue: give a price or a non-zero cost to mark up",
                         field="price_per_unit")
    n = acceptance_month + warranty_months + 1
    t = np.arange(n)
    revenue_total = price * units
    cash_in = np.zeros(n)
    cash_in[0] += advance * revenue_total
    cash_in[delivery_month] += on_delivery * revenue_total
    cash_in[acceptance_month] += on_acceptance * revenue_total
    cash_in[min(n - 1, acceptance_month + warranty_months)] += retention * revenue_total
    cash_out = np.zeros(n)
    cash_out[min(n - 1, delivery_month + supplier_credit_months)] += bom_per_unit * units
    cash_out[delivery_month] += (integration_per_unit + delivery_per_unit) * units
    warranty = np.where((t > acceptance_month) & (t <= acceptance_month + warranty_months),
                        warranty_cost_per_year / 12 * bom_per_unit * units, 0.0)
    # revenue and cost recognised at acceptance (completed-contract method); warranty as incurred
    revenue = np.where(t == acceptance_month, revenue_total, 0.0)
    cor = {"hardware": np.where(t == acceptance_month, bom_per_unit * units, 0.0),
           "integration": np.where(t == acceptance_month, integration_per_unit * units, 0.0),
           "delivery": np.where(t == acceptance_month, delivery_per_unit * units, 0.0),
           "warranty": warranty}
    overhead = revenue * overhead_share
    # working capital = recognised P&L items not yet in cash
    pnl_cash = revenue - sum(cor.values()) - overhead
    actual_cash = cash_in - cash_out - warranty - overhead
    wc_change = pnl_cash - actual_cash
    df = build_pnl(month_labels(start, n), revenue=revenue, cost_of_revenue=cor, opex={"overhead": overhead},
                   working_capital_change=wc_change, tax_rate=tax_rate)
    df.insert(1, "cash_in", cash_in)
    df.insert(2, "cash_out", cash_out + warranty + overhead)
    df.insert(3, "project_cash_cumulative", np.cumsum(actual_cash))
    s = summarize(df, periods_per_year=12)
    cum = np.cumsum(actual_cash)
    i = irr(actual_cash)
    s.update({
        "units": units, "price_per_unit": price, "project_revenue": revenue_total,
        "project_gross_margin": float((revenue_total - unit_cost * units - warranty.sum()) / revenue_total),
        "peak_cash_tied_up": float(max(0.0, -cum.min())),
        "months_cash_negative": int((cum < 0).sum()),
        "project_irr_annual": None if np.isnan(i) else float((1 + i) ** 12 - 1),
        "cash_cycle_days": float(_cash_cycle_days(cash_in, cash_out)),
    })
    inputs = {k: v for k, v in locals().items() if k in (
        "units", "bom_per_unit", "integration_per_unit", "delivery_per_unit", "price_per_unit", "markup", "advance",
        "on_delivery", "on_acceptance", "retention", "delivery_month", "acceptance_month", "warranty_months",
        "warranty_cost_per_year", "supplier_credit_months", "overhead_share", "tax_rate", "currency")}
    return BusinessResult("appliance-vendor", df, s, inputs, cur, None, notes)


def _cash_cycle_days(cash_in: np.ndarray, cash_out: np.ndarray) -> float:
    """Money-weighted days from paying suppliers to being paid by the customer (negative = customer funds it)."""
    t = np.arange(cash_in.size) * 30.4
    tin = (cash_in * t).sum() / cash_in.sum() if cash_in.sum() > 0 else 0.0
    tout = (cash_out * t).sum() / cash_out.sum() if cash_out.sum() > 0 else 0.0
    return tin - tout


def appliance_buyer(
    *,
    input_tokens_per_month: float,
    output_tokens_per_month: float,
    gpu: str = "H20",
    gpus: int = 8,
    model: str | None = None,
    appliance_price: float | None = None,
    life_years: float = 5.0,
    financing_rate: float = 0.0,
    max_load: float = 0.7,
    peak_concurrency: int | None = None,
    system_tokens_per_s: float | None = None,
    power_price_kwh: float | None = None,
    region: str = "CN",
    pue: float = 1.5,
    maintenance_per_year: float = 0.05,
    staff_fte: float = 0.25,
    staff_cost_per_year: float = 300_000.0,
    api_price_input: float | None = None,
    api_price_output: float | None = None,
    api_price_cached_input: float | None = None,
    cache_hit: float = 0.0,
    api_provider: str = "DeepSeek",
    api_model: str = "deepseek-chat",
    rent_gpu_hour: float | None = None,
    rent_hours_per_month: float = HOURS_PER_MONTH,
    currency: str = "CNY",
    currency_year: int | None = None,
    perf_options: dict | None = None,
    catalog: Catalog | None = None,
) -> BusinessResult:
    """Monthly cost of an appliance vs an API vs renting GPUs for a buyer's token volume (money in ``currency``).

    Parameters (units in brackets)
    ------------------------------
    input_tokens_per_month, output_tokens_per_month : the buyer's volume [tok/month].
    gpu, gpus : the appliance's accelerators. model : LLM it runs (throughput from perf).
    appliance_price : [currency] (default: catalog appliance_prices for the accelerator, else the
        accelerator price × gpus). life_years : [years]; financing_rate : cost of money [fraction/year].
    max_load : highest sustainable busy share of the appliance [fraction]. peak_concurrency : users at
        once (checked against the perf model's batch). system_tokens_per_s : output tok/s of the
        whole appliance, instead of the perf model.
    power_price_kwh [currency/kWh] or region (catalog). pue [-]. maintenance_per_year [fraction of price].
    staff_fte [FTE], staff_cost_per_year [currency/FTE-year].
    api_price_* : API prices [currency/Mtok] (default: latest catalog price of api_provider/api_model).
    rent_gpu_hour : cloud price per GPU-hour [currency] (default: catalog median converted);
    rent_hours_per_month : hours rented [h/month].
    """
    cat = catalog or default_catalog()
    cur = check_in(currency, "currency", ("USD", "CNY"))
    year = int(currency_year) if currency_year is not None else cost_chain.default_currency_year(cat)
    fx = lambda usd: float(convert(usd, "USD", cur, year, cat))  # noqa: E731
    check_positive(input_tokens_per_month + output_tokens_per_month, "tokens_per_month", unit="tok/month")
    check_nonnegative(input_tokens_per_month, "input_tokens_per_month")
    check_nonnegative(output_tokens_per_month, "output_tokens_per_month")
    check_positive(gpus, "gpus")
    check_range(life_years, "life_years", 0.5, 15, unit="years")
    check_range(financing_rate, "financing_rate", 0, 1)
    check_fraction(max_load, "max_load", allow_zero=False)
    check_fraction(cache_hit, "cache_hit")
    check_range(pue, "pue", 1.0, 3.5)
    check_fraction(maintenance_per_year, "maintenance_per_year")
    acc = get_accelerator(gpu, cat)
    notes: list[str] = []

    # appliance price
    if appliance_price is None:
        ap = cat.load("appliance_prices")
        hit = ap[(ap["accelerator"] == acc.name) & (ap["accelerators"] == gpus)].sort_values("date")
        if len(hit):
            row = hit.iloc[-1]
            appliance_price = float(convert(float(row["price"]), str(row["currency"]), cur, int(row["date"].year), cat))
            notes.append(Note("appliance_price_catalog", product=row["product"], date=row["date"].date()))
        elif acc.price is not None:
            chip = float(convert(acc.price, acc.price_currency, cur, acc.price_year, cat))
            server = fx(assumption_for("server_usd_per_gpu", [acc.name, acc.family], cat, to_year=year))
            appliance_price = (chip + server) * gpus
            notes.append(Note("appliance_price_parts"))
        else:
            raise InputError(f"no appliance or accelerator price for {acc.name} in the catalog; give "
                             f"--appliance-price", field="appliance_price")
    check_positive(appliance_price, "appliance_price", unit=cur)

    # capacity
    perf_d = None
    if system_tokens_per_s is None:
        if model is None:
            raise InputError("give --model (throughput from the perf model) or --system-tokens-per-s",
                             field="model")
        from .. import perf

        ratio = input_tokens_per_month / max(output_tokens_per_month, 1.0)
        opts = dict(perf_options or {})
        opts.setdefault("gpus", gpus)
        opts.setdefault("output_tokens", 500)
        opts.setdefault("input_tokens", max(1, round(500 * ratio)))
        opts.setdefault("cache_hit", cache_hit)
        perf_d = perf.estimate(model, acc.name, catalog=cat, **opts).to_dict()
        system_tokens_per_s = perf_d["output_tokens_per_s_per_gpu"] * gpus
    check_positive(system_tokens_per_s, "system_tokens_per_s", unit="tok/s")
    capacity_out = system_tokens_per_s * 3600 * HOURS_PER_MONTH * max_load
    load = output_tokens_per_month / (system_tokens_per_s * 3600 * HOURS_PER_MONTH)
    fits = load <= max_load
    if perf_d is not None and peak_concurrency is not None and perf_d.get("batch_size") is not None:
        max_conc = perf_d["batch_size"] * max(1, gpus // max(1, perf_d.get("gpus", gpus)))
        if peak_concurrency > max_conc * 4:
            notes.append(Note("users_queue", peak=peak_concurrency, batch=max_conc))

    # appliance monthly cost
    spf = assumption_for("server_power_factor", [acc.name, acc.family], cat)
    it_kw = float(lv.it_kw_per_gpu(acc.tdp_w, spf, assumption("it_overhead", catalog=cat))) * gpus
    if power_price_kwh is None:
        usd, label = cost_chain.power_price(region, year, cat)
        power_price_kwh = fx(usd)
        notes.append(Note("power_price", label=label))
    draw = assumption("idle_draw_frac", catalog=cat) + (assumption("busy_draw_frac", catalog=cat)
                                                       - assumption("idle_draw_frac", catalog=cat)) * min(load, 1.0)
    power = it_kw * pue * power_price_kwh * draw * HOURS_PER_MONTH
    capital = appliance_price * float(crf(financing_rate, life_years)) / 12
    maint = appliance_price * maintenance_per_year / 12
    staff = staff_fte * staff_cost_per_year / 12
    appliance_month = capital + power + maint + staff

    # API
    if api_price_input is None or api_price_output is None:
        api_price_input, api_price_output, api_price_cached_input, note = _api_price(api_provider, api_model, cur,
                                                                                      year, cat)
        notes.append(note)
    for n, v in (("api_price_input", api_price_input), ("api_price_output", api_price_output)):
        check_nonnegative(v, n)
    hit_price = api_price_input if api_price_cached_input is None else api_price_cached_input
    api_per_in = ((1 - cache_hit) * api_price_input + cache_hit * hit_price) / 1e6
    api_per_out = api_price_output / 1e6
    api_month = input_tokens_per_month * api_per_in + output_tokens_per_month * api_per_out

    # renting the same GPUs
    if rent_gpu_hour is None:
        try:
            quote = median_rental_usd(acc.name, cat)
            rent_gpu_hour = fx(quote.usd_per_gpu_hour)
            notes.append(Note("rental_price", quotes=quote.quotes, gpu=quote.accelerator, year=quote.year))
        except InputError:
            rent_gpu_hour = None
    rent_month = None if rent_gpu_hour is None else rent_gpu_hour * gpus * rent_hours_per_month

    # break-even volume (same input/output mix): appliance fixed cost / API cost per token-mix unit
    total = input_tokens_per_month + output_tokens_per_month
    share_in = input_tokens_per_month / total
    api_per_token = share_in * api_per_in + (1 - share_in) * api_per_out
    fixed_part = capital + maint + staff + it_kw * pue * power_price_kwh * HOURS_PER_MONTH * assumption(
        "idle_draw_frac", catalog=cat)
    breakeven_tokens = fixed_part / api_per_token if api_per_token > 0 else None
    capacity_tokens = capacity_out / max(1 - share_in, 1e-9)
    options = {"appliance": appliance_month, "api": api_month}
    if rent_month is not None:
        options["rent_gpus"] = rent_month
    feasible = {k: v for k, v in options.items() if k != "appliance" or fits}
    winner = min(feasible, key=feasible.get)

    months = round(life_years * 12)
    labels = month_labels("2025-01", months)
    df = build_pnl(labels, revenue=0.0, cost_of_revenue={"appliance_capital": capital, "appliance_power": power,
                                                         "appliance_maintenance": maint, "appliance_staff": staff},
                   tax_rate=0.0)
    df = df[["period"]].copy()
    df["appliance_cash"] = np.where(np.arange(months) == 0, appliance_price, 0.0) + power + maint + staff
    df["appliance_cumulative"] = df["appliance_cash"].cumsum()
    df["api"] = api_month
    df["api_cumulative"] = df["api"].cumsum()
    if rent_month is not None:
        df["rent_gpus"] = rent_month
        df["rent_gpus_cumulative"] = df["rent_gpus"].cumsum()
    per_mtok = appliance_month / (total / 1e6)
    summary = {
        "currency": cur, "currency_year": year,
        "appliance_price": appliance_price, "appliance_monthly_cost": appliance_month,
        "appliance_monthly_breakdown": {"capital": capital, "power": power, "maintenance": maint, "staff": staff},
        "appliance_cost_per_mtok": per_mtok,
        "api_monthly_cost": api_month, "api_cost_per_mtok": api_month / (total / 1e6),
        "rent_monthly_cost": rent_month,
        "cheapest": winner,
        "appliance_load": load, "appliance_fits_volume": bool(fits),
        "appliance_capacity_tokens_per_month": capacity_tokens,
        "breakeven_tokens_per_month": breakeven_tokens,
        "breakeven_within_capacity": None if breakeven_tokens is None else bool(breakeven_tokens <= capacity_tokens),
        "system_output_tokens_per_s": system_tokens_per_s, "it_kw": it_kw,
        "volume_sweep": _sweep(fixed_part, api_per_token, it_kw * pue * power_price_kwh * HOURS_PER_MONTH *
                               (assumption("busy_draw_frac", catalog=cat) - assumption("idle_draw_frac", catalog=cat)),
                               capacity_tokens, share_in, system_tokens_per_s),
    }
    inputs = {k: v for k, v in locals().items() if k in (
        "input_tokens_per_month", "output_tokens_per_month", "gpu", "gpus", "model", "life_years", "financing_rate",
        "max_load", "power_price_kwh", "pue", "maintenance_per_year", "staff_fte", "staff_cost_per_year",
        "api_price_input", "api_price_output", "api_price_cached_input", "cache_hit", "rent_gpu_hour",
        "rent_hours_per_month")}
    if perf_d is not None:
        inputs["perf"] = perf_d
    return BusinessResult("appliance-buyer", df, summary, inputs, cur, year, notes)


def _sweep(fixed, api_per_token, busy_power_full, capacity, share_in, system_tps) -> list[dict]:
    """Monthly cost of appliance and API across volumes from 1% to 100% of appliance capacity."""
    rows = []
    for f in (0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 1.0):
        v = capacity * f
        out_load = v * (1 - share_in) / (system_tps * 3600 * HOURS_PER_MONTH)
        app = fixed + busy_power_full * out_load
        rows.append({"tokens_per_month": v, "appliance": app, "api": v * api_per_token,
                     "appliance_per_mtok": app / (v / 1e6), "api_per_mtok": api_per_token * 1e6})
    return rows


def _api_price(provider: str, model: str, cur: str, year: int, catalog: Catalog):
    df = catalog.load("token_prices")
    sel = df[(df["provider"].str.lower() == provider.lower()) & (df["model"].str.lower() == model.lower())
             & (df["tier"].isin(["standard", "<=32k", "<=128k"]))]
    if sel.empty:
        from ..errors import unknown_name

        choices = df.loc[df["provider"].str.lower() == provider.lower(), "model"].tolist() or df["provider"].tolist()
        raise unknown_name("API model", f"{provider}/{model}", choices, field="api_model")
    same = sel[sel["currency"] == cur]
    row = (same if len(same) else sel).sort_values("effective_date").iloc[-1]
    k = float(convert(1.0, str(row["currency"]), cur, min(int(row["effective_date"].year), year), catalog))
    hit = None if row["cached_input_per_mtok"] != row["cached_input_per_mtok"] else float(row["cached_input_per_mtok"]) * k
    return (float(row["input_per_mtok"]) * k, float(row["output_per_mtok"]) * k, hit,
            Note("api_price", provider=row["provider"], model=row["model"], tier=row["tier"],
                 date=row["effective_date"].date()))
