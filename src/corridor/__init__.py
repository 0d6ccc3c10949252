"""corridor: an open freight-corridor engine.

>>> import corridor
>>> net = corridor.load()                      # the shipped network of the region
>>> r = corridor.route(net, "almaty", "karachi", by="time")
>>> r.totals.borders >= 1
True

Entry points are imported on first use, so ``import corridor`` (and the command line)
start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from corridor._version import __version__
from corridor.errors import (
    CorridorError,
    InputError,
    MissingExtraError,
    NoRouteError,
    UnknownIdError,
)

_LAZY = {
    "Graph": "corridor.graph.model",
    "compile": "corridor.graph.compiler",
    "Network": "corridor.network.model",
    "load": "corridor.network.model",
    "places": "corridor.network.places",
    "alternatives": "corridor.paths.alternatives",
    "route": "corridor.paths.route",
    "route_via": "corridor.paths.via",
    "corridor_route": "corridor.paths.via",
    "Route": "corridor.results.route",
}

if TYPE_CHECKING:
    from corridor.graph.compiler import compile
    from corridor.graph.model import Graph
    from corridor.network.model import Network, load
    from corridor.network.places import places
    from corridor.paths.alternatives import alternatives
    from corridor.paths.route import route
    from corridor.paths.via import corridor_route, route_via
    from corridor.results.route import Route


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'corridor' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


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
