// charts.js — thin helpers over Plotly.js (served from the installed plotly package, offline).
// Charts draw numbers exactly as the API returned them.

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] };

export const PALETTE = ["#1f4e79", "#2e86c1", "#5dade2", "#a9cce3", "#d68910", "#f5b041", "#7d3c98", "#58d68d",
  "#c0392b", "#7f8c8d", "#16a085", "#f1c40f"];

/** Draw (or redraw in place) a chart into the element with id `id`. */
export function plot(id, traces, layout = {}) {
  const el = document.getElementById(id);
  if (!el || typeof Plotly === "undefined") return;
  const base = {
    margin: { l: 64, r: 16, t: 16, b: 56 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif", size: 12 },
    legend: { orientation: "h", y: -0.2 },
    hoverlabel: { namelength: -1 },
  };
  Plotly.react(el, traces, { ...base, ...layout }, CONFIG);
}
