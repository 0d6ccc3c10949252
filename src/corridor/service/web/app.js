// corridor web map: plain JavaScript, one file, no library, no request outside this server.
// The map is SVG over the shipped country outlines (equirectangular, x scaled by cos 40°).
"use strict";

const MODES = ["rail", "road", "sea", "ferry"];
const KX = Math.cos((40 * Math.PI) / 180);
const $ = (id) => document.getElementById(id);
const SVGNS = "http://www.w3.org/2000/svg";

const state = {
  info: null, places: [], net: null, netKey: null, placeAt: {}, linkAt: {}, crossingAt: {},
  routes: [], selected: 0, compare: null, diff: null, flows: null, critical: null,
  view: null, home: null, aborter: null, guessed: "", hubs: null, appraisal: null, trade: null, appraiseOn: false,
};

// ---------- small helpers ----------
function el(tag, attrs = {}, text) {
  const svg = ["path", "circle", "rect", "line", "polyline", "g", "text", "title", "svg", "polygon"].includes(tag);
  const node = svg ? document.createElementNS(SVGNS, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? "–" :
  Number(x).toLocaleString("en-GB", { minimumFractionDigits: d, maximumFractionDigits: d }));
const pct = (x) => (x === null || x === undefined ? "–" : `${Math.round(100 * x)} %`);
const project = ([lon, lat]) => [lon * KX, -lat];
function setStatus(text, error = false) {
  const s = $("status");
  s.textContent = text;
  s.className = error ? "error" : "";
}
function placeName(id) {
  const p = state.placeAt[id];
  return p ? p.name.replace(/\s*\(.*\)$/, "") : id;
}

async function getJSON(url, signal) {
  const r = await fetch(url, { signal });
  let body = null;
  try { body = await r.json(); } catch (e) { body = null; }
  if (!r.ok) {
    const err = new Error(explain(r.status, body));
    err.status = r.status;
    err.body = body;
    throw err;
  }
  return { body, headers: r.headers };
}
function explain(status, body) {
  if (!body) return `HTTP ${status}`;
  const d = body.detail;
  let msg = Array.isArray(d) ? d.map((x) => `${x.loc ? x.loc[x.loc.length - 1] + ": " : ""}${x.msg}`).join("; ") : String(d);
  if (body.suggestions && body.suggestions.length) {
    msg += " — did you mean " + body.suggestions.map((s) => s.name).join(", ") + "?";
  }
  if (body.candidates && body.candidates.length) msg += " — candidates: " + body.candidates.join(", ");
  return msg;
}

// ---------- URL state ----------
function readForm() {
  const modes = [...document.querySelectorAll("#modes input")].filter((i) => i.checked).map((i) => i.value);
  return {
    o: $("origin").value.trim(), d: $("destination").value.trim(), by: $("by").value, seg: $("segment").value,
    k: $("alternatives").value, modes: modes.length === MODES.length ? "" : modes.join(","),
    planned: $("planned").checked ? "1" : "", date: $("date").value, scenario: $("scenario").value,
    flows: $("layer-flows").checked ? "1" : "", critical: $("layer-critical").checked ? "1" : "",
    hubs: $("layer-hubs").checked ? "1" : "", appraise: state.appraiseOn ? "1" : "",
    sel: String(state.selected), tab: currentTab(),
  };
}
function writeURL(f) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v && !(k === "sel" && v === "0") && !(k === "tab" && v === "route")) q.set(k, v);
  history.replaceState(null, "", `${location.pathname}?${q}`);
}
function applyURL() {
  const q = new URLSearchParams(location.search);
  $("origin").value = q.get("o") || "";
  $("destination").value = q.get("d") || "";
  if (q.get("by")) $("by").value = q.get("by");
  if (q.get("k")) $("alternatives").value = q.get("k");
  $("segment").value = q.get("seg") || "";
  const modes = (q.get("modes") || "").split(",").filter(Boolean);
  for (const i of document.querySelectorAll("#modes input")) i.checked = !modes.length || modes.includes(i.value);
  $("planned").checked = q.get("planned") === "1";
  $("date").value = q.get("date") || "";
  $("scenario").value = q.get("scenario") || "";
  $("layer-flows").checked = q.get("flows") === "1";
  $("layer-critical").checked = q.get("critical") === "1";
  $("layer-hubs").checked = q.get("hubs") === "1";
  state.appraiseOn = q.get("appraise") === "1";
  state.selected = Number(q.get("sel") || 0);
  showTab(q.get("tab") || "route");
}

// ---------- map: view, pan, zoom ----------
function setView(v) {
  state.view = v;
  $("map").setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
  scaleMarks();
}
function pxPerUnit() {
  const r = $("map").getBoundingClientRect();
  return Math.min(r.width / state.view.w, r.height / state.view.h) || 1;
}
function scaleMarks() {
  const k = 1 / pxPerUnit();
  for (const n of document.querySelectorAll("[data-px]")) {
    const px = Number(n.dataset.px) * k;
    if (n.tagName === "circle") n.setAttribute("r", px);
    else if (n.tagName === "rect") {
      n.setAttribute("width", 2 * px); n.setAttribute("height", 2 * px);
      n.setAttribute("x", Number(n.dataset.cx) - px); n.setAttribute("y", Number(n.dataset.cy) - px);
    } else if (n.tagName === "text") {
      n.setAttribute("font-size", px);
      n.setAttribute("stroke-width", px / 4);
      n.setAttribute("dx", px / 3);
      n.setAttribute("dy", -px / 3);
    }
  }
  for (const n of document.querySelectorAll("[data-w]")) n.style.strokeWidth = `${n.dataset.w}px`;
}
function zoom(factor, cx, cy) {
  const v = state.view;
  const x = cx === undefined ? v.x + v.w / 2 : cx;
  const y = cy === undefined ? v.y + v.h / 2 : cy;
  const w = Math.min(Math.max(v.w * factor, 0.5), 400);
  const h = (v.h * w) / v.w;
  setView({ x: x - ((x - v.x) * w) / v.w, y: y - ((y - v.y) * h) / v.h, w, h });
}
function pan(dx, dy) {
  const v = state.view;
  setView({ ...v, x: v.x + dx * v.w, y: v.y + dy * v.h });
}
function fit(points) {
  if (!points.length) return;
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const m = Math.max(x1 - x0, y1 - y0) * 0.12 + 1;
  setView({ x: x0 - m, y: y0 - m, w: x1 - x0 + 2 * m, h: y1 - y0 + 2 * m });
}
function svgPoint(evt) {
  const svg = $("map");
  const pt = svg.createSVGPoint();
  pt.x = evt.clientX; pt.y = evt.clientY;
  return pt.matrixTransform(svg.getScreenCTM().inverse());
}
function wireMap() {
  const svg = $("map");
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const p = svgPoint(e);
    zoom(e.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, v: { ...state.view } };
    svg.setPointerCapture(e.pointerId);
    svg.classList.add("dragging");
  });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const k = 1 / pxPerUnit();
    setView({ ...drag.v, x: drag.v.x - (e.clientX - drag.x) * k, y: drag.v.y - (e.clientY - drag.y) * k });
  });
  const end = () => { drag = null; svg.classList.remove("dragging"); };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] };
    if (moves[e.key]) { pan(...moves[e.key]); e.preventDefault(); }
    else if (e.key === "+" || e.key === "=") { zoom(1 / 1.25); e.preventDefault(); }
    else if (e.key === "-") { zoom(1.25); e.preventDefault(); }
  });
  $("zoom-in").onclick = () => zoom(1 / 1.25);
  $("zoom-out").onclick = () => zoom(1.25);
  $("zoom-fit").onclick = () => fitRoutes();
  window.addEventListener("resize", scaleMarks);
}
function pathOf(coords) {
  return coords.map((c, i) => { const [x, y] = project(c); return `${i ? "L" : "M"}${x.toFixed(3)},${y.toFixed(3)}`; }).join("");
}

// ---------- layers ----------
function drawCountries(geo) {
  const g = $("g-countries");
  g.replaceChildren();
  for (const f of geo.features) {
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const d = polys.map((poly) => poly.map((ring) => pathOf(ring) + "Z").join("")).join("");
    const p = el("path", { d, class: `country ${f.properties.iso_a2 === "AF" ? "af" : ""}` });
    p.appendChild(el("title", {}, f.properties.name));
    g.appendChild(p);
  }
}
function drawNetwork() {
  const g = $("g-network");
  g.replaceChildren();
  const feats = state.net.features;
  for (const f of feats.filter((x) => x.properties.element === "link")) {
    const p = f.properties;
    const path = el("path", { d: pathOf(f.geometry.coordinates), class: `link ${p.mode} ${p.status}`, "data-id": p.id });
    path.appendChild(el("title", {}, `${p.id} (${p.mode}, ${p.status})${p.reason ? " — " + p.reason : ""}`));
    g.appendChild(path);
  }
  for (const f of feats.filter((x) => x.properties.element === "place")) {
    const [x, y] = project(f.geometry.coordinates);
    const c = el("circle", { cx: x, cy: y, r: 0.1, class: "place", "data-px": 1.6 });
    c.appendChild(el("title", {}, `${f.properties.name} (${f.properties.id})`));
    g.appendChild(c);
  }
  for (const f of feats.filter((x) => x.properties.element === "crossing")) {
    const p = f.properties;
    const [x, y] = project(f.geometry.coordinates);
    const cls = p.status === "partly closed" ? "partly" : p.status;
    const c = el("circle", { cx: x, cy: y, r: 0.1, class: `crossing ${cls}`, "data-px": p.status === "open" ? 2.2 : 4, "data-id": p.id, "data-status": p.status });
    c.appendChild(el("title", {}, `${p.id}: ${p.status}${p.reason ? " — " + p.reason : ""}`));
    g.appendChild(c);
  }
  scaleMarks();
}
function drawLegend() {
  const items = MODES.map((m) => `<span><i class="swatch" style="background:var(--${m})"></i>${m}</span>`);
  items.push('<span>□ border</span><span>◆ gauge break</span><span style="color:#7a6f00">● transload</span>');
  items.push('<span style="color:var(--closed)">● closed crossing</span><span>- - planned</span>');
  if ($("layer-flows").checked) items.push('<span><i class="swatch" style="background:#E69F00;height:7px"></i>flow (width: TEU, colour: utilisation)</span>');
  if ($("layer-critical").checked) items.push('<span>⋯ critical (width: score)</span>');
  if (state.diff) items.push('<span>··· faster (scenario)</span><span style="color:var(--worse)">- - slower (scenario)</span>');
  $("legend").innerHTML = items.join("");
}

function routeLinks(route) {
  // [mode, coordinates] per link of each move leg (a border link split at the frontier
  // belongs to two legs and is drawn once per leg)
  const out = [];
  for (const leg of route.legs) {
    if (leg.kind !== "move") continue;
    for (const id of leg.links) {
      const f = state.linkAt[id];
      if (f) out.push([leg.mode, f.geometry.coordinates, id, leg]);
    }
  }
  return out;
}
function drawRoutes() {
  const g = $("g-routes"), marks = $("g-marks");
  g.replaceChildren(); marks.replaceChildren();
  const order = state.routes.map((_, i) => i).filter((i) => i !== state.selected);
  if (state.routes.length) order.push(state.selected);
  for (const i of order) {
    const r = state.routes[i];
    const sel = i === state.selected;
    const grp = el("g", { class: "route-group", "data-rank": i + 1 });
    for (const [mode, coords, id] of routeLinks(r)) {
      const p = el("path", { d: pathOf(coords), class: `route ${mode}${sel ? "" : " alt"}`, "data-w": sel ? 5 : 3, "data-link": id });
      p.appendChild(el("title", {}, `route ${i + 1}: ${id} (${mode})`));
      p.addEventListener("click", () => selectRoute(i));
      grp.appendChild(p);
    }
    g.appendChild(grp);
  }
  const r = state.routes[state.selected];
  if (!r) return;
  for (const leg of r.legs) {
    const at = state.placeAt[leg.from];
    if (!at) continue;
    const [x, y] = project(at.coordinates);
    let m = null;
    if (leg.kind === "border") m = el("rect", { "data-cx": x, "data-cy": y, class: "mark border", "data-px": 5 });
    else if (leg.kind === "gauge_change") m = el("rect", { "data-cx": x, "data-cy": y, class: "mark gauge", "data-px": 5, transform: `rotate(45 ${x} ${y})` });
    else if (leg.kind === "transfer" || leg.kind === "handling") m = el("circle", { cx: x, cy: y, class: "mark transfer", "data-px": 4.5 });
    if (m) {
      m.setAttribute("data-kind", leg.kind);
      m.appendChild(el("title", {}, `${leg.kind.replace("_", " ")} at ${placeName(leg.from)}${leg.detail ? ": " + leg.detail : ""}`));
      marks.appendChild(m);
    }
  }
  for (const id of [r.origin, r.destination]) {
    const at = state.placeAt[id];
    if (!at) continue;
    const [x, y] = project(at.coordinates);
    marks.appendChild(el("circle", { cx: x, cy: y, class: "endpoint", "data-px": 4 }));
    marks.appendChild(el("text", { x, y, class: "label", "data-px": 13 }, placeName(id)));
  }
  $("map").dataset.countries = r.countries.join(",");
  scaleMarks();
}
function fitRoutes() {
  const pts = [];
  for (const r of state.routes) for (const [, coords] of routeLinks(r)) for (const c of coords) pts.push(project(c));
  if (pts.length) fit(pts); else if (state.home) setView(state.home);
}

// ---------- panels ----------
function table(caption, heads, rows, textCols = [0]) {
  const t = el("table");
  if (caption) t.appendChild(el("caption", {}, caption));
  const tr = el("tr");
  heads.forEach((h, i) => tr.appendChild(el("th", { scope: "col", class: textCols.includes(i) ? "text" : null }, h)));
  t.appendChild(el("thead")).appendChild(tr);
  const body = el("tbody");
  for (const row of rows) {
    const r = el("tr");
    row.forEach((c, i) => {
      const td = el("td", { class: textCols.includes(i) ? "text" : null });
      if (c instanceof Node) td.appendChild(c); else td.textContent = c;
      r.appendChild(td);
    });
    body.appendChild(r);
  }
  t.appendChild(body);
  return t;
}
function selectRoute(i) {
  state.selected = i;
  drawRoutes();
  renderRoute();
  writeURL(readForm());
}
function renderRoute() {
  const panel = $("panel-route");
  panel.replaceChildren();
  if (!state.routes.length) return;
  if (state.guessed) panel.appendChild(el("p", { class: "guess" }, `Place taken as: ${state.guessed}`));
  if (state.routes.length > 1) {
    const alts = el("div", { class: "alts", role: "group", "aria-label": "Routes" });
    state.routes.forEach((r, i) => {
      const b = el("button", { type: "button", "aria-pressed": String(i === state.selected) },
        `${i + 1}: ${fmt(r.totals.time_days, 1)} d, $${fmt(r.totals.cost_usd)}`);
      b.onclick = () => selectRoute(i);
      alts.appendChild(b);
    });
    panel.appendChild(alts);
  }
  const r = state.routes[state.selected];
  const t = r.totals, cb = t.cost_breakdown, unit = r.unit.toUpperCase();
  panel.appendChild(el("h2", {}, `${r.origin_name} → ${r.destination_name}`));
  panel.appendChild(el("p", { class: "note" },
    `by ${r.objective}; per ${unit}; date ${r.date}${r.scenario ? "; scenario " + r.scenario : ""}; network as of ${r.network_as_of}`));
  panel.appendChild(el("p", { id: "countries" }, `Countries: ${r.countries.join(" → ")}`));
  panel.appendChild(table("Totals", ["", "value"], [
    ["distance", `${fmt(t.distance_km)} km`],
    ["time", `${fmt(t.time_h, 1)} h (${fmt(t.time_days, 1)} d)`],
    ["mean / P50 / P90", `${fmt(t.mean_days, 1)} / ${fmt(t.p50_days, 1)} / ${fmt(t.p90_days, 1)} d`],
    ["cost", `$${fmt(t.cost_usd)}`],
    ["  line haul", `$${fmt(cb.line_haul_usd)}`],
    ["  border fees", `$${fmt(cb.border_fees_usd)}`],
    ["  handling", `$${fmt(cb.handling_usd)}`],
    ["  gauge change", `$${fmt(cb.gauge_change_usd)}`],
    ["  value of waiting", `$${fmt(cb.waiting_usd)}`],
    ["CO2e", `${fmt(t.co2_kg)} kg`],
    ["borders / gauge breaks / transfers", `${t.borders} / ${t.gauge_breaks} / ${t.transfers}`],
    ["resting on estimates", `${pct(r.estimate_share.km)} of km, ${pct(r.estimate_share.hours)} of hours, ${pct(r.estimate_share.cost)} of cost`],
  ]));
  const legs = r.legs.map((l, i) => [
    String(i + 1), l.kind.replace("_", " "), l.mode || "",
    l.from === l.to ? placeName(l.from) : `${placeName(l.from)} → ${placeName(l.to)}`,
    fmt(l.distance_km), fmt(l.time_h, 1), fmt(l.cost_usd), fmt(l.co2_kg), pct(l.estimate_share.cost),
  ]);
  const lt = table("Legs", ["#", "kind", "mode", "where", "km", "h", "USD", "kg CO2", "est."], legs, [1, 2, 3]);
  lt.id = "legs";
  panel.appendChild(lt);
  if (r.date_changes.length) {
    panel.appendChild(el("h3", {}, `What the calendar does on ${r.date}`));
    const ul = el("ul", { class: "changes", id: "date-changes" });
    for (const c of r.date_changes) ul.appendChild(el("li", {}, `${c.id}: ${c.status} (${c.effect}) — ${c.rule}`));
    panel.appendChild(ul);
  }
}

function chart(title, rows, xOf, yOf, xLabel, yLabel, ranged) {
  const W = 400, H = 190, L = 48, B = 28, T = 18;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": title, width: "100%" });
  svg.appendChild(el("text", { x: L, y: 12, "font-weight": 600 }, title));
  const xs = rows.flatMap((r) => xOf(r)), ys = rows.flatMap((r) => yOf(r));
  if (!xs.length) return svg;
  const x0 = 0, x1 = Math.max(...xs) * 1.05 || 1, y0 = 0, y1 = Math.max(...ys) * 1.1 || 1;
  const X = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - 8), Y = (y) => H - B - ((y - y0) / (y1 - y0)) * (H - B - T);
  svg.appendChild(el("line", { x1: L, y1: H - B, x2: W - 8, y2: H - B, class: "axis" }));
  svg.appendChild(el("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }));
  svg.appendChild(el("text", { x: W - 8, y: H - 4, "text-anchor": "end" }, xLabel));
  svg.appendChild(el("text", { x: 2, y: T - 4 }, yLabel));
  for (const v of [y1 / 2, y1 / 1.1]) svg.appendChild(el("text", { x: L - 3, y: Y(v) + 3, "text-anchor": "end" }, fmt(v, v < 10 ? 1 : 0)));
  for (const v of [x1 / 2, x1 / 1.05]) svg.appendChild(el("text", { x: X(v), y: H - B + 12, "text-anchor": "middle" }, fmt(v)));
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"];
  rows.forEach((r, i) => {
    const c = palette[i % palette.length];
    const px = xOf(r), py = yOf(r);
    if (ranged) {
      svg.appendChild(el("line", { x1: X(px[0]), y1: Y(py[0]), x2: X(px[0]), y2: Y(py[1]), stroke: c, "stroke-width": 6 }));
    } else {
      const d = px.map((x, k) => `${k ? "L" : "M"}${X(x).toFixed(1)},${Y(py[k]).toFixed(1)}`).join("");
      svg.appendChild(el("path", { d, fill: "none", stroke: c, "stroke-width": 2 }));
    }
    svg.appendChild(el("text", { x: X(px[px.length - 1]) + 3, y: Y(py[py.length - 1]) - 3, fill: c }, String(i + 1)));
  });
  return svg;
}
function cumulative(route, key, scale) {
  const xs = [0], ys = [0];
  for (const l of route.legs) {
    xs.push(xs[xs.length - 1] + l.distance_km);
    ys.push(ys[ys.length - 1] + l[key] * scale);
  }
  return [xs, ys];
}
function renderCompare() {
  const panel = $("panel-compare");
  panel.replaceChildren();
  const c = state.compare;
  if (!c) return;
  panel.appendChild(el("h2", {}, `Corridors ${c.origin_name} → ${c.destination_name}`));
  const best = c.best || {};
  const cell = (r, key, d) => { const s = el("span", { class: (best[key] || []).includes(r.label) ? "best" : null }, fmt(r[key], d)); return s; };
  const rows = c.rows.map((r, i) => [`${i + 1} ${r.name}`, cell(r, "distance_km"), cell(r, "p50_days", 1), cell(r, "p90_days", 1),
    cell(r, "cost_usd"), cell(r, "co2_kg"), String(r.borders), r.countries.replace(/-/g, "-\u200b")]);
  const t = table(`per ${c.unit.toUpperCase()}; best per column in bold`, ["route", "km", "P50 d", "P90 d", "USD", "kg CO2", "brd", "countries"], rows, [0, 7]);
  t.id = "compare-table";
  panel.appendChild(t);
  const withRoute = c.rows.filter((r) => r.route && r.route.legs);
  const lines = withRoute.map((r) => ({ time: cumulative(r.route, "time_h", 1 / 24), cost: cumulative(r.route, "cost_usd", 1) }));
  panel.appendChild(chart("time–distance", lines, (l) => l.time[0], (l) => l.time[1], "km", "days"));
  panel.appendChild(chart("cost–distance", lines, (l) => l.cost[0], (l) => l.cost[1], "km", "USD"));
  panel.appendChild(chart("P50–P90 transit time by route", c.rows.map((r, i) => ({ i, r })),
    (o) => [o.i + 1], (o) => [o.r.p50_days, o.r.p90_days], "route #", "days", true));
  if (c.unconnected.length) {
    const ul = el("ul", { class: "changes" });
    for (const u of c.unconnected) ul.appendChild(el("li", {}, `${u.name}: ${u.reason}`));
    panel.append(el("h3", {}, "Not connecting"), ul);
  }
}
function renderDiff() {
  const panel = $("panel-diff");
  panel.replaceChildren();
  const g = $("g-diff");
  g.replaceChildren();
  const d = state.diff;
  drawLegend();
  if (!d) {
    panel.appendChild(el("p", { class: "note" }, $("scenario").value ? "computing the scenario's changes over the region's OD pairs…" : "Pick a scenario to see what it changes over the region's OD pairs."));
    return;
  }
  const s = d.summary;
  panel.appendChild(el("h2", {}, `${d.scenario} vs ${d.base || "no scenario"}`));
  panel.appendChild(el("p", { id: "diff-summary" }, `${d.od_set}: ${s.pairs} pairs, ${s.pairs_changed} changed, ${s.pairs_gained} gain a connection, ${s.pairs_lost} lose one; mean change ${fmt(s.mean_delta_time_h, 2)} h, $${fmt(s.mean_delta_cost_usd, 2)} (date ${d.date})`));
  const rows = d.changes.map((c) => [`${placeName(c.origin)} → ${placeName(c.destination)}`, c.status, fmt(c.delta_time_h, 1),
    fmt(c.delta_p90_h, 1), fmt(c.delta_cost_usd), `${c.corridor_before} → ${c.corridor_after}`]);
  renderAppraisal(panel);
  renderTrade(panel);
  const t = table("Changed pairs (largest first)", ["pair", "status", "Δ h", "Δ P90 h", "Δ USD", "corridor"], rows, [0, 1, 5]);
  t.id = "diff-table";
  panel.appendChild(t);
  const big = Math.max(1, ...d.changes.map((c) => Math.abs(c.delta_time_h) || 0));
  for (const c of d.changes) {
    const a = state.placeAt[c.origin], b = state.placeAt[c.destination];
    if (!a || !b) continue;
    const worse = (c.delta_time_h || 0) > 0 || c.status === "lost";
    const w = 1 + (2 * Math.abs(c.delta_time_h || big)) / big;
    const p = el("path", { d: pathOf([a.coordinates, b.coordinates]), class: "diffline", stroke: worse ? "var(--worse)" : "var(--better)", "data-w": w.toFixed(1), "stroke-dasharray": worse ? "8 4" : "2 4" });
    p.appendChild(el("title", {}, `${placeName(c.origin)} → ${placeName(c.destination)}: ${c.status}, ${fmt(c.delta_time_h, 1)} h`));
    g.appendChild(p);
  }
  scaleMarks();
}
function renderAppraisal(panel) {
  const a = state.appraisal;
  if (!a) {
    if (state.appraiseOn && $("scenario").value) panel.appendChild(el("p", { class: "note" }, "appraising the scenario (capex, benefits, NPV; this takes a while)…"));
    return;
  }
  panel.appendChild(el("h3", {}, `Appraisal of ${a.scenario}`));
  const rates = Object.keys(a.npv_usd_m);
  const t = table(`capex US$${fmt(a.capex_usd_m)} m; ${a.settings.operating_years} years from ${a.settings.start_year}`,
    ["rate", "NPV US$ m", "BCR"], rates.map((r) => [r, fmt(a.npv_usd_m[r]), fmt(a.bcr[r], 2)]));
  t.id = "appraisal-table";
  panel.appendChild(t);
  panel.appendChild(el("p", { class: "note" }, `EIRR ${fmt(a.eirr_pct, 1)} %; first-year return ${fmt(a.first_year_return_pct, 1)} %; PV of benefits (US$ m): ` +
    Object.entries(a.pv_benefits_usd_m).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(", ") + `. ${a.benefits.method}.`));
}
function renderTrade(panel) {
  const t = state.trade;
  if (!t) return;
  panel.appendChild(el("h3", {}, `Trade effects of ${t.scenario}`));
  const rows = t.pairs.map((p) => [p.pair, fmt(p.baseline_usd_m, 1),
    p.change_usd_m ? `${fmt(p.change_usd_m.low, 1)} … ${fmt(p.change_usd_m.high, 1)}` : "–",
    p.change_pct ? `${fmt(p.change_pct.central, 1)} %` : "–",
    p.target_share_closed ? pct(p.target_share_closed.central) : "–"]);
  const tab = table(`elasticity ${t.trade_elasticity.low}–${t.trade_elasticity.high}; US$ m per year`,
    ["pair", "baseline", "change (range)", "central", "of target gap"], rows);
  tab.id = "trade-table";
  panel.appendChild(tab);
}
function renderHubs(panel) {
  const h = state.hubs;
  if (!h) return;
  panel.appendChild(el("h2", {}, "Transit hubs"));
  panel.appendChild(el("p", { class: "note" }, `${h.demand}; ${h.segment}; date ${h.date}${h.scenario ? "; scenario " + h.scenario : ""}.`));
  const rows = h.transit_change.map((c) => [c.country, fmt(c.transit_teu_year_base), c.transit_teu_year_after === undefined ? "" : fmt(c.transit_teu_year_after)]);
  const t = table("Transit TEU per year carried for others", ["country", "base", h.scenario ? "with scenario" : ""], rows);
  t.id = "hubs-table";
  panel.appendChild(t);
}
function renderLayers() {
  const panel = $("panel-layers"), g = $("g-layer");
  panel.replaceChildren(); g.replaceChildren();
  const util = (u) => (u === null ? "#888" : u > 1 ? "#D55E00" : u > 0.85 ? "#E69F00" : u > 0.5 ? "#F0E442" : "#bdbdbd");
  if ($("layer-flows").checked && state.flows) {
    const f = state.flows, top = Math.max(1, ...f.bottlenecks.map((b) => b.eq_teu_year || 0));
    for (const b of f.bottlenecks) {
      const feat = b.kind === "link" ? state.linkAt[b.id] : state.crossingAt[b.id];
      if (!feat) continue;
      const w = (1.5 + 9 * (b.eq_teu_year || 0) / top).toFixed(1);
      const n = b.kind === "link"
        ? el("path", { d: pathOf(feat.geometry.coordinates), class: "layer-link", stroke: util(b.utilisation), "data-w": w })
        : el("circle", { cx: project(feat.geometry.coordinates)[0], cy: project(feat.geometry.coordinates)[1], fill: util(b.utilisation), "data-px": w });
      n.appendChild(el("title", {}, `${b.id}: ${fmt(b.eq_teu_year)} TEU/yr, utilisation ${pct(b.utilisation)}`));
      g.appendChild(n);
    }
    const s = f.summary;
    panel.appendChild(el("h2", {}, "Flows"));
    panel.appendChild(el("p", { class: "note" }, `${fmt(s.assigned_teu_year)} TEU/yr assigned over ${s.od_pairs} OD pairs; ${s.over_capacity_elements} elements over capacity. Width: volume; colour: utilisation (grey < 50 %, yellow < 85 %, orange < 100 %, vermillion over).`));
    const t = table("Bottlenecks", ["element", "TEU/yr", "cap/day", "util.", "delay h"], f.bottlenecks.slice(0, 15).map((b) =>
      [b.id, fmt(b.eq_teu_year), fmt(b.capacity_teu_day), pct(b.utilisation), fmt(b.delay_h, 1)]));
    t.id = "flows-table";
    panel.appendChild(t);
  }
  if ($("layer-critical").checked && state.critical) {
    const c = state.critical, top = Math.max(1, ...c.elements.map((e) => e.score));
    for (const e of c.elements) {
      const feat = e.kind === "link" ? state.linkAt[e.element] : state.crossingAt[e.element];
      if (!feat) continue;
      const w = (2 + 9 * e.score / top).toFixed(1);
      const n = e.kind === "link"
        ? el("path", { d: pathOf(feat.geometry.coordinates), class: "layer-link critical", stroke: "#000", "data-w": w, "stroke-dasharray": "2 3" })
        : el("circle", { cx: project(feat.geometry.coordinates)[0], cy: project(feat.geometry.coordinates)[1], fill: "none", stroke: "#000", "stroke-dasharray": "2 2", "data-px": w });
      n.appendChild(el("title", {}, `#${e.rank} ${e.name}: score ${fmt(e.score)}`));
      g.appendChild(n);
    }
    panel.appendChild(el("h2", {}, "Criticality"));
    panel.appendChild(el("p", { class: "note" }, `${c.od_set}: cost the OD set loses when an element is cut (${c.unit || ""}); black dotted, width ∝ score.`));
    const t = table(null, ["#", "element", "pairs using", "pairs cut", "score"], c.elements.map((e) =>
      [String(e.rank), e.name, String(e.pairs_using), String(e.disconnected_pairs), fmt(e.score)]), [1]);
    t.id = "critical-table";
    panel.appendChild(t);
  }
  if ($("layer-hubs").checked) renderHubs(panel);
  if (!panel.children.length) panel.appendChild(el("p", { class: "note" }, "Tick flows, criticality or transit hubs to see them."));
  drawLegend();
  scaleMarks();
}

// ---------- tabs ----------
function currentTab() {
  const t = document.querySelector("[role=tab][aria-selected=true]");
  return t ? t.id.replace("tab-", "") : "route";
}
function showTab(name) {
  for (const t of document.querySelectorAll("[role=tab]")) {
    const on = t.id === `tab-${name}`;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
}
function wireTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  tabs.forEach((t, i) => {
    t.onclick = () => { showTab(t.id.replace("tab-", "")); writeURL(readForm()); };
    t.onkeydown = (e) => {
      const k = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (k) { const n = tabs[(i + k + tabs.length) % tabs.length]; n.focus(); n.click(); }
    };
  });
}

// ---------- data ----------
function dayParams(f) {
  const q = new URLSearchParams();
  if (f.date) q.set("date", f.date);
  if (f.scenario) q.set("scenario", f.scenario);
  return q;
}
async function loadNetwork(f, signal) {
  const q = dayParams(f);
  const key = q.toString();
  if (state.netKey === key) return;
  const { body } = await getJSON(`/api/network.geojson?${key}`, signal);
  state.net = body; state.netKey = key;
  state.placeAt = {}; state.linkAt = {}; state.crossingAt = {};
  for (const ft of body.features) {
    const p = ft.properties;
    if (p.element === "place") state.placeAt[p.id] = { ...p, coordinates: ft.geometry.coordinates };
    else if (p.element === "link") state.linkAt[p.id] = ft;
    else state.crossingAt[p.id] = ft;
  }
  drawNetwork();
}
async function run() {
  const f = readForm();
  writeURL(f);
  if (state.aborter) state.aborter.abort();
  const ctl = new AbortController();
  state.aborter = ctl;
  const signal = ctl.signal;
  try {
    setStatus("loading the network of the day…");
    await loadNetwork(f, signal);
    const day = dayParams(f);
    sideLoads(f, day, signal);
    if (!f.o || !f.d) { setStatus("Type an origin and a destination."); return; }
    setStatus("routing…");
    const q = new URLSearchParams(day);
    q.set("origin", f.o); q.set("destination", f.d); q.set("by", f.by);
    q.set("alternatives", f.k || "1");
    if (f.modes) q.set("modes", f.modes);
    if (f.planned) q.set("include_planned", "true");
    if (f.seg) q.set("segment", f.seg);
    const { body, headers } = await getJSON(`/api/route?${q}`, signal);
    state.routes = body.routes || [body];
    state.guessed = headers.get("X-Corridor-Guessed") ? JSON.parse(headers.get("X-Corridor-Guessed")).join("; ") : "";
    if (state.selected >= state.routes.length) state.selected = 0;
    drawRoutes(); renderRoute(); fitRoutes();
    const r = state.routes[state.selected];
    setStatus(`${state.routes.length} route(s); best ${fmt(r.totals.time_days, 1)} days, $${fmt(r.totals.cost_usd)} per ${r.unit.toUpperCase()}`);
    const cq = new URLSearchParams(day);
    cq.set("origin", f.o); cq.set("destination", f.d);
    if (f.planned) cq.set("include_planned", "true");
    getJSON(`/api/compare?${cq}`, signal).then(({ body }) => { state.compare = body; renderCompare(); }).catch(ignoreAbort);
  } catch (e) {
    if (e.name === "AbortError") return;
    state.routes = []; drawRoutes(); renderRoute();
    setStatus(e.message, true);
  }
}
function ignoreAbort(e) { if (e.name !== "AbortError") setStatus(e.message, true); }
function sideLoads(f, day, signal) {
  state.diff = null; renderDiff();
  if (f.scenario) {
    const q = new URLSearchParams({ top: "40" });
    if (f.date) q.set("date", f.date);
    getJSON(`/api/scenarios/${encodeURIComponent(f.scenario)}/diff?${q}`, signal)
      .then(({ body }) => { state.diff = body; renderDiff(); }).catch(ignoreAbort);
  }
  state.flows = null; state.critical = null; renderLayers();
  if (f.flows) {
    const q = new URLSearchParams(day); q.set("top", "200");
    getJSON(`/api/flows?${q}`, signal).then(({ body }) => { state.flows = body; renderLayers(); }).catch(ignoreAbort);
  }
  state.hubs = null;
  if (f.hubs) {
    const q = new URLSearchParams(day);
    getJSON(`/api/hubs?${q}`, signal).then(({ body }) => { state.hubs = body; renderLayers(); }).catch(ignoreAbort);
  }
  state.appraisal = null; state.trade = null;
  $("appraise").disabled = !f.scenario;
  if (f.scenario && f.appraise) {
    const q = new URLSearchParams({ draws: "500" });
    if (f.date) q.set("date", f.date);
    getJSON(`/api/scenarios/${encodeURIComponent(f.scenario)}/appraise?${q}`, signal)
      .then(({ body }) => { state.appraisal = body; renderDiff(); }).catch(ignoreAbort);
    const t = new URLSearchParams({ scenario: f.scenario });
    if (f.date) t.set("date", f.date);
    getJSON(`/api/trade?${t}`, signal).then(({ body }) => { state.trade = body; renderDiff(); }).catch(ignoreAbort);
  }
  if (f.critical) {
    const q = new URLSearchParams(day); q.set("top", "30");
    getJSON(`/api/critical?${q}`, signal).then(({ body }) => { state.critical = body; renderLayers(); }).catch(ignoreAbort);
  }
}

// ---------- export ----------
function download(name, type, text) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.appendChild(a); a.click(); a.remove();
}
function exportGeoJSON() {
  const features = [];
  state.routes.forEach((r, i) => {
    for (const [mode, coords, id, leg] of routeLinks(r)) {
      features.push({ type: "Feature", geometry: { type: "LineString", coordinates: coords },
        properties: { route: i + 1, origin: r.origin, destination: r.destination, objective: r.objective, link: id, mode, leg_from: leg.from, leg_to: leg.to } });
    }
    for (const leg of r.legs) {
      if (leg.kind === "move" || !state.placeAt[leg.from]) continue;
      features.push({ type: "Feature", geometry: { type: "Point", coordinates: state.placeAt[leg.from].coordinates },
        properties: { route: i + 1, kind: leg.kind, place: leg.from, time_h: leg.time_h, cost_usd: leg.cost_usd, detail: leg.detail } });
    }
  });
  download("corridor-routes.geojson", "application/geo+json", JSON.stringify({ type: "FeatureCollection", features }, null, 1));
}
function exportCSV() {
  const head = ["route", "leg", "kind", "mode", "from", "to", "distance_km", "time_h", "cost_usd", "co2_kg", "crossing"];
  const lines = [head.join(",")];
  const q = (v) => (v === null || v === undefined ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  state.routes.forEach((r, i) => r.legs.forEach((l, k) => lines.push([i + 1, k + 1, l.kind, l.mode, l.from, l.to, l.distance_km, l.time_h, l.cost_usd, l.co2_kg, l.crossing].map(q).join(","))));
  download("corridor-routes.csv", "text/csv", lines.join("\n") + "\n");
}

// ---------- start ----------
async function start() {
  wireMap(); wireTabs();
  const [info, places, outlines] = await Promise.all([
    getJSON("/api/info"), getJSON("/api/places?q="), getJSON("/api/outlines.geojson"),
  ]);
  state.info = info.body;
  $("asof").textContent = `network as of ${state.info.network_as_of}`;
  $("date-note").textContent = `default: ${state.info.network_as_of} (as of)`;
  for (const s of state.info.scenarios) $("scenario").appendChild(el("option", { value: s }, s.replace(/_/g, " ")));
  const list = $("placelist");
  for (const p of places.body) list.appendChild(el("option", { value: p.name.replace(/\s*\(.*\)$/, "") }, `${p.id}, ${p.country}`));
  drawCountries(outlines.body);
  setView({ x: -12 * KX, y: -62, w: 120 * KX, h: 42 });
  applyURL();
  await loadNetwork(readForm());
  const pts = Object.values(state.placeAt).map((p) => project(p.coordinates));
  fit(pts);
  state.home = { ...state.view };
  drawLegend();
  $("ask").addEventListener("submit", (e) => { e.preventDefault(); state.selected = 0; run(); });
  $("appraise").onclick = () => { state.appraiseOn = true; showTab("diff"); run(); };
  for (const id of ["by", "segment", "date", "scenario", "planned", "layer-flows", "layer-critical", "layer-hubs", "alternatives"]) {
    $(id).addEventListener("change", () => { state.selected = 0; run(); });
  }
  for (const i of document.querySelectorAll("#modes input")) i.addEventListener("change", () => run());
  $("export-geojson").onclick = exportGeoJSON;
  $("export-csv").onclick = exportCSV;
  renderDiff(); renderLayers();
  await run();
  document.body.dataset.ready = "1";
}
start().catch((e) => setStatus(e.message, true));
