// Business P&L: POST /api/v1/business/{maas,gpu-cloud,appliance-buyer,appliance-vendor,compute-center,model-lab}.
// Every number shown is a field of the engine's BusinessResult.to_dict() as the API returned it.
import {
  api, collect, fmtNum, fmtPct, fmtShort, guarded, noteItems, rendered, setUnitCurrency, setValue, start, state, t,
  table, tOr,
  unit,
} from "../core.js";
import { PALETTE, plot } from "../charts.js";

const ENDPOINT = {
  maas: "/business/maas", "gpu-cloud": "/business/gpu-cloud", appliance: "/business/appliance-buyer",
  "appliance-vendor": "/business/appliance-vendor", "compute-center": "/business/compute-center",
  "model-lab": "/business/model-lab",
};
// Models whose request takes a currency, with the currencies it takes (the others compute in USD);
// a display currency the model does not take is sent as USD.
const TAKES_CURRENCY = {
  maas: ["USD", "CNY", "EUR"], appliance: ["USD", "CNY"], "appliance-vendor": ["USD", "CNY"],
  "gpu-cloud": ["USD", "CNY", "EUR"], "compute-center": ["USD", "CNY", "EUR"],
};
// Models whose period table is in the request currency (the others' tables are in USD).
const TABLE_IN_CURRENCY = new Set(["appliance", "appliance-vendor", "gpu-cloud", "compute-center"]);

// KPIs per business model: summary key, kind (money | pct | num | text), unit.
// Money keys containing "usd" are shown in the display currency when the engine gave that copy.
const KPIS = {
  maas: [
    ["revenue_usd_per_day", "money", "{cur}/day"], ["cost_usd_per_day", "money", "{cur}/day"],
    ["gpu_gross_margin", "pct"], ["net_margin", "pct"], ["load_rate", "pct"], ["fleet_gpus", "num", "GPU"],
    ["revenue_usd_per_mtok_blended", "money", "{cur}/Mtok"], ["cost_usd_per_mtok_blended", "money", "{cur}/Mtok"],
    ["required_load_rate", "pct"], ["required_output_tokens_per_s_per_gpu", "num", "tok/s"],
  ],
  "gpu-cloud": [
    ["gross_margin", "pct"], ["gross_margin_incl_all_depreciation", "pct"], ["ebitda_margin", "pct"],
    ["net_margin", "pct"], ["irr", "pct"], ["payback_years", "num", "years"], ["total_capex", "money", "{cur}"],
    ["peak_funding_need", "money", "{cur}"], ["min_dscr", "num", "-"],
  ],
  appliance: [
    ["cheapest", "text"], ["appliance_monthly_cost", "money", "{cur}/month"],
    ["api_monthly_cost", "money", "{cur}/month"], ["rent_monthly_cost", "money", "{cur}/month"],
    ["appliance_cost_per_mtok", "money", "{cur}/Mtok"], ["api_cost_per_mtok", "money", "{cur}/Mtok"],
    ["breakeven_tokens_per_month", "num", "tok/month"], ["appliance_load", "pct"],
  ],
  "model-lab": [
    ["revenue", "money", "USD"], ["net_margin", "pct"], ["cumulative_burn", "money", "USD"],
    ["plan_cumulative_burn", "money", "USD"], ["funding_need", "money", "USD"],
    ["funding_need_vs_plan", "money", "USD"], ["committed_compute_total", "money", "USD"],
    ["committed_share_of_compute", "pct"],
  ],
  "appliance-vendor": [
    ["project_revenue", "money", "{cur}"], ["price_per_unit", "money", "{cur}"], ["project_gross_margin", "pct"],
    ["net_margin", "pct"], ["net_income", "money", "{cur}"], ["peak_cash_tied_up", "money", "{cur}"],
    ["months_cash_negative", "num", "months"], ["cash_cycle_days", "num", "days"],
  ],
  "compute-center": [
    ["project_capex", "money", "{cur}"], ["revenue", "money", "{cur}"], ["gross_margin", "pct"], ["net_margin", "pct"],
    ["npv", "money", "{cur}"], ["irr", "pct"], ["build_usd_per_mw", "money", "{cur}/MW"],
    ["power_usd_per_kwh", "money", "{cur}/kWh"], ["rental_price_usd_per_gpu_hour", "money", "{cur}/GPU-h"],
    ["it_mw", "num", "MW"],
  ],
};
// Revenue streams of the computing centre: period column, summary.revenue_mix key, colour.
const STREAMS = [
  ["revenue_construction", "construction", 0], ["revenue_operations_fee", "operations_fee", 2],
  ["revenue_spare_capacity", "spare_capacity", 4],
];

/** A money field of a summary in the display currency when the engine gave it, else as given. */
function moneyField(d, key) {
  if (!key.includes("usd")) return [d.summary[key], d.currency || "USD"]; // already in the request currency
  const alt = key.replace("usd", state.cur.toLowerCase());
  if (state.cur !== "USD" && alt in d.summary) return [d.summary[alt], state.cur];
  return [d.summary[key], "USD"];
}

/** The code of a currency for display (axis titles, table notes). */
function code(cur) {
  return t("currency.code." + cur);
}

function curUnit(u, cur) {
  return unit(u).replaceAll(code(state.cur), code(cur));
}

function kpis(model, d) {
  const box = document.getElementById("kpis");
  box.replaceChildren();
  for (const [key, kind, u] of KPIS[model]) {
    const el = document.createElement("div");
    el.className = "kpi";
    el.id = `kpi-${key}`;
    // a model may word a shared KPI its own way (business.<model>.kpi.<key>)
    const text = (k) => tOr(`business.${model}.kpi.${k}`, t(`business.kpi.${k}`));
    const label = Object.assign(document.createElement("span"), { className: "k-label", textContent: text(key) });
    const value = Object.assign(document.createElement("span"), { className: "k-value" });
    const un = Object.assign(document.createElement("span"), { className: "k-unit" });
    let v = d.summary[key];
    if (kind === "money") {
      const [mv, cur] = moneyField(d, key);
      v = mv;
      setValue(value, v, fmtShort(v));
      un.textContent = curUnit(u, cur);
    } else if (kind === "pct") {
      setValue(value, v, fmtPct(v));
    } else if (kind === "text") {
      value.dataset.value = v ?? "";
      value.textContent = v ? t(`business.option.${v}`) : "—";
    } else {
      setValue(value, v, fmtNum(v, 4));
      un.textContent = unit(u);
    }
    const help = Object.assign(document.createElement("small"), { className: "help", textContent: text(`${key}.help`) });
    el.append(label, value, un, help);
    if (v === null || v === undefined) el.classList.add("empty");
    box.appendChild(el);
  }
}

function titles(model) {
  for (const id of ["a", "b"]) {
    document.getElementById(`chart-${id}-title`).textContent = t(`business.${model}.chart_${id}`);
    document.getElementById(`chart-${id}-note`).textContent = t(`business.${model}.chart_${id}.note`);
  }
  document.getElementById("biz-explain").textContent = t(`business.${model}.explain`);
}

function line(name, x, y, i, extra = {}) {
  return { type: "scatter", mode: "lines", name, x, y, line: { color: PALETTE[i] }, ...extra };
}

function bar(name, x, y, i) {
  return { type: "bar", name, x, y, marker: { color: PALETTE[i] } };
}

function drawMaas(d) {
  const p = d.periods;
  const x = p.map((r) => r.period);
  plot("chart-a", [
    line(t("business.col.revenue"), x, p.map((r) => r.revenue), 0),
    line(t("business.col.cost_of_revenue"), x, p.map((r) => r.cost_of_revenue), 4),
    line(t("business.col.net_income"), x, p.map((r) => r.net_income), 7),
  ], { yaxis: { title: { text: `${t("business.axis.per_month")} [${unit("USD")}]` } } });
  const war = d.summary.price_war || [];
  plot("chart-b", [
    bar(t("business.kpi.gpu_gross_margin"), war.map((w) => w.price_multiple), war.map((w) => w.gpu_gross_margin), 1),
    bar(t("business.kpi.net_margin"), war.map((w) => w.price_multiple), war.map((w) => w.net_margin), 7),
  ], { barmode: "group", xaxis: { title: { text: t("business.axis.price_multiple") }, type: "category" },
    yaxis: { title: { text: `${t("business.axis.margin")} [${unit("fraction")}]` }, tickformat: ".0%" } });
}

function drawCloud(d) {
  const p = d.periods;
  const x = p.map((r) => r.period);
  plot("chart-a", [
    bar(t("business.col.revenue"), x, p.map((r) => r.revenue), 0),
    line(t("business.col.ebitda"), x, p.map((r) => r.ebitda), 4),
    line(t("business.col.net_income"), x, p.map((r) => r.net_income), 8),
  ], { yaxis: { title: { text: `${t("business.axis.per_period")} [${code(d.currency)}]` } } });
  plot("chart-b", [
    line(t("business.col.cash_balance"), x, p.map((r) => r.cash_balance), 0),
    line(t("business.col.debt_balance"), x, p.map((r) => r.debt_balance), 8),
    line(t("business.col.utilization"), x, p.map((r) => r.utilization), 4, { yaxis: "y2", line: { color: PALETTE[4], dash: "dot" } }),
  ], { yaxis: { title: { text: code(d.currency) } },
    yaxis2: { overlaying: "y", side: "right", tickformat: ".0%", range: [0, 1], title: { text: t("business.col.utilization") } } });
}

function drawAppliance(d) {
  const sw = d.summary.volume_sweep || [];
  const cur = d.currency;
  const x = sw.map((r) => r.tokens_per_month);
  plot("chart-a", [
    line(t("business.option.appliance"), x, sw.map((r) => r.appliance), 0, { mode: "lines+markers" }),
    line(t("business.option.api"), x, sw.map((r) => r.api), 4, { mode: "lines+markers" }),
  ], { xaxis: { type: "log", title: { text: `${t("business.axis.volume")} [${unit("tok/month")}]` } },
    yaxis: { title: { text: `${t("business.axis.per_month")} [${code(cur)}]` } } });
  const p = d.periods;
  const px = p.map((r) => r.period);
  plot("chart-b", [
    line(t("business.option.appliance"), px, p.map((r) => r.appliance_cumulative), 0),
    line(t("business.option.api"), px, p.map((r) => r.api_cumulative), 4),
    ...("rent_gpus_cumulative" in (p[0] || {})
      ? [line(t("business.option.rent"), px, p.map((r) => r.rent_gpus_cumulative), 7)] : []),
  ], { yaxis: { title: { text: `${t("business.axis.cumulative")} [${code(cur)}]` } } });
}

function drawVendor(d) {
  const p = d.periods;
  const x = p.map((r) => r.period);
  const cur = `[${code(d.currency)}]`;
  plot("chart-a", [
    bar(t("business.col.cash_in"), x, p.map((r) => r.cash_in), 1),
    bar(t("business.col.cash_out"), x, p.map((r) => r.cash_out), 4),
    line(t("business.col.project_cash_cumulative"), x, p.map((r) => r.project_cash_cumulative), 8,
      { mode: "lines+markers" }),
  ], { barmode: "group", yaxis: { title: { text: cur } } });
  plot("chart-b", [
    bar(t("business.col.net_income"), x, p.map((r) => r.net_income), 7),
    bar(t("business.col.free_cash_flow"), x, p.map((r) => r.free_cash_flow), 0),
  ], { barmode: "group", yaxis: { title: { text: `${t("business.axis.per_month")} ${cur}` } } });
}

function drawCenter(d) {
  const p = d.periods;
  const x = p.map((r) => r.period);
  plot("chart-a", [
    ...STREAMS.map(([k, , i]) => bar(t(`business.col.${k}`), x, p.map((r) => r[k]), i)),
    line(t("business.col.net_income"), x, p.map((r) => r.net_income), 8, { mode: "lines+markers" }),
  ], { barmode: "stack", xaxis: { type: "category" },
    yaxis: { title: { text: `${t("business.axis.per_year")} [${code(d.currency)}]` } } });
  const mix = d.summary.revenue_mix || {};
  plot("chart-b", [{
    ...bar(t("business.kpi.revenue"), STREAMS.map(([k]) => t(`business.col.${k}`)), STREAMS.map(([, m]) => mix[m]), 0),
    marker: { color: STREAMS.map(([, , i]) => PALETTE[i]) },
  }], { xaxis: { type: "category" }, yaxis: { title: { text: code(d.currency) } } });
}

function drawLab(d) {
  const p = d.periods;
  const x = p.map((r) => r.period);
  plot("chart-a", [
    bar(t("business.col.revenue"), x, p.map((r) => r.revenue), 0),
    line(t("business.col.committed_compute"), x, p.map((r) => r.committed_compute), 4, { mode: "lines+markers" }),
    line(t("business.col.cash_burn"), x, p.map((r) => r.cash_burn), 8, { mode: "lines+markers" }),
  ], { yaxis: { title: { text: `${t("business.axis.per_year")} [${unit("USD")}]` } } });
  const ex = Object.entries(d.summary.exposure_by_seller || {}).sort((a, b) => b[1] - a[1]);
  plot("chart-b", [
    bar(t("business.kpi.exposure"), ex.map((e) => e[0]), ex.map((e) => e[1]), 7),
  ], { xaxis: { type: "category" }, yaxis: { title: { text: unit("USD") } } });
}

function periodsTable(model, d) {
  const rows = d.periods;
  const cols = rows.length ? Object.keys(rows[0]) : [];
  const money = TABLE_IN_CURRENCY.has(model) ? code(d.currency) : unit("USD");
  document.getElementById("table-note").textContent = d.currency_year == null
    ? t("business.table.note_nominal", { cur: money })
    : t("business.table.note", { cur: money, year: d.currency_year });
  table(document.getElementById("table-periods"), cols.map((c) => ({
    key: c, label: tOr(`business.col.${c}`, c),
    fmt: (v) => fmtNum(v, 4),
  })), rows);
  document.getElementById("notes").replaceChildren(...noteItems(d.notes, d.note_codes));
}

const DRAW = {
  maas: drawMaas, "gpu-cloud": drawCloud, appliance: drawAppliance, "appliance-vendor": drawVendor,
  "compute-center": drawCenter, "model-lab": drawLab,
};

start((s) => guarded(async (fresh) => {
  const model = s.business;
  const body = collect(["business"]);
  const curs = TAKES_CURRENCY[model];
  const requestCurrency = (cur) => (!curs || curs.includes(cur) ? cur : "USD");
  if (curs) body.currency = requestCurrency(s.cur);
  setUnitCurrency(requestCurrency); // money inputs are labelled in the currency the engine is asked in
  const d = await api(ENDPOINT[model], body);
  if (!fresh()) return;
  titles(model);
  kpis(model, d);
  DRAW[model](d);
  periodsTable(model, d);
  rendered();
}));
