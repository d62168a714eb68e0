"""The README answers two of the users' questions with tables: does Alibaba's ~3 RMB per million input tokens
cover the cost of serving on H20 or Ascend 910B (issue 4), and what does a million DeepSeek tokens cost on
H20, H200 and Ascend 910C at 55% load. These tests re-run the README's commands and check every figure of
both tables against the engine, so the answers cannot drift from the code that produces them.
Tolerance: the tables print three significant figures (and whole percent for the break-even load)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import invoke

README = Path(__file__).resolve().parents[2] / "README.md"
FLAGS = ["--model", "Qwen2.5-72B", "--input-tokens", "2000", "--output-tokens", "500", "--currency", "CNY",
         "--region", "CN", "--price-input", "3", "--price-output", "9", "--json"]
GPU = {"H20": ["--gpu", "H20", "--precision", "fp8"], "Ascend 910B": ["--gpu", "Ascend-910B", "--precision", "int8"]}
ROW = re.compile(r"^\| (H20|Ascend 910B) \(([^,]+), (\d+)\) \| (\d+)% \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+)% \|$")


def _table_rows() -> list[tuple]:
    rows = [m.groups() for line in README.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))]
    assert len(rows) == 6, "README Alibaba table: expected 3 loads x 2 accelerators"
    return rows


@pytest.mark.parametrize("row", _table_rows(), ids=lambda r: f"{r[0]}-{r[3]}%")
def test_readme_table_matches_the_engine(row):
    gpu, _prec, replica_gpus, load, per_hour, inp, out, breakeven = row
    code, stdout, err = invoke(["cost", *GPU[gpu], "--utilization", f"{int(load) / 100}", *FLAGS])
    assert code == 0, err
    d = json.loads(stdout)
    assert d["perf"]["gpus"] == int(replica_gpus)
    assert d["cny_per_gpu_hour"] == pytest.approx(float(per_hour), rel=0.006)
    assert d["cny_per_mtok_input"] == pytest.approx(float(inp), rel=0.006, abs=0.006)
    assert d["cny_per_mtok_output"] == pytest.approx(float(out), rel=0.006)
    assert round(100 * d["breakeven_utilization"]) == int(breakeven)


# --- "What does a million DeepSeek tokens cost on H20, H200 and Ascend 910C at 55% load?" -----------------
DS_FLAGS = ["--model", "DeepSeek-R1", "--utilization", "0.55", "--currency", "CNY", "--region", "CN",
            "--input-tokens", "2000", "--output-tokens", "500", "--cache-hit", "0.5", "--price-input", "2",
            "--price-cached-input", "0.2", "--price-output", "3", "--json"]
DS_GPU = {"H20": "H20", "H200": "H200", "Ascend 910C": "Ascend-910C"}
DS_ROW = re.compile(r"^\| (H20|H200|Ascend 910C) \((\d+)\) \| ([\d.]+) \| ([\d,]+) \| ([\d.]+) \| ([\d.]+) \| "
                    r"([\d.]+) \| (\d+)% \|$")


def _ds_rows() -> list[tuple]:
    rows = [m.groups() for line in README.read_text(encoding="utf-8").splitlines() if (m := DS_ROW.match(line))]
    assert len(rows) == 3, "README DeepSeek table: expected H20, H200 and Ascend 910C"
    return rows


@pytest.mark.parametrize("row", _ds_rows(), ids=lambda r: r[0])
def test_readme_deepseek_table_matches_the_engine(row):
    gpu, unit_gpus, per_hour, tok_s, inp, out, blended, breakeven = row
    code, stdout, err = invoke(["cost", "--gpu", DS_GPU[gpu], *DS_FLAGS])
    assert code == 0, err
    d = json.loads(stdout)
    assert d["perf"]["gpus"] == int(unit_gpus)
    assert d["cny_per_gpu_hour"] == pytest.approx(float(per_hour), rel=0.006)
    assert d["perf"]["output_tokens_per_s_per_gpu"] == pytest.approx(float(tok_s.replace(",", "")), abs=0.6)
    for key, shown in (("cny_per_mtok_input", inp), ("cny_per_mtok_output", out), ("cny_per_mtok_blended", blended)):
        assert d[key] == pytest.approx(float(shown), rel=0.006), key
    assert round(100 * d["breakeven_utilization"]) == int(breakeven)
    # the README's "earns 1.48 RMB per million": revenue per busy GPU-hour over tokens per busy GPU-hour
    tokens_per_hour = d["cny_per_gpu_hour"] / d["cny_per_mtok_blended"]
    assert d["revenue_cny_per_gpu_hour"] / tokens_per_hour == pytest.approx(1.48, abs=0.005)


def test_readme_deepseek_trust_paragraph():
    """The README's 'how far to trust the throughputs' sentences, recomputed from the catalog's published
    cases (Ant Group's H20 rates, SGLang's Atlas 800I A3 result) and the engine."""
    from infranomics.perf.cases import get_case

    pre, dec = get_case("sglang-h20-dsr1-prefill").value, get_case("sglang-h20-dsr1-decode-70ms").value
    implied = 500 / (1000 / pre + 500 / dec)  # the README workload: 2,000-token prompts half cached, 500 out
    assert implied == pytest.approx(421, abs=1)
    code, stdout, err = invoke(["cost", "--gpu", "H20", *DS_FLAGS])
    assert implied / json.loads(stdout)["perf"]["output_tokens_per_s_per_gpu"] == pytest.approx(1.13, abs=0.005)
    assert get_case("ascend-sglang-dsr1-w8a8-50ms").value == pytest.approx(397, abs=0.5)
    code, stdout, err = invoke(["perf", "--model", "DeepSeek-R1", "--gpu", "Ascend-910C", "--input-tokens", "3500",
                                "--output-tokens", "1500", "--scenario", "slo", "--tpot-max", "0.05",
                                "--ttft-max", "10", "--json"])
    assert code == 0, err
    assert json.loads(stdout)["output_tokens_per_s_per_gpu"] == pytest.approx(584, abs=1)


def test_readme_deepseek_sensitivity_paragraph():
    """'Which assumption could flip a verdict?': each figure of the README paragraph from `cost sensitivity`."""
    flags = [f for f in DS_FLAGS if f != "--json"]
    keep = []  # the sensitivity takes the cost flags without the prices
    it = iter(flags)
    for f in it:
        v = next(it)
        if not f.startswith("--price"):
            keep += [f, v]
    out, order, sources = {}, {}, {}
    for gpu in ("H20", "H200", "Ascend-910C"):
        code, stdout, err = invoke(["cost", "sensitivity", "--gpu", gpu, *keep, "--json"])
        assert code == 0, err
        d = json.loads(stdout)
        out[gpu] = {r["parameter"]: (r["min"], r["max"]) for r in d["rows"]}
        order[gpu] = [r["parameter"] for r in d["rows"]]
        sources[gpu] = {r["parameter"]: r["source"] for r in d["rows"]}
    earns = 1.48
    h20 = out["H20"]
    best = min(lo for lo, _ in h20.values())
    assert best == pytest.approx(1.59, abs=0.005) and best > earns
    assert order["H20"][0] == "utilization" and h20["utilization"] == pytest.approx((1.59, 3.38), abs=0.005)
    h200 = out["H200"]
    worst = max(hi for _, hi in h200.values())
    assert worst == pytest.approx(1.00, abs=0.005) and worst < earns
    asc = out["Ascend-910C"]
    flips = [k for k, (_, hi) in asc.items() if hi > earns]
    assert flips == ["throughput"] and asc["throughput"][1] == pytest.approx(1.79, abs=0.005)
    missed = float(re.search(r": ([\d.]+)% on published cases, capped at 60%", sources["Ascend-910C"]["throughput"])[1])
    assert missed > 90


@pytest.mark.parametrize(("gpu", "share", "p5", "p95"), [("H20", 0.97, 1.52, 4.10), ("H200", 0.01, 0.45, 1.21),
                                                      ("Ascend-910C", 0.13, 0.43, 1.99)])
def test_readme_deepseek_joint_draws(gpu, share, p5, p95):
    """The README's joint-draw sentence: `cost sensitivity --draws 1000 --seed 1 --against 1.48`."""
    keep = []
    it = iter([f for f in DS_FLAGS if f != "--json"])
    for f in it:
        v = next(it)
        if not f.startswith("--price"):
            keep += [f, v]
    code, stdout, err = invoke(["cost", "sensitivity", "--gpu", gpu, *keep, "--draws", "1000", "--seed", "1",
                                "--against", "1.48", "--json"])
    assert code == 0, err
    sp = json.loads(stdout)["spread"]
    assert round(sp["share_above_against"], 2) == share
    assert sp["p5"] == pytest.approx(p5, abs=0.005) and sp["p95"] == pytest.approx(p95, abs=0.005)
