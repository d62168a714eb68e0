"""The market model's time loop with compiled arithmetic: numba segments between numpy's SIMD math.

:func:`infranomics.market.model.simulate_block` prepares a block (parameters, exogenous trends,
initial state) in numpy and then runs its time loop either in numpy (vectorised over paths, the
reference implementation) or here. Profiling the numpy loop showed no hotspot: ~150 vector
statements per step, each 1-5% of the time, ~3 million path-steps per second whatever the block
size (4,096-32,768 paths): the time goes to temporaries and memory traffic. A loop compiled per
path was no faster: its ~16 scalar ``exp``/``log``/``**`` calls per path-step (glibc, 6-15 ns
each) cost what numpy saves, because numpy evaluates them with SIMD (AVX-512) at ~1 ns.

So this engine keeps numpy for every transcendental and every cost-layer formula — the loop calls
:func:`~infranomics.cost.levelized.capital_charge_unchecked` and
:func:`~infranomics.cost.levelized.energy_per_gpu_hour_unchecked` on whole rows of paths, as the
numpy loop does — and fuses the arithmetic between them into compiled segments (one pass over
the paths each, no temporaries). Paths are processed in chunks of :data:`CHUNK` so a chunk's
rows stay in the L2 cache, and rows are padded so they are not a multiple of 4 KiB apart (4K
aliasing). The statements follow the numpy loop in the same order of operations, so both engines
give the same numbers (``tests/market/test_engine.py``: 1e-12 of each series' scale, identical
bust times and causes). The three ratio definitions of :mod:`infranomics.business.metrics`
(``dscr``, ``interest_coverage``, ``margin``) are NumPy ``where`` expressions numba cannot
compile; :func:`_dscr`, :func:`_coverage` and :func:`_margin` state them for scalars and are
tested against them.
"""

from __future__ import annotations

import numpy as np

from ..cost.levelized import capital_charge_unchecked, energy_per_gpu_hour_unchecked

__all__ = ["available", "run_block"]

try:  # numba is a dependency; the numpy loop remains the reference and the fallback
    import numba

    available = True
except ImportError:  # pragma: no cover
    numba = None
    available = False

_JIT = {"error_model": "numpy", "cache": True}

if available:
    @numba.njit(**_JIT)
    def _dscr(cash_flow_available, debt_service):
        """business.metrics.dscr for scalars: cash flow / debt service, inf without debt service."""
        return cash_flow_available / debt_service if debt_service > 0 else np.inf

    @numba.njit(**_JIT)
    def _coverage(ebit, interest):
        """business.metrics.interest_coverage for scalars: EBIT / interest, inf without interest."""
        return ebit / interest if interest > 0 else np.inf

    @numba.njit(**_JIT)
    def _margin(profit, revenue):
        """business.metrics.margin for scalars: profit / revenue, NaN without revenue."""
        return profit / revenue if revenue != 0 else np.nan



#: Per-path scalars handed to the kernel (rows of the parameter matrix), in this order.
PNAMES = (
    "eps", "bF", "kR", "lnz0", "th_dt", "sd_d", "sd_m", "u_max", "pue", "e_price", "busy", "idle",
    "pue_e_busy", "var_c", "life_econ", "resid", "inv_ut", "fl_mk", "r_cap", "eta", "fs_w", "f_tau_p",
    "opex_f", "tax", "mat", "cov", "icov", "f_cred", "ll_k", "ln_thr", "lam", "inv_tau_o", "f_tau_o",
    "f_tau_e", "kap", "f_tau_m", "s0_spread", "k_s", "k_d", "r_asset0", "k_e", "dsum_t", "rf", "f_mat",
    "gh0", "tau_s", "inv_tau_s", "f_tau_s", "f_tau_gh", "lead", "ln_ut", "exp_ret", "w_sl", "inv_life_phys",
    "inv_tau_adj", "ln_pc_cap", "gam", "kap_p", "com_belief", "u_t", "max_ord", "b_eq", "ext", "dsum",
    "c_rate", "two_tc", "inv_tau_g", "ls", "ds", "crf_lease", "inv_l_term", "lgd", "inv_tau_ro", "kw_lag",
    "inv_life_acct", "life_phys", "life_acct", "exp_obs", "b_dd", "b_uf", "b_def", "b_wu", "rev_need",
    "inv_crisis", "w_u", "w_p", "w_f", "w_g", "w_c", "inv_span_u", "inv_cx", "s_thr", "inv_app", "com_real",
    "g_exp0", "tau_o", "inv_spy", "dt", "ekR",
    # exogenous trends: per-path constants and per-step factors (model.simulate_block, _trend_grids)
    "lnUsat", "aU", "fU", "fI", "dIm", "smallI", "gIe", "fF", "dFm", "smallF", "gFe", "c1", "c2", "cF", "cu0",
    "fcu", "kw0", "fkw", "grid0x", "fgr", "gkw0", "opexH", "e_kw", "fsp", "gdp0x", "fgd",
)
#: State carried from step to step (rows of the working matrix). NaN in avail/h0/gapR/gapD: set at step 0.
WNAMES = ("K", "KW", "C", "dep", "p_h", "lnp_s", "S1", "S2", "G", "Gv", "Bd", "cash", "Lp", "r_eff", "lnM",
          "lnMpk", "g_exp", "g_hat", "Rs", "wacc", "spons0", "avail", "h0", "gapR", "gapD", "lnR_s", "lnD_s",
          "zdev", "trail", "trail_b", "u_tr", "peak", "peak_t", "busted", "bust_t", "cz", "sig_t", "peak_def",
          "trough_u", "impair", "loss",
          # running products of the trends' per-step factors (e^(r·i·dt)) and of the shock's decay
          "gU", "gI", "gF", "gcu", "gkw", "ggr", "gsp", "gz", "ggd")
#: Temporaries of one step (rows of a chunk-sized scratch matrix).
XNAMES = ("lnz", "lnp", "p_old", "lnDi", "argF", "D_inf", "D_fund", "D", "Dm", "x", "u", "sinf", "kw_avg",
          "e_inst", "mc", "floor", "rat", "curve", "lnD", "cap_new", "c_full", "p_tgt", "fac", "lpt", "lnp_c", "p_c",
          "lmc", "ebitda", "interest", "principal", "taxes", "ocf", "spons", "argA", "eA", "cdm", "lcd", "argH",
          "eH", "h", "R_app", "lsi", "argdd", "edd", "argeq", "eqf", "dd", "argK", "K_star", "lcf", "lprof", "argO",
          "eO", "X", "f2", "f3", "orders", "rev", "spread", "imp", "pwi", "gap_usd", "gap_ratio", "tight", "cx_ocf",
          "sig", "add", "add_kw", "add_c", "old_c", "old_r", "old_u", "argU", "lnU", "Bq", "Cf", "cu", "kw", "grid",
          "oe", "sp", "zd", "gdpcap", "tmp")


# Row indices (compile-time constants for numba), generated from the name tuples above: P_* are rows of
# the parameter matrix; W_* (state) and X_* (temporaries of a step) are rows of the one working matrix.
# (LLVM vectorises a segment's loop when it writes a single array, so state, temporaries, the fleet by
# vintage and the trailing-year rings all live in that matrix.)
P_eps = 0
P_bF = 1
P_kR = 2
P_lnz0 = 3
P_th_dt = 4
P_sd_d = 5
P_sd_m = 6
P_u_max = 7
P_pue = 8
P_e_price = 9
P_busy = 10
P_idle = 11
P_pue_e_busy = 12
P_var_c = 13
P_life_econ = 14
P_resid = 15
P_inv_ut = 16
P_fl_mk = 17
P_r_cap = 18
P_eta = 19
P_fs_w = 20
P_f_tau_p = 21
P_opex_f = 22
P_tax = 23
P_mat = 24
P_cov = 25
P_icov = 26
P_f_cred = 27
P_ll_k = 28
P_ln_thr = 29
P_lam = 30
P_inv_tau_o = 31
P_f_tau_o = 32
P_f_tau_e = 33
P_kap = 34
P_f_tau_m = 35
P_s0_spread = 36
P_k_s = 37
P_k_d = 38
P_r_asset0 = 39
P_k_e = 40
P_dsum_t = 41
P_rf = 42
P_f_mat = 43
P_gh0 = 44
P_tau_s = 45
P_inv_tau_s = 46
P_f_tau_s = 47
P_f_tau_gh = 48
P_lead = 49
P_ln_ut = 50
P_exp_ret = 51
P_w_sl = 52
P_inv_life_phys = 53
P_inv_tau_adj = 54
P_ln_pc_cap = 55
P_gam = 56
P_kap_p = 57
P_com_belief = 58
P_u_t = 59
P_max_ord = 60
P_b_eq = 61
P_ext = 62
P_dsum = 63
P_c_rate = 64
P_two_tc = 65
P_inv_tau_g = 66
P_ls = 67
P_ds = 68
P_crf_lease = 69
P_inv_l_term = 70
P_lgd = 71
P_inv_tau_ro = 72
P_kw_lag = 73
P_inv_life_acct = 74
P_life_phys = 75
P_life_acct = 76
P_exp_obs = 77
P_b_dd = 78
P_b_uf = 79
P_b_def = 80
P_b_wu = 81
P_rev_need = 82
P_inv_crisis = 83
P_w_u = 84
P_w_p = 85
P_w_f = 86
P_w_g = 87
P_w_c = 88
P_inv_span_u = 89
P_inv_cx = 90
P_s_thr = 91
P_inv_app = 92
P_com_real = 93
P_g_exp0 = 94
P_tau_o = 95
P_inv_spy = 96
P_dt = 97
P_ekR = 98
P_lnUsat = 99
P_aU = 100
P_fU = 101
P_fI = 102
P_dIm = 103
P_smallI = 104
P_gIe = 105
P_fF = 106
P_dFm = 107
P_smallF = 108
P_gFe = 109
P_c1 = 110
P_c2 = 111
P_cF = 112
P_cu0 = 113
P_fcu = 114
P_kw0 = 115
P_fkw = 116
P_grid0x = 117
P_fgr = 118
P_gkw0 = 119
P_opexH = 120
P_e_kw = 121
P_fsp = 122
P_gdp0x = 123
P_fgd = 124
W_K = 0
W_KW = 1
W_C = 2
W_dep = 3
W_p_h = 4
W_lnp_s = 5
W_S1 = 6
W_S2 = 7
W_G = 8
W_Gv = 9
W_Bd = 10
W_cash = 11
W_Lp = 12
W_r_eff = 13
W_lnM = 14
W_lnMpk = 15
W_g_exp = 16
W_g_hat = 17
W_Rs = 18
W_wacc = 19
W_spons0 = 20
W_avail = 21
W_h0 = 22
W_gapR = 23
W_gapD = 24
W_lnR_s = 25
W_lnD_s = 26
W_zdev = 27
W_trail = 28
W_trail_b = 29
W_u_tr = 30
W_peak = 31
W_peak_t = 32
W_busted = 33
W_bust_t = 34
W_cz = 35
W_sig_t = 36
W_peak_def = 37
W_trough_u = 38
W_impair = 39
W_loss = 40
W_gU = 41
W_gI = 42
W_gF = 43
W_gcu = 44
W_gkw = 45
W_ggr = 46
W_gsp = 47
W_gz = 48
W_ggd = 49
X_lnz = 50
X_lnp = 51
X_p_old = 52
X_lnDi = 53
X_argF = 54
X_D_inf = 55
X_D_fund = 56
X_D = 57
X_Dm = 58
X_x = 59
X_u = 60
X_sinf = 61
X_kw_avg = 62
X_e_inst = 63
X_mc = 64
X_floor = 65
X_rat = 66
X_curve = 67
X_lnD = 68
X_cap_new = 69
X_c_full = 70
X_p_tgt = 71
X_fac = 72
X_lpt = 73
X_lnp_c = 74
X_p_c = 75
X_lmc = 76
X_ebitda = 77
X_interest = 78
X_principal = 79
X_taxes = 80
X_ocf = 81
X_spons = 82
X_argA = 83
X_eA = 84
X_cdm = 85
X_lcd = 86
X_argH = 87
X_eH = 88
X_h = 89
X_R_app = 90
X_lsi = 91
X_argdd = 92
X_edd = 93
X_argeq = 94
X_eqf = 95
X_dd = 96
X_argK = 97
X_K_star = 98
X_lcf = 99
X_lprof = 100
X_argO = 101
X_eO = 102
X_X = 103
X_f2 = 104
X_f3 = 105
X_orders = 106
X_rev = 107
X_spread = 108
X_imp = 109
X_pwi = 110
X_gap_usd = 111
X_gap_ratio = 112
X_tight = 113
X_cx_ocf = 114
X_sig = 115
X_add = 116
X_add_kw = 117
X_add_c = 118
X_old_c = 119
X_old_r = 120
X_old_u = 121
X_argU = 122
X_lnU = 123
X_Bq = 124
X_Cf = 125
X_cu = 126
X_kw = 127
X_grid = 128
X_oe = 129
X_sp = 130
X_zd = 131
X_gdpcap = 132
X_tmp = 133
NROWS = 134  # state + temporaries (len(WNAMES) + len(XNAMES), checked below); the fleet and rings rows follow

#: Columns of a row of the parameter and working matrices: the largest block (4,096 paths, montecarlo.BLOCK) plus
#: 24 doubles of padding, so rows are not a multiple of 4 KiB apart (4K aliasing). A compile-time constant, so
#: LLVM knows how far apart rows are and vectorises the segments without runtime alias checks.
MAX_PATHS = 4096  # = model.MAX_COMPILED_PATHS = montecarlo.BLOCK
NPAD = MAX_PATHS + 24


def run_block(env: dict) -> dict:
    """Run the time loop of one prepared block (``env``: the locals of ``simulate_block`` before its loop)."""
    n = int(env["n"])
    if n > MAX_PATHS:
        raise ValueError(f"the compiled engine runs blocks of at most {MAX_PATHS} paths, got {n}")
    steps = int(env["steps"])
    spy = int(env["spy"])
    npad = NPAD

    def row(v):
        if isinstance(v, (int, float, np.floating, np.integer)):
            return float(v)
        a = np.asarray(v, dtype=np.float64)
        return a.reshape(-1) if a.ndim else float(a)

    vals = dict(env)
    vals.update(env["trend"])
    vals["inv_spy"] = 1.0 / spy
    sw = vals["wts"]
    vals.update(w_u=sw[0], w_p=sw[1], w_f=sw[2], w_g=sw[3], w_c=sw[4])
    P2 = np.zeros((len(PNAMES), npad))
    for k, name in enumerate(PNAMES):
        P2[k, :n] = row(vals[name])
    P = P2.reshape(-1)  # flat: row r starts at r * NPAD
    st = dict(env)
    nan = np.full(n, np.nan)
    for name in ("avail", "h0", "gapR", "gapD"):
        if st[name] is None:
            st[name] = nan
    st.update(lnR_s=0.0, lnD_s=0.0, zdev=0.0, trail=np.asarray(env["ring"]).mean(axis=0), trail_b=env["trail_b"],
              peak_t=0.0, busted=0.0, bust_t=np.nan, cz=0.0, sig_t=np.nan, peak_def=0.0, trough_u=np.inf,
              impair=0.0, loss=0.0, u_tr=np.asarray(env["uring"]).mean(axis=0),
              gU=1.0, gI=1.0, gF=1.0, gcu=1.0, gkw=1.0, ggr=1.0, gsp=1.0, gz=1.0, ggd=1.0)
    V = int(env["V"])
    # the fleet by vintage: cohort c's units, kW and book cost in rows NROWS + 3c, + 3c + 1, + 3c + 2; then the
    # trailing-year rings (capex, the bust's capex basis, utilisation: spy rows each)
    RB = NROWS + 3 * V
    S2 = np.zeros((RB + 3 * spy, npad))  # padded rows: see NPAD
    S = S2.reshape(-1)  # flat, as the compiled segments index it
    for k, name in enumerate(WNAMES):
        S2[k, :n] = row(st[name])
    for k, name in enumerate(("Kv", "KWv", "Cv")):
        S2[NROWS + k:NROWS + 3 * V:3, :n] = env[name]
    S2[RB:RB + spy, :n] = env["ring"]
    S2[RB + spy:RB + 2 * spy, :n] = env["ring_b"] if env["b_real"] else env["ring"]
    S2[RB + 2 * spy:RB + 3 * spy, :n] = env["uring"]
    noise = env["noise"]
    has_noise = noise is not None
    noise = np.ascontiguousarray(noise) if has_noise else np.zeros((steps, 2, n))  # zeros add nothing
    shock = env["s"].shock_path
    has_shock = shock is not None
    shock = np.asarray(shock, dtype=np.float64) if has_shock else np.zeros(steps)
    com = env["com_units"]
    has_com = com is not None
    lead_steps = int(env.get("lead_steps", 0)) if has_com else 0
    rec = env["rec"]
    record = rec is not None
    eta_int = int(env["eta_int"]) if env["eta_int"] is not None else 0
    pecking, b_real = bool(env["pecking"]), bool(env["b_real"])
    vmid = np.asarray(env["vmid"], np.float64)
    dt = float(env["dt"])
    n_hist = int(env["n_hist"])
    exp, log = np.exp, np.log
    x = S2[:, :n]  # rows of state and temporaries (views)
    pr = P2[:, :n]
    with np.errstate(all="ignore"):
        for i in range(steps):
            t = i * dt
            com_i = float(com[i]) if has_com else 0.0
            com_l = float(com[min(i + lead_steps, len(com) - 1)]) if has_com else 0.0
            _seg_trend_u(n, P, S)
            x[X_lnU] = pr[P_lnUsat] - np.log1p(x[X_argU])
            _seg_trend(n, P, S, t)
            _seg_demand(i, n, P, S, noise, shock, has_shock)
            exp(x[X_lnDi], out=x[X_D_inf])
            exp(x[X_argF], out=x[X_D_fund])
            _seg_util(n, P, S, com_i)
            log(x[X_Dm], out=x[X_lnD])
            x[X_e_inst] = energy_per_gpu_hour_unchecked(x[X_kw_avg], pr[P_pue], pr[P_e_price], x[X_u], pr[P_busy],
                                                        pr[P_idle])
            x[X_cap_new] = capital_charge_unchecked(x[X_cu], x[W_wacc], pr[P_life_econ], pr[P_resid])
            if eta_int == 0:
                np.power(x[X_rat], pr[P_eta], out=x[X_curve])
            else:  # an integer elasticity: repeated products, as the numpy loop
                x[X_curve] = x[X_rat]
                for _ in range(eta_int - 1):
                    x[X_curve] = x[X_curve] * x[X_rat]
            _seg_price(n, P, S)
            log(x[X_p_tgt], out=x[X_lpt])
            _seg_lnpc(n, S)
            exp(x[X_lnp_c], out=x[X_p_c])
            log(x[X_mc], out=x[X_lmc])
            _seg_money(n, P, S)
            exp(x[X_argA], out=x[X_eA])
            _seg_avail(n, P, S)
            log(x[X_cdm], out=x[X_lcd])
            _seg_argh(n, P, S)
            exp(x[X_argH], out=x[X_eH])
            log(x[X_sinf], out=x[X_lsi])
            if i == 0:
                _seg_first(n, P, S)
            _seg_sentiment(i, n, P, S, noise)
            exp(x[X_argdd], out=x[X_edd])
            exp(x[X_argeq], out=x[X_eqf])
            _seg_credit(n, P, S)
            exp(x[X_argK], out=x[X_K_star])
            log(x[X_c_full], out=x[X_lcf])
            _seg_prof(n, P, S)
            exp(x[X_argO], out=x[X_eO])
            vi = n_hist + min(int(t + 1e-9), V - n_hist - 1)
            _seg_orders(n, P, S, com_l, pecking, dt)
            _seg_vintage(n, vi, S)
            if (i + 1) % spy == 0:
                _seg_review(n, vi + 1, t + dt, P, S, vmid)
            slot = i % spy  # the ring rows of this slot hold the values of one year ago
            rows = (RB + slot, RB + spy + slot, RB + 2 * spy + slot)
            x[X_old_c], x[X_old_r], x[X_old_u] = S2[rows[0], :n], S2[rows[1], :n], S2[rows[2], :n]
            _seg_indicators(n, t + dt, P, S, b_real)
            S2[rows[0], :n], S2[rows[1], :n], S2[rows[2], :n] = x[X_X], x[X_f2], x[X_u]
            if record:
                _seg_record(i, n, P, S, rec)
                rec[19, i] = exp(x[W_lnM])
    for k, name in enumerate(("Kv", "KWv", "Cv")):  # the fleet by vintage at the end, as the numpy loop leaves it
        env[name][...] = S2[NROWS + k:NROWS + 3 * V:3, :n]
    wd = {name: S2[k, :n] for k, name in enumerate(WNAMES)}
    return {"bust_t": wd["bust_t"], "peak_def": wd["peak_def"], "peak_t": wd["peak_t"], "trough_u": wd["trough_u"],
            "impair_total": wd["impair"], "loss_total": wd["loss"], "sig_t": wd["sig_t"],
            "cause": wd["cz"].astype(np.int8)}


# The segments below are written without stores under data-dependent branches (selects instead), so LLVM
# can vectorise them; each statement mirrors one of the numpy loop in model.py.
if available:  # pragma: no cover - compiled segments (covered through tests/market/test_engine.py)
    @numba.njit(**_JIT)
    def _seg_trend_u(n, P, S):
        for j in range(n):
            S[X_argU * NPAD + j] = P[P_aU * NPAD + j] * S[W_gU * NPAD + j]

    @numba.njit(**_JIT)
    def _seg_trend(n, P, S, t):
        """This step's exogenous trends (model._trend_grids), then the running products one step on."""
        for j in range(n):
            gI = S[W_gI * NPAD + j]
            gF = S[W_gF * NPAD + j]
            fadeI = (1.0 - gI) / P[P_dIm * NPAD + j]
            fadeI = t if P[P_smallI * NPAD + j] != 0.0 else fadeI
            fadeF = (1.0 - gF) / P[P_dFm * NPAD + j]
            fadeF = t if P[P_smallF * NPAD + j] != 0.0 else fadeF
            S[X_Bq * NPAD + j] = (S[X_lnU * NPAD + j] + P[P_gIe * NPAD + j] * fadeI + P[P_c1 * NPAD + j] * t
                                  + P[P_c2 * NPAD + j])
            S[X_Cf * NPAD + j] = P[P_gFe * NPAD + j] * fadeF + P[P_cF * NPAD + j]
            cu = P[P_cu0 * NPAD + j] * S[W_gcu * NPAD + j]
            kw = P[P_kw0 * NPAD + j] * S[W_gkw * NPAD + j]
            S[X_cu * NPAD + j] = cu
            S[X_kw * NPAD + j] = kw
            S[X_grid * NPAD + j] = P[P_grid0x * NPAD + j] * S[W_ggr * NPAD + j] / P[P_gkw0 * NPAD + j]
            S[X_oe * NPAD + j] = cu * P[P_opexH * NPAD + j] + kw * P[P_e_kw * NPAD + j]
            S[X_sp * NPAD + j] = S[W_gsp * NPAD + j]
            S[X_zd * NPAD + j] = S[W_gz * NPAD + j]
            S[X_gdpcap * NPAD + j] = P[P_gdp0x * NPAD + j] * S[W_ggd * NPAD + j]
            S[W_gU * NPAD + j] = S[W_gU * NPAD + j] * P[P_fU * NPAD + j]
            S[W_gI * NPAD + j] = gI * P[P_fI * NPAD + j]
            S[W_gF * NPAD + j] = gF * P[P_fF * NPAD + j]
            S[W_gcu * NPAD + j] = S[W_gcu * NPAD + j] * P[P_fcu * NPAD + j]
            S[W_gkw * NPAD + j] = S[W_gkw * NPAD + j] * P[P_fkw * NPAD + j]
            S[W_ggr * NPAD + j] = S[W_ggr * NPAD + j] * P[P_fgr * NPAD + j]
            S[W_gsp * NPAD + j] = S[W_gsp * NPAD + j] * P[P_fsp * NPAD + j]
            S[W_gz * NPAD + j] = S[W_gz * NPAD + j] * P[P_th_dt * NPAD + j]
            S[W_ggd * NPAD + j] = S[W_ggd * NPAD + j] * P[P_fgd * NPAD + j]

    @numba.njit(**_JIT)
    def _seg_demand(i, n, P, S, noise, shock, has_shock):
        sh = shock[i]
        for j in range(n):
            zdev = S[W_zdev * NPAD + j]
            if has_shock:
                lnz = sh + zdev
            else:
                zdev = zdev * P[P_th_dt * NPAD + j] + P[P_sd_d * NPAD + j] * noise[i, 0, j]
                lnz = zdev + P[P_lnz0 * NPAD + j] * S[X_zd * NPAD + j]
            S[W_zdev * NPAD + j] = zdev
            lnp = S[W_lnp_s * NPAD + j]
            S[X_lnz * NPAD + j] = lnz
            S[X_lnp * NPAD + j] = lnp
            S[X_p_old * NPAD + j] = S[W_p_h * NPAD + j]
            S[X_lnDi * NPAD + j] = S[X_Bq * NPAD + j] - P[P_eps * NPAD + j] * lnp + lnz
            S[X_argF * NPAD + j] = S[X_Cf * NPAD + j] + P[P_bF * NPAD + j] * S[W_lnM * NPAD + j] + lnz - lnp

    @numba.njit(**_JIT)
    def _seg_util(n, P, S, com_i):
        for j in range(n):
            D_inf = S[X_D_inf * NPAD + j]
            D = D_inf + S[X_D_fund * NPAD + j] + com_i * P[P_com_real * NPAD + j]
            K = S[W_K * NPAD + j]
            invK = 1.0 / max(K, 1e-300)
            x = D * invK
            u = min(x, P[P_u_max * NPAD + j])
            kw_avg = S[W_KW * NPAD + j] * invK
            mc = kw_avg * P[P_pue_e_busy * NPAD + j] + P[P_var_c * NPAD + j]
            S[X_D * NPAD + j] = D
            S[X_Dm * NPAD + j] = max(D, 1e-300)
            S[X_x * NPAD + j] = x
            S[X_u * NPAD + j] = u
            S[X_sinf * NPAD + j] = min(1.0, u * K / max(D_inf, 1e-300))
            S[X_kw_avg * NPAD + j] = kw_avg
            S[X_mc * NPAD + j] = mc
            S[X_floor * NPAD + j] = mc * (1.0 + P[P_fl_mk * NPAD + j])
            S[X_rat * NPAD + j] = min(x * P[P_inv_ut * NPAD + j], P[P_r_cap * NPAD + j])

    @numba.njit(**_JIT)
    def _seg_price(n, P, S):
        for j in range(n):
            c_full = (S[X_cap_new * NPAD + j] + S[X_oe * NPAD + j]) * P[P_inv_ut * NPAD + j] + P[P_var_c * NPAD + j]
            floor = S[X_floor * NPAD + j]
            p_tgt = max(floor + (c_full - floor) * S[X_curve * NPAD + j] * (1.0 - P[P_fs_w * NPAD + j] * S[W_Rs * NPAD + j]), floor)
            eps_eff = (S[X_D_inf * NPAD + j] * P[P_eps * NPAD + j] + S[X_D_fund * NPAD + j]) / S[X_D * NPAD + j]
            stiff = P[P_eta * NPAD + j] * eps_eff * (1.0 - floor / p_tgt) * (1.0 if S[X_rat * NPAD + j] < P[P_r_cap * NPAD + j] else 0.0)
            f = P[P_f_tau_p * NPAD + j]
            S[X_c_full * NPAD + j] = c_full
            S[X_p_tgt * NPAD + j] = p_tgt
            S[X_fac * NPAD + j] = f / (1.0 + f * stiff)

    @numba.njit(**_JIT)
    def _seg_lnpc(n, S):
        for j in range(n):
            lnp = S[X_lnp * NPAD + j]
            S[X_lnp_c * NPAD + j] = lnp + S[X_fac * NPAD + j] * (S[X_lpt * NPAD + j] - lnp)

    @numba.njit(**_JIT)
    def _seg_argh(n, P, S):
        for j in range(n):
            S[X_argH * NPAD + j] = min(P[P_ll_k * NPAD + j] * (S[X_lcd * NPAD + j] - P[P_ln_thr * NPAD + j]), 700.0)

    @numba.njit(**_JIT)
    def _seg_prof(n, P, S):
        for j in range(n):
            c = P[P_ln_pc_cap * NPAD + j]
            lprof = min(max(S[X_lnp * NPAD + j] - S[X_lcf * NPAD + j], -c), c)
            S[X_lprof * NPAD + j] = lprof
            S[X_argO * NPAD + j] = P[P_gam * NPAD + j] * S[W_lnM * NPAD + j] + P[P_kap_p * NPAD + j] * lprof

    @numba.njit(**_JIT)
    def _seg_money(n, P, S):
        H = 8760.0
        for j in range(n):
            mc = S[X_mc * NPAD + j]
            pc = S[X_p_c * NPAD + j]
            lmc = S[X_lmc * NPAD + j]
            lnp_c = S[X_lnp_c * NPAD + j]
            floored = pc < mc
            p_h = mc if floored else pc
            S[W_lnp_s * NPAD + j] = lmc if floored else lnp_c
            S[W_p_h * NPAD + j] = p_h
            K = S[W_K * NPAD + j]
            busy_h = S[X_u * NPAD + j] * K * H
            rev = p_h * busy_h
            ebitda = rev - S[X_e_inst * NPAD + j] * K * H - P[P_opex_f * NPAD + j] * S[W_C * NPAD + j] - P[P_var_c * NPAD + j] * busy_h
            Bd = S[W_Bd * NPAD + j]
            interest = Bd * S[W_r_eff * NPAD + j]
            Lp = S[W_Lp * NPAD + j]
            taxes = P[P_tax * NPAD + j] * max(ebitda - S[W_dep * NPAD + j] - interest - Lp, 0.0)
            spons = S[W_spons0 * NPAD + j] * S[X_sp * NPAD + j]
            icr = _coverage(ebitda - Lp + spons, interest)
            S[X_rev * NPAD + j] = rev
            S[X_ebitda * NPAD + j] = ebitda
            S[X_interest * NPAD + j] = interest
            S[X_principal * NPAD + j] = Bd / P[P_mat * NPAD + j]
            S[X_taxes * NPAD + j] = taxes
            S[X_ocf * NPAD + j] = ebitda - interest - Lp - taxes
            S[X_spons * NPAD + j] = spons
            S[X_argA * NPAD + j] = max((P[P_cov * NPAD + j] - min(icr, 1e6)) * P[P_icov * NPAD + j], -700.0)

    @numba.njit(**_JIT)
    def _seg_avail(n, P, S):
        for j in range(n):
            a_now = 1.0 / (1.0 + S[X_eA * NPAD + j])
            avail = S[W_avail * NPAD + j]
            avail = a_now if avail != avail else avail + (a_now - avail) * P[P_f_cred * NPAD + j]
            S[W_avail * NPAD + j] = avail
            cov_d = _dscr(S[X_ebitda * NPAD + j] - S[X_taxes * NPAD + j] + S[X_spons * NPAD + j],
                          S[X_interest * NPAD + j] + S[W_Lp * NPAD + j] + S[X_principal * NPAD + j] * (1.0 - avail))
            S[X_cdm * NPAD + j] = max(cov_d, 1e-9)

    @numba.njit(**_JIT)
    def _seg_first(n, P, S):
        """Step 0: the smoothed revenue and demand levels from the expected growth (or the warm state)."""
        for j in range(n):
            lnR = S[X_lnDi * NPAD + j] + S[X_lnp * NPAD + j] + P[P_kR * NPAD + j] + S[X_lsi * NPAD + j]
            gapR = S[W_gapR * NPAD + j]
            S[W_lnR_s * NPAD + j] = lnR - (P[P_g_exp0 * NPAD + j] * P[P_tau_o * NPAD + j] if gapR != gapR else gapR)
            gapD = S[W_gapD * NPAD + j]
            S[W_lnD_s * NPAD + j] = S[X_lnD * NPAD + j] - (P[P_gh0 * NPAD + j] * P[P_tau_s * NPAD + j] if gapD != gapD else gapD)

    @numba.njit(**_JIT)
    def _seg_sentiment(i, n, P, S, noise):
        for j in range(n):
            h = P[P_lam * NPAD + j] / (1.0 + S[X_eH * NPAD + j])
            h0 = S[W_h0 * NPAD + j]
            S[W_h0 * NPAD + j] = h if h0 != h0 else h0
            S[X_h * NPAD + j] = h
            S[X_R_app * NPAD + j] = S[X_D_inf * NPAD + j] * S[X_p_old * NPAD + j] * P[P_ekR * NPAD + j] * S[X_sinf * NPAD + j]
            lnR = S[X_lnDi * NPAD + j] + S[X_lnp * NPAD + j] + P[P_kR * NPAD + j] + S[X_lsi * NPAD + j]
            lnR_s = S[W_lnR_s * NPAD + j]
            g_obs = (lnR - lnR_s) * P[P_inv_tau_o * NPAD + j]
            S[W_lnR_s * NPAD + j] = lnR_s + (lnR - lnR_s) * P[P_f_tau_o * NPAD + j]
            g_exp = S[W_g_exp * NPAD + j]
            g_exp = g_exp + (g_obs - g_exp) * P[P_f_tau_e * NPAD + j]
            S[W_g_exp * NPAD + j] = g_exp
            lnM = S[W_lnM * NPAD + j]
            lnM = lnM + (P[P_kap * NPAD + j] * (g_obs - g_exp) - lnM) * P[P_f_tau_m * NPAD + j]
            lnM = lnM + P[P_sd_m * NPAD + j] * noise[i, 1, j]
            S[W_lnM * NPAD + j] = lnM
            pk = max(S[W_lnMpk * NPAD + j], lnM)
            S[W_lnMpk * NPAD + j] = pk
            S[X_argdd * NPAD + j] = lnM - pk
            S[X_argeq * NPAD + j] = P[P_b_eq * NPAD + j] * min(lnM, 0.0)

    @numba.njit(**_JIT)
    def _seg_credit(n, P, S):
        for j in range(n):
            dd = 1.0 - S[X_edd * NPAD + j]
            S[X_dd * NPAD + j] = dd
            s0 = P[P_s0_spread * NPAD + j]
            spread = s0 + P[P_k_s * NPAD + j] * dd + P[P_k_d * NPAD + j] * max(S[X_h * NPAD + j] - S[W_h0 * NPAD + j], 0.0)
            S[X_spread * NPAD + j] = spread
            S[W_wacc * NPAD + j] = max(P[P_r_asset0 * NPAD + j] + P[P_k_e * NPAD + j] * dd + (spread - s0) * P[P_dsum_t * NPAD + j], 1e-6)
            r_eff = S[W_r_eff * NPAD + j]
            S[W_r_eff * NPAD + j] = r_eff + (P[P_rf * NPAD + j] + spread - r_eff) * P[P_f_mat * NPAD + j]
            lnD = S[X_lnD * NPAD + j]
            lnD_s = S[W_lnD_s * NPAD + j]
            g_hat = S[W_g_hat * NPAD + j]
            g_hat = g_hat + ((lnD - lnD_s) * P[P_inv_tau_s * NPAD + j] - g_hat) * P[P_f_tau_gh * NPAD + j]
            S[W_g_hat * NPAD + j] = g_hat
            S[W_lnD_s * NPAD + j] = lnD_s + (lnD - lnD_s) * P[P_f_tau_s * NPAD + j]
            S[X_argK * NPAD + j] = lnD + g_hat * P[P_lead * NPAD + j] - P[P_ln_ut * NPAD + j]

    @numba.njit(**_JIT)
    def _seg_orders(n, P, S, com_l, pecking, dt):
        for j in range(n):
            K = S[W_K * NPAD + j]
            S1 = S[W_S1 * NPAD + j]
            S2 = S[W_S2 * NPAD + j]
            G = S[W_G * NPAD + j]
            K_star = S[X_K_star * NPAD + j]
            SL = S1 + S2 + G
            K_exp = K * P[P_exp_ret * NPAD + j] + P[P_w_sl * NPAD + j] * SL
            O_d = max(0.0, K_star * (S[W_g_hat * NPAD + j] + P[P_inv_life_phys * NPAD + j]) + (K_star - K_exp) * P[P_inv_tau_adj * NPAD + j])
            Rs = S[W_Rs * NPAD + j]
            O_d = O_d * S[X_eO * NPAD + j] * (1.0 - Rs)
            O_d = O_d + com_l * P[P_com_belief * NPAD + j] / P[P_u_t * NPAD + j] / P[P_lead * NPAD + j]
            O_d = min(O_d, K * P[P_max_ord * NPAD + j])
            O_d = min(O_d, S[X_gdpcap * NPAD + j] / S[X_cu * NPAD + j])  # the macro cap: capex <= share of GDP
            cu_new = S[X_cu * NPAD + j]
            X_d = O_d * cu_new
            eq_fac = S[X_eqf * NPAD + j]
            ocf = S[X_ocf * NPAD + j]
            pos_ocf = max(ocf, 0.0)
            spons = S[X_spons * NPAD + j]
            avail = S[W_avail * NPAD + j]
            cash = S[W_cash * NPAD + j]
            ext = P[P_ext * NPAD + j]
            sources = pos_ocf + spons + X_d * (ext * eq_fac + avail * P[P_dsum * NPAD + j]) + max(cash, 0.0)
            fund = min(1.0, sources / max(X_d, 1e-9))
            orders = O_d * fund
            cancel = S1 * (P[P_c_rate * NPAD + j] * max(max(S[X_dd * NPAD + j], Rs), 1.0 - fund))
            two_tc = P[P_two_tc * NPAD + j]
            f1 = S1 * two_tc
            f2 = S2 * two_tc
            f3 = min(G * P[P_inv_tau_g * NPAD + j], S[X_grid * NPAD + j])
            Xc = f2 * cu_new
            Gv = S[W_Gv * NPAD + j]
            vG = Gv / max(G, 1e-12)
            S[W_S1 * NPAD + j] = S1 + (orders - f1 - cancel) * dt
            S[W_S2 * NPAD + j] = S2 + (f1 - f2) * dt
            S[W_G * NPAD + j] = G + (f2 - f3) * dt
            S[W_Gv * NPAD + j] = Gv + (Xc - f3 * vG) * dt
            ls_eff = P[P_ls * NPAD + j] * avail
            own = Xc * (1.0 - ls_eff)
            repay = S[X_principal * NPAD + j] * (1.0 - avail)
            short_int = max(own + repay - pos_ocf - spons, 0.0)
            debt_cap = Xc * (P[P_ds * NPAD + j] * avail)
            new_debt = min(short_int, debt_cap) if pecking else debt_cap
            eq = min(max(short_int - new_debt, 0.0), Xc * (ext * eq_fac))
            cash = cash + (ocf + spons + new_debt + eq - own - repay) * dt
            Bd = S[W_Bd * NPAD + j] + (new_debt - repay) * dt
            Lp = S[W_Lp * NPAD + j]
            S[W_Lp * NPAD + j] = Lp + (Xc * ls_eff * P[P_crf_lease * NPAD + j] - Lp * P[P_inv_l_term * NPAD + j]) * dt
            Bd = Bd + max(-cash, 0.0)
            S[W_cash * NPAD + j] = max(cash, 0.0)
            h = S[X_h * NPAD + j]
            d_tot = Bd * min(h * dt, 1.0)
            h_tot = min(h, 1.0 / dt)
            S[W_Bd * NPAD + j] = Bd - d_tot
            S[W_loss * NPAD + j] = S[W_loss * NPAD + j] + d_tot * P[P_lgd * NPAD + j]
            S[W_Rs * NPAD + j] = min(max(Rs + (h_tot * (1.0 - Rs) - Rs * P[P_inv_tau_ro * NPAD + j]) * dt, 0.0), 1.0)
            add = f3 * dt
            add_kw = add * (S[X_kw * NPAD + j] * P[P_kw_lag * NPAD + j])
            add_c = add * vG
            S[X_add * NPAD + j] = add
            S[X_add_kw * NPAD + j] = add_kw
            S[X_add_c * NPAD + j] = add_c
            S[W_K * NPAD + j] = K + add
            S[W_KW * NPAD + j] = S[W_KW * NPAD + j] + add_kw
            S[W_C * NPAD + j] = S[W_C * NPAD + j] + add_c
            S[W_dep * NPAD + j] = S[W_dep * NPAD + j] + add_c * P[P_inv_life_acct * NPAD + j]
            S[X_X * NPAD + j] = Xc
            S[X_f2 * NPAD + j] = f2
            S[X_f3 * NPAD + j] = f3
            S[X_orders * NPAD + j] = orders

    @numba.njit(**_JIT)
    def _seg_vintage(n, vi, S):
        """New capacity joins this year's vintage (units, kW, book cost)."""
        a = (NROWS + 3 * vi) * NPAD
        b = a + NPAD
        c = b + NPAD
        for j in range(n):
            S[a + j] = S[a + j] + S[X_add * NPAD + j]
            S[b + j] = S[b + j] + S[X_add_kw * NPAD + j]
            S[c + j] = S[c + j] + S[X_add_c * NPAD + j]

    @numba.njit(**_JIT)
    def _seg_review(n, top, t1, P, S, vmid):
        H = 8760.0
        for j in range(n):
            S[W_K * NPAD + j] = 0.0
            S[W_KW * NPAD + j] = 0.0
            S[W_C * NPAD + j] = 0.0
            S[W_dep * NPAD + j] = 0.0
            S[X_imp * NPAD + j] = 0.0
        for c in range(top):
            age = t1 - vmid[c]
            for j in range(n):
                Kr = S[(NROWS + 3 * c) * NPAD + j]
                KWr = S[(NROWS + 3 * c + 1) * NPAD + j]
                Cr = S[(NROWS + 3 * c + 2) * NPAD + j]
                umin = max(S[X_u * NPAD + j], 0.05)
                obsolete = (KWr * P[P_pue_e_busy * NPAD + j] + Kr * P[P_var_c * NPAD + j]
                            + Cr * (P[P_opex_f * NPAD + j] / (H * umin)) > S[W_p_h * NPAD + j] * Kr)
                exp_obs = P[P_exp_obs * NPAD + j]
                life_phys = P[P_life_phys * NPAD + j]
                keep = exp_obs if obsolete else 1.0
                keep = 0.0 if age >= life_phys else keep
                la = P[P_life_acct * NPAD + j]
                w_book = min(max(1.0 - age / la, 0.0), 1.0)
                S[X_imp * NPAD + j] = S[X_imp * NPAD + j] + Cr * w_book * (1.0 - keep)
                Kr = Kr * keep
                KWr = KWr * keep
                Cr = Cr * keep
                S[(NROWS + 3 * c) * NPAD + j] = Kr
                S[(NROWS + 3 * c + 1) * NPAD + j] = KWr
                S[(NROWS + 3 * c + 2) * NPAD + j] = Cr
                S[W_K * NPAD + j] = S[W_K * NPAD + j] + Kr
                S[W_KW * NPAD + j] = S[W_KW * NPAD + j] + KWr
                S[W_C * NPAD + j] = S[W_C * NPAD + j] + Cr
                dep_c = Cr / la
                S[W_dep * NPAD + j] = S[W_dep * NPAD + j] + (dep_c if age < la else 0.0)
        for j in range(n):
            S[W_impair * NPAD + j] = S[W_impair * NPAD + j] + S[X_imp * NPAD + j]

    @numba.njit(**_JIT)
    def _seg_indicators(n, t1, P, S, b_real):
        for j in range(n):
            inv_spy = P[P_inv_spy * NPAD + j]
            Xc = S[X_X * NPAD + j]
            trail = S[W_trail * NPAD + j] + (Xc - S[X_old_c * NPAD + j]) * inv_spy
            S[W_trail * NPAD + j] = trail
            f2 = S[X_f2 * NPAD + j]
            trail_r = S[W_trail_b * NPAD + j] + (f2 - S[X_old_r * NPAD + j]) * inv_spy  # units delivered (real basis)
            trail_b = trail_r if b_real else trail
            S[W_trail_b * NPAD + j] = trail_b
            u = S[X_u * NPAD + j]
            u_tr = S[W_u_tr * NPAD + j] + (u - S[X_old_u * NPAD + j]) * inv_spy
            S[W_u_tr * NPAD + j] = u_tr
            peak = S[W_peak * NPAD + j]
            peak_t = S[W_peak_t * NPAD + j]
            newpk = trail_b > peak
            peak = trail_b if newpk else peak
            S[W_peak * NPAD + j] = peak
            S[W_peak_t * NPAD + j] = t1 if newpk else peak_t
            Rs = S[W_Rs * NPAD + j]
            hit_c = trail_b < peak * (1.0 - P[P_b_dd * NPAD + j])
            hit_u = u_tr < P[P_b_uf * NPAD + j]
            hit_d = Rs > P[P_b_def * NPAD + j]
            busted = S[W_busted * NPAD + j]
            bust_t = S[W_bust_t * NPAD + j]
            cz = S[W_cz * NPAD + j]
            wu = P[P_b_wu * NPAD + j]
            now = (t1 >= wu - 1e-9) & (busted == 0.0) & (hit_c | hit_u | hit_d)
            code = (1.0 if hit_c else 0.0) + (2.0 if hit_u else 0.0) + (4.0 if hit_d else 0.0)
            S[W_bust_t * NPAD + j] = t1 if now else bust_t
            S[W_cz * NPAD + j] = code if now else cz
            S[W_busted * NPAD + j] = 1.0 if now else busted
            S[W_peak_def * NPAD + j] = max(S[W_peak_def * NPAD + j], Rs)
            S[W_trough_u * NPAD + j] = min(S[W_trough_u * NPAD + j], u_tr)
            c_full = S[X_c_full * NPAD + j]
            p_h = S[W_p_h * NPAD + j]
            floor = S[X_floor * NPAD + j]
            pwi = min(max((c_full - p_h) / max(c_full - floor, 1e-12), 0.0), 1.0)
            need = trail * P[P_rev_need * NPAD + j]
            gap_usd = need - S[X_R_app * NPAD + j]
            gap_ratio = gap_usd / max(need, 1e-9)
            tight = min(max((S[X_spread * NPAD + j] - P[P_s0_spread * NPAD + j]) * P[P_inv_crisis * NPAD + j], 0.0), 1.0)
            cx_ocf = min(trail / max(S[X_ocf * NPAD + j], 1e-300), 10.0)
            sig = (P[P_w_u * NPAD + j] * min(max((P[P_u_t * NPAD + j] - u) * P[P_inv_span_u * NPAD + j], 0.0), 1.0)
                   + P[P_w_p * NPAD + j] * pwi + P[P_w_f * NPAD + j] * tight
                   + P[P_w_g * NPAD + j] * min(max(gap_ratio, 0.0), 1.0)
                   + P[P_w_c * NPAD + j] * min(max((cx_ocf - 1.0) * P[P_inv_cx * NPAD + j], 0.0), 1.0))
            sig_t = S[W_sig_t * NPAD + j]
            thr = P[P_s_thr * NPAD + j]
            S[W_sig_t * NPAD + j] = t1 if ((sig > thr) & (sig_t != sig_t)) else sig_t
            S[X_pwi * NPAD + j] = pwi
            S[X_gap_usd * NPAD + j] = gap_usd
            S[X_gap_ratio * NPAD + j] = gap_ratio
            S[X_tight * NPAD + j] = tight
            S[X_cx_ocf * NPAD + j] = cx_ocf
            S[X_sig * NPAD + j] = sig

    @numba.njit(**_JIT)
    def _seg_record(i, n, P, S, rec):
        H = 8760.0
        for j in range(n):
            R_app = S[X_R_app * NPAD + j]
            R_lab = R_app * P[P_inv_app * NPAD + j]
            p_h = S[W_p_h * NPAD + j]
            rec[0, i, j] = S[X_X * NPAD + j]
            rec[1, i, j] = S[W_K * NPAD + j]
            rec[2, i, j] = S[X_orders * NPAD + j]
            rec[3, i, j] = S[X_f3 * NPAD + j]
            rec[4, i, j] = S[X_u * NPAD + j]
            rec[5, i, j] = p_h
            rec[7, i, j] = S[X_D_inf * NPAD + j]
            rec[8, i, j] = S[X_D * NPAD + j]
            rec[9, i, j] = S[X_rev * NPAD + j]
            rec[11, i, j] = R_app
            rec[13, i, j] = _margin(R_lab - S[X_D_inf * NPAD + j] * S[X_sinf * NPAD + j] * H * p_h, R_lab)
            rec[14, i, j] = S[X_ebitda * NPAD + j]
            rec[15, i, j] = S[X_ocf * NPAD + j]
            rec[16, i, j] = S[W_dep * NPAD + j]
            rec[17, i, j] = S[W_Bd * NPAD + j]
            rec[18, i, j] = S[W_Rs * NPAD + j]
            rec[20, i, j] = S[W_wacc * NPAD + j]
            rec[21, i, j] = S[X_spread * NPAD + j]
            rec[22, i, j] = S[X_c_full * NPAD + j]
            rec[23, i, j] = S[X_floor * NPAD + j]
            rec[24, i, j] = S[X_pwi * NPAD + j]
            rec[25, i, j] = S[X_gap_usd * NPAD + j]
            rec[26, i, j] = S[X_gap_ratio * NPAD + j]
            rec[27, i, j] = S[X_tight * NPAD + j]
            rec[28, i, j] = S[X_cx_ocf * NPAD + j]
            rec[29, i, j] = S[X_sig * NPAD + j]
            rec[30, i, j] = 1.0 - S[W_trail_b * NPAD + j] / max(S[W_peak * NPAD + j], 1e-300)


def _check_indices() -> None:  # pragma: no cover - a guard for edits of the name tuples
    g = globals()
    for pre, names, base in (("P_", PNAMES, 0), ("W_", WNAMES, 0), ("X_", XNAMES, len(WNAMES))):
        for k, name in enumerate(names):
            if g[pre + name] != base + k:
                raise AssertionError(f"{pre}{name} != {base + k}")
    if g["NROWS"] != len(WNAMES) + len(XNAMES):
        raise AssertionError(f"NROWS {g['NROWS']} != {len(WNAMES) + len(XNAMES)}")


_check_indices()
