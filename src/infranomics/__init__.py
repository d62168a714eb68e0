"""infranomics — the economics of AI compute.

From chips and watts to tokens per second, dollars per million tokens, the P&L of the
businesses that sell compute, and the capital cycle of the whole build-out.

The public API is re-exported here, one module per layer of the chain
(catalog → hardware, llm → perf → cost → business → market):

>>> import infranomics as ix
>>> ix.load("accelerators").shape[0] >= 20
True
>>> r = ix.perf.estimate("Llama-3.3-70B", "H100", gpus=8, precision="fp8")   # tokens/s per GPU
>>> c = ix.cost.estimate("H100", model="Llama-3.3-70B")                      # $/GPU-hour and $/Mtok
"""

from . import business, catalog, cost, hardware, llm, market, perf, units
from ._version import __version__
from .business import (
    BusinessResult,
    appliance_buyer,
    appliance_vendor,
    compute_center,
    gpu_cloud,
    maas,
    model_lab,
)
from .catalog import Catalog, load
from .cost import CostResult
from .errors import DataError, InfranomicsError, InputError, ScenarioError, UnknownNameError
from .hardware import Accelerator, get_accelerator
from .llm import LLM, get_model
from .market import Scenario, SimulationResult, load_scenario, simulate
from .perf import SLO, Deployment, Parallelism, PerfResult, Workload, frontier
from .units import convert, deflate, fx_rate, to_usd

__all__ = [
    "LLM",
    "SLO",
    "Accelerator",
    "BusinessResult",
    "Catalog",
    "CostResult",
    "DataError",
    "Deployment",
    "InfranomicsError",
    "InputError",
    "Parallelism",
    "PerfResult",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "UnknownNameError",
    "Workload",
    "__version__",
    "appliance_buyer",
    "appliance_vendor",
    "business",
    "catalog",
    "compute_center",
    "convert",
    "cost",
    "deflate",
    "frontier",
    "fx_rate",
    "get_accelerator",
    "get_model",
    "gpu_cloud",
    "hardware",
    "llm",
    "load",
    "load_scenario",
    "maas",
    "market",
    "model_lab",
    "perf",
    "simulate",
    "to_usd",
    "units",
]
