"""Published rental prices of an accelerator (dataset ``gpu_rental_prices``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, default_catalog
from ..errors import InputError
from .accelerator import get_accelerator

__all__ = ["RentalQuote", "median_rental_usd"]


@dataclass(frozen=True)
class RentalQuote:
    """The median of an accelerator's published USD rental prices in the latest year with quotes."""

    accelerator: str
    usd_per_gpu_hour: float  #: median price [USD/GPU-h]
    year: int  #: year of the quotes (also their currency year)
    quotes: int  #: number of quotes behind the median

    @property
    def label(self) -> str:
        return f"median of {self.quotes} published {self.accelerator} prices, {self.year}"


def median_rental_usd(gpu: str, catalog: Catalog | None = None) -> RentalQuote:
    """Median published USD rental price of ``gpu`` (break-even estimates excluded). [USD/GPU-h]

    Raises :class:`InputError` when the catalog has no USD quote for the accelerator.
    """
    cat = catalog or default_catalog()
    acc = get_accelerator(gpu, cat)
    df = cat.load("gpu_rental_prices")
    df = df[(df["accelerator"] == acc.name) & (df["currency"] == "USD") & (df["contract"] != "break-even")]
    if df.empty:
        raise InputError(f"no published USD rental price for {acc.name} in the catalog; give a GPU-hour price "
                         f"(e.g. --gpu-hour-usd) or use owned hardware", field="gpu_hour_usd")
    year = int(df["date"].dt.year.max())
    latest = df[df["date"].dt.year == year]
    return RentalQuote(acc.name, float(latest["price_per_gpu_hour"].median()), year, len(latest))
