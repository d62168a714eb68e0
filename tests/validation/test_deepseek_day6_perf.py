"""DeepSeek-V3/R1 inference system, Open Source Week day 6 (2025-03-01) — per-node throughput.

Source: deepseek-ai/open-infra-index, 202502OpenSourceWeek/day_6_one_more_thing_deepseekV3R1_inference_system_overview.md,
section "Statistics of DeepSeek's Online Service": each H800 node delivers ~73.7k input tok/s during
prefill (including cache hits) and ~14.8k output tok/s during decode, at 20-22 tok/s per user, with an
average KV length of 4,989 and 56.3 % of input tokens hitting the KV cache. Prefill EP32, decode EP144.

Both cases are holdout: they are predicted with the hopper/large-ep calibration fitted on SGLang's
reproduction of this system (LMSYS, 2025-05-05), never on DeepSeek's figures.
"""

from __future__ import annotations

import pytest

from infranomics.perf.cases import case_result, get_case, predict

# ±25 %: a 24-hour production average (load varies over the day), request lengths only partly
# published (input/output split of the 4,989 average KV length is assumed), and a different software
# build than the one calibrated on.
TOL = 0.25


def test_prefill_per_gpu():
    case = get_case("deepseek-day6-prefill")
    assert case.value == pytest.approx(73_700 / 8, rel=1e-6)
    assert predict(case) == pytest.approx(case.value, rel=TOL)


def test_decode_per_gpu_at_user_speed():
    case = get_case("deepseek-day6-decode")
    assert case.value == pytest.approx(14_800 / 8, rel=1e-6)
    r = case_result(case)
    assert r.decode_tokens_per_s_per_gpu == pytest.approx(case.value, rel=TOL)
    assert r.tokens_per_s_per_user >= 20  # meets the 20-22 tok/s per user the post reports
    assert (r.layout.tp, r.layout.ep) == (1, 144)
