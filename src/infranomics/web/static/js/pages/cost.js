// Token cost explorer: POST /api/v1/cost, /cost/sweep, /cost/compare and /cost/capex-per-mw.
// Every number shown is a field of the engine's CostResult.to_dict() as the API returned it.
import {
  api, rendered, compact, fmtNum, fmtPct, guarded, money, moneyObj, noteItems, setValue, start, state, t, table, unit,
} from "../core.js";
import { PALETTE, plot } from "../charts.js";

const COMPONENTS = ["chip", "server", "network", "storage_install", "facility", "power", "opex", "capital"];
const UTIL_POINTS = Array.from({ length: 19 }, (_, i) => Math.round((0.1 + 0.05 * i) * 100) / 100);

const KPIS = {
  busy: { key: "usd_per_gpu_hour", unit: "{cur}/GPU-h" },
  installed: { key: "usd_per_installed_gpu_hour", unit: "{cur}/GPU-h" },
  marginal: { key: "marginal_usd_per_gpu_hour", unit: "{cur}/GPU-h" },
  mtok_blended: { key: "usd_per_mtok_blended", unit: "{cur}/Mtok" },
  mtok_input: { key: "usd_per_mtok_input", unit: "{cur}/Mtok" },
  mtok_output: { key: "usd_per_mtok_output", unit: "{cur}/Mtok" },
  gross_margin: { key: "gross_margin", pct: true },
  breakeven: { key: "breakeven_utilization", pct: true },
};

/** The cost request of the current state (empty fields left out: the engine's defaults apply). */
export function costRequest(s) {
  return compact({
    gpu: s.gpu, model: s.model || null, utilization: s.utilization, tokens_per_s: s.tokens_per_s,
    price_input: s.price_input, price_output: s.price_output, region: s.region || null,
    financing: s.financing, life_years: s.life_years, wacc: s.wacc, pue: s.pue, cache_hit: s.cache_hit,
    currency: s.cur,
  });
}

function kpis(d) {
  for (const [name, k] of Object.entries(KPIS)) {
    const box = document.getElementById(`kpi-${name}`);
    const v = k.pct ? d[k.key] : money(d, k.key);
    setValue(box.querySelector(".k-value"), v, k.pct ? fmtPct(v) : fmtNum(v, 3));
    box.querySelector(".k-unit").textContent = k.pct ? "" : unit(k.unit);
    box.classList.toggle("empty", v === null || v === undefined);
  }
}

function breakdownChart(d) {
  const bd = moneyObj(d, "breakdown") || {};
  plot("chart-breakdown", [{
    type: "bar", orientation: "h", y: COMPONENTS.map((c) => t(`cost.component.${c}`)),
    x: COMPONENTS.map((c) => bd[c]), marker: { color: COMPONENTS.map((_, i) => PALETTE[i]) },
    hovertemplate: `%{y}: %{x:.4g} ${unit("{cur}/GPU-h")}<extra></extra>`,
  }], { xaxis: { title: { text: `${t("cost.axis.per_busy_hour")} [${unit("{cur}/GPU-h")}]` } },
    yaxis: { autorange: "reversed", automargin: true }, margin: { l: 120, r: 16, t: 8, b: 48 } });
}

// Joint draws of every input for the spread line under the tornado (~2 ms each on the server).
const SPREAD_DRAWS = 200;

/** Tornado: the cost at each input's low and high end around the base (POST /cost/sensitivity). */
function tornadoChart(sens) {
  const metric = sens.ranked_by;
  const u = metric === "cost_per_mtok_blended" ? "{cur}/Mtok" : "{cur}/GPU-h";
  const base = sens.base[metric];
  const rows = [...sens.rows].reverse(); // Plotly draws the first category at the bottom: widest on top
  const label = (r) => `${t(`cost.param.${r.parameter}`)} (${fmtNum(r.low, 3)}–${fmtNum(r.high, 3)})`;
  const y = rows.map(label);
  const end = (which, name, i) => ({
    type: "bar", orientation: "h", name, y, base, x: rows.map((r) => r[which][metric] - base),
    marker: { color: PALETTE[i] }, customdata: rows.map((r) => r[which][metric]),
    hovertemplate: `%{y}: %{customdata:.4g} ${unit(u)}<extra>${name}</extra>`,
  });
  plot("chart-tornado", [end("at_low", t("cost.tornado.low"), 0), end("at_high", t("cost.tornado.high"), 4)], {
    barmode: "overlay", xaxis: { title: { text: `${t(`cost.tornado.metric.${metric}`)} [${unit(u)}]` } },
    yaxis: { automargin: true }, legend: { orientation: "h", y: -0.25 },
    shapes: [{ type: "line", x0: base, x1: base, yref: "paper", y0: 0, y1: 1, line: { color: "#444", dash: "dot" } }],
    margin: { l: 180, r: 16, t: 8, b: 80 },
  });
  const sp = sens.spread;
  const spreadEl = document.getElementById("tornado-spread");
  spreadEl.textContent = sp ? t("cost.tornado.spread", { draws: sp.draws, p5: fmtNum(sp.p5, 3), p50: fmtNum(sp.p50, 3),
    p95: fmtNum(sp.p95, 3), unit: unit(u) }) : "";
  if (sp) Object.assign(spreadEl.dataset, { p5: sp.p5, p50: sp.p50, p95: sp.p95 });
  table(document.getElementById("table-tornado"), [
    { key: "parameter", label: t("col.input"), value: (r) => t(`cost.param.${r.parameter}`) },
    { key: "low", label: t("col.low"), fmt: (v) => fmtNum(v, 3) },
    { key: "high", label: t("col.high"), fmt: (v) => fmtNum(v, 3) },
    { key: "swing", label: t("col.swing"), unit: unit(u), fmt: (v) => fmtNum(v, 3) },
    { key: "source", label: t("col.source") },
  ], sens.rows);
}

function curveChart(sw, d) {
  const x = sw.points.map((p) => p.value);
  const traces = [{
    type: "scatter", mode: "lines+markers", name: t("cost.series.cost"), x,
    y: sw.points.map((p) => money(p.result, "usd_per_gpu_hour")), line: { color: PALETTE[0] },
  }, {
    type: "scatter", mode: "lines", name: t("cost.series.marginal"), x,
    y: sw.points.map((p) => money(p.result, "marginal_usd_per_gpu_hour")), line: { color: PALETTE[9], dash: "dot" },
  }];
  if (d.revenue_usd_per_gpu_hour !== undefined && d.revenue_usd_per_gpu_hour !== null) {
    traces.push({ type: "scatter", mode: "lines", name: t("cost.series.revenue"), x,
      y: sw.points.map((p) => money(p.result, "revenue_usd_per_gpu_hour")), line: { color: PALETTE[4] } });
  }
  traces.push({ type: "scatter", mode: "markers", name: t("cost.series.current"), x: [d.utilization],
    y: [money(d, "usd_per_gpu_hour")], marker: { size: 12, color: PALETTE[8], symbol: "diamond" } });
  plot("chart-curve", traces, {
    xaxis: { title: { text: `${t("cost.ctl.utilization")} [${unit("fraction")}]` }, tickformat: ".0%" },
    yaxis: { title: { text: `${t("cost.axis.per_busy_hour")} [${unit("{cur}/GPU-h")}]` }, rangemode: "tozero" },
    legend: { orientation: "h", y: -0.32 }, margin: { l: 64, r: 16, t: 16, b: 96 },
  });
}

function compareChart(cmp) {
  const ok = cmp.rows.filter((r) => r.result);
  const names = ok.map((r) => r.result.gpu);
  const tokens = cmp.ranked_by === "usd_per_mtok_blended";
  let traces;
  if (tokens) {
    traces = [{ type: "bar", x: names, y: ok.map((r) => money(r.result, "usd_per_mtok_blended")),
      name: t("cost.kpi.mtok_blended"), marker: { color: PALETTE[0] } }];
  } else {
    traces = COMPONENTS.map((c, i) => ({ type: "bar", name: t(`cost.component.${c}`), x: names,
      y: ok.map((r) => (moneyObj(r.result, "breakdown") || {})[c]), marker: { color: PALETTE[i] } }));
  }
  const u = tokens ? unit("{cur}/Mtok") : unit("{cur}/GPU-h");
  plot("chart-compare", traces, { barmode: "stack",
    yaxis: { title: { text: `${tokens ? t("cost.kpi.mtok_blended") : t("cost.axis.per_busy_hour")} [${u}]` } } });
  table(document.getElementById("table-compare"), [
    { key: "rank", label: t("col.rank"), fmt: String },
    { key: "gpu", label: t("col.accelerator") },
    { label: t("cost.kpi.busy"), unit: unit("{cur}/GPU-h"), value: (r) => money(r.result, "usd_per_gpu_hour"), numeric: true },
    { label: t("cost.kpi.mtok_blended"), unit: unit("{cur}/Mtok"), value: (r) => money(r.result, "usd_per_mtok_blended"), numeric: true },
    { label: t("col.capex_total"), unit: unit("USD"), value: (r) => r.result?.capex_usd_per_gpu?.total ?? null, numeric: true },
    { label: t("col.note"), value: (r) => r.error?.message ?? "" },
  ], cmp.rows);
}

function viewsTable(d) {
  const v = d.views_usd_per_gpu_hour || {};
  const rows = [
    { view: t("cost.view.accounting"), value: v.accounting, what: t("cost.view.accounting.help") },
    { view: t("cost.view.cash"), value: v.cash, what: t("cost.view.cash.help") },
    { view: t("cost.view.levelized"), value: v.levelized, what: t("cost.view.levelized.help") },
  ];
  table(document.getElementById("table-views"), [
    { key: "view", label: t("col.view") },
    { key: "value", label: t("col.value"), unit: unit("USD/GPU-h"), numeric: true },
    { key: "what", label: t("col.meaning") },
  ], rows);
}

function mwTable(mw) {
  const rows = [
    ["gpus_per_mw", "1/MW"], ["it_usd_per_mw", "USD/MW"], ["facility_usd_per_mw", "USD/MW"],
    ["total_usd_per_mw", "USD/MW"],
  ].map(([k, u]) => ({ what: t(`cost.mw.${k}`), value: mw[k], unit: unit(u) }));
  rows.push({ what: t("cost.mw.it_share"), value: mw.it_share, unit: "", pct: true });
  table(document.getElementById("table-mw"), [
    { key: "what", label: t("col.quantity") },
    { key: "value", label: t("col.value"), numeric: true, render: (v, r) => (r.pct ? fmtPct(v) : fmtNum(v, 4)) },
    { key: "unit", label: t("col.unit") },
  ], rows);
}

/** Colocation rent or build cost per MW, with the row it came from (the China defaults follow the region). */
function facilityText(d) {
  const what = t(`cost.facility.${d.facility}`);
  if (d.facility === "colo" && d.colo_usd_per_kw_month != null) {
    return `${what}: ${fmtNum(d.colo_usd_per_kw_month, 4)} ${unit("USD/kW-month")} (${d.colo_rent_source})`;
  }
  if (d.facility === "build" && d.build_usd_per_mw != null) {
    return `${what}: ${fmtNum(d.build_usd_per_mw, 4)} ${unit("USD/MW")} (${d.build_cost_source})`;
  }
  return what;
}

function usedTable(d) {
  const tp = d.throughput;
  const rows = [
    [t("cost.used.power"), `${fmtNum(d.power_price_usd_per_kwh, 3)} ${unit("USD/kWh")} (${d.power_region})`],
    [t("cost.used.pue"), fmtNum(d.pue, 3)],
    [t("cost.used.facility"), facilityText(d)],
    [t("cost.used.financing"), `${t(`cost.opt.financing.${d.financing}`)} @ ${fmtPct(d.capital_rate)} ${unit("/year")}`],
    [t("cost.used.life"), `${fmtNum(d.life_years)} / ${fmtNum(d.accounting_life_years)} ${unit("years")}`],
    [t("cost.used.it_kw"), `${fmtNum(d.it_kw_per_gpu, 3)} ${unit("kW")}`],
    [t("col.capex_total"), `${fmtNum(d.capex_usd_per_gpu?.total)} ${unit("USD")}`],
    [t("cost.used.throughput"), tp ? `${fmtNum(tp.output_tokens_per_s)} + ${fmtNum(tp.input_tokens_per_s)} ${unit("tok/s")} (${t("cost.source." + tp.source)})` : t("cost.used.no_throughput")],
    [t("cost.used.year"), `${d.currency_year}`],
  ];
  table(document.getElementById("table-used"), [{ key: 0, label: t("col.quantity") }, { key: 1, label: t("col.value") }], rows);
  const notes = document.getElementById("notes");
  notes.replaceChildren(...noteItems(d.notes, d.note_codes));
}

start((s) => guarded(async (fresh) => {
  const req = costRequest(s);
  const { gpu, ...common } = req;
  const gpus = s.compare && s.compare.length ? s.compare.slice(0, 12) : [gpu];
  const [d, sw, cmp, mw, sens] = await Promise.all([
    api("/cost", { ...req, views: true }),
    api("/cost/sweep", { base: req, parameter: "utilization", values: UTIL_POINTS }),
    api("/cost/compare", { ...common, gpus }),
    api("/cost/capex-per-mw", { gpu }),
    api("/cost/sensitivity", { ...req, draws: SPREAD_DRAWS, seed: 0 }),
  ]);
  if (!fresh()) return;
  kpis(d);
  breakdownChart(d);
  curveChart(sw, d);
  compareChart(cmp);
  tornadoChart(sens);
  viewsTable(d);
  mwTable(mw);
  usedTable(d);
  rendered();
}));
