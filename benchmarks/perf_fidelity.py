"""Fidelity of infranomics.perf against every published measurement in the catalog.

Prints one row per case of ``perf_measurements`` — published value, our prediction, error — marked
``fit`` (used to fit ``perf_calibration``) or ``holdout`` (never fitted), then the median absolute
error overall, on fit cases and on holdout cases, and by source. A prediction the model finds
infeasible (e.g. an SLO it cannot meet) counts as a 100 % miss.

Run: ``python benchmarks/perf_fidelity.py [--csv out.csv]``
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from infranomics.perf.cases import run_cases

TARGET = 0.15  # issue 3: median absolute error <= 15 % over the published cases


def source_of(case_id: str) -> str:
    """Group a case id into its public source for the summary."""
    for prefix, name in (("mlperf-v4.0", "MLPerf v4.0"), ("mlperf-v4.1", "MLPerf v4.1"), ("mlperf-v5.0", "MLPerf v5.0"),
                         ("azure", "Azure GB200 (MLPerf-style)"), ("trtllm-dsr1", "TensorRT-LLM DeepSeek-R1 blog"),
                         ("trtllm", "TensorRT-LLM perf overview"), ("lmsys-gb200", "SGLang GB200 NVL72"),
                         ("deepseek", "DeepSeek day 6"), ("sglang-h20", "SGLang H20 (Ant Group)"),
                         ("ascend-sglang", "SGLang Ascend best practice"), ("sglang", "SGLang large-scale EP"),
                         ("cloudmatrix", "CloudMatrix384 paper")):
        if case_id.startswith(prefix):
            return name
    return "other"


def table() -> pd.DataFrame:
    df = run_cases()
    df["abs_error"] = df["error"].abs().where(df["error"].notna(), 1.0)
    df["source_name"] = df["id"].map(source_of)
    return df


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", help="also write the table to this CSV file")
    args = ap.parse_args(argv)
    df = table()
    show = df[["id", "model", "accelerator", "precision", "stack", "isl_osl", "scenario", "used_for", "published",
               "predicted", "error"]].copy()
    show["published"] = show["published"].map(lambda v: f"{v:,.1f}")
    show["predicted"] = show["predicted"].map(lambda v: "infeasible" if not np.isfinite(v) else f"{v:,.1f}")
    show["error"] = df["error"].map(lambda v: "miss" if not np.isfinite(v) else f"{v * 100:+.1f}%")
    with pd.option_context("display.width", 250, "display.max_rows", 500, "display.max_colwidth", 40):
        print("infranomics.perf fidelity: published vs predicted tokens/s per GPU (metric per case in the catalog)\n")
        print(show.to_string(index=False))
    print()
    med = df["abs_error"].median()
    print(f"cases: {len(df)} ({(df.used_for == 'fit').sum()} fit, {(df.used_for == 'holdout').sum()} holdout)")
    print(f"median |error|: all {med:.1%} · fit {df[df.used_for == 'fit'].abs_error.median():.1%} · "
          f"holdout {df[df.used_for == 'holdout'].abs_error.median():.1%}")
    print(f"within ±15 %: {(df.abs_error <= 0.15).mean():.0%} of cases · within ±25 %: {(df.abs_error <= 0.25).mean():.0%}")
    by = df.groupby("source_name").agg(cases=("id", "size"), median_abs_error=("abs_error", "median"),
                                       worst=("abs_error", "max"))
    by["median_abs_error"] = by["median_abs_error"].map(lambda v: f"{v:.1%}")
    by["worst"] = by["worst"].map(lambda v: f"{v:.1%}")
    print("\nby source:\n" + by.to_string())
    ok = med <= TARGET
    print(f"\ntarget median |error| <= {TARGET:.0%}: {'met' if ok else 'NOT met'}")
    if args.csv:
        df.to_csv(args.csv, index=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
