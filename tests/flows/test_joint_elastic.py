"""Elastic demand for all segments together, sharing capacity (issue 17 item 5 on the joint
flows): zero cost change gives the joint fixed flows; a cost cut raises each class's demand
by the elasticity's amount (by hand on the tiny network); the gap is met; bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.analysis.joint import FlowClass, joint_flows
from corridor.analysis.joint_elastic import joint_elastic_flows
from corridor.data import path as data_path
from corridor.errors import InputError

from .test_freight_flows import tiny_with_road_capacity

Cli = Callable[[list[str]], tuple[int, str, str]]

OD = pd.DataFrame({"origin": ["a", "a"], "destination": ["d", "f"], "teu_year": [3650.0, 730.0]})


def _classes(od: pd.DataFrame = OD) -> list[FlowClass]:
    """Class A at US$10/TEU-h (1 capacity TEU a unit, 10 t), class B at US$20/h (0.5
    capacity TEU a unit, 21 t)."""
    return [
        FlowClass("a", od, value_of_time_usd_teu_h=10.0),
        FlowClass("b", od, value_of_time_usd_teu_h=20.0, capacity_factor=0.5, t_per_unit=21.0),
    ]


def _open_direct_line(net: corridor.Network) -> corridor.Network:
    links = net.links.copy()
    links.loc[links["id"] == "ad_rail", "status"] = "existing"
    return net.replace(links=links)


@pytest.mark.parametrize("theta", [None, 2.0])
def test_zero_cost_change_is_the_joint_fixed_flows(tmp_path: Path, theta: float | None) -> None:
    """The road crossing takes 10 capacity TEU/day, so the classes queue there together;
    without a reference (and against an identical copy of the network) the elastic demand
    is the fixed demand and the flows are ``joint_flows``'."""
    net = tiny_with_road_capacity(tmp_path, 10.0)
    fixed = joint_flows(net, _classes(), theta=theta, gap=1e-10)
    for ref in (None, net.replace(links=net.links.copy())):
        both = joint_elastic_flows(net, _classes(), reference=ref, theta=theta, gap=1e-10)
        assert both.summary["induced_teu_year"] == pytest.approx(0.0, abs=1e-4)
        assert both.summary["induced_tonnes_year"] == pytest.approx(0.0, abs=1e-3)
        for res in (both.elastic, both.fixed):
            np.testing.assert_allclose(
                res.total.edge_flows["eq"], fixed.total.edge_flows["eq"], rtol=1e-6, atol=1e-7
            )
            for name in ("a", "b"):
                np.testing.assert_allclose(
                    res.segments[name].links["eq_teu_year"],
                    fixed.segments[name].links["eq_teu_year"],
                    rtol=1e-6, atol=1e-4,
                )  # fmt: skip
        for part in both.segments.values():
            np.testing.assert_allclose(
                part.pairs["elastic_teu_year"], part.pairs["fixed_teu_year"], rtol=1e-6
            )
        assert both.summary["reference"] == ("itself" if ref is None else
                                             "the network without the scenario (same day)")  # fmt: skip


@pytest.mark.parametrize("elasticity", [0.5, 1.0, 2.0])
def test_a_cost_cut_raises_each_class_by_the_elasticity(elasticity: float) -> None:
    """No capacities on the tiny network: a pair's cost does not depend on flow. Opening the
    direct line a-d (250 km of rail, half in AA at 50 km/h and half in BB at 100 km/h =
    3.75 h; US$250 of tariff, US$5 of carbon, 3 h and US$30 at the crossing at d: US$285 +
    6.75 h) cuts a -> d from the road's US$650 + 7 h to US$285 + 6.75 h: for class A
    (US$10/h) 720 -> 352.5, for class B (US$20/h) 790 -> 420. a -> f adds the ferry d-f
    (US$350 + 10 carbon, 17 h with the crossing and the transfer): A 1210 -> 882.5,
    B 1420 -> 1120. Each class's demand is T0 (u / c0)^-e with its own costs."""
    ref = corridor.load(data_path("examples/tiny"), date="undated")
    both = joint_elastic_flows(
        _open_direct_line(ref), _classes(), reference=ref, elasticity=elasticity, theta=None,
        gap=1e-10,
    )  # fmt: skip
    hand = {
        ("a", "d"): (720.0, 352.5),
        ("a", "f"): (1210.0, 882.5),
        ("b", "d"): (790.0, 420.0),
        ("b", "f"): (1420.0, 1120.0),
    }
    t0 = dict(zip(OD["destination"], OD["teu_year"], strict=True))
    for (cls, dest), (before, after) in hand.items():
        p = both.segments[cls].pairs.set_index("destination").loc[dest]
        assert p["reference_cost_usd_teu"] == pytest.approx(before)
        assert p["cost_usd_teu"] == pytest.approx(after)
        assert p["elastic_teu_year"] == pytest.approx(t0[dest] * (after / before) ** -elasticity)
    assert both.summary["demand_residual_teu_year"] == pytest.approx(0.0, abs=1e-6)
    b = both.segments["b"]
    induced_b = float((b.pairs["elastic_teu_year"] - b.pairs["fixed_teu_year"]).sum())
    assert b.summary["induced_teu_year"] == pytest.approx(induced_b)
    assert b.summary["induced_tonnes_year"] == pytest.approx(21.0 * induced_b)
    a = both.segments["a"]
    assert both.summary["induced_teu_year"] == pytest.approx(
        a.summary["induced_teu_year"] + 0.5 * induced_b
    )
    # the new line carries every a -> d and a -> f unit: fixed = diverted, the rest induced
    line = both.new_assets.set_index("id").loc["ad_rail"]
    assert line["diverted_teu_year"] == pytest.approx(3650.0 * 1.5 + 730.0 * 1.5)
    assert line["induced_tonnes_year"] == pytest.approx(
        a.summary["induced_tonnes_year"] + b.summary["induced_tonnes_year"]
    )
    row = both.new_lines.set_index("segment").loc["b"]
    assert row["induced_teu_year"] == pytest.approx(induced_b)  # one new link: its volume


def test_the_gap_is_met_with_shared_capacity(tmp_path: Path) -> None:
    """The new line and a congested road crossing: Evans stops at its gap, and each class
    pair's demand is then its demand function at its final cost."""
    ref = tiny_with_road_capacity(tmp_path, 10.0)
    od = OD.assign(teu_year=OD["teu_year"] * 6)
    both = joint_elastic_flows(
        _open_direct_line(ref), _classes(od), reference=ref, theta=2.0, gap=1e-8
    )
    s = both.summary
    assert s["converged"] and s["gap"] <= 1e-8 and s["gap_target"] == 1e-8
    for part in both.segments.values():
        p = part.pairs
        demand = p["fixed_teu_year"] * (p["cost_usd_teu"] / p["reference_cost_usd_teu"]) ** -1.0
        np.testing.assert_allclose(p["elastic_teu_year"], demand, rtol=1e-3)
    assert both.elastic.total.summary["gap"] == s["gap"]
    # how far the demand is from its demand function: an error bar on the induced volume
    assert 0.0 <= s["demand_residual_teu_year"] <= 1e-2 * abs(s["induced_teu_year"])


def test_bad_input_is_refused(tiny: corridor.Network) -> None:
    with pytest.raises(InputError, match="elasticity must be a finite number >= 0"):
        joint_elastic_flows(tiny, _classes(), elasticity=-1.0)
    with pytest.raises(InputError, match="elasticity"):
        joint_elastic_flows(tiny, _classes(), elasticity=float("nan"))
    with pytest.raises(InputError, match="unknown flow algorithm"):
        joint_elastic_flows(tiny, _classes(), algorithm="dijkstra")
    with pytest.raises(InputError, match="at least one class"):
        joint_elastic_flows(tiny, [])


TINY = str(data_path("examples/tiny"))


def _cli_inputs(tmp_path: Path) -> tuple[Path, Path]:
    demand = tmp_path / "od.csv"
    demand.write_text(
        "origin,destination,segment,teu_year\na,d,container,3650\na,d,dry_bulk,1000\n"
        "a,f,dry_bulk,365\n"
    )
    scenario = tmp_path / "direct.yaml"
    scenario.write_text("name: direct line\nedits:\n  - open_links: {links: [ad_rail]}\n")
    return demand, scenario


def test_cli_is_the_api(cli: Cli, tmp_path: Path) -> None:
    """``corridor flows --segment all --elastic -s`` = ``joint_elastic_flows`` against the
    network without the scenario; the table fits 80 columns and names the new line."""
    from corridor.analysis.joint import read_segments_demand, shipped_classes

    demand, scenario = _cli_inputs(tmp_path)
    args = ["flows", "-n", TINY, "--segment", "all", "--elastic", "-s", str(scenario),
            "--demand", str(demand), "--no-mode-choice"]  # fmt: skip
    code, out, err = cli([*args, "--json"])
    assert code == 0, err
    doc = json.loads(out)
    api = joint_elastic_flows(
        corridor.load(TINY, scenario=str(scenario)),
        shipped_classes(read_segments_demand(demand)),
        reference=corridor.load(TINY),
        theta=None,
    ).to_dict()
    el = doc["elastic"]

    def same(block: dict[str, object]) -> dict[str, object]:  # all but the time taken
        return {k: v for k, v in json.loads(json.dumps(block)).items() if k != "seconds"}

    assert same(el) == same(api["elastic"])
    for name in ("container", "dry_bulk"):
        assert same(doc["segments"][name]["elastic"]) == same(api["segments"][name]["elastic"])
    # the single-segment elastic block's keys, all kept
    one = {"fixed_demand_teu_year", "elastic_demand_teu_year", "induced_teu_year", "gap",
           "gap_target", "iterations", "converged", "seconds", "reference", "elasticity",
           "new_assets", "corridors"}  # fmt: skip
    assert one <= set(el) and one <= set(doc["segments"]["container"]["elastic"])
    assert el["gap"] <= el["gap_target"] and doc["segment"] == "all"
    assert {a["id"] for a in el["new_assets"]} == {"ad_rail"}
    assert {"fixed_share", "elastic_share", "fixed_tonne_share"} <= set(el["corridors"][0])
    code, out, err = cli(args)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Elastic demand, all segments" in out
    place = str(corridor.load(TINY).nodes.set_index("id").loc["a", "name"]).split(" (")[0]
    assert f"{place} - " in out and "ad_rail" not in out


def test_cli_bad_input_is_one_line(cli: Cli, tmp_path: Path) -> None:
    demand, _ = _cli_inputs(tmp_path)
    code, _, err = cli(["flows", "-n", TINY, "--segment", "all", "--elastic",
                        "--elasticity", "-1", "--demand", str(demand)])  # fmt: skip
    assert code == 2 and "elasticity" in err and "Traceback" not in err
    plain = tmp_path / "plain.csv"
    plain.write_text("origin,destination,teu_year\na,d,10\n")
    code, _, err = cli(["flows", "-n", TINY, "--segment", "all", "--elastic",
                        "--demand", str(plain)])  # fmt: skip
    assert code == 1 and "'segment' column" in err and len(err.strip().splitlines()) == 1


def test_shipped_network_trans_afghan_joint(cli: Cli) -> None:
    """The shipped segments on 2025-06-01 with the Trans-Afghan railway built (at a loose
    gap, 1e-3, to stay quick): Evans meets its gap; the line carries diverted
    bulk and boxes and induced traffic on top, in tonnes and TEU, per segment and in all."""
    code, out, err = cli(["flows", "--segment", "all", "--elastic", "-s", "trans_afghan_built",
                          "--date", "2025-06-01", "--gap", "1e-3", "--json"])  # fmt: skip
    assert code == 0, err
    el = json.loads(out)["elastic"]
    assert el["converged"] and el["gap"] <= el["gap_target"] == 1e-3
    line = {a["id"]: a for a in el["new_assets"]}["af_logar__pk_kharlachi__rail"]
    assert line["diverted_tonnes_year"] > 5e5 and line["induced_tonnes_year"] > 0
    rows = {r["segment"]: r for r in el["new_lines"]}
    assert set(rows) == {"container", "dry_bulk", "liquid_bulk", "metals", "all"}
    assert rows["all"]["diverted_tonnes_year"] == pytest.approx(
        sum(rows[s]["diverted_tonnes_year"] for s in rows if s != "all"), rel=1e-9
    )
    assert rows["container"]["diverted_teu_year"] > 0 and rows["dry_bulk"]["induced_teu_year"] > 0
    assert el["induced_tonnes_year"] > 0
