"""The one exception family of infranomics.

Every error a user can cause (a bad flag, a bad CSV row, an unknown accelerator) is an
:class:`InfranomicsError`. Interfaces catch the family and turn it into one clear line
(CLI, exit code 2) or a 4xx JSON body (HTTP); anything else is a bug.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "DataError",
    "InfranomicsError",
    "InputError",
    "ScenarioError",
    "UnknownNameError",
    "did_you_mean",
]


class InfranomicsError(Exception):
    """Base class of every error a user can cause.

    ``field`` names the input that was wrong (a flag, a column, a JSON field) so
    interfaces can point at it; it may be ``None`` for errors with no single field.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class InputError(InfranomicsError, ValueError):
    """A parameter is out of range, of the wrong kind, or contradicts another one."""


class UnknownNameError(InputError, KeyError):
    """A name (dataset, accelerator, model, preset, currency, region...) is not known."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class DataError(InfranomicsError):
    """A reference-data file is malformed: the message names file, row and column."""


class ScenarioError(InfranomicsError):
    """A scenario file or preset is invalid."""


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """Suggest close matches of ``word`` among ``choices`` (case-insensitive).

    Returns a ready-to-append phrase such as ``" — did you mean 'H100-SXM'?"`` or an
    empty string when nothing is close.
    """
    options = list(dict.fromkeys(str(c) for c in choices))
    lowered = {c.lower(): c for c in options}
    hits = difflib.get_close_matches(str(word).lower(), list(lowered), n=n, cutoff=0.6)
    if not hits:
        # prefix/substring matches catch 'h100' -> 'H100-SXM'
        w = str(word).lower()
        hits = [c for c in lowered if w and (c.startswith(w) or w in c)][:n]
    if not hits:
        return ""
    quoted = ", ".join(f"'{lowered[h]}'" for h in hits)
    return f" — did you mean {quoted}?"


def unknown_name(kind: str, name: str, choices: Iterable[str], *, field: str | None = None) -> UnknownNameError:
    """Build the standard 'unknown X' error with a did-you-mean and the list of choices."""
    options = sorted(dict.fromkeys(str(c) for c in choices))
    hint = did_you_mean(name, options)
    listing = ", ".join(options[:12]) + (" …" if len(options) > 12 else "")
    return UnknownNameError(f"unknown {kind} '{name}'{hint} (known: {listing})", field=field or kind)
