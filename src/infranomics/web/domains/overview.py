"""The home page: every accelerator at a glance (specs, published rent, levelized cost) and a map
of the dashboard. The same headline as ``infranomics overview``."""

from __future__ import annotations

import math
from typing import Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from ... import cost
from ..._json import jsonable
from ..deps import CatalogDep
from ..errors import ERROR_RESPONSES
from ..registry import Domain, Page

__all__ = ["DOMAIN", "OverviewResponse"]


class AcceleratorRow(BaseModel):
    accelerator: str = Field(description="Catalog name.")
    vendor: str
    launch_year: int | None = Field(None, description="[year]")
    bf16_tflops: float | None = Field(None, description="Dense BF16 peak. [TFLOP/s]")
    fp8_tflops: float | None = Field(None, description="Dense FP8 peak. [TFLOP/s]")
    hbm_gb: float | None = Field(None, description="HBM capacity. [GB]")
    hbm_tbps: float | None = Field(None, description="HBM bandwidth. [TB/s]")
    tdp_w: float | None = Field(None, description="Thermal design power. [W]")
    rent_per_gpu_hour: float | None = Field(None, description="Median published USD rental price in the latest "
                                            "year with quotes, in the display currency. [currency/GPU-h]")
    rent_quotes: int = Field(0, description="How many published quotes the median is over.")
    rent_year: int | None = Field(None, description="Year of those quotes. [year]")
    cost_per_gpu_hour: float | None = Field(None, description="Levelized all-in cost per busy GPU-hour at the "
                                            "default assumptions, in the display currency. [currency/GPU-h]")
    usd_per_gpu_hour: float | None = Field(None, description="The same in USD. [USD/GPU-h]")
    error: str | None = Field(None, description="Why the cost could not be estimated (e.g. no price in the "
                                                "catalog).")


class DatasetCount(BaseModel):
    name: str
    title: str
    rows: int


class OverviewResponse(BaseModel):
    currency: str = Field(description="Display currency.")
    currency_year: int = Field(description="Year of the money. [year]")
    utilization: float = Field(description="Utilization of the default estimate. [fraction]")
    accelerators: list[AcceleratorRow]
    datasets: list[DatasetCount]


router = APIRouter(prefix="/overview", tags=["overview"], responses=ERROR_RESPONSES)


def _num(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


@router.get("", response_model=OverviewResponse, summary="Every accelerator at a glance")
def overview(request: Request, catalog: CatalogDep,
             currency: Literal["USD", "CNY", "EUR"] = Query("USD", description="Display currency.")) -> dict:
    """Specs, the median published rental price and the levelized cost per busy GPU-hour of every
    accelerator in the catalog (default assumptions: colocation, US industrial power, 60% busy).
    The cost column is ``cost.estimate(gpu).to_dict()``; rent is catalog data (USD quotes)."""
    cache = request.app.state.cache.setdefault("overview", {})
    if currency in cache:
        return cache[currency]
    df = cost.accelerator_headline(catalog, currency)
    rows = [{k: v for k, v in r.items() if not (k == "error" and v is None)} for r in jsonable(df)]
    util = next((r["utilization"] for r in rows if r.get("utilization") is not None), None)
    year = df.attrs["currency_year"]
    out = jsonable({
        "currency": currency, "currency_year": year, "utilization": util if util is not None else math.nan,
        "accelerators": rows,
        "datasets": [{"name": i.name, "title": i.title, "rows": i.rows} for i in catalog.info()],
    })
    cache[currency] = out
    return out


DOMAIN = Domain(name="overview", router=router,
                pages=(Page("overview", order=10, sources=("accelerators", "gpu_rental_prices", "cost_assumptions")),))
