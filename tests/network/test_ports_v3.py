"""Network v3 ports, ferries and market prices (issue 15 items 3 and 4).

Container dwell at the ports the issue names; Caspian container feeders and rail ferries as
separate services with their own capacity, sailings and price (containers choose the Aktau
feeders); storm suspensions by season; road rates from market quotes with border costs taken
out once (tools/build_default_network.py, data-sources/rates/).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import corridor
from corridor.calibration.rates import WITHIN, road_rate_table

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "build_default_network.py"

# (port node, from, to): the terminal row that holds the port call's container dwell
PORTS = [
    ("kz_aktau", "rail", "sea"),
    ("kz_kuryk", "rail", "ferry"),
    ("az_alat", "rail", "sea"),
    ("az_alat", "rail", "ferry"),
    ("tm_turkmenbashi", "rail", "sea"),
    ("tm_turkmenbashi", "rail", "ferry"),
    ("ge_poti", "rail", "sea"),
    ("ge_batumi", "rail", "sea"),
    ("ir_bandar_abbas", "rail", "sea"),
    ("ir_chabahar", "road", "sea"),
    ("pk_karachi", "rail", "sea"),
]
SEA_OPTS = corridor.RouteOptions(modes=("rail", "ferry", "sea"))


@pytest.fixture(scope="module")
def net() -> corridor.Network:
    return corridor.load(date="undated")


@pytest.mark.parametrize(("node", "a", "b"), PORTS)
def test_every_named_port_has_a_sourced_dwell(
    net: corridor.Network, node: str, a: str, b: str
) -> None:
    t = net.transfers
    row = t[(t["node"] == node) & (t["from"] == a) & (t["to"] == b)]
    assert len(row) == 1, f"no {a}<->{b} terminal row at {node}"
    r = row.iloc[0]
    assert 0 < r["time_median_h"] <= r["time_p90_h"]
    assert r["source"] and r["basis"] in ("published", "derived", "estimate")
    if r["basis"] == "estimate":
        assert "proxy" in r["notes"] or "estimate" in r["notes"].lower()


def test_caspian_port_calls_and_pakistani_ports_hold_containers_for_days(
    net: corridor.Network,
) -> None:
    t = net.transfers
    for node in ("kz_aktau", "az_alat"):
        r = t[(t["node"] == node) & (t["to"] == "sea")].iloc[0]
        assert r["time_median_h"] >= 24 * 5  # Argus: Almaty - Poti 20 days
    x = net.crossings.set_index("id")
    assert x.loc["karachi_sea_ir", "dwell_median_h"] > 100  # about a week on average


def test_feeders_and_rail_ferries_are_separate_services(net: corridor.Network) -> None:
    links = net.links.set_index("id")
    feeder, ferry = links.loc["kz_aktau__az_alat__sea"], links.loc["kz_kuryk__az_alat__ferry"]
    assert (feeder["mode"], ferry["mode"]) == ("sea", "ferry")
    assert feeder["capacity_teu_day"] == 244 and ferry["capacity_teu_day"] == 110
    # Aktau's ferry line carries Ro-Ro trucks; rail ferries sail from Kuryk (no rail terminal)
    assert links.loc["kz_aktau__az_alat__ferry", "mode"] == "ferry"
    t = net.transfers
    assert t[(t["node"] == "kz_aktau") & (t["to"] == "ferry")].empty
    assert links.loc["tm_turkmenbashi__az_alat__sea", "mode"] == "sea"
    p = net.parameters
    rate = {
        m: float(
            p[(p["mode"] == m) & (p["country"] == "*") & (p["name"] == "tariff_usd_teu_km")][
                "value"
            ].iloc[0]
        )
        for m in ("sea", "ferry")
    }
    assert rate["ferry"] == pytest.approx(1000 / 2 / 306, rel=1e-3)  # ASCO truck tariff 2023
    assert rate["ferry"] > 3 * rate["sea"]


def test_containers_cross_the_caspian_on_the_aktau_feeder(net: corridor.Network) -> None:
    r = corridor.route_via(
        net, ["cn_xian", "kz_altynkol", "az_alat", "ge_poti"], by="cost", options=SEA_OPTS
    )
    used = {leg.mode for leg in r.legs if leg.kind == "move" and leg.country in ("KZ", "AZ")}
    assert "sea" in used and "ferry" not in used
    # the crossing alone, Mangyshlak junction to Baku: feeder (lifts, sea rate) vs rail ferry
    # (the wagon shipped at the ASCO per-vehicle tariff)
    feeder = corridor.route_via(
        net,
        ["kz_mangyshlak", "kz_aktau", "az_alat", "az_baku"],
        by="cost",
        options=corridor.RouteOptions(modes=("rail", "sea")),
    )
    ferry = corridor.route_via(
        net,
        ["kz_mangyshlak", "kz_kuryk", "az_alat", "az_baku"],
        by="cost",
        options=corridor.RouteOptions(modes=("rail", "ferry")),
    )
    assert ferry.totals.cost_usd > feeder.totals.cost_usd + 100


def test_caspian_storm_season_lengthens_the_crossing() -> None:
    trip = ["kz_almaty", "kz_aktau", "az_alat", "ge_poti"]
    opts = corridor.RouteOptions(modes=("rail", "sea"))
    summer = corridor.route_via(corridor.load(date="2025-07-10"), trip, options=opts)
    winter = corridor.route_via(corridor.load(date="2025-12-10"), trip, options=opts)
    assert winter.totals.time_h == pytest.approx(summer.totals.time_h + 30, abs=1.0)


def test_road_rates_within_30_percent_of_market_quotes(net: corridor.Network) -> None:
    table = road_rate_table(net)
    assert {"KZ", "PK", "RU"} <= set(table["country"])
    bad = table[~table["within"]]
    assert bad.empty, bad.to_string()
    assert (table["median_deviation_pct"].abs() <= 100 * WITHIN).all()


def test_khorgos_almaty_line_haul_is_a_market_rate(net: corridor.Network) -> None:
    r = corridor.route(
        net, "cn_khorgos", "kz_almaty", by="cost", options=corridor.RouteOptions(modes=("road",))
    )
    line_haul = sum(leg.cost_usd for leg in r.legs if leg.kind == "move")
    per_truck_km = 2 * line_haul / r.totals.distance_km
    assert 0.5 <= per_truck_km <= 1.0  # about US$0.8 per truck-km; was 2.4 from CPMM TFI3


def _build(tmp_path: Path, rates: str) -> subprocess.CompletedProcess[str]:
    sources = tmp_path / "data-sources"
    shutil.copytree(ROOT / "data-sources", sources)
    (sources / "rates").mkdir(exist_ok=True)
    (sources / "rates" / "road.csv").write_text(rates, encoding="utf-8")
    docs = tmp_path / "data.md"
    shutil.copy(ROOT / "docs" / "data.md", docs)
    return subprocess.run(
        [
            sys.executable,
            str(TOOL),
            "--sources",
            str(sources),
            "--out",
            str(tmp_path / "net"),
            "--docs",
            str(docs),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


HEADER = (
    "id,country,from,to,km,km_basis,price,currency,usd_rate,unit,direction,includes,"
    "border_usd_truck,year,source,basis,notes\n"
)


@pytest.mark.skipif(not TOOL.exists(), reason="source checkout only")
def test_build_derives_rates_with_border_costs_counted_once(tmp_path: Path) -> None:
    rows = (
        "a,KZ,,,1000,estimate,1200,USD,1,truck,both,all_in,200,2025,src a,derived,\n"
        "b,KZ|UZ,,,500,estimate,800,USD,1,truck,both,line_haul,0,2024,src b,derived,\n"
        "c,PK,,,100,estimate,28350,PKR,283.5,feu,both,line_haul,,2025,src c,derived,\n"
    )
    done = _build(tmp_path, HEADER + rows)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "net" / "parameters.csv", encoding="utf-8") as f:
        got = {
            r["country"]: r
            for r in csv.DictReader(f)
            if r["mode"] == "road" and r["name"] == "tariff_usd_teu_km"
        }
    # KZ: median of (1200 - 200) / 1000 / 2 = 0.5 and 800 / 500 / 2 = 0.8
    assert float(got["KZ"]["value"]) == pytest.approx(0.65)
    assert float(got["UZ"]["value"]) == pytest.approx(0.8)
    assert float(got["PK"]["value"]) == pytest.approx(0.5)  # 28,350 PKR = US$100 per FEU
    assert float(got["*"]["value"]) == pytest.approx(0.65)  # median of 0.5, 0.65, 0.8
    assert got["*"]["basis"] == "estimate" and "proxy" in got["*"]["notes"]


@pytest.mark.skipif(not TOOL.exists(), reason="source checkout only")
def test_build_refuses_a_bad_quote_naming_file_line_field(tmp_path: Path) -> None:
    done = _build(
        tmp_path, HEADER + "a,KZ,,,1000,estimate,100,USD,1,truck,both,all_in,200,2025,s,derived,\n"
    )
    assert done.returncode != 0
    assert "data-sources/rates/road.csv line 2" in done.stderr
    assert "border_usd_truck" in done.stderr
    done = _build(
        tmp_path / "x", HEADER + "a,KZ,,,1000,estimate,100,USD,1,truck,both,door,,2025,s,derived,\n"
    )
    assert done.returncode != 0 and "includes" in done.stderr


def test_the_caspian_residual_is_charged_on_every_container_service(
    net: corridor.Network,
) -> None:
    """Issue 17 item 6: the part of the Argus residual common to the Caspian services is on
    the crossing for containers (block service) whichever service carries them - rail ferry,
    feeder - and not on bulk wagons (wagonload); the feeders keep their own port calls."""
    x = net.crossings.set_index("id")
    for cid in ("aktau_alat_ferry", "kuryk_alat_ferry", "turkmenbashi_alat_ferry"):
        assert x.loc[cid, "block_median_h"] == pytest.approx(x.loc[cid, "dwell_median_h"] + 48)
    for port, modes in (("kz_kuryk", ("rail", "ferry")), ("kz_aktau", ("rail", "sea"))):
        trip = ["kz_mangyshlak", port, "az_alat", "az_baku"]
        hours = {
            s: corridor.route_via(
                net, trip, options=corridor.RouteOptions(modes=modes, service=s)
            ).totals.time_h
            for s in ("block", "wagonload")
        }
        assert hours["block"] == pytest.approx(hours["wagonload"] + 48, abs=0.5), port
