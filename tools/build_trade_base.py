"""Derive the shipped trade base and segments from data-sources/trade.

Run:  .venv/bin/python tools/build_trade_base.py

Writes src/corridor/data/demand/trade_base_2024.csv and segments.csv (no figures here: every
number is a row of data-sources/trade/*.csv; the rules are corridor.demand.base).
tests/demand/test_trade_base.py re-derives both and fails on any byte of difference.
"""

from __future__ import annotations

from pathlib import Path

from corridor.demand import write_trade_base

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    for p in write_trade_base(ROOT / "data-sources/trade"):
        print(f"wrote {p.relative_to(ROOT)}")
