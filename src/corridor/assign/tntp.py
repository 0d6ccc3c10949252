"""Turn a TNTP folder into assignment inputs, and assign it.

TNTP nodes are numbered from 1; graph vertices are ``node - 1``. Zones are nodes
``1..n_zones``; those below the first thru node are ``no_through`` vertices. The link cost
is ``BPR(v) + toll_factor * toll + distance_factor * length``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from corridor._types import BoolArray, IntArray
from corridor.assign.demand import Demand, demand_from_pairs
from corridor.assign.equilibrium import CostOverflowError, UnreachableDemandError, solve_links
from corridor.assign.vdf import EdgeCosts, edge_costs
from corridor.errors import InputError
from corridor.io.tntp import TntpFolder
from corridor.results.flow import Assigned, FlowResult

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class TntpProblem:
    """Assignment inputs of a TNTP network, links in file order."""

    tail: IntArray
    head: IntArray
    n_vertices: int
    costs: EdgeCosts
    demand: Demand
    no_through: BoolArray
    links: pd.DataFrame  # init_node, term_node (1-based, file order)


def tntp_problem(folder: TntpFolder) -> TntpProblem:
    """Build the graph, BPR edge costs, demand and through-node mask of a TNTP folder.

    Parameters
    ----------
    folder
        As read by :func:`corridor.io.tntp.read_folder` (cost weights already resolved).

    Returns
    -------
    TntpProblem
    """
    return TntpProblem(*_inputs(folder), links=link_ends(folder))


def link_ends(folder: TntpFolder) -> pd.DataFrame:
    """The init_node and term_node of every link, in file order (a DataFrame)."""
    return folder.net.links[["init_node", "term_node"]].reset_index(drop=True)


def _inputs(
    folder: TntpFolder,
) -> tuple[IntArray, IntArray, int, EdgeCosts, Demand, BoolArray]:
    """tail, head, n_vertices, costs, demand and no_through of :class:`TntpProblem`."""
    net = folder.net
    col = net.table.column
    n = net.n_nodes
    fixed = folder.toll_factor * col("toll") + folder.distance_factor * col("length")
    costs = edge_costs(
        col("free_flow_time"), col("capacity"), col("b"), col("power"), fixed_cost=fixed, vdf="bpr"
    )
    trips = folder.trips
    demand = demand_from_pairs(trips.origins - 1, trips.destinations - 1, trips.flows, n)
    no_through = np.zeros(n, np.bool_)
    no_through[: max(min(net.first_thru_node - 1, net.n_zones), 0)] = True
    tail = np.asarray(col("init_node"), np.int64) - 1
    head = np.asarray(col("term_node"), np.int64) - 1
    return tail, head, n, costs, demand, no_through


def assign_tntp(folder: TntpFolder, **options: object) -> FlowResult:
    """Assign a TNTP folder's demand; flows come back in the net file's link order.

    Keyword options are those of :func:`corridor.assign.assign` (``algorithm``, ``gap``,
    ``max_iter``, ``time_limit_s``, ``progress``, ``strict``).
    """
    return solve_tntp(folder, **options).result(link_ends(folder))


def solve_tntp(folder: TntpFolder, **options: object) -> Assigned:
    """:func:`assign_tntp` before its tables are made (no pandas;
    ``.result(links)`` is the FlowResult): what ``corridor assign`` reports from."""
    tail, head, n, costs, demand, no_through = _inputs(folder)
    try:
        return solve_links(tail, head, n, costs, demand, no_through=no_through, **options)
    except UnreachableDemandError as exc:  # vertices are numbered as the file numbers nodes
        dests = [d + 1 for d in exc.destinations[:5]]
        more = f" and {len(exc.destinations) - 5} more" if len(exc.destinations) > 5 else ""
        msg = (
            f"{folder.name}: demand from node {exc.origin + 1} cannot reach nodes {dests}{more} "
            f"(no path, or only through zones below <FIRST THRU NODE> {folder.net.first_thru_node})"
        )
        raise InputError(msg) from None
    except CostOverflowError as exc:
        if not exc.edges:
            raise InputError(f"{folder.name}: {exc}") from None
        named = ", ".join(f"{tail[e] + 1}->{head[e] + 1}" for e in exc.edges)
        msg = (
            f"{folder.name}: the link costs overflowed on links {named}: the BPR parameters "
            "(b, power) are too large for these flows, or the capacity too small"
        )
        raise InputError(msg) from None
