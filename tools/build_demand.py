"""Derive the shipped demand of the region from data-sources (no figures here).

Run:  .venv/bin/python tools/build_demand.py          derive: trade base, segments, OD demand
      .venv/bin/python tools/build_demand.py --fit    calibrate first (rewrites
                                                      data-sources/demand/fitted.csv and the
                                                      fit table of docs/demand.md), then derive
      .venv/bin/python tools/build_demand.py --check  print the fit table, write nothing

Every number is a row of data-sources/trade/*.csv or data-sources/demand/*.csv; the rules are
corridor.demand (base: pick rule, segments, tonnes; od: zones, scope, scales; calibrate: the
fit). tests/demand/test_od.py re-derives the shipped files and fails on any byte of difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

import pandas as pd

import corridor
from corridor import demand
from corridor.demand.calibrate import EquilibriumFit, check_metrics, equilibrium_fit
from corridor.demand.modechoice import (
    ModeChoice,
    as_params,
    fit_mode_choice,
    mode_param_names,
    read_mode_markets,
    read_mode_params,
    read_mode_shares,
)
from corridor.demand.od import DemandTables
from corridor.io.csv_tables import write_table_atomic

ROOT = Path(__file__).resolve().parents[1]
TRADE = ROOT / "data-sources/trade"
DEMAND = ROOT / "data-sources/demand"
DOC = ROOT / "docs/demand.md"
SHIPPED = ROOT / "src/corridor/data/demand"


JOINT = False
"""True: the volume fit runs against the joint flows (every segment sharing each capacity,
as ``corridor flows --segment all``); False (shipped): against the segments one at a time,
with the joint flows reported beside (docs/demand.md §4: fitted on the joint flows, the
China-EU overland share goes to its lower bound)."""
MAX_OUTER = 8
"""Most alternations of the volume fit and the mode fit (they stop at a fixed point)."""
TOL = {"theta": 2e-3, "asc": 2e-3}
"""A fixed point: the mode fit on the derived demand moves theta by at most 2e-3 (relative)
and each constant by at most 2e-3 (utility units) from the parameters the flows ran with
(the precision tests/demand/test_modechoice.py checks them to)."""


def _rounded(p: dict[str, float]) -> dict[str, float]:
    """Mode parameters as mode_fitted.csv writes them (theta 4 significant digits,
    constants 3 decimals): the fixed point is judged, and the flows run, on these."""
    return {k: float(f"{v:.4g}") if k == "theta" else round(v, 3) for k, v in p.items()}


def _settled(old: dict[str, float], new: dict[str, float]) -> bool:
    return all(
        abs(new[k] - old[k]) <= (TOL["theta"] * abs(old[k]) if k == "theta" else TOL["asc"])
        for k in old
    )


def fit() -> tuple[EquilibriumFit, ModeChoice, int, dict[str, float]]:
    """The crossing-volume calibration against the capacitated flows (equilibrium_fit) and
    the mode choice on the published rail shares, alternated from fixed start values
    (theta 2.5, constants 0; the volume fit starts from the middle of its bounds) to a fixed
    point: the volume
    fit runs the flows with the mode parameters, the mode fit runs on the demand the volume
    fit derives; they stop when the mode fit no longer moves the parameters the flows ran
    with (``TOL``), and those parameters are written: the volume fit, the derived demand and
    mode_fitted.csv are then one fixed point (a re-run starts there and stops after one
    round, writing the same values)."""
    tables = demand.read_trade_tables(TRADE)
    trade = demand.derive_trade_base(tables)
    seg = demand.derive_segments(tables)
    dt = demand.read_demand_tables(DEMAND)
    net = corridor.load(date="undated")
    markets = read_mode_markets(DEMAND / "mode_markets.csv")
    names = mode_param_names(markets)
    # fixed start values (not the shipped ones): the fit depends on data-sources only
    params = {k: 2.5 if k == "theta" else 0.0 for k in names}
    for i in range(1, MAX_OUTER + 1):
        e = equilibrium_fit(net, trade, seg, dt, tables.reexport, mode_params=params, joint=JOINT)
        fitted = dt.fitted.copy()
        fitted["value"] = [float(f"{e.fit.params[str(n)]:.4g}") for n in fitted["name"]]
        now = DemandTables(dt.zones, dt.scope, fitted, dt.targets, dt.folder)
        od = demand.od_demand(trade, seg, now, tables.reexport)
        m = modes(od, markets, params)
        new = _rounded(as_params(m))
        print(f"round {i}: flows ran with {params}; the mode fit gives {new}", flush=True)
        if _settled(params, new):
            return e, m, i, params
        params = new
    msg = f"the volume and mode fits did not reach a fixed point in {MAX_OUTER} rounds"
    raise SystemExit(msg)


def modes(
    region: pd.DataFrame, markets: pd.DataFrame, start: dict[str, float] | None = None
) -> ModeChoice:
    """The mode choice (theta, road constants per group and market) on the published rail
    shares, at the OD demand ``region``'s tonnes."""
    seg = demand.segments()
    vot = dict(zip(seg["id"], seg["vot_usd_teu_h"], strict=True))
    return fit_mode_choice(
        corridor.load(date="undated"),
        region,
        vot,
        read_mode_shares(DEMAND / "mode_shares.csv"),
        start=start if start is not None else read_mode_params(DEMAND / "mode_fitted.csv"),
        markets=markets,
    )


def mode_table(m: ModeChoice) -> str:
    markets = read_mode_markets(DEMAND / "mode_markets.csv")
    per_market = "; ".join(
        f"{r.name} ({r.group}, fitted to '{r.share}') "
        f"{m.asc_road.get(f'{r.group}_{r.id}', float('nan')):+.3g}"
        for r in markets.itertuples()
    )
    lines = [
        f"Logit scale theta = {m.theta:.4g}; road constants (utility, relative to the rail "
        f"chains): containers {m.asc_road['container']:+.3g}, bulk segments "
        f"{m.asc_road['bulk']:+.3g}; intermodal chain's constant for containers "
        f"{m.asc_intermodal.get('container', 0.0):+.3g}; markets: {per_market}.",
        "",
        "| published rail share | set | published | model |",
        "|---|---|---:|---:|",
    ]
    for r in m.table.itertuples():
        lines.append(f"| {r.name} | {r.set} | {r.rail_share:.1%} | {r.model:.1%} |")
    lines += ["", "| segment | rail share of tonnes (logit) | all-or-nothing |", "|---|---:|---:|"]
    for r in m.by_segment.itertuples():
        lines.append(f"| {r.segment} | {r.rail_share:.1%} | {r.rail_share_all_or_nothing:.1%} |")
    return "\n".join(lines)


def table(e: EquilibriumFit) -> str:
    f, eq = e.fit, e.table
    other = e.other if e.other is not None else eq
    flows, alone = ("joint flows", "segments alone") if e.joint else ("flows", "joint flows")
    lines = [
        f"| target | set | unit | observed | model ({flows}) | model/obs | {alone} | "
        "all-or-nothing | leave-one-out |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    aon = dict(
        zip(
            f.table["id"],
            f.table["model"] / f.table["id"].map(e.correction).fillna(1.0),
            strict=True,
        )
    )
    for r, q, j in zip(eq.itertuples(), f.table.itertuples(), other.itertuples(), strict=True):
        loo = "" if pd.isna(q.loo_ratio) else f"{q.loo_ratio:.2f}"
        lines.append(
            f"| {r.name} | {r.set} | {r.unit} | {r.observed:,.0f} | {r.model:,.0f} | "
            f"{r.ratio:.2f} | {j.ratio:.2f} | {aon[r.id] / r.observed:.2f} | {loo} |"
        )
    m = check_metrics(eq)
    mj = check_metrics(other)
    params = ", ".join(f"{k} = {v:.4g}" for k, v in f.params.items())
    lines += [
        "",
        f"Parameters: {params} ({e.rounds} rounds against the flows).",
        "",
        f"Fit targets in the {flows}: median |model/obs - 1| = "
        f"{m['fit_median_abs_dev']:.1%}, largest {m['fit_max_abs_dev']:.1%}; hold-out median "
        f"error x{m['holdout_median_factor']:.2f}; leave-one-out median error "
        f"x{f.metrics()['loo_median_factor']:.2f} (corrected all-or-nothing). With the "
        f"{alone} at the same parameters: median {mj['fit_median_abs_dev']:.1%}, largest "
        f"{mj['fit_max_abs_dev']:.1%}; hold-out x{mj['holdout_median_factor']:.2f}.",
    ]
    return "\n".join(lines)


def write_fit(e: EquilibriumFit) -> None:
    f = e.fit
    factors = pd.DataFrame(
        {"target": list(e.correction), "factor": [f"{v:.8g}" for v in e.correction.values()]}
    )
    factors["source"] = "tools/build_demand.py --fit"
    factors["notes"] = "target volume in the capacitated flows / all-or-nothing, last round"
    write_table_atomic(factors, DEMAND / "equilibrium_factors.csv")
    fitted = pd.read_csv(DEMAND / "fitted.csv", comment="#", dtype=str, keep_default_na=False)
    fitted["value"] = [f"{f.params[n]:.4g}" for n in fitted["name"]]
    header = [ln for ln in (DEMAND / "fitted.csv").read_text().splitlines() if ln.startswith("#")]
    tmp = DEMAND / ".fitted.tmp.csv"
    write_table_atomic(fitted, tmp)
    body = tmp.read_text().splitlines()
    tmp.unlink()
    (DEMAND / "fitted.csv").write_text("\n".join([body[0], *header, *body[1:]]) + "\n")
    doc = DOC.read_text()
    new = re.sub(
        r"<!-- fit:start -->.*<!-- fit:end -->",
        lambda _: f"<!-- fit:start -->\n{table(e)}\n<!-- fit:end -->",
        doc,
        flags=re.S,
    )
    DOC.write_text(new)


MODE_NOTES = {
    "theta": "logit scale on generalised cost relative to the cheapest chain",
    "asc_road_container": "road chain's constant for containers outside the markets of "
    "mode_markets.csv (utility units; + favours road: door-to-door, no consolidation; - "
    "penalises it: permits, reliability)",
    "asc_road_bulk": "road chain's constant for dry bulk, metals and liquid bulk outside the "
    "markets of mode_markets.csv (as above)",
    "asc_intermodal_container": "intermodal chain's constant for containers (utility units, "
    "relative to the rail-based chain; across the Caspian: the container feeders against the "
    "rail ferries), fitted to the published Caspian port split 'caspian_port' "
    "(mode_shares.csv)",
}


def write_modes(m: ModeChoice, values: dict[str, float]) -> None:
    path = DEMAND / "mode_fitted.csv"
    header = [ln for ln in path.read_text().splitlines() if ln.startswith("#")]
    notes = dict(MODE_NOTES)
    for r in read_mode_markets(DEMAND / "mode_markets.csv").itertuples():
        notes[f"asc_road_{r.group}_{r.id}"] = (
            f"road chain's constant for the {r.group} segments in the market '{r.name}' "
            f"(mode_markets.csv), fitted to the published share '{r.share}' (mode_shares.csv)"
        )
    rows = [
        f'{k},{values[k]:.4g},tools/build_demand.py --fit,derived,"{note}"'
        if k == "theta"
        else f'{k},{values[k]:.3f},tools/build_demand.py --fit,derived,"{note}"'
        for k, note in notes.items()
    ]
    path.write_text("\n".join(["name,value,source,figure,notes", *header, *rows]) + "\n")
    # the flows read theta, the constants and the markets from the package
    # (corridor.analysis._modes)
    (SHIPPED / "mode_fitted.csv").write_bytes(path.read_bytes())
    (SHIPPED / "mode_markets.csv").write_bytes((DEMAND / "mode_markets.csv").read_bytes())
    doc = DOC.read_text()
    DOC.write_text(
        re.sub(
            r"<!-- modes:start -->.*<!-- modes:end -->",
            lambda _: f"<!-- modes:start -->\n{mode_table(m)}\n<!-- modes:end -->",
            doc,
            flags=re.S,
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit", action="store_true", help="calibrate, then derive")
    ap.add_argument("--check", action="store_true", help="print the fit table only")
    args = ap.parse_args()
    if args.check:
        tables = demand.read_trade_tables(TRADE)
        e = equilibrium_fit(
            corridor.load(date="undated"),
            demand.derive_trade_base(tables),
            demand.derive_segments(tables),
            demand.read_demand_tables(DEMAND),
            tables.reexport,
            joint=JOINT,
        )
        print(table(e))
        print(
            mode_table(
                modes(demand.region_demand(), read_mode_markets(DEMAND / "mode_markets.csv"))
            )
        )
        return
    if args.fit:
        f, m, rounds, params = fit()
        m = dataclasses.replace(
            m,
            theta=params["theta"],
            asc_road={
                k.removeprefix("asc_road_"): v
                for k, v in params.items()
                if k.startswith("asc_road_")
            },
            asc_intermodal={
                k.removeprefix("asc_intermodal_"): v
                for k, v in params.items()
                if k.startswith("asc_intermodal_")
            },
        )  # what is written: the parameters the flows ran with at the fixed point
        print(table(f))
        print(f"fixed point after {rounds} alternations of the volume and mode fits")
        print(mode_table(m))
        write_fit(f)
        write_modes(m, params)
    for p in demand.write_trade_base(TRADE):
        print(f"wrote {p.relative_to(ROOT)}")
    p = demand.write_region_demand(TRADE, DEMAND)
    print(f"wrote {p.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
