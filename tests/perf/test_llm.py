"""The LLM architecture record: parameter counts, weight bytes, KV cache and FLOPs from config shapes."""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.errors import InputError, UnknownNameError
from infranomics.llm import LLM, bytes_per_param, get_model, list_models


@pytest.mark.parametrize("name", list_models())
def test_param_counts_reconcile_with_published(name):
    # shapes rebuild the published totals; 6 % covers tied embeddings counted as untied (Gemma-3:
    # +1.4B), biases, routers and the rounding of names like "70B" (Llama-2-70B computes to 69.0B)
    m = get_model(name)
    assert m.params == pytest.approx(m.total_params_b * 1e9, rel=0.06)


@pytest.mark.parametrize("name", ["Llama-2-70B", "Llama-3.1-8B", "DeepSeek-V3", "Qwen3-235B-A22B", "Mixtral-8x7B"])
def test_active_params_reconcile(name):
    m = get_model(name)
    assert m.active_params == pytest.approx(m.active_params_b * 1e9, rel=0.06)


def test_llama2_70b_kv_bytes_per_token_fp8():
    # 80 layers × (K + V) × 8 KV heads × 128 dims × 1 byte
    assert get_model("Llama-2-70B").kv_bytes_per_token("fp8") == 80 * 2 * 8 * 128


def test_mla_caches_the_latent_only():
    m = get_model("DeepSeek-V3")
    assert m.is_mla
    # 61 layers × (kv_lora_rank 512 + rope 64) × 2 bytes
    assert m.kv_bytes_per_token("bf16") == 61 * 576 * 2
    assert m.kv_bytes_per_token("bf16") < get_model("Llama-3.1-70B").kv_bytes_per_token("bf16") / 4


def test_sliding_window_layers_stop_growing():
    m = get_model("gpt-oss-120b")  # 128-token window on half the layers
    assert m.sliding_layers == 18 and m.full_attention_layers == 18
    short, long_ = m.kv_bytes_per_sequence([200, 10_000], "bf16")
    per = m.kv_values_per_token_per_layer * 2
    assert long_ - short == pytest.approx(18 * per * 9_800)  # only full layers grow past the window


def test_linear_attention_state_is_constant():
    m = get_model("MiniMax-M1")
    assert m.linear_attention_layers == 70
    a, b = m.kv_bytes_per_sequence([1, 2], "bf16")
    assert b - a == pytest.approx(m.full_attention_layers * m.kv_values_per_token_per_layer * 2)
    assert a > m.linear_state_bytes() > 0


def test_weight_bytes_by_precision():
    m = get_model("Llama-3.1-8B")
    bf16, fp8, fp4 = (m.weight_bytes(p)["total"] for p in ("bf16", "fp8", "fp4"))
    assert fp8 == pytest.approx(bf16 / 2, rel=1e-9)
    # 4-bit weights keep 16-bit embeddings and output head
    assert fp4 == pytest.approx((m.shared_params + m.routed_expert_params) * 0.5 + m.embedding_params * 2)


def test_flops_per_token_is_twice_active_linear_weights_plus_attention():
    m = get_model("Llama-2-70B")
    f0 = m.flops_per_token(0)
    assert f0 == pytest.approx(2 * (m.active_params - m.vocab_size * m.hidden_size))
    # attention adds 2 · H · (d_k + d_v) per cached token per layer
    assert m.flops_per_token(1000) - f0 == pytest.approx(80 * 2 * 64 * 256 * 1000)


def test_mla_decode_uses_absorbed_attention():
    m = get_model("DeepSeek-V3")
    assert m.attention_flops_per_token(1000, "decode") > m.attention_flops_per_token(1000, "prefill")


def test_moe_linear_flops_count_only_active_experts():
    m = get_model("DeepSeek-V3")
    assert m.linear_flops_per_token < 2 * 40e9
    assert m.moe_layers == 58 and m.dense_ffn_layers == 3


def test_prefill_flops_causal_average():
    m = get_model("Llama-3.1-8B")
    n = 1000
    assert m.prefill_flops(n) == pytest.approx(n * m.flops_per_token((n + 1) / 2, "prefill"))
    assert m.prefill_flops(n, cached_tokens=500) > m.prefill_flops(n)


def test_methods_broadcast():
    m = get_model("Llama-3.1-8B")
    out = m.kv_bytes_per_sequence(np.array([1, 10, 100]), "fp8")
    assert out.shape == (3,) and np.all(np.diff(out) > 0)


def test_unknown_model_has_did_you_mean():
    with pytest.raises(UnknownNameError, match=r"did you mean 'Llama-3\.3-70B'"):
        get_model("Llama-3.3-70")


def test_empty_model_name():
    with pytest.raises(InputError, match="model name is empty"):
        get_model("  ")


def test_unknown_precision():
    with pytest.raises(UnknownNameError, match="unknown precision 'fp7'"):
        bytes_per_param("fp7")


def test_record_is_frozen():
    m = get_model("Llama-3.1-8B")
    assert isinstance(m, LLM)
    with pytest.raises(AttributeError):
        m.layers = 3
