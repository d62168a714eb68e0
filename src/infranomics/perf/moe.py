"""Mixture-of-experts routing: how many distinct experts a batch of tokens touches.

In decode every distinct expert a batch activates must be read from HBM once per step, so
the weight traffic of an MoE layer grows with the batch until every expert is touched.
"""

from __future__ import annotations

import numpy as np

__all__ = ["expected_distinct_experts"]


def expected_distinct_experts(experts, experts_per_token, tokens):
    """Expected number of distinct routed experts ``tokens`` tokens activate in one MoE layer. [-]

    ``E · (1 − (1 − k/E)^T)`` for ``E`` experts, ``k`` experts per token and ``T`` tokens, assuming
    uniform, independent routing (load balancing drives real routers towards uniform use [1]_).
    Broadcasts over all arguments; returns 0 for ``T = 0`` and ``E`` as ``T → ∞``.

    Parameters
    ----------
    experts : numeric
        Routed experts per layer ``E``. [-]
    experts_per_token : numeric
        Experts selected per token ``k`` (``0 < k <= E``). [-]
    tokens : numeric
        Tokens in the step across the whole expert-parallel group ``T``. [tokens]

    References
    ----------
    .. [1] W. Fedus, B. Zoph, N. Shazeer, "Switch Transformers", JMLR 23 (2022), §2.2
       (auxiliary load-balancing loss).

    Examples
    --------
    >>> round(float(expected_distinct_experts(256, 8, 1)), 6)
    8.0
    >>> round(float(expected_distinct_experts(256, 8, 10_000)), 3)
    256.0
    """
    e = np.asarray(experts, dtype=float)
    k = np.asarray(experts_per_token, dtype=float)
    t = np.asarray(tokens, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(e > 0, np.clip(k / np.where(e > 0, e, 1.0), 0.0, 1.0), 0.0)
    out = e * (1.0 - np.power(1.0 - p, np.maximum(t, 0.0)))
    return out.item() if out.ndim == 0 else out
