"""Transit-time reliability: lognormal dwell fits, ferry waits, seeded Monte Carlo.

See ``docs/reliability.md``.
"""

from corridor.reliability.transit import (
    FIXED,
    HOURS_PER_WEEK,
    LOGNORMAL,
    WAIT,
    Z90,
    EdgeDistributions,
    TransitTimeDistribution,
    edge_dwell_params,
    edge_quantile_h,
    graph_edge_distributions,
    headway_from_frequency,
    kernel_state,
    moments,
    p90_equivalent_h,
    rank_by_quantile,
    route_edge_distributions,
    simulate,
    transit_time_distribution,
)

__all__ = [
    "FIXED",
    "HOURS_PER_WEEK",
    "LOGNORMAL",
    "WAIT",
    "Z90",
    "EdgeDistributions",
    "TransitTimeDistribution",
    "edge_dwell_params",
    "edge_quantile_h",
    "graph_edge_distributions",
    "headway_from_frequency",
    "kernel_state",
    "moments",
    "p90_equivalent_h",
    "rank_by_quantile",
    "route_edge_distributions",
    "simulate",
    "transit_time_distribution",
]
