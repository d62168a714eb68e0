"""Load catalog datasets: bundled CSVs extended or overridden by user data directories.

User directories come from the ``data_dirs`` argument, else the ``INFRANOMICS_DATA``
environment variable (paths separated by ``os.pathsep``). A file ``<dataset>.csv`` in such a
directory must follow the dataset's schema; its rows replace bundled rows with the same key
and add the others. Later directories win over earlier ones.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import DataError, unknown_name
from .schema import DatasetSchema, dataset_names, get_schema
from .validate import Problem, parse_table, raise_first

__all__ = ["Catalog", "DatasetInfo", "default_catalog", "load"]

ENV_VAR = "INFRANOMICS_DATA"


@dataclass(frozen=True)
class DatasetInfo:
    """Summary of one dataset as loaded (bundled + user rows)."""

    name: str
    title: str
    rows: int
    bundled_rows: int
    user_files: tuple[str, ...]
    key: tuple[str, ...]
    columns: int


def _bundled_path(name: str) -> Path:
    return Path(str(resources.files(__package__).joinpath("data", f"{name}.csv")))


def _norm(s: str) -> str:
    return re.sub(r"[\s_\-./]", "", str(s).lower())


class Catalog:
    """The reference catalog seen through zero or more user data directories.

    Parameters
    ----------
    data_dirs
        Directories whose ``<dataset>.csv`` files extend or override bundled rows by key.
        ``None`` reads ``INFRANOMICS_DATA``; an empty list means bundled data only.
    """

    def __init__(self, data_dirs: Sequence[str | os.PathLike] | None = None) -> None:
        if data_dirs is None:
            env = os.environ.get(ENV_VAR, "")
            data_dirs = [p for p in env.split(os.pathsep) if p]
        self.data_dirs: tuple[Path, ...] = tuple(Path(d) for d in data_dirs)
        for d in self.data_dirs:
            if not d.is_dir():
                raise DataError(f"data directory '{d}' does not exist or is not a directory", field="data_dir")
        self._cache: dict[str, pd.DataFrame] = {}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, build):
        """Cache an object derived from this catalog's data (built once by ``build()``; data never change)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    # -- loading ---------------------------------------------------------------------------
    def schema(self, name: str) -> DatasetSchema:
        """Schema of dataset ``name``."""
        return get_schema(name)

    def names(self) -> list[str]:
        """Every dataset name."""
        return dataset_names()

    def user_files(self, name: str) -> list[Path]:
        """User CSVs that contribute to dataset ``name``, in override order."""
        return [d / f"{name}.csv" for d in self.data_dirs if (d / f"{name}.csv").is_file()]

    def load(self, name: str) -> pd.DataFrame:
        """Dataset ``name`` as a typed DataFrame (a copy; safe to modify).

        Raises :class:`DataError` naming file, row and column when a file is bad.
        """
        if name not in self._cache:
            schema = get_schema(name)
            df, problems = parse_table(_bundled_path(name), schema)
            raise_first(problems)
            bundled = len(df)
            for path in self.user_files(name):
                user, problems = parse_table(path, schema)
                raise_first(problems)
                df = merge_by_key(df, user, schema)
            df.attrs = {"bundled_rows": bundled, "user_files": [str(p) for p in self.user_files(name)]}
            self._cache[name] = df
        out = self._cache[name].copy()
        out.attrs = dict(self._cache[name].attrs)
        return out

    def info(self) -> list[DatasetInfo]:
        """A summary row per dataset."""
        out = []
        for name in self.names():
            df = self.load(name)
            s = get_schema(name)
            out.append(DatasetInfo(name, s.title, len(df), df.attrs["bundled_rows"],
                                   tuple(df.attrs["user_files"]), s.key, len(s.columns)))
        return out

    # -- lookup ----------------------------------------------------------------------------
    def find(self, dataset: str, name: str) -> pd.Series:
        """The row of ``dataset`` whose name or alias matches ``name`` (case/punctuation-insensitive).

        Raises :class:`UnknownNameError` with a did-you-mean when nothing matches.
        """
        schema = get_schema(dataset)
        col = schema.names
        if col is None:
            raise DataError(f"dataset '{dataset}' has no name column to look up")
        df = self.load(dataset)
        names = df[col].astype(str).tolist()
        aliases = df["aliases"].fillna("").astype(str).tolist() if "aliases" in df else [""] * len(df)
        target = str(name).strip()
        for pass_ in (str.lower, _norm):
            for i, (n, a) in enumerate(zip(names, aliases, strict=True)):
                cands = [n] + [x for x in a.split("|") if x.strip()]
                if any(pass_(c.strip()) == pass_(target) for c in cands):
                    return df.iloc[i]
        choices = names + [x.strip() for a in aliases for x in a.split("|") if x.strip()]
        kind = {"accelerators": "accelerator", "models": "model"}.get(dataset, f"{dataset} name")
        raise unknown_name(kind, target, choices, field=kind)

    # -- provenance ------------------------------------------------------------------------
    def cite(self, name: str) -> pd.DataFrame:
        """Sources behind dataset ``name``: one row per distinct source with its row count."""
        df = self.load(name)
        g = df.groupby("source", dropna=False, sort=False)
        out = pd.DataFrame({
            "source": [k for k, _ in g],
            "rows": [len(v) for _, v in g],
            "retrieved": [v["retrieved"].max().date().isoformat() for _, v in g],
            "confidence": [",".join(sorted(set(v["confidence"].dropna().astype(str)))) for _, v in g],
        })
        return out.sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)

    # -- validation ------------------------------------------------------------------------
    def validate(self) -> list[Problem]:
        """Every problem in bundled and user files, plus broken cross-dataset references."""
        problems: list[Problem] = []
        frames: dict[str, pd.DataFrame] = {}
        for name in self.names():
            schema = get_schema(name)
            df, probs = parse_table(_bundled_path(name), schema)
            problems += probs
            for path in self.user_files(name):
                user, probs = parse_table(path, schema)
                problems += probs
                if not probs:
                    df = merge_by_key(df, user, schema)
            frames[name] = df
        for name, df in frames.items():
            problems += check_references(name, df, frames)
        return problems


def check_references(name: str, df: pd.DataFrame, frames: dict[str, pd.DataFrame],
                     label: str | None = None) -> list[Problem]:
    """Problems where a column of ``df`` refers to a name missing from another dataset."""
    problems: list[Problem] = []
    schema = get_schema(name)
    lines = df.attrs.get("lines") or [None] * len(df)
    for col, target in schema.references.items():
        tschema = get_schema(target)
        tdf = frames[target]
        known = set(tdf[tschema.names].astype(str))
        if "aliases" in tdf:
            known |= {a.strip() for s in tdf["aliases"].dropna() for a in str(s).split("|")}
        for i, v in enumerate(df[col]):
            if pd.notna(v) and str(v) not in known:
                line = lines[i] if i < len(lines) else None
                from ..errors import did_you_mean
                problems.append(Problem(label or f"{name}.csv", line, col,
                                        f"'{v}' is not a name in dataset '{target}'{did_you_mean(str(v), known)}"))
    return problems


def merge_by_key(base: pd.DataFrame, user: pd.DataFrame, schema: DatasetSchema) -> pd.DataFrame:
    """Rows of ``user`` replace rows of ``base`` with the same key; others are appended."""
    if user.empty:
        return base

    def keys(df: pd.DataFrame) -> pd.Series:
        parts = [df[c].astype(str).str.lower() for c in schema.key]
        return pd.Series(list(zip(*parts, strict=True)), index=df.index)

    keep = ~keys(base).isin(set(keys(user)))
    merged = pd.concat([base[keep], user], ignore_index=True)
    merged.attrs = {}
    return merged


_DEFAULT: dict[str, Catalog] = {}


def default_catalog() -> Catalog:
    """The catalog seen through ``INFRANOMICS_DATA`` (cached per value of the variable)."""
    env = os.environ.get(ENV_VAR, "")
    if env not in _DEFAULT:
        _DEFAULT[env] = Catalog()
    return _DEFAULT[env]


def load(name: str, data_dirs: Sequence[str | os.PathLike] | None = None) -> pd.DataFrame:
    """Load dataset ``name`` (bundled rows plus user directories). See :class:`Catalog`."""
    cat = default_catalog() if data_dirs is None else Catalog(data_dirs)
    return cat.load(name)
