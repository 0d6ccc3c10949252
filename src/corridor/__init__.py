"""corridor: an open freight-corridor engine.

>>> import corridor
>>> net = corridor.load()                      # the shipped network of the region
>>> r = corridor.route(net, "almaty", "karachi", by="time")
>>> r.totals.borders >= 1
True
"""

from __future__ import annotations

from corridor.errors import (
    CorridorError,
    InputError,
    MissingExtraError,
    NoRouteError,
    UnknownIdError,
)
from corridor.graph import Graph, compile
from corridor.network import Network, load
from corridor.network.places import places
from corridor.paths import alternatives, corridor_route, route, route_via
from corridor.results import Route

__version__ = "0.1.0"

__all__ = [
    "CorridorError",
    "Graph",
    "InputError",
    "MissingExtraError",
    "Network",
    "NoRouteError",
    "Route",
    "UnknownIdError",
    "__version__",
    "alternatives",
    "compile",
    "corridor_route",
    "load",
    "places",
    "route",
    "route_via",
]
