"""Route search: one-to-one routes, k alternatives, routes via waypoints and corridors."""

from corridor.paths.alternatives import alternatives
from corridor.paths.route import Constraints, make_constraints, route
from corridor.paths.via import corridor_route, route_via

__all__ = [
    "Constraints",
    "alternatives",
    "corridor_route",
    "make_constraints",
    "route",
    "route_via",
]
