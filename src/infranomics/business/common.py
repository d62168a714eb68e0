"""Pieces shared by the business models: periods, throughput from perf, load curves, currency."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..checks import check_fraction, check_nonnegative, check_range
from ..errors import InputError

__all__ = ["DIURNAL_DEEPSEEK", "ServingRates", "month_labels", "normalize_curve"]

#: Hourly load shape (24 values, mean 1) with peak/average = 278 / 226.75 = 1.226, the ratio of
#: DeepSeek's peak to average node count over 24 h (open-infra-index, day 6, 2025-02-27/28). The
#: shape is a cosine with its peak in the Beijing afternoon — the shape is our assumption, the
#: peak/average ratio is DeepSeek's.
DIURNAL_DEEPSEEK: tuple[float, ...] = tuple(
    float(1.0 + 0.2261 * np.cos(2 * np.pi * (h - 15) / 24)) for h in range(24))


def normalize_curve(curve, name: str = "load_curve") -> np.ndarray:
    """Scale a daily load curve to mean 1 (any number of equal time slots)."""
    c = np.asarray(curve, dtype=float)
    if c.ndim != 1 or c.size < 1:
        raise InputError(f"{name} must be a list of numbers (e.g. 24 hourly values)", field=name)
    check_nonnegative(c, name)
    if c.sum() <= 0:
        raise InputError(f"{name} must have some positive values", field=name)
    return c / c.mean()


def month_labels(start: str, n: int) -> list[str]:
    """``n`` month labels ``YYYY-MM`` from ``start`` (YYYY-MM)."""
    s = str(start).strip()
    if not re.fullmatch(r"(19|20|21)\d\d-(0[1-9]|1[0-2])", s):
        raise InputError(f"start must be a month YYYY-MM between 1900-01 and 2199-12, like 2025-03, got '{start}'",
                         field="start")
    p = pd.Period(s, freq="M")
    return [str(p + i) for i in range(n)]


@dataclass(frozen=True)
class ServingRates:
    """GPU time per token while busy — the link between tokens and GPUs.

    ``gpu_s_per_input_token`` and ``gpu_s_per_output_token`` split busy GPU time additively
    between prefill and decode, so ``GPU-seconds = in·s_in + out·s_out``.
    """

    gpu_s_per_input_token: float  #: [GPU-s/tok], for all input tokens (cache hits included)
    gpu_s_per_output_token: float  #: [GPU-s/tok]
    source: str = "user"
    perf: dict | None = None

    @classmethod
    def disaggregated(cls, prefill_tokens_per_s_per_gpu: float, decode_tokens_per_s_per_gpu: float,
                      source: str = "user") -> ServingRates:
        """Separate prefill and decode pools (PD disaggregation), rates per GPU. [tok/s]"""
        p = float(check_range(prefill_tokens_per_s_per_gpu, "prefill_tokens_per_s_per_gpu", 1e-3, 1e8, unit="tok/s"))
        d = float(check_range(decode_tokens_per_s_per_gpu, "decode_tokens_per_s_per_gpu", 1e-3, 1e8, unit="tok/s"))
        return cls(1.0 / p, 1.0 / d, source)

    @classmethod
    def aggregated(cls, output_tokens_per_s_per_gpu: float, input_tokens_per_s_per_gpu: float,
                   prefill_time_share: float | None, source: str = "user", perf: dict | None = None) -> ServingRates:
        """One pool serving a mix; ``prefill_time_share`` splits its time (0 → all time to output)."""
        o = float(check_range(output_tokens_per_s_per_gpu, "output_tokens_per_s_per_gpu", 1e-3, 1e8, unit="tok/s"))
        s = 0.0 if prefill_time_share is None else float(check_fraction(prefill_time_share, "prefill_time_share"))
        i = float(input_tokens_per_s_per_gpu)
        s_in = s / i if (s > 0 and i > 0) else 0.0
        return cls(s_in, (1.0 - s) / o, source, perf)

    def gpus_for(self, input_tokens_per_s, output_tokens_per_s):
        """Busy GPUs needed for token rates. [GPU]"""
        return (np.asarray(input_tokens_per_s) * self.gpu_s_per_input_token
                + np.asarray(output_tokens_per_s) * self.gpu_s_per_output_token)

    def scaled(self, k: float) -> ServingRates:
        """Throughput multiplied by ``k`` (GPU time per token divided by ``k``)."""
        return ServingRates(self.gpu_s_per_input_token / k, self.gpu_s_per_output_token / k, self.source, self.perf)


def rates_from_perf(model: str, gpu: str, *, input_tokens: int, output_tokens: int, cache_hit: float,
                    perf_options: dict | None = None, catalog=None) -> ServingRates:
    """Serving rates from the perf model for a workload (aggregated serving)."""
    from .. import perf

    opts = dict(perf_options or {})
    opts.setdefault("input_tokens", input_tokens)
    opts.setdefault("output_tokens", output_tokens)
    opts.setdefault("cache_hit", cache_hit)
    d = perf.estimate(model, gpu, catalog=catalog, **opts).to_dict()
    p, q = d.get("prefill_gpu_seconds_per_request"), d.get("decode_gpu_seconds_per_request")
    share = p / (p + q) if p is not None and q is not None and p + q > 0 else None
    return ServingRates.aggregated(d["output_tokens_per_s_per_gpu"], d["input_tokens_per_s_per_gpu"], share,
                                   source="perf", perf=d)
