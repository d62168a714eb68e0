"""Fit the ``perf_calibration`` dataset to the ``fit`` rows of ``perf_measurements``.

Run once after changing measurements or the model::

    python -m infranomics.perf.calibrate            # fit, print the table, write the CSV
    python -m infranomics.perf.calibrate --check    # fit and compare with the bundled CSV (no write)

For each accelerator family × stack calibration class with fit cases, and for each family overall
(stack ``*``), the factors ``flops_eff``, ``bw_eff``, ``step_overhead_ms`` and (when the group has mixture-of-experts
cases; otherwise inherited from the fallback row) ``moe_eff`` minimise the squared log error of the
fit cases plus a weak prior (:data:`PRIOR`) that keeps groups with one or two cases well defined.
``moe_eff`` is hierarchical: a group with fewer than :data:`MIN_MOE_CASES` MoE fit cases shrinks it
toward its parent's estimate (stack row → family row → median of the families with enough MoE
cases) with weight :data:`HIER_WEIGHT`, so one case cannot set it alone and a family with none
borrows the cross-family evidence rather than the flat prior.
The default row (``*``/``*``), used for accelerator families without measurements, is the median of
the family rows (low confidence). Holdout cases are
scored with the row the lookup would give them and never enter a fit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from ..catalog import Catalog
from ..llm import get_model
from .calibration import STACKS, Calibration, stack_class
from .cases import Case, load_cases, predict

__all__ = ["HIER_WEIGHT", "MIN_MOE_CASES", "PRIOR", "fit_all", "fit_group", "main"]

#: Prior centre and weight of the regularised fit: (flops_eff, bw_eff, step_overhead_ms, moe_eff), weight.
#: Source: assumption — between llm-analysis's suggested inference bounds (0.7 FLOPs, 0.9 memory) and
#: measured serving MFU/MBU; 3 ms per step is typical CPU scheduling + launch time of a CUDA-graph engine
#: step of an 80-layer model (0.05 ms per layer); expert layers at half the dense efficiency.
PRIOR = ((0.5, 0.75, 0.05, 0.5), 0.15)
#: A group needs this many mixture-of-experts fit cases to estimate ``moe_eff`` on its own. [cases]
MIN_MOE_CASES = 2
#: Weight of the hierarchical prior on log ``moe_eff`` for groups with fewer MoE cases: its centre is the
#: parent's estimate (stack row → its family row; family row → the median of the families that have enough
#: MoE cases), so one case moves it only as far as that case's log error outweighs this weight.
#: Source: assumption — expert efficiency (grouped GEMMs, permutation, load imbalance) is mostly a property
#: of the model and the kernels' structure, shared across chips, so the cross-family evidence is the best
#: guess where a family has too few MoE measurements (previously a family with one case took any value
#: that case implied, and one with none took the flat prior 0.5).
HIER_WEIGHT = 1.0
_CLASS_MAX_BATCH = {st.cls: st.max_batch for st in STACKS.values()}
_CLASS_OVERLAP = {st.cls: st.comm_overlap for st in STACKS.values()}
_LO = np.array([np.log(0.05), np.log(0.1), 0.0, np.log(0.05)])
_HI = np.array([np.log(0.95), np.log(0.98), 2.0, np.log(1.0)])


def _cal(x, family: str, stack: str, moe_eff: float | None = None) -> Calibration:
    moe = float(np.exp(x[3])) if moe_eff is None else moe_eff
    return Calibration(flops_eff=float(np.exp(x[0])), bw_eff=float(np.exp(x[1])), step_overhead_s=float(x[2]) / 1000.0,
                       max_batch=_CLASS_MAX_BATCH.get(stack, 2048), moe_eff=min(moe, 1.0),
                       comm_overlap=_CLASS_OVERLAP.get(stack, False), family=family, stack=stack,
                       matched="fitting")


def _is_moe(c: Case) -> bool:
    return get_model(c.model).is_moe


def fit_group(cases: list[Case], family: str, stack: str, catalog: Catalog | None = None,
              moe_eff: float | None = None, moe_prior: float | None = None) -> tuple[Calibration, float]:
    """Fit one calibration row to ``cases``; returns it and the mean absolute % error on them.

    ``moe_eff`` is fitted only when ``cases`` include a mixture-of-experts model; otherwise the
    given value (inherited from the fallback row) is kept. With ``moe_prior`` and fewer than
    :data:`MIN_MOE_CASES` MoE cases, log ``moe_eff`` is shrunk toward ``moe_prior`` with weight
    :data:`HIER_WEIGHT` (hierarchical prior) instead of the weak flat prior.
    """
    (pf, pb, po, pm), w = PRIOR
    n_moe = sum(_is_moe(c) for c in cases)
    fit_moe = n_moe > 0 or moe_eff is None
    hier = moe_prior is not None and n_moe < MIN_MOE_CASES
    prior = np.array([np.log(pf), np.log(pb), po, np.log(moe_prior if hier else pm)])
    weights = np.array([w, w, w / 0.2, HIER_WEIGHT if hier else w])
    n = 4 if fit_moe else 3
    fixed = None if fit_moe else moe_eff

    def resid(x):
        cal = _cal(x, family, stack, fixed)
        r = []
        for c in cases:
            p = predict(c, cal, catalog)
            r.append(np.log(p / c.value) if np.isfinite(p) and p > 0 else 3.0)
        pr = weights[:n] * (x - prior[:n])
        return np.concatenate([np.array(r), pr])

    sol = least_squares(resid, prior[:n], bounds=(_LO[:n], _HI[:n]), diff_step=1e-3, xtol=1e-6, ftol=1e-6,
                        max_nfev=200)
    cal = _cal(sol.x, family, stack, fixed)
    errs = [abs(predict(c, cal, catalog) / c.value - 1.0) for c in cases]
    return cal, float(np.nanmean(errs))


def _confidence(n: int, mape: float, default_row: bool) -> str:
    if default_row:
        return "low"
    if n >= 5 and mape < 0.10:
        return "high"
    return "medium" if n >= 2 else "low"


def fit_all(catalog: Catalog | None = None, verbose: bool = True) -> pd.DataFrame:
    """Fit every group; returns the ``perf_calibration`` table (with provenance columns)."""
    cases = load_cases(catalog)
    fam = {c.id: c.family for c in cases}
    fit = [c for c in cases if c.used_for == "fit"]
    groups: dict[tuple[str, str], list[Case]] = {}
    for c in fit:
        groups.setdefault((fam[c.id], stack_class(c.stack)), []).append(c)
        groups.setdefault((fam[c.id], "*"), []).append(c)
    rows, cals = [], {}
    # Family rows with enough MoE cases first; their median moe_eff is the hierarchical prior centre of
    # the family rows with fewer; then stack rows (which inherit moe_eff from their family row when they
    # have no MoE case, and shrink toward it when they have fewer than MIN_MOE_CASES). The default row
    # (*, *) for unmeasured families is the median of the family rows.
    def n_moe(cs: list[Case]) -> int:
        return sum(_is_moe(c) for c in cs)

    order = sorted(groups.items(), key=lambda kv: (kv[0][1] != "*", kv[0][1] == "*" and n_moe(kv[1]) < MIN_MOE_CASES,
                                                   kv[0][0], kv[0][1]))
    pooled: float | None = None
    for (f, s), cs in order:
        if verbose:
            print(f"fitting {f}/{s} on {len(cs)} case(s) …", file=sys.stderr)
        if s == "*" and n_moe(cs) < MIN_MOE_CASES and pooled is None:
            rich = [c.moe_eff for (ff, ss), c in cals.items() if ss == "*"]
            pooled = float(np.median(rich)) if rich else None
        parent = cals.get((f, "*")) if s != "*" else None
        cal, mape = fit_group(cs, f, s, catalog, None if parent is None else parent.moe_eff,
                              moe_prior=pooled if parent is None else parent.moe_eff)
        cals[(f, s)] = cal
        rows.append({"family": f, "stack": s, "flops_eff": round(cal.flops_eff, 4), "bw_eff": round(cal.bw_eff, 4),
                     "step_overhead_ms": round(cal.step_overhead_s * 1000, 4), "moe_eff": round(cal.moe_eff, 4),
                     "comm_overlap": "yes" if cal.comm_overlap else "no",
                     "max_batch": _CLASS_MAX_BATCH.get(s, 2048), "n_fit": len(cs),
                     "fit_cases": "|".join(c.id for c in cs), "fit_mape": round(mape, 4)})

    fam_rows = [c for (f, s), c in cals.items() if s == "*"]
    med = {k: float(np.median([getattr(c, k) for c in fam_rows])) for k in ("flops_eff", "bw_eff", "step_overhead_s",
                                                                           "moe_eff")}
    default = Calibration(flops_eff=med["flops_eff"], bw_eff=med["bw_eff"], step_overhead_s=med["step_overhead_s"],
                          moe_eff=med["moe_eff"], max_batch=2048, family="*", stack="*", matched="fitting")
    cals[("*", "*")] = default
    errs = [abs(predict(c, default, catalog) / c.value - 1.0) for c in fit]
    rows.append({"family": "*", "stack": "*", "flops_eff": round(default.flops_eff, 4), "bw_eff": round(default.bw_eff, 4),
                 "step_overhead_ms": round(default.step_overhead_s * 1000, 4), "moe_eff": round(default.moe_eff, 4),
                 "comm_overlap": "no", "max_batch": 2048, "n_fit": len(fit), "fit_cases": "",
                 "fit_mape": round(float(np.nanmean(errs)), 4)})

    # score holdouts with the row the lookup would pick
    def row_for(c: Case) -> tuple[str, str]:
        for key in ((fam[c.id], stack_class(c.stack)), (fam[c.id], "*"), ("*", "*")):
            if key in cals:
                return key
        return ("*", "*")

    hold: dict[tuple[str, str], list[float]] = {}
    for c in cases:
        if c.used_for != "holdout":
            continue
        key = row_for(c)
        p = predict(c, cals[key], catalog)
        hold.setdefault(key, []).append(abs(p / c.value - 1.0) if np.isfinite(p) else 1.0)  # infeasible = 100 % miss
    today = dt.date.today().isoformat()
    for r in rows:
        h = hold.get((r["family"], r["stack"]), [])
        r["n_holdout"] = len(h)
        r["holdout_mape"] = round(float(np.nanmean(h)), 4) if h and np.isfinite(np.nanmean(h)) else None
        default_row = r["family"] == "*"
        r["source"] = ("fitted by `python -m infranomics.perf.calibrate` to the perf_measurements rows in fit_cases "
                       "(regularised least squares on log error)")
        r["retrieved"] = today
        r["confidence"] = _confidence(r["n_fit"], r["fit_mape"], default_row)
        r["note"] = ("default for accelerator families without measurements: median of the family rows; fit_mape is its "
                     "error on every fit case" if default_row else
                     ("family-wide fit, used when the stack has no row of its own" if r["stack"] == "*" else ""))
    key = {(r["family"], r["stack"]): (r["family"] == "*", r["family"], r["stack"] != "*", r["stack"]) for r in rows}
    return pd.DataFrame(sorted(rows, key=lambda r: key[(r["family"], r["stack"])]))


def _bundled_path() -> Path:
    return Path(str(resources.files("infranomics.catalog").joinpath("data", "perf_calibration.csv")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m infranomics.perf.calibrate", description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fit and compare with the bundled CSV without writing")
    ap.add_argument("--out", type=Path, default=None, help="write here instead of the bundled catalog file")
    args = ap.parse_args(argv)
    df = fit_all(Catalog([]))
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(df.drop(columns=["fit_cases", "source", "retrieved", "note"]).to_string(index=False))
    if args.check:
        old = pd.read_csv(_bundled_path())
        cols = ["flops_eff", "bw_eff", "step_overhead_ms", "moe_eff"]
        a = old.set_index(["family", "stack"])[cols]
        b = df.set_index(["family", "stack"])[cols]
        diff = (a - b).abs().max().max()
        print(f"max difference to the bundled calibration: {diff:.4g}")
        return 0 if diff < 1e-3 else 1
    out = args.out or _bundled_path()
    df.to_csv(out, index=False)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
