"""Every script in benchmarks/ runs in its --quick mode, so none can rot unnoticed.

Timings are not checked here (figures come from the full runs, see docs/benchmarks.md);
only that each script still runs against the current API and exits 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(p.name for p in (ROOT / "benchmarks").glob("*.py") if not p.name.startswith("_"))


def test_every_benchmark_has_a_quick_mode() -> None:
    assert SCRIPTS, "no benchmark scripts found"
    for name in SCRIPTS:
        assert "--quick" in (ROOT / "benchmarks" / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", SCRIPTS)
def test_benchmark_quick_runs(name: str, tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.setdefault("AEQ_SHOW_PROGRESS", "FALSE")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), "--quick"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
