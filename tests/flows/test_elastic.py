"""Elastic demand (Evans' combined equilibrium): fixed when costs do not change, the
elasticity's response to a cost cut, the gap met, diverted and induced on new assets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.analysis.elastic import elastic_flows
from corridor.analysis.flows import freight_flows
from corridor.data import path as data_path
from corridor.demand import segment_vot
from corridor.errors import InputError
from corridor.io.demand_csv import read_demand_csv

OD = pd.DataFrame(
    {"origin": ["a", "d", "a"], "destination": ["d", "a", "f"], "teu_year": [3650.0, 1825.0, 730.0]}
)


def _tiny() -> corridor.Network:
    return corridor.load(data_path("examples/tiny"), date="undated")


def _with_direct_line(net: corridor.Network) -> corridor.Network:
    links = net.links.copy()
    links.loc[links["id"] == "ad_rail", "status"] = "existing"
    return net.replace(links=links)


def test_zero_cost_change_gives_the_fixed_demand() -> None:
    net = _tiny()
    both = elastic_flows(net, OD)
    fixed = freight_flows(net, OD)
    assert both.summary["elastic_demand_teu_year"] == pytest.approx(OD["teu_year"].sum())
    assert both.summary["induced_teu_year"] == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(
        both.elastic.edge_flows["eq"], fixed.edge_flows["eq"], rtol=1e-6, atol=1e-9
    )
    np.testing.assert_allclose(both.pairs["elastic_teu_year"], both.pairs["fixed_teu_year"])


@pytest.mark.parametrize("elasticity", [0.5, 1.0, 2.0])
def test_a_cost_cut_raises_demand_by_the_elasticity(elasticity: float) -> None:
    """No capacities on the tiny network, so each pair's cost does not depend on flow: the
    elastic demand is exactly T0 (u / c0) ^ -elasticity."""
    ref = _tiny()
    new = _with_direct_line(ref)
    both = elastic_flows(new, OD, reference=ref, elasticity=elasticity, gap=1e-9)
    p = both.pairs
    expected = (
        p["fixed_teu_year"] * (p["cost_usd_teu"] / p["reference_cost_usd_teu"]) ** -elasticity
    )
    np.testing.assert_allclose(p["elastic_teu_year"], expected, rtol=1e-6)
    cut = p["cost_usd_teu"] < p["reference_cost_usd_teu"] - 1e-9
    assert cut.any()
    assert (p.loc[cut, "elastic_teu_year"] > p.loc[cut, "fixed_teu_year"]).all()
    # the new line: its fixed-demand volume is diverted traffic, the rest is induced
    line = both.new_assets.set_index("id").loc["ad_rail"]
    assert line["diverted_teu_year"] == pytest.approx(line["fixed_teu_year"])
    assert line["induced_teu_year"] == pytest.approx(
        line["elastic_teu_year"] - line["fixed_teu_year"]
    )
    assert line["induced_teu_year"] > 0
    assert line["elastic_tonnes_year"] == pytest.approx(10.0 * line["elastic_teu_year"])


def test_elasticity_zero_is_fixed_demand_and_negative_is_refused() -> None:
    ref = _tiny()
    both = elastic_flows(_with_direct_line(ref), OD, reference=ref, elasticity=0.0)
    assert both.summary["induced_teu_year"] == 0.0
    with pytest.raises(InputError, match="elasticity"):
        elastic_flows(ref, OD, elasticity=-1.0)


def test_gap_met_on_the_shipped_network_with_a_new_railway() -> None:
    """Trans-Afghan railway before the Oct 2025 closure, dry bulk: Evans reaches its gap; the
    line carries diverted bulk and some induced on top."""
    demand = read_demand_csv(data_path("demand/region_demand_2024.csv"), "dry_bulk")
    ref = corridor.load(date="2025-06-01")
    net = corridor.load(date="2025-06-01", scenario="trans_afghan_built")
    both = elastic_flows(
        net, demand, reference=ref, value_of_time_usd_teu_h=segment_vot("dry_bulk"), gap=1e-6
    )
    s = both.summary
    assert s["converged"] and s["gap"] <= 1e-6
    line = both.new_assets.set_index("id").loc["af_logar__pk_kharlachi__rail"]
    assert line["diverted_teu_year"] > 0
    assert line["induced_teu_year"] >= 0
    assert s["elastic_demand_teu_year"] >= s["fixed_demand_teu_year"]


def test_cli_flows_elastic_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from corridor.cli import main

    main(["flows", "--elastic", "--segment", "dry_bulk", "-s", "trans_afghan_built",
          "--date", "2025-06-01", "--json"])  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert doc["segment"] == "dry_bulk"
    el = doc["elastic"]
    assert el["elasticity"] == 1.0 and el["gap"] <= el["gap_target"]
    new = {a["id"]: a for a in el["new_assets"]}
    assert new["af_logar__pk_kharlachi__rail"]["elastic_teu_year"] > 0
    assert {"fixed_share", "elastic_share"} <= set(el["corridors"][0])


def test_segment_value_of_time_reaches_route_and_diff(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Bulk's low value of time sends Tashkent -> Peshawar over the Trans-Afghan railway;
    containers keep the road; scenario diff weighs pairs by the segment's demand rows."""
    import json

    from corridor.cli import main

    common = ["-s", "trans_afghan_built", "--date", "2025-06-01", "--by", "generalised", "--json"]
    main(["route", "tashkent", "peshawar", *common, "--segment", "dry_bulk"])
    bulk = json.loads(capsys.readouterr().out)
    main(["route", "tashkent", "peshawar", *common])
    boxes = json.loads(capsys.readouterr().out)
    assert "kharlachi_rail" in json.dumps(bulk) and "kharlachi_rail" not in json.dumps(boxes)
    demand = tmp_path / "od.csv"
    demand.write_text(
        "origin,destination,segment,teu_year\n"
        "uz_tashkent,pk_peshawar,container,100\n"
        "uz_tashkent,pk_peshawar,dry_bulk,700\n"
    )
    main(["scenario", "diff", "trans_afghan_built", "--pairs", "uz_tashkent:pk_peshawar",
          "--demand", str(demand), "--segment", "dry_bulk", "--by", "generalised",
          "--date", "2025-06-01", "--json"])  # fmt: skip
    diff = json.loads(capsys.readouterr().out)
    assert diff["summary"]["teu_year"] == pytest.approx(700.0)
    assert diff["changes"][0]["corridor_after"] == "trans_afghan"


def test_compare_segment_adds_the_generalised_row() -> None:
    from corridor.analysis.compare import compare

    plain = compare(_tiny(), "a", "d")
    assert not any("best_generalised" in r.label for r in plain.rows)
    slow = compare(_tiny(), "a", "d", value_of_time_usd_teu_h=1e4)  # time is all that counts
    fast = compare(_tiny(), "a", "d", value_of_time_usd_teu_h=0.0)  # money is all that counts
    label = {
        c: next(r.label for r in x.rows if "best_generalised" in r.label)
        for c, x in (("slow", slow), ("fast", fast))
    }
    assert "best_time" in label["slow"] and "best_cost" in label["fast"]
