"""Inference performance: tokens/s per accelerator, latency and memory fit from chip × model × workload.

Three layers (as in pvlib):

* pure functions on numbers/arrays — :mod:`.memory`, :mod:`.roofline`, :mod:`.comm`, :mod:`.moe`;
* frozen dataclasses — :class:`Workload`, :class:`SLO`, :class:`Parallelism`, :class:`Deployment`,
  :class:`Calibration`, and the vectorised :class:`~.serving.Instance`;
* the orchestrator — :func:`estimate` → :class:`PerfResult`, :func:`frontier` → DataFrame,
  :func:`min_gpus`.

>>> from infranomics import perf
>>> r = perf.estimate("Llama-3.1-8B", "H100", precision="fp8")
>>> r.output_tokens_per_s_per_gpu > 1000
True
"""

from .calibration import Calibration, get_calibration, list_stacks
from .comm import allreduce_time, alltoall_time, group_bandwidth
from .deployment import MODES, Deployment, Parallelism
from .estimate import PerfResult, default_precision, estimate, frontier, min_gpus
from .memory import kv_capacity_bytes, max_sequences, weights_per_gpu_bytes
from .moe import expected_distinct_experts
from .roofline import compute_time, memory_time, ridge_point, roofline_time
from .serving import Instance
from .workload import SLO, WORKLOADS, Workload, get_workload

__all__ = [
    "MODES",
    "SLO",
    "WORKLOADS",
    "Calibration",
    "Deployment",
    "Instance",
    "Parallelism",
    "PerfResult",
    "Workload",
    "allreduce_time",
    "alltoall_time",
    "compute_time",
    "default_precision",
    "estimate",
    "expected_distinct_experts",
    "frontier",
    "get_calibration",
    "get_workload",
    "group_bandwidth",
    "kv_capacity_bytes",
    "list_stacks",
    "max_sequences",
    "memory_time",
    "min_gpus",
    "ridge_point",
    "roofline_time",
    "weights_per_gpu_bytes",
]
