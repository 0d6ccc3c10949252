"""Read the network's CSV tables as raw text, keeping each row's file line number."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pandas as pd

from corridor.errors import InputError

LINE = "_line"
"""Column holding each row's 1-based line number in its file (the header is line 1)."""


def read_raw_table(path: Path) -> pd.DataFrame:
    """Read a CSV file as strings (empty cells become ``""``) with a ``_line`` column.

    Raises
    ------
    InputError
        If the file is missing, empty, not UTF-8 or not parseable as CSV.
    """
    if not path.is_file():
        msg = f"{path}: file not found"
        raise InputError(msg)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            try:
                header = next(reader)
            except StopIteration:
                msg = f"{path}: empty file (expected a header row)"
                raise InputError(msg) from None
            header = [h.strip() for h in header]
            rows: list[list[str]] = []
            lines: list[int] = []
            for row in reader:
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) != len(header):
                    msg = (
                        f"{path} line {reader.line_num}: {len(row)} fields, "
                        f"header has {len(header)}"
                    )
                    raise InputError(msg)
                rows.append([c.strip() for c in row])
                lines.append(reader.line_num)
    except UnicodeDecodeError as exc:
        msg = f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise InputError(msg) from None
    except csv.Error as exc:
        msg = f"{path}: malformed CSV ({exc})"
        raise InputError(msg) from None
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        msg = f"{path}: duplicate column(s) {dupes}"
        raise InputError(msg)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame[LINE] = pd.Series(lines, dtype="int64")
    return frame


def write_table_atomic(frame: pd.DataFrame, path: Path, float_format: str | None = None) -> None:
    """Write ``frame`` as CSV to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            frame.to_csv(fh, index=False, float_format=float_format)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
