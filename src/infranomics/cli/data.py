"""``infranomics data``: list, show, validate and cite the reference catalog."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from ..catalog import apply_filters, dataset_names, get_schema
from ..catalog.loader import check_references, merge_by_key
from ..catalog.validate import parse_table
from ..errors import InputError, unknown_name
from .main import state
from .render import console, print_csv, print_json, print_kv, print_table

app = typer.Typer(help="The sourced reference catalog: list, show, validate, cite.", no_args_is_help=True)


def _dataset(name: str) -> str:
    if name not in dataset_names():
        raise unknown_name("dataset", name, dataset_names(), field="NAME")
    return name


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """List the datasets with their row counts.

    JSON: a list of {name, title, rows, bundled_rows, user_files, key, columns}.
    """
    infos = state(ctx).catalog.info()
    if as_json:
        print_json([{"name": i.name, "title": i.title, "rows": i.rows, "bundled_rows": i.bundled_rows,
                     "user_files": list(i.user_files), "key": list(i.key), "columns": i.columns} for i in infos])
        return
    df = pd.DataFrame({"dataset": [i.name for i in infos], "rows": [i.rows for i in infos],
                       "user rows from": [", ".join(i.user_files) or "—" for i in infos],
                       "title": [i.title for i in infos]})
    print_table(df, title="infranomics reference catalog")


@app.command()
def show(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Dataset name (see `infranomics data list`)."),
    where: list[str] = typer.Option([], "--where", "-w", help="Filter COLUMN=VALUE; also != > >= < <= and ~ "
                                    "(contains). Repeatable; all must hold."),
    columns: str | None = typer.Option(None, "--columns", "-c", help="Comma-separated columns to show."),
    sort: str | None = typer.Option(None, "--sort", help="Sort by this column (prefix '-' for descending)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Show at most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="JSON list of row objects (all schema columns)."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV with the schema's columns."),
) -> None:
    """Show the rows of a dataset, optionally filtered."""
    if as_json and as_csv:
        raise InputError("choose one of --json and --csv", field="--json")
    dataset = _dataset(name)
    schema = get_schema(dataset)
    df = apply_filters(state(ctx).catalog.load(dataset), dataset, where, field="--where", indexed=False)
    if sort:
        col = sort.lstrip("-")
        if col not in df.columns:
            raise unknown_name(f"column of {dataset}", col, schema.column_names, field="--sort")
        df = df.sort_values(col, ascending=not sort.startswith("-"), kind="stable", na_position="last")
    if columns:
        cols = [c.strip() for c in columns.split(",") if c.strip()]
        for c in cols:
            if c not in df.columns:
                raise unknown_name(f"column of {dataset}", c, schema.column_names, field="--columns")
        df = df[cols]
    if limit:
        df = df.head(limit)
    if as_json:
        print_json(df)
    elif as_csv:
        print_csv(df)
    else:
        headers = {c.name: f"{c.name} [{c.unit}]" if c.unit else c.name for c in schema.columns}
        caption = f"{len(df)} rows · sources: infranomics data cite {dataset}"
        if len(df) <= 2 and not columns:  # a record view reads better than a very wide table
            for _, row in df.iterrows():
                print_kv(((headers[c], row[c]) for c in df.columns), title=f"{dataset}: {row.iloc[0]}")
            return
        if not columns:  # human view: the dataset's display columns; --columns or --json shows everything
            keep = list(schema.display) or [c for c in df.columns if c not in (
                "note", "source", "retrieved", "aliases", "price_source")]
            df = df[keep]
        print_table(df, title=f"{dataset} — {schema.title}", headers=headers, caption=caption)


@app.command()
def validate(
    ctx: typer.Context,
    path: Path | None = typer.Argument(None, help="A CSV file or a directory of CSVs; default: the bundled "
                                       "catalog plus user data directories."),
    dataset: str | None = typer.Option(None, "--dataset", help="Dataset the file follows (default: file name)."),
) -> None:
    """Check data files against their schemas: types, ranges, choices, provenance, keys, references.

    Exits 0 when everything passes; otherwise prints one line per problem and exits 2.
    """
    cat = state(ctx).catalog
    problems = []
    checked: list[tuple[str, int]] = []
    if path is None:
        problems = cat.validate()
        checked = [(i, len(cat.load(i))) for i in dataset_names()] if not problems else []
    else:
        if path.is_dir():
            files = sorted(path.glob("*.csv"))
            if not files:
                raise InputError(f"no .csv files in directory '{path}'", field="PATH")
        elif path.exists():
            files = [path]
        else:
            raise InputError(f"no such file or directory: '{path}'", field="PATH")
        for f in files:
            ds = dataset or f.stem
            if ds not in dataset_names():
                raise unknown_name("dataset", ds, dataset_names(), field="--dataset") if dataset else InputError(
                    f"{f}: file name does not match a dataset{_hint(ds)}; name it <dataset>.csv or pass --dataset",
                    field="PATH")
            df, probs = parse_table(f, get_schema(ds))
            if not probs and get_schema(ds).references:
                frames = {t: cat.load(t) for t in get_schema(ds).references.values()}
                probs = check_references(ds, df, frames, label=str(f))
            problems += probs
            checked.append((ds, len(df)))
    if problems:
        for p in problems:
            typer.echo(f"invalid: {p}", err=True)
        raise typer.Exit(2)
    rows = sum(n for _, n in checked)
    console.print(f"[green]ok[/]: {len(checked)} dataset file(s), {rows} rows — types, ranges, choices, "
                  f"provenance, keys and references all pass")


def _hint(ds: str) -> str:
    from ..errors import did_you_mean

    return did_you_mean(ds, dataset_names())


@app.command()
def cite(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Dataset name."),
    as_json: bool = typer.Option(False, "--json", help="JSON: {dataset, title, sources: [{source, rows, "
                                 "retrieved, confidence}]}."),
) -> None:
    """List the sources behind a dataset, with how many rows each supports."""
    dataset = _dataset(name)
    cat = state(ctx).catalog
    src = cat.cite(dataset)
    if as_json:
        print_json({"dataset": dataset, "title": get_schema(dataset).title, "sources": src})
        return
    print_table(src, title=f"Sources of {dataset}", max_width=100)


@app.command()
def schema(
    name: str = typer.Argument(..., help="Dataset name."),
    as_json: bool = typer.Option(False, "--json", help="JSON list of columns."),
) -> None:
    """Show a dataset's schema: columns, types, units, required, allowed range."""
    s = get_schema(_dataset(name))
    df = pd.DataFrame({
        "column": [c.name for c in s.columns], "type": [c.type for c in s.columns],
        "unit": [c.unit for c in s.columns], "required": [c.required for c in s.columns],
        "allowed": [c.describe_range() for c in s.columns], "description": [c.description for c in s.columns],
    })
    if as_json:
        print_json({"dataset": s.name, "title": s.title, "key": list(s.key), "columns": df})
        return
    print_table(df, title=f"{s.name} — {s.title} (key: {', '.join(s.key)})", max_width=70)


@app.command("import-litellm")
def import_litellm(
    path: Path = typer.Argument(..., help="Local copy of LiteLLM's model_prices_and_context_window.json."),
    out: Path = typer.Option(..., "--out", help="User data directory to write token_prices.csv into "
                             "(then use it with --data-dir or INFRANOMICS_DATA)."),
    as_of: str = typer.Option(None, "--as-of", help="Date the prices were observed, YYYY-MM-DD (default: today)."),
    provider: list[str] = typer.Option(None, "--provider", help="Keep only this provider (LiteLLM id or catalog "
                                       "name, e.g. openai, Anthropic); repeat for several."),
    merge: bool = typer.Option(False, "--merge", help="Add to an existing token_prices.csv in --out (rows already "
                               "there with the same key are kept)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable summary."),
) -> None:
    """Import API token prices from a local copy of LiteLLM's price file into a user data directory.

    Nothing is downloaded. The rows are validated against the token_prices schema before anything is written,
    and an existing file is never overwritten (use --merge to add to it).
    """
    import datetime as dt

    from ..catalog.litellm import token_prices_from_litellm

    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise InputError(f"--as-of must be a date YYYY-MM-DD, got '{as_of}'", field="--as-of") from None
    rows, skipped = token_prices_from_litellm(path, effective_date=day, retrieved=dt.date.today(),
                                              providers=provider or None)
    if rows.empty:
        raise InputError(f"{path}: no text-API prices to import" + (f" for provider(s) {', '.join(provider)}"
                                                                     if provider else "")
                         + (f" (skipped: {_skips(skipped)})" if skipped else ""), field="PATH")
    schema = get_schema("token_prices")
    target = out / "token_prices.csv"
    if target.exists() and not merge:
        raise InputError(f"{target} exists; pass --merge to add the imported rows to it (its rows are kept), or "
                         f"choose another --out", field="--out")
    if out.exists() and not out.is_dir():
        raise InputError(f"--out must be a directory, got the file '{out}'", field="--out")
    existing = pd.DataFrame()
    if target.exists():
        existing, probs = parse_table(target, schema)
        if probs:
            raise InputError(f"cannot merge into {target}: {probs[0]}", field="--out")
    new = rows[[c.name for c in schema.columns if c.name in rows]]
    if not existing.empty:  # the catalog's own key merge: the rows already in the file win
        new = merge_by_key(new, existing, schema)
    added = len(new) - len(existing)
    text = new.to_csv(index=False, date_format="%Y-%m-%d")
    _, probs = parse_table(target, schema, text=text)  # the file must load exactly as written
    if probs:
        raise InputError(f"imported rows do not pass the token_prices schema: {probs[0]}", field="PATH")
    out.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".csv.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    summary = {"file": str(target), "rows_added": added, "rows_in_file": len(new), "effective_date": day.isoformat(),
               "providers": int(rows["provider"].nunique()), "skipped": skipped}
    if as_json:
        print_json(summary)
        return
    console.print(f"[green]wrote[/] {target}: {added} price rows added from {summary['providers']} providers "
                  f"({len(new)} rows in the file), dated {day.isoformat()}"
                  + (f"; skipped {_skips(skipped)}" if skipped else ""))
    console.print(f"use them with: infranomics --data-dir {out} data show token_prices")


def _skips(skipped: dict[str, int]) -> str:
    return ", ".join(f"{n} {why}" for why, n in skipped.items())
