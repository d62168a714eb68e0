// Catalog browser: GET /api/v1/catalog, /catalog/{name}, /catalog/{name}/sources.
import {
  api, rendered, extraState, fmtNum, guarded, linkify, refresh, setControl, start, state, t, table, tOr, unit,
} from "../core.js";

extraState("sort", "");
let datasets = null;
let lastDataset = null;

function longText(v) {
  if (v === null || v === undefined || v === "") return "—";
  const s = String(v);
  if (s.length <= 90) return s;
  const span = document.createElement("span");
  span.textContent = s.slice(0, 87) + "…";
  span.title = s; // the whole note on hover
  return span;
}

function header(c) {
  const link = c.name === "source" || c.name === "price_source";
  return { key: c.name, label: c.name, unit: c.unit ? unit(c.unit) : "", title: c.description,
    render: link ? (v) => linkify(v) : c.type === "str" ? longText : undefined,
    fmt: c.type === "int" ? (v) => String(v) : (v) => fmtNum(v, 6) };
}

function sortable(el) {
  for (const th of el.querySelectorAll("th")) {
    th.classList.add("sortable");
    const col = th.textContent.split(" [")[0];
    if (state.sort === col) th.classList.add("asc");
    if (state.sort === "-" + col) th.classList.add("desc");
    th.addEventListener("click", () => {
      state.sort = state.sort === col ? "-" + col : col;
      refresh();
    });
  }
}

start((s) => guarded(async (fresh) => {
  if (lastDataset !== null && lastDataset !== s.dataset) state.sort = ""; // a sort column belongs to one dataset
  lastDataset = s.dataset;
  const name = encodeURIComponent(s.dataset);
  const q = new URLSearchParams({ limit: "5000" });
  if (s.q) q.set("q", s.q);
  if (s.sort) q.set("sort", s.sort);
  const [d, src, list] = await Promise.all([
    api(`/catalog/${name}?${q}`), api(`/catalog/${name}/sources`), datasets ? datasets : api("/catalog"),
  ]);
  datasets = list;
  if (!fresh()) return;
  document.getElementById("ds-title").textContent = `${d.dataset} — ${tOr(`dataset.${d.dataset}.title`, d.title)}`;
  document.getElementById("ds-desc").textContent = tOr(`dataset.${d.dataset}.description`, d.description);
  document.getElementById("ds-meta").textContent = t("catalog.meta", { shown: d.rows.length, total: d.total, key: d.key.join(", ") });
  const tableEl = document.getElementById("ds-table");
  table(tableEl, d.columns.map(header), d.rows);
  sortable(tableEl);
  table(document.getElementById("ds-sources"), [
    { key: "source", label: t("col.source"), render: (v) => linkify(v) },
    { key: "rows", label: t("col.rows"), fmt: String },
    { key: "retrieved", label: t("col.retrieved") },
    { key: "confidence", label: t("col.confidence") },
  ], src.sources);
  table(document.getElementById("ds-schema"), [
    { key: "name", label: t("col.column") }, { key: "type", label: t("col.type") },
    { key: "unit", label: t("col.unit") }, { key: "allowed", label: t("col.allowed") },
    { key: "description", label: t("col.description") },
  ], d.columns);
  table(document.getElementById("ds-list"), [
    { key: "name", label: t("col.dataset"), render: (v) => {
      const a = document.createElement("a");
      a.href = "#";
      a.textContent = v;
      a.addEventListener("click", (e) => {
        e.preventDefault();
        state.sort = "";
        setControl("dataset", v);
        refresh();
        window.scrollTo(0, 0);
      });
      return a;
    } },
    { key: "title", label: t("col.title"), value: (r) => tOr(`dataset.${r.name}.title`, r.title) },
    { key: "rows", label: t("col.rows"), fmt: String },
  ], list);
  rendered();
}));
