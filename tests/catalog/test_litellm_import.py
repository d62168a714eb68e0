"""LiteLLM price-file importer: a local copy of model_prices_and_context_window.json becomes token_prices rows
in a user data directory (USD per million tokens), validated before writing; nothing is downloaded and an
existing user file is never overwritten. The fixture is a trimmed copy of the file's format (its first
entry is LiteLLM's own `sample_spec`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from infranomics.catalog import Catalog
from infranomics.catalog.litellm import token_prices_from_litellm
from infranomics.errors import DataError, InputError
from tests.helpers import invoke

SAMPLE = Path(__file__).parent / "fixtures" / "litellm_prices_sample.json"
DAY = dt.date(2026, 12, 1)


def test_rows_per_million_tokens_with_tiers():
    rows, skipped = token_prices_from_litellm(SAMPLE, effective_date=DAY)
    got = {(r.provider, r.model, r.tier): r for r in rows.itertuples()}
    gpt = got[("OpenAI", "gpt-4o", "standard")]
    assert (gpt.input_per_mtok, gpt.cached_input_per_mtok, gpt.output_per_mtok) == (2.5, 1.25, 10.0)
    assert got[("OpenAI", "gpt-4o", "batch")].output_per_mtok == 5.0
    assert got[("DeepSeek", "deepseek-chat", "standard")].input_per_mtok == pytest.approx(0.28)  # prefix stripped
    assert got[("Google", "gemini-2.5-pro", ">200k")].input_per_mtok == 2.5
    assert set(rows["currency"]) == {"USD"} and set(rows["effective_date"]) == {DAY}
    assert skipped == {"not a text API": 2, "no input/output price": 1}  # sample_spec + embedding; no prices
    assert all("sha256" in s for s in rows["source"])


def test_provider_filter_accepts_ids_and_catalog_names():
    rows, skipped = token_prices_from_litellm(SAMPLE, effective_date=DAY, providers=["deepseek", "Google"])
    assert set(rows["provider"]) == {"DeepSeek", "Google"} and skipped["other provider"] == 2


def test_bad_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        token_prices_from_litellm(tmp_path / "missing.json", effective_date=DAY)
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        token_prices_from_litellm(tmp_path / "bad.json", effective_date=DAY)
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DataError, match="expected a JSON object"):
        token_prices_from_litellm(tmp_path / "list.json", effective_date=DAY)


def test_cli_writes_a_valid_user_file_and_never_overwrites(tmp_path):
    out = tmp_path / "mydata"
    code, stdout, err = invoke(["data", "import-litellm", str(SAMPLE), "--out", str(out), "--as-of", "2026-12-01",
                                "--json"])
    assert code == 0, err
    s = json.loads(stdout)
    assert s["rows_added"] == 5 and s["rows_in_file"] == 5 and s["providers"] == 3
    # the catalog with this directory has the imported rows next to the bundled ones
    df = Catalog(data_dirs=[out]).load("token_prices")
    hit = df[(df["provider"] == "OpenAI") & (df["model"] == "gpt-4o") & (df["tier"] == "standard")]
    assert len(hit) >= 2  # the bundled, dated gpt-4o price and the imported one sit side by side
    imported = hit[hit["effective_date"].astype(str).str.startswith("2026-12-01")]
    assert len(imported) == 1 and imported.iloc[0]["output_per_mtok"] == 10.0
    assert invoke(["--data-dir", str(out), "data", "validate"])[0] == 0

    before = (out / "token_prices.csv").read_bytes()
    code, _, err = invoke(["data", "import-litellm", str(SAMPLE), "--out", str(out)])
    assert code == 2 and "exists; pass --merge" in err
    assert (out / "token_prices.csv").read_bytes() == before  # nothing the user saved is lost

    code, stdout, err = invoke(["data", "import-litellm", str(SAMPLE), "--out", str(out), "--merge",
                                "--as-of", "2026-12-01", "--json"])
    assert code == 0, err
    assert json.loads(stdout)["rows_added"] == 0  # same keys: the rows already there are kept
    code, stdout, _ = invoke(["data", "import-litellm", str(SAMPLE), "--out", str(out), "--merge",
                              "--as-of", "2026-12-02", "--json"])
    assert json.loads(stdout)["rows_added"] == 5 and json.loads(stdout)["rows_in_file"] == 10  # another date


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2026-13-01"], "--as-of must be a date YYYY-MM-DD, got '2026-13-01'"),
    (["--provider", "nobody"], "no text-API prices to import for provider(s) nobody"),
])
def test_cli_bad_input(tmp_path, args, message):
    code, _, err = invoke(["data", "import-litellm", str(SAMPLE), "--out", str(tmp_path / "d"), *args])
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "d").exists()
