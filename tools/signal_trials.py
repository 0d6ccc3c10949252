"""Interrupt commands at many moments with real signals and check what they leave.

    python tools/signal_trials.py                     # 20 moments x SIGINT, SIGTERM x 3 commands
    python tools/signal_trials.py --moments 5 --signals INT --commands assign

Each trial starts a command in a fresh folder (its own graph cache folder too), with SIGINT
and SIGTERM at their default disposition in the child (as a terminal or a service manager
would leave them), sends the signal after a delay spread over the command's measured run
time (from interpreter start to exit), and classifies the result:

* ``interrupted``: exit 130 (SIGINT) or 143 (SIGTERM), stderr exactly one line
  (``interrupted`` / ``terminated``), no output, no temporary file anywhere;
* ``finished``: exit 0 with the whole output in place (the signal came after the output
  was put in place, or after the end), no temporary file;
* ``killed early``: the signal arrived while the interpreter itself was starting, before
  corridor could handle it (the default action: status 130/143 to the shell, nothing written);
* anything else is a failure (a traceback, exit 1, half an output, a leftover file).

The test suite runs a few moments of each (tests/cli/test_signals.py); the closing note of
issue 13/14 has the table of a 20-moment run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_TNTP = ROOT.parent / "shared" / "data" / "tntp"
TINY = ROOT / "src" / "corridor" / "data" / "examples" / "tiny"


def _defaults() -> None:  # in the child, before exec: signals as a terminal leaves them
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@dataclass(frozen=True)
class Command:
    """A command line writing ``out`` (in the trial's folder) and a check of its output."""

    name: str
    args: Callable[[Path], list[str]]
    complete: Callable[[Path], bool]


def _csv_rows(n: int) -> Callable[[Path], bool]:
    def check(out: Path) -> bool:
        return out.is_file() and len(out.read_text().splitlines()) == n + 1

    return check


def _flows_done(out: Path) -> bool:
    return out.is_dir() and (out / "links.csv").is_file() and (out / "summary.json").is_file()


def _html_done(out: Path) -> bool:
    return out.is_file() and out.read_text(encoding="utf-8").rstrip().endswith("</html>")


def commands(light: bool) -> dict[str, Command]:
    """The three commands of issue 13 item 4; ``light`` uses the tiny network and SiouxFalls
    (for the test suite), else the largest TNTP test network and the shipped network."""
    winnipeg = SHARED_TNTP / "Winnipeg"
    if light or not winnipeg.is_dir():
        tntp, links = ["--example", "SiouxFalls"], 76
    else:
        tntp, links = ["--tntp", str(winnipeg)], 2836
    net = ["-n", str(TINY)] if light else []
    od = ["a", "d"] if light else ["almaty", "tashkent"]

    def demand(folder: Path) -> list[str]:
        if not light:
            return []
        p = folder / "od.csv"
        p.write_text("origin,destination,teu_year\na,d,100\nd,a,50\n")
        return ["--demand", str(p)]

    return {
        "assign": Command(
            "assign",
            lambda d: [
                "assign",
                *tntp,
                "--gap",
                "1e-5",
                "--max-iter",
                "300",
                "--allow-unconverged",
                "-o",
                str(d / "out"),
            ],
            _csv_rows(links),
        ),
        "flows": Command(
            "flows", lambda d: ["flows", *net, *demand(d), "--out", str(d / "out")], _flows_done
        ),
        "report": Command(
            "report", lambda d: ["report", *od, *net, "-o", str(d / "out.html")], _html_done
        ),
    }


def _output(folder: Path) -> Path:
    return folder / ("out.html" if (folder / "out.html").exists() else "out")


def _leftovers(folder: Path) -> list[str]:
    """Temporary files or folders anywhere under the trial folder (outputs' and cache's)."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob(".*")
        if ".tmp-" in p.name or ".old-" in p.name or p.name.startswith(".graph-")
    )


def run_once(cmd: Command, folder: Path, delay: float | None, signum: int) -> tuple[str, str]:
    """One trial: (outcome, detail)."""
    env = {**os.environ, "CORRIDOR_CACHE_DIR": str(folder / "cache"), "COLUMNS": "80"}
    args = [sys.executable, "-m", "corridor", *cmd.args(folder)]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=folder,
        preexec_fn=_defaults,
    )
    if delay is not None:
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signum)
    try:
        _, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        proc.kill()
        return "failure", "hung"
    out = _output(folder)
    left = _leftovers(folder)
    code = proc.returncode
    word = "terminated" if signum == signal.SIGTERM else "interrupted"
    expected = 143 if signum == signal.SIGTERM else 130
    if left:
        return "failure", f"exit {code}, left {left}"
    if code == 0:
        if cmd.complete(out):
            return "finished", ""
        return "failure", "exit 0 without a whole output"
    one_line = err.endswith(f"{word}\n") and "Traceback" not in err and "error" not in err
    if code == expected and one_line and not out.exists():
        return "interrupted", ""
    if code == -signum and err == "" and not out.exists():
        return "killed early", ""
    return (
        "failure",
        f"exit {code}, stderr {err[-300:]!r}, output {'present' if out.exists() else 'absent'}",
    )


def trials(
    cmd: Command, signum: int, moments: int, base: Path, duration: float | None = None
) -> dict[str, object]:
    """``moments`` trials spread over the command's run time (measured first if not given)."""
    if duration is None:
        warm = base / f"{cmd.name}-warm"
        warm.mkdir(parents=True)
        t0 = time.perf_counter()
        outcome, detail = run_once(cmd, warm, None, signum)
        duration = time.perf_counter() - t0
        if outcome != "finished":
            return {"command": cmd.name, "error": f"uninterrupted run: {outcome} {detail}"}
    counts: dict[str, int] = {"interrupted": 0, "finished": 0, "killed early": 0, "failure": 0}
    failures: list[str] = []
    for k in range(moments):
        folder = base / f"{cmd.name}-{signum}-{k}"
        folder.mkdir(parents=True)
        delay = duration * (k + 0.5) / moments
        outcome, detail = run_once(cmd, folder, delay, signum)
        counts[outcome] += 1
        if detail:
            failures.append(f"{delay:.2f}s: {detail}")
    return {
        "command": cmd.name,
        "signal": signal.Signals(signum).name,
        "moments": moments,
        "run_s": round(duration, 2),
        **counts,
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--moments", type=int, default=20)
    parser.add_argument("--signals", default="INT,TERM")
    parser.add_argument("--commands", default="assign,flows,report")
    parser.add_argument("--light", action="store_true", help="tiny network and SiouxFalls")
    args = parser.parse_args(argv)
    table = commands(args.light)
    rows = []
    with tempfile.TemporaryDirectory(prefix="corridor-signals-") as tmp:
        for name in args.commands.split(","):
            for sig in args.signals.split(","):
                signum = getattr(signal, f"SIG{sig}")
                row = trials(table[name], signum, args.moments, Path(tmp) / f"{name}-{sig}")
                rows.append(row)
                print(row, file=sys.stderr, flush=True)
    head = f"{'command':<8} {'signal':<8} {'moments':>7} {'run':>7} {'interrupted':>11} {'finished':>8} {'killed early':>12} {'failures':>8}"
    print(head)
    print("-" * len(head))
    bad = 0
    for r in rows:
        if "error" in r:
            print(f"{r['command']:<8} {r['error']}")
            bad += 1
            continue
        bad += int(r["failure"])  # type: ignore[call-overload]
        print(
            f"{r['command']!s:<8} {r['signal']!s:<8} {r['moments']:>7} {r['run_s']:>6}s "
            f"{r['interrupted']:>11} {r['finished']:>8} {r['killed early']:>12} {r['failure']:>8}"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
