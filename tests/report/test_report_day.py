"""The report and the comparison answer for the same day as `corridor route`: the network's
as-of date by default (AF-PK crossings closed since 2025-10-12), or --date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.cli import main


def _fastest(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["compare", "almaty", "karachi", "--json", *args])
    doc = json.loads(capsys.readouterr().out)
    row = next(r for r in doc["rows"] if r["label"] == "best_time")
    return str(row["countries"])


def test_compare_default_day_is_the_as_of_date(capsys: pytest.CaptureFixture[str]) -> None:
    today = _fastest(capsys)
    assert "AF-PK" not in today  # the AF-PK crossings are closed on the as-of date
    assert "AF-PK" in _fastest(capsys, "--date", "2025-06-01")  # before the closure


def test_report_uses_the_day_of_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["report", "almaty", "karachi", "-o", str(tmp_path / "r.html"), "--json"])
    report = json.loads(capsys.readouterr().out)
    main(["compare", "almaty", "karachi", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert report["date"] == doc["date"] == doc["network_as_of"]
    assert report["scenario"] is doc["scenario"] is None
