"""The orchestrator: best deployment of a model on an accelerator for a workload and scenario.

:func:`estimate` searches the parallel layouts that fit (tensor × expert parallel, aggregated or
prefill/decode-disaggregated) and the batch size, and returns a :class:`PerfResult` — the numbers
the cost layer prices. :func:`frontier` returns the Pareto frontier of throughput per GPU against
tokens per second per user. :func:`min_gpus` says how many accelerators hold a model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._version import __version__
from ..catalog import Catalog, default_catalog
from ..errors import InputError
from ..hardware.accelerator import Accelerator, get_accelerator
from ..llm import LLM, bytes_per_param, get_model
from ..notes import Note
from ..notes import codes as note_codes
from .calibration import Calibration, get_calibration
from .deployment import MODES, Deployment, Parallelism
from .memory import BYTES_PER_GB
from .serving import Instance
from .workload import SLO, Workload, get_workload

__all__ = ["PerfResult", "default_precision", "estimate", "frontier", "min_gpus"]

_GRID_POINTS = 48
_CHUNKS = np.array([512, 1024, 2048, 4096, 8192, 16384, 32768], dtype=float)


# -- inputs ------------------------------------------------------------------------------------------
_WORKLOAD_KEYS = ("input_tokens", "output_tokens", "cache_hit")
_SLO_KEYS = ("scenario", "ttft_max_s", "tpot_max_s", "percentile")


def _split_kwargs(workload, slo, deployment, kwargs: dict):
    """Flat keyword arguments (as the CLI flags) → (workload, slo, deployment)."""
    wl_kw = {k: kwargs.pop(k) for k in _WORKLOAD_KEYS if k in kwargs}
    slo_kw = {k: kwargs.pop(k) for k in _SLO_KEYS if k in kwargs}
    if wl_kw:
        if isinstance(workload, str):
            workload = get_workload(workload)
        base = workload if workload is not None else Workload()
        workload = Workload(**{"input_tokens": base.input_tokens, "output_tokens": base.output_tokens,
                               "cache_hit": base.cache_hit, "name": base.name if not ({"input_tokens", "output_tokens"}
                                                                                      & set(wl_kw)) else "custom",
                               **wl_kw})
    if slo_kw:
        if slo is not None:
            raise InputError("give either slo= or ttft_max_s/tpot_max_s/scenario keywords, not both", field="slo")
        scenario = str(slo_kw.pop("scenario", "") or "").lower()
        if scenario not in ("", "offline", "slo"):
            from ..errors import unknown_name

            raise unknown_name("scenario", scenario, ("offline", "slo"), field="scenario")
        limits = {k: slo_kw[k] for k in ("ttft_max_s", "tpot_max_s") if slo_kw.get(k) is not None}
        if scenario == "slo" or (scenario == "" and limits):
            slo = SLO(ttft_max_s=limits.get("ttft_max_s", 2.0), tpot_max_s=limits.get("tpot_max_s", 0.2),
                      percentile=slo_kw.get("percentile") or "p99")
        elif limits:
            raise InputError("ttft_max_s/tpot_max_s apply to scenario 'slo', not 'offline'", field="scenario")
    if deployment is not None and kwargs:
        raise InputError("give either deployment= or keyword arguments, not both", field="deployment")
    dep = deployment if deployment is not None else Deployment(**kwargs)
    return workload, slo, dep


def _resolve(model, gpu, workload, catalog):
    cat = catalog if catalog is not None else default_catalog()
    llm = model if isinstance(model, LLM) else get_model(model, cat)
    acc = gpu if isinstance(gpu, Accelerator) else get_accelerator(gpu, cat)
    if workload is None:
        wl = Workload()
    elif isinstance(workload, str):
        wl = get_workload(workload)
    else:
        wl = workload
    if wl.max_context > llm.context_length:
        raise InputError(f"input_tokens + output_tokens = {wl.max_context:,.0f} exceeds the context length of "
                         f"{llm.name} ({llm.context_length:,} tokens)", field="input_tokens")
    return llm, acc, wl, cat


def default_precision(llm: LLM, acc: Accelerator) -> str:
    """Weight precision used when none is given: the model's native precision where the chip runs it
    natively, else FP8 where supported, else INT8 (W8A8) where supported, else BF16.

    An 8-bit-or-lower native model on a chip without FP8 is served in INT8, as deployments do: DeepSeek-R1
    on Ascend runs W8A8 INT8 in the CloudMatrix384 paper and in SGLang's Ascend best-practice configurations
    (perf_measurements), not at twice the memory in BF16."""
    native = (llm.native_precision or "bf16").lower()
    if native in ("bf16", "fp16"):
        return "bf16"
    if acc.supports(native):
        return native
    if acc.supports("fp8"):
        return "fp8"
    return "int8" if acc.supports("int8") else "bf16"


def _kv_default(precision: str, acc: Accelerator) -> str:
    return "fp8" if bytes_per_param(precision) <= 1.0 and acc.supports("fp8") else "bf16"


def _pow2_upto(n: int) -> list[int]:
    out, v = [], 1
    while v <= n:
        out.append(v)
        v *= 2
    return out


def _candidate_layouts(llm: LLM, acc: Accelerator, gpus: int | None, max_instance: int,
                       span_domains: bool = False) -> list[Parallelism]:
    """Layouts to try. TP stays inside one scale-up domain unless ``span_domains`` (pipeline
    parallelism is not modelled; a model too big for one domain is split by TP over the scale-out
    network, which understates what a PP deployment would achieve)."""
    domain = acc.scaleup_domain or 8
    tps = [t for t in _pow2_upto(max_instance if span_domains else min(domain, max_instance)) if llm.heads % t == 0]
    eps = [1]
    if llm.is_moe:
        eps = [e for e in _pow2_upto(max_instance) if e <= llm.routed_experts * 2]
    out = []
    for t in tps:
        for e in eps:
            g = t * e
            if g > max_instance:
                continue
            if gpus is not None and gpus % g:
                continue
            out.append(Parallelism(t, e))
    if gpus is not None and llm.is_moe:  # the whole allocation as one EP group (e.g. EP144)
        for t in tps:
            if gpus % t == 0 and Parallelism(t, gpus // t) not in out and gpus // t > 1:
                out.append(Parallelism(t, gpus // t))
    return out


def min_gpus(model, gpu, workload=None, precision: str | None = None, kv_precision: str | None = None,
             memory_utilization: float = 0.9, catalog: Catalog | None = None) -> tuple[int, Parallelism]:
    """Fewest accelerators that hold ``model`` plus one full-length sequence of ``workload``.

    Returns ``(gpus, layout)``. Raises :class:`InputError` when even 1,024 accelerators do not suffice.
    """
    llm, acc, wl, cat = _resolve(model, gpu, workload, catalog)
    p = precision or default_precision(llm, acc)
    kvp = kv_precision or _kv_default(p, acc)
    cal = get_calibration(acc.family, None, cat)
    for span in (False, True):
        for g in _pow2_upto(1024):
            for lay in _candidate_layouts(llm, acc, None, g, span):
                if lay.gpus != g:
                    continue
                ins = Instance(llm, acc, lay, p, kvp, cal, memory_utilization)
                if ins.max_batch_size(wl) >= 1:
                    return g, lay
    raise InputError(f"{llm.name} does not fit on 1,024 × {acc.name} at {p}", field="gpus")


# -- result ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PerfResult:
    """What a deployment achieves. Rates are per accelerator, averaged over the whole deployment.

    ``prefill_gpu_seconds_per_request`` and ``decode_gpu_seconds_per_request`` split the
    accelerator time one average request costs, so input and output tokens can be priced apart:
    ``usd_per_gpu_hour / 3600 × gpu_seconds / tokens``.
    """

    model: str
    gpu: str
    precision: str
    kv_precision: str
    scenario: str
    mode: str
    layout: Parallelism
    gpus: int
    batch_size: float
    output_tokens_per_s_per_gpu: float
    input_tokens_per_s_per_gpu: float
    ttft_s: float
    tpot_s: float
    memory_gb_per_gpu: float
    weights_gb_per_gpu: float
    kv_cache_gb_per_gpu: float
    bound: str
    prefill_gpu_seconds_per_request: float
    decode_gpu_seconds_per_request: float
    prefill_tokens_per_s_per_gpu: float
    decode_tokens_per_s_per_gpu: float
    max_batch_size: float
    workload: Workload
    calibration: Calibration
    prefill_layout: Parallelism | None = None
    prefill_gpus: int | None = None
    decode_gpus: int | None = None
    slo: SLO | None = None
    step_breakdown: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    mtp_draft_tokens: int = 0
    mtp_accept: float = 0.0

    @property
    def tokens_per_s_per_user(self) -> float:
        """Decode speed one user sees, 1 / TPOT. [tok/s]"""
        return 1.0 / self.tpot_s

    @property
    def tp(self) -> int:
        return self.layout.tp

    @property
    def ep(self) -> int:
        return self.layout.ep

    @property
    def gpu_seconds_per_request(self) -> float:
        """Accelerator time of one average request. [GPU-s]"""
        return self.prefill_gpu_seconds_per_request + self.decode_gpu_seconds_per_request

    def layout_description(self) -> str:
        if self.mode == "disaggregated" and self.prefill_layout is not None:
            return (f"disaggregated: prefill {self.prefill_layout.describe()} × {self.prefill_gpus} GPUs, "
                    f"decode {self.layout.describe()} × {self.decode_gpus} GPUs")
        reps = self.gpus // self.layout.gpus
        return f"aggregated: {reps} × {self.layout.describe()}"

    def to_dict(self) -> dict:
        """JSON contract of ``infranomics perf --json`` (stable field names; units in the names or docs)."""
        d = {
            "output_tokens_per_s_per_gpu": self.output_tokens_per_s_per_gpu,
            "input_tokens_per_s_per_gpu": self.input_tokens_per_s_per_gpu,
            "ttft_s": self.ttft_s,
            "tpot_s": self.tpot_s,
            "batch_size": self.batch_size,
            "tokens_per_s_per_user": self.tokens_per_s_per_user,
            "gpus": self.gpus,
            "tp": self.tp,
            "ep": self.ep,
            "memory_gb_per_gpu": self.memory_gb_per_gpu,
            "bound": self.bound,
            "model": self.model,
            "gpu": self.gpu,
            "precision": self.precision,
            "kv_precision": self.kv_precision,
            "scenario": self.scenario,
            "mode": self.mode,
            "layout": self.layout_description(),
            "prefill_tp": self.prefill_layout.tp if self.prefill_layout else None,
            "prefill_ep": self.prefill_layout.ep if self.prefill_layout else None,
            "prefill_gpus": self.prefill_gpus,
            "decode_gpus": self.decode_gpus,
            "weights_gb_per_gpu": self.weights_gb_per_gpu,
            "kv_cache_gb_per_gpu": self.kv_cache_gb_per_gpu,
            "max_batch_size": self.max_batch_size,
            "prefill_gpu_seconds_per_request": self.prefill_gpu_seconds_per_request,
            "decode_gpu_seconds_per_request": self.decode_gpu_seconds_per_request,
            "gpu_seconds_per_request": self.gpu_seconds_per_request,
            "prefill_tokens_per_s_per_gpu": self.prefill_tokens_per_s_per_gpu,
            "decode_tokens_per_s_per_gpu": self.decode_tokens_per_s_per_gpu,
            "workload": {"name": self.workload.name, "input_tokens": self.workload.input_tokens,
                         "output_tokens": self.workload.output_tokens, "cache_hit": self.workload.cache_hit},
            "slo": None if self.slo is None else {"ttft_max_s": self.slo.ttft_max_s, "tpot_max_s": self.slo.tpot_max_s,
                                                  "percentile": self.slo.percentile},
            "calibration": {"family": self.calibration.family, "stack": self.calibration.stack,
                            "matched": self.calibration.matched, "confidence": self.calibration.confidence,
                            "flops_eff": self.calibration.flops_eff, "bw_eff": self.calibration.bw_eff,
                            "step_overhead_s": self.calibration.step_overhead_s,
                            "fit_mape": self.calibration.fit_mape},
            "step_breakdown_s": self.step_breakdown,
            "warnings": [str(w) for w in self.warnings],
            "warning_codes": note_codes(self.warnings),
            "mtp_draft_tokens": self.mtp_draft_tokens,
            "mtp_accept": self.mtp_accept,
            "version": __version__,
        }
        return d


# -- search ------------------------------------------------------------------------------------------
def _batch_grid(bmax: int, ep: int) -> np.ndarray:
    lo = max(1, ep)
    if bmax <= lo:
        return np.array([float(bmax)])
    g = np.unique(np.round(np.geomspace(lo, bmax, _GRID_POINTS)))
    return np.unique(np.append(g, float(bmax)))


def _feasible(vals: np.ndarray, limit: float | None, factor: float) -> np.ndarray:
    if limit is None:
        return np.ones_like(vals, dtype=bool)
    return vals * factor <= limit * (1 + 1e-9)


@dataclass
class _Option:
    score: float
    result: dict


def _setup(llm, acc, wl, dep: Deployment, calibration, cat):
    precision = dep.precision or default_precision(llm, acc)
    kvp = dep.kv_precision or _kv_default(precision, acc)
    cal = calibration if calibration is not None else get_calibration(acc.family, dep.stack, cat)
    max_batch = dep.max_batch if dep.max_batch is not None else cal.max_batch
    warnings = []
    if cal.matched in ("default", "built-in default"):
        warnings.append(Note("no_calibration", family=acc.family, stack=dep.stack or "*"))
    elif cal.matched == "family" and dep.stack:
        warnings.append(Note("family_calibration", stack=dep.stack, family=acc.family))
    if not acc.supports(precision):
        warnings.append(Note("no_native_precision", gpu=acc.name, precision=precision,
                             tflops=f"{acc.peak_tflops(precision):,.0f}"))
    return precision, kvp, cal, max_batch, warnings


def _instances(llm, acc, wl, dep, precision, kvp, cal, max_batch, layouts_for):
    out = []
    for lay in layouts_for:
        ins = Instance(llm, acc, lay, precision, kvp, cal, dep.memory_utilization, max_batch,
                       dep.mtp_draft_tokens, dep.mtp_accept)
        bmax = ins.max_batch_size(wl)
        if bmax >= 1:
            out.append((ins, bmax))
    return out


def _no_fit_error(llm, acc, wl, dep, precision, kvp, cat) -> InputError:
    try:
        need, lay = min_gpus(llm, acc, wl, precision, kvp, dep.memory_utilization, cat)
        hint = f"it needs at least {need} × {acc.name} (e.g. {lay.describe()})"
    except InputError:
        need, hint = None, "it does not fit even on 1,024 accelerators"
    wgb = llm.weight_bytes(precision)["total"] / 1e9
    have = f"{dep.gpus} × {acc.name}" if dep.gpus else "the requested layout"
    fld = "gpus" if dep.gpus else "tp"
    return InputError(f"{llm.name} at {precision} ({wgb:,.0f} GB of weights) plus the KV cache of one "
                      f"{wl.max_context:,.0f}-token sequence does not fit on {have}: {hint}", field=fld)


def _layouts(llm, acc, dep: Deployment, cat, wl, precision, kvp, pool: Parallelism | None):
    if pool is not None:
        return [pool]
    fixed = dep.fixed_layout()
    if fixed is not None:
        if llm.heads % fixed.tp:
            raise InputError(f"tp = {fixed.tp} does not divide the {llm.heads} attention heads of {llm.name}",
                             field="tp")
        if fixed.ep > 1 and not llm.is_moe:
            raise InputError(f"ep = {fixed.ep} needs a mixture-of-experts model; {llm.name} is dense", field="ep")
        return [fixed]
    try:
        need, need_layout = min_gpus(llm, acc, wl, precision, kvp, dep.memory_utilization, cat)
    except InputError:
        need, need_layout = 1024, Parallelism(1, 1)
    span = need_layout.tp > (acc.scaleup_domain or 8)
    if dep.gpus is not None:
        return _candidate_layouts(llm, acc, dep.gpus, dep.gpus, span)
    top = max(acc.scaleup_domain or 8, 8, need * 2)
    return _candidate_layouts(llm, acc, None, min(top, max(need * 4, 8)), span)


def _agg_option(ins, bmax, wl, slo):
    grid = _batch_grid(bmax, ins.ep)
    r = ins.aggregated(wl, grid)
    ok = np.ones_like(grid, dtype=bool)
    if slo is not None:
        ok = _feasible(r["tpot_s"], slo.tpot_max_s, slo.tpot_factor) & _feasible(r["ttft_s"], slo.ttft_max_s,
                                                                               slo.ttft_factor)
    return grid, r, ok


def estimate(model, gpu, workload=None, deployment: Deployment | None = None, *, slo: SLO | None = None,
             calibration: Calibration | None = None, catalog: Catalog | None = None, **deployment_kwargs) -> PerfResult:
    """Best serving deployment of ``model`` on ``gpu`` for ``workload``.

    Parameters
    ----------
    model, gpu : str or LLM / Accelerator
        Catalog names (aliases and did-you-mean apply) or records.
    workload : Workload, str or None
        Request shape (default 1,000 in / 1,000 out) or a name from :data:`~infranomics.perf.WORKLOADS`.
    deployment : Deployment or None
        Layout, precision, stack… (``None`` fields are searched or defaulted). Keyword arguments
        build one instead (``gpus=8, tp=2, precision="fp8"``…); the keywords ``input_tokens``,
        ``output_tokens``, ``cache_hit`` adjust the workload and ``scenario``, ``ttft_max_s``,
        ``tpot_max_s``, ``percentile`` set the SLO, mirroring the CLI flags.
    slo : SLO or None
        ``None`` = offline scenario (maximum throughput); else the latency targets to meet.
    calibration : Calibration or None
        Efficiency factors (default: the catalog's fit for the chip's family and ``deployment.stack``).

    Returns
    -------
    PerfResult

    Raises
    ------
    UnknownNameError
        Unknown model, accelerator, precision, workload or mode (with did-you-mean).
    InputError
        The model does not fit (says how many accelerators it needs), the SLO is impossible (says the
        best achievable TTFT/TPOT), or the layout is nonsensical (``tp × ep > gpus``…).

    Examples
    --------
    >>> r = estimate("Llama-3.3-70B", "H100", gpus=8, precision="fp8")
    >>> r.output_tokens_per_s_per_gpu > 0
    True
    """
    workload, slo, dep = _split_kwargs(workload, slo, deployment, dict(deployment_kwargs))
    llm, acc, wl, cat = _resolve(model, gpu, workload, catalog)
    precision, kvp, cal, max_batch, warnings = _setup(llm, acc, wl, dep, calibration, cat)
    modes = [dep.mode] if dep.mode else list(MODES)
    best: _Option | None = None
    best_latency = (math.inf, math.inf)
    any_fit = False
    layouts = _layouts(llm, acc, dep, cat, wl, precision, kvp, None)
    insts = _instances(llm, acc, wl, dep, precision, kvp, cal, max_batch, layouts)
    if dep.decode is not None or dep.prefill is not None:
        modes = ["disaggregated"]
    any_fit = bool(insts) or dep.decode is not None
    if not any_fit:
        raise _no_fit_error(llm, acc, wl, dep, precision, kvp, cat)

    if "aggregated" in modes:
        for ins, bmax in insts:
            _, r, ok = _agg_option(ins, bmax, wl, slo)
            lat = (float(np.min(r["ttft_s"])), float(np.min(r["tpot_s"])))
            best_latency = min(best_latency, lat, key=lambda x: x[1] + x[0] / 100)
            if not ok.any():
                continue
            j = int(np.flatnonzero(ok)[np.argmax(r["output_tokens_per_s_per_gpu"][ok])])
            score = float(r["output_tokens_per_s_per_gpu"][j])
            if best is None or score > best.score * (1 + 1e-9):
                best = _Option(score, {"mode": "aggregated", "ins": ins, "bmax": bmax, "j": j, "r": r})

    if "disaggregated" in modes:
        dec_insts = (_instances(llm, acc, wl, dep, precision, kvp, cal, max_batch, [dep.decode])
                     if dep.decode is not None else insts)
        pre_insts = (_instances(llm, acc, wl, dep, precision, kvp, cal, max_batch, [dep.prefill])
                     if dep.prefill is not None else insts)
        if not dec_insts or not pre_insts:
            raise _no_fit_error(llm, acc, wl, dep, precision, kvp, cat)
        option, lat = _disagg_best(llm, acc, wl, dep, dec_insts, pre_insts, slo)
        best_latency = min(best_latency, lat, key=lambda x: x[1] + x[0] / 100)
        if option is not None and (best is None or option.score > best.score * (1 + 1e-9)):
            best = option

    if best is None:
        ttft, tpot = best_latency
        f_ttft = slo.ttft_factor if slo else 1.0
        f_tpot = slo.tpot_factor if slo else 1.0
        pct = slo.percentile if slo else "mean"
        raise InputError(
            f"impossible SLO for {llm.name} on {acc.name}: asked TTFT <= {slo.ttft_max_s} s and TPOT <= "
            f"{slo.tpot_max_s} s ({pct}); the best achievable is TTFT {ttft * f_ttft:.3g} s and TPOT "
            f"{tpot * f_tpot:.3g} s ({pct}, at batch 1)", field="tpot_max" if tpot * f_tpot > (slo.tpot_max_s or
                                                                                              math.inf) else "ttft_max")
    return _build_result(best, llm, acc, wl, dep, precision, kvp, cal, slo, warnings)


def _disagg_best(llm, acc, wl, dep, dec_insts, pre_insts, slo):
    """Best decode pool (max output/GPU within TPOT) then best prefill pool within the TTFT budget left."""
    dbest = None
    best_lat = (math.inf, math.inf)
    for ins, bmax in dec_insts:
        grid = _batch_grid(bmax, ins.ep)
        r = ins.decode_pool(wl, grid)
        ok = np.ones_like(grid, dtype=bool) if slo is None else _feasible(r["tpot_s"], slo.tpot_max_s, slo.tpot_factor)
        best_lat = (best_lat[0], min(best_lat[1], float(np.min(r["tpot_s"]))))
        if not ok.any():
            continue
        j = int(np.flatnonzero(ok)[np.argmax(r["decode_tokens_per_s_per_gpu"][ok])])
        v = float(r["decode_tokens_per_s_per_gpu"][j])
        if dbest is None or v > dbest[0] * (1 + 1e-9):
            dbest = (v, ins, bmax, j, r)
    pbest = None
    for ins, _ in pre_insts:
        r = ins.prefill_pool(wl, _CHUNKS)
        tpot_d = float(dbest[4]["tpot_s"][dbest[3]]) if dbest else 0.0
        ttft = r["ttft_prefill_s"] + tpot_d
        best_lat = (min(best_lat[0], float(np.min(ttft))), best_lat[1])
        ok = np.ones_like(ttft, dtype=bool) if slo is None else _feasible(ttft, slo.ttft_max_s, slo.ttft_factor)
        if not ok.any():
            continue
        j = int(np.flatnonzero(ok)[np.argmax(r["uncached_tokens_per_s_per_gpu"][ok])])
        v = float(r["uncached_tokens_per_s_per_gpu"][j])
        if pbest is None or v > pbest[0] * (1 + 1e-9):
            pbest = (v, ins, j, r, float(ttft[j]))
    if dbest is None or pbest is None:
        return (None, best_lat)
    r_d, r_p = dbest[0], pbest[0]
    o, iu = wl.output_tokens, wl.uncached_input_tokens
    g_p, g_d = pbest[1].g, dbest[1].g
    if dep.gpus is None:  # pools sized freely: the ideal (continuous) mix
        out = o / (iu / r_p + o / r_d)
        split = _pool_gpus(iu / r_p / (iu / r_p + o / r_d), g_p, g_d)
    else:  # whole instances within the GPUs given; the slower pool sets the request rate
        best_split, out = None, 0.0
        for n_p in range(1, dep.gpus // g_p + 1):
            n_d = (dep.gpus - n_p * g_p) // g_d
            if n_d < 1:
                break
            rate = min(n_p * g_p * r_p / iu, n_d * g_d * r_d / o)  # requests/s
            if rate * o / dep.gpus > out:
                out, best_split = rate * o / dep.gpus, (n_p * g_p, n_d * g_d)
        if best_split is None:
            return (None, best_lat)
        split = best_split
    return (_Option(out, {"mode": "disaggregated", "dec": dbest, "pre": pbest, "split": split}), best_lat)


def _pool_gpus(share_p: float, g_p: int, g_d: int) -> tuple[int, int]:
    """Smallest whole-instance pools whose prefill share is within 25 % of the ideal ``share_p``."""
    n_p = 1
    n_d = max(1, round(g_p * (1 - share_p) / max(share_p, 1e-9) / g_d))
    while abs(n_p * g_p / (n_p * g_p + n_d * g_d) - share_p) > 0.25 * share_p and n_p * g_p + n_d * g_d < 4096:
        n_p += 1
        n_d = max(1, round(n_p * g_p * (1 - share_p) / max(share_p, 1e-9) / g_d))
    return n_p * g_p, n_d * g_d


def _build_result(best: _Option, llm, acc, wl, dep, precision, kvp, cal, slo, warnings) -> PerfResult:
    res = best.result
    common = dict(model=llm.name, gpu=acc.name, precision=precision, kv_precision=kvp,
                  scenario="offline" if slo is None else "slo", workload=wl, calibration=cal, slo=slo,
                  mtp_draft_tokens=dep.mtp_draft_tokens, mtp_accept=dep.mtp_accept)
    if res["mode"] == "aggregated":
        ins, j, r, bmax = res["ins"], res["j"], res["r"], res["bmax"]
        gpus = dep.gpus or ins.g
        b = float(r["batch_size"][j])
        kv = float(ins.kv_bytes_per_gpu(b, wl.decode_context))
        if bmax == b and ins.max_batch is not None and b >= ins.max_batch * ins.ep:
            warnings.append(Note("batch_capped", max_batch=ins.max_batch))
        breakdown = {k: float(r[k][j]) for k in ("t_compute", "t_memory", "t_comm", "t_overhead")}
        out = float(r["output_tokens_per_s_per_gpu"][j])
        return PerfResult(
            **common, mode="aggregated", layout=ins.layout, gpus=gpus, batch_size=b,
            output_tokens_per_s_per_gpu=out, input_tokens_per_s_per_gpu=float(r["input_tokens_per_s_per_gpu"][j]),
            ttft_s=float(r["ttft_s"][j]), tpot_s=float(r["tpot_s"][j]),
            memory_gb_per_gpu=float(r["memory_per_gpu"][j]) / BYTES_PER_GB,
            weights_gb_per_gpu=ins.weights_per_gpu / BYTES_PER_GB, kv_cache_gb_per_gpu=kv / BYTES_PER_GB,
            bound=str(r["bound"][j]), prefill_gpu_seconds_per_request=float(r["prefill_gpu_seconds_per_request"][j]),
            decode_gpu_seconds_per_request=float(r["decode_gpu_seconds_per_request"][j]),
            prefill_tokens_per_s_per_gpu=float(r["input_tokens_per_s_per_gpu"][j]),
            decode_tokens_per_s_per_gpu=out, max_batch_size=float(bmax), step_breakdown=breakdown,
            warnings=tuple(warnings))
    v_d, dins, dbmax, dj, dr = res["dec"]
    v_p, pins, pj, pr, ttft = res["pre"]
    o, iu, i = wl.output_tokens, wl.uncached_input_tokens, wl.input_tokens
    gp, gd = res["split"]
    out = best.score
    if dep.gpus is None:
        pre_s, dec_s = iu / v_p, o / v_d
    else:  # GPU time of the whole deployment per request, split by pool
        per_req = o / out
        pre_s, dec_s = per_req * gp / dep.gpus, per_req * (dep.gpus - gp) / dep.gpus
    b = float(dr["batch_size"][dj])
    kv = float(dins.kv_bytes_per_gpu(b, wl.decode_context))
    breakdown = {k: float(dr[k][dj]) for k in ("t_compute", "t_memory", "t_comm", "t_overhead")}
    return PerfResult(
        **common, mode="disaggregated", layout=dins.layout, gpus=dep.gpus or (gp + gd), batch_size=b,
        output_tokens_per_s_per_gpu=out, input_tokens_per_s_per_gpu=out * i / o, ttft_s=ttft,
        tpot_s=float(dr["tpot_s"][dj]), memory_gb_per_gpu=float(dr["memory_per_gpu"][dj]) / BYTES_PER_GB,
        weights_gb_per_gpu=dins.weights_per_gpu / BYTES_PER_GB, kv_cache_gb_per_gpu=kv / BYTES_PER_GB,
        bound=str(dr["bound"][dj]), prefill_gpu_seconds_per_request=pre_s, decode_gpu_seconds_per_request=dec_s,
        prefill_tokens_per_s_per_gpu=float(pr["prefill_tokens_per_s_per_gpu"][pj]), decode_tokens_per_s_per_gpu=v_d,
        max_batch_size=float(dbmax), prefill_layout=pins.layout, prefill_gpus=gp, decode_gpus=gd,
        step_breakdown=breakdown, warnings=tuple(warnings))


# -- frontier ----------------------------------------------------------------------------------------
def frontier(model, gpu, workload=None, deployment: Deployment | None = None, *, calibration: Calibration | None = None,
             catalog: Catalog | None = None, pareto_only: bool = True, **deployment_kwargs) -> pd.DataFrame:
    """Throughput per GPU against tokens per second per user over batch sizes and layouts.

    Aggregated serving for every layout that fits (or the one given), and disaggregated serving
    (each decode layout and batch, fed by the prefill layout with the highest rate at
    ``prefill_chunk_tokens`` per step; throughput counts the GPUs of both pools). With ``pareto_only`` only points no other point beats on both axes are kept,
    sorted by ``tokens_per_s_per_user``.

    Returns
    -------
    DataFrame with columns ``mode, layout, tp, ep, batch_size, tokens_per_s_per_user,
    output_tokens_per_s_per_gpu, ttft_s, tpot_s, memory_gb_per_gpu, bound``.
    """
    workload, _, dep = _split_kwargs(workload, None, deployment, dict(deployment_kwargs))
    llm, acc, wl, cat = _resolve(model, gpu, workload, catalog)
    precision, kvp, cal, max_batch, _ = _setup(llm, acc, wl, dep, calibration, cat)
    layouts = _layouts(llm, acc, dep, cat, wl, precision, kvp, None)
    insts = _instances(llm, acc, wl, dep, precision, kvp, cal, max_batch, layouts)
    if not insts:
        raise _no_fit_error(llm, acc, wl, dep, precision, kvp, cat)
    frames = []
    modes = [dep.mode] if dep.mode else list(MODES)
    best_pre = None
    if "disaggregated" in modes:  # the prefill pool at its best offline rate feeds every decode point
        for ins, _ in insts:
            pr = ins.prefill_pool(wl, np.array([float(dep.prefill_chunk_tokens)]))
            j = 0
            cand = (float(pr["uncached_tokens_per_s_per_gpu"][j]), float(pr["ttft_prefill_s"][j]))
            if best_pre is None or cand[0] > best_pre[0]:
                best_pre = cand
    for ins, bmax in insts:
        grid = _batch_grid(bmax, ins.ep)
        if "aggregated" in modes:
            r = ins.aggregated(wl, grid)
            frames.append(pd.DataFrame({
                "mode": "aggregated", "layout": ins.layout.describe(), "tp": ins.tp, "ep": ins.ep,
                "batch_size": grid, "tokens_per_s_per_user": r["tokens_per_s_per_user"],
                "output_tokens_per_s_per_gpu": r["output_tokens_per_s_per_gpu"], "ttft_s": r["ttft_s"],
                "tpot_s": r["tpot_s"], "memory_gb_per_gpu": r["memory_per_gpu"] / BYTES_PER_GB, "bound": r["bound"]}))
        if "disaggregated" in modes and best_pre is not None:
            r = ins.decode_pool(wl, grid)
            o = wl.output_tokens
            overall = o / (wl.uncached_input_tokens / best_pre[0] + o / r["decode_tokens_per_s_per_gpu"])
            frames.append(pd.DataFrame({
                "mode": "disaggregated", "layout": f"decode {ins.layout.describe()}", "tp": ins.tp, "ep": ins.ep,
                "batch_size": grid, "tokens_per_s_per_user": r["tokens_per_s_per_user"],
                "output_tokens_per_s_per_gpu": overall, "ttft_s": best_pre[1] + r["tpot_s"],
                "tpot_s": r["tpot_s"], "memory_gb_per_gpu": r["memory_per_gpu"] / BYTES_PER_GB, "bound": r["bound"]}))
    df = pd.concat(frames, ignore_index=True)
    if pareto_only:
        df = df.sort_values(["tokens_per_s_per_user", "output_tokens_per_s_per_gpu"], ascending=[False, False])
        keep, best = [], -np.inf
        for v in df["output_tokens_per_s_per_gpu"].to_numpy():
            keep.append(v > best)
            best = max(best, v)
        df = df[np.array(keep)]
    return df.sort_values("tokens_per_s_per_user").reset_index(drop=True)

