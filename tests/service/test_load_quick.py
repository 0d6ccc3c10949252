"""benchmarks/service_load.py --quick runs (so the load test cannot rot) and no request fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service tests need corridor[service]")

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "service_load.py"


def test_load_benchmark_quick(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("service_load", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert len(set(mod.questions())) == 50
    assert mod.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "warm: routes" in out and "failures 0" in out
