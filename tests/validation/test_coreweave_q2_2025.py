"""CoreWeave Q2 2025 P&L shape (company release, Business Wire 2025-08-12; 10-Q H1 2025).

Published: revenue $1,212.8M; gross margin (cost of revenue excludes depreciation) 74%; adjusted EBITDA
62%; GAAP operating margin 2%; interest expense $267.0M (22% of revenue); net loss $290.5M (−24%).

Stated inputs (sources in the company_figures dataset): gross AI infrastructure in service $14.47B
(H1 2025) depreciated over 6 years; ~$11B of debt at ~9.7% (Q1 weighted rate 10.1%), interest-only
during the period; 96% of capacity under contract; revenue level $1,212.8M taken as given (price per
GPU-hour solved from it), so margins — not revenue — are what is tested. Power and facility cost per GPU
come from the cost layer (H100, colocation at CBRE rates, US power); items CoreWeave excludes from
adjusted figures (mostly stock compensation) = adjusted operating margin 16% − GAAP 2% = 14% of revenue.
Tolerance ±5 points on every margin (VALIDATION.md: "shape within ±5 points").
"""

from __future__ import annotations

import pytest

from infranomics.business import Tranche, gpu_cloud
from infranomics.cost import estimate


@pytest.fixture(scope="module")
def q2():
    capex = estimate("H100", utilization=0.9, currency_year=2025).gpu_hour
    per_gpu = capex.capex.total * (1 + capex.opex.spares_frac)
    gpus = 14.47e9 / per_gpu
    hours = 730 * 3
    price = 1212.8e6 / (gpus * hours * (0.96 + 0.04 * 0.6))
    r = gpu_cloud(tranches=[Tranche("H100", gpus, contract_share=0.96, contract_price=price, contract_months=60,
                                    ramp_months=0)],
                  months=24, start="2023-07", periods="quarter", market_price={"H100-SXM": price},
                  price_change_per_year=0.0, on_demand_utilization=0.6, accounting_life_years=6,
                  economic_life_years=6, debt_share=11.05 / 14.47, debt_rate=0.097, debt_years=4,
                  debt_grace_years=2, sga_share_of_revenue=0.0, stock_comp_share_of_revenue=0.14,
                  hardware_opex_in_cor=False)
    row = r.periods.iloc[-1]
    assert row["period"] == "2025-Q2"
    return row


def test_revenue_is_the_stated_input(q2):
    assert q2["revenue"] == pytest.approx(1212.8e6, rel=1e-6)


@pytest.mark.parametrize(("metric", "published"), [
    ("gross", 0.74), ("adjusted_ebitda", 0.62), ("operating", 0.02), ("interest", 0.22), ("net", -0.24)])
def test_margin_shape_within_5_points(q2, metric, published):
    rev = q2["revenue"]
    value = {"gross": q2["gross_profit"], "adjusted_ebitda": q2["adjusted_ebitda"], "operating": q2["ebit"],
             "interest": q2["interest"], "net": q2["net_income"]}[metric] / rev
    assert value == pytest.approx(published, abs=0.05)
