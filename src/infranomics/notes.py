"""Notes and warnings the engine attaches to a result, as sentences with a stable key.

A :class:`Note` is a ``str`` (the English sentence, so ``print``, ``in`` and JSON work as for any
string) that also keeps the ``key`` of its template and the ``params`` it was filled with. An
interface can then say the same thing in another language: the web dashboard looks up
``note.<key>`` in its string files and fills the same placeholders (tests check that every key has
a translation with the same placeholders). Params are formatted here, as text, so a translation
only moves words around the figures and never reformats a number.
"""

from __future__ import annotations

import string

__all__ = ["TEMPLATES", "Note", "codes"]

#: English template of every note, by key. Placeholders are ``{name}``; values arrive formatted.
TEMPLATES: dict[str, str] = {
    # cost
    "capex_all_in": "all-in capex given without a chip price: shown entirely under 'chip'",
    "colo_cn": ("facility: China colocation rent for power region {region}: {value} {currency}/kW-month of "
                "{currency_year} (= ${usd}/kW-month in {year} USD; cost_assumptions colo_usd_per_kw_month_cn, "
                "{confidence} confidence), space, cooling and operations only, power billed separately; "
                "override with --colo-usd-per-kw-month"),
    # business
    "bom_catalog": "bill of materials: catalog appliance_prices '{product}' ({date}, {price} {currency})",
    "appliance_price_catalog": "appliance price: catalog '{product}' ({date})",
    "appliance_price_parts": "appliance price: accelerator price + server share from the catalog",
    "users_queue": "peak concurrency {peak} is far above the modelled batch ({batch}); users would queue",
    "power_price": "power price: {label}",
    "api_price": "API price: {provider} {model} {tier} from {date}",
    "rental_price": "rental price: median of {quotes} published {gpu} prices, {year}",
    "gpu_hour_price": "GPU-hour price: median of {quotes} published {gpu} prices, {year}",
    "rental_price_levelized": ("rental price: no published price, using the cost model's levelized cost per "
                               "busy hour"),
    "facility_build": ("facility: own build at ${build}M per MW of IT ({source}) plus {soft} soft costs; "
                       "power {power} $/kWh ({region})"),
    # market: the bust definition (one of the first two, then the default clause when that criterion is on)
    "bust_capex": ("first period after {warmup} year(s) in which trailing-year (4-quarter) capex is more than "
                   "{drawdown} below its running peak, or trailing-year utilisation is below {floor}"),
    "bust_units": ("first period after {warmup} year(s) in which trailing-year (4-quarter) units delivered (capex "
                   "deflated by the price of new capacity) is more than {drawdown} below its running peak, or "
                   "trailing-year utilisation is below {floor}"),
    "bust_default": ", or more than {share} of capacity is owned by firms in default or receivership",
    # perf
    "no_calibration": "no calibration for {family}/{stack}: using the default efficiencies (low confidence)",
    "family_calibration": "no calibration for stack '{stack}' on {family}: using the {family} family-wide fit",
    "no_native_precision": "{gpu} has no native {precision} tensor path: compute runs at {tflops} TFLOP/s",
    "batch_capped": "batch capped by the scheduler limit of {max_batch} sequences per attention group",
}


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of a template."""
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


class Note(str):
    """The English sentence of ``TEMPLATES[key]`` filled with ``params`` (each turned into text)."""

    key: str
    params: dict[str, str]

    def __new__(cls, key: str, **params) -> Note:
        template = TEMPLATES[key]
        missing = placeholders(template) - set(params)
        if missing:
            raise KeyError(f"note '{key}' needs {sorted(missing)}")
        text = {k: str(v) for k, v in params.items()}
        obj = super().__new__(cls, template.format(**text))
        obj.key = key
        obj.params = text
        return obj

    def __reduce__(self):
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: dict) -> Note:
    return Note(key, **params)


def codes(notes) -> list[dict | None]:
    """``{"key", "params"}`` for each note (None for a plain string), in order: the ``note_codes`` of a result."""
    return [{"key": n.key, "params": dict(n.params)} if isinstance(n, Note) else None for n in notes]
