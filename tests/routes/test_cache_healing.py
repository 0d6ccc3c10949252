"""The graph cache heals itself (issue 14 item 3, issue 13 item 10).

Every way a cache entry can go wrong is a miss: the graph is compiled again and the entry
replaced when the folder allows it, with one line of note otherwise; never a traceback, a
false "interrupted" or a garbled date. The compile memo and the masked-cost memo are keyed
on content, not on object identity. ``FAULTS`` is the fault table of the closing note.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import corridor
from corridor.cli import main
from corridor.data import path as data_path
from corridor.graph import cache
from corridor.graph.cache import cache_dir, cache_info, clear_cache, load_day_graph, load_graph

TINY = data_path("examples/tiny")
DAY = "2025-11-01"  # e_road is closed by the tiny calendar that day


def _main(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _entry(folder: Path) -> Path:
    (target,) = folder.glob("graph-*.npz")
    return target


def _zero(p: Path) -> None:
    p.write_bytes(b"")


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _flip(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[len(data) * 2 // 3] ^= 0x10
    p.write_bytes(bytes(data))


def _garbage(p: Path) -> None:
    p.write_bytes(b"garbage" * 100)


def _old_format(p: Path) -> None:
    with p.open("wb") as fh:  # a plain npz of format 2, no magic, no checksum
        np.savez(fh, x=np.arange(3))


def _tampered(p: Path) -> None:
    data = bytearray(p.read_bytes())  # change a value and fix nothing: checksum catches it
    data[-200] ^= 0x01
    p.write_bytes(bytes(data))


def _folder(p: Path) -> None:
    p.unlink()
    p.mkdir()


def _fifo(p: Path) -> None:
    p.unlink()
    os.mkfifo(p)


def _symlink(p: Path) -> None:
    p.unlink()
    p.symlink_to("/dev/zero")


FAULTS: dict[str, Callable[[Path], None]] = {
    "zero bytes": _zero,
    "truncated": _truncate,
    "bit flipped": _flip,
    "garbage": _garbage,
    "old format (no checksum)": _old_format,
    "payload tampered": _tampered,
    "a folder": _folder,
    "a FIFO": _fifo,
    "a symlink to /dev/zero": _symlink,
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    good = load_day_graph(TINY, DAY)
    target = _entry(tmp_path)
    FAULTS[fault](target)
    graph, facts = load_day_graph(TINY, DAY)
    assert facts == good[1]
    assert corridor.route(graph, "a", "d").totals.time_h == pytest.approx(
        corridor.route(good[0], "a", "d").totals.time_h
    )
    if target.is_file() and not target.is_symlink():  # replaced by a whole entry
        assert cache._read_entry(target)["__meta__"].size > 0


@pytest.mark.parametrize("fault", ["zero bytes", "truncated", "bit flipped"])
def test_cli_route_on_a_damaged_entry_exits_0(
    fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a zero-byte entry made every later run print "interrupted" and exit 130
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    args = ["route", "a", "d", "-n", str(TINY), "--date", DAY, "--json"]
    assert _main(args) == 0
    capsys.readouterr()
    for entry in tmp_path.glob("graph-*.npz"):
        FAULTS[fault](entry)
    code = _main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == "" and '"date": "2025-11-01"' in out


def test_a_read_only_warm_cache_serves_dated_routes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.utime failing made the facts dict be passed on as the date ("garbled date error")
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    good = load_day_graph(TINY, DAY)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(args[0]))

    monkeypatch.setattr(cache.os, "utime", refuse)
    graph, facts = load_day_graph(TINY, DAY)
    assert facts == good[1]
    assert graph.n_edges == good[0].n_edges


def test_unwritable_cache_compiles_in_memory_with_one_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(cache, "_NOTED", set())
    with caplog.at_level(logging.WARNING, logger="corridor"):
        for _ in range(3):
            g = load_graph(TINY)
    assert corridor.route(g, "a", "d").totals.time_h == pytest.approx(7.0)
    notes = [r.getMessage() for r in caplog.records]
    assert len(notes) == 1 and "not writable" in notes[0] and "\n" not in notes[0]


def test_writes_are_fsynced_and_carry_a_checksum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(cache.os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    load_graph(TINY)
    assert synced  # the file before its rename (and the folder)
    data = _entry(tmp_path).read_bytes()
    assert data.startswith(cache._MAGIC)
    import hashlib

    assert hashlib.sha256(data[len(cache._MAGIC) + 32 :]).digest() == data[8:40]


def test_eviction_sweeps_temporary_files_left_by_an_interrupted_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    stale = [tmp_path / ".graph-abc123.npz", tmp_path / ".graph-def456.tmp"]
    for p in stale:
        p.write_bytes(b"half")
        os.utime(p, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".graph-now.tmp"  # a writer at work right now: left alone
    fresh.write_bytes(b"x")
    assert cache_info().stale_temp_files == 3
    load_graph(TINY)
    assert not any(p.exists() for p in stale) and fresh.exists()


def test_cache_info_and_clear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    load_graph(TINY)
    load_graph(TINY, unit="tonne")
    (tmp_path / ".graph-left.tmp").write_bytes(b"x")
    assert _main(["cache", "info", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["graphs"], doc["stale_temp_files"], doc["writable"]) == (2, 1, True)
    assert doc["folder"] == str(tmp_path) and doc["graph_bytes"] > 0
    assert _main(["cache", "clear"]) == 0
    assert capsys.readouterr().out == f"removed 3 files from {tmp_path}\n"
    assert list(tmp_path.iterdir()) == [] and clear_cache() == 0


def test_the_suite_does_not_use_the_users_cache_folder() -> None:
    import platformdirs

    user = Path(platformdirs.user_cache_dir("corridor", appauthor=False))
    assert cache_dir() != user and "corridor-test-cache-" in os.environ["CORRIDOR_CACHE_DIR"]


def test_compile_memo_is_keyed_on_content(tiny: corridor.Network) -> None:
    from corridor.network.model import Network

    again = Network.from_dir(TINY)  # another object (corridor.load memoises), same content
    assert again is not tiny
    assert corridor.compile(again) is corridor.compile(tiny)
    edited = tiny.replace(links=tiny.links.assign(length_km=tiny.links["length_km"] * 2))
    assert corridor.compile(edited) is not corridor.compile(tiny)


def test_masked_costs_are_keyed_on_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corridor.paths.options import RouteOptions
    from corridor.paths.route import graph_key, masked_cost

    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    compiled = load_graph(TINY)
    restored = load_graph(TINY)  # from disk: another object, the same content
    assert restored is not compiled and graph_key(restored) == graph_key(compiled)
    a = masked_cost(compiled, "time", RouteOptions())
    assert masked_cost(restored, "time", RouteOptions()) is a
    assert graph_key(load_graph(TINY, unit="tonne")) != graph_key(compiled)


@pytest.mark.slow
def test_no_numba_locator_falls_back_to_a_private_folder_and_says_it_compiles(
    tmp_path: Path,
) -> None:
    """A user who can write neither beside the package nor in the home folder: numba has
    no locator (simulated by allowing only the user-provided one, with no folder given).
    Before, ``cannot cache function ... no locator available`` was a traceback; now the
    kernels are cached in a private folder of the temporary directory, and on a terminal
    the first compile is announced once."""
    import pty
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env |= {
        "NUMBA_CACHE_LOCATOR_CLASSES": "UserProvidedCacheLocator",
        "TMPDIR": str(tmp_path),
        "CORRIDOR_CACHE_DIR": str(tmp_path / "graphs"),
        "CORRIDOR_KERNELS": "numba",  # a cold route would run on the numpy tier
    }
    master, slave = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "corridor", "route", "a", "d", "-n", str(TINY), "--json"],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
        timeout=120,
        check=False,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    err = b"".join(chunks).decode()
    assert proc.returncode == 0, err
    assert err.count("compiling corridor's numeric kernels") == 1, err
    assert "Traceback" not in err and "no locator" not in err
    folder = tmp_path / f"corridor-numba-{os.getuid()}"
    assert folder.is_dir() and any(folder.rglob("*.nbi"))
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


COMPILING = [
    ["route"], ["compare"], ["pareto"], ["sensitivity"], ["chart"], ["report"], ["flows"],
    ["critical"], ["network", "info"], ["scenario", "diff"], ["validate-data"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMPILING, ids=" ".join)
def test_every_command_that_compiles_takes_no_cache(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _main([*command, "--help"]) == 0
    assert "--no-cache" in capsys.readouterr().out


def test_no_cache_on_compare_reads_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    assert _main(["compare", "a", "d", "-n", str(TINY), "--no-cache", "--json"]) == 0
    assert list(tmp_path.iterdir()) == []
    assert _main(["compare", "a", "d", "-n", str(TINY), "--json"]) == 0
    assert len(list(tmp_path.glob("graph-*.npz"))) == 1
    capsys.readouterr()
