"""What an LLM architecture is: the :class:`LLM` record built from the ``models`` catalog dataset.

Parameter counts, weight bytes by precision, KV-cache bytes per token and per sequence
(MHA, GQA, MQA, MLA, sliding-window and linear-attention layers) and FLOPs per token
(dense and MoE linear layers, attention growing with context) are all derived from the
released config shapes stored in the catalog. Every method broadcasts over numpy arrays
of context lengths.

Conventions (documented once here, used everywhere in ``infranomics.perf``):

* A linear layer with ``n`` weights costs ``2 n`` FLOPs per token (multiply + add).
* SwiGLU/GeGLU feed-forward blocks have three matrices (gate, up, down): ``3 d I`` weights.
* Attention FLOPs per token attending over ``L`` cached tokens: ``2 H (d_qk + d_v) L`` per
  full-attention layer (scores and weighted sum). Sliding-window layers cap ``L`` at the
  window; linear-attention layers have a constant cost and a constant-size state.
* MLA (DeepSeek-V2/V3) caches ``kv_lora_rank + qk_rope_head_dim`` values per token and
  layer. Decode uses the weight-absorbed form (attention over the latent:
  ``d_qk = kv_lora_rank + qk_rope_head_dim``, ``d_v = kv_lora_rank``); prefill uses the
  expanded form (``d_qk = qk_nope + qk_rope``, ``d_v = v_head_dim``), as DeepSeek's and
  SGLang's kernels do [1]_.
* Embedding and output-head weights stay at 16 bits when the rest is quantised, as NVIDIA
  ModelOpt and vLLM FP8/FP4 checkpoints do (``lm_head`` is excluded from quantisation).

References
----------
.. [1] DeepSeek-AI, "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts
   Language Model", arXiv:2405.04434, §2.1.2 (MLA, weight absorption at inference).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalog import Catalog, default_catalog
from ..catalog.cells import opt_float, opt_int
from ..errors import InputError, unknown_name
from ..hardware.accelerator import PRECISIONS

__all__ = ["LLM", "bytes_per_param", "get_model", "list_models"]

#: Precisions at or above this size [bytes/param] apply to embeddings too; narrower ones keep 16-bit embeddings.
_EMBED_MIN_BYTES = 1.0
#: Bytes of one value of the linear-attention recurrent state (kept in FP32 by lightning attention). [bytes]
_LINEAR_STATE_BYTES = 4.0


def bytes_per_param(precision: str, *, field: str = "precision") -> float:
    """Storage size of one weight or cache value at ``precision``. [bytes]

    Raises :class:`~infranomics.errors.UnknownNameError` naming ``field`` for an unknown precision.
    """
    p = str(precision).lower()
    if p not in PRECISIONS:
        raise unknown_name("precision", precision, PRECISIONS, field=field)
    return PRECISIONS[p]


@dataclass(frozen=True)
class LLM:
    """An LLM architecture (dense or mixture-of-experts) from its released config shapes.

    Attributes mirror the ``models`` dataset columns (see ``infranomics data schema models``).
    """

    name: str
    architecture: str  #: ``dense`` or ``moe``
    attention: str  #: ``mha``, ``gqa``, ``mqa``, ``mla`` or ``hybrid``
    total_params_b: float  #: published total parameters [billion]
    active_params_b: float  #: published active parameters per token [billion]
    layers: int
    hidden_size: int
    intermediate_size: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab_size: int
    context_length: int  #: maximum context [tokens]
    moe_intermediate_size: int | None = None
    dense_layers: int = 0
    q_lora_rank: int | None = None
    kv_lora_rank: int | None = None
    qk_rope_head_dim: int | None = None
    qk_nope_head_dim: int | None = None
    v_head_dim: int | None = None
    routed_experts: int = 0
    shared_experts: int = 0
    experts_per_token: int = 0
    sliding_window: int | None = None
    sliding_window_layer_share: float = 0.0
    linear_attention_layer_share: float = 0.0
    native_precision: str | None = None

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def from_row(cls, row: pd.Series) -> LLM:
        """Build from a row of the ``models`` dataset."""
        moe = str(row["architecture"]) == "moe"
        return cls(
            name=str(row["name"]), architecture=str(row["architecture"]), attention=str(row["attention"]),
            total_params_b=float(row["total_params_b"]), active_params_b=float(row["active_params_b"]),
            layers=int(row["layers"]), hidden_size=int(row["hidden_size"]),
            intermediate_size=int(row["intermediate_size"]), heads=int(row["heads"]),
            kv_heads=int(row["kv_heads"]), head_dim=int(row["head_dim"]), vocab_size=int(row["vocab_size"]),
            context_length=int(row["context_length"]),
            moe_intermediate_size=opt_int(row.get("moe_intermediate_size")),
            dense_layers=(opt_int(row.get("dense_layers")) or 0) if moe else 0,
            q_lora_rank=opt_int(row.get("q_lora_rank")), kv_lora_rank=opt_int(row.get("kv_lora_rank")),
            qk_rope_head_dim=opt_int(row.get("qk_rope_head_dim")),
            qk_nope_head_dim=opt_int(row.get("qk_nope_head_dim")), v_head_dim=opt_int(row.get("v_head_dim")),
            routed_experts=(opt_int(row.get("routed_experts")) or 0) if moe else 0,
            shared_experts=(opt_int(row.get("shared_experts")) or 0) if moe else 0,
            experts_per_token=(opt_int(row.get("experts_per_token")) or 0) if moe else 0,
            sliding_window=opt_int(row.get("sliding_window")),
            sliding_window_layer_share=opt_float(row.get("sliding_window_layer_share")) or 0.0,
            linear_attention_layer_share=opt_float(row.get("linear_attention_layer_share")) or 0.0,
            native_precision=None if pd.isna(row.get("native_precision")) else str(row.get("native_precision")),
        )

    # -- layer counts ------------------------------------------------------------------------
    @property
    def is_moe(self) -> bool:
        return self.architecture == "moe" and self.routed_experts > 0

    @property
    def is_mla(self) -> bool:
        return self.attention == "mla" and bool(self.kv_lora_rank)

    @property
    def moe_layers(self) -> int:
        """Layers whose FFN is a mixture of experts."""
        return self.layers - self.dense_layers if self.is_moe else 0

    @property
    def dense_ffn_layers(self) -> int:
        """Layers with a dense FFN."""
        return self.layers - self.moe_layers

    @property
    def linear_attention_layers(self) -> int:
        """Layers with linear (constant-state) attention."""
        return round(self.layers * self.linear_attention_layer_share)

    @property
    def sliding_layers(self) -> int:
        """Layers with sliding-window (or chunked-local) attention."""
        if not self.sliding_window:
            return 0
        return round(self.layers * self.sliding_window_layer_share)

    @property
    def full_attention_layers(self) -> int:
        """Layers with full softmax attention over the whole context."""
        return self.layers - self.sliding_layers - self.linear_attention_layers

    # -- parameters per component [count] ---------------------------------------------------
    @property
    def attention_params_per_layer(self) -> float:
        """Weights of one attention block (projections only). [-]"""
        d, h = self.hidden_size, self.heads
        if self.is_mla:
            rope = self.qk_rope_head_dim or 0
            nope = self.qk_nope_head_dim or (self.head_dim - rope)
            v = self.v_head_dim or nope
            qk = nope + rope
            q = d * self.q_lora_rank + self.q_lora_rank * h * qk if self.q_lora_rank else d * h * qk
            kv = d * (self.kv_lora_rank + rope) + self.kv_lora_rank * h * (nope + v)
            return float(q + kv + h * v * d)
        hd = self.head_dim
        return float(d * h * hd * 2 + d * self.kv_heads * hd * 2)

    @property
    def expert_params(self) -> float:
        """Weights of one routed expert (gate, up, down). [-]"""
        if not self.is_moe:
            return 0.0
        return 3.0 * self.hidden_size * float(self.moe_intermediate_size or self.intermediate_size)

    @property
    def dense_ffn_params(self) -> float:
        """Weights of one dense FFN block. [-]"""
        return 3.0 * self.hidden_size * self.intermediate_size

    @property
    def embedding_params(self) -> float:
        """Input embedding plus output head (untied). [-]"""
        return 2.0 * self.vocab_size * self.hidden_size

    @property
    def routed_expert_params(self) -> float:
        """All routed-expert weights of the model. [-]"""
        return self.moe_layers * self.routed_experts * self.expert_params

    @property
    def shared_params(self) -> float:
        """Weights every token uses in every layer except embeddings: attention, dense FFNs,
        shared experts and routers. [-]"""
        p = self.layers * self.attention_params_per_layer + self.dense_ffn_layers * self.dense_ffn_params
        if self.is_moe:
            p += self.moe_layers * (self.shared_experts * self.expert_params + self.hidden_size * self.routed_experts)
        return float(p)

    @property
    def params(self) -> float:
        """Total parameters computed from the shapes. [-]"""
        return self.shared_params + self.routed_expert_params + self.embedding_params

    @property
    def active_params(self) -> float:
        """Parameters one token uses (shared + k routed experts + embeddings), from the shapes. [-]"""
        return self.shared_params + self.moe_layers * self.experts_per_token * self.expert_params + self.embedding_params

    # -- weights by precision [bytes] --------------------------------------------------------
    def weight_bytes(self, precision: str = "bf16") -> dict[str, float]:
        """Weight storage by component at ``precision``. [bytes]

        Returns ``{"shared", "experts", "embeddings", "total"}``. Embeddings and the output head
        stay at 16 bits when ``precision`` is narrower than 8 bits per weight.
        """
        b = bytes_per_param(precision)
        be = max(b, 2.0) if b < _EMBED_MIN_BYTES else b
        out = {"shared": self.shared_params * b, "experts": self.routed_expert_params * b,
               "embeddings": self.embedding_params * be}
        out["total"] = out["shared"] + out["experts"] + out["embeddings"]
        return out

    # -- KV cache ----------------------------------------------------------------------------
    @property
    def kv_values_per_token_per_layer(self) -> int:
        """Values cached per token in one softmax-attention layer. [-]"""
        if self.is_mla:
            return int(self.kv_lora_rank + (self.qk_rope_head_dim or 0))
        return int(2 * self.kv_heads * self.head_dim)

    def kv_bytes_per_token(self, kv_precision: str = "bf16") -> float:
        """KV-cache bytes one token adds across all full-attention layers (short-context rate). [bytes/token]

        Sliding-window layers add the same per token until the window is full; see
        :meth:`kv_bytes_per_sequence` for the exact total at a context length.
        """
        b = bytes_per_param(kv_precision, field="kv_precision")
        return float((self.full_attention_layers + self.sliding_layers) * self.kv_values_per_token_per_layer * b)

    def linear_state_bytes(self) -> float:
        """Constant recurrent state of the linear-attention layers of one sequence. [bytes]"""
        return float(self.linear_attention_layers * self.heads * self.head_dim * self.head_dim * _LINEAR_STATE_BYTES)

    def kv_bytes_per_sequence(self, context, kv_precision: str = "bf16"):
        """KV-cache bytes of one sequence holding ``context`` tokens. [bytes]

        ``context`` broadcasts (scalar or array of token counts).
        """
        ctx = np.asarray(context, dtype=float)
        b = bytes_per_param(kv_precision, field="kv_precision")
        per = self.kv_values_per_token_per_layer * b
        full = self.full_attention_layers * per * ctx
        slid = self.sliding_layers * per * np.minimum(ctx, float(self.sliding_window or 0))
        out = full + slid + self.linear_state_bytes()
        return out.item() if out.ndim == 0 else out

    # -- FLOPs -------------------------------------------------------------------------------
    @property
    def linear_flops_per_token(self) -> float:
        """FLOPs of the linear layers for one token: 2 × active weights except the input embedding. [FLOP]"""
        return 2.0 * (self.active_params - self.vocab_size * self.hidden_size)

    def _attn_dims(self, phase: str) -> tuple[float, float]:
        if self.is_mla:
            rope = self.qk_rope_head_dim or 0
            if phase == "decode":
                return float(self.kv_lora_rank + rope), float(self.kv_lora_rank)
            nope = self.qk_nope_head_dim or (self.head_dim - rope)
            return float(nope + rope), float(self.v_head_dim or nope)
        return float(self.head_dim), float(self.head_dim)

    def attention_flops_per_token(self, context, phase: str = "decode"):
        """Attention FLOPs for one token attending over ``context`` earlier tokens. [FLOP]

        ``phase`` is ``"decode"`` (MLA in absorbed form) or ``"prefill"``. Broadcasts over ``context``.
        """
        ctx = np.asarray(context, dtype=float)
        dqk, dv = self._attn_dims(phase)
        per = 2.0 * self.heads * (dqk + dv)
        full = self.full_attention_layers * per * ctx
        slid = self.sliding_layers * per * np.minimum(ctx, float(self.sliding_window or 0))
        lin = self.linear_attention_layers * 4.0 * self.heads * self.head_dim * self.head_dim
        out = full + slid + lin
        return out.item() if out.ndim == 0 else out

    def flops_per_token(self, context, phase: str = "decode"):
        """Total FLOPs for one token at ``context``: linear layers plus attention. [FLOP]"""
        out = self.linear_flops_per_token + np.asarray(self.attention_flops_per_token(context, phase))
        return out.item() if np.ndim(out) == 0 else out

    def prefill_flops(self, new_tokens, cached_tokens=0):
        """FLOPs to prefill ``new_tokens`` after ``cached_tokens`` already in the KV cache (causal). [FLOP]

        Each new token attends over the cached prefix and the new tokens before it, on average
        ``cached + (new + 1) / 2`` tokens. Broadcasts.
        """
        n = np.asarray(new_tokens, dtype=float)
        c = np.asarray(cached_tokens, dtype=float)
        avg_ctx = c + (n + 1.0) / 2.0
        out = n * self.flops_per_token(avg_ctx, "prefill")
        return out.item() if np.ndim(out) == 0 else out

    # -- summaries ---------------------------------------------------------------------------
    def summary(self) -> dict:
        """Key derived figures (for the CLI and docs)."""
        return {
            "name": self.name, "architecture": self.architecture, "attention": self.attention,
            "params_b": self.params / 1e9, "active_params_b": self.active_params / 1e9,
            "published_params_b": self.total_params_b, "published_active_params_b": self.active_params_b,
            "kv_bytes_per_token_bf16": self.kv_bytes_per_token("bf16"),
            "linear_gflops_per_token": self.linear_flops_per_token / 1e9,
        }


def get_model(name: str, catalog: Catalog | None = None) -> LLM:
    """Look up an LLM architecture by name or alias (did-you-mean on a miss)."""
    if not str(name).strip():
        raise InputError("model name is empty", field="model")
    cat = catalog if catalog is not None else default_catalog()
    return LLM.from_row(cat.find("models", name))


def list_models(catalog: Catalog | None = None) -> list[str]:
    """Names of every model in the catalog."""
    cat = catalog if catalog is not None else default_catalog()
    return cat.load("models")["name"].astype(str).tolist()
