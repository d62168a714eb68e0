"""Inference-performance API and page: tokens/s per accelerator, latency and memory fit
(:func:`infranomics.perf.estimate`, :func:`infranomics.perf.frontier`)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ... import perf
from ..._json import jsonable, records
from ...catalog import Catalog
from ...hardware import PRECISIONS
from ..deps import CatalogDep
from ..errors import ERROR_RESPONSES, WORK_LIMIT_FIELDS, ApiError, note_codes_field
from ..registry import Control, Domain, Page

__all__ = ["DOMAIN", "PerfRequest"]

MAX_FRONTIER_POINTS = 5000
MAX_GPUS = 4096
WORK_LIMIT_FIELDS.update({"gpus"})


class PerfRequest(BaseModel):
    """A model served on an accelerator: workload, deployment and (optionally) latency targets."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    model: str = Field(min_length=1, max_length=80, description="LLM from the `models` dataset.",
                       examples=["Llama-3.1-70B"])
    gpu: str = Field(min_length=1, max_length=80, description="Accelerator from the `accelerators` dataset.",
                     examples=["H100-SXM"])
    workload: Literal["mlperf-llama2", "chat-1k1k", "reasoning-1k8k", "summarize-8k1k"] | None = Field(
        None, description="A named workload, instead of input_tokens/output_tokens/cache_hit.")
    input_tokens: float = Field(1000, ge=1, le=1_000_000, description="Prompt length per request. [tok]")
    output_tokens: float = Field(1000, ge=1, le=200_000, description="Generated tokens per request. [tok]")
    cache_hit: float = Field(0.0, ge=0, le=1, description="Share of input tokens served from a prefix cache. "
                             "[fraction]")
    gpus: int | None = Field(None, ge=1, le=MAX_GPUS, description="Accelerators in the deployment (default: the "
                             f"fewest that fit, searched; at most {MAX_GPUS}). [accelerators]")
    tp: int | None = Field(None, ge=1, le=1024, description="Tensor-parallel degree. [-]")
    ep: int | None = Field(None, ge=1, le=1024, description="Expert-parallel degree. [-]")
    mode: Literal["aggregated", "disaggregated"] | None = Field(None, description="One pool for prefill and "
                                                                "decode, or separate pools (default: the better).")
    precision: str | None = Field(None, max_length=16, description="Weights/compute precision: "
                                  + ", ".join(PRECISIONS) + " (default: the best the chip supports).")
    kv_precision: str | None = Field(None, max_length=16, description="KV-cache precision.")
    stack: str | None = Field(None, max_length=32, description="Serving-stack calibration (see the "
                              "perf_calibration dataset).")
    max_batch: int | None = Field(None, ge=1, le=100_000, description="Largest batch allowed. [sequences]")
    ttft_max_s: float | None = Field(None, gt=0, le=3600, description="Latency target: time to first token. "
                                     "Giving a target turns on the SLO scenario. [s]")
    tpot_max_s: float | None = Field(None, gt=0, le=60, description="Latency target: time per output token. [s]")
    percentile: Literal["p99", "mean"] = Field("p99", description="Whether targets are p99 tail latencies or means.")


class FrontierRequest(PerfRequest):
    pareto_only: bool = Field(True, description="Keep only points no other point beats on both axes.")


class PerfResponse(BaseModel):
    """``PerfResult.to_dict()``: rates per accelerator averaged over the deployment."""

    model_config = ConfigDict(extra="allow")

    model: str
    gpu: str
    output_tokens_per_s_per_gpu: float | None = Field(description="Output tokens per second per accelerator. "
                                                      "[tok/s]")
    input_tokens_per_s_per_gpu: float | None = Field(description="Input tokens per second per accelerator. [tok/s]")
    ttft_s: float | None = Field(description="Time to first token. [s]")
    tpot_s: float | None = Field(description="Time per output token. [s]")
    tokens_per_s_per_user: float | None = Field(description="Decode speed one user sees. [tok/s]")
    batch_size: float | None = Field(description="Concurrent sequences per instance. [sequences]")
    gpus: int = Field(description="Accelerators in the deployment.")
    memory_gb_per_gpu: float | None = Field(description="Memory used per accelerator. [GB]")
    bound: str | None = Field(description="What limits a step: compute, memory or communication.")
    layout: str = Field(description="Deployment layout in words.")
    precision: str
    mode: str
    calibration: dict = Field(description="Efficiency factors used and how well they fit measurements.")
    warnings: list[str] = Field(default_factory=list)
    warning_codes: list[dict | None] = note_codes_field("warnings")


class FrontierPoint(BaseModel):
    mode: str
    layout: str
    tp: int
    ep: int
    batch_size: float = Field(description="[sequences]")
    tokens_per_s_per_user: float | None = Field(description="[tok/s]")
    output_tokens_per_s_per_gpu: float | None = Field(description="[tok/s]")
    ttft_s: float | None = Field(description="[s]; null for a disaggregated decode pool.")
    tpot_s: float | None = Field(description="[s]")
    memory_gb_per_gpu: float | None = Field(description="[GB]")
    bound: str | None


class FrontierResponse(BaseModel):
    model: str
    gpu: str
    points: list[FrontierPoint]


def _args(req: PerfRequest) -> tuple[object, dict]:
    workload = req.workload or perf.Workload(req.input_tokens, req.output_tokens, req.cache_hit)
    dep = {k: getattr(req, k) for k in ("gpus", "tp", "ep", "mode", "precision", "kv_precision", "stack",
                                        "max_batch") if getattr(req, k) is not None}
    return workload, dep


def _slo(req: PerfRequest):
    if req.ttft_max_s is None and req.tpot_max_s is None:
        return None
    return perf.SLO(ttft_max_s=req.ttft_max_s, tpot_max_s=req.tpot_max_s, percentile=req.percentile)


router = APIRouter(prefix="/perf", tags=["perf"], responses=ERROR_RESPONSES)


@router.post("", response_model=PerfResponse, response_model_exclude_unset=True,
             summary="Throughput, latency and memory of a deployment")
def estimate(req: PerfRequest, catalog: CatalogDep) -> dict:
    """The best deployment of ``model`` on ``gpu`` for the workload (``infranomics perf --json``):
    maximum output tokens/s per accelerator, within the latency targets when given."""
    workload, dep = _args(req)
    return jsonable(perf.estimate(req.model, req.gpu, workload, slo=_slo(req), catalog=catalog, **dep).to_dict())


@router.post("/frontier", response_model=FrontierResponse, summary="Throughput per GPU against speed per user")
def frontier(req: FrontierRequest, catalog: CatalogDep) -> dict:
    """Output tokens/s per accelerator against tokens/s per user over batch sizes and layouts: the
    trade-off between serving cost and user experience. Latency targets are ignored here."""
    workload, dep = _args(req)
    df = perf.frontier(req.model, req.gpu, workload, catalog=catalog, pareto_only=req.pareto_only, **dep)
    if len(df) > MAX_FRONTIER_POINTS:
        raise ApiError(422, f"the frontier has {len(df):,} points, over the limit of {MAX_FRONTIER_POINTS:,} one "
                            "request may return; set pareto_only, or fix gpus/tp/ep", field="pareto_only")
    return {"model": req.model, "gpu": req.gpu, "points": records(df)}


def precision_options(catalog: Catalog) -> list[dict]:
    return [{"value": p, "label": p} for p in PRECISIONS]


def workload_options(catalog: Catalog) -> list[dict]:
    return [{"value": k, "label": f"{k} ({w.input_tokens:g} → {w.output_tokens:g})"} for k, w in perf.WORKLOADS.items()]


DOMAIN = Domain(
    name="perf",
    router=router,
    pages=(Page("perf", order=30, sources=("models", "accelerators", "perf_calibration", "perf_measurements"),
                controls=(
                    Control("model", "select", default="Llama-3.1-70B", options_from="models"),
                    Control("gpu", "select", default="H100-SXM", options_from="accelerators"),
                    Control("workload", "select", default="", options_from="workloads", optional=True),
                    Control("input_tokens", "number", default=1000, min=1, max=1_000_000, step=1, unit="tok"),
                    Control("output_tokens", "number", default=1000, min=1, max=200_000, step=1, unit="tok"),
                    Control("cache_hit", "slider", default=0.0, min=0, max=1, step=0.05, unit="fraction"),
                    Control("precision", "select", default="", options_from="precisions", optional=True),
                    Control("tpot_max_s", "number", default=None, min=0.001, max=60, step=0.005, unit="s",
                            optional=True),
                    Control("ttft_max_s", "number", default=None, min=0.01, max=3600, step=0.1, unit="s",
                            optional=True),
                    Control("gpus", "number", default=None, min=1, max=MAX_GPUS, step=1, unit="accelerators",
                            optional=True, group="advanced"),
                    Control("mode", "select", default="", options=("aggregated", "disaggregated"), optional=True,
                            group="advanced"),
                )),),
    option_sources={"precisions": precision_options, "workloads": workload_options},
)
