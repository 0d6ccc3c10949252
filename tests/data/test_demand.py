"""The shipped container demand file (docs/demand.md)."""

from __future__ import annotations

import pandas as pd
import pytest

import corridor
from corridor.data import path as data_path

DEMAND = data_path("demand/region_teu_2024.csv")
# docs/demand.md: "the test accepts 1.6-2.4 million"
TOTAL_RANGE_TEU = (1.6e6, 2.4e6)


@pytest.fixture(scope="module")
def demand() -> pd.DataFrame:
    return pd.read_csv(DEMAND, dtype={"origin": str, "destination": str, "basis": str})


def test_columns(demand: pd.DataFrame) -> None:
    assert list(demand.columns) == [
        "origin",
        "destination",
        "teu_year",
        "basis",
        "source",
        "notes",
        "via",
    ]
    assert 0 < len(demand) <= 450


def test_ids_exist(demand: pd.DataFrame, region: corridor.Network) -> None:
    ids = set(region.nodes["id"])
    unknown = (set(demand["origin"]) | set(demand["destination"])) - ids
    assert not unknown


def test_rows_sourced_and_positive(demand: pd.DataFrame) -> None:
    assert (demand["teu_year"] > 0).all()
    assert set(demand["basis"]) <= {"source", "derived", "gravity"}
    for col in ("source", "notes"):
        assert demand[col].notna().all()
        assert (demand[col].str.strip().str.len() > 0).all()
    assert (demand["origin"] != demand["destination"]).all()


def test_no_duplicate_pairs(demand: pd.DataFrame) -> None:
    assert not demand.duplicated(["origin", "destination", "via"]).any()


def test_gateway_rows_reproduce_published_split(
    demand: pd.DataFrame, region: corridor.Network
) -> None:
    """All-or-nothing, the rows through each China-Kazakhstan rail gateway sum to the
    published 2024 figure (16,400 trains x 90 TEU split 5.9 : 4.2 by KTZ tonnage) within
    the rounding of the file (1 TEU per row)."""
    total = 16400 * 90.0
    load = {"dostyk_alashankou_rail": 0.0, "altynkol_khorgos_rail": 0.0}
    for o, d, v, t in zip(
        demand["origin"],
        demand["destination"],
        demand["via"].fillna(""),
        demand["teu_year"],
        strict=True,
    ):
        legs = [(o, v), (v, d)] if v else [(o, d)]
        used = {
            c for a, b in legs for c in corridor.route(region, a, b, by="generalised").crossings
        }
        for c in load:
            load[c] += t * (c in used)
    assert load["dostyk_alashankou_rail"] == pytest.approx(total * 5.9 / 10.1, abs=len(demand))
    assert load["altynkol_khorgos_rail"] == pytest.approx(total * 4.2 / 10.1, abs=len(demand))


def test_total_in_documented_range(demand: pd.DataFrame) -> None:
    lo, hi = TOTAL_RANGE_TEU
    assert lo <= demand["teu_year"].sum() <= hi


def test_every_pair_routable_on_existing_links(
    demand: pd.DataFrame, region: corridor.Network
) -> None:
    graph = corridor.compile(region)
    failed = []
    for a, b in zip(demand["origin"], demand["destination"], strict=True):
        try:
            corridor.route(graph, a, b, by="generalised")
        except corridor.NoRouteError:
            failed.append((a, b))
    assert not failed
