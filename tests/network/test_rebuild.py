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
