"""User data directories extend and override bundled rows by key."""

from __future__ import annotations

import json

from infranomics.catalog import Catalog, load
from tests.helpers import accelerator_row, invoke, write_csv


def test_user_rows_extend_and_override(tmp_path, accel_columns):
    bundled = load("accelerators", data_dirs=[])
    h100 = bundled.set_index("name").loc["H100-SXM"]
    override = accelerator_row(name="H100-SXM", vendor="NVIDIA", family="hopper", hbm_gb="80", hbm_tbps="3.0",
                               source="assumption: measured on our cluster")
    new = accelerator_row(name="MyChip-9", aliases="mc9")
    write_csv(tmp_path / "accelerators.csv", [override, new], accel_columns)
    df = Catalog([tmp_path]).load("accelerators")
    assert len(df) == len(bundled) + 1
    row = df.set_index("name").loc["H100-SXM"]
    assert row["hbm_tbps"] == 3.0 and h100["hbm_tbps"] != 3.0
    assert Catalog([tmp_path]).find("accelerators", "MC9")["name"] == "MyChip-9"


def test_env_var_and_cli_flag(tmp_path, accel_columns):
    write_csv(tmp_path / "accelerators.csv", [accelerator_row(name="EnvChip")], accel_columns)
    n_bundled = len(load("accelerators", data_dirs=[]))
    code, out, _ = invoke(["data", "list", "--json"], env={"INFRANOMICS_DATA": str(tmp_path)})
    assert code == 0
    rows = {d["name"]: d for d in json.loads(out)}
    assert rows["accelerators"]["rows"] == n_bundled + 1
    assert rows["accelerators"]["user_files"] == [str(tmp_path / "accelerators.csv")]
    code, out, _ = invoke(["--data-dir", str(tmp_path), "data", "show", "accelerators", "--where", "name=EnvChip",
                           "--json"])
    assert code == 0 and json.loads(out)[0]["vendor"] == "TestCo"


def test_lookup_by_alias_and_did_you_mean():
    import pytest

    from infranomics.errors import UnknownNameError

    cat = Catalog([])
    assert cat.find("accelerators", "h100")["name"] == "H100-SXM"
    assert cat.find("accelerators", "h100 sxm")["name"] == "H100-SXM"
    with pytest.raises(UnknownNameError, match=r"unknown accelerator 'H100-SMX' — did you mean 'H100-SXM'"):
        cat.find("accelerators", "H100-SMX")
