"""Static traffic assignment: demand, volume-delay functions and equilibrium algorithms."""

from __future__ import annotations

from corridor.assign.aon import all_or_nothing
from corridor.assign.demand import Demand, demand_from_matrix, demand_from_pairs
from corridor.assign.equilibrium import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    CostOverflowError,
    Iteration,
    NotConvergedError,
    UnreachableDemandError,
    assign,
    assign_links,
    csr_from_links,
)
from corridor.assign.tntp import TntpProblem, assign_tntp, tntp_problem
from corridor.assign.vdf import VDF, VDFS, EdgeCosts, edge_costs, get_vdf

__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "VDF",
    "VDFS",
    "CostOverflowError",
    "Demand",
    "EdgeCosts",
    "Iteration",
    "NotConvergedError",
    "TntpProblem",
    "UnreachableDemandError",
    "all_or_nothing",
    "assign",
    "assign_links",
    "assign_tntp",
    "csr_from_links",
    "demand_from_matrix",
    "demand_from_pairs",
    "edge_costs",
    "get_vdf",
    "tntp_problem",
]
