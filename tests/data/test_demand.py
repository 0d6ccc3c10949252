"""The shipped container demand file (docs/demand.md)."""

from __future__ import annotations

import pandas as pd
import pytest

import corridor
from corridor.data import path as data_path

DEMAND = data_path("demand/region_teu_2024.csv")
# docs/demand.md: "the test accepts 0.9-1.8 million"
TOTAL_RANGE_TEU = (0.9e6, 1.8e6)


@pytest.fixture(scope="module")
def demand() -> pd.DataFrame:
    return pd.read_csv(DEMAND, dtype={"origin": str, "destination": str, "basis": str})


def test_columns(demand: pd.DataFrame) -> None:
    assert list(demand.columns) == ["origin", "destination", "teu_year", "basis", "source", "notes"]
    assert 0 < len(demand) <= 400


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
    assert not demand.duplicated(["origin", "destination"]).any()


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
