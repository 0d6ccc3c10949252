"""Elastic demand for all segments together, sharing capacity: ``corridor flows --segment
all --elastic`` (issue 17 item 5 on the joint flows).

:mod:`corridor.analysis.elastic` makes one segment's demand respond to its cost, and
:mod:`corridor.analysis.joint` puts every segment in one equilibrium that shares capacity.
This module does both at once. Every pair ``p`` of every class (segment) ``k`` responds to
its own generalised cost:

    T_kp = T0_kp (u_kp / c0_kp) ^ (-e)

- ``T0`` is the class's demand as given.
- ``u`` is the pair's cost now: its least cost, or with mode choice the logsum of its chains.
- ``c0`` is the pair's cost in the joint fixed-demand equilibrium on the *reference*
  network (the network without the scenario, same day).

In the joint problem's units (flows in TEU of capacity, costs in hours: US$ / the class's
value of time), ``u / c0`` is the same ratio as in US$ and ``T / T0`` the same as in the
class's own unit. The combined objective

    Z(x, T) = Beckmann(x) + the classes' logit entropies - sum_kp integral^T_kp D_kp^-1(w) dw

is the joint one (its cost Jacobian is symmetric, :mod:`corridor.analysis.joint`) plus a
separable demand term per pair, so the combined distribution-mode-assignment equilibrium is
one convex problem. It is solved exactly as the single segment's
(:func:`corridor.analysis._combined.solve`):

- the stopping rule is Evans' relative duality gap, with the logsums and the demand
  functions of every class's pairs;
- the iteration is the diagonalised form of Evans' algorithm, starting from the joint
  fixed-demand equilibrium on the network: move ``T`` toward the demand the current costs
  imply, then re-solve the joint user equilibrium.

With no cost change (``reference`` omitted, or the same network) the answer is the joint
fixed-demand flows. A pair the reference cannot route takes its own fixed-demand cost as
reference: no induced traffic is credited to it.

New assets (links usable on the network but not on the reference) carry, per segment, the
fixed-demand volume (*diverted*) and the elastic volume minus it (*induced*), in the
segment's unit and in tonnes. "All" sums the tonnes and counts TEU of capacity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from corridor.analysis._combined import Elastic, class_costs, solve
from corridor.analysis.elastic import (
    DEFAULT_ELASTICITY,
    ElasticFlows,
    check_elasticity,
    corridor_shares,
    demand_residual,
    demand_totals,
    elastic_block,
    new_asset_volumes,
    od_scaled,
    pair_keys,
    records,
    reference_scale,
    solver_summary,
)
from corridor.analysis.flows import DAYS_PER_YEAR, FlowRun, _fw_kind
from corridor.analysis.joint import (
    CAPACITY_UNIT,
    FlowClass,
    JointFlows,
    JointProblem,
    _answer,
    class_runs,
    solve_fixed,
    stack_runs,
)
from corridor.network.model import Network

INNER_MAX_ITER = 5000
"""Frank-Wolfe iterations allowed to each user equilibrium inside."""


@dataclass(frozen=True, slots=True)
class JointElasticFlows:
    """Fixed and elastic joint flows on a network, against a reference network's costs."""

    fixed: JointFlows
    elastic: JointFlows
    elasticity: float
    summary: dict[str, Any]
    """Demand fixed, elastic and induced in TEU of capacity (``*_teu_year``) and tonnes;
    Evans' gap, iterations, time; what the reference was."""
    new_assets: pd.DataFrame
    """All segments on each new link: TEU of capacity and tonnes, diverted and induced."""
    corridors: pd.DataFrame
    """Each corridor's TEU-km of capacity and tonne-km, and its shares, fixed and elastic."""
    segments: dict[str, ElasticFlows]
    """Each segment's part, as one segment's elastic run reports it (its own unit)."""
    new_lines: pd.DataFrame
    """Per segment and ``all``: the km-weighted mean over the new links of their volumes
    (``*_teu_year``: the segment's unit, TEU of capacity for ``all``; ``*_tonnes_year``)."""

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        """The elastic joint flows' JSON (:meth:`JointFlows.to_dict`) plus an ``elastic``
        block with the keys of one segment's, and each segment's ``elastic`` block under
        ``segments``."""
        doc = self.elastic.to_dict(top=top)
        doc["elastic"] = elastic_block(
            self.summary, self.elasticity, self.new_assets, self.corridors
        )
        doc["elastic"]["new_lines"] = records(self.new_lines)
        for name, part in self.segments.items():
            doc["segments"][name]["elastic"] = part.elastic_block()
        return doc


def joint_elastic_flows(
    network: Network,
    classes: list[FlowClass],
    *,
    reference: Network | None = None,
    elasticity: float = DEFAULT_ELASTICITY,
    gap: float = 1e-6,
    max_iter: int = 50,
    algorithm: str = "bfw",
    **options: Any,
) -> JointElasticFlows:
    """Joint flows of several classes with demand elastic to cost, beside the fixed.

    Parameters
    ----------
    network
        The network of the day (a scenario applied, if any).
    classes
        The classes (:class:`corridor.analysis.joint.FlowClass`; the shipped segments:
        :func:`corridor.analysis.joint.shipped_classes`), their demand observed on
        ``reference``.
    reference
        The network whose equilibrium costs the demand corresponds to (default
        ``network``: the elastic demand is then the fixed demand, up to the gap).
    elasticity
        Elasticity of every pair's demand to its generalised cost (>= 0; 0 = fixed).
    gap, max_iter
        Evans' relative duality gap to stop at, and the outer iterations allowed; the
        joint user equilibria inside run to ``gap / 10``.
    algorithm
        ``bfw`` (default), ``cfw``, ``fw`` or ``gp`` (= ``bfw``).
    options
        ``by``, ``carbon_price_usd_t``, ``queue_h_link``, ``queue_h_node``, ``beta``,
        ``theta``, ``mode_params`` as :func:`corridor.analysis.joint.joint_flows`.

    Returns
    -------
    JointElasticFlows

    Raises
    ------
    InputError
        A negative or infinite elasticity, an unknown algorithm, or classes
        :func:`corridor.analysis.joint.joint_flows` refuses.

    Examples
    --------
    >>> import corridor, pandas as pd
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> od = pd.DataFrame({"origin": ["a"], "destination": ["d"], "teu_year": [3650.0]})
    >>> f = joint_elastic_flows(net, [FlowClass("boxes", od), FlowClass("bulk", od, 5.0, 0.6)])
    >>> round(f.summary["elastic_demand_teu_year"])
    5840
    """
    check_elasticity(elasticity)
    kind = _fw_kind(algorithm)
    runs, factors, b_full = class_runs(network, classes, **options)
    keys = [pair_keys(r) for r in runs]
    ref_cost: list[dict[tuple[str, str], float]] | None = None
    if reference is not None and reference is not network:
        ref_runs, _, ref_b = class_runs(reference, classes, **options)
        ref_keys = [pair_keys(r) for r in ref_runs]
        rj = stack_runs(ref_runs, factors, ref_b)
        rsol = solve_fixed(rj.problem, gap=gap, max_iter=INNER_MAX_ITER, kind=kind)
        ref_cost = [
            dict(zip(k, c.tolist(), strict=True))
            for k, c in zip(ref_keys, _logsums(rj, rsol.x), strict=True)
        ]
        runs = [
            reference_scale(r, k, rr, rk)
            for r, k, rr, rk in zip(runs, keys, ref_runs, ref_keys, strict=True)
        ]
    j = stack_runs(runs, factors, b_full)
    pb = j.problem
    fixed = solve_fixed(pb, gap=gap, max_iter=INNER_MAX_ITER, kind=kind)
    own = _logsums(j, fixed.x)
    c0 = own if ref_cost is None else [
        np.array([rc.get(key, o) for key, o in zip(k, ow.tolist(), strict=True)])
        for rc, k, ow in zip(ref_cost, keys, own, strict=True)
    ]  # fmt: skip
    start = replace(pb, dem=replace(pb.dem, flow=fixed.t))
    el = Elastic(np.concatenate(c0), elasticity) if elasticity > 0.0 else None
    if el is None:
        ev = fixed
    else:
        ev = solve(
            start, fixed.x, el, gap=gap, max_iter=max_iter, kind=kind,
            name=f"evans-diagonalised-joint-{kind}",
        )  # fmt: skip
    by = str(options.get("by", "generalised"))
    names = [c.name for c in classes]
    t_el = [t / a for t, a in zip(_per_class(j, pb.classes.totals(ev.t)), factors, strict=True)]
    cost_h = _logsums(j, ev.x)
    ratios = [
        dict(zip(k, (t / r.classes.base.flow).tolist(), strict=True))
        for k, t, r in zip(keys, t_el, runs, strict=True)
    ]
    el_runs = [replace(r, od=od_scaled(r, q)) for r, q in zip(runs, ratios, strict=True)]
    both = (
        _answer(network, j, fixed.x, fixed.t, fixed.result, names, by),
        _answer(network, replace(j, runs=el_runs), ev.x, ev.t, ev.result, names, by),
    )
    solver = solver_summary(
        ev.result, gap, reference=ref_cost is not None,
        residual=demand_residual(start, ev, el),
    )  # fmt: skip
    ref = reference if reference is not None else network
    parts = {
        c.name: _segment_part(
            (ref, network), both, (r, er), c, elasticity, solver,
            (keys[k], c0[k], t_el[k], cost_h[k]),
            float(j.vot[k]),
        )
        for k, (c, r, er) in enumerate(zip(classes, runs, el_runs, strict=True))
    }  # fmt: skip
    return _total(ref, network, both, parts, classes, elasticity, solver)


def _logsums(j: JointProblem, x: np.ndarray) -> list[np.ndarray]:
    """Each class's pair costs at stacked flows ``x``: least cost or logsum, in hours."""
    pb = j.problem
    return _per_class(j, pb.classes.split(class_costs(pb, x))[1])


def _per_class(j: JointProblem, per_pair: np.ndarray) -> list[np.ndarray]:
    """A stacked per-base-pair array cut into the classes' parts."""
    ptr = np.concatenate([[0], np.cumsum([r.classes.base.n_pairs for r in j.runs])])
    return [per_pair[ptr[k] : ptr[k + 1]] for k in range(len(j.runs))]


def _segment_part(
    networks: tuple[Network, Network],
    both: tuple[JointFlows, JointFlows],
    runs: tuple[FlowRun, FlowRun],
    c: FlowClass,
    elasticity: float,
    solver: dict[str, Any],
    pairs: tuple[list[tuple[str, str]], np.ndarray, np.ndarray, np.ndarray],
    vot: float,
) -> ElasticFlows:
    """One segment of a joint elastic run, as a one-segment elastic run reports it."""
    ref, network = networks
    f, e = both[0].segments[c.name], both[1].segments[c.name]
    run, el_run = runs
    keys, c0_h, t_el, cost_h = pairs
    table = pd.DataFrame(keys, columns=["origin", "destination"])
    table["fixed_teu_year"] = run.classes.base.flow * DAYS_PER_YEAR
    table["elastic_teu_year"] = t_el * DAYS_PER_YEAR
    table["reference_cost_usd_teu"] = c0_h * vot
    table["cost_usd_teu"] = cost_h * vot
    return ElasticFlows(
        fixed=f,
        elastic=e,
        elasticity=elasticity,
        summary={**demand_totals(run, el_run.od, c.t_per_unit), **solver},
        new_assets=new_asset_volumes(ref, network, f, e, c.t_per_unit),
        corridors=corridor_shares(f, e),
        pairs=table,
    )


def _total(
    ref: Network,
    network: Network,
    both: tuple[JointFlows, JointFlows],
    parts: dict[str, ElasticFlows],
    classes: list[FlowClass],
    elasticity: float,
    solver: dict[str, Any],
) -> JointElasticFlows:
    """All segments together: TEU of capacity from the joint total, tonnes summed."""
    fixed, elastic = both
    summary: dict[str, Any] = {"unit": CAPACITY_UNIT}
    for key in ("fixed_demand", "elastic_demand", "induced"):
        summary[f"{key}_teu_year"] = sum(
            fixed.factors[c.name] * parts[c.name].summary[f"{key}_teu_year"] for c in classes
        )
        summary[f"{key}_tonnes_year"] = sum(
            parts[c.name].summary[f"{key}_tonnes_year"] for c in classes
        )
    summary |= solver
    assets = new_asset_volumes(ref, network, fixed.total, elastic.total, 0.0)
    for col in ("fixed", "elastic", "diverted", "induced"):
        assets[f"{col}_tonnes_year"] = sum(
            p.new_assets[f"{col}_tonnes_year"].to_numpy() for p in parts.values()
        )
    shares = corridor_shares(fixed.total, elastic.total)
    t_of = {c.name: c.t_per_unit for c in classes}
    for tag in ("fixed", "elastic"):
        tkm = sum(p.corridors[f"{tag}_teu_km_year"].to_numpy() * t_of[n] for n, p in parts.items())
        shares[f"{tag}_tonne_km_year"] = tkm
        total = float(np.sum(tkm))
        shares[f"{tag}_tonne_share"] = tkm / total if total > 0 else 0.0
    frames = {**{n: p.new_assets for n, p in parts.items()}, "all": assets}
    return JointElasticFlows(
        fixed=fixed,
        elastic=elastic,
        elasticity=elasticity,
        summary=summary,
        new_assets=assets,
        corridors=shares,
        segments=parts,
        new_lines=pd.DataFrame([_line_mean(n, f) for n, f in frames.items()]),
    )


VOLUMES = [f"{c}_{u}_year" for u in ("teu", "tonnes") for c in ("fixed", "elastic", "diverted", "induced")]  # fmt: skip


def _line_mean(segment: str, assets: pd.DataFrame) -> dict[str, Any]:
    """The km-weighted mean of a new-assets table's volumes (one row per segment)."""
    km = assets["length_km"].to_numpy(dtype=np.float64)
    total = float(km.sum())
    row: dict[str, Any] = {"segment": segment, "links": len(assets), "length_km": total}
    for col in VOLUMES:
        v = assets[col].fillna(0.0).to_numpy(dtype=np.float64)
        row[col] = float(v @ km / total) if total > 0 else 0.0
    return row


__all__ = ["JointElasticFlows", "joint_elastic_flows"]
