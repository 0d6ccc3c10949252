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
import re
from pathlib import Path

import pandas as pd

import corridor
from corridor import demand
from corridor.demand.calibrate import EquilibriumFit, check_metrics, equilibrium_fit
from corridor.demand.modechoice import (
    ModeChoice,
    fit_mode_choice,
    read_mode_params,
    read_mode_shares,
)
from corridor.io.csv_tables import write_table_atomic

ROOT = Path(__file__).resolve().parents[1]
TRADE = ROOT / "data-sources/trade"
DEMAND = ROOT / "data-sources/demand"
DOC = ROOT / "docs/demand.md"
SHIPPED = ROOT / "src/corridor/data/demand"


def fit() -> EquilibriumFit:
    """The crossing-volume calibration against the capacitated flows (equilibrium_fit)."""
    tables = demand.read_trade_tables(TRADE)
    trade = demand.derive_trade_base(tables)
    return equilibrium_fit(
        corridor.load(date="undated"),
        trade,
        demand.derive_segments(tables),
        demand.read_demand_tables(DEMAND),
        tables.reexport,
    )


def modes(region: pd.DataFrame) -> ModeChoice:
    """The mode choice (theta, road constants) on the published rail shares, at the OD
    demand ``region``'s tonnes."""
    seg = demand.segments()
    vot = dict(zip(seg["id"], seg["vot_usd_teu_h"], strict=True))
    return fit_mode_choice(
        corridor.load(date="undated"),
        region,
        vot,
        read_mode_shares(DEMAND / "mode_shares.csv"),
        start=read_mode_params(DEMAND / "mode_fitted.csv"),
    )


def mode_table(m: ModeChoice) -> str:
    lines = [
        f"Logit scale theta = {m.theta:.4g}; road constants (utility, relative to the rail "
        f"chains): containers {m.asc_road['container']:+.3g}, bulk segments "
        f"{m.asc_road['bulk']:+.3g}.",
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
    lines = [
        "| target | set | unit | observed | model (flows) | model/obs | all-or-nothing | "
        "leave-one-out |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    aon = dict(
        zip(
            f.table["id"],
            f.table["model"] / f.table["id"].map(e.correction).fillna(1.0),
            strict=True,
        )
    )
    for r, q in zip(eq.itertuples(), f.table.itertuples(), strict=True):
        loo = "" if pd.isna(q.loo_ratio) else f"{q.loo_ratio:.2f}"
        lines.append(
            f"| {r.name} | {r.set} | {r.unit} | {r.observed:,.0f} | {r.model:,.0f} | "
            f"{r.ratio:.2f} | {aon[r.id] / r.observed:.2f} | {loo} |"
        )
    m = check_metrics(eq)
    params = ", ".join(f"{k} = {v:.4g}" for k, v in f.params.items())
    lines += [
        "",
        f"Parameters: {params} ({e.rounds} rounds against the flows).",
        "",
        f"Fit targets in the flows: median |model/obs - 1| = {m['fit_median_abs_dev']:.1%}, "
        f"largest {m['fit_max_abs_dev']:.1%}; hold-out median error "
        f"x{m['holdout_median_factor']:.2f}; leave-one-out median error "
        f"x{f.metrics()['loo_median_factor']:.2f} (corrected all-or-nothing).",
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
    "asc_road_container": "road chain's constant for containers (utility units; + favours "
    "road: door-to-door, no consolidation; - penalises it: permits, reliability)",
    "asc_road_bulk": "road chain's constant for dry bulk, metals and liquid bulk (as above)",
}


def write_modes(m: ModeChoice) -> None:
    path = DEMAND / "mode_fitted.csv"
    header = [ln for ln in path.read_text().splitlines() if ln.startswith("#")]
    values = {"theta": m.theta} | {f"asc_road_{k}": v for k, v in m.asc_road.items()}
    rows = [
        f'{k},{values[k]:.4g},tools/build_demand.py --fit,derived,"{note}"'
        if k == "theta"
        else f'{k},{values[k]:.3f},tools/build_demand.py --fit,derived,"{note}"'
        for k, note in MODE_NOTES.items()
    ]
    path.write_text("\n".join(["name,value,source,figure,notes", *header, *rows]) + "\n")
    # the flows read theta and the constants from the package (corridor.analysis._modes)
    (SHIPPED / "mode_fitted.csv").write_bytes(path.read_bytes())
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
    if args.check or args.fit:
        f = fit()
        print(table(f))
        if args.check:
            print(mode_table(modes(demand.region_demand())))
            return
        write_fit(f)
    for p in demand.write_trade_base(TRADE):
        print(f"wrote {p.relative_to(ROOT)}")
    p = demand.write_region_demand(TRADE, DEMAND)
    print(f"wrote {p.relative_to(ROOT)}")
    if args.fit:  # the mode choice on the derived demand's tonnes
        m = modes(demand.region_demand(p))
        print(mode_table(m))
        write_modes(m)


if __name__ == "__main__":
    main()
