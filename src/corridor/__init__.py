"""corridor: an open freight-corridor engine.

>>> import corridor
>>> net = corridor.load()        # the shipped network of the region on its as-of date
>>> r = corridor.route(net, "almaty", "karachi", by="time")
>>> r.totals.borders >= 1, r.date == r.network_as_of
(True, True)

Entry points are imported on first use, so ``import corridor`` (and the command line)
start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor._lazy import attach
from corridor._version import __version__
from corridor.errors import (
    CorridorError,
    InputError,
    MissingExtraError,
    NoRouteError,
    UnknownIdError,
)

_LAZY = {
    "corridor.graph.model": ("Graph",),
    "corridor.graph.compiler": ("compile",),
    "corridor.day": ("load", "load_graph"),
    "corridor.network.model": ("Network",),
    "corridor.network.places": ("places",),
    "corridor.paths.options": ("RouteOptions",),
    "corridor.paths.alternatives": ("alternatives",),
    "corridor.paths.route": ("route",),
    "corridor.paths.via": ("corridor_route", "route_via"),
    "corridor.results.route": ("Route",),
}

if TYPE_CHECKING:  # the same table, for type checkers (tests/test_lazy.py checks it)
    from corridor.day import load as load
    from corridor.day import load_graph as load_graph
    from corridor.graph.compiler import compile as compile
    from corridor.graph.model import Graph as Graph
    from corridor.network.model import Network as Network
    from corridor.network.places import places as places
    from corridor.paths.alternatives import alternatives as alternatives
    from corridor.paths.options import RouteOptions as RouteOptions
    from corridor.paths.route import route as route
    from corridor.paths.via import corridor_route as corridor_route
    from corridor.paths.via import route_via as route_via
    from corridor.results.route import Route as Route

__getattr__, __dir__, _NAMES = attach(__name__, _LAZY)

__all__ = [
    "CorridorError",
    "InputError",
    "MissingExtraError",
    "NoRouteError",
    "UnknownIdError",
    "__version__",
    *_NAMES,
]
