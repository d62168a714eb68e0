"""Published measurements (catalog ``perf_measurements``) as runnable cases.

Each case pins the model, accelerator, layout (where published), precision, software stack and
workload of a public measurement; :func:`predict` runs :func:`~infranomics.perf.estimate` on it
and returns the same metric. Used by the calibration fit, the validation tests and
``benchmarks/perf_fidelity.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..catalog.cells import opt_value
from ..errors import InfranomicsError, unknown_name
from ..hardware.accelerator import get_accelerator
from .calibration import Calibration, get_calibration
from .deployment import Deployment, Parallelism
from .estimate import PerfResult, estimate
from .workload import SLO, Workload

__all__ = ["Case", "get_case", "load_cases", "predict", "run_cases"]


@dataclass(frozen=True)
class Case:
    """One published measurement and everything needed to predict it."""

    id: str
    model: str
    accelerator: str
    gpus: int
    tp: int | None
    ep: int | None
    mode: str
    precision: str
    kv_precision: str
    stack: str
    workload: Workload
    slo: SLO | None
    max_batch: int | None
    metric: str
    value: float
    used_for: str
    source: str
    date: str
    confidence: str = ""
    mtp_draft_tokens: int = 0
    mtp_accept: float = 0.0

    @property
    def family(self) -> str:
        return get_accelerator(self.accelerator).family

    def deployment(self) -> Deployment:
        """The deployment the case describes (pool layouts for disaggregated pool measurements)."""
        if self.mode == "disaggregated":
            lay = Parallelism(self.tp or 1, self.ep or 1)
            return Deployment(mode="disaggregated", precision=self.precision, kv_precision=self.kv_precision,
                              stack=self.stack, max_batch=self.max_batch, prefill=lay, decode=lay,
                              mtp_draft_tokens=self.mtp_draft_tokens, mtp_accept=self.mtp_accept)
        return Deployment(gpus=self.gpus, tp=self.tp, ep=self.ep, mode=self.mode, precision=self.precision,
                          kv_precision=self.kv_precision, stack=self.stack, max_batch=self.max_batch,
                          mtp_draft_tokens=self.mtp_draft_tokens, mtp_accept=self.mtp_accept)


def load_cases(catalog: Catalog | None = None) -> list[Case]:
    """Every row of ``perf_measurements`` as a :class:`Case`."""
    cat = catalog if catalog is not None else default_catalog()
    df = cat.load("perf_measurements")
    out = []
    for _, r in df.iterrows():
        slo = None
        if str(r["scenario"]) == "slo":
            slo = SLO(ttft_max_s=opt_value(r["ttft_max_s"]), tpot_max_s=opt_value(r["tpot_max_s"]),
                      percentile=str(opt_value(r["slo_percentile"]) or "p99"))
        out.append(Case(
            id=str(r["id"]), model=str(r["model"]), accelerator=str(r["accelerator"]), gpus=int(r["gpus"]),
            tp=None if opt_value(r["tp"]) is None else int(r["tp"]), ep=None if opt_value(r["ep"]) is None else int(r["ep"]),
            mode=str(r["mode"]), precision=str(r["precision"]), kv_precision=str(r["kv_precision"]), stack=str(r["stack"]),
            workload=Workload(float(r["input_tokens"]), float(r["output_tokens"]), float(r["cache_hit"]), str(r["id"])),
            slo=slo, max_batch=None if opt_value(r["max_batch"]) is None else int(r["max_batch"]), metric=str(r["metric"]),
            value=float(r["value"]), used_for=str(r["used_for"]), source=str(r["source"]),
            date=pd.Timestamp(r["date"]).date().isoformat(), confidence=str(opt_value(r["confidence"]) or ""),
            mtp_draft_tokens=int(opt_value(r["mtp_draft_tokens"]) or 0),
            mtp_accept=float(opt_value(r["mtp_accept"]) or 0.0)))
    return out


def get_case(case_id: str, catalog: Catalog | None = None) -> Case:
    """The case with id ``case_id`` (did-you-mean on a miss)."""
    cases = {c.id: c for c in load_cases(catalog)}
    if case_id not in cases:
        raise unknown_name("measurement case", case_id, cases, field="case")
    return cases[case_id]


def case_result(case: Case, calibration: Calibration | None = None, catalog: Catalog | None = None) -> PerfResult:
    """Run :func:`estimate` on ``case``."""
    return estimate(case.model, case.accelerator, case.workload, case.deployment(), slo=case.slo,
                    calibration=calibration, catalog=catalog)


def predict(case: Case, calibration: Calibration | None = None, catalog: Catalog | None = None) -> float:
    """Predicted value of ``case.metric``; NaN when the model finds the case infeasible."""
    try:
        r = case_result(case, calibration, catalog)
    except InfranomicsError:  # an infeasible case (impossible SLO, no fit) must not stop a fit or a table
        return float("nan")
    return float(getattr(r, case.metric))


def run_cases(cases: list[Case] | None = None, catalog: Catalog | None = None,
              calibration_for=None) -> pd.DataFrame:
    """Predict every case; returns one row per case with published, predicted and error.

    ``calibration_for(case) -> Calibration`` overrides the catalog lookup (used while fitting).
    """
    cat = catalog if catalog is not None else default_catalog()
    cases = load_cases(cat) if cases is None else cases
    rows = []
    for c in cases:
        cal = calibration_for(c) if calibration_for else get_calibration(c.family, c.stack, cat)
        pred = predict(c, cal, cat)
        err = (pred - c.value) / c.value if np.isfinite(pred) else float("nan")
        rows.append({"id": c.id, "model": c.model, "accelerator": c.accelerator, "gpus": c.gpus, "precision": c.precision,
                     "stack": c.stack, "isl_osl": f"{c.workload.input_tokens:g}/{c.workload.output_tokens:g}",
                     "scenario": "offline" if c.slo is None else "slo", "metric": c.metric, "used_for": c.used_for,
                     "published": c.value, "predicted": pred, "error": err,
                     "calibration": f"{cal.family}/{cal.stack}", "source": c.source})
    return pd.DataFrame(rows)
