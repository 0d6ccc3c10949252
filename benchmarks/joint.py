"""Joint-flows benchmark: every segment in one equilibrium against the segments one by one.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/joint.py [--quick] [--gap 1e-6]

On the shipped network of 2024-07-01 with the shipped demand: the reference is the four
segments' flows one at a time (``freight_flows`` per segment, its value of time, rail service
and mode choice; what ``corridor flows --segment S`` runs, summed over the segments); the
measured run is ``joint_flows`` (``corridor flows --segment all``: the same classes in one
equilibrium sharing every capacity). Both warm (one untimed call of each first), to the same
relative gap (``--gap``, default 1e-6; ``--quick``: 1e-4, the calibration's, unless
``--gap`` is given). Prints the median wall and CPU time of ``--repeat`` runs and their
ratio, the figure to compare between machines (docs/benchmarks.md). The joint elastic run
is timed by ``benchmarks/elastic.py``.
"""

from __future__ import annotations

import argparse
import platform

import corridor
from _timing import warm_medians
from corridor.analysis.flows import freight_flows
from corridor.analysis.joint import joint_flows, read_segments_demand, shipped_classes
from corridor.data import path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--gap", type=float, default=None, help="default 1e-6; --quick: 1e-4")
    ap.add_argument("--quick", action="store_true", help="one timed run of each, gap 1e-4")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat
    if args.gap is None:
        args.gap = 1e-4 if args.quick else 1e-6
    net = corridor.load(date="2024-07-01")
    classes = shipped_classes(read_segments_demand(path("demand/region_demand_2024.csv")))

    def one_by_one() -> object:
        return [
            freight_flows(
                net,
                c.demand,
                value_of_time_usd_teu_h=c.value_of_time_usd_teu_h,
                options=c.options,
                segment=c.segment,
                gap=args.gap,
            )
            for c in classes
        ]

    def joint() -> object:
        return joint_flows(net, classes, gap=args.gap)

    wall, cpu, result = warm_medians({"alone": one_by_one, "joint": joint}, repeat)
    a, j = wall["alone"], wall["joint"]
    ac, jc = cpu["alone"], cpu["joint"]
    s = result.total.summary  # type: ignore[attr-defined]
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}"
    )
    print(f"{len(classes)} segments, {sum(len(c.demand) for c in classes)} OD rows, 2024-07-01")
    print(f"segments one by one (reference): {a:.2f} s wall, {ac:.2f} s CPU (median of {repeat})")
    print(f"joint (one equilibrium):         {j:.2f} s wall, {jc:.2f} s CPU  (x{j / a:.2f})")
    print(f"joint: {s['iterations']} outer iterations, gap {s['gap']:.1e} (target {args.gap:.0e})")


if __name__ == "__main__":
    main()
