"""The published-figures table (package data): load, check, and the fixed hold-out rule."""

from __future__ import annotations

import zlib
from pathlib import Path

import pandas as pd

from corridor.data import path as data_path
from corridor.errors import InputError

FIGURES_FILE = "validation/published_figures.csv"
"""The shipped table, relative to ``corridor.data.path()``."""

COLUMNS = (
    "id",
    "kind",
    "from",
    "to",
    "modes",
    "via",
    "corridor",
    "direction",
    "measure",
    "value",
    "unit",
    "low",
    "high",
    "year",
    "source",
    "confidence",
    "split",
    "note",
)
OPTIONAL_COLUMNS = ("family", "service")
"""Columns a figures table may have: the corridor family a figure belongs to (its median
deviation is reported per family) and the rail service it measures (``wagonload`` for CAREC
CPMM samples; empty = the default, block trains)."""
FAMILIES = (
    "China-Europe",
    "Middle Corridor",
    "North-South",
    "China-Central Asia",
    "Central Asia-Pakistan",
    "Caucasus",
    "domestic",
)
"""Corridor families of the published figures (issue 15 item 8; China-Central Asia added:
China - Kazakhstan/Uzbekistan trips belong to none of the others)."""
KINDS = ("distance", "time", "price", "border_time", "speed")
UNITS = {
    "distance": ("km", "difference"),
    "time": ("h", "days", "ratio"),
    "price": ("usd_teu", "usd_feu", "usd_truck"),
    "border_time": ("h",),
    "speed": ("km_h",),
}
CONFIDENCES = ("high", "medium", "low")
FITTED_KINDS = ("time", "price", "speed")
"""Kinds with free parameters behind them (rates and speeds); the others only validate."""


def holdout(figure_id: str) -> bool:
    """The fixed hold-out rule: CRC-32 of the id is divisible by 4 (about a quarter).

    The rule depends on nothing but the id, so adding rows never moves an old row between
    the fit and the hold-out part.

    Examples
    --------
    >>> holdout("A01-price"), holdout("A02")
    (False, False)
    """
    return zlib.crc32(figure_id.encode("utf-8")) % 4 == 0


def split_of(figure_id: str) -> str:
    """``holdout`` or ``fit`` by :func:`holdout`."""
    return "holdout" if holdout(figure_id) else "fit"


def load_figures(path: str | Path | None = None) -> pd.DataFrame:
    """The published figures (default: the shipped table), checked once.

    Empty ``split`` cells are filled by :func:`holdout`; numbers are floats (NaN when empty).

    Raises
    ------
    InputError
        Naming the file, line and column of the first bad cell.

    Examples
    --------
    >>> figs = load_figures()
    >>> set(figs["kind"]) <= set(KINDS)
    True
    """
    file = Path(path) if path is not None else data_path(FIGURES_FILE)
    raw = pd.read_csv(file, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        msg = f"{file}: missing column(s) {missing}"
        raise InputError(msg)
    for col in OPTIONAL_COLUMNS:
        if col not in raw.columns:
            raw[col] = ""
    _check(raw, file)
    out = raw.loc[:, [*COLUMNS, *OPTIONAL_COLUMNS]].copy()
    for col in ("value", "low", "high"):
        out[col] = pd.to_numeric(out[col].replace("", None), errors="coerce").astype(float)
    out["split"] = [s or split_of(i) for s, i in zip(out["split"], out["id"], strict=True)]
    return out.reset_index(drop=True)


def _check(raw: pd.DataFrame, file: Path) -> None:  # noqa: C901 (one check per column, in file order)
    def bad(line: int, col: str, what: str) -> None:
        msg = f"{file}:{line}: {col} {what}"
        raise InputError(msg)

    seen: set[str] = set()
    for i, row in enumerate(raw.to_dict("records")):
        line = i + 2
        if not row["id"] or row["id"] in seen:
            bad(line, "id", f"{row['id']!r} empty or repeated")
        seen.add(row["id"])
        if row["kind"] not in KINDS:
            bad(line, "kind", f"{row['kind']!r} not one of {list(KINDS)}")
        if row["unit"] not in UNITS[row["kind"]]:
            bad(line, "unit", f"{row['unit']!r} not one of {list(UNITS[row['kind']])}")
        if row["confidence"] not in CONFIDENCES:
            bad(line, "confidence", f"{row['confidence']!r} not one of {list(CONFIDENCES)}")
        if row["split"] not in ("", "fit", "holdout"):
            bad(line, "split", f"{row['split']!r} not fit or holdout")
        if not row["source"]:
            bad(line, "source", "empty: every figure names its source")
        if row["family"] and row["family"] not in FAMILIES:
            bad(line, "family", f"{row['family']!r} not one of {list(FAMILIES)}")
        if row["service"] not in ("", "block", "wagonload"):
            bad(line, "service", f"{row['service']!r} not block, wagonload or empty")
        for col in ("value", "low", "high"):
            text = row[col]
            if text:
                try:
                    ok = float(text) > 0
                except ValueError:
                    ok = False
                if not ok:
                    bad(line, col, f"{text!r} is not a number > 0")
