"""compile(network) -> Graph: expand the network into a virtual network (NODUS style).

Each place becomes one vertex per (mode, gauge) that reaches it, plus a departure and an
arrival vertex. Moving along a link, changing gauge or mode, port handling and crossing a
border are explicit edges with their own time, money and emissions, so a route's breakdown
falls out of its edges. Border links are split at the frontier: half a move in each
country with the crossing's formalities in between.
"""

from __future__ import annotations

import weakref
from types import MappingProxyType

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray
from corridor.errors import InputError
from corridor.graph.model import MODES, STATUS_CODES, Criterion, EdgeKind, Graph
from corridor.network.model import Network
from corridor.network.validate import parse_state
from corridor.units import G_PER_KG, Unit, teu_per_unit

_CACHE: weakref.WeakKeyDictionary[Network, dict[str, Graph]] = weakref.WeakKeyDictionary()
_NC = len(Criterion)


def compile(network: Network, unit: str = "teu") -> Graph:
    """Compile a network into the virtual-network graph the kernels search.

    Parameters
    ----------
    network
        A validated network.
    unit
        ``"teu"`` (default), ``"feu"``, ``"truck"`` or ``"tonne"``: money and CO2 per unit
        (corridor.units.teu_per_unit).

    Returns
    -------
    Graph
        Cached per (network, unit): compiling the same network twice returns the same object.

    Raises
    ------
    InputError
        If ``unit`` is unknown, or two gauges meet at a place with no gauge-change transfer.

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
    per_net = _CACHE.setdefault(network, {})
    graph = per_net.get(unit)
    if graph is None:
        graph = _compile(network, unit)
        per_net[unit] = graph
    return graph


class _Params:
    """Parameter lookup with the order (mode, country), (mode, *), (*, *)."""

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


class _Edges:
    """Columns of edges being built, concatenated at the end."""

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []

    def add(self, n: int, **cols: np.ndarray | float | int) -> None:
        if n == 0:
            return
        full = {
            k: np.broadcast_to(np.asarray(v), (n, _NC) if k == "criteria" else (n,))
            for k, v in cols.items()
        }
        self.parts.append(full)

    def concat(self) -> dict[str, np.ndarray]:
        defaults: dict[str, float | int] = {
            "link": -1,
            "direction": 0,
            "crossing": -1,
            "transfer": -1,
            "mode": -1,
            "gauge": 0,
            "from_gauge": 0,
            "status": 0,
            "dwell_median_h": 0.0,
            "dwell_p90_h": 0.0,
            "capacity_teu_day": np.inf,
            "country": -1,
            "node": -1,
        }
        n_total = sum(len(p["tail"]) for p in self.parts)
        out: dict[str, np.ndarray] = {}
        for key in ("tail", "head", "kind", *defaults):
            dtype = (
                np.float64
                if key in ("dwell_median_h", "dwell_p90_h", "capacity_teu_day")
                else np.int64
            )
            chunks = [
                np.asarray(p.get(key, np.full(len(p["tail"]), defaults.get(key, 0))), dtype=dtype)
                for p in self.parts
            ]
            out[key] = np.concatenate(chunks) if chunks else np.empty(0, dtype)
        crit = [
            np.asarray(p.get("criteria", np.zeros((len(p["tail"]), _NC))), dtype=np.float64)
            for p in self.parts
        ]
        out["criteria"] = np.concatenate(crit) if crit else np.empty((n_total, _NC))
        return out


def _compile(network: Network, unit: str) -> Graph:
    nodes, links = network.nodes, network.links
    node_ids = tuple(nodes["id"])
    n_nodes = len(node_ids)
    nidx = {nid: i for i, nid in enumerate(node_ids)}
    countries = tuple(sorted(set(nodes["country"])))
    cidx = {c: i for i, c in enumerate(countries)}
    node_country = np.array([cidx[c] for c in nodes["country"]], dtype=np.int64)
    params = _Params(network.parameters)
    payload = params.get("*", "*", "payload_t_teu")
    per_unit = teu_per_unit(unit, payload)
    mode_idx = {m: i for i, m in enumerate(MODES)}

    # ---- directed link states: one row per (link, gauge, direction)
    link_gauges = [
        [int(g) for g in str(text).split("|")] if text else [0] for text in links["gauge_mm"]
    ]
    rep = np.array([len(g) for g in link_gauges], dtype=np.int64)
    l_idx = np.repeat(np.arange(len(links), dtype=np.int64), rep)
    l_gauge = np.array([g for gs in link_gauges for g in gs], dtype=np.int64)
    l_from = np.array([nidx[x] for x in links["from"]], dtype=np.int64)[l_idx]
    l_to = np.array([nidx[x] for x in links["to"]], dtype=np.int64)[l_idx]
    two_way = ~links["oneway"].to_numpy(dtype=bool)[l_idx]
    d_link = np.concatenate([l_idx, l_idx[two_way]])
    d_gauge = np.concatenate([l_gauge, l_gauge[two_way]])
    d_tail = np.concatenate([l_from, l_to[two_way]])
    d_head = np.concatenate([l_to, l_from[two_way]])
    d_dir = np.concatenate([np.ones(len(l_idx), np.int64), -np.ones(int(two_way.sum()), np.int64)])
    link_mode = np.array([mode_idx[m] for m in links["mode"]], dtype=np.int64)
    d_mode = link_mode[d_link]

    # ---- state vertices: (node, mode, gauge) reached by some directed link
    gauge_codes = np.unique(np.concatenate([[0], d_gauge]))
    gpos = {int(g): i for i, g in enumerate(gauge_codes)}
    n_g = len(gauge_codes)
    d_state = d_mode * n_g + np.array([gpos[int(g)] for g in d_gauge], dtype=np.int64)
    n_states = len(MODES) * n_g
    keys = np.unique(np.concatenate([d_tail * n_states + d_state, d_head * n_states + d_state]))
    first_state_vertex = 2 * n_nodes
    n_state_vertices = len(keys)

    def state_vertex(node: IntArray, state: IntArray) -> IntArray:
        return first_state_vertex + np.searchsorted(keys, node * n_states + state)

    sv_node = keys // n_states
    sv_state = keys % n_states
    sv_mode = sv_state // n_g
    sv_gauge = gauge_codes[sv_state % n_g]

    # ---- per-half move attributes (each half priced in its own country)
    lengths = links["length_km"].to_numpy(dtype=np.float64)
    speed_override = links["speed_kmh"].to_numpy(dtype=np.float64)
    statuses = np.array([STATUS_CODES.index(s) for s in links["status"]], dtype=np.int64)
    d_status = statuses[d_link].copy()  # per directed row; a closed crossing closes its link
    link_capacity = np.nan_to_num(links["capacity_teu_day"].to_numpy(dtype=np.float64), nan=np.inf)

    def half(end_node: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        c = node_country[end_node]
        speed = params.table(d_mode, c, countries, "speed_kmh")
        over = speed_override[d_link]
        speed = np.where(np.isnan(over), speed, over)
        tariff = params.table(d_mode, c, countries, "tariff_usd_teu_km")
        co2 = params.table(d_mode, c, countries, "co2e_g_tkm")
        half_km = lengths[d_link] / 2.0
        return half_km / speed, half_km * tariff, half_km * co2 * payload / G_PER_KG

    t_tail, m_tail, e_tail = half(d_tail)
    t_head, m_head, e_head = half(d_head)

    def move_criteria(sel: IntArray, which: str) -> FloatArray:
        crit = np.zeros((len(sel), _NC))
        if which == "tail":
            t, m, e = t_tail[sel], m_tail[sel], e_tail[sel]
        elif which == "head":
            t, m, e = t_head[sel], m_head[sel], e_head[sel]
        else:
            t, m, e = (
                t_tail[sel] + t_head[sel],
                m_tail[sel] + m_head[sel],
                e_tail[sel] + e_head[sel],
            )
        crit[:, Criterion.TIME_H] = t
        crit[:, Criterion.COST_USD] = m * per_unit
        crit[:, Criterion.CO2_KG] = e * per_unit
        km = lengths[d_link[sel]]
        crit[:, Criterion.DISTANCE_KM] = km if which == "full" else km / 2.0
        return crit

    edges = _Edges()
    border = node_country[d_tail] != node_country[d_head]
    inner = np.flatnonzero(~border)

    def move_cols(sel: IntArray) -> dict[str, np.ndarray]:
        return {
            "link": d_link[sel],
            "direction": d_dir[sel],
            "mode": d_mode[sel],
            "gauge": d_gauge[sel],
            "from_gauge": d_gauge[sel],
            "status": d_status[sel],
            "capacity_teu_day": link_capacity[d_link[sel]],
        }

    tail_v = state_vertex(d_tail, d_state)
    head_v = state_vertex(d_head, d_state)
    edges.add(
        len(inner),
        tail=tail_v[inner],
        head=head_v[inner],
        kind=int(EdgeKind.MOVE),
        criteria=move_criteria(inner, "full"),
        country=node_country[d_tail[inner]],
        node=d_tail[inner],
        **move_cols(inner),
    )

    # ---- border links: half move, crossing formalities, half move
    crossings = network.crossings
    cross_at: dict[int, list[tuple[int, frozenset[str], set[str]]]] = {}
    for k, (node, pair, modes) in enumerate(
        zip(crossings["node"], crossings["countries"], crossings["modes"], strict=True)
    ):
        cross_at.setdefault(nidx[node], []).append(
            (k, frozenset(pair.split("|")), set(modes.split("|")))
        )
    x_median = crossings["dwell_median_h"].to_numpy(dtype=np.float64)
    x_p90 = crossings["dwell_p90_h"].to_numpy(dtype=np.float64)
    x_fee = crossings["fee_usd_teu"].to_numpy(dtype=np.float64)
    x_cap = np.nan_to_num(crossings["capacity_teu_day"].to_numpy(dtype=np.float64), nan=np.inf)
    x_closed = crossings["closed"].to_numpy(dtype=bool)
    x_country = np.array([node_country[nidx[n]] for n in crossings["node"]], dtype=np.int64)
    next_vertex = first_state_vertex + n_state_vertices
    mid_node: list[int] = []
    mid_mode: list[int] = []
    mid_gauge: list[int] = []
    b_tail: list[int] = []
    b_head: list[int] = []
    b_cross: list[int] = []
    b_row: list[int] = []
    first_tail_half: list[tuple[int, int]] = []  # (directed row, mid vertex)
    last_head_half: list[tuple[int, int]] = []
    for r in np.flatnonzero(border):
        pair = frozenset((countries[node_country[d_tail[r]]], countries[node_country[d_head[r]]]))
        mode = MODES[d_mode[r]]
        chain = [
            k
            for end in (d_tail[r], d_head[r])
            for k, p, ms in cross_at.get(int(end), [])
            if p == pair and mode in ms
        ]
        mids = list(range(next_vertex, next_vertex + len(chain) + 1))
        next_vertex += len(mids)
        # frontier vertices: the first belongs to the link's tail (the country being left),
        # the last to its head (the country entered), any between to a crossing's place
        between = [nidx[crossings["node"].iat[k]] for k in chain[:-1]]
        mid_node += [int(d_tail[r]), *between, int(d_head[r])]
        mid_mode += [int(d_mode[r])] * len(mids)
        mid_gauge += [int(d_gauge[r])] * len(mids)
        if any(x_closed[k] for k in chain):
            d_status[r] = STATUS_CODES.index("closed")
        first_tail_half.append((int(r), mids[0]))
        last_head_half.append((int(r), mids[-1]))
        for j, k in enumerate(chain):
            b_tail.append(mids[j])
            b_head.append(mids[j + 1])
            b_cross.append(k)
            b_row.append(int(r))
    if first_tail_half:
        rows = np.array([r for r, _ in first_tail_half], dtype=np.int64)
        m_first = np.array([m for _, m in first_tail_half], dtype=np.int64)
        m_last = np.array([m for _, m in last_head_half], dtype=np.int64)
        edges.add(
            len(rows),
            tail=tail_v[rows],
            head=m_first,
            kind=int(EdgeKind.MOVE),
            criteria=move_criteria(rows, "tail"),
            country=node_country[d_tail[rows]],
            node=d_tail[rows],
            **move_cols(rows),
        )
        edges.add(
            len(rows),
            tail=m_last,
            head=head_v[rows],
            kind=int(EdgeKind.MOVE),
            criteria=move_criteria(rows, "head"),
            country=node_country[d_head[rows]],
            node=d_head[rows],
            **move_cols(rows),
        )
    if b_tail:
        bc = np.array(b_cross, dtype=np.int64)
        br = np.array(b_row, dtype=np.int64)
        crit = _stop_criteria(x_median[bc], x_fee[bc] * per_unit, Criterion.BORDERS)
        edges.add(
            len(bc),
            tail=np.array(b_tail),
            head=np.array(b_head),
            kind=int(EdgeKind.BORDER),
            criteria=crit,
            crossing=bc,
            country=x_country[bc],
            node=np.array([nidx[n] for n in crossings["node"]], dtype=np.int64)[bc],
            link=d_link[br],
            direction=d_dir[br],
            mode=d_mode[br],
            gauge=d_gauge[br],
            from_gauge=d_gauge[br],
            status=d_status[br],
            dwell_median_h=x_median[bc],
            dwell_p90_h=x_p90[bc],
            capacity_teu_day=x_cap[bc],
        )

    # ---- transfers between the states present at each place
    transfers = network.transfers
    t_labels = tuple(
        f"{n}: {a} <-> {b}"
        for n, a, b in zip(transfers["node"], transfers["from"], transfers["to"], strict=True)
    )
    rules = [
        (n, parse_state(a), parse_state(b))
        for n, a, b in zip(transfers["node"], transfers["from"], transfers["to"], strict=True)
    ]
    t_median = transfers["time_median_h"].to_numpy(dtype=np.float64)
    t_p90 = transfers["time_p90_h"].to_numpy(dtype=np.float64)
    t_cost = transfers["cost_usd_teu"].to_numpy(dtype=np.float64)
    t_cap = np.nan_to_num(transfers["capacity_teu_day"].to_numpy(dtype=np.float64), nan=np.inf)
    tr_tail: list[int] = []
    tr_head: list[int] = []
    tr_rule: list[int] = []
    starts = np.searchsorted(sv_node, np.arange(n_nodes + 1))
    for node in np.flatnonzero(np.diff(starts) > 1):
        lo, hi = starts[node], starts[node + 1]
        for i in range(lo, hi):
            for j in range(i + 1, hi):
                a = (MODES[sv_mode[i]], int(sv_gauge[i]))
                b = (MODES[sv_mode[j]], int(sv_gauge[j]))
                rule = _match_rule(rules, node_ids[node], a, b)
                if rule < 0:
                    if a[0] == b[0] == "rail":
                        msg = (
                            f"transfers.csv: rail gauges {a[1]} and {b[1]} meet at {node_ids[node]!r} "
                            f"but no transfer row covers rail:{a[1]} <-> rail:{b[1]}"
                        )
                        raise InputError(msg)
                    continue
                va, vb = first_state_vertex + i, first_state_vertex + j
                tr_tail += [va, vb]
                tr_head += [vb, va]
                tr_rule += [rule, rule]
    if tr_tail:
        rr = np.array(tr_rule, dtype=np.int64)
        tt = np.array(tr_tail, dtype=np.int64) - first_state_vertex
        th = np.array(tr_head, dtype=np.int64) - first_state_vertex
        water = {mode_idx["sea"], mode_idx["ferry"]}
        is_port = np.array(
            [sv_mode[a] in water or sv_mode[b] in water for a, b in zip(tt, th, strict=True)]
        )
        crit = _stop_criteria(t_median[rr], t_cost[rr] * per_unit, Criterion.TRANSFERS)
        edges.add(
            len(rr),
            tail=tt + first_state_vertex,
            head=th + first_state_vertex,
            kind=np.where(is_port, int(EdgeKind.HANDLING), int(EdgeKind.TRANSFER)),
            criteria=crit,
            transfer=rr,
            node=sv_node[tt],
            country=node_country[sv_node[tt]],
            mode=sv_mode[th],
            gauge=sv_gauge[th],
            from_gauge=sv_gauge[tt],
            dwell_median_h=t_median[rr],
            dwell_p90_h=t_p90[rr],
            capacity_teu_day=t_cap[rr],
        )

    # ---- access: departure -> every state at a place, every state -> arrival
    sv = np.arange(n_state_vertices, dtype=np.int64) + first_state_vertex
    edges.add(
        n_state_vertices,
        tail=sv_node,
        head=sv,
        kind=int(EdgeKind.ACCESS),
        node=sv_node,
        country=node_country[sv_node],
        mode=sv_mode,
        gauge=sv_gauge,
        from_gauge=sv_gauge,
    )
    edges.add(
        n_state_vertices,
        tail=sv,
        head=sv_node + n_nodes,
        kind=int(EdgeKind.ACCESS),
        node=sv_node,
        country=node_country[sv_node],
        mode=sv_mode,
        gauge=sv_gauge,
        from_gauge=sv_gauge,
    )

    cols = edges.concat()
    n_vertices = next_vertex
    order = np.argsort(cols["tail"], kind="stable")
    cols = {k: v[order] for k, v in cols.items()}
    indptr = np.zeros(n_vertices + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols["tail"], minlength=n_vertices), out=indptr[1:])

    vertex_node = np.concatenate(
        [np.arange(n_nodes), np.arange(n_nodes), sv_node, np.array(mid_node, np.int64)]
    )
    vertex_mode = np.concatenate([np.full(2 * n_nodes, -1), sv_mode, np.array(mid_mode, np.int64)])
    vertex_gauge = np.concatenate(
        [np.zeros(2 * n_nodes, np.int64), sv_gauge, np.array(mid_gauge, np.int64)]
    )
    crossing_names = tuple(
        f"{n} ({c})" for n, c in zip(crossings["node"], crossings["countries"], strict=True)
    )
    return Graph(
        indptr=indptr,
        indices=np.ascontiguousarray(cols["head"]),
        tails=np.ascontiguousarray(cols["tail"]),
        criteria=np.ascontiguousarray(cols["criteria"]),
        kind=cols["kind"],
        link=cols["link"],
        direction=cols["direction"],
        crossing=cols["crossing"],
        transfer=cols["transfer"],
        node=cols["node"],
        country=cols["country"],
        mode=cols["mode"],
        gauge=cols["gauge"],
        from_gauge=cols["from_gauge"],
        status=cols["status"],
        dwell_median_h=cols["dwell_median_h"],
        dwell_p90_h=cols["dwell_p90_h"],
        capacity_teu_day=cols["capacity_teu_day"],
        vertex_node=vertex_node.astype(np.int64),
        vertex_mode=vertex_mode.astype(np.int64),
        vertex_gauge=vertex_gauge.astype(np.int64),
        first_mid_vertex=first_state_vertex + n_state_vertices,
        node_ids=node_ids,
        node_lookup=MappingProxyType(nidx),
        node_names=tuple(nodes["name"]),
        node_aliases=tuple(tuple(a for a in str(x).split("|") if a) for x in nodes["aliases"]),
        node_country=node_country,
        node_lat=nodes["lat"].to_numpy(dtype=np.float64),
        node_lon=nodes["lon"].to_numpy(dtype=np.float64),
        dep_vertex=np.arange(n_nodes, dtype=np.int64),
        arr_vertex=np.arange(n_nodes, dtype=np.int64) + n_nodes,
        link_ids=tuple(links["id"]),
        link_from=np.array([nidx[x] for x in links["from"]], dtype=np.int64),
        link_to=np.array([nidx[x] for x in links["to"]], dtype=np.int64),
        link_modes=tuple(links["mode"]),
        link_length_km=lengths,
        crossing_ids=tuple(crossings["id"]),
        crossing_names=crossing_names,
        transfer_labels=t_labels,
        countries=countries,
        unit=unit,
        payload_t_teu=payload,
        value_of_time_usd_h=params.get("*", "*", "value_of_time_usd_teu_h"),
        carbon_price_usd_t=params.get("*", "*", "carbon_price_usd_t"),
        source=network.source,
    )


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


def _match_rule(
    rules: list[tuple[str, tuple[str, int] | None, tuple[str, int] | None]],
    node_id: str,
    a: tuple[str, int],
    b: tuple[str, int],
) -> int:
    """Most specific transfer row for states a and b at a place (-1 if none)."""
    best, best_score = -1, -1
    for k, (node, ra, rb) in enumerate(rules):
        if node not in ("*", node_id):
            continue
        for x, y in ((ra, rb), (rb, ra)):
            sa, sb = _spec_matches(x, a), _spec_matches(y, b)
            if sa < 0 or sb < 0:
                continue
            if a[0] == b[0] and (sa == 1 or sb == 1):
                continue  # a same-mode change (gauge) needs gauge-specific specs
            score = (10 if node != "*" else 0) + sa + sb
            if score > best_score:
                best, best_score = k, score
    return best
