"""Interrupts, always (issue 13 item 4, issue 14 item 4).

SIGINT exits 130 and SIGTERM 143, with one line and nothing left behind, at any moment:
while a folder of outputs is half written, while the graph cache writes an entry, inside a
numba kernel; once an output is in place the command finishes and exits 0. Real signals
are sent to real processes with SIGINT and SIGTERM at their default disposition in the child
(``tools/signal_trials.py`` runs 20 moments per command and signal for the closing note;
here a few, so that the suite stays quick; ``CORRIDOR_SIGNAL_MOMENTS=20`` runs them all).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from corridor import _signals
from corridor.data import path as data_path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import signal_trials

Cli = Callable[[list[str]], tuple[int, str, str]]  # the `cli` fixture of tests/conftest.py
TINY = str(data_path("examples/tiny"))
MOMENTS = int(os.environ.get("CORRIDOR_SIGNAL_MOMENTS", "0"))


def _defaults() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# ------------------------------------------------------------------ real signals, many moments

# (command, fractions of its run time at which SIGINT and SIGTERM are sent)
_MOMENTS = {"assign": (0.35, 0.8), "flows": (0.55, 0.9), "report": (0.7, 0.45)}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(_MOMENTS))
def test_real_signals_at_several_moments(name: str, tmp_path: Path) -> None:
    cmd = signal_trials.commands(light=True)[name]
    warm = tmp_path / "warm"
    warm.mkdir()
    import time

    t0 = time.perf_counter()
    assert signal_trials.run_once(cmd, warm, None, signal.SIGINT) == ("finished", "")
    duration = time.perf_counter() - t0
    if MOMENTS:
        for signum in (signal.SIGINT, signal.SIGTERM):
            row = signal_trials.trials(cmd, signum, MOMENTS, tmp_path / str(signum), duration)
            assert row["failure"] == 0, row["failures"]
        return
    for signum, fraction in zip((signal.SIGINT, signal.SIGTERM), _MOMENTS[name], strict=True):
        folder = tmp_path / f"{signum}"
        folder.mkdir()
        outcome, detail = signal_trials.run_once(cmd, folder, duration * fraction, signum)
        assert outcome in ("interrupted", "finished"), detail


# ------------------------------------------------------------------ exact moments

_SLOW_FLOWS = """
import sys, time
import pandas as pd
from corridor.cli import main

real = pd.DataFrame.to_csv
written = []

def slow(self, *args, **kwargs):
    out = real(self, *args, **kwargs)
    written.append(1)
    if len(written) == 3:  # three of the files are written: now stop us
        sys.stderr.write("MARK\\n")
        sys.stderr.flush()
        time.sleep(120)
    return out

pd.DataFrame.to_csv = slow
main(sys.argv[1:])
"""

_SLOW_CACHE = """
import sys, time
from corridor.graph import cache
from corridor.cli import main

real = cache.os.fsync

def slow(fd):
    sys.stderr.write("MARK\\n")  # the entry's temporary file is written, not yet renamed
    sys.stderr.flush()
    time.sleep(120)
    return real(fd)

cache.os.fsync = slow
main(sys.argv[1:])
"""


def _stop_at_mark(code: str, args: list[str], tmp_path: Path, signum: int) -> tuple[int, str, str]:
    env = {**os.environ, "CORRIDOR_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_defaults,
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.strip() == "MARK":
            break
    assert seen and seen[-1].strip() == "MARK", "".join(seen)
    proc.send_signal(signum)
    out, rest = proc.communicate(timeout=60)
    return proc.returncode, out, rest


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
)
def test_a_signal_during_flows_out_leaves_nothing(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    demand = tmp_path / "od.csv"
    demand.write_text("origin,destination,teu_year\na,d,100\nd,a,50\n")
    out = tmp_path / "result"
    args = ["flows", "-n", TINY, "--demand", str(demand), "--out", str(out)]
    rc, stdout, err = _stop_at_mark(_SLOW_FLOWS, args, tmp_path, signum)
    assert (rc, stdout, err) == (code, "", f"{word}\n")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["od.csv"]


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
)
def test_a_signal_during_a_cache_write_leaves_no_temporary_file(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    # before: SIGTERM during a cache write left .graph-*.npz (5 of 5), never removed
    args = ["route", "a", "d", "-n", TINY, "--date", "2025-11-01"]
    rc, stdout, err = _stop_at_mark(_SLOW_CACHE, args, tmp_path, signum)
    assert (rc, stdout, err) == (code, "", f"{word}\n")
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []


# ------------------------------------------------------------------ the rules themselves


def test_an_interrupt_inside_a_numba_kernel_is_130(
    monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    # numba reports Ctrl-C in a kernel as "SystemError: CPUDispatcher(...) returned a
    # result with an exception set", the KeyboardInterrupt as its context
    import corridor.day

    def kernel(*args: object, **kwargs: object) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise SystemError(  # noqa: B904
                "CPUDispatcher(<function dijkstra>) returned a result with an exception set"
            )

    monkeypatch.setattr(corridor.day, "open_day", kernel)
    code, out, err = cli(["route", "a", "d", "-n", TINY])
    assert (code, out, err) == (130, "", "interrupted\n")


def test_a_terminated_command_is_143(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    import corridor.day

    def stop(*args: object, **kwargs: object) -> None:
        raise _signals.Terminated

    monkeypatch.setattr(corridor.day, "open_day", stop)
    assert cli(["route", "a", "d", "-n", TINY]) == (143, "", "terminated\n")


def test_an_eof_error_is_not_an_interrupt(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    # numpy's EOFError on an empty cache file became click's Abort: "interrupted", 130
    import corridor.day

    def eof(*args: object, **kwargs: object) -> None:
        raise EOFError("No data left in file")

    monkeypatch.setattr(corridor.day, "open_day", eof)
    code, out, err = cli(["route", "a", "d", "-n", TINY])
    assert code == 1 and out == "" and "interrupted" not in err
    assert (
        err.strip().count("\n") == 0 and "unexpected end of data" in err
    )  # click adds a blank line


def test_deferred_blocks_and_output_in_place() -> None:
    # raise_signal delivers to this thread at once; os.kill(getpid()) may land on another
    # thread of the process, and under load the handler then ran after the block ended.
    previous = _signals.install()
    try:
        with pytest.raises(KeyboardInterrupt), _signals.deferred():
            signal.raise_signal(signal.SIGINT)
            done = True  # the block runs to its end first
        assert done
        with _signals.deferred():
            signal.raise_signal(signal.SIGTERM)
            _signals.output_in_place()  # the output is there: the command finishes
        signal.raise_signal(signal.SIGINT)  # ignored from now on
        assert _signals.swallowed() is None
    finally:
        _signals.restore(previous)
    assert signal.getsignal(signal.SIGINT) is previous.get(
        signal.SIGINT, signal.default_int_handler
    )


def test_exit_code_walks_the_chain() -> None:
    try:
        try:
            raise _signals.Terminated
        except _signals.Terminated as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as exc:
        assert _signals.exit_code(exc) == 143
    assert _signals.exit_code(ValueError("x")) is None


def test_an_interrupt_inside_a_finalizer_prints_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A signal that lands in a ``__del__`` (numba's and LLVM's objects are finalised while
    kernels load) cannot stop anything there: Python hands it to ``sys.unraisablehook``,
    which would print a traceback beside the one line. While installed, an interrupt
    (also as the context of an error it caused) is not printed; anything else still goes
    to the hook that was there, which is put back afterwards."""
    seen: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_value))

    class Finalised:
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        def __del__(self) -> None:
            try:
                raise self.exc
            except KeyboardInterrupt:
                raise AttributeError("half-detached") from None  # as llvmlite's close()

    def finalise(exc: BaseException) -> None:
        Finalised(exc)  # dropped at once: __del__ runs here

    previous = _signals.install()
    try:
        finalise(KeyboardInterrupt())
        finalise(_signals.Terminated())
        assert seen == []
        finalise(ValueError("a real bug"))
        assert [type(e) for e in seen] == [ValueError]
    finally:
        _signals.restore(previous)
    finalise(_signals.Terminated())
    assert [type(e) for e in seen] == [ValueError, _signals.Terminated]


def test_help_lists_143(cli: Cli) -> None:
    code, out, _ = cli(["--help"])
    assert code == 0 and "143  terminated (SIGTERM)" in out
