"""The economics data of appraisal and trade effects: sourced parameters as ranges.

Every figure lives in ``corridor/data/economics/*.csv`` with its source or the word
ASSUMPTION / ESTIMATE / DERIVED; this module only reads and checks those files (one-line errors
naming the file, line and field).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corridor.data import path as data_path
from corridor.errors import InputError, UnknownIdError
from corridor.io.csv_tables import LINE, read_raw_table

ECONOMICS = "economics"
"""Package data folder of the economics tables."""


@dataclass(frozen=True, slots=True)
class Range:
    """A low / central / high value (``low <= central <= high``)."""

    low: float
    central: float
    high: float

    def __post_init__(self) -> None:
        vals = (self.low, self.central, self.high)
        if not all(math.isfinite(v) for v in vals) or not self.low <= self.central <= self.high:
            msg = f"a range must be finite and ordered low <= central <= high, got {vals}"
            raise InputError(msg)

    @classmethod
    def point(cls, value: float) -> Range:
        """A range of one value."""
        return cls(value, value, value)

    def scaled(self, factor: float) -> Range:
        """Every bound times ``factor`` (>= 0)."""
        return Range(self.low * factor, self.central * factor, self.high * factor)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws from the triangular distribution on the range (the value if a point)."""
        if self.high - self.low <= 0:
            return np.full(n, self.central)
        return rng.triangular(self.low, self.central, self.high, n)

    def to_dict(self) -> dict[str, float]:
        """JSON form."""
        return {"low": self.low, "central": self.central, "high": self.high}


@dataclass(frozen=True, slots=True)
class Parameter:
    """One sourced parameter: its range, unit, basis and source."""

    name: str
    value: Range
    unit: str
    basis: str
    source: str

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "name": self.name,
            **self.value.to_dict(),
            "unit": self.unit,
            "basis": self.basis,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class ParameterTable:
    """Numeric parameters by name and the text-valued ones (e.g. a carbon path name)."""

    path: str
    numbers: dict[str, Parameter]
    texts: dict[str, str]

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.numbers[name]
        except KeyError:
            msg = f"{self.path}: no numeric parameter {name!r}"
            raise UnknownIdError(msg) from None

    def text(self, name: str) -> str:
        """A text-valued parameter."""
        try:
            return self.texts[name]
        except KeyError:
            msg = f"{self.path}: no parameter {name!r}"
            raise UnknownIdError(msg) from None


def _number(text: str, where: str, field: str, *, default: float | None = None) -> float:
    if not text and default is not None:
        return default
    try:
        value = float(text)
    except ValueError:
        msg = f"{where}: {field} {text!r} is not a number"
        raise InputError(msg) from None
    if not math.isfinite(value):
        msg = f"{where}: {field} must be finite, got {text!r}"
        raise InputError(msg)
    return value


def read_parameters(path: str | Path) -> ParameterTable:
    """Read a parameter table (name, value, low, high, unit, basis, source[, notes]).

    A blank low/high means the value; a value that is not a number is a text parameter.
    """
    p = Path(path)
    raw = read_raw_table(p)
    _need(raw.columns, ("name", "value", "low", "high", "unit", "basis", "source"), p)
    numbers: dict[str, Parameter] = {}
    texts: dict[str, str] = {}
    for row in raw.to_dict(orient="records"):
        where = f"{p} line {row[LINE]}"
        name = str(row["name"])
        if name in numbers or name in texts:
            msg = f"{where}: parameter {name!r} appears twice"
            raise InputError(msg)
        try:
            value = float(row["value"])
        except ValueError:
            texts[name] = str(row["value"])
            continue
        low = _number(row["low"], where, "low", default=value)
        high = _number(row["high"], where, "high", default=value)
        try:
            rng = Range(low, _number(row["value"], where, "value"), high)
        except InputError as exc:
            msg = f"{where}: {name}: {exc}"
            raise InputError(msg) from None
        numbers[name] = Parameter(
            name, rng, str(row["unit"]), str(row["basis"]), str(row["source"])
        )
    return ParameterTable(str(p), numbers, texts)


def _need(columns: object, names: tuple[str, ...], path: Path) -> None:
    missing = [c for c in names if c not in list(columns)]  # type: ignore[call-overload]
    if missing:
        msg = f"{path}: missing column(s) {missing}"
        raise InputError(msg)


def appraisal_parameters(path: str | Path | None = None) -> ParameterTable:
    """The appraisal parameters (default: the shipped table)."""
    return read_parameters(path or data_path(f"{ECONOMICS}/appraisal_parameters.csv"))


def trade_parameters(path: str | Path | None = None) -> ParameterTable:
    """The trade-effect parameters (default: the shipped table)."""
    return read_parameters(path or data_path(f"{ECONOMICS}/trade_parameters.csv"))


@dataclass(frozen=True, slots=True)
class Project:
    """A project's capital cost range (US$ m) and construction period, with sources."""

    id: str
    scenario: str
    name: str
    capex_usd_m: Range
    length_km: float | None
    construction_years: int
    basis: str
    source: str

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "id": self.id,
            "scenario": self.scenario,
            "name": self.name,
            "capex_usd_m": self.capex_usd_m.to_dict(),
            "length_km": self.length_km,
            "construction_years": self.construction_years,
            "basis": self.basis,
            "source": self.source,
        }


def read_projects(path: str | Path | None = None) -> list[Project]:
    """Read the project cost table (default: the shipped ``projects.csv``)."""
    p = Path(path or data_path(f"{ECONOMICS}/projects.csv"))
    raw = read_raw_table(p)
    cols = ("project", "scenario", "name", "capex_low_usd_m", "capex_central_usd_m")
    _need(raw.columns, (*cols, "capex_high_usd_m", "length_km", "construction_years", "source"), p)
    out = []
    for row in raw.to_dict(orient="records"):
        where = f"{p} line {row[LINE]}"
        years = _number(row["construction_years"], where, "construction_years")
        if years < 1 or years != int(years):
            msg = f"{where}: construction_years must be a whole number >= 1, got {years}"
            raise InputError(msg)
        try:
            capex = Range(
                _number(row["capex_low_usd_m"], where, "capex_low_usd_m"),
                _number(row["capex_central_usd_m"], where, "capex_central_usd_m"),
                _number(row["capex_high_usd_m"], where, "capex_high_usd_m"),
            )
        except InputError as exc:
            msg = f"{where}: capex: {exc}"
            raise InputError(msg) from None
        if capex.low < 0:
            msg = f"{where}: capex must be >= 0"
            raise InputError(msg)
        length = _number(row["length_km"], where, "length_km") if row["length_km"] else None
        out.append(
            Project(
                id=str(row["project"]),
                scenario=str(row["scenario"]),
                name=str(row["name"]),
                capex_usd_m=capex,
                length_km=length,
                construction_years=int(years),
                basis=str(row.get("basis", "")),
                source=str(row["source"]),
            )
        )
    return out


def projects_for(
    scenario: str, bases: dict[str, tuple[str, ...]], projects: list[Project]
) -> list[Project]:
    """The projects a scenario pays for: its own rows, else those of the scenarios it
    inherits (``bases`` maps a scenario id to the ids it inherits), each project once."""
    own = [p for p in projects if p.scenario == scenario]
    if own:
        return own
    out: list[Project] = []
    for b in bases.get(scenario, ()):
        for p in projects_for(b, bases, projects):
            if p.id not in {q.id for q in out}:
                out.append(p)
    return out


@dataclass(frozen=True, slots=True)
class CarbonPath:
    """A shadow carbon price path: low and high US$/t CO2e by year (linear between years,
    flat outside them)."""

    name: str
    years: tuple[int, ...]
    low_usd_t: tuple[float, ...]
    high_usd_t: tuple[float, ...]
    source: str

    def bounds(self, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Low and high price (US$/t) in each of ``years``."""
        lo = np.interp(years, self.years, self.low_usd_t)
        hi = np.interp(years, self.years, self.high_usd_t)
        return np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)

    def price(self, years: np.ndarray, u: float = 0.5) -> np.ndarray:
        """Price in each year at position ``u`` between the low (0) and high (1) path."""
        lo, hi = self.bounds(years)
        return np.asarray(lo + u * (hi - lo), dtype=np.float64)

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "name": self.name,
            "years": list(self.years),
            "low_usd_t": list(self.low_usd_t),
            "high_usd_t": list(self.high_usd_t),
            "source": self.source,
        }


def carbon_path(name: str, path: str | Path | None = None) -> CarbonPath:
    """The carbon price path ``name`` of ``carbon_prices.csv`` (unknown: fails with the menu)."""
    p = Path(path or data_path(f"{ECONOMICS}/carbon_prices.csv"))
    raw = read_raw_table(p)
    _need(raw.columns, ("path", "year", "low_usd_t", "high_usd_t", "source"), p)
    names = sorted(set(raw["path"]))
    rows = raw[raw["path"] == name]
    if rows.empty:
        msg = f"unknown carbon path {name!r}; choose from {names}"
        raise InputError(msg)
    years, lows, highs = [], [], []
    for row in rows.to_dict(orient="records"):
        where = f"{p} line {row[LINE]}"
        years.append(int(_number(row["year"], where, "year")))
        lo, hi = (
            _number(row["low_usd_t"], where, "low_usd_t"),
            _number(row["high_usd_t"], where, "high_usd_t"),
        )
        if not 0 <= lo <= hi:
            msg = f"{where}: need 0 <= low_usd_t <= high_usd_t"
            raise InputError(msg)
        lows.append(lo)
        highs.append(hi)
    order = np.argsort(years)
    if len(set(years)) != len(years):
        msg = f"{p}: path {name!r} lists a year twice"
        raise InputError(msg)
    return CarbonPath(
        name,
        tuple(int(years[i]) for i in order),
        tuple(lows[i] for i in order),
        tuple(highs[i] for i in order),
        "; ".join(sorted(set(rows["source"]))),
    )
