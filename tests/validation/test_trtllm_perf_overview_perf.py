"""TensorRT-LLM performance overview: offline throughput of trtllm-bench (v1.0, PyTorch backend).

Source: NVIDIA/TensorRT-LLM docs/source/performance/perf-overview.md at commit 00f37686aa85, tables
"Llama 3.3 70B", "Llama 3.1 8B", "Llama 3.1 405B", "Qwen3-235B-A22B", "Llama 4 Maverick", "Qwen3-30B-A3B"
(total output tokens/s at fixed ISL/OSL; per GPU = total / GPUs of the TP/EP group). The Llama 3.3 70B
rows on H100/H200/B200 and three Qwen3-235B rows are ``fit`` cases of the hopper and blackwell
trtllm-2025 calibration; every other row is held out.
"""

from __future__ import annotations

import pytest

from infranomics.perf.cases import load_cases, predict

FIT_TOL = 0.10  # fitted rows: the regularised fit must reproduce them closely
HOLDOUT_TOL = 0.25  # held-out rows of a fitted stack: the doc warns its numbers use default settings
# (KV-cache fraction 0.90 or 0.95, batch limits) that vary by row, and MoE kernels differ by model
KNOWN_MISSES = {
    # Llama-3.1-8B: −29 to −32 % — the memory-bound decode of a small model runs faster than the
    # attention/KV efficiency fitted on 70B-class models
    "trtllm-l31-8b-h100-sxm-128-2048", "trtllm-l31-8b-h100-sxm-1000-1000", "trtllm-l31-8b-h100-sxm-20000-2000",
    "trtllm-l31-8b-h200-20000-2000",
    # Llama-3.1-405B TP8 on H100, decode-heavy: +32 %
    "trtllm-l31-405b-h100-sxm-128-2048",
    # Qwen3-235B: +30 to +39 % on H100 and prefill-heavy H200, B200 2k/2k — expert efficiency fitted on H200 1k/1k
    "trtllm-qwen3-235b-h100-sxm-128-2048", "trtllm-qwen3-235b-h100-sxm-1000-1000", "trtllm-qwen3-235b-h100-sxm-5000-500",
    "trtllm-qwen3-235b-h200-5000-500", "trtllm-qwen3-235b-b200-2048-2048",
    # Llama-4-Maverick on H100 2k/2k: −48 % — our attention-DP layout replicates 14 GB of non-expert
    # weights per GPU and starves the KV cache; TensorRT-LLM evidently keeps more KV
    "trtllm-l4-maverick-h100-sxm-2048-2048",
}
CASES = [c for c in load_cases() if c.id.startswith("trtllm-") and not c.id.startswith("trtllm-dsr1-")]  # blog rows:
# tests/validation/test_deepseek_r1_blackwell_perf.py


@pytest.mark.parametrize("case", [c for c in CASES if c.id not in KNOWN_MISSES], ids=lambda c: c.id)
def test_within_tolerance(case):
    tol = FIT_TOL if case.used_for == "fit" else HOLDOUT_TOL
    assert predict(case) == pytest.approx(case.value, rel=tol)


@pytest.mark.parametrize("case", [c for c in CASES if c.id in KNOWN_MISSES], ids=lambda c: c.id)
@pytest.mark.xfail(strict=True, reason="known miss, listed in docs/perf.md")
def test_known_misses(case):
    assert predict(case) == pytest.approx(case.value, rel=HOLDOUT_TOL)


def test_gb200_never_fitted_is_close():
    # GB200 (Grace-Blackwell) rows are pure holdout for the B200-fitted blackwell/trtllm-2025 factors
    gb = [c for c in CASES if c.accelerator == "GB200"]
    assert gb and all(c.used_for == "holdout" for c in gb)
    assert all(predict(c) == pytest.approx(c.value, rel=0.10) for c in gb)
