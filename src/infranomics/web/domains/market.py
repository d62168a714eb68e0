"""Market-simulator API and page: the AI compute capital cycle under uncertainty — presets,
parameter sliders, fan charts (p5/p50/p95), bust probability and turning-point indicators.

Every number is ``SimulationResult.to_dict()`` of :func:`infranomics.market.simulate`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from ... import market
from ..._json import jsonable
from ...errors import InfranomicsError, unknown_name
from ...market.params import field_info
from ..deps import CatalogDep
from ..errors import ERROR_RESPONSES, WORK_LIMIT_FIELDS, ApiError
from ..registry import Control, Domain, Page

__all__ = ["DOMAIN", "SLIDERS", "SimulateRequest"]

MAX_PATHS = 20_000
MAX_YEARS = 30
MAX_OVERRIDES = 64
WORK_LIMIT_FIELDS.update({"paths", "years", "overrides"})

#: Parameters offered as sliders on the page, with the slider's range (inside the model's allowed
#: range) and step. Chosen because each is a single number in the presets (moving it does not remove
#: a distribution) and each is a lever the sources argue about.
SLIDERS: dict[str, tuple[float, float, float]] = {
    "investment.demand_growth_expected": (0.0, 2.0, 0.05),  # builders' expected demand growth
    "costs.economic_life_years": (2.0, 10.0, 0.5),  # how fast chips lose their earning power
    "finance.debt_share_of_capex": (0.0, 0.9, 0.05),  # leverage of the build-out
    "finance.credit_spread_initial": (0.0, 0.1, 0.005),
    "capacity.construction_years": (0.25, 5.0, 0.25),
    "demand.paid_token_share": (0.05, 1.0, 0.05),
    "capacity.max_capex_share_of_gdp": (0.02, 1.0, 0.01),  # the macro cap (1 = off; ~0.06 = railway peak)
}


class SimulateRequest(BaseModel):
    """A Monte Carlo run of a preset with parameter overrides."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    preset: str = Field("baseline", min_length=1, max_length=64, description="Preset name (GET "
                        "/api/v1/simulate/presets).", examples=["baseline"])
    paths: int = Field(2000, ge=1, le=MAX_PATHS, description=f"Monte Carlo paths (at most {MAX_PATHS:,} per "
                       "request).")
    years: float | None = Field(None, ge=0.25, le=MAX_YEARS, description="Horizon (default: the preset's). "
                                "[years]")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the random streams; the same seed gives the "
                      "same result.")
    volatility: float | None = Field(None, ge=0, le=1, description="Scale of all uncertainty (0 = the "
                                     "deterministic path on every path). [fraction]")
    overrides: dict[str, float | int | bool] = Field(default_factory=dict, max_length=MAX_OVERRIDES,
                                                     description="Parameter values by `block.name` (GET "
                                                     "/api/v1/simulate/params), in the parameter's unit.",
                                                     examples=[{"investment.demand_growth_expected": 1.2}])


class Quantiles(BaseModel):
    unit: str
    p5: list[float | None]
    p50: list[float | None]
    p95: list[float | None]


class SimulateResponse(BaseModel):
    """``SimulationResult.to_dict()``: summary statistics, fan-chart quantiles by period, the scenario."""

    summary: dict = Field(description="Bust probability [fraction], time to bust [years], signal statistics, "
                                      "seed, scenario hash, data snapshot …")
    periods: list[str] = Field(description="Start date of each step. [YYYY-MM-DD]")
    quantiles: dict[str, Quantiles] = Field(description="p5/p50/p95 across paths of each key series, with its "
                                                        "unit.")
    indicators: list[str] = Field(description="Series that are turning-point indicators.")
    scenario: dict = Field(description="Name, hash, title, settings, parameters and their sources.")


class Preset(BaseModel):
    name: str
    title: str
    analogue: str
    extends: str | None = None
    description: str
    references: list[str]


class Param(BaseModel):
    path: str = Field(description="`block.name`.")
    value: float | bool | None = Field(description="The preset's value, or its central value when uncertain.")
    distribution: str | None = Field(description="The preset's distribution, when the value is uncertain.")
    unit: str | None
    lo: float | None = Field(description="Lowest allowed value.")
    hi: float | None = Field(description="Highest allowed value.")
    description: str
    source: str | None = Field(description="Where the preset's value comes from.")
    slider: dict | None = Field(None, description="{min, max, step} when the page offers a slider.")


class Params(BaseModel):
    preset: str
    params: list[Param]


router = APIRouter(prefix="/simulate", tags=["simulate"], responses=ERROR_RESPONSES)


def _preset(name: str) -> str:
    names = market.preset_names()
    if name not in names:
        raise unknown_name("preset", name, names, field="preset")
    return name


@router.get("/presets", response_model=list[Preset], summary="Scenario presets")
def presets() -> list[dict]:
    """The bundled presets with their title, analogue, description and references."""
    return market.list_presets()


@router.get("/params", response_model=Params, summary="Parameters of a preset, with units, ranges and sources")
def params(catalog: CatalogDep,
           preset: Annotated[str, Query(max_length=64, description="Preset name.")] = "baseline") -> dict:
    """Every parameter: the preset's value (central value when uncertain), unit, allowed range,
    description and source; the ones the dashboard offers as sliders carry their slider range."""
    sc = market.load_scenario(_preset(preset), catalog=catalog)
    from ...market import distributions as dst

    out = []
    for path, v in sc.values.items():
        block, name = path.split(".", 1)
        info = field_info(block, name)
        if isinstance(v, bool | int | float):
            value, dist = v, None
        else:
            value, dist = sc.central_value(path), dst.describe(v)
        lo, hi, step = SLIDERS.get(path, (None, None, None))
        out.append({"path": path, "value": value, "distribution": dist, "unit": info.get("unit"),
                    "lo": info.get("lo"), "hi": info.get("hi"), "description": info.get("description", ""),
                    "source": sc.sources.get(path),
                    "slider": None if lo is None else {"min": lo, "max": hi, "step": step}})
    return jsonable({"preset": preset, "params": out})


@router.post("", response_model=SimulateResponse, summary="Monte Carlo run of the capital cycle")
def simulate(req: SimulateRequest, catalog: CatalogDep) -> dict:
    """Fan charts (p5/p50/p95) of capex, capacity, utilisation, prices, revenues, debt and defaults;
    bust probability and timing; turning-point indicators and how early they warned
    (``infranomics simulate --json``)."""
    _preset(req.preset)
    known = set(market.param_paths())
    for key in req.overrides:
        if key not in known:
            from ...errors import did_you_mean

            raise ApiError(422, f"overrides: unknown parameter '{key}'{did_you_mean(key, known)} (GET "
                                f"/api/v1/simulate/params lists them)", field=f"overrides.{key}")
    try:
        sc = market.load_scenario(req.preset, overrides=dict(req.overrides) or None, catalog=catalog)
    except InfranomicsError as exc:
        if exc.field in req.overrides:  # a value out of its range: name it where the request put it
            raise ApiError(422, exc.message, field=f"overrides.{exc.field}") from None
        raise
    result = market.simulate(sc, paths=req.paths, years=req.years, seed=req.seed, volatility=req.volatility,
                             catalog=catalog)
    return jsonable(result.to_dict())


def preset_options(catalog) -> list[dict]:
    # the title is translated when the language has market.preset.<name>.title (tests keep en equal to the TOML)
    return [{"value": p["name"], "label": f"{p['name']} — {p['title']}", "title_key": f"market.preset.{p['name']}.title"}
            for p in market.list_presets()]


DOMAIN = Domain(
    name="market",
    router=router,
    pages=(Page("market", order=50, sources=("macro_ai", "company_figures", "compute_commitments", "accelerators",
                                             "gpu_rental_prices", "history_railways_us", "history_telecom"),
                controls=(
                    Control("preset", "select", default="baseline", options_from="presets"),
                    Control("paths", "select", default="2000", options=("500", "2000", "10000")),
                    Control("years", "slider", default=10, min=2, max=MAX_YEARS, step=1, unit="years"),
                    Control("volatility", "slider", default=1.0, min=0, max=1, step=0.05, unit="fraction"),
                    Control("seed", "number", default=0, min=0, max=2**32 - 1, step=1, group="advanced"),
                )),),
    option_sources={"presets": preset_options},
)
