"""Azure ND GB200 v6: Llama-2-70B at 865,000 tok/s on one GB200 NVL72 (unverified MLPerf v4.1 offline).

Source: https://techcommunity.microsoft.com/blog/azurehighperformancecomputingblog/azure%E2%80%99s-nd-gb200-v6-delivers-record-performance-for-inference-workloads/4399253
(865,000 / 72 GPUs = 12,014 tok/s per GPU). Holdout; predicted with the blackwell family calibration.
"""

from __future__ import annotations

import pytest

from infranomics.perf.cases import get_case, predict


def test_per_gpu():
    # ±20 %: not verified by MLCommons; FP4 and one model copy per GPU assumed; OpenOrca prompt
    # length estimated (see the MLPerf v4.0 validation).
    case = get_case("azure-gb200-nvl72-llama2-offline")
    assert case.value == pytest.approx(865_000 / 72, rel=1e-4)
    assert predict(case) == pytest.approx(case.value, rel=0.20)
