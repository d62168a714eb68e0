"""Back-test: US railways 1865-1879 (VALIDATION.md, 'market — back-tests').

Sources (catalog ``history_railways_us``): Historical Statistics of the United States,
Bicentennial Edition, Series Q 321 (miles of road operated) and Q 329 (miles built), from
Poor's Manual and the Tenth Census; H. H. Swain, 'Economic Aspects of Railroad Receiverships'
(AEA, 1898): 18.19% of mileage in receivership in January 1877.

Protocol: fit 1865-1871 only, then report the simulated 1872-1879 path against the record.
What is asserted here is the protocol (the split is enforced, the score rows cannot move the
fit) and the fit quality on the fit window; the after-peak scores are reported by
``benchmarks/backtests.py`` whatever they are, and only sanity-checked here.
"""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.catalog import Catalog
from infranomics.errors import DataError
from infranomics.market.backtest import BACKTESTS, FitData, fit, load_split, run_backtest
from tests.helpers import write_csv

SPEC = BACKTESTS["railways"]
MAXITER = 80  # enough for the three fitted parameters to settle in tests (the benchmark uses 300)


@pytest.fixture(scope="module")
def split():
    return load_split(SPEC, Catalog([]))


def test_split_by_role_and_year(split):
    data, score_rows = split
    assert set(data.rows["role"]) == {"fit"}
    assert data.rows["year"].between(1865, 1871).all()
    assert (score_rows["role"] == "score").all() and (score_rows["year"] >= 1872).all()
    assert {"miles_built", "miles_operated"} <= set(data.rows["series"])
    assert {"miles_built", "receivership_share_of_mileage", "panic"} <= set(score_rows["series"])


def test_fit_data_refuses_score_rows(split):
    data, score_rows = split
    with pytest.raises(DataError, match="only role=fit rows inside it may be fitted"):
        FitData(data.dataset, data.window, score_rows)


def test_a_fit_row_after_the_peak_is_an_error(tmp_path):
    write_csv(tmp_path / "history_railways_us.csv", [{
        "series": "miles_built", "period": "1874", "year": "1874", "value": "2584", "unit": "miles/year",
        "kind": "annual-total", "role": "fit", "source": "test", "retrieved": "2026-11-22"}])
    with pytest.raises(DataError, match="marked role=fit but lies after the fit window"):
        load_split(SPEC, Catalog([tmp_path]))


def test_score_rows_cannot_move_the_fit(tmp_path, split):
    """Doubling every post-peak record leaves the fitted parameters unchanged."""
    cat = Catalog([])
    base = fit(SPEC, split[0], cat, maxiter=MAXITER)
    rows = cat.load("history_railways_us")
    late = rows[rows["role"] == "score"].copy()
    late["value"] = late["value"] * 2
    late.to_csv(tmp_path / "history_railways_us.csv", index=False, na_rep="", date_format="%Y-%m-%d")
    cat2 = Catalog([tmp_path])
    data2, score2 = load_split(SPEC, cat2)
    assert not np.allclose(score2["value"].to_numpy(), split[1]["value"].to_numpy())
    again = fit(SPEC, data2, cat2, maxiter=MAXITER)
    assert again["params"] == base["params"]


def test_fit_window_is_reproduced_and_scores_are_reported():
    """Fit tolerance: rmse of log miles built/operated 1865-1871 below 0.3 — the model has one demand
    trend and no pre-1882 traffic series to separate demand from builders' expectations, so early
    years (819 miles in 1865) are matched only roughly."""
    rep = run_backtest("railways", paths=200, seed=1, maxiter=MAXITER)
    assert rep.fit["rmse_log"] < 0.3
    t = rep.targets
    assert len(t) >= 12 and {"peak year of miles built", "share of mileage in receivership 1877-01"} <= set(t["target"])
    assert np.isfinite(t["p50"]).all()
    print("\n" + rep.text())
