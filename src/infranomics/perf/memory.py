"""Memory fit: weights and KV cache per accelerator, the largest batch, the fewest accelerators.

Capacity convention: vendors quote HBM in binary gigabytes (an "80 GB" H100 reports 81,559 MiB
in ``nvidia-smi``), so ``hbm_gb`` is converted with 2^30 bytes per GB.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "BYTES_PER_GB",
    "DEFAULT_MEMORY_UTILIZATION",
    "RUNTIME_RESERVE_GB",
    "kv_capacity_bytes",
    "max_sequences",
    "weights_per_gpu_bytes",
]

#: Bytes per vendor-quoted HBM gigabyte (binary). [bytes/GB]
BYTES_PER_GB = float(2**30)
#: Share of the memory left after weights and runtime reserve that the KV cache may use. [-]
#: Source: TensorRT-LLM ``kv_cache_free_gpu_mem_fraction`` default 0.9 (also vLLM's
#: ``gpu_memory_utilization`` default 0.9, which applies to the whole HBM).
DEFAULT_MEMORY_UTILIZATION = 0.90
#: Runtime reserve per GPU for activations, CUDA graphs and communication buffers. [GB]
#: Source: assumption — a few GB is what engines report after profiling (vLLM "non-torch memory"
#: plus activation peak for an 8k-token step on a 70B-class model).
RUNTIME_RESERVE_GB = 3.0


def weights_per_gpu_bytes(shared_bytes, expert_bytes, tp, ep):
    """Weight bytes one GPU holds. [bytes]

    Shared weights (attention, dense FFNs, shared experts, embeddings) are split over the
    tensor-parallel group ``tp`` and replicated across the ``ep`` expert-parallel groups
    (attention data parallelism); routed experts are split over all ``tp × ep`` GPUs.

    Parameters
    ----------
    shared_bytes, expert_bytes : numeric
        Whole-model bytes of shared weights and of all routed experts. [bytes]
    tp, ep : numeric
        Tensor- and expert-parallel degrees. [-]
    """
    out = np.asarray(shared_bytes, dtype=float) / tp + np.asarray(expert_bytes, dtype=float) / (np.asarray(tp) * ep)
    return out.item() if np.ndim(out) == 0 else out


def kv_capacity_bytes(hbm_bytes, weights_bytes, memory_utilization=DEFAULT_MEMORY_UTILIZATION,
                      reserve_bytes=RUNTIME_RESERVE_GB * BYTES_PER_GB):
    """KV-cache bytes on one GPU: ``memory_utilization`` of what weights and the runtime reserve leave
    (TensorRT-LLM ``kv_cache_free_gpu_mem_fraction`` convention). Negative: the weights do not fit. [bytes]"""
    free = np.asarray(hbm_bytes, dtype=float) - np.asarray(weights_bytes, dtype=float) - reserve_bytes
    out = np.where(free > 0, free * memory_utilization, free)
    return out.item() if np.ndim(out) == 0 else out


def max_sequences(kv_capacity_per_gpu, kv_bytes_per_sequence, kv_split=1, ep=1, max_batch=None):
    """Most concurrent sequences one model instance holds. [sequences]

    Each of the ``ep`` attention groups stores its own sequences, each sequence's KV split over
    ``kv_split`` GPUs (``min(tp, kv_heads)`` for GQA; 1 for MLA, whose latent is replicated).
    ``max_batch`` caps the scheduler per attention group. Returns 0 when nothing fits.
    """
    cap = np.asarray(kv_capacity_per_gpu, dtype=float)
    per = np.asarray(kv_bytes_per_sequence, dtype=float)
    n = np.floor(np.maximum(cap, 0.0) * kv_split / np.maximum(per, 1.0)) * ep
    if max_batch is not None:
        n = np.minimum(n, float(max_batch) * ep)
    out = n.astype(float)
    return out.item() if out.ndim == 0 else out
