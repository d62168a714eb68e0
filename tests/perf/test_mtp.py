"""Multi-token prediction / speculative decoding in the decode step (``mtp_draft_tokens``, ``mtp_accept``).

Invariants (hypothesis, settings as the other perf property tests) and error paths. Why the invariants hold
in the model (docs/perf.md, "Multi-token prediction"): with ``k`` draft tokens every part of the step is
non-decreasing in the tokens verified and at most ``1 + k`` times its plain value (FLOPs are linear in
tokens, distinct experts are concave in tokens, KV is read at context ``c + k <= (1 + k)·c``, weights and
the fixed overhead are read/paid once), and drafting adds ``k/L`` of a plain step; the step yields
``1 + a`` tokens per sequence.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infranomics.errors import InputError
from infranomics.hardware import get_accelerator
from infranomics.llm import get_model
from infranomics.perf import Deployment, Parallelism, Workload, estimate, get_calibration
from infranomics.perf.serving import Instance
from tests.helpers import invoke

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODELS = ["Llama-3.1-8B", "Llama-3.3-70B", "Qwen3-30B-A3B", "gpt-oss-120b", "DeepSeek-V3"]
GPUS = ["H100", "H200", "B200", "MI300X"]
workloads = st.builds(Workload, input_tokens=st.integers(16, 8000), output_tokens=st.integers(16, 4000),
                      cache_hit=st.sampled_from([0.0, 0.3, 0.8]))


def _layout(model):
    m = get_model(model)
    return (1, 8) if m.params > 150e9 else (2, 1) if m.params > 40e9 else (1, 1)


def _instance(model, gpu, tp, ep, k=0, a=0.0):
    acc, llm = get_accelerator(gpu), get_model(model)
    return Instance(llm, acc, Parallelism(tp, ep), "fp8", "fp8", get_calibration(acc.family, None),
                    mtp_draft_tokens=k, mtp_accept=a)


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), wl=workloads)
def test_mtp_off_is_exactly_the_previous_model(model, gpu, wl):
    tp, ep = _layout(model)
    plain = Instance(get_model(model), get_accelerator(gpu), Parallelism(tp, ep), "fp8", "fp8",
                     get_calibration(get_accelerator(gpu).family, None))
    off = _instance(model, gpu, tp, ep, 0, 0.0)
    b = plain.max_batch_size(wl)
    if b < 1:
        return
    grid = np.unique(np.geomspace(max(1, ep), b, 12).round())
    for fn in ("aggregated", "decode_pool"):
        r0, r1 = getattr(plain, fn)(wl, grid), getattr(off, fn)(wl, grid)
        for key in r0:
            assert np.array_equal(r0[key], r1[key]), (fn, key)
    d0 = estimate(model, gpu, wl, tp=tp, ep=ep, precision="fp8").to_dict()
    d1 = estimate(model, gpu, wl, tp=tp, ep=ep, precision="fp8", mtp_draft_tokens=0, mtp_accept=0.0).to_dict()
    assert d0 == d1 and d1["mtp_draft_tokens"] == 0 and d1["mtp_accept"] == 0.0


@SETTINGS
@given(model=st.sampled_from(MODELS), gpu=st.sampled_from(GPUS), wl=workloads, k=st.integers(1, 4),
       share=st.floats(0.0, 1.0))
def test_mtp_decode_rate_stays_within_its_physical_bounds(model, gpu, wl, k, share):
    """(1+a)/(1+k+k/L) <= rate with MTP / rate without <= 1+a at every batch (see the module doc)."""
    a = k * share
    tp, ep = _layout(model)
    plain, mtp = _instance(model, gpu, tp, ep), _instance(model, gpu, tp, ep, k, a)
    b = plain.max_batch_size(wl)
    if b < 1:
        return
    grid = np.unique(np.geomspace(max(1, ep), b, 12).round())
    r0 = plain.decode_pool(wl, grid)["decode_tokens_per_s_per_gpu"]
    r1 = mtp.decode_pool(wl, grid)["decode_tokens_per_s_per_gpu"]
    layers = get_model(model).layers
    assert np.all(r1 <= r0 * (1 + a) * (1 + 1e-12))
    assert np.all(r1 >= r0 * (1 + a) / (1 + k + k / layers) * (1 - 1e-12))
    # and a higher acceptance never lowers the rate nor raises the time per output token
    better = _instance(model, gpu, tp, ep, k, min(k, a + 0.25)).decode_pool(wl, grid)
    assert np.all(better["decode_tokens_per_s_per_gpu"] >= r1 * (1 - 1e-12))
    assert np.all(better["tpot_s"] <= mtp.decode_pool(wl, grid)["tpot_s"] * (1 + 1e-12))


@SETTINGS
@given(model=st.sampled_from(["Llama-3.1-8B", "Llama-3.3-70B"]), gpu=st.sampled_from(["H200", "B200", "MI300X"]),
       wl=workloads, k=st.integers(1, 4), b=st.integers(1, 64), share=st.floats(0.0, 1.0))
def test_mtp_never_lowers_decode_throughput_when_compute_is_not_the_bottleneck(model, gpu, wl, k, b, share):
    """Dense model on one GPU (no communication) with every roofline part memory-bound even at b·(1+k)
    verified tokens: the step grows only by the k new KV entries (at most k/c of the KV read) and the
    draft passes (k/L of a step), so any acceptance a >= k·(1/L + 1/c) pays for itself."""
    plain = _instance(model, gpu, 1, 1)
    if plain.max_batch_size(wl) < b:
        return
    c, layers = wl.decode_context, get_model(model).layers
    a = min(k, k * (1 / layers + 1 / c) + share * k)
    mtp = _instance(model, gpu, 1, 1, k, a)
    verify = mtp._step(float(b), 0.0, c, wl.prefill_context, k)
    if float(verify["t_compute"]) > 0:  # compute is a bottleneck of some part: the claim does not apply
        return
    r0 = plain.decode_pool(wl, np.array([float(b)]))["decode_tokens_per_s_per_gpu"]
    r1 = mtp.decode_pool(wl, np.array([float(b)]))["decode_tokens_per_s_per_gpu"]
    assert r1[0] >= r0[0] * (1 - 1e-12)


def test_mtp_raises_rate_and_speed_of_a_memory_bound_moe_decode():
    kw = dict(tp=1, ep=8, precision="fp8", mode="disaggregated", input_tokens=2000, output_tokens=500,
              tpot_max_s=0.05, percentile="mean")
    r0 = estimate("DeepSeek-R1", "H200", **kw)
    r1 = estimate("DeepSeek-R1", "H200", mtp_draft_tokens=1, mtp_accept=0.85, **kw)
    assert r1.decode_tokens_per_s_per_gpu > r0.decode_tokens_per_s_per_gpu
    assert (r1.mtp_draft_tokens, r1.mtp_accept) == (1, 0.85)
    # the output identity the cost layer relies on still holds
    assert r1.workload.output_tokens / r1.gpu_seconds_per_request == pytest.approx(r1.output_tokens_per_s_per_gpu)


@pytest.mark.parametrize(("kw", "field", "match"), [
    (dict(mtp_draft_tokens=1, mtp_accept=1.5), "mtp_accept", r"mtp_accept = 1\.5 exceeds mtp_draft_tokens = 1"),
    (dict(mtp_accept=0.8), "mtp_accept", r"exceeds mtp_draft_tokens = 0.*set mtp_draft_tokens too"),
    (dict(mtp_draft_tokens=2, mtp_accept=-0.1), "mtp_accept", r"mtp_accept must be >= 0"),
    (dict(mtp_draft_tokens=2, mtp_accept=float("nan")), "mtp_accept", r"mtp_accept must be >= 0"),
    (dict(mtp_draft_tokens=1, mtp_accept="most"), "mtp_accept", r"mtp_accept must be a number"),
    (dict(mtp_draft_tokens=1.5), "mtp_draft_tokens", r"mtp_draft_tokens must be a whole number from 0 to 16"),
    (dict(mtp_draft_tokens=-1), "mtp_draft_tokens", r"mtp_draft_tokens must be a whole number from 0 to 16"),
    (dict(mtp_draft_tokens=17), "mtp_draft_tokens", r"mtp_draft_tokens must be a whole number from 0 to 16"),
    (dict(mtp_draft_tokens="two"), "mtp_draft_tokens", r"mtp_draft_tokens must be a whole number of tokens"),
])
def test_mtp_input_errors_name_the_field(kw, field, match):
    with pytest.raises(InputError, match=match) as e:
        Deployment(**kw)
    assert e.value.field == field
    with pytest.raises(InputError, match=match):
        estimate("Llama-3.1-8B", "H100", **kw)


def test_mtp_cli_flags_and_json_fields():
    base = ["perf", "--model", "DeepSeek-R1", "--gpu", "H200", "--gpus", "8", "--ep", "8", "--json"]
    code, out, err = invoke([*base, "--mtp-draft-tokens", "1", "--mtp-accept", "0.85"])
    assert code == 0, err
    d = json.loads(out)
    assert (d["mtp_draft_tokens"], d["mtp_accept"]) == (1, 0.85)
    code, out, err = invoke(base)
    assert code == 0, err
    assert (json.loads(out)["mtp_draft_tokens"], json.loads(out)["mtp_accept"]) == (0, 0.0)
    code, out, err = invoke([*base, "--mtp-accept", "0.9"])
    assert code != 0 and "mtp_accept" in (out + err) and "exceeds" in (out + err)
