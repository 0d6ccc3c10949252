"""Outputs never clobber (issue 13 item 5, issue 14 item 5).

``--force`` replaces only a regular file (or the folder the command writes); a FIFO, a
socket, a device or a symbolic link is refused; ``--out .`` / ``./`` / ``""`` and a missing
or unwritable parent are refused before any work, naming the user's path; two writers of the
same target: one wins, the other fails cleanly; a full disk names the path.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.report import outputs
from corridor.report.outputs import atomic_file, atomic_folder, check_target

Cli = Callable[[list[str]], tuple[int, str, str]]  # the `cli` fixture of tests/conftest.py
TINY = str(data_path("examples/tiny"))
ASSIGN = ["assign", "--example", "SiouxFalls", "--max-iter", "3", "--allow-unconverged"]


def _demand(folder: Path) -> Path:
    p = folder / "od.csv"
    p.write_text("origin,destination,teu_year\na,d,100\nd,a,50\n")
    return p


def _quick(t0: float) -> None:
    assert time.perf_counter() - t0 < 10  # refused before the work (import and parse only)


def test_force_refuses_a_fifo_without_blocking(tmp_path: Path, cli: Cli) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    t0 = time.perf_counter()
    code, out, err = cli([*ASSIGN, "-o", str(fifo), "--force"])
    _quick(t0)
    assert code == 1 and out == ""
    assert (
        err
        == f"error: {fifo}: is a FIFO (named pipe), not a regular file; not replaced, even with --force\n"
    )
    assert fifo.is_fifo()


def test_force_refuses_a_socket(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "s.csv"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        code, _, err = cli([*ASSIGN, "-o", str(path), "--force"])
    finally:
        sock.close()
    assert code == 1 and "is a socket, not a regular file" in err


def test_a_device_is_refused_even_with_force() -> None:
    # checked without running a command: a bug here must not replace /dev/null
    with pytest.raises(InputError, match=r"/dev/null: is a device, not a regular file"):
        check_target("/dev/null", replace=True)


def test_force_refuses_a_symlink_to_a_file(tmp_path: Path, cli: Cli) -> None:
    real = tmp_path / "real.csv"
    real.write_text("mine")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, err = cli([*ASSIGN, "-o", str(link), "--force"])
    assert code == 1 and "is a symbolic link" in err
    assert link.is_symlink() and real.read_text() == "mine"


def test_a_folder_output_through_a_symlink_is_refused_and_leaves_nothing(
    tmp_path: Path, cli: Cli
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "mine.txt").write_text("keep")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    demand = _demand(tmp_path)
    code, _, err = cli(
        ["flows", "-n", TINY, "--demand", str(demand), "--out", str(link), "--force"]
    )
    assert code == 1 and "is a symbolic link" in err
    assert (real / "mine.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "link",
        "od.csv",
        "real",
    ]  # no .link.old-*


@pytest.mark.parametrize("value", [".", "./", ""])
@pytest.mark.parametrize("command", ["assign", "flows"])
def test_out_dot_is_a_clean_error_before_work(
    value: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli: Cli,
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [*ASSIGN, "-o", value] if command == "assign" else ["flows", "-n", TINY, "--out", value]
    t0 = time.perf_counter()
    code, out, err = cli([*args, "--force"])
    _quick(t0)
    assert code == 1 and out == ""
    # the shell's "" and "./" reach the command as the path "."
    assert err.startswith("error: --out '.': give a new ") and err.count("\n") == 1
    assert "not the current folder" in err
    assert list(tmp_path.iterdir()) == []


def test_the_current_folder_or_home_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "x").write_text("x")
    monkeypatch.chdir(work)
    with pytest.raises(InputError, match="current folder, one of its parents or the home"):
        check_target(Path("..") / "work", folder=True, replace=True)
    with pytest.raises(InputError, match="current folder, one of its parents or the home"):
        check_target(Path.home(), folder=True, replace=True)


def test_a_missing_parent_is_refused_before_work_naming_the_users_path(
    tmp_path: Path, cli: Cli
) -> None:
    target = tmp_path / "nope" / "sub" / "flows.csv"
    t0 = time.perf_counter()
    code, _, err = cli([*ASSIGN, "-o", str(target)])
    _quick(t0)
    assert code == 1
    assert err == f"error: {target}: the folder {target.parent} does not exist\n"
    assert not (tmp_path / "nope").exists()


def test_an_unwritable_target_folder_is_refused_before_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    target = tmp_path / "flows.csv"
    real = os.access

    def no_write(path: object, mode: int, **kwargs: object) -> bool:
        return False if Path(str(path)) == tmp_path and mode & os.W_OK else real(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs.os, "access", no_write)
    code, _, err = cli([*ASSIGN, "-o", str(target)])
    assert code == 1 and err == f"error: {target}: the folder {tmp_path} is not writable\n"


def test_a_file_written_meanwhile_by_another_process_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    check_target(target)  # absent when the command starts
    target.write_text("the other process's output")  # ... which finishes first
    with pytest.raises(InputError, match="written or changed by another process"):
        with atomic_file(target) as tmp:
            tmp.write_text("ours")
    assert target.read_text() == "the other process's output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_with_force_a_file_changed_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    check_target(target, replace=True)
    time.sleep(0.01)
    target.write_text("the other process's new output")
    with pytest.raises(InputError, match="written or changed by another process"):
        with atomic_file(target) as tmp:
            tmp.write_text("ours")
    assert target.read_text() == "the other process's new output"


def test_a_folder_written_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "result"
    check_target(target, folder=True)
    target.mkdir()
    (target / "links.csv").write_text("theirs")
    with pytest.raises(InputError, match="written or changed by another process"):
        with atomic_folder(target) as tmp:
            (tmp / "links.csv").write_text("ours")
    assert (target / "links.csv").read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result"]


def test_two_processes_writing_the_same_file_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "flows.csv"
    env = {**os.environ, "CORRIDOR_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "corridor", *ASSIGN, "-o", str(target)]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    results = []
    for p in procs:
        _, err = p.communicate(timeout=120)
        results.append((p.returncode, err))
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert "another process" in loser or "a file of that name exists" in loser
    assert loser.strip().splitlines()[-1].startswith("error: ")
    assert len(target.read_text().splitlines()) == 77  # header + 76 links, whole
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["flows.csv"]


def test_a_full_disk_names_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    import corridor.io.tntp

    def full(path: Path, *args: object) -> None:
        Path(path).write_text("init_node,term_node,flow,cost\n1,2,")  # then the disk fills
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(corridor.io.tntp, "write_link_flows", full)
    target = tmp_path / "flows.csv"
    code, _, err = cli([*ASSIGN, "-o", str(target)])
    assert code == 1 and err.splitlines()[-1] == f"error: {target}: no space left on the device"
    assert list(tmp_path.iterdir()) == []


def test_report_pdf_and_html_get_distinct_names(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "r.pdf"
    t0 = time.perf_counter()
    code, out, err = cli(["report", "a", "d", "-n", TINY, "-o", str(target), "--pdf"])
    _quick(t0)
    assert code == 1 and out == ""
    assert "--pdf writes the charts to r.pdf beside the HTML" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
