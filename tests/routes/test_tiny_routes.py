"""Routes on the hand-made network, against answers computed on paper.

The tiny network (src/corridor/data/examples/tiny): countries AA, BB, CC; rail speed 50 km/h
(100 in BB), road 60, ferry 20; tariffs rail 1, road 2, ferry 1.5 USD/TEU-km; CO2e rail 20,
road 100, ferry 50 g/t-km at 10 t/TEU. Border links are split at the frontier, each half
priced in its own country.

* rail a-b-c-d: a-b 100 km (2 h), gauge change at b (5 h, 100 USD), b-c 200 km across the
  AA/BB border (crossing at b: 10 h, 50 USD; 100 km at 50 + 100 km at 100 km/h = 3 h), c-d
  100 km in BB (1 h): 21 h, 550 USD, 80 kg.
* road a-e-d: 150 km (2.5 h), e-d 150 km across the border (crossing at e: 2 h, 20 USD;
  2.5 h): 7 h, 620 USD, 300 kg.
* planned rail a-d: 250 km (125 km at 50 + 125 at 100 = 3.75 h) + crossing at d (3 h,
  30 USD): 6.75 h, 280 USD, 50 kg, no gauge change.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import corridor
from corridor.data import path as data_path
from corridor.errors import InputError, NoRouteError, UnknownIdError
from corridor.paths import RouteOptions

RAIL = RouteOptions(modes=("rail",))
PLANNED = RouteOptions(include_planned=True)


def totals(r: corridor.Route) -> tuple[float, float, float, float, int, int, int]:
    t = r.totals
    return (t.time_h, t.cost_usd, t.co2_kg, t.distance_km, t.borders, t.transfers, t.gauge_breaks)


def test_fastest_is_the_road(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "a", "d", by="time")
    assert totals(r) == pytest.approx((7.0, 620.0, 300.0, 300.0, 1, 0, 0))
    assert r.vertices == ("a", "e", "d")
    assert r.crossings == ("e_road",)
    assert r.countries == ("AA", "BB")


def test_cheapest_is_rail_with_a_gauge_break(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "Alpha", "DELTA", by="cost")
    assert totals(r) == pytest.approx((21.0, 550.0, 80.0, 400.0, 1, 1, 1))
    assert r.gauge_breaks == ({"place": "b", "from_gauge_mm": 1520, "to_gauge_mm": 1435},)
    kinds = [leg.kind for leg in r.legs]
    assert kinds == ["move", "gauge_change", "move", "border", "move"]
    assert r.legs[1].detail == "rail:1520 -> rail:1435"
    # of the 21 h: 10 h at the border, 5 h changing gauge, 6 h moving
    assert (r.totals.border_time_h, r.totals.transfer_time_h) == (10.0, 5.0)
    assert r.totals.to_dict()["moving_time_h"] == 6.0


def test_greenest_is_rail(tiny: corridor.Network) -> None:
    assert corridor.route(tiny, "a", "d", by="co2").totals.co2_kg == pytest.approx(80.0)


def test_generalised_cost_weighs_time_and_carbon(tiny: corridor.Network) -> None:
    # road: 620 + 10*7 + 100*0.3 = 720; rail: 550 + 10*21 + 100*0.08 = 768
    r = corridor.route(tiny, "a", "d", by="generalised")
    assert r.vertices == ("a", "e", "d")
    assert r.objective_value == pytest.approx(720.0)
    # without a value of time rail wins: 550 + 8 = 558 < 620 + 30
    r0 = corridor.route(tiny, "a", "d", by="generalised", value_of_time_usd_teu_h=0.0)
    assert r0.vertices == ("a", "b", "c", "d")
    assert r0.objective_value == pytest.approx(558.0)


def test_planned_link_only_when_asked(tiny: corridor.Network) -> None:
    rail = corridor.route(tiny, "a", "d", options=RAIL)
    assert rail.links == ("ab_rail", "bc_rail", "cd_rail")
    planned = corridor.route(
        tiny, "a", "d", options=RouteOptions(modes=["rail"], include_planned=True)
    )
    assert totals(planned) == pytest.approx((6.75, 280.0, 50.0, 250.0, 1, 0, 0))
    assert planned.links == ("ad_rail",)
    assert planned.crossings == ("d_rail",)
    assert {s for leg in planned.legs for s in leg.statuses} == {"planned"}
    # and it also beats the road by time once it may be used
    assert corridor.route(tiny, "a", "d", options=PLANNED).links == ("ad_rail",)


def test_ferry_with_port_handling_and_border(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "a", "f")
    # road to d (7 h), road->ferry handling 3 h, 200 km ferry at 20 km/h, crossing at d 1 h
    assert totals(r) == pytest.approx((21.0, 620 + 30 + 300 + 10, 300 + 100, 500.0, 2, 1, 0))
    assert [leg.kind for leg in r.legs][-4:] == ["handling", "move", "border", "move"]
    with pytest.raises(NoRouteError, match="no route from a to f with modes road"):
        corridor.route(tiny, "a", "f", options=RouteOptions(modes=("road",)))


def test_disconnected_pair(tiny: corridor.Network) -> None:
    with pytest.raises(NoRouteError, match="no route from a to g"):
        corridor.route(tiny, "a", "g", options=PLANNED)


def test_avoid_country_crossing_link_and_place(tiny: corridor.Network) -> None:
    def via(**avoid: tuple[str, ...]) -> tuple[str, ...]:
        return corridor.route(tiny, "a", "d", options=RouteOptions(**avoid)).vertices

    assert via(avoid_crossings=("e_road",)) == ("a", "b", "c", "d")
    assert via(avoid_links=("ed_road",)) == ("a", "b", "c", "d")
    assert via(avoid_places=("Echo",)) == ("a", "b", "c", "d")
    assert via(avoid_places=("e",)) == ("a", "b", "c", "d")
    with pytest.raises(NoRouteError):
        via(avoid_crossings=("e_road", "b_rail"))
    with pytest.raises(NoRouteError):
        corridor.route(tiny, "a", "f", options=RouteOptions(avoid_countries=("BB",)))
    with pytest.raises(UnknownIdError, match="avoid_countries: unknown country 'QQ'"):
        via(avoid_countries=("QQ",))
    with pytest.raises(UnknownIdError, match="avoid_crossings: unknown crossing 'e_rail'"):
        via(avoid_crossings=("e_rail",))


def test_route_options_are_typed_values() -> None:
    a = RouteOptions(modes=("road", "rail"), avoid_countries=("BB", "AA", "BB"))
    assert a == RouteOptions(modes=["rail", "road"], avoid_countries=("AA", "BB"))
    assert hash(a) == hash(RouteOptions(modes=("rail", "road"), avoid_countries=("AA", "BB")))
    assert a.to_dict()["modes"] == ["rail", "road"]
    # no comma lists and no guessing: the caller says what each id is
    with pytest.raises(InputError, match="not the string 'rail,road'"):
        RouteOptions(modes="rail,road")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"unknown mode\(s\) \['bus'\]"):
        RouteOptions(modes=("bus",))


def test_unit_tonne_divides_money_and_carbon_by_payload(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "a", "d", by="cost", unit="tonne")
    assert totals(r) == pytest.approx((21.0, 55.0, 8.0, 400.0, 1, 1, 1))
    assert r.unit == "tonne"


def test_unknown_places_suggest(tiny: corridor.Network) -> None:
    with pytest.raises(UnknownIdError, match=r"unknown place 'Alpo'; did you mean a\b"):
        corridor.route(tiny, "Alpo", "d")
    assert corridor.route(tiny, "Alpa", "d").origin == "a"  # a close typo resolves
    with pytest.raises(InputError, match="same place"):
        corridor.route(tiny, "a", "Alpha")
    with pytest.raises(InputError, match="unknown objective 'fast'"):
        corridor.route(tiny, "a", "d", by="fast")


def test_alternatives_are_genuinely_different(tiny: corridor.Network) -> None:
    routes = corridor.alternatives(tiny, "a", "d", k=3)
    assert [r.vertices for r in routes] == [("a", "e", "d"), ("a", "b", "c", "d")]
    assert [r.rank for r in routes] == [1, 2]
    assert routes[0].to_dict() == corridor.route(tiny, "a", "d").to_dict()
    # rail takes 21 h against the road's 7 h: a stretch of 3
    assert len(corridor.alternatives(tiny, "a", "d", k=3, max_stretch=2.9)) == 1
    assert len(corridor.alternatives(tiny, "a", "d", k=3, max_stretch=3.0)) == 2
    with pytest.raises(InputError, match="max_stretch must be >= 1"):
        corridor.alternatives(tiny, "a", "d", max_stretch=0.5)
    with_planned = corridor.alternatives(tiny, "a", "d", k=3, options=PLANNED)
    assert next(r.links for r in with_planned) == ("ad_rail",)
    assert len(with_planned) == 3


def test_totals_are_sums_of_legs(tiny: corridor.Network) -> None:
    for by in ("time", "cost", "co2", "generalised"):
        r = corridor.route(tiny, "a", "f", by=by)
        for field in ("time_h", "cost_usd", "co2_kg", "distance_km"):
            assert sum(getattr(leg, field) for leg in r.legs) == pytest.approx(
                getattr(r.totals, field)
            )
        assert sum(leg.kind == "border" for leg in r.legs) == r.totals.borders


def test_json_frame_geojson(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "a", "d", by="cost")
    d = json.loads(r.to_json())
    assert d["totals"]["cost_usd"] == 550.0
    assert d["gauge_breaks"] == [{"place": "b", "from_gauge_mm": 1520, "to_gauge_mm": 1435}]
    assert list(d) == [
        "origin",
        "destination",
        "origin_name",
        "destination_name",
        "origin_query",
        "origin_match",
        "destination_query",
        "destination_match",
        "objective",
        "objective_value",
        "unit",
        "rank",
        "scenario",
        "network_as_of",
        "date",
        "include_planned",
        "constraints",
        "totals",
        "countries",
        "crossings",
        "gauge_breaks",
        "vertices",
        "links",
        "legs",
        "estimate_share",
        "sources",
        "date_changes",
    ]
    frame = r.to_frame()
    assert len(frame) == len(r.legs)
    assert frame["cost_usd"].sum() == pytest.approx(550.0)
    gj = r.to_geojson()
    assert gj["type"] == "FeatureCollection"
    geoms = [f["geometry"]["type"] for f in gj["features"]]
    assert geoms == ["LineString", "Point", "LineString", "Point", "LineString"]
    first = gj["features"][0]["geometry"]["coordinates"]
    assert first[0] == [60.0, 40.0]  # lon, lat of a


def test_graph_is_compiled_once(tiny: corridor.Network) -> None:
    g1 = corridor.compile(tiny)
    assert corridor.compile(tiny) is g1
    assert corridor.compile(tiny, unit="tonne") is not g1
    # the path found on the graph matches a route given the graph itself
    assert corridor.route(g1, "a", "d").to_dict() == corridor.route(tiny, "a", "d").to_dict()
    assert np.all(g1.edges.criteria >= 0)


def test_route_via_waypoints_and_named_corridor(tiny: corridor.Network) -> None:
    # by time the best way on from b is back to a and by road (2 + 4 h transfer + 7 h)
    back = corridor.route_via(tiny, ["a", "b", "d"])
    assert back.vertices == ("a", "b", "a", "e", "d")
    assert back.totals.time_h == pytest.approx(2 + 2 + 4 + 7)
    via = corridor.route_via(tiny, ["a", "b", "d"], by="cost")
    assert via.vertices == ("a", "b", "c", "d")
    # arriving at b by rail 1520 and leaving on 1435 pays the gauge change once
    assert via.totals.cost_usd == pytest.approx(550.0)
    assert via.totals.gauge_breaks == 1
    line = corridor.corridor_route(tiny, "rail_line")
    assert line.links == ("ab_rail", "bc_rail", "cd_rail")
    with pytest.raises(UnknownIdError, match="unknown corridor 'nope'"):
        corridor.corridor_route(tiny, "nope")


def test_closed_crossing_and_link_are_never_used(tmp_path: Path) -> None:
    folder = tmp_path / "net"
    shutil.copytree(data_path("examples/tiny"), folder)
    crossings = folder / "crossings.csv"
    lines = crossings.read_text().splitlines()
    closed = ["closed"] + ["true" if row.startswith("e_road,") else "" for row in lines[1:]]
    crossings.write_text(
        "\n".join(f"{row},{c}" for row, c in zip(lines, closed, strict=True)) + "\n"
    )
    # the road crossing is closed: the fastest way is now the railway
    assert corridor.route(corridor.load(folder, date="undated"), "a", "d").vertices == (
        "a",
        "b",
        "c",
        "d",
    )
    links = folder / "links.csv"
    links.write_text(links.read_text().replace("estimate,planned", "estimate,closed"))
    # a closed link stays closed even when planned links are allowed
    both = RouteOptions(modes=("rail",), include_planned=True)
    r = corridor.route(corridor.load(folder, date="undated"), "a", "d", options=both)
    assert r.links == ("ab_rail", "bc_rail", "cd_rail")
