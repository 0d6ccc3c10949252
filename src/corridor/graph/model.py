"""The compiled virtual network: CSR arrays plus per-edge criteria (what kernels see)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from corridor._types import BoolArray, FloatArray, IntArray
from corridor.errors import UnknownIdError


class EdgeKind(IntEnum):
    """What an edge of the virtual network stands for."""

    MOVE = 0
    """Moving along (half of) a physical link."""
    TRANSFER = 1
    """A change of gauge or of land mode at a node (bogie exchange, crane transfer)."""
    BORDER = 2
    """Formalities at a border crossing."""
    HANDLING = 3
    """Port handling: a change between sea/ferry and another mode."""
    ACCESS = 4
    """Zero-cost start (place -> mode) or end (mode -> place) of a trip."""


class Criterion(IntEnum):
    """Columns of ``Graph.criteria``."""

    TIME_H = 0
    COST_USD = 1
    CO2_KG = 2
    DISTANCE_KM = 3
    BORDERS = 4
    TRANSFERS = 5


CRITERIA = tuple(c.name.lower() for c in Criterion)
STATUS_CODES = ("existing", "under_construction", "planned", "closed")
MODES = ("rail", "road", "sea", "ferry")


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Graph:
    """A compiled network (see DESIGN.md, "The graph").

    Vertices are (place, mode, gauge) states plus one departure and one arrival vertex per
    place; edges are moves, transfers, border crossings, port handling and access edges,
    sorted by tail vertex (CSR). Built by :func:`corridor.graph.compile`.
    """

    # CSR structure
    indptr: IntArray
    indices: IntArray
    tails: IntArray
    # per edge
    criteria: FloatArray
    kind: IntArray
    link: IntArray
    direction: IntArray
    crossing: IntArray
    transfer: IntArray
    node: IntArray
    country: IntArray
    mode: IntArray
    gauge: IntArray
    from_gauge: IntArray
    status: IntArray
    dwell_median_h: FloatArray
    dwell_p90_h: FloatArray
    capacity_teu_day: FloatArray
    # per vertex
    vertex_node: IntArray
    vertex_mode: IntArray
    vertex_gauge: IntArray
    first_mid_vertex: int
    # per place
    node_ids: tuple[str, ...]
    node_lookup: Mapping[str, int]
    node_names: tuple[str, ...]
    node_aliases: tuple[tuple[str, ...], ...]
    node_country: IntArray
    node_lat: FloatArray
    node_lon: FloatArray
    dep_vertex: IntArray
    arr_vertex: IntArray
    # names of other indices
    link_ids: tuple[str, ...]
    link_from: IntArray
    link_to: IntArray
    link_modes: tuple[str, ...]
    link_length_km: FloatArray
    crossing_ids: tuple[str, ...]
    crossing_names: tuple[str, ...]
    transfer_labels: tuple[str, ...]
    countries: tuple[str, ...]
    # scalar parameters
    unit: str
    payload_t_teu: float
    value_of_time_usd_h: float
    carbon_price_usd_t: float
    source: str

    @property
    def n_vertices(self) -> int:
        """Number of vertices of the virtual network."""
        return int(self.indptr.shape[0] - 1)

    @property
    def n_edges(self) -> int:
        """Number of edges of the virtual network."""
        return int(self.indices.shape[0])

    def node_index(self, node_id: str) -> int:
        """Index of a place id; raises UnknownIdError."""
        try:
            return self.node_lookup[node_id]
        except KeyError:
            msg = f"unknown place {node_id!r}"
            raise UnknownIdError(msg) from None

    def mask(
        self,
        *,
        modes: tuple[str, ...] | None = None,
        avoid_countries: tuple[str, ...] = (),
        avoid_crossings: tuple[str, ...] = (),
        avoid_links: tuple[str, ...] = (),
        include_planned: bool = False,
    ) -> BoolArray:
        """Boolean array: which edges a route may use under these constraints."""
        # status codes: 0 existing, 1 under construction, 2 planned, 3 closed (never usable)
        ok = self.status == 0 if not include_planned else self.status <= 2
        if modes is not None:
            allowed = np.array([m in modes for m in MODES] + [True])  # last: "no mode"
            vm = self.vertex_mode
            ok &= allowed[vm[self.tails]] & allowed[vm[self.indices]]
        if avoid_countries:
            bad = np.array([c in avoid_countries for c in self.countries] + [False])
            ok &= ~bad[self.country]
        if avoid_crossings:
            bad_x = np.array([c in avoid_crossings for c in self.crossing_ids] + [False])
            ok &= ~bad_x[self.crossing]
        if avoid_links:
            bad_l = np.array([lk in avoid_links for lk in self.link_ids] + [False])
            ok &= ~bad_l[self.link]
        return ok
