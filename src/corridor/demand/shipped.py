"""The shipped trade base and segments (``corridor/data/demand/``), derived from data-sources.

``tools/build_demand.py`` writes them with ``write_trade_base``; a test re-derives them from
``data-sources/trade`` and compares bytes, so a hand edit of a shipped file cannot survive.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from corridor import data
from corridor.demand.base import derive_segments, derive_trade_base
from corridor.demand.tables import read_trade_tables
from corridor.io.csv_tables import write_table_atomic

TRADE_FILE = "trade_base_2024.csv"
SEGMENTS_FILE = "segments.csv"


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
    text = ["via", "value_fact", "value_basis", "value_rule", "shares", "tonnes_rule"]
    base[text] = base[text].fillna("").astype(str)
    return base


def segments(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped commodity segments with their value of time (``derive_segments``)."""
    seg = pd.read_csv(path or _default(SEGMENTS_FILE), keep_default_na=False, na_values=[""])
    seg["carried"] = seg["carried"].astype(bool)
    return seg


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
    seg = derive_segments(tables).round({"vot_usd_t_h": 4, "vot_usd_teu_h": 2})
    paths = [out / TRADE_FILE, out / SEGMENTS_FILE]
    write_table_atomic(base, paths[0])
    write_table_atomic(seg, paths[1])
    return paths
