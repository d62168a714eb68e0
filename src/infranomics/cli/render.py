"""Rendering helpers shared by every CLI command: rich tables, stable JSON, CSV."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping

import pandas as pd
from rich.console import Console
from rich.table import Table

from .._json import jsonable


def _console(stderr: bool = False) -> Console:
    """A console that is at least 160 columns wide when output is not a terminal (logs, pipes)."""
    c = Console(stderr=stderr)
    if not c.is_terminal:
        c = Console(stderr=stderr, width=160)
    return c


console = _console()
err_console = _console(stderr=True)


def print_json(obj) -> None:
    """Print ``obj`` as indented UTF-8 JSON to stdout."""
    sys.stdout.write(json.dumps(jsonable(obj), ensure_ascii=False, indent=2) + "\n")


def print_csv(df: pd.DataFrame) -> None:
    """Print a DataFrame as CSV (dates ISO) to stdout."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    sys.stdout.write(out.to_csv(index=False))


def fmt_cell(v, digits: int = 4) -> str:
    """Short human text of one value."""
    v = jsonable(v)
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if v == 0:
            return "0"
        if abs(v) >= 1000 or v.is_integer():
            return f"{v:,.0f}"
        return f"{v:.{digits}g}"
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 1e4 else str(v)
    return str(v)


def print_table(df: pd.DataFrame, title: str | None = None, headers: Mapping[str, str] | None = None,
                max_width: int | None = 60, caption: str | None = None) -> None:
    """Print a DataFrame as a rich table; ``headers`` maps column → header text (e.g. with units)."""
    table = Table(title=title, caption=caption, show_lines=False, header_style="bold")
    headers = headers or {}
    for c in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
        table.add_column(headers.get(c, str(c)), justify="right" if numeric else "left",
                         max_width=max_width, overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*(fmt_cell(v) for v in row))
    console.print(table)


def print_kv(pairs: Iterable[tuple[str, object]], title: str | None = None) -> None:
    """Print label/value pairs as a two-column table."""
    table = Table(title=title, show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="left", overflow="fold")
    for k, v in pairs:
        table.add_row(k, fmt_cell(v))
    console.print(table)
