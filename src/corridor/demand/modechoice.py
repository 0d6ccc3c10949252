"""Mode choice per segment: a logit between the rail-based and the road-based chain.

For every OD row of the demand and its segment's value of time, the cheapest route on rail
(with ferries and sea where needed) and on road (the same) are priced in generalised cost
(US$ per TEU of capacity: money + the segment's value of time x hours + carbon). The share
of each chain is a multinomial logit on cost relative to the cheaper one,

    P_m = exp(-theta c_m / c_min) / sum_k exp(-theta c_k / c_min),

so bulk with its low value of time leans to rail, boxes pay for the road's speed, and no
chain takes all unless the other is far dearer (or impossible). ``theta`` (scale-free) is
fitted to the published rail shares of ``data-sources/demand/mode_shares.csv`` marked
``fit`` and checked against those marked ``holdout``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from corridor.demand.calibrate import Router
from corridor.demand.tables import _choice, _numbers, _read, records
from corridor.network.calendar import on_date
from corridor.network.model import Network
from corridor.paths import as_graph

ROAD = ("road", "ferry", "sea")
ROAD_FACTOR = 3.0
"""Road edges cost this many times their own when the rail-based chain is searched: rail
wherever it reaches, trucks for the first and last miles only (a modelling choice)."""
_COLUMNS = ("id", "name", "kind", "where", "rail_share", "year", "set", "source", "notes")


def read_mode_shares(path: str | Path) -> pd.DataFrame:
    """The published rail shares (``mode_shares.csv``), checked."""
    p = Path(path)
    frame = _read(p, "mode_shares", _COLUMNS)
    _choice(frame, p, "kind", ("transit", "crossings"))
    _choice(frame, p, "set", ("fit", "holdout"))
    _numbers(frame, p, ("rail_share",), required=True)
    return frame


def chain_costs(network: Network, demand: pd.DataFrame, vot: dict[str, float]) -> pd.DataFrame:
    """Each OD row's generalised cost and crossings on the rail-based and the road chain.

    Road chain: road (with ferries and sea). Rail-based chain: the route found when road
    edges cost ``ROAD_FACTOR`` times their own, priced at true costs (no rail on it: the
    rail chain does not exist for the row). ``demand`` has ``origin, destination, via,
    segment, tonnes_year`` (a via row is priced origin -> via -> destination); ``vot`` is
    the value of time per segment.
    """
    router = Router(as_graph(network))
    out = []
    for r in records(demand[["origin", "destination", "via", "segment", "tonnes_year"]]):
        legs = (
            [(r["origin"], r["via"]), (r["via"], r["destination"])]
            if r["via"]
            else [(r["origin"], r["destination"])]
        )
        v = vot[r["segment"]]
        row = dict(r)
        road = [router.cost(v, a, b, ROAD) for a, b in legs]
        row["cost_road"] = float(sum(road))
        row["crossings_road"] = (
            frozenset().union(*(router.crossings(v, a, b, ROAD) for a, b in legs))
            if np.isfinite(row["cost_road"]) else frozenset()
        )  # fmt: skip
        chains = [router.chain(v, a, b, ROAD_FACTOR) for a, b in legs]
        uses_rail = any(c[2] for c in chains)
        row["cost_rail"] = float(sum(c[0] for c in chains)) if uses_rail else float("inf")
        row["crossings_rail"] = (
            frozenset().union(*(c[1] for c in chains)) if uses_rail else frozenset()
        )
        out.append(row)
    return pd.DataFrame(out)


def rail_share(costs: pd.DataFrame, theta: float) -> np.ndarray:
    """Logit share of the rail chain for each row (1 or 0 where only one chain routes)."""
    rail = costs["cost_rail"].to_numpy(dtype=np.float64)
    road = costs["cost_road"].to_numpy(dtype=np.float64)
    best = np.fmin(rail, road)
    with np.errstate(invalid="ignore", over="ignore"):
        u_rail = np.where(np.isfinite(rail), -theta * rail / best, -np.inf)
        u_road = np.where(np.isfinite(road), -theta * road / best, -np.inf)
        top = np.maximum(u_rail, u_road)
        e_rail, e_road = np.exp(u_rail - top), np.exp(u_road - top)
        share = e_rail / (e_rail + e_road)
    return np.asarray(np.nan_to_num(share, nan=0.0), dtype=np.float64)


def _country(network: Network) -> dict[str, str]:
    return dict(zip(network.nodes["id"], network.nodes["country"], strict=True))


def observed_share(
    costs: pd.DataFrame, share: np.ndarray, target: dict[str, object], network: Network
) -> float:
    """The model's rail share of tonnes for one ``mode_shares.csv`` row."""
    t = costs["tonnes_year"].to_numpy(dtype=np.float64)
    where = str(target["where"])
    if target["kind"] == "crossings":
        want = set(where.split("|"))
        on_rail = np.array([bool(want & c) for c in costs["crossings_rail"]])
        on_road = np.array([bool(want & c) for c in costs["crossings_road"]])
    else:
        country = _country(network)
        ends_out = np.array(
            [
                country[o] != where and country[d] != where
                for o, d in zip(costs["origin"], costs["destination"], strict=True)
            ]
        )
        ids = network.crossings[
            network.crossings["countries"].str.split("|").apply(lambda c: where in c)
        ]["id"]
        touch = set(ids)
        on_rail = ends_out & np.array([bool(touch & c) for c in costs["crossings_rail"]])
        on_road = ends_out & np.array([bool(touch & c) for c in costs["crossings_road"]])
    rail = float((t * share * on_rail).sum())
    road = float((t * (1.0 - share) * on_road).sum())
    return rail / (rail + road) if rail + road > 0 else float("nan")


def read_theta(path: str | Path) -> float:
    """The fitted logit scale of ``mode_fitted.csv``."""
    p = Path(path)
    frame = _read(p, "mode_fitted", ("name", "value", "source", "figure", "notes"))
    _numbers(frame, p, ("value",), required=True)
    return float(frame.loc[frame["name"] == "theta", "value"].to_numpy(dtype=float)[0])


@dataclass(frozen=True, slots=True)
class ModeChoice:
    """The fitted logit: ``theta``, the targets table and the rail share by segment."""

    theta: float
    table: pd.DataFrame
    by_segment: pd.DataFrame


def calibrate_mode_choice(
    network: Network,
    demand: pd.DataFrame,
    vot: dict[str, float],
    targets: pd.DataFrame,
    date: dt.date | str = "2024-07-01",
) -> ModeChoice:
    """Fit ``theta`` to the ``fit`` rows of ``targets`` (squared log ratio, 0.05..200)."""
    net = on_date(network, date)
    costs = chain_costs(net, demand, vot)
    rows = records(targets)
    fit = [r for r in rows if r["set"] == "fit"]

    def loss(log_theta: float) -> float:
        share = rail_share(costs, float(np.exp(log_theta)))
        return float(
            sum(np.log(observed_share(costs, share, r, net) / r["rail_share"]) ** 2 for r in fit)
        )

    best = minimize_scalar(loss, bounds=(np.log(0.05), np.log(200.0)), method="bounded")
    theta = float(np.exp(best.x))
    share = rail_share(costs, theta)
    table = targets[["id", "name", "set", "rail_share"]].copy()
    table["model"] = [observed_share(costs, share, r, net) for r in rows]
    t = costs["tonnes_year"].to_numpy(dtype=np.float64)
    both = np.isfinite(costs["cost_rail"]) & np.isfinite(costs["cost_road"])
    seg = pd.DataFrame({"segment": costs["segment"], "rail_t": t * share, "t": t, "both": both})
    by = seg.groupby("segment").agg(rail_t=("rail_t", "sum"), t=("t", "sum"))
    by["rail_share"] = by["rail_t"] / by["t"]
    aon = costs["cost_rail"] < costs["cost_road"]
    by["rail_share_all_or_nothing"] = (
        pd.Series(t * aon, index=costs.index).groupby(costs["segment"]).sum() / by["t"]
    )
    return ModeChoice(theta, table.reset_index(drop=True), by.reset_index())
