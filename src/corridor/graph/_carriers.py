"""Carrier layers: the road part of the graph once per carrier country (rights.csv).

Trucks registered in one country may not drive everywhere (rights.csv: transit, deliver,
a border zone, or none). :func:`carrier_layers` copies every edge that touches a road
vertex once per carrier country, keeping a copy only where that carrier's trucks may be
(both road ends present in the carrier's rights) and, at a border, only where they may
leave the country they are in towards the next one (a ``deliver`` or ``zone`` right lets a
truck leave towards home only). Where transfers.csv has a ``road -> road`` row, cargo may
change trucks between carriers: a transload edge with that row's time and cost.

The original road edges stay as the ``any`` layer (no rights: the unconstrained answer).
``EdgeTable.carrier`` says which layer an edge belongs to: -1 for edges that touch no road
vertex (shared by every layer), ``len(countries)`` for the ``any`` layer, else the index
of the carrier country. :func:`corridor.paths.usable_edges` keeps one of them per query
(``RouteOptions.carrier``): the trip's first truck is the origin's country by default.
A network without rights rows gets no layers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor._types import BoolArray, IntArray
from corridor.graph.model import Criterion, EdgeKind, VertexKind
from corridor.network._rights import right_of, rights_in_force
from corridor.network.model import Network
from corridor.vocab import MODES, Mode

_ROAD = MODES.index(Mode.ROAD)
_Cols = dict[str, np.ndarray]


@dataclass(frozen=True, slots=True)
class Layers:
    """What the carrier layers add: edge columns, and the place, mode, gauge, kind and
    carrier of each new vertex (numbered on from the graph's last vertex)."""

    cols: _Cols
    vertex_node: IntArray
    vertex_kind: IntArray
    vertex_carrier: IntArray


def _presence(
    network: Network, countries: tuple[str, ...], road_node: IntArray, node_country: IntArray
) -> tuple[BoolArray, BoolArray]:
    """``present[c, r]``: carrier c's trucks may be at road vertex r; ``leave[c, a, b]``:
    they may go from country a into country b."""
    day = network.date or network.as_of
    rights = rights_in_force(network.rights, day)
    nidx = {n: i for i, n in enumerate(network.nodes["id"].tolist())}
    n_c = len(countries)
    present = np.zeros((n_c, road_node.shape[0]), dtype=bool)
    leave = np.zeros((n_c, n_c, n_c), dtype=bool)
    where = node_country[road_node]
    for c, carrier in enumerate(countries):
        for y, country in enumerate(countries):
            right, zone = right_of(rights, carrier, country)
            in_y = where == y
            if right in ("transit", "deliver"):
                present[c] |= in_y
            elif right == "zone":
                places = np.array([nidx[p] for p in zone if p in nidx], dtype=np.int64)
                present[c] |= in_y & np.isin(road_node, places)
            leave[c, y, :] = right == "transit"
        leave[c, :, c] = True  # towards home
    return present, leave


def carrier_layers(
    network: Network,
    countries: tuple[str, ...],
    node_country: IntArray,
    cols: _Cols,
    vertex_node: IntArray,
    vertex_mode: IntArray,
    vertex_kind: IntArray,
    per_unit: float,
) -> Layers:
    """The carrier layers of a compiled graph's edge columns ``cols`` (see module doc).

    ``cols`` gets its ``carrier`` column set (-1 / the ``any`` layer) in place.
    """
    n_c = len(countries)
    n_v = vertex_node.shape[0]
    tail, head = cols["tail"], cols["head"]
    road = vertex_mode == _ROAD
    touch = road[tail] | road[head]
    cols["carrier"] = np.where(touch, n_c, -1).astype(np.int64)
    if network.rights.empty:
        return Layers({k: v[:0] for k, v in cols.items()}, *(np.zeros(0, np.int64),) * 3)
    road_v = np.flatnonzero(road)
    ridx = np.full(n_v, -1, dtype=np.int64)
    ridx[road_v] = np.arange(road_v.shape[0])
    present, leave = _presence(network, countries, vertex_node[road_v], node_country)
    newid = np.full(present.shape, -1, dtype=np.int64)
    newid[present] = n_v + np.arange(int(present.sum()))
    vcountry = node_country[vertex_node]
    sel_edges = np.flatnonzero(touch)
    t, h = tail[sel_edges], head[sel_edges]
    tr, hr = road[t], road[h]
    ct, ch = vcountry[t], vcountry[h]
    out: list[_Cols] = []
    for c in range(n_c):
        ok = (~tr | present[c, ridx[t]]) & (~hr | present[c, ridx[h]])
        ok &= (ct == ch) | leave[c, ct, ch]
        e = sel_edges[ok]
        copy = {k: v[e] for k, v in cols.items()}
        copy["tail"] = np.where(road[tail[e]], newid[c, ridx[tail[e]]], tail[e])
        copy["head"] = np.where(road[head[e]], newid[c, ridx[head[e]]], head[e])
        copy["carrier"] = np.full(e.shape[0], c, dtype=np.int64)
        out.append(copy)
    where = (vertex_node, vertex_kind, road, node_country)
    out.append(_transloads(network, cols, where, newid, per_unit))
    rows, cs = np.nonzero(present.T)  # new vertices in id order: by carrier, then vertex
    order = np.lexsort((rows, cs))
    return Layers(
        {k: np.concatenate([o[k] for o in out]) for k in cols},
        vertex_node=vertex_node[road_v[rows[order]]],
        vertex_kind=vertex_kind[road_v[rows[order]]],
        vertex_carrier=cs[order].astype(np.int64),
    )


def _transloads(
    network: Network,
    cols: _Cols,
    where: tuple[IntArray, IntArray, BoolArray, IntArray],
    newid: IntArray,
    per_unit: float,
) -> _Cols:
    """Transload edges between every two carriers present at a place with a road -> road
    transfers row (both ways), with that row's time, cost and capacity."""
    vertex_node, vertex_kind, road, node_country = where
    x = network.transfers
    nidx = {n: i for i, n in enumerate(network.nodes["id"].tolist())}
    is_row = ((x["from"] == Mode.ROAD.value) & (x["to"] == Mode.ROAD.value)).to_numpy()
    state = road & (vertex_kind == VertexKind.STATE)
    ridx = np.cumsum(road) - 1
    parts: list[tuple[IntArray, IntArray, IntArray, int, int]] = []
    for k in np.flatnonzero(is_row).tolist():
        place = nidx.get(str(x["node"].iat[k]), -1)
        for v in np.flatnonzero(state & (vertex_node == place)).tolist():
            carriers = np.flatnonzero(newid[:, ridx[v]] >= 0)
            a, b = np.meshgrid(carriers, carriers, indexing="ij")
            keep = a != b
            parts.append((a[keep], b[keep], newid[:, ridx[v]], k, place))
    n = sum(p[0].shape[0] for p in parts)
    out: _Cols = {k: np.zeros((n, *v.shape[1:]), dtype=v.dtype) for k, v in cols.items()}
    if n == 0:
        return out
    c_from = np.concatenate([p[0] for p in parts])
    c_to = np.concatenate([p[1] for p in parts])
    rr = np.concatenate([np.full(p[0].shape[0], p[3], dtype=np.int64) for p in parts])
    node = np.concatenate([np.full(p[0].shape[0], p[4], dtype=np.int64) for p in parts])
    ids = np.concatenate([np.repeat(p[2][None, :], p[0].shape[0], axis=0) for p in parts])
    rows = np.arange(n)
    median = x["time_median_h"].to_numpy(dtype=np.float64)[rr]
    crit = np.zeros((n, cols["criteria"].shape[1]))
    crit[:, Criterion.TIME_H] = median
    crit[:, Criterion.COST_USD] = x["cost_usd_teu"].to_numpy(dtype=np.float64)[rr] * per_unit
    crit[:, Criterion.TRANSFERS] = 1.0
    out.update(
        tail=ids[rows, c_from],
        head=ids[rows, c_to],
        kind=np.full(n, EdgeKind.TRANSFER, dtype=np.int64),
        criteria=crit,
        link=np.full(n, -1, dtype=np.int64),
        crossing=np.full(n, -1, dtype=np.int64),
        transfer=rr,
        node=node,
        country=node_country[node],
        mode=np.full(n, _ROAD, dtype=np.int64),
        dwell_median_h=median,
        dwell_p90_h=x["time_p90_h"].to_numpy(dtype=np.float64)[rr],
        capacity_teu_day=np.nan_to_num(
            x["capacity_teu_day"].to_numpy(dtype=np.float64)[rr], nan=np.inf
        ),
        carrier=c_to.astype(np.int64),
    )
    return out
