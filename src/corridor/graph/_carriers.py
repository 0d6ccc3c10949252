"""Carrier layers: whose trucks may drive where (rights.csv), kept small.

Trucks registered in one country may not drive everywhere (rights.csv: transit, deliver,
a border zone, or none). The road part of the graph stays once, as the *base* layer; a
truck of a country whose rights are those of any foreign truck (the ``*`` rows: e.g. a
Russian or Turkish truck, which China and Pakistan confine to their border zones) drives
there. Countries whose trucks have rights of their own (a ``carrier`` row that changes
something, or a home where foreign trucks are restricted) are grouped by identical rights
(a *class*: e.g. Kyrgyz and Kazakh trucks, both QTTA parties with the 2024 Kazakhstan-
China agreement) and each class gets a copy of the road vertices of its *rights region*
only: the countries where its rights differ from a foreign truck's, its homes, and every
country on a shortest country-to-country path between two of them. A class truck that
drives out of its region continues on the base layer (with a foreign truck's rights: a
conservative reading for every class except those barred where foreign trucks may go, and
only on detours that leave the region and come back).

Within a layer a truck may be only where its rights put it (``transit`` and ``deliver``:
the whole country; ``zone``: the listed places; ``none``: nowhere) and may leave a country
in which it has only a ``deliver`` right towards home only (a stateless reading of "no
transit"; a zone is left the way it was entered, over the crossing at its place).

Where transfers.csv has a ``road -> road`` row, cargo may change trucks: a transload edge
with that row's time and cost from every layer present there to the layer of each carrier
that may take it over at that place (the trucks of the place's country and of the
countries across its crossings).

``EdgeTable.carrier``: -1 for edges that touch no road vertex (shared by every layer);
``len(countries)`` for base edges any truck may use; ``len(countries) + 1`` for base edges
only the unconstrained answer (``carrier any``) may use; on a class copy, the index of the
class's first country; on a transload edge, the country of the truck that takes over.
``Csr.vertex_carrier``: -1 off the road, ``len(countries)`` on the base layer, else the class.
A network without rights rows gets no layers (and no edge is ``any``-only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor._types import BoolArray, IntArray
from corridor.graph.model import Criterion, EdgeKind, VertexKind
from corridor.network._rights import right_in, rights_in_force, rules
from corridor.network.model import Network
from corridor.vocab import MODES, Mode

_ROAD = MODES.index(Mode.ROAD)
_Cols = dict[str, np.ndarray]
_FOREIGN = ""
"""A carrier id no row names: right_in gives the rights of any foreign truck."""
THIRD = "third-country"
"""The name of the base layer's trucks in a transload leg."""


@dataclass(frozen=True, slots=True)
class Layers:
    """What the carrier layers add: edge columns, the place and kind of each new vertex
    (numbered on from the graph's last vertex) and its class, and the name of each layer
    (``Labels.carrier_names``: by class id, "" for countries that are not a class's first)."""

    cols: _Cols
    vertex_node: IntArray
    vertex_kind: IntArray
    vertex_carrier: IntArray
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Rights:
    """Presence and leave rules per layer: row 0..n_c-1 a class (by its first country),
    row n_c the base layer (a foreign truck)."""

    present: BoolArray
    """``[layer, road vertex]``: may a truck of the layer be there."""
    leave: BoolArray
    """``[layer, country a, country b]``: may it drive from a into b."""
    region: BoolArray
    """``[layer, country]``: the layer's copy covers that country (base: every country)."""
    classes: dict[int, list[int]]
    """First country -> the countries of the class."""


def _profiles(
    network: Network, countries: tuple[str, ...]
) -> tuple[list[list[tuple[str, tuple[str, ...]]]], list[tuple[str, tuple[str, ...]]]]:
    day = network.date or network.as_of
    rows = rules(rights_in_force(network.rights, day))
    prof = [[right_in(rows, c, y) for y in countries] for c in countries]
    foreign = [right_in(rows, _FOREIGN, y) for y in countries]
    return prof, foreign


def _country_distances(adjacent: BoolArray) -> IntArray:
    """Hops between countries over road borders (a large number where none)."""
    n = adjacent.shape[0]
    far = 10**6
    dist = np.where(adjacent, 1, far).astype(np.int64)
    np.fill_diagonal(dist, 0)
    for k in range(n):  # Floyd-Warshall on a few dozen countries
        dist = np.minimum(dist, dist[:, k, None] + dist[None, k, :])
    return dist


def _rights(
    network: Network,
    countries: tuple[str, ...],
    road_node: IntArray,
    road_country: IntArray,
    adjacent: BoolArray,
) -> _Rights:
    prof, foreign = _profiles(network, countries)
    n_c = len(countries)
    groups: dict[tuple[tuple[str, tuple[str, ...]], ...], list[int]] = {}
    for c in range(n_c):
        if prof[c] != foreign:
            groups.setdefault(tuple(prof[c]), []).append(c)
    classes = {members[0]: members for members in groups.values()}
    nidx = {n: i for i, n in enumerate(network.nodes["id"].tolist())}
    dist = _country_distances(adjacent)
    present = np.zeros((n_c + 1, road_node.shape[0]), dtype=bool)
    leave = np.zeros((n_c + 1, n_c, n_c), dtype=bool)
    region = np.zeros((n_c + 1, n_c), dtype=bool)
    region[n_c] = True
    layers: list[tuple[int, list[tuple[str, tuple[str, ...]]], list[int]]] = [(n_c, foreign, [])]
    layers += [(k, prof[k], m) for k, m in classes.items()]
    for layer, rights, homes in layers:
        if layer < n_c:
            differ = np.array([rights[y] != foreign[y] for y in range(n_c)]) | np.isin(
                np.arange(n_c), homes
            )
            ends = np.flatnonzero(differ)
            via = dist[ends][:, None, :] + dist[ends][None, :, :]  # [a, b, country]
            region[layer] = np.any(via == dist[np.ix_(ends, ends)][:, :, None], axis=(0, 1))
        for y, (right, zone) in enumerate(rights):
            in_y = (road_country == y) & region[layer, y]
            if right in ("transit", "deliver"):
                present[layer] |= in_y
            elif right == "zone":
                places = np.array([nidx[p] for p in zone if p in nidx], dtype=np.int64)
                present[layer] |= in_y & np.isin(road_node, places)
            leave[layer, y, :] = right != "deliver"
            leave[layer, y, homes] = True
    return _Rights(present=present, leave=leave, region=region, classes=classes)


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

    ``cols`` gets its ``carrier`` column set (base / ``any``-only / -1) in place.
    """
    n_c = len(countries)
    n_v = vertex_node.shape[0]
    tail, head = cols["tail"], cols["head"]
    road = vertex_mode == _ROAD
    touch = road[tail] | road[head]
    cols["carrier"] = np.where(touch, n_c, -1).astype(np.int64)
    empty = np.zeros(0, np.int64)
    if network.rights.empty:
        return Layers({k: v[:0] for k, v in cols.items()}, empty, empty, empty, ())
    road_v = np.flatnonzero(road)
    ridx = np.full(n_v, -1, dtype=np.int64)
    ridx[road_v] = np.arange(road_v.shape[0])
    vcountry = node_country[vertex_node]
    both = road[tail] & road[head]
    adjacent = np.zeros((n_c, n_c), dtype=bool)
    adjacent[vcountry[tail[both]], vcountry[head[both]]] = True
    adjacent |= adjacent.T
    r = _rights(network, countries, vertex_node[road_v], vcountry[road_v], adjacent)
    # base edges a foreign truck may not use: only the unconstrained answer has them
    ok = _allowed(r, n_c, cols, road, ridx, vcountry)
    cols["carrier"][touch & ~ok] = n_c + 1
    newid = np.full((n_c, road_v.shape[0]), -1, dtype=np.int64)
    order = sorted(r.classes)
    start = n_v
    for k in order:
        here = np.flatnonzero(r.present[k])
        newid[k, here] = start + np.arange(here.shape[0])
        start += here.shape[0]
    out = [_copy(r, k, cols, road, ridx, vcountry, newid) for k in order]
    where = (vertex_node, vertex_kind, road, vcountry)
    out.append(_transloads(network, cols, where, r, newid, per_unit))
    vk = [np.flatnonzero(r.present[k]) for k in order]
    names = [""] * n_c + [THIRD]
    for k in order:
        names[k] = "/".join(countries[c] for c in r.classes[k])
    return Layers(
        {k: np.concatenate([o[k] for o in out]) for k in cols},
        vertex_node=np.concatenate([vertex_node[road_v[v]] for v in vk] or [empty]),
        vertex_kind=np.concatenate([vertex_kind[road_v[v]] for v in vk] or [empty]),
        vertex_carrier=np.concatenate(
            [np.full(v.shape[0], k, dtype=np.int64) for k, v in zip(order, vk, strict=True)]
            or [empty]
        ),
        names=tuple(names),
    )


def _allowed(
    r: _Rights, layer: int, cols: _Cols, road: BoolArray, ridx: IntArray, vcountry: IntArray
) -> BoolArray:
    """Which edges a truck of ``layer`` may use if it is on both road ends."""
    t, h = cols["tail"], cols["head"]
    ok = (~road[t] | r.present[layer, ridx[t]]) & (~road[h] | r.present[layer, ridx[h]])
    ct, ch = vcountry[t], vcountry[h]
    out: BoolArray = ok & ((ct == ch) | ~road[t] | ~road[h] | r.leave[layer, ct, ch])
    return out


def _copy(
    r: _Rights,
    k: int,
    cols: _Cols,
    road: BoolArray,
    ridx: IntArray,
    vcountry: IntArray,
    newid: IntArray,
) -> _Cols:
    """Class ``k``'s copy: every edge from one of its vertices, and every edge into one of
    them from off the road; an edge out of its region lands on the base layer."""
    t, h = cols["tail"], cols["head"]
    rt, rh = np.maximum(ridx[t], 0), np.maximum(ridx[h], 0)
    mine_t = road[t] & r.present[k, rt]
    mine_h = road[h] & r.present[k, rh]
    n_c = newid.shape[0]
    base_h = road[h] & ~r.region[k, vcountry[h]] & r.present[n_c, rh]
    leave = (vcountry[t] == vcountry[h]) | ~road[t] | ~road[h]
    leave |= r.leave[k, vcountry[t], vcountry[h]]
    out = mine_t & (mine_h | base_h | ~road[h]) & leave
    # into the copy from off the road: transfers, and trips starting at a home place
    start = cols["kind"] == EdgeKind.ACCESS
    into = ~road[t] & mine_h & (~start | np.isin(vcountry[h], r.classes[k]))
    sel = np.flatnonzero(out | into)
    copy = {name: v[sel] for name, v in cols.items()}
    ts, hs = t[sel], h[sel]
    copy["tail"] = np.where(road[ts], newid[k, ridx[ts]], ts)
    copy["head"] = np.where(road[hs] & mine_h[sel], newid[k, ridx[hs]], hs)
    copy["carrier"] = np.full(sel.shape[0], k, dtype=np.int64)
    return copy


def _transloads(
    network: Network,
    cols: _Cols,
    where: tuple[IntArray, IntArray, BoolArray, IntArray],
    r: _Rights,
    newid: IntArray,
    per_unit: float,
) -> _Cols:
    """Transload edges at every place with a road -> road transfers row: from each layer
    present there to the layer of each carrier that may take over (the place's country and
    the countries across its road borders), with that row's time, cost and capacity."""
    vertex_node, vertex_kind, road, vcountry = where
    n_c = newid.shape[0]
    x = network.transfers
    nidx = {n: i for i, n in enumerate(network.nodes["id"].tolist())}
    is_row = ((x["from"] == Mode.ROAD.value) & (x["to"] == Mode.ROAD.value)).to_numpy()
    state = road & (vertex_kind == VertexKind.STATE)
    ridx = np.cumsum(road) - 1
    layer_of = np.full(n_c, n_c, dtype=np.int64)
    for k, members in r.classes.items():
        layer_of[members] = k
    t, h = cols["tail"], cols["head"]
    rows: list[tuple[int, ...]] = []  # tail, head, taker's country, row, place, vertex
    for k in np.flatnonzero(is_row).tolist():
        place = nidx.get(str(x["node"].iat[k]), -1)
        for v in np.flatnonzero(state & (vertex_node == place)).tolist():
            rv = ridx[v]
            near = np.concatenate([[v], h[(t == v) & road[h]], t[(h == v) & road[t]]])
            border = (cols["kind"] == EdgeKind.BORDER) & (np.isin(t, near) | np.isin(h, near))
            across = vcountry[np.concatenate([t[border], h[border], near])].tolist()
            takers = dict.fromkeys([int(vcountry[v]), *across])
            givers = [(n_c, v)] if r.present[n_c, rv] else []
            givers += [(c, int(newid[c, rv])) for c in r.classes if newid[c, rv] >= 0]
            seen: set[tuple[int, int]] = set()
            for y in takers:
                lay = int(layer_of[y])
                to = v if lay == n_c else int(newid[lay, rv])
                if to < 0 or (lay == n_c and not r.present[n_c, rv]):
                    continue
                for g, frm in givers:
                    if g != lay and (g, lay) not in seen:
                        seen.add((g, lay))
                        rows.append((frm, to, y, k, place, v))
    n = len(rows)
    out: _Cols = {k: np.zeros((n, *v.shape[1:]), dtype=v.dtype) for k, v in cols.items()}
    if n == 0:
        return out
    tt, hh, taker, rr, node, at = (np.array(c, dtype=np.int64) for c in zip(*rows, strict=True))
    median = x["time_median_h"].to_numpy(dtype=np.float64)[rr]
    crit = np.zeros((n, cols["criteria"].shape[1]))
    crit[:, Criterion.TIME_H] = median
    crit[:, Criterion.COST_USD] = x["cost_usd_teu"].to_numpy(dtype=np.float64)[rr] * per_unit
    crit[:, Criterion.TRANSFERS] = 1.0
    out.update(
        tail=tt,
        head=hh,
        kind=np.full(n, EdgeKind.TRANSFER, dtype=np.int64),
        criteria=crit,
        link=np.full(n, -1, dtype=np.int64),
        crossing=np.full(n, -1, dtype=np.int64),
        transfer=rr,
        node=node,
        country=vcountry[at],
        mode=np.full(n, _ROAD, dtype=np.int64),
        dwell_median_h=median,
        dwell_p90_h=x["time_p90_h"].to_numpy(dtype=np.float64)[rr],
        capacity_teu_day=np.nan_to_num(
            x["capacity_teu_day"].to_numpy(dtype=np.float64)[rr], nan=np.inf
        ),
        carrier=taker,
    )
    return out
