"""Whole-process assignment against tap-b: wall time, CPU time and peak memory per run.

``benchmarks/assign.py`` times the solvers alone; this script times what a user waits for
and the memory a run needs: ``python -m corridor assign --tntp DIR --gap G`` as a fresh
process (interpreter, imports, TNTP parsing, the kernels, the solve, the
report), and, with ``--tapb PATH``, the tap-b executable (Algorithm B in C by Boyles et
al., https://github.com/spartalab/tap-b, built from source with ``make serial``: one
thread) on the same files and gap. ``--baseline DIR`` also times another corridor source
tree; the programs alternate run by run. Peak memory is the child's maximum resident set
(``os.wait4``). For corridor, ``solve`` is the solver's own wall time (the ``seconds`` of
its JSON) and ``around`` the rest of the process's wall time: imports, parsing, loading
the kernels, the report (issue 16 item 5: under 0.4 s on Chicago-Sketch). ``--jit`` also
times corridor with ``CORRIDOR_KERNELS=numba``: numba's JIT kernels (imported, their cache
loaded) instead of the ones compiled at install (``corridor.assign._aot``). The
generalised-cost weights come from the net file's ``<TOLL FACTOR>`` /
``<DISTANCE FACTOR>`` (as tap-b reads them) and are passed to corridor explicitly.

Run from the repository root (network folders hold ``<Name>_net.tntp`` and
``<Name>_trips.tntp``)::

    PYTHONPATH=src .venv/bin/python benchmarks/assign_process.py \\
        --tapb /tmp/tap-b/bin/tap --baseline /tmp/base/src \\
        ../shared/data/tntp/SiouxFalls ../shared/data/tntp/Anaheim
    PYTHONPATH=src .venv/bin/python benchmarks/assign_process.py --quick     # CI

tap-b is not a dependency and cannot be downloaded at run time: without ``--tapb`` only
corridor is timed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import child_env

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "tntp"


def measure(
    cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None
) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) of one child process, and
    the solve's own seconds when it prints corridor's JSON (``seconds``; else NaN)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        errors.seek(0)
        text, err = out.read(), errors.read()
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        msg = f"{' '.join(cmd)} exited {code}: {err[-800:].decode(errors='replace')}"
        raise SystemExit(msg)
    try:
        solve = float(json.loads(text.decode().strip().splitlines()[-1])["seconds"])
    except (ValueError, KeyError, IndexError, TypeError):
        solve = float("nan")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, solve


def files(folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """The net and trips files of a TNTP folder and the net file's metadata."""
    net = next(folder.glob("*_net.tntp"))
    trips = next(folder.glob("*_trips.tntp"))
    meta = {}
    with net.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = re.match(r"\s*<([^>]+)>\s*(.*)", line)
            if m is None:
                continue
            if m.group(1).strip().upper() == "END OF METADATA":
                break
            meta[m.group(1).strip().upper()] = m.group(2).strip()
    return net, trips, meta


def corridor_cmd(folder: Path, gap: float, meta: dict[str, str]) -> list[str]:
    cmd = [sys.executable, "-m", "corridor", "assign", "--tntp", str(folder), "--gap", str(gap)]
    for key, option in (("TOLL FACTOR", "--toll-factor"), ("DISTANCE FACTOR", "--distance-factor")):
        if key in meta:
            cmd += [option, meta[key].split()[0]]
    return [*cmd, "--json"]


def tapb_cmd(tapb: Path, folder: Path, gap: float, work: Path) -> list[str]:
    net, trips, _ = files(folder)
    params = work / f"{folder.name}_parameters.txt"
    params.write_text(
        f"<NETWORK FILE> {net.name}\n<TRIPS FILE> {trips.name}\n<FILE PATH> {folder}/\n"
        f"<FLOWS FILE> {work}/{folder.name}_flows.txt\n<CONVERGENCE GAP> {gap}\n"
        "<MAX RUN TIME> 3600\n",
        encoding="utf-8",
    )
    return [str(tapb), str(params)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="TNTP network folders")
    parser.add_argument("--tapb", type=Path, help="the tap-b executable (serial build)")
    parser.add_argument("--baseline", type=Path, help="another corridor source tree")
    parser.add_argument(
        "--jit",
        action="store_true",
        help="also time corridor with CORRIDOR_KERNELS=numba (numba's JIT kernels instead of "
        "the ones compiled at install)",
    )
    parser.add_argument("--gap", type=float, default=1e-6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--quick", action="store_true", help="SiouxFalls, one round (CI)")
    args = parser.parse_args()
    folders = args.folders or [SHARED / "SiouxFalls"]
    rounds = 1 if args.quick else args.rounds
    programs: dict[str, tuple[Path | None, dict[str, str]]] = {}
    if args.baseline is not None:
        programs["corridor before"] = (args.baseline.resolve(), {})
    if args.jit:
        programs["corridor jit"] = (ROOT / "src", {"CORRIDOR_KERNELS": "numba"})
    programs["corridor"] = (ROOT / "src", {})
    if args.tapb is not None and not args.quick:
        programs["tap-b"] = (None, {})
    print(
        f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; gap {args.gap:g}; "
        f"median of {rounds}\n"
    )
    print(
        f"{'network':<14}{'program':<17}{'wall':>9}{'CPU':>9}{'peak RSS':>11}"
        f"{'solve':>9}{'around':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            _, _, meta = files(folder)
            rows: dict[str, list[tuple[float, float, float, float]]] = {}
            for r in range(-args.warmup, rounds):  # warm-up: numba's cache and the disk
                for name, (src, extra_env) in programs.items():
                    if src is None:
                        assert args.tapb is not None
                        cmd, env = tapb_cmd(args.tapb, folder.resolve(), args.gap, Path(tmp)), None
                    else:
                        cmd = corridor_cmd(folder.resolve(), args.gap, meta)
                        env = child_env(src, **extra_env)
                    got = measure(cmd, env, tmp)
                    if r >= 0:
                        rows.setdefault(name, []).append(got)
            for name, runs in rows.items():
                wall, cpu, rss = (statistics.median(r[k] for r in runs) for k in range(3))
                # around the solver: the whole process's wall time less the solve's own
                around = statistics.median(r[0] - r[3] for r in runs)
                solve = statistics.median(r[3] for r in runs)
                extra = "" if math.isnan(solve) else f"{solve:>8.2f}s{around:>8.2f}s"
                print(f"{folder.name:<14}{name:<17}{wall:>8.2f}s{cpu:>8.2f}s{rss:>8.0f} MB{extra}")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
