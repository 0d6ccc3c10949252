"""Mode choice inside the flows: a logit between the rail-based, intermodal and road chains.

Every OD pair of the flows has up to three chains (issue 17 item 4; the rule of
:mod:`corridor.demand.modechoice`): the **road chain** (road, with ferries and sea), the
**intermodal chain** (the cheapest route of any mode on which the cargo changes vehicle
rather than riding its wagon onto a ferry, when it uses rail: e.g. trucks over Irkeshtam,
then Uzbek rail; a box lifted onto a Caspian feeder) and the **rail-based chain** (every
mode, its road edges weighed ``ROAD_FACTOR`` times their cost: rail wherever it reaches,
wagons rolled onto rail ferries, trucks for the first and last miles; when it is another
route than the intermodal chain). Across the Caspian the two rail chains are therefore the
two services, rail ferry and container feeder, and the logit splits a pair between them
(:func:`rail_ferry_edges`). They are assigned as classes on
a *stacked* graph, one copy of the usable edges per chain (the road copy has road, ferry and
sea edges only), the copies sharing each link's, crossing's and plant's capacity (the same
capacity group). A pair's demand ``T_p`` splits by a multinomial logit on its chains'
generalised costs ``u_pm`` at the current flows (the rail-based chain's as it weighs them),

    P_pm = exp(-s_p u_pm + a_m) / sum_k exp(-s_p u_pk + a_k),     s_p = theta / c_p,

with ``c_p`` the cheapest chain's free-flow cost (so ``theta`` is scale-free, fitted by
``tools/build_demand.py --fit``) and ``a_m`` the chain's alternative-specific constant (the
road chain's fitted per segment group, 0 for the rail chains). A chain that uses no rail is
the road chain (one
alternative, not two). The mode split and the assignment are one convex problem (a combined
mode-split / assignment model, Florian & Nguyen 1978; Oppenheim 1995 ch. 6):

    Z(x, T) = Beckmann(x) + sum_p (1 / s_p) sum_m T_pm (ln(T_pm / T_p) - a_m)

whose optimum is user equilibrium within each class and the logit between them; with
elastic demand :mod:`corridor.analysis.elastic` subtracts its demand integral and prices a
pair by the logsum ``-(1/s_p) ln sum_m exp(-s_p u_pm)``. Without mode choice (``theta``
None) each pair is one class on the plain graph, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from corridor._types import FloatArray, IntArray
from corridor.assign import Demand, demand_from_pairs
from corridor.errors import InputError
from corridor.graph import Graph, subgraph
from corridor.paths import RouteOptions, path_edges, shortest_tree, usable_edges
from corridor.vocab import MODES, Mode

ROAD_MODES = ("road", "ferry", "sea")
ROAD_FACTOR = 3.0
"""Road edges weigh this many times their cost in the rail-based chain (its trucks are the
first and last miles only); a modelling choice that ``theta`` is fitted with."""
MODE_FITTED = "demand/mode_fitted.csv"
CHAINS = ("rail", "intermodal", "road")
RAIL, INTERMODAL, ROAD = 0, 1, 2


def shipped_params(path: str | Path | None = None) -> dict[str, float]:
    """The mode-choice parameters fitted by ``tools/build_demand.py --fit``
    (``mode_fitted.csv``: ``theta``, ``asc_road_container``, ``asc_road_bulk``)."""
    import pandas as pd

    from corridor import data

    p = Path(path) if path is not None else data.path(MODE_FITTED)
    frame = pd.read_csv(p, comment="#", dtype=str, keep_default_na=False)
    try:
        out = {str(k): float(v) for k, v in zip(frame["name"], frame["value"], strict=True)}
        out["theta"]
    except (KeyError, ValueError):
        msg = f"{p}: needs numeric name,value rows, 'theta' among them"
        raise InputError(msg) from None
    return out


def shipped_theta(path: str | Path | None = None) -> float:
    """The logit scale fitted by ``tools/build_demand.py --fit`` (``mode_fitted.csv``)."""
    return shipped_params(path)["theta"]


ASC_GROUP = {"container": "container", "dry_bulk": "bulk", "metals": "bulk", "liquid_bulk": "bulk"}
"""Which fitted road constant a segment takes (as ``corridor.demand.modechoice``)."""
MODE_MARKETS = "demand/mode_markets.csv"


Market = tuple[str, frozenset[str], frozenset[frozenset[str]]]
"""A road-constant market: id, countries (either end), country pairs (``PK-UZ``: the two
ends, either way round)."""


def markets_of(ids: list[str], countries: list[str], pairs: list[str]) -> tuple[Market, ...]:
    """Markets from the columns of ``mode_markets.csv``."""
    return tuple(
        (
            str(m),
            frozenset(x for x in str(c).split("|") if x),
            frozenset(frozenset(x.split("-")) for x in str(q).split("|") if x),
        )
        for m, c, q in zip(ids, countries, pairs, strict=True)
    )


def shipped_markets(path: str | Path | None = None) -> tuple[Market, ...]:
    """The road-constant markets of ``mode_markets.csv`` in file order.

    A pair belongs to the first market listing its origin's or its destination's country,
    or its two countries as a pair; a market's road constant for a segment group is
    ``asc_road_<group>_<market>`` of ``mode_fitted.csv`` where the fit has one (a published
    share pins it), else the group's ``asc_road_<group>``."""
    import pandas as pd

    from corridor import data

    p = Path(path) if path is not None else data.path(MODE_MARKETS)
    frame = pd.read_csv(p, comment="#", dtype=str, keep_default_na=False)
    try:
        return markets_of(list(frame["id"]), list(frame["countries"]), list(frame["pairs"]))
    except KeyError:
        msg = f"{p}: needs id, countries and pairs columns"
        raise InputError(msg) from None


def market_of(origin: str, destination: str, markets: tuple[Market, ...]) -> str:
    """The market of a pair by its end countries ('' outside every market)."""
    ends = frozenset((origin, destination))
    for m, countries, pairs in markets:
        if origin in countries or destination in countries or ends in pairs:
            return m
    return ""


def road_constant(params: dict[str, float], group: str, market: str) -> float:
    """The road chain's constant of a segment group in a market (see
    :func:`shipped_markets`)."""
    if market and f"asc_road_{group}_{market}" in params:
        return params[f"asc_road_{group}_{market}"]
    return params.get(f"asc_road_{group}", 0.0)


def shipped_asc(
    segment: str, path: str | Path | None = None, params: dict[str, float] | None = None
) -> FloatArray:
    """The alternative-specific constants of ``segment``'s chains (``CHAINS`` order) outside
    every market: the fitted road constant of its group, 0 for the rail-based and
    intermodal chains (a pair whose rail-based chain rides a rail ferry adds
    :func:`ferry_constant` to its intermodal chain, :func:`classes`)."""
    p = params if params is not None else shipped_params(path)
    asc = np.zeros(len(CHAINS))
    asc[ROAD] = road_constant(p, ASC_GROUP.get(segment, "bulk"), "")
    return asc


def ferry_constant(segment: str, params: dict[str, float] | None = None) -> float:
    """The intermodal chain's constant of ``segment``'s group where the pair's rail-based
    chain rolls its wagons onto a rail ferry (``asc_intermodal_<group>`` of
    ``mode_fitted.csv``, 0 without one): across the Caspian, what the costs miss in the
    choice between the container feeder and the rail ferry, pinned for containers by the
    published port split (the Aktau feeders against the Kuryk rail ferries)."""
    p = params if params is not None else shipped_params()
    return p.get(f"asc_intermodal_{ASC_GROUP.get(segment, 'bulk')}", 0.0)


def pair_asc(
    segment: str,
    origins: list[str],
    destinations: list[str],
    params: dict[str, float] | None = None,
    markets: tuple[Market, ...] | None = None,
) -> FloatArray:
    """Constants (pairs x ``CHAINS``) of pairs given by their end countries: the road
    constant of the segment's group in each pair's market (:func:`shipped_markets`)."""
    p = params if params is not None else shipped_params()
    mk = markets if markets is not None else shipped_markets()
    group = ASC_GROUP.get(segment, "bulk")
    by_market: dict[str, float] = {}
    out = np.zeros((len(origins), len(CHAINS)))
    for i, (a, b) in enumerate(zip(origins, destinations, strict=True)):
        m = market_of(a, b, mk)
        if m not in by_market:
            by_market[m] = road_constant(p, group, m)
        out[i, ROAD] = by_market[m]
    return out


def check_theta(theta: float | None) -> None:
    if theta is not None and not (np.isfinite(theta) and theta > 0):
        msg = (
            f"mode choice theta must be a finite number > 0 (or None: no mode choice), not {theta}"
        )
        raise InputError(msg)


@dataclass(frozen=True, slots=True)
class Stack:
    """The class graph: one copy of the usable edges per chain (``CHAINS``), stacked."""

    indptr: IntArray
    indices: IntArray
    edges: IntArray
    """Graph edge id of each stacked edge (copy 0 first, then 1, then 2)."""
    weight: FloatArray
    """Multiplier of each stacked edge's base cost (``ROAD_FACTOR`` on road edges of copy 0)."""
    mode: IntArray
    """Mode code of each stacked edge (position in ``corridor.vocab.MODES``)."""
    n_vertices: int
    """Vertices of one copy."""


def rail_ferry_edges(graph: Graph) -> np.ndarray:
    """The port handling edges that roll a rail wagon onto a ferry or off it (rail <->
    ferry at Kuryk, Alat, Turkmenbashi, Lake Van): the intermodal chain does without them,
    so a pair whose rail route crosses on a rail ferry has, as its intermodal chain, the
    route on which the box changes vehicle instead (a Caspian container feeder, a truck)."""
    from corridor.graph.model import EdgeKind

    csr, rail, ferry = graph.csr, MODES.index(Mode.RAIL), MODES.index(Mode.FERRY)
    tail_mode = csr.vertex_mode[csr.tails]
    head_mode = csr.vertex_mode[csr.indices]
    ends = ((tail_mode == rail) & (head_mode == ferry)) | (
        (tail_mode == ferry) & (head_mode == rail)
    )
    return np.asarray((graph.edges.kind == EdgeKind.HANDLING) & ends, dtype=bool)


def stack(graph: Graph, keep: np.ndarray, options: RouteOptions) -> Stack:
    """Copy 0 (rail-based): the usable edges ``keep``; copy 1 (intermodal): those of them
    but the rail-ferry handling (:func:`rail_ferry_edges`); copy 2 (road): those of them on
    road, ferry or sea."""
    n = graph.n_vertices
    road_opts = replace(options, modes=ROAD_MODES)
    a = subgraph(graph, keep)
    m = subgraph(graph, keep & ~rail_ferry_edges(graph))
    b = subgraph(graph, keep & usable_edges(graph, road_opts))
    parts = (a, m, b)
    road_code = list(MODES).index(Mode.ROAD)
    edges = np.concatenate([p.edges for p in parts])
    weight = np.ones(edges.size)
    weight[: a.edges.size][graph.edges.mode[a.edges] == road_code] = ROAD_FACTOR
    indptr, indices, shift = [np.zeros(1, dtype=np.int64)], [], 0
    for c, p in enumerate(parts):
        indptr.append(p.indptr[1:] + shift)
        indices.append(p.indices + c * n)
        shift += p.edges.size
    return Stack(
        indptr=np.concatenate(indptr),
        indices=np.concatenate(indices),
        edges=edges,
        weight=weight,
        mode=graph.edges.mode[edges],
        n_vertices=n,
    )


@dataclass(frozen=True, slots=True)
class Classes:
    """The class pairs of a flow run: which chain of which base pair each demand pair is."""

    base: Demand
    """Total demand per base pair (vertices of the one-copy graph)."""
    pair: IntArray
    """Base pair of each class pair (the order of the run's demand)."""
    cls: IntArray
    """``RAIL`` (0), ``INTERMODAL`` (1) or ``ROAD`` (2) of each class pair."""
    scale: FloatArray
    """Logit dispersion ``s_p`` per base pair (inf without mode choice: all-or-nothing)."""
    theta: float | None
    asc: FloatArray = field(default_factory=lambda: np.zeros(len(CHAINS)))
    """Alternative-specific constant of each chain (utility units, ``CHAINS`` order), or of
    each base pair's chains (base pairs x ``CHAINS``: market constants, :func:`pair_asc`)."""

    def _asc(self) -> FloatArray:
        if self.asc.ndim == 2:
            return np.asarray(self.asc[self.pair, self.cls], dtype=np.float64)
        return np.asarray(self.asc[self.cls], dtype=np.float64)

    def split(self, u: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Share of each class pair at class costs ``u`` and the logsum cost of each base
        pair (its least cost without mode choice)."""
        n = self.base.n_pairs
        if self.theta is None:
            return np.ones_like(u), np.asarray(u, dtype=np.float64)
        s = self.scale[self.pair]
        v = -s * u + self._asc()
        top = np.full(n, -np.inf)
        np.maximum.at(top, self.pair, v)
        e = np.exp(v - top[self.pair])
        total = np.bincount(self.pair, weights=e, minlength=n)
        share = e / total[self.pair]
        logsum = -(np.log(total) + top) / self.scale
        return share, logsum

    def entropy_grad(self, t: FloatArray) -> FloatArray:
        """``(1/s_p) ln(T_pm / T_p)`` of each class pair (0 without mode choice)."""
        if self.theta is None:
            return np.zeros_like(t)
        tot = np.bincount(self.pair, weights=t, minlength=self.base.n_pairs)
        frac = np.maximum(t, 1e-300) / np.maximum(tot[self.pair], 1e-300)
        s = self.scale[self.pair]
        return np.asarray((np.log(frac) - self._asc()) / s, dtype=np.float64)

    def totals(self, t: FloatArray) -> FloatArray:
        """Demand per base pair of class demands ``t``."""
        return np.bincount(self.pair, weights=t, minlength=self.base.n_pairs).astype(np.float64)


def one_class(dem: Demand) -> Classes:
    """Every pair one class (no mode choice)."""
    return Classes(
        base=dem,
        pair=np.arange(dem.n_pairs, dtype=np.int64),
        cls=np.full(dem.n_pairs, RAIL, dtype=np.int64),
        scale=np.full(dem.n_pairs, np.inf),
        theta=None,
    )


def classes(
    st: Stack,
    base_cost: FloatArray,
    dem: Demand,
    theta: float,
    asc: FloatArray | None = None,
    ferry_asc: float = 0.0,
    ferry_edges: np.ndarray | None = None,
) -> tuple[Classes, Demand]:
    """Class pairs of base demand ``dem`` at free-flow stacked costs ``base_cost``, and their
    demand split by the logit at those costs.

    A pair has its road chain if road reaches; its intermodal chain if the cheapest route of
    any mode without rail-ferry handling uses rail (else it is the road chain); its rail-based chain if that uses rail
    and is not the intermodal chain's route (the same chain is one alternative). A pair
    with none of them (no road, no rail) keeps the intermodal chain. A pair whose
    rail-based chain uses a rail-ferry edge (``ferry_edges``, graph edges:
    :func:`rail_ferry_edges`) gives its intermodal chain the advantage ``ferry_asc``
    (:func:`ferry_constant`), written as ``-ferry_asc`` on its rail-based and road chains:
    the same shares, and a logsum cost that stays positive (a large positive constant on
    one chain would take the composite cost of the elastic demand below zero).
    """
    n, k = st.n_vertices, len(CHAINS)
    tails = np.repeat(np.arange(k * n, dtype=np.int64), np.diff(st.indptr))
    rail_code = list(MODES).index(Mode.RAIL)
    orig, dest = dem.orig, dem.dest
    u = np.full((k, orig.size), np.inf)
    uses_rail = np.zeros((k, orig.size), dtype=bool)
    paths: list[list[IntArray]] = [[np.empty(0, np.int64)] * orig.size for _ in range(k)]
    scratch = np.empty(k * n, dtype=np.int64)
    for c in range(k):
        for o in np.unique(orig).tolist():
            dist, pred = shortest_tree(st.indptr, st.indices, base_cost, [o + c * n])
            for p in np.flatnonzero(orig == o).tolist():
                target = int(dest[p]) + c * n
                if not np.isfinite(dist[target]):
                    continue
                u[c, p] = dist[target]
                edges = path_edges(pred, tails, target, scratch)
                uses_rail[c, p] = bool(np.any(st.mode[edges] == rail_code))
                paths[c][p] = st.edges[edges]
    avail = np.isfinite(u) & uses_rail
    avail[ROAD] = np.isfinite(u[ROAD])
    same = np.array(
        [np.array_equal(a, b) for a, b in zip(paths[RAIL], paths[INTERMODAL], strict=True)]
    )
    avail[RAIL] &= ~(same & avail[INTERMODAL])
    none = ~avail.any(axis=0)
    avail[INTERMODAL] |= none & np.isfinite(u[INTERMODAL])
    best = np.where(avail, u, np.inf).min(axis=0)
    scale = theta / np.maximum(best, 1e-9)
    if ferry_asc != 0.0 and ferry_edges is not None:
        ferry = np.array([bool(ferry_edges[e].any()) for e in paths[RAIL]], dtype=bool)
        a = np.zeros(k) if asc is None else np.asarray(asc, dtype=np.float64)
        asc = np.array(np.broadcast_to(a, (orig.size, k)), dtype=np.float64)
        # the intermodal chain's advantage ferry_asc, written as -ferry_asc on the other two
        # chains (the same shares): the pair's logsum cost stays above zero
        asc[ferry, RAIL] -= ferry_asc
        asc[ferry, ROAD] -= ferry_asc
    idx = [np.flatnonzero(avail[c]) for c in range(k)]
    cl = Classes(
        base=dem,
        pair=np.concatenate(idx).astype(np.int64),
        cls=np.concatenate([np.full(ix.size, c) for c, ix in enumerate(idx)]).astype(np.int64),
        scale=scale,
        theta=theta,
        asc=np.zeros(k) if asc is None else np.asarray(asc, dtype=np.float64),
    )
    share, _ = cl.split(np.concatenate([u[c, ix] for c, ix in enumerate(idx)]))
    return cl, class_demand(cl, st, dem.flow[cl.pair] * share)


def class_demand(cl: Classes, st: Stack, flow: FloatArray) -> Demand:
    """The demand of the class pairs on the stacked vertices (order kept: copy 0's pairs
    sorted as the base pairs, then copy 1's, then copy 2's)."""
    n = st.n_vertices
    off = cl.cls * n
    d = demand_from_pairs(
        cl.base.orig[cl.pair] + off,
        cl.base.dest[cl.pair] + off,
        np.maximum(flow, 1e-12),
        n_vertices=len(CHAINS) * n,
    )
    if d.n_pairs != cl.pair.size:  # pragma: no cover - a bug, not an input error
        msg = "class pairs lost in the stacked demand"
        raise AssertionError(msg)
    return d
