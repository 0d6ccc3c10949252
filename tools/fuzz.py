"""The long fuzz: many generated networks, scenario files and TNTP folders, with limits.

    python tools/fuzz.py                      # 10,000 cases of each kind (network, scenario, tntp)
    python tools/fuzz.py --cases 500 --kinds tntp
    nice -n 19 python tools/fuzz.py --cases 12000 --json fuzz.json

Cases come from the seeded generators of tests/fuzz/generators.py (seed = case number; a
crash is reproduced with ``--kinds KIND --start SEED --cases 1``). They run in a worker
process that reports each outcome on a pipe; a case that takes over ``--hang`` seconds
(default 10) of CPU time is a hang; a case with no answer after six times that in wall time
(at least a minute: the machine may be shared) is killed and a new worker goes on with the
next case. The table gives, per kind: cases, clean rejections, accepted, crashes, hangs,
the slowest case (CPU seconds) and the largest resident memory of a worker (an upper bound
of one case's).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import selectors
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATORS = ROOT / "tests" / "fuzz"


def _worker(kind: str, start: int, stop: int) -> None:
    """Run cases ``start..stop-1`` and print ``seed outcome wall_s maxrss_kb cpu_s [detail]``."""
    sys.path.insert(0, str(GENERATORS))
    from generators import KINDS

    case = KINDS[kind]
    with tempfile.TemporaryDirectory(prefix="corridor-fuzz-") as tmp:
        for seed in range(start, stop):
            t0 = time.perf_counter()
            c0 = time.process_time()
            detail = ""
            try:
                outcome = case(seed, Path(tmp))
            except Exception as exc:  # a crash is what we look for
                outcome = "crash"
                last = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{Path(last.filename).name}:{last.lineno}"
                detail = f"{type(exc).__name__} at {where}: {str(exc)[:160]!r}"
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"{seed} {outcome} {wall:.4f} {rss} {cpu:.4f} {detail}", flush=True)


def _run_kind(kind: str, start: int, cases: int, hang_s: float) -> dict[str, object]:
    wall_limit_s = max(6 * hang_s, 60.0)  # a loaded machine stretches wall time
    counts = {"accepted": 0, "rejected": 0, "crash": 0, "hang": 0}
    crashes: list[str] = []
    slowest = (0.0, -1)
    slowest_wall = 0.0
    max_rss_kb = 0
    seed = start
    stop = start + cases
    t_start = time.perf_counter()
    while seed < stop:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", kind, str(seed), str(stop)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        assert proc.stdout is not None
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        budget = wall_limit_s + 60.0  # the first case also imports corridor and loads kernels
        while seed < stop:
            if not sel.select(timeout=budget):
                proc.kill()
                counts["hang"] += 1
                crashes.append(f"seed {seed}: no answer in {budget:g} s wall (killed)")
                seed += 1
                break
            line = proc.stdout.readline()
            if not line:  # the worker died (segfault, kill by the OOM killer)
                proc.wait()
                counts["crash"] += 1
                crashes.append(f"seed {seed}: worker died with code {proc.returncode}")
                seed += 1
                break
            parts = line.rstrip("\n").split(" ", 5)
            got, outcome, wall, rss = int(parts[0]), parts[1], float(parts[2]), int(parts[3])
            seconds = float(parts[4])  # CPU time: this machine is shared, wall time is not ours
            if seconds > hang_s:
                outcome = "hang"
                crashes.append(f"seed {got}: {seconds:.1f} s CPU ({wall:.1f} s wall)")
            counts[outcome] += 1
            if outcome == "crash":
                crashes.append(f"seed {got}: {parts[5] if len(parts) > 5 else ''}")
            slowest = max(slowest, (seconds, got))
            slowest_wall = max(slowest_wall, wall)
            max_rss_kb = max(max_rss_kb, rss)
            seed = got + 1
            budget = wall_limit_s
        proc.stdout.close()
        proc.wait()
    return {
        "kind": kind,
        "cases": cases,
        "rejected": counts["rejected"],
        "accepted": counts["accepted"],
        "crashes": counts["crash"],
        "hangs": counts["hang"],
        "slowest_s": round(slowest[0], 3),
        "slowest_wall_s": round(slowest_wall, 3),
        "slowest_seed": slowest[1],
        "max_rss_mb": round(max_rss_kb / 1024, 1),
        "wall_s": round(time.perf_counter() - t_start, 1),
        "failures": crashes[:50],
    }


def _table(rows: list[dict[str, object]]) -> str:
    head = f"{'kind':<9} {'cases':>7} {'rejected':>9} {'accepted':>9} {'crashes':>8} {'hangs>10s':>9} {'slowest CPU':>11} {'max RSS':>9}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['kind']!s:<9} {r['cases']:>7,} {r['rejected']:>9,} {r['accepted']:>9,} "
            f"{r['crashes']:>8} {r['hangs']:>9} {r['slowest_s']:>10}s {r['max_rss_mb']:>6} MB"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10_000, help="cases per kind (default 10,000)")
    parser.add_argument("--kinds", default="network,scenario,tntp", help="comma-separated kinds")
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--hang", type=float, default=10.0, help="seconds that make a hang")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        kind, start, stop = args.worker
        _worker(kind, int(start), int(stop))
        return 0
    rows = []
    for kind in args.kinds.split(","):
        row = _run_kind(kind.strip(), args.start, args.cases, args.hang)
        rows.append(row)
        print(f"{kind}: done in {row['wall_s']} s", file=sys.stderr, flush=True)
        for failure in row["failures"]:  # type: ignore[attr-defined]
            print(f"  {kind} {failure}", file=sys.stderr)
    print(_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    bad = sum(int(r["crashes"]) + int(r["hangs"]) for r in rows)  # type: ignore[call-overload]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
