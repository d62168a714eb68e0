"""``infranomics overview``: the headline table on bundled data (what ``make run`` printed before the dashboard)."""

from __future__ import annotations

import math

import pandas as pd
import typer

from ..cost import chain
from ..errors import InputError
from .main import state
from .render import console, print_json, print_table


def headline(catalog) -> pd.DataFrame:
    """One row per accelerator: specs, latest rental price, and levelized cost per busy GPU-hour."""
    acc = catalog.load("accelerators")
    rent = catalog.load("gpu_rental_prices")
    rent = rent[rent["currency"] == "USD"].sort_values("date")
    rows = []
    for _, r in acc.iterrows():
        latest = rent[rent["accelerator"] == r["name"]]
        try:
            c = chain.estimate(r["name"], catalog=catalog).to_dict()
            cost = c["usd_per_gpu_hour"]
        except InputError:
            cost = math.nan
        rows.append({
            "accelerator": r["name"], "vendor": r["vendor"], "year": r["launch_year"],
            "bf16_tflops": r["bf16_tflops"], "fp8_tflops": r["fp8_tflops"], "hbm_gb": r["hbm_gb"],
            "hbm_tbps": r["hbm_tbps"], "tdp_w": r["tdp_w"],
            "rent_usd_per_h": float(latest["price_per_gpu_hour"].median()) if len(latest) else math.nan,
            "cost_usd_per_h": cost,
        })
    return pd.DataFrame(rows)


def overview(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Headline table: every accelerator's specs, median published rental price and levelized cost."""
    cat = state(ctx).catalog
    df = headline(cat)
    if as_json:
        print_json({"accelerators": df, "datasets": [{"name": i.name, "rows": i.rows} for i in cat.info()]})
        return
    year = chain.default_currency_year(cat)
    print_table(df, title="infranomics — AI accelerators at a glance", headers={
        "bf16_tflops": "BF16 TF/s", "fp8_tflops": "FP8 TF/s", "hbm_gb": "HBM GB", "hbm_tbps": "HBM TB/s",
        "tdp_w": "TDP W", "rent_usd_per_h": "rent $/h (median)", "cost_usd_per_h": f"cost $/h ({year}$)"},
        caption="cost: levelized all-in $/busy GPU-hour at 60% utilization, colocation, US industrial power "
                "(infranomics cost --gpu NAME for the breakdown); rent: median of published USD prices")
    counts = ", ".join(f"{i.name} {i.rows}" for i in cat.info())
    console.print(f"catalog rows: {counts}")
    console.print("next: [bold]infranomics data list[/] · [bold]infranomics cost --gpu H100[/] · "
                  "[bold]infranomics --help[/]")
