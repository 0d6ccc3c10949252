"""Fuzz: one nasty cell at a time never makes loading, compiling or routing misbehave.

A seeded mutator replaces one cell of the tables with NaN, inf, 1e308, -1, '', unicode,
huge integers, ids from elsewhere, wrong dates, ... Each mutated network must either load,
compile, evaluate a date and route, or fail with corridor's own error (a CorridorError
subclass): never another exception and never a warning. Most cases use the tiny network
(quick to compile); a sample uses the shipped one. CORRIDOR_FUZZ_CASES=20000 runs more.
"""

from __future__ import annotations

import os
import random
import warnings
from pathlib import Path

import pandas as pd
import pytest

import corridor
from corridor.data import path as data_path
from corridor.errors import CorridorError
from corridor.io.csv_tables import LINE, read_raw_table
from corridor.network.calendar import on_date
from corridor.network.model import Network
from corridor.network.schema import ALL_TABLES
from corridor.network.validate import validate_tables

NASTY = [
    "NaN", "nan", "inf", "-inf", "Infinity", "1e308", "-1e308", "1e-320", "-1", "-0", "0",
    "", " ", "1" * 400, "9" * 5000, "1_000", "0x10", "١٢٣", "Алматы", "کراچی", "\x00", "💥",
    "None", "null", "true", "|", "||", "a|b", "AA>BB", "KZ>CN", "XX", "*", "rail:1520",
    "rail:9999", "road|rail|sea|ferry", "12|1|13", "0|1", "2025-13-45", "0000-00-00",
    "9999-12-31", "2025-02-29", "2024-02-29", "20250101", "1899-12-31", "closed", "open",
    "restricted", "planned", "estimate", "source", "electric", "1520|1435", "1676|1520|1435",
    "-99999999999999999999", "3.4e38", "1e-9", "0.0000001", "12", "2100",
]  # fmt: skip

CASES = int(os.environ.get("CORRIDOR_FUZZ_CASES", "1500"))
SHIPPED_SHARE = 0.12


def _raw(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        name: read_raw_table(folder / spec.file)
        for name, spec in ALL_TABLES.items()
        if (folder / spec.file).exists()
    }


def _nasty(rng: random.Random, raw: dict[str, pd.DataFrame], table: str, column: str) -> str:
    pick = rng.random()
    if pick < 0.6:
        return rng.choice(NASTY)
    if pick < 0.8:  # a value of the same column in another row (swapped ids, duplicates)
        return str(rng.choice(raw[table][column].tolist()))
    other = rng.choice(list(raw))  # a value from anywhere else
    cols = [c for c in raw[other].columns if c != LINE]
    return str(rng.choice(raw[other][rng.choice(cols)].tolist()))


def _mutate(
    rng: random.Random, raw: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], str]:
    table = rng.choice([t for t in raw if len(raw[t])])
    frame = raw[table].copy()
    column = rng.choice([c for c in frame.columns if c != LINE])
    row = rng.randrange(len(frame))
    value = _nasty(rng, raw, table, column)
    frame.iloc[row, frame.columns.get_loc(column)] = value
    return {**raw, table: frame}, f"{table}[{row}].{column} = {value[:40]!r}"


def _run(raw: dict[str, pd.DataFrame], folder: Path, od: tuple[str, str], day: str) -> None:
    typed, report = validate_tables(raw, folder)
    if report.errors:
        for line in report.errors:
            assert "\n" not in line, line
        return
    net = Network(*[typed[k] for k in ALL_TABLES], source="fuzz")
    corridor.route(net, *od)
    corridor.route(on_date(net, day), *od)


@pytest.mark.parametrize(
    ("name", "od", "day", "share"),
    [
        ("examples/tiny", ("a", "d"), "2026-01-15", 1.0 - SHIPPED_SHARE),
        ("network", ("almaty", "karachi"), "2025-11-01", SHIPPED_SHARE),
    ],
)
def test_one_nasty_cell_is_a_corridor_error_or_nothing(
    name: str, od: tuple[str, str], day: str, share: float
) -> None:
    folder = data_path(name)
    raw = _raw(folder)
    rng = random.Random(f"corridor-fuzz-{name}")
    failures: list[str] = []
    for _ in range(max(1, int(CASES * share))):
        mutated, what = _mutate(rng, raw)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                _run(mutated, folder, od, day)
            except CorridorError:
                pass
            except Exception as exc:  # anything else is the failure we look for
                failures.append(f"{what}: {type(exc).__name__}: {str(exc)[:200]}")
    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(failures[:15])
