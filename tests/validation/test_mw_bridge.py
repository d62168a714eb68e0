"""$/MW bridge between building cost and all-in cost.

Cushman & Wakefield, Data Center Development Cost Guide 2025 (pp. 6–7): US average build cost $11.7M per
MW of critical load (shell + MEP, excluding land, soft costs and IT). Nvidia (Aug 2025 earnings call, via
Livemint): 1 GW needs ~$35B of Nvidia hardware plus ~$15B of other costs → ~$50M/MW all-in with IT ≈
70–75%. The engine's facility + IT capex for a Blackwell rack-scale build should land within ±15% of
$50M/MW with an IT share of 70–75% (±5 points, since the $15B "other" also includes non-IT items we do
not model separately).
"""

from __future__ import annotations

import pytest

from infranomics.cost.chain import capex_per_mw


def test_gb200_all_in_per_mw():
    b = capex_per_mw("GB200", currency_year=2025)
    assert b["total_usd_per_mw"] == pytest.approx(50e6, rel=0.15)
    assert 0.65 <= b["it_share"] <= 0.80
    assert b["facility_usd_per_mw"] == pytest.approx(11.7e6 * 1.15, rel=0.05)
