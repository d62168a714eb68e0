"""Canonical units, time constants, and money across currencies and years.

Money is USD unless a name says otherwise. Every money value in data carries a currency
and a currency year; :func:`convert` changes currency at the annual-average rate of that
year (catalog dataset ``fx_rates``) and :func:`deflate` moves US dollars between years with
US CPI-U (dataset ``cpi``). A year or currency outside those tables raises
:class:`~infranomics.errors.InputError` — it is never filled in silently.
"""

from __future__ import annotations

import numpy as np

from .catalog import Catalog, default_catalog
from .errors import InputError, unknown_name

__all__ = [
    "GLOSSARY",
    "HOURS_PER_MONTH",
    "HOURS_PER_YEAR",
    "SECONDS_PER_HOUR",
    "TOKENS_PER_MTOK",
    "convert",
    "cpi_years",
    "deflate",
    "fx_rate",
    "fx_years",
    "to_usd",
]

#: Hours in a (non-leap) year. [h]
HOURS_PER_YEAR = 8760.0
#: Average hours in a month (8760 / 12). [h]
HOURS_PER_MONTH = HOURS_PER_YEAR / 12.0
#: Seconds in an hour. [s]
SECONDS_PER_HOUR = 3600.0
#: Tokens in one million tokens (prices are quoted per million). [tok]
TOKENS_PER_MTOK = 1e6

#: The one vocabulary of names and canonical units (docs/glossary.md is written from this).
GLOSSARY: dict[str, tuple[str, str]] = {
    "bf16_tflops": ("TFLOP/s", "Dense BF16 tensor peak of one accelerator."),
    "hbm_gb": ("GB", "HBM capacity of one accelerator (decimal)."),
    "hbm_tbps": ("TB/s", "Peak HBM bandwidth of one accelerator."),
    "tdp_w": ("W", "Thermal design power of one accelerator."),
    "kw_per_gpu": ("kW", "All-in IT power per accelerator (chip, host share, network)."),
    "pue": ("-", "Power usage effectiveness: facility power / IT power."),
    "utilization": ("fraction", "Share of hours an accelerator does paid work (0-1, not percent)."),
    "cache_hit": ("fraction", "Share of input tokens served from a prefix/KV cache."),
    "tokens_per_s": ("tok/s", "Token throughput."),
    "usd_per_gpu_hour": ("USD/GPU-h", "Cost or price of one accelerator for one hour."),
    "usd_per_mtok": ("USD/Mtok", "Cost or price of one million tokens."),
    "price_kwh_usd": ("USD/kWh", "Electricity price."),
    "capex_usd": ("USD", "Capital expenditure (overnight cost)."),
    "usd_per_mw": ("USD/MW", "Cost per MW of critical IT load."),
    "usd_per_kw_month": ("USD/kW-month", "Colocation rent per kW of critical IT capacity per month."),
    "life_years": ("years", "Asset life (accounting or economic, as named)."),
    "wacc": ("fraction/year", "Weighted average cost of capital, nominal, per year."),
    "capacity_gw": ("GW", "Critical IT capacity."),
    "ttft_s": ("s", "Time to first token."),
    "tpot_s": ("s", "Time per output token after the first."),
    "currency_year": ("year", "Year whose prices a money value is expressed in."),
}


def _cat(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else default_catalog()


def _fx_table(catalog: Catalog | None) -> dict[tuple[str, int], float]:
    cat = _cat(catalog)

    def build() -> dict[tuple[str, int], float]:
        df = cat.load("fx_rates")
        return {(str(c).upper(), int(y)): float(r)
                for c, y, r in zip(df["currency"], df["year"], df["units_per_usd"], strict=True)}

    return cat.memo("fx_table", build)


def _cpi_table(catalog: Catalog | None) -> dict[int, float]:
    cat = _cat(catalog)
    return cat.memo("cpi_table", lambda: {int(y): float(v) for y, v in zip(cat.load("cpi")["year"],
                                                                           cat.load("cpi")["cpi_u"], strict=True)})


def fx_years(currency: str, catalog: Catalog | None = None) -> list[int]:
    """Years for which an annual-average rate of ``currency`` per USD is in the catalog."""
    if currency.upper() == "USD":
        return cpi_years(catalog)
    return sorted(y for (c, y) in _fx_table(catalog) if c == currency.upper())


def _years_span(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if years else "none"


def fx_rate(currency: str, year: int, catalog: Catalog | None = None) -> float:
    """Annual-average units of ``currency`` per US dollar in ``year``. [currency/USD]"""
    cur = str(currency).upper()
    if cur == "USD":
        return 1.0
    table = _fx_table(catalog)
    currencies = sorted({c for c, _ in table} | {"USD"})
    if cur not in currencies:
        raise unknown_name("currency", currency, currencies, field="currency")
    key = (cur, int(year))
    if key not in table:
        years = fx_years(cur, catalog)
        raise InputError(f"no {cur}/USD exchange rate for year {year}; the fx_rates table covers "
                         f"{_years_span(years)}", field="currency_year")
    return table[key]


def convert(value, from_currency: str, to_currency: str, year: int, catalog: Catalog | None = None):
    """Convert money between currencies at ``year``'s annual-average rate (same currency year).

    Parameters
    ----------
    value : numeric
        Amount in ``from_currency``. [from_currency]
    from_currency, to_currency : str
        ISO codes, e.g. ``"CNY"``, ``"USD"``.
    year : int
        Currency year of the amount; the rate of that year is used. [year]
    """
    if str(from_currency).upper() == str(to_currency).upper():
        return value
    usd = np.asarray(value, dtype=float) / fx_rate(from_currency, year, catalog)
    out = usd * fx_rate(to_currency, year, catalog)
    return out.item() if np.ndim(out) == 0 else out


def cpi_years(catalog: Catalog | None = None) -> list[int]:
    """Years covered by the bundled US CPI-U table."""
    return sorted(_cpi_table(catalog))


def _cpi(year: int, catalog: Catalog | None) -> float:
    table = _cpi_table(catalog)
    if int(year) not in table:
        raise InputError(f"no US CPI for year {year}; the cpi table covers {_years_span(cpi_years(catalog))}",
                         field="currency_year")
    return table[int(year)]


def deflate(value, from_year: int, to_year: int, catalog: Catalog | None = None):
    """Express US-dollar ``value`` of ``from_year`` in dollars of ``to_year`` (CPI-U ratio). [USD]"""
    if int(from_year) == int(to_year):
        return value
    out = np.asarray(value, dtype=float) * (_cpi(to_year, catalog) / _cpi(from_year, catalog))
    return out.item() if np.ndim(out) == 0 else out


def to_usd(value, currency: str, year: int, *, to_year: int | None = None, catalog: Catalog | None = None):
    """Money in ``currency`` of ``year`` → US dollars (of ``to_year`` if given, else of ``year``).

    Converts at the rate of the value's own year, then deflates with US CPI — the usual
    convention for comparing costs quoted in different currencies and years.
    """
    usd = convert(value, currency, "USD", year, catalog)
    return usd if to_year is None else deflate(usd, year, to_year, catalog)
