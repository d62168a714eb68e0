"""The result every business model returns: a per-period table and a summary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._json import jsonable
from .._version import __version__

__all__ = ["BusinessResult"]


@dataclass
class BusinessResult:
    """Per-period P&L/cash-flow table (``periods``) plus ``summary`` metrics and the ``inputs`` used.

    ``to_dict()`` is the public JSON contract of ``infranomics business <model> --json``:
    ``{"business", "currency", "currency_year", "periods": [rows], "summary": {...}, "inputs": {...}}``.
    Money columns are in USD of ``currency_year``; summary fields ending in ``_usd`` likewise, and
    when ``currency`` is not USD the same fields are also given converted (``_cny``).
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
                         "inputs": self.inputs, "notes": self.notes})

    def to_csv(self, path: str | Path) -> Path:
        """Write the per-period table to ``path`` (CSV) and the summary beside it (``.summary.json``)."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        self.periods.to_csv(p, index=False)
        p.with_suffix(".summary.json").write_text(json.dumps(self.to_dict()["summary"], indent=2, ensure_ascii=False))
        return p
