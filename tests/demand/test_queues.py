"""No gateway runs above 130 % of its capacity in the flows unless a published queue says so.

Issue 17 item 6: the joint flows of the demand year (2024-07-01, every segment on its own
rail service, with mode choice, all segments sharing each capacity in one equilibrium, as
``corridor flows --segment all --date 2024-07-01``) may load a gateway beyond 130 % of its
capacity only where data-sources/demand/queues.csv cites a queue
reported at that gateway in the demand year or a year either side (2023-2025: a queue of
weeks is a standing condition, not a day's event; rows outside the window are context only).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import corridor
from corridor.analysis.joint import joint_flows, read_segments_demand, shipped_classes
from corridor.analysis.od import DEFAULT_DEMAND
from corridor.data import path as data_path

QUEUES = Path(__file__).resolve().parents[2] / "data-sources/demand/queues.csv"
LIMIT = 1.30
PERIOD = (pd.Timestamp("2023-01-01"), pd.Timestamp("2025-12-31"))


def _queues() -> pd.DataFrame:
    table = pd.read_csv(QUEUES, comment="#", dtype=str)
    assert list(table.columns) == [
        "link", "name", "date_from", "date_to", "what", "source", "notes",
    ]  # fmt: skip
    for col in ("link", "what", "source"):
        assert table[col].str.strip().astype(bool).all(), f"queues.csv: empty {col}"
    table["date_from"] = pd.to_datetime(table["date_from"], format="%Y-%m-%d")
    table["date_to"] = pd.to_datetime(table["date_to"], format="%Y-%m-%d")
    assert (table["date_from"] <= table["date_to"]).all()
    return table


def _queued_in_period(table: pd.DataFrame) -> set[str]:
    inside = (table["date_to"] >= PERIOD[0]) & (table["date_from"] <= PERIOD[1])
    return set(table.loc[inside, "link"])


def test_queue_rows_name_links_of_the_network() -> None:
    links = set(corridor.load(date="undated").links["id"])
    unknown = set(_queues()["link"]) - links
    assert not unknown, f"queues.csv names links the network does not have: {unknown}"


def test_no_gateway_over_130_percent_without_a_published_queue() -> None:
    net = corridor.load(date="2024-07-01")
    table = read_segments_demand(data_path(DEFAULT_DEMAND))
    result = joint_flows(net, shipped_classes(table), gap=1e-4).total
    over = [
        (row["id"], round(row["utilisation"], 2))
        for row in result.to_dict(top=50)["bottlenecks"]
        if row["utilisation"] > LIMIT
    ]
    queued = _queued_in_period(_queues())
    unexplained = [(link, u) for link, u in over if link not in queued]
    assert not unexplained, f"over {LIMIT:.0%} of capacity with no published queue: {unexplained}"


def test_the_check_can_fail() -> None:
    """Rows older than the window do not count: the 2022 Altynkol crane breakdown alone would not
    let Altynkol run over 130 %."""
    table = _queues()
    old = table[table["date_to"] < PERIOD[0]]
    assert not (_queued_in_period(old) & {"cn_khorgos__kz_altynkol__rail"})
