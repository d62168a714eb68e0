"""Calibrated efficiencies: the share of peak FLOP/s and HBM bandwidth a serving stack reaches.

Factors are stored per accelerator family × software stack in the catalog dataset
``perf_calibration``. They are fitted once by :mod:`infranomics.perf.calibrate` to the published
measurements marked ``fit`` in ``perf_measurements``; cases marked ``holdout`` are never used to fit.
Lookup falls back from (family, stack) to the family-wide row (stack ``*``) and then to the
global default (``*``, ``*``), and the result says which row was used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from ..catalog import Catalog, default_catalog
from ..errors import InputError, unknown_name

__all__ = ["DEFAULT_CALIBRATION", "STACKS", "Calibration", "Stack", "get_calibration", "list_stacks", "stack_class"]


@dataclass(frozen=True)
class Stack:
    """A serving software stack: the calibration class it belongs to and its documented behaviour.

    ``max_batch`` and ``comm_overlap`` are properties of the software (documented defaults and
    features), not fitted; they apply whichever calibration row the lookup falls back to.
    """

    name: str
    cls: str
    max_batch: int | None
    comm_overlap: bool
    description: str


#: Known stacks. Sources: TensorRT-LLM BuildConfig/LLM API default ``max_batch_size`` 2048; vLLM
#: EngineArgs default ``max_num_seqs`` 256; SGLang, DeepSeek and CloudMatrix size the running batch
#: from memory and overlap communication with two micro-batches (LMSYS large-scale-EP blog "two-batch
#: overlap"; DeepSeek day-6 post "dual-batch overlap"; CloudMatrix384 paper, arXiv:2506.12708,
#: "microbatch-based pipelining"). The three large-EP systems share one calibration class because
#: SGLang's deployment reproduces DeepSeek's design (same kernels: DeepEP, DeepGEMM, EPLB).
STACKS: dict[str, Stack] = {s.name: s for s in (
    Stack("trtllm-2024", "trtllm-2024", 2048, False, "TensorRT-LLM as submitted to MLPerf Inference v4.x (2024)"),
    Stack("trtllm-2025", "trtllm-2025", 2048, False, "TensorRT-LLM 1.0 PyTorch backend, trtllm-bench defaults (2025)"),
    Stack("vllm", "vllm", 256, False, "vLLM (2024-25), including AMD's ROCm builds"),
    Stack("sglang", "large-ep", None, True, "SGLang with DP attention, DeepEP and two-batch overlap"),
    Stack("deepseek-infer", "large-ep", None, True, "DeepSeek's in-house serving system (V3/R1)"),
    Stack("cloudmatrix-infer", "large-ep", None, True, "Huawei/SiliconFlow CloudMatrix-Infer on Ascend"),
    Stack("large-ep", "large-ep", None, True, "any PD-disaggregated large expert-parallel system"),
)}


def stack_class(stack: str | None) -> str:
    """Calibration class of ``stack`` (``*`` for None); unknown names raise with a did-you-mean."""
    if stack is None or stack == "*":
        return "*"
    key = str(stack).lower()
    if key not in STACKS:
        raise unknown_name("software stack", stack, STACKS, field="stack")
    return STACKS[key].cls


@dataclass(frozen=True)
class Calibration:
    """Efficiency factors of one accelerator family running one serving stack.

    Parameters
    ----------
    flops_eff : float
        Share of dense peak FLOP/s reached by compute-bound kernels. [fraction]
    bw_eff : float
        Share of peak HBM bandwidth reached by memory-bound kernels. [fraction]
    step_overhead_s : float
        Fixed time per layer per engine step (kernel launches and synchronisation not hidden;
        a step costs ``layers × step_overhead_s``). [s]
    max_batch : int or None
        Default scheduler cap on concurrent sequences per attention group. [sequences]
    moe_eff : float
        Efficiency of routed-expert layers relative to dense layers (grouped GEMMs, token
        permutation, expert load imbalance); 1 for dense models. [fraction]
    comm_overlap : bool
        Whether the stack hides collectives behind compute by running two micro-batches.
    """

    flops_eff: float
    bw_eff: float
    step_overhead_s: float
    max_batch: int | None = None
    moe_eff: float = 1.0
    comm_overlap: bool = False
    family: str = "*"
    stack: str = "*"
    fit_cases: tuple[str, ...] = ()
    fit_mape: float | None = None
    confidence: str = "low"
    matched: str = "given"

    def __post_init__(self) -> None:
        for name in ("flops_eff", "bw_eff", "moe_eff"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and 0 < v <= 1):
                raise InputError(f"{name} must be in (0, 1], got {v!r}", field=name)
        if not (isinstance(self.step_overhead_s, (int, float)) and self.step_overhead_s >= 0):
            raise InputError(f"step_overhead_s must be >= 0 s, got {self.step_overhead_s!r}", field="step_overhead_s")

    def label(self) -> str:
        """Human text: which row, how it was matched."""
        return f"{self.family}/{self.stack} ({self.matched}, confidence {self.confidence})"

    def with_(self, **changes) -> Calibration:
        """A copy with fields replaced (e.g. ``flops_eff=0.5``)."""
        return replace(self, **changes)


#: Used when the catalog has no perf_calibration row at all (e.g. a stripped user catalog).
#: Source: assumption — llm-analysis README suggests ~0.7 of peak FLOP/s and 0.9 of HBM bandwidth
#: as upper bounds for inference; aiconfigurator uses 0.8 of HBM bandwidth (systems/h100_sxm.yaml).
DEFAULT_CALIBRATION = Calibration(flops_eff=0.5, bw_eff=0.7, step_overhead_s=0.003, max_batch=2048, moe_eff=0.5,
                                  confidence="low", matched="built-in default")


def _row_to_cal(row, matched: str) -> Calibration:
    def f(name, default=None):
        v = row.get(name)
        try:
            v = float(v)
        except (TypeError, ValueError):
            return default
        return default if math.isnan(v) else v

    mb = f("max_batch")
    raw = row.get("fit_cases")
    cases = "" if raw is None or pd.isna(raw) else str(raw)
    return Calibration(
        flops_eff=f("flops_eff"), bw_eff=f("bw_eff"), step_overhead_s=f("step_overhead_ms", 0.0) / 1000.0,
        max_batch=None if mb is None else int(mb), moe_eff=f("moe_eff", 1.0),
        comm_overlap=bool(row.get("comm_overlap")) if not pd.isna(row.get("comm_overlap")) else False,
        family=str(row["family"]),
        stack=str(row["stack"]),
        fit_cases=tuple(c for c in cases.split("|") if c), fit_mape=f("fit_mape"),
        confidence="low" if pd.isna(row.get("confidence")) else str(row.get("confidence")), matched=matched)


def get_calibration(family: str, stack: str | None = None, catalog: Catalog | None = None) -> Calibration:
    """Calibration of ``family`` (e.g. ``hopper``) with ``stack`` (e.g. ``trtllm-2025``).

    Rows are keyed by the stack's calibration class (:data:`STACKS`). Falls back to the
    family-wide row and then the global default; ``matched`` on the result says ``exact``,
    ``family`` or ``default``. The stack's documented ``max_batch`` and ``comm_overlap`` apply
    whichever row is used.
    """
    cls = stack_class(stack)
    cat = catalog if catalog is not None else default_catalog()
    try:
        df = cat.load("perf_calibration")
    except Exception:  # dataset missing from a custom catalog
        df = None
    cal = DEFAULT_CALIBRATION
    if df is not None:
        fam = str(family).lower()
        fams = df["family"].astype(str).str.lower()
        stacks = df["stack"].astype(str).str.lower()
        for f_, s_, how in ((fam, cls, "exact"), (fam, "*", "family"), ("*", "*", "default")):
            hit = df[(fams == f_) & (stacks == s_)]
            if not hit.empty:
                cal = _row_to_cal(hit.iloc[0], "exact" if (f_, s_) == (fam, cls) else how)
                break
    if stack is not None and stack != "*":
        st = STACKS[str(stack).lower()]
        cal = replace(cal, max_batch=st.max_batch, comm_overlap=st.comm_overlap)
    return cal


def list_stacks(catalog: Catalog | None = None) -> list[str]:
    """Software stacks that have a calibration row."""
    cat = catalog if catalog is not None else default_catalog()
    try:
        df = cat.load("perf_calibration")
    except Exception:
        return []
    return sorted({s for s in df["stack"].astype(str) if s != "*"})
