"""How a model is deployed: accelerator count, parallel layout, precisions, serving mode."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, unknown_name
from ..hardware.accelerator import PRECISIONS
from .memory import DEFAULT_MEMORY_UTILIZATION

__all__ = ["MAX_MTP_DRAFT_TOKENS", "MODES", "Deployment", "Parallelism"]

#: Serving modes: one pool doing prefill and decode, or separate prefill and decode pools.
MODES = ("aggregated", "disaggregated")
#: Most draft tokens per decode step accepted as ``mtp_draft_tokens``. [tokens] Source: assumption — published
#: MTP/EAGLE deployments verify 1–7 draft tokens per step (SGLang, TensorRT-LLM, vLLM-Ascend allow up to 5 MTP layers).
MAX_MTP_DRAFT_TOKENS = 16
#: Default tokens per prefill step per attention group. [tokens] Source: TensorRT-LLM
#: ``max_num_tokens`` default 8192 (BuildConfig / LLM API defaults).
DEFAULT_PREFILL_CHUNK = 8192


def _pos_int(value, name: str) -> int:
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a positive integer, got {value!r}", field=name) from None
    if not f.is_integer() or f < 1:
        raise InputError(f"{name} must be a positive integer, got {value!r}", field=name)
    return int(f)


@dataclass(frozen=True)
class Parallelism:
    """Layout of one model instance: ``tp × ep`` accelerators.

    ``tp`` splits attention, dense layers and each expert over GPUs (tensor parallelism).
    ``ep`` > 1 places the routed experts of MoE layers on ``ep`` groups of ``tp`` GPUs and runs
    attention data-parallel across those groups (each group serves its own sequences), as
    DeepSeek's serving system, SGLang ``--enable-dp-attention`` and TensorRT-LLM
    ``enable_attention_dp`` do.
    """

    tp: int = 1
    ep: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "tp", _pos_int(self.tp, "tp"))
        object.__setattr__(self, "ep", _pos_int(self.ep, "ep"))

    @property
    def gpus(self) -> int:
        """Accelerators in one instance. [-]"""
        return self.tp * self.ep

    def describe(self) -> str:
        if self.ep > 1:
            return f"TP{self.tp}×EP{self.ep} (attention DP{self.ep})"
        return f"TP{self.tp}"


@dataclass(frozen=True)
class Deployment:
    """Deployment choices; ``None`` means "search for the best" (layout, mode) or "default".

    Parameters
    ----------
    gpus : int or None
        Accelerators available; None = size one instance of the best layout.
    tp, ep : int or None
        Fixed tensor-/expert-parallel degrees (both pools when disaggregated).
    mode : str or None
        ``aggregated``, ``disaggregated`` or None to try both.
    precision, kv_precision : str or None
        Weight/compute and KV-cache precision (default from the model's native precision and the chip).
    stack : str or None
        Serving software whose calibration to use (e.g. ``trtllm-2025``, ``vllm``, ``sglang``).
    max_batch : int or None
        Scheduler cap on concurrent sequences per attention group (default from the stack).
    memory_utilization : float
        Share of the HBM left after weights that the KV cache may use. [fraction]
    prefill_chunk_tokens : int
        Tokens per prefill step per attention group (disaggregated prefill pool). [tokens]
    prefill, decode : Parallelism or None
        Separate layouts of the prefill and decode pools (disaggregated mode).
    mtp_draft_tokens : int
        Multi-token prediction / speculative decoding: draft tokens verified per sequence per decode
        step (0 = off, the default). [tokens]
    mtp_accept : float
        Expected accepted draft tokens per sequence per decode step, ``0 <= mtp_accept <=
        mtp_draft_tokens`` (the "accept length" engines report, minus 1; e.g. 0.85 for one draft token
        accepted 85 % of the time). [tokens]
    """

    gpus: int | None = None
    tp: int | None = None
    ep: int | None = None
    mode: str | None = None
    precision: str | None = None
    kv_precision: str | None = None
    stack: str | None = None
    max_batch: int | None = None
    memory_utilization: float = DEFAULT_MEMORY_UTILIZATION
    prefill_chunk_tokens: int = DEFAULT_PREFILL_CHUNK
    prefill: Parallelism | None = None
    decode: Parallelism | None = None
    mtp_draft_tokens: int = 0
    mtp_accept: float = 0.0

    def __post_init__(self) -> None:
        self._check_mtp()
        for name in ("gpus", "tp", "ep", "max_batch"):
            v = getattr(self, name)
            if v is not None:
                object.__setattr__(self, name, _pos_int(v, name))
        object.__setattr__(self, "prefill_chunk_tokens", _pos_int(self.prefill_chunk_tokens, "prefill_chunk_tokens"))
        if self.mode is not None:
            m = str(self.mode).lower()
            if m not in MODES:
                raise unknown_name("mode", self.mode, MODES, field="mode")
            object.__setattr__(self, "mode", m)
        for name in ("precision", "kv_precision"):
            v = getattr(self, name)
            if v is not None:
                p = str(v).lower()
                if p not in PRECISIONS:
                    raise unknown_name("precision", v, PRECISIONS, field=name)
                object.__setattr__(self, name, p)
        u = self.memory_utilization
        try:
            u = float(u)
        except (TypeError, ValueError):
            raise InputError(f"memory_utilization must be a number, got {u!r}", field="memory_utilization") from None
        if not 0.1 <= u <= 1.0:
            hint = f" — did you mean {u / 100:.2f}?" if 10 <= u <= 100 else ""
            raise InputError(f"memory_utilization must be in [0.1, 1], got {u:g}{hint}", field="memory_utilization")
        object.__setattr__(self, "memory_utilization", u)
        tp, ep = self.tp or 1, self.ep or 1
        if self.gpus is not None:
            if tp * ep > self.gpus:
                raise InputError(f"tp × ep = {tp} × {ep} = {tp * ep} exceeds gpus = {self.gpus}; "
                                 f"use --gpus {tp * ep} or more, or smaller --tp/--ep", field="tp")
            if self.gpus % (tp * ep):
                raise InputError(f"gpus = {self.gpus} is not a multiple of tp × ep = {tp * ep}: "
                                 "every model instance needs tp × ep accelerators", field="gpus")
            for pool in (self.prefill, self.decode):
                if pool is not None and pool.gpus > self.gpus:
                    raise InputError(f"a pool layout of {pool.describe()} needs {pool.gpus} GPUs but gpus = {self.gpus}",
                                     field="gpus")

    def _check_mtp(self) -> None:
        k = self.mtp_draft_tokens if self.mtp_draft_tokens is not None else 0
        try:
            kf = float(k)
        except (TypeError, ValueError):
            raise InputError(f"mtp_draft_tokens must be a whole number of tokens >= 0, got {k!r}",
                             field="mtp_draft_tokens") from None
        if not kf.is_integer() or not 0 <= kf <= MAX_MTP_DRAFT_TOKENS:
            raise InputError(f"mtp_draft_tokens must be a whole number from 0 to {MAX_MTP_DRAFT_TOKENS}, got {k!r}",
                             field="mtp_draft_tokens")
        a = self.mtp_accept if self.mtp_accept is not None else 0.0
        try:
            af = float(a)
        except (TypeError, ValueError):
            raise InputError(f"mtp_accept must be a number of tokens, got {a!r}", field="mtp_accept") from None
        if not af == af or af < 0:  # NaN or negative
            raise InputError(f"mtp_accept must be >= 0 (expected accepted draft tokens per step), got {a!r}",
                             field="mtp_accept")
        if af > kf:
            hint = ("; set mtp_draft_tokens too" if kf == 0 else
                    "; mtp_accept counts accepted draft tokens per step (accept length − 1), not a rate")
            raise InputError(f"mtp_accept = {af:g} exceeds mtp_draft_tokens = {int(kf)}: at most every draft token "
                             f"can be accepted{hint}", field="mtp_accept")
        object.__setattr__(self, "mtp_draft_tokens", int(kf))
        object.__setattr__(self, "mtp_accept", af)

    def fixed_layout(self) -> Parallelism | None:
        """The layout given by ``tp``/``ep`` (None when both are left to the search)."""
        if self.tp is None and self.ep is None:
            return None
        return Parallelism(self.tp or 1, self.ep or 1)
