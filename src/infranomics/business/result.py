"""The result every business model returns: a per-period table and a summary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._json import jsonable
from .._version import __version__
from ..notes import codes as note_codes

__all__ = ["SUMMARY_MONEY", "BusinessResult"]

# Money fields of :func:`~infranomics.business.pnl.summarize` (the rest are ratios, years or rates).
SUMMARY_MONEY = ("revenue", "gross_profit", "net_income", "npv", "lowest_cash", "peak_funding_need")


@dataclass
class BusinessResult:
    """Per-period P&L/cash-flow table (``periods``) plus ``summary`` metrics and the ``inputs`` used.

    ``to_dict()`` is the public JSON contract of ``infranomics business <model> --json``:
    ``{"business", "currency", "currency_year", "periods": [rows], "summary": {...}, "inputs": {...}}``.
    Money in the table and in summary fields without ``usd`` in their name is in ``currency`` of
    ``currency_year`` (MaaS keeps its table in USD and says so); fields with ``usd`` in their name are
    in USD and, when ``currency`` is not USD, also given converted under the same name with the
    currency's code in place of ``usd`` (``revenue_cny_per_day``).
    """

    business: str
    periods: pd.DataFrame
    summary: dict
    inputs: dict = field(default_factory=dict)
    currency: str = "USD"
    currency_year: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return jsonable({"business": self.business, "currency": self.currency, "currency_year": self.currency_year,
                         "version": __version__, "periods": self.periods, "summary": self.summary,
                         "inputs": self.inputs, "notes": [str(n) for n in self.notes],
                         "note_codes": note_codes(self.notes)})

    def expressed_in(self, currency: str, rate: float, *, non_money_columns=(), money_keys=()) -> BusinessResult:
        """This result with its money in ``currency``: ``rate`` [currency per USD] multiplies every numeric table
        column except ``period`` and ``non_money_columns``, and every summary field named in ``money_keys``
        (numbers, or dicts/lists of them); summary fields with ``usd`` in their name keep their USD value and
        gain a converted copy. Used by models that compute in USD (GPU cloud, computing centre)."""
        if currency == self.currency:
            return self
        if self.currency != "USD":
            raise ValueError(f"expressed_in converts from USD, this result is in {self.currency}")
        df = self.periods.copy()
        for c in df.columns:
            if c != "period" and c not in non_money_columns and pd.api.types.is_numeric_dtype(df[c]):
                df[c] = df[c] * rate
        code = currency.lower()
        summary = {}
        for k, v in self.summary.items():
            summary[k] = _scaled(v, rate) if k in money_keys else _with_copies(v, rate, code)
            if "usd" in k:
                summary[k.replace("usd", code)] = _scaled(v, rate)
        return BusinessResult(self.business, df, summary, self.inputs | {"currency": currency}, currency,
                              self.currency_year, list(self.notes))

    def to_csv(self, path: str | Path) -> Path:
        """Write the per-period table to ``path`` (CSV) and the summary beside it (``.summary.json``)."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        self.periods.to_csv(p, index=False)
        p.with_suffix(".summary.json").write_text(json.dumps(self.to_dict()["summary"], indent=2, ensure_ascii=False))
        return p


def _scaled(v, rate: float):
    """A number, or the numbers in a dict or list, times ``rate`` (None and text unchanged)."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, dict):
        return {k: _scaled(x, rate) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_scaled(x, rate) for x in v]
    return float(v) * rate


def _with_copies(v, rate: float, code: str):
    """Rows (dicts, or lists of dicts) with a converted copy of each field that has ``usd`` in its name."""
    if isinstance(v, list):
        return [_with_copies(x, rate, code) for x in v]
    if isinstance(v, dict):
        out = dict(v)
        for k, x in v.items():
            if isinstance(k, str) and "usd" in k:
                out[k.replace("usd", code)] = _scaled(x, rate)
        return out
    return v
