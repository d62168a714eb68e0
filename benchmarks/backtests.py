"""Back-tests of the market simulator (VALIDATION.md): fit before the peak, score after, print the scores.

    .venv/bin/python benchmarks/backtests.py [--paths 2000] [--seed 2024] [--json] [--refit-insample]

For each analogue (US railways 1865-1879, US telecom 1996-2003) the fit uses only rows of the
history dataset marked ``role = fit`` inside the pre-peak window (the code refuses anything
else); the Monte Carlo is then scored target by target against the ``role = score`` rows.
The scores are printed whatever they are.

Then the in-sample AI record 2023-2026 the baseline's behaviour is fitted on
(:mod:`infranomics.market.insample`): the stored fit against every published target, and with
``--refit-insample`` a fresh fit (the values to write into the presets when the record changes).
"""

from __future__ import annotations

import argparse
import json
import time

from infranomics.market.backtest import BACKTESTS, run_backtest


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paths", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--json", action="store_true", help="machine-readable reports")
    ap.add_argument("--refit-insample", action="store_true", help="refit the AI in-sample parameters and print them")
    args = ap.parse_args(argv)
    reports = []
    for name in BACKTESTS:
        t0 = time.perf_counter()
        rep = run_backtest(name, paths=args.paths, seed=args.seed)
        reports.append(rep)
        if not args.json:
            print(rep.text())
            print(f"  ({time.perf_counter() - t0:.1f} s; bust probability in the horizon "
                  f"{rep.summary['bust_probability']:.0%}, median bust year {rep.summary['median_bust_year']})\n")
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], indent=2))
        return
    insample(args.refit_insample)


def insample(refit: bool) -> None:
    """Print the AI in-sample fit 2023-2026 (stored presets) and, on request, a fresh fit."""
    import pandas as pd

    from infranomics.market import insample as ins

    res = ins.run_stored()
    table = ins.fit_table(res, ins.targets())
    fitted = table[table["fitted"]]
    ad = ins.fit_adoption()
    print("In-sample AI record 2023-2026 (preset ai_2023_2026 = baseline behaviour from January 2023)")
    print(f"  adoption: logistic rate {ad['rate']:.3f}/yr (sd {ad['rate_sd']:.3f}), {ad['users_2023'] / 1e6:,.0f}M "
          f"users at 2023.0, {ad['users_2026'] / 1e9:.2f}B at 2026.0; rmse(log) {ad['rmse_log']:.3f} on {ad['n']} "
          f"ChatGPT weekly-user points x {ins.USERS_PER_CHATGPT_USER}")
    with pd.option_context("display.width", 160, "display.max_colwidth", 62, "display.float_format", "{:.4g}".format):
        print(table[["target", "published", "simulated", "log_error", "fitted"]].to_string(index=False))
    print(f"  rmse(log) of the {len(fitted)} fitted targets: {float((fitted['log_error'] ** 2).mean() ** 0.5):.3f}")
    st = ins.seam_state()
    print("  state on 2026-01-01 (the baseline's warm start): " + ", ".join(
        f"{k} {v:.4g}" for k, v in st.items() if isinstance(v, float)))
    if refit:
        r = ins.fit_insample(maxiter=800)
        print(f"  refit: cost {r['cost']:.3f}, rmse(log) {r['rmse_log_fitted']:.3f}, {r['evaluations']} runs")
        for k, v in list(r["params"].items()) + [(f"shock@{k:g}", v) for k, v in r["shocks"].items()]:
            print(f"    {k:42s} {v:.4g}  (posterior sd {r['sd'][k]:.3g}, prior sd {r['prior_sd'][k]:.3g})")


if __name__ == "__main__":
    main()
