"""Routes through ordered waypoints, and the named corridors of a network."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from corridor.errors import InputError, NoRouteError, UnknownIdError
from corridor.graph.model import Graph
from corridor.paths._small import dijkstra
from corridor.paths.options import RouteOptions
from corridor.paths.route import (
    build_route,
    no_route_message,
    prepare,
    trace,
    with_matches,
)

if TYPE_CHECKING:
    from corridor.network.model import Network

from corridor.results.route import Route


def route_via(
    network: Network | Graph,
    waypoints: Sequence[str],
    *,
    by: str = "time",
    options: RouteOptions | None = None,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
    unit: str = "teu",
) -> Route:
    """The best route that passes the waypoints in order.

    Each leg between consecutive waypoints is the best one from the (mode, gauge) state in
    which the previous leg arrived, so changing mode or gauge at a waypoint is paid like
    anywhere else.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> route_via(net, ["a", "b", "d"], by="cost").vertices
    ('a', 'b', 'c', 'd')
    """
    if len(waypoints) < 2:
        msg = "a route needs at least two waypoints"
        raise InputError(msg)
    q = prepare(
        network,
        waypoints,
        by=by,
        options=options,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
        unit=unit,
    )
    graph, objective, options, cost, idx = q.graph, q.objective, q.options, q.cost, q.places
    csr = graph.csr
    dist = np.empty(csr.n_vertices)
    pred = np.empty(csr.n_vertices, dtype=np.int64)
    sources = csr.dep_vertex[idx[0] : idx[0] + 1]
    path: list[int] = []
    for k in range(1, len(idx)):
        a, b = idx[k - 1], idx[k]
        target = int(csr.arr_vertex[b])
        dijkstra(csr.indptr, csr.indices, cost, sources, np.zeros(len(sources)), target, dist, pred)
        if not np.isfinite(dist[target]):
            raise NoRouteError(no_route_message(graph, a, b, options) + f" (waypoint {k + 1})")
        seg = trace(graph, pred, target)
        if k < len(idx) - 1:
            # stop before the access edge into the arrival vertex; continue from that state
            last = seg.pop()
            sources = csr.tails[last : last + 1].copy()
        path += seg
    edges = np.array(path, dtype=np.int64)
    return with_matches(build_route(graph, edges, cost, objective, options), q.matches)


def corridor_route(
    network: Network,
    corridor_id: str,
    *,
    by: str = "time",
    options: RouteOptions | None = None,
    unit: str = "teu",
) -> Route:
    """The route of a named corridor (corridors.csv) through its waypoints.

    Without ``options`` the corridor's own ``modes`` and ``include_planned`` columns apply;
    given options are used as they are, except that ``modes=None`` keeps the corridor's.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> ids = list(net.corridors["id"])
    >>> corridor_route(net, ids[0]).origin == net.corridors["waypoints"].iat[0].split("|")[0]
    True
    """
    table = network.corridors
    rows = table[table["id"] == corridor_id]
    if rows.empty:
        msg = f"unknown corridor {corridor_id!r}; choose from {sorted(table['id'])}"
        raise UnknownIdError(msg)
    row = rows.iloc[0]
    modes = tuple(m for m in str(row["modes"]).split("|") if m) or None
    if options is None:
        options = RouteOptions(modes=modes, include_planned=bool(row["include_planned"]))
    elif options.modes is None and modes is not None:
        options = replace(options, modes=modes)
    return route_via(network, str(row["waypoints"]).split("|"), by=by, options=options, unit=unit)
