"""MLPerf Inference v4.1 and v5.0, Llama-2-70B (closed, datacenter) — holdout cases (never fitted,
except the v4.1 MI300X offline row, which fits the cdna3/vllm calibration).

Sources (mlperf_log_summary.txt under closed/<submitter>/results/<system>/llama2-70b-99*/<Scenario>/performance/run_1/):
mlcommons/inference_results_v4.1 — NVIDIA DGX-H100 8× (24,524.9 tok/s offline), H200 8× (31,302.7),
B200 1× FP4 (11,264.4), AMD 8×MI300X (23,514.8 offline / 21,028.23 server);
mlcommons/inference_results_v5.0 (mirror ntuhpc/mlperf_inference_results_v5.0) — AMD 8×MI325X
(33,928.1 / 30,724.51); NVIDIA DGX-H100 8× (31,306.8 / 31,106.28, result 5.0-0057).
"""

from __future__ import annotations

import pytest

from infranomics.perf.cases import get_case, predict

# ±25 %: holdout rounds; the same hardware gained 12-13 % from v4.0 to v4.1 on software alone
# (H100 2,726 → 3,066; H200 3,467 → 3,913), which a 2024 calibration can only partly see.
TOL = 0.25
PASS = ["mlperf-v4.1-h100-offline", "mlperf-v4.1-h200-offline", "mlperf-v4.1-b200-offline",
        "mlperf-v4.1-mi300x-offline", "mlperf-v4.1-mi300x-server", "mlperf-v5.0-mi325x-server"]
# Known misses (≈ −29 %): MLPerf v5.0 submissions are +28 % (NVIDIA H100) and +44 % (AMD, MI300X→MI325X,
# most of it software) over the 2024 rounds; no fitted calibration class covers 2025 MLPerf tuning.
KNOWN_MISSES = ["mlperf-v5.0-h100-offline", "mlperf-v5.0-h100-server", "mlperf-v5.0-mi325x-offline"]


@pytest.mark.parametrize("case_id", PASS)
def test_within_tolerance(case_id):
    case = get_case(case_id)
    assert predict(case) == pytest.approx(case.value, rel=TOL)


@pytest.mark.parametrize("case_id", KNOWN_MISSES)
@pytest.mark.xfail(strict=True, reason="software drift: MLPerf v5.0 tuning not covered by any calibration (docs/perf.md)")
def test_known_misses(case_id):
    case = get_case(case_id)
    assert predict(case) == pytest.approx(case.value, rel=TOL)


def test_known_misses_err_low_not_high():
    # the miss is systematic: we under-predict the tuned 2025 submissions
    for cid in KNOWN_MISSES:
        case = get_case(cid)
        assert 0.6 * case.value < predict(case) < case.value
