"""Import API token prices from LiteLLM's price database, a local copy of its public JSON file.

LiteLLM keeps ``model_prices_and_context_window.json``
(https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json), a community-maintained
map of model name -> prices in USD per token. :func:`token_prices_from_litellm` turns a copy of that file
into rows of the ``token_prices`` dataset (USD per million tokens) so they can be saved in a user data
directory and extend the bundled prices. Nothing is downloaded: the user fetches the file and passes its
path. The importer only reads the fields it needs and says how many entries it skipped and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd

from ..errors import DataError, InputError

__all__ = ["LITELLM_URL", "PROVIDER_NAMES", "token_prices_from_litellm"]

#: Where the file is published (for the ``source`` column).
LITELLM_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
#: LiteLLM provider ids -> the provider names the bundled catalog uses (others keep LiteLLM's id).
PROVIDER_NAMES = {
    "openai": "OpenAI", "anthropic": "Anthropic", "gemini": "Google", "vertex_ai-language-models": "Google Vertex AI",
    "deepseek": "DeepSeek", "mistral": "Mistral", "dashscope": "Alibaba", "moonshot": "Moonshot", "xai": "xAI",
    "zai": "Zhipu", "groq": "Groq", "together_ai": "Together AI", "fireworks_ai": "Fireworks AI",
    "azure": "Azure OpenAI", "bedrock": "AWS Bedrock", "bedrock_converse": "AWS Bedrock", "cohere": "Cohere",
}
#: Modes that are text-generation APIs priced per input and output token.
_MODES = {"chat", "completion", "responses"}
#: Price fields per tier: tier name -> (input, output, cached input) per-token fields.
_TIERS = {
    "standard": ("input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost"),
    ">200k": ("input_cost_per_token_above_200k_tokens", "output_cost_per_token_above_200k_tokens",
              "cache_read_input_token_cost_above_200k_tokens"),
    "batch": ("input_cost_per_token_batches", "output_cost_per_token_batches", None),
}
_MAX_PER_MTOK = 10_000.0  # the token_prices schema's upper bound [USD/Mtok]


def _price(entry: dict, field: str | None) -> float | None:
    v = entry.get(field) if field else None
    return float(v) * 1e6 if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 else None


def token_prices_from_litellm(path: str | Path, *, effective_date: dt.date, retrieved: dt.date | None = None,
                              providers: list[str] | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """Rows of ``token_prices`` from a local copy of LiteLLM's price file.

    Parameters
    ----------
    path : the JSON file (a map of model name -> {litellm_provider, mode, input_cost_per_token, ...}).
    effective_date : date the prices were observed (LiteLLM does not date its prices); usually the day the
        file was fetched.
    retrieved : date for the ``retrieved`` column (default: ``effective_date``).
    providers : keep only these providers (LiteLLM ids or catalog names, case-insensitive).

    Returns
    -------
    (rows, skipped) : the rows [USD per million tokens], and counts of skipped entries by reason.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: '{p}' (download LiteLLM's model_prices_and_context_window.json and "
                         f"pass its path)", field="PATH")
    raw = p.read_bytes()
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{p}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not data:
        raise DataError(f"{p}: expected a JSON object mapping model names to price entries, got "
                        f"{type(data).__name__}")
    want = {s.strip().lower() for s in providers} if providers else None
    digest = hashlib.sha256(raw).hexdigest()[:12]
    source = f"{LITELLM_URL} (local copy {p.name}, sha256 {digest}…)"
    retrieved = retrieved or effective_date
    rows, skipped = [], {"not a text API": 0, "no input/output price": 0, "other provider": 0,
                         "price above schema range": 0, "duplicate": 0}
    seen: set[tuple] = set()
    for name, entry in data.items():
        if not isinstance(entry, dict) or entry.get("mode") not in _MODES:
            skipped["not a text API"] += 1
            continue
        pid = str(entry.get("litellm_provider", "")).strip()
        provider = PROVIDER_NAMES.get(pid, pid)
        if want is not None and pid.lower() not in want and provider.lower() not in want:
            skipped["other provider"] += 1
            continue
        model = name.split("/", 1)[1] if name.startswith(f"{pid}/") else name
        got_any = False
        for tier, (fi, fo, fc) in _TIERS.items():
            pin, pout = _price(entry, fi), _price(entry, fo)
            if pin is None or pout is None:
                continue
            got_any = True
            pc = _price(entry, fc)
            if max(pin, pout, pc or 0.0) > _MAX_PER_MTOK:
                skipped["price above schema range"] += 1
                continue
            key = (provider, model, tier)
            if key in seen:
                skipped["duplicate"] += 1
                continue
            seen.add(key)
            rows.append({"provider": provider, "model": model, "tier": tier, "architecture": None,
                         "input_per_mtok": round(pin, 6), "cached_input_per_mtok": None if pc is None else round(pc, 6),
                         "output_per_mtok": round(pout, 6), "currency": "USD", "effective_date": effective_date,
                         "source": source, "retrieved": retrieved, "confidence": "medium",
                         "note": f"imported from LiteLLM entry '{name}' (provider id '{pid}'); community-maintained"})
        if not got_any:
            skipped["no input/output price"] += 1
    return pd.DataFrame(rows), {k: v for k, v in skipped.items() if v}
