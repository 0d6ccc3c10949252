"""Freight demand from observed trade: the trade base, commodity segments, OD demand.

>>> from corridor import demand
>>> seg = demand.segments()
>>> round(float(seg.loc[seg["id"] == "container", "vot_usd_teu_h"].iat[0]), 1)
24.6
"""

from __future__ import annotations

from corridor.demand.base import derive_segments, derive_trade_base, pick_tonnes, pick_values
from corridor.demand.shipped import segments, trade_base, write_trade_base
from corridor.demand.tables import TradeTables, read_trade_tables

__all__ = [
    "TradeTables",
    "derive_segments",
    "derive_trade_base",
    "pick_tonnes",
    "pick_values",
    "read_trade_tables",
    "segments",
    "trade_base",
    "write_trade_base",
]
