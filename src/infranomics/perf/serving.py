"""Step times and steady-state serving rates of one model instance (vectorised over batch sizes).

An :class:`Instance` is one copy of a model on ``tp × ep`` accelerators with a calibration.
Its methods take numpy arrays of batch sizes (or prefill chunk sizes) and return arrays, so a
whole batch sweep or Pareto frontier is one call.

The engine step
---------------
One step of a continuous-batching engine advances ``B`` decoding sequences by one token and
prefills ``P`` prompt tokens (chunked prefill mixes them into the same step). Per GPU:

* shared linear layers: ``t_lin = max(T·F_lin/g / (peak·η_f), W / (bw·η_b))`` with ``T = B + P``
  tokens, ``g = tp·ep`` GPUs and ``W`` the shared weight bytes ``/tp``;
* routed experts (MoE): the same roofline for the expert FLOPs and for the bytes of the expected
  distinct experts the ``T`` tokens touch (:func:`~infranomics.perf.moe.expected_distinct_experts`),
  divided by ``η_moe`` — grouped GEMMs, token permutation and expert load imbalance make expert
  layers slower than dense ones; with 4-bit weights the expert FLOPs run at no more than the FP8 peak
  (:data:`EXPERT_PEAK_CAP_PRECISIONS`);
* attention: ``t_att = max(F_att/g / (peak_att·η_f), KV / (bw·η_b))`` with the KV bytes of the
  ``B/ep`` sequences of each attention group split over ``min(tp, kv_heads)`` GPUs (MLA: replicated);
* communication: two ring all-reduces per layer over ``tp`` and, for MoE with ``ep > 1``, an
  expert dispatch (FP8 when weights are ≤ 8-bit) and combine (BF16) per MoE layer
  (:func:`~infranomics.perf.comm.expert_dispatch_time`), hidden behind compute when the stack
  overlaps two micro-batches (``comm_overlap``, as DeepSeek, SGLang and CloudMatrix do);
* a fixed overhead ``step_overhead_s`` per layer per step (kernel launches, synchronisation; calibrated).

Steady state (aggregated serving): with ``B`` sequences decoding, ``B/O`` requests finish per
step, so ``P = B · I_u / O`` prompt tokens must be prefilled per step to keep the batch full
(``I_u`` uncached input, ``O`` output tokens). Output rate per GPU is ``B / (t_step · g)``; the time
per output token is ``t_step``; time to first token is the prefill of one prompt alone plus one
step. Disaggregated serving runs prefill-only steps in one pool and decode-only steps in another.
"""

from __future__ import annotations

import numpy as np

from ..hardware.accelerator import Accelerator
from ..llm import LLM, bytes_per_param
from .calibration import Calibration
from .comm import LINK_EFFICIENCY, allreduce_time, expert_dispatch_time, group_bandwidth
from .deployment import Parallelism
from .memory import (
    BYTES_PER_GB,
    DEFAULT_MEMORY_UTILIZATION,
    RUNTIME_RESERVE_GB,
    kv_capacity_bytes,
    max_sequences,
    weights_per_gpu_bytes,
)
from .moe import expected_distinct_experts
from .roofline import compute_time, memory_time
from .workload import Workload

__all__ = ["ACTIVATION_BYTES", "DEFAULT_SCALEOUT_GBIT_S", "EXPERT_PEAK_CAP_PRECISIONS", "Instance"]

#: Bytes per activation value exchanged in all-reduce and MoE combine (BF16). [bytes]
ACTIVATION_BYTES = 2.0
#: Scale-out bandwidth per GPU when the catalog has none. [Gb/s] Source: assumption — one 400 Gb/s
#: NIC per GPU (ConnectX-7 InfiniBand/RoCE in HGX H100/H200/B200 reference designs).
DEFAULT_SCALEOUT_GBIT_S = 400.0
#: Weight precisions whose routed-expert GEMMs are capped at the accelerator's FP8 peak. [-]
#: Source: assumption, argued and tested against the catalog — a routed expert sees only ``T·k/E`` tokens
#: per step (tens to a few hundred), so its grouped GEMM runs at small M where 4-bit kernels are limited by
#: block-scale handling, tile quantisation and the permute/scatter around them, not by the 4-bit tensor rate;
#: dense 4-bit GEMMs (all ``T`` tokens on one weight) do reach it. With the cap, the Blackwell MoE cases at
#: FP4 (TensorRT-LLM Qwen3, Llama 4, DeepSeek-R1) and at FP8 (SGLang GB200) agree on one ``moe_eff``; without it
#: ``moe_eff`` fitted on FP4 cases (measured against 2× the FP8 peak) halves the FP8 expert rate.
EXPERT_PEAK_CAP_PRECISIONS = frozenset({"fp4", "nvfp4", "mxfp4", "int4"})
#: Scale-up bandwidth (bidirectional) when the catalog has none, i.e. PCIe Gen5 x16. [GB/s]
DEFAULT_SCALEUP_GB_S = 128.0


class Instance:
    """One model instance: ``llm`` on ``layout.gpus`` accelerators of type ``acc``.

    Parameters
    ----------
    llm, acc : LLM, Accelerator
    layout : Parallelism
    precision, kv_precision : str
        Weight/compute and KV-cache precision.
    calibration : Calibration
    memory_utilization : float
        Share of the HBM left after weights that the KV cache may use. [fraction]
    max_batch : int or None
        Scheduler cap on sequences per attention group. [sequences]
    mtp_draft_tokens : int
        Draft tokens verified per sequence per decode step (multi-token prediction / speculative
        decoding); 0 = off. [tokens]
    mtp_accept : float
        Expected accepted draft tokens per sequence per step, ``0 <= mtp_accept <= mtp_draft_tokens``
        (accept length − 1). [tokens]
    """

    def __init__(self, llm: LLM, acc: Accelerator, layout: Parallelism, precision: str, kv_precision: str,
                 calibration: Calibration, memory_utilization: float = DEFAULT_MEMORY_UTILIZATION,
                 max_batch: int | None = None, mtp_draft_tokens: int = 0, mtp_accept: float = 0.0) -> None:
        self.llm, self.acc, self.layout = llm, acc, layout
        self.precision, self.kv_precision, self.cal = precision, kv_precision, calibration
        self.memory_utilization = memory_utilization
        self.max_batch = max_batch
        self.mtp_draft_tokens, self.mtp_accept = int(mtp_draft_tokens), float(mtp_accept)
        #: output tokens per decoding sequence per step [tokens]
        self.tokens_per_step = 1.0 + self.mtp_accept
        tp, ep = layout.tp, layout.ep
        self.tp, self.ep, self.g = tp, ep, tp * ep
        wb = llm.weight_bytes(precision)
        self.weight_bytes_total = wb["total"]
        self.weights_per_gpu = weights_per_gpu_bytes(wb["shared"] + wb["embeddings"], wb["experts"], tp, ep)
        self.shared_read_per_gpu = (wb["shared"] + wb["embeddings"]) / tp
        self.expert_bytes_per_gpu = llm.expert_params * bytes_per_param(precision) / tp  # one expert's slice
        self.expert_flops_per_token = 2.0 * llm.moe_layers * llm.experts_per_token * llm.expert_params
        self.hbm_bytes = acc.hbm_gb * BYTES_PER_GB
        self.kv_capacity_per_gpu = kv_capacity_bytes(self.hbm_bytes, self.weights_per_gpu, memory_utilization,
                                                     RUNTIME_RESERVE_GB * BYTES_PER_GB)
        self.kv_split = 1 if llm.is_mla else max(1, min(tp, llm.kv_heads))
        self.peak_linear = acc.peak_tflops(precision) * 1e12
        # routed experts: 4-bit weights halve the bytes read, but the grouped GEMMs compute at no more than
        # the 8-bit peak (see EXPERT_PEAK_CAP_PRECISIONS)
        self.peak_expert = self.peak_linear
        if precision.lower() in EXPERT_PEAK_CAP_PRECISIONS and acc.fp8_tflops:
            self.peak_expert = min(self.peak_linear, acc.fp8_tflops * 1e12)
        kv8 = kv_precision in ("fp8", "int8") and acc.fp8_tflops
        self.peak_attention = (acc.fp8_tflops if kv8 else acc.bf16_tflops) * 1e12
        self.bandwidth = acc.hbm_tbps * 1e12
        up = (acc.scaleup_gb_s or DEFAULT_SCALEUP_GB_S) / 2.0 * 1e9 * LINK_EFFICIENCY
        out = (acc.scaleout_gbit_s or DEFAULT_SCALEOUT_GBIT_S) / 8.0 * 1e9 * LINK_EFFICIENCY
        self.scaleup_bw, self.scaleout_bw = up, out
        self.domain = acc.scaleup_domain or 8
        self.tp_bw = group_bandwidth(tp, self.domain, up, out)
        self.dispatch_bytes = 1.0 if bytes_per_param(precision) <= 1.0 else ACTIVATION_BYTES

    # -- memory --------------------------------------------------------------------------------
    @property
    def fits(self) -> bool:
        """True when the weights leave room for KV cache on every GPU."""
        return self.kv_capacity_per_gpu > 0

    def kv_bytes_per_gpu(self, batch, context):
        """KV bytes one GPU holds for ``batch`` sequences of the instance at ``context``. [bytes]"""
        per_seq = np.asarray(self.llm.kv_bytes_per_sequence(context, self.kv_precision))
        return np.asarray(batch, dtype=float) / self.ep * per_seq / self.kv_split

    def max_batch_size(self, workload: Workload) -> int:
        """Most concurrent sequences of ``workload`` the instance holds (0: not even one). [sequences]

        Uses the average occupancy ``input + output/2`` of a steady continuous batch, and requires
        one full-length sequence (``input + output``) to fit.
        """
        if not self.fits:
            return 0
        longest = self.kv_bytes_per_gpu(self.ep, workload.max_context)
        if float(longest) > self.kv_capacity_per_gpu:
            return 0
        per = self.llm.kv_bytes_per_sequence(workload.decode_context, self.kv_precision)
        return int(max_sequences(self.kv_capacity_per_gpu, per, self.kv_split, self.ep, self.max_batch))

    def memory_per_gpu(self, batch, context) -> np.ndarray:
        """Weights + KV cache + runtime reserve on one GPU. [bytes]"""
        return self.weights_per_gpu + self.kv_bytes_per_gpu(batch, context) + RUNTIME_RESERVE_GB * BYTES_PER_GB

    # -- one engine step ---------------------------------------------------------------------------
    def step(self, batch, prefill_tokens, decode_context, prefill_context) -> dict[str, np.ndarray]:
        """Time of one engine step and its parts (all per GPU). Broadcasts over the inputs.

        Parameters
        ----------
        batch : numeric
            Decoding sequences in the instance (one new token each). [sequences]
        prefill_tokens : numeric
            Prompt tokens prefilled in the step. [tokens]
        decode_context, prefill_context : numeric
            Average context of decoding sequences / of prefilled tokens. [tokens]

        Returns
        -------
        dict with ``t_step``, ``t_compute`` (compute-bound parts), ``t_memory`` (memory-bound
        parts), ``t_comm`` (exposed communication), ``t_overhead`` [s] and ``bound`` (str array).
        With multi-token prediction each decoding sequence verifies ``1 + k`` tokens and the step
        includes the ``k`` draft passes (see the module doc).
        """
        k = self.mtp_draft_tokens
        if k == 0:
            return self._step(batch, prefill_tokens, decode_context, prefill_context, 0)
        main = self._step(batch, prefill_tokens, decode_context, prefill_context, k)
        plain = self._step(batch, 0.0, decode_context, prefill_context, 0)
        # k sequential passes of a one-layer draft module at batch B (none when no sequence decodes)
        share = np.where(np.asarray(batch, dtype=float) > 0, k / self.llm.layers, 0.0)
        out = dict(main)
        for key in ("t_step", "t_compute", "t_memory", "t_comm", "t_overhead"):
            out[key] = main[key] + share * plain[key]
        return out

    def _step(self, batch, prefill_tokens, decode_context, prefill_context, k: int) -> dict[str, np.ndarray]:
        m, cal = self.llm, self.cal
        b_seq = np.asarray(batch, dtype=float)
        b = b_seq * (1 + k) if k else b_seq  # decode tokens verified per step
        p = np.asarray(prefill_tokens, dtype=float)
        tokens = b + p
        f_exp = tokens * self.expert_flops_per_token / self.g
        f_lin = tokens * m.linear_flops_per_token / self.g - f_exp
        w = np.full_like(tokens, self.shared_read_per_gpu)
        w_exp = np.zeros_like(tokens)
        if m.is_moe:
            distinct = expected_distinct_experts(m.routed_experts, m.experts_per_token, tokens)
            w_exp = m.moe_layers * np.asarray(distinct) / self.ep * self.expert_bytes_per_gpu
        f_att = (b * np.asarray(m.attention_flops_per_token(decode_context, "decode"))
                 + p * np.asarray(m.attention_flops_per_token(prefill_context, "prefill"))) / self.g
        kv = self.kv_bytes_per_gpu(b_seq, np.asarray(decode_context, dtype=float) + k if k else decode_context)
        c_lin = compute_time(f_lin, self.peak_linear, cal.flops_eff)
        m_lin = memory_time(w, self.bandwidth, cal.bw_eff)
        c_exp = compute_time(f_exp, self.peak_expert, cal.flops_eff * cal.moe_eff)
        m_exp = memory_time(w_exp, self.bandwidth, cal.bw_eff * cal.moe_eff)
        c_att = compute_time(f_att, self.peak_attention, cal.flops_eff)
        m_att = memory_time(kv, self.bandwidth, cal.bw_eff)
        t_gpu = np.maximum(c_lin, m_lin) + np.maximum(c_exp, m_exp) + np.maximum(c_att, m_att)
        t_ar = np.zeros_like(tokens)
        if self.tp > 1:
            msg = tokens / self.ep * m.hidden_size * ACTIVATION_BYTES
            t_ar = 2.0 * m.layers * np.asarray(allreduce_time(msg, self.tp, self.tp_bw))
        t_a2a = np.zeros_like(tokens)
        if m.is_moe and self.ep > 1:
            per_gpu = tokens / self.g
            t_a2a = m.moe_layers * sum(
                np.asarray(expert_dispatch_time(per_gpu, m.experts_per_token, m.hidden_size * nbytes, self.g,
                                                self.domain, self.scaleup_bw, self.scaleout_bw))
                for nbytes in (self.dispatch_bytes, ACTIVATION_BYTES))
        # two-batch overlap hides all-to-all and all-reduce behind the other micro-batch's compute
        exposed = np.maximum(t_a2a + t_ar - t_gpu, 0.0) if cal.comm_overlap else t_a2a + t_ar
        overhead = cal.step_overhead_s * m.layers
        t_step = t_gpu + exposed + overhead
        t_compute = sum(np.where(c >= mm, c, 0.0) for c, mm in ((c_lin, m_lin), (c_exp, m_exp), (c_att, m_att)))
        t_memory = sum(np.where(c < mm, mm, 0.0) for c, mm in ((c_lin, m_lin), (c_exp, m_exp), (c_att, m_att)))
        parts = np.stack([t_compute, t_memory, exposed])
        bound = np.array(["compute", "memory", "communication"])[np.argmax(parts, axis=0)]
        return {"t_step": t_step, "t_compute": t_compute, "t_memory": t_memory, "t_comm": exposed,
                "t_overhead": np.full_like(t_step, overhead), "bound": bound}

    # -- serving modes ----------------------------------------------------------------------------
    def prefill_alone_time(self, workload: Workload) -> float:
        """Time to prefill one prompt on an otherwise idle instance. [s]"""
        ep_tokens = workload.uncached_input_tokens
        t = self.step(0.0, ep_tokens, 0.0, workload.prefill_context)["t_step"]
        return float(t)

    def aggregated(self, workload: Workload, batch) -> dict[str, np.ndarray]:
        """Steady-state rates of aggregated serving at decode batch ``batch`` (array). See module doc."""
        b = np.asarray(batch, dtype=float)
        i, o = workload.input_tokens, workload.output_tokens
        n = self.tokens_per_step
        y = b * n if self.mtp_draft_tokens else b  # output tokens per step
        p = y * workload.uncached_input_tokens / o
        s = self.step(b, p, workload.decode_context, workload.prefill_context)
        d = self.step(b, 0.0, workload.decode_context, workload.prefill_context)
        t = s["t_step"]
        tpot = t / n if self.mtp_draft_tokens else t
        out = y / (t * self.g)
        gpu_s = self.g * t * o / y
        dec_s = self.g * d["t_step"] * o / y
        return {
            "batch_size": b, "output_tokens_per_s_per_gpu": out, "input_tokens_per_s_per_gpu": out * i / o,
            "tpot_s": tpot, "ttft_s": self.prefill_alone_time(workload) + t, "tokens_per_s_per_user": 1.0 / tpot,
            "decode_gpu_seconds_per_request": np.minimum(dec_s, gpu_s),
            "prefill_gpu_seconds_per_request": np.maximum(gpu_s - dec_s, 0.0),
            "memory_per_gpu": self.memory_per_gpu(b, workload.decode_context), "bound": s["bound"],
            "t_compute": s["t_compute"], "t_memory": s["t_memory"], "t_comm": s["t_comm"],
            "t_overhead": s["t_overhead"],
        }

    def decode_pool(self, workload: Workload, batch) -> dict[str, np.ndarray]:
        """Rates of a decode-only pool (disaggregated) at batch ``batch`` (array)."""
        b = np.asarray(batch, dtype=float)
        s = self.step(b, 0.0, workload.decode_context, workload.prefill_context)
        t = s["t_step"]
        if self.mtp_draft_tokens:
            out = b * self.tokens_per_step / (t * self.g)
            t = t / self.tokens_per_step
        else:
            out = b / (t * self.g)
        return {"batch_size": b, "decode_tokens_per_s_per_gpu": out, "tpot_s": t, "tokens_per_s_per_user": 1.0 / t,
                "memory_per_gpu": self.memory_per_gpu(b, workload.decode_context), "bound": s["bound"],
                "t_compute": s["t_compute"], "t_memory": s["t_memory"], "t_comm": s["t_comm"],
                "t_overhead": s["t_overhead"]}

    def prefill_pool(self, workload: Workload, chunk_tokens) -> dict[str, np.ndarray]:
        """Rates of a prefill-only pool with ``chunk_tokens`` per attention group per step (array).

        Input rate counts cached tokens too (as DeepSeek reports it). Time to first token in the
        pool: half a step of waiting plus the steps the prompt needs, plus the KV transfer to the
        decode pool over the scale-out network.
        """
        s_tok = np.asarray(chunk_tokens, dtype=float) * self.ep
        st = self.step(0.0, s_tok, 0.0, workload.prefill_context)
        t = st["t_step"]
        uncached_rate = s_tok / (t * self.g)
        steps = np.maximum(1.0, workload.uncached_input_tokens / np.maximum(s_tok / self.ep, 1.0))
        kv = float(self.llm.kv_bytes_per_sequence(workload.input_tokens, self.kv_precision))
        transfer = kv / (self.scaleout_bw * self.tp)
        return {"chunk_tokens": np.asarray(chunk_tokens, dtype=float),
                "prefill_tokens_per_s_per_gpu": uncached_rate / (1.0 - workload.cache_hit),
                "uncached_tokens_per_s_per_gpu": uncached_rate, "ttft_prefill_s": t * (0.5 + steps) + transfer,
                "bound": st["bound"], "t_step": t}
