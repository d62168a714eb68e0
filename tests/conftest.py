"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from infranomics.catalog import get_schema

# Property tests are seeded like every other random thing here: a derandomized profile generates the same
# examples on every run and ignores the local example database, so CI cannot pass or fail by luck.
# HYPOTHESIS_PROFILE=explore searches afresh (random, 10x examples) when hunting for counterexamples.
settings.register_profile("infranomics", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, max_examples=1000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "infranomics"))

TESTS_DIR = Path(__file__).parent
ARTIFACTS = TESTS_DIR / "artifacts"


@pytest.fixture(autouse=True)
def _no_user_data(monkeypatch):
    """Tests see only bundled data unless they set INFRANOMICS_DATA themselves."""
    monkeypatch.delenv("INFRANOMICS_DATA", raising=False)


@pytest.fixture
def accel_columns() -> list[str]:
    return list(get_schema("accelerators").column_names)
