"""``infranomics perf``: tokens/s per GPU, latency and memory fit of a model on an accelerator.

``infranomics perf --model M --gpu G [...]`` prints the best deployment for the scenario;
``infranomics perf frontier --model M --gpu G [...]`` prints the Pareto frontier of throughput per
GPU against tokens per second per user; ``infranomics perf cases`` lists the published measurements
the model is calibrated and validated on, with its prediction for each.

The flags and the ``--json`` field names are a public contract (see docs/perf.md).
"""

from __future__ import annotations

import typer

from ..errors import InputError
from ..perf import SLO, Deployment, Workload, estimate, frontier, get_workload
from ..perf.cases import run_cases
from .main import state
from .render import console, err_console, print_json, print_kv, print_table

app = typer.Typer(help="Inference performance: tokens/s per GPU, TTFT/TPOT, memory fit, Pareto frontier.",
                  invoke_without_command=True)

_MODEL = typer.Option(None, "--model", "-m", help="Model name or alias from the models dataset.")
_GPU = typer.Option(None, "--gpu", "-g", help="Accelerator name or alias from the accelerators dataset.")
_GPUS = typer.Option(None, "--gpus", help="Accelerators available (default: one instance of the best layout).")
_TP = typer.Option(None, "--tp", help="Tensor-parallel degree (default: searched).")
_EP = typer.Option(None, "--ep", help="Expert-parallel degree, MoE only; attention runs data-parallel (default: searched).")
_PREC = typer.Option(None, "--precision", help="Weight/compute precision: bf16, fp8, int8, fp4, mxfp4, nvfp4, int4.")
_KVP = typer.Option(None, "--kv-precision", help="KV-cache precision (default fp8 with 8-bit weights where supported).")
_IN = typer.Option(None, "--input-tokens", help="Prompt tokens per request, incl. cached prefix [default 1000].")
_OUT = typer.Option(None, "--output-tokens", help="Generated tokens per request [default 1000].")
_WL = typer.Option(None, "--workload", help="Named workload: mlperf-llama2, chat-1k1k, reasoning-1k8k, summarize-8k1k.")
_HIT = typer.Option(None, "--cache-hit", help="Share of input tokens served from the prefix cache, 0-1.")
_SCEN = typer.Option(None, "--scenario", help="offline (max throughput) or slo (meet --ttft-max/--tpot-max).")
_TTFT = typer.Option(None, "--ttft-max", help="Time-to-first-token target [s] (slo; default 2).")
_TPOT = typer.Option(None, "--tpot-max", help="Time-per-output-token target [s] (slo; default 0.2).")
_PCT = typer.Option("p99", "--percentile", help="Whether SLO targets bound the p99 (default) or the mean.")
_MODE = typer.Option(None, "--mode", help="aggregated or disaggregated (default: the better one).")
_STACK = typer.Option(None, "--stack", help="Serving software for calibration: trtllm-2025, trtllm-2024, vllm, sglang…")
_BATCH = typer.Option(None, "--max-batch", help="Scheduler cap on sequences per attention group.")
_MTPK = typer.Option(0, "--mtp-draft-tokens", help="Multi-token prediction / speculative decoding: draft tokens "
                                                    "verified per sequence per decode step (default 0 = off).")
_MTPA = typer.Option(0.0, "--mtp-accept", help="Expected accepted draft tokens per step, 0 to --mtp-draft-tokens "
                                               "(accept length − 1; e.g. 0.85 for one draft token at 85%).")
_JSON = typer.Option(False, "--json", help="Machine-readable output (stable field names).")


def _workload(workload, input_tokens, output_tokens, cache_hit) -> Workload:
    base = get_workload(workload) if workload else Workload()
    return Workload(input_tokens if input_tokens is not None else base.input_tokens,
                    output_tokens if output_tokens is not None else base.output_tokens,
                    cache_hit if cache_hit is not None else base.cache_hit,
                    base.name if workload and input_tokens is None and output_tokens is None else "custom")


def _slo(scenario, ttft_max, tpot_max, percentile) -> SLO | None:
    if scenario is None:
        scenario = "slo" if (ttft_max is not None or tpot_max is not None) else "offline"
    scenario = str(scenario).lower()
    if scenario not in ("offline", "slo"):
        from ..errors import unknown_name

        raise unknown_name("scenario", scenario, ("offline", "slo"), field="--scenario")
    if scenario == "offline":
        if ttft_max is not None or tpot_max is not None:
            raise InputError("--ttft-max/--tpot-max apply to --scenario slo, not offline", field="--scenario")
        return None
    return SLO(ttft_max_s=2.0 if ttft_max is None else ttft_max, tpot_max_s=0.2 if tpot_max is None else tpot_max,
               percentile=percentile)


def _need(model, gpu) -> None:
    if not model:
        raise InputError("--model is required (e.g. --model Llama-3.3-70B)", field="--model")
    if not gpu:
        raise InputError("--gpu is required (e.g. --gpu H100)", field="--gpu")


def _deployment(gpus, tp, ep, precision, kv_precision, mode, stack, max_batch, mtp_draft_tokens=0,
                mtp_accept=0.0) -> Deployment:
    return Deployment(gpus=gpus, tp=tp, ep=ep, mode=mode, precision=precision, kv_precision=kv_precision,
                      stack=stack, max_batch=max_batch, mtp_draft_tokens=mtp_draft_tokens, mtp_accept=mtp_accept)


@app.callback()
def perf(ctx: typer.Context, model: str = _MODEL, gpu: str = _GPU, gpus: int = _GPUS, tp: int = _TP, ep: int = _EP,
         precision: str = _PREC, kv_precision: str = _KVP, input_tokens: float = _IN, output_tokens: float = _OUT,
         workload: str = _WL, cache_hit: float = _HIT, scenario: str = _SCEN, ttft_max: float = _TTFT,
         tpot_max: float = _TPOT, percentile: str = _PCT, mode: str = _MODE, stack: str = _STACK,
         max_batch: int = _BATCH, mtp_draft_tokens: int = _MTPK, mtp_accept: float = _MTPA,
         as_json: bool = _JSON) -> None:
    """Best deployment of --model on --gpu: tokens/s per GPU, TTFT, TPOT, memory, layout.

    JSON fields: output_tokens_per_s_per_gpu, input_tokens_per_s_per_gpu, ttft_s, tpot_s, batch_size,
    tokens_per_s_per_user, gpus, tp, ep, memory_gb_per_gpu, bound (compute | memory | communication),
    plus layout, mode, prefill/decode GPU-seconds per request, calibration, warnings and
    mtp_draft_tokens / mtp_accept.
    """
    if ctx.invoked_subcommand is not None:
        return
    if model is None and gpu is None:
        console.print(ctx.get_help())
        raise typer.Exit(0)
    _need(model, gpu)
    wl = _workload(workload, input_tokens, output_tokens, cache_hit)
    slo = _slo(scenario, ttft_max, tpot_max, percentile)
    dep = _deployment(gpus, tp, ep, precision, kv_precision, mode, stack, max_batch, mtp_draft_tokens, mtp_accept)
    r = estimate(model, gpu, wl, dep, slo=slo, catalog=state(ctx).catalog)
    if as_json:
        print_json(r.to_dict())
        return
    d = r.to_dict()
    title = f"{r.model} on {r.gpu} — {r.scenario}" + (
        f" (TTFT ≤ {slo.ttft_max_s:g} s, TPOT ≤ {slo.tpot_max_s:g} s, {slo.percentile})" if slo else "")
    print_kv([
        ("layout", d["layout"]), ("GPUs", r.gpus), ("precision / KV", f"{r.precision} / {r.kv_precision}"),
        ("workload (in/out, cache hit)", f"{wl.input_tokens:g}/{wl.output_tokens:g}, {wl.cache_hit:g}"),
        ("output tok/s per GPU", r.output_tokens_per_s_per_gpu), ("input tok/s per GPU", r.input_tokens_per_s_per_gpu),
        ("TTFT (s)", r.ttft_s), ("TPOT (s)", r.tpot_s), ("tok/s per user", r.tokens_per_s_per_user),
        ("batch (sequences per instance)", r.batch_size), ("max batch that fits", r.max_batch_size),
        ("memory per GPU (GB)", r.memory_gb_per_gpu), ("  weights / KV (GB)",
                                                      f"{r.weights_gb_per_gpu:.1f} / {r.kv_cache_gb_per_gpu:.1f}"),
        ("bound", r.bound), ("GPU-s per request (prefill / decode)",
                             f"{r.prefill_gpu_seconds_per_request:.4g} / {r.decode_gpu_seconds_per_request:.4g}"),
        ("calibration", r.calibration.label()),
        *([("MTP (draft / accepted tokens per step)", f"{r.mtp_draft_tokens} / {r.mtp_accept:g}")]
          if r.mtp_draft_tokens else []),
    ], title=title)
    for w in r.warnings:
        err_console.print(f"[yellow]warning:[/] {w}", highlight=False)


@app.command("frontier")
def frontier_cmd(ctx: typer.Context, model: str = _MODEL, gpu: str = _GPU, gpus: int = _GPUS, tp: int = _TP,
                 ep: int = _EP, precision: str = _PREC, kv_precision: str = _KVP, input_tokens: float = _IN,
                 output_tokens: float = _OUT, workload: str = _WL, cache_hit: float = _HIT, mode: str = _MODE,
                 stack: str = _STACK, max_batch: int = _BATCH, mtp_draft_tokens: int = _MTPK,
                 mtp_accept: float = _MTPA,
                 all_points: bool = typer.Option(False, "--all", help="Every batch size and layout, not only the Pareto set."),
                 as_json: bool = _JSON) -> None:
    """Pareto frontier of output tokens/s per GPU against tokens/s per user, over batch sizes and layouts.

    JSON: a list of {mode, layout, tp, ep, batch_size, tokens_per_s_per_user, output_tokens_per_s_per_gpu,
    ttft_s, tpot_s, memory_gb_per_gpu, bound}.
    """
    _need(model, gpu)
    wl = _workload(workload, input_tokens, output_tokens, cache_hit)
    dep = _deployment(gpus, tp, ep, precision, kv_precision, mode, stack, max_batch, mtp_draft_tokens, mtp_accept)
    df = frontier(model, gpu, wl, dep, catalog=state(ctx).catalog, pareto_only=not all_points)
    if as_json:
        print_json(df)
        return
    print_table(df, title=f"{model} on {gpu}: throughput per GPU vs speed per user "
                          f"({wl.input_tokens:g} in / {wl.output_tokens:g} out)",
                headers={"tokens_per_s_per_user": "tok/s/user", "output_tokens_per_s_per_gpu": "out tok/s/GPU",
                         "ttft_s": "TTFT (s)", "tpot_s": "TPOT (s)", "memory_gb_per_gpu": "mem/GPU (GB)",
                         "batch_size": "batch"})


@app.command("cases")
def cases_cmd(ctx: typer.Context, as_json: bool = _JSON) -> None:
    """Published measurements (perf_measurements) with our prediction and error for each.

    JSON: a list of {id, model, accelerator, gpus, precision, stack, isl_osl, scenario, metric, used_for,
    published, predicted, error, calibration, source}.
    """
    df = run_cases(catalog=state(ctx).catalog)
    if as_json:
        print_json(df)
        return
    show = df.drop(columns=["source"]).copy()
    show["error"] = (show["error"] * 100).round(1)
    print_table(show, title="perf: published vs predicted (tokens/s per GPU)", headers={"error": "error (%)"})
    ok = df["error"].abs()
    ok = ok.where(ok.notna(), float("inf"))
    console.print(f"median |error|: all {ok.median():.1%} · fit {ok[df.used_for == 'fit'].median():.1%} · "
                  f"holdout {ok[df.used_for == 'holdout'].median():.1%}  (infeasible predictions count as misses)")

