"""Read a place-to-place demand table (origin, destination, teu_year) from CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.io.csv_tables import LINE, read_raw_table

REQUIRED = ("origin", "destination", "teu_year")


def read_demand_csv(path: str | Path, segment: str = "container") -> pd.DataFrame:
    """Rows of ``origin, destination, teu_year`` (place ids or names; TEU per year >= 0).

    Other columns (basis, source, notes) are kept. Returns a frame with a ``line`` column
    (the row's line in the file) for error messages further on. A file with a ``segment``
    column (the shipped demand has one per commodity segment) keeps the rows of
    ``segment`` only; a file without one is taken whole.

    Raises
    ------
    InputError
        For a missing file or column, a value that is not a finite number >= 0, naming
        the file, line and column, or a segment the file does not have.
    """
    p = Path(path)
    raw = read_raw_table(p)
    if "segment" in raw.columns:
        have = sorted(set(raw["segment"]))
        if segment not in have:
            msg = f"{p}: no rows of segment {segment!r}; the file has {have}"
            raise InputError(msg)
        raw = raw[raw["segment"] == segment].reset_index(drop=True)
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        msg = f"{p}: missing column(s) {missing}; required: {list(REQUIRED)}"
        raise InputError(msg)
    values = np.empty(len(raw))
    for i, (text, line) in enumerate(zip(raw["teu_year"], raw[LINE], strict=True)):
        try:
            v = float(text)
        except ValueError:
            msg = f"{p} line {line}, column teu_year: {text!r} is not a number"
            raise InputError(msg) from None
        if not np.isfinite(v) or v < 0:
            msg = f"{p} line {line}, column teu_year: {text!r} must be a finite number >= 0"
            raise InputError(msg)
        values[i] = v
    for col in ("origin", "destination"):
        empty = raw.index[raw[col].astype(str).str.strip() == ""]
        if len(empty):
            msg = f"{p} line {raw[LINE].iat[empty[0]]}, column {col}: missing value"
            raise InputError(msg)
    out = raw.drop(columns=[LINE]).copy()
    out["teu_year"] = values
    out["line"] = raw[LINE].to_numpy()
    return out
