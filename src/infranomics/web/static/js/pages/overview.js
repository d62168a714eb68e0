// Home: every accelerator's levelized cost next to its published rent (GET /api/v1/overview).
import { api, rendered, fmtPct, guarded, start, state, t, table, unit } from "../core.js";
import { PALETTE, plot } from "../charts.js";

function link(name) {
  const a = document.createElement("a");
  const q = new URLSearchParams({ gpu: name });
  if (state.lang !== "en") q.set("lang", state.lang);
  if (state.cur !== "USD") q.set("cur", state.cur);
  a.href = `/cost?${q}`;
  a.textContent = name;
  return a;
}

start((s) => guarded(async (fresh) => {
  const d = await api(`/overview?currency=${encodeURIComponent(s.cur)}`);
  if (!fresh()) return;
  const rows = d.accelerators;
  const per = unit("{cur}/GPU-h");
  plot("chart-overview", [
    { type: "bar", name: t("overview.series.cost"), x: rows.map((r) => r.accelerator),
      y: rows.map((r) => r.cost_per_gpu_hour), marker: { color: PALETTE[0] } },
    { type: "bar", name: t("overview.series.rent"), x: rows.map((r) => r.accelerator),
      y: rows.map((r) => r.rent_per_gpu_hour), marker: { color: PALETTE[4] } },
  ], { barmode: "group", yaxis: { title: { text: `${t("overview.axis.y")} [${per}]` } }, xaxis: { tickangle: -45 },
    margin: { l: 64, r: 16, t: 16, b: 110 }, legend: { orientation: "h", y: 1.1 } });
  document.getElementById("overview-caption").textContent =
    t("overview.caption", { year: d.currency_year, util: fmtPct(d.utilization, 0), cur: t("currency.code." + d.currency) });
  table(document.getElementById("table-overview"), [
    { key: "accelerator", label: t("col.accelerator"), render: (v) => link(v) },
    { key: "vendor", label: t("col.vendor") },
    { key: "launch_year", label: t("col.launch_year"), fmt: String },
    { key: "bf16_tflops", label: t("col.bf16_tflops"), unit: unit("TFLOP/s") },
    { key: "fp8_tflops", label: t("col.fp8_tflops"), unit: unit("TFLOP/s") },
    { key: "hbm_gb", label: t("col.hbm_gb"), unit: unit("GB") },
    { key: "hbm_tbps", label: t("col.hbm_tbps"), unit: unit("TB/s") },
    { key: "tdp_w", label: t("col.tdp_w"), unit: unit("W") },
    { key: "rent_per_gpu_hour", label: t("overview.series.rent"), unit: per, numeric: true },
    { key: "rent_quotes", label: t("col.rent_quotes"), numeric: true },
    { key: "cost_per_gpu_hour", label: t("overview.series.cost"), unit: per, numeric: true },
    { key: "error", label: t("col.note"), render: (v) => {
      if (!v) return "";
      const span = document.createElement("span");
      span.className = "warn";
      span.textContent = t("overview.not_estimated");
      span.title = v; // the engine's message: what is missing and how to give it
      return span;
    } },
  ], rows);
  rendered();
}));
