"""The complete answer to a route question, as ``corridor route`` and the web service give it.

:func:`route_answer` takes the network of the day (:func:`corridor.day.open_day`) and
returns the routes with everything the JSON form carries: the best route(s) by the
objective (``p90``: the robust routes), each with its simulated P50/P90, the calendar
changes of the day that touch it, and (``provenance=True``) the share resting on estimates
and the sources. Print ``corridor.results.to_dict(routes[0])`` for one route or
``to_dict(routes)`` for several: that is exactly what ``corridor route --json`` prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.day import Day
    from corridor.graph.model import Graph
    from corridor.network.model import Network
    from corridor.network.places import PlaceMatch
    from corridor.paths.options import RouteOptions
    from corridor.results.route import Route

P90_CANDIDATES = 5
"""``by="p90"``: at least this many candidate routes are simulated before ranking."""


def route_answer(  # noqa: PLR0913 (keyword-only options of a public call)
    day: Day,
    origin: str,
    destination: str,
    *,
    by: str = "time",
    options: RouteOptions | None = None,
    alternatives: int = 1,
    max_stretch: float | None = None,
    revisits: bool = False,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
    provenance: bool = True,
    matches: Sequence[PlaceMatch] | None = None,
) -> list[Route]:
    """The best route (or ``alternatives`` genuinely different ones) on the day's graph.

    Parameters
    ----------
    day
        :func:`corridor.day.open_day` (its graph, calendar facts and undated network).
    by
        ``time``, ``cost``, ``co2``, ``generalised`` or ``p90`` (ranked by simulated P90).
    options
        What the routes may use (:class:`corridor.RouteOptions`).
    alternatives, max_stretch, revisits
        How many routes, the most a route may cost relative to the best, and whether an
        alternative may re-enter countries more often than the best route.
    value_of_time_usd_teu_h, carbon_price_usd_t
        Override the network's prices in the generalised cost.
    provenance
        Also fill ``estimate_share`` and ``sources`` (loads the network's tables).
    matches
        How the origin and destination texts name places
        (:func:`corridor.paths.place_match`; default: matched here, guesses allowed): the
        routes record them (``origin_query``, ``origin_match`` ...).

    Raises
    ------
    NoRouteError, UnknownIdError, InputError
        As :func:`corridor.route`.

    Examples
    --------
    >>> from corridor.day import open_day
    >>> from corridor.data import path
    >>> [r] = route_answer(open_day(path("examples/tiny"), no_cache=True), "a", "d")
    >>> r.date, r.totals.p50_h <= r.totals.p90_h, bool(r.sources)
    ('2025-06-01', True, True)
    """
    from corridor.paths import place_match, with_matches

    graph = day.graph
    if matches is None:
        matches = [place_match(graph, text) for text in (origin, destination)]
    kwargs: dict[str, Any] = {
        "by": by,
        "options": options,
        "value_of_time_usd_teu_h": value_of_time_usd_teu_h,
        "carbon_price_usd_t": carbon_price_usd_t,
        "unit": graph.unit,
    }
    routes = _search(graph, origin, destination, kwargs, alternatives, (max_stretch, revisits))
    routes = _with_day(graph, routes, day, origin, destination, kwargs)
    routes = [with_matches(r, matches) for r in routes]
    if provenance:
        from corridor.calibration.provenance import with_provenance

        net = day.tables()
        routes = [with_provenance(net, r) for r in routes]
    return routes


def _search(
    graph: Graph,
    origin: str,
    destination: str,
    kwargs: dict[str, Any],
    alternatives: int,
    limits: tuple[float | None, bool],
) -> list[Route]:
    """The best route(s) by ``kwargs["by"]``; ``p90``: the robust routes. ``limits``:
    ``max_stretch`` and ``revisits`` of :func:`corridor.alternatives`."""
    from corridor.paths import alternatives as k_routes
    from corridor.paths import robust_route, route

    if kwargs["by"] == "p90":
        return robust_route(
            graph,
            origin,
            destination,
            options=kwargs["options"],
            k=max(alternatives, P90_CANDIDATES),
            unit=kwargs["unit"],
        )[:alternatives]
    if alternatives == 1:
        return [route(graph, origin, destination, **kwargs)]
    max_stretch, revisits = limits
    return k_routes(
        graph,
        origin,
        destination,
        alternatives,
        max_stretch=max_stretch,
        revisits=revisits,
        **kwargs,
    )


def _with_day(
    graph: Graph,
    routes: list[Route],
    day: Day,
    origin: str,
    destination: str,
    kwargs: dict[str, Any],
) -> list[Route]:
    """The routes with P50/P90 (unless already simulated) and the changes the day brings
    (the same question asked of the undated network is the "before"; for ``p90`` the
    fastest route, as the robust search starts from it)."""
    from corridor.analysis.dated import changes_on_day
    from corridor.paths import route, with_reliability

    ask = {**kwargs, "by": "time"} if kwargs["by"] == "p90" else kwargs

    def before(net: Graph | Network) -> Route:
        return route(net, origin, destination, **ask)

    return [
        dataclasses.replace(
            r if r.totals.p90_h is not None else with_reliability(graph, r),
            date_changes=tuple(c.to_dict() for c in changes_on_day(day, r, before)),
        )
        for r in routes
    ]


__all__ = ["route_answer"]
