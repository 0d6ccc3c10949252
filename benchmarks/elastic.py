"""Elastic-demand benchmark: `flows --elastic` against fixed-demand flows, same run.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/elastic.py [--quick]

On the shipped network of 2025-06-01 with the ``trans_afghan_built`` scenario, one commodity
segment (default dry bulk, which uses the new line): the fixed-demand equilibrium
(``freight_flows``, the reference) and the elastic one (``elastic_flows``: fixed equilibria on
the network and on the reference network, then the diagonalised Evans iterations to a
relative duality gap of 1e-6) are timed warm (one untimed call first, which compiles the
kernels and the graphs). Prints the median wall and CPU time of ``--repeat`` runs, their
ratio, the Evans
iterations and gap. The ratio is the figure to compare between machines (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import platform

import corridor
from _timing import warm_medians
from corridor.analysis.elastic import elastic_flows
from corridor.analysis.flows import freight_flows
from corridor.data import path
from corridor.demand import segment_vot, segments
from corridor.io.demand_csv import read_demand_csv
from corridor.vocab import rail_service


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segment", default="dry_bulk")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one timed run of each")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat
    demand = read_demand_csv(path("demand/region_demand_2024.csv"), args.segment)
    ref = corridor.load(date="2025-06-01")
    net = corridor.load(date="2025-06-01", scenario="trans_afghan_built")
    vot = segment_vot(args.segment)
    # as `corridor flows --segment` does: the segment's rail service (bulk: wagonload)
    options = corridor.RouteOptions(service=rail_service(args.segment))
    seg = segments().set_index("id")
    t_per_teu = float(seg.at[args.segment, "t_per_teu_eq"])

    def fixed() -> object:
        return freight_flows(
            net, demand, value_of_time_usd_teu_h=vot, options=options, segment=args.segment
        )

    def elastic() -> object:
        return elastic_flows(
            net,
            demand,
            reference=ref,
            value_of_time_usd_teu_h=vot,
            t_per_teu=t_per_teu,
            options=options,
            segment=args.segment,
        )

    wall, cpu, result = warm_medians({"fixed": fixed, "elastic": elastic}, repeat)
    f, e = wall["fixed"], wall["elastic"]
    fc, ec = cpu["fixed"], cpu["elastic"]
    s = result.summary  # type: ignore[union-attr]
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}"
    )
    print(f"segment {args.segment}: {len(demand)} OD rows, trans_afghan_built on 2025-06-01")
    print(f"fixed-demand flows (reference): {f:.2f} s wall, {fc:.2f} s CPU (median of {repeat})")
    print(
        f"elastic flows:                  {e:.2f} s wall, {ec:.2f} s CPU  (x{e / f:.2f} the fixed run)"
    )
    print(
        f"Evans: {s['iterations']} outer iterations, gap {s['gap']:.1e} (target {s['gap_target']:.0e}), induced {s['induced_teu_year']:,.0f} TEU/yr"
    )


if __name__ == "__main__":
    main()
