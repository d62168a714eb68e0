"""Distributions on uncertain scenario inputs: declaration, validation and vectorised sampling.

A scenario value is either a plain number or a table with a ``dist`` key (DESIGN.md §5)::

    adoption_rate = {dist = "lognormal", median = 0.5, p90 = 0.8}
    price_elasticity = {dist = "normal", mean = 1.0, sd = 0.2}
    realisation = {dist = "beta", mean = 0.3, sd = 0.2}

Every distribution has a *central* value (median of a lognormal, mean of a normal or beta,
midpoint of a uniform, mode of a triangular). Sampling with ``volatility = 0`` returns the
central value exactly, so a zero-volatility Monte Carlo equals the deterministic run bit for bit.

Draws are ``x = central + v·(draw − central)`` (``median·exp(v·σ·z)`` for the lognormal),
with ``v`` the scenario's volatility scale in [0, 1].
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy import special

from ..errors import ScenarioError

__all__ = [
    "Beta",
    "Dist",
    "Fixed",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
    "central",
    "sample",
    "support_quantiles",
]

#: z-score of the 90th percentile of a standard normal.
Z90 = float(special.ndtri(0.9))


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(_Base):
    """A fixed number written as a distribution (``{dist = "fixed", value = 3}``)."""

    dist: Literal["fixed"]
    value: float


class Normal(_Base):
    """Normal with mean and standard deviation ``sd >= 0``."""

    dist: Literal["normal"]
    mean: float
    sd: float

    @model_validator(mode="after")
    def _check(self) -> Normal:
        if not math.isfinite(self.sd) or self.sd < 0:
            raise ValueError(f"normal sd must be >= 0, got {self.sd:g}")
        return self


class LogNormal(_Base):
    """Lognormal by its median and 90th percentile (or ``sigma`` of the log)."""

    dist: Literal["lognormal"]
    median: float
    p90: float | None = None
    sigma: float | None = None

    @model_validator(mode="after")
    def _check(self) -> LogNormal:
        if not self.median > 0:
            raise ValueError(f"lognormal median must be > 0, got {self.median:g}")
        if (self.p90 is None) == (self.sigma is None):
            raise ValueError("lognormal needs exactly one of p90 or sigma")
        if self.p90 is not None and self.p90 < self.median:
            raise ValueError(f"lognormal p90 ({self.p90:g}) must be >= median ({self.median:g})")
        if self.sigma is not None and self.sigma < 0:
            raise ValueError(f"lognormal sigma must be >= 0, got {self.sigma:g}")
        return self

    @property
    def log_sd(self) -> float:
        """Standard deviation of the log of the variable. [-]"""
        if self.sigma is not None:
            return float(self.sigma)
        return math.log(self.p90 / self.median) / Z90  # type: ignore[operator]


class Uniform(_Base):
    """Uniform on [low, high]."""

    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Uniform:
        if self.high < self.low:
            raise ValueError(f"uniform high ({self.high:g}) must be >= low ({self.low:g})")
        return self


class Triangular(_Base):
    """Triangular on [low, high] with its mode."""

    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Triangular:
        if not self.low <= self.mode <= self.high:
            raise ValueError(f"triangular needs low <= mode <= high, got {self.low:g}, {self.mode:g}, "
                             f"{self.high:g}")
        return self


class Beta(_Base):
    """Beta on [0, 1] by mean and standard deviation (for fractions and probabilities)."""

    dist: Literal["beta"]
    mean: float
    sd: float

    @model_validator(mode="after")
    def _check(self) -> Beta:
        if not 0 < self.mean < 1:
            raise ValueError(f"beta mean must be in (0, 1), got {self.mean:g}")
        limit = math.sqrt(self.mean * (1 - self.mean))
        if not 0 <= self.sd < limit:
            raise ValueError(f"beta sd must be in [0, {limit:.3g}) for mean {self.mean:g}, got {self.sd:g}")
        return self

    @property
    def ab(self) -> tuple[float, float]:
        """Shape parameters (alpha, beta); infinite when sd = 0."""
        if self.sd == 0:
            return math.inf, math.inf
        k = self.mean * (1 - self.mean) / self.sd**2 - 1
        return self.mean * k, (1 - self.mean) * k


#: Any distribution (a discriminated union on the ``dist`` key).
Dist = Annotated[Fixed | Normal | LogNormal | Uniform | Triangular | Beta, Field(discriminator="dist")]

DIST_NAMES = ("fixed", "normal", "lognormal", "uniform", "triangular", "beta")


def central(d) -> float:
    """The central value of a distribution (or the number itself). [unit of the parameter]"""
    if isinstance(d, (int, float)):
        return float(d)
    if isinstance(d, Fixed):
        return d.value
    if isinstance(d, (Normal, Beta)):
        return d.mean
    if isinstance(d, LogNormal):
        return d.median
    if isinstance(d, Uniform):
        return 0.5 * (d.low + d.high)
    if isinstance(d, Triangular):
        return d.mode
    raise TypeError(d)  # pragma: no cover


def _ppf(d, q: np.ndarray) -> np.ndarray:
    """Quantile function of ``d`` at probabilities ``q`` (vectorised)."""
    if isinstance(d, Fixed):
        return np.full_like(q, d.value)
    if isinstance(d, Normal):
        return d.mean + d.sd * special.ndtri(q)
    if isinstance(d, LogNormal):
        return d.median * np.exp(d.log_sd * special.ndtri(q))
    if isinstance(d, Uniform):
        return d.low + (d.high - d.low) * q
    if isinstance(d, Triangular):
        if d.high == d.low:
            return np.full_like(q, d.low)
        span = d.high - d.low
        c = (d.mode - d.low) / span
        return np.where(q < c, d.low + np.sqrt(q * span * (d.mode - d.low)),
                        d.high - np.sqrt((1 - q) * span * (d.high - d.mode)))
    if isinstance(d, Beta):
        if d.sd == 0:
            return np.full_like(q, d.mean)
        a, b = d.ab
        return special.betaincinv(a, b, q)
    raise TypeError(d)  # pragma: no cover


def support_quantiles(d, lo: float = 0.001, hi: float = 0.999) -> tuple[float, float]:
    """The ``lo`` and ``hi`` quantiles of ``d`` (used to check it stays inside a parameter's range)."""
    if isinstance(d, (int, float)):
        return float(d), float(d)
    q = _ppf(d, np.array([lo, hi], dtype=float))
    return float(q[0]), float(q[1])


def sample(d, rng: np.random.Generator, n: int, volatility: float = 1.0) -> np.ndarray:
    """Draw ``n`` values of ``d`` with volatility scale ``volatility`` in [0, 1].

    Always consumes exactly ``n`` uniform draws from ``rng`` (whatever ``d`` and
    ``volatility`` are), so the random stream of the other inputs does not shift when one
    input changes its distribution. ``volatility = 0`` returns the central value exactly.
    """
    u = rng.random(n)
    c = central(d)
    if isinstance(d, (int, float, Fixed)):
        return np.full(n, c)
    # keep u away from 0/1 so ppf stays finite
    u = np.clip(u, 1e-12, 1 - 1e-12)
    v = float(volatility)
    if isinstance(d, LogNormal):
        z = special.ndtri(u)
        return d.median * np.exp((v * d.log_sd) * z)
    x = _ppf(d, u)
    return c + v * (x - c)


def describe(d) -> str:
    """Short human text of a value or distribution, e.g. ``lognormal(median 0.5, p90 0.8)``."""
    if isinstance(d, (int, float)):
        return f"{d:g}"
    fields = {k: v for k, v in d.model_dump().items() if k != "dist" and v is not None}
    inner = ", ".join(f"{k} {v:g}" for k, v in fields.items())
    return f"{d.dist}({inner})"


def parse_dist(raw: dict, where: str):
    """Build a distribution from a TOML table, raising :class:`ScenarioError` naming ``where``."""
    from pydantic import TypeAdapter, ValidationError

    from ..errors import did_you_mean

    kind = raw.get("dist")
    if kind not in DIST_NAMES:
        raise ScenarioError(f"{where}: unknown distribution '{kind}'{did_you_mean(str(kind), DIST_NAMES)} "
                            f"(known: {', '.join(DIST_NAMES)})", field=where)
    try:
        return TypeAdapter(Dist).validate_python(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"][1:]) if len(err["loc"]) > 1 else ""
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            allowed = [k for k in _FIELDS[kind] if k != "dist"]
            msg = f"unknown key '{loc}' for a {kind} distribution (keys: {', '.join(allowed)})"
        elif err["type"] == "missing":
            msg = f"{kind} distribution needs '{loc}'"
        raise ScenarioError(f"{where}: impossible distribution — {msg}", field=where) from None


_FIELDS = {
    "fixed": ("dist", "value"),
    "normal": ("dist", "mean", "sd"),
    "lognormal": ("dist", "median", "p90", "sigma"),
    "uniform": ("dist", "low", "high"),
    "triangular": ("dist", "low", "mode", "high"),
    "beta": ("dist", "mean", "sd"),
}
