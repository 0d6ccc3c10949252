"""Route search: one-to-one routes, k alternatives, routes via waypoints and corridors."""

from corridor.paths.alternatives import alternatives
from corridor.paths.options import Constraints, RouteOptions, place_index, usable_edges
from corridor.paths.route import as_graph, masked_cost, route, state_label
from corridor.paths.skim import skim
from corridor.paths.tree import path_edges, shortest_tree
from corridor.paths.via import corridor_route, route_via

__all__ = [
    "Constraints",
    "RouteOptions",
    "alternatives",
    "as_graph",
    "corridor_route",
    "masked_cost",
    "path_edges",
    "place_index",
    "route",
    "route_via",
    "shortest_tree",
    "skim",
    "state_label",
    "usable_edges",
]
