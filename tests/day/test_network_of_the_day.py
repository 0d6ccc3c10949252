"""One network of the day for the API, the CLI and the service (issue 13, item 1).

``corridor.load(folder, date=, scenario=)`` evaluates the calendar on the day (default: the
as-of date), then the scenario; every result built on it carries the day. The README's
examples give the same answer from Python and from the command line on three dates and
under two scenarios.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable

import pytest

import corridor
from corridor.analysis.answer import route_answer
from corridor.analysis.compare import compare
from corridor.day import DateOutsideCalendarWarning, open_day
from corridor.errors import InputError
from corridor.paths import RouteOptions
from corridor.results import Context, to_dict

Cli = Callable[[list[str]], tuple[int, str, str]]  # the `cli` fixture of tests/conftest.py
AS_OF = "2026-02-06"
DATES = (None, "2025-06-01", "2024-01-15")
SCENARIOS = (None, "ktap_built", "pk_af_crossings_open")
# the README's route examples: (origin, destination, CLI options, the same as RouteOptions)
EXAMPLES = (
    ("almaty", "karachi", [], {}),
    ("almaty", "karachi", ["--by", "cost"], {"by": "cost"}),
    ("kashgar", "islamabad", ["--modes", "road"], {"modes": ("road",)}),
    ("tashkent", "karachi", ["--avoid", "AF"], {"avoid_countries": ("AF",)}),
)
PLAIN = ("distance_km", "time_h", "cost_usd", "co2_kg", "borders", "transfers", "gauge_breaks")


def test_readme_api_example_routes_on_the_as_of_date(cli: Cli) -> None:
    """The README's API example goes the way the CLI goes (on 2026-02-06 the AF-PK
    crossings are closed), and says so."""
    r = corridor.route(corridor.load(), "almaty", "karachi")
    code, out, err = cli(["route", "almaty", "karachi", "--json"])
    assert code == 0, err
    doc = json.loads(out)
    assert r.countries == tuple(doc["countries"]) and "AF" not in r.countries
    assert (r.date, r.network_as_of, r.scenario) == (AS_OF, AS_OF, None)
    assert r.context == Context(AS_OF, AS_OF, None)


def _cli_args(
    origin: str, dest: str, extra: list[str], date: str | None, sc: str | None
) -> list[str]:
    args = ["route", origin, dest, *extra, "--json"]
    args += ["--date", date] if date else []
    return args + (["-s", sc] if sc else [])


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("date", DATES)
def test_api_and_cli_give_the_same_routes(cli: Cli, date: str | None, scenario: str | None) -> None:
    net = corridor.load(date=date, scenario=scenario)
    assert net.date is not None and net.date.isoformat() == (date or AS_OF)
    assert net.scenario == scenario
    day = open_day(date=date, scenario=scenario)
    for origin, dest, extra, kw in EXAMPLES:
        by = kw.get("by", "time")
        options = RouteOptions(**{k: v for k, v in kw.items() if k != "by"})
        code, out, err = cli(_cli_args(origin, dest, extra, date, scenario))
        assert code == 0, err
        doc = json.loads(out)
        api = corridor.route(net, origin, dest, by=by, options=options).to_dict()
        for key in PLAIN:
            assert api["totals"][key] == doc["totals"][key], (origin, dest, key)
        for key in ("countries", "crossings", "links", "date", "network_as_of", "scenario"):
            assert api[key] == doc[key], (origin, dest, key)
        assert doc["date"] == (date or AS_OF) and doc["scenario"] == scenario
        # the service's call: the very dict the CLI prints
        [answer] = route_answer(day, origin, dest, by=by, options=options)
        assert to_dict(answer) == doc


@pytest.mark.parametrize(
    ("date", "scenario"), [(None, None), ("2025-06-01", "ktap_built"), ("2024-01-15", None)]
)
def test_api_and_cli_give_the_same_comparison(
    cli: Cli, date: str | None, scenario: str | None
) -> None:
    args = ["compare", "almaty", "karachi", "--json"]
    args += (["--date", date] if date else []) + (["-s", scenario] if scenario else [])
    code, out, err = cli(args)
    assert code == 0, err
    doc = json.loads(out)
    c = compare(corridor.load(date=date, scenario=scenario), "almaty", "karachi")
    assert c.to_dict() == doc
    assert (doc["date"], doc["scenario"]) == (date or AS_OF, scenario)
    for row in doc["rows"]:  # nested routes carry the day too
        assert (row["route"]["date"], row["route"]["scenario"]) == (date or AS_OF, scenario)


def test_pareto_members_carry_the_day(cli: Cli) -> None:
    code, out, err = cli(["pareto", "almaty", "karachi", "--json", "--date", "2025-06-01"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["date"] == "2025-06-01" and doc["routes"]
    assert {r["route"]["date"] for r in doc["routes"]} == {"2025-06-01"}
    assert {r["route"]["network_as_of"] for r in doc["routes"]} == {AS_OF}


def test_alternatives_carry_the_day(cli: Cli) -> None:
    code, out, err = cli(["route", "almaty", "karachi", "-k", "3", "--json", "-s", "ktap_built"])
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["date"], doc["scenario"]) == (AS_OF, "ktap_built")
    assert {(r["date"], r["scenario"]) for r in doc["routes"]} == {(AS_OF, "ktap_built")}


def test_undated_tables_stay_reachable() -> None:
    undated = corridor.load(date="undated")
    assert undated.date is None and undated.as_of is not None
    assert corridor.Network.from_dir(corridor.data.path("network")).date is None  # type: ignore[attr-defined]
    # carrier any: the calendar alone (with rights a Kazakh truck takes the Khunjerab, QTTA)
    r = corridor.route(undated, "almaty", "karachi", options=corridor.RouteOptions(carrier="any"))
    assert r.date is None and r.network_as_of == AS_OF
    assert "AF" in r.countries  # the tables as given: the AF-PK crossings open


def test_calendar_first_then_the_scenario() -> None:
    """pk_af_crossings_open reopens what the calendar closes on the as-of date."""

    def torkham(net: corridor.Network) -> set[str]:
        x = net.crossings
        return set(x.loc[x["id"] == "torkham_road", "status"])

    assert torkham(corridor.load()) == {"closed"}
    opened = corridor.load(scenario="pk_af_crossings_open")
    assert torkham(opened) == {"open"} and opened.date == corridor.load().date
    r = corridor.route(opened, "kabul", "peshawar", options=RouteOptions(modes=("road",)))
    assert "torkham_road" in r.crossings and r.scenario == "pk_af_crossings_open"


def test_load_is_memoised_and_graph_of_the_day_matches() -> None:
    assert corridor.load(date="2025-06-01") is corridor.load(date="2025-06-01")
    g = corridor.load_graph(date="2025-06-01")
    assert g.context == corridor.load(date="2025-06-01").context
    assert corridor.load_graph(date="undated").context.date is None


@pytest.mark.parametrize("bad", ["", "2025-13-01", "tomorrow", "2025-6-1"])
def test_bad_dates_are_input_errors(bad: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        corridor.load(date=bad)


def test_a_date_outside_the_calendar_warns() -> None:
    with pytest.warns(DateOutsideCalendarWarning, match="outside the span the calendar covers"):
        corridor.load(date="1990-06-01")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corridor.load(date="2025-06-01")  # inside the span: no warning
