// TrendScope dashboard: polls this worker's read-only API and /metrics; draws plain SVG.
"use strict";
const REFRESH_MS = Number(new URLSearchParams(location.search).get("refresh") || 3000);
const SVG = "http://www.w3.org/2000/svg";
const state = { movie: null, window: "5m", lastEvents: null };
const $ = (id) => document.getElementById(id);
const fmt = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? "–" : Number(v).toFixed(d));
const isoTime = (t) => new Date(t * 1000).toISOString().replace(".000Z", "Z");

async function getJSON(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

function el(tag, attrs = {}, text) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function termsBar(terms) {
  const bar = el("div", { class: "bar" });
  const total = Object.values(terms).reduce((a, v) => a + Math.max(v, 0), 0) || 1;
  for (const [name, v] of Object.entries(terms)) {
    bar.append(el("i", { class: `t-${name}`, style: `width:${(100 * Math.max(v, 0)) / total}%`,
                         title: `${name} ${fmt(v)}` }));
  }
  return bar;
}

async function refreshTop() {
  const top = await getJSON(`/api/trends/top?window=${state.window}&limit=20`);
  $("top-window").textContent = top.window_start_iso ? `${top.window} window from ${top.window_start_iso}` : "no final window yet";
  const body = $("top").tBodies[0];
  body.replaceChildren();
  top.rows.forEach((w, i) => {
    const tr = el("tr", { "data-movie-id": w.movie_id, "data-score": w.score });
    if (w.movie_id === state.movie) tr.classList.add("selected");
    tr.append(el("td", {}, i + 1), el("td", { class: "title" }, w.title || `#${w.movie_id}`),
              el("td", { class: "num score" }, fmt(w.score)));
    const bar = el("td"); bar.append(termsBar(w.terms)); tr.append(bar);
    tr.append(el("td", { class: "num" }, w.mentions), el("td", { class: "num" }, fmt(w.avg_sentiment, 3)));
    const label = el("td"); label.append(el("span", { class: `label label-${w.label}` }, w.label || "")); tr.append(label);
    tr.addEventListener("click", () => { state.movie = w.movie_id; refreshMovie(); refreshTop(); });
    body.append(tr);
  });
  if (state.movie === null && top.rows.length) state.movie = top.rows[0].movie_id;
}

function drawChart(windows, prediction) {
  const W = 600, P = 90, LEFT = 46, RIGHT = 14, TOP = 8;
  const series = [["score", "score"], ["mentions", "mentions"], ["sentiment", "avg_sentiment"]];
  const svg = el("svg:svg", { viewBox: `0 0 ${W} ${TOP + series.length * P + 16}`, role: "img" });
  const times = windows.map((w) => w.window_start);
  if (prediction) times.push(prediction.target_window_start);
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = (t) => LEFT + (t1 > t0 ? ((t - t0) / (t1 - t0)) * (W - LEFT - RIGHT) : (W - LEFT - RIGHT) / 2);
  series.forEach(([name, field], i) => {
    const values = windows.map((w) => w[field] ?? 0);
    const extra = prediction && prediction.target === name ? (prediction.band || [prediction.predicted]) : [];
    let lo = Math.min(0, ...values, ...extra), hi = Math.max(...values, ...extra);
    if (name === "sentiment") { lo = -1; hi = 1; }
    if (hi <= lo) hi = lo + 1;
    const top = TOP + i * P, h = P - 22;
    const y = (v) => top + h - ((v - lo) / (hi - lo)) * h;
    svg.append(el("svg:line", { x1: LEFT, x2: W - RIGHT, y1: y(lo), y2: y(lo), stroke: "#ddd" }),
               el("svg:text", { x: 2, y: top + 10 }, name),
               el("svg:text", { x: 2, y: top + 22 }, fmt(hi, name === "mentions" ? 0 : 1)),
               el("svg:text", { x: 2, y: y(lo) }, fmt(lo, name === "mentions" ? 0 : 1)));
    const d = windows.map((w, j) => `${j ? "L" : "M"}${x(w.window_start).toFixed(1)},${y(values[j]).toFixed(1)}`).join("");
    svg.append(el("svg:path", { d, fill: "none", "stroke-width": 2, class: `series s-${name}`,
                                "data-series": name, "data-values": JSON.stringify(values) }));
    if (extra.length) {
      const px = x(prediction.target_window_start);
      if (prediction.band) {
        const [b0, b1] = prediction.band;
        svg.append(el("svg:rect", { x: px - 5, width: 10, y: y(b1), height: Math.max(y(b0) - y(b1), 1), class: "band",
                                    "data-band": JSON.stringify(prediction.band) }));
      }
      svg.append(el("svg:circle", { cx: px, cy: y(prediction.predicted), r: 4, class: "pred",
                                    "data-predicted": prediction.predicted }));
    }
  });
  if (windows.length) {
    svg.append(el("svg:text", { x: LEFT, y: TOP + series.length * P + 10 }, isoTime(t0)),
               el("svg:text", { x: W - RIGHT, y: TOP + series.length * P + 10, "text-anchor": "end" }, isoTime(t1)));
  }
  $("chart").replaceChildren(svg);
}

async function refreshMovie() {
  if (state.movie === null) return;
  const m = await getJSON(`/api/movies/${state.movie}?limit=60`);
  const windows = (m.windows[state.window] || []).slice().reverse();
  const preds = m.predictions.filter((p) => p.window === state.window && p.target === "score");
  const prediction = preds.find((p) => !p.baseline) || preds[0] || null;
  $("movie-title").textContent = `${m.title || "#" + m.movie_id} · ${state.window} windows` +
    (m.snapshot ? ` · TMDB popularity ${fmt(m.snapshot.popularity, 1)}` : "");
  $("chart").dataset.movieId = m.movie_id;
  drawChart(windows, prediction);
  $("prediction").textContent = prediction
    ? `next ${prediction.target} (${prediction.model}, ${prediction.target_window_start_iso}): ${fmt(prediction.predicted)}` +
      (prediction.mae === null ? "" : ` ± ${fmt(prediction.mae)} (current MAE)`)
    : "no pending forecast";
}

async function refreshModels() {
  const p = await getJSON("/api/predictions?limit=1000");
  const body = $("models").tBodies[0];
  body.replaceChildren();
  const worst = Math.max(...p.model_errors.map((e) => e.mae || 0), 1e-9);
  for (const e of p.model_errors) {
    const tr = el("tr", { "data-model": e.model });
    const bar = el("td"); bar.append(el("span", { class: `err-bar${e.baseline ? " baseline" : ""}`,
                                                  style: `width:${(100 * (e.mae || 0)) / worst}px` }));
    tr.append(el("td", {}, e.window), el("td", {}, e.model + (e.baseline ? " (baseline)" : "")),
              el("td", { class: "num" }, fmt(e.mae, 3)), el("td", { class: "num" }, e.n), bar);
    body.append(tr);
  }
}

function parseMetrics(text) {
  const out = {};
  for (const line of text.split("\n")) {
    const m = line.match(/^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/);
    if (m) (out[m[1]] ||= []).push({ labels: m[2] || "", value: Number(m[3]) });
  }
  return out;
}
const total = (metrics, name) => (metrics[name] || []).reduce((a, s) => a + s.value, 0);

async function refreshHealth() {
  const r = await fetch("/metrics", { cache: "no-store" });
  const metrics = parseMetrics(await r.text());
  const now = performance.now() / 1000, events = total(metrics, "trendscope_events_total");
  let rate = null;
  if (state.lastEvents) rate = (events - state.lastEvents.events) / Math.max(now - state.lastEvents.at, 1e-3);
  state.lastEvents = { events, at: now };
  const marks = (metrics.trendscope_watermark_seconds || []).map((s) => s.value).filter((v) => v > 0);
  const lagCount = total(metrics, "trendscope_event_lag_seconds_count");
  const writes = total(metrics, "trendscope_store_writes_total");
  const failedWrites = (metrics.trendscope_store_writes_total || [])
    .filter((s) => s.labels.includes('outcome="error"')).reduce((a, s) => a + s.value, 0);
  const rows = [
    ["events/s", rate === null ? "measuring…" : fmt(rate, 1)],
    ["events total", events],
    ["DLQ", total(metrics, "trendscope_dlq_total")],
    ["late events", total(metrics, "trendscope_late_events_total")],
    ["watermark", marks.length ? isoTime(Math.min(...marks)) : "–"],
    ["mean event lag (s)", lagCount ? fmt(total(metrics, "trendscope_event_lag_seconds_sum") / lagCount, 1) : "–"],
    ["store writes ok / failed", `${writes - failedWrites} / ${failedWrites}`],
  ];
  $("health").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", { "data-metric": k }, v)]));
}

async function refresh() {
  const parts = [refreshTop().then(refreshMovie), refreshModels(), refreshHealth()];
  const results = await Promise.allSettled(parts);
  const failed = results.filter((r) => r.status === "rejected").map((r) => r.reason.message);
  $("status").textContent = failed.length ? `error: ${failed.join("; ")}` : `updated ${new Date().toLocaleTimeString()}`;
  document.body.dataset.loaded = "true";
}

$("window").addEventListener("change", (e) => { state.window = e.target.value; refresh(); });
refresh();
setInterval(refresh, REFRESH_MS);
