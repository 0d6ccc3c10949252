"""docs/adding-data.md is a tested recipe (issue 13 item 11): its blocks, run as written
in a copy of data-sources/, add a crossing that a route then crosses; and the build tool
refuses a bad row with one line naming file, line and field, writing nothing."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "adding-data.md"
TOOL = ROOT / "tools" / "build_default_network.py"
SHIPPED = ROOT / "src" / "corridor" / "data" / "network"

pytestmark = pytest.mark.skipif(not TOOL.exists(), reason="source checkout only")


def _blocks(kind: str) -> list[tuple[str, str]]:
    """(info after the language, body) of the doc's fenced blocks of one language."""
    text = DOC.read_text(encoding="utf-8")
    return re.findall(rf"```{kind} ?([^\n]*)\n(.*?)```", text, flags=re.S)


def _run(line: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    """One command of the doc, run from the checkout with /tmp/ds and /tmp/net redirected
    into ``tmp``, the venv's python and the ``corridor`` command of this interpreter."""
    line = line.replace("/tmp/ds", str(tmp / "ds")).replace("/tmp/net", str(tmp / "net"))
    argv = shlex.split(line)
    if argv[0].endswith("/python"):
        argv[0] = sys.executable
    elif argv[0] == "corridor":
        argv = [sys.executable, "-m", "corridor", *argv[1:]]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def _recipe(
    tmp: Path, edit: dict[str, tuple[str, str]] | None = None
) -> list[subprocess.CompletedProcess[str]]:
    """Run the doc: the first "try" command (the copy), the csv blocks written into the
    copy (``edit``: file -> (old, new) text replaced first), then the other commands."""
    commands = [
        ln
        for info, body in _blocks("sh")
        if info.strip() == "try"
        for ln in body.splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert commands[0].startswith("cp -r data-sources /tmp/ds"), commands
    shutil.copytree(ROOT / "data-sources", tmp / "ds")
    files = _blocks("csv")
    assert {name for name, _ in files} == {
        "nodes/v9_kolzhat.csv",
        "links/v9_kolzhat.csv",
        "crossings/v9_kolzhat.csv",
    }
    for name, body in files:
        old, new = (edit or {}).get(name, ("", ""))
        if old:
            assert old in body, (name, old)
            body = body.replace(old, new)
        target = tmp / "ds" / name
        assert not target.exists(), f"{name} would overwrite a file of data-sources/"
        target.write_text(body, encoding="utf-8")
    return [_run(c, tmp) for c in commands[1:]]


def test_the_recipe_adds_a_crossing_that_a_route_crosses(tmp_path: Path) -> None:
    build, route = _recipe(tmp_path)
    assert build.returncode == 0, build.stderr
    assert "wrote" in build.stdout and "data.md" not in build.stdout  # --no-docs
    assert route.returncode == 0, route.stderr
    r = json.loads(route.stdout)
    assert r["origin"] == "kz_almaty" and r["destination"] == "cn_ghulja"
    assert "kolzhat_dulata_road" in r["crossings"], r["crossings"]
    assert r["countries"] == ["KZ", "CN"]
    # the tool derived what the doc says it derives
    links = (tmp_path / "net" / "links.csv").read_text(encoding="utf-8")
    assert "kz_almaty__kz_kolzhat__road" in links and "Great-circle" in links
    crossings = (tmp_path / "net" / "crossings.csv").read_text(encoding="utf-8")
    row = next(ln for ln in crossings.splitlines() if ln.startswith("kolzhat_dulata_road,"))
    assert "basis=proxy" in row and ",estimate," in row
    # the shipped network was not touched
    assert "kolzhat" not in (SHIPPED / "crossings.csv").read_text(encoding="utf-8")


BAD = [
    ("nodes/v9_kolzhat.csv", ("43.58,80.62", "43°35'N,80.62"), "nodes/v9_kolzhat.csv line 2", "lat"),
    ("nodes/v9_kolzhat.csv", ("kz_kolzhat,", ",", ), "nodes/v9_kolzhat.csv line 2", "id"),
    ("links/v9_kolzhat.csv", (",kz_kolzhat,cn_ghulja,", ",kz_kolzhat,cn_ghulj,"), "links/v9_kolzhat.csv line 3", "to"),
    ("crossings/v9_kolzhat.csv", ("kolzhat_dulata_road,kz_kolzhat,", "kolzhat_dulata_road,kz_kolzat,"), "crossings/v9_kolzhat.csv line 2", "node"),
    ("crossings/v9_kolzhat.csv", ("|kz_road_all_2022,,,,", "|kz_road_all_2022,,,12O,"), "crossings/v9_kolzhat.csv line 2", "capacity_teu_day"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "edit", "where", "field"), BAD, ids=[b[3] for b in BAD])
def test_a_bad_row_is_refused_naming_file_line_and_field_and_nothing_is_written(
    tmp_path: Path, file: str, edit: tuple[str, str], where: str, field: str
) -> None:
    """A latitude in degrees and minutes, an empty id, a typo in a node (a link's and a crossing's),
    a letter in a number: exit 1, one line, nothing written."""
    out = tmp_path / "net"
    out.mkdir()
    (out / "keep.txt").write_text("untouched")
    build, _ = _recipe(tmp_path, {file: edit})
    assert build.returncode == 1, build.stdout + build.stderr
    lines = build.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in build.stderr, build.stderr
    assert lines[0].startswith(f"data-sources/{where}, field {field}: "), lines[0]
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".net.build-")]


def test_a_fault_only_the_validator_sees_writes_nothing(tmp_path: Path) -> None:
    """The built tables are checked by the package's validator before they are put in
    place: a node kind outside the schema passes the tool's own rules but not that one."""
    out = tmp_path / "net"
    shutil.copytree(SHIPPED, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    build, _ = _recipe(tmp_path, {"nodes/v9_kolzhat.csv": (",city,", ",metropolis,")})
    assert build.returncode == 1
    assert "network validator" in build.stderr and "nothing written" in build.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_build_says_when_it_rewrites_docs(tmp_path: Path) -> None:
    docs = tmp_path / "data.md"
    shutil.copy(ROOT / "docs" / "data.md", docs)
    args = [sys.executable, str(TOOL), "--out", str(tmp_path / "net"), "--docs", str(docs)]
    same = subprocess.run(args, capture_output=True, text=True, check=True)
    assert f"{docs}: unchanged" in same.stdout
    docs.write_text(docs.read_text().replace("| nodes |", "| nodes (stale) |"))
    changed = subprocess.run(args, capture_output=True, text=True, check=True)
    assert "rewrote its generated sections" in changed.stdout
    assert docs.read_text() == (ROOT / "docs" / "data.md").read_text()
