"""The README answers issue 4's question (does Alibaba's ~3 RMB per million input tokens cover the cost of
serving on H20 or Ascend 910B?) with a table. This test re-runs the README's commands and checks every
figure of that table against the engine, so the answer cannot drift from the code that produces it.
Tolerance: the table prints three significant figures (and whole percent for the break-even load)."""

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
