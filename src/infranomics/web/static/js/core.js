// core.js — what every dashboard page shares: boot data, strings (i18n), state in the URL,
// controls declared as data, API calls with their errors, and number formatting.
// Pages import from here and only call the API and draw what it returns; no page recomputes a
// number the engine returned.

export const boot = JSON.parse(document.getElementById("boot").textContent);
const controls = boot.controls || [];

// ---------------------------------------------------------------------------------------------
// strings

/** The string `key` in the page language, with {name} placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const s = Object.prototype.hasOwnProperty.call(boot.strings, key) ? boot.strings[key] : key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** The string `key` when the page language has it, else `fallback` (for data-driven names). */
export function tOr(key, fallback) {
  return Object.prototype.hasOwnProperty.call(boot.strings, key) ? t(key) : fallback;
}

/** An engine note or warning in the page language: its template `note.<key>` filled with the params the
 * engine gave (already formatted), else the engine's English sentence. */
export function noteText(text, code) {
  const k = code && code.key ? "note." + code.key : null;
  return k && Object.prototype.hasOwnProperty.call(boot.strings, k) ? t(k, code.params || {}) : text;
}

/** A list of engine notes as <li> elements (`codes` aligned with `texts`). */
export function noteItems(texts, codes) {
  return (texts || []).map((n, i) => Object.assign(document.createElement("li"), {
    textContent: noteText(n, (codes || [])[i]),
  }));
}

/** A unit for display: translated when the i18n file has `unit.<u>`, with {cur} filled in. */
export function unit(u) {
  if (!u) return "";
  const k = "unit." + u;
  const s = Object.prototype.hasOwnProperty.call(boot.strings, k) ? boot.strings[k] : u;
  return s.replaceAll("{cur}", t("currency.code." + unitCurrency(state.cur)));
}

// The currency {cur} stands for: the display currency, unless the page's model works in another one
// (e.g. a model that takes USD or CNY only, shown with EUR selected, is asked and labelled in USD).
let unitCurrency = (cur) => cur;

/** Let a page say which currency its money inputs and outputs are in for a display currency. */
export function setUnitCurrency(fn) {
  unitCurrency = fn;
  updateUnits();
}

// ---------------------------------------------------------------------------------------------
// state in the URL: every control value, the language and the display currency

export const state = { lang: boot.lang, cur: boot.currency };
const extras = {}; // page-specific URL keys: name -> default

function parseValue(c, raw) {
  if (raw === null || raw === undefined) return c.default ?? (c.kind === "multiselect" ? [] : null);
  if (c.kind === "multiselect") return String(raw).split(",").map((s) => s.trim()).filter(Boolean);
  if (c.kind === "number" || c.kind === "slider") {
    if (raw === "") return null;
    const v = Number(raw);
    return Number.isFinite(v) ? v : c.default ?? null;
  }
  if (c.kind === "toggle") return raw === "1" || raw === "true";
  return String(raw);
}

function defaultOf(c) {
  if (c.kind === "multiselect") return parseValue(c, c.default ?? "");
  return c.default ?? (c.kind === "number" ? null : "");
}

/** Read the state from the query string (missing keys take the control defaults). */
export function readState() {
  const q = new URLSearchParams(location.search);
  const cur = q.get("cur");
  state.cur = boot.currencies.includes(cur) ? cur : boot.currency;
  for (const c of controls) state[c.name] = q.has(c.name) ? parseValue(c, q.get(c.name)) : defaultOf(c);
  for (const [k, d] of Object.entries(extras)) state[k] = q.has(k) ? q.get(k) : d;
}

/** Declare a page-specific URL key (not a control) with its default. */
export function extraState(name, dflt) {
  extras[name] = dflt;
  const q = new URLSearchParams(location.search);
  state[name] = q.has(name) ? q.get(name) : dflt;
}

function queryString() {
  const q = new URLSearchParams();
  if (state.lang !== "en") q.set("lang", state.lang);
  if (state.cur !== "USD") q.set("cur", state.cur);
  for (const c of controls) {
    const v = state[c.name];
    if (!shown(c)) continue; // inputs of another mode are not part of this view
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    q.set(c.name, Array.isArray(v) ? v.join(",") : c.kind === "toggle" ? (v ? "1" : "0") : String(v));
  }
  for (const [k, d] of Object.entries(extras)) if (state[k] !== d && state[k] != null) q.set(k, state[k]);
  return q.toString();
}

/** Write the state into the address bar (a link to this view) and into the navigation links. */
export function writeState() {
  const qs = queryString();
  history.replaceState(null, "", qs ? `${location.pathname}?${qs}` : location.pathname);
  const keep = new URLSearchParams();
  if (state.lang !== "en") keep.set("lang", state.lang);
  if (state.cur !== "USD") keep.set("cur", state.cur);
  for (const a of document.querySelectorAll("a[data-nav]")) {
    const q = new URLSearchParams(keep);
    const extra = a.dataset.keep;
    if (extra) for (const [k, v] of new URLSearchParams(extra)) q.set(k, v);
    const path = a.dataset.nav ? `/${a.dataset.nav}` : "/";
    a.href = q.toString() ? `${path}?${q}` : path;
  }
}

// ---------------------------------------------------------------------------------------------
// controls

function elementOf(c) {
  return document.getElementById("ctl-" + c.name);
}

function showValue(c) {
  const out = document.getElementById("out-" + c.name);
  if (out) out.textContent = fmtNum(state[c.name], 3);
}

function setElement(c) {
  const el = elementOf(c);
  if (!el) return;
  const v = state[c.name];
  if (c.kind === "multiselect") {
    const set = new Set(v || []);
    for (const o of el.options) o.selected = set.has(o.value);
  } else if (c.kind === "toggle") {
    el.checked = !!v;
  } else if (c.kind === "select") {
    el.value = v ?? "";
    if (el.value !== (v ?? "") && el.options.length) {
      // a value from an old link that is no longer a choice: fall back to the default
      state[c.name] = defaultOf(c);
      el.value = state[c.name] ?? "";
    }
  } else {
    el.value = v === null || v === undefined ? "" : String(v);
  }
  showValue(c);
}

function readElement(c, el) {
  if (c.kind === "multiselect") return [...el.selectedOptions].map((o) => o.value);
  if (c.kind === "toggle") return el.checked;
  if (c.kind === "number" || c.kind === "slider") return el.value === "" ? null : Number(el.value);
  return el.value;
}

function debounce(fn, ms) {
  let h;
  return (...args) => {
    clearTimeout(h);
    h = setTimeout(() => fn(...args), ms);
  };
}

/** Whether a control's `when` condition ("other=v1|v2") holds in the current state. */
export function shown(c) {
  if (!c.when) return true;
  const [other, values] = c.when.split("=");
  return values.split("|").includes(String(state[other] ?? ""));
}

function applyWhen() {
  for (const c of controls) {
    const box = document.querySelector(`.control[data-control="${c.name}"]`);
    if (box) box.hidden = !shown(c);
  }
}

/**
 * The request body of the visible controls: each control's value at its `field` (dotted paths make
 * nested objects, "tranches.0.gpu" → {tranches: [{gpu}]}); empty values are left out so the engine's
 * defaults apply. `skip` lists control names that are not request fields.
 */
export function collect(skip = []) {
  const body = {};
  for (const c of controls) {
    if (skip.includes(c.name) || !shown(c)) continue;
    let v = state[c.name];
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    if (typeof v === "number" && !Number.isFinite(v)) continue;
    const path = c.field.split(".");
    let obj = body;
    for (let i = 0; i < path.length - 1; i++) {
      const k = /^\d+$/.test(path[i]) ? Number(path[i]) : path[i];
      if (obj[k] === undefined) obj[k] = /^\d+$/.test(path[i + 1]) ? [] : {};
      obj = obj[k];
    }
    const last = path[path.length - 1];
    obj[/^\d+$/.test(last) ? Number(last) : last] = v;
  }
  return body;
}

function updateUnits() {
  for (const span of document.querySelectorAll("[data-unit]")) span.textContent = `[${unit(span.dataset.unit)}]`;
}

/**
 * Start a page: read the URL, fill the controls, wire them, the language and currency switches,
 * and call `update()` now and after every change (debounced). `update` gets the state.
 */
let runner = null;

/** Re-run the page's update (after a page script changed the state itself). */
export function refresh() {
  return runner ? runner() : undefined;
}

export function start(update) {
  readState();
  for (const c of controls) setElement(c);
  writeState();
  updateUnits();
  applyWhen();
  const run = () => {
    writeState();
    applyWhen();
    clearError();
    return update(state);
  };
  runner = run;
  const later = debounce(run, 250);
  for (const c of controls) {
    const el = elementOf(c);
    if (!el) continue;
    const onInput = () => {
      state[c.name] = readElement(c, el);
      showValue(c);
      later();
    };
    el.addEventListener(c.kind === "slider" ? "input" : "change", onInput);
    if (c.kind === "text") el.addEventListener("input", onInput);
  }
  document.getElementById("lang-switch")?.addEventListener("change", (e) => {
    state.lang = e.target.value;
    location.search = queryString(); // labels are rendered by the server in the chosen language
  });
  document.getElementById("currency-switch")?.addEventListener("change", (e) => {
    state.cur = e.target.value;
    updateUnits();
    run();
  });
  document.getElementById("reset")?.addEventListener("click", () => {
    for (const c of controls) {
      state[c.name] = defaultOf(c);
      setElement(c);
    }
    for (const [k, d] of Object.entries(extras)) state[k] = d;
    document.dispatchEvent(new CustomEvent("ix-reset")); // pages with their own inputs rebuild them
    run();
  });
  document.getElementById("share")?.addEventListener("click", async () => {
    writeState();
    try {
      await navigator.clipboard.writeText(location.href);
    } catch (_) {
      /* no clipboard permission: the address bar already holds the link */
    }
    const done = document.getElementById("share-done");
    if (done) {
      done.hidden = false;
      setTimeout(() => (done.hidden = true), 2000);
    }
  });
  return run();
}

/** Set a control's value from a page script (e.g. a click on a table row) and refresh. */
export function setControl(name, value) {
  const c = controls.find((x) => x.name === name);
  if (!c) return;
  state[name] = value;
  setElement(c);
}

// ---------------------------------------------------------------------------------------------
// API

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.field = error?.field ?? null;
  }
}

let inflight = 0;
function busy(delta) {
  inflight += delta;
  const el = document.getElementById("loading");
  if (el) el.hidden = inflight <= 0;
}

/** GET (no body) or POST (JSON body) an API path; throws ApiError with the field it names. */
export async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  busy(1);
  try {
    const r = await fetch(boot.api + path, opts);
    let j = null;
    try {
      j = await r.json();
    } catch (_) {
      j = { error: { message: `HTTP ${r.status}` } };
    }
    if (!r.ok) throw new ApiError(r.status, j.error);
    return j;
  } finally {
    busy(-1);
  }
}

/** Drop request fields that are empty, so the engine's sourced defaults apply. */
export function compact(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined || v === "" || (typeof v === "number" && !Number.isFinite(v))) continue;
    out[k] = v;
  }
  return out;
}

/** The control an error's request field belongs to: the visible one feeding it, else the one named so. */
function controlOf(field) {
  return controls.find((c) => shown(c) && c.field === field) || controls.find((c) => c.name === field.split(".")[0]);
}

/** Show an API error above the results and mark the control it names. */
export function showError(err) {
  const box = document.getElementById("error");
  if (!box) return;
  const c = err.field ? controlOf(String(err.field)) : null;
  const label = c ? t(c.label) : err.field && String(err.field).split(".")[0];
  box.textContent = err.field ? t("ui.error.field", { field: label, message: err.message }) : t("ui.error", { message: err.message });
  box.hidden = false;
  for (const el of document.querySelectorAll(".control.invalid")) el.classList.remove("invalid");
  const ctl = c && document.querySelector(`.control[data-control="${c.name}"]`);
  if (ctl) ctl.classList.add("invalid");
}

export function clearError() {
  const box = document.getElementById("error");
  if (box) box.hidden = true;
  for (const el of document.querySelectorAll(".control.invalid")) el.classList.remove("invalid");
}

/** Run `fn`, showing any error; returns its value or undefined. Stale runs are ignored. */
let generation = 0;
export async function guarded(fn) {
  const mine = ++generation;
  try {
    const out = await fn(() => mine === generation);
    return out;
  } catch (err) {
    if (mine === generation) {
      if (err instanceof ApiError) showError(err);
      else showError({ message: String(err?.message || err), field: null });
    }
  }
}

/** Mark a finished render: body[data-ready] and a counter tests and tools can wait on. */
export function rendered() {
  const b = document.body.dataset;
  b.rendered = String(Number(b.rendered || 0) + 1);
  b.ready = "1";
}

// ---------------------------------------------------------------------------------------------
// numbers

function locale() {
  return state.lang === "zh-CN" ? "zh-CN" : "en-US";
}

/** A number for display (— for missing); `digits` significant digits below 1,000. */
export function fmtNum(v, digits = 3) {
  if (v === null || v === undefined || typeof v !== "number" || !Number.isFinite(v)) return "—";
  if (Math.abs(v) >= 1000) return v.toLocaleString(locale(), { maximumFractionDigits: 0 });
  if (v === 0) return "0";
  return v.toLocaleString(locale(), { maximumSignificantDigits: digits });
}

/** A number for a headline figure: short scale from a million up ("303.5B", "3035.2亿"), else as fmtNum. */
export function fmtShort(v, digits = 4) {
  if (v === null || v === undefined || typeof v !== "number" || !Number.isFinite(v)) return "—";
  if (Math.abs(v) < 1e6) return fmtNum(v, digits);
  return v.toLocaleString(locale(), { notation: "compact", maximumSignificantDigits: digits });
}

/** A fraction shown as a percentage. */
export function fmtPct(v, digits = 1) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return (v * 100).toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }) + "%";
}

/** The display-currency value of a money field of an engine result (`usd_per_gpu_hour` → `cny_per_gpu_hour`). */
export function money(d, key) {
  if (!d) return null;
  if (state.cur === "USD" || d.currency === "USD") return d[key] ?? null;
  const alt = key.replace("usd", state.cur.toLowerCase());
  return alt in d ? d[alt] : null;
}

/** The display-currency copy of a money object field of an engine result (`breakdown` → `breakdown_cny`). */
export function moneyObj(d, key) {
  if (!d) return null;
  if (state.cur === "USD" || d.currency === "USD") return d[key] ?? null;
  return d[`${key}_${state.cur.toLowerCase()}`] ?? null;
}

/** Put a value into an element: text for people, the raw number in data-value for tests and tools. */
export function setValue(el, v, text) {
  if (!el) return;
  el.dataset.value = v === null || v === undefined ? "" : String(v);
  el.textContent = text ?? fmtNum(v);
}

/** A simple table: columns [{key, label, unit, fmt}] and rows (objects). */
export function table(el, columns, rows, opts = {}) {
  if (!el) return;
  const tbl = document.createElement("table");
  const thead = tbl.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.textContent = c.label + (c.unit ? ` [${c.unit}]` : "");
    if (c.title) th.title = c.title;
    if (c.numeric) th.className = "num";
    thead.appendChild(th);
  }
  const body = tbl.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    if (opts.rowClass) tr.className = opts.rowClass(r) || "";
    for (const c of columns) {
      const td = tr.insertCell();
      const v = typeof c.value === "function" ? c.value(r) : r[c.key];
      if (typeof v === "number") td.dataset.value = String(v);
      if (c.render) {
        const node = c.render(v, r);
        if (node instanceof Node) td.appendChild(node);
        else td.textContent = node ?? "—";
      } else if (typeof v === "number") {
        td.textContent = c.fmt ? c.fmt(v) : fmtNum(v, 4);
      } else {
        td.textContent = v === null || v === undefined || v === "" ? "—" : String(v);
      }
      if (c.numeric || typeof v === "number") td.className = "num";
    }
  }
  el.replaceChildren(tbl);
}

/** Text with URLs turned into links (for sources). */
export function linkify(text) {
  const span = document.createElement("span");
  if (text === null || text === undefined) {
    span.textContent = "—";
    return span;
  }
  const parts = String(text).split(/(https?:\/\/[^\s)"',;]+)/g);
  for (const p of parts) {
    if (/^https?:\/\//.test(p)) {
      const a = document.createElement("a");
      a.href = p;
      const short = p.replace(/^https?:\/\/(www\.)?/, "");
      a.textContent = short.length > 48 ? short.slice(0, 45) + "…" : short;
      a.title = p;
      a.className = "src-link";
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      span.appendChild(a);
    } else if (p) {
      span.appendChild(document.createTextNode(p));
    }
  }
  return span;
}
