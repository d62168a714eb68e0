"""Default cost assumptions, read from the ``cost_assumptions`` catalog dataset.

Every default the cost model uses lives in data with its source (or the reason it is an
assumption), so a user can see it with ``infranomics data show cost_assumptions`` and
override it from a data directory.
"""

from __future__ import annotations

import math

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..errors import DataError

__all__ = ["assumption", "assumption_for", "assumption_row", "network_usd_per_gpu"]


def _table(catalog: Catalog | None) -> dict[tuple[str, str], tuple[float, str | None, int | None]]:
    cat = catalog or default_catalog()
    return cat.memo("cost_assumptions_table", lambda: _build_table(cat))


def _build_table(cat: Catalog) -> dict[tuple[str, str], tuple[float, str | None, int | None]]:
    df = cat.load("cost_assumptions")
    out = {}
    for p, s, v, c, y in zip(df["parameter"], df["scope"], df["value"], df["currency"], df["currency_year"],
                             strict=True):
        out[(str(p), str(s))] = (float(v), None if pd.isna(c) else str(c), None if pd.isna(y) else int(y))
    return out


def assumption(parameter: str, scope: str = "default", catalog: Catalog | None = None, *,
               to_year: int | None = None) -> float:
    """Value of a default assumption; money values are converted to USD of ``to_year`` if given."""
    table = _table(catalog)
    if (parameter, scope) not in table:
        raise DataError(f"cost_assumptions has no row parameter='{parameter}', scope='{scope}'")
    value, cur, year = table[(parameter, scope)]
    if cur is not None and year is not None and (cur != "USD" or to_year is not None):
        from ..units import to_usd

        value = float(to_usd(value, cur, year, to_year=to_year, catalog=catalog))
    return value


def assumption_row(parameter: str, scope: str = "default", catalog: Catalog | None = None) -> dict:
    """The catalog row of a default assumption as a dict (value, unit, currency, currency_year, source,
    confidence…), to say in results where a default came from."""
    cat = catalog or default_catalog()

    def build() -> dict:
        df = cat.load("cost_assumptions")
        hit = df[(df["parameter"] == parameter) & (df["scope"] == scope)]
        if hit.empty:
            raise DataError(f"cost_assumptions has no row parameter='{parameter}', scope='{scope}'")
        return {k: (None if pd.isna(v) else v) for k, v in hit.iloc[0].to_dict().items()}

    return dict(cat.memo(f"assumption_row:{parameter}:{scope}", build))


def assumption_for(parameter: str, scopes: list[str], catalog: Catalog | None = None, *,
                   to_year: int | None = None) -> float:
    """Value of ``parameter`` for the first scope that has a row (e.g. accelerator name, family),
    falling back to ``default``."""
    table = _table(catalog)
    for scope in [*scopes, "default"]:
        if (parameter, scope) in table:
            return assumption(parameter, scope, catalog, to_year=to_year)
    raise DataError(f"cost_assumptions has no row for parameter '{parameter}' (scopes tried: "
                    f"{', '.join([*scopes, 'default'])})")


def network_usd_per_gpu(cluster_gpus: int, scaleout_gbit_s: float | None = None, catalog: Catalog | None = None,
                        to_year: int | None = None) -> float:
    """Scale-out network capex per accelerator for a cluster size tier. [USD/GPU]

    Tiers follow the number of switch layers an InfiniBand fat tree needs (E. Cheah's
    cost sheet, Aug 2024): <=16, <=512, <=16,384 and larger clusters. Cost scales linearly
    with the accelerator's scale-out bandwidth relative to 400 Gb/s.
    """
    table = _table(catalog)
    tiers = sorted(
        ((math.inf if s.startswith(">") else float(s.lstrip("<=")), s)
         for (p, s) in table if p == "network_usd_per_gpu"),
    )
    if not tiers:
        raise DataError("cost_assumptions has no network_usd_per_gpu rows")
    scope = next((s for limit, s in tiers if cluster_gpus <= limit), tiers[-1][1])
    base = assumption("network_usd_per_gpu", scope, catalog, to_year=to_year)
    ref = assumption("network_reference_gbit_s", catalog=catalog)
    scale = 1.0 if not scaleout_gbit_s else float(scaleout_gbit_s) / ref
    return base * scale
