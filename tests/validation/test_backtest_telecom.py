"""Back-test: US telecom and fibre 1996-2003 (VALIDATION.md, 'market — back-tests').

Sources (catalog ``history_telecom``): USTelecom historical broadband-provider capex (1996-2001
sum $513.3B); Federal Reserve FEDS Notes 2015-09-29, Figure 2 (US IP traffic, PB/month); RHK and
Infonetics wireline capex; bankruptcy counts and STM-1 prices (low confidence).

Protocol: fit 1996-1999 only, report 2000-2003. Asserted: the split, the fit tolerance on the
fit window, and that every score target is reported.
"""

from __future__ import annotations

import numpy as np
import pytest

from infranomics.catalog import Catalog
from infranomics.errors import DataError
from infranomics.market.backtest import BACKTESTS, FitData, load_split, run_backtest

SPEC = BACKTESTS["telecom"]


def test_split_by_role_and_year():
    data, score_rows = load_split(SPEC, Catalog([]))
    assert data.rows["year"].between(1996, 1999).all() and set(data.rows["role"]) == {"fit"}
    assert (score_rows["year"] >= 2000).all()
    with pytest.raises(DataError, match="not allowed in the fit window"):
        FitData(data.dataset, data.window, score_rows)


def test_fit_window_is_reproduced_and_scores_are_reported():
    """Fit tolerance: rmse of log capex and log IP traffic 1996-1999 below 0.3 — four parameters
    for eight points; capex is a sector total while the model's capacity is IP carrying capacity."""
    rep = run_backtest("telecom", paths=200, seed=1, maxiter=120)
    assert rep.fit["rmse_log"] < 0.3
    t = rep.targets
    assert {"peak year of capex", "capex 2002 / 2000", "price 2001 / 1999"} <= set(t["target"])
    assert np.isfinite(t["p50"]).all()
    print("\n" + rep.text())
