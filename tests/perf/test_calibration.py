"""Calibration lookup and the fitted catalog data."""

from __future__ import annotations

import pytest

import infranomics as ix
from infranomics.errors import InputError
from infranomics.perf import get_calibration
from infranomics.perf.calibration import STACKS, Calibration, list_stacks
from infranomics.perf.cases import load_cases


def test_exact_family_and_default_lookup():
    c = get_calibration("hopper", "trtllm-2025")
    assert c.matched == "exact" and c.stack == "trtllm-2025" and c.fit_cases
    c = get_calibration("hopper", "deepseek-infer")  # shares the large-ep class with SGLang
    assert c.matched == "exact" and c.stack == "large-ep" and c.comm_overlap
    c = get_calibration("hopper", None)
    assert c.matched == "exact" and c.stack == "*"
    c = get_calibration("blackwell", "vllm")  # no blackwell vLLM measurement: family-wide row
    assert c.matched == "family" and c.max_batch == STACKS["vllm"].max_batch
    c = get_calibration("tpu", "vllm")  # no TPU measurement at all
    assert c.matched == "default" and c.confidence == "low"


def test_every_case_stack_is_known():
    for case in load_cases():
        assert case.stack in STACKS


def test_fit_and_holdout_cases_are_disjoint_and_recorded():
    cal = ix.load("perf_calibration")
    fit_ids = {c.id for c in load_cases() if c.used_for == "fit"}
    holdout = {c.id for c in load_cases() if c.used_for == "holdout"}
    assert fit_ids and holdout and not fit_ids & holdout
    used = {i for s in cal["fit_cases"].dropna() for i in str(s).split("|") if i}
    assert used <= fit_ids  # no holdout case was fitted
    assert used == fit_ids


def test_factors_in_physical_range():
    cal = ix.load("perf_calibration")
    assert cal["flops_eff"].between(0.05, 0.95).all()
    assert cal["bw_eff"].between(0.1, 0.98).all()
    assert (cal["step_overhead_ms"] >= 0).all()
    assert set(list_stacks()) >= {"trtllm-2025", "large-ep"}


def test_calibration_validates():
    with pytest.raises(InputError, match="flops_eff must be in"):
        Calibration(flops_eff=1.5, bw_eff=0.5, step_overhead_s=0.0)
    with pytest.raises(InputError, match="step_overhead_s must be >= 0"):
        Calibration(flops_eff=0.5, bw_eff=0.5, step_overhead_s=-1.0)


def test_estimate_uses_given_calibration():
    slow = Calibration(flops_eff=0.1, bw_eff=0.1, step_overhead_s=0.0)
    fast = Calibration(flops_eff=0.9, bw_eff=0.9, step_overhead_s=0.0)
    a = ix.perf.estimate("Llama-3.1-8B", "H100", calibration=slow, precision="fp8")
    b = ix.perf.estimate("Llama-3.1-8B", "H100", calibration=fast, precision="fp8")
    assert b.output_tokens_per_s_per_gpu > 5 * a.output_tokens_per_s_per_gpu
    assert a.calibration.matched == "given"


@pytest.mark.slow
def test_bundled_calibration_is_reproduced_by_the_fit_script():
    # python -m infranomics.perf.calibrate --check: the data in the catalog is what the script fits
    from infranomics.perf.calibrate import main

    assert main(["--check"]) == 0
