"""Crafted bad data files: each gets one clear message naming file, row and column,
both from `infranomics data validate PATH` (exit 2) and from loading with a user data dir."""

from __future__ import annotations

import pytest

from infranomics.catalog import Catalog
from infranomics.errors import DataError
from tests.helpers import accelerator_row, invoke, write_csv

BAD_ACCELERATOR_FILES = [
    # (id, rows, columns override, expected message regex)
    ("missing-source", [accelerator_row(source="")], None, r"row 2, column 'source': required value is empty"),
    ("wrong-type", [accelerator_row(hbm_gb="eighty")], None,
     r"row 2, column 'hbm_gb': expected a number \[GB\], got 'eighty'"),
    ("negative-bandwidth", [accelerator_row(hbm_tbps="-3.35")], None,
     r"row 2, column 'hbm_tbps': -3.35 \[TB/s\] is outside the allowed range \[0.01, 1000\]"),
    ("unknown-currency", [accelerator_row(price_currency="EURO")], None,
     r"row 2, column 'price_currency': 'EURO' is not allowed \(allowed: USD, CNY\)"),
    ("duplicate-key", [accelerator_row(), accelerator_row(hbm_gb="80")], None,
     r"row 3, column 'name': duplicate key \(name=TestChip-1\) also on row 2"),
    ("bad-date", [accelerator_row(retrieved="2026-13-01")], None,
     r"row 2, column 'retrieved': expected a date YYYY-MM-DD, got '2026-13-01'"),
    ("fractional-year", [accelerator_row(launch_year="2023.5")], None,
     r"row 2, column 'launch_year': expected an integer \[year\], got '2023.5'"),
    ("bad-choice", [accelerator_row(form_factor="socket")], None,
     r"row 2, column 'form_factor': 'socket' is not allowed"),
    ("price-without-currency", [accelerator_row(price_currency="")], None,
     r"row 2, column 'price_currency': must be given together with price"),
    ("out-of-range-year", [accelerator_row(launch_year="1999")], None,
     r"row 2, column 'launch_year': 1999 \[year\] is outside the allowed range \[2015, 2030\]"),
]


def _columns():
    from infranomics.catalog import get_schema

    return list(get_schema("accelerators").column_names)


@pytest.mark.parametrize(("case", "rows", "columns", "pattern"), BAD_ACCELERATOR_FILES,
                         ids=[c[0] for c in BAD_ACCELERATOR_FILES])
def test_bad_accelerator_file(tmp_path, case, rows, columns, pattern):
    path = write_csv(tmp_path / "accelerators.csv", rows, columns or _columns())
    code, out, err = invoke(["data", "validate", str(path)])
    assert code == 2, (out, err)
    assert "accelerators.csv" in err
    assert any(__import__("re").search(pattern, line) for line in err.splitlines()), err
    assert "Traceback" not in err
    with pytest.raises(DataError, match=pattern):
        Catalog([tmp_path]).load("accelerators")


def test_unknown_column_suggests_the_right_one(tmp_path):
    row = accelerator_row()
    row["hbm_gbs"] = row.pop("hbm_gb")
    path = write_csv(tmp_path / "accelerators.csv", [row])
    with pytest.raises(DataError, match=r"column 'hbm_gbs': unknown column for dataset 'accelerators' — did you mean "
                                        r"'hbm_gb'"):
        Catalog([tmp_path]).load("accelerators")
    code, _, err = invoke(["data", "validate", str(path)])
    assert code == 2 and "did you mean 'hbm_gb'" in err


def test_missing_required_column(tmp_path):
    row = accelerator_row()
    del row["tdp_w"]
    write_csv(tmp_path / "accelerators.csv", [row])
    with pytest.raises(DataError, match=r"column 'tdp_w': required column is missing from the header"):
        Catalog([tmp_path]).load("accelerators")


def test_ragged_row(tmp_path):
    path = write_csv(tmp_path / "accelerators.csv", [accelerator_row()], _columns())
    with path.open("a", encoding="utf-8") as fh:
        fh.write("TestChip-2,extra\n")
    with pytest.raises(DataError, match=r"row 3: has 2 cells but the header has \d+"):
        Catalog([tmp_path]).load("accelerators")


def test_empty_and_binary_files(tmp_path):
    (tmp_path / "accelerators.csv").write_text("")
    with pytest.raises(DataError, match=r"accelerators.csv: file is empty"):
        Catalog([tmp_path]).load("accelerators")
    (tmp_path / "accelerators.csv").write_bytes(b"name,\xff\xfe\n")
    with pytest.raises(DataError, match=r"not UTF-8 text"):
        Catalog([tmp_path]).load("accelerators")


def test_unknown_reference_in_rental_prices(tmp_path):
    from infranomics.catalog import get_schema

    cols = list(get_schema("gpu_rental_prices").column_names)
    row = {"accelerator": "H100-SMX", "provider": "Test", "tier": "neocloud", "contract": "on-demand",
           "price_per_gpu_hour": "2.0", "currency": "USD", "date": "2025-01-01", "source": "assumption: test",
           "retrieved": "2026-11-22", "confidence": "low", "note": ""}
    path = write_csv(tmp_path / "gpu_rental_prices.csv", [row], cols)
    code, _, err = invoke(["data", "validate", str(path)])
    assert code == 2
    assert "column 'accelerator': 'H100-SMX' is not a name in dataset 'accelerators' — did you mean 'H100-SXM'" in err


def test_file_name_not_a_dataset(tmp_path):
    path = write_csv(tmp_path / "accelerator.csv", [accelerator_row()], _columns())
    code, _, err = invoke(["data", "validate", str(path)])
    assert code == 2
    assert "file name does not match a dataset — did you mean 'accelerators'" in err
    assert len(err.strip().splitlines()) == 1


def test_missing_data_dir_is_a_clear_error(tmp_path):
    code, _, err = invoke(["--data-dir", str(tmp_path / "nope"), "data", "list"])
    assert code == 2
    assert "does not exist" in err and "Traceback" not in err
