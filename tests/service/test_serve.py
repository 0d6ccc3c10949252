"""``corridor serve``: loopback by default, options passed to uvicorn, bad folder refused;
networks of the day built once per (date, scenario) and kept in a bounded cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service tests need corridor[service]")

from corridor.cli import main
from corridor.service._answers import Days


def serve(args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    seen: dict[str, Any] = {}

    def run(target: str, **kwargs: Any) -> None:
        seen.update(kwargs, target=target)

    monkeypatch.setattr(uvicorn, "run", run)
    main(["serve", *args])
    return seen


def test_serve_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = serve([], monkeypatch)
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000 and seen["workers"] == 1
    assert seen["factory"] is True and seen["target"] == "corridor.service._factory:make"
    seen = serve(["--host", "0.0.0.0", "--port", "8123", "--workers", "2"], monkeypatch)
    assert (seen["host"], seen["port"], seen["workers"]) == ("0.0.0.0", 8123, 2)


def test_serve_refuses_a_folder_that_is_no_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        serve(["--network", str(tmp_path)], monkeypatch)
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --network") and err.count("\n") == 1


def test_networks_of_the_day_are_built_once_and_bounded() -> None:
    days = Days(None, size=2)
    today = days.get(None, None)
    assert days.get(None, None) is today
    assert today.date == "2026-02-06"
    assert not today.graph.edges.criteria.flags.writeable  # shared read-only
    undated = today.undated
    assert undated is not None and undated() is undated()  # compiled once
    june = days.get("2025-06-01", "ktap_built")
    assert june.date == "2025-06-01" and june.context.scenario == "ktap_built"
    days.get("2024-01-15", None)
    assert len(days) == 2
    assert days.get("2025-06-01", "ktap_built") is june  # kept: among the two most recent
    assert days.get(None, None) is not today  # dropped, built again
