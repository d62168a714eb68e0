"""infranomics.perf side by side with peer tools on the same published cases.

Peers, run in this process on every case of the ``perf_measurements`` catalog dataset:

* **llm-analysis** 0.2.2 (PyPI ``llm-analysis``, cli99/llm-analysis) — analytical lower bound, run with
  efficiency 1.0 and with its README's suggested inference efficiencies (0.7 of peak FLOP/s,
  0.9 of HBM bandwidth);
* **GenZ** 0.0.16 (PyPI ``genz-llm``, abhibambhaniya/GenZ-LLM-Analyzer) — per-operator roofline,
  efficiency 1.0 (its default), when it installs and runs offline.

Protocol (the same for each peer, documented so it can be criticised):

* model and accelerator are built from the *same* catalog rows we use (peer-native configs only where
  the peer has its own — GenZ's DeepSeek-V3 for MLA models); precision maps to the peer's nearest
  type (FP8 → 8-bit, FP4/MXFP4 → 4-bit); the layout is the case's (tp, ep) or, when unpublished, the
  smallest power-of-two TP that holds the weights;
* offline, aggregated: batch = the peer's own largest batch that fits its memory model (capped by the
  published scheduler limit, which both sides get); throughput per GPU =
  ``B · O / (prefill(B, I) + O · decode(B, I + O/2)) / g``;
* latency targets: the largest batch whose decode step × 1.3 (p99 targets) or × 1 (mean) meets TPOT;
* prefill pool: batch of ``8192 · ep / I`` prompts; input rate includes cached tokens as the case does;
* decode pool: ``B / decode(B)`` per GPU at the TPOT target.

A peer that cannot run a case (model too big for its memory model, unsupported layout, crash) scores
a miss on that case; the table reports coverage and the median over all cases (misses = 100 %) and
over the cases every tool ran.

Run: ``python benchmarks/perf_vs_peers.py``
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import sys
import warnings

import numpy as np
import pandas as pd

from infranomics.hardware import get_accelerator
from infranomics.llm import get_model
from infranomics.perf.calibration import STACKS
from infranomics.perf.cases import Case, load_cases, run_cases
from infranomics.perf.workload import TAIL_FACTOR_TPOT

warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)

CHUNK = 8192


def _quiet(fn, *a, **k):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return fn(*a, **k)


def _layout(case: Case) -> tuple[int, int]:
    if case.tp is not None or case.ep is not None:
        return case.tp or 1, case.ep or 1
    llm, acc = get_model(case.model), get_accelerator(case.accelerator)
    b = {"fp8": 1, "int8": 1, "fp4": 0.5, "nvfp4": 0.5, "mxfp4": 0.5, "int4": 0.5}.get(case.precision, 2)
    tp = 1
    while llm.params * b / tp > acc.hbm_gb * 2**30 * 0.85 and tp < case.gpus:
        tp *= 2
    return tp, 1


def _cap(case: Case) -> int:
    if case.max_batch:
        return case.max_batch
    mb = STACKS.get(case.stack).max_batch if case.stack in STACKS else None
    return mb or 4096


def _tpot_target(case: Case) -> float | None:
    if case.slo is None or case.slo.tpot_max_s is None:
        return None
    return case.slo.tpot_max_s / (TAIL_FACTOR_TPOT if case.slo.percentile == "p99" else 1.0)


# -- llm-analysis ------------------------------------------------------------------------------------
def _la_objects(case: Case, tp: int, ep: int, flops_eff: float, mem_eff: float):
    from llm_analysis.analysis import LLMAnalysis
    from llm_analysis.config import DtypeConfig, GPUConfig, ModelConfig, ParallelismConfig

    llm, acc = get_model(case.model), get_accelerator(case.accelerator)
    ffn = llm.moe_intermediate_size if llm.is_moe else llm.intermediate_size
    kvh = llm.kv_heads if llm.heads % llm.kv_heads == 0 else llm.heads
    mc = ModelConfig(name=llm.name, num_layers=llm.layers, n_head=llm.heads, hidden_dim=llm.hidden_size,
                     vocab_size=llm.vocab_size, max_seq_len=None, num_key_value_heads=kvh, ffn_embed_dim=ffn,
                     expansion_ratio=ffn / llm.hidden_size, model_type="llama",
                     moe_num_experts=max(llm.routed_experts, 1), moe_top_k=max(llm.experts_per_token, 1))
    fp8 = acc.fp8_tflops or acc.int8_tops or 2 * acc.bf16_tflops
    fp4 = acc.fp4_tflops or 2 * fp8
    gc = GPUConfig(name=acc.name, mem_per_GPU_in_GB=acc.hbm_gb, hbm_bandwidth_in_GB_per_sec=acc.hbm_tbps * 1000,
                   intra_node_bandwidth_in_GB_per_sec=(acc.scaleup_gb_s or 128) / 2, intra_node_min_message_latency=8e-6,
                   peak_fp16_TFLOPS=acc.bf16_tflops, peak_i8_TFLOPS=fp8, peak_i4_TFLOPS=fp4,
                   inter_node_bandwidth_in_GB_per_sec=(acc.scaleout_gbit_s or 400) / 8)
    bits = {"fp8": (8, 8), "int8": (8, 8), "fp4": (4, 4), "nvfp4": (4, 4), "mxfp4": (4, 16), "int4": (4, 16)}
    w, a = bits.get(case.precision, (16, 16))
    dc = DtypeConfig(name=f"w{w}a{a}e16", weight_bits=w, activation_bits=a, embedding_bits=16)
    pc = ParallelismConfig(tp_size=tp, pp_size=1, dp_size=1, ep_size=ep)
    kvb = 1 if case.kv_precision in ("fp8", "int8") else 2
    return LLMAnalysis(mc, gc, dc, pc, flops_efficiency=flops_eff, hbm_memory_efficiency=mem_eff), kvb


def _la_run(ana, kvb, batch, seq, gen):
    return _quiet(ana.inference, batch_size_per_gpu=int(batch), seq_len=int(seq), num_tokens_to_generate=int(gen),
                  kv_cache_dtype_bytes=kvb)


def llm_analysis_predict(case: Case, flops_eff: float, mem_eff: float) -> float:
    tp, ep = _layout(case)
    ana, kvb = _la_objects(case, tp, ep, flops_eff, mem_eff)
    wl = case.workload
    i, o, iu = wl.input_tokens, wl.output_tokens, wl.uncached_input_tokens
    if case.metric == "prefill_tokens_per_s_per_gpu":
        b = max(1, int(CHUNK / iu))
        r = _la_run(ana, kvb, b, iu, 1)
        return b * iu / r["prefill_latency"] / tp / (1 - wl.cache_hit)
    r1 = _la_run(ana, kvb, 1, i, o)
    bmax = int(min(r1["decode_max_batch_size_per_gpu"], r1["prefill_max_batch_size_per_gpu"], _cap(case)))
    if bmax < 1:
        return float("nan")
    target = _tpot_target(case)
    grid = sorted({int(x) for x in np.unique(np.round(np.geomspace(1, bmax, 24)))} | {bmax})
    best = float("nan")
    for b in grid:
        r = _la_run(ana, kvb, b, i, o)
        if target is not None and r["decode_latency"] > target:
            break
        if case.metric == "decode_tokens_per_s_per_gpu":
            best = b / r["decode_latency"] / tp
        else:
            best = b * o / (r["prefill_latency"] + o * r["decode_latency"]) / tp
    if case.metric == "input_tokens_per_s_per_gpu":
        best *= i / o
    return best


# -- GenZ --------------------------------------------------------------------------------------------
def _genz_model(case: Case):
    from GenZ.Models import ModelConfig
    from GenZ.Models.get_language_model import get_configs

    llm = get_model(case.model)
    if llm.is_mla:
        return get_configs("deepseek-ai/DeepSeek-V3-Base")
    kw = dict(model=f"ix/{llm.name}", vocab_size=llm.vocab_size, hidden_size=llm.hidden_size,
              intermediate_size=llm.intermediate_size, num_ffi=2, num_decoder_layers=llm.layers,
              num_attention_heads=llm.heads, num_key_value_heads=llm.kv_heads, head_dim=llm.head_dim,
              max_model_len=llm.context_length)
    if llm.is_moe:
        kw.update(num_experts=llm.routed_experts, expert_top_k=llm.experts_per_token,
                  moe_intermediate_size=llm.moe_intermediate_size)
    return ModelConfig(**kw)


def genz_predict(case: Case) -> float:
    from GenZ import decode_moddeling, prefill_moddeling

    tp, ep = _layout(case)
    acc = get_accelerator(case.accelerator)
    system = {"Flops": acc.bf16_tflops, "Memory_size": acc.hbm_gb, "Memory_BW": acc.hbm_tbps * 1000,
              "ICN": (acc.scaleup_gb_s or 128) / 2, "real_values": True}
    bits = {"fp8": "fp8", "int8": "int8", "fp4": "fp4", "nvfp4": "fp4", "mxfp4": "fp4", "int4": "int4"}.get(
        case.precision, "bf16")
    model = _genz_model(case)
    wl = case.workload
    i, o, iu = wl.input_tokens, wl.output_tokens, wl.uncached_input_tokens
    kw = dict(model=model, system_name=system, bits=bits, tensor_parallel=tp, expert_parallel=ep,
              parallelism_heirarchy=f"TP{{{tp}}}_EP{{{ep}}}_PP{{1}}")
    g = tp * ep

    def pre(b, n):
        return _quiet(prefill_moddeling, batch_size=int(b), input_tokens=int(n), **kw)["Latency"] / 1000.0

    def dec(b):
        return _quiet(decode_moddeling, batch_size=int(b), input_tokens=int(i), output_tokens=int(o / 2), **kw)[
            "Latency"] / 1000.0

    if case.metric == "prefill_tokens_per_s_per_gpu":
        b = max(1, int(CHUNK * ep / iu))
        return b * iu / pre(b, iu) / g / (1 - wl.cache_hit)
    cap = _cap(case) * ep
    target = _tpot_target(case)
    best, b = float("nan"), ep
    while b <= cap:
        try:
            t = dec(b)
        except Exception:  # does not fit GenZ's memory model any more
            break
        if target is not None and t > target:
            break
        best = b / t / g if case.metric == "decode_tokens_per_s_per_gpu" else b * o / (pre(b, i) + o * t) / g
        b *= 2
    if case.metric == "input_tokens_per_s_per_gpu":
        best *= i / o
    return best


def _safe(fn, *a) -> float:
    try:
        v = float(fn(*a))
        return v if math.isfinite(v) and v > 0 else float("nan")
    except Exception:
        return float("nan")


def main() -> int:
    cases = load_cases()
    ours = run_cases(cases).set_index("id")
    try:
        import GenZ  # noqa: F401

        have_genz = True
    except Exception:
        have_genz = False
    rows = []
    for c in cases:
        r = {"id": c.id, "used_for": c.used_for, "published": c.value, "infranomics": ours.loc[c.id, "predicted"],
             "llm-analysis (1.0)": _safe(llm_analysis_predict, c, 1.0, 1.0),
             "llm-analysis (0.7/0.9)": _safe(llm_analysis_predict, c, 0.7, 0.9)}
        if have_genz:
            r["GenZ (1.0)"] = _safe(genz_predict, c)
        rows.append(r)
    df = pd.DataFrame(rows)
    tools = [t for t in ("infranomics", "llm-analysis (1.0)", "llm-analysis (0.7/0.9)", "GenZ (1.0)") if t in df]
    err = pd.DataFrame({t: (df[t] / df["published"] - 1.0) for t in tools})
    show = df[["id", "used_for", "published"]].copy()
    for t in tools:
        show[t] = err[t].map(lambda v: "—" if not math.isfinite(v) else f"{v * 100:+.0f}%")
    with pd.option_context("display.width", 250, "display.max_rows", 500):
        print("Signed error per case (prediction / published − 1); — = the tool could not run the case\n")
        print(show.to_string(index=False))
    absd = err.abs()
    common = absd.notna().all(axis=1)
    summary = pd.DataFrame({
        "cases run": absd.notna().sum(),
        "median |error|, all cases (miss = 100%)": absd.fillna(1.0).median(),
        f"median |error|, {int(common.sum())} cases all tools ran": absd[common].median(),
        "median |error|, holdout only (miss = 100%)": absd[df.used_for == "holdout"].fillna(1.0).median(),
        "within ±15%": (absd <= 0.15).sum(),
    })
    fmt = summary.copy()
    for col in fmt.columns[1:4]:
        fmt[col] = fmt[col].map(lambda v: f"{v:.1%}")
    print(f"\n{len(df)} published cases\n")
    print(fmt.to_string())
    best_peer = min(summary.iloc[1:, 1])
    ratio = best_peer / summary.iloc[0, 1]
    print(f"\nratio of the best peer's median error to ours (all cases): {ratio:.1f}×")
    if not have_genz:
        print("GenZ not installed (pip install genz-llm==0.0.16) — skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
