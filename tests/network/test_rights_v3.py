"""Transit rights and transloads (issue 15 item 1): a road route is for the trucks of one
carrier country; a forced transload is a leg with its time and cost.

Hand-made: the tiny network's road a -(AA)- e -[e_road]- d (BB), 150 + 150 km, with a
rights.csv saying AA trucks may not enter BB and a road -> road transload row at e
(1 h, US$5 per TEU). The AA truck drives a -> e, the cargo changes to a BB truck at e
(+1 h, +US$5), the BB truck crosses to d: exactly the unconstrained route plus the transload.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import corridor
from corridor.errors import NoRouteError
from corridor.network.calendar import on_date

ROAD = ("road",)
HEADER = "carrier,country,right,zone,from_date,until_date,source,basis,notes\n"


def _with_rights(make: Callable[[str, str, str], Path], rights: str, transload: bool) -> Path:
    folder = make("nodes.csv", "id,", "id,")
    (folder / "rights.csv").write_text(HEADER + rights, encoding="utf-8")
    if transload:
        path = folder / "transfers.csv"
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        row = dict.fromkeys(header, "")
        row.update(node="e", to="road", time_median_h="1", time_p90_h="2", cost_usd_teu="5")
        row.update({"from": "road", "source": "test transload"})
        with path.open("a", encoding="utf-8") as f:
            f.write(",".join(row[h] for h in header) + "\n")
    return folder


def _opts(carrier: str = "origin") -> corridor.RouteOptions:
    return corridor.RouteOptions(modes=ROAD, carrier=carrier)


def test_forced_transload_is_a_leg_with_its_time_and_cost(
    tiny_copy: Callable[[str, str, str], Path],
) -> None:
    net = corridor.load(_with_rights(tiny_copy, "AA,BB,none,,,,test,published,\n", True))
    free = corridor.route(net, "a", "d", options=_opts("any"))
    aa = corridor.route(net, "a", "d", options=_opts())
    assert free.vertices == aa.vertices == ("a", "e", "d")
    assert aa.totals.time_h == pytest.approx(free.totals.time_h + 1.0)
    assert aa.totals.cost_usd == pytest.approx(free.totals.cost_usd + 5.0)
    assert aa.totals.transfers == free.totals.transfers + 1
    leg = next(g for g in aa.legs if g.kind == "transfer")
    assert leg.from_place == "e" and leg.detail == "AA truck -> BB truck"
    assert leg.time_h == 1.0 and leg.cost_usd == 5.0
    # a BB truck may drive in AA (no row: the default transit), so it needs no transload
    bb = corridor.route(net, "a", "d", options=_opts("BB"))
    assert bb.totals.time_h == pytest.approx(free.totals.time_h)


def test_no_right_and_no_transload_means_no_road_route(
    tiny_copy: Callable[[str, str, str], Path],
) -> None:
    net = corridor.load(_with_rights(tiny_copy, "AA,BB,none,,,,test,published,\n", False))
    with pytest.raises(NoRouteError):
        corridor.route(net, "a", "d", options=_opts())
    assert corridor.route(net, "a", "d", options=_opts("any")).vertices == ("a", "e", "d")


def test_zone_right_reaches_its_places_only(tiny_copy: Callable[[str, str, str], Path]) -> None:
    net = corridor.load(_with_rights(tiny_copy, "AA,BB,zone,d,,,test,published,\n", False))
    assert corridor.route(net, "a", "d", options=_opts()).totals.transfers == 0


def test_dated_right(tiny_copy: Callable[[str, str, str], Path]) -> None:
    rows = "AA,BB,none,,2025-01-01,2025-06-30,test,published,\n"
    folder = _with_rights(tiny_copy, rows, False)
    with pytest.raises(NoRouteError):
        corridor.route(corridor.load(folder, date="2025-06-01"), "a", "d", options=_opts())
    later = corridor.load(folder, date="2025-08-01")
    assert corridor.route(later, "a", "d", options=_opts()).vertices[-1] == "d"


def test_bad_rights_row_names_file_line_and_field(
    tiny_copy: Callable[[str, str, str], Path],
) -> None:
    folder = _with_rights(tiny_copy, "AA,BB,sometimes,,,,test,published,\n", False)
    with pytest.raises(corridor.InputError, match=r"rights\.csv.*line 2.*right"):
        corridor.load(folder)
    with pytest.raises(corridor.InputError, match="carrier"):
        corridor.RouteOptions(carrier="Uzbekistan")


@pytest.mark.parametrize(("origin", "carrier"), [("dushanbe", "TJ"), ("tashkent", "UZ")])
def test_central_asian_truck_does_not_transit_china_over_khunjerab_without_transload(
    region: corridor.Network, origin: str, carrier: str
) -> None:
    for day in ("2026-02-06", "2025-06-04"):
        net = on_date(region, day)
        r = corridor.route(net, origin, "karachi", options=_opts(carrier))
        if "khunjerab_road" not in r.crossings:
            continue
        legs = list(r.legs)
        k = next(i for i, g in enumerate(legs) if g.crossing == "khunjerab_road")
        before = [g for g in legs[:k] if g.kind == "transfer"]
        assert any(g.detail and g.detail.startswith(f"{carrier} truck -> ") for g in before), [
            (g.kind, g.detail) for g in legs
        ]
        # without rights the same trip runs straight through China
        free = corridor.route(net, origin, "karachi", options=_opts("any"))
        assert not any(g.detail and "truck" in g.detail for g in free.legs)


def test_uzbek_truck_reaches_pakistan_through_afghanistan_when_open(
    region: corridor.Network,
) -> None:
    # Afghanistan-Uzbekistan-Pakistan agreement (2021): Uzbek trucks to Pakistani ports
    r = corridor.route(on_date(region, "2025-06-04"), "tashkent", "karachi", options=_opts())
    assert "AF" in r.countries and r.countries[-1] == "PK"
    assert not any(g.detail and "truck" in g.detail for g in r.legs)


def test_cli_carrier_option(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from corridor.cli import main

    main(["route", "dushanbe", "karachi", "--modes", "road", "--carrier", "TJ", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["constraints"]["carrier"] == "TJ"
    assert any("TJ truck" in (leg.get("detail") or "") for leg in doc["legs"])
    with pytest.raises(SystemExit) as exc:
        main(["route", "dushanbe", "karachi", "--carrier", "XX"])
    assert exc.value.code == 1


def test_carrier_and_service_reach_compare_flows_and_the_service(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """API = CLI = service: --carrier/--service go through RouteOptions everywhere."""
    import json

    import pandas as pd

    from corridor.analysis.compare import compare
    from corridor.analysis.flows import freight_flows
    from corridor.cli import main
    from corridor.service._answers import Days, Query
    from corridor.service._answers import route as service_route

    days = Days(None, size=1)
    graph = days.get(None, None).graph
    for carrier in ("origin", "any"):
        lib = corridor.route(graph, "tashkent", "karachi", options=_opts(carrier))
        web = service_route(days, Query("tashkent", "karachi", modes="road", carrier=carrier))
        main(["route", "tashkent", "karachi", "--modes", "road", "--carrier", carrier, "--json"])
        cli = json.loads(capsys.readouterr().out)
        assert web["totals"]["time_h"] == cli["totals"]["time_h"]
        assert cli["totals"]["time_h"] == pytest.approx(lib.totals.time_h, abs=1e-3)
    # compare: the rail service changes the fastest rail route's border time
    mean = {}
    for s in ("block", "wagonload"):
        c = compare(graph, "urumqi", "almaty", options=corridor.RouteOptions(service=s))
        mean[s] = c.to_dict()["rows"][0]["mean_days"]
    assert mean["block"] < mean["wagonload"]
    main(["compare", "urumqi", "almaty", "--service", "wagonload", "--carrier", "any", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert (doc["service"], doc["carrier"]) == ("wagonload", "any")
    assert doc["rows"][0]["mean_days"] == pytest.approx(mean["wagonload"], abs=1e-3)
    # flows: the carrier option reaches the assignment (no rights: no transload edge used)
    od = pd.DataFrame({"origin": ["tashkent"], "destination": ["karachi"], "teu_year": [365.0]})
    net = corridor.load()
    for carrier in ("origin", "any"):
        f = freight_flows(net, od, options=corridor.RouteOptions(modes=ROAD, carrier=carrier))
        assert f.summary["assigned_teu_year"] == pytest.approx(365.0)


@pytest.mark.parametrize(
    ("origin", "destination", "place"),
    [
        # S2-16/S2-17: at Sarakhs cargo moves from third-country (1435) into CIS wagons
        ("tehran", "tashkent", "ir_sarakhs"),
        # S2-13: all Pakistan-Iran rail transshipment happens at Zahedan
        ("quetta", "tehran", "ir_zahedan"),
        # S2-20: Turkish wagons are transshipped at Akhalkalaki
        ("kars", "tbilisi", "ge_akhalkalaki"),
    ],
)
def test_rail_wagon_exchange_where_sources_say_so(
    region: corridor.Network, origin: str, destination: str, place: str
) -> None:
    """The rail analogue of transloads: every wagon exchange the sources name (facts-5
    section 2) is at a break of gauge, so the rail route changes wagons exactly there."""
    r = corridor.route(region, origin, destination, options=corridor.RouteOptions(modes=("rail",)))
    changes = [g for g in r.legs if g.kind == "gauge_change"]
    assert [g.from_place for g in changes] == [place]
    assert changes[0].time_h > 0 and changes[0].cost_usd > 0


def test_uzbek_wagons_run_to_the_afghan_railhead(region: corridor.Network) -> None:
    """S2-12: Hairatan - Mazar-i-Sharif is run by Uzbek Railways' subsidiary on 1520 mm, so
    a train from Tashkent reaches Naibabad without a wagon exchange at the border."""
    r = corridor.route(
        region, "tashkent", "naibabad", options=corridor.RouteOptions(modes=("rail",))
    )
    assert r.countries == ("UZ", "AF")
    assert not [g for g in r.legs if g.kind in ("gauge_change", "transfer")]
