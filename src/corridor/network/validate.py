"""Check the raw network tables once, at the edge, and convert them to typed frames.

Every problem becomes one line naming the file, the line and the column. Warnings (a link
shorter than the great-circle distance between its ends) do not stop loading.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from corridor._gc import paused_gc
from corridor.network._crossings import check_crossings
from corridor.network._dated import check_calendar, check_meta
from corridor.network._rights import check_rights
from corridor.network._table import ISO2, Report, Table, split_pipe
from corridor.network._table import bound_problem as bound_problem
from corridor.network.geo import great_circle_km
from corridor.network.schema import (
    ALL_TABLES,
    BOUNDS,
    GAUGES_MM,
    PARAMETER_BOUNDS,
    PARAMETER_NAMES,
    PER_MODE_PARAMETERS,
    Mode,
    NodeKind,
    Status,
    TableSpec,
    Traction,
)

__all__ = ["MODES", "Report", "parse_state", "validate_tables"]

MODES = tuple(m.value for m in Mode)


def _check_columns(spec: TableSpec, t: Table, folder: Path, report: Report) -> bool:
    missing = [c for c in spec.required if c not in t.columns]
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

    ``raw`` has the six tables of :data:`TABLES`; calendar and meta are optional (absent =
    empty). The typed tables (all eight) are only meaningful when ``report.errors`` is empty.
    """
    with paused_gc():  # millions of cells on a large network: see corridor._gc
        return _validate_tables(raw, folder)


def _validate_tables(
    raw: dict[str, pd.DataFrame], folder: Path
) -> tuple[dict[str, pd.DataFrame], Report]:
    report = Report()
    t = {k: Table(spec, raw.get(k), folder, report) for k, spec in ALL_TABLES.items()}
    ok = all(_check_columns(ALL_TABLES[k], t[k], folder, report) for k in ALL_TABLES)
    if not ok:
        return {}, report

    nodes = _nodes(t["nodes"])
    node_country = dict(zip(nodes["id"].tolist(), nodes["country"].tolist(), strict=True))
    links = _links(t["links"], node_country)
    crossings = check_crossings(t["crossings"], node_country, links, MODES)
    _border_links(t["links"], links, crossings, node_country)
    tables = {
        "nodes": nodes,
        "links": links,
        "crossings": crossings,
        "transfers": _transfers(t["transfers"], node_country),
        "parameters": _parameters(t["parameters"], set(links["mode"])),
        "corridors": _corridors(t["corridors"], node_country),
        "calendar": check_calendar(t["calendar"], links, crossings),
        "meta": check_meta(t["meta"]),
        "rights": check_rights(t["rights"], node_country),
    }
    if not report.errors:
        _length_warnings(t["links"], links, nodes, report)
    return tables, report


def _nodes(t: Table) -> pd.DataFrame:
    ids = t.slugs()
    names = t.nonempty("name")
    countries = t.col("country")
    for i, c in enumerate(countries):
        if not ISO2.match(c):
            t.error(i, "country", f"{c!r} is not an ISO 3166-1 alpha-2 code (e.g. KZ)")
    return pd.DataFrame(
        {
            "id": ids,
            "name": names,
            "country": countries,
            "lat": t.floats("lat", required=True, bound=BOUNDS["lat"]),
            "lon": t.floats("lon", required=True, bound=BOUNDS["lon"]),
            "kind": t.enum("kind", tuple(k.value for k in NodeKind)),
            "aliases": t.col("aliases"),
            "basis": t.basis(),
            "source": t.nonempty("source"),
            "notes": t.col("notes"),
        }
    )


def _parse_gauges(text: str) -> tuple[int, ...] | None:
    parts = text.split("|")
    if not all(p.isascii() and p.isdigit() and len(p) <= 5 for p in parts):
        return None
    gauges = tuple(int(g) for g in parts)
    return (
        gauges if all(g in GAUGES_MM for g in gauges) and len(set(gauges)) == len(gauges) else None
    )


def _link_ends(t: Table, node_country: dict[str, str]) -> dict[str, list[str]]:
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
    return ends


def _link_gauges(t: Table, modes: list[str]) -> list[str]:
    gauges: list[str] = []
    for i, (m, g) in enumerate(zip(modes, t.col("gauge_mm"), strict=True)):
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
    return gauges


def _link_traction(t: Table, modes: list[str]) -> list[str]:
    allowed = tuple(x.value for x in Traction)
    values = t.col("traction")
    for i, (m, v) in enumerate(zip(modes, values, strict=True)):
        if v == "":
            continue
        if m != Mode.RAIL:
            t.error(i, "traction", f"a {m or 'non-rail'} link has no traction (got {v!r})")
        elif v not in allowed:
            t.error(i, "traction", f"unknown traction {v!r}; choose from {list(allowed)} or empty")
    return values


def _frontier(
    t: Table, ends: dict[str, list[str]], length: np.ndarray, node_country: dict[str, str]
) -> np.ndarray:
    """km from the ``from`` node to the frontier: required on border links, empty otherwise."""
    frontier = t.floats("frontier_km", required=False, bound=BOUNDS["frontier_km"])
    text = t.col("frontier_km")
    for i, (a, b) in enumerate(zip(ends["from"], ends["to"], strict=True)):
        if a not in node_country or b not in node_country:
            continue
        if node_country[a] == node_country[b]:
            if text[i] != "":
                t.error(i, "frontier_km", f"a domestic link has no frontier (got {text[i]!r})")
            frontier[i] = np.nan
        elif text[i] == "":
            t.error(
                i,
                "frontier_km",
                f"missing value: border link ({node_country[a]}-{node_country[b]}) needs the km "
                f"from {a!r} to the frontier",
            )
        elif frontier[i] > length[i]:
            t.error(i, "frontier_km", f"{frontier[i]:g} is longer than length_km {length[i]:g}")
            frontier[i] = np.nan
    return frontier


def _links(t: Table, node_country: dict[str, str]) -> pd.DataFrame:
    ids = t.slugs()
    ends = _link_ends(t, node_country)
    modes = t.enum("mode", MODES)
    length = t.floats("length_km", required=True, bound=BOUNDS["length_km"])
    speed_factor = t.floats("speed_factor", required=False, bound=BOUNDS["speed_factor"])
    extra_h = t.floats("extra_h", required=False, bound=BOUNDS["extra_h"])
    return pd.DataFrame(
        {
            "id": ids,
            "from": ends["from"],
            "to": ends["to"],
            "mode": modes,
            "gauge_mm": _link_gauges(t, modes),
            "length_km": length,
            "frontier_km": _frontier(t, ends, length, node_country),
            "length_basis": t.basis("length_basis", required=True),
            "status": t.enum("status", tuple(s.value for s in Status)),
            "oneway": t.bools("oneway"),
            "speed_kmh": t.floats("speed_kmh", required=False, bound=BOUNDS["speed_kmh"]),
            "capacity_teu_day": t.floats(
                "capacity_teu_day", required=False, bound=BOUNDS["capacity_teu_day"]
            ),
            "traction": _link_traction(t, modes),
            "speed_factor": np.nan_to_num(speed_factor, nan=1.0),
            "extra_h": np.nan_to_num(extra_h, nan=0.0),
            "frequency_per_week": t.floats(
                "frequency_per_week", required=False, bound=BOUNDS["frequency_per_week"]
            ),
            "basis": t.basis(),
            "source": t.nonempty("source"),
            "notes": t.col("notes"),
        }
    )


def _border_links(
    t: Table, links: pd.DataFrame, crossings: pd.DataFrame, node_country: dict[str, str]
) -> None:
    at: dict[str, list[tuple[frozenset[str], set[str]]]] = {}
    for node, countries, modes in zip(
        *(crossings[c].tolist() for c in ("node", "countries", "modes")), strict=True
    ):
        at.setdefault(node, []).append((frozenset(split_pipe(countries)), set(split_pipe(modes))))
    for i, (a, b, mode) in enumerate(
        zip(*(links[c].tolist() for c in ("from", "to", "mode")), strict=True)
    ):
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
    if mode != Mode.RAIL or not (gauge.isascii() and gauge.isdigit()) or len(gauge) > 5:
        return None
    return (mode, int(gauge)) if int(gauge) in GAUGES_MM else None


def _transfers(t: Table, node_country: dict[str, str]) -> pd.DataFrame:
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
        if a and a == b and a != Mode.ROAD:  # road -> road: a transload between carriers
            t.error(i, "to", f"transfer from {a!r} to itself")
    median, p90 = t.median_p90("time_median_h", "time_p90_h", BOUNDS["time_median_h"])
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
            "cost_usd_teu": t.floats("cost_usd_teu", required=True, bound=BOUNDS["cost_usd_teu"]),
            "capacity_teu_day": t.floats(
                "capacity_teu_day", required=False, bound=BOUNDS["capacity_teu_day"]
            ),
            "basis": t.basis(),
            "year": t.years(),
            "source": t.nonempty("source"),
            "notes": t.col("notes"),
        }
    )


def _parameter_values(t: Table, names: list[str]) -> np.ndarray:
    values = t.floats("value", required=True)
    for i, (n, v) in enumerate(zip(names, values, strict=True)):
        bound = PARAMETER_BOUNDS.get(n)
        problem = bound_problem(float(v), bound) if bound and np.isfinite(v) else None
        if problem:
            t.error(i, "value", f"{n} {problem}")
            values[i] = np.nan
    return values


def _parameters(t: Table, used_modes: set[str]) -> pd.DataFrame:
    modes = t.enum("mode", (*MODES, "*"))
    countries = t.col("country")
    for i, c in enumerate(countries):
        if c != "*" and not ISO2.match(c):
            t.error(i, "country", f"{c!r} is not an ISO2 country or *")
    names = t.enum("name", PARAMETER_NAMES)
    values = _parameter_values(t, names)
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
            "basis": t.basis(),
            "year": t.years(),
            "source": t.nonempty("source"),
            "notes": t.col("notes"),
        }
    )


def _corridors(t: Table, node_country: dict[str, str]) -> pd.DataFrame:
    ids = t.slugs()
    waypoints = t.col("waypoints")
    for i, w in enumerate(waypoints):
        parts = split_pipe(w)
        if len(parts) < 2:
            t.error(i, "waypoints", "needs at least two node ids separated by |")
        for p in parts:
            if p not in node_country:
                t.error(i, "waypoints", f"unknown node {p!r} (not in nodes.csv)")
    modes = t.col("modes")
    for i, m in enumerate(modes):
        bad = [p for p in split_pipe(m) if p not in MODES]
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


def _length_warnings(t: Table, links: pd.DataFrame, nodes: pd.DataFrame, report: Report) -> None:
    row = {n: i for i, n in enumerate(nodes["id"])}
    a = np.array([row[n] for n in links["from"].tolist()], dtype=np.int64)
    b = np.array([row[n] for n in links["to"].tolist()], dtype=np.int64)
    lat, lon = nodes["lat"].to_numpy(), nodes["lon"].to_numpy()
    gc = great_circle_km(lat[a], lon[a], lat[b], lon[b])
    length = links["length_km"].to_numpy()
    # 0.5 % slack for rounding of coordinates and published lengths
    for i in np.flatnonzero(length < gc * 0.995):
        report.warnings.append(
            f"{t.where(int(i), 'length_km')}: link {links['id'][i]!r} is {length[i]:g} km, "
            f"shorter than the {gc[i]:.1f} km great-circle distance between its ends"
        )
