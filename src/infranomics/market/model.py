"""The vectorised stock-and-flow model of an infrastructure capital cycle.

One call of :func:`simulate_block` advances a block of Monte Carlo paths through every time
step; every operation acts on arrays shaped ``(paths,)`` or ``(vintages, paths)`` — there is no
Python loop over paths. See ``docs/market.md`` for the equations; the blocks are:

* **demand** — tokens ``Q = U(t)·I(t)·(p_tok/p_tok0)^-ε·z`` (logistic adoption ``U``, intensity
  per user ``I`` with fading growth, price elasticity ``ε``, an Ornstein-Uhlenbeck shock ``z``)
  plus compute bought from budgets ``B(t)·M^β/p`` (training, captive workloads, following the
  valuation multiple ``M``);
* **efficiency** — tokens per unit-hour grow with algorithms; capex and kW per unit fall with
  chip generations;
* **capacity by vintage** — orders → two construction stages (lead time) → a grid-connection
  queue drained at most at the power that can be connected → in service in the year's vintage
  → retired at the physical life, idled early when a vintage's cash cost exceeds the price;
* **utilisation and prices** — the price per unit-hour moves toward a target that equals the
  full cost of new capacity at the target utilisation, falls toward the marginal cash cost
  (power at busy draw) when utilisation falls and rises above full cost when capacity is short;
  the token price is the unit-hour price over tokens per unit-hour, plus the labs' markup;
* **money by layer** — clouds (capacity owners), model labs, applications, chip makers;
* **financing** — operating cash flow, debt with a rate that reprices as it rolls over and a
  maturity, leases/SPVs, sponsor cash flow, equity; credit stops when interest coverage fails
  and firms default when debt-service coverage falls below 1 (firm heterogeneity);
* **sentiment** — the multiple follows revenue growth against expectations; its drawdown
  raises spreads and the cost of equity, cuts orders and equity funding — the crash cascade
  reaches chip makers through capex.

Unit economics come from the cost layer: inputs are validated once through
:func:`~infranomics.cost.levelized.capital_charge_per_hour`,
:func:`~infranomics.cost.levelized.energy_per_gpu_hour` and :func:`~infranomics.cost.finance.crf`,
and the loop uses the same formulas without per-call checks (:mod:`.kernels`). Business
metrics come from :mod:`infranomics.business.metrics` (:func:`dscr`, :func:`interest_coverage`,
:func:`margin`). Exogenous trends (adoption, intensity, budgets, efficiency) are computed for
all steps at once in log space before the loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..business.metrics import dscr, interest_coverage, margin
from ..units import HOURS_PER_YEAR, TOKENS_PER_MTOK
from .kernels import capital_charge_total, crf_unchecked, energy_per_installed_hour, validate_with_cost_layer

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
    holds standard normals ``(steps, 2, paths)`` or is ``None`` for the deterministic run.
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
    sig_d, th_d = g("demand.volatility"), g("demand.shock_reversion")
    g_hw, g_pw = g("efficiency.hw_perf_per_dollar_growth"), g("efficiency.hw_perf_per_watt_growth")
    g_algo, s0 = g("efficiency.algo_efficiency_growth"), g("efficiency.tokens_per_unit_hour")
    K0 = g("capacity.capacity_initial")
    n_hist, g_hist = int(g("capacity.history_years")), g("capacity.history_growth")
    u0, u_t, u_max = g("capacity.initial_utilization"), g("capacity.target_utilization"), g("capacity.max_utilization")
    tau_c, tau_g = g("capacity.construction_years"), g("capacity.connection_years")
    grid0, g_grid = g("capacity.grid_additions_gw"), g("capacity.grid_growth")
    life_phys, r_obs = g("capacity.physical_life_years"), g("capacity.obsolescence_rate")
    cu0, opex_f, kw0 = g("costs.capex_per_unit"), g("costs.opex_frac"), g("costs.kw_per_unit")
    pue, e_price = g("costs.pue"), g("costs.power_price_kwh")
    busy, idle, var_c = g("costs.busy_draw_frac"), g("costs.idle_draw_frac"), g("costs.variable_cost_per_unit_hour")
    life_econ, life_acct, resid = (g("costs.economic_life_years"), g("costs.accounting_life_years"),
                                   g("costs.residual_frac"))
    p0, tau_p, eta = g("costs.price_initial"), g("costs.price_adjust_years"), g("costs.price_utilization_elasticity")
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
    b_def = g("bust.default_share")
    sw = (g("signal.weight_utilization"), g("signal.weight_price_war"), g("signal.weight_financing"),
          g("signal.weight_gap"), g("signal.weight_capex_ocf"))
    s_thr, rev_need, cx_crisis = g("signal.threshold"), g("signal.revenue_multiple_needed"), g("signal.capex_ocf_crisis")

    # validate the unit-economics inputs once through the (checked) cost-layer functions
    validate_with_cost_layer(cu0, re0, life_econ, resid, kw0, pue, e_price, u_t, busy, idle, l_rate, l_term,
                             check_power=bool(np.all(np.asarray(kw0) > 0)))

    # ---------------- derived constants ------------------------------------------------------
    la, lh, lw, lg = np.log1p(g_algo), np.log1p(g_hw), np.log1p(g_pw), np.log1p(g_grid)
    lead = tau_c + tau_g
    crf_lease = crf_unchecked(l_rate, l_term)
    dsum = ds + ls
    # Modigliani-Miller: the cost of capital that prices capacity does not depend on leverage
    r_asset0 = g("finance.asset_cost_of_capital")
    ext = g("finance.external_share_of_capex")
    pue_e = pue * e_price
    pue_e_busy = pue_e * busy
    bi = busy - idle
    ln_thr = np.log(dscr_thr)
    ll_k = 1.702 / sig_f  # log-logistic firm coverage with log-sd ~ sig_f (logistic approx. of the normal)

    # ---------------- vintages ---------------------------------------------------------------
    steps = s.steps
    years = steps / spy
    V = n_hist + math.ceil(years) + 1
    vy = np.arange(V, dtype=float) - n_hist  # cohort of calendar years [vy, vy + 1) relative to start
    vmid = vy + 0.5
    w = np.where(vy[:, None] < 0, np.exp(np.multiply.outer(vy, _arr(np.log1p(g_hist), n))), 0.0)
    w = w / w.sum(axis=0, keepdims=True)
    K0a = _arr(K0, n)
    Kv = w * K0a[None, :]
    KWv = Kv * (kw0 * np.exp(np.multiply.outer(-vmid, _arr(lw, n))))
    Cv = Kv * (cu0 * np.exp(np.multiply.outer(-vmid, _arr(lh, n))))
    K = Kv.sum(axis=0)
    KW = KWv.sum(axis=0)
    C = Cv.sum(axis=0)
    age0 = -vmid
    dep = depreciation_per_year(Cv, age0[:, None], life_acct).sum(axis=0)

    if g("costs.price_starts_at_target"):  # the price level of an analogue: its target at the start
        cap0 = np.asarray(capital_charge_total(cu0, r_asset0, life_econ, resid))
        kw_h0 = (KW / np.maximum(K, 1e-300)) * pue_e
        c_full0 = (cap0 + opex_f * cu0 / H + energy_per_installed_hour(kw0, pue, e_price, u_t, busy, idle)) / u_t + var_c
        floor0 = (kw_h0 * busy + var_c) * (1.0 + fl_mk)
        p0 = floor0 + (c_full0 - floor0) * (u0 / u_t) ** eta

    # ---------------- exogenous trends for every step (log space) -----------------------------
    tt = (np.arange(steps) * dt)[:, None]
    D0 = u0 * K0a
    Dinf0 = share_inf * D0
    s0a = _arr(s0, n)
    ln_s = _lin(np.log(s0a)) + _lin(la) * tt  # tokens per unit-hour
    I0 = Dinf0 * s0a * H / U0
    lnU = np.log(Usat) - np.log1p((Usat / U0 - 1.0) * np.exp(-_lin(k_ad) * tt))
    dIl, dFl = _lin(dI), _lin(dF)
    with np.errstate(divide="ignore", invalid="ignore"):
        fadeI = np.where(np.asarray(dIl) > 1e-12, -np.expm1(-dIl * tt) / np.maximum(dIl, 1e-12), tt)
        fadeF = np.where(np.asarray(dFl) > 1e-12, -np.expm1(-dFl * tt) / np.maximum(dFl, 1e-12), tt)
    lnp0 = np.log(_arr(p0, n))
    epsl = _lin(eps)
    # ln D_inf = Bq - eps ln p + ln z ; ln D_fund = Cf + bF ln M + ln z - ln p
    Bq = lnU + _lin(np.log(I0)) + _lin(gI) * fadeI + epsl * (_lin(la) * tt + lnp0[None, :]) - ln_s - np.log(H)
    Bf0 = (1.0 - share_inf) * D0 * _arr(p0, n) * H
    Cf = _lin(np.log(np.maximum(Bf0, 1e-300))) + _lin(gF) * fadeF - np.log(H)
    cu_t = _lin(cu0) * np.exp(-_lin(lh) * tt)
    kw_t = _lin(kw0) * np.exp(-_lin(lw) * tt)
    if np.all(np.asarray(kw0) > 0):
        grid_t = _lin(grid0) * 1e6 * np.exp(_lin(lg) * tt) / kw_t
    else:  # no power draw (historical analogues): the grid never limits connections
        grid_t = np.full_like(kw_t * tt, np.inf)
    e_new_t = energy_per_installed_hour(kw_t, pue, e_price, u_t, busy, idle)
    opex_new_t = opex_f * cu_t / H
    s_t = np.exp(ln_s)
    cu_lag_c = np.exp(lh * (0.5 * tau_c))  # capex per unit of orders placed half a construction time ago
    kw_lag = np.exp(lw * lead)  # kW per unit of the generation ordered one lead time ago
    spons_t = np.exp(_lin(np.log1p(g_spons)) * tt)

    # ---------------- initial state ----------------------------------------------------------
    p_h = _arr(p0, n)
    K_des0 = D0 * np.exp(gh0 * lead) / u_t
    O0 = np.maximum(0.0, (K_des0 - K0a) / tau_adj + K0a / life_phys) / (1.0 + w_sl * lead / tau_adj)
    S1 = O0 * (tau_c / 2.0)
    S2 = O0 * (tau_c / 2.0)
    G = O0 * tau_g
    S2v = S2 * cu0 * cu_lag_c  # dollar value of work in stage 2 and in the connection queue
    Gv = G * cu0 * cu_lag_c
    X0 = O0 * cu0
    Bd = lev0 * C
    cash = cash_y * X0
    spons0 = spons_y * X0
    Lp = ls * crf_lease * depreciation_per_year(Cv, age0[:, None], l_term).sum(axis=0) * l_term
    r_eff = _arr(rf + s0_spread, n)
    lnM = np.zeros(n)
    lnMpk = np.zeros(n)
    lnz = np.zeros(n)
    g_obs = _arr(g_exp0, n)
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
    prof0 = None
    avail = None
    kR = np.log(paid * app_mult * (1.0 + lab_mk)) + np.log(H)  # ln R_app = ln D_inf + ln p + kR

    ring = np.repeat(X0[None, :], spy, axis=0)  # trailing-year capex ring buffer (annual rates)
    trail = X0.copy()
    peak = X0.copy()
    peak_t = np.zeros(n)
    q = max(1, spy // 4)
    uring = np.empty((q, n))
    uring[:] = u0
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
    f_tau_p, f_tau_o, f_tau_e, f_tau_m = dt / tau_p, dt / tau_o, dt / tau_e, dt / tau_m
    inv_tau_o = 1.0 / tau_o
    f_tau_gh, f_mat, f_cred = dt / tau_gh, dt / mat, dt / tau_credit
    two_tc = 2.0 / tau_c
    inv_life_phys = 1.0 / life_phys
    exp_obs = np.exp(-r_obs)
    wsum = float(sum(sw))
    wts = [x / wsum for x in sw] if wsum > 0 else [0.0] * 5
    inv_crisis = 1.0 / spread_crisis
    span_u = np.maximum(u_t - b_uf, 1e-9)
    ln_ut = np.log(u_t)
    icov = 1.0 / (0.25 * cov)
    dsum_t = 0.5 * (1.0 - tax)  # a reference half-debt mix passes spread changes into the cost of capital
    inv_tau_adj, inv_tau_g, inv_l_term = 1.0 / tau_adj, 1.0 / tau_g, 1.0 / l_term
    lgd = 1.0 - recov
    inv_tau_ro, inv_life_acct, inv_spy = 1.0 / tau_ro, 1.0 / life_acct, 1.0 / spy
    w_u, w_p, w_f, w_g, w_c = wts
    inv_span_u = 1.0 / span_u
    inv_cx = 1.0 / (cx_crisis - 1.0)
    inv_app = 1.0 / app_mult

    ln_umax = np.log(u_max)
    eta_int = int(eta) if np.ndim(eta) == 0 and float(eta).is_integer() and 0 < eta <= 6 else None
    maximum, minimum, exp, log = np.maximum, np.minimum, np.exp, np.log
    old = np.seterr(all="ignore")
    try:
        for i in range(steps):
            t = i * dt
            # ---- demand (log space) ---------------------------------------------------------
            if noise is not None:
                lnz = lnz * th_dt + sd_d * noise[i, 0]
            lnp = log(p_h)
            D_inf = exp(Bq[i] - eps * lnp + lnz)
            D_fund = exp(Cf[i] + bF * lnM + lnz - lnp)
            D = D_inf + D_fund
            if com_units is not None:
                D = D + com_units[i] * com_real
            lnD = log(maximum(D, 1e-300))
            lnK = log(maximum(K, 1e-300))
            lnu = minimum(lnD - lnK, ln_umax)
            u = exp(lnu)
            served = minimum(0.0, ln_umax + lnK - lnD)  # ln of the served share of demand

            # ---- unit economics ---------------------------------------------------------------
            invK = 1.0 / maximum(K, 1e-300)
            kw_avg = KW * invK
            e_inst = kw_avg * pue_e * (idle + bi * u)  # energy_per_gpu_hour
            mc = kw_avg * pue_e_busy + var_c  # GpuHourCost.marginal_usd_per_busy_hour (+ other cash cost)
            v = exp(-life_econ * np.log1p(wacc))
            cap_new = cu_t[i] * (1.0 - resid * v) * (wacc / (1.0 - v)) * (1.0 / H)  # capital_charge_per_hour
            c_full = (cap_new + opex_new_t[i] + e_new_t[i]) / u_t + var_c
            floor = mc * (1.0 + fl_mk)
            if eta_int is not None:
                rat = u / u_t
                curve = rat
                for _ in range(eta_int - 1):
                    curve = curve * rat
            else:
                curve = exp(eta * (lnu - ln_ut))
            p_tgt = floor + (c_full - floor) * curve * (1.0 - fs_w * Rs)
            p_h = p_h + (maximum(p_tgt, floor) - p_h) * f_tau_p
            p_h = maximum(p_h, mc)

            # ---- money by layer -------------------------------------------------------------
            busy_h = u * K * H
            rev = p_h * busy_h
            ebitda = rev - e_inst * K * H - opex_f * C - var_c * busy_h
            interest = Bd * r_eff
            principal = Bd / mat
            taxes = tax * maximum(ebitda - dep - interest - Lp, 0.0)
            ocf = ebitda - interest - Lp - taxes

            # ---- credit and defaults ----------------------------------------------------------
            icr = interest_coverage(ebitda - Lp, interest)  # lenders' EBITDA(R) / interest covenant
            a_now = 1.0 / (1.0 + exp((cov - minimum(icr, 1e6)) * icov))
            avail = a_now if avail is None else avail + (a_now - avail) * f_cred
            # debt service: interest, lease rents and the maturing principal lenders will not roll over
            cov_d = dscr(ebitda - taxes, interest + Lp + principal * (1.0 - avail))
            h = lam / (1.0 + exp(ll_k * (log(maximum(cov_d, 1e-9)) - ln_thr)))
            if h0 is None:
                h0 = h.copy()  # normal-times default rate, already priced in the initial spread

            # ---- sentiment --------------------------------------------------------------------
            lnR = (Bq[i] - eps * lnp + lnz) + served + lnp + kR  # ln end-user revenue
            if lnR_s is None:
                lnR_s = lnR - g_exp0 * tau_o  # smoothed log revenue consistent with the expected growth
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

            # ---- investment -------------------------------------------------------------------
            if lnD_s is None:
                lnD_s = lnD - gh0 * tau_s
            g_hat = g_hat + ((lnD - lnD_s) * inv_tau_s - g_hat) * f_tau_gh  # smoothed demand trend
            lnD_s = lnD_s + (lnD - lnD_s) * f_tau_s
            SL = S1 + S2 + G
            gap = exp(lnD + g_hat * lead - ln_ut) - K - w_sl * SL
            lprof = lnp - log(c_full)
            if prof0 is None:
                prof0 = lprof  # orders respond to profitability relative to the start
            O_d = maximum(0.0, gap * inv_tau_adj + K * inv_life_phys)
            O_d = O_d * exp(gam * lnM + kap_p * (lprof - prof0)) * (1.0 - Rs)
            if com_units is not None:
                j = min(i + lead_steps, len(com_units) - 1)
                O_d = O_d + com_units[j] * com_belief / u_t / lead
            O_d = minimum(O_d, K * max_ord)
            cu_new = cu_t[i]
            X_d = O_d * cu_new
            eq_fac = exp(b_eq * minimum(lnM, 0.0))
            spons = spons0 * spons_t[i]
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
            X = f1 * (cu_new * cu_lag_c)  # capex paid when equipment is delivered
            v2 = S2v / maximum(S2, 1e-12)
            vG = Gv / maximum(G, 1e-12)
            S1 = S1 + (orders - f1 - cancel) * dt
            S2 = S2 + (f1 - f2) * dt
            G = G + (f2 - f3) * dt
            S2v = S2v + (X - f2 * v2) * dt
            Gv = Gv + (f2 * v2 - f3 * vG) * dt

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
            slot = i % spy
            trail = trail + (X - ring[slot]) * inv_spy
            ring[slot] = X
            if q > 1:
                uring[i % q] = u
                u_q = uring.mean(axis=0)
            else:
                u_q = u
            if (t + dt) >= b_wu:
                newpk = trail > peak
                if newpk.any():
                    peak = np.where(newpk, trail, peak)
                    peak_t = np.where(newpk, t + dt, peak_t)
                hit_c = trail < peak * (1.0 - b_dd)
                hit_u = u_q < b_uf
                hit_d = Rs > b_def
                now = (hit_c | hit_u | hit_d) & ~busted
                if now.any():
                    bust_t = np.where(now, t + dt, bust_t)
                    cause = np.where(now, hit_c.astype(np.int8) + 2 * hit_u.astype(np.int8)
                                     + 4 * hit_d.astype(np.int8), cause)
                    busted = busted | now
            peak_def = maximum(peak_def, Rs)
            trough_u = minimum(trough_u, u_q)

            R_app = exp(lnR)
            pwi = minimum(maximum((c_full - p_h) / maximum(c_full - floor, 1e-12), 0.0), 1.0)
            need = trail * rev_need
            gap_usd = need - R_app
            gap_ratio = gap_usd / maximum(need, 1e-9)
            tight = minimum(maximum((spread - s0_spread) * inv_crisis, 0.0), 1.0)
            cx_ocf = minimum(trail / maximum(ocf, 1e-300), 10.0)  # indicators.capex_to_ocf (10 when OCF <= 0)
            sig = (w_u * minimum(maximum((u_t - u_q) * inv_span_u, 0.0), 1.0) + w_p * pwi + w_f * tight
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
                r[13] = margin(R_lab - D_inf * exp(served) * H * p_h, R_lab)
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
                r[30] = 1.0 - trail / maximum(peak, 1e-300)
    finally:
        np.seterr(**old)
    if rec is not None:  # series that are simple functions of recorded ones, computed for all steps at once
        st = np.broadcast_to(s_t, (steps, n))
        rec[6] = rec[5] * ((1.0 + lab_mk) * TOKENS_PER_MTOK) / st
        rec[7] = rec[7] * (st * H)
        rec[10] = rec[11] * inv_app
        rec[12] = rec[0] * chip_sh

    return BlockResult(series=rec, bust_time=bust_t, bust_cause=cause, signal_time=sig_t,
                       peak_default_share=peak_def, peak_capex_time=peak_t, trough_utilization=trough_u,
                       extra={"impairments_usd": impair_total, "default_losses_usd": loss_total,
                              "chip_gross_profit_share": chip_gm})
