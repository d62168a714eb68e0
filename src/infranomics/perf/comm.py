"""Collective communication times for tensor and expert parallelism.

Alpha–beta model: each collective costs a latency ``α`` per step plus bytes over bandwidth.
Ring all-reduce over ``n`` GPUs moves ``2 (n−1)/n`` of the message per GPU; all-to-all moves
``(n−1)/n`` of each GPU's outgoing data (R. Thakur, R. Rabenseifner, W. Gropp, "Optimization of
collective communication operations in MPICH", IJHPCA 19(1), 2005, §4). Bandwidths are per GPU
and per direction.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "COLLECTIVE_LATENCY_S",
    "LINK_EFFICIENCY",
    "allreduce_time",
    "alltoall_time",
    "expert_dispatch_time",
    "group_bandwidth",
    "remote_domains_per_token",
]

#: Latency of one collective step between GPUs. [s] Source: aiconfigurator systems/h100_sxm.yaml
#: ``p2p_latency: 10 µs`` (ai-dynamo/aiconfigurator, retrieved 2026-11-22).
COLLECTIVE_LATENCY_S = 10e-6
#: Share of a link's per-direction peak bandwidth collectives reach. [-] Source: assumption —
#: NCCL all-reduce bus bandwidth on 8×H100 NVLink measures ~360-370 GB/s of 450 GB/s per direction
#: (nccl-tests figures commonly reported), i.e. ~0.8.
LINK_EFFICIENCY = 0.8


def allreduce_time(message_bytes, n, bandwidth, latency=COLLECTIVE_LATENCY_S):
    """Time of one ring all-reduce of ``message_bytes`` over ``n`` GPUs. [s]

    Parameters
    ----------
    message_bytes : numeric
        Size of the tensor each GPU contributes. [bytes]
    n : numeric
        GPUs in the group; ``n <= 1`` costs nothing. [-]
    bandwidth : numeric
        Achieved per-GPU, per-direction bandwidth. [bytes/s]
    latency : numeric
        Latency per collective. [s]

    Examples
    --------
    >>> allreduce_time(1e6, 1, 1e11)
    0.0
    """
    n = np.asarray(n, dtype=float)
    msg = np.asarray(message_bytes, dtype=float)
    t = np.where(n > 1, latency + 2.0 * (n - 1.0) / np.maximum(n, 1.0) * msg / np.asarray(bandwidth, dtype=float), 0.0)
    return t.item() if t.ndim == 0 else t


def alltoall_time(bytes_out, n, bandwidth, latency=COLLECTIVE_LATENCY_S):
    """Time of one all-to-all where each GPU sends ``bytes_out`` spread evenly over ``n`` GPUs. [s]

    The share ``1/n`` that stays on the sending GPU costs nothing.
    """
    n = np.asarray(n, dtype=float)
    b = np.asarray(bytes_out, dtype=float)
    t = np.where(n > 1, latency + (n - 1.0) / np.maximum(n, 1.0) * b / np.asarray(bandwidth, dtype=float), 0.0)
    return t.item() if t.ndim == 0 else t


def group_bandwidth(group_size, domain_size, scaleup_bw, scaleout_bw):
    """Effective per-GPU bandwidth of traffic spread evenly over a group of ``group_size`` GPUs. [bytes/s]

    The share of peers inside the scale-up domain (NVLink, Infinity Fabric, UB…) goes at
    ``scaleup_bw``; the rest crosses the scale-out network at ``scaleout_bw``. The two shares
    are sent one after the other on the slower path's terms (harmonic combination).

    >>> group_bandwidth(8, 8, 400e9, 50e9)
    400000000000.0
    """
    g = np.maximum(np.asarray(group_size, dtype=float), 1.0)
    d = np.maximum(np.asarray(domain_size, dtype=float), 1.0)
    remote = np.clip(1.0 - d / g, 0.0, 1.0)
    out = 1.0 / ((1.0 - remote) / np.asarray(scaleup_bw, dtype=float) + remote / np.asarray(scaleout_bw, dtype=float))
    return out.item() if out.ndim == 0 else out


def remote_domains_per_token(group_size, domain_size, experts_per_token):
    """Expected number of other scale-up domains a token's ``k`` experts live in. [-]

    With the ``group_size`` GPUs of an expert-parallel group spread over ``D = ceil(group/domain)``
    domains and experts placed uniformly, a token reaches ``D · (1 − (1 − 1/D)^k)`` distinct domains
    (the same expectation as :func:`~infranomics.perf.moe.expected_distinct_experts`), one of which
    is on average its own with probability ``1/D`` per draw. DeepEP-style dispatch sends one copy per
    remote domain over the scale-out network and forwards it inside the domain over the scale-up
    links (DeepSeek-V3 technical report, arXiv:2412.19437, §3.2.2).

    >>> round(float(remote_domains_per_token(32, 8, 8)), 3)
    2.7
    """
    g = np.asarray(group_size, dtype=float)
    d = np.maximum(np.ceil(g / np.maximum(np.asarray(domain_size, dtype=float), 1.0)), 1.0)
    k = np.asarray(experts_per_token, dtype=float)
    out = (d - 1.0) * (1.0 - np.power(1.0 - 1.0 / d, k))
    return out.item() if out.ndim == 0 else out


def expert_dispatch_time(tokens_per_gpu, experts_per_token, hidden_bytes, group_size, domain_size, scaleup_bw,
                         scaleout_bw, latency=COLLECTIVE_LATENCY_S):
    """Time of one MoE all-to-all (dispatch or combine) per GPU. [s]

    Each of the ``tokens_per_gpu`` tokens is sent to its ``k`` experts; the ``(g−1)/g`` share of the
    copies that leave the GPU crosses the scale-up links, and one copy per remote domain
    (:func:`remote_domains_per_token`) crosses the scale-out network. The two links work in parallel,
    so the slower one sets the time.

    Parameters
    ----------
    tokens_per_gpu : numeric
        Tokens each GPU dispatches. [tokens]
    experts_per_token : numeric
        Routed experts per token ``k``. [-]
    hidden_bytes : numeric
        Bytes of one token's hidden state at the transfer precision. [bytes]
    group_size, domain_size : numeric
        GPUs in the expert-parallel group and in one scale-up domain. [-]
    scaleup_bw, scaleout_bw : numeric
        Achieved per-GPU, per-direction bandwidths. [bytes/s]
    """
    t = np.asarray(tokens_per_gpu, dtype=float)
    g = np.asarray(group_size, dtype=float)
    k = np.asarray(experts_per_token, dtype=float)
    up = t * k * hidden_bytes * np.maximum(g - 1.0, 0.0) / np.maximum(g, 1.0) / scaleup_bw
    out = t * np.asarray(remote_domains_per_token(g, domain_size, k)) * hidden_bytes / scaleout_bw
    res = np.where(g > 1, latency + np.maximum(up, out), 0.0)
    return res.item() if res.ndim == 0 else res
