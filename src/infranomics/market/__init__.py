"""The market simulator: the AI compute capital cycle under uncertainty, the crash cascade,
turning-point indicators, Monte Carlo and historical back-tests.

>>> from infranomics import market
>>> r = market.simulate("baseline", paths=8, years=2, seed=1)
>>> 0.0 <= r.summary()["bust_probability"] <= 1.0
True
"""

from . import indicators
from .backtest import BacktestReport, run_backtest
from .distributions import Beta, Fixed, LogNormal, Normal, Triangular, Uniform
from .model import RECORDED, depreciation_per_year
from .montecarlo import SimulationResult, bust_definition, deterministic, max_paths, simulate
from .params import BLOCKS, param_paths
from .scenario import Scenario, list_presets, load_scenario, parse_set, preset_names

__all__ = [
    "BLOCKS",
    "RECORDED",
    "BacktestReport",
    "Beta",
    "Fixed",
    "LogNormal",
    "Normal",
    "Scenario",
    "SimulationResult",
    "Triangular",
    "Uniform",
    "bust_definition",
    "depreciation_per_year",
    "deterministic",
    "indicators",
    "list_presets",
    "load_scenario",
    "max_paths",
    "param_paths",
    "parse_set",
    "preset_names",
    "run_backtest",
    "simulate",
]
