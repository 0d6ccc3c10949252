"""Route search: one-to-one routes, k alternatives, routes via waypoints and corridors."""

from corridor.paths._small import load_kernels
from corridor.paths.alternatives import alternatives
from corridor.paths.options import (
    RouteOptions,
    graph_places,
    place_index,
    place_match,
    usable_edges,
)
from corridor.paths.reliable import (
    link_headway_h,
    p90_edge_time_h,
    robust_route,
    with_reliability,
)
from corridor.paths.route import (
    Weight,
    as_graph,
    edge_weights,
    masked_cost,
    route,
    state_label,
    truck_money,
    with_matches,
)
from corridor.paths.skim import skim
from corridor.paths.tree import (
    full_tree,
    in_edges,
    path_edges,
    repair_work,
    repaired_costs,
    shortest_tree,
)
from corridor.paths.via import corridor_route, route_via

__all__ = [
    "RouteOptions",
    "Weight",
    "alternatives",
    "as_graph",
    "corridor_route",
    "edge_weights",
    "full_tree",
    "graph_places",
    "in_edges",
    "link_headway_h",
    "load_kernels",
    "masked_cost",
    "p90_edge_time_h",
    "path_edges",
    "place_index",
    "place_match",
    "repair_work",
    "repaired_costs",
    "robust_route",
    "route",
    "route_via",
    "shortest_tree",
    "skim",
    "state_label",
    "truck_money",
    "usable_edges",
    "with_matches",
    "with_reliability",
]
