"""Benchmark: the market simulator's vectorised numpy engine against PySD on the same model.

``benchmarks/market_core.mdl`` (Vensim) holds the core stock-and-flow structure of
``infranomics.market`` — demand with price elasticity, price adjusting to utilisation,
adaptive expectations read from a demand trend, the stock-management ordering rule with a
two-stage construction pipeline, capacity with retirement. This script

1. runs it in PySD (3.14.3) for N paths — one ``model.run(params=...)`` per path, the way
   Monte Carlo is done with PySD;
2. runs the same equations vectorised over paths with numpy (one array per stock);
3. checks that both give the same trajectories for the first paths (Euler, same time step);
4. times the full ``infranomics.market`` model (every block, with and without recording) with its
   compiled loop and with the numpy reference loop;

and prints path-steps per second for each and the ratios. Run on one core:

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/simulate_vs_pysd.py [--pysd-paths 200] [--paths 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
MDL = HERE / "market_core.mdl"

#: Constants of market_core.mdl (the ones the benchmark does not vary).
BASE = dict(initial_demand=1e7, initial_utilization=0.85, initial_price=2.35, price_floor=0.1, full_cost=1.6,
            target_utilization=0.8, max_utilization=0.95, price_utilization_elasticity=2.0, price_adjust_time=1.0,
            smoothing_time=0.5, initial_expected_growth=0.6, expectation_time=1.0, construction_time=1.5,
            adjustment_time=1.0, life=6.0)
FINAL_TIME, DT = 10.0, 0.25


def draw(n: int, seed: int) -> dict[str, np.ndarray]:
    """Per-path uncertain inputs: demand growth and price elasticity."""
    rng = np.random.default_rng(seed)
    return {"demand_growth": rng.uniform(0.1, 0.9, n), "price_elasticity": rng.uniform(0.4, 1.2, n)}


def core_numpy(g: np.ndarray, eps: np.ndarray, steps: int, dt: float = DT, c=BASE, record: bool = False):
    """The market_core.mdl equations, vectorised over paths (Euler, like PySD)."""
    n = g.size
    d0, u0, p0 = c["initial_demand"], c["initial_utilization"], c["initial_price"]
    fl, cf, ut, um, eta = c["price_floor"], c["full_cost"], c["target_utilization"], c["max_utilization"], \
        c["price_utilization_elasticity"]
    tp, ts, g0, te, tc, ta, life = (c["price_adjust_time"], c["smoothing_time"], c["initial_expected_growth"],
                                    c["expectation_time"], c["construction_time"], c["adjustment_time"], c["life"])
    k = np.full(n, d0 / u0)
    o0 = k * (g0 + 1 / life)
    s1 = o0 * tc / 2
    s2 = o0 * tc / 2
    p = np.full(n, p0)
    ds = np.full(n, d0 * np.exp(-g0 * ts))
    gh = np.full(n, g0)
    out = np.empty((2, steps + 1, n)) if record else None
    half = tc / 2
    for i in range(steps + 1):
        t = i * dt
        dem = d0 * np.exp(g * t) * (p / p0) ** (-eps)
        u = np.minimum(dem / k, um)
        tgt = fl + (cf - fl) * (u / ut) ** eta
        gobs = (np.log(dem) - np.log(ds)) / ts
        kdes = dem * np.exp(gh * tc) / ut
        orders = np.maximum(0.0, (kdes - k - s1 - s2) / ta + k / life)
        f1 = s1 / half
        f2 = s2 / half
        if record:
            out[0, i] = k
            out[1, i] = p
        if i == steps:
            break
        p = p + dt * (np.maximum(tgt, fl) - p) / tp
        ds = ds + dt * (dem - ds) / ts
        gh = gh + dt * (gobs - gh) / te
        s1 = s1 + dt * (orders - f1)
        s2 = s2 + dt * (f1 - f2)
        k = k + dt * (f2 - k / life)
    return out


def run_pysd(params: dict[str, np.ndarray], n: int, workdir: Path):
    import pysd

    mdl = workdir / MDL.name
    shutil.copy(MDL, mdl)
    t0 = time.perf_counter()
    model = pysd.read_vensim(str(mdl))
    t_load = time.perf_counter() - t0
    caps, prices = [], []
    t0 = time.perf_counter()
    for i in range(n):
        df = model.run(params={k: float(v[i]) for k, v in params.items()}, return_columns=["capacity", "price"])
        caps.append(df["capacity"].to_numpy())
        prices.append(df["price"].to_numpy())
    elapsed = time.perf_counter() - t0
    return np.array(caps).T, np.array(prices).T, elapsed, t_load, pysd.__version__


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pysd-paths", type=int, default=200)
    ap.add_argument("--paths", type=int, default=100_000, help="paths for the numpy core")
    ap.add_argument("--full-paths", type=int, default=32_768, help="paths for the full infranomics model")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=3, help="timings of the full model (the best is printed)")
    args = ap.parse_args(argv)
    steps = round(FINAL_TIME / DT)
    print(f"market_core.mdl: {steps} steps of {DT} years; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")

    params = draw(max(args.pysd_paths, args.paths), args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        cap_p, price_p, t_pysd, t_load, ver = run_pysd({k: v[: args.pysd_paths] for k, v in params.items()},
                                                       args.pysd_paths, Path(tmp))
    rate_pysd = args.pysd_paths * steps / t_pysd

    # same model in numpy: check agreement on the PySD paths, then time many paths
    rec = core_numpy(params["demand_growth"][: args.pysd_paths], params["price_elasticity"][: args.pysd_paths],
                     steps, record=True)
    err_k = float(np.max(np.abs(rec[0] / cap_p - 1)))
    err_p = float(np.max(np.abs(rec[1] / price_p - 1)))
    core_numpy(params["demand_growth"][:1000], params["price_elasticity"][:1000], steps)  # warm-up
    t0 = time.perf_counter()
    core_numpy(params["demand_growth"][: args.paths], params["price_elasticity"][: args.paths], steps)
    t_np = time.perf_counter() - t0
    rate_np = args.paths * steps / t_np

    from infranomics.market import RECORDED, load_scenario, simulate

    sc = load_scenario("baseline")  # scenario, catalog and warm start resolved once (not timed)
    simulate(sc, paths=256, years=2, seed=1)  # warm-up: compiled-loop cache, imports
    full = {}
    for engine in ("numba", "numpy"):
        for record in (False, True):
            best, loop = 0.0, 0.0
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                res = simulate(sc, paths=args.full_paths, years=10, seed=args.seed, record=record, engine=engine)
                el = time.perf_counter() - t0
                if args.full_paths * 40 / el > best:
                    best, loop = args.full_paths * 40 / el, res.meta["path_steps_per_s"]
            full[(engine, record)] = (best, loop)
            if engine == "numpy":
                break  # the reference loop: one timing without recording is enough
    print(f"PySD {ver}: {args.pysd_paths} paths x {steps} steps in {t_pysd:.2f} s (+{t_load:.2f} s to translate) "
          f"-> {rate_pysd:,.0f} path-steps/s")
    print(f"numpy core (same equations): {args.paths:,} paths x {steps} steps in {t_np:.3f} s -> "
          f"{rate_np:,.0f} path-steps/s")
    print(f"agreement with PySD on {args.pysd_paths} paths: max relative difference capacity {err_k:.1e}, "
          f"price {err_p:.1e}")
    print(f"ratio numpy core / PySD: {rate_np / rate_pysd:,.0f}x")
    print(f"full infranomics.market model (baseline, every block, 40 quarterly steps, {args.full_paths:,} paths, "
          f"best of {args.repeats}; random draws and block preparation included, scenario loaded once):")
    nb0, nb1, np0 = full[("numba", False)], full[("numba", True)], full[("numpy", False)]
    print(f"  compiled loop (numba segments + numpy SIMD math), no recording: {nb0[0]:,.0f} path-steps/s")
    print(f"  compiled loop, recording {len(RECORDED)} series (float32): {nb1[0]:,.0f} path-steps/s")
    print(f"  numpy reference loop, no recording: {np0[0]:,.0f} path-steps/s (same numbers, tests/market/test_engine.py)")
    print(f"ratio full model (compiled, no recording) / PySD core: {nb0[0] / rate_pysd:,.0f}x; "
          f"(recording) / PySD core: {nb1[0] / rate_pysd:,.0f}x")

if __name__ == "__main__":
    main()
