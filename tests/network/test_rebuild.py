"""The shipped network is generated from data-sources/: a rebuild must give the same bytes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "build_default_network.py"
SHIPPED = ROOT / "src" / "corridor" / "data" / "network"

pytestmark = pytest.mark.skipif(not TOOL.exists(), reason="source checkout only")


def test_rebuild_from_data_sources_gives_the_shipped_tables(tmp_path: Path) -> None:
    docs = tmp_path / "data.md"
    shutil.copy(ROOT / "docs" / "data.md", docs)
    out = tmp_path / "network"
    subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out), "--docs", str(docs)],
        check=True,
        capture_output=True,
    )
    built = sorted(p.name for p in out.glob("*.csv"))
    assert built == sorted(p.name for p in SHIPPED.glob("*.csv"))
    for name in built:
        assert (out / name).read_bytes() == (SHIPPED / name).read_bytes(), (
            f"{name} differs from a rebuild: edit data-sources/ and run {TOOL.name}"
        )
    assert docs.read_text(encoding="utf-8") == (ROOT / "docs" / "data.md").read_text(
        encoding="utf-8"
    ), "docs/data.md estimates section is stale: run tools/build_default_network.py"


def test_calibrated_parameter_files_override_base_rows(tmp_path: Path) -> None:
    sources = tmp_path / "data-sources"
    shutil.copytree(ROOT / "data-sources", sources)
    params = sources / "parameters"
    with open(params / "base.csv", encoding="utf-8") as f:
        header, first = f.readline(), f.readline()
    cols = header.strip().split(",")
    mode, country, name = first.split(",")[:3]
    row = dict.fromkeys(cols, "")
    row.update(mode=mode, country=country, name=name, value="41.5", unit="x")
    row.update(source="calibration fit (test)", basis="derived", notes="fitted")
    for fname in ("v2_calibrated_a.csv", "v2_calibrated_b.csv"):
        (params / fname).write_text(header + ",".join(row[c] for c in cols) + "\n", "utf-8")
        row["value"] = "42.5"  # the later file wins
    docs = tmp_path / "data.md"
    shutil.copy(ROOT / "docs" / "data.md", docs)
    out = tmp_path / "network"
    subprocess.run(
        [
            sys.executable,
            str(TOOL),
            "--out",
            str(out),
            "--docs",
            str(docs),
            "--sources",
            str(sources),
        ],
        check=True,
        capture_output=True,
    )
    shipped = (SHIPPED / "parameters.csv").read_text("utf-8").splitlines()
    built = (out / "parameters.csv").read_text("utf-8").splitlines()
    assert len(built) == len(shipped)
    hit = [ln for ln in built if ln.startswith(f"{mode},{country},{name},")]
    assert len(hit) == 1 and ",42.5,x," in hit[0]
    assert built.index(hit[0]) == 1  # replaced in place


def test_a_repeated_parameter_key_outside_calibrated_files_fails(tmp_path: Path) -> None:
    sources = tmp_path / "data-sources"
    shutil.copytree(ROOT / "data-sources", sources)
    base = (sources / "parameters" / "base.csv").read_text("utf-8").splitlines(keepends=True)
    (sources / "parameters" / "v2_other.csv").write_text(base[0] + base[1], "utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(TOOL),
            "--out",
            str(tmp_path / "n"),
            "--docs",
            str(tmp_path / "d.md"),
            "--sources",
            str(sources),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "duplicate parameters key" in run.stderr
