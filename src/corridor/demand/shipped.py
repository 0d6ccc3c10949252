"""The shipped trade base and segments (``corridor/data/demand/``), derived from data-sources.

``tools/build_demand.py`` writes them with ``write_trade_base``; a test re-derives them from
``data-sources/trade`` and compares bytes, so a hand edit of a shipped file cannot survive.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from corridor import data
from corridor.demand.base import derive_segments, derive_trade_base
from corridor.demand.od import od_demand, read_demand_tables
from corridor.demand.tables import read_trade_tables
from corridor.errors import InputError
from corridor.io.csv_tables import write_table_atomic

TRADE_FILE = "trade_base_2024.csv"
SEGMENTS_FILE = "segments.csv"
DEMAND_FILE = "region_demand_2024.csv"
DEFAULT_SEGMENT = "container"


def _default(name: str) -> Path:
    return data.path("demand") / name


def trade_base(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped trade base: direction x segment, US$ m, tonnes, TEU, wagons, trucks a year.

    Columns as ``derive_trade_base``; empty numbers are NaN.

    Examples
    --------
    >>> from corridor import demand
    >>> tb = demand.trade_base()
    >>> bool((tb["value_usd_m"] >= 0).all())
    True
    """
    base = pd.read_csv(path or _default(TRADE_FILE), keep_default_na=False, na_values=[""])
    text = ["via", "flow", "value_fact", "value_basis", "value_rule", "shares", "tonnes_rule"]
    base[text] = base[text].fillna("").astype(str)
    return base


def segments(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped commodity segments with their value of time (``derive_segments``)."""
    seg = pd.read_csv(path or _default(SEGMENTS_FILE), keep_default_na=False, na_values=[""])
    seg["carried"] = seg["carried"].astype(bool)
    return seg


def segment_vot(segment: str = DEFAULT_SEGMENT, path: str | Path | None = None) -> float:
    """Value of time of a carried segment, US$ per TEU of capacity and hour.

    Raises
    ------
    InputError
        An unknown or uncarried segment (the message lists the carried ones).
    """
    seg = segments(path)
    carried = seg[seg["carried"]]
    hit = carried[carried["id"] == segment]
    if hit.empty:
        msg = f"unknown segment {segment!r}; choose from {sorted(carried['id'])}"
        raise InputError(msg)
    return float(hit["vot_usd_teu_h"].to_numpy(dtype=float)[0])


def region_demand(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped OD demand of the region: every segment, tonnes and TEU a year.

    Examples
    --------
    >>> from corridor import demand
    >>> od = demand.region_demand()
    >>> sorted(set(od["segment"]))
    ['container', 'dry_bulk', 'liquid_bulk', 'metals']
    """
    od = pd.read_csv(path or _default(DEMAND_FILE), keep_default_na=False, na_values=[""])
    od["via"] = od["via"].fillna("").astype(str)
    return od


def write_trade_base(source: str | Path, folder: str | Path | None = None) -> list[Path]:
    """Derive the trade base and segments from ``source`` (data-sources/trade) into ``folder``.

    Returns the paths written (temp file + rename each).
    """
    tables = read_trade_tables(source)
    out = Path(folder) if folder is not None else data.path("demand")
    base = derive_trade_base(tables)
    base = base.round(
        {"value_usd_m": 3, "tonnes_year": 0, "teu_year": 1, "wagons_year": 1, "trucks_year": 1}
    )
    seg = derive_segments(tables).round(
        {"vot_usd_t_h": 4, "vot_usd_teu_h": 2, "capacity_teu_per_teu_eq": 4}
    )
    paths = [out / TRADE_FILE, out / SEGMENTS_FILE]
    write_table_atomic(base, paths[0])
    write_table_atomic(seg, paths[1])
    return paths


def write_region_demand(
    trade_source: str | Path, demand_source: str | Path, folder: str | Path | None = None
) -> Path:
    """Derive the OD demand (``od_demand``) from the two source folders into ``folder``."""
    tables = read_trade_tables(trade_source)
    out = Path(folder) if folder is not None else data.path("demand")
    trade = derive_trade_base(tables)
    od = od_demand(
        trade, derive_segments(tables), read_demand_tables(demand_source), tables.reexport
    )
    path = out / DEMAND_FILE
    write_table_atomic(od, path)
    return path
