"""Cold start of the command line: wall and CPU time of one-shot commands, per process.

Each command runs as ``python -m corridor ...`` in a fresh process (interpreter start-up,
imports, the disk-cached graph and whatever the command computes; the graph cache and, for
a baseline tree that uses them, numba's kernel cache already warm: every command runs
once before timing). ``--baseline DIR`` times another source tree in the same run, the two
alternating round by round, so both see the same load. Wall time is what a user waits; on a
shared machine it swings with the load, so the CPU time of the child (user + system,
``resource.getrusage``) is printed beside it. Medians of ``--rounds`` runs.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/coldstart.py
    PYTHONPATH=src .venv/bin/python benchmarks/coldstart.py --baseline /tmp/perf-base/src
    PYTHONPATH=src .venv/bin/python benchmarks/coldstart.py --quick      # CI: seconds

Targets (issue 16): ``route almaty karachi`` under 0.5 s, the light commands (``--version``,
``--help``, ``places``, ``scenario list``) under 0.25 s of wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _timing import child_env

ROOT = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, tuple[tuple[str, ...], float]] = {
    "--version": (("--version",), 0.25),
    "--help": (("--help",), 0.25),
    "places": (("places",), 0.25),
    "scenario list": (("scenario", "list"), 0.25),
    "route almaty karachi": (("route", "almaty", "karachi"), 0.5),
}


def run_once(src: Path, args: tuple[str, ...]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m corridor *args`` with ``src`` first on the path."""
    env = child_env(src)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "corridor", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        msg = f"corridor {' '.join(args)} ({src}) exited {done.returncode}: {done.stderr[-500:]}"
        raise SystemExit(msg)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="another source tree, timed alternately")
    parser.add_argument("--rounds", type=int, default=7, help="timed runs per command and tree")
    parser.add_argument("--quick", action="store_true", help="one round, two commands (CI)")
    args = parser.parse_args()
    trees = {"after": ROOT / "src"}
    if args.baseline is not None:
        trees = {"before": args.baseline.resolve(), **trees}
    commands = dict(COMMANDS)
    rounds = args.rounds
    if args.quick:
        commands = {k: COMMANDS[k] for k in ("--version", "route almaty karachi")}
        rounds = 1
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average at start: {os.getloadavg()[0]:.2f}; median of {rounds} rounds\n")
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for name, (cmd, _) in commands.items():
        for src in trees.values():
            run_once(src, cmd)  # warm-up: graph cache, numba's cache (if the tree uses it)
        for _ in range(rounds):
            for tree, src in trees.items():
                times.setdefault((name, tree), []).append(run_once(src, cmd))
    head = f"{'command':<24}" + "".join(f"{t + ' wall':>13}{t + ' CPU':>13}" for t in trees)
    print(head + f"{'target':>9}")
    for name, (_, target) in commands.items():
        row = f"{name:<24}"
        for tree in trees:
            walls, cpus = zip(*times[(name, tree)], strict=True)
            row += f"{statistics.median(walls):>12.3f}s{statistics.median(cpus):>12.3f}s"
        print(row + f"{target:>8.2f}s")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
