"""One raw table being checked: cells as text, each problem one line naming file, line, column."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from corridor.io.csv_tables import LINE
from corridor.network.schema import (
    BASIS_SYNONYMS,
    BOUNDS,
    DATE_MAX,
    DATE_MIN,
    Basis,
    Bound,
    TableSpec,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
ISO2 = re.compile(r"^[A-Z]{2}$")
DIRECTION = re.compile(r"^([A-Z]{2})>([A-Z]{2})$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f", ""}
BASES = tuple(b.value for b in Basis)

FloatArray = npt.NDArray[np.float64]


@dataclass
class Report:
    """Problems found while checking a network folder."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_date(text: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date between 1900 and 2100, or None if ``text`` is not one."""
    if not _DATE.match(text) or not DATE_MIN <= text <= DATE_MAX:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def split_pipe(text: str) -> list[str]:
    """The items of a ``|``-separated cell (none for an empty cell)."""
    return [p.strip() for p in text.split("|")] if text else []


class Table:
    """One raw table being checked: knows its file name and the line of every row."""

    def __init__(
        self, spec: TableSpec, raw: pd.DataFrame | None, folder: Path, report: Report
    ) -> None:
        self.spec = spec
        self.path = folder / spec.file
        self.report = report
        if raw is None:  # an absent optional table
            self.columns: dict[str, list[str]] = {c: [] for c in spec.required}
            self.lines = np.zeros(0, dtype=np.int64)
        else:
            cells = raw.to_numpy(dtype=object)
            self.columns = {
                str(c): [str(v) for v in cells[:, j]]
                for j, c in enumerate(raw.columns)
                if c != LINE
            }
            self.lines = raw[LINE].to_numpy(dtype=np.int64)
        self.n = len(self.lines)

    def __len__(self) -> int:
        return self.n

    def where(self, row: int, column: str | None = None) -> str:
        col = f", column {column}" if column else ""
        return f"{self.path} line {self.lines[row]}{col}"

    def error(self, row: int, column: str | None, problem: str) -> None:
        self.report.errors.append(f"{self.where(row, column)}: {problem}")

    def col(self, name: str) -> list[str]:
        values = self.columns.get(name)
        return list(values) if values is not None else [""] * self.n

    def floats(self, name: str, *, required: bool, bound: Bound | None = None) -> FloatArray:
        """A float column; an empty cell is NaN (an error if ``required``)."""
        texts = self.col(name)
        fast = _parse_floats(texts, required=required, bound=bound)
        if fast is not None:
            return fast
        out = np.full(self.n, np.nan)
        for i, text in enumerate(texts):
            if text == "":
                if required:
                    self.error(i, name, "missing value")
                continue
            try:
                value = float(text)
            except (ValueError, OverflowError):
                self.error(i, name, f"{text!r} is not a number")
                continue
            if not np.isfinite(value):
                self.error(i, name, f"{text!r} is not a finite number")
                continue
            problem = bound_problem(value, bound) if bound is not None else None
            if problem:
                self.error(i, name, problem)
                continue
            out[i] = value
        return out

    def median_p90(
        self, median_col: str, p90_col: str, bound: Bound
    ) -> tuple[FloatArray, FloatArray]:
        """A required median and 90th percentile (hours, in ``bound``, P90 >= median)."""
        median = self.floats(median_col, required=True, bound=bound)
        p90 = self.floats(p90_col, required=True, bound=bound)
        for i in np.flatnonzero(median > p90):
            self.error(int(i), p90_col, f"{p90[i]:g} is below {median_col} {median[i]:g}")
        return median, p90

    def nonempty(self, name: str) -> list[str]:
        values = self.col(name)
        for i, v in enumerate(values):
            if v == "":
                self.error(i, name, "missing value")
        return values

    def slugs(self, name: str = "id", *, unique: bool = True) -> list[str]:
        values = self.col(name)
        first: dict[str, int] = {}
        for i, v in enumerate(values):
            if v == "":
                self.error(i, name, "missing value")
            elif not SLUG.match(v):
                self.error(i, name, f"{v!r} is not a lower_snake id ([a-z0-9_])")
            elif unique and v in first:
                self.error(i, name, f"duplicate id {v!r} (first on line {self.lines[first[v]]})")
            else:
                first.setdefault(v, i)
        return values

    def enum(self, name: str, allowed: tuple[str, ...], *, default: str | None = None) -> list[str]:
        """A column of names from ``allowed``; an empty cell is ``default`` if one is given."""
        values = self.col(name)
        out = []
        for i, v in enumerate(values):
            if v == "" and default is not None:
                out.append(default)
                continue
            if v not in allowed:
                shown = "missing value" if v == "" else f"unknown {name} {v!r}"
                self.error(i, name, f"{shown}; choose from {list(allowed)}")
            out.append(v)
        return out

    def basis(self, name: str = "basis", *, required: bool = False) -> list[str]:
        """A basis column (published, derived, estimate; ``source`` read as published)."""
        values = [BASIS_SYNONYMS.get(v, v) for v in self.col(name)]
        for i, v in enumerate(values):
            if v == "" and not required:
                continue
            if v not in BASES:
                shown = "missing value" if v == "" else f"unknown {name} {v!r}"
                self.error(i, name, f"{shown}; choose from {list(BASES)}")
        return values

    def years(self, name: str = "year") -> FloatArray:
        """An optional year (a whole number in the plausible range), NaN where empty."""
        out = self.floats(name, required=False, bound=BOUNDS[name])
        for i in np.flatnonzero(np.isfinite(out) & (out != np.round(out))):
            self.error(int(i), name, f"{out[i]:g} is not a whole year")
            out[i] = np.nan
        return out

    def bools(self, name: str) -> list[bool]:
        out = []
        for i, v in enumerate(self.col(name)):
            low = v.lower()
            if low in _TRUE:
                out.append(True)
            elif low in _FALSE:
                out.append(False)
            else:
                self.error(i, name, f"{v!r} is not true/false")
                out.append(False)
        return out


def _parse_floats(texts: list[str], *, required: bool, bound: Bound | None) -> FloatArray | None:
    """The column parsed in one vectorised step, or None if any cell has a problem (then
    the caller reads it cell by cell to name each problem)."""
    filled = np.fromiter((t != "" for t in texts), dtype=bool, count=len(texts))
    if required and not filled.all():
        return None
    try:
        values = np.array([float(t) for t in texts if t], dtype=np.float64)
    except (ValueError, OverflowError):
        return None
    ok = np.isfinite(values)
    if bound is not None:
        below = values <= bound.lo if bound.lo_open else values < bound.lo
        ok &= ~below & (values <= bound.hi)
    if not ok.all():
        return None
    out = np.full(len(texts), np.nan)
    out[filled] = values
    return out


def bound_problem(value: float, bound: Bound) -> str | None:
    """Why ``value`` lies outside ``bound`` (None if it does not)."""
    below = value <= bound.lo if bound.lo_open else value < bound.lo
    if below and bound.lo == 0.0:
        return f"{value:g} must be {'>' if bound.lo_open else '>='} 0"
    if below and bound.lo > 0.0 and value <= 0.0:
        return f"{value:g} must be > 0"
    if below or value > bound.hi:
        return f"{value:g} is out of range {bound.text()} (plausible values: docs/data-model.md)"
    return None
