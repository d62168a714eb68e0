"""DeepSeek-V3/R1 inference system, one day (open-infra-index, Open Source Week day 6, 2025-03-01).

Published (24 h to 2025-02-28 12:00 UTC+8): 226.75 H800 nodes on average at $2/GPU-h → $87,072/day;
608B input tokens of which 56.3% cache hits, 168B output tokens; at R1 prices ($0.14 hit / $0.55 miss /
$2.19 output per M) theoretical revenue $562,027/day; cost-profit margin 545%.
Tolerance: cost exact arithmetic; revenue and margin ±0.5% (VALIDATION.md; the post rounds the hit share
to 56.3%). Also: the published per-node prefill (73.7k tok/s) and decode (14.8k tok/s) throughputs
should size a fleet close to the 226.75-node average (not a published identity — a consistency check,
±2%).
"""

from __future__ import annotations

import json

import pytest

from infranomics.business import maas
from tests.helpers import invoke

DAY = dict(gpu="H800", input_tokens_per_day=608e9, cache_hit=0.563, output_tokens_per_day=168e9,
           price_input_cache_hit=0.14, price_input=0.55, price_output=2.19, gpu_hour_usd=2.0, months=1)


def test_published_day_through_the_cli():
    code, out, err = invoke(["business", "maas", "--gpu", "H800", "--nodes", "226.75", "--gpus-per-node", "8",
                             "--gpu-hour-usd", "2", "--input-tokens-per-day", "608e9", "--cache-hit", "0.563",
                             "--output-tokens-per-day", "168e9", "--price-input-cache-hit", "0.14",
                             "--price-input", "0.55", "--price-output", "2.19", "--json"])
    assert code == 0, err
    s = json.loads(out)["summary"]
    assert s["cost_usd_per_day"] == pytest.approx(87_072, abs=1e-6)  # exact arithmetic
    assert s["revenue_usd_per_day"] == pytest.approx(562_027, rel=0.005)
    assert s["cost_profit_margin"] == pytest.approx(5.45, rel=0.005)


def test_published_node_throughputs_size_the_published_fleet():
    r = maas(prefill_tokens_per_s_per_gpu=73_700 / 8, decode_tokens_per_s_per_gpu=14_800 / 8, fleet="elastic",
             redundancy=0.0, **DAY)
    assert r.summary["fleet_nodes"] == pytest.approx(226.75, rel=0.02)
