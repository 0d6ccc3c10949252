"""Freight demand from observed trade: the trade base, commodity segments, OD demand.

>>> from corridor import demand
>>> seg = demand.segments()
>>> round(float(seg.loc[seg["id"] == "container", "vot_usd_teu_h"].iat[0]), 1)
24.6
"""

from __future__ import annotations

from corridor.demand.base import derive_segments, derive_trade_base, pick_tonnes, pick_values
from corridor.demand.od import DemandTables, od_base, od_demand, read_demand_tables
from corridor.demand.shipped import (
    DEFAULT_SEGMENT,
    region_demand,
    segment_vot,
    segments,
    trade_base,
    write_region_demand,
    write_trade_base,
)
from corridor.demand.tables import TradeTables, read_trade_tables

__all__ = [
    "DEFAULT_SEGMENT",
    "DemandTables",
    "TradeTables",
    "derive_segments",
    "derive_trade_base",
    "od_base",
    "od_demand",
    "pick_tonnes",
    "pick_values",
    "read_demand_tables",
    "read_trade_tables",
    "region_demand",
    "segment_vot",
    "segments",
    "trade_base",
    "write_region_demand",
    "write_trade_base",
]
