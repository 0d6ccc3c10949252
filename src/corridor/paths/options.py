"""What a route may use: one typed value taken by every route function.

``RouteOptions`` holds ids, never text to be parsed: modes are :class:`corridor.vocab.Mode`
values, countries ISO2 codes, places, crossings and links their ids. The command line and
the service turn user text into one (comma lists, guessing what ``--avoid torkham`` is);
the library only checks the ids against the graph.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from corridor._types import BoolArray
from corridor.errors import InputError, UnknownIdError
from corridor.graph.model import EdgeKind, Graph, VertexKind
from corridor.network.places import PlaceIndex, PlaceMatch
from corridor.vocab import MODES, SERVICES, STATUSES, Status

_DEPART = VertexKind.DEPARTURE
_PLACES: weakref.WeakKeyDictionary[Graph, PlaceIndex] = weakref.WeakKeyDictionary()
"""Place index per graph (a graph is immutable, so its index never goes stale)."""
_AVOID = ("avoid_countries", "avoid_places", "avoid_crossings", "avoid_links")
_USABLE = {
    False: STATUSES.index(Status.EXISTING),
    True: STATUSES.index(Status.PLANNED),  # existing, under construction, planned
}


@dataclass(frozen=True, slots=True)
class RouteOptions:
    """Constraints on a route: modes, avoided countries / places / crossings / links.

    Sequences are stored sorted and without repeats, so equal options compare (and hash)
    equal.

    Examples
    --------
    >>> RouteOptions(modes=("road",), avoid_countries=("AF",)).modes
    (<Mode.ROAD: 'road'>,)
    """

    modes: tuple[str, ...] | None = None
    """Only these modes (None: all); stored as :class:`corridor.vocab.Mode` members."""
    avoid_countries: tuple[str, ...] = ()
    """ISO2 codes of countries no edge may be in."""
    avoid_places: tuple[str, ...] = ()
    """Place ids (or names): no link touching them, no crossing at them."""
    avoid_crossings: tuple[str, ...] = ()
    avoid_links: tuple[str, ...] = ()
    include_planned: bool = False
    """Also use planned and under-construction links."""
    carrier: str = "origin"
    """Whose trucks drive (rights.csv): ``origin`` (default: the origin's country, changing
    trucks only at a transload), an ISO2 country code, or ``any`` (no rights: the
    unconstrained answer)."""
    service: str = "block"
    """Rail service: ``block`` (container block trains, the default for containers) or
    ``wagonload`` (per-wagon border times, CAREC CPMM)."""
    road_truck_factor: float = 1.0
    """Truck-TEU per TEU of the freight: road money (line haul, border fees) is per truck,
    and a commodity segment's TEU of capacity takes ``2 x t_per_teu_eq / t_per_truck`` of
    it (1 for containers, 1.68 for dry bulk: ``corridor.analysis._segments.
    road_truck_factor``); the cost and generalised objectives weigh it and the route's
    money (legs and totals) counts it."""

    def __post_init__(self) -> None:
        if self.modes is not None:
            modes = _ids("modes", self.modes)
            bad = [m for m in modes if m not in MODES]
            if bad:
                msg = f"unknown mode(s) {bad}; choose from {[m.value for m in MODES]}"
                raise InputError(msg)
            object.__setattr__(self, "modes", tuple(m for m in MODES if m in set(modes)))
        for name in _AVOID:
            object.__setattr__(self, name, tuple(sorted(set(_ids(name, getattr(self, name))))))
        object.__setattr__(self, "include_planned", bool(self.include_planned))
        object.__setattr__(self, "carrier", _carrier(self.carrier))
        f = float(self.road_truck_factor)
        if not (np.isfinite(f) and f > 0):
            msg = f"road_truck_factor must be a finite number > 0, not {self.road_truck_factor}"
            raise InputError(msg)
        object.__setattr__(self, "road_truck_factor", f)
        if self.service not in SERVICES:
            msg = f"unknown rail service {self.service!r}; choose from {[str(x) for x in SERVICES]}"
            raise InputError(msg)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "modes": [str(m) for m in self.modes] if self.modes is not None else None,
            **{name: list(getattr(self, name)) for name in _AVOID},
            "include_planned": self.include_planned,
            "carrier": self.carrier,
            "service": self.service,
            **(
                {"road_truck_factor": self.road_truck_factor} if self.road_truck_factor != 1 else {}
            ),
        }


def _carrier(value: str) -> str:
    text = str(value).strip()
    if text.lower() in ("origin", "any"):
        return text.lower()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    msg = f"carrier {value!r}: choose 'origin', 'any' or a country code (ISO2, e.g. UZ)"
    raise InputError(msg)


def _ids(field: str, value: Iterable[str]) -> list[str]:
    if isinstance(value, str):
        msg = f"RouteOptions.{field} takes a sequence of ids, not the string {value!r}"
        raise InputError(msg)
    return [str(v) for v in value]


def place_index(graph: Graph, text: str, *, strict: bool = False) -> int:
    """Index of the place ``text`` names (id, name or alias; case-insensitive).

    ``strict``: only an id or a name (see :func:`place_match`).
    """
    lookup = graph.labels.node_lookup.get(text)
    if lookup is not None:
        return lookup
    return place_match(graph, text, strict=strict).index


def place_match(graph: Graph, text: str, *, strict: bool = False) -> PlaceMatch:
    """The place ``text`` names and how (``exact``, ``alias``, ``prefix`` or ``fuzzy``),
    from the graph's place index (built once per graph).

    Raises
    ------
    UnknownIdError
        Nothing matches, or (``strict``) the match is not exact.
    AmbiguousPlaceError
        Several places match about equally well.
    """
    lookup = graph.labels.node_lookup.get(text)
    if lookup is not None:
        return PlaceMatch(lookup, text, "exact")
    index = graph_places(graph)
    m = index.match(text)
    if strict and m.match != "exact":
        msg = f"place {text!r} is not an exact id or name (--strict-places); {index.describe(m)}"
        raise UnknownIdError(msg)
    return m


def graph_places(graph: Graph) -> PlaceIndex:
    """The place index of a compiled graph (built on first use, kept with the graph)."""
    index = _PLACES.get(graph)
    if index is None:
        labels = graph.labels
        index = _PLACES[graph] = PlaceIndex(
            labels.node_ids,
            labels.node_names,
            labels.node_aliases,
            [labels.countries[c] for c in labels.node_country.tolist()],
            labels.node_kinds or None,  # kinds break ties: Islamabad (city) over Islam Qala
        )
    return index


def usable_edges(graph: Graph, options: RouteOptions | None = None) -> BoolArray:
    """Which edges a route may use under ``options`` (closed elements never).

    Raises
    ------
    UnknownIdError
        For an avoided country, place, crossing or link the graph does not have.
    """
    o = options or RouteOptions()
    e, csr, labels = graph.edges, graph.csr, graph.labels
    ok = e.status <= _USABLE[o.include_planned]
    if o.modes is not None:
        allowed = np.array([m in o.modes for m in MODES] + [True])  # last: "no mode" (-1)
        ok &= allowed[csr.vertex_mode[csr.tails]] & allowed[csr.vertex_mode[csr.indices]]
    countries = _indices("avoid_countries", o.avoid_countries, labels.countries, "country")
    crossings = _indices("avoid_crossings", o.avoid_crossings, labels.crossing_ids, "crossing")
    links = _indices("avoid_links", o.avoid_links, labels.link_ids, "link")
    for place in o.avoid_places:
        p = place_index(graph, place)
        links += np.flatnonzero((labels.link_from == p) | (labels.link_to == p)).tolist()
        crossings += np.unique(e.crossing[(e.kind == EdgeKind.BORDER) & (e.node == p)]).tolist()
    ok &= _carrier_mask(graph, o.carrier)
    ok &= e.service != (1 - SERVICES.index(o.service))  # the other service's edges
    for column, bad, n in (
        (e.country, countries, len(labels.countries)),
        (e.crossing, crossings, len(labels.crossing_ids)),
        (e.link, links, len(labels.link_ids)),
    ):
        if bad:
            hit = np.zeros(n + 1, dtype=bool)  # last: -1, "not this kind of element"
            hit[bad] = True
            ok &= ~hit[column]
    return ok


def _carrier_mask(graph: Graph, carrier: str) -> BoolArray:
    """Edges of the carrier layers a route may use (graph/_carriers.py): the base layer
    alone, every edge of it, for ``any``; else the base edges a foreign truck may use and
    every class copy, a trip starting in the layer of its carrier (``origin``: the country
    of the place it starts from; the base layer if that class has no copy there)."""
    e, csr, labels = graph.edges, graph.csr, graph.labels
    n_c = len(labels.countries)
    if not labels.carrier_names:
        return np.ones(e.carrier.shape[0], dtype=bool)  # no rights, no layers
    tl, hl = csr.vertex_carrier[csr.tails], csr.vertex_carrier[csr.indices]
    if carrier == "any":
        return ~(((tl >= 0) & (tl < n_c)) | ((hl >= 0) & (hl < n_c)))
    layer_of = np.full(n_c, n_c, dtype=np.int64)
    for k, name in enumerate(labels.carrier_names[:n_c]):
        for code in filter(None, name.split("/")):
            layer_of[labels.countries.index(code)] = k
    if carrier == "origin":
        own = layer_of[labels.node_country[csr.vertex_node[csr.tails]]]
    else:
        if carrier not in labels.countries:
            shown = ", ".join(labels.countries)
            msg = f"carrier: unknown country {carrier!r} (the network has {shown})"
            raise UnknownIdError(msg)
        own = np.full(tl.shape[0], layer_of[labels.countries.index(carrier)])
    start = (e.kind == EdgeKind.ACCESS) & (csr.vertex_kind[csr.tails] == _DEPART) & (hl >= 0)
    has_own = np.zeros(csr.vertex_kind.shape[0], dtype=bool)
    has_own[csr.tails[start & (hl == own)]] = True
    ok_start = (hl == own) | ((hl == n_c) & ~has_own[csr.tails])
    ok: BoolArray = (e.carrier != n_c + 1) & (~start | ok_start)
    return ok


def _indices(field: str, ids: tuple[str, ...], known: tuple[str, ...], what: str) -> list[int]:
    """Every row index of each id: a crossing with a row per direction has two, and
    avoiding it removes both directions."""
    lookup: dict[str, list[int]] = {}
    for i, x in enumerate(known):
        lookup.setdefault(x, []).append(i)
    missing = [x for x in ids if x not in lookup]
    if missing:
        unique = list(dict.fromkeys(known))
        shown = ", ".join(unique[:12]) + (", ..." if len(unique) > 12 else "")
        msg = f"{field}: unknown {what} {missing[0]!r} (the network has {shown})"
        raise UnknownIdError(msg)
    return [i for x in ids for i in lookup[x]]


__all__ = [
    "RouteOptions",
    "graph_places",
    "place_index",
    "place_match",
    "usable_edges",
]
