"""Network v3 gateways (issue 15 item 6): the other EU entries of China-Europe rail and a
second Russia-Kazakhstan rail gateway, with capacities marked with their year."""

from __future__ import annotations

import json
import re

import pytest

import corridor
from corridor.cli import main
from corridor.network.calendar import on_date

RAIL = corridor.RouteOptions(modes=("rail",))
GATEWAYS = {
    "kuznica_bruzgi_rail": ("BY", "PL"),
    "siemianowka_svislach_rail": ("BY", "PL"),
    "mamonovo_braniewo_rail": ("PL", "RU"),
    "chop_zahony_rail": ("HU", "UA"),
    "tobol_kartaly_rail": ("KZ", "RU"),
}
CAPACITY_LINKS = (
    "by_grodno__pl_kuznica__rail",
    "by_svislach__pl_siemianowka__rail",
    "ru_kaliningrad__pl_braniewo__rail",
    "ua_chop__hu_zahony__rail",
)


def test_gateways_are_in_the_network_with_sources(region: corridor.Network) -> None:
    x = region.crossings.drop_duplicates("id").set_index("id")
    for cid, pair in GATEWAYS.items():
        assert tuple(sorted(x.loc[cid, "countries"].split("|"))) == pair
        assert x.loc[cid, "source"] and x.loc[cid, "basis"] == "estimate"
        assert "basis=proxy:" in x.loc[cid, "notes"], cid  # names what it borrows


def test_gateway_capacities_have_a_year(region: corridor.Network) -> None:
    links = region.links.set_index("id")
    for lid in CAPACITY_LINKS:
        assert links.loc[lid, "capacity_teu_day"] > 0
        assert re.search(r"\b20[12]\d\b", str(links.loc[lid, "notes"])), lid


def test_china_europe_alternatives_use_other_gateways(region: corridor.Network) -> None:
    routes = corridor.alternatives(region, "xian", "duisburg", k=4, options=RAIL)
    used = {c for r in routes for c in r.crossings}
    assert "brest_terespol_rail" in used
    assert used & {"kuznica_bruzgi_rail", "siemianowka_svislach_rail", "mamonovo_braniewo_rail"}


def test_kaliningrad_route_while_poland_belarus_is_closed(region: corridor.Network) -> None:
    r = corridor.route(on_date(region, "2025-09-15"), "xian", "duisburg", options=RAIL)
    assert "mamonovo_braniewo_rail" in r.crossings
    assert not {"brest_terespol_rail", "kuznica_bruzgi_rail", "siemianowka_svislach_rail"} & set(
        r.crossings
    )


def test_ukraine_gateway_closed_since_2022(region: corridor.Network) -> None:
    day = on_date(region, "2023-01-10")
    assert set(day.crossings.loc[day.crossings["id"] == "suzemka_zernovo_rail", "status"]) == {
        "closed"
    }
    before = on_date(region, "2021-06-01")
    assert set(
        before.crossings.loc[before.crossings["id"] == "suzemka_zernovo_rail", "status"]
    ) == {"open"}


@pytest.mark.slow
def test_flows_no_longer_put_every_train_through_brest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["flows", "--json"])
    doc = json.loads(capsys.readouterr().out)
    util = {b["id"]: b["utilisation"] for b in doc["bottlenecks"]}
    loads = {c["id"]: c["eq_teu_year"] for c in doc["crossings"]}
    # before v3 Brest-Małaszewicze ran at 180 % (125 h queue); other entries now share it
    assert util.get("by_brest__pl_malaszewicze__rail", 0.0) < 1.5
    # another entry carries trains too (with the demand of Dec 2026 the containers alone
    # fill Brest to about 40 %, so the equilibrium uses Kuznica, not yet Siemianowka)
    assert loads["kuznica_bruzgi_rail"] > 0 or loads["siemianowka_svislach_rail"] > 0
