"""Layer 2 of the cost model: small frozen dataclasses that hold a configuration.

Money is USD of one currency year (``CostInputs.currency_year``); conversions happen when
the inputs are built (:mod:`infranomics.cost.chain`), never inside the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checks import check_fraction, check_in, check_nonnegative, check_positive, check_range
from ..errors import InputError
from .finance import wacc as _wacc

__all__ = ["Facility", "Financing", "HardwareCapex", "Life", "Opex", "Power", "Throughput"]


@dataclass(frozen=True)
class HardwareCapex:
    """Overnight hardware cost per accelerator. [USD]"""

    chip: float
    server: float = 0.0
    network: float = 0.0
    storage_install: float = 0.0

    def __post_init__(self) -> None:
        for name in ("chip", "server", "network", "storage_install"):
            check_nonnegative(getattr(self, name), f"capex.{name}", unit="USD")

    @property
    def total(self) -> float:
        """All-in hardware capex per accelerator. [USD]"""
        return self.chip + self.server + self.network + self.storage_install

    def parts(self) -> dict[str, float]:
        return {"chip": self.chip, "server": self.server, "network": self.network,
                "storage_install": self.storage_install}


@dataclass(frozen=True)
class Facility:
    """Where the accelerators live: colocation (rent per kW-month) or an own build ($/MW)."""

    mode: str = "colo"  #: "colo" or "build"
    pue: float = 1.3  #: power usage effectiveness [-]
    colo_usd_per_kw_month: float = 184.06  #: colocation rent [USD/kW-month]
    build_usd_per_mw: float = 11.7e6  #: build cost per MW of critical IT [USD/MW]
    soft_cost_frac: float = 0.15  #: land/soft costs on top of build cost [fraction]
    om_frac: float = 0.02  #: facility O&M per year [fraction of build cost]
    life_years: float = 20.0  #: facility life [years]
    rent_source: str | None = None  #: where the colocation rent came from (user or cost_assumptions key), provenance
    build_source: str | None = None  #: where the build cost per MW came from (user or cost_assumptions key)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", check_in(self.mode, "facility", ("colo", "build")))
        check_range(self.pue, "pue", 1.0, 3.5)
        check_nonnegative(self.colo_usd_per_kw_month, "colo_usd_per_kw_month", unit="USD/kW-month")
        check_nonnegative(self.build_usd_per_mw, "build_usd_per_mw", unit="USD/MW")
        check_positive(self.life_years, "facility_life_years", unit="years")


@dataclass(frozen=True)
class Power:
    """Electricity: price and how much of the maximum IT power is drawn."""

    price_kwh: float  #: electricity price [USD/kWh]
    it_kw: float  #: maximum IT power per accelerator [kW]
    busy_draw_frac: float = 0.8  #: draw while busy [fraction of it_kw]
    idle_draw_frac: float = 0.3  #: draw while idle [fraction of it_kw]
    region: str | None = None  #: where the price came from (catalog region), for provenance

    def __post_init__(self) -> None:
        check_nonnegative(self.price_kwh, "power_price_kwh", unit="USD/kWh")
        check_positive(self.it_kw, "it_kw", unit="kW")
        check_fraction(self.busy_draw_frac, "busy_draw_frac")
        check_fraction(self.idle_draw_frac, "idle_draw_frac")
        if self.idle_draw_frac > self.busy_draw_frac:
            raise InputError(f"idle_draw_frac ({self.idle_draw_frac:g}) cannot exceed busy_draw_frac "
                             f"({self.busy_draw_frac:g})", field="idle_draw_frac")


@dataclass(frozen=True)
class Opex:
    """Operating costs other than power and facility."""

    maintenance_frac: float = 0.03  #: hardware support per year [fraction of hardware capex]
    insurance_frac: float = 0.005  #: insurance per year [fraction of hardware capex]
    staff_fte_per_mw: float = 0.5  #: operations staff [FTE/MW of IT]
    staff_usd_per_fte_year: float = 150_000.0  #: loaded cost per FTE [USD/year]
    software_usd_per_gpu_year: float = 0.0  #: licences [USD/GPU-year]
    spares_frac: float = 0.007  #: spare accelerators held per installed one [fraction]
    goodput_loss: float = 0.02  #: busy hours lost to failures/restarts [fraction]

    def __post_init__(self) -> None:
        check_range(self.maintenance_frac, "maintenance_frac", 0, 1)
        check_range(self.insurance_frac, "insurance_frac", 0, 1)
        check_nonnegative(self.staff_fte_per_mw, "staff_fte_per_mw")
        check_nonnegative(self.staff_usd_per_fte_year, "staff_usd_per_fte_year")
        check_nonnegative(self.software_usd_per_gpu_year, "software_usd_per_gpu_year")
        check_range(self.spares_frac, "spares_frac", 0, 1)
        check_fraction(self.goodput_loss, "goodput_loss", allow_one=False)


@dataclass(frozen=True)
class Life:
    """Asset lives: economic (earning) life kept apart from accounting (book) life."""

    economic_years: float = 5.0  #: economic life [years]
    accounting_years: float = 6.0  #: book depreciation life [years]
    residual_frac: float = 0.1  #: resale value at end of economic life [fraction of hardware capex]
    depreciation: str = "straight-line"  #: or "declining-balance"

    def __post_init__(self) -> None:
        check_range(self.economic_years, "life_years", 0.25, 30, unit="years")
        check_range(self.accounting_years, "accounting_life_years", 0.25, 30, unit="years")
        check_fraction(self.residual_frac, "residual_frac")
        object.__setattr__(self, "depreciation", check_in(self.depreciation, "depreciation",
                                                          ("straight-line", "declining-balance")))


@dataclass(frozen=True)
class Financing:
    """How the hardware is paid for.

    ``buy``: owner's WACC over the economic life. ``lease``: a lessor charges ``lease_rate``
    over ``lease_term_years`` and keeps the residual. ``spv``: a special-purpose vehicle
    funded with ``spv_equity_share`` equity at ``spv_cost_of_equity`` and debt at
    ``spv_cost_of_debt`` buys the chips and leases them (as xAI's 2025 vehicle: $7.5B
    equity + $12.5B debt, 5-year lease). ``prepayment_frac`` of capex prepaid by customers
    carries no capital charge.
    """

    mode: str = "buy"
    wacc: float | None = 0.10  #: cost of capital [fraction/year]; None → from the mix below
    equity_share: float = 0.5  #: [fraction]
    cost_of_equity: float = 0.15  #: [fraction/year]
    cost_of_debt: float = 0.10  #: [fraction/year]
    tax_rate: float = 0.21  #: US federal corporate rate [fraction]
    debt_term_years: float = 5.0  #: amortisation of hardware debt [years]
    lease_rate: float = 0.12  #: implicit rate of a lease [fraction/year]
    lease_term_years: float = 5.0  #: [years]
    spv_equity_share: float = 0.375  #: xAI SPV: 7.5 / 20 [fraction]
    spv_cost_of_equity: float = 0.15  #: [fraction/year]
    spv_cost_of_debt: float = 0.10  #: [fraction/year]
    prepayment_frac: float = 0.0  #: [fraction of capex]
    extras: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", check_in(self.mode, "financing", ("buy", "lease", "spv")))
        if self.wacc is not None:
            check_range(self.wacc, "wacc", -0.05, 1.0)
            if self.wacc > 1.0:
                raise InputError(f"wacc must be a fraction, got {self.wacc}", field="wacc")
        check_fraction(self.equity_share, "equity_share")
        check_range(self.cost_of_equity, "cost_of_equity", -0.5, 2.0)
        check_range(self.cost_of_debt, "cost_of_debt", -0.5, 2.0)
        check_fraction(self.tax_rate, "tax_rate")
        check_positive(self.debt_term_years, "debt_term_years")
        check_range(self.lease_rate, "lease_rate", -0.5, 2.0)
        check_positive(self.lease_term_years, "lease_term_years")
        check_fraction(self.spv_equity_share, "spv_equity_share")
        check_fraction(self.prepayment_frac, "prepayment_frac")

    @property
    def owner_rate(self) -> float:
        """The owner's cost of capital. [fraction/year]"""
        if self.wacc is not None:
            return float(self.wacc)
        return float(_wacc(self.equity_share, self.cost_of_equity, self.cost_of_debt, self.tax_rate))

    @property
    def capital_rate(self) -> float:
        """Rate at which hardware capital is charged in the levelized view. [fraction/year]"""
        if self.mode == "buy":
            return self.owner_rate
        if self.mode == "lease":
            return float(self.lease_rate)
        return float(_wacc(self.spv_equity_share, self.spv_cost_of_equity, self.spv_cost_of_debt, 0.0))


@dataclass(frozen=True)
class Throughput:
    """Tokens an accelerator produces while busy, and how its time splits between prefill and decode."""

    output_tokens_per_s: float  #: output tokens per second per accelerator while busy [tok/s]
    input_tokens_per_s: float = 0.0  #: input tokens processed per second per accelerator [tok/s]
    prefill_time_share: float | None = None  #: share of busy GPU-time spent on prefill [fraction]
    source: str = "user"  #: "user" or "perf"

    def __post_init__(self) -> None:
        check_range(self.output_tokens_per_s, "tokens_per_s", 1e-3, 1e8, unit="tok/s")
        check_range(self.input_tokens_per_s, "input_tokens_per_s", 0.0, 1e9, unit="tok/s")
        if self.prefill_time_share is not None:
            check_fraction(self.prefill_time_share, "prefill_time_share", allow_one=False)
