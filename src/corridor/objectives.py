"""Objectives: weightings of the graph's criteria into one edge-cost vector."""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from corridor._types import FloatArray
from corridor.errors import InputError
from corridor.graph.model import Criterion, Graph
from corridor.units import KG_PER_T, teu_per_unit


class Objective(StrEnum):
    """What a route minimises."""

    TIME = "time"
    COST = "cost"
    CO2 = "co2"
    GENERALISED = "generalised"


def parse_objective(by: str) -> Objective:
    """The objective named ``by`` (accepts ``generalized`` too)."""
    key = by.strip().lower().replace("generalized", "generalised")
    try:
        return Objective(key)
    except ValueError:
        msg = f"unknown objective {by!r}; choose from {[o.value for o in Objective]}"
        raise InputError(msg) from None


def weights(
    graph: Graph,
    by: str,
    *,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
) -> FloatArray:
    """Weights over ``Graph.criteria`` columns for an objective.

    The generalised cost is money + value of time x hours + carbon price x tonnes CO2e, in
    USD per unit of freight (a value of time given per TEU-hour is converted to the graph's
    unit with corridor.units.teu_per_unit).
    """
    objective = parse_objective(by)
    w = np.zeros(len(Criterion))
    if objective is Objective.TIME:
        w[Criterion.TIME_H] = 1.0
    elif objective is Objective.COST:
        w[Criterion.COST_USD] = 1.0
    elif objective is Objective.CO2:
        w[Criterion.CO2_KG] = 1.0
    else:
        vot = (
            graph.value_of_time_usd_h
            if value_of_time_usd_teu_h is None
            else value_of_time_usd_teu_h
        )
        price = graph.carbon_price_usd_t if carbon_price_usd_t is None else carbon_price_usd_t
        if vot < 0 or price < 0 or not np.isfinite(vot) or not np.isfinite(price):
            msg = "value of time and carbon price must be finite and >= 0"
            raise InputError(msg)
        vot = vot * teu_per_unit(graph.unit, graph.payload_t_teu)
        w[Criterion.COST_USD] = 1.0
        w[Criterion.TIME_H] = vot
        w[Criterion.CO2_KG] = price / KG_PER_T
    return w


def edge_cost(
    graph: Graph,
    by: str,
    *,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
) -> FloatArray:
    """The cost of every edge under an objective (float64, >= 0)."""
    w = weights(
        graph,
        by,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
    )
    return np.ascontiguousarray(graph.criteria @ w)
