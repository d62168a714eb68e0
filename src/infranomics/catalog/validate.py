"""Read a catalog CSV against its schema: parse types, check ranges, choices, provenance and keys.

Every problem is reported with the file, the CSV line number (header = line 1) and the
column, so a user can fix a bad file without reading code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError, did_you_mean
from .schema import Column, DatasetSchema

__all__ = ["Problem", "parse_table", "raise_first"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file."""

    file: str
    row: int | None  # CSV line number (header is line 1); None for whole-file problems
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'" if self.row is not None else f": column '{self.column}'"
        return f"{where}: {self.message}"


def raise_first(problems: list[Problem]) -> None:
    """Raise a one-line :class:`DataError` for the first problem (and count the rest)."""
    if not problems:
        return
    more = f" (and {len(problems) - 1} more problem(s); `infranomics data validate` lists them all)" if len(
        problems) > 1 else ""
    raise DataError(f"{problems[0]}{more}", field=problems[0].column)


_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}


def _parse_cell(col: Column, text: str):
    """Parse one non-empty cell; return (value, error message or None)."""
    if col.type == "str":
        value = text
    elif col.type == "float":
        try:
            value = float(text)
        except ValueError:
            return None, f"expected a number{_unit(col)}, got '{text}'"
        if not math.isfinite(value):
            return None, f"expected a finite number, got '{text}'"
    elif col.type == "int":
        try:
            f = float(text)
        except ValueError:
            return None, f"expected an integer{_unit(col)}, got '{text}'"
        if not math.isfinite(f) or not f.is_integer():
            return None, f"expected an integer{_unit(col)}, got '{text}'"
        value = int(f)
    elif col.type == "date":
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            return None, f"expected a date YYYY-MM-DD, got '{text}'"
    elif col.type == "bool":
        low = text.lower()
        if low not in _TRUE | _FALSE:
            return None, f"expected yes/no, got '{text}'"
        value = low in _TRUE
    else:  # pragma: no cover - schema types are checked when schemas load
        raise RuntimeError(col.type)
    if col.allowed:
        for a in col.allowed:
            if str(value).lower() == a.lower():
                return a, None
        return None, f"'{text}' is not allowed (allowed: {', '.join(col.allowed)}){did_you_mean(text, col.allowed)}"
    if col.type in ("float", "int") and (
            (col.min is not None and value < col.min) or (col.max is not None and value > col.max)):
        return None, f"{text}{_unit(col)} is outside the allowed range {col.describe_range()}"
    return value, None


def _unit(col: Column) -> str:
    return f" [{col.unit}]" if col.unit else ""


def parse_table(source: str | Path, schema: DatasetSchema, *, text: str | None = None) -> tuple[
        pd.DataFrame, list[Problem]]:
    """Parse a CSV file (or ``text``) against ``schema``.

    Returns the typed DataFrame (columns in schema order, missing optional columns as NA)
    and the list of problems found. Rows with a problem are still returned where they parsed,
    so callers decide whether to raise (:func:`raise_first`) or report all.
    """
    label = str(source)
    problems: list[Problem] = []
    if text is None:
        path = Path(source)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return _empty(schema), [Problem(label, None, None, "file not found")]
        except OSError as exc:
            return _empty(schema), [Problem(label, None, None, f"cannot read file: {exc.strerror}")]
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return _empty(schema), [Problem(label, None, None, f"not UTF-8 text (byte {exc.start})")]
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return _empty(schema), [Problem(label, None, None, "file is empty (expected a header row)")]
    except csv.Error as exc:
        return _empty(schema), [Problem(label, 1, None, f"malformed CSV: {exc}")]
    header = [h.strip() for h in header]
    known = set(schema.column_names)
    seen: set[str] = set()
    for h in header:
        if not h:
            problems.append(Problem(label, 1, None, "empty column name in header"))
        elif h in seen:
            problems.append(Problem(label, 1, h, "column appears twice in the header"))
        elif h not in known:
            problems.append(Problem(label, 1, h, f"unknown column for dataset '{schema.name}'"
                                    f"{did_you_mean(h, schema.column_names)}"))
        seen.add(h)
    for col in schema.columns:
        if col.required and col.name not in seen:
            problems.append(Problem(label, 1, col.name, "required column is missing from the header"))
    if problems:
        return _empty(schema), problems

    records: list[dict] = []
    lines: list[int] = []
    by_name = {c.name: c for c in schema.columns}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue  # blank line
            if len(cells) != len(header):
                problems.append(Problem(label, line, None, f"has {len(cells)} cells but the header has {len(header)}"))
                continue
            rec: dict = {}
            for h, cell in zip(header, cells, strict=True):
                col = by_name[h]
                cell = cell.strip()
                if cell == "":
                    if col.required:
                        problems.append(Problem(label, line, h, "required value is empty"))
                    rec[h] = None
                    continue
                value, err = _parse_cell(col, cell)
                if err:
                    problems.append(Problem(label, line, h, err))
                rec[h] = value
            for group in schema.together:
                filled = [g for g in group if rec.get(g) is not None]
                if filled and len(filled) != len(group):
                    missing = [g for g in group if rec.get(g) is None]
                    problems.append(Problem(label, line, missing[0],
                                            f"must be given together with {', '.join(filled)}"))
            records.append(rec)
            lines.append(line)
    except csv.Error as exc:
        problems.append(Problem(label, reader.line_num, None, f"malformed CSV: {exc}"))

    df = pd.DataFrame.from_records(records, columns=list(schema.column_names)) if records else _empty(schema)
    df = _coerce(df, schema)
    # duplicate keys within the file
    if records:
        first_line: dict[tuple, int] = {}
        for rec, line in zip(records, lines, strict=True):
            k = tuple(_key_part(rec.get(c)) for c in schema.key)
            if k in first_line:
                desc = ", ".join(f"{c}={rec.get(c)!s}" for c in schema.key)
                problems.append(Problem(label, line, schema.key[0],
                                        f"duplicate key ({desc}) also on row {first_line[k]}"))
            else:
                first_line[k] = line
    df.attrs["lines"] = lines
    return df, problems


def _key_part(v):
    return v.lower() if isinstance(v, str) else v


def _empty(schema: DatasetSchema) -> pd.DataFrame:
    return _coerce(pd.DataFrame({c: [] for c in schema.column_names}), schema)


def _coerce(df: pd.DataFrame, schema: DatasetSchema) -> pd.DataFrame:
    """Give every column its schema dtype (nullable ints, floats, datetimes, strings)."""
    out = {}
    for col in schema.columns:
        s = df[col.name] if col.name in df else pd.Series([None] * len(df), dtype=object)
        if col.type == "float":
            out[col.name] = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col.type == "int":
            out[col.name] = pd.to_numeric(s, errors="coerce").astype("Int64")
        elif col.type == "date":
            out[col.name] = pd.to_datetime(s, errors="coerce")
        elif col.type == "bool":
            out[col.name] = s.astype("boolean")
        else:
            out[col.name] = s.astype("string")
    return pd.DataFrame(out, index=range(len(df)))
