"""Every numeric flag of every command, given a value a user can get wrong, ends in a clean exit: 0 when the
value is usable, 1 or 2 with an error line otherwise, never a traceback. (This sweep found NaN/inf --debt-years
crashing `business gpu-cloud`.)"""

from __future__ import annotations

import pytest
import typer

from infranomics.cli.main import app
from tests.helpers import invoke

BAD = ("nan", "-inf", "-3", "1e12")
# the least each command needs to run, so the flag under test is what the run turns on
BASE = {
    ("perf",): ["--model", "Llama-3.1-8B", "--gpu", "H100-SXM"],
    ("perf", "frontier"): ["--model", "Llama-3.1-8B", "--gpu", "H100-SXM"],
    ("cost",): ["--gpu", "H100-SXM"],
    ("cost", "compare"): ["--gpus", "H100-SXM,H200"],
    ("cost", "sensitivity"): ["--gpu", "H100-SXM"],
    ("business", "maas"): ["--gpu", "H800", "--input-tokens-per-day", "1e9", "--output-tokens-per-day", "1e8",
                           "--price-input", "1", "--price-output", "2", "--gpu-hour-usd", "2",
                           "--output-tokens-per-s-per-gpu", "1000"],
    ("business", "gpu-cloud"): ["--tranche", "H100:100"],
    ("simulate",): ["--scenario", "baseline", "--paths", "20", "--years", "2"],
}
SKIP = {("serve",)}  # binds a port; its flags have their own tests


def _commands(cmd, path=()):
    if hasattr(cmd, "commands"):
        if path:
            yield path, cmd
        for name, sub in cmd.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield path, cmd


def _numeric_flags():
    for path, cmd in _commands(typer.main.get_command(app)):
        if path in SKIP:
            continue
        for p in cmd.params:
            ann = getattr(getattr(p, "type_descriptor", None), "annotation", None)
            if ann in (int, float) and getattr(p, "opts", None) and p.opts[0].startswith("--"):
                yield path, p.opts[0]


CASES = [(path, flag) for path, flag in _numeric_flags()]


def test_the_sweep_covers_every_command():
    covered = {path for path, _ in CASES}
    assert {("perf",), ("cost",), ("cost", "sensitivity"), ("business", "gpu-cloud"), ("simulate",)} <= covered
    assert len(CASES) > 100


@pytest.mark.parametrize(("path", "flag"), CASES, ids=lambda x: "-".join(x) if isinstance(x, tuple) else x)
def test_bad_numbers_never_crash(path, flag):
    for value in BAD:
        code, _, err = invoke([*path, *BASE.get(path, []), flag, value])
        assert code in (0, 1, 2), (flag, value, code, err[-300:])
        assert "Traceback" not in err, (flag, value, err[-500:])
        if code != 0:
            assert err.strip(), (flag, value)
