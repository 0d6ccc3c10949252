"""Throwaway consistency check of the default network tables (pandas + networkx).

    .venv/bin/python tools/check_default_network.py [folder]

Independent of the package's own validator. Prints errors, warnings and
connectivity of the required routes (existing-only vs with planned links).
"""

from __future__ import annotations

import math
import re
import sys
from itertools import combinations, pairwise
from pathlib import Path

import networkx as nx
import pandas as pd

FOLDER = (
    Path(sys.argv[1])
    if len(sys.argv) > 1
    else Path(__file__).resolve().parents[1] / "src/corridor/data/network"
)
SLUG = re.compile(r"^[a-z0-9_]+$")
MODES = {"rail", "road", "sea", "ferry"}
KINDS = {"city", "terminal", "seaport", "dry_port", "ferry_port", "border_crossing"}
errors: list[str] = []
warnings: list[str] = []


def err(m):
    errors.append(m)


def warn(m):
    warnings.append(m)


def read(name):
    return pd.read_csv(FOLDER / name, dtype=str, keep_default_na=False)


def gc(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


nodes, links, crossings = read("nodes.csv"), read("links.csv"), read("crossings.csv")
transfers, params, corridors = read("transfers.csv"), read("parameters.csv"), read("corridors.csv")

# ---- nodes
for col in ("id", "name", "country", "lat", "lon", "kind", "source"):
    for i, v in nodes[col].items():
        if not v.strip():
            err(f"nodes row {i}: empty {col}")
if nodes.id.duplicated().any():
    err(f"duplicate node ids: {list(nodes.id[nodes.id.duplicated()])}")
for _, r in nodes.iterrows():
    if not SLUG.match(r.id):
        err(f"node id not a slug: {r.id}")
    if not re.match(r"^[A-Z]{2}$", r.country):
        err(f"node {r.id}: country {r.country}")
    if not (-90 <= float(r.lat) <= 90 and -180 <= float(r.lon) <= 180):
        err(f"node {r.id}: lat/lon out of range")
    if r.kind not in KINDS:
        err(f"node {r.id}: kind {r.kind}")
pos = {r.id: (float(r.lat), float(r.lon)) for _, r in nodes.iterrows()}
cc = {r.id: r.country for _, r in nodes.iterrows()}

# ---- links
if links.id.duplicated().any():
    err(f"duplicate link ids: {list(links.id[links.id.duplicated()])}")
border_links = []
for _, r in links.iterrows():
    for col in ("id", "from", "to", "mode", "length_km", "length_basis", "status", "source"):
        if not r[col].strip():
            err(f"link {r.id}: empty {col}")
    if not SLUG.match(r.id):
        err(f"link id not slug {r.id}")
    for end in (r["from"], r["to"]):
        if end not in pos:
            err(f"link {r.id}: unknown node {end}")
    if r["mode"] not in MODES:
        err(f"link {r.id}: mode {r['mode']}")
    if r["mode"] == "rail":
        gs = r.gauge_mm.split("|")
        if not r.gauge_mm or any(g not in {"1520", "1435", "1676", "1000"} for g in gs):
            err(f"link {r.id}: gauge {r.gauge_mm!r}")
    elif r.gauge_mm:
        err(f"link {r.id}: gauge on non-rail")
    L = float(r.length_km)
    if L <= 0:
        err(f"link {r.id}: length {L}")
    if r.length_basis not in {"source", "published", "derived", "estimate"}:
        err(f"link {r.id}: basis {r.length_basis}")
    if r.status not in {"existing", "under_construction", "planned"}:
        err(f"link {r.id}: status {r.status}")
    if r.oneway not in {"", "true", "false"}:
        err(f"link {r.id}: oneway {r.oneway}")
    for col in ("speed_kmh", "capacity_teu_day"):
        if r[col] and float(r[col]) <= 0:
            err(f"link {r.id}: {col}")
    if r["from"] in pos and r["to"] in pos:
        g = gc(pos[r["from"]], pos[r["to"]])
        if L < g - 0.5:
            err(f"link {r.id}: length {L} < great-circle {g:.1f}")
        if cc[r["from"]] != cc[r["to"]]:
            border_links.append(r)

# ---- crossings
key = crossings.id + "|" + (crossings["direction"] if "direction" in crossings else "")
if key.duplicated().any():
    err("duplicate crossing ids")
adj_countries = {}
for _, r in links.iterrows():
    adj_countries.setdefault(r["from"], set()).add(cc.get(r["to"]))
    adj_countries.setdefault(r["to"], set()).add(cc.get(r["from"]))
for _, r in crossings.iterrows():
    pair = r.countries.split("|")
    if len(pair) != 2 or any(not re.match(r"^[A-Z]{2}$", c) for c in pair):
        err(f"crossing {r.id}: countries {r.countries}")
    if r.node not in pos:
        err(f"crossing {r.id}: unknown node")
        continue
    if cc[r.node] not in pair:
        err(f"crossing {r.id}: node country {cc[r.node]} not in {pair}")
    other = [c for c in pair if c != cc[r.node]]
    if other and other[0] not in adj_countries.get(r.node, set()):
        err(f"crossing {r.id}: node has no link to {other[0]}")
    for m in r.modes.split("|"):
        if m not in MODES:
            err(f"crossing {r.id}: mode {m}")
    med, p90 = float(r.dwell_median_h), float(r.dwell_p90_h)
    if med < 0 or p90 < med or float(r.fee_usd_teu) < 0:
        err(f"crossing {r.id}: dwell/fee")
    if not r.source.strip():
        err(f"crossing {r.id}: source")
for r in border_links:
    pair = {cc[r["from"]], cc[r["to"]]}
    ok = crossings[(crossings.node.isin([r["from"], r["to"]]))]
    ok = [
        c
        for _, c in ok.iterrows()
        if set(c.countries.split("|")) == pair and r["mode"] in c.modes.split("|")
    ]
    if not ok:
        err(f"border link {r.id} ({'|'.join(sorted(pair))}, {r['mode']}) has no crossing")

# ---- transfers
for _, r in transfers.iterrows():
    if r.node != "*" and r.node not in pos:
        err(f"transfer at unknown node {r.node}")
    for e in (r["from"], r["to"]):
        m = e.split(":")[0]
        if m not in MODES:
            err(f"transfer endpoint {e}")
    if float(r.time_p90_h) < float(r.time_median_h):
        err(f"transfer {r.node} {r['from']}-{r['to']}: p90 < median")
    if not r.source.strip():
        err("transfer without source")
pairs_at = {}  # node or "*" -> transfer pairs
for _, r in transfers.iterrows():
    pairs_at.setdefault(r.node, set()).add(frozenset((r["from"], r["to"])))


def has_row(n, a, b):
    return any(frozenset((a, b)) in pairs_at.get(k, ()) for k in (n, "*"))


def mode_row(n, a, b):
    """A node row between modes a and b, whatever gauge it names."""
    pairs = pairs_at.get(n, set()) | pairs_at.get("*", set())
    return any({x.split(":")[0] for x in p} == {a, b} for p in pairs)


gauges_at = {}
modes_at = {}
for _, r in links.iterrows():
    for end in (r["from"], r["to"]):
        modes_at.setdefault(end, set()).add(r["mode"])
        if r["mode"] == "rail":
            gauges_at.setdefault(end, set()).update(r.gauge_mm.split("|"))
for n, gs in gauges_at.items():
    for a, b in combinations(sorted(gs), 2):
        if not has_row(n, f"rail:{a}", f"rail:{b}"):
            err(f"node {n}: gauges {a}/{b} meet but no gauge-change transfer row")
no_terminal = []
for n, ms in modes_at.items():
    for a, b in combinations(sorted(ms), 2):
        if not has_row(n, a, b):
            no_terminal.append(f"{n} ({a}/{b})")
if no_terminal:
    print(
        f"modes meet without a terminal, so no transfer (by design): {', '.join(sorted(no_terminal))}"
    )

# ---- parameters
names = {
    "speed_kmh",
    "tariff_usd_teu_km",
    "co2e_g_tkm",
    "co2e_g_tkm_electric",
    "co2e_g_tkm_diesel",
    "payload_t_teu",
    "value_of_time_usd_teu_h",
    "carbon_price_usd_t",
}
for _, r in params.iterrows():
    if r["name"] not in names:
        err(f"param name {r['name']}")
    if not r.source.strip():
        err("param without source")
    float(r.value)
used = set(links["mode"])
for m in used:
    for nm in ("speed_kmh", "tariff_usd_teu_km", "co2e_g_tkm"):
        if not ((params["mode"] == m) & (params.country == "*") & (params["name"] == nm)).any():
            err(f"missing parameter ({m}, *, {nm})")
for nm in ("payload_t_teu", "value_of_time_usd_teu_h", "carbon_price_usd_t"):
    if not ((params["mode"] == "*") & (params.country == "*") & (params["name"] == nm)).any():
        err(f"missing parameter (*, *, {nm})")
if params.duplicated(["mode", "country", "name"]).any():
    err("duplicate parameter rows")

# ---- empty sources anywhere
for name, df in (("nodes", nodes), ("links", links)):
    if (df.source.str.strip() == "").any():
        err(f"{name}: empty source")


# ---- connectivity (gauge-aware state graph: (node, mode, gauge))
def state_graph(include_planned: bool, modes: set[str] | None = None) -> nx.Graph:
    G = nx.Graph()
    for _, r in links.iterrows():
        if not include_planned and r.status != "existing":
            continue
        if modes and r["mode"] not in modes:
            continue
        gs = r.gauge_mm.split("|") if r["mode"] == "rail" else [""]
        for g in gs:
            G.add_edge(
                (r["from"], r["mode"], g), (r["to"], r["mode"], g), km=float(r.length_km), id=r.id
            )
    # transfers at nodes
    by_node = {}
    for s in list(G.nodes):
        by_node.setdefault(s[0], []).append(s)
    for n, states in by_node.items():
        for a, b in combinations(states, 2):
            ka = f"{a[1]}:{a[2]}" if a[2] else a[1]
            kb = f"{b[1]}:{b[2]}" if b[2] else b[1]
            if a[1] == b[1] == "rail" or has_row(n, a[1], b[1]) or mode_row(n, a[1], b[1]):
                G.add_edge(a, b, km=0.0, id=f"transfer {n} {ka}-{kb}")
    for n in by_node:
        for s in by_node[n]:
            G.add_edge(("@", n), s, km=0.0, id="")
    return G


def route(G, waypoints):
    total, path_ids = 0.0, []
    for a, b in pairwise(waypoints):
        try:
            p = nx.shortest_path(G, ("@", a), ("@", b), weight="km")
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None, None
        for u, v in pairwise(p):
            total += G[u][v]["km"]
            if G[u][v]["id"]:
                path_ids.append(G[u][v]["id"])
    return total, path_ids


print(f"checked {FOLDER}")
print(
    f"nodes {len(nodes)}, links {len(links)}, crossings {len(crossings)}, transfers {len(transfers)}, params {len(params)}, corridors {len(corridors)}"
)
print("links by status x mode:\n", pd.crosstab(links.status, links["mode"], margins=True))
print("links by basis:\n", links.length_basis.value_counts().to_string())

G_ex, G_all = state_graph(False), state_graph(True)
for _, c in corridors.iterrows():
    wps = c.waypoints.split("|")
    for w in wps:
        if w not in pos:
            err(f"corridor {c.id}: unknown waypoint {w}")
    ms = set(c.modes.split("|")) if c.modes else None
    ex, _ = route(state_graph(False, ms), wps)
    al, ids = route(state_graph(True, ms), wps)
    need = c.include_planned == "true"
    print(
        f"corridor {c.id:28s} existing-only: {(f'{ex:.0f} km') if ex else 'NOT CONNECTED':>14s}   with planned: {(f'{al:.0f} km') if al else 'NOT CONNECTED':>14s}"
    )
    if al is None:
        err(f"corridor {c.id} not connected even with planned links")
    if not need and ex is None:
        err(f"corridor {c.id} (include_planned=false) needs planned links")
    if need and ex is not None:
        warn(f"corridor {c.id} include_planned=true but connected existing-only")

for label, G in (("existing", G_ex), ("with planned", G_all)):
    km, ids = route(G, ["kz_almaty", "pk_karachi"])
    print(
        f"Almaty-Karachi shortest by km ({label}): {km and round(km)} km via {len(ids or [])} steps"
    )
    if km is None:
        err(f"Almaty-Karachi not routable ({label})")
    else:
        print("   ", " > ".join(i for i in ids if not i.startswith("transfer"))[:600])
# required-route spot checks (existing only / with planned)
spot = [
    (
        "KTAP needs planned",
        ["tm_serhetabat", "af_herat", "af_kandahar", "pk_chaman"],
        {"rail"},
        True,
    ),
    (
        "Trans-Afghan Kharlachi",
        ["af_naibabad", "af_logar", "pk_kharlachi", "pk_kohat"],
        {"rail"},
        True,
    ),
    (
        "Truck Torkham",
        ["af_hairatan", "af_kabul", "pk_torkham", "pk_peshawar", "pk_karachi"],
        {"road"},
        False,
    ),
    (
        "Chaman road",
        ["af_kandahar", "af_spin_boldak", "pk_chaman", "pk_quetta", "pk_karachi"],
        {"road"},
        False,
    ),
    ("Khunjerab road", ["cn_kashgar", "pk_khunjerab", "pk_sost", "pk_islamabad"], {"road"}, False),
    ("Bandar Abbas-Karachi sea", ["ir_bandar_abbas", "pk_karachi"], {"sea"}, False),
    ("Chabahar-Karachi sea", ["ir_chabahar", "pk_karachi"], {"sea"}, False),
    ("Middle corridor", ["kz_kuryk", "az_alat", "tr_kars"], {"rail", "ferry"}, False),
    ("Northern", ["kz_dostyk", "kz_petropavl", "ru_moscow", "pl_warsaw"], {"rail"}, False),
]
for label, wps, ms, planned in spot:
    ex, _ = route(state_graph(False, ms), wps)
    al, _ = route(state_graph(True, ms), wps)
    print(f"spot {label:28s} existing {ex and round(ex)}  planned {al and round(al)}")
    if al is None or (not planned and ex is None) or (planned and ex is not None):
        err(f"spot check failed: {label}")


# ---- share of link km whose length is an estimate (cross-border links split at frontier_km,
# or at the midpoint when the table has no frontier_km column, as the v1 compiler did)
def estimate_share() -> None:
    rows = []
    for _, r in links.iterrows():
        L, a, b = float(r.length_km), cc[r["from"]], cc[r["to"]]
        f = r.get("frontier_km", "")
        fa = float(f) if f else (L / 2 if a != b else L)
        est = r.length_basis == "estimate"
        rows += [(a, r["mode"], fa, fa * est), (b, r["mode"], L - fa, (L - fa) * est)]
    t = pd.DataFrame(rows, columns=["country", "mode", "km", "estimate_km"])
    for by in ("country", "mode"):
        g = t.groupby(by)[["km", "estimate_km"]].sum()
        g = g[g.km > 0]
        g["estimate_share"] = (g.estimate_km / g.km).map("{:.0%}".format)
        print(f"share of link km that is estimate, by {by}:")
        print(g.round(0).astype({"km": int, "estimate_km": int}).to_string())
    tot = t[["km", "estimate_km"]].sum()
    print(
        f"all: {tot.km:,.0f} km, {tot.estimate_km:,.0f} estimate ({tot.estimate_km / tot.km:.0%})"
    )


estimate_share()
print(f"\n{len(warnings)} warnings")
for w in warnings:
    print("  WARN", w)
print(f"{len(errors)} errors")
for e in errors:
    print("  ERR", e)
sys.exit(1 if errors else 0)
