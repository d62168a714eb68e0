"""infranomics — the economics of AI compute.

From chips and watts to tokens per second, dollars per million tokens, the P&L of the
businesses that sell compute, and the capital cycle of the whole build-out.

>>> import infranomics as ix
>>> ix.load("accelerators").shape[0] >= 20
True
"""

from . import catalog, units
from ._version import __version__
from .catalog import Catalog, load
from .errors import DataError, InfranomicsError, InputError, ScenarioError, UnknownNameError
from .units import convert, deflate, fx_rate, to_usd

__all__ = [
    "Catalog",
    "DataError",
    "InfranomicsError",
    "InputError",
    "ScenarioError",
    "UnknownNameError",
    "__version__",
    "catalog",
    "convert",
    "deflate",
    "fx_rate",
    "load",
    "to_usd",
    "units",
]
