"""Known wrong answers of issue 13, item 7: each case as it was reported, now right."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest

import corridor
from corridor.graph.model import EdgeKind, Graph
from corridor.paths import RouteOptions, usable_edges

Cli = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture(scope="module")
def today() -> Graph:
    return corridor.load_graph()


def test_avoiding_a_crossing_removes_both_directions(today: Graph) -> None:
    """Every crossing with a row per direction: --avoid takes out every border edge of it
    (the id -> row lookup used to keep the last row only)."""
    ids = today.labels.crossing_ids
    per_direction = sorted(x for x, n in Counter(ids).items() if n > 1)
    assert len(per_direction) >= 10
    e = today.edges
    border = e.kind == EdgeKind.BORDER
    for cid in per_direction:
        rows = [i for i, x in enumerate(ids) if x == cid]
        mine = border & np.isin(e.crossing, rows)
        assert mine.any(), cid
        ok = usable_edges(today, RouteOptions(avoid_crossings=(cid,), include_planned=True))
        assert not ok[mine].any(), f"{cid}: a direction stays usable"


def test_route_bishkek_kashgar_avoiding_irkeshtam(cli: Cli) -> None:
    code, out, err = cli(["route", "bishkek", "kashgar", "--avoid", "irkeshtam_road", "--json"])
    assert code == 0, err
    doc = json.loads(out)
    assert "irkeshtam_road" not in doc["crossings"]
    code, out, _ = cli(["route", "kashgar", "bishkek", "--avoid", "irkeshtam_road", "--json"])
    assert "irkeshtam_road" not in json.loads(out)["crossings"]


def test_scenario_flows_open_only_what_the_scenario_opens(cli: Cli) -> None:
    """ktap_built and trans_afghan_built gave identical flows (--include-planned opened every
    planned link): each scenario's flows now use its own railway and not the other."""
    from corridor.analysis.flows import freight_flows
    from corridor.analysis.od import DEFAULT_DEMAND
    from corridor.data import path as data_path
    from corridor.io.demand_csv import read_demand_csv

    demand = read_demand_csv(data_path(DEFAULT_DEMAND))
    volume = {}
    for sc in ("ktap_built", "trans_afghan_built"):
        f = freight_flows(corridor.load(date="2025-06-01", scenario=sc), demand, gap=1e-3)
        c = f.corridors.set_index("id")
        volume[sc] = (
            float(c.loc["ktap", "eq_teu_year"]),
            float(c.loc["trans_afghan", "eq_teu_year"]),
        )
        assert f.context.scenario == sc and f.to_dict()["scenario"] == sc
    assert volume["ktap_built"][0] > 0 and volume["ktap_built"][1] == 0
    assert volume["trans_afghan_built"][1] > 0 and volume["trans_afghan_built"][0] == 0
    code, _, err = cli(["flows", "-s", "ktap_built", "--include-planned"])
    assert code == 2 and "only the links the scenario opens" in err


def test_sensitivity_of_a_place_to_itself_is_an_error(cli: Cli) -> None:
    code, out, err = cli(["sensitivity", "almaty", "almaty"])
    assert code == 1 and out == "" and "same place" in err


def test_sensitivity_calls_generalised_cost_by_its_name(cli: Cli) -> None:
    code, out, err = cli(["sensitivity", "almaty", "karachi", "--json"])
    assert code == 0, err
    assert json.loads(out)["by"] == "generalised"
    code, _, err = cli(["sensitivity", "almaty", "karachi", "--by", "cost"])
    assert code == 2 and "generalised" in err  # the menu names it


def test_scenario_diff_on_a_date_says_which_date_is_which(cli: Cli) -> None:
    args = ["scenario", "diff", "pk_af_crossings_open", "--pairs", "almaty:karachi"]
    code, out, err = cli([*args, "--date", "2025-06-01"])
    assert code == 0, err
    out = " ".join(out.split())
    assert "network as of 2026-02-06, evaluated on 2025-06-01" in out
    assert "network as of 2025-06-01" not in out


def test_critical_without_demand_counts_pairs_not_teu(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # headings on one line
    code, out, err = cli(["critical", "--pairs", "almaty:karachi,tashkent:karachi", "--top", "3"])
    assert code == 0, err
    assert "TEU cut" not in out and "TEU rerouted" not in out and "pairs rerouted" in out
    code, out, err = cli(["critical", "--demand", "region", "--top", "3", "--what", "crossings"])
    assert code == 0, err
    assert "TEU cut" in out


def test_network_info_counts_crossings_once(cli: Cli) -> None:
    code, out, err = cli(["network", "info", "--json"])
    assert code == 0, err
    doc = json.loads(out)
    net = corridor.load()
    assert doc["crossings"] == net.crossings["id"].nunique() < doc["crossing_rows"]
    code, out, _ = cli(["network", "info"])
    assert f"{doc['crossings']} crossings ({doc['crossing_rows']} rows" in " ".join(out.split())
    assert doc["coverage"]  # the table's "all" row counts the same crossings


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("kz_kyzylorda", "kz_karaganda"), ("kz_balkhash", "cn_xian"), ("pk_bannu", "ae_jebel_ali")],
)
def test_alternatives_do_not_go_back_into_a_country(
    today: Graph, origin: str, destination: str
) -> None:
    """These pairs gave KZ-UZ-KZ, KZ-RU-BY-PL-DE-PL-BY-RU-KZ, PK-...-IR-PK-AE alternatives."""
    from corridor.paths.alternatives import reentries

    routes = corridor.alternatives(today, origin, destination, k=4)
    best = reentries(today, np.array(routes[0].edge_path))
    for r in routes[1:]:
        assert reentries(today, np.array(r.edge_path)) <= best, r.countries
        assert len(set(r.countries)) == len(r.countries) or best > 0
    asked = corridor.alternatives(today, origin, destination, k=4, revisits=True)
    assert any(reentries(today, np.array(r.edge_path)) > best for r in asked)


@pytest.mark.parametrize(
    ("crossing", "name", "not_after"),
    [
        ("karamyk_road", "Karamyk", "Sary"),
        ("dostuk_road", "Dostuk", "Osh"),
        ("brest_terespol_rail", "Brest Terespol", "by_brest"),
    ],
)
def test_crossings_are_named_after_themselves(
    today: Graph, crossing: str, name: str, not_after: str
) -> None:
    names = {
        n
        for i, n in zip(today.labels.crossing_ids, today.labels.crossing_names, strict=True)
        if i == crossing
    }
    assert names and all(n.startswith(name) and not_after not in n for n in names), names


def test_a_name_column_wins(tiny: corridor.Network) -> None:
    x = tiny.crossings.assign(name="Checkpoint Alpha")
    g = corridor.compile(tiny.replace(crossings=x))
    assert all(n.startswith("Checkpoint Alpha (") for n in g.labels.crossing_names)
