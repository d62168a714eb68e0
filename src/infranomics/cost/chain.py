"""Layer 3 of the cost model: from an accelerator (and optionally a model and workload) to
levelized $/GPU-hour, $/million tokens, break-evens and the three views of the asset.

:func:`estimate` is the one orchestrator the CLI, HTTP API and business layer call.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..checks import check_fraction, check_in, check_positive
from ..errors import InputError, unknown_name
from ..hardware import Accelerator, get_accelerator
from ..notes import Note
from ..notes import codes as note_codes
from ..units import HOURS_PER_YEAR, SECONDS_PER_HOUR, TOKENS_PER_MTOK, convert, fx_years, to_usd
from . import levelized as lv
from .assumptions import assumption, assumption_for, assumption_row, network_usd_per_gpu
from .finance import crf, declining_balance, straight_line
from .inputs import Facility, Financing, HardwareCapex, Life, Opex, Power, Throughput

__all__ = ["BREAKDOWN_KEYS", "CostResult", "GpuHourCost", "capex_per_mw", "default_currency_year", "estimate",
           "is_china_region", "power_price", "region_code"]

#: Components of the levelized $/GPU-hour breakdown, in display order.
BREAKDOWN_KEYS = ("chip", "server", "network", "storage_install", "facility", "power", "opex", "capital")


def default_currency_year(catalog: Catalog | None = None) -> int:
    """Latest year covered by both the CPI and the CNY/USD tables (results are in its dollars)."""
    years = set(fx_years("CNY", catalog)) & set(fx_years("USD", catalog))
    full = [y for y in years if y <= 2025]  # 2026 entries are partial-year averages
    return max(full or years)


@dataclass(frozen=True)
class GpuHourCost:
    """The cost of one accelerator-hour, assembled from layer-2 inputs. All money in USD."""

    capex: HardwareCapex
    facility: Facility
    power: Power
    opex: Opex
    life: Life
    financing: Financing
    utilization: float

    def __post_init__(self) -> None:
        check_fraction(self.utilization, "utilization", allow_zero=False)

    # -- per installed hour ----------------------------------------------------------------
    def _capital(self) -> tuple[dict[str, float], float]:
        """Depreciation by hardware part and return on capital, per installed hour."""
        fin, life = self.financing, self.life
        term = life.economic_years if fin.mode == "buy" else fin.lease_term_years
        residual = life.residual_frac
        if fin.mode != "buy" and fin.lease_term_years < life.economic_years:
            # the lessor keeps a higher residual when the lease is shorter than the life
            residual = 1 - (1 - residual) * fin.lease_term_years / life.economic_years
        spares = 1.0 + self.opex.spares_frac
        dep, ret = {}, 0.0
        for part, cost in self.capex.parts().items():
            cost *= spares
            financed = cost * (1 - fin.prepayment_frac)
            total, d, _ = lv.capital_charge_per_hour(financed, fin.capital_rate, term, residual)
            pre_total, pre_d, _ = lv.capital_charge_per_hour(cost - financed, 0.0, term, residual)
            dep[part] = float(d) + float(pre_d)
            ret += float(total) + float(pre_total) - float(d) - float(pre_d)
        return dep, ret

    def installed_hour(self) -> dict[str, float]:
        """Cost per installed hour by component. [USD/h]"""
        dep, ret = self._capital()
        f = self.facility
        if f.mode == "colo":
            facility = lv.colocation_per_gpu_hour(self.power.it_kw, f.colo_usd_per_kw_month)
        else:
            facility = lv.facility_build_per_gpu_hour(self.power.it_kw, f.build_usd_per_mw,
                                                      self.financing.owner_rate, f.life_years, f.soft_cost_frac,
                                                      f.om_frac)
        energy = lv.energy_per_gpu_hour(self.power.it_kw, f.pue, self.power.price_kwh, self.utilization,
                                        self.power.busy_draw_frac, self.power.idle_draw_frac)
        o = self.opex
        hw = self.capex.total * (1 + o.spares_frac)
        opex = (hw * (o.maintenance_frac + o.insurance_frac) + o.software_usd_per_gpu_year
                + o.staff_fte_per_mw * self.power.it_kw / 1000.0 * o.staff_usd_per_fte_year) / HOURS_PER_YEAR
        out = dict(dep)
        out.update({"facility": float(facility), "power": float(energy), "opex": float(opex), "capital": ret})
        return {k: out[k] for k in BREAKDOWN_KEYS}

    def busy_hour(self) -> dict[str, float]:
        """Cost per busy (sold) hour by component: installed-hour cost ÷ utilization. [USD/h]"""
        return {k: v / self.utilization for k, v in self.installed_hour().items()}

    @property
    def usd_per_installed_hour(self) -> float:
        return sum(self.installed_hour().values())

    @property
    def usd_per_busy_hour(self) -> float:
        return self.usd_per_installed_hour / self.utilization

    # -- pieces for break-even and the price-war floor ------------------------------------
    def _energy_parts(self) -> tuple[float, float]:
        """(idle energy per installed hour, extra energy per busy hour). [USD/h]"""
        p, f = self.power, self.facility
        idle = lv.energy_per_gpu_hour(p.it_kw, f.pue, p.price_kwh, 0.0, p.busy_draw_frac, p.idle_draw_frac)
        busy = lv.energy_per_gpu_hour(p.it_kw, f.pue, p.price_kwh, 1.0, p.busy_draw_frac, p.idle_draw_frac)
        return float(idle), float(busy) - float(idle)

    def fixed_per_installed_hour(self) -> float:
        """Everything but energy, per installed hour. [USD/h]"""
        h = self.installed_hour()
        return sum(v for k, v in h.items() if k != "power")

    def marginal_usd_per_busy_hour(self) -> float:
        """Cash cost of serving one more hour on hardware already paid for: power at busy draw. [USD/h]

        The floor a price war pushes rental and token prices toward (capital and rent are sunk).
        """
        p, f = self.power, self.facility
        return float(p.it_kw * f.pue * p.price_kwh * p.busy_draw_frac)

    def breakeven_utilization(self, price_per_busy_hour) -> float:
        """Utilization at which revenue per busy hour ``price_per_busy_hour`` covers all costs. [fraction]"""
        idle, extra = self._energy_parts()
        return lv.breakeven_utilization(price_per_busy_hour, self.fixed_per_installed_hour(), idle, extra)

    # -- three views of the same asset ----------------------------------------------------
    def yearly_views(self) -> pd.DataFrame:
        """Year-by-year accounting, cash and levelized cost per busy GPU-hour over the economic life.

        * accounting: book depreciation (accounting life, write-off of remaining book value at the
          end of the economic life) + interest on the debt share + operating costs;
        * cash: capex in year 0, operating costs after, residual value at the end;
        * levelized: the constant charge (capital recovery at the cost of capital).
        """
        life, fin = self.life, self.financing
        n = max(1, math.ceil(life.economic_years))
        hw = self.capex.total * (1 + self.opex.spares_frac)
        inst = self.installed_hour()
        operating = (inst["facility"] + inst["power"] + inst["opex"]) * HOURS_PER_YEAR  # per year
        if life.depreciation == "straight-line":
            dep = straight_line(hw, life.accounting_years, n, residual=life.residual_frac)
        else:
            dep = declining_balance(hw, life.accounting_years, n, residual=life.residual_frac)
        dep = np.asarray(dep, dtype=float).copy()
        book_end = hw - dep.sum()
        writeoff = max(book_end - hw * life.residual_frac, 0.0)
        dep[-1] += writeoff  # asset retired at end of economic life
        debt0 = hw * (1 - fin.equity_share) * (1 - fin.prepayment_frac) if fin.mode == "buy" else 0.0
        rate_d = fin.cost_of_debt
        balance, interest = debt0, []
        pay = debt0 * float(crf(rate_d, fin.debt_term_years))
        for _ in range(n):
            i = balance * rate_d
            interest.append(i)
            balance = max(balance - (pay - i), 0.0)
        lease = 0.0
        if fin.mode != "buy":
            lease = (inst["capital"] + sum(inst[k] for k in ("chip", "server", "network", "storage_install"))) \
                * HOURS_PER_YEAR
            dep = np.zeros(n)
            interest = [0.0] * n
        busy_hours = HOURS_PER_YEAR * self.utilization
        years = np.arange(1, n + 1)
        accounting = (dep + np.asarray(interest) + operating + lease) / busy_hours
        cash = np.full(n, operating + lease)
        if fin.mode == "buy":
            cash = cash.astype(float)
            cash[-1] -= hw * life.residual_frac
        cash_per_hour = cash / busy_hours
        df = pd.DataFrame({
            "year": years,
            "depreciation_usd": dep, "interest_usd": interest, "operating_usd": operating, "lease_usd": lease,
            "accounting_usd_per_gpu_hour": accounting,
            "cash_opex_usd_per_gpu_hour": cash_per_hour,
            "levelized_usd_per_gpu_hour": self.usd_per_busy_hour,
        })
        df.attrs["capex_usd"] = hw if fin.mode == "buy" else 0.0
        return df

    def view_summary(self) -> dict[str, float]:
        """Average $/busy GPU-hour over the economic life in each view."""
        df = self.yearly_views()
        busy_total = HOURS_PER_YEAR * self.utilization * len(df)
        cash_total = df["cash_opex_usd_per_gpu_hour"].sum() * HOURS_PER_YEAR * self.utilization \
            + df.attrs["capex_usd"]
        return {
            "accounting": float(df["accounting_usd_per_gpu_hour"].mean()),
            "cash": float(cash_total / busy_total),
            "levelized": float(self.usd_per_busy_hour),
        }


@dataclass
class CostResult:
    """What :func:`estimate` returns; ``to_dict()`` is the public JSON contract of ``infranomics cost``."""

    gpu: str
    currency: str
    currency_year: int
    utilization: float
    gpu_hour: GpuHourCost
    throughput: Throughput | None = None
    model: str | None = None
    price_input: float | None = None  #: [currency/Mtok]
    price_output: float | None = None  #: [currency/Mtok]
    price_cached_input: float | None = None  #: [currency/Mtok]
    cache_hit: float = 0.0
    perf: dict | None = None
    notes: list[str] = field(default_factory=list)

    def _fx(self, usd):
        if usd is None or (isinstance(usd, float) and math.isnan(usd)):
            return None
        return float(convert(usd, "USD", self.currency, self.currency_year))

    def usd_per_mtok(self) -> dict[str, float | None]:
        """Cost per million tokens: ``input``, ``output`` and ``blended`` (None without a throughput). [USD/Mtok]"""
        return self._usd_per_mtok()

    def _usd_per_mtok(self) -> dict[str, float | None]:
        t = self.throughput
        if t is None:
            return {"input": None, "output": None, "blended": None}
        g = self.gpu_hour.opex.goodput_loss
        busy = self.gpu_hour.usd_per_busy_hour
        total_tps = t.output_tokens_per_s + t.input_tokens_per_s
        blended = lv.usd_per_mtok(busy, total_tps, g)
        if t.prefill_time_share is not None and t.input_tokens_per_s > 0:
            s = t.prefill_time_share
            inp = lv.usd_per_mtok(busy * s, t.input_tokens_per_s, g) if s > 0 else 0.0
            out = lv.usd_per_mtok(busy * (1 - s), t.output_tokens_per_s, g)
        else:  # full attribution (InferenceX convention): each token type carries the whole cost
            inp = lv.usd_per_mtok(busy, t.input_tokens_per_s, g) if t.input_tokens_per_s > 0 else None
            out = lv.usd_per_mtok(busy, t.output_tokens_per_s, g)
        return {"input": inp, "output": out, "blended": blended}

    def revenue_usd_per_busy_hour(self) -> float | None:
        """Token revenue per busy GPU-hour at the given prices (after goodput loss). [USD/h]"""
        t = self.throughput
        if t is None or self.price_output is None or self.price_input is None:
            return None
        to_usd_ = lambda x: float(convert(x, self.currency, "USD", self.currency_year))  # noqa: E731
        p_in, p_out = to_usd_(self.price_input), to_usd_(self.price_output)
        p_hit = to_usd_(self.price_cached_input) if self.price_cached_input is not None else p_in
        h = self.cache_hit
        per_s = t.input_tokens_per_s * ((1 - h) * p_in + h * p_hit) + t.output_tokens_per_s * p_out
        return per_s * SECONDS_PER_HOUR / TOKENS_PER_MTOK * (1 - self.gpu_hour.opex.goodput_loss)

    def to_dict(self) -> dict:
        gh = self.gpu_hour
        busy = gh.busy_hour()
        mtok = self._usd_per_mtok()
        marginal = gh.marginal_usd_per_busy_hour()
        t = self.throughput
        out = {
            "gpu": self.gpu,
            "model": self.model,
            "currency": self.currency,
            "currency_year": self.currency_year,
            "utilization": self.utilization,
            "usd_per_gpu_hour": gh.usd_per_busy_hour,
            "usd_per_installed_gpu_hour": gh.usd_per_installed_hour,
            "breakdown": busy,
            "usd_per_mtok_input": mtok["input"],
            "usd_per_mtok_output": mtok["output"],
            "usd_per_mtok_blended": mtok["blended"],
            "cost_attribution": None if t is None else (
                "gpu-time" if t.prefill_time_share is not None else "full"),
            "marginal_usd_per_gpu_hour": marginal,
            "marginal_usd_per_mtok_blended": None if t is None else lv.usd_per_mtok(
                marginal, t.output_tokens_per_s + t.input_tokens_per_s, gh.opex.goodput_loss),
            "views_usd_per_gpu_hour": gh.view_summary(),
            "capex_usd_per_gpu": gh.capex.parts() | {"total": gh.capex.total},
            "it_kw_per_gpu": gh.power.it_kw,
            "power_price_usd_per_kwh": gh.power.price_kwh,
            "power_region": gh.power.region,
            "pue": gh.facility.pue,
            "facility": gh.facility.mode,
            "colo_usd_per_kw_month": gh.facility.colo_usd_per_kw_month if gh.facility.mode == "colo" else None,
            "colo_rent_source": gh.facility.rent_source,
            "build_usd_per_mw": gh.facility.build_usd_per_mw if gh.facility.mode == "build" else None,
            "build_cost_source": gh.facility.build_source if gh.facility.mode == "build" else None,
            "financing": gh.financing.mode,
            "capital_rate": gh.financing.capital_rate,
            "life_years": gh.life.economic_years,
            "accounting_life_years": gh.life.accounting_years,
            "throughput": None if t is None else asdict(t),
            "perf": self.perf,
            "notes": [str(n) for n in self.notes],
            "note_codes": note_codes(self.notes),
        }
        revenue = self.revenue_usd_per_busy_hour()
        if revenue is not None:
            out["prices"] = {"input": self.price_input, "output": self.price_output,
                             "cached_input": self.price_cached_input, "currency": self.currency}
            out["revenue_usd_per_gpu_hour"] = revenue
            out["margin_per_gpu_hour_usd"] = revenue - gh.usd_per_busy_hour
            out["gross_margin"] = (revenue - gh.usd_per_busy_hour) / revenue if revenue > 0 else None
            bu = gh.breakeven_utilization(revenue)
            out["breakeven_utilization"] = None if bu is None or math.isnan(bu) else float(bu)
            out["breakeven_price_scale"] = gh.usd_per_busy_hour / revenue if revenue > 0 else None
            out["covers_marginal_cost"] = revenue >= marginal
        # convert the money fields (computed in USD) into the display currency
        if self.currency != "USD":
            for k in ("usd_per_gpu_hour", "usd_per_installed_gpu_hour", "usd_per_mtok_input", "usd_per_mtok_output",
                      "usd_per_mtok_blended", "marginal_usd_per_gpu_hour", "marginal_usd_per_mtok_blended",
                      "revenue_usd_per_gpu_hour", "margin_per_gpu_hour_usd", "colo_usd_per_kw_month",
                      "build_usd_per_mw"):
                if k in out:
                    out[k.replace("usd", self.currency.lower())] = self._fx(out[k])
            c = self.currency.lower()
            out[f"breakdown_{c}"] = {k: self._fx(v) for k, v in busy.items()}
            out[f"capex_{c}_per_gpu"] = {k: self._fx(v) for k, v in out["capex_usd_per_gpu"].items()}
            out[f"views_{c}_per_gpu_hour"] = {k: self._fx(v) for k, v in out["views_usd_per_gpu_hour"].items()}
            out[f"power_price_{c}_per_kwh"] = self._fx(out["power_price_usd_per_kwh"])
        return out


def power_price(region: str, year: int, catalog: Catalog | None = None) -> tuple[float, str]:
    """Electricity price of a catalog region in USD of ``year`` and a label saying which row. [USD/kWh]

    Prefers data-centre tariffs, then industrial, commercial, all; the latest year available.
    """
    cat = catalog or default_catalog()
    return cat.memo(f"power_price:{region.lower()}:{year}", lambda: _power_price(region, year, cat))


def region_code(region: str, catalog: Catalog | None = None) -> str:
    """Catalog region code (``US``, ``CN-GZ``…) of a region given by code or by name (``Guizhou``)."""
    cat = catalog or default_catalog()
    return cat.memo(f"region_code:{region.lower()}", lambda: str(_region_rows(region, cat)["region"].iloc[0]))


def is_china_region(region: str | None) -> bool:
    """Whether a catalog region code is Chinese: ``CN`` or a province ``CN-xx``."""
    return region is not None and (region.upper() == "CN" or region.upper().startswith("CN-"))


def _region_rows(region: str, cat: Catalog) -> pd.DataFrame:
    df = cat.load("electricity_prices")
    hits = df[df["region"].str.lower() == region.lower()]
    if hits.empty:
        regions = sorted(set(df["region"].astype(str)))
        names = dict(zip(df["region"].astype(str), df["region_name"].astype(str), strict=False))
        err = unknown_name("region", region, regions + list(names.values()), field="region")
        # accept a region name too
        by_name = df[df["region_name"].str.lower() == region.lower()]
        if by_name.empty:
            raise err
        hits = by_name
    return hits


def _power_price(region: str, year: int, cat: Catalog) -> tuple[float, str]:
    hits = _region_rows(region, cat)
    order = {"datacenter": 0, "industrial": 1, "commercial": 2, "all": 3, "ppa": 4}
    hits = hits.assign(_o=hits["sector"].map(order)).sort_values(["_o", "year"], ascending=[True, False])
    row = hits.iloc[0]
    usd = float(to_usd(float(row["price_per_kwh"]), str(row["currency"]), int(row["year"]), catalog=cat))
    if int(row["year"]) != year:
        from ..units import deflate

        usd = float(deflate(usd, int(row["year"]), year, catalog=cat))
    return usd, f"{row['region']} {row['sector']} {int(row['year'])}"


def _chip_price_usd(acc: Accelerator, year: int, catalog: Catalog) -> float:
    if acc.price is None or acc.price_currency is None or acc.price_year is None:
        raise InputError(f"the catalog has no purchase price for {acc.name}; give one with --chip-usd (chip only) "
                         f"or --capex-usd (all-in per accelerator)", field="capex_usd")
    return float(to_usd(acc.price, acc.price_currency, acc.price_year, to_year=year, catalog=catalog))


def estimate(
    gpu: str | Accelerator,
    *,
    model: str | None = None,
    tokens_per_s: float | None = None,
    input_tokens_per_s: float | None = None,
    prefill_time_share: float | None = None,
    perf_options: dict | None = None,
    utilization: float | None = None,
    capex_usd: float | None = None,
    chip_usd: float | None = None,
    cluster_gpus: int = 2048,
    life_years: float | None = None,
    accounting_life_years: float | None = None,
    residual_frac: float | None = None,
    depreciation: str = "straight-line",
    wacc: float | None = None,
    financing: str = "buy",
    financing_options: dict | None = None,
    power_price_kwh: float | None = None,
    region: str | None = None,
    pue: float | None = None,
    colo_usd_per_kw_month: float | None = None,
    build_usd_per_mw: float | None = None,
    price_input: float | None = None,
    price_output: float | None = None,
    price_cached_input: float | None = None,
    cache_hit: float = 0.0,
    currency: str = "USD",
    currency_year: int | None = None,
    assumptions: dict[str, float] | None = None,
    catalog: Catalog | None = None,
) -> CostResult:
    """Levelized cost of an accelerator-hour and of a million tokens.

    Parameters
    ----------
    gpu : str or Accelerator
        Accelerator name or alias from the catalog.
    model : str, optional
        LLM from the ``models`` catalog; throughput then comes from :mod:`infranomics.perf`
        (``perf_options`` passes workload, precision, parallelism...).
    tokens_per_s : float, optional
        Output tokens per second per accelerator while busy, if known (overrides perf). [tok/s]
    input_tokens_per_s : float, optional
        Input tokens per second per accelerator in the same run. [tok/s]
    prefill_time_share : float, optional
        Share of GPU time spent on prefill, to split cost between input and output tokens. [fraction]
    utilization : float
        Busy share of installed hours (default from ``cost_assumptions``). [fraction]
    capex_usd : float, optional
        All-in hardware capex per accelerator, replacing chip + server + network + storage. [currency]
    chip_usd : float, optional
        Accelerator purchase price replacing the catalog estimate. [currency]
    cluster_gpus : int
        Cluster size, which sets the network tier. [accelerators]
    life_years, accounting_life_years : float, optional
        Economic and book lives. [years]
    wacc : float, optional
        Owner's cost of capital. [fraction/year]
    financing : {"buy", "lease", "spv"}
        How hardware is paid for; ``financing_options`` sets :class:`Financing` fields.
    power_price_kwh : float, optional
        Electricity price (a PPA), overriding ``region``. [currency/kWh]
    region : str, optional
        Catalog region code (``US``, ``US-VA``, ``CN-GZ``...) for the power price.
    pue : float, optional
        Power usage effectiveness. [-]
    colo_usd_per_kw_month, build_usd_per_mw : float, optional
        Colocation rent or own-build cost; give at most one. [currency/kW-month], [currency/MW]
    price_input, price_output, price_cached_input : float, optional
        Token prices to test against cost. [currency/Mtok]
    cache_hit : float
        Share of input tokens billed at the cached price. [fraction]
    currency : {"USD", "CNY"}
        Currency of money inputs given here and of the outputs.
    currency_year : int, optional
        Year whose money the result is in (default: latest full year in the tables).
    assumptions : dict, optional
        Overrides of ``cost_assumptions`` defaults by parameter name (money in USD of
        ``currency_year``), e.g. ``{"maintenance_frac": 0.0}``.
    """
    cat = catalog or default_catalog()
    cur = check_in(currency, "currency", ("USD", "CNY", "EUR"))
    year = int(currency_year) if currency_year is not None else default_currency_year(cat)
    # validate the year against the tables up front (clear error)
    convert(1.0, cur, "USD", year, cat)
    to_u = lambda x: None if x is None else float(convert(x, cur, "USD", year, cat))  # noqa: E731
    acc = gpu if isinstance(gpu, Accelerator) else get_accelerator(gpu, cat)
    over = dict(assumptions or {})
    unknown = set(over) - _assumption_names(cat)
    if unknown:
        from ..errors import did_you_mean

        bad = sorted(unknown)[0]
        raise InputError(f"unknown cost assumption '{bad}'{did_you_mean(bad, _assumption_names(cat))} "
                         f"(see `infranomics data show cost_assumptions`)", field="assume")

    def a(p: str) -> float:
        return float(over[p]) if p in over else assumption(p, catalog=cat, to_year=year)

    def a_acc(p: str) -> float:
        return float(over[p]) if p in over else assumption_for(p, [acc.name, acc.family], cat, to_year=year)

    notes: list[str] = []

    if colo_usd_per_kw_month is not None and build_usd_per_mw is not None:
        raise InputError("give either --colo-usd-per-kw-month or --build-usd-per-mw, not both",
                         field="colo_usd_per_kw_month")
    if power_price_kwh is not None and region is not None:
        raise InputError("give either --power-price-kwh or --region, not both", field="power_price_kwh")
    check_positive(cluster_gpus, "cluster_gpus")

    # hardware capex
    if capex_usd is not None:
        total = check_positive(to_u(capex_usd), "capex_usd", unit=cur).item()
        chip = to_u(chip_usd) if chip_usd is not None else _chip_price_usd(acc, year, cat) if acc.price else None
        if chip is not None and chip < total:
            server = a_acc("server_usd_per_gpu")
            network = network_usd_per_gpu(cluster_gpus, acc.scaleout_gbit_s, cat, to_year=year)
            rest = total - chip
            share = rest / (server + network) if server + network > 0 else 0.0
            capex = HardwareCapex(chip=chip, server=server * share, network=network * share)
        else:
            capex = HardwareCapex(chip=total)
            notes.append(Note("capex_all_in"))
    else:
        chip = check_positive(to_u(chip_usd), "chip_usd").item() if chip_usd is not None else _chip_price_usd(
            acc, year, cat)
        server = a_acc("server_usd_per_gpu")
        network = network_usd_per_gpu(cluster_gpus, acc.scaleout_gbit_s, cat, to_year=year)
        si = (chip + server + network) * a("storage_install_frac")
        capex = HardwareCapex(chip=chip, server=server, network=network, storage_install=si)

    # power
    spf = a_acc("server_power_factor")
    it_kw = float(lv.it_kw_per_gpu(acc.tdp_w, spf, a("it_overhead")))
    if power_price_kwh is not None:
        price_kwh, label, code = to_u(power_price_kwh), "user", None
    else:
        code = region_code(region or "US", cat)
        price_kwh, label = power_price(code, year, cat)
    power = Power(price_kwh=price_kwh, it_kw=it_kw, busy_draw_frac=a("busy_draw_frac"),
                  idle_draw_frac=a("idle_draw_frac"), region=label)

    # facility money: the user's, else the regional default (a Chinese power region takes the `_cn` row)
    mode = "build" if build_usd_per_mw is not None else "colo"

    def regional(key: str, given: float | None) -> tuple[float, str]:
        if given is not None:
            return to_u(given), "user"
        if is_china_region(code) and (f"{key}_cn" in over or key not in over):
            key = f"{key}_cn"  # an explicit override of the generic key still wins over the regional default
        return a(key), (f"{key} (override)" if key in over else f"cost_assumptions {key}")

    colo, colo_source = regional("colo_usd_per_kw_month", colo_usd_per_kw_month)
    build, build_source = regional("build_usd_per_mw", build_usd_per_mw)
    if mode == "colo" and colo_source.startswith("cost_assumptions") and colo_source.endswith("_cn"):
        row = assumption_row("colo_usd_per_kw_month_cn", catalog=cat)
        notes.append(Note("colo_cn", region=code, value=f"{row['value']:g}", currency=row["currency"],
                          currency_year=row["currency_year"], usd=f"{colo:.4g}", year=year,
                          confidence=row["confidence"]))
    facility = Facility(
        mode=mode,
        pue=a("pue") if pue is None else pue,
        colo_usd_per_kw_month=colo, rent_source=colo_source if mode == "colo" else None,
        build_usd_per_mw=build, build_source=build_source,
        soft_cost_frac=a("build_soft_cost_frac"), om_frac=a("facility_om_frac"),
        life_years=a("facility_life_years"),
    )
    failure = a("annual_failure_rate")
    opex = Opex(
        maintenance_frac=a("maintenance_frac"), insurance_frac=a("insurance_frac"),
        staff_fte_per_mw=a("staff_fte_per_mw"), staff_usd_per_fte_year=a("staff_usd_per_fte_year"),
        software_usd_per_gpu_year=a("software_usd_per_gpu_year"),
        spares_frac=failure * a("repair_weeks") / 52.0, goodput_loss=a("goodput_loss"),
    )
    life = Life(economic_years=a("economic_life_years") if life_years is None else life_years,
                accounting_years=a("accounting_life_years") if accounting_life_years is None else accounting_life_years,
                residual_frac=a("residual_frac") if residual_frac is None else residual_frac,
                depreciation=depreciation)
    fin_kwargs = dict(financing_options or {})
    fin = Financing(mode=financing, wacc=a("wacc") if wacc is None else wacc, **fin_kwargs)
    util = a("utilization") if utilization is None else utilization
    gh = GpuHourCost(capex=capex, facility=facility, power=power, opex=opex, life=life, financing=fin,
                     utilization=float(check_fraction(util, "utilization", allow_zero=False)))

    # throughput
    throughput, perf_dict = None, None
    if tokens_per_s is not None:
        throughput = Throughput(output_tokens_per_s=tokens_per_s, input_tokens_per_s=input_tokens_per_s or 0.0,
                                prefill_time_share=prefill_time_share, source="user")
    elif model is not None:
        throughput, perf_dict = _throughput_from_perf(model, acc, cache_hit, perf_options or {}, cat)
    elif input_tokens_per_s is not None:
        raise InputError("--input-tokens-per-s needs --tokens-per-s (output) as well", field="input_tokens_per_s")
    if (price_input is None) != (price_output is None):
        raise InputError("give both --price-input and --price-output", field="price_input")
    if price_input is not None:
        for n, v in (("price_input", price_input), ("price_output", price_output),
                     ("price_cached_input", price_cached_input)):
            if v is not None and v < 0:
                raise InputError(f"{n} must be >= 0, got {v:g}", field=n)
        if throughput is None:
            raise InputError("token prices need a throughput: give --model or --tokens-per-s", field="price_input")
    check_fraction(cache_hit, "cache_hit")
    return CostResult(gpu=acc.name, currency=cur, currency_year=year, utilization=gh.utilization, gpu_hour=gh,
                      throughput=throughput, model=model, price_input=price_input, price_output=price_output,
                      price_cached_input=price_cached_input, cache_hit=cache_hit, perf=perf_dict, notes=notes)


def _assumption_names(catalog: Catalog) -> set[str]:
    return set(catalog.load("cost_assumptions")["parameter"].astype(str))


def _throughput_from_perf(model: str, acc: Accelerator, cache_hit: float, options: dict,
                          catalog: Catalog) -> tuple[Throughput, dict]:
    """Throughput for ``model`` on ``acc`` from the perf layer."""
    from .. import perf

    opts = dict(options)
    opts.setdefault("cache_hit", cache_hit)
    result = perf.estimate(model, acc.name, catalog=catalog, **opts)
    d = result.to_dict()
    prefill_s = d.get("prefill_gpu_seconds_per_request")
    decode_s = d.get("decode_gpu_seconds_per_request")
    share = None
    if prefill_s is not None and decode_s is not None and prefill_s + decode_s > 0:
        share = prefill_s / (prefill_s + decode_s)
    t = Throughput(output_tokens_per_s=d["output_tokens_per_s_per_gpu"],
                   input_tokens_per_s=d["input_tokens_per_s_per_gpu"], prefill_time_share=share, source="perf")
    return t, d


def capex_per_mw(gpu: str | Accelerator, *, cluster_gpus: int = 16384, build_usd_per_mw: float | None = None,
                 currency_year: int | None = None, currency: str = "USD",
                 catalog: Catalog | None = None) -> dict[str, float]:
    """The $/MW bridge: facility plus IT capex per MW of critical IT load. [USD/MW]

    IT capex per MW = hardware capex per accelerator ÷ IT kW per accelerator × 1000; facility
    = build cost (shell + MEP) × (1 + soft costs). Returns the parts, the total and the IT share,
    the arithmetic behind "1 GW ≈ $35B of Nvidia hardware + $15B other" (Nvidia, Aug 2025).
    """
    cat = catalog or default_catalog()
    r = estimate(gpu, cluster_gpus=cluster_gpus, build_usd_per_mw=build_usd_per_mw, currency_year=currency_year,
                 catalog=cat)
    gh = r.gpu_hour
    per_mw = 1000.0 / gh.power.it_kw
    it = gh.capex.total * per_mw
    facility = gh.facility.build_usd_per_mw * (1 + gh.facility.soft_cost_frac)
    out = {"gpus_per_mw": per_mw, "it_usd_per_mw": it, "facility_usd_per_mw": facility,
           "total_usd_per_mw": it + facility, "it_share": it / (it + facility), "currency_year": r.currency_year,
           "currency": check_in(currency, "currency", ("USD", "CNY", "EUR"))}
    if out["currency"] != "USD":
        c = out["currency"].lower()
        for k in ("it", "facility", "total"):
            out[f"{k}_{c}_per_mw"] = float(convert(out[f"{k}_usd_per_mw"], "USD", out["currency"], r.currency_year, cat))
    return out
