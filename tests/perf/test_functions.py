"""Layer-1 pure functions: MoE routing, roofline, collectives, memory fit."""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.perf import (
    allreduce_time,
    alltoall_time,
    compute_time,
    expected_distinct_experts,
    group_bandwidth,
    kv_capacity_bytes,
    max_sequences,
    memory_time,
    ridge_point,
    roofline_time,
    weights_per_gpu_bytes,
)
from infranomics.perf.comm import expert_dispatch_time, remote_domains_per_token


def test_distinct_experts_limits():
    assert expected_distinct_experts(256, 8, 0) == 0
    assert expected_distinct_experts(256, 8, 1) == pytest.approx(8)
    assert expected_distinct_experts(256, 8, 1e6) == pytest.approx(256)
    assert expected_distinct_experts(8, 8, 1) == pytest.approx(8)  # k = E touches all


def test_distinct_experts_closed_form_and_broadcast():
    t = np.array([1, 2, 10, 100])
    out = expected_distinct_experts(64, 2, t)
    assert out == pytest.approx(64 * (1 - (1 - 2 / 64) ** t))
    assert np.all(np.diff(out) > 0) and np.all(out <= 64)


def test_roofline_is_the_max_of_compute_and_memory():
    assert compute_time(1e15, 1e15, 0.5) == pytest.approx(2.0)
    assert memory_time(1e12, 2e12, 0.5) == pytest.approx(1.0)
    assert roofline_time(1e15, 1e12, 1e15, 2e12, 0.5, 0.5) == pytest.approx(2.0)
    assert roofline_time(1e12, 1e13, 1e15, 2e12) == pytest.approx(5.0)
    assert ridge_point(1e15, 2e12) == pytest.approx(500)


def test_allreduce_ring_formula():
    assert allreduce_time(1e6, 1, 1e11) == 0.0
    t = allreduce_time(1e8, 8, 1e11, latency=0.0)
    assert t == pytest.approx(2 * 7 / 8 * 1e8 / 1e11)
    assert allreduce_time(1e8, 8, 1e11) > t  # latency adds


def test_alltoall_formula():
    assert alltoall_time(1e8, 4, 1e11, latency=0.0) == pytest.approx(0.75 * 1e8 / 1e11)


def test_group_bandwidth_mixes_links():
    up, out = 400e9, 50e9
    assert group_bandwidth(8, 8, up, out) == pytest.approx(up)
    bw16 = group_bandwidth(16, 8, up, out)
    assert out < bw16 < up
    assert bw16 == pytest.approx(1 / (0.5 / up + 0.5 / out))


def test_remote_domains():
    assert remote_domains_per_token(8, 8, 8) == 0.0  # one domain
    assert remote_domains_per_token(16, 8, 1) == pytest.approx(0.5)
    # DeepSeek EP32 prefill over 4 nodes: 3 · (1 − 0.75^8)
    assert remote_domains_per_token(32, 8, 8) == pytest.approx(3 * (1 - 0.75**8))


def test_expert_dispatch_inside_one_domain_uses_scaleup_only():
    t = expert_dispatch_time(100, 8, 7168, 8, 8, 400e9, 1.0, latency=0.0)
    assert t == pytest.approx(100 * 8 * 7168 * 7 / 8 / 400e9)
    assert expert_dispatch_time(100, 8, 7168, 1, 8, 400e9, 50e9) == 0.0


def test_weights_per_gpu_split():
    # shared split over tp, experts over tp × ep
    assert weights_per_gpu_bytes(80, 640, 2, 4) == pytest.approx(40 + 80)


def test_kv_capacity_and_max_sequences():
    cap = kv_capacity_bytes(100.0, 40.0, 0.9, 10.0)
    assert cap == pytest.approx(45.0)
    assert kv_capacity_bytes(100.0, 95.0, 0.9, 10.0) < 0  # does not fit
    assert max_sequences(45.0, 10.0) == 4
    assert max_sequences(45.0, 10.0, kv_split=2, ep=3) == 27
    assert max_sequences(45.0, 10.0, max_batch=2) == 2
    assert max_sequences(-1.0, 10.0) == 0
