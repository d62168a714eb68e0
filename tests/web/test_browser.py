"""End-to-end tests of the dashboard in headless Chromium (Debian's, driven by Playwright).

Each test opens a page of a live server, changes inputs like a person would, and checks that the
numbers and charts show exactly what the API returns for the same request; the ``page`` fixture
fails a test on any console error and saves a screenshot to tests/artifacts/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from infranomics.web.registry import available
from tests.web.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

HAS_PERF = available(("infranomics.perf:estimate", "infranomics.perf:frontier"))
KEY_LIKE = re.compile(r"\b(?:ui|col|unit|currency|overview|cost|perf|catalog|business|market|dataset)"
                      r"\.[a-z0-9_]+(?:\.[a-z0-9_/{}-]+)*\b")


def api(page, path, body=None):
    url = page.base + "/api/v1" + path
    r = httpx.post(url, json=body, timeout=30) if body is not None else httpx.get(url, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def open_page(page, path):
    page.goto(page.base + path)
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def rendered(page) -> int:
    return int(page.evaluate("Number(document.body.dataset.rendered || 0)"))


def after_change(page, action):
    """Do ``action`` and wait until the page has rendered the API's answer to it.

    One action may start several renders (typing fires ``input``; the click that follows blurs the field and fires
    ``change``), so waiting for the first new render is not enough: wait until no request is in flight and the
    render counter has stopped moving.
    """
    before = rendered(page)
    action()
    page.wait_for_function(f"Number(document.body.dataset.rendered || 0) > {before}", timeout=20_000)
    settle(page)


def settle(page, quiet_ms: int = 250):
    """Wait until the loading marker is hidden and no render happened for ``quiet_ms``."""
    for _ in range(80):
        n = rendered(page)
        page.wait_for_timeout(quiet_ms)
        page.wait_for_function("document.getElementById('loading')?.hidden !== false", timeout=20_000)
        if rendered(page) == n:
            return
    raise AssertionError("the page kept re-rendering")


def set_range(page, name, value):
    page.eval_on_selector(f"#ctl-{name}", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
                          str(value))


def kpi(page, name) -> float | None:
    v = page.get_attribute(f"#kpi-{name} .k-value", "data-value")
    return None if v in (None, "") else float(v)


def chart(page, id_):
    """The traces Plotly drew into a chart div (Plotly keeps them on the element)."""
    return page.evaluate(f"document.getElementById('{id_}').data.map(t => ({{name: t.name, x: Array.from(t.x), "
                         f"y: Array.from(t.y)}}))")


def visible_keys(page) -> list[str]:
    """Labels on the page that look like an untranslated i18n key (data cells and sources left out)."""
    text = page.evaluate("""() => {
        const body = document.body.cloneNode(true);
        body.querySelectorAll("td, .source, .notes, #run-meta, #bust-definition, script").forEach(e => e.remove());
        document.documentElement.appendChild(body); body.hidden = false;
        const text = body.innerText; body.remove(); return text; }""")
    file_like = re.compile(r"\.(html?|js|css|json|csv|py|md|pdf|com|org|net|io)$")
    return sorted({m for m in KEY_LIKE.findall(text) if not file_like.search(m)})


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


# -- overview ------------------------------------------------------------------------------------

def test_overview_chart_is_the_api_and_follows_the_currency(page):
    open_page(page, "/")
    d = api(page, "/overview?currency=USD")
    traces = chart(page, "chart-overview")
    assert traces[0]["x"] == [r["accelerator"] for r in d["accelerators"]]
    assert traces[0]["y"] == pytest.approx([r["cost_per_gpu_hour"] for r in d["accelerators"]])
    assert page.locator("#table-overview tbody tr").count() == len(d["accelerators"])
    after_change(page, lambda: page.select_option("#currency-switch", "CNY"))
    cny = api(page, "/overview?currency=CNY")
    assert chart(page, "chart-overview")[0]["y"] == pytest.approx([r["cost_per_gpu_hour"] for r in cny["accelerators"]])
    assert query(page)["cur"] == "CNY"
    assert "CNY per GPU-hour" in page.inner_text("#table-overview thead")
    # a click on an accelerator opens its cost breakdown, keeping the currency
    page.click("#table-overview a:text-is('H200')")
    page.wait_for_selector("body[data-ready='1']")
    assert urlparse(page.url).path == "/cost" and query(page)["gpu"] == "H200" and query(page)["cur"] == "CNY"


# -- token cost explorer -------------------------------------------------------------------------

def test_cost_explorer_numbers_are_the_api(page):
    open_page(page, "/cost")
    d = api(page, "/cost", {"gpu": "H100-SXM", "utilization": 0.6, "region": "US", "financing": "buy",
                            "cache_hit": 0.0, "currency": "USD"})
    assert kpi(page, "busy") == pytest.approx(d["usd_per_gpu_hour"])
    assert kpi(page, "installed") == pytest.approx(d["usd_per_installed_gpu_hour"])
    assert kpi(page, "marginal") == pytest.approx(d["marginal_usd_per_gpu_hour"])
    assert kpi(page, "mtok_blended") is None  # no throughput yet: shown as —
    bd = chart(page, "chart-breakdown")[0]
    assert bd["x"] == pytest.approx(list(d["breakdown"].values()))

    # utilization slider → every number follows the API
    after_change(page, lambda: set_range(page, "utilization", 0.85))
    d85 = api(page, "/cost", {"gpu": "H100-SXM", "utilization": 0.85})
    assert kpi(page, "busy") == pytest.approx(d85["usd_per_gpu_hour"])
    assert query(page)["utilization"] == "0.85"
    curve = chart(page, "chart-curve")
    assert curve[-1]["x"] == [0.85] and curve[-1]["y"] == pytest.approx([d85["usd_per_gpu_hour"]])

    # another accelerator
    after_change(page, lambda: page.select_option("#ctl-gpu", "B200"))
    b200 = api(page, "/cost", {"gpu": "B200", "utilization": 0.85})
    assert kpi(page, "busy") == pytest.approx(b200["usd_per_gpu_hour"])
    assert chart(page, "chart-breakdown")[0]["x"] == pytest.approx(list(b200["breakdown"].values()))
    mw = api(page, "/cost/capex-per-mw", {"gpu": "B200"})
    cell = page.locator("#table-mw tbody tr").nth(3).locator("td").nth(1)
    assert float(cell.get_attribute("data-value")) == pytest.approx(mw["total_usd_per_mw"])


def test_cost_explorer_margin_compare_and_cny(page):
    open_page(page, "/cost?gpu=H20&utilization=0.5&tokens_per_s=900&compare=H20,H100-SXM,MI300X")
    after_change(page, lambda: (page.fill("#ctl-price_input", "2"), page.fill("#ctl-price_output", "8"),
                                page.locator("#ctl-price_output").dispatch_event("change")))
    req = {"gpu": "H20", "utilization": 0.5, "tokens_per_s": 900, "price_input": 2, "price_output": 8}
    d = api(page, "/cost", req)
    assert kpi(page, "mtok_blended") == pytest.approx(d["usd_per_mtok_blended"])
    assert kpi(page, "gross_margin") == pytest.approx(d["gross_margin"])
    assert kpi(page, "breakeven") == pytest.approx(d["breakeven_utilization"])
    cmp = api(page, "/cost/compare", {k: v for k, v in req.items() if k != "gpu"} | {"gpus": ["H20", "H100-SXM",
                                                                                               "MI300X"]})
    bars = chart(page, "chart-compare")
    assert bars[0]["x"] == [r["gpu"] for r in cmp["rows"]]
    assert bars[0]["y"] == pytest.approx([r["result"]["usd_per_mtok_blended"] for r in cmp["rows"]])

    # display in CNY: the engine converts, the page shows its *_cny fields
    after_change(page, lambda: page.select_option("#currency-switch", "CNY"))
    c = api(page, "/cost", req | {"currency": "CNY"})
    assert kpi(page, "busy") == pytest.approx(c["cny_per_gpu_hour"])
    assert kpi(page, "mtok_blended") == pytest.approx(c["cny_per_mtok_blended"])
    assert "CNY per million tokens" in page.inner_text("#kpi-mtok_blended")
    assert "[CNY per million tokens]" in page.inner_text("[data-control='price_input'] label")

    # the URL is the view: reloading it gives the same numbers
    url = page.url
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")
    assert kpi(page, "busy") == pytest.approx(c["cny_per_gpu_hour"])
    assert page.input_value("#ctl-price_output") == "8"


@pytest.mark.skipif(not HAS_PERF, reason="infranomics.perf is not available")
def test_cost_explorer_with_a_model_uses_the_perf_throughput(page):
    open_page(page, "/cost?gpu=H200&model=Llama-3.1-70B")
    d = api(page, "/cost", {"gpu": "H200", "model": "Llama-3.1-70B", "utilization": 0.6, "region": "US",
                            "financing": "buy", "cache_hit": 0.0})
    assert d["throughput"]["source"] == "perf"
    assert kpi(page, "mtok_blended") == pytest.approx(d["usd_per_mtok_blended"])
    assert kpi(page, "mtok_output") == pytest.approx(d["usd_per_mtok_output"])
    assert "perf model" in page.inner_text("#table-used")
    assert chart(page, "chart-compare")[0]["name"] == "Cost per million tokens"

    # what the cost hangs on: the tornado is the API's sensitivity, widest swing on top
    sens = api(page, "/cost/sensitivity", {"gpu": "H200", "model": "Llama-3.1-70B", "utilization": 0.6,
                                           "region": "US", "financing": "buy", "cache_hit": 0.0, "currency": "USD"})
    low, high = chart(page, "chart-tornado")
    rows = sens["rows"][::-1]
    base = sens["base"]["cost_per_mtok_blended"]
    assert [base + v for v in low["x"]] == pytest.approx([r["at_low"]["cost_per_mtok_blended"] for r in rows])
    assert [base + v for v in high["x"]] == pytest.approx([r["at_high"]["cost_per_mtok_blended"] for r in rows])
    widest = api(page, "/i18n/en")[f"cost.param.{sens['rows'][0]['parameter']}"]
    assert low["y"][-1].startswith(widest)  # on top
    assert page.locator("#table-tornado tbody tr").count() == len(sens["rows"])
    assert "holdout error" in page.inner_text("#table-tornado")
    joint = api(page, "/cost/sensitivity", {"gpu": "H200", "model": "Llama-3.1-70B", "utilization": 0.6,
                                            "region": "US", "financing": "buy", "cache_hit": 0.0, "currency": "USD",
                                            "draws": 200, "seed": 0})["spread"]
    assert float(page.get_attribute("#tornado-spread", "data-p95")) == pytest.approx(joint["p95"])
    assert "200 independent uniform draws" in page.inner_text("#tornado-spread")


def test_cost_explorer_says_which_rent_a_chinese_region_takes(page):
    """A Chinese power region takes the China colocation rent; the assumptions table says so, with the value."""
    open_page(page, "/cost?gpu=H20&region=CN")
    d = api(page, "/cost", {"gpu": "H20", "utilization": 0.6, "region": "CN", "financing": "buy", "cache_hit": 0.0})
    assert d["colo_rent_source"] == "cost_assumptions colo_usd_per_kw_month_cn"
    used = page.inner_text("#table-used")
    assert "colo_usd_per_kw_month_cn" in used and f"{d['colo_usd_per_kw_month']:.4g}" in used
    assert kpi(page, "busy") == pytest.approx(d["usd_per_gpu_hour"])
    page.click("#advanced summary")  # the region sits under "more assumptions"
    after_change(page, lambda: page.select_option("#ctl-region", "US"))
    assert "cost_assumptions colo_usd_per_kw_month)" in page.inner_text("#table-used")


def test_cost_explorer_shows_the_field_of_an_error(page):
    page.console_log.allow("422")
    open_page(page, "/cost?tokens_per_s=500")
    before = rendered(page)
    page.fill("#ctl-price_input", "3")
    page.locator("#ctl-price_input").dispatch_event("change")
    page.wait_for_selector("#error:not([hidden])", timeout=20_000)
    msg = page.inner_text("#error")
    assert "Price, input tokens" in msg and "both" in msg
    assert "invalid" in page.get_attribute("[data-control='price_input']", "class")
    assert rendered(page) == before
    # fixing the input clears the error
    after_change(page, lambda: (page.fill("#ctl-price_output", "9"),
                                page.locator("#ctl-price_output").dispatch_event("change")))
    assert page.is_hidden("#error")


# -- catalog -------------------------------------------------------------------------------------

def test_catalog_browser_rows_sources_search_sort(page):
    open_page(page, "/catalog?dataset=token_prices")
    d = api(page, "/catalog/token_prices?limit=5000")
    assert page.locator("#ds-table tbody tr").count() == d["total"]
    assert page.locator("#ds-table tbody a[href^='http']").count() > 0  # each row's source is a link
    src = api(page, "/catalog/token_prices/sources")
    assert page.locator("#ds-sources tbody tr").count() == len(src["sources"])

    after_change(page, lambda: page.fill("#ctl-q", "deepseek"))
    q = api(page, "/catalog/token_prices?q=deepseek&limit=5000")
    assert page.locator("#ds-table tbody tr").count() == q["total"] < d["total"]
    assert query(page)["q"] == "deepseek"

    after_change(page, lambda: page.click("#ds-table th:text('effective_date')"))
    s = api(page, "/catalog/token_prices?q=deepseek&sort=effective_date&limit=5000")
    first = page.locator("#ds-table tbody tr").first.locator("td").nth(
        [c["name"] for c in s["columns"]].index("effective_date")).inner_text()
    assert first == s["rows"][0]["effective_date"]

    after_change(page, lambda: (page.fill("#ctl-q", ""), page.select_option("#ctl-dataset", "accelerators")))
    page.wait_for_function("document.getElementById('ds-title').textContent.startsWith('accelerators')")
    acc = api(page, "/catalog/accelerators?limit=5000")
    assert page.locator("#ds-table tbody tr").count() == acc["total"]
    assert "hbm_tbps [TB/s]" in page.inner_text("#ds-table thead")


# -- perf ----------------------------------------------------------------------------------------

@pytest.mark.skipif(not HAS_PERF, reason="infranomics.perf is not available")
def test_perf_page_numbers_and_frontier_are_the_api(page):
    open_page(page, "/perf?model=Llama-3.1-8B&gpu=H100-SXM")
    req = {"model": "Llama-3.1-8B", "gpu": "H100-SXM", "input_tokens": 1000, "output_tokens": 1000, "cache_hit": 0}
    d = api(page, "/perf", req)
    assert kpi(page, "out") == pytest.approx(d["output_tokens_per_s_per_gpu"])
    assert kpi(page, "tpot") == pytest.approx(d["tpot_s"])
    f = api(page, "/perf/frontier", req | {"pareto_only": True})
    traces = chart(page, "chart-frontier")
    assert sum(len(t["x"]) for t in traces[:-1]) == len(f["points"])

    after_change(page, lambda: (page.fill("#ctl-output_tokens", "4000"),
                                page.locator("#ctl-output_tokens").dispatch_event("change")))
    d2 = api(page, "/perf", req | {"output_tokens": 4000})
    assert kpi(page, "out") == pytest.approx(d2["output_tokens_per_s_per_gpu"])
    assert page.inner_text("#perf-layout") == d2["layout"]


# -- every page, both languages -------------------------------------------------------------------

def _pages(live_server):
    return [p["path"] for p in httpx.get(live_server + "/api/v1/meta").json()["pages"]]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_every_page_renders_in_both_languages(page, lang):
    zh = {}
    for path in _pages(page.base):
        open_page(page, f"{path}?lang={lang}")
        assert page.evaluate("document.documentElement.lang") == lang
        leftovers = visible_keys(page)
        assert not leftovers, f"{path} ({lang}) shows untranslated keys: {leftovers}"
        assert page.locator("#error").is_hidden()
        charts = page.locator(".chart")
        for i in range(charts.count()):
            assert charts.nth(i).locator(".main-svg").count() > 0, f"{path}: chart {i} not drawn"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-{path.strip('/')}-{lang}.png"), full_page=True)
        if lang == "zh-CN":
            zh[path] = page.inner_text("h1")
    if lang == "zh-CN":
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in zh.values()), zh


def test_language_switch_keeps_the_view(page):
    open_page(page, "/cost?gpu=MI300X&utilization=0.7")
    busy = kpi(page, "busy")
    page.select_option("#lang-switch", "zh-CN")
    page.wait_for_url(re.compile(r"lang=zh-CN"))
    page.wait_for_selector("body[data-ready='1']")
    assert page.inner_text("h1") == "Token 成本分析"
    assert query(page)["gpu"] == "MI300X" and query(page)["utilization"] == "0.7"
    assert kpi(page, "busy") == pytest.approx(busy)
    assert "每忙时 GPU 小时成本" in page.inner_text("#kpi-busy")
    # navigation keeps the language
    page.click("nav a[data-nav='catalog']")
    page.wait_for_selector("body[data-ready='1']")
    assert query(page)["lang"] == "zh-CN" and page.inner_text("h1") == "数据目录与来源"


# -- business ------------------------------------------------------------------------------------

HAS_BUSINESS = available(("infranomics.business:maas", "infranomics.business:gpu_cloud",
                          "infranomics.business:appliance_buyer"))
MAAS_DEFAULT = {"gpu": "H800", "input_tokens_per_day": 608e9, "output_tokens_per_day": 168e9, "cache_hit": 0.563,
                "price_input": 0.55, "price_input_cache_hit": 0.14, "price_output": 2.19,
                "prefill_tokens_per_s_per_gpu": 9212, "decode_tokens_per_s_per_gpu": 1850, "fleet": "elastic",
                "price_change_per_year": 0, "free_share": 0, "ownership": "rent", "months": 36, "currency": "USD"}


def bkpi(page, key):
    v = page.get_attribute(f"#kpi-{key} .k-value", "data-value")
    return None if v in (None, "") else (float(v) if re.fullmatch(r"[-+0-9.eE]+", v) else v)


@pytest.mark.skipif(not HAS_BUSINESS, reason="infranomics.business is not available")
def test_business_page_follows_the_api_for_each_model(page):
    open_page(page, "/business")
    d = api(page, "/business/maas", MAAS_DEFAULT)
    assert bkpi(page, "revenue_usd_per_day") == pytest.approx(d["summary"]["revenue_usd_per_day"])
    assert bkpi(page, "load_rate") == pytest.approx(d["summary"]["load_rate"])
    assert chart(page, "chart-a")[0]["y"] == pytest.approx([r["revenue"] for r in d["periods"]])
    assert page.locator("#table-periods tbody tr").count() == len(d["periods"])

    # a price war: prices halve every year
    after_change(page, lambda: set_range(page, "m_price_change_per_year", -0.5))
    war = api(page, "/business/maas", MAAS_DEFAULT | {"price_change_per_year": -0.5})
    assert bkpi(page, "net_margin") == pytest.approx(war["summary"]["net_margin"])
    assert query(page)["m_price_change_per_year"] == "-0.5"

    # the buyer's choice, in CNY (the engine works in the buyer's currency)
    after_change(page, lambda: page.select_option("#currency-switch", "CNY"))
    after_change(page, lambda: page.select_option("#ctl-business", "appliance"))
    assert page.locator("[data-control='m_gpu']").is_hidden() and page.locator("[data-control='a_gpu']").is_visible()
    a = api(page, "/business/appliance-buyer", {"input_tokens_per_month": 2e9, "output_tokens_per_month": 5e8,
                                                "gpu": "H20", "gpus": 8, "system_tokens_per_s": 2000,
                                                "max_load": 0.7, "life_years": 5, "api_provider": "DeepSeek",
                                                "api_model": "deepseek-chat", "currency": "CNY"})
    assert bkpi(page, "appliance_monthly_cost") == pytest.approx(a["summary"]["appliance_monthly_cost"])
    assert bkpi(page, "cheapest") == a["summary"]["cheapest"]
    assert chart(page, "chart-a")[0]["x"] == pytest.approx([r["tokens_per_month"] for r in a["summary"]["volume_sweep"]])
    assert "m_gpu" not in query(page)  # the URL holds this view's inputs only

    after_change(page, lambda: page.select_option("#ctl-business", "gpu-cloud"))
    g = api(page, "/business/gpu-cloud", {"tranches": [{"gpu": "H100-SXM", "count": 10000, "contract_share": 0.7}],
                                          "price_change_per_year": -0.2, "on_demand_utilization": 0.6,
                                          "economic_life_years": 5, "accounting_life_years": 6, "debt_share": 0.6,
                                          "debt_rate": 0.1, "months": 72, "currency": "CNY"})
    assert bkpi(page, "irr") == pytest.approx(g["summary"]["irr"])
    # CNY is shown, and the GPU cloud is asked in CNY: money in yuan, its USD-named inputs still in USD
    assert g["currency"] == "CNY" and "CNY" in page.inner_text("#kpi-peak_funding_need .k-unit")
    assert bkpi(page, "peak_funding_need") == pytest.approx(g["summary"]["peak_funding_need"])
    assert chart(page, "chart-a")[0]["y"] == pytest.approx([r["revenue"] for r in g["periods"]])
    assert "CNY" in page.inner_text("#table-note")
    assert "USD" in page.inner_text("[data-control='g_contract_price'] .unit")


@pytest.mark.skipif(not available(("infranomics.business:model_lab",)), reason="business.model_lab is not available")
def test_business_page_model_lab_shows_who_is_exposed(page):
    """'If OpenAI's revenue falls short, who loses what?' — in Chinese, straight from a shared URL."""
    open_page(page, "/business?business=model-lab&l_revenue_shortfall=0.3&lang=zh-CN")
    assert page.locator("[data-control='l_revenue_shortfall']").is_visible()
    assert page.locator("[data-control='m_gpu']").is_hidden()
    d = api(page, "/business/model-lab", {"revenue_shortfall": 0.3, "include_commitments": True, "end_year": 2030,
                                          "cash_0": 17.5e9})
    for key in ("funding_need", "funding_need_vs_plan", "committed_compute_total", "cumulative_burn"):
        assert bkpi(page, key) == pytest.approx(d["summary"][key]), key
    exposure = d["summary"]["exposure_by_seller"]
    bars = chart(page, "chart-b")[0]
    assert dict(zip(bars["x"], bars["y"], strict=True)) == pytest.approx(exposure)
    assert bars["x"][0] == max(exposure, key=exposure.get)  # the most exposed seller first
    assert chart(page, "chart-a")[0]["y"] == pytest.approx([r["revenue"] for r in d["periods"]])
    assert page.locator("#table-periods tbody tr").count() == len(d["periods"])
    assert "名义" in page.inner_text("#table-note")
    assert "融资需求" in page.inner_text("#kpi-funding_need")
    assert not visible_keys(page)
    page.screenshot(path=str(ARTIFACTS / "business-model-lab-zh-CN.png"), full_page=True)

    # revenue on plan and no commitments honoured: the hole shrinks, nobody beyond the plan is exposed
    after_change(page, lambda: set_range(page, "l_revenue_shortfall", 0))
    after_change(page, lambda: page.click("#ctl-l_include_commitments"))
    free = api(page, "/business/model-lab", {"revenue_shortfall": 0, "include_commitments": False,
                                             "end_year": 2030, "cash_0": 17.5e9})
    assert bkpi(page, "funding_need") == pytest.approx(free["summary"]["funding_need"])
    assert free["summary"]["funding_need"] < d["summary"]["funding_need"]
    assert query(page)["l_include_commitments"] == "0"


# money left out: the engine's defaults (catalog H20 8-card server, 1.2M RMB) converted to the request currency
VENDOR_DEFAULT = {"units": 10, "markup": 0.15, "advance": 0.3, "on_delivery": 0.4,
                  "on_acceptance": 0.25, "retention": 0.05, "acceptance_month": 4, "delivery_month": 2,
                  "warranty_months": 12, "supplier_credit_months": 1, "overhead_share": 0.05}
CENTER_DEFAULT = {"gpu": "Ascend-910B", "gpus": 4096, "region": "CN", "epc_margin": 0.08, "om_fee_share": 0.04,
                  "spare_share": 0.3, "spare_utilization": 0.5, "price_change_per_year": -0.15,
                  "owner_revenue_share": 0.3, "om_cost_share": 0.75, "build_years": 1, "operate_years": 5}


def switch_to_chinese(page):
    """Pick 简体中文 in the header like a person would: the page reloads with the same query."""
    page.select_option("#lang-switch", "zh-CN")
    page.wait_for_url(re.compile(r"lang=zh-CN"))
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


@pytest.mark.skipif(not available(("infranomics.business:appliance_vendor",)),
                    reason="business.appliance_vendor is not available")
def test_business_page_appliance_vendor_shows_the_cash_tied_up(page):
    """'How much cash does an appliance (一体机) project tie up?' — the vendor's view, in the page's currency."""
    page.console_log.allow("422")  # the payment tranches are made not to add up on purpose below
    open_page(page, "/business")
    after_change(page, lambda: page.select_option("#ctl-business", "appliance-vendor"))
    assert page.locator("[data-control='v_markup']").is_visible() and page.locator("[data-control='m_gpu']").is_hidden()
    after_change(page, lambda: set_range(page, "v_markup", 0.25))
    d = api(page, "/business/appliance-vendor", VENDOR_DEFAULT | {"markup": 0.25, "currency": "USD"})
    for key in ("project_revenue", "price_per_unit", "project_gross_margin", "net_income", "peak_cash_tied_up",
                "months_cash_negative", "cash_cycle_days"):
        assert bkpi(page, key) == pytest.approx(d["summary"][key]), key
    # 1.28M RMB of cost per unit (BOM 1.2M + 60k + 20k) + 25%, in dollars (≈7.2 RMB/USD), not $1.6M
    assert 210_000 < d["summary"]["price_per_unit"] < 230_000
    assert "USD" in page.inner_text("#kpi-project_revenue .k-unit")
    cash = chart(page, "chart-a")
    assert [t["name"] for t in cash] == ["cash in", "cash out", "project cash, cumulative"]
    assert cash[2]["y"] == pytest.approx([r["project_cash_cumulative"] for r in d["periods"]])
    assert chart(page, "chart-b")[0]["y"] == pytest.approx([r["net_income"] for r in d["periods"]])
    assert page.locator("#chart-a .main-svg").count() > 0
    assert page.locator("#table-periods tbody tr").count() == len(d["periods"])
    assert query(page)["business"] == "appliance-vendor" and query(page)["v_markup"] == "0.25"
    assert "m_gpu" not in query(page)

    # in CNY the engine works in yuan throughout (money in, money out)
    after_change(page, lambda: page.select_option("#currency-switch", "CNY"))
    cny = api(page, "/business/appliance-vendor", VENDOR_DEFAULT | {"markup": 0.25, "currency": "CNY"})
    assert cny["currency"] == "CNY" and cny["summary"]["price_per_unit"] == pytest.approx(1.28e6 * 1.25)
    assert bkpi(page, "peak_cash_tied_up") == pytest.approx(cny["summary"]["peak_cash_tied_up"])
    assert "CNY" in page.inner_text("#kpi-peak_cash_tied_up .k-unit") and "CNY" in page.inner_text("#table-note")
    assert "CNY" in page.inner_text("[data-control='v_bom_per_unit'] .unit")
    # EUR shown: the vendor works in USD or CNY, so it is asked in USD and its inputs say so too
    after_change(page, lambda: page.select_option("#currency-switch", "EUR"))
    assert "USD" in page.inner_text("[data-control='v_bom_per_unit'] .unit")
    assert "USD" in page.inner_text("#kpi-peak_cash_tied_up .k-unit")
    after_change(page, lambda: page.select_option("#currency-switch", "CNY"))

    # tranches that do not add up to 1: the engine's message, on the control that feeds `advance`
    before = rendered(page)
    set_range(page, "v_advance", 0.5)
    page.wait_for_selector("#error:not([hidden])", timeout=20_000)
    msg = page.inner_text("#error")
    assert "Paid at signing" in msg and "sum to 1" in msg
    assert "invalid" in page.get_attribute("[data-control='v_advance']", "class")
    assert rendered(page) == before
    after_change(page, lambda: set_range(page, "v_on_delivery", 0.2))
    assert page.is_hidden("#error")
    paid_early = api(page, "/business/appliance-vendor", VENDOR_DEFAULT | {"markup": 0.25, "advance": 0.5,
                                                                         "on_delivery": 0.2, "currency": "CNY"})
    assert bkpi(page, "cash_cycle_days") == pytest.approx(paid_early["summary"]["cash_cycle_days"])
    assert paid_early["summary"]["cash_cycle_days"] < cny["summary"]["cash_cycle_days"]

    switch_to_chinese(page)
    assert query(page)["v_advance"] == "0.5" and query(page)["cur"] == "CNY"
    assert "项目收入" in page.inner_text("#kpi-project_revenue")
    assert "峰值资金占用" in page.inner_text("#kpi-peak_cash_tied_up")
    assert page.inner_text("#chart-a-title") == "逐月项目现金"
    assert bkpi(page, "peak_cash_tied_up") == pytest.approx(paid_early["summary"]["peak_cash_tied_up"])
    assert not visible_keys(page)
    page.screenshot(path=str(ARTIFACTS / "business-appliance-vendor-zh-CN.png"), full_page=True)


@pytest.mark.skipif(not available(("infranomics.business:compute_center",)),
                    reason="business.compute_center is not available")
def test_business_page_compute_center_revenue_by_stream(page):
    """A 智算中心 build-and-operate contract: where the operator's money comes from, by region, in yuan."""
    open_page(page, "/business?cur=CNY")
    after_change(page, lambda: page.select_option("#ctl-business", "compute-center"))
    assert page.locator("[data-control='c_region']").is_visible()
    cn = api(page, "/business/compute-center", CENTER_DEFAULT | {"currency": "CNY"})
    assert bkpi(page, "project_capex") == pytest.approx(cn["summary"]["project_capex"])
    # a USD-named field is shown from its CNY copy
    assert bkpi(page, "build_usd_per_mw") == pytest.approx(cn["summary"]["build_cny_per_mw"])
    assert "CNY" in page.inner_text("#kpi-build_usd_per_mw .k-unit")

    # the same centre in the US: another power price and build cost per MW
    after_change(page, lambda: page.select_option("#ctl-c_region", "US"))
    us = api(page, "/business/compute-center", CENTER_DEFAULT | {"region": "US", "currency": "CNY"})
    for key in ("project_capex", "revenue", "gross_margin", "net_margin", "npv", "it_mw"):
        assert bkpi(page, key) == pytest.approx(us["summary"][key]), key
    for key in ("build_usd_per_mw", "power_usd_per_kwh", "rental_price_usd_per_gpu_hour"):
        assert bkpi(page, key) == pytest.approx(us["summary"][key.replace("usd", "cny")]), key
    assert us["summary"]["build_usd_per_mw"] != cn["summary"]["build_usd_per_mw"]
    assert us["summary"]["power_usd_per_kwh"] != cn["summary"]["power_usd_per_kwh"]
    # the centre is asked in the display currency: money in yuan; the rental price input stays USD as labelled
    assert us["currency"] == "CNY" and "CNY" in page.inner_text("#kpi-project_capex .k-unit")
    assert "USD" in page.inner_text("[data-control='c_rental_price'] .unit")
    streams = chart(page, "chart-a")
    for trace, col in zip(streams, ("revenue_construction", "revenue_operations_fee", "revenue_spare_capacity"),
                          strict=False):
        assert trace["y"] == pytest.approx([r[col] for r in us["periods"]]), col
    assert streams[0]["x"] == [r["period"] for r in us["periods"]]
    mix = us["summary"]["revenue_mix"]
    assert chart(page, "chart-b")[0]["y"] == pytest.approx([mix["construction"], mix["operations_fee"],
                                                            mix["spare_capacity"]])
    assert page.locator("#chart-a .main-svg").count() > 0 and page.locator("#chart-b .main-svg").count() > 0
    assert page.locator("#table-periods tbody tr").count() == len(us["periods"])
    assert str(us["currency_year"]) in page.inner_text("#table-note")
    assert query(page)["business"] == "compute-center" and query(page)["c_region"] == "US"

    switch_to_chinese(page)
    assert page.input_value("#ctl-c_region") == "US"
    assert "项目投资额" in page.inner_text("#kpi-project_capex")
    assert page.inner_text("#chart-a-title") == "逐年分项收入"
    assert bkpi(page, "npv") == pytest.approx(us["summary"]["npv"])
    assert "元" in page.inner_text("#kpi-npv .k-unit")
    # the engine's notes in Chinese: its template key and figures, the page's wording
    notes = page.locator("#notes li").all_inner_texts()
    assert len(notes) == len(us["notes"]) and notes[0].startswith("机房：自建")
    build = us["note_codes"][0]["params"]["build"]
    assert build in notes[0] and "facility:" not in " ".join(notes)

    # shown in USD: the same centre, the table and KPIs in dollars at the same currency year
    after_change(page, lambda: page.select_option("#currency-switch", "USD"))
    usd = api(page, "/business/compute-center", CENTER_DEFAULT | {"region": "US"})
    assert bkpi(page, "npv") == pytest.approx(usd["summary"]["npv"])
    assert usd["summary"]["irr"] == pytest.approx(us["summary"]["irr"])
    assert usd["summary"]["npv"] * us["summary"]["rental_price_cny_per_gpu_hour"] / \
        us["summary"]["rental_price_usd_per_gpu_hour"] == pytest.approx(us["summary"]["npv"])
    assert not visible_keys(page)
    page.screenshot(path=str(ARTIFACTS / "business-compute-center-zh-CN.png"), full_page=True)


# -- market --------------------------------------------------------------------------------------

@pytest.mark.skipif(not available(("infranomics.market:simulate",)), reason="infranomics.market is not available")
def test_market_simulator_fans_levers_and_bust_probability(page):
    open_page(page, "/market?paths=500&years=8")
    base = {"preset": "baseline", "paths": 500, "years": 8, "seed": 0, "volatility": 1}
    d = api(page, "/simulate", base | {"overrides": {}})
    assert kpi(page, "bust_probability") == pytest.approx(d["summary"]["bust_probability"])
    fan = chart(page, "fan-capex_usd")
    assert fan[2]["y"] == pytest.approx(d["quantiles"]["capex_usd"]["p50"], rel=1e-6)
    assert fan[0]["y"] == pytest.approx(d["quantiles"]["capex_usd"]["p95"], rel=1e-6)
    assert chart(page, "ind-signal")[3]["y"][0] == pytest.approx(d["summary"]["signal_threshold"])
    params = api(page, "/simulate/params?preset=baseline")["params"]
    assert page.locator("#table-params tbody tr").count() == len(params)

    # a lever: chips that earn for 3 years instead of 5
    after_change(page, lambda: set_range(page, "p-costs-economic_life_years", 3))
    short = api(page, "/simulate", base | {"overrides": {"costs.economic_life_years": 3.0}})
    assert kpi(page, "bust_probability") == pytest.approx(short["summary"]["bust_probability"])
    assert query(page)["set"] == "costs.economic_life_years:3"
    assert "changed" in page.get_attribute("[data-control='overrides.costs.economic_life_years']", "class")

    # no uncertainty: the fan collapses onto one path
    after_change(page, lambda: set_range(page, "volatility", 0))
    flat = chart(page, "fan-utilization")
    assert flat[0]["y"] == pytest.approx(flat[1]["y"])
    # reset brings back the preset's values
    after_change(page, lambda: page.click("#reset"))
    assert "set" not in query(page)
    assert page.input_value("#ctl-p-costs-economic_life_years") == "5"

    # in Chinese: the preset's title and the engine's bust definition, worded from its parts and thresholds
    switch_to_chinese(page)
    assert page.inner_text("#scenario-title").startswith("baseline: AI 建设 2026–2035")
    assert "baseline — AI 建设" in page.inner_text("#ctl-preset")
    text = page.inner_text("#bust-definition")
    first = d["summary"]["bust_definition_codes"][0]["params"]
    assert text.startswith("崩盘定义：预热期") and first["drawdown"] in text and first["floor"] in text
    assert "running peak" not in text


@pytest.mark.skipif(not available(("infranomics.market:simulate",)), reason="infranomics.market is not available")
def test_market_macro_cap_lever(page):
    """The macro cap is a lever on the page: the strong corner at 6% of world GDP busts as the API says."""
    open_page(page, "/market?preset=strong_demand_fast_tech&paths=500&years=10")
    assert float(page.input_value("#ctl-p-capacity-max_capex_share_of_gdp")) == 1.0
    after_change(page, lambda: set_range(page, "p-capacity-max_capex_share_of_gdp", 0.06))
    body = {"preset": "strong_demand_fast_tech", "paths": 500, "years": 10, "seed": 0, "volatility": 1}
    capped = api(page, "/simulate", body | {"overrides": {"capacity.max_capex_share_of_gdp": 0.06}})
    free = api(page, "/simulate", body | {"overrides": {}})
    assert kpi(page, "bust_probability") == pytest.approx(capped["summary"]["bust_probability"])
    assert capped["summary"]["bust_probability"] < free["summary"]["bust_probability"]
    assert query(page)["set"] == "capacity.max_capex_share_of_gdp:0.06"
