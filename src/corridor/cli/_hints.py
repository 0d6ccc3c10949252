"""Why there is no route: relax each constraint in turn through the public API.

Only the failure path runs this, so it may load the network with pandas and compile it
again; a successful ``corridor route`` never imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.errors import NoRouteError

if TYPE_CHECKING:
    from corridor.graph.model import Graph
    from corridor.network.model import Network
    from corridor.results.route import Route


@dataclass(frozen=True, slots=True)
class Question:
    """A route question as the user asked it."""

    origin: str
    destination: str
    by: str
    modes: str | None
    avoid: str | None
    include_planned: bool
    unit: str


def _try(net: Graph | Network, q: Question, **changes: Any) -> Route | None:
    """The route of ``q`` with some of its settings (modes, avoid, include_planned)
    changed, or None when there is none."""
    import corridor
    from corridor.cli._route import route_options

    asked: dict[str, Any] = {
        "modes": q.modes,
        "avoid": q.avoid,
        "include_planned": q.include_planned,
    }
    asked.update(changes)
    options = route_options(
        net, asked["modes"], asked["avoid"], bool(asked["include_planned"]), q.unit
    )
    try:
        return corridor.route(net, q.origin, q.destination, by=q.by, options=options, unit=q.unit)
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
    opened = net.replace(links=links, crossings=crossings)  # tables are private in v2
    return opened, closed_links, closed_x


def _closed_on(route: Route, net: Network, links: set[str], crossings: set[str]) -> str:
    reasons: dict[str, str] = dict(getattr(net, "reasons", None) or {})
    used = [f"crossing {x}" for x in route.crossings if x in crossings]
    used += [f"link {lk}" for lk in route.links if lk in links]
    named = [f"{u} ({reasons[u.split()[1]]})" if u.split()[1] in reasons else u for u in used]
    return ", ".join(named[:4]) + (" ..." if len(named) > 4 else "")


def explain(graph: Graph, network: Network, q: Question, head: str) -> str:
    """A one-line "no route" message naming which constraint removed the last path.

    Each constraint the user set (modes, avoided items), the closed links and crossings of
    the network (closed by status, scenario or date) and the planned links are relaxed one
    at a time; the message names those whose relaxation alone finds a route, and suggests
    ``--include-planned`` only when planned links in fact connect the two places.
    """
    found: list[str] = []
    if q.modes:
        r = _try(graph, q, modes=None)
        if r is not None:
            used = sorted({leg.mode for leg in r.legs if leg.kind == "move" and leg.mode})
            found.append(f"with all modes (the best uses {' and '.join(used)})")
    if q.avoid:
        if _try(graph, q, avoid=None) is not None:
            found.append(f"without avoiding {q.avoid}")
    opened, closed_links, closed_x = _opened(network)
    if closed_links or closed_x:
        r = _try(opened, q)
        if r is not None:
            found.append(
                f"if closed elements were open (closed on it: {_closed_on(r, network, closed_links, closed_x)})"
            )
    if not q.include_planned and _try(graph, q, include_planned=True) is not None:
        found.append("with planned links (--include-planned)")
    if found:
        return f"{head}; a route exists {' or '.join(found)}"
    everything = _try(opened, q, modes=None, avoid=None, include_planned=True)
    if everything is None:
        return (
            f"{head}: the two places are not connected by the network at all "
            "(even with every mode, nothing avoided, closed elements open and planned links built)"
        )
    relaxed = [
        *(["all modes"] if q.modes else []),
        *(["nothing avoided"] if q.avoid else []),
        *(["closed elements open"] if closed_links or closed_x else []),
    ]
    planned = any(set(leg.statuses) - {"existing"} for leg in everything.legs)
    if planned and not q.include_planned:
        relaxed.append("planned links (--include-planned)")
    return f"{head}; only relaxing several constraints together finds one: {', '.join(relaxed)}"
