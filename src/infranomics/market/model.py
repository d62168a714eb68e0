"""The vectorised stock-and-flow model of an infrastructure capital cycle.

One call of :func:`simulate_block` advances a block of Monte Carlo paths through every time
step; every operation acts on arrays shaped ``(paths,)`` or ``(vintages, paths)`` — there is no
Python loop over paths. See ``docs/market.md`` for the equations; the blocks are:

* **demand** — tokens ``Q = U(t)·I(t)·(p_tok/p_tok0)^-ε·z`` (logistic adoption ``U``, intensity
  per user ``I`` with fading growth, price elasticity ``ε``, an Ornstein-Uhlenbeck shock ``z``)
  plus compute bought from budgets ``B(t)·M^β/p`` (training, captive workloads, following the
  valuation multiple ``M``); in a shortage paying inference is served first;
* **efficiency** — tokens per unit-hour grow with algorithms; capex and kW per unit fall with
  chip generations;
* **capacity by vintage** — orders → two construction stages (lead time) → delivery (capex is
  paid) → a grid-connection queue drained at most at the power that can be connected → in service
  in the year's vintage → retired at the physical life, idled early when a vintage's cash cost
  exceeds the price; orders follow a stock-management rule: the capacity demand will need one
  lead time ahead (builders extrapolate the demand trend) against the fleet and the pipeline;
* **utilisation and prices** — the price per unit-hour moves toward a target that equals the
  full cost of new capacity when demand fills capacity at the target utilisation, falls toward
  the marginal cash cost (power at busy draw) when it does not and rises above full cost in a
  shortage; the token price is the unit-hour price over tokens per unit-hour, plus the labs' markup;
* **money by layer** — clouds (capacity owners), model labs, applications, chip makers;
* **financing** — operating cash flow, debt with a rate that reprices as it rolls over and a
  maturity, leases/SPVs, sponsor cash flow, equity; credit stops when interest coverage fails
  and firms default when debt-service coverage falls below 1 (firm heterogeneity);
* **sentiment** — the multiple follows revenue growth against expectations; its drawdown
  raises spreads and the cost of equity, cuts orders and equity funding — the crash cascade
  reaches chip makers through capex.

A run can start from another run's state (``ModelSetup.init_state``, :mod:`.warmstart`): the AI
baseline starts from the fitted 2023-2026 history on 2026-01-01. The time loop runs here in numpy
(the reference) or in :mod:`.engine_numba` (compiled, the same numbers).

Unit economics come from the cost layer: inputs are validated once through
:func:`~infranomics.cost.levelized.capital_charge_per_hour`,
:func:`~infranomics.cost.levelized.energy_per_gpu_hour` and :func:`~infranomics.cost.finance.crf`;
the loop calls their unchecked variants (:func:`~infranomics.cost.levelized.capital_charge_unchecked`,
:func:`~infranomics.cost.levelized.energy_per_gpu_hour_unchecked`) — the same formulas without
per-step checks. Business metrics come from :mod:`infranomics.business.metrics` (:func:`dscr`,
:func:`interest_coverage`, :func:`margin`). Exogenous trends (adoption, intensity, budgets,
efficiency) are running products of per-step factors, computed before the loop.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from dataclasses import dataclass, field

import numpy as np

from ..business.metrics import dscr, interest_coverage, margin
from ..cost.finance import crf
from ..cost.levelized import (
    capital_charge_per_hour,
    capital_charge_unchecked,
    energy_per_gpu_hour,
    energy_per_gpu_hour_unchecked,
)
from ..units import HOURS_PER_YEAR, TOKENS_PER_MTOK

__all__ = ["RECORDED", "BlockResult", "ModelSetup", "simulate_block"]

H = HOURS_PER_YEAR

#: Series recorded per path and step: name -> (unit, description).
RECORDED: dict[str, tuple[str, str]] = {
    "capex_usd": ("USD/year", "Capital spending (annual rate) of the capacity owners and lessors."),
    "capacity_units": ("units", "Capacity in service."),
    "orders_units": ("units/year", "New orders (annual rate)."),
    "additions_units": ("units/year", "Capacity entering service (annual rate)."),
    "utilization": ("fraction", "Busy share of capacity in service."),
    "price_per_unit_hour": ("USD/unit-hour", "Market price of a unit-hour (rental price per H100e-hour for AI)."),
    "token_price_usd_per_mtok": ("USD/Mtok", "Price of a million tokens."),
    "tokens_per_year": ("tokens/year", "Token volume demanded and served (demand for analogues)."),
    "demand_units": ("units", "Busy capacity demanded (before the utilisation cap)."),
    "revenue_cloud_usd": ("USD/year", "Revenue of capacity owners (unit-hours sold, captive use at market price)."),
    "revenue_lab_usd": ("USD/year", "Token revenue of model labs."),
    "revenue_app_usd": ("USD/year", "End-user (application) AI revenue."),
    "revenue_chip_usd": ("USD/year", "Revenue of chip and system vendors (share of capex)."),
    "lab_margin": ("fraction", "Labs' gross margin on inference (token revenue less inference compute)."),
    "ebitda_usd": ("USD/year", "EBITDA of capacity owners."),
    "ocf_usd": ("USD/year", "Operating cash flow of capacity owners (after interest, leases, tax)."),
    "depreciation_usd": ("USD/year", "Book depreciation of capacity owners."),
    "debt_usd": ("USD", "Debt of capacity owners."),
    "default_share": ("fraction", "Share of capacity owned by firms in default or receivership."),
    "valuation_multiple": ("-", "Valuation multiple relative to the start (1 = start)."),
    "wacc": ("fraction/year", "Cost of capital used to price new capacity."),
    "credit_spread": ("fraction/year", "Credit spread of new debt."),
    "full_cost_per_unit_hour": ("USD/unit-hour", "Full cost of a busy unit-hour of new capacity at target utilisation."),
    "floor_per_unit_hour": ("USD/unit-hour", "Marginal cash cost floor of a busy unit-hour."),
    "price_war_index": ("0-1", "0 = price at full cost or above; 1 = price at the marginal-cost floor."),
    "capex_revenue_gap_usd": ("USD/year", "End-user revenue needed to justify capex less actual (Sequoia arithmetic)."),
    "capex_revenue_gap_ratio": ("fraction", "Shortfall as a share of the revenue needed."),
    "financing_tightness": ("0-1", "Credit spread increase over the start, relative to a crisis-size increase."),
    "capex_to_ocf": ("-", "Capex / operating cash flow (capped at 10)."),
    "signal": ("0-1", "Composite turning-point signal."),
    "capex_drawdown": ("fraction", "Trailing-year capex below its running peak (the capex criterion of a bust)."),
}

# Local names for the recorded series (index into the output array).
_IDX = {name: i for i, name in enumerate(RECORDED)}


@dataclass
class ModelSetup:
    """Everything :func:`simulate_block` needs for one block of paths.

    ``p`` maps ``block.name`` to a float or an array ``(paths,)`` (per-path draws); ``noise``
    holds standard normals ``(steps, 2, paths)`` (demand, sentiment) or is ``None`` for the
    deterministic run.
    """

    p: dict
    n: int
    steps: int
    steps_per_year: int
    start_year: float
    volatility: float = 1.0
    noise: np.ndarray | None = None
    commitment_usd: np.ndarray | None = None  # announced commitments, USD/year by step (length steps + lead)
    record: bool = True
    out: np.ndarray | None = None  # where to record (series, steps, paths); allocated when None
    shock_path: np.ndarray | None = None  # ln demand shock by step (replaces the OU process; history runs)
    capture_step: int | None = None  # snapshot the state at the start of this step (a warm start for a later run)
    init_state: dict | None = None  # start from a snapshot of another run (warm start; see .warmstart)
    engine: str = "auto"  # time loop: "numba" (compiled), "numpy" (vectorised reference) or "auto" (numba if present)


@dataclass
class BlockResult:
    """Outputs of one block: recorded series ``(series, steps, paths)`` and per-path summaries."""

    series: np.ndarray | None
    bust_time: np.ndarray  # years from start to the first bust; NaN if none
    bust_cause: np.ndarray  # bit flags at the bust: 1 capex drawdown, 2 utilisation, 4 default share; 0 none
    signal_time: np.ndarray  # years to the first signal above threshold; NaN if none
    peak_default_share: np.ndarray
    peak_capex_time: np.ndarray  # years from start to the peak of trailing capex
    trough_utilization: np.ndarray
    extra: dict = field(default_factory=dict)


def _arr(x, n: int) -> np.ndarray:
    """A float array of shape (n,) from a float or an array."""
    a = np.asarray(x, dtype=float)
    return np.broadcast_to(a, (n,)).copy() if a.ndim == 0 else a.astype(float, copy=True)


def depreciation_per_year(cost, age, life):
    """Straight-line depreciation charge per year of cohorts (no residual). [USD/year]

    ``cost / life`` while ``age < life``, else 0. Broadcasts over arrays; a longer ``life``
    never raises the charge of any cohort.
    """
    cost = np.asarray(cost, dtype=float)
    return np.where(np.asarray(age) < np.asarray(life), cost / np.asarray(life, dtype=float), 0.0)


def _lin(x):
    """A parameter as something that broadcasts against a (steps, paths) grid: float or (1, paths)."""
    a = np.asarray(x, dtype=float)
    return float(a) if a.ndim == 0 else a[None, :]


#: Largest block the compiled loop takes (montecarlo.BLOCK); larger blocks run the numpy loop.
MAX_COMPILED_PATHS = 4096


@functools.cache
def _numba_available() -> bool:
    """Whether numba is installed (imported only when a block runs, not with the package)."""
    return importlib.util.find_spec("numba") is not None


def _powers(factor, steps: int) -> np.ndarray:
    """factor^i for steps i = 0..steps-1 as a cumulative product: (steps, 1 or paths)."""
    f = np.asarray(factor, dtype=float).reshape(-1)
    out = np.empty((steps, f.size))
    out[0] = 1.0
    for i in range(1, steps):  # row by row (numpy's cumprod along axis 0 is ~6x slower here)
        np.multiply(out[i - 1], f, out=out[i])
    return out


def _trend_grids(tr: dict, tt: np.ndarray, steps: int) -> tuple:
    """The exogenous trends at every step from their per-path constants (see ``simulate_block``)."""
    def lin(x):
        a = np.asarray(x, dtype=float)
        return a if a.ndim == 0 else a[None, :]

    lnU = lin(tr["lnUsat"]) - np.log1p(lin(tr["aU"]) * _powers(tr["fU"], steps))
    fadeI = (1.0 - _powers(tr["fI"], steps)) / lin(tr["dIm"])
    fadeF = (1.0 - _powers(tr["fF"], steps)) / lin(tr["dFm"])
    if np.any(tr["smallI"]):
        fadeI = np.where(lin(tr["smallI"]), tt, fadeI)
    if np.any(tr["smallF"]):
        fadeF = np.where(lin(tr["smallF"]), tt, fadeF)
    Bq = lnU + lin(tr["gIe"]) * fadeI + lin(tr["c1"]) * tt + lin(tr["c2"])
    Cf = lin(tr["gFe"]) * fadeF + lin(tr["cF"])
    cu_t = lin(tr["cu0"]) * _powers(tr["fcu"], steps)
    kw_t = lin(tr["kw0"]) * _powers(tr["fkw"], steps)
    grid_t = lin(tr["grid0x"]) * _powers(tr["fgr"], steps) / lin(tr["gkw0"])
    oe_t = cu_t * lin(tr["opexH"]) + kw_t * lin(tr["e_kw"])
    gdpcap_t = lin(tr["gdp0x"]) * _powers(tr["fgd"], steps)
    return Bq, Cf, cu_t, kw_t, grid_t, oe_t, _powers(tr["fsp"], steps), gdpcap_t


def _geo(rate, dt: float, steps: int) -> np.ndarray:
    """e^(rate·i·dt) for steps i = 0..steps-1 (a cumulative product of e^(rate·dt)): (steps, 1 or paths)."""
    return _powers(np.exp(np.asarray(rate, dtype=float) * dt), steps)


def simulate_block(s: ModelSetup) -> BlockResult:
    """Run one block of paths through every step (see the module docstring)."""
    p, n, dt = s.p, s.n, 1.0 / s.steps_per_year
    spy = s.steps_per_year
    vol = float(s.volatility)
    g = p.__getitem__

    # ---------------- parameters -----------------------------------------------------------
    U0, Usat, k_ad = g("demand.users_initial"), g("demand.users_saturation"), g("demand.adoption_rate")
    gI, dI = g("demand.intensity_growth"), g("demand.intensity_growth_decay")
    eps, share_inf = g("demand.price_elasticity"), g("demand.inference_share_initial")
    paid = g("demand.paid_token_share")
    gF, dF, bF = g("demand.funded_growth"), g("demand.funded_growth_decay"), g("demand.funded_sentiment_elasticity")
    t_ref = g("demand.growth_reference_years")
    sig_d, th_d, lnz0 = g("demand.volatility"), g("demand.shock_reversion"), g("demand.initial_shock")
    g_hw, g_pw = g("efficiency.hw_perf_per_dollar_growth"), g("efficiency.hw_perf_per_watt_growth")
    g_algo, s0 = g("efficiency.algo_efficiency_growth"), g("efficiency.tokens_per_unit_hour")
    K0 = g("capacity.capacity_initial")
    n_hist, g_hist = int(g("capacity.history_years")), g("capacity.history_growth")
    u0, u_t, u_max = g("capacity.initial_utilization"), g("capacity.target_utilization"), g("capacity.max_utilization")
    xs0 = g("capacity.initial_excess_demand")
    tau_c, tau_g = g("capacity.construction_years"), g("capacity.connection_years")
    grid0, g_grid = g("capacity.grid_additions_gw"), g("capacity.grid_growth")
    gdp_y0, gdp_yr = g("capacity.gdp_usd"), g("capacity.gdp_year")
    g_gdp, cap_gdp = g("capacity.gdp_growth"), g("capacity.max_capex_share_of_gdp")
    life_phys, r_obs = g("capacity.physical_life_years"), g("capacity.obsolescence_rate")
    cu0, opex_f, kw0 = g("costs.capex_per_unit"), g("costs.opex_frac"), g("costs.kw_per_unit")
    pue, e_price = g("costs.pue"), g("costs.power_price_kwh")
    busy, idle, var_c = g("costs.busy_draw_frac"), g("costs.idle_draw_frac"), g("costs.variable_cost_per_unit_hour")
    life_econ, life_acct, resid = (g("costs.economic_life_years"), g("costs.accounting_life_years"),
                                   g("costs.residual_frac"))
    p0, tau_p, eta = g("costs.price_initial"), g("costs.price_adjust_years"), g("costs.price_utilization_elasticity")
    r_cap = g("costs.price_ratio_cap")
    fl_mk, fs_w, lab_mk = g("costs.floor_markup"), g("costs.fire_sale_weight"), g("costs.lab_markup")
    app_mult, chip_sh, chip_gm = g("costs.app_revenue_multiple"), g("costs.chip_share_of_capex"), g("costs.chip_gross_margin")
    rf, s0_spread, re0 = g("finance.risk_free_rate"), g("finance.credit_spread_initial"), g("finance.cost_of_equity")
    ds, ls = g("finance.debt_share_of_capex"), g("finance.lease_share_of_capex")
    pecking = bool(g("finance.pecking_order"))
    l_rate, l_term, mat = g("finance.lease_rate"), g("finance.lease_term_years"), g("finance.debt_maturity_years")
    lev0, cash_y = g("finance.initial_leverage"), g("finance.cash_initial_years")
    spons_y, g_spons = g("finance.sponsor_cash_flow"), g("finance.sponsor_growth")
    b_eq, tax = g("finance.equity_sentiment_elasticity"), g("finance.tax_rate")
    cov, dscr_thr, sig_f = g("finance.covenant_icr"), g("finance.dscr_default"), g("finance.firm_dispersion")
    lam, recov, tau_ro = g("finance.default_speed"), g("finance.recovery_rate"), g("finance.reorganisation_years")
    k_s, k_d, k_e = (g("finance.spread_sentiment_sensitivity"), g("finance.spread_default_sensitivity"),
                     g("finance.equity_cost_sensitivity"))
    spread_crisis = g("finance.spread_crisis")
    tau_credit = 0.5  # years over which lenders react to coverage (assumption, docs/market.md)
    g_exp0, tau_e, kap = (g("sentiment.expected_growth_initial"), g("sentiment.expectation_years"),
                          g("sentiment.growth_sensitivity"))
    tau_m, sig_m, tau_o = g("sentiment.adjust_years"), g("sentiment.volatility"), g("sentiment.observation_years")
    gh0, tau_gh, tau_adj = (g("investment.demand_growth_expected"), g("investment.expectation_years"),
                            g("investment.adjust_years"))
    gam, kap_p, w_sl = (g("investment.sentiment_elasticity"), g("investment.profitability_elasticity"),
                        g("investment.supply_line_weight"))
    max_ord, c_rate = g("investment.max_order_ratio"), g("investment.cancel_rate")
    com_on = bool(g("commitments.enabled"))
    com_real, com_belief, com_scale, com_pipe = (g("commitments.realisation"), g("commitments.belief"),
                                                 g("commitments.scale"), g("commitments.pipeline_share"))
    b_dd, b_uf, b_wu = g("bust.capex_drawdown"), g("bust.utilization_floor"), g("bust.warmup_years")
    b_def, b_real = g("bust.default_share"), bool(g("bust.real_capex"))
    sw = (g("signal.weight_utilization"), g("signal.weight_price_war"), g("signal.weight_financing"),
          g("signal.weight_gap"), g("signal.weight_capex_ocf"))
    s_thr, rev_need, cx_crisis = g("signal.threshold"), g("signal.revenue_multiple_needed"), g("signal.capex_ocf_crisis")

    # validate the unit-economics inputs once through the checked cost-layer functions; the loop
    # calls the same functions with validate=False
    capital_charge_per_hour(cu0, re0, life_econ, resid)
    if np.all(np.asarray(kw0) > 0):
        energy_per_gpu_hour(kw0, pue, e_price, u_t, busy, idle)
    crf_lease = crf(l_rate, l_term)

    # ---------------- derived constants ------------------------------------------------------
    la, lh, lw, lg = np.log1p(g_algo), np.log1p(g_hw), np.log1p(g_pw), np.log1p(g_grid)
    lead = tau_c + tau_g
    dsum = ds + ls
    # Modigliani-Miller: the cost of capital that prices capacity does not depend on leverage
    r_asset0 = g("finance.asset_cost_of_capital")
    ext = g("finance.external_share_of_capex")
    pue_e = pue * e_price
    pue_e_busy = pue_e * busy
    ln_thr = np.log(dscr_thr)
    ll_k = 1.702 / sig_f  # log-logistic firm coverage with log-sd ~ sig_f (logistic approx. of the normal)

    # ---------------- vintages ---------------------------------------------------------------
    steps = s.steps
    years = steps / spy
    ist = s.init_state
    if ist is not None:  # room for the warm-start run's cohorts
        rel = np.round(np.asarray(ist["cohort_years"], dtype=float) - s.start_year)
        occupied = rel[np.asarray(ist["Kv"]) > 0]
        n_hist = max(n_hist, int(-occupied.min()) if occupied.size else 1)
    V = n_hist + math.ceil(years) + 1
    vy = np.arange(V, dtype=float) - n_hist  # cohort of calendar years [vy, vy + 1) relative to start
    vmid = vy + 0.5
    K0a = _arr(K0, n)
    if ist is None:  # the initial fleet by vintage: additions grew at history_growth
        w = np.where(vy[:, None] < 0, np.exp(np.multiply.outer(vy, _arr(np.log1p(g_hist), n))), 0.0)
        w = w / w.sum(axis=0, keepdims=True)
        Kv = w * K0a[None, :]
        KWv = Kv * (kw0 * np.exp(np.multiply.outer(-vmid, _arr(lw, n))))
        Cv = Kv * (cu0 * np.exp(np.multiply.outer(-vmid, _arr(lh, n))))
    else:  # filled from the warm-start snapshot below
        Kv, KWv, Cv = (np.zeros((V, n)) for _ in range(3))
    K = Kv.sum(axis=0)
    KW = KWv.sum(axis=0)
    C = Cv.sum(axis=0)
    age0 = -vmid
    dep = depreciation_per_year(Cv, age0[:, None], life_acct).sum(axis=0)
    x0 = u0 * (1.0 + xs0)  # demand / capacity at the start

    if g("costs.price_starts_at_target"):  # the price level of an analogue: its target at the start
        cap0 = capital_charge_per_hour(cu0, r_asset0, life_econ, resid, validate=False)[0]
        kw_h0 = (KW / np.maximum(K, 1e-300)) * pue_e
        e_new0 = energy_per_gpu_hour(kw0, pue, e_price, u_t, busy, idle, validate=False)
        c_full0 = (cap0 + opex_f * cu0 / H + e_new0) / u_t + var_c
        floor0 = (kw_h0 * busy + var_c) * (1.0 + fl_mk)
        p0 = floor0 + (c_full0 - floor0) * np.minimum(x0 / u_t, r_cap) ** eta

    # ---------------- exogenous trends (log space) ----------------------------------------------
    # Per-path constants; every trend e^(r·t) is the running product of its factor e^(r·dt) (the numpy loop
    # takes them from grids built here, the compiled loop carries the products - the same multiplications).
    tt = (np.arange(steps) * dt)[:, None]
    D0 = x0 * K0a
    Dtr0 = D0 * np.exp(-np.asarray(lnz0, dtype=float))  # the demand trend at the start (without the shock)
    Dinf0 = share_inf * Dtr0
    s0a = _arr(s0, n)
    lnp0 = np.log(_arr(p0, n))
    Bf0 = (1.0 - share_inf) * Dtr0 * _arr(p0, n) * H
    lnM_init = float(ist["log_multiple"]) if ist is not None else 0.0  # budgets at the start include M^bF
    has_grid = bool(np.all(np.asarray(kw0) > 0))  # no power draw (historical analogues): no grid limit
    # intensity and budget growth are quoted t_ref years after the start: growth(t) = g·e^(-d·(t - t_ref));
    # their integral from 0 to t is g·e^(d·t_ref)·(1 - e^(-d·t))/d (g·t without fading)
    trend = {
        "lnUsat": np.log(Usat), "aU": Usat / U0 - 1.0, "fU": np.exp(-k_ad * dt),
        "fI": np.exp(-dI * dt), "dIm": np.maximum(dI, 1e-12), "smallI": np.asarray(dI) <= 1e-12,
        "gIe": gI * np.exp(dI * t_ref),
        "fF": np.exp(-dF * dt), "dFm": np.maximum(dF, 1e-12), "smallF": np.asarray(dF) <= 1e-12,
        "gFe": gF * np.exp(dF * t_ref),
        # ln D_inf = Bq - eps ln p + ln z ; ln D_fund = Cf + bF ln M + ln z - ln p; D_inf(0) = share x demand
        # trend at the start (the token price of the start, tokens per unit-hour growing with algorithms)
        "c1": (eps - 1.0) * la, "c2": np.log(Dinf0) - np.log(U0) + eps * lnp0,
        "cF": np.log(np.maximum(Bf0, 1e-300)) - bF * lnM_init - np.log(H),
        "cu0": cu0, "fcu": np.exp(-lh * dt), "kw0": kw0, "fkw": np.exp(-lw * dt),
        "grid0x": grid0 * 1e6 if has_grid else np.inf, "fgr": np.exp((lg + lw) * dt), "gkw0": kw0 if has_grid else 1.0,
        # fixed opex and energy of a new unit per installed hour (the cost layer's energy per kW of IT power)
        "opexH": opex_f / H, "e_kw": energy_per_gpu_hour(1.0, pue, e_price, u_t, busy, idle, validate=False),
        "fsp": np.exp(np.log1p(g_spons) * dt),
        # the macro cap on capex [currency/year]: a share of GDP, which grows at its real rate from the
        # year of the GDP figure to the start and on
        "gdp0x": cap_gdp * gdp_y0 * (1.0 + g_gdp) ** (s.start_year - gdp_yr),
        "fgd": np.exp(np.log1p(g_gdp) * dt),
    }
    # equipment is paid on delivery (end of construction) at the price of the generation then current; it
    # waits for grid connection in the queue, so units entering service carry the kW of a delivery ~tau_g ago
    kw_lag = np.exp(lw * tau_g)

    # ---------------- initial state ----------------------------------------------------------
    p_h = _arr(p0, n)
    exp_ret = np.exp(-lead / life_phys)  # share of today's capacity still in service one lead time ahead
    inv_life_phys = 1.0 / life_phys
    # desired capacity one lead time ahead, the acquisitions it needs then (growth + replacement), and the
    # pipeline under steady growth at the expected rate (first-order stages: S = O·T / (1 + g·T) each)
    T1 = 0.5 * tau_c
    gpos = np.maximum(gh0, -0.9 / np.maximum(T1, tau_g))
    c1 = T1 / (1.0 + gpos * T1)
    c2 = c1 / (1.0 + gpos * T1)
    c3 = tau_g / ((1.0 + gpos * T1) ** 2 * (1.0 + gpos * tau_g))
    Kst0 = D0 * np.exp(gh0 * lead) / u_t
    A0 = Kst0 * (gh0 + inv_life_phys)
    O0 = np.maximum(0.0, A0 + (Kst0 - K0a * exp_ret) / tau_adj) / (1.0 + w_sl * (c1 + c2 + c3) / tau_adj)
    O0 = np.minimum(O0, K0a * max_ord)
    S1 = O0 * c1
    S2 = O0 * c2
    G = O0 * c3
    Gv = G * cu0 * np.exp(lh * (0.5 * tau_g))  # dollar value of delivered equipment waiting for connection
    two_tc_0 = 2.0 / tau_c
    X0 = S2 * two_tc_0 * cu0  # capex of the first step (deliveries out of construction)
    Bd = lev0 * C
    cash = cash_y * X0
    spons0 = spons_y * X0
    Lp = ls * crf_lease * depreciation_per_year(Cv, age0[:, None], l_term).sum(axis=0) * l_term
    r_eff = _arr(rf + s0_spread, n)
    lnM = np.zeros(n)
    lnMpk = np.zeros(n)
    lnz = _arr(lnz0, n)
    zdev = np.zeros(n)
    g_exp = _arr(g_exp0, n)
    g_hat = _arr(gh0, n)
    Rs = np.zeros(n)
    spread = _arr(s0_spread, n)
    wacc = _arr(r_asset0, n)
    lnR_s = None
    lnD_s = None
    tau_s = 0.5  # years over which builders average demand before reading its trend (assumption)
    f_tau_s, inv_tau_s = dt / tau_s, 1.0 / tau_s
    h0 = None
    avail = None
    gapR = gapD = None
    if ist is not None:  # warm start: every stock from the snapshot (scalar states come as parameters)
        def col(a):
            return np.repeat(np.asarray(a, dtype=float).reshape(1, -1)[:, :1], n, axis=0).reshape(n)

        idx = (np.round(np.asarray(ist["cohort_years"], dtype=float) - s.start_year) + n_hist).astype(int)
        idx = np.clip(idx, 0, V - 1)
        # capacity_initial scales every extensive stock (1 unless the user sets another fleet size)
        scale = K0a / max(float(ist["capacity"]), 1e-300)
        for arr, key in ((Kv, "Kv"), (KWv, "KWv"), (Cv, "Cv")):
            arr[:] = 0.0
            vals_ = np.asarray(ist[key], dtype=float)
            for c, v in zip(idx.tolist(), vals_.tolist(), strict=True):  # cohorts older than the window share row 0
                arr[c] += v * scale
        K, KW, C = Kv.sum(axis=0), KWv.sum(axis=0), Cv.sum(axis=0)
        dep = depreciation_per_year(Cv, age0[:, None], life_acct).sum(axis=0)
        S1, S2, G, Gv = (col(ist["S1"]) * scale, col(ist["S2"]) * scale, col(ist["G"]) * scale,
                         col(ist["Gv"]) * scale)
        Bd, cash, Lp, r_eff = col(ist["Bd"]) * scale, col(ist["cash"]) * scale, col(ist["Lp"]) * scale, col(ist["r_eff"])
        spons0 = col(ist["spons"]) * scale
        Rs, wacc = col(ist["Rs"]), col(ist["wacc"])
        lnM, lnMpk = col(ist["log_multiple"]), col(ist["log_multiple"]) + col(ist["lnMpk_minus_lnM"])
        avail, h0 = col(ist["avail"]), col(ist["h0"])
        gapR, gapD = col(ist["gapR"]), col(ist["gapD"])
        X0 = col(ist["ring"][-1])
    kR = np.log(paid * app_mult * (1.0 + lab_mk)) + np.log(H)  # ln R_app = ln D_inf + ln p + kR + ln served
    ln_pc_cap = math.log(3.0)  # price / full cost enters orders within [1/3, 3]

    ring = np.repeat(X0[None, :], spy, axis=0)  # trailing-year (4-quarter) capex, annual rates
    if ist is not None and len(ist["ring"]) == spy:
        ring = np.asarray(ist["ring"], dtype=float)[:, None] * (K0a / max(float(ist["capacity"]), 1e-300))[None, :]
    trail = ring.mean(axis=0)
    if b_real:  # the bust criterion on units delivered (capex deflated by the price of new capacity)
        ring_b = np.repeat((S2 * two_tc_0)[None, :], spy, axis=0)
        trail_b = ring_b[0].copy()
    else:
        trail_b = trail
    peak = trail_b.copy()
    if ist is not None and not b_real:
        peak = np.maximum(peak, col(ist["peak"]) * scale)  # the running peak of the history run counts
    snap = {}
    peak_t = np.zeros(n)
    uring = np.empty((spy, n))  # trailing-year (4-quarter) utilisation
    uring[:] = np.minimum(x0, u_max)
    if ist is not None and len(ist.get("uring", ())) == spy:
        uring[:] = np.asarray(ist["uring"], dtype=float)[:, None]
    u_tr = uring.mean(axis=0)
    busted = np.zeros(n, dtype=bool)
    bust_t = np.full(n, np.nan)
    cause = np.zeros(n, dtype=np.int8)
    sig_t = np.full(n, np.nan)
    peak_def = np.zeros(n)
    trough_u = np.full(n, np.inf)
    impair_total = np.zeros(n)
    loss_total = np.zeros(n)

    # commitments: announced purchases in units at the start price (extra demand and extra orders)
    com_units = None
    if com_on and s.commitment_usd is not None:
        com_units = s.commitment_usd * com_scale * (1.0 - com_pipe) / (float(np.mean(p0)) * H)
        lead_steps = round(float(np.mean(lead)) * spy)
    rec = None
    if s.record:
        rec = s.out if s.out is not None else np.empty((len(RECORDED), steps, n), dtype=np.float32)
    noise = s.noise
    sq = math.sqrt(dt)
    sd_d = sig_d * vol * sq
    sd_m = sig_m * vol * sq
    th_dt = 1.0 - th_d * dt
    use_nb = (s.engine != "numpy" and s.capture_step is None and n <= MAX_COMPILED_PATHS and _numba_available())
    if s.engine not in ("auto", "numba", "numpy"):
        raise ValueError(f"engine must be auto, numba or numpy, got {s.engine!r}")
    if not use_nb:  # the numpy loop reads every trend from grids (steps, 1 or paths)
        zdec_t = _powers(th_dt, steps)  # th_dt^i: decay of the initial shock
        Bq, Cf, cu_t, kw_t, grid_t, oe_new_t, spons_t, gdpcap_t = _trend_grids(trend, tt, steps)
    ekR = np.exp(kR)
    f_tau_p, f_tau_o, f_tau_e, f_tau_m = dt / tau_p, dt / tau_o, dt / tau_e, dt / tau_m
    inv_tau_o = 1.0 / tau_o
    f_tau_gh, f_mat, f_cred = dt / tau_gh, dt / mat, dt / tau_credit
    two_tc = 2.0 / tau_c
    exp_obs = np.exp(-r_obs)
    wsum = float(sum(sw))
    wts = [x / wsum for x in sw] if wsum > 0 else [0.0] * 5
    inv_crisis = 1.0 / spread_crisis
    span_u = np.maximum(u_t - b_uf, 1e-9)
    icov = 1.0 / (0.25 * cov)
    dsum_t = 0.5 * (1.0 - tax)  # a reference half-debt mix passes spread changes into the cost of capital
    inv_tau_adj, inv_tau_g, inv_l_term = 1.0 / tau_adj, 1.0 / tau_g, 1.0 / l_term
    lgd = 1.0 - recov
    inv_tau_ro, inv_life_acct, inv_spy = 1.0 / tau_ro, 1.0 / life_acct, 1.0 / spy
    w_u, w_p, w_f, w_g, w_c = wts
    inv_span_u = 1.0 / span_u
    inv_cx = 1.0 / (cx_crisis - 1.0)
    inv_app = 1.0 / app_mult
    inv_ut = 1.0 / u_t
    ln_ut = np.log(u_t)

    lnp_s = np.log(p_h)
    eta_int = int(eta) if np.ndim(eta) == 0 and float(eta).is_integer() and 0 < eta <= 6 else None
    maximum, minimum, exp, log = np.maximum, np.minimum, np.exp, np.log
    cap_i = s.capture_step
    steps_run = steps
    if use_nb:  # the compiled loop (same equations, same numbers)
        from .engine_numba import run_block

        o = run_block(dict(locals()))
        bust_t, cause, sig_t, peak_def, peak_t, trough_u = (o["bust_t"], o["cause"], o["sig_t"], o["peak_def"],
                                                            o["peak_t"], o["trough_u"])
        impair_total, loss_total = o["impair_total"], o["loss_total"]
        steps_run = 0  # the numpy loop below is skipped
    old = np.seterr(all="ignore")
    try:
        for i in range(steps_run):
            t = i * dt
            if i == cap_i:  # snapshot of every stock at the start of this step (a later run's warm start)
                snap.update(cohort_years=s.start_year + vy, Kv=Kv[:, 0].copy(), KWv=KWv[:, 0].copy(),
                            Cv=Cv[:, 0].copy(), S1=S1, S2=S2, G=G, Gv=Gv, Bd=Bd, cash=cash, Lp=Lp, r_eff=r_eff,
                            spons=spons0 * spons_t[i], Rs=Rs, wacc=wacc, lnMpk_minus_lnM=lnMpk - lnM,
                            avail=avail, h0=h0, ring=np.roll(ring, -(i % spy), axis=0)[:, 0].copy(),
                            uring=np.roll(uring, -(i % spy), axis=0)[:, 0].copy(),
                            peak=peak, price=p_h, capacity=K, builders_expected_growth=g_hat,
                            investors_expected_growth=g_exp, log_multiple=lnM, shock=lnz)
            # ---- demand (log space) ---------------------------------------------------------
            if s.shock_path is not None:
                lnz = s.shock_path[i] + zdev
            else:
                if noise is not None:
                    zdev = zdev * th_dt + sd_d * noise[i, 0]  # Ornstein-Uhlenbeck deviation
                lnz = zdev + lnz0 * zdec_t[i]  # the initial shock reverts at the same rate
            p_old = p_h
            lnp = lnp_s  # ln of the price (carried: one logarithm less per step)
            lnDi = Bq[i] - eps * lnp + lnz
            D_inf = exp(lnDi)
            D_fund = exp(Cf[i] + bF * lnM + lnz - lnp)
            D = D_inf + D_fund
            if com_units is not None:
                D = D + com_units[i] * com_real
            lnD = log(maximum(D, 1e-300))
            invK = 1.0 / maximum(K, 1e-300)
            x = D * invK  # demand / capacity
            u = minimum(x, u_max)
            # in a shortage paying inference is served first; budget-funded compute (training) waits
            served_inf = minimum(1.0, u * K / maximum(D_inf, 1e-300))
            if i == cap_i:
                snap.update(demand_ratio=x, inference_share=D_inf / D, shock=lnz, demand=D)

            # ---- unit economics (cost layer) ----------------------------------------------------
            kw_avg = KW * invK
            e_inst = energy_per_gpu_hour_unchecked(kw_avg, pue, e_price, u, busy, idle)
            mc = kw_avg * pue_e_busy + var_c  # GpuHourCost.marginal_usd_per_busy_hour (+ other cash cost)
            cap_new = capital_charge_unchecked(cu_t[i], wacc, life_econ, resid)  # wacc >= 1e-6 > 0
            c_full = (cap_new + oe_new_t[i]) * inv_ut + var_c
            floor = mc * (1.0 + fl_mk)
            rat = minimum(x * inv_ut, r_cap)  # demand over capacity at the target utilisation
            if eta_int is not None:
                curve = rat
                for _ in range(eta_int - 1):
                    curve = curve * rat
            else:
                curve = rat ** eta
            p_tgt = maximum(floor + (c_full - floor) * curve * (1.0 - fs_w * Rs), floor)
            # first-order adjustment of ln p toward ln p_tgt over price_adjust_years, linearly implicit in the
            # instantaneous demand response: the target moves by -eta x (demand elasticity) per unit of ln p,
            # which makes explicit Euler oscillate (period two) once dt / tau_p x eta x elasticity > 1
            eps_eff = (D_inf * eps + D_fund) / D
            stiff = eta * eps_eff * (1.0 - floor / p_tgt) * (rat < r_cap)
            lnp_c = lnp + f_tau_p / (1.0 + f_tau_p * stiff) * (log(p_tgt) - lnp)
            p_c = exp(lnp_c)
            floored = p_c < mc  # never below the marginal cash cost
            p_h = np.where(floored, mc, p_c)
            lnp_s = np.where(floored, log(mc), lnp_c)

            # ---- money by layer -------------------------------------------------------------
            busy_h = u * K * H
            rev = p_h * busy_h
            ebitda = rev - e_inst * K * H - opex_f * C - var_c * busy_h
            interest = Bd * r_eff
            principal = Bd / mat
            taxes = tax * maximum(ebitda - dep - interest - Lp, 0.0)
            ocf = ebitda - interest - Lp - taxes

            # ---- credit and defaults ----------------------------------------------------------
            # the owners' other cash flow (sponsor) services their debt too: lenders and solvency see both
            spons = spons0 * spons_t[i]
            icr = interest_coverage(ebitda - Lp + spons, interest)  # lenders' EBITDA(R) / interest covenant
            a_now = 1.0 / (1.0 + exp(maximum((cov - minimum(icr, 1e6)) * icov, -700.0)))
            avail = a_now if avail is None else avail + (a_now - avail) * f_cred
            # debt service: interest, lease rents and the maturing principal lenders will not roll over
            cov_d = dscr(ebitda - taxes + spons, interest + Lp + principal * (1.0 - avail))
            # log-logistic in coverage; exponents clipped to +-700 (no overflow: e^700 already makes h ~ 0)
            h = lam / (1.0 + exp(minimum(ll_k * (log(maximum(cov_d, 1e-9)) - ln_thr), 700.0)))
            if h0 is None:
                h0 = h.copy()  # normal-times default rate, already priced in the initial spread

            # ---- sentiment --------------------------------------------------------------------
            R_app = D_inf * p_old * ekR * served_inf  # end-user revenue
            lnR = lnDi + lnp + kR + log(served_inf)  # ln R_app
            if lnR_s is None:  # smoothed log revenue consistent with the expected growth (or the warm state)
                lnR_s = lnR - (g_exp0 * tau_o if gapR is None else gapR)
            if i == cap_i:
                snap["gapR"] = lnR - lnR_s
            # observed growth: the SD trend estimator (log level against its exponential smooth)
            g_obs = (lnR - lnR_s) * inv_tau_o
            lnR_s = lnR_s + (lnR - lnR_s) * f_tau_o
            g_exp = g_exp + (g_obs - g_exp) * f_tau_e
            lnM = lnM + (kap * (g_obs - g_exp) - lnM) * f_tau_m
            if noise is not None:
                lnM = lnM + sd_m * noise[i, 1]
            lnMpk = maximum(lnMpk, lnM)
            dd = 1.0 - exp(lnM - lnMpk)
            spread = s0_spread + k_s * dd + k_d * maximum(h - h0, 0.0)
            wacc = maximum(r_asset0 + k_e * dd + (spread - s0_spread) * dsum_t, 1e-6)
            r_eff = r_eff + (rf + spread - r_eff) * f_mat

            # ---- investment (stock management with a demand forecast over the lead time) --------
            if lnD_s is None:
                lnD_s = lnD - (gh0 * tau_s if gapD is None else gapD)
            if i == cap_i:
                snap["gapD"] = lnD - lnD_s
            g_hat = g_hat + ((lnD - lnD_s) * inv_tau_s - g_hat) * f_tau_gh  # builders' expected demand growth
            lnD_s = lnD_s + (lnD - lnD_s) * f_tau_s
            SL = S1 + S2 + G
            K_star = exp(lnD + g_hat * lead - ln_ut)  # capacity demand will need when new orders arrive
            K_exp = K * exp_ret + w_sl * SL  # capacity expected then from today's fleet and the pipeline
            O_d = maximum(0.0, K_star * (g_hat + inv_life_phys) + (K_star - K_exp) * inv_tau_adj)
            lprof = minimum(maximum(lnp - log(c_full), -ln_pc_cap), ln_pc_cap)
            O_d = O_d * exp(gam * lnM + kap_p * lprof) * (1.0 - Rs)
            if com_units is not None:
                j = min(i + lead_steps, len(com_units) - 1)
                O_d = O_d + com_units[j] * com_belief / u_t / lead
            O_d = minimum(O_d, K * max_ord)
            O_d = minimum(O_d, gdpcap_t[i] / cu_t[i])  # the macro cap: capex <= share of GDP
            cu_new = cu_t[i]
            X_d = O_d * cu_new
            eq_fac = exp(b_eq * minimum(lnM, 0.0))
            pos_ocf = maximum(ocf, 0.0)
            # outside money available for orders: equity up to external_share_of_capex at the start valuation
            # (less when valuations fall) plus debt and leases while credit is open - leverage amplifies booms
            sources = pos_ocf + spons + X_d * (ext * eq_fac + avail * dsum) + maximum(cash, 0.0)
            fund = minimum(1.0, sources / maximum(X_d, 1e-9))
            orders = O_d * fund
            cancel = S1 * (c_rate * maximum(maximum(dd, Rs), 1.0 - fund))

            # ---- pipeline ---------------------------------------------------------------------
            f1 = S1 * two_tc
            f2 = S2 * two_tc
            f3 = minimum(G * inv_tau_g, grid_t[i])
            X = f2 * cu_new  # capex paid when equipment is delivered
            vG = Gv / maximum(G, 1e-12)
            S1 = S1 + (orders - f1 - cancel) * dt
            S2 = S2 + (f1 - f2) * dt
            G = G + (f2 - f3) * dt
            Gv = Gv + (X - f3 * vG) * dt

            # ---- financing flows --------------------------------------------------------------
            # leases/SPVs fund their share of projects; the owners' part comes from cash flow first (pecking
            # order), then debt up to debt_share_of_capex while credit is open, then equity up to
            # external_share_of_capex (less when valuations fall); project finance borrows its share anyway
            ls_eff = ls * avail
            own = X * (1.0 - ls_eff)
            repay = principal * (1.0 - avail)
            short_int = maximum(own + repay - pos_ocf - spons, 0.0)
            debt_cap = X * (ds * avail)
            new_debt = minimum(short_int, debt_cap) if pecking else debt_cap
            eq = minimum(maximum(short_int - new_debt, 0.0), X * (ext * eq_fac))
            cash = cash + (ocf + spons + new_debt + eq - own - repay) * dt
            Bd = Bd + (new_debt - repay) * dt
            Lp = Lp + (X * ls_eff * crf_lease - Lp * inv_l_term) * dt
            # a cash shortfall is drawn on revolving credit (it adds to debt and weighs on coverage);
            # firms default at the solvency hazard h
            Bd = Bd + maximum(-cash, 0.0)
            cash = maximum(cash, 0.0)
            d_tot = Bd * minimum(h * dt, 1.0)
            h_tot = minimum(h, 1.0 / dt)
            Bd = Bd - d_tot
            loss_total = loss_total + d_tot * lgd
            Rs = minimum(maximum(Rs + (h_tot * (1.0 - Rs) - Rs * inv_tau_ro) * dt, 0.0), 1.0)

            # ---- vintages: new capacity enters this year's cohort ----------------------------
            vi = n_hist + min(int(t + 1e-9), V - n_hist - 1)
            add = f3 * dt
            add_kw = add * (kw_t[i] * kw_lag)
            add_c = add * vG
            Kv[vi] += add
            KWv[vi] += add_kw
            Cv[vi] += add_c
            K = K + add
            KW = KW + add_kw
            C = C + add_c
            dep = dep + add_c * inv_life_acct

            # ---- annual fleet review: retire at physical life, idle obsolete vintages ---------
            if (i + 1) % spy == 0:
                top = vi + 1  # cohorts that exist so far
                age = (t + dt) - vmid[:top]  # (cohorts,)
                Kr, KWr, Cr = Kv[:top], KWv[:top], Cv[:top]
                # a cohort is idled when its cash cost per busy hour exceeds the price (x Kr, no division)
                obsolete = KWr * pue_e_busy + Kr * var_c + Cr * (opex_f / (H * maximum(u, 0.05))) > p_h * Kr
                keep = np.where(obsolete, exp_obs, 1.0)
                if np.ndim(life_phys) == 0:
                    keep[age >= life_phys] = 0.0
                else:
                    keep = np.where(age[:, None] >= life_phys, 0.0, keep)
                if np.ndim(life_acct) == 0:
                    w_book = np.clip(1.0 - age / life_acct, 0.0, 1.0)[:, None]
                else:
                    w_book = np.clip(1.0 - age[:, None] / life_acct, 0.0, 1.0)
                impair_total = impair_total + (Cr * w_book * (1.0 - keep)).sum(axis=0)
                Kr *= keep
                KWr *= keep
                Cr *= keep
                K = Kr.sum(axis=0)
                KW = KWr.sum(axis=0)
                C = Cr.sum(axis=0)
                dep = depreciation_per_year(Cr, age[:, None], life_acct).sum(axis=0)

            # ---- indicators, bust detection ---------------------------------------------------
            # trailing-year (4-quarter) capex against its running peak since the start (the pre-start level
            # counts as history); busts are only declared after the warm-up
            slot = i % spy
            trail = trail + (X - ring[slot]) * inv_spy
            ring[slot] = X
            if b_real:
                trail_b = trail_b + (f2 - ring_b[slot]) * inv_spy
                ring_b[slot] = f2
            else:
                trail_b = trail
            u_tr = u_tr + (u - uring[slot]) * inv_spy
            uring[slot] = u
            newpk = trail_b > peak
            if newpk.any():
                peak = np.where(newpk, trail_b, peak)
                peak_t = np.where(newpk, t + dt, peak_t)
            if (t + dt) >= b_wu - 1e-9:
                hit_c = trail_b < peak * (1.0 - b_dd)
                hit_u = u_tr < b_uf
                hit_d = Rs > b_def
                now = (hit_c | hit_u | hit_d) & ~busted
                if now.any():
                    bust_t = np.where(now, t + dt, bust_t)
                    cause = np.where(now, hit_c.astype(np.int8) + 2 * hit_u.astype(np.int8)
                                     + 4 * hit_d.astype(np.int8), cause)
                    busted = busted | now
            peak_def = maximum(peak_def, Rs)
            trough_u = minimum(trough_u, u_tr)

            pwi = minimum(maximum((c_full - p_h) / maximum(c_full - floor, 1e-12), 0.0), 1.0)
            need = trail * rev_need
            gap_usd = need - R_app
            gap_ratio = gap_usd / maximum(need, 1e-9)
            tight = minimum(maximum((spread - s0_spread) * inv_crisis, 0.0), 1.0)
            cx_ocf = minimum(trail / maximum(ocf, 1e-300), 10.0)  # indicators.capex_to_ocf (10 when OCF <= 0)
            sig = (w_u * minimum(maximum((u_t - u) * inv_span_u, 0.0), 1.0) + w_p * pwi + w_f * tight
                   + w_g * minimum(maximum(gap_ratio, 0.0), 1.0)
                   + w_c * minimum(maximum((cx_ocf - 1.0) * inv_cx, 0.0), 1.0))
            fire = sig > s_thr
            if fire.any():
                sig_t = np.where(fire & np.isnan(sig_t), t + dt, sig_t)

            if rec is not None:
                r = rec[:, i, :]
                R_lab = R_app * inv_app
                r[0] = X
                r[1] = K
                r[2] = orders
                r[3] = f3
                r[4] = u
                r[5] = p_h
                r[7] = D_inf
                r[8] = D
                r[9] = rev
                r[11] = R_app
                r[13] = margin(R_lab - D_inf * served_inf * H * p_h, R_lab)
                r[14] = ebitda
                r[15] = ocf
                r[16] = dep
                r[17] = Bd
                r[18] = Rs
                r[19] = exp(lnM)
                r[20] = wacc
                r[21] = spread
                r[22] = c_full
                r[23] = floor
                r[24] = pwi
                r[25] = gap_usd
                r[26] = gap_ratio
                r[27] = tight
                r[28] = cx_ocf
                r[29] = sig
                r[30] = 1.0 - trail_b / maximum(peak, 1e-300)
    finally:
        np.seterr(**old)
    if rec is not None:  # series that are simple functions of recorded ones, computed for all steps at once
        st = np.broadcast_to(_lin(s0a) * _geo(_lin(la), dt, steps), (steps, n))  # tokens per unit-hour
        rec[6] = rec[5] * ((1.0 + lab_mk) * TOKENS_PER_MTOK) / st
        rec[7] = rec[7] * (st * H)
        rec[10] = rec[11] * inv_app
        rec[12] = rec[0] * chip_sh

    return BlockResult(series=rec, bust_time=bust_t, bust_cause=cause, signal_time=sig_t,
                       peak_default_share=peak_def, peak_capex_time=peak_t, trough_utilization=trough_u,
                       extra={"impairments_usd": impair_total, "default_losses_usd": loss_total,
                              "chip_gross_profit_share": chip_gm, "state": snap})
