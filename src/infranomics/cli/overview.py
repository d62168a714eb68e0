"""``infranomics overview``: the headline table on bundled data (also the dashboard's first page)."""

from __future__ import annotations

import typer

from ..cost import accelerator_headline
from .main import state
from .render import console, print_json, print_table

COLUMNS = ["accelerator", "vendor", "launch_year", "bf16_tflops", "fp8_tflops", "hbm_gb", "hbm_tbps", "tdp_w",
           "rent_per_gpu_hour", "cost_per_gpu_hour"]


def overview(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
             currency: str = typer.Option("USD", "--currency", help="USD | CNY | EUR")) -> None:
    """Headline table: every accelerator's specs, median published rental price and levelized cost."""
    cat = state(ctx).catalog
    df = accelerator_headline(cat, currency)
    if as_json:
        print_json({"currency": currency, "currency_year": df.attrs["currency_year"], "accelerators": df,
                    "datasets": [{"name": i.name, "rows": i.rows} for i in cat.info()]})
        return
    year, cur = df.attrs["currency_year"], currency
    print_table(df[COLUMNS], title="infranomics — AI accelerators at a glance", headers={
        "launch_year": "year", "bf16_tflops": "BF16 TF/s", "fp8_tflops": "FP8 TF/s", "hbm_gb": "HBM GB",
        "hbm_tbps": "HBM TB/s", "tdp_w": "TDP W", "rent_per_gpu_hour": f"rent {cur}/h (median)",
        "cost_per_gpu_hour": f"cost {cur}/h ({year})"},
        caption="cost: levelized all-in cost per busy GPU-hour at 60% utilization, colocation, US industrial power "
                "(infranomics cost --gpu NAME for the breakdown); rent: median of published prices, latest year")
    counts = ", ".join(f"{i.name} {i.rows}" for i in cat.info())
    console.print(f"catalog rows: {counts}")
    console.print("next: [bold]infranomics serve[/] (dashboard) · [bold]infranomics cost --gpu H100[/] · "
                  "[bold]infranomics --help[/]")
