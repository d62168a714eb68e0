"""End-to-end CLI tests of the foundation commands (in-process entry point and a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

from infranomics import __version__
from tests.helpers import invoke


def test_version():
    code, out, _ = invoke(["--version"])
    assert code == 0 and out.strip() == f"infranomics {__version__}"


def test_python_dash_m_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "infranomics", "data", "list", "--json"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = {d["name"]: d["rows"] for d in json.loads(proc.stdout)}
    assert rows["accelerators"] >= 20 and rows["token_prices"] >= 100


def test_data_list_json_fields_are_stable():
    code, out, _ = invoke(["data", "list", "--json"])
    assert code == 0
    first = json.loads(out)[0]
    assert set(first) == {"name", "title", "rows", "bundled_rows", "user_files", "key", "columns"}


def test_data_show_filters_and_formats():
    code, out, _ = invoke(["data", "show", "accelerators", "--where", "vendor=AMD", "--where", "hbm_gb>=250",
                           "--json"])
    assert code == 0
    rows = json.loads(out)
    assert {r["name"] for r in rows} == {"MI325X", "MI355X"}
    assert all(r["source"] for r in rows)
    code, out, _ = invoke(["data", "show", "token_prices", "--where", "provider~deepseek", "--csv",
                           "--columns", "provider,model,tier,input_per_mtok,currency,effective_date"])
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "provider,model,tier,input_per_mtok,currency,effective_date" and len(lines) > 3


def test_data_show_human_table():
    code, out, _ = invoke(["data", "show", "models", "--where", "name=DeepSeek-V3"])
    assert code == 0 and "DeepSeek-V3" in out and "671" in out


def test_data_cite_lists_sources():
    code, out, _ = invoke(["data", "cite", "cpi", "--json"])
    assert code == 0
    doc = json.loads(out)
    assert doc["dataset"] == "cpi" and sum(s["rows"] for s in doc["sources"]) >= 36


def test_data_validate_bundled_passes():
    code, out, err = invoke(["data", "validate"])
    assert code == 0, err
    assert out.startswith("ok:")


def test_user_errors_exit_2_with_one_line():
    for args, pattern in [
        (["data", "show", "acelerators"], "unknown dataset 'acelerators' — did you mean 'accelerators'"),
        (["data", "show", "accelerators", "--where", "hbm=80"], "unknown column of accelerators 'hbm'"),
        (["data", "show", "accelerators", "--where", "hbm_gb>lots"], "'lots' is not a number"),
        (["data", "show", "accelerators", "--json", "--csv"], "choose one of --json and --csv"),
        (["data", "validate", "/nonexistent/file.csv"], "no such file or directory"),
    ]:
        code, _, err = invoke(args)
        assert code == 2, args
        assert pattern in err, (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_debug_shows_traceback():
    proc = subprocess.run([sys.executable, "-m", "infranomics", "--debug", "data", "show", "nope"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_bad_flag_is_a_usage_error():
    code, _, err = invoke(["data", "show"])
    assert code == 2 and "Missing argument" in err


def test_overview_runs():
    code, out, _ = invoke(["overview", "--json"])
    assert code == 0
    doc = json.loads(out)
    h100 = next(r for r in doc["accelerators"] if r["accelerator"] == "H100-SXM")
    assert 1.0 < h100["cost_per_gpu_hour"] < 10.0
