"""Mode choice per segment: a logit between the rail-based, intermodal and road chains.

For every OD row of the demand and its segment's value of time, the road chain (road, with
ferries and sea), the intermodal chain (cheapest of any mode, when it uses rail) and the
rail-based chain (road edges weighed ``ROAD_FACTOR`` times: rail wherever it reaches) are
priced in generalised cost (US$ per TEU of capacity: money + the segment's value of time x
hours + carbon), as :mod:`corridor.analysis._modes` assigns them inside ``corridor flows``.
The share of each chain is a multinomial logit on cost relative to the cheapest one,

    P_m = exp(-theta c_m / c_min) / sum_k exp(-theta c_k / c_min),

so bulk with its low value of time leans to rail, boxes pay for the road's speed, and no
chain takes all unless the others are far dearer (or impossible). This module fits
``theta`` at free-flow costs (all-or-nothing per chain); the flows use it at equilibrium. ``theta`` (scale-free) is
fitted to the published rail shares of ``data-sources/demand/mode_shares.csv`` marked
``fit`` and checked against those marked ``holdout``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.analysis._modes import Market, markets_of
from corridor.demand.calibrate import Router, Routers
from corridor.demand.tables import LINE, _choice, _numbers, _read, records
from corridor.errors import InputError
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
    _choice(frame, p, "kind", ("transit", "crossings", "container_port"))
    _choice(frame, p, "set", ("fit", "holdout"))
    _numbers(frame, p, ("rail_share",), required=True)
    return frame


CHAINS = ("rail", "intermodal", "road")
"""The chains of a pair, as :mod:`corridor.analysis._modes` assigns them."""


def _leg_chains(router: Router, v: float, legs: list[tuple[str, str]]) -> dict[str, object]:
    """Weighed cost, crossings and availability of the three chains over a row's legs."""
    out: dict[str, object] = {}
    road = [router.cost(v, a, b, ROAD) for a, b in legs]
    cost_road = float(sum(road))
    out["cost_road"] = cost_road
    out["crossings_road"] = (
        frozenset().union(*(router.crossings(v, a, b, ROAD) for a, b in legs))
        if np.isfinite(cost_road) else frozenset()
    )  # fmt: skip
    # the intermodal chain does without rail ferries (analysis._modes.rail_ferry_edges)
    routes = {
        name: [router.route(v, a, b, factor, rail_ferry=name == "rail") for a, b in legs]
        for name, factor in (("rail", ROAD_FACTOR), ("intermodal", 1.0))
    }
    for name, factor in (("rail", ROAD_FACTOR), ("intermodal", 1.0)):
        rs = routes[name]
        ok = all(r is not None for r in rs)
        edges = [r for r in rs if r is not None]
        uses = ok and any(router.uses_rail(e) for e in edges)
        out[f"cost_{name}"] = (
            float(sum(router.weighed(v, factor, e) for e in edges)) if uses else float("inf")
        )
        out[f"crossings_{name}"] = (
            frozenset().union(*(router.edge_crossings(e) for e in edges)) if uses else frozenset()
        )
    same = all(
        a is not None and b is not None and np.array_equal(a, b)
        for a, b in zip(routes["rail"], routes["intermodal"], strict=True)
    )
    # the rail-based chain rolls its wagons onto a rail ferry: the intermodal chain is the
    # other Caspian service and takes the ferry constant (analysis._modes.ferry_constant)
    out["rail_ferry"] = any(router.rides_rail_ferry(e) for e in routes["rail"] if e is not None)
    if same and np.isfinite(float(out["cost_intermodal"])):  # type: ignore[arg-type]
        out["cost_rail"], out["crossings_rail"] = float("inf"), frozenset()
    return out


def chain_costs(network: Network, demand: pd.DataFrame, vot: dict[str, float]) -> pd.DataFrame:
    """Each OD row's generalised cost and crossings on its rail-based, intermodal and road
    chain (``cost_<chain>``, ``crossings_<chain>``; inf / empty where the chain does not
    exist).

    Road chain: road (with ferries and sea). Intermodal chain: the cheapest route of any
    mode, if it uses rail. Rail-based chain: the route found when road edges cost
    ``ROAD_FACTOR`` times their own, priced as weighed, if it uses rail and is not the
    intermodal route. ``demand`` has ``origin, destination, via, segment, tonnes_year``
    (a via row is priced origin -> via -> destination); ``vot`` is the value of time per
    segment.
    """
    routers = Routers(as_graph(network))
    out = []
    for r in records(demand[["origin", "destination", "via", "segment", "tonnes_year"]]):
        router = routers[r["segment"]]
        legs = (
            [(r["origin"], r["via"]), (r["via"], r["destination"])]
            if r["via"]
            else [(r["origin"], r["destination"])]
        )
        row = dict(r)
        row.update(_leg_chains(router, vot[r["segment"]], legs))
        out.append(row)
    return pd.DataFrame(out)


def chain_shares(costs: pd.DataFrame, theta: float, asc: np.ndarray | None = None) -> np.ndarray:
    """Logit share of each chain (columns in ``CHAINS`` order) for each row, on cost
    relative to the row's cheapest chain plus the alternative-specific constants ``asc``
    (rows x chains, or one row for all; default 0); a chain without a cost column does not
    exist."""
    n = len(costs)
    c = np.column_stack(
        [
            costs[f"cost_{k}"].to_numpy(dtype=np.float64)
            if f"cost_{k}" in costs
            else np.full(n, np.inf)
            for k in CHAINS
        ]
    )
    a = np.zeros((1, len(CHAINS))) if asc is None else np.atleast_2d(asc)
    best = np.min(c, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        u = np.where(np.isfinite(c), -theta * c / best + a, -np.inf)
        top = np.max(u, axis=1, keepdims=True)
        e = np.exp(u - top)
        share = e / e.sum(axis=1, keepdims=True)
    return np.asarray(np.nan_to_num(share, nan=0.0), dtype=np.float64)


def rail_share(costs: pd.DataFrame, theta: float, asc: np.ndarray | None = None) -> np.ndarray:
    """Logit share of the chains that use rail (rail-based and intermodal) for each row
    (1 or 0 where only rail or only road routes)."""
    share = chain_shares(costs, theta, asc)
    return np.asarray(share[:, 0] + share[:, 1], dtype=np.float64)


def _country(network: Network) -> dict[str, str]:
    return dict(zip(network.nodes["id"], network.nodes["country"], strict=True))


def port_masks(costs: pd.DataFrame, target: dict[str, object]) -> tuple[np.ndarray, np.ndarray]:
    """A ``container_port`` row of ``mode_shares.csv``: which rows' chains carry containers
    over the first of its crossings, and which over the others only (chains x rows each):
    the first crossing's share of the containers crossing any of them (the Caspian ports:
    Aktau's feeders against Kuryk's rail ferries)."""
    first, *rest = str(target["where"]).split("|")
    box = (costs["segment"] == "container").to_numpy()
    one = np.zeros((len(CHAINS), len(costs)), dtype=bool)
    others = np.zeros((len(CHAINS), len(costs)), dtype=bool)
    for k, name in enumerate(CHAINS):
        col = f"crossings_{name}"
        if col not in costs:
            continue
        one[k] = np.array([first in c for c in costs[col]]) & box
        others[k] = np.array([bool(set(rest) & c) for c in costs[col]]) & box & ~one[k]
    return one, others


def target_masks(
    costs: pd.DataFrame, target: dict[str, object], network: Network
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows' chains cross a ``mode_shares.csv`` row's crossings by rail, and which by
    road only (chains x rows each): a transit row counts goods with both ends outside its
    country crossing any of its borders; a ``container_port`` row: :func:`port_masks`."""
    if target["kind"] == "container_port":
        return port_masks(costs, target)
    where = str(target["where"])
    modes = dict(zip(network.crossings["id"], network.crossings["modes"], strict=False))
    if target["kind"] == "crossings":
        want = set(where.split("|"))
        ends_out = np.ones(len(costs), dtype=bool)
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
        want = set(ids)
    by_rail = np.zeros((len(CHAINS), len(costs)), dtype=bool)
    by_road = np.zeros((len(CHAINS), len(costs)), dtype=bool)
    for k, name in enumerate(CHAINS):
        col = f"crossings_{name}"
        if col not in costs:
            continue
        hit = [want & c for c in costs[col]]
        by_rail[k] = np.array([any(modes.get(x) == "rail" for x in h) for h in hit]) & ends_out
        by_road[k] = np.array([bool(h) for h in hit]) & ends_out & ~by_rail[k]
    return by_rail, by_road


def masked_share(
    tonnes: np.ndarray, share: np.ndarray, masks: tuple[np.ndarray, np.ndarray]
) -> float:
    """Rail share of tonnes over a target's crossings (``masks`` of :func:`target_masks`)."""
    w = tonnes[None, :] * share.T
    rail, road = float((w * masks[0]).sum()), float((w * masks[1]).sum())
    return rail / (rail + road) if rail + road > 0 else float("nan")


def observed_share(
    costs: pd.DataFrame, share: np.ndarray, target: dict[str, object], network: Network
) -> float:
    """The model's rail share of tonnes for one ``mode_shares.csv`` row (``share``: the
    chains' shares, :func:`chain_shares`): a chain's tonnes count as rail where it crosses
    the target's crossings by rail, as road where it crosses them by road only."""
    t = costs["tonnes_year"].to_numpy(dtype=np.float64)
    return masked_share(t, share, target_masks(costs, target, network))


ASC_GROUPS = {"container": "container", "dry_bulk": "bulk", "metals": "bulk", "liquid_bulk": "bulk"}
"""Segments sharing one road constant (the published shares cannot separate the bulk ones)."""
_MARKET_COLUMNS = ("id", "name", "countries", "pairs", "group", "share", "source", "notes")


def read_mode_markets(path: str | Path) -> pd.DataFrame:
    """The road-constant markets (``mode_markets.csv``), checked: a pair is in the first
    market listing its origin's or destination's country; the market's ``group``
    (``container`` or ``bulk``) takes its own road constant ``asc_road_<group>_<id>``,
    fitted to the published rail share ``share`` (a ``fit`` row of ``mode_shares.csv``)."""
    p = Path(path)
    frame = _read(p, "mode_markets", _MARKET_COLUMNS)
    _choice(frame, p, "group", tuple(sorted(set(ASC_GROUPS.values()))))
    for i, q in zip(frame[LINE], frame["pairs"], strict=True):
        for x in str(q).split("|"):
            if x and len(x.split("-")) != 2:
                msg = f"{p} line {i}, field pairs: {x!r} is not two countries as XX-YY"
                raise InputError(msg)
    return frame


def market_tuple(markets: pd.DataFrame | None) -> tuple[Market, ...]:
    """Markets as :func:`corridor.analysis._modes.market_of` takes them."""
    if markets is None:
        return ()
    return markets_of(list(markets["id"]), list(markets["countries"]), list(markets["pairs"]))


def row_markets(costs: pd.DataFrame, network: Network, markets: pd.DataFrame | None) -> list[str]:
    """The market of each row (by its origin's and destination's country; '' outside)."""
    from corridor.analysis._modes import market_of

    country = _country(network)
    mk = market_tuple(markets)
    return [
        market_of(country[o], country[d], mk)
        for o, d in zip(costs["origin"], costs["destination"], strict=True)
    ]


def asc_rows(
    segments: pd.Series,
    asc_road: dict[str, float],
    market: list[str] | None = None,
    asc_intermodal: dict[str, float] | None = None,
    ferry: pd.Series | np.ndarray | None = None,
) -> np.ndarray:
    """Alternative-specific constants (rows x chains) of rows of ``segments`` (in markets
    ``market``, '' outside every market): the road chain's constant of the row's group
    (``ASC_GROUPS``) in its market (``asc_road`` keys ``<group>`` and ``<group>_<market>``;
    a market without its own constant for the group takes the group's), the intermodal
    chain's of the row's group (``asc_intermodal``, 0 without) on the rows whose rail-based
    chain rides a rail ferry (``ferry``: :func:`chain_costs`' ``rail_ferry``; None: every
    row), 0 for the rail-based chain (the reference)."""
    out = np.zeros((len(segments), len(CHAINS)))
    inter = asc_intermodal or {}
    on = np.ones(len(segments), dtype=bool) if ferry is None else np.asarray(ferry, dtype=bool)
    out[:, CHAINS.index("intermodal")] = [
        inter.get(ASC_GROUPS.get(str(g), "bulk"), 0.0) if f else 0.0
        for g, f in zip(segments, on, strict=True)
    ]
    road = CHAINS.index("road")
    mk = market if market is not None else [""] * len(segments)
    out[:, road] = [
        asc_road.get(
            f"{ASC_GROUPS.get(str(g), 'bulk')}_{m}", asc_road[ASC_GROUPS.get(str(g), "bulk")]
        )
        if m
        else asc_road[ASC_GROUPS.get(str(g), "bulk")]
        for g, m in zip(segments, mk, strict=True)
    ]
    return out


def read_mode_params(path: str | Path) -> dict[str, float]:
    """The fitted mode-choice parameters of ``mode_fitted.csv``: ``theta`` and
    ``asc_road_<group>`` (name -> value)."""
    p = Path(path)
    frame = _read(p, "mode_fitted", ("name", "value", "source", "figure", "notes"))
    _numbers(frame, p, ("value",), required=True, signed=True)  # constants may be < 0
    return {str(k): float(v) for k, v in zip(frame["name"], frame["value"], strict=True)}


def read_theta(path: str | Path) -> float:
    """The fitted logit scale of ``mode_fitted.csv``."""
    return read_mode_params(path)["theta"]


@dataclass(frozen=True, slots=True)
class ModeChoice:
    """The fitted logit: ``theta``, road constants, the targets table and rail shares by
    segment."""

    theta: float
    asc_road: dict[str, float]
    table: pd.DataFrame
    by_segment: pd.DataFrame
    asc_intermodal: dict[str, float] = field(default_factory=dict)
    """The intermodal chain's constant per segment group (``asc_intermodal_<group>``)."""


def mode_report(
    costs: pd.DataFrame,
    theta: float,
    asc_road: dict[str, float],
    targets: pd.DataFrame,
    network: Network,
    markets: pd.DataFrame | None = None,
    asc_intermodal: dict[str, float] | None = None,
) -> ModeChoice:
    """The mode-share table and the rail share by segment at given parameters."""
    asc = asc_rows(
        costs["segment"],
        asc_road,
        row_markets(costs, network, markets),
        asc_intermodal,
        costs["rail_ferry"],
    )
    shares = chain_shares(costs, theta, asc)
    table = targets[["id", "name", "set", "rail_share"]].copy()
    table["model"] = [observed_share(costs, shares, r, network) for r in records(targets)]
    t = costs["tonnes_year"].to_numpy(dtype=np.float64)
    rail = shares[:, 0] + shares[:, 1]
    seg = pd.DataFrame({"segment": costs["segment"], "rail_t": t * rail, "t": t})
    by = seg.groupby("segment").agg(rail_t=("rail_t", "sum"), t=("t", "sum"))
    by["rail_share"] = by["rail_t"] / by["t"]
    aon = np.fmin(costs["cost_rail"], costs["cost_intermodal"]) < costs["cost_road"]
    by["rail_share_all_or_nothing"] = (
        pd.Series(t * aon, index=costs.index).groupby(costs["segment"]).sum() / by["t"]
    )
    return ModeChoice(
        theta,
        dict(asc_road),
        table.reset_index(drop=True),
        by.reset_index(),
        dict(asc_intermodal or {}),
    )


THETA_BOUNDS = (1.0, 10.0)
"""Range of the logit scale: at a rail share of 0.8 and rail costs near the cheapest chain's,
the rail chains' own-cost elasticity -theta x (1 - P) stays between -0.2 and -2 (a modelling
bound: published freight mode elasticities are of that order, not -4 and more)."""
ASC_BOUNDS = (-6.0, 6.0)
ASC_PRIOR = 2.0
"""Scale of the road constants' prior (a ridge residual constant / ``ASC_PRIOR``, beside the
log-odds residuals of the shares): two published rail shares cannot pin theta and two
constants alone; without evidence a constant stays near 0."""
MODE_PARAMS = ("theta", "asc_road_container", "asc_road_bulk", "asc_intermodal_container")
"""The parameters without markets; each market of ``mode_markets.csv`` adds
``asc_road_<group>_<market>``. ``asc_intermodal_container``: the intermodal chain's constant
for containers, pinned by the published split of the Caspian containers between the Aktau
feeders and the Kuryk rail ferries (a ``container_port`` row of ``mode_shares.csv``: across
the Caspian the rail-based chain rides the rail ferry, the intermodal chain is lifted onto
the feeder); the bulk segments' intermodal constant is 0 (no published share)."""


def mode_param_names(markets: pd.DataFrame | None) -> tuple[str, ...]:
    """``MODE_PARAMS`` and the markets' road constants, in file order."""
    extra = () if markets is None else tuple(
        f"asc_road_{g}_{m}" for m, g in zip(markets["id"], markets["group"], strict=True)
    )  # fmt: skip
    return MODE_PARAMS + extra


def as_params(m: ModeChoice) -> dict[str, float]:
    """A fitted mode choice as ``mode_fitted.csv`` names its parameters (what
    ``corridor flows`` takes: :func:`corridor.analysis._modes.shipped_params`)."""
    return (
        {"theta": m.theta}
        | {f"asc_road_{k}": v for k, v in m.asc_road.items()}
        | {f"asc_intermodal_{k}": v for k, v in m.asc_intermodal.items()}
    )


def _log_odds(p: np.ndarray) -> np.ndarray:
    return np.asarray(np.log(p / (1.0 - p)), dtype=np.float64)


def fit_mode_choice(
    network: Network,
    demand: pd.DataFrame,
    vot: dict[str, float],
    targets: pd.DataFrame,
    date: str = "2024-07-01",
    start: dict[str, float] | None = None,
    markets: pd.DataFrame | None = None,
) -> ModeChoice:
    """Fit ``theta`` and the road constants (:func:`mode_param_names`: one per segment
    group, and one per market of ``markets``) to the ``fit`` rows of ``targets`` (squared
    log-odds differences of the rail shares, plus the constants' ridge prior), within
    ``THETA_BOUNDS`` / ``ASC_BOUNDS``, on the shipped demand's tonnes at free-flow chain
    costs. Each market names the published share (``fit`` row) that pins its constant."""
    from scipy.optimize import least_squares

    from corridor.network.calendar import on_date

    net = on_date(network, date)
    costs = chain_costs(net, demand, vot)
    t = costs["tonnes_year"].to_numpy(dtype=np.float64)
    fit = [r for r in records(targets) if r["set"] == "fit"]
    if markets is not None:
        ids = {str(r["id"]) for r in fit}
        for r in records(markets):
            if str(r["share"]) not in ids:
                msg = (
                    f"mode_markets.csv: market {r['id']!r} names share {r['share']!r}, "
                    "not a fit row of mode_shares.csv"
                )
                raise ValueError(msg)
    masks = [target_masks(costs, r, net) for r in fit]
    ferry = costs["rail_ferry"].to_numpy(dtype=bool)
    want = np.array([float(r["rail_share"]) for r in fit])
    names = mode_param_names(markets)
    market = row_markets(costs, net, markets)
    s0 = start or {}
    low = np.array([THETA_BOUNDS[0]] + [ASC_BOUNDS[0]] * (len(names) - 1))
    high = np.array([THETA_BOUNDS[1]] + [ASC_BOUNDS[1]] * (len(names) - 1))
    p0 = np.clip([s0.get(k, 2.5 if k == "theta" else 0.0) for k in names], low, high)

    # the road constants' ridge prior; the intermodal constant is pinned by its own share
    # (the Caspian port split, the only share that separates the two rail chains): no prior
    prior = np.array([i for i, k in enumerate(names) if k.startswith("asc_road_")], dtype=int)

    def asc_of(p: np.ndarray, prefix: str = "asc_road_") -> dict[str, float]:
        return {
            k.removeprefix(prefix): float(v)
            for k, v in zip(names[1:], p[1:], strict=True)
            if k.startswith(prefix)
        }

    def res(p: np.ndarray) -> np.ndarray:
        asc = asc_rows(costs["segment"], asc_of(p), market, asc_of(p, "asc_intermodal_"), ferry)
        share = chain_shares(costs, float(p[0]), asc)
        got = np.array([masked_share(t, share, m) for m in masks])
        got = np.clip(np.nan_to_num(got), 1e-9, 1.0 - 1e-9)
        return np.concatenate([_log_odds(got) - _log_odds(want), p[prior] / ASC_PRIOR]).astype(
            np.float64
        )

    p = least_squares(res, p0, bounds=(low, high), xtol=1e-12, ftol=1e-12, gtol=1e-12).x
    return mode_report(
        costs, float(p[0]), asc_of(p), targets, net, markets, asc_of(p, "asc_intermodal_")
    )
