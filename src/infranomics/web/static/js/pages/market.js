// Market simulator: GET /api/v1/simulate/params, POST /api/v1/simulate. Fan charts draw the p5/p50/p95
// the engine computed; the KPIs are fields of its summary.
import {
  api, boot, extraState, fmtNum, fmtPct, guarded, noteText, refresh, rendered, setValue, start, state, t, tOr, table,
  unit,
} from "../core.js";
import { PALETTE, plot } from "../charts.js";

const CYCLE = ["capex_usd", "utilization", "token_price_usd_per_mtok", "revenue_lab_usd", "debt_usd", "default_share"];
const KPIS = {
  bust_probability: "pct", median_time_to_bust_years: "years", signal_probability: "pct",
  busts_preceded_by_signal: "pct", median_signal_lead_years: "years", false_alarm_rate: "pct",
  peak_default_share_p50: "pct", trough_utilization_p50: "pct",
};

// Parameter overrides live in the URL as set=path:value,path:value (only the sliders you moved).
extraState("set", "");
let params = null; // GET /simulate/params of the current preset
let paramsPreset = null;

function overrides() {
  const out = {};
  for (const item of (state.set || "").split(",").filter(Boolean)) {
    const [k, v] = item.split(":");
    if (k && v !== undefined && Number.isFinite(Number(v))) out[k] = Number(v);
  }
  return out;
}

function writeOverrides(o) {
  state.set = Object.entries(o).map(([k, v]) => `${k}:${v}`).join(",");
}

function sliders() {
  let box = document.getElementById("dyn-controls");
  if (!box) {
    box = document.createElement("div");
    box.id = "dyn-controls";
    const h = Object.assign(document.createElement("h2"), { textContent: t("market.levers") });
    box.appendChild(h);
    document.querySelector("#controls .buttons").before(box);
  }
  box.querySelectorAll(".control").forEach((el) => el.remove());
  const o = overrides();
  for (const p of params.params.filter((x) => x.slider)) {
    const div = document.createElement("div");
    div.className = "control control-slider param-slider";
    div.dataset.control = `overrides.${p.path}`;
    const id = `ctl-p-${p.path.replace(".", "-")}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = tOr(`market.param.${p.path}`, p.path) + " ";
    label.appendChild(Object.assign(document.createElement("span"), { className: "unit", textContent: `[${unit(p.unit)}]` }));
    const wrap = Object.assign(document.createElement("div"), { className: "slider" });
    const input = Object.assign(document.createElement("input"), { type: "range", id, min: p.slider.min, max: p.slider.max, step: p.slider.step });
    const value = p.path in o ? o[p.path] : p.value;
    input.value = value;
    const out = Object.assign(document.createElement("output"), { textContent: fmtNum(Number(value), 3) });
    wrap.append(input, out);
    const help = Object.assign(document.createElement("small"), { className: "help", textContent: tOr(`market.param.${p.path}.help`, p.description) });
    const source = p.source || "";
    const short = source.length > 90 ? source.slice(0, 87) + "…" : source;
    const src = Object.assign(document.createElement("small"), { className: "source", textContent: `${t("market.preset_value")}: ${fmtNum(p.value, 3)} — ${short}` });
    src.title = p.source || "";
    div.append(label, wrap, help, src);
    if (p.path in o) div.classList.add("changed");
    let timer;
    input.addEventListener("input", () => {
      out.textContent = fmtNum(Number(input.value), 3);
      const cur = overrides();
      if (Number(input.value) === p.value) delete cur[p.path];
      else cur[p.path] = Number(input.value);
      writeOverrides(cur);
      div.classList.toggle("changed", p.path in cur);
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    box.appendChild(div);
  }
}

function fan(id, q, periods, opts = {}) {
  const x = periods;
  const u = q.unit;
  const pct = u === "fraction";
  const traces = [
    { type: "scatter", mode: "lines", x, y: q.p95, line: { width: 0 }, hoverinfo: "skip", showlegend: false },
    { type: "scatter", mode: "lines", x, y: q.p5, fill: "tonexty", fillcolor: "rgba(46,134,193,0.25)", line: { width: 0 },
      name: t("market.band"), hovertemplate: `p5: %{y:.3g}<extra></extra>` },
    { type: "scatter", mode: "lines", x, y: q.p50, line: { color: PALETTE[0], width: 2 }, name: "p50",
      hovertemplate: `p50: %{y:.3g}<extra></extra>` },
  ];
  if (opts.threshold !== undefined) {
    traces.push({ type: "scatter", mode: "lines", x: [x[0], x[x.length - 1]], y: [opts.threshold, opts.threshold],
      line: { color: PALETTE[8], dash: "dash" }, name: t("market.threshold") });
  }
  plot(id, traces, { margin: { l: 56, r: 8, t: 8, b: 32 }, showlegend: false,
    yaxis: { title: { text: unit(u) }, tickformat: pct ? ".0%" : undefined, type: opts.log ? "log" : undefined },
    xaxis: { nticks: 6 } });
}

function indicatorFans(d) {
  const box = document.getElementById("fans-indicators");
  if (box.childElementCount !== d.indicators.length) {
    box.replaceChildren(...d.indicators.map((s) => {
      const div = document.createElement("div");
      div.append(Object.assign(document.createElement("h3"), { textContent: tOr(`market.series.${s}`, s) }),
        Object.assign(document.createElement("div"), { id: `ind-${s}`, className: "chart chart-small" }));
      return div;
    }));
  }
  for (const s of d.indicators) {
    fan(`ind-${s}`, d.quantiles[s], d.periods, s === "signal" ? { threshold: d.summary.signal_threshold } : {});
  }
}

function paramsTable(d) {
  const o = overrides();
  const rows = params.params.map((p) => ({
    path: p.path, value: p.path in o ? o[p.path] : p.value, dist: p.path in o ? "" : p.distribution || "",
    unit: p.unit || "", source: p.path in o ? t("market.you_set") : p.source || "",
  }));
  table(document.getElementById("table-params"), [
    { key: "path", label: t("market.col.param") }, { key: "value", label: t("col.value"), numeric: true },
    { key: "dist", label: t("market.col.distribution") }, { key: "unit", label: t("col.unit") },
    { key: "source", label: t("col.source") },
  ], rows, { rowClass: (r) => (r.path in o ? "changed" : "") });
}

document.addEventListener("ix-reset", () => {
  if (params) sliders();
});

start((s) => guarded(async (fresh) => {
  if (paramsPreset !== s.preset) {
    if (paramsPreset !== null) state.set = ""; // another preset: its own values, no carried-over levers
    params = await api(`/simulate/params?preset=${encodeURIComponent(s.preset)}`);
    paramsPreset = s.preset;
    sliders();
  }
  const body = { preset: s.preset, paths: Number(s.paths), years: s.years, seed: s.seed ?? 0,
    volatility: s.volatility, overrides: overrides() };
  const d = await api("/simulate", body);
  if (!fresh()) return;
  const sm = d.summary;
  document.getElementById("scenario-title").textContent =
    `${d.scenario.name}: ${tOr(`market.preset.${d.scenario.name}.title`, d.scenario.title)}`;
  // the engine's definition in the page language: its parts' templates filled with its thresholds
  const parts = sm.bust_definition_codes || [];
  const worded = parts.length ? parts.map((c) => noteText(null, c)) : [];
  const definition = worded.length && worded.every((x) => x) ? worded.join("") : sm.bust_definition;
  document.getElementById("bust-definition").textContent = t("market.bust_definition", { text: definition });
  for (const [k, kind] of Object.entries(KPIS)) {
    const box = document.getElementById(`kpi-${k}`);
    const v = sm[k];
    setValue(box.querySelector(".k-value"), v, kind === "pct" ? fmtPct(v) : fmtNum(v, 3));
    box.querySelector(".k-unit").textContent = kind === "pct" ? "" : unit(kind);
    box.classList.toggle("empty", v === null || v === undefined);
  }
  for (const name of CYCLE) fan(`fan-${name}`, d.quantiles[name], d.periods, { log: name === "token_price_usd_per_mtok" });
  indicatorFans(d);
  paramsTable(d);
  document.getElementById("run-meta").textContent = t("market.run_meta", {
    paths: sm.paths, seed: sm.seed, hash: sm.scenario_hash, data: sm.data_snapshot, year: sm.currency_year,
    version: boot.version, secs: fmtNum(sm.elapsed_s, 2),
  });
  rendered();
}));
