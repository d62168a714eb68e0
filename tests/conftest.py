"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from infranomics.catalog import get_schema

TESTS_DIR = Path(__file__).parent
ARTIFACTS = TESTS_DIR / "artifacts"


@pytest.fixture(autouse=True)
def _no_user_data(monkeypatch):
    """Tests see only bundled data unless they set INFRANOMICS_DATA themselves."""
    monkeypatch.delenv("INFRANOMICS_DATA", raising=False)


@pytest.fixture
def accel_columns() -> list[str]:
    return list(get_schema("accelerators").column_names)
