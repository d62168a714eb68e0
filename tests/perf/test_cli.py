"""End-to-end: ``infranomics perf`` and ``infranomics perf frontier`` through the real entry point."""

from __future__ import annotations

import json

import pytest

from tests.helpers import invoke

CONTRACT = ["output_tokens_per_s_per_gpu", "input_tokens_per_s_per_gpu", "ttft_s", "tpot_s", "batch_size",
            "tokens_per_s_per_user", "gpus", "tp", "ep", "memory_gb_per_gpu", "bound"]


def test_perf_json_contract():
    code, out, err = invoke(["perf", "--model", "Llama-3.3-70B", "--gpu", "H100", "--gpus", "8", "--precision", "fp8",
                             "--input-tokens", "1000", "--output-tokens", "500", "--json"])
    assert code == 0, err
    d = json.loads(out)
    for k in CONTRACT:
        assert k in d
    assert d["gpus"] == 8 and d["precision"] == "fp8" and d["workload"]["output_tokens"] == 500
    assert d["bound"] in ("compute", "memory", "communication")


def test_perf_table_output():
    code, out, err = invoke(["perf", "--model", "llama-3.1-8b", "--gpu", "h100", "--precision", "fp8"])
    assert code == 0, err
    assert "output tok/s per GPU" in out and "Llama-3.1-8B on H100-SXM" in out and "calibration" in out


def test_perf_all_flags():
    code, out, err = invoke(["perf", "--model", "Qwen3-235B-A22B", "--gpu", "H200", "--gpus", "8", "--tp", "1",
                             "--ep", "8", "--precision", "fp8", "--kv-precision", "fp8", "--input-tokens", "2000",
                             "--output-tokens", "500", "--cache-hit", "0.5", "--scenario", "slo", "--ttft-max", "3",
                             "--tpot-max", "0.1", "--mode", "aggregated", "--stack", "trtllm-2025", "--json"])
    assert code == 0, err
    d = json.loads(out)
    assert (d["tp"], d["ep"], d["scenario"], d["mode"]) == (1, 8, "slo", "aggregated")
    assert d["slo"] == {"ttft_max_s": 3.0, "tpot_max_s": 0.1, "percentile": "p99"}
    assert d["workload"]["cache_hit"] == 0.5 and d["calibration"]["stack"] == "trtllm-2025"


def test_tpot_flag_implies_slo_scenario():
    code, out, _ = invoke(["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--tpot-max", "0.05", "--json"])
    assert code == 0 and json.loads(out)["scenario"] == "slo"


def test_workload_preset():
    code, out, _ = invoke(["perf", "--model", "Llama-2-70B", "--gpu", "H200", "--workload", "mlperf-llama2", "--json"])
    assert code == 0 and json.loads(out)["workload"]["name"] == "mlperf-llama2"


def test_frontier_json_and_table():
    code, out, err = invoke(["perf", "frontier", "--model", "Llama-3.3-70B", "--gpu", "H200", "--gpus", "8",
                             "--precision", "fp8", "--json"])
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {"tokens_per_s_per_user", "output_tokens_per_s_per_gpu", "batch_size", "layout"} <= set(rows[0])
    users = [r["tokens_per_s_per_user"] for r in rows]
    assert users == sorted(users)
    code, out, _ = invoke(["perf", "frontier", "--model", "Llama-3.1-8B", "--gpu", "H100", "--mode", "aggregated"])
    assert code == 0 and "tok/s/user" in out


def test_cases_command():
    code, out, err = invoke(["perf", "cases", "--json"])
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) >= 50 and {"published", "predicted", "error", "used_for"} <= set(rows[0])


def test_no_flags_prints_help():
    code, out, _ = invoke(["perf"])
    assert code == 0 and "--model" in out and "frontier" in out


@pytest.mark.parametrize("args, message", [
    (["perf", "--model", "Llama-3.3-70B", "--gpu", "H10"], "unknown accelerator 'H10' — did you mean 'H100'"),
    (["perf", "--model", "Lama-3.3-70B", "--gpu", "H100"], "unknown model 'Lama-3.3-70B' — did you mean"),
    (["perf", "--model", "Llama-3.1-405B", "--gpu", "H100", "--gpus", "2", "--precision", "bf16"],
     "it needs at least 16 × H100-SXM"),
    (["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--tpot-max", "0.0001"],
     "impossible SLO for Llama-3.1-8B on H100-SXM"),
    (["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--gpus", "4", "--tp", "4", "--ep", "2"],
     "tp × ep = 4 × 2 = 8 exceeds gpus = 4"),
    (["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--cache-hit", "60"], "did you mean 0.60"),
    (["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--scenario", "offline", "--tpot-max", "0.1"],
     "apply to --scenario slo"),
    (["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--scenario", "fast"], "unknown scenario 'fast'"),
    (["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--precision", "fp7"], "unknown precision 'fp7'"),
    (["perf", "--gpu", "H100"], "--model is required"),
    (["perf", "frontier", "--model", "Llama-3.1-8B"], "--gpu is required"),
])
def test_bad_input_exits_2_with_one_line(args, message):
    code, _, err = invoke(args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_flag_type_exits_2():
    code, _, err = invoke(["perf", "--model", "Llama-3.1-8B", "--gpu", "H100", "--gpus", "many"])
    assert code == 2 and "Invalid value for '--gpus'" in err
