"""Transit and dependence: who carries whose trade, through which gateways, and what if a
transit country closes.

Every OD pair of a demand table is routed (best route by the objective, default generalised
cost); a country a route moves through that is neither the origin's nor the destination's
carries that pair's volume in transit. Per country: transit TEU and tonnes per year, the
border crossings (gateways) and links its transit uses; per trading country and transit
country: the share of the trading country's volume whose routes cross the transit country
(dependence) and the next route if that country closes (every edge in it cut): extra cost
and time per TEU, and the volume left with no route.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray
from corridor.analysis._graph_view import (
    CO2,
    COST,
    MOVE,
    TIME,
    GraphView,
    objective_cost,
    path_edges,
    shortest_tree,
    view,
)
from corridor.analysis.od import ODSet
from corridor.graph.model import EdgeKind, Graph

BORDER = int(EdgeKind.BORDER)


@dataclass(frozen=True, slots=True)
class _Paths:
    """Best route of every pair: its edges, cost and time (NaN: no route)."""

    edges: list[IntArray]
    cost_usd: FloatArray
    time_h: FloatArray
    co2_kg: FloatArray


def _route_all(v: GraphView, cost: FloatArray, od: ODSet, pairs: IntArray) -> _Paths:
    n = od.n_pairs
    edges: list[IntArray] = [np.empty(0, np.int64)] * n
    usd = np.full(n, np.nan)
    hours = np.full(n, np.nan)
    co2 = np.full(n, np.nan)
    scratch = np.empty(v.n_vertices, dtype=np.int64)
    wanted = np.zeros(n, dtype=bool)
    wanted[pairs] = True
    for o in np.unique(od.orig[pairs]).tolist():
        dist, pred = shortest_tree(v, cost, o)
        for p in np.flatnonzero((od.orig == o) & wanted).tolist():
            target = int(v.arr_vertex[od.dest[p]])
            if not np.isfinite(dist[target]):
                continue
            e = path_edges(v, pred, target, scratch).copy()
            edges[p] = e
            usd[p] = float(v.criteria[e, COST].sum())
            hours[p] = float(v.criteria[e, TIME].sum())
            co2[p] = float(v.criteria[e, CO2].sum())
    return _Paths(edges, usd, hours, co2)


def _transit_countries(v: GraphView, e: IntArray, ends: tuple[int, int]) -> list[int]:
    moves = e[v.edge_kind[e] == MOVE]
    seen = dict.fromkeys(v.edge_country[moves].tolist())
    return [c for c in seen if c not in ends]


@dataclass(frozen=True, slots=True)
class HubTables:
    """Transit, gateways, links and dependence of one network."""

    transit: pd.DataFrame
    """country, transit_teu_year, transit_t_year, pairs."""
    gateways: pd.DataFrame
    """country, crossing, name, transit_teu_year: crossings transit traffic uses on entering
    or leaving the country."""
    links: pd.DataFrame
    """country, link, transit_teu_year, lon0, lat0, lon1, lat1: links in the country
    carrying transit (with their end points for the map layer)."""
    dependence: pd.DataFrame
    """country, via, trade_teu_year, via_teu_year, share, fallback_extra_usd_teu,
    fallback_extra_h, no_route_teu_year."""
    trade: dict[str, float]
    """Each country's routed trade volume (TEU per year, both directions)."""


def hub_tables(
    graph: Graph,
    od: ODSet,
    *,
    by: str = "generalised",
    payload_t_teu: float = 10.0,
    vot: float | None = None,
) -> HubTables:
    """Transit and dependence of ``od``'s volume (weights = TEU per year) on ``graph``.

    Examples
    --------
    >>> import corridor
    >>> from corridor.analysis.od import od_set
    >>> from corridor.paths import place_index
    >>> g = corridor.compile(corridor.load(corridor.data.path("examples/tiny")))
    >>> od = od_set(g.labels.node_ids, lambda p: place_index(g, p), pairs="a:f")
    >>> hub_tables(g, od).transit["country"].tolist()  # a (AA) -> f (CC) crosses BB
    ['BB']
    """
    v = view(graph)
    cost = objective_cost(graph, by, value_of_time_usd_teu_h=vot)
    everything = np.arange(od.n_pairs)
    base = _route_all(v, cost, od, everything)
    ends = [
        (int(v.node_country[a]), int(v.node_country[b]))
        for a, b in zip(od.orig, od.dest, strict=True)
    ]
    crossings = [
        _transit_countries(v, e, ends[p]) if e.size else [] for p, e in enumerate(base.edges)
    ]
    transit, gateways, links = _transit_flows(v, od, base, crossings, ends)
    transit["transit_t_year"] = transit["transit_teu_year"] * payload_t_teu
    dep, trade = _dependence(v, cost, od, base, crossings, ends)
    return HubTables(transit, gateways, links, dep, {v.countries[c]: t for c, t in trade.items()})


def _transit_flows(
    v: GraphView, od: ODSet, base: _Paths, via: list[list[int]], ends: list[tuple[int, int]]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teu: dict[int, float] = defaultdict(float)
    pairs: dict[int, int] = defaultdict(int)
    gate: dict[tuple[int, int], float] = defaultdict(float)
    link: dict[tuple[int, int], float] = defaultdict(float)
    for p, countries in enumerate(via):
        if not countries:
            continue
        w = float(od.weight[p])
        e = base.edges[p]
        ec = v.edge_country[e]
        for c in countries:
            teu[c] += w
            pairs[c] += 1
            for lk in set(v.edge_link[e[(ec == c) & (v.edge_kind[e] == MOVE)]].tolist()):
                if lk >= 0:
                    link[(c, lk)] += w
        for k in np.flatnonzero(v.edge_kind[e] == BORDER).tolist():
            x = int(v.edge_crossing[e[k]])
            near = {int(ec[max(k - 1, 0)]), int(ec[min(k + 1, len(e) - 1)]), int(ec[k])}
            for c in near & set(countries):
                gate[(c, x)] += w
    transit = pd.DataFrame(
        {
            "country": [v.countries[c] for c in teu],
            "transit_teu_year": list(teu.values()),
            "pairs": [pairs[c] for c in teu],
        }
    )
    transit = transit.sort_values("transit_teu_year", ascending=False, kind="stable")
    gateways = (
        pd.DataFrame(
            [
                (v.countries[c], v.crossing_ids[x], v.crossing_names[x], w)
                for (c, x), w in gate.items()
                if x >= 0
            ],
            columns=["country", "crossing", "name", "transit_teu_year"],
        )
        .groupby(["country", "crossing", "name"], as_index=False, sort=False)["transit_teu_year"]
        .sum()  # a crossing with a row per direction counts once
    )
    gateways = gateways[gateways["transit_teu_year"] > 0].sort_values(
        ["country", "transit_teu_year"], ascending=[True, False], kind="stable"
    )
    links = pd.DataFrame(
        [
            (
                v.countries[c],
                v.link_ids[lk],
                w,
                float(v.node_lon[v.link_from[lk]]),
                float(v.node_lat[v.link_from[lk]]),
                float(v.node_lon[v.link_to[lk]]),
                float(v.node_lat[v.link_to[lk]]),
            )
            for (c, lk), w in link.items()
        ],
        columns=["country", "link", "transit_teu_year", "lon0", "lat0", "lon1", "lat1"],
    ).sort_values(["country", "transit_teu_year"], ascending=[True, False], kind="stable")
    return (
        transit.reset_index(drop=True),
        gateways.reset_index(drop=True),
        links.reset_index(drop=True),
    )


def _dependence(
    v: GraphView,
    cost: FloatArray,
    od: ODSet,
    base: _Paths,
    via: list[list[int]],
    ends: list[tuple[int, int]],
) -> tuple[pd.DataFrame, dict[int, float]]:
    trade: dict[int, float] = defaultdict(float)
    for p, (a, b) in enumerate(ends):
        if base.edges[p].size:
            trade[a] += float(od.weight[p])
            if b != a:
                trade[b] += float(od.weight[p])
    rows = []
    for k in sorted({c for cs in via for c in cs}):
        hit = np.array([p for p, cs in enumerate(via) if k in cs], dtype=np.int64)
        cut = cost.copy()
        cut[v.edge_country == k] = np.inf
        alt = _route_all(v, cut, od, hit)
        per: dict[int, list[int]] = defaultdict(list)
        for p in hit.tolist():
            for c in set(ends[p]):
                per[c].append(p)
        for c, ps in per.items():
            idx = np.array(ps, dtype=np.int64)
            w = od.weight[idx]
            if not w.sum() > 0:
                continue
            ok = np.isfinite(alt.cost_usd[idx])
            wk = w[ok]
            rows.append(
                {
                    "country": v.countries[c],
                    "via": v.countries[k],
                    "trade_teu_year": trade[c],
                    "via_teu_year": float(w.sum()),
                    "share": float(w.sum()) / trade[c] if trade[c] > 0 else 0.0,
                    "fallback_extra_usd_teu": _wmean(
                        alt.cost_usd[idx][ok] - base.cost_usd[idx][ok], wk
                    ),
                    "fallback_extra_h": _wmean(alt.time_h[idx][ok] - base.time_h[idx][ok], wk),
                    "no_route_teu_year": float(w[~ok].sum()),
                }
            )
    cols = [
        "country",
        "via",
        "trade_teu_year",
        "via_teu_year",
        "share",
        "fallback_extra_usd_teu",
        "fallback_extra_h",
        "no_route_teu_year",
    ]
    frame = pd.DataFrame(rows, columns=cols)
    frame = frame.sort_values(["country", "share"], ascending=[True, False], kind="stable")
    return frame.reset_index(drop=True), dict(trade)


def _wmean(x: FloatArray, w: FloatArray) -> float:
    return float(np.dot(x, w) / w.sum()) if w.size and w.sum() > 0 else float("nan")


@dataclass(frozen=True, slots=True)
class Hubs:
    """Transit and dependence on a base network and (optionally) under a scenario."""

    scenario: str | None
    date: str | None
    network_as_of: str | None
    segment: str
    demand_label: str
    payload_t_teu: float
    base: HubTables
    after: HubTables | None

    def transit_change(self) -> pd.DataFrame:
        """Per country: transit TEU and tonnes per year in the base and under the scenario."""
        b = self.base.transit.set_index("country")
        out = pd.DataFrame({"transit_teu_year_base": b["transit_teu_year"]})
        if self.after is not None:
            a = self.after.transit.set_index("country")
            out = out.join(a["transit_teu_year"].rename("transit_teu_year_after"), how="outer")
            out = out.fillna(0.0)
            out["delta_teu_year"] = out["transit_teu_year_after"] - out["transit_teu_year_base"]
        out = out.fillna(0.0)
        for c in list(out.columns):
            if c.startswith("transit_teu"):
                out[c.replace("teu", "t")] = out[c] * self.payload_t_teu
        key = "transit_teu_year_after" if self.after is not None else "transit_teu_year_base"
        return out.sort_values(key, ascending=False, kind="stable").reset_index()

    def country(self, code: str) -> dict[str, float]:
        """Transit TEU and tonnes per year of one country, base and after."""
        row = self.transit_change().set_index("country")
        if code not in row.index:
            return {"transit_teu_year_base": 0.0, "transit_t_year_base": 0.0}
        values: dict[Any, Any] = row.loc[code].astype(float).to_dict()
        return {str(k): float(v) for k, v in values.items()}

    def to_dict(self, top_links: int = 5) -> dict[str, Any]:
        """The stable JSON form (``corridor hubs --json``)."""

        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return [{str(k): _plain(x) for k, x in r.items()} for r in frame.to_dict("records")]

        def tables(t: HubTables) -> dict[str, Any]:
            return {
                "transit": records(t.transit),
                "gateways": records(t.gateways),
                "links": records(
                    t.links.groupby("country", sort=True)
                    .head(top_links)
                    .drop(columns=["lon0", "lat0", "lon1", "lat1"])
                ),
                "dependence": records(t.dependence),
            }

        return {
            "scenario": self.scenario,
            "date": self.date,
            "network_as_of": self.network_as_of,
            "segment": self.segment,
            "demand": self.demand_label,
            "payload_t_teu": self.payload_t_teu,
            "kazakhstan": self.country("KZ"),
            "transit_change": records(self.transit_change()),
            "base": tables(self.base),
            "after": None if self.after is None else tables(self.after),
        }

    def to_geojson(self) -> dict[str, Any]:
        """Map layer: one LineString per (transit country, link) with its transit TEU per
        year (under the scenario when there is one), WGS84 lon/lat."""
        t = self.after if self.after is not None else self.base
        feats = [
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[r["lon0"], r["lat0"]], [r["lon1"], r["lat1"]]],
                },
                "properties": {
                    "country": r["country"],
                    "link": r["link"],
                    "transit_teu_year": round(float(r["transit_teu_year"]), 1),
                    "transit_t_year": round(float(r["transit_teu_year"]) * self.payload_t_teu, 1),
                },
            }
            for r in t.links.to_dict("records")
        ]
        return {
            "type": "FeatureCollection",
            "name": f"transit {self.scenario or 'base'} {self.date or ''}".strip(),
            "features": feats,
        }


def _plain(x: object) -> object:
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        f = float(x)
        return round(f, 4) + 0.0 if np.isfinite(f) else None
    return x


@dataclass(frozen=True, slots=True)
class HubsRequest:
    """Which network, day, scenario and demand ``hubs`` runs on."""

    scenario: str | None = None
    network: str | None = None
    date: str | None = None
    by: str = "generalised"
    demand: str | None = None
    segment: str = "all"


def hubs(req: HubsRequest) -> Hubs:
    """Transit and dependence on the network of the day, and under ``req.scenario``.

    ``req.segment``: a carried segment of the demand model, or ``all`` (every carried
    segment, each routed at its own value of time, volumes summed in TEU slots and tonnes).

    Raises
    ------
    InputError
        For a segment the demand model does not have.
    """
    from corridor.analysis._segments import carried_slots
    from corridor.analysis.od import DEFAULT_DEMAND, od_set
    from corridor.data import path as data_path
    from corridor.day import load
    from corridor.errors import InputError
    from corridor.graph.compiler import compile as compile_graph
    from corridor.paths import place_index
    from corridor.scenarios import load_scenario

    slots = carried_slots()
    if req.segment != "all" and req.segment not in slots:
        msg = f"unknown segment {req.segment!r}; choose from {['all', *slots]}"
        raise InputError(msg)
    chosen = slots if req.segment == "all" else {req.segment: slots[req.segment]}
    sc = load_scenario(req.scenario) if req.scenario is not None else None
    folder = req.network if req.network is not None else (sc.network if sc else None)
    plain = load(folder, date=req.date)
    g0 = compile_graph(plain)
    g1 = compile_graph(load(folder, date=req.date, scenario=sc)) if sc is not None else None
    path = req.demand or data_path(DEFAULT_DEMAND)
    base, after = [], []
    label = ""
    for seg, slot in chosen.items():
        od = od_set(g0.labels.node_ids, lambda p: place_index(g0, p), demand=path, segment=seg)
        label = od.label
        vot = slot.vot_usd_teu_h
        base.append(hub_tables(g0, od, by=req.by, payload_t_teu=slot.t_per_slot, vot=vot))
        if g1 is not None:
            after.append(hub_tables(g1, od, by=req.by, payload_t_teu=slot.t_per_slot, vot=vot))
    ctx = plain.context
    return Hubs(
        scenario=None if sc is None else sc.id,
        date=ctx.date,
        network_as_of=ctx.as_of,
        segment=req.segment,
        demand_label=label,
        payload_t_teu=_tonnes_per_teu(base),
        base=_combine(base),
        after=_combine(after) if after else None,
    )


def _tonnes_per_teu(tables: list[HubTables]) -> float:
    teu = sum(float(t.transit["transit_teu_year"].sum()) for t in tables)
    tonnes = sum(float(t.transit["transit_t_year"].sum()) for t in tables)
    return tonnes / teu if teu > 0 else 10.0


def _combine(tables: list[HubTables]) -> HubTables:
    """Segments' tables summed (dependence shares and fallbacks re-weighted)."""
    if len(tables) == 1:
        return tables[0]
    transit = (
        pd.concat([t.transit for t in tables])
        .groupby("country", as_index=False)[["transit_teu_year", "transit_t_year", "pairs"]]
        .sum()
        .sort_values("transit_teu_year", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    gateways = (
        pd.concat([t.gateways for t in tables])
        .groupby(["country", "crossing", "name"], as_index=False)[["transit_teu_year"]]
        .sum()
        .sort_values(["country", "transit_teu_year"], ascending=[True, False], kind="stable")
        .reset_index(drop=True)
    )
    links = (
        pd.concat([t.links for t in tables])
        .groupby(["country", "link", "lon0", "lat0", "lon1", "lat1"], as_index=False)[
            ["transit_teu_year"]
        ]
        .sum()
        .sort_values(["country", "transit_teu_year"], ascending=[True, False], kind="stable")
        .reset_index(drop=True)
    )[["country", "link", "transit_teu_year", "lon0", "lat0", "lon1", "lat1"]]
    dep = pd.concat([t.dependence for t in tables])
    trade: dict[str, float] = defaultdict(float)
    for t in tables:
        for country, x in t.trade.items():
            trade[country] += x
    rows = []
    for (c, k), g in dep.groupby(["country", "via"], sort=True):
        w = g["via_teu_year"] - g["no_route_teu_year"]
        rows.append(
            {
                "country": c,
                "via": k,
                "trade_teu_year": trade[str(c)],
                "via_teu_year": float(g["via_teu_year"].sum()),
                "share": float(g["via_teu_year"].sum()) / trade[str(c)],
                "fallback_extra_usd_teu": _wmean(
                    g["fallback_extra_usd_teu"].fillna(0).to_numpy(), w.to_numpy()
                ),
                "fallback_extra_h": _wmean(
                    g["fallback_extra_h"].fillna(0).to_numpy(), w.to_numpy()
                ),
                "no_route_teu_year": float(g["no_route_teu_year"].sum()),
            }
        )
    frame = pd.DataFrame(rows, columns=list(tables[0].dependence.columns))
    frame = frame.sort_values(["country", "share"], ascending=[True, False], kind="stable")
    return HubTables(transit, gateways, links, frame.reset_index(drop=True), dict(trade))
