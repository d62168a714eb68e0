"""The headline table: every accelerator's specs, median published rent and levelized cost.

Shared by ``infranomics overview`` and ``GET /api/v1/overview`` so both show the same numbers.
"""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..errors import InputError
from ..hardware import median_rental_usd
from ..units import convert
from .chain import default_currency_year, estimate

__all__ = ["accelerator_headline"]


def accelerator_headline(catalog: Catalog | None = None, currency: str = "USD") -> pd.DataFrame:
    """One row per accelerator with default cost assumptions (colocation, US power, 60% busy).

    Columns: ``accelerator``, ``vendor``, ``launch_year``, peak and memory specs, ``rent_per_gpu_hour``
    (median published USD rent of the latest year with quotes, converted to ``currency``),
    ``rent_quotes``, ``rent_year``, ``usd_per_gpu_hour`` and ``cost_per_gpu_hour`` (levelized cost per
    busy hour in USD and in ``currency``), ``utilization`` and ``error`` (why a cost is missing).
    Money is in ``currency`` of ``attrs["currency_year"]``.
    """
    cat = catalog or default_catalog()
    year = default_currency_year(cat)
    rows = []
    for _, r in cat.load("accelerators").iterrows():
        row = {"accelerator": str(r["name"]), "vendor": str(r["vendor"]), "launch_year": r["launch_year"],
               **{k: r[k] for k in ("bf16_tflops", "fp8_tflops", "hbm_gb", "hbm_tbps", "tdp_w")},
               "rent_per_gpu_hour": None, "rent_quotes": 0, "rent_year": None, "usd_per_gpu_hour": None,
               "cost_per_gpu_hour": None, "utilization": None, "error": None}
        try:
            q = median_rental_usd(str(r["name"]), cat)
            row.update(rent_per_gpu_hour=float(convert(q.usd_per_gpu_hour, "USD", currency, year, cat)),
                       rent_quotes=q.quotes, rent_year=q.year)
        except InputError:
            pass
        try:
            d = estimate(str(r["name"]), currency=currency, currency_year=year, catalog=cat).to_dict()
            row.update(usd_per_gpu_hour=d["usd_per_gpu_hour"], utilization=d["utilization"],
                       cost_per_gpu_hour=d["usd_per_gpu_hour"] if currency == "USD"
                       else d[f"{currency.lower()}_per_gpu_hour"])
        except InputError as exc:
            row["error"] = exc.message
        rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs.update(currency=currency, currency_year=year)
    return df
