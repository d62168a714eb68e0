"""Invariants of the performance model (hypothesis property tests)."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infranomics.hardware import get_accelerator
from infranomics.llm import get_model
from infranomics.perf import Parallelism, Workload, estimate, expected_distinct_experts, get_calibration
from infranomics.perf.serving import Instance

MODELS = ["Llama-3.1-8B", "Llama-3.3-70B", "Qwen3-30B-A3B", "Mixtral-8x7B", "gpt-oss-120b", "DeepSeek-V3"]
GPUS = ["H100", "H200", "B200", "MI300X"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

workloads = st.builds(Workload, input_tokens=st.integers(16, 8000), output_tokens=st.integers(16, 4000),
                      cache_hit=st.sampled_from([0.0, 0.3, 0.8]))


def _instance(model, gpu, tp, ep, acc=None, precision="fp8"):
    acc = acc or get_accelerator(gpu)
    llm = get_model(model)
    return Instance(llm, acc, Parallelism(tp, ep), precision, "fp8", get_calibration(acc.family, None))


def _layout(model):
    m = get_model(model)
    return (1, 8) if m.params > 150e9 else (2, 1) if m.params > 40e9 else (1, 1)


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), wl=workloads,
       factor=st.floats(1.0, 3.0))
def test_more_hbm_bandwidth_never_lowers_decode_throughput(model, gpu, wl, factor):
    tp, ep = _layout(model)
    acc = get_accelerator(gpu)
    slow = _instance(model, gpu, tp, ep, acc)
    fast = _instance(model, gpu, tp, ep, dataclasses.replace(acc, hbm_tbps=acc.hbm_tbps * factor))
    b = slow.max_batch_size(wl)
    if b < 1:
        return
    grid = np.unique(np.linspace(max(1, ep), b, 8).round())
    a = slow.decode_pool(wl, grid)["decode_tokens_per_s_per_gpu"]
    f = fast.decode_pool(wl, grid)["decode_tokens_per_s_per_gpu"]
    assert np.all(f >= a * (1 - 1e-12))
    # and the whole search (offline) never gets worse with a faster chip
    r1 = estimate(model, acc, wl, tp=tp, ep=ep, precision="fp8", mode="aggregated")
    r2 = estimate(model, dataclasses.replace(acc, hbm_tbps=acc.hbm_tbps * factor), wl, tp=tp, ep=ep, precision="fp8",
                  mode="aggregated")
    assert r2.output_tokens_per_s_per_gpu >= r1.output_tokens_per_s_per_gpu * (1 - 1e-9)


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), wl=workloads)
def test_larger_batch_never_lowers_throughput_per_gpu_within_memory(model, gpu, wl):
    tp, ep = _layout(model)
    ins = _instance(model, gpu, tp, ep)
    b = ins.max_batch_size(wl)
    if b < 2:
        return
    grid = np.unique(np.geomspace(max(1, ep), b, 30).round())
    agg = ins.aggregated(wl, grid)["output_tokens_per_s_per_gpu"]
    dec = ins.decode_pool(wl, grid)["decode_tokens_per_s_per_gpu"]
    assert np.all(np.diff(agg) >= -1e-9 * agg[1:])
    assert np.all(np.diff(dec) >= -1e-9 * dec[1:])


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), i=st.integers(16, 20000), o=st.integers(16, 4000),
       extra=st.integers(1, 20000))
def test_longer_context_never_raises_the_maximum_batch(model, gpu, i, o, extra):
    tp, ep = _layout(model)
    ins = _instance(model, gpu, tp, ep)
    assert ins.max_batch_size(Workload(i + extra, o)) <= ins.max_batch_size(Workload(i, o))
    assert ins.max_batch_size(Workload(i, o + extra)) <= ins.max_batch_size(Workload(i, o))


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), wl=workloads, factor=st.floats(1.0, 4.0))
def test_more_peak_flops_never_lowers_throughput(model, gpu, wl, factor):
    tp, ep = _layout(model)
    acc = get_accelerator(gpu)
    fast_acc = dataclasses.replace(acc, bf16_tflops=acc.bf16_tflops * factor,
                                   fp8_tflops=None if acc.fp8_tflops is None else acc.fp8_tflops * factor,
                                   fp4_tflops=None if acc.fp4_tflops is None else acc.fp4_tflops * factor)
    a, f = _instance(model, gpu, tp, ep, acc), _instance(model, gpu, tp, ep, fast_acc)
    b = a.max_batch_size(wl)
    if b < 1:
        return
    grid = np.unique(np.linspace(max(1, ep), b, 6).round())
    assert np.all(f.aggregated(wl, grid)["output_tokens_per_s_per_gpu"]
                  >= a.aggregated(wl, grid)["output_tokens_per_s_per_gpu"] * (1 - 1e-12))


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), wl=workloads, hit=st.floats(0.0, 0.95))
def test_more_cache_hits_never_lower_throughput(model, gpu, wl, hit):
    tp, ep = _layout(model)
    ins = _instance(model, gpu, tp, ep)
    lo = Workload(wl.input_tokens, wl.output_tokens, 0.0)
    hi = Workload(wl.input_tokens, wl.output_tokens, hit)
    b = ins.max_batch_size(lo)
    if b < 1:
        return
    grid = np.unique(np.linspace(max(1, ep), b, 6).round())
    assert np.all(ins.aggregated(hi, grid)["output_tokens_per_s_per_gpu"]
                  >= ins.aggregated(lo, grid)["output_tokens_per_s_per_gpu"] * (1 - 1e-12))


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), wl=workloads)
def test_gpu_seconds_per_request_reconcile(model, gpu, wl):
    tp, ep = _layout(model)
    ins = _instance(model, gpu, tp, ep)
    b = ins.max_batch_size(wl)
    if b < 1:
        return
    r = ins.aggregated(wl, np.array([float(max(ep, b // 2)), float(b)]))
    total = r["prefill_gpu_seconds_per_request"] + r["decode_gpu_seconds_per_request"]
    assert np.allclose(wl.output_tokens / total, r["output_tokens_per_s_per_gpu"])
    assert np.all(r["tpot_s"] > 0) and np.all(r["ttft_s"] >= r["tpot_s"])


@settings(max_examples=60, deadline=None)
@given(e=st.integers(1, 512), k=st.integers(1, 16), t1=st.integers(0, 5000), t2=st.integers(0, 5000))
def test_distinct_experts_monotone_and_bounded(e, k, t1, t2):
    k = min(k, e)
    lo, hi = sorted((t1, t2))
    a, b = expected_distinct_experts(e, k, lo), expected_distinct_experts(e, k, hi)
    assert 0 <= a <= b + 1e-9 <= e + 1e-9
    assert a <= k * lo + 1e-9  # never more than the copies routed
