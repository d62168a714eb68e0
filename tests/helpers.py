"""Helpers shared by tests: craft data files and run the CLI entry point in-process."""

from __future__ import annotations

import csv
import os
from pathlib import Path


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    """Write ``rows`` as CSV with ``columns`` (default: union of keys in order)."""
    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def accelerator_row(**over) -> dict:
    """A valid accelerators row (a made-up test chip) that tests perturb."""
    row = {
        "name": "TestChip-1", "aliases": "TC1", "vendor": "TestCo", "family": "testfam", "form_factor": "sxm",
        "launch_year": "2024", "bf16_tflops": "1000", "fp8_tflops": "2000", "fp4_tflops": "", "int8_tops": "",
        "hbm_gb": "96", "hbm_tbps": "4.0", "tdp_w": "700", "scaleup_gb_s": "900", "scaleup_domain": "8",
        "scaleup_link": "nvlink", "scaleout_gbit_s": "400", "price": "20000", "price_currency": "USD",
        "price_year": "2024", "price_source": "assumption: test fixture", "source": "assumption: test fixture",
        "retrieved": "2026-11-22", "confidence": "low", "note": "",
    }
    row.update({k: str(v) for k, v in over.items()})
    return row


def invoke(args: list[str], env: dict | None = None):
    """Run the real entry point (with its error mapping) in-process; return (exit code, stdout, stderr)."""
    import contextlib
    import io

    from infranomics.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    old = dict(os.environ)
    if env:
        os.environ.update(env)
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                run(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return code, out.getvalue(), err.getvalue()
