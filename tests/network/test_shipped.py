"""The shipped network of the region: valid, sourced, and routable as the research says."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import corridor
from corridor.data import path as data_path
from corridor.network import check_dir
from corridor.paths import RouteOptions

RESEARCH = Path(__file__).resolve().parents[2].parent / "shared" / "research"


def test_validates_without_errors() -> None:
    report = check_dir(data_path("network"))
    assert report.errors == []


def test_every_row_has_a_source_and_estimates_say_so(region: corridor.Network) -> None:
    for name in ("nodes", "links", "crossings", "transfers", "parameters", "corridors"):
        table = getattr(region, name)
        assert (table["source"].str.strip() != "").all(), name
    est = region.links[region.links["length_basis"] == "estimate"]
    text = (est["source"] + " " + est["notes"]).str.lower()
    assert text.str.contains("estimat").all()


@pytest.mark.skipif(not RESEARCH.exists(), reason="shared/research not beside the repo")
def test_every_research_node_and_link_is_in(region: corridor.Network) -> None:
    nodes = pd.read_csv(RESEARCH / "corridor-facts-nodes.csv")
    assert set(nodes["id"].str.lower()) <= set(region.nodes["id"])
    links = pd.read_csv(RESEARCH / "corridor-facts-links.csv")
    have = {
        (frozenset((a, b)), m)
        for a, b, m in zip(
            region.links["from"], region.links["to"], region.links["mode"], strict=True
        )
    }
    missing = [
        (a, b, m)
        for a, b, m in zip(
            links["from"].str.lower(), links["to"].str.lower(), links["mode"], strict=True
        )
        if (frozenset((a, b)), m) not in have
    ]
    # a research link may be split at a border crossing or junction, or (the aggregate
    # Zhezkazgan-Beyneu line) modelled through its segments: then the same mode still joins
    # its two ends
    for a, b, m in missing:
        r = corridor.route(
            region, a, b, options=RouteOptions(modes=(m,), include_planned=True), by="cost"
        )
        assert {leg.mode for leg in r.legs if leg.kind == "move"} == {m}, (a, b, m)


def test_almaty_karachi_today_uses_existing_links_only(region: corridor.Network) -> None:
    r = corridor.route(region, "almaty", "karachi")
    assert r.origin == "kz_almaty" and r.destination == "pk_karachi"
    assert {s for leg in r.legs for s in leg.statuses} == {"existing"}
    assert r.totals.borders >= 2
    assert "AF" in r.countries or "IR" in r.countries or "CN" in r.countries


def test_planned_lines_change_the_rail_route(region: corridor.Network) -> None:
    today = corridor.route(
        region, "almaty", "karachi", options=RouteOptions(modes=("rail",)), by="cost"
    )
    future = corridor.route(
        region,
        "almaty",
        "karachi",
        options=RouteOptions(modes=("rail",), include_planned=True),
        by="cost",
    )
    statuses = {s for leg in future.legs for s in leg.statuses}
    assert "planned" in statuses
    assert "AF" in future.countries
    # the planned Afghan lines bring the 1520/1676 break of gauge instead of Iran's breaks
    assert (today.crossings, today.gauge_breaks) != (future.crossings, future.gauge_breaks)
    assert any(g["from_gauge_mm"] == 1520 and g["to_gauge_mm"] == 1676 for g in future.gauge_breaks)
    assert future.totals.cost_usd < today.totals.cost_usd


def test_every_named_corridor_routes_through_its_waypoints(region: corridor.Network) -> None:
    for row in region.corridors.itertuples():
        r = corridor.corridor_route(region, row.id, by="cost")
        waypoints = row.waypoints.split("|")
        visited = list(r.vertices)
        pos = 0
        for w in waypoints:
            assert w in visited[pos:], (row.id, w)
            pos = visited.index(w, pos)
        if not row.include_planned:
            assert {s for leg in r.legs for s in leg.statuses} == {"existing"}, row.id
        if row.modes:
            assert {leg.mode for leg in r.legs if leg.kind == "move"} <= set(
                row.modes.split("|")
            ), row.id


def test_ktap_has_the_breaks_of_gauge_the_data_puts_there(region: corridor.Network) -> None:
    r = corridor.corridor_route(region, "ktap", by="cost")
    assert {"tm_serhetabat", "af_torghundi", "af_herat", "af_kandahar", "pk_chaman"} <= set(
        r.vertices
    )
    assert r.countries[-3:] == ("TM", "AF", "PK")
    breaks = {(g["from_gauge_mm"], g["to_gauge_mm"]) for g in r.gauge_breaks}
    assert (1520, 1676) in breaks


def test_trucker_route_over_khunjerab(region: corridor.Network) -> None:
    r = corridor.route(region, "kashgar", "islamabad", options=RouteOptions(modes=("road",)))
    assert {"pk_khunjerab", "pk_sost"} <= set(r.vertices)
    assert {leg.mode for leg in r.legs if leg.kind == "move"} == {"road"}


def test_middle_corridor_crosses_the_caspian_by_ferry(region: corridor.Network) -> None:
    r = corridor.corridor_route(region, "middle_corridor")
    assert "ferry" in {leg.mode for leg in r.legs if leg.kind == "move"}
    assert any(leg.kind == "handling" for leg in r.legs)


def test_more_links_never_make_a_route_worse(region: corridor.Network) -> None:
    for by in ("time", "cost", "co2", "generalised"):
        today = corridor.route(region, "almaty", "karachi", by=by)
        future = corridor.route(
            region, "almaty", "karachi", by=by, options=RouteOptions(include_planned=True)
        )
        assert future.objective_value <= today.objective_value + 1e-9, by
