"""``infranomics simulate``: Monte Carlo runs of the market simulator; ``simulate list`` shows the presets.

The JSON of ``--json`` and of ``--out DIR/result.json`` is the contract documented in
docs/market.md: ``summary`` (bust probability, median time to bust, the bust definition, seed,
paths, years, scenario name and hash, version), ``periods`` and ``quantiles`` (p5/p50/p95 by
period for each key series).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import typer

from ..errors import InputError
from .main import state
from .render import console, err_console, print_json, print_kv, print_table

app = typer.Typer(help="Market simulator: the AI compute capital cycle under uncertainty (Monte Carlo).",
                  invoke_without_command=True)

#: Above this many path-steps a progress bar is shown (roughly a second of work).
PROGRESS_MIN_PATH_STEPS = 2_000_000


@app.callback()
def simulate(
    ctx: typer.Context,
    scenario: str | None = typer.Option(None, "--scenario", "-s", help="Preset name (see `infranomics simulate "
                                        "list`) or a scenario TOML file."),
    paths: int = typer.Option(1000, "--paths", "-n", help="Monte Carlo paths."),
    years: float | None = typer.Option(None, "--years", help="Horizon in years (default: the scenario's)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random streams (same seed, same bits)."),
    set_: list[str] = typer.Option([], "--set", help="Override a parameter, KEY=VALUE (repeatable), e.g. "
                                   "demand.price_elasticity=1.2 or 'demand.adoption_rate={dist=\"lognormal\","
                                   "median=0.5,p90=0.9}'. Keys: `infranomics simulate params`."),
    volatility: float | None = typer.Option(None, "--volatility", help="Volatility scale in [0, 1] (0 = the "
                                            "deterministic path on every path)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (docs/market.md)."),
    out: Path | None = typer.Option(None, "--out", help="Write quantiles.csv, paths.csv, signal.csv and "
                                    "result.json to this directory."),
) -> None:
    """Run a scenario many times and report the bust probability, fan charts and indicators.

    Examples: `infranomics simulate --scenario baseline --paths 2000 --seed 1`;
    `infranomics simulate -s weak_demand_high_leverage --set finance.debt_share_of_capex=0.8 --json`.
    """
    if ctx.invoked_subcommand is not None:
        return
    if scenario is None:
        raise InputError("--scenario is required (e.g. --scenario baseline); `infranomics simulate list` shows the "
                         "presets", field="--scenario")
    from ..market import load_scenario, parse_set
    from ..market import simulate as run

    st = state(ctx)
    sc = load_scenario(scenario, parse_set(set_), catalog=st.catalog)
    n_years = float(sc.meta["years"] if years is None else years)
    # the size of the run, for the progress bar only; the engine checks --years and --paths with clear errors
    total = int(paths) * round(n_years * int(sc.meta["steps_per_year"])) if math.isfinite(n_years) else 0
    show = total >= PROGRESS_MIN_PATH_STEPS and err_console.is_terminal and not as_json
    if show:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("[bold]simulating[/] {task.description}"), BarColumn(), TimeRemainingColumn(),
                      console=err_console, transient=True) as prog:
            task = prog.add_task(sc.name, total=total)
            res = run(sc, paths=paths, years=years, seed=seed, volatility=volatility, catalog=st.catalog,
                      progress=lambda done, tot: prog.update(task, completed=done))
    else:
        res = run(sc, paths=paths, years=years, seed=seed, volatility=volatility, catalog=st.catalog)
    files = res.write(out) if out is not None else []
    if as_json:
        d = res.to_dict()
        if files:
            d["files"] = [str(f) for f in files]
        print_json(d)
        return
    _render(res, files)


def _pct(x) -> str:
    return "—" if x is None else f"{x:.0%}"


def _yrs(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def _render(res, files) -> None:
    s = res.summary()
    start = s["start_year"]
    print_kv([
        ("scenario", f"{s['scenario']} (hash {s['scenario_hash']})"),
        ("paths / years / seed", f"{s['paths']:,} / {s['years']:g} / {s['seed']}"),
        ("bust definition", s["bust_definition"]),
        ("bust probability", _pct(s["bust_probability"])),
        ("median time to bust (years)", _yrs(s["median_time_to_bust_years"])
         + ("" if s["median_time_to_bust_years"] is None else f"  (~{start + s['median_time_to_bust_years']:.1f})")),
        ("time to bust p10-p90 (years)", f"{_yrs(s['time_to_bust_p10_years'])} - {_yrs(s['time_to_bust_p90_years'])}"),
        ("bust causes", ", ".join(f"{k.replace('_', ' ')} {v:.0%}" for k, v in s["bust_cause_shares"].items())),
        ("busts preceded by the signal", _pct(s["busts_preceded_by_signal"])),
        ("median signal lead (years)", _yrs(s["median_signal_lead_years"])),
        ("signal false-alarm rate", _pct(s["false_alarm_rate"])),
        ("peak default share p50 / p95", f"{_pct(s['peak_default_share_p50'])} / {_pct(s['peak_default_share_p95'])}"),
        ("first-year capex p50", f"${s['first_year_capex_usd_p50'] / 1e9:,.0f}B"),
    ], title=f"{res.scenario.meta['title'] or res.scenario.name} — money in {s['currency_year']} USD")
    rows = []
    spy = res.steps_per_year
    for name, label, scale in (("capex_usd", "capex [$B/yr]", 1e-9), ("utilization", "utilisation", 1),
                               ("price_per_unit_hour", "price [$/unit-h]", 1),
                               ("revenue_app_usd", "end-user revenue [$B/yr]", 1e-9),
                               ("default_share", "default share", 1), ("price_war_index", "price-war index", 1),
                               ("capex_revenue_gap_ratio", "capex/revenue gap", 1),
                               ("financing_tightness", "financing tightness", 1), ("signal", "signal", 1)):
        q = res.quantiles(name)
        for j in range(0, len(res.periods), spy):
            rows.append((label, res.periods[j][:4], q[0, j] * scale, q[1, j] * scale, q[2, j] * scale))
    df = pd.DataFrame(rows, columns=["series", "year", "p5", "p50", "p95"])
    wide = df.pivot_table(index="series", columns="year", values="p50", sort=False)
    wide.insert(0, "series (p50)", wide.index)
    print_table(wide.reset_index(drop=True), title="Median path by year (start of year); p5/p95 in --json / --out")
    if files:
        console.print("wrote " + ", ".join(str(f) for f in files))


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """The bundled scenario presets with their sources.

    JSON: a list of {name, title, analogue, extends, description, references}.
    """
    from ..market import list_presets

    items = list_presets()
    if as_json:
        print_json(items)
        return
    df = pd.DataFrame({"preset": [i["name"] for i in items], "analogue": [i["analogue"] for i in items],
                       "extends": [i["extends"] or "—" for i in items], "title": [i["title"] for i in items],
                       "sources": ["; ".join(i["references"]) for i in items]})
    print_table(df, title="Market simulator presets (infranomics simulate --scenario NAME)", max_width=70)


@app.command("params")
def params(
    ctx: typer.Context,
    scenario: str = typer.Option("baseline", "--scenario", "-s", help="Preset or TOML file whose values to show."),
    block: str | None = typer.Option(None, "--block", help="Only this block (demand, efficiency, capacity, costs, "
                                     "finance, sentiment, investment, commitments, bust, signal)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Every parameter of a scenario: value or distribution, unit, allowed range and source."""
    from ..errors import unknown_name
    from ..market import BLOCKS, load_scenario
    from ..market.distributions import describe
    from ..market.params import field_info

    if block is not None and block not in BLOCKS:
        raise unknown_name("parameter block", block, BLOCKS, field="--block")
    sc = load_scenario(scenario, catalog=state(ctx).catalog)
    rows = []
    for path, value in sc.values.items():
        b, n = path.split(".")
        if block and b != block:
            continue
        info = field_info(b, n)
        rows.append({"parameter": path, "value": describe(value) if not isinstance(value, bool) else str(value),
                     "unit": info.get("unit", ""),
                     "range": f"[{info['lo']:g}, {info['hi']:g}]" if "lo" in info else "true|false",
                     "set by": sc.origins.get(path, "default"), "source": sc.sources.get(path, "")})
    if as_json:
        print_json(rows)
        return
    print_table(pd.DataFrame(rows), title=f"Parameters of '{sc.name}'", max_width=60)
