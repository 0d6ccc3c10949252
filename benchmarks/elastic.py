"""Elastic-demand benchmark: `flows --elastic` against fixed-demand flows, same run; one
segment, then all segments together (`flows --segment all --elastic`).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/elastic.py [--quick] [--segment S] [--gap G]

On the shipped network of 2025-06-01 with the ``trans_afghan_built`` scenario, each pair
of runs to a relative gap of ``--gap`` (1e-6, what ``corridor flows`` uses):

- one commodity segment (default dry bulk, which uses the new line): the fixed-demand
  equilibrium (``freight_flows``, the reference) and the elastic one (``elastic_flows``:
  fixed equilibria on the network and on the reference network, then the diagonalised
  Evans iterations);
- every segment in one equilibrium sharing capacity: the joint fixed-demand flows
  (``joint_flows``, the reference) and the joint elastic ones (``joint_elastic_flows``:
  joint fixed equilibria on both networks, then Evans).

All warm (one untimed call first, which compiles the kernels and the graphs). Prints the
median wall and CPU time of ``--repeat`` runs, each pair's ratio, the Evans iterations and
gap. The ratios are the figures to compare between machines (docs/benchmarks.md).
``--quick``: one timed run of each, and the joint pair at a gap of 1e-4 without its
warm-up (the single-segment runs have compiled the kernels and graphs already).
"""

from __future__ import annotations

import argparse
import platform
from typing import Any

import corridor
from _timing import warm_medians
from corridor.analysis.elastic import elastic_flows
from corridor.analysis.flows import freight_flows
from corridor.analysis.joint import joint_flows, read_segments_demand, shipped_classes
from corridor.analysis.joint_elastic import joint_elastic_flows
from corridor.data import path
from corridor.demand import segment_vot, segments
from corridor.io.demand_csv import read_demand_csv
from corridor.vocab import rail_service

DEMAND = "demand/region_demand_2024.csv"


def _report(label: str, wall: dict[str, float], cpu: dict[str, float], repeat: int) -> None:
    f, e = wall["fixed"], wall["elastic"]
    print(
        f"{label} fixed (reference): {f:.2f} s wall, {cpu['fixed']:.2f} s CPU (median of {repeat})"
    )
    print(
        f"{label} elastic:           {e:.2f} s wall, {cpu['elastic']:.2f} s CPU  (x{e / f:.2f} the fixed run)"
    )


def _evans(s: dict[str, Any], unit: str) -> None:
    print(
        f"  Evans: {s['iterations']} outer iterations, gap {s['gap']:.1e} (target {s['gap_target']:.0e}), induced {s['induced_teu_year']:,.0f} {unit}/yr"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segment", default="dry_bulk")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--gap", type=float, default=1e-6)
    ap.add_argument("--quick", action="store_true", help="one timed run of each; joint at 1e-4")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat
    joint_gap = max(args.gap, 1e-4) if args.quick else args.gap
    demand = read_demand_csv(path(DEMAND), args.segment)
    ref = corridor.load(date="2025-06-01")
    net = corridor.load(date="2025-06-01", scenario="trans_afghan_built")
    vot = segment_vot(args.segment)
    # as `corridor flows --segment` does: the segment's rail service (bulk: wagonload)
    options = corridor.RouteOptions(service=rail_service(args.segment))
    seg = segments().set_index("id")
    t_per_teu = float(seg.at[args.segment, "t_per_teu_eq"])
    common = {"value_of_time_usd_teu_h": vot, "options": options, "segment": args.segment}
    wall, cpu, one = warm_medians(
        {
            "fixed": lambda: freight_flows(net, demand, gap=args.gap, **common),
            "elastic": lambda: elastic_flows(
                net, demand, reference=ref, t_per_teu=t_per_teu, gap=args.gap, **common
            ),
        },
        repeat,
    )
    classes = shipped_classes(read_segments_demand(path(DEMAND)))
    jwall, jcpu, both = warm_medians(
        {
            "fixed": lambda: joint_flows(net, classes, gap=joint_gap),
            "elastic": lambda: joint_elastic_flows(net, classes, reference=ref, gap=joint_gap),
        },
        repeat,
        warm=not args.quick,
    )
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}"
    )
    print(
        f"trans_afghan_built on 2025-06-01, reference: the network without it; gap {args.gap:.0e}"
    )
    print(f"segment {args.segment}: {len(demand)} OD rows")
    _report("  one segment", wall, cpu, repeat)
    _evans(one.summary, "TEU")  # type: ignore[attr-defined]
    rows = sum(len(c.demand) for c in classes)
    print(f"all {len(classes)} segments sharing capacity: {rows} OD rows, gap {joint_gap:.0e}")
    _report("  joint", jwall, jcpu, repeat)
    _evans(both.summary, "capacity TEU")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
