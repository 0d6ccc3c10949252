"""``corridor route``: provenance (--sources, JSON), the cost breakdown line, --unit."""

from __future__ import annotations

import json
import sys

import pytest

from corridor.cli import main
from corridor.data import path

TINY = str(path("examples/tiny"))


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    main(["route", *args, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc, dict)
    return doc


def test_json_always_carries_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, "a", "d", "--network", TINY)
    # road a-e-d (tests/calibration/test_provenance.py): the crossing e_road is an estimate
    # (the JSON rounds shares to 4 decimals)
    want = {"km": 0.0, "hours": 2 / 7, "cost": 20 / 620}
    assert doc["estimate_share"] == pytest.approx(want, abs=5e-5)
    assert doc["sources"] == ["hand-made"]
    for leg in doc["legs"]:  # type: ignore[attr-defined]
        assert set(leg["estimate_share"]) == {"km", "hours", "cost"}


def test_sources_flag_prints_shares_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    main(["route", "a", "d", "--network", TINY, "--sources"])
    out = capsys.readouterr().out
    assert "resting on estimates: 0 % of km, 29 % of hours, 3 % of cost; 1 sources:" in out
    assert "1. hand-made" in out


def test_table_shows_the_cost_breakdown(capsys: pytest.CaptureFixture[str]) -> None:
    main(["route", "a", "d", "--network", TINY, "--by", "cost"])
    out = capsys.readouterr().out
    # rail a-b-c-d: line haul 400, border 50, gauge change 100; waiting 15 h x 10 USD
    assert "USD line haul 400, borders 50, handling 0, gauge change 100;" in out
    assert "waiting 150 (value of time)" in out


@pytest.mark.parametrize(("unit", "factor"), [("feu", 2.0), ("truck", 2.0), ("tonne", 0.1)])
def test_unit_option(capsys: pytest.CaptureFixture[str], unit: str, factor: float) -> None:
    teu = _json(capsys, "a", "d", "--network", TINY, "--by", "cost")
    other = _json(capsys, "a", "d", "--network", TINY, "--by", "cost", "--unit", unit)
    assert other["unit"] == unit
    for key in ("cost_usd", "co2_kg"):
        assert other["totals"][key] == pytest.approx(teu["totals"][key] * factor)  # type: ignore[index]
    assert other["estimate_share"] == pytest.approx(teu["estimate_share"])


def test_plain_route_does_not_import_pandas() -> None:
    # provenance needs the network tables (pandas); a plain table route on a cached graph
    # must not pay for it (the first run may compile and fill the cache)
    import subprocess

    code = (
        "import sys; from corridor.cli import main\n"
        f"try:\n    main(['route', 'a', 'd', '--network', {TINY!r}])\n"
        "except SystemExit:\n    pass\n"
        "print('PANDAS' if 'pandas' in sys.modules else 'NO-PANDAS')"
    )
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip().endswith("NO-PANDAS"), run.stdout[-300:] + run.stderr[-300:]


def test_validate_data_without_flags(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # xdist workers may carry a narrow terminal
    main(["validate-data"])
    out = capsys.readouterr().out
    assert "published figures vs corridor" in out
    assert "median absolute deviation: distance" in out
    assert "A01-price" in out and "off (known)" in out
