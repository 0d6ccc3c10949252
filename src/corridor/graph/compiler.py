"""compile(network) -> Graph: expand the network into a virtual network (NODUS style).

Each place becomes one vertex per (mode, gauge) that reaches it, plus a departure and an
arrival vertex. Moving along a link, changing gauge or mode, port handling and crossing a
border are explicit edges with their own time, money and emissions, so a route's breakdown
falls out of its edges.

``_compile`` runs named steps, each returning one block of edges:

1. ``_moves``: links inside one country, one edge per (link, gauge, direction);
2. ``_border_chains``: a link between two countries is split at the frontier (the part
   from its ``from`` place to ``frontier_km`` priced in the country left, the rest in the
   country entered), with the formalities of the crossings that apply to that direction in
   between, on frontier vertices of their own;
3. ``_transfers``: changes of mode or gauge and port handling between the states at a place;
4. ``_access``: departure -> every state of a place, every state -> arrival;

then ``_assemble`` sorts the edges by tail into CSR and gives every vertex its
:class:`~corridor.graph.model.VertexKind`.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from corridor._gc import paused_gc
from corridor._types import FloatArray, IntArray
from corridor.errors import InputError
from corridor.graph._carriers import carrier_layers
from corridor.graph._services import service_edges
from corridor.graph.model import (
    Criterion,
    Csr,
    EdgeKind,
    EdgeTable,
    Graph,
    Labels,
    VertexKind,
)
from corridor.network.model import Network
from corridor.network.validate import parse_state
from corridor.units import G_PER_KG, Unit, teu_per_unit
from corridor.vocab import MODES, STATUSES, CrossingStatus, Mode, Status

_NC = len(Criterion)
_MODE_CODE = {m: i for i, m in enumerate(MODES)}
_STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}
_CLOSED = _STATUS_CODE[Status.CLOSED]
_WATER = (_MODE_CODE[Mode.SEA], _MODE_CODE[Mode.FERRY])
_MEMO: OrderedDict[tuple[str, str], Graph] = OrderedDict()
"""Compiled graphs by (content of the network, unit): the last few, most recent last."""
_MEMO_SIZE = 8
_KEYS: weakref.WeakKeyDictionary[Network, str] = weakref.WeakKeyDictionary()
"""The content key of each live network (computed once per immutable object)."""
_TABLES = (
    "nodes",
    "links",
    "crossings",
    "transfers",
    "parameters",
    "corridors",
    "calendar",
    "meta",
)
_T = TypeVar("_T")


def compile(network: Network, unit: str = "teu") -> Graph:
    """Compile a network into the virtual-network graph the kernels search.

    Parameters
    ----------
    network
        A validated network.
    unit
        ``"teu"`` (default) or ``"tonne"``: money and CO2 per TEU or per tonne of cargo.

    Returns
    -------
    Graph
        Its arrays are read-only. Memoised on the network's content and the unit
        (:func:`content_key`; the last few graphs): compiling the same network, or another
        network with the same tables, returns the same object, and an edited network (a new
        ``Network`` with other content) never gets a stale one.

    Raises
    ------
    InputError
        If ``unit`` is unknown, two gauges meet at a place with no gauge-change transfer,
        or a border link has no frontier point.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> g = compile(corridor.load(path("examples/tiny")))
    >>> g.n_vertices > 0
    True
    """
    try:
        unit = Unit(unit).value
    except ValueError:
        msg = f"unknown unit {unit!r}; choose from {[u.value for u in Unit]}"
        raise InputError(msg) from None
    key = (content_key(network), unit)
    graph = _MEMO.get(key)
    if graph is None:
        with paused_gc():  # millions of edges on a large network: see corridor._gc
            graph = _compile(network, unit)
        _MEMO[key] = graph
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    _MEMO.move_to_end(key)
    return graph


def content_key(network: Network) -> str:
    """A SHA-256 of everything :func:`compile` reads from ``network`` (its tables, their
    columns and types, the reasons of its statuses, its source label and context): two networks
    with the same content get the same key, whatever objects they are."""
    known = _KEYS.get(network)
    if known is not None:
        return known
    h = hashlib.sha256(network.source.encode())
    for name in _TABLES:
        frame = getattr(network, name)
        h.update(f"\0{name}\0{list(frame.columns)}\0{[str(t) for t in frame.dtypes]}".encode())
        try:
            h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        except TypeError:  # unhashable cells (lists): their text
            h.update(frame.to_csv().encode())
    h.update(repr(sorted(network.reasons.items())).encode())
    h.update(repr(network.context).encode())  # the graph carries it (date, scenario)
    key = h.hexdigest()
    _KEYS[network] = key
    return key


class _Params:
    """Parameter lookup with the order (mode, country), (mode, *), (*, country), (*, *)."""

    def __init__(self, table: pd.DataFrame) -> None:
        self._v = {
            (m, c, n): float(v)
            for m, c, n, v in zip(
                table["mode"], table["country"], table["name"], table["value"], strict=True
            )
        }

    def get(self, mode: str, country: str, name: str) -> float:
        for key in (
            (mode, country, name),
            (mode, "*", name),
            ("*", country, name),
            ("*", "*", name),
        ):
            if key in self._v:
                return self._v[key]
        msg = f"parameters.csv: no {name} for mode {mode!r} in {country}"
        raise InputError(msg)

    def has(self, name: str) -> bool:
        """Whether any row gives ``name``."""
        return any(n == name for _, _, n in self._v)

    def table(
        self, modes: IntArray, countries: IntArray, names: tuple[str, ...], name: str
    ) -> FloatArray:
        """Vectorised lookup for arrays of mode and country indices."""
        out = np.empty(modes.shape[0])
        keys = modes.astype(np.int64) * 10_000 + countries
        for key in np.unique(keys):
            m, c = divmod(int(key), 10_000)
            out[keys == key] = self.get(MODES[m], names[c], name)
        return out


@dataclass(frozen=True, slots=True)
class _Context:
    """What every step reads: the network, place and country indices, parameters."""

    network: Network
    unit: str
    nidx: dict[str, int]
    countries: tuple[str, ...]
    node_country: IntArray
    params: _Params
    payload_t_teu: float
    per_unit: float

    @classmethod
    def of(cls, network: Network, unit: str) -> _Context:
        nodes = network.nodes
        countries = tuple(sorted(set(nodes["country"])))
        cidx = {c: i for i, c in enumerate(countries)}
        params = _Params(network.parameters)
        payload = params.get("*", "*", "payload_t_teu")
        return cls(
            network=network,
            unit=unit,
            nidx={nid: i for i, nid in enumerate(nodes["id"].tolist())},
            countries=countries,
            node_country=np.array([cidx[c] for c in nodes["country"].tolist()], dtype=np.int64),
            params=params,
            payload_t_teu=payload,
            per_unit=teu_per_unit(unit, payload),
        )

    @property
    def n_nodes(self) -> int:
        return len(self.nidx)


@dataclass(frozen=True, slots=True)
class _Directed:
    """Directed link states: one row per (link, gauge, direction of travel)."""

    link: IntArray
    gauge: IntArray
    tail: IntArray
    head: IntArray
    direction: IntArray
    mode: IntArray
    status: IntArray
    length_km: FloatArray
    tail_km: FloatArray
    """km from the tail to the frontier (NaN for a domestic link)."""
    speed_kmh: FloatArray
    """The link's own speed (NaN: the parameters' speed of its mode and country)."""
    speed_factor: FloatArray
    """The day's slowdown (calendar.csv, restricted): speed is multiplied by it."""
    extra_h: FloatArray
    """The day's extra hours on the link (calendar.csv), spread over it by km."""
    capacity_teu_day: FloatArray
    traction: IntArray
    """Index into :data:`_TRACTIONS` (0: unknown; rail links only say)."""


_TRACTIONS = ("", "electric", "diesel")
"""Rail traction codes of ``links.traction``; each picks its emission factor."""
_CO2_NAMES = ("co2e_g_tkm", "co2e_g_tkm_electric", "co2e_g_tkm_diesel")
"""The parameters row each traction reads (unknown traction: ``co2e_g_tkm``)."""


@dataclass(frozen=True, slots=True)
class _States:
    """(place, mode, gauge) state vertices, numbered from ``first``, sorted by place."""

    first: int
    node: IntArray
    mode: IntArray
    gauge: IntArray
    tail_vertex: IntArray
    """State vertex at the tail of each directed link row."""
    head_vertex: IntArray

    @property
    def n(self) -> int:
        return int(self.node.shape[0])


_Block = dict[str, np.ndarray]
_DEFAULTS: dict[str, tuple[float, type]] = {
    "link": (-1, np.int64),
    "direction": (0, np.int64),
    "crossing": (-1, np.int64),
    "transfer": (-1, np.int64),
    "node": (-1, np.int64),
    "country": (-1, np.int64),
    "mode": (-1, np.int64),
    "gauge": (0, np.int64),
    "status": (0, np.int64),
    "dwell_median_h": (0.0, np.float64),
    "dwell_p90_h": (0.0, np.float64),
    "capacity_teu_day": (np.inf, np.float64),
    "carrier": (-1, np.int64),
    "service": (-1, np.int64),
}


def _block(
    tail: IntArray,
    head: IntArray,
    kind: int | IntArray,
    criteria: FloatArray | None = None,
    **cols: Any,
) -> _Block:
    """A block of edges: every column of the edge table, defaults where not given."""
    n = int(tail.shape[0])
    out: _Block = {
        "tail": np.asarray(tail, dtype=np.int64),
        "head": np.asarray(head, dtype=np.int64),
        "kind": np.broadcast_to(np.asarray(kind, dtype=np.int64), (n,)),
        "criteria": np.zeros((n, _NC)) if criteria is None else criteria,
    }
    for name, (default, dtype) in _DEFAULTS.items():
        out[name] = np.broadcast_to(np.asarray(cols.pop(name, default), dtype=dtype), (n,))
    if cols:
        msg = f"unknown edge columns {sorted(cols)}"
        raise TypeError(msg)
    return out


def _compile(network: Network, unit: str) -> Graph:
    ctx = _Context.of(network, unit)
    directed = _directed_links(ctx)
    states = _states(ctx, directed)
    first_frontier = states.first + states.n
    border, frontier = _border_chains(ctx, directed, states, first_frontier)
    blocks = [
        _moves(ctx, directed, states),
        border,
        _transfers(ctx, states),
        _access(ctx, states),
    ]
    return _assemble(ctx, states, frontier, blocks)


def _directed_links(ctx: _Context) -> _Directed:
    """One row per (link, gauge, direction): a two-way link gives a row each way."""
    links = ctx.network.links
    gauges = [[int(g) for g in str(t).split("|")] if t else [0] for t in links["gauge_mm"].tolist()]
    idx = np.repeat(np.arange(len(links), dtype=np.int64), [len(g) for g in gauges])
    gauge = np.array([g for gs in gauges for g in gs], dtype=np.int64)
    l_from, l_to = (_node_indices(ctx, links[end])[idx] for end in ("from", "to"))
    length = links["length_km"].to_numpy(dtype=np.float64)
    frontier = _frontier_km(ctx, l_from, l_to, idx)
    back = ~links["oneway"].to_numpy(dtype=bool)[idx]
    link = np.concatenate([idx, idx[back]])
    statuses = _codes(links["status"], {s.value: c for s, c in _STATUS_CODE.items()})
    modes = _codes(links["mode"], {m.value: c for m, c in _MODE_CODE.items()})
    return _Directed(
        link=link,
        gauge=np.concatenate([gauge, gauge[back]]),
        tail=np.concatenate([l_from, l_to[back]]),
        head=np.concatenate([l_to, l_from[back]]),
        direction=np.concatenate(
            [np.ones(len(idx), np.int64), -np.ones(int(back.sum()), np.int64)]
        ),
        mode=modes[link],
        status=statuses[link],
        length_km=length[link],
        tail_km=np.concatenate([frontier, (length[idx] - frontier)[back]]),
        speed_kmh=links["speed_kmh"].to_numpy(dtype=np.float64)[link],
        speed_factor=_column(links, "speed_factor", 1.0)[link],
        extra_h=_column(links, "extra_h", 0.0)[link],
        capacity_teu_day=np.nan_to_num(
            links["capacity_teu_day"].to_numpy(dtype=np.float64), nan=np.inf
        )[link],
        traction=_traction_codes(links)[link],
    )


def _node_indices(ctx: _Context, ids: pd.Series) -> IntArray:
    """Place indices of a column of place ids (validated: every id is a place)."""
    return np.array([ctx.nidx[x] for x in ids.tolist()], dtype=np.int64)


def _codes(values: pd.Series, code: dict[str, int]) -> IntArray:
    """Integer codes of a column of names (validated: every name has a code)."""
    return np.array([code[str(v)] for v in values.tolist()], dtype=np.int64)


def _traction_codes(links: pd.DataFrame) -> IntArray:
    """``links.traction`` as :data:`_TRACTIONS` codes (no column or empty: 0, unknown)."""
    if "traction" not in links.columns:
        return np.zeros(len(links), dtype=np.int64)
    code = {t: i for i, t in enumerate(_TRACTIONS)}
    return np.array([code.get(str(t or ""), 0) for t in links["traction"].tolist()], dtype=np.int64)


def _column(table: pd.DataFrame, name: str, default: float) -> FloatArray:
    """A float column, or ``default`` everywhere when the table has none (NaN -> default)."""
    if name not in table.columns:
        return np.full(len(table), default)
    values: FloatArray = np.nan_to_num(table[name].to_numpy(dtype=np.float64), nan=default)
    return values


def _frontier_km(ctx: _Context, l_from: IntArray, l_to: IntArray, idx: IntArray) -> FloatArray:
    """km from each link row's ``from`` place to the frontier (NaN inside one country).

    Never a midpoint guess: a link between two countries without ``frontier_km`` is an
    error naming it.
    """
    links = ctx.network.links
    border = ctx.node_country[l_from] != ctx.node_country[l_to]
    if "frontier_km" in links.columns:
        given = links["frontier_km"].to_numpy(dtype=np.float64)[idx]
    else:
        given = np.full(len(idx), np.nan)
    missing = border & np.isnan(given)
    if missing.any():
        bad = sorted({str(links["id"].iat[i]) for i in idx[missing]})
        msg = (
            "links.csv: frontier_km is required for links between two countries; "
            f"missing for {bad[:5]}"
        )
        raise InputError(msg)
    return np.where(border, given, np.nan)


def _states(ctx: _Context, d: _Directed) -> _States:
    """The (place, mode, gauge) states reached by some directed link, one vertex each."""
    gauge_codes = np.unique(np.concatenate([[0], d.gauge]))
    n_g = len(gauge_codes)
    state = d.mode * n_g + np.searchsorted(gauge_codes, d.gauge)
    per_node = len(MODES) * n_g
    keys = np.unique(np.concatenate([d.tail * per_node + state, d.head * per_node + state]))
    first = 2 * ctx.n_nodes
    return _States(
        first=first,
        node=keys // per_node,
        mode=(keys % per_node) // n_g,
        gauge=gauge_codes[(keys % per_node) % n_g],
        tail_vertex=first + np.searchsorted(keys, d.tail * per_node + state),
        head_vertex=first + np.searchsorted(keys, d.head * per_node + state),
    )


def _move_criteria(
    ctx: _Context, d: _Directed, rows: IntArray, km: FloatArray, country: IntArray
) -> FloatArray:
    """Criteria of moving ``km`` along directed rows ``rows``, priced in ``country``."""
    mode = d.mode[rows]
    own = d.speed_kmh[rows]
    speed = np.where(
        np.isnan(own), ctx.params.table(mode, country, ctx.countries, "speed_kmh"), own
    )
    tariff = ctx.params.table(mode, country, ctx.countries, "tariff_usd_teu_km")
    co2 = _co2_g_tkm(ctx, mode, country, d.traction[rows])
    crit = np.zeros((len(rows), _NC))
    share = np.divide(km, d.length_km[rows], out=np.zeros(len(rows)), where=d.length_km[rows] > 0)
    crit[:, Criterion.TIME_H] = km / (speed * d.speed_factor[rows]) + d.extra_h[rows] * share
    crit[:, Criterion.COST_USD] = km * tariff * ctx.per_unit
    crit[:, Criterion.CO2_KG] = km * co2 * ctx.payload_t_teu / G_PER_KG * ctx.per_unit
    crit[:, Criterion.DISTANCE_KM] = km
    return crit


def _co2_g_tkm(ctx: _Context, mode: IntArray, country: IntArray, traction: IntArray) -> FloatArray:
    """g CO2e per tonne-km of each move: the factor of the link's traction where it says
    (``co2e_g_tkm_electric`` / ``_diesel``, looked up like any parameter), else
    ``co2e_g_tkm``; a traction factor missing from the table falls back to ``co2e_g_tkm``."""
    out = ctx.params.table(mode, country, ctx.countries, _CO2_NAMES[0])
    for code in np.unique(traction[traction > 0]).tolist():
        sel = traction == code
        name = _CO2_NAMES[code]
        if ctx.params.has(name):
            out[sel] = ctx.params.table(mode[sel], country[sel], ctx.countries, name)
    return out


def _move_cols(d: _Directed, rows: IntArray) -> dict[str, np.ndarray]:
    return {
        "link": d.link[rows],
        "direction": d.direction[rows],
        "mode": d.mode[rows],
        "gauge": d.gauge[rows],
        "status": d.status[rows],
        "capacity_teu_day": d.capacity_teu_day[rows],
    }


def _moves(ctx: _Context, d: _Directed, states: _States) -> _Block:
    """Step 1: moves along links inside one country."""
    rows = np.flatnonzero(ctx.node_country[d.tail] == ctx.node_country[d.head])
    country = ctx.node_country[d.tail[rows]]
    return _block(
        states.tail_vertex[rows],
        states.head_vertex[rows],
        EdgeKind.MOVE,
        _move_criteria(ctx, d, rows, d.length_km[rows], country),
        country=country,
        node=d.tail[rows],
        **_move_cols(d, rows),
    )


@dataclass(frozen=True, slots=True)
class _Crossings:
    """The crossings table as arrays, and which rows apply at each place."""

    at: dict[int, list[tuple[int, frozenset[str], frozenset[str], str]]]
    """place -> (row, its two countries, its modes, its direction ``XX>YY`` or '')."""
    node: IntArray
    median_h: FloatArray
    p90_h: FloatArray
    fee_usd_teu: FloatArray
    capacity_teu_day: FloatArray
    closed: np.ndarray
    """Closed for every mode."""
    closed_modes: tuple[frozenset[str], ...]
    """Modes closed at an otherwise operating crossing (calendar.csv)."""

    @classmethod
    def of(cls, ctx: _Context) -> _Crossings:
        x = ctx.network.crossings
        node = _node_indices(ctx, x["node"])
        direction = x["direction"] if "direction" in x.columns else [""] * len(x)
        at: dict[int, list[tuple[int, frozenset[str], frozenset[str], str]]] = {}
        for k, (n, pair, modes, way) in enumerate(
            zip(
                node.tolist(),
                x["countries"].tolist(),
                x["modes"].tolist(),
                list(direction),
                strict=True,
            )
        ):
            entry = (k, frozenset(pair.split("|")), frozenset(modes.split("|")), str(way or ""))
            at.setdefault(n, []).append(entry)
        if "status" in x.columns:
            closed = (x["status"] == CrossingStatus.CLOSED).to_numpy(dtype=bool)
        else:
            closed = x["closed"].to_numpy(dtype=bool)
        partial = x["closed_modes"] if "closed_modes" in x.columns else [""] * len(x)
        return cls(
            at=at,
            node=node,
            median_h=x["dwell_median_h"].to_numpy(dtype=np.float64),
            p90_h=x["dwell_p90_h"].to_numpy(dtype=np.float64),
            fee_usd_teu=x["fee_usd_teu"].to_numpy(dtype=np.float64),
            capacity_teu_day=np.nan_to_num(
                x["capacity_teu_day"].to_numpy(dtype=np.float64), nan=np.inf
            ),
            closed=closed,
            closed_modes=tuple(frozenset(str(m or "").split("|")) - {""} for m in partial),
        )

    def is_closed(self, chain: list[int], mode: str) -> bool:
        """Whether any crossing of the chain is closed to ``mode``."""
        return any(self.closed[k] or mode in self.closed_modes[k] for k in chain)

    def chain(self, tail: int, head: int, a: str, b: str, mode: str) -> list[int]:
        """Crossing rows passed going from ``tail`` (country a) to ``head`` (country b)."""
        pair = frozenset((a, b))
        return [
            k
            for end in (tail, head)
            for k, countries, modes, way in self.at.get(end, [])
            if countries == pair and mode in modes and way in ("", f"{a}>{b}")
        ]


def _border_chains(
    ctx: _Context, d: _Directed, states: _States, first_vertex: int
) -> tuple[_Block, tuple[IntArray, IntArray, IntArray]]:
    """Step 2: links between two countries, split at the frontier, with formalities.

    A directed link from country A to B becomes: a move from its tail to the first
    frontier vertex (``tail_km``, priced in A), one border edge per crossing row that
    applies to A -> B traffic in that mode (rows with direction ``A>B`` or none), and a
    move from the last frontier vertex to its head (the rest, priced in B). A closed
    crossing closes that direction of the link. Returns the edges and the place, mode and
    gauge of each new frontier vertex (numbered from ``first_vertex``): the first belongs
    to the tail, the last to the head, any between to a crossing's place.
    """
    xs = _Crossings.of(ctx)
    rows = np.flatnonzero(ctx.node_country[d.tail] != ctx.node_country[d.head])
    status = d.status.copy()
    frontier_node: list[int] = []
    frontier_mode: list[int] = []
    frontier_gauge: list[int] = []
    first_mid: list[int] = []
    last_mid: list[int] = []
    b_tail: list[int] = []
    b_cross: list[int] = []
    b_row: list[int] = []
    for r in rows.tolist():
        tail, head = int(d.tail[r]), int(d.head[r])
        a, b = (ctx.countries[ctx.node_country[v]] for v in (tail, head))
        mode = MODES[d.mode[r]]
        chain = xs.chain(tail, head, a, b, mode)
        v0 = first_vertex + len(frontier_node)
        frontier_node += [tail, *xs.node[chain[:-1]].tolist(), head]
        frontier_mode += [int(d.mode[r])] * (len(chain) + 1)
        frontier_gauge += [int(d.gauge[r])] * (len(chain) + 1)
        first_mid.append(v0)
        last_mid.append(v0 + len(chain))
        b_tail += range(v0, v0 + len(chain))
        b_cross += chain
        b_row += [r] * len(chain)
        if xs.is_closed(chain, mode):
            status[r] = _CLOSED
    d_closed = replace(d, status=status)
    sel = np.asarray(rows, dtype=np.int64)
    tail_c, head_c = ctx.node_country[d.tail[sel]], ctx.node_country[d.head[sel]]
    bt = np.array(b_tail, dtype=np.int64)
    bc = np.array(b_cross, dtype=np.int64)
    br = np.array(b_row, dtype=np.int64)
    cols = _move_cols(d_closed, br)
    block = _consume(
        [
            _block(
                states.tail_vertex[sel],
                np.array(first_mid, dtype=np.int64),
                EdgeKind.MOVE,
                _move_criteria(ctx, d, sel, d.tail_km[sel], tail_c),
                country=tail_c,
                node=d.tail[sel],
                **_move_cols(d_closed, sel),
            ),
            _block(
                bt,
                bt + 1,
                EdgeKind.BORDER,
                _stop_criteria(
                    xs.median_h[bc], xs.fee_usd_teu[bc] * ctx.per_unit, Criterion.BORDERS
                ),
                crossing=bc,
                country=ctx.node_country[xs.node[bc]],
                node=xs.node[bc],
                dwell_median_h=xs.median_h[bc],
                dwell_p90_h=xs.p90_h[bc],
                **{**cols, "capacity_teu_day": xs.capacity_teu_day[bc]},
            ),
            _block(
                np.array(last_mid, dtype=np.int64),
                states.head_vertex[sel],
                EdgeKind.MOVE,
                _move_criteria(ctx, d, sel, d.length_km[sel] - d.tail_km[sel], head_c),
                country=head_c,
                node=d.head[sel],
                **_move_cols(d_closed, sel),
            ),
        ]
    )
    frontier = (frontier_node, frontier_mode, frontier_gauge)
    return block, tuple(np.array(x, dtype=np.int64) for x in frontier)  # type: ignore[return-value]


def _transfers(ctx: _Context, states: _States) -> _Block:
    """Step 3: changes between the states present at each place (both ways).

    A change between two rail gauges is a gauge change, one touching sea or ferry is port
    handling, any other a transfer. Each uses the most specific transfers.csv row.
    """
    transfers = ctx.network.transfers
    rules = _rule_index(transfers)
    node_ids = tuple(ctx.nidx)
    tail: list[int] = []
    head: list[int] = []
    rule: list[int] = []
    starts = np.searchsorted(states.node, np.arange(ctx.n_nodes + 1))
    for node in np.flatnonzero(np.diff(starts) > 1).tolist():
        for i in range(starts[node], starts[node + 1]):
            for j in range(i + 1, starts[node + 1]):
                a = (MODES[states.mode[i]], int(states.gauge[i]))
                b = (MODES[states.mode[j]], int(states.gauge[j]))
                k = _match_rule(rules, node_ids[node], a, b)
                if k < 0:
                    if a[0] == b[0] == Mode.RAIL:
                        msg = (
                            f"transfers.csv: rail gauges {a[1]} and {b[1]} meet at "
                            f"{node_ids[node]!r} but no transfer row covers "
                            f"rail:{a[1]} <-> rail:{b[1]}"
                        )
                        raise InputError(msg)
                    continue
                tail += [i, j]
                head += [j, i]
                rule += [k, k]
    tt = np.array(tail, dtype=np.int64)
    th = np.array(head, dtype=np.int64)
    rr = np.array(rule, dtype=np.int64)
    water = np.isin(states.mode[tt], _WATER) | np.isin(states.mode[th], _WATER)
    gauge = (states.mode[tt] == states.mode[th]) & (states.gauge[tt] != states.gauge[th])
    kind = np.where(
        water, EdgeKind.HANDLING, np.where(gauge, EdgeKind.GAUGE_CHANGE, EdgeKind.TRANSFER)
    )
    median = transfers["time_median_h"].to_numpy(dtype=np.float64)[rr]
    cost = transfers["cost_usd_teu"].to_numpy(dtype=np.float64)[rr] * ctx.per_unit
    cap = transfers["capacity_teu_day"].to_numpy(dtype=np.float64)[rr]
    return _block(
        tt + states.first,
        th + states.first,
        kind,
        _stop_criteria(median, cost, Criterion.TRANSFERS),
        transfer=rr,
        node=states.node[tt],
        country=ctx.node_country[states.node[tt]],
        mode=states.mode[th],
        gauge=states.gauge[th],
        dwell_median_h=median,
        dwell_p90_h=transfers["time_p90_h"].to_numpy(dtype=np.float64)[rr],
        capacity_teu_day=np.nan_to_num(cap, nan=np.inf),
    )


def _access(ctx: _Context, states: _States) -> _Block:
    """Step 4: departure -> every state at a place, every state -> arrival (cost 0)."""
    sv = np.arange(states.n, dtype=np.int64) + states.first
    cols: dict[str, Any] = {
        "node": states.node,
        "country": ctx.node_country[states.node],
        "mode": states.mode,
        "gauge": states.gauge,
    }
    return _consume(
        [
            _block(states.node, sv, EdgeKind.ACCESS, **cols),
            _block(sv, states.node + ctx.n_nodes, EdgeKind.ACCESS, **cols),
        ]
    )


def _consume(parts: list[_Block], order: IntArray | None = None) -> _Block:
    """The blocks' columns end to end (then taken in ``order``, if given), one column at a
    time, each removed from ``parts`` once it is copied: at a million edges a column is
    8 MB, and building every column while the old ones live doubled compile's peak memory
    and made fresh pages the cost (10x the edges took 15x the time)."""
    out: _Block = {}
    for k in list(parts[0]):
        joined = np.concatenate([p.pop(k) for p in parts])
        out[k] = joined if order is None else joined[order]
        del joined
    return out


def _readonly(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def _assemble(
    ctx: _Context,
    states: _States,
    frontier: tuple[IntArray, IntArray, IntArray],
    blocks: list[_Block],
) -> Graph:
    """Add the carrier layers; sort the edges by tail into CSR; label every vertex; freeze
    every array."""
    cols = _consume(blocks)  # every full-size column is dropped once its successor exists
    cols = _consume([cols, service_edges(ctx.network.crossings, cols, ctx.per_unit)])
    n = ctx.n_nodes
    frontier_node, f_mode, f_gauge = frontier
    kinds = np.repeat(
        np.array([VertexKind.DEPARTURE, VertexKind.ARRIVAL, VertexKind.STATE, VertexKind.FRONTIER]),
        [n, n, states.n, len(frontier_node)],
    )
    v_node = np.concatenate([np.arange(n), np.arange(n), states.node, frontier_node])
    v_mode = np.concatenate([np.full(2 * n, -1), states.mode, f_mode])
    v_gauge = np.concatenate([np.zeros(2 * n, np.int64), states.gauge, f_gauge])
    layers = carrier_layers(
        ctx.network, ctx.countries, ctx.node_country, cols, v_node, v_mode, kinds, ctx.per_unit
    )
    any_layer = np.where(v_mode == _MODE_CODE[Mode.ROAD], len(ctx.countries), -1)
    if layers.vertex_node.shape[0] == 0:
        any_layer[:] = -1
    order = np.argsort(np.concatenate([cols["tail"], layers.cols["tail"]]), kind="stable")
    cols = _consume([cols, layers.cols], order)
    n_new = layers.vertex_node.shape[0]
    n_vertices = v_node.shape[0] + n_new
    indptr = np.zeros(n_vertices + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols["tail"], minlength=n_vertices), out=indptr[1:])
    csr = Csr(
        indptr=indptr,
        indices=cols["head"],
        tails=cols["tail"],
        vertex_kind=np.concatenate([kinds, layers.vertex_kind]),
        vertex_node=np.concatenate([v_node, layers.vertex_node]),
        vertex_mode=np.concatenate([v_mode, np.full(n_new, _MODE_CODE[Mode.ROAD])]),
        vertex_gauge=np.concatenate([v_gauge, np.zeros(n_new, np.int64)]),
        dep_vertex=np.arange(n, dtype=np.int64),
        arr_vertex=np.arange(n, dtype=np.int64) + n,
        vertex_carrier=np.concatenate([any_layer, layers.vertex_carrier]),
    )
    edges = EdgeTable(**{k: cols[k] for k in EdgeTable.__dataclass_fields__})
    return Graph(
        csr=_freeze(csr, fresh=True),
        edges=_freeze(edges, fresh=True),
        labels=_freeze(replace(_labels(ctx), carrier_names=layers.names)),
        unit=ctx.unit,
        payload_t_teu=ctx.payload_t_teu,
        value_of_time_usd_h=ctx.params.get("*", "*", "value_of_time_usd_teu_h"),
        carbon_price_usd_t=ctx.params.get("*", "*", "carbon_price_usd_t"),
        source=ctx.network.source,
        context=ctx.network.context,
    )


def _freeze(value: _T, *, fresh: bool = False) -> _T:
    """The same dataclass with every array a contiguous, read-only int64/float64 array: an
    own copy, or with ``fresh`` (arrays nothing else holds, as :func:`_assemble` makes
    them) the array itself where it already is one (no second copy of every column)."""
    arrays = {}
    for f in fields(value):  # type: ignore[arg-type]
        a = getattr(value, f.name)
        if isinstance(a, np.ndarray):
            dtype = np.float64 if a.dtype.kind == "f" else np.int64
            if fresh:
                arrays[f.name] = _readonly(np.ascontiguousarray(a, dtype=dtype))
            else:
                arrays[f.name] = _readonly(np.array(a, dtype=dtype, order="C", copy=True))
    return replace(value, **arrays)  # type: ignore[type-var]


def _labels(ctx: _Context) -> Labels:
    nodes, links, crossings = ctx.network.nodes, ctx.network.links, ctx.network.crossings
    l_from, l_to = (_node_indices(ctx, links[end]) for end in ("from", "to"))
    frontier = _frontier_km(ctx, l_from, l_to, np.arange(len(links), dtype=np.int64))
    return Labels(
        node_ids=tuple(nodes["id"].tolist()),
        node_lookup=MappingProxyType(dict(ctx.nidx)),
        node_names=tuple(nodes["name"].tolist()),
        node_aliases=tuple(
            tuple(a for a in str(x).split("|") if a) for x in nodes["aliases"].tolist()
        ),
        node_kinds=tuple(str(k) for k in nodes["kind"].tolist()),
        node_country=ctx.node_country,
        node_lat=nodes["lat"].to_numpy(dtype=np.float64),
        node_lon=nodes["lon"].to_numpy(dtype=np.float64),
        link_ids=tuple(links["id"].tolist()),
        link_from=l_from,
        link_to=l_to,
        link_modes=tuple(links["mode"].tolist()),
        link_length_km=links["length_km"].to_numpy(dtype=np.float64),
        link_frontier_km=frontier,
        crossing_ids=tuple(crossings["id"].tolist()),
        crossing_names=tuple(
            f"{crossing_name(i, n)} ({c.replace('|', '-')})"
            for i, n, c in zip(
                crossings["id"].tolist(),
                (crossings["name"] if "name" in crossings.columns else crossings["id"]).tolist(),
                crossings["countries"].tolist(),
                strict=True,
            )
        ),
        countries=ctx.countries,
        link_frequency_per_week=_frequency(links),
        **_corridors(ctx.network.corridors),
    )


_MODE_SUFFIX = ("_road", "_rail", "_ferry", "_sea")


def crossing_name(crossing_id: str, name: object = "") -> str:
    """A crossing's own name: the table's ``name`` when given, else read from its id
    (``karamyk_road`` -> ``Karamyk``, ``brest_terespol_rail`` -> ``Brest Terespol``,
    ``karachi_sea_ir`` -> ``Karachi sea``), never the place it is recorded at.

    >>> crossing_name("dostuk_road"), crossing_name("x_rail", "Brest–Terespol")
    ('Dostuk', 'Brest–Terespol')
    """
    text = str(name).strip() if name is not None else ""
    if text and text != crossing_id:
        return text
    base, tail = crossing_id, ""
    if "_sea_" in base:  # karachi_sea_ir: the sea route to Iran from Karachi
        base, tail = base.split("_sea_", 1)[0], " sea"
    for suffix in _MODE_SUFFIX:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    words = [w[:1].upper() + w[1:] for w in base.split("_") if w]
    return " ".join(words) + tail


def _frequency(links: pd.DataFrame) -> FloatArray:
    """Departures per week of each link (0 where the table gives none)."""
    if "frequency_per_week" not in links.columns:
        return np.zeros(len(links))
    f = pd.to_numeric(links["frequency_per_week"], errors="coerce").to_numpy(dtype=np.float64)
    return np.where(np.isfinite(f) & (f > 0), f, 0.0)


def _corridors(table: pd.DataFrame) -> dict[str, Any]:
    """The named corridors as the ``corridor_*`` label columns."""

    def pipe(value: object) -> tuple[str, ...]:
        return tuple(x.strip() for x in str(value).split("|") if x.strip())

    n = len(table)
    modes = table["modes"] if "modes" in table.columns else [""] * n
    planned = table["include_planned"] if "include_planned" in table.columns else [False] * n
    return {
        "corridor_ids": tuple(str(x) for x in table["id"]),
        "corridor_names": tuple(str(x) for x in table["name"]),
        "corridor_waypoints": tuple(pipe(w) for w in table["waypoints"]),
        "corridor_modes": tuple(pipe(m) if isinstance(m, str) else () for m in modes),
        "corridor_planned": tuple(str(p).strip().lower() in ("true", "1", "yes") for p in planned),
    }


def _stop_criteria(time_h: FloatArray, cost: FloatArray, counter: Criterion) -> FloatArray:
    """Criteria rows of stop edges (a crossing or a transfer): time, money, one count."""
    crit = np.zeros((time_h.shape[0], _NC))
    crit[:, Criterion.TIME_H] = time_h
    crit[:, Criterion.COST_USD] = cost
    crit[:, counter] = 1.0
    return crit


def _spec_matches(spec: tuple[str, int] | None, state: tuple[str, int]) -> int:
    """-1: no match; 1: mode matches (any gauge); 2: mode and gauge match."""
    if spec is None or spec[0] != state[0]:
        return -1
    if spec[1] == 0:
        return 1
    return 2 if spec[1] == state[1] else -1


_Spec = tuple[str, int] | None
_RuleIndex = dict[str, list[tuple[int, _Spec, _Spec]]]
"""Transfer rows by place id (``*``: the defaults), each list in row order."""


def _rule_index(transfers: pd.DataFrame) -> _RuleIndex:
    """transfers.csv rows grouped by place, so a lookup reads only its place's rows."""
    out: _RuleIndex = {"*": []}
    for k, (n, a, b) in enumerate(
        zip(*(transfers[c].tolist() for c in ("node", "from", "to")), strict=True)
    ):
        out.setdefault(str(n), []).append((k, parse_state(a), parse_state(b)))
    return out


def _match_rule(
    rules: _RuleIndex,
    node_id: str,
    a: tuple[str, int],
    b: tuple[str, int],
) -> int:
    """Most specific transfer row for states a and b at a place (-1 if none).

    A place's own rows score 10 more than any default row, so reading its rows, then the
    defaults, in row order gives the same row as a scan of the whole table.
    """
    best, best_score = -1, -1
    own = rules.get(node_id, []) if node_id != "*" else []
    for bonus, rows in ((10, own), (0, rules["*"])):
        for k, ra, rb in rows:
            for x, y in ((ra, rb), (rb, ra)):
                sa, sb = _spec_matches(x, a), _spec_matches(y, b)
                if sa < 0 or sb < 0:
                    continue
                if a[0] == b[0] and (sa == 1 or sb == 1):
                    continue  # a same-mode change (gauge) needs gauge-specific specs
                score = bonus + sa + sb
                if score > best_score:
                    best, best_score = k, score
    return best
