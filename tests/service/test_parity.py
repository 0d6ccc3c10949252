"""The service answers exactly what the command line prints with --json: five OD pairs
(with different options) x two dates x two scenarios."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the service tests need corridor[service]")

from fastapi.testclient import TestClient

from corridor.cli import main
from corridor.service import create_app

PAIRS = [
    ("almaty", "karachi", {}),
    ("tashkent", "karachi", {"by": "generalised", "segment": "dry_bulk"}),
    ("kashgar", "islamabad", {"modes": "road"}),
    ("xian", "duisburg", {"modes": "rail", "unit": "feu"}),
    ("almaty", "bandar abbas", {"alternatives": "2", "by": "cost"}),
]
DATES = [None, "2025-06-01"]
SCENARIOS = [None, "ktap_built"]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def cli_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    capsys.readouterr()
    try:
        main(args)
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("date", DATES)
def test_route_json_equals_cli(
    client: TestClient, capsys: pytest.CaptureFixture[str], date: str | None, scenario: str | None
) -> None:
    for origin, destination, options in PAIRS:
        params = {"origin": origin, "destination": destination, **options}
        args = ["route", origin, destination, "--json"]
        for key, value in options.items():
            args += [f"--{key}", value]
        if date is not None:
            params["date"] = date
            args += ["--date", date]
        if scenario is not None:
            params["scenario"] = scenario
            args += ["--scenario", scenario]
        r = client.get("/api/route", params=params)
        assert r.status_code == 200, r.text
        assert r.json() == cli_json(args, capsys), (origin, destination, date, scenario)


def test_route_on_2025_06_01_crosses_afghanistan_and_not_on_the_default_day(
    client: TestClient,
) -> None:
    """The page's question, answered by the service: the AF-PK crossings were open on
    1 June 2025 and are closed on the network's as-of day."""
    then = client.get(
        "/api/route", params={"origin": "almaty", "destination": "karachi", "date": "2025-06-01"}
    ).json()
    now = client.get("/api/route", params={"origin": "almaty", "destination": "karachi"}).json()
    assert "AF" in then["countries"]
    assert "AF" not in now["countries"]
    assert now["date_changes"], "the closure that moved the route is named"


def test_compare_and_sensitivity_equal_cli(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    r = client.get("/api/compare", params={"origin": "almaty", "destination": "karachi"})
    assert r.json() == cli_json(["compare", "almaty", "karachi", "--json"], capsys)
    r = client.get(
        "/api/sensitivity",
        params={
            "origin": "tashkent",
            "destination": "karachi",
            "by": "time",
            "scenario": "ktap_built",
        },
    )
    args = ["sensitivity", "tashkent", "karachi", "--by", "time", "-s", "ktap_built", "--json"]
    assert r.json() == cli_json(args, capsys)
