"""Back-tests of the market simulator (VALIDATION.md): fit before the peak, score after, print the scores.

    .venv/bin/python benchmarks/backtests.py [--paths 2000] [--seed 2024] [--json]

For each analogue (US railways 1865-1879, US telecom 1996-2003) the fit uses only rows of the
history dataset marked ``role = fit`` inside the pre-peak window (the code refuses anything
else); the Monte Carlo is then scored target by target against the ``role = score`` rows.
The scores are printed whatever they are.
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


if __name__ == "__main__":
    main()
