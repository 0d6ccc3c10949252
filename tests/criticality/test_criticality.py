"""Criticality: bridges, the incremental search against brute force, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.analysis.criticality import brute_force, criticality, evaluate, prepare
from corridor.analysis.od import ODSet, od_set
from corridor.cli import main
from corridor.paths import place_index

PLACES = ["a", "b", "c", "d", "e", "f"]


def all_pairs(g: corridor.Graph, places: list[str]) -> ODSet:
    pairs = ",".join(f"{x}:{y}" for x in places for y in places if x != y)
    return od_set(g.labels.node_ids, lambda p: place_index(g, p), pairs=pairs)


def test_bridge_disconnects_exactly_the_pairs_across_it(tiny: corridor.Network) -> None:
    g = corridor.compile(tiny)
    od = all_pairs(g, PLACES)
    result = criticality(g, od)
    t = result.table.set_index("element")
    across = 2 * 5  # f to the five others and back
    assert t.loc["df_ferry", "disconnected_pairs"] == across
    assert t.loc["d_ferry", "disconnected_pairs"] == across
    prep = prepare(g, od)
    j = prep.elem_ids.index("df_ferry")
    users = prep.pair_idx[prep.pair_ptr[j] : prep.pair_ptr[j + 1]]
    names = {(g.labels.node_ids[od.orig[p]], g.labels.node_ids[od.dest[p]]) for p in users.tolist()}
    assert names == {(x, y) for x in PLACES for y in PLACES if x != y and "f" in (x, y)}
    # every other element leaves every pair connected (a-d has a road and a rail line)
    assert set(t.index[t["disconnected_pairs"] > 0]) == {"df_ferry", "d_ferry"}
    assert result.to_geojson()["features"]


def random_network(seed: int) -> corridor.Network:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 11))
    ids = [f"n{i}" for i in range(n)]
    country = ["AA" if i < n // 2 else "BB" for i in range(n)]
    nodes = pd.DataFrame(
        {
            "id": ids,
            "name": ids,
            "country": country,
            "lat": 40 + rng.random(n),
            "lon": 60 + rng.random(n),
            "kind": "city",
            "source": "random",
        }
    )
    edges = {(i, i + 1) for i in range(n - 1) if rng.random() < 0.8}
    while len(edges) < int(1.6 * n):
        i, j = sorted(rng.choice(n, 2, replace=False).tolist())
        edges.add((i, j))
    edges_list = sorted(edges)
    length_km = rng.integers(20, 300, len(edges_list)).astype(float)
    # a cross-country link needs the km from its `from` place to the frontier (v2 tables):
    # half its length is as good as any for a synthetic network; empty for domestic links
    cross = np.array([country[i] != country[j] for i, j in edges_list])
    links = pd.DataFrame(
        {
            "id": [f"l{i}_{j}" for i, j in edges_list],
            "from": [ids[i] for i, _ in edges_list],
            "to": [ids[j] for _, j in edges_list],
            "mode": "road",
            "length_km": length_km,
            "frontier_km": np.where(cross, length_km / 2, np.nan),
            "length_basis": "estimate",
            "status": "existing",
            "source": "random",
        }
    )
    border_nodes = sorted({i for i, j in edges_list if country[i] != country[j]})
    crossings = pd.DataFrame(
        {
            "id": [f"x{i}" for i in border_nodes],
            "node": [ids[i] for i in border_nodes],
            "countries": "AA|BB",
            "modes": "road",
            "dwell_median_h": rng.integers(1, 20, len(border_nodes)),
            "dwell_p90_h": 30,
            "fee_usd_teu": rng.integers(0, 200, len(border_nodes)),
            "source": "random",
        }
    )
    tiny = corridor.load(corridor.data.path("examples/tiny"), date="undated")  # type: ignore[attr-defined]
    transfers = pd.DataFrame(
        columns=["node", "from", "to", "time_median_h", "time_p90_h", "cost_usd_teu", "source"]
    )
    params = tiny.parameters[tiny.parameters["mode"].isin(["road", "*"])]
    corridors = pd.DataFrame(columns=["id", "name", "waypoints", "description", "source"])
    return corridor.Network.from_tables(
        f"random {seed}",
        nodes=nodes,
        links=links,
        crossings=crossings,
        transfers=transfers,
        parameters=params[["mode", "country", "name", "value", "unit", "source"]],
        corridors=corridors,
    )


@pytest.mark.parametrize("seed", range(12))
def test_incremental_equals_brute_force(seed: int) -> None:
    net = random_network(seed)
    g = corridor.compile(net)
    places = list(net.nodes["id"])
    od = all_pairs(g, places)
    prep = prepare(g, od)
    elements = np.arange(len(prep.elem_ids))
    fast = evaluate(prep, elements)
    slow = brute_force(prep, elements)
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-6)
    assert (fast[:, 1] > 0).any() or len(prep.elem_ids) > 0


def test_default_od_set_region(region: corridor.Network) -> None:
    g = corridor.compile(region)
    od = od_set(g.labels.node_ids, lambda p: place_index(g, p))
    assert od.n_pairs > 1000 and not od.weighted
    result = criticality(g, od, what="crossings")
    assert set(result.table["kind"]) == {"crossing"}
    assert (result.table["score"].diff().dropna() <= 1e-9).all()  # ranked


def test_cli_critical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "crit"
    main(
        [
            "critical",
            "--pairs",
            "almaty:karachi,tashkent:karachi",
            "--top",
            "3",
            "--json",
            "-o",
            str(out),
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["elements"]) == 3 and doc["pairs"] == 2
    assert {p.name for p in out.iterdir()} == {
        "elements.csv",
        "criticality.geojson",
        "summary.json",
        "critical.png",
    }
    layer = json.loads((out / "criticality.geojson").read_text())
    assert len(layer["features"]) == len(pd.read_csv(out / "elements.csv"))
