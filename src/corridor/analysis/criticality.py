"""Criticality: remove each link or crossing in turn and measure what the region loses.

For every element (a link, or a crossing: all rows of one crossing id) the answer is

- the increase in total generalised cost over the OD set (US$ per TEU summed over the
  pairs, or US$ per year when the pairs are weighted by demand in TEU per year),
- the pairs it disconnects (and their TEU), and the TEU rerouted around it,

ranked by a score: the cost increase plus, for each pair that loses its connection, its
whole base cost times ``lost_pair_factor`` (default 1: a trade that can no longer move is
at least as costly as moving it was).

The search is incremental. One shortest-path tree per origin is computed once; the pairs
whose tree path uses an element are the only ones its removal can change (costs never drop
when an edge goes), so per element only the origins of those pairs are searched again, with
the element's edges at ``inf``. ``prepare`` builds the shared state once (for Dask it is
scattered to workers once), ``evaluate`` scores a batch of elements, ``assemble`` makes
the table; ``criticality`` runs the three, mapping batches with ``map_batches`` (in-process
by default, or ``corridor.scale``). ``brute_force`` recomputes every origin for every element
(tests and benchmarks compare the two).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray
from corridor.analysis._graph_view import (
    GraphView,
    objective_cost,
    origin_tree,
    path_edges,
    rerouted,
    reverse,
    shortest_tree,
    view,
    work,
)
from corridor.analysis.od import ODSet
from corridor.errors import InputError
from corridor.graph.model import Graph
from corridor.paths.tree import InEdges
from corridor.results.context import Context

WHAT = ("links", "crossings", "both")
_COLUMNS = (
    "element",
    "kind",
    "name",
    "pairs_using",
    "cost_increase",
    "disconnected_pairs",
    "disconnected_teu",
    "rerouted_teu",
    "score",
)

MapBatches = Callable[[Callable[[Any, Any], Any], Any, Sequence[Any]], list[Any]]
"""``map_batches(func, shared, batches) -> [func(shared, b) for b in batches]``."""


def in_process(func: Callable[[Any, Any], Any], shared: Any, batches: Sequence[Any]) -> list[Any]:
    """Map batches here, one after another (the default ``map_batches``)."""
    return [func(shared, b) for b in batches]


@dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    """Shared state of a criticality run (plain arrays: it pickles and is scattered once)."""

    view: GraphView
    cost: FloatArray
    od: ODSet
    base: FloatArray
    """Base generalised cost of each pair (``inf`` if not connected)."""
    elem_ids: tuple[str, ...]
    elem_kind: tuple[str, ...]
    elem_names: tuple[str, ...]
    edge_ptr: IntArray
    edge_idx: IntArray
    """Edges of element j: ``edge_idx[edge_ptr[j]:edge_ptr[j + 1]]``."""
    pair_ptr: IntArray
    pair_idx: IntArray
    """Pairs whose base route uses element j: ``pair_idx[pair_ptr[j]:pair_ptr[j + 1]]``."""
    graph: InEdges
    """The CSR with the edges into each vertex (trees are repaired, not searched again)."""


@dataclass(frozen=True, slots=True)
class Criticality:
    """Every element's score, ranked (``table``), with the run's settings."""

    table: pd.DataFrame
    objective: str
    od_label: str
    weighted: bool
    n_pairs: int
    disconnected_in_base: int
    lost_pair_factor: float
    geometry: dict[str, list[list[float]]]
    context: Context = field(default_factory=Context)
    """The network of the day the elements were cut on (day, as-of date, scenario)."""

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """JSON-ready form (the ``top`` first rows, or all)."""
        rows = self.table if top is None else self.table.head(top)
        return {
            **self.context.to_dict(),
            "include_planned": False,
            "objective": self.objective,
            "od_set": self.od_label,
            "weighted": self.weighted,
            "unit": "USD/year" if self.weighted else "USD per TEU, summed over pairs",
            "pairs": self.n_pairs,
            "pairs_not_connected_in_base": self.disconnected_in_base,
            "lost_pair_factor": self.lost_pair_factor,
            "elements": [
                {k: _plain(v) for k, v in r.items()} for r in rows.to_dict(orient="records")
            ],
        }

    def to_geojson(self) -> dict[str, Any]:
        """A map layer: every element with its score (links as lines, crossings as points)."""
        features = []
        for r in self.table.to_dict(orient="records"):
            coords = self.geometry.get(f"{r['kind']}:{r['element']}")
            if not coords:
                continue
            geom = (
                {"type": "Point", "coordinates": coords[0]}
                if r["kind"] == "crossing"
                else {"type": "LineString", "coordinates": coords}
            )
            features.append(
                {
                    "type": "Feature",
                    "geometry": geom,
                    "properties": {k: _plain(v) for k, v in r.items()},
                }
            )
        return {"type": "FeatureCollection", "features": features}


def _plain(v: Any) -> Any:
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return round(f, 3) if np.isfinite(f) else None
    if isinstance(v, np.integer):
        return int(v)
    return v


# ---------------------------------------------------------------------------- prepare


def prepare(graph: Graph, od: ODSet, *, what: str = "both", by: str = "generalised") -> Prepared:
    """Base trees, and per element its edges and the pairs whose route uses it."""
    if what not in WHAT:
        msg = f"unknown --what {what!r}; choose from {list(WHAT)}"
        raise InputError(msg)
    v = view(graph)
    cost = objective_cost(graph, by).copy()
    cost.flags.writeable = False
    ids, kinds, names, groups = _elements(v, cost, what)
    edge_ptr = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum([len(g) for g in groups], out=edge_ptr[1:])
    edge_idx = np.concatenate(groups) if groups else np.empty(0, np.int64)
    edge_elems = _edge_elements(len(cost), edge_ptr, edge_idx)
    base = np.full(od.n_pairs, np.inf)
    users: list[list[int]] = [[] for _ in groups]
    scratch = np.empty(v.n_vertices, dtype=np.int64)
    for o in od.origins().tolist():
        mine = np.flatnonzero(od.orig == o)
        dist, pred = shortest_tree(v, cost, o, od.dest[mine])
        for p in mine.tolist():
            target = int(v.arr_vertex[od.dest[p]])
            base[p] = dist[target]
            if not np.isfinite(dist[target]):
                continue
            edges = path_edges(v, pred, target, scratch)
            for j in _elements_on(edges, edge_elems):
                users[j].append(p)
    pair_ptr = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum([len(u) for u in users], out=pair_ptr[1:])
    pair_idx = np.array([p for u in users for p in u], dtype=np.int64)
    return Prepared(
        v, cost, od, base, ids, kinds, names, edge_ptr, edge_idx, pair_ptr, pair_idx, reverse(v)
    )


def _elements(
    v: GraphView, cost: FloatArray, what: str
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], list[IntArray]]:
    """Elements in service (at least one usable edge) and their edges."""
    usable = np.isfinite(cost)
    ids: list[str] = []
    kinds: list[str] = []
    names: list[str] = []
    groups: list[IntArray] = []
    if what in ("links", "both"):
        order = np.argsort(v.edge_link, kind="stable")
        bounds = np.searchsorted(v.edge_link[order], np.arange(len(v.link_ids) + 1))
        for i, lid in enumerate(v.link_ids):
            e = order[bounds[i] : bounds[i + 1]]
            if usable[e].any():
                ids.append(lid)
                kinds.append("link")
                f, t = v.link_from[i], v.link_to[i]
                names.append(f"{v.node_names[f]} - {v.node_names[t]} ({v.link_modes[i]})")
                groups.append(np.sort(e))
    if what in ("crossings", "both"):
        # one element per crossing id (its rows, e.g. one per direction, together)
        first: dict[str, int] = {}
        for k, xid in enumerate(v.crossing_ids):
            first.setdefault(xid, k)
        element = np.array([first[x] for x in v.crossing_ids] + [-1], dtype=np.int64)
        of_edge = element[v.edge_crossing]  # crossing -1 (not a border edge) -> -1
        order = np.argsort(of_edge, kind="stable")
        bounds = np.searchsorted(of_edge[order], np.arange(len(v.crossing_ids) + 1))
        for xid, k in first.items():
            e = order[bounds[k] : bounds[k + 1]]
            if usable[e].any():
                ids.append(xid)
                kinds.append("crossing")
                names.append(v.crossing_names[k])
                groups.append(e.astype(np.int64))
    return tuple(ids), tuple(kinds), tuple(names), groups


def _edge_elements(
    n_edges: int, edge_ptr: IntArray, edge_idx: IntArray
) -> tuple[IntArray, IntArray]:
    """The elements of each edge: ``elems[ptr[e]:ptr[e + 1]]`` (CSR by edge)."""
    elem = np.repeat(np.arange(len(edge_ptr) - 1, dtype=np.int64), np.diff(edge_ptr))
    order = np.argsort(edge_idx, kind="stable")
    ptr = np.zeros(n_edges + 1, dtype=np.int64)
    np.cumsum(np.bincount(edge_idx, minlength=n_edges), out=ptr[1:])
    return elem[order], ptr


def _elements_on(edges: IntArray, edge_elems: tuple[IntArray, IntArray]) -> set[int]:
    elems, ptr = edge_elems
    return {j for e in edges.tolist() for j in elems[ptr[e] : ptr[e + 1]].tolist()}


# ---------------------------------------------------------------------------- evaluate


def evaluate(prep: Prepared, elements: Sequence[int] | IntArray) -> FloatArray:
    """Score a batch of elements: rows of (cost increase, disconnected pairs, disconnected
    weight, rerouted weight, lost base cost), one per element, in the batch's order.

    Per origin of the batch one full tree is searched; each element that an origin's pairs
    use then repairs that tree (only the part below the element is searched again)."""
    v, od = prep.view, prep.od
    rows = np.asarray(elements, dtype=np.int64)
    out = np.zeros((len(rows), 5))
    cost = prep.cost.copy()
    pairs = [prep.pair_idx[prep.pair_ptr[j] : prep.pair_ptr[j + 1]] for j in rows.tolist()]
    new = [np.empty(len(p)) for p in pairs]
    by_origin: dict[int, list[int]] = {}
    for row, p in enumerate(pairs):
        for o in np.unique(od.orig[p]).tolist():
            by_origin.setdefault(o, []).append(row)
    scratch = work(v)
    for o, its_rows in by_origin.items():
        tree = origin_tree(v, prep.graph, prep.cost, o)
        for row in its_rows:
            j = int(rows[row])
            sel = od.orig[pairs[row]] == o
            edges = prep.edge_idx[prep.edge_ptr[j] : prep.edge_ptr[j + 1]]
            cost[edges] = np.inf
            new[row][sel] = rerouted(
                v, tree, prep.graph, cost, edges, od.dest[pairs[row][sel]], scratch
            )
            cost[edges] = prep.cost[edges]
    for row, p in enumerate(pairs):
        if len(p):
            out[row] = _score(new[row], prep.base[p], od.weight[p])
    return out


def _score(new: FloatArray, old: FloatArray, w: FloatArray) -> FloatArray:
    lost = ~np.isfinite(new)
    kept = ~lost
    return np.array(
        [
            float((w[kept] * (new[kept] - old[kept])).sum()),
            float(lost.sum()),
            float(w[lost].sum()),
            float(w[kept & (new > old + 1e-9)].sum()),
            float((w[lost] * old[lost]).sum()),
        ]
    )


def brute_force(prep: Prepared, elements: Sequence[int] | IntArray) -> FloatArray:
    """``evaluate`` without the shortcut: every origin searched again for every element."""
    v, od = prep.view, prep.od
    out = np.zeros((len(elements), 5))
    cost = prep.cost.copy()
    connected = np.isfinite(prep.base)
    for row, j in enumerate(np.asarray(elements, dtype=np.int64).tolist()):
        edges = prep.edge_idx[prep.edge_ptr[j] : prep.edge_ptr[j + 1]]
        cost[edges] = np.inf
        new = np.empty(od.n_pairs)
        for o in od.origins().tolist():
            sel = od.orig == o
            dist, _ = shortest_tree(v, cost, o)  # the whole tree: an independent check
            new[sel] = dist[v.arr_vertex[od.dest[sel]]]
        cost[edges] = prep.cost[edges]
        out[row] = _score(new[connected], prep.base[connected], od.weight[connected])
    return out


# ---------------------------------------------------------------------------- assemble


def assemble(prep: Prepared, scores: FloatArray, *, lost_pair_factor: float = 1.0) -> Criticality:
    """The ranked table from per-element scores (rows in element order)."""
    v = prep.view
    pairs_using = np.diff(prep.pair_ptr)
    table = pd.DataFrame(
        {
            "element": list(prep.elem_ids),
            "kind": list(prep.elem_kind),
            "name": list(prep.elem_names),
            "pairs_using": pairs_using,
            "cost_increase": scores[:, 0],
            "disconnected_pairs": scores[:, 1].astype(np.int64),
            "disconnected_teu": scores[:, 2],
            "rerouted_teu": scores[:, 3],
            "score": scores[:, 0] + lost_pair_factor * scores[:, 4],
        },
        columns=list(_COLUMNS),
    )
    table = table.sort_values(
        ["score", "disconnected_pairs", "element"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return Criticality(
        table=table,
        objective="generalised",
        od_label=prep.od.label,
        weighted=prep.od.weighted,
        n_pairs=prep.od.n_pairs,
        disconnected_in_base=int((~np.isfinite(prep.base)).sum()),
        lost_pair_factor=lost_pair_factor,
        geometry=_geometry(prep, v),
    )


def _geometry(prep: Prepared, v: GraphView) -> dict[str, list[list[float]]]:
    out: dict[str, list[list[float]]] = {}
    link_index = {lid: i for i, lid in enumerate(v.link_ids)}
    for j, (eid, kind) in enumerate(zip(prep.elem_ids, prep.elem_kind, strict=True)):
        if kind == "link":
            i = link_index[eid]
            ends = (v.link_from[i], v.link_to[i])
            out[f"link:{eid}"] = [[float(v.node_lon[n]), float(v.node_lat[n])] for n in ends]
        else:
            e = prep.edge_idx[prep.edge_ptr[j]]
            n = v.edge_node[e]
            out[f"crossing:{eid}"] = [[float(v.node_lon[n]), float(v.node_lat[n])]]
    return out


def batches(n: int, size: int) -> list[IntArray]:
    """Element indices ``0..n-1`` in batches of ``size``."""
    return [np.arange(i, min(i + size, n), dtype=np.int64) for i in range(0, n, max(1, size))]


def criticality(
    graph: Graph,
    od: ODSet,
    *,
    what: str = "both",
    by: str = "generalised",
    lost_pair_factor: float = 1.0,
    map_batches: MapBatches = in_process,
    batch_size: int | None = None,
) -> Criticality:
    """Remove each link and/or crossing in turn; rank them by what the OD set loses.

    Parameters
    ----------
    graph
        A compiled graph (``corridor.compile(network)``).
    od
        The OD set (``corridor.analysis.od.od_set``), weighted by demand or not.
    what
        ``links``, ``crossings`` or ``both``.
    by
        The objective whose total is measured (default the generalised cost, US$/TEU).
    lost_pair_factor
        How many times its base cost a disconnected pair adds to the score.
    map_batches
        How element batches are run: in-process (default) or ``corridor.scale.mapper(...)``.
    batch_size
        Elements per batch (default: all in one batch in-process, 32 for other mappers; each
        batch searches one full tree per origin it touches).

    Examples
    --------
    >>> import corridor
    >>> from corridor.analysis.od import od_set
    >>> from corridor.paths import place_index
    >>> g = corridor.compile(corridor.load(corridor.data.path("examples/tiny")))
    >>> od = od_set(g.labels.node_ids, lambda p: place_index(g, p), pairs="a:d,a:f")
    >>> criticality(g, od).table.loc[0, "element"]
    'd_ferry'
    """
    prep = prepare(graph, od, what=what, by=by)
    n = len(prep.elem_ids)
    size = batch_size or (max(n, 1) if map_batches is in_process else 32)
    parts = map_batches(evaluate, prep, batches(n, size))
    scores = np.concatenate(parts) if parts else np.zeros((0, 5))
    return replace(assemble(prep, scores, lost_pair_factor=lost_pair_factor), context=graph.context)
