"""Why there is no route: relax each constraint in turn and name the ones that matter.

Only the failure path runs this, so it may load the network's tables and compile them
again; a successful route never imports it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from corridor.errors import NoRouteError

if TYPE_CHECKING:
    from corridor.graph.model import Graph
    from corridor.network.model import Network
    from corridor.paths.options import RouteOptions
    from corridor.results.route import Route

_AVOIDED = ("avoid_countries", "avoid_places", "avoid_crossings", "avoid_links")


def _try(
    net: Graph | Network, a: str, b: str, by: str, options: RouteOptions, unit: str
) -> Route | None:
    from corridor.paths import route

    try:
        return route(net, a, b, by=by, options=options, unit=unit)
    except NoRouteError:
        return None


def _opened(net: Network) -> tuple[Network, set[str], set[str]]:
    """The network with every closed link and crossing open, and the ids it opened."""
    links = net.links.copy()
    closed_links = set(links.loc[links["status"].astype(str) == "closed", "id"].astype(str))
    links.loc[links["status"].astype(str) == "closed", "status"] = "existing"
    crossings = net.crossings.copy()
    closed_x: set[str] = set()
    if "closed" in crossings:
        shut = crossings["closed"].astype(bool)
        closed_x |= set(crossings.loc[shut, "id"].astype(str))
        crossings["closed"] = False
    if "status" in crossings:
        shut = crossings["status"].astype(str) == "closed"
        closed_x |= set(crossings.loc[shut, "id"].astype(str))
        crossings.loc[shut, "status"] = "open"
    return net.replace(links=links, crossings=crossings), closed_links, closed_x


def _closed_on(route: Route, net: Network, links: set[str], crossings: set[str]) -> str:
    reasons = dict(net.reasons)
    used = [f"crossing {x}" for x in route.crossings if x in crossings]
    used += [f"link {lk}" for lk in route.links if lk in links]
    named = [f"{u} ({reasons[u.split()[1]]})" if u.split()[1] in reasons else u for u in used]
    return ", ".join(named[:4]) + (" ..." if len(named) > 4 else "")


def why_no_route(
    graph: Graph,
    network: Network,
    origin: str,
    destination: str,
    *,
    by: str = "time",
    options: RouteOptions,
    head: str,
) -> str:
    """A one-line "no route" message naming which constraint removed the last path.

    Each constraint set in ``options`` (modes, avoided items), the closed links and
    crossings of the network of the day (closed by status, scenario or date) and the
    planned links are relaxed one at a time; the message names those whose relaxation
    alone finds a route, and suggests planned links only when they in fact connect the
    two places. ``head`` starts the message (e.g. "no route from A to B").
    """
    unit = graph.unit
    avoided = any(getattr(options, f) for f in _AVOIDED)
    nothing_avoided = replace(
        options, avoid_countries=(), avoid_places=(), avoid_crossings=(), avoid_links=()
    )

    def attempt(net: Graph | Network, o: RouteOptions) -> Route | None:
        return _try(net, origin, destination, by, o, unit)

    found: list[str] = []
    if options.modes:
        r = attempt(graph, replace(options, modes=None))
        if r is not None:
            used = sorted({leg.mode for leg in r.legs if leg.kind == "move" and leg.mode})
            found.append(f"with all modes (the best uses {' and '.join(used)})")
    if avoided and attempt(graph, nothing_avoided) is not None:
        found.append(
            f"without avoiding {','.join(x for f in _AVOIDED for x in getattr(options, f))}"
        )
    opened, closed_links, closed_x = _opened(network)
    if closed_links or closed_x:
        r = attempt(opened, options)
        if r is not None:
            closed = _closed_on(r, network, closed_links, closed_x)
            found.append(f"if closed elements were open (closed on it: {closed})")
    planned = replace(options, include_planned=True)
    if not options.include_planned and attempt(graph, planned) is not None:
        found.append("with planned links (--include-planned)")
    if found:
        return f"{head}; a route exists {' or '.join(found)}"
    everything = attempt(opened, replace(nothing_avoided, modes=None, include_planned=True))
    if everything is None:
        return (
            f"{head}: the two places are not connected by the network at all "
            "(even with every mode, nothing avoided, closed elements open and planned links built)"
        )
    relaxed = [
        *(["all modes"] if options.modes else []),
        *(["nothing avoided"] if avoided else []),
        *(["closed elements open"] if closed_links or closed_x else []),
    ]
    needs_planned = any(set(leg.statuses) - {"existing"} for leg in everything.legs)
    if needs_planned and not options.include_planned:
        relaxed.append("planned links (--include-planned)")
    return f"{head}; only relaxing several constraints together finds one: {', '.join(relaxed)}"


__all__ = ["why_no_route"]
