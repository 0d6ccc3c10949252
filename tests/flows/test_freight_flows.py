"""Freight flows: a hand-solved equilibrium on the tiny network, bad demand, the CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import corridor
from corridor.analysis import freight_flows
from corridor.cli import main
from corridor.data import path as data_path
from corridor.errors import InputError, UnknownIdError
from corridor.io.demand_csv import read_demand_csv


def tiny_with_road_capacity(tmp_path: Path, capacity: float) -> corridor.Network:
    folder = tmp_path / "net"
    shutil.copytree(data_path("examples/tiny"), folder)
    x = folder / "crossings.csv"
    x.write_text(
        x.read_text().replace(
            "e_road,e,AA|BB,road,2,4,20,,", f"e_road,e,AA|BB,road,2,4,20,{capacity},"
        )
    )
    return corridor.load(folder, date="undated")


Cli = Callable[[list[str]], tuple[int, str, str]]  # the `cli` fixture of tests/conftest.py


def _name(net: corridor.Network, node: str) -> str:
    return str(net.nodes.set_index("id").loc[node, "name"]).split(" (")[0]


def od(teu_year: float) -> pd.DataFrame:
    return pd.DataFrame({"origin": ["a"], "destination": ["d"], "teu_year": [teu_year]})


def test_two_routes_split_at_equilibrium(tmp_path: Path) -> None:
    """Generalised cost a->d (VOT 10 USD/h, carbon 100 USD/t): road 620 + 70 + 30 = 720,
    rail 550 + 210 + 8 = 768. The road crossing (2 h dwell) takes 10 TEU/day; with a 24 h
    queue at capacity and beta 4 the road costs 720 + 10 * 24 * (v / 10)^4. With 20 TEU/day,
    equilibrium: 720 + 240 (v/10)^4 = 768, so v = 10 * 0.2^0.25 = 6.687 TEU/day on the road."""
    net = tiny_with_road_capacity(tmp_path, 10.0)
    f = freight_flows(net, od(20 * 365.0), gap=1e-10, theta=None)  # one class, no logit
    links = f.links.set_index("id")
    v_road = 10 * 0.2**0.25 * 365
    assert links.loc["ae_road", "eq_teu_year"] == pytest.approx(v_road, rel=1e-5)
    assert links.loc["ab_rail", "eq_teu_year"] == pytest.approx(20 * 365 - v_road, rel=1e-5)
    assert links.loc["ae_road", "aon_teu_year"] == pytest.approx(20 * 365)  # all on the road
    x = f.crossings.set_index("id")
    assert x.loc["e_road", "utilisation"] == pytest.approx(0.2**0.25, rel=1e-5)
    assert x.loc["e_road", "delay_h"] == pytest.approx(24 * 0.2, rel=1e-4)
    assert f.bottlenecks.iloc[0]["id"] == "e_road"
    # scripts get ids (place), tables the place's name and the crossing's countries
    assert f.bottlenecks.iloc[0]["place"] == "e"
    assert f.bottlenecks.iloc[0]["name"] == f"{_name(net, 'e')} AA-BB"
    assert f.summary["gap"] <= 1e-10
    assert f.summary["assigned_teu_year"] == pytest.approx(7300.0)
    # the border link's two halves count once: flows are per physical link and direction
    assert links.loc["ed_road", "eq_ab_teu_year"] == pytest.approx(v_road, rel=1e-5)
    assert links.loc["ed_road", "eq_ba_teu_year"] == 0.0


def test_below_capacity_equilibrium_is_all_or_nothing(tmp_path: Path) -> None:
    net = tiny_with_road_capacity(tmp_path, 1000.0)
    f = freight_flows(net, od(3650.0), theta=None)
    links = f.links.set_index("id")
    assert links.loc["ae_road", "eq_teu_year"] == pytest.approx(3650.0, rel=1e-6)
    assert links.loc["ab_rail", "eq_teu_year"] == pytest.approx(0.0, abs=1e-6)


def test_unreachable_pairs_are_reported_not_assigned(tiny: corridor.Network) -> None:
    demand = pd.DataFrame(
        {"origin": ["a", "a"], "destination": ["d", "g"], "teu_year": [365.0, 100.0]}
    )
    f = freight_flows(tiny, demand)
    assert f.summary["unassigned_teu_year"] == 100.0
    assert f.unassigned["destination"].tolist() == ["g"]
    with pytest.raises(UnknownIdError, match="demand line 2: unknown place 'zulu'"):
        freight_flows(
            tiny, pd.DataFrame({"origin": ["zulu"], "destination": ["d"], "teu_year": [1.0]})
        )
    with pytest.raises(InputError, match="objective that values time"):
        freight_flows(tiny, od(1.0), by="cost")


def test_bad_demand_file(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text("origin,destination,teu_year\na,d,12\na,c,-5\n")
    with pytest.raises(
        InputError, match=r"d\.csv line 3, column teu_year: '-5' must be a finite number >= 0"
    ):
        read_demand_csv(p)
    p.write_text("origin,destination\na,d\n")
    with pytest.raises(InputError, match=r"missing column\(s\) \['teu_year'\]"):
        read_demand_csv(p)


def test_regional_flows_cli_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    main(["flows", "--json", "--out", str(out)])
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["converged"] and doc["summary"]["gap"] <= 1e-6
    assert doc["date"] == doc["network_as_of"] == "2026-02-06"  # default: the network's as_of
    assert doc["summary"]["unassigned_teu_year"] == 0.0
    assert {c["id"] for c in doc["corridors"]} >= {"ktap", "middle_corridor", "china_europe_north"}
    assert doc["bottlenecks"] and doc["bottlenecks"][0]["utilisation"] > 0.5
    for name in (
        "links.csv",
        "crossings.csv",
        "corridors.csv",
        "bottlenecks.csv",
        "summary.json",
        "flows.png",
    ):
        assert (out / name).stat().st_size > 0, name
    assert (out / "flows.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    links = pd.read_csv(out / "links.csv")
    assert {"eq_teu_year", "aon_teu_year", "utilisation"} <= set(links.columns)


def test_closing_the_pk_af_border_moves_flows_cli(capsys: pytest.CaptureFixture[str]) -> None:
    def crossings(*args: str) -> dict[str, float]:
        main(["flows", "--json", *args])
        doc = json.loads(capsys.readouterr().out)
        return {c["id"]: c["eq_teu_year"] for c in doc["crossings"]}

    # 2025-06-04 (a Wednesday: Torugart and Irkeshtam close at weekends, v3_events.csv) is
    # before the AF-PK closure of 2025-10-12 (calendar.csv); on the network's
    # as-of date (the default --date) the closure is in force, as in the scenario
    base = crossings("--date", "2025-06-04")
    closed = crossings("--date", "2025-06-04", "--scenario", "pk_af_border_closed")
    today = crossings()
    af_pk = ["torkham_road", "chaman_spin_boldak_road", "kharlachi_road", "ghulam_khan_road"]
    assert base["torkham_road"] > 0 and base["chaman_spin_boldak_road"] > 0
    assert all(closed[x] == 0.0 and today[x] == 0.0 for x in af_pk)
    # Central Asia - Pakistan flows move to the other corridors into Pakistan: through China
    # over Khunjerab (via Kyrgyzstan, Irkeshtam/Torugart) and through Iran at Taftan
    lost = sum(base[x] for x in af_pk)
    via_china = closed["khunjerab_road"] - base["khunjerab_road"]
    via_iran = sum(closed[x] - base[x] for x in ("taftan_mirjaveh_road", "taftan_mirjaveh_rail"))
    assert via_china > 0 and via_iran > 0
    assert via_china + via_iran > 0.8 * lost
    assert closed["irkeshtam_road"] > base["irkeshtam_road"]


def test_closing_the_pk_af_border_moves_flows() -> None:
    """On a 2024 day the border is open; the scenario closes it and flows move to Iran."""
    demand = read_demand_csv(data_path("demand/region_demand_2024.csv"))
    base_f = freight_flows(corridor.load(date="2024-07-01"), demand, gap=1e-3)
    closed_net = corridor.load(date="2024-07-01", scenario="pk_af_border_closed")
    closed_f = freight_flows(closed_net, demand, gap=1e-3)
    base = base_f.crossings.groupby("id")["eq_teu_year"].sum()
    closed = closed_f.crossings.groupby("id")["eq_teu_year"].sum()
    assert base["torkham_road"] > 0
    assert closed["torkham_road"] == 0.0
    iran = ["taftan_mirjaveh_rail", "taftan_mirjaveh_road", "zaranj_milak_road", "karachi_sea_ir"]
    assert closed[iran].sum() > base[iran].sum()
    # the Torkham corridor is cut (volume 0, closed), not rerouted
    cb = base_f.corridors.set_index("id")
    cc = closed_f.corridors.set_index("id")
    assert cb.loc["afghan_truck_torkham", "status"] == "open"
    assert cb.loc["afghan_truck_torkham", "eq_teu_year"] > 0
    assert cc.loc["afghan_truck_torkham", "status"] == "closed"
    assert cc.loc["afghan_truck_torkham", "eq_teu_year"] == 0.0
    assert "torkham_road" in cc.loc["afghan_truck_torkham", "closed_by"]


def test_bottleneck_table_shows_names_json_ids(tmp_path: Path, cli: Cli) -> None:
    """The terminal table names places; ``--json`` keeps the ids (and adds the names)."""
    tiny_with_road_capacity(tmp_path, 10.0)
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_year\na,d,7300\n")
    args = ["flows", "-n", str(tmp_path / "net"), "--demand", str(demand)]
    code, out, _ = cli(args)
    table = out.split("bottlenecks")[1].split("Volumes per named corridor")[0]
    assert code == 0 and "Echo AA-BB" in table and "e_road" not in table
    code, out, _ = cli([*args, "--json"])
    first = json.loads(out)["bottlenecks"][0]
    assert (first["id"], first["place"], first["name"]) == ("e_road", "e", "Echo AA-BB")
