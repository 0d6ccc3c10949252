"""Coverage by country (issue 9 item 5) and road reach of every country of the shipped
network to Karachi and Almaty (issue 9: every new country has a road route to both)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import corridor
from corridor.errors import NoRouteError
from corridor.network.calendar import on_date, on_day
from corridor.network.coverage import coverage

ROAD = corridor.RouteOptions(modes=("road",))

NO_ROAD = {
    # documented gaps, not closures: these countries reach Central Asia only by sea, or by
    # the Caspian ferries, which the shipped transfers serve from rail only (no truck ro-ro
    # terminal rows yet), and Georgia has no road to Turkey (Sarpi) in the tables.
    "AZ": "Caspian ferries are rail-only in transfers.csv; no road to IR or RU",
    "GE": "reached by road only from AZ; no Sarpi (GE-TR) road link",
    "AE": "Jebel Ali seaport only",
    "HU": "Budapest by rail from Constanta only",
    "IN": "Mumbai seaport only",
    "RO": "Constanta seaport only",
    "LT": "rail transit to Kaliningrad only (Network v3 gateways)",
    "UA": "the pre-2022 Chop rail gateway only (Network v3 gateways)",
}
NEW = ("KG", "TJ", "DE")  # absent from the original network (aa4b045)


def test_tiny_coverage_by_hand(tiny: corridor.Network) -> None:
    cov = coverage(tiny)
    links = tiny.links
    # every km of every operating link lands in exactly one country
    operating = links[~links["status"].isin(["planned", "under_construction"])]
    assert cov["km"].sum() == pytest.approx(operating["length_km"].sum(), abs=0.5)
    assert cov["nodes"].sum() == len(tiny.nodes)
    modes = [
        c for c in cov.columns if c.startswith("km_") and c[3:] in {"rail", "road", "sea", "ferry"}
    ]
    assert (cov[modes].sum(axis=1) - cov["km"]).abs().max() < 0.5
    basis = ["km_published", "km_derived", "km_estimate"]
    assert (cov[basis].sum(axis=1) - cov["km"]).abs().max() < 0.5


def test_border_link_km_split_at_the_frontier(region: corridor.Network) -> None:
    cov = coverage(region)
    links = region.links.set_index("id")
    country = dict(zip(region.nodes["id"], region.nodes["country"], strict=True))
    cross = links[
        [country[a] != country[b] for a, b in zip(links["from"], links["to"], strict=True)]
    ]
    assert cross["frontier_km"].notna().all()
    total = links[~links["status"].isin(["planned", "under_construction"])]["length_km"].sum()
    assert cov["km"].sum() == pytest.approx(total, abs=1.0)
    # Kashgar-Khunjerab (420 km, all in China): the split puts its km in CN, not half in PK
    lid = "cn_kashgar__pk_khunjerab__road"
    split = coverage(region.replace(links=region.links[region.links["id"] == lid]))
    km = float(links.loc[lid, "frontier_km"])
    assert km > 400 and split.loc["CN", "km"] == pytest.approx(km, abs=0.1)
    assert split.loc["PK", "km"] == pytest.approx(420 - km, abs=0.1)
    for c in (*NEW, "RU", "TR"):
        assert cov.loc[c, "nodes"] > 0 and cov.loc[c, "km_road"] > 0 and cov.loc[c, "crossings"] > 0


def _reaches(
    graph: corridor.Graph, nodes: list[str], target: str, options: corridor.RouteOptions
) -> bool:
    for node in nodes:
        if node == target:
            return True
        try:
            corridor.route(graph, node, target, options=options)
        except NoRouteError:
            continue
        return True
    return False


@pytest.fixture(scope="module")
def day_graphs(region: corridor.Network) -> dict[str, corridor.Graph]:
    return {
        "as_of": corridor.compile(on_day(region)),
        "2025-06-04": corridor.compile(on_date(region, "2025-06-04")),
    }


@pytest.mark.parametrize("day", ["as_of", "2025-06-04"])
@pytest.mark.parametrize("target", ["pk_karachi", "kz_almaty"])
def test_every_country_reaches_karachi_and_almaty_by_road(
    region: corridor.Network, day_graphs: dict[str, corridor.Graph], day: str, target: str
) -> None:
    graph = day_graphs[day]
    nodes = region.nodes
    missing = []
    for country in sorted(set(nodes["country"])):
        ids = nodes[nodes["country"] == country]["id"].tolist()
        if not _reaches(graph, ids, target, ROAD):
            missing.append(country)
    # the documented gaps exactly (a fixed gap must leave this list)
    assert missing == sorted(NO_ROAD), missing
    assert not set(NEW) & set(missing)


def test_new_countries_road_routes_avoid_af_pk_on_the_as_of_date(
    day_graphs: dict[str, corridor.Graph],
) -> None:
    for origin in ("bishkek", "dushanbe", "osh"):
        r = corridor.route(day_graphs["as_of"], origin, "karachi", options=ROAD)
        assert not {"torkham_road", "chaman_spin_boldak_road"} & set(r.crossings)
        assert r.countries[-1] == "PK"
        normal = corridor.route(day_graphs["2025-06-04"], origin, "karachi", options=ROAD)
        assert normal.totals.time_h <= r.totals.time_h


def test_cli_network_info_reports_coverage(cli: Any) -> None:
    """The tables fit an 80-column terminal (the ``cli`` fixture's, whatever the runner's)."""
    doc = json.loads(cli(["network", "info", "--json"])[1])
    assert doc["network_as_of"] == "2026-02-06"
    kg = doc["coverage"]["KG"]
    assert kg["nodes"] >= 5 and kg["km_road"] > 1000 and kg["crossings"] > 0
    assert set(kg) >= {"km_published", "km_derived", "km_estimate", "estimate_share"}
    out = cli(["network", "info"])[1]
    assert "coverage by country" in out and "km by length basis" in out
    assert "network as of 2026-02-06" in out
    rows = [line for line in out.splitlines() if line.startswith(("│ KG", "│ all"))]
    assert len(rows) >= 4 and max(len(line) for line in rows[:4]) <= 80
