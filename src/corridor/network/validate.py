"""Check the raw network tables once, at the edge, and convert them to typed frames.

Every problem becomes one line naming the file, the line and the column. Warnings (a link
shorter than the great-circle distance between its ends) do not stop loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.io.csv_tables import LINE
from corridor.network.geo import great_circle_km
from corridor.network.schema import (
    GAUGES_MM,
    PARAMETER_NAMES,
    PER_MODE_PARAMETERS,
    TABLES,
    LengthBasis,
    Mode,
    NodeKind,
    Status,
    TableSpec,
)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f", ""}
MODES = tuple(m.value for m in Mode)


@dataclass
class Report:
    """Problems found while checking a network folder."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Table:
    """One raw table being checked: knows its file name and the line of every row."""

    def __init__(self, spec: TableSpec, raw: pd.DataFrame, folder: Path, report: Report) -> None:
        self.spec = spec
        self.raw = raw
        self.path = folder / spec.file
        self.report = report
        self.lines = raw[LINE].to_numpy()

    def where(self, row: int, column: str | None = None) -> str:
        col = f", column {column}" if column else ""
        return f"{self.path} line {self.lines[row]}{col}"

    def error(self, row: int, column: str | None, problem: str) -> None:
        self.report.errors.append(f"{self.where(row, column)}: {problem}")

    def col(self, name: str) -> list[str]:
        if name in self.raw.columns:
            return [str(v) for v in self.raw[name].tolist()]
        return [""] * len(self.raw)

    def floats(
        self, name: str, *, required: bool, lo: float | None = None, strict: bool = False
    ) -> np.ndarray:
        out = np.full(len(self.raw), np.nan)
        for i, text in enumerate(self.col(name)):
            if text == "":
                if required:
                    self.error(i, name, "missing value")
                continue
            try:
                value = float(text)
            except ValueError:
                self.error(i, name, f"{text!r} is not a number")
                continue
            if not np.isfinite(value):
                self.error(i, name, f"{text!r} is not a finite number")
                continue
            if lo is not None and (value <= lo if strict else value < lo):
                self.error(i, name, f"{value:g} must be {'>' if strict else '>='} {lo:g}")
                continue
            out[i] = value
        return out

    def median_p90(self, median_col: str, p90_col: str) -> tuple[np.ndarray, np.ndarray]:
        """A required median and 90th percentile (hours, >= 0, P90 not below the median)."""
        median = self.floats(median_col, required=True, lo=0.0)
        p90 = self.floats(p90_col, required=True, lo=0.0)
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
            elif not _SLUG.match(v):
                self.error(i, name, f"{v!r} is not a lower_snake id ([a-z0-9_])")
            elif unique and v in first:
                self.error(i, name, f"duplicate id {v!r} (first on line {self.lines[first[v]]})")
            else:
                first.setdefault(v, i)
        return values

    def enum(self, name: str, allowed: tuple[str, ...]) -> list[str]:
        values = self.col(name)
        for i, v in enumerate(values):
            if v not in allowed:
                shown = "missing value" if v == "" else f"unknown {name} {v!r}"
                self.error(i, name, f"{shown}; choose from {list(allowed)}")
        return values

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


def _check_columns(spec: TableSpec, raw: pd.DataFrame, folder: Path, report: Report) -> bool:
    missing = [c for c in spec.required if c not in raw.columns]
    if missing:
        report.errors.append(
            f"{folder / spec.file}: missing column(s) {missing}; required: {list(spec.required)}"
        )
        return False
    return True


def validate_tables(
    raw: dict[str, pd.DataFrame], folder: Path
) -> tuple[dict[str, pd.DataFrame], Report]:
    """Check raw string tables and return typed tables plus the report.

    The typed tables are only meaningful when ``report.errors`` is empty.
    """
    report = Report()
    ok = all(_check_columns(TABLES[k], raw[k], folder, report) for k in TABLES)
    if not ok:
        return {}, report
    t = {k: _Table(TABLES[k], raw[k], folder, report) for k in TABLES}

    nodes = _nodes(t["nodes"])
    node_country = dict(zip(nodes["id"], nodes["country"], strict=True))
    links = _links(t["links"], node_country)
    crossings = _crossings(t["crossings"], node_country, links)
    _border_links(t["links"], links, crossings, node_country)
    transfers = _transfers(t["transfers"], node_country)
    parameters = _parameters(t["parameters"], set(links["mode"]))
    corridors = _corridors(t["corridors"], node_country)
    if not report.errors:
        _length_warnings(t["links"], links, nodes, report)
    tables = {
        "nodes": nodes,
        "links": links,
        "crossings": crossings,
        "transfers": transfers,
        "parameters": parameters,
        "corridors": corridors,
    }
    return tables, report


def _nodes(t: _Table) -> pd.DataFrame:
    ids = t.slugs()
    names = t.nonempty("name")
    countries = t.col("country")
    for i, c in enumerate(countries):
        if not _ISO2.match(c):
            t.error(i, "country", f"{c!r} is not an ISO 3166-1 alpha-2 code (e.g. KZ)")
    lat = t.floats("lat", required=True)
    lon = t.floats("lon", required=True)
    for i in range(len(ids)):
        if not np.isnan(lat[i]) and not -90.0 <= lat[i] <= 90.0:
            t.error(i, "lat", f"{lat[i]:g} is out of range [-90, 90]")
        if not np.isnan(lon[i]) and not -180.0 <= lon[i] <= 180.0:
            t.error(i, "lon", f"{lon[i]:g} is out of range [-180, 180]")
    kinds = t.enum("kind", tuple(k.value for k in NodeKind))
    sources = t.nonempty("source")
    return pd.DataFrame(
        {
            "id": ids,
            "name": names,
            "country": countries,
            "lat": lat,
            "lon": lon,
            "kind": kinds,
            "aliases": t.col("aliases"),
            "source": sources,
            "notes": t.col("notes"),
        }
    )


def _parse_gauges(text: str) -> tuple[int, ...] | None:
    try:
        gauges = tuple(int(g) for g in text.split("|"))
    except ValueError:
        return None
    return (
        gauges if all(g in GAUGES_MM for g in gauges) and len(set(gauges)) == len(gauges) else None
    )


def _links(t: _Table, node_country: dict[str, str]) -> pd.DataFrame:
    ids = t.slugs()
    ends = {}
    for end in ("from", "to"):
        values = t.col(end)
        for i, v in enumerate(values):
            if v == "":
                t.error(i, end, "missing value")
            elif v not in node_country:
                t.error(i, end, f"unknown node {v!r} (not in nodes.csv)")
        ends[end] = values
    for i, (a, b) in enumerate(zip(ends["from"], ends["to"], strict=True)):
        if a and a == b:
            t.error(i, "to", f"link starts and ends at {a!r}")
    modes = t.enum("mode", MODES)
    gauges_text = t.col("gauge_mm")
    gauges: list[str] = []
    for i, (m, g) in enumerate(zip(modes, gauges_text, strict=True)):
        if m == Mode.RAIL:
            parsed = _parse_gauges(g)
            if g == "":
                t.error(i, "gauge_mm", "missing value for a rail link")
            elif parsed is None:
                t.error(i, "gauge_mm", f"unknown gauge {g!r}; choose from {list(GAUGES_MM)}")
            gauges.append("|".join(str(x) for x in parsed) if parsed else "")
        else:
            if g != "":
                t.error(i, "gauge_mm", f"a {m or 'non-rail'} link has no gauge (got {g!r})")
            gauges.append("")
    length = t.floats("length_km", required=True, lo=0.0, strict=True)
    basis = t.enum("length_basis", tuple(b.value for b in LengthBasis))
    status = t.enum("status", tuple(s.value for s in Status))
    oneway = t.bools("oneway")
    speed = t.floats("speed_kmh", required=False, lo=0.0, strict=True)
    capacity = t.floats("capacity_teu_day", required=False, lo=0.0, strict=True)
    sources = t.nonempty("source")
    return pd.DataFrame(
        {
            "id": ids,
            "from": ends["from"],
            "to": ends["to"],
            "mode": modes,
            "gauge_mm": gauges,
            "length_km": length,
            "length_basis": basis,
            "status": status,
            "oneway": oneway,
            "speed_kmh": speed,
            "capacity_teu_day": capacity,
            "source": sources,
            "notes": t.col("notes"),
        }
    )


def _split_countries(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split("|")) if text else ()


def _crossings(t: _Table, node_country: dict[str, str], links: pd.DataFrame) -> pd.DataFrame:
    ids = t.slugs()
    nodes = t.col("node")
    countries = t.col("countries")
    # neighbours' countries of every node, over all links
    abroad: dict[str, set[str]] = {}
    for a, b in zip(links["from"], links["to"], strict=True):
        if a in node_country and b in node_country:
            abroad.setdefault(a, set()).add(node_country[b])
            abroad.setdefault(b, set()).add(node_country[a])
    for i, (node, text) in enumerate(zip(nodes, countries, strict=True)):
        pair = _split_countries(text)
        if len(pair) != 2 or len(set(pair)) != 2 or not all(_ISO2.match(c) for c in pair):
            t.error(i, "countries", f"{text!r} must name two different ISO2 countries, e.g. KZ|CN")
            pair = ()
        if node == "":
            t.error(i, "node", "missing value")
            continue
        if node not in node_country:
            t.error(i, "node", f"unknown node {node!r} (not in nodes.csv)")
            continue
        if not pair:
            continue
        home = node_country[node]
        if home not in pair:
            t.error(i, "node", f"node {node!r} is in {home}, not in either of {text}")
            continue
        other = pair[1] if pair[0] == home else pair[0]
        if other not in abroad.get(node, set()):
            t.error(
                i, "node", f"node {node!r} ({home}) is not on the {text} border: no link to {other}"
            )
    modes = t.col("modes")
    for i, m in enumerate(modes):
        parts = m.split("|") if m else []
        bad = [p for p in parts if p not in MODES]
        if not parts or bad:
            shown = "missing value" if not parts else f"unknown mode(s) {bad}"
            t.error(i, "modes", f"{shown}; choose from {list(MODES)}")
    median, p90 = t.median_p90("dwell_median_h", "dwell_p90_h")
    fee = t.floats("fee_usd_teu", required=True, lo=0.0)
    capacity = t.floats("capacity_teu_day", required=False, lo=0.0, strict=True)
    sources = t.nonempty("source")
    return pd.DataFrame(
        {
            "id": ids,
            "node": nodes,
            "countries": countries,
            "modes": modes,
            "dwell_median_h": median,
            "dwell_p90_h": p90,
            "fee_usd_teu": fee,
            "capacity_teu_day": capacity,
            "closed": t.bools("closed"),
            "source": sources,
            "notes": t.col("notes"),
        }
    )


def _border_links(
    t: _Table, links: pd.DataFrame, crossings: pd.DataFrame, node_country: dict[str, str]
) -> None:
    at: dict[str, list[tuple[frozenset[str], set[str]]]] = {}
    for node, countries, modes in zip(
        crossings["node"], crossings["countries"], crossings["modes"], strict=True
    ):
        at.setdefault(node, []).append(
            (frozenset(_split_countries(countries)), set(modes.split("|")))
        )
    for i, (a, b, mode) in enumerate(zip(links["from"], links["to"], links["mode"], strict=True)):
        if a not in node_country or b not in node_country or node_country[a] == node_country[b]:
            continue
        pair = frozenset((node_country[a], node_country[b]))
        found = any(c == pair and mode in m for n in (a, b) for c, m in at.get(n, []))
        if not found:
            t.error(
                i,
                None,
                f"border link {links['id'][i]!r} ({node_country[a]}-{node_country[b]}, {mode}) "
                f"has no crossing at {a!r} or {b!r} in crossings.csv",
            )


def parse_state(text: str) -> tuple[str, int] | None:
    """Parse ``mode`` or ``rail:gauge`` into (mode, gauge); gauge 0 means any."""
    mode, _, gauge = text.partition(":")
    if mode not in MODES:
        return None
    if gauge == "":
        return mode, 0
    if mode != Mode.RAIL or not gauge.isdigit() or int(gauge) not in GAUGES_MM:
        return None
    return mode, int(gauge)


def _transfers(t: _Table, node_country: dict[str, str]) -> pd.DataFrame:
    nodes = t.col("node")
    for i, n in enumerate(nodes):
        if n != "*" and n not in node_country:
            shown = "missing value" if n == "" else f"unknown node {n!r} (not in nodes.csv)"
            t.error(i, "node", f"{shown}; use a node id or *")
    for end in ("from", "to"):
        for i, v in enumerate(t.col(end)):
            if parse_state(v) is None:
                t.error(
                    i,
                    end,
                    f"{v!r} is not a mode or rail:gauge (modes {list(MODES)}, "
                    f"gauges {list(GAUGES_MM)})",
                )
    for i, (a, b) in enumerate(zip(t.col("from"), t.col("to"), strict=True)):
        if a and a == b:
            t.error(i, "to", f"transfer from {a!r} to itself")
    median, p90 = t.median_p90("time_median_h", "time_p90_h")
    cost = t.floats("cost_usd_teu", required=True, lo=0.0)
    capacity = t.floats("capacity_teu_day", required=False, lo=0.0, strict=True)
    seen: dict[tuple[str, frozenset[str]], int] = {}
    for i, (n, a, b) in enumerate(zip(nodes, t.col("from"), t.col("to"), strict=True)):
        key = (n, frozenset((a, b)))
        if key in seen:
            t.error(
                i, None, f"duplicate transfer {n} {a}<->{b} (first on line {t.lines[seen[key]]})"
            )
        seen.setdefault(key, i)
    return pd.DataFrame(
        {
            "node": nodes,
            "from": t.col("from"),
            "to": t.col("to"),
            "time_median_h": median,
            "time_p90_h": p90,
            "cost_usd_teu": cost,
            "capacity_teu_day": capacity,
            "source": t.nonempty("source"),
            "notes": t.col("notes"),
        }
    )


def _parameters(t: _Table, used_modes: set[str]) -> pd.DataFrame:
    modes = t.enum("mode", (*MODES, "*"))
    countries = t.col("country")
    for i, c in enumerate(countries):
        if c != "*" and not _ISO2.match(c):
            t.error(i, "country", f"{c!r} is not an ISO2 country or *")
    names = t.enum("name", PARAMETER_NAMES)
    values = t.floats("value", required=True, lo=0.0)
    for i, (n, v) in enumerate(zip(names, values, strict=True)):
        if n == "speed_kmh" and v == 0.0:
            t.error(i, "value", "speed_kmh must be > 0")
    seen: dict[tuple[str, str, str], int] = {}
    for i, key in enumerate(zip(modes, countries, names, strict=True)):
        if key in seen:
            t.error(i, None, f"duplicate parameter {key} (first on line {t.lines[seen[key]]})")
        seen.setdefault(key, i)
    have = set(seen)
    for mode in sorted(used_modes & set(MODES)):
        for name in PER_MODE_PARAMETERS:
            if (mode, "*", name) not in have and ("*", "*", name) not in have:
                t.report.errors.append(
                    f"{t.path}: no default {name} for mode {mode!r} (add a row {mode},*,{name})"
                )
    for name in ("payload_t_teu", "value_of_time_usd_teu_h", "carbon_price_usd_t"):
        if ("*", "*", name) not in have:
            t.report.errors.append(f"{t.path}: missing the row *,*,{name}")
    return pd.DataFrame(
        {
            "mode": modes,
            "country": countries,
            "name": names,
            "value": values,
            "unit": t.col("unit"),
            "source": t.nonempty("source"),
            "notes": t.col("notes"),
        }
    )


def _corridors(t: _Table, node_country: dict[str, str]) -> pd.DataFrame:
    ids = t.slugs()
    waypoints = t.col("waypoints")
    for i, w in enumerate(waypoints):
        parts = w.split("|") if w else []
        if len(parts) < 2:
            t.error(i, "waypoints", "needs at least two node ids separated by |")
        for p in parts:
            if p not in node_country:
                t.error(i, "waypoints", f"unknown node {p!r} (not in nodes.csv)")
    modes = t.col("modes")
    for i, m in enumerate(modes):
        bad = [p for p in (m.split("|") if m else []) if p not in MODES]
        if bad:
            t.error(i, "modes", f"unknown mode(s) {bad}; choose from {list(MODES)}")
    return pd.DataFrame(
        {
            "id": ids,
            "name": t.nonempty("name"),
            "waypoints": waypoints,
            "modes": modes,
            "include_planned": t.bools("include_planned"),
            "description": t.col("description"),
            "source": t.nonempty("source"),
        }
    )


def _length_warnings(t: _Table, links: pd.DataFrame, nodes: pd.DataFrame, report: Report) -> None:
    pos = nodes.set_index("id")
    a = pos.loc[links["from"]]
    b = pos.loc[links["to"]]
    gc = great_circle_km(
        a["lat"].to_numpy(), a["lon"].to_numpy(), b["lat"].to_numpy(), b["lon"].to_numpy()
    )
    length = links["length_km"].to_numpy()
    # 0.5 % slack for rounding of coordinates and published lengths
    for i in np.flatnonzero(length < gc * 0.995):
        report.warnings.append(
            f"{t.where(int(i), 'length_km')}: link {links['id'][i]!r} is {length[i]:g} km, "
            f"shorter than the {gc[i]:.1f} km great-circle distance between its ends"
        )
