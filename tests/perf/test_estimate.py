"""The orchestrator: estimate(), frontier(), min_gpus(), the PerfResult contract and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.errors import InputError, UnknownNameError
from infranomics.perf import (
    SLO,
    Deployment,
    Parallelism,
    Workload,
    estimate,
    frontier,
    get_workload,
    min_gpus,
)

CONTRACT = ["output_tokens_per_s_per_gpu", "input_tokens_per_s_per_gpu", "ttft_s", "tpot_s", "batch_size",
            "tokens_per_s_per_user", "gpus", "tp", "ep", "memory_gb_per_gpu", "bound"]


@pytest.fixture(scope="module")
def r70():
    return estimate("Llama-3.3-70B", "H100", Workload(1000, 1000), gpus=8, precision="fp8", mode="aggregated")


def test_json_contract_fields(r70):
    d = r70.to_dict()
    for k in CONTRACT:
        assert k in d, k
    assert d["bound"] in ("compute", "memory", "communication")
    assert d["gpus"] == 8 and 8 % (d["tp"] * d["ep"]) == 0
    assert d["tokens_per_s_per_user"] == pytest.approx(1 / d["tpot_s"])
    for k in ("layout", "mode", "prefill_gpu_seconds_per_request", "decode_gpu_seconds_per_request", "calibration",
              "warnings", "model", "gpu"):
        assert k in d


def test_gpu_seconds_reconcile_with_throughput(r70):
    # what the cost layer relies on: output tokens per request / GPU-seconds per request = tok/s/GPU
    wl = r70.workload
    assert wl.output_tokens / r70.gpu_seconds_per_request == pytest.approx(r70.output_tokens_per_s_per_gpu, rel=1e-9)
    assert r70.prefill_gpu_seconds_per_request > 0 and r70.decode_gpu_seconds_per_request > 0
    assert r70.input_tokens_per_s_per_gpu == pytest.approx(r70.output_tokens_per_s_per_gpu * 1000 / 1000)


def test_memory_within_hbm(r70):
    assert r70.memory_gb_per_gpu <= 80 * 1.0 + 1e-6
    assert r70.weights_gb_per_gpu + r70.kv_cache_gb_per_gpu < r70.memory_gb_per_gpu


def test_disaggregated_reconciles():
    r = estimate("DeepSeek-V3", "H100", Workload(2000, 500), precision="fp8", mode="disaggregated", gpus=64)
    assert r.mode == "disaggregated" and r.prefill_layout is not None
    assert r.prefill_gpus + r.decode_gpus <= 64
    o = r.workload.output_tokens
    assert o / r.gpu_seconds_per_request == pytest.approx(r.output_tokens_per_s_per_gpu, rel=1e-9)
    assert r.decode_tokens_per_s_per_gpu > r.output_tokens_per_s_per_gpu  # prefill GPUs dilute the average


def test_layout_search_reports_choice():
    r = estimate("Llama-3.1-8B", "H100", precision="fp8")
    assert r.layout.gpus == r.gpus and "TP" in r.to_dict()["layout"]


def test_fixed_layout_is_respected():
    r = estimate("Qwen3-235B-A22B", "H200", Workload(1000, 1000), gpus=8, tp=1, ep=8, precision="fp8",
                 mode="aggregated")
    assert (r.tp, r.ep) == (1, 8)


def test_slo_scenario_meets_targets():
    slo = SLO(ttft_max_s=2.0, tpot_max_s=0.05, percentile="p99")
    off = estimate("Llama-3.3-70B", "H200", Workload(1000, 1000), gpus=8, precision="fp8")
    r = estimate("Llama-3.3-70B", "H200", Workload(1000, 1000), gpus=8, precision="fp8", slo=slo)
    assert r.tpot_s * slo.tpot_factor <= 0.05 + 1e-12
    assert r.ttft_s * slo.ttft_factor <= 2.0 + 1e-12
    assert r.output_tokens_per_s_per_gpu <= off.output_tokens_per_s_per_gpu + 1e-9
    assert r.scenario == "slo" and off.scenario == "offline"


def test_cache_hits_raise_throughput():
    a = estimate("Llama-3.1-8B", "H100", Workload(4000, 200, 0.0), tp=1, precision="fp8", mode="aggregated")
    b = estimate("Llama-3.1-8B", "H100", Workload(4000, 200, 0.8), tp=1, precision="fp8", mode="aggregated")
    assert b.output_tokens_per_s_per_gpu > a.output_tokens_per_s_per_gpu
    assert b.prefill_gpu_seconds_per_request < a.prefill_gpu_seconds_per_request


def test_named_workload_and_default_precision():
    r = estimate("gpt-oss-120b", "B200", "chat-1k1k")
    assert r.precision == "mxfp4" and r.workload.name == "chat-1k1k"
    r = estimate("gpt-oss-120b", "H100", "chat-1k1k")
    assert r.precision == "fp8"  # H100 has no 4-bit tensor path: FP8 is used
    # an FP8-native model on a chip without FP8 runs W8A8 INT8 (as Ascend deployments do), not BF16
    from infranomics.hardware import get_accelerator
    from infranomics.llm import get_model
    from infranomics.perf import default_precision

    assert default_precision(get_model("DeepSeek-R1"), get_accelerator("Ascend-910C")) == "int8"
    assert default_precision(get_model("DeepSeek-R1"), get_accelerator("H100-SXM")) == "fp8"
    assert default_precision(get_model("Llama-3.1-70B"), get_accelerator("Ascend-910C")) == "bf16"  # BF16-native


def test_frontier_is_pareto():
    df = frontier("Llama-3.3-70B", "H200", Workload(1000, 1000), gpus=8, precision="fp8")
    assert list(df.columns[:4]) == ["mode", "layout", "tp", "ep"]
    u = df["tokens_per_s_per_user"].to_numpy()
    t = df["output_tokens_per_s_per_gpu"].to_numpy()
    assert np.all(np.diff(u) >= 0)
    assert np.all(np.diff(t) <= 1e-9)  # faster users, less throughput per GPU
    full = frontier("Llama-3.3-70B", "H200", Workload(1000, 1000), gpus=8, precision="fp8", pareto_only=False)
    assert len(full) > len(df)


def test_min_gpus():
    g, lay = min_gpus("Llama-3.1-405B", "H100", Workload(1000, 1000), precision="fp8")
    assert g == 8 and lay == Parallelism(8, 1)
    g, _ = min_gpus("Llama-3.1-405B", "H100", Workload(1000, 1000), precision="bf16")
    assert g == 16
    assert min_gpus("Llama-3.1-8B", "H100")[0] == 1


def test_repr_of_deployment_pools():
    d = Deployment(mode="disaggregated", prefill=Parallelism(1, 32), decode=Parallelism(1, 72))
    assert d.fixed_layout() is None and d.decode.gpus == 72


# -- bad input --------------------------------------------------------------------------------------
def test_unknown_model_and_gpu():
    with pytest.raises(UnknownNameError, match=r"unknown model 'Lama-3\.3-70B' — did you mean"):
        estimate("Lama-3.3-70B", "H100")
    with pytest.raises(UnknownNameError, match=r"unknown accelerator 'H10' — did you mean 'H100'"):
        estimate("Llama-3.3-70B", "H10")


def test_model_does_not_fit_says_how_many_gpus():
    with pytest.raises(InputError, match=r"does not fit on 2 × H100-SXM: it needs at least 16 × H100-SXM") as e:
        estimate("Llama-3.1-405B", "H100", gpus=2, precision="bf16")
    assert e.value.field == "gpus"


def test_fixed_tp_too_small_to_fit():
    with pytest.raises(InputError, match="needs at least 2 × H100-SXM"):
        estimate("Llama-3.3-70B", "H100", tp=1, precision="bf16")


def test_impossible_slo_reports_best_achievable():
    with pytest.raises(InputError, match=r"impossible SLO .* best achievable is TTFT [0-9.]+ s and TPOT [0-9.]+ s") as e:
        estimate("Llama-3.3-70B", "H100", gpus=8, precision="fp8", slo=SLO(tpot_max_s=0.001))
    assert e.value.field == "tpot_max"


def test_tp_times_ep_over_gpus():
    with pytest.raises(InputError, match=r"tp × ep = 4 × 4 = 16 exceeds gpus = 8") as e:
        Deployment(gpus=8, tp=4, ep=4)
    assert e.value.field == "tp"


def test_gpus_not_multiple_of_instance():
    with pytest.raises(InputError, match="not a multiple of tp × ep"):
        Deployment(gpus=6, tp=4)


def test_ep_on_dense_model():
    with pytest.raises(InputError, match="ep = 2 needs a mixture-of-experts model"):
        estimate("Llama-3.1-8B", "H100", gpus=2, ep=2)


def test_tp_must_divide_heads():
    with pytest.raises(InputError, match="does not divide the 28 attention heads"):
        estimate("Qwen2.5-7B", "H100", gpus=8, tp=8)


@pytest.mark.parametrize("kwargs, match, field", [
    ({"tp": 0}, "tp must be a positive integer", "tp"),
    ({"gpus": 2.5}, "gpus must be a positive integer", "gpus"),
    ({"precision": "fp7"}, "unknown precision 'fp7'", "precision"),
    ({"mode": "agg"}, "unknown mode 'agg'", "mode"),
    ({"memory_utilization": 90}, "did you mean 0.90", "memory_utilization"),
])
def test_bad_deployment_values(kwargs, match, field):
    with pytest.raises(InputError, match=match) as e:
        Deployment(**kwargs)
    assert e.value.field == field


@pytest.mark.parametrize("kwargs, match, field", [
    ({"cache_hit": 60}, r"cache_hit must be in \[0, 1\], got 60 — did you mean 0.60\?", "cache_hit"),
    ({"cache_hit": 1.0}, "cache_hit must be < 1", "cache_hit"),
    ({"input_tokens": 0}, "input_tokens must be >= 1", "input_tokens"),
    ({"output_tokens": "x"}, "output_tokens must be a number", "output_tokens"),
])
def test_bad_workload(kwargs, match, field):
    with pytest.raises(InputError, match=match) as e:
        Workload(**kwargs)
    assert e.value.field == field


def test_bad_slo():
    with pytest.raises(InputError, match="tpot_max_s must be > 0 s"):
        SLO(tpot_max_s=-1)
    with pytest.raises(UnknownNameError, match="unknown percentile 'p95'"):
        SLO(percentile="p95")


def test_context_longer_than_model_allows():
    with pytest.raises(InputError, match="exceeds the context length of Llama-2-70B"):
        estimate("Llama-2-70B", "H100", Workload(4000, 1000))


def test_unknown_workload_and_stack():
    with pytest.raises(UnknownNameError, match="unknown workload 'chat'"):
        get_workload("chat")
    with pytest.raises(UnknownNameError, match="unknown software stack 'trtlm'"):
        estimate("Llama-3.1-8B", "H100", stack="trtlm")


def test_both_deployment_and_kwargs():
    with pytest.raises(InputError, match="either deployment= or keyword arguments"):
        estimate("Llama-3.1-8B", "H100", None, Deployment(), gpus=1)


def test_flat_keywords_mirror_the_cli():
    r = estimate("Llama-3.1-8B", "H100", input_tokens=2000, output_tokens=300, cache_hit=0.5, tpot_max_s=0.05,
                 precision="fp8")
    assert (r.workload.input_tokens, r.workload.output_tokens, r.workload.cache_hit) == (2000, 300, 0.5)
    assert r.scenario == "slo" and r.slo.tpot_max_s == 0.05 and r.slo.ttft_max_s == 2.0
    r = estimate("Llama-3.1-8B", "H100", "chat-1k1k", cache_hit=0.2)
    assert r.workload.input_tokens == 1024 and r.workload.cache_hit == 0.2
    with pytest.raises(InputError, match="apply to scenario 'slo'"):
        estimate("Llama-3.1-8B", "H100", scenario="offline", tpot_max_s=0.1)
    with pytest.raises(InputError, match="either slo= or"):
        estimate("Llama-3.1-8B", "H100", slo=SLO(), tpot_max_s=0.1)
