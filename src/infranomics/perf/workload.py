"""What is served: request lengths, prefix-cache hits, and latency targets."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..checks import check_fraction
from ..errors import InputError, unknown_name

__all__ = ["SLO", "TAIL_FACTOR_TPOT", "TAIL_FACTOR_TTFT", "WORKLOADS", "Workload", "get_workload"]

#: p99 / mean time per output token in MLPerf Llama-2-70B server runs. [-] Source: MLPerf Inference
#: logs — AMD 8×MI300X v4.1 (mean 143.1 ms, p99 197.9 ms → 1.38) and 8×MI325X v5.0 (mean 160.0 ms,
#: p99 199.4 ms → 1.25): ``closed/AMD/results/*/llama2-70b-99*/Server/performance/run_1/mlperf_log_summary.txt``
#: in mlcommons/inference_results_v4.1 and ntuhpc/mlperf_inference_results_v5.0; mean of the two.
TAIL_FACTOR_TPOT = 1.3
#: p99 / mean time to first token in the same logs (1.60 and 1.83). [-]
TAIL_FACTOR_TTFT = 1.7


def _number(value, name: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}", field=name) from None
    if not math.isfinite(v):
        raise InputError(f"{name} must be a finite number, got {value!r}", field=name)
    return v


@dataclass(frozen=True)
class Workload:
    """Average request of a serving workload.

    Parameters
    ----------
    input_tokens : float
        Prompt length including any cached prefix. [tokens]
    output_tokens : float
        Generated tokens per request. [tokens]
    cache_hit : float
        Share of input tokens served from a prefix/KV cache (no prefill compute). [fraction]
    name : str
        Label for reports.
    """

    input_tokens: float = 1000.0
    output_tokens: float = 1000.0
    cache_hit: float = 0.0
    name: str = "custom"

    def __post_init__(self) -> None:
        i = _number(self.input_tokens, "input_tokens")
        o = _number(self.output_tokens, "output_tokens")
        if i < 1:
            raise InputError(f"input_tokens must be >= 1 token, got {i:g}", field="input_tokens")
        if o < 1:
            raise InputError(f"output_tokens must be >= 1 token, got {o:g}", field="output_tokens")
        h = float(check_fraction(self.cache_hit, "cache_hit"))
        if h >= 1.0:
            raise InputError("cache_hit must be < 1 (some input must be prefilled), got 1", field="cache_hit")
        object.__setattr__(self, "input_tokens", i)
        object.__setattr__(self, "output_tokens", o)
        object.__setattr__(self, "cache_hit", h)

    @property
    def uncached_input_tokens(self) -> float:
        """Input tokens that must be prefilled. [tokens]"""
        return self.input_tokens * (1.0 - self.cache_hit)

    @property
    def cached_input_tokens(self) -> float:
        """Input tokens found in the prefix cache. [tokens]"""
        return self.input_tokens * self.cache_hit

    @property
    def decode_context(self) -> float:
        """Average context of a decoding sequence, ``input + output/2``. [tokens]"""
        return self.input_tokens + self.output_tokens / 2.0

    @property
    def prefill_context(self) -> float:
        """Average context a prefilled token attends over, ``cached + (uncached + 1)/2``. [tokens]"""
        return self.cached_input_tokens + (self.uncached_input_tokens + 1.0) / 2.0

    @property
    def max_context(self) -> float:
        """Longest context of a request. [tokens]"""
        return self.input_tokens + self.output_tokens


#: Named workloads. Sources: MLPerf Llama-2-70B (output: 291.9 tokens per sample = 21,805.8 tok/s ÷
#: 74.699 samples/s in NVIDIA's v4.0 H100 offline log; input: see ``perf_measurements`` note —
#: mean prompt length is not in the stored sources, 350 is derived from NVIDIA's v4.0 KV-cache batch
#: sizing, low confidence); InferenceX 1k/1k, 1k/8k, 8k/1k (SemiAnalysisAI/InferenceX configs).
WORKLOADS: dict[str, Workload] = {
    "mlperf-llama2": Workload(350.0, 292.0, 0.0, "mlperf-llama2"),
    "chat-1k1k": Workload(1024.0, 1024.0, 0.0, "chat-1k1k"),
    "reasoning-1k8k": Workload(1024.0, 8192.0, 0.0, "reasoning-1k8k"),
    "summarize-8k1k": Workload(8192.0, 1024.0, 0.0, "summarize-8k1k"),
}


def get_workload(name: str) -> Workload:
    """A named workload from :data:`WORKLOADS` (did-you-mean on a miss)."""
    if name in WORKLOADS:
        return WORKLOADS[name]
    raise unknown_name("workload", name, WORKLOADS, field="workload")


@dataclass(frozen=True)
class SLO:
    """Latency targets of an SLO scenario.

    Parameters
    ----------
    ttft_max_s : float or None
        Largest allowed time to first token (None: no limit). [s]
    tpot_max_s : float or None
        Largest allowed time per output token (None: no limit). [s]
    percentile : str
        ``"p99"`` (targets are tail latencies, as in MLPerf; predicted means are multiplied by
        :data:`TAIL_FACTOR_TTFT` / :data:`TAIL_FACTOR_TPOT`) or ``"mean"``.
    """

    ttft_max_s: float | None = 2.0
    tpot_max_s: float | None = 0.2
    percentile: str = "p99"

    def __post_init__(self) -> None:
        for name in ("ttft_max_s", "tpot_max_s"):
            v = getattr(self, name)
            if v is not None:
                v = _number(v, name)
                if v <= 0:
                    raise InputError(f"{name} must be > 0 s, got {v:g}", field=name)
                object.__setattr__(self, name, v)
        if self.percentile not in ("p99", "mean"):
            raise unknown_name("percentile", self.percentile, ("p99", "mean"), field="percentile")

    @property
    def ttft_factor(self) -> float:
        return TAIL_FACTOR_TTFT if self.percentile == "p99" else 1.0

    @property
    def tpot_factor(self) -> float:
        return TAIL_FACTOR_TPOT if self.percentile == "p99" else 1.0
