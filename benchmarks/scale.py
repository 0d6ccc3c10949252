"""Scaling benchmark: build, compile, route and criticality from 10 k to 1 M graph edges.

The networks are synthetic, made from the shipped one by replication with the public API
only: copy ``k`` of every table gets ids suffixed ``_r<k>`` (places, links, crossings,
place-specific transfer rows), copies 1.. drop the aliases and number their names, and a
100 km two-way road link joins the Almaty of each copy to the next, so the whole network
is one connected component (a chain of regions). Parameters, corridors, calendar and meta
are the shipped ones (they name copy 0's elements).

Per size, in one process per measurement (``--baseline`` interleaves another source tree):

- ``build``: ``corridor.Network.from_tables`` (every check of ``from_dir``) on the raw tables;
- ``compile``: ``corridor.compile`` of that network;
- ``route``: ``corridor.route`` from copy 0's Almaty to the last copy's Karachi by time, warm
  (median of 5; the first call loads the numba kernels);
- ``criticality``: ``corridor.analysis.criticality.criticality`` over the shipped 40-place
  OD set (1,560 pairs, copy 0's places), up to ``--criticality-max`` edges;

then the exponent of each segment, ``log(t2 / t1) / log(e2 / e1)`` (1 = linear).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/scale.py
    PYTHONPATH=src .venv/bin/python benchmarks/scale.py --baseline /tmp/perf-base/src
    PYTHONPATH=src .venv/bin/python benchmarks/scale.py --quick        # CI: seconds
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

import corridor
from corridor.data import path as data_path

os.environ.setdefault("CORRIDOR_KERNELS", "numba")  # time the kernels, not the cold-start tier

TABLES = ("nodes", "links", "crossings", "transfers", "parameters", "corridors", "calendar")
SIZES = (10_000, 100_000, 200_000, 1_000_000)
QUICK_SIZES = (1_000, 4_000)
BRIDGE_KM = 100
TARGETS = {"build+compile at 1M edges": 15.0, "criticality at 100k edges": 8.0}


def read_tables() -> dict[str, pd.DataFrame]:
    """The shipped network's CSV tables as raw text (what ``from_tables`` takes)."""
    folder = Path(str(data_path("network")))
    out = {}
    for name in (*TABLES, "meta"):
        file = folder / f"{name}.csv"
        if file.exists():
            out[name] = pd.read_csv(file, dtype=str, keep_default_na=False)
    return out


def replicate(tables: dict[str, pd.DataFrame], copies: int) -> dict[str, pd.DataFrame]:
    """``copies`` copies of the network joined in a chain (see the module docstring)."""

    def suffix(values: pd.Series, k: int) -> list[str]:
        return [v if k == 0 or v == "*" else f"{v}_r{k}" for v in values.tolist()]

    nodes, links, crossings, transfers = [], [], [], []
    for k in range(copies):
        n = tables["nodes"].copy()
        n["id"] = suffix(n["id"], k)
        if k:
            n["aliases"] = ""
            n["name"] = [f"{v} {k}" for v in n["name"].tolist()]
        nodes.append(n)
        lk = tables["links"].copy()
        for col in ("id", "from", "to"):
            lk[col] = suffix(lk[col], k)
        links.append(lk)
        if k:
            bridge = dict.fromkeys(lk.columns, "")
            bridge |= {
                "id": f"bridge_r{k}",
                "from": "kz_almaty" if k == 1 else f"kz_almaty_r{k - 1}",
                "to": f"kz_almaty_r{k}",
                "mode": "road",
                "length_km": str(BRIDGE_KM),
                "length_basis": "estimate",
                "status": "existing",
                "basis": "estimate",
                "source": "synthetic: joins two copies (benchmarks/scale.py)",
            }
            links.append(pd.DataFrame([bridge]))
        x = tables["crossings"].copy()
        x["id"], x["node"] = suffix(x["id"], k), suffix(x["node"], k)
        crossings.append(x)
        t = tables["transfers"].copy()
        if k:
            t = t[t["node"] != "*"]
        t["node"] = suffix(t["node"], k)
        transfers.append(t)
    out = dict(tables)
    out |= {
        "nodes": pd.concat(nodes, ignore_index=True),
        "links": pd.concat(links, ignore_index=True),
        "crossings": pd.concat(crossings, ignore_index=True),
        "transfers": pd.concat(transfers, ignore_index=True),
    }
    return out


def measure(edges_wanted: int, criticality_max: int) -> dict[str, Any]:
    """Build, compile, route and (small enough) criticality on one synthetic size."""
    tables = read_tables()
    one = corridor.compile(corridor.Network.from_tables("shipped", **tables))
    copies = max(1, math.ceil(edges_wanted / one.n_edges))
    raw = replicate(tables, copies)
    t0 = time.perf_counter()
    net = corridor.Network.from_tables(f"x{copies}", **raw)
    t1 = time.perf_counter()
    g = corridor.compile(net)
    t2 = time.perf_counter()
    last = "pk_karachi" if copies == 1 else f"pk_karachi_r{copies - 1}"
    corridor.route(g, "kz_almaty", last)  # loads the kernels
    times = []
    for _ in range(5):
        t = time.perf_counter()
        corridor.route(g, "kz_almaty", last)
        times.append(time.perf_counter() - t)
    out: dict[str, Any] = {
        "copies": copies,
        "links": len(raw["links"]),
        "edges": int(g.n_edges),
        "vertices": int(g.n_vertices),
        "build_s": t1 - t0,
        "compile_s": t2 - t1,
        "route_s": statistics.median(times),
        "criticality_s": None,
    }
    if g.n_edges <= criticality_max:
        from corridor.analysis.criticality import criticality
        from corridor.analysis.od import od_set
        from corridor.paths import place_index

        od = od_set(g.labels.node_ids, lambda p: place_index(g, p))
        criticality(
            one, od_set(one.labels.node_ids, lambda p: place_index(one, p), pairs="almaty:karachi")
        )
        t = time.perf_counter()
        criticality(g, od)
        out["criticality_s"] = time.perf_counter() - t
        out["pairs"] = od.n_pairs
    return out


def child(src: str | None, size: int, criticality_max: int, timeout_s: float) -> dict[str, Any]:
    """``measure`` in a fresh process (with ``src`` first on the path, if given)."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    cmd = [sys.executable, __file__, "--measure", str(size), "--criticality-max"]
    try:
        done = subprocess.run(
            [*cmd, str(criticality_max)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"timeout_s": timeout_s}
    except subprocess.CalledProcessError as exc:
        return {"error": (exc.stderr or "").strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def exponents(rows: list[dict[str, Any]], key: str) -> list[str]:
    """Per segment between consecutive sizes: log(t2/t1) / log(e2/e1)."""
    out = []
    for a, b in itertools.pairwise(rows):
        ta, tb = a.get(key), b.get(key)
        if ta and tb and "edges" in a and "edges" in b:
            out.append(f"{math.log(tb / ta) / math.log(b['edges'] / a['edges']):.2f}")
        else:
            out.append("-")
    return out


def fmt(v: Any) -> str:
    if v is None:
        return "-"
    return f"{v * 1e3:.2f} ms" if v < 0.1 else f"{v:.2f} s"


def table(label: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n## {label}")
    print("| edges | links | build | compile | build+compile | route (warm) | criticality |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "edges" not in r:
            print(f"| {r.get('wanted', '?'):,} | - | {r} | | | | |")
            continue
        both = r["build_s"] + r["compile_s"]
        print(
            f"| {r['edges']:,} | {r['links']:,} | {fmt(r['build_s'])} | {fmt(r['compile_s'])} "
            f"| {fmt(both)} | {fmt(r['route_s'])} | {fmt(r['criticality_s'])} |"
        )
    for r in rows:
        if "edges" in r:
            r["build_compile_s"] = r["build_s"] + r["compile_s"]
    print("\nexponents per segment (1 = linear):")
    for key in ("build_s", "compile_s", "build_compile_s", "route_s", "criticality_s"):
        print(f"  {key:16s} {' '.join(exponents(rows, key))}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="graph edges")
    ap.add_argument("--criticality-max", type=int, default=1_000_000)
    ap.add_argument("--baseline", help="another source tree (src/) to time in the same run")
    ap.add_argument("--baseline-criticality-max", type=int, default=200_000)
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per measurement")
    ap.add_argument(
        "--quick", action="store_true", help="1 and 2 copies, in this process (CI: seconds)"
    )
    ap.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.criticality_max)))
        return 0
    sizes = QUICK_SIZES if args.quick else tuple(int(s) for s in args.sizes.split(","))
    print(
        f"# corridor scaling: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    rows: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    for size in sizes:
        if args.baseline:
            base.append(
                {
                    "wanted": size,
                    **child(args.baseline, size, args.baseline_criticality_max, args.timeout),
                }
            )
        if args.quick:
            rows.append({"wanted": size, **measure(size, args.criticality_max)})
            continue
        rows.append({"wanted": size, **child(None, size, args.criticality_max, args.timeout)})
    if args.baseline:
        table(f"baseline ({args.baseline})", base)
    table("this tree", rows)
    ok = True
    big = [r for r in rows if r.get("edges", 0) >= 900_000]
    mid = [r for r in rows if 90_000 <= r.get("edges", 0) <= 110_000]
    if big:
        both = big[0]["build_s"] + big[0]["compile_s"]
        ok &= both < TARGETS["build+compile at 1M edges"]
        print(f"\nbuild+compile at {big[0]['edges']:,} edges: {fmt(both)} (target < 15 s)")
        if mid:
            ratio = both / (mid[0]["build_s"] + mid[0]["compile_s"])
            ok &= ratio <= 12.0
            print(f"  {mid[0]['edges']:,} -> {big[0]['edges']:,} edges: {ratio:.1f}x time (<= 12x)")
    if mid and mid[0]["criticality_s"] is not None:
        ok &= mid[0]["criticality_s"] < TARGETS["criticality at 100k edges"]
        print(f"criticality at {mid[0]['edges']:,} edges: {fmt(mid[0]['criticality_s'])} (< 8 s)")
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
