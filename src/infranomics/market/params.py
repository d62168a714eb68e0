"""Parameters of the market simulator: pydantic models, one per block of the model.

Every parameter is a number or a distribution (see :mod:`.distributions`), has a unit, an
allowed range and a default *with its source* — a document, a catalog dataset
(``catalog:<dataset>``), or ``assumption: <why>``. Defaults describe the AI build-out at the
start of 2026; the presets in ``presets/*.toml`` override them (the railway and telecom
analogues override most of them) and must source every value they set.

Defaults marked ``"catalog"`` are filled from the reference catalog by
:func:`infranomics.market.calibration.catalog_defaults` (cost layer + datasets).

Units follow DESIGN.md §3: money in USD of the scenario's ``currency_year``, time in years,
rates per year, fractions as fractions. A *unit* of capacity is the analogue's ``capacity_unit``
(one H100-equivalent of compute for AI: an accelerator delivering the dense FP8 throughput of
one H100-SXM; a mile of road for the railways). Money per unit-hour uses the 8,760 hours of a
year even for analogues where an hour is only an accounting unit.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .distributions import Dist

__all__ = [
    "BLOCKS",
    "CATALOG",
    "BustParams",
    "CapacityParams",
    "CommitmentParams",
    "CostParams",
    "DemandParams",
    "EfficiencyParams",
    "FinanceParams",
    "InvestmentParams",
    "SentimentParams",
    "SignalParams",
    "field_info",
    "param_paths",
]

#: Sentinel default: the value is read from the catalog when the scenario is resolved.
CATALOG = "catalog"

Value = float | Dist
CatValue = float | Dist | Literal["catalog"]


def P(default: Any, *, lo: float, hi: float, unit: str, desc: str, source: str,
      lo_open: bool = False) -> Any:
    """A parameter field with its allowed range, unit, description and default's source."""
    return Field(default, description=desc,
                 json_schema_extra={"lo": lo, "hi": hi, "lo_open": lo_open, "unit": unit, "source": source})


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------------
class DemandParams(_Block):
    """Demand: token volume = adoption (S-curve) × intensity per user × price response, plus
    compute bought from budgets (training, captive workloads) that follow funding and sentiment."""

    users_initial: Value = P(1.0e9, lo=1, hi=1e11, unit="users", desc="Users of AI services at the start.",
                             source="OpenAI DevDay 2025-10-06 (S. Altman): ~800M weekly ChatGPT users (catalog macro_ai "
                                    "chatgpt_weekly_users); ~1B users of any AI service (2025 press estimates)")
    users_saturation: Value = P(5.5e9, lo=1, hi=1e11, unit="users",
                                desc="Ceiling of the adoption S-curve.",
                                source="ITU, Facts and Figures 2024: ~5.5B people online")
    adoption_rate: Value = P(0.5, lo=0, hi=5, unit="1/year",
                             desc="Logistic rate of the adoption S-curve (growth rate while adoption is small).",
                             source="assumption: 0 to ~1B AI users in ~3 years (ChatGPT 2022-2025) implies "
                                    "~0.5-1/year early logistic growth")
    intensity_growth: Value = P(0.5, lo=-0.5, hi=20, unit="fraction/year",
                                desc="Initial growth of tokens per user per year (more uses, reasoning tokens).",
                                source="assumption: Google tokens/month 480T (May 2025) -> 980T (Jun) -> 1.3 "
                                       "quadrillion (Oct 2025), mostly reasoning-token inflation (the-decoder); "
                                       "users grew far slower, so per-user intensity rose ~1-2x/year")
    intensity_growth_decay: Value = P(0.25, lo=0, hi=5, unit="1/year",
                                      desc="Rate at which intensity growth fades (growth_t = growth_0·e^(-decay·t)).",
                                      source="assumption: per-user token growth cannot compound at ~2x/year "
                                             "for a decade")
    price_elasticity: Value = P(0.9, lo=0, hi=5, unit="-",
                                desc="Constant elasticity of token demand to the token price (Jevons effect "
                                     "when > 1).",
                                source="assumption: token prices at fixed capability fell ~10x/year (a16z) "
                                       "while token volumes grew faster; unit elasticity is the neutral case")
    inference_share_initial: Value = P(0.35, lo=0, hi=1, unit="fraction",
                                       desc="Share of busy capacity serving token inference at the start (the "
                                            "rest is budget-funded: training and captive workloads).",
                                       source="assumption: industry estimates put inference at 30-50% of AI "
                                              "compute in 2025; OpenAI rented ~$16B of servers in 2025 mostly "
                                              "for training (OpenAI statements, 2025 press)")
    paid_token_share: Value = P(0.3, lo=0, hi=1, unit="fraction",
                                desc="Share of tokens that earn token revenue (API and subscriptions); the rest "
                                     "are free or internal (AI search answers, free tiers).",
                                source="assumption: Google's 1.3 quadrillion tokens/month (macro_ai) are mostly free "
                                       "AI surfaces while paid AI model revenue was ~$50-60B/yr at end-2025 "
                                       "(OpenAI $20B ARR, Anthropic ~$9B, company_figures/macro_ai)")
    funded_growth: Value = P(0.3, lo=-0.5, hi=5, unit="fraction/year",
                             desc="Initial growth of compute budgets for training and captive workloads.",
                             source="assumption: OpenAI compute 0.2 -> 0.6 -> 1.9 GW 2023-2025 (Friar blog via "
                                    "the-decoder) while lab revenue must fund it; slowed to +30%/year")
    funded_growth_decay: Value = P(0.2, lo=0, hi=5, unit="1/year",
                                   desc="Rate at which budget growth fades.",
                                   source="assumption: budgets (training, captive use) grow with lab "
                                          "funding rounds, which cannot keep compounding; a fade of 0.2/yr "
                                          "halves the growth rate in ~3.5 years")
    funded_sentiment_elasticity: Value = P(1.0, lo=0, hi=5, unit="-",
                                           desc="Elasticity of compute budgets to the valuation multiple "
                                                "(labs fund training with equity raised at those valuations).",
                                           source="assumption: OpenAI burn of $8.5B (2025) funded by equity "
                                                  "rounds (company_figures)")
    growth_reference_years: Value = P(0.0, lo=-50, hi=50, unit="years",
                                      desc="Years from the start to the date at which intensity_growth and "
                                           "funded_growth are quoted: the growth at the start is the quoted "
                                           "growth x e^(decay x this) (0 = quoted at the start).",
                                      source="assumption: lets a run that starts earlier (the 2023-2026 "
                                             "in-sample run) share the baseline's growth parameters, which are "
                                             "quoted at 2026")
    initial_shock: Value = P(0.0, lo=-3, hi=3, unit="-",
                             desc="Log demand shock at the start (demand above its trend); it reverts at "
                                  "shock_reversion.", source="assumption: demand on its trend at the start")
    volatility: Value = P(0.15, lo=0, hi=2, unit="1/sqrt(year)",
                          desc="Volatility of the demand shock (Ornstein-Uhlenbeck in logs).",
                          source="assumption: log demand deviations of ~15%/yr: the 2023-2026 shock knots "
                                 "fitted in-sample span -9% to +9% (infranomics.market.insample)")
    shock_reversion: Value = P(0.5, lo=0, hi=10, unit="1/year",
                               desc="Mean reversion of the log demand shock.",
                               source="assumption: demand surprises (a model launch, a lull) fade within "
                                      "~2 years (half-life 1.4 years)")


class EfficiencyParams(_Block):
    """Efficiency: hardware performance per dollar and per watt by chip generation; algorithms."""

    hw_perf_per_dollar_growth: CatValue = P(CATALOG, lo=-0.5, hi=3, unit="fraction/year",
                                            desc="Growth of H100-equivalents per dollar of all-in capex "
                                                 "(new chip generations).",
                                            source="catalog: accelerators + cost layer, H100-SXM (2023) -> "
                                                   "GB200 (2025) dense FP8 TFLOP/s per all-in USD")
    hw_perf_per_watt_growth: CatValue = P(CATALOG, lo=-0.5, hi=3, unit="fraction/year",
                                          desc="Growth of H100-equivalents per kW of IT power.",
                                          source="catalog: accelerators + cost_assumptions, H100-SXM (2023) -> "
                                                 "GB200 (2025) dense FP8 TFLOP/s per all-in IT kW")
    algo_efficiency_growth: Value = P(0.4, lo=-0.5, hi=10, unit="fraction/year",
                                      desc="Growth of tokens served per H100-equivalent hour (serving "
                                           "software, distillation, MoE) at the capability users demand.",
                                      source="assumption: price per token at fixed capability falls 9-900x/yr "
                                             "(Epoch AI 2025-03-12) but demand moves to frontier models; +40%/yr")
    tokens_per_unit_hour: CatValue = P(CATALOG, lo=1, hi=1e12, unit="tokens/unit-hour",
                                       desc="Tokens served per busy H100-equivalent hour at the start (fleet "
                                            "average).",
                                       source="catalog: company_figures DeepSeek decode tok/s per node / 8 x 3600 "
                                              "x fleet_throughput_factor")
    fleet_throughput_factor: Value = P(0.35, lo=0.001, hi=1, unit="fraction",
                                       desc="Fleet-average throughput as a share of DeepSeek's optimised "
                                            "large-batch serving (latency targets, long contexts, dense models).",
                                       source="assumption: DeepSeek's optimised large-batch decode is an "
                                              "upper bound; fleet averages serve latency-bound traffic, "
                                              "long contexts and dense models at about a third of it")


class CapacityParams(_Block):
    """Capacity by vintage: orders -> construction (lead time, power connection) -> service -> retirement."""

    capacity_initial: CatValue = P(CATALOG, lo=0, hi=1e12, unit="units",
                                   desc="Installed capacity at the start.",
                                   source="catalog: macro_ai hyperscaler capex 2023-2025 x scope multiplier / "
                                          "capex per unit of each year")
    capex_scope_multiplier: Value = P(1.3, lo=1, hi=5, unit="-",
                                      desc="Industry AI capex / capex of the four hyperscalers (adds Oracle, "
                                           "neoclouds, xAI, China, sovereigns); used to size the initial fleet.",
                                      source="assumption: Moody's six-hyperscaler 2026 capex $785B vs four-firm "
                                             "$630-700B guidance (macro_ai) plus non-US builders")
    history_years: int = P(5, lo=1, hi=40, unit="years",
                           desc="Number of annual vintages the initial capacity is spread over.", source="assumption: the fleet of 2026 was built "
                                                                                                         "over ~5 years (hyperscaler capex "
                                                                                                         "2021-2025, macro_ai)")
    history_growth: Value = P(0.7, lo=-0.5, hi=5, unit="fraction/year",
                              desc="Growth of capacity additions in the years before the start (shapes the "
                                   "age of the initial fleet).",
                              source="Epoch AI data insight (secondary): AI capex ~70%/yr since GPT-4 (cycle.md §2.3)")
    initial_utilization: Value = P(0.85, lo=0, hi=1, lo_open=True, unit="fraction",
                                   desc="Busy share of installed capacity at the start.",
                                   source="assumption: tight market early 2026 - H100 1-year contract price rose "
                                          "38% from the Oct-2025 trough to $2.35 (catalog gpu_rental_prices)")
    initial_excess_demand: Value = P(0.0, lo=0, hi=5, unit="fraction",
                                     desc="Demand above what is served at the start, as a share of served "
                                          "demand (a shortage; 0 = none).",
                                     source="assumption: no shortage at the start of 2026")
    target_utilization: Value = P(0.75, lo=0.05, hi=1, unit="fraction",
                                  desc="Utilisation at which prices sit at the full cost of new capacity.",
                                  source="assumption: between the cost layer's 0.6 default and DeepSeek's 82% "
                                         "average/peak node ratio (open-infra-index day 6)")
    max_utilization: Value = P(0.95, lo=0.05, hi=1, unit="fraction",
                               desc="Highest attainable utilisation (maintenance, failures, spares).",
                               source="assumption: 5% of accelerators down for maintenance, failures and "
                                      "spares (large-cluster reliability reports)")
    construction_years: Value = P(1.5, lo=0.05, hi=10, unit="years",
                                  desc="Mean time from order to a finished, equipped hall (two-stage delay).",
                                  source="Epoch AI 2025-09-05 (via cycle.md): $3B data centre 1-2 years, "
                                         "$10-30B 2-3 years")
    connection_years: Value = P(0.25, lo=0.01, hi=10, unit="years",
                                desc="Shortest time to connect a finished hall to the grid.", source="assumption: a finished hall with a "
                                                                                                     "secured interconnection is energised "
                                                                                                     "within a quarter; the grid limit, not "
                                                                                                     "this, binds in a queue")
    grid_additions_gw: Value = P(25.0, lo=0, hi=1e6, unit="GW/year",
                                 desc="IT power that can be connected for new AI capacity per year at the start.",
                                 source="assumption: Bain (2025-09) ~200 GW of new AI compute by 2030 (~40 GW/yr "
                                        "average); LBNL US 74-132 GW by 2028 from ~40 GW in 2023")
    grid_growth: Value = P(0.15, lo=-0.5, hi=3, unit="fraction/year",
                           desc="Growth of the grid-connection limit.", source="assumption: US interconnection capacity "
                                                                               "for data centres rising with "
                                                                               "transmission build-out and on-site "
                                                                               "generation (~15%/yr)")
    max_capex_share_of_gdp: Value = P(1.0, lo=0, hi=1, lo_open=True, unit="fraction",
                                      desc="Macro cap: the most of GDP that the build-out's capex can take in a "
                                           "year; orders beyond it are not placed. 1 = off.",
                                      source="off by default (1 = all of GDP), so the documented results stand "
                                             "without it; the largest build-outs on record peaked at ~6% of GDP "
                                             "(US railways: Tunguz 6.0%, cycle.md; 7-10% in 1865-1873, claims.md; "
                                             "telecom 2000 1.2%, AI 2025 1.6%) - docs/market.md shows the effect "
                                             "of a 6% cap")
    gdp_usd: Value = P(117.17e12, lo=0, hi=1e16, lo_open=True, unit="USD/year",
                       desc="GDP the cap is a share of, in the year gdp_year (money of the scenario's currency "
                            "year).",
                       source="IMF World Economic Outlook Oct 2025: world GDP 2025 $117.17T at current prices")
    gdp_year: Value = P(2025.0, lo=1800, hi=2100, unit="year", desc="Year of gdp_usd.",
                        source="IMF World Economic Outlook Oct 2025")
    gdp_growth: Value = P(0.031, lo=-0.2, hi=0.5, unit="fraction/year", desc="Real growth of GDP.",
                          source="IMF World Economic Outlook Oct 2025: world growth 3.2% (2025), 3.1% (2026)")
    physical_life_years: Value = P(8.0, lo=0.5, hi=100, unit="years",
                                   desc="Age at which a vintage is retired whatever its margin.",
                                   source="assumption: GPUs cascade from training to inference and resale "
                                          "(SemiAnalysis rebuttal to Burry, cycle.md §2.6)")
    obsolescence_rate: Value = P(0.5, lo=0, hi=20, unit="1/year",
                                 desc="Rate at which vintages whose cash cost exceeds the market price are idled.",
                                 source="assumption: a vintage whose cash cost exceeds the price is idled "
                                        "within ~2 years (contracts run out, then machines are switched "
                                        "off)")


class CostParams(_Block):
    """Unit economics of capacity (per unit), prices and the layers' margins."""

    capex_per_unit: CatValue = P(CATALOG, lo=0, hi=1e12, unit="USD/unit",
                                 desc="All-in capex (hardware + facility) of one new unit at the start.",
                                 source="catalog: cost layer estimate('H100-SXM', own build) hardware + "
                                        "facility, moved to the start year along hw_perf_per_dollar_growth")
    opex_frac: CatValue = P(CATALOG, lo=0, hi=2, unit="fraction of capex/year",
                            desc="Fixed operating cost per year as a share of capex (maintenance, insurance, "
                                 "staff, facility O&M).",
                            source="catalog: cost layer estimate('H100-SXM') opex + facility O&M / all-in capex")
    kw_per_unit: CatValue = P(CATALOG, lo=0, hi=1e6, unit="kW/unit",
                              desc="Maximum IT power of one new unit at the start.",
                              source="catalog: it_kw_per_gpu(H100 TDP) along hw_perf_per_watt_growth")
    pue: CatValue = P(CATALOG, lo=1, hi=3.5, unit="-", desc="Power usage effectiveness.",
                      source="catalog: cost_assumptions pue")
    power_price_kwh: CatValue = P(CATALOG, lo=0, hi=10, unit="USD/kWh", desc="Electricity price.",
                                  source="catalog: electricity_prices US industrial, latest year")
    busy_draw_frac: CatValue = P(CATALOG, lo=0, hi=1, unit="fraction", desc="IT draw while busy / maximum.",
                                 source="catalog: cost_assumptions busy_draw_frac")
    idle_draw_frac: CatValue = P(CATALOG, lo=0, hi=1, unit="fraction", desc="IT draw while idle / maximum.",
                                 source="catalog: cost_assumptions idle_draw_frac")
    variable_cost_per_unit_hour: Value = P(0.0, lo=0, hi=1e9, unit="USD/unit-hour",
                                           desc="Cash cost of a busy unit-hour other than power (fuel, crews).",
                                           source="assumption: none for AI beyond power")
    economic_life_years: CatValue = P(CATALOG, lo=0.25, hi=100, unit="years",
                                      desc="Life over which new capacity must earn its capital back (prices).",
                                      source="catalog: cost_assumptions economic_life_years")
    accounting_life_years: CatValue = P(CATALOG, lo=0.25, hi=200, unit="years",
                                        desc="Book depreciation life (straight line).",
                                        source="catalog: cost_assumptions accounting_life_years")
    residual_frac: CatValue = P(CATALOG, lo=0, hi=1, unit="fraction", desc="Resale value at end of life.",
                                source="catalog: cost_assumptions residual_frac")
    price_initial: CatValue = P(CATALOG, lo=0, hi=1e9, unit="USD/unit-hour",
                                desc="Market price of a unit-hour at the start.",
                                source="catalog: gpu_rental_prices SemiAnalysis H100 1-year index, latest")
    price_starts_at_target: bool = Field(False, description="Start the price at its target (full cost adjusted for "
                                         "the initial utilisation) instead of price_initial (for analogues whose "
                                         "price level is not observed).",
                                         json_schema_extra={"unit": "", "source": "assumption: the AI presets start "
                                                            "at the observed rental price"})
    price_adjust_years: Value = P(1.0, lo=0.01, hi=20, unit="years",
                                  desc="Time constant of the price's adjustment toward its target (first order in "
                                       "log price, linearly implicit in the demand response).",
                                  source="assumption: spot H100 rent fell ~30% in two months in 2024 (SemiAnalysis) "
                                         "but most capacity is sold on 1-3 year contracts (CoreWeave ~4-5 years)")
    price_utilization_elasticity: Value = P(2.0, lo=0, hi=20, unit="-",
                                            desc="Curvature of the price curve above the floor in demand / (target "
                                                 "utilisation x capacity).",
                                            source="assumption: prior of the in-sample fit (the AI baseline"
                                                   " sets the fitted 2.57): price moves ~2% per 1% of "
                                                   "utilisation gap")
    price_ratio_cap: Value = P(2.0, lo=1, hi=20, unit="-",
                               desc="Cap on demand / (target utilisation x capacity) in the price curve: how "
                                    "far scarcity can lift the price above full cost (x cap^elasticity).",
                               source="assumption: H100 rent of ~$8/h in mid-2023 (gpu_rental_prices) was ~2x "
                                      "the full cost of new capacity of the time")
    floor_markup: Value = P(0.1, lo=0, hi=5, unit="fraction",
                            desc="Price floor = marginal cash cost x (1 + markup).",
                            source="assumption: GpuHourCost.marginal_usd_per_busy_hour is the floor a price "
                                   "war pushes toward (cost/chain.py)")
    fire_sale_weight: Value = P(0.0, lo=0, hi=1, unit="-",
                                desc="How strongly capacity in default (sold at distress prices) pulls the "
                                     "target price toward the floor.",
                                source="assumption: off by default - the price war already follows utilisation")
    lab_markup: Value = P(1.0, lo=-0.9, hi=50, unit="fraction",
                          desc="Model labs' markup of token prices over inference compute cost.",
                          source="assumption: DeepSeek's theoretical cost-profit margin 545% (company_figures) is "
                                 "an upper bound; list-price margins of ~50% gross")
    app_revenue_multiple: Value = P(1.5, lo=1, hi=20, unit="-",
                                    desc="End-user (application) revenue per dollar of token spend.",
                                    source="assumption: Sequoia/Cahn assume a 50% end-user gross margin "
                                           "(cycle.md §3.4); subscriptions resell tokens at ~1.5x")
    chip_share_of_capex: Value = P(0.7, lo=0, hi=1, unit="fraction",
                                   desc="Share of capex paid to chip and system vendors.",
                                   source="Nvidia Aug-2025 call: ~$35B of its hardware of ~$50B per GW "
                                          "(https://www.livemint.com/companies/nvidia-is-set-to-get-a-big-boost-"
                                          "from-openai-here-s-how-much-11756731303509.html)")
    chip_gross_margin: Value = P(0.75, lo=-1, hi=1, unit="fraction",
                                 desc="Gross margin of chip vendors on that revenue.",
                                 source="Nvidia FY2025 GAAP gross margin 75.0% (tco.md §2, reportify transcript)")


class FinanceParams(_Block):
    """Financing of the capacity owners: cash flow, debt with rates and maturities, leases/SPVs, defaults."""

    risk_free_rate: Value = P(0.04, lo=-0.05, hi=1, unit="fraction/year", desc="Risk-free rate.",
                              source="assumption: US 10-year Treasury ~4% in 2025-26")
    credit_spread_initial: Value = P(0.02, lo=0, hi=1, unit="fraction/year",
                                     desc="Credit spread of the builders' debt at the start.",
                                     source="Meta Hyperion 144A bonds ~+225bp (theasset, cycle.md §2.2); Oracle "
                                            "CDS 125-128bp")
    cost_of_equity: Value = P(0.10, lo=0, hi=2, unit="fraction/year", desc="Cost of equity at the start.",
                              source="assumption: 4% risk-free + ~6% equity premium")
    asset_cost_of_capital: CatValue = P(CATALOG, lo=0, hi=1, unit="fraction/year",
                                        desc="Cost of capital that prices new capacity at the start (independent "
                                             "of leverage, Modigliani-Miller); stress adds to it.",
                                        source="catalog: cost_assumptions wacc")
    external_share_of_capex: Value = P(0.2, lo=0, hi=1, unit="fraction",
                                       desc="Share of capex equity markets fund at the start valuation (less when "
                                            "the multiple falls), after cash flow and debt.",
                                       source="assumption: OpenAI $110B round (2026), CoreWeave IPO, xAI equity "
                                              "against ~$1T of capex")
    debt_share_of_capex: Value = P(0.41, lo=0, hi=1, unit="fraction",
                                   desc="Most of capex the builders finance with debt on their balance sheets "
                                        "(the leverage of the build-out); debt is used after internal cash flow "
                                        "(pecking order).",
                                   source="Morgan Stanley (2025): $1.2T of $2.9T AI data-centre and chip spend "
                                          "to 2028 debt-financed (cycle.md §2.5)")
    lease_share_of_capex: Value = P(0.15, lo=0, hi=1, unit="fraction",
                                    desc="Share of capex financed off balance sheet (SPVs, leases); the "
                                         "operator pays lease rents instead.",
                                    source="assumption: Meta/Blue Owl Hyperion $27B, xAI SPV $20B, Abilene JV "
                                           "$15B in 2025 against ~$400B capex (cycle.md §2.1-2.2)")
    pecking_order: bool = Field(True, description="Owners fund capex from cash flow first and borrow only for the "
                                "rest (hyperscalers); False = every project is financed at debt_share_of_capex "
                                "whatever the cash flow (project finance: railway companies, new carriers).",
                                json_schema_extra={"unit": "", "source": "assumption: corporate pecking order "
                                                   "(Myers & Majluf 1984) for cash-rich owners"})
    lease_rate: Value = P(0.12, lo=0, hi=1, unit="fraction/year",
                          desc="Implicit rate of leases / SPV financing.",
                          source="Tunguz (2025-10): GPU-backed debt at ~14%; Hyperion bonds 6.58% (cycle.md)")
    lease_term_years: Value = P(5.0, lo=0.25, hi=50, unit="years", desc="Lease term.",
                                source="xAI SPV: 5-year lease of Nvidia GPUs (cycle.md §2.2)")
    debt_maturity_years: Value = P(6.0, lo=0.25, hi=100, unit="years",
                                   desc="Average maturity of debt (it amortises / must be refinanced at "
                                        "1/maturity per year).",
                                   source="assumption: mix of 5-year GPU loans and long bonds (Hyperion to 2049)")
    initial_leverage: Value = P(0.25, lo=0, hi=0.99, unit="fraction",
                                desc="Debt / gross book value of capacity at the start.",
                                source="assumption: hyperscalers fund mostly from cash flow; neoclouds "
                                       "(CoreWeave $21.4B debt vs $30.6B net PP&E, FY2025) far more")
    cash_initial_years: Value = P(0.5, lo=0, hi=20, unit="years of capex",
                                  desc="Cash on hand at the start, in years of initial capex.",
                                  source="JPM: hyperscalers hold ~$350B liquid assets (avantcapital, cycle.md "
                                         "§2.3) vs ~$700B 2026 capex")
    sponsor_cash_flow: Value = P(0.5, lo=0, hi=20, unit="years of capex/year",
                                 desc="Cash flow from owners' other businesses available for capex, in years "
                                      "of initial capex per year.",
                                 source="assumption: hyperscalers' 2026 OCF ~$725B (JPM, macro_ai) largely from "
                                        "non-AI businesses; half of the initial capex can come from it")
    sponsor_growth: Value = P(0.1, lo=-0.5, hi=2, unit="fraction/year",
                              desc="Growth of that sponsor cash flow.",
                              source="Epoch AI (secondary): hyperscaler OCF ~+23%/yr; trimmed to 10% for "
                                     "the non-AI share")
    equity_sentiment_elasticity: Value = P(2.0, lo=0, hi=10, unit="-",
                                           desc="Elasticity of outside funding to the valuation multiple below its "
                                                "start.",
                                           source="assumption: outside equity dries up faster than "
                                                  "valuations fall (issuance windows close): elasticity 2")
    tax_rate: Value = P(0.21, lo=0, hi=0.9, unit="fraction", desc="Corporate tax rate.",
                        source="US federal corporate rate (Tax Cuts and Jobs Act 2017)")
    covenant_icr: Value = P(2.0, lo=0, hi=50, unit="-",
                            desc="Interest coverage below which lenders stop lending (soft).",
                            source="assumption: investment-grade covenants; CoreWeave interest was 22% of "
                                   "revenue in Q2 2025 (company_figures)")
    dscr_default: Value = P(1.0, lo=0.1, hi=5, unit="-",
                            desc="Debt-service coverage (EBITDA less tax over interest, lease rents and the principal "
                                 "lenders will not roll over) below which a firm defaults.",
                            source="business.metrics.dscr docstring: below 1 the borrower cannot pay from "
                                   "operations")
    firm_dispersion: Value = P(0.4, lo=0.01, hi=5, unit="-",
                               desc="Log-standard deviation of firm coverage around the industry's (firm "
                                    "heterogeneity).",
                               source="assumption: with default_speed 0.5, ~0.3%/yr of firms default at an industry coverage "
                                      "of 3, ~8%/yr at 1.5 and ~25%/yr at 1 (log-logistic firm coverage)")
    default_speed: Value = P(0.5, lo=0, hi=20, unit="1/year",
                             desc="Rate at which firms below the threshold default (the rest get waivers, "
                                  "restructure or are bailed out by owners).",
                             source="assumption: calibrated so that deep busts put ~20% of capacity in "
                                    "receivership, as US railways in January 1877 (18.2%, Swain 1898)")
    recovery_rate: Value = P(0.4, lo=0, hi=1, unit="fraction", desc="Recovery of defaulted debt.",
                             source="assumption: long-run senior unsecured recovery ~40% (Moody's)")
    reorganisation_years: Value = P(2.5, lo=0.1, hi=50, unit="years",
                                    desc="Mean time capacity spends in receivership/reorganisation.",
                                    source="assumption: railroad receiverships of the 1870s lasted years "
                                           "(Swain 1898)")
    spread_sentiment_sensitivity: Value = P(0.06, lo=0, hi=1, unit="fraction/year",
                                            desc="Credit spread added at a full drawdown of the valuation "
                                                 "multiple.", source="assumption: prior of the in-sample fit "
                                                                     "(the AI baseline sets the fitted 0.029):"
                                                                     " a full drawdown of the multiple adds ~6"
                                                                     " points, the size of the 2001 and 2008 "
                                                                     "high-yield widening")
    spread_default_sensitivity: Value = P(0.5, lo=0, hi=10, unit="-",
                                          desc="Credit spread added per unit of default hazard.",
                                          source="assumption: a default hazard of 10%/yr adds 5 points of "
                                                 "spread (loss given default ~50%)")
    equity_cost_sensitivity: Value = P(0.10, lo=0, hi=2, unit="fraction/year",
                                       desc="Cost of equity added at a full drawdown of the multiple.",
                                       source="assumption: a full drawdown of the multiple raises the cost "
                                              "of equity by 10 points (equity risk premium roughly doubles)")
    spread_crisis: Value = P(0.06, lo=0.001, hi=1, unit="fraction/year",
                             desc="Spread increase that counts as full financing stress in the indicator.",
                             source="assumption: high-yield spreads widened ~6 points in 2000-02 and 2008")


class SentimentParams(_Block):
    """Sentiment: the valuation multiple responds to revenue growth against expectations."""

    expected_growth_initial: Value = P(0.5, lo=-0.9, hi=20, unit="fraction/year",
                                       desc="Revenue growth investors expect at the start.",
                                       source="OpenAI projections $13B (2025) -> $100B (2029), ~66%/yr "
                                              "(company_figures); trimmed for the whole sector")
    expectation_years: Value = P(1.5, lo=0.05, hi=50, unit="years",
                                 desc="Time for expected growth to adapt to observed growth.", source="assumption: investors revise expected "
                                                                                                      "growth over ~1.5 years (a few earnings "
                                                                                                      "cycles)")
    growth_sensitivity: Value = P(1.5, lo=0, hi=20, unit="-",
                                  desc="Log change of the target multiple per unit of growth surprise.",
                                  source="assumption: prior of the in-sample fit (the AI baseline sets the "
                                         "fitted 0.79): a 10-point growth surprise moves the multiple ~15%")
    adjust_years: Value = P(0.5, lo=0.01, hi=20, unit="years",
                            desc="Time for the multiple to move to its target.", source="assumption: valuations reprice within "
                                                                                        "about two quarters")
    volatility: Value = P(0.25, lo=0, hi=3, unit="1/sqrt(year)",
                          desc="Volatility of the multiple (log).",
                          source="assumption: ~25% annual volatility of large-cap tech indices")
    observation_years: Value = P(0.5, lo=0.05, hi=20, unit="years",
                                 desc="Averaging time of the trend estimator of revenue growth.", source="assumption: revenue growth is read from "
                                                                                                         "about two quarters of reports")


class InvestmentParams(_Block):
    """Investment: orders follow extrapolated demand (supply-line control), sentiment and profitability."""

    demand_growth_expected: Value = P(0.8, lo=-0.9, hi=20, unit="fraction/year",
                                      desc="Demand growth builders extrapolate at the start (log rate; with a warm "
                                           "start it is the history run's state).",
                                      source="hyperscaler capex 2023 $151B -> 2024 $246B -> 2025 ~$400B (macro_ai): "
                                             "+60-65%/yr; 'capex ~70%/yr' (Epoch via cycle.md)")
    expectation_years: Value = P(1.0, lo=0.05, hi=50, unit="years",
                                 desc="Time for builders' expected demand growth to adapt to the observed trend "
                                      "(read over 0.5 years).", source="assumption: prior of the in-sample fit "
                                                                       "(the AI baseline sets the fitted 1.08): "
                                                                       "builders read the demand trend over ~1 "
                                                                       "year (Sterman 2000)")
    adjust_years: Value = P(1.0, lo=0.05, hi=50, unit="years",
                            desc="Time to close the gap between the capacity demand will need one lead time ahead "
                                 "and the capacity expected then from the fleet and the pipeline.",
                            source="assumption (Sterman 2000, Business Dynamics: stock-management structure)")
    sentiment_elasticity: Value = P(1.0, lo=0, hi=10, unit="-",
                                    desc="Elasticity of orders to the valuation multiple (Tobin's q).",
                                    source="assumption: orders move one for one with the valuation multiple"
                                           " (Tobin's q, unit elasticity)")
    profitability_elasticity: Value = P(1.5, lo=0, hi=10, unit="-",
                                        desc="Elasticity of orders to the price over the full cost of new capacity "
                                             "(1 at full cost; the ratio enters within [1/3, 3]).",
                                        source="assumption: orders respond more than proportionally to the "
                                               "margin on new capacity; the ratio is clipped to [1/3, 3] so"
                                               " scarcity rents do not explode orders")
    supply_line_weight: Value = P(1.0, lo=0, hi=1, unit="-",
                                  desc="Share of the pipeline builders count when ordering (under 1 = "
                                       "supply-line neglect, a known source of overshoot).",
                                  source="assumption: builders count their whole pipeline (1 = no supply-line "
                                         "neglect); Sterman (2000) finds decision makers underweight it, so 1 is "
                                         "the cautious end; not identified in-sample (orders were supply-limited "
                                         "2023-2025); 0.5 moves the baseline bust probability by <1 point")
    max_order_ratio: Value = P(3.0, lo=0, hi=100, unit="1/year",
                               desc="Cap on orders as a multiple of installed capacity per year: how fast chip, "
                                    "memory, power and construction supply can grow with the fleet.",
                               source="assumption: prior of the in-sample fit (the AI baseline sets the "
                                      "fitted 4.55): chip, memory and power supply cap orders at a few "
                                      "times the installed fleet per year")
    cancel_rate: Value = P(1.0, lo=0, hi=20, unit="1/year",
                           desc="Rate at which early-stage orders are cancelled at full stress.",
                           source="assumption: Microsoft, Meta paused leases in 2025 (press)")


class CommitmentParams(_Block):
    """Announced compute commitments (catalog ``compute_commitments``): built as if cash, paid with a probability."""

    enabled: bool = Field(False, description="Model announced commitments separately.",
                          json_schema_extra={"unit": "", "source": "assumption: off in the baseline"})
    realisation: Value = P(1.0, lo=0, hi=1, unit="fraction",
                           desc="Share of announced commitments that turns into paid demand.",
                           source="Nvidia's $100B letter of intent became a $30B equity stake (livemint "
                                  "2026-02-27, compute_commitments)")
    belief: Value = P(1.0, lo=0, hi=1, unit="fraction",
                      desc="Share of announced commitments builders order capacity for.", source="assumption: builders order for every "
                                                                                                 "announced deal (the case the commitments"
                                                                                                 " scenario tests)")
    scale: Value = P(1.0, lo=0, hi=100, unit="-", desc="Multiplier on the catalog's commitments.",
                     source="assumption: the catalog's commitments as announced")
    pipeline_share: Value = P(0.5, lo=0, hi=1, unit="fraction",
                              desc="Share of commitments already in the baseline demand trend (the rest is "
                                   "extra).", source="assumption: about half of announced demand is already"
                                                     " in the demand trend (announcements follow usage)")


class BustParams(_Block):
    """The bust definition (see docs/market.md)."""

    capex_drawdown: float = P(0.30, lo=0.01, hi=0.99, unit="fraction",
                              desc="A bust: trailing-year (4-quarter) capex falls this far below its running "
                                   "peak.",
                              source="issue 6: 'e.g. a capex drawdown over 30%'")
    utilization_floor: float = P(0.60, lo=0, hi=1, unit="fraction",
                                 desc="...or the trailing-year (4-quarter) utilisation falls below this.",
                                 source="issue 6: 'or utilisation under 60%'")
    default_share: float = P(1.0, lo=0.01, hi=1, unit="fraction",
                             desc="...or (optional) the share of capacity owned by firms in default or receivership "
                                  "exceeds this - a financial bust; 1 = off.",
                             source="assumption: off by default so the bust is the issue's capex/utilisation test; "
                                    "0.15 would sit below the 18.2% of US railroad mileage in receivership in "
                                    "January 1877 (Swain 1898, history_railways_us)")
    real_capex: bool = Field(False, description="Measure the capex drawdown on capex deflated by the price of "
                             "new capacity (units delivered) instead of dollars.",
                             json_schema_extra={"unit": "", "source": "assumption: off - the bust is a fall of "
                                                "dollar spending (suppliers' revenue, financing needs, the figure "
                                                "firms report); see docs/market.md 'The bust'"})
    warmup_years: float = P(1.0, lo=0, hi=10, unit="years",
                            desc="No bust is detected before this (trailing capex needs a year of history).",
                            source="assumption: a year of history is needed before a trailing-year sum and "
                                   "its peak mean anything")


class SignalParams(_Block):
    """The composite turning-point signal: a weighted mean of stress scores in [0, 1]."""

    weight_utilization: float = P(0.35, lo=0, hi=1, unit="-", desc="Weight of utilisation stress.",
                                  source="assumption: utilisation and the price war are what turns (the gap and "
                                         "capex/OCF are high through the whole build-out); not tuned")
    weight_price_war: float = P(0.30, lo=0, hi=1, unit="-", desc="Weight of the price-war index.",
                                source="assumption: the price war follows utilisation within quarters; not tuned")
    weight_financing: float = P(0.25, lo=0, hi=1, unit="-", desc="Weight of financing tightness.",
                                source="assumption: financing tightness is what makes a bust systemic (defaults, "
                                       "spreads); not tuned")
    weight_gap: float = P(0.05, lo=0, hi=1, unit="-", desc="Weight of the capex/revenue gap.",
                          source="assumption: the capex/revenue gap is large for the whole AI build-out "
                                 "(Sequoia's $600B question), so it separates paths little")
    weight_capex_ocf: float = P(0.05, lo=0, hi=1, unit="-", desc="Weight of capex against operating cash flow.",
                                source="assumption: capex above operating cash flow is structural in a "
                                       "build-out, so it separates paths little")
    threshold: float = P(0.45, lo=0, hi=1, unit="-", desc="The signal fires when the composite exceeds this.",
                         source="assumption: mid-scale (the composite is 0 in calm, 1 in a full crisis); "
                                "not tuned; reported with its false-alarm rate")
    revenue_multiple_needed: float = P(2.0, lo=1, hi=10, unit="-",
                                       desc="End-user revenue needed per dollar of annual capex (the '$600B "
                                            "question' arithmetic).",
                                       source="Sequoia/D. Cahn (2024-06): data-centre cost x2 for a 50% end-user "
                                              "margin; capex here is already all-in (cycle.md §3.4)")
    capex_ocf_crisis: float = P(3.0, lo=1.01, hi=100, unit="-",
                                desc="Capex / operating cash flow that counts as full stress.", source="assumption: capex three times operating "
                                                                                                       "cash flow means the build-out depends on"
                                                                                                       " outside money")


#: The blocks of a scenario, in order: name -> model class.
BLOCKS: dict[str, type[_Block]] = {
    "demand": DemandParams,
    "efficiency": EfficiencyParams,
    "capacity": CapacityParams,
    "costs": CostParams,
    "finance": FinanceParams,
    "sentiment": SentimentParams,
    "investment": InvestmentParams,
    "commitments": CommitmentParams,
    "bust": BustParams,
    "signal": SignalParams,
}


def field_info(block: str, name: str) -> dict:
    """Range, unit, description and default source of parameter ``block.name``."""
    f = BLOCKS[block].model_fields[name]
    extra = dict(f.json_schema_extra or {})
    extra["description"] = f.description or ""
    extra["default"] = f.default
    return extra


def param_paths() -> list[str]:
    """Every parameter as ``block.name``."""
    return [f"{b}.{n}" for b, cls in BLOCKS.items() for n in cls.model_fields]
