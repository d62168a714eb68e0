"""Business models: P&L and cash flow of the firms that sell compute.

* :func:`maas` — a token-API (model-as-a-service) seller;
* :func:`gpu_cloud` — a GPU cloud / neocloud renting a fleet by vintage (:class:`Tranche`);
* :func:`appliance_vendor`, :func:`appliance_buyer` — the LLM appliance (一体机) project and the buyer's choice;
* :func:`compute_center` — an intelligent computing centre (智算中心) build-and-operate contract;
* :func:`model_lab` — a model lab's revenue, compute and commitments (calibrated to OpenAI).

Each returns a :class:`BusinessResult`: a per-period table that reconciles (:mod:`.pnl`) and a summary.
"""

from .appliance import appliance_buyer, appliance_vendor
from .compute_center import compute_center
from .gpu_cloud import Tranche, gpu_cloud, rental_price_path
from .maas import daily_revenue_usd, maas
from .metrics import cost_profit_margin, dscr, interest_coverage, margin, net_debt_to_ebitda
from .model_lab import calibrate_openai, commitment_schedule, model_lab
from .pnl import build_pnl, debt_schedule, summarize
from .result import BusinessResult

__all__ = [
    "BusinessResult",
    "Tranche",
    "appliance_buyer",
    "appliance_vendor",
    "build_pnl",
    "calibrate_openai",
    "commitment_schedule",
    "compute_center",
    "cost_profit_margin",
    "daily_revenue_usd",
    "debt_schedule",
    "dscr",
    "gpu_cloud",
    "interest_coverage",
    "maas",
    "margin",
    "model_lab",
    "net_debt_to_ebitda",
    "rental_price_path",
    "summarize",
]
