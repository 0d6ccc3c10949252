"""The compiled virtual network: CSR structure, an edge table and labels (what kernels see).

A :class:`Graph` has three parts, each a frozen value of read-only arrays:

``graph.csr``
    :class:`Csr`, the structure: ``indptr``/``indices``/``tails`` and, per vertex, its
    :class:`VertexKind`, place, mode and gauge; the departure and arrival vertex of each place.
``graph.edges``
    :class:`EdgeTable`, one row per edge: its :class:`EdgeKind`, criteria matrix, the link,
    crossing or transfer row it stands for, its country, mode, status, dwell and capacity.
``graph.labels``
    :class:`Labels`: the ids, names and coordinates that turn indices back into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from corridor._types import BoolArray, FloatArray, IntArray
from corridor.errors import UnknownIdError
from corridor.results.context import Context
from corridor.vocab import LegKind


class EdgeKind(IntEnum):
    """What an edge of the virtual network stands for (values of ``EdgeTable.kind``)."""

    MOVE = 0
    """Moving along a physical link (or the part of a border link in one country)."""
    TRANSFER = 1
    """A change of land mode at a place (truck <-> rail)."""
    BORDER = 2
    """Formalities at a border crossing."""
    HANDLING = 3
    """Port handling: a change between sea/ferry and another mode."""
    ACCESS = 4
    """Zero-cost start (place -> mode) or end (mode -> place) of a trip."""
    GAUGE_CHANGE = 5
    """A change of rail gauge at a place (bogie exchange or transshipment)."""

    @property
    def leg_kind(self) -> LegKind | None:
        """The route leg an edge of this kind becomes (None: access edges make no leg)."""
        return _LEG_KIND.get(self)


_LEG_KIND = {
    EdgeKind.MOVE: LegKind.MOVE,
    EdgeKind.TRANSFER: LegKind.TRANSFER,
    EdgeKind.BORDER: LegKind.BORDER,
    EdgeKind.HANDLING: LegKind.HANDLING,
    EdgeKind.GAUGE_CHANGE: LegKind.GAUGE_CHANGE,
}

STOP_EDGES = (EdgeKind.TRANSFER, EdgeKind.HANDLING, EdgeKind.GAUGE_CHANGE)
"""Edge kinds that change mode or gauge at a place (a transfers.csv row)."""


class VertexKind(IntEnum):
    """What a vertex of the virtual network stands for (values of ``Csr.vertex_kind``)."""

    DEPARTURE = 0
    """Where every trip from a place starts (access edges lead to its states)."""
    ARRIVAL = 1
    """Where every trip to a place ends."""
    STATE = 2
    """A (place, mode, gauge) state reached by some link."""
    FRONTIER = 3
    """A point on a border link: the frontier, before or after crossing formalities."""


class Criterion(IntEnum):
    """Columns of ``EdgeTable.criteria``."""

    TIME_H = 0
    COST_USD = 1
    CO2_KG = 2
    DISTANCE_KM = 3
    BORDERS = 4
    TRANSFERS = 5


CRITERIA = tuple(c.name.lower() for c in Criterion)


@dataclass(frozen=True, slots=True, eq=False)
class Csr:
    """The structure: edges sorted by tail (CSR), and what each vertex is."""

    indptr: IntArray
    indices: IntArray
    """Head vertex of each edge."""
    tails: IntArray
    """Tail vertex of each edge."""
    vertex_kind: IntArray
    """:class:`VertexKind` of each vertex."""
    vertex_node: IntArray
    """Place of each vertex (a frontier vertex: the place of the country it belongs to)."""
    vertex_mode: IntArray
    """Position in ``corridor.vocab.MODES`` (-1: departure and arrival vertices)."""
    vertex_gauge: IntArray
    """Gauge in mm (0: not rail, or departure / arrival)."""
    dep_vertex: IntArray
    """Departure vertex of each place."""
    arr_vertex: IntArray
    """Arrival vertex of each place."""
    vertex_carrier: IntArray
    """Carrier layer of a road vertex: ``len(countries)`` for the base layer, else the
    class copy (index of its first country in ``Labels.countries``); -1 off the road."""

    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return int(self.indptr.shape[0] - 1)

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return int(self.indices.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class EdgeTable:
    """One row per edge, in CSR order."""

    kind: IntArray
    """:class:`EdgeKind` of each edge."""
    criteria: FloatArray
    """``[n_edges, len(Criterion)]``: time, money, CO2e, km, borders, transfers."""
    link: IntArray
    """Link row of a move or border edge (-1 otherwise)."""
    direction: IntArray
    """+1 along the link's from -> to, -1 against it, 0 for other edges."""
    crossing: IntArray
    """Crossing row of a border edge (-1 otherwise)."""
    transfer: IntArray
    """Transfer row of a transfer, gauge-change or handling edge (-1 otherwise)."""
    node: IntArray
    """Place the edge starts at (a border edge: the crossing's place)."""
    country: IntArray
    """Country (index into ``Labels.countries``) the edge is priced in."""
    mode: IntArray
    """Mode of the edge (position in ``corridor.vocab.MODES``; stop edges: the mode entered)."""
    gauge: IntArray
    """Gauge in mm (0: not rail)."""
    status: IntArray
    """Position in ``corridor.vocab.STATUSES`` (closed edges are never routed)."""
    dwell_median_h: FloatArray
    dwell_p90_h: FloatArray
    capacity_teu_day: FloatArray
    """``inf`` where the data gives no capacity."""
    carrier: IntArray
    """Carrier layer of an edge touching a road vertex (graph/_carriers.py): -1 for edges
    every layer shares; ``len(countries)`` for base-layer edges any truck may use,
    ``len(countries) + 1`` for those only the unconstrained answer uses; on a class copy
    the class (its first country); on a transload edge the country of the truck taking
    over."""
    service: IntArray
    """Rail service of a border edge with a block-train figure: 0 block, 1 wagonload; -1 for
    edges every service shares (graph/_services.py)."""


@dataclass(frozen=True, slots=True, eq=False)
class Labels:
    """Ids, names and coordinates of places, links, crossings and countries."""

    node_ids: tuple[str, ...]
    node_lookup: Mapping[str, int]
    node_names: tuple[str, ...]
    node_aliases: tuple[tuple[str, ...], ...]
    node_country: IntArray
    node_lat: FloatArray
    node_lon: FloatArray
    link_ids: tuple[str, ...]
    link_from: IntArray
    link_to: IntArray
    link_modes: tuple[str, ...]
    link_length_km: FloatArray
    link_frontier_km: FloatArray
    """km from a border link's ``from`` place to the frontier (NaN for domestic links)."""
    crossing_ids: tuple[str, ...]
    crossing_names: tuple[str, ...]
    countries: tuple[str, ...]
    node_kinds: tuple[str, ...] = ()
    """Kind of each place (city, seaport, border_crossing...): the place search's tie-break."""
    link_frequency_per_week: FloatArray = field(default_factory=lambda: np.zeros(0))
    """Departures per week of each link (links.csv ``frequency_per_week``; 0: no timetable,
    e.g. road and rail). Ferry waits come from it (:func:`corridor.paths.link_headway_h`)."""
    corridor_ids: tuple[str, ...] = ()
    """Named corridors (corridors.csv), in table order: their ids ..."""
    corridor_names: tuple[str, ...] = ()
    corridor_waypoints: tuple[tuple[str, ...], ...] = ()
    """... the place ids each runs through ..."""
    corridor_modes: tuple[tuple[str, ...], ...] = ()
    """... the modes it is restricted to (empty: any) ..."""
    corridor_planned: tuple[bool, ...] = ()
    """... and whether it needs planned links."""
    carrier_names: tuple[str, ...] = ()
    """Name of each carrier layer (``Csr.vertex_carrier``; graph/_carriers.py): a class's
    countries (``KG/KZ``) at the index of its first country, "" for the other countries,
    ``third-country`` for the base layer at ``len(countries)``; empty without rights."""

    def node_index(self, node_id: str) -> int:
        """Index of a place id; raises UnknownIdError."""
        try:
            return self.node_lookup[node_id]
        except KeyError:
            msg = f"unknown place {node_id!r}"
            raise UnknownIdError(msg) from None


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Graph:
    """A compiled network (see DESIGN.md, "The graph"). Built by :func:`corridor.graph.compile`.

    Vertices are (place, mode, gauge) states, frontier points of border links, and one
    departure and one arrival vertex per place (``csr.vertex_kind`` says which); edges are
    moves, border formalities, transfers, gauge changes, port handling and access edges.
    """

    csr: Csr
    edges: EdgeTable
    labels: Labels
    unit: str
    payload_t_teu: float
    value_of_time_usd_h: float
    carbon_price_usd_t: float
    source: str
    context: Context = field(default_factory=Context)
    """The day, as-of date and scenario of the network compiled (every route built on the
    graph carries it)."""

    @property
    def n_vertices(self) -> int:
        """Number of vertices of the virtual network."""
        return self.csr.n_vertices

    @property
    def n_edges(self) -> int:
        """Number of edges of the virtual network."""
        return self.csr.n_edges

    def node_index(self, node_id: str) -> int:
        """Index of a place id; raises UnknownIdError."""
        return self.labels.node_index(node_id)


@dataclass(frozen=True, slots=True, eq=False)
class Subgraph:
    """The edges of a graph that a mask keeps, as CSR arrays of their own."""

    indptr: IntArray
    indices: IntArray
    edges: IntArray
    """Edge of the full graph behind each kept edge (CSR order is kept)."""


def subgraph(graph: Graph, keep: BoolArray) -> Subgraph:
    """CSR of the edges where ``keep`` is true, on the same vertices.

    Examples
    --------
    >>> import corridor, numpy as np
    >>> from corridor.data import path
    >>> g = corridor.compile(corridor.load(path("examples/tiny")))
    >>> sub = subgraph(g, g.edges.kind != EdgeKind.ACCESS)
    >>> sub.indptr.shape[0] == g.n_vertices + 1
    True
    """
    kept = np.flatnonzero(keep)
    n = graph.n_vertices
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(graph.csr.tails[kept], minlength=n), out=indptr[1:])
    return Subgraph(indptr=indptr, indices=graph.csr.indices[kept], edges=kept)
