// Inference performance: POST /api/v1/perf and /api/v1/perf/frontier.
import {
  api, rendered, compact, fmtNum, fmtPct, guarded, noteItems, setValue, start, state, t, table, unit,
} from "../core.js";
import { PALETTE, plot } from "../charts.js";

const KPIS = {
  out: ["output_tokens_per_s_per_gpu", "tok/s"], in: ["input_tokens_per_s_per_gpu", "tok/s"],
  user: ["tokens_per_s_per_user", "tok/s"], ttft: ["ttft_s", "s"], tpot: ["tpot_s", "s"],
  gpus: ["gpus", "accelerators"], batch: ["batch_size", "sequences"], memory: ["memory_gb_per_gpu", "GB"],
};

export function perfRequest(s) {
  return compact({
    model: s.model, gpu: s.gpu, workload: s.workload || null, input_tokens: s.input_tokens,
    output_tokens: s.output_tokens, cache_hit: s.cache_hit, precision: s.precision || null,
    tpot_max_s: s.tpot_max_s, ttft_max_s: s.ttft_max_s, gpus: s.gpus, mode: s.mode || null,
  });
}

function frontierChart(f, d) {
  const byLayout = new Map();
  for (const p of f.points) {
    const k = `${p.mode === "aggregated" ? t("perf.mode.aggregated") : t("perf.mode.decode_pool")}: ${p.layout.replace(/^decode /, "")}`;
    if (!byLayout.has(k)) byLayout.set(k, []);
    byLayout.get(k).push(p);
  }
  const traces = [...byLayout.entries()].map(([name, pts], i) => ({
    type: "scatter", mode: "lines+markers", name, x: pts.map((p) => p.tokens_per_s_per_user),
    y: pts.map((p) => p.output_tokens_per_s_per_gpu), marker: { color: PALETTE[i % PALETTE.length], size: 5 },
    customdata: pts.map((p) => p.batch_size),
    hovertemplate: `%{x:.3g} ${unit("tok/s")} / ${t("perf.axis.user")}<br>%{y:.4g} ${unit("tok/s")} / GPU<br>${t("perf.kpi.batch")}: %{customdata}<extra>%{fullData.name}</extra>`,
  }));
  traces.push({ type: "scatter", mode: "markers", name: t("perf.series.chosen"), x: [d.tokens_per_s_per_user],
    y: [d.output_tokens_per_s_per_gpu], marker: { size: 14, symbol: "diamond", color: PALETTE[8] } });
  plot("chart-frontier", traces, {
    xaxis: { title: { text: `${t("perf.axis.user")} [${unit("tok/s")}]` }, type: "log" },
    yaxis: { title: { text: `${t("perf.axis.gpu")} [${unit("tok/s")}]` }, rangemode: "tozero" },
    legend: { orientation: "v", x: 1.02, y: 1 }, margin: { l: 64, r: 16, t: 16, b: 56 },
  });
}

start((s) => guarded(async (fresh) => {
  const req = perfRequest(s);
  const { tpot_max_s, ttft_max_s, ...rest } = req; // latency targets do not apply to the frontier
  const [d, f] = await Promise.all([api("/perf", req), api("/perf/frontier", { ...rest, pareto_only: true })]);
  if (!fresh()) return;
  for (const [name, [key, u]] of Object.entries(KPIS)) {
    const box = document.getElementById(`kpi-${name}`);
    setValue(box.querySelector(".k-value"), d[key], fmtNum(d[key], 3));
    box.querySelector(".k-unit").textContent = unit(u);
  }
  document.getElementById("perf-layout").textContent = d.layout;
  const cal = d.calibration || {};
  table(document.getElementById("table-deployment"), [{ key: 0, label: t("col.quantity") }, { key: 1, label: t("col.value") }], [
    [t("perf.row.precision"), `${d.precision} / KV ${d.kv_precision}`],
    [t("perf.row.scenario"), t(`perf.scenario.${d.scenario}`)],
    [t("perf.row.bound"), t(`perf.bound.${d.bound}`)],
    [t("perf.row.weights"), `${fmtNum(d.weights_gb_per_gpu)} ${unit("GB")}`],
    [t("perf.row.kv"), `${fmtNum(d.kv_cache_gb_per_gpu)} ${unit("GB")}`],
    [t("perf.row.workload"), `${fmtNum(d.workload.input_tokens)} → ${fmtNum(d.workload.output_tokens)} ${unit("tok")}`],
    [t("perf.row.calibration"), `${cal.family} / ${cal.stack} (${t("col.confidence")}: ${cal.confidence}, MAPE ${fmtPct(cal.fit_mape, 0)})`],
  ]);
  const q = new URLSearchParams({ gpu: d.gpu, model: d.model });
  if (state.lang !== "en") q.set("lang", state.lang);
  if (state.cur !== "USD") q.set("cur", state.cur);
  document.getElementById("to-cost").href = `/cost?${q}`;
  document.getElementById("warnings").replaceChildren(...noteItems(d.warnings, d.warning_codes));
  frontierChart(f, d);
  rendered();
}));
