"""Roofline: the time an operation takes on an accelerator given its FLOPs and bytes moved.

An operation is compute-bound when ``flops / (peak · η_f)`` exceeds ``bytes / (bw · η_b)`` and
memory-bound otherwise (S. Williams, A. Waterman, D. Patterson, "Roofline: an insightful visual
performance model for multicore architectures", CACM 52(4), 2009). ``η_f`` and ``η_b`` are the
calibrated shares of peak FLOP/s and of peak HBM bandwidth a serving stack reaches
(:mod:`infranomics.perf.calibration`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["compute_time", "memory_time", "ridge_point", "roofline_time"]


def compute_time(flops, peak_flops, flops_eff=1.0):
    """Time to execute ``flops`` at ``flops_eff`` of ``peak_flops``. [s]

    Parameters
    ----------
    flops : numeric
        Floating-point operations. [FLOP]
    peak_flops : numeric
        Dense peak of the accelerator at the compute precision. [FLOP/s]
    flops_eff : numeric
        Share of peak reached, in (0, 1]. [-]
    """
    out = np.asarray(flops, dtype=float) / (np.asarray(peak_flops, dtype=float) * np.asarray(flops_eff, dtype=float))
    return out.item() if out.ndim == 0 else out


def memory_time(bytes_moved, bandwidth, bw_eff=1.0):
    """Time to move ``bytes_moved`` through HBM at ``bw_eff`` of peak ``bandwidth``. [s]

    Parameters
    ----------
    bytes_moved : numeric
        Bytes read or written. [bytes]
    bandwidth : numeric
        Peak HBM bandwidth. [bytes/s]
    bw_eff : numeric
        Share of peak bandwidth reached, in (0, 1]. [-]
    """
    out = np.asarray(bytes_moved, dtype=float) / (np.asarray(bandwidth, dtype=float) * np.asarray(bw_eff, dtype=float))
    return out.item() if out.ndim == 0 else out


def roofline_time(flops, bytes_moved, peak_flops, bandwidth, flops_eff=1.0, bw_eff=1.0):
    """Roofline time of one operation: ``max(compute_time, memory_time)``. [s]

    Examples
    --------
    >>> roofline_time(2e12, 1e9, 1e15, 1e12)  # 2 ms of compute, 1 ms of memory
    0.002
    """
    out = np.maximum(np.asarray(compute_time(flops, peak_flops, flops_eff)),
                     np.asarray(memory_time(bytes_moved, bandwidth, bw_eff)))
    return out.item() if out.ndim == 0 else out


def ridge_point(peak_flops, bandwidth, flops_eff=1.0, bw_eff=1.0):
    """Arithmetic intensity where an operation turns from memory- to compute-bound. [FLOP/byte]

    >>> round(ridge_point(1979e12, 3.35e12), 1)  # H100 SXM, FP8
    590.7
    """
    out = (np.asarray(peak_flops, dtype=float) * flops_eff) / (np.asarray(bandwidth, dtype=float) * bw_eff)
    return out.item() if np.ndim(out) == 0 else out
