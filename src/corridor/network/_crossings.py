"""Checks of crossings.csv: place, modes, per-direction rows keyed (id, direction), status."""

from __future__ import annotations

import pandas as pd

from corridor.network._table import DIRECTION, ISO2, Table, split_pipe
from corridor.network.schema import BOUNDS, OperatingStatus


def _places(t: Table, node_country: dict[str, str], links: pd.DataFrame) -> list[tuple[str, ...]]:
    """Check node and countries; return each row's country pair (empty where invalid)."""
    nodes, countries = t.col("node"), t.col("countries")
    # neighbours' countries of every node, over all links
    abroad: dict[str, set[str]] = {}
    for a, b in zip(links["from"].tolist(), links["to"].tolist(), strict=True):
        if a in node_country and b in node_country:
            abroad.setdefault(a, set()).add(node_country[b])
            abroad.setdefault(b, set()).add(node_country[a])
    pairs: list[tuple[str, ...]] = []
    for i, (node, text) in enumerate(zip(nodes, countries, strict=True)):
        pair = tuple(split_pipe(text))
        if len(pair) != 2 or len(set(pair)) != 2 or not all(ISO2.match(c) for c in pair):
            t.error(i, "countries", f"{text!r} must name two different ISO2 countries, e.g. KZ|CN")
            pair = ()
        pairs.append(pair)
        if node == "":
            t.error(i, "node", "missing value")
        elif node not in node_country:
            t.error(i, "node", f"unknown node {node!r} (not in nodes.csv)")
        elif pair and node_country[node] not in pair:
            t.error(i, "node", f"node {node!r} is in {node_country[node]}, not in either of {text}")
        elif pair:
            home = node_country[node]
            other = pair[1] if pair[0] == home else pair[0]
            if other not in abroad.get(node, set()):
                t.error(
                    i,
                    "node",
                    f"node {node!r} ({home}) is not on the {text} border: no link to {other}",
                )
    return pairs


def _modes(t: Table, name: str, modes: tuple[str, ...], *, required: bool) -> list[str]:
    values = t.col(name)
    for i, m in enumerate(values):
        parts = split_pipe(m)
        bad = [p for p in parts if p not in modes]
        if (required and not parts) or bad or len(set(parts)) != len(parts):
            shown = "missing value" if not parts else f"unknown or repeated mode(s) {parts}"
            t.error(i, name, f"{shown}; choose from {list(modes)}")
    return values


def _directions(t: Table, pairs: list[tuple[str, ...]]) -> list[str]:
    values = t.col("direction")
    for i, (d, pair) in enumerate(zip(values, pairs, strict=True)):
        if d == "" or not pair:
            continue
        m = DIRECTION.match(d)
        if m is None or {m.group(1), m.group(2)} != set(pair):
            a, b = pair
            t.error(i, "direction", f"{d!r} must be {a}>{b}, {b}>{a} or empty (both directions)")
    return values


def _keys(t: Table, ids: list[str], directions: list[str]) -> None:
    """(id, direction) is unique; an id has one two-way row or one row per direction."""
    first: dict[tuple[str, str], int] = {}
    rows: dict[str, list[int]] = {}
    for i, key in enumerate(zip(ids, directions, strict=True)):
        if key in first:
            shown = f"direction {key[1]!r}" if key[1] else "both directions"
            t.error(
                i,
                "id",
                f"duplicate crossing {key[0]!r} for {shown} (first on line {t.lines[first[key]]})",
            )
            continue
        first[key] = i
        rows.setdefault(key[0], []).append(i)
    same = {col: t.col(col) for col in ("node", "countries", "modes")}
    for cid, idx in rows.items():
        dirs = [directions[i] for i in idx]
        if len(idx) > 1 and "" in dirs:
            t.error(
                idx[-1],
                "direction",
                f"crossing {cid!r} has a row for both directions (line "
                f"{t.lines[idx[dirs.index('')]]}) and per-direction rows",
            )
        elif len(idx) == 1 and (m := DIRECTION.match(dirs[0])) is not None:
            a, b = m.group(1), m.group(2)
            t.error(idx[0], "direction", f"crossing {cid!r} has {a}>{b} but no row for {b}>{a}")
        for col, values in same.items():
            for i in idx[1:]:
                if values[i] != values[idx[0]]:
                    t.error(
                        i,
                        col,
                        f"crossing {cid!r} has {col} {values[idx[0]]!r} on line "
                        f"{t.lines[idx[0]]}; every row of one crossing must agree",
                    )


def _status(t: Table, modes: list[str]) -> tuple[list[str], list[str]]:
    """``status`` (default open; the old ``closed`` column: true = closed) and closed_modes."""
    status = t.enum("status", tuple(s.value for s in OperatingStatus), default="open")
    closed = t.bools("closed")
    partial = t.col("closed_modes")
    for i, (row_modes, part) in enumerate(zip(modes, partial, strict=True)):
        if closed[i]:
            status[i] = OperatingStatus.CLOSED.value
        if part == "":
            continue
        shut, have = split_pipe(part), split_pipe(row_modes)
        if not set(shut) <= set(have):
            t.error(i, "closed_modes", f"{part!r} must be some of the crossing's modes {row_modes}")
        elif set(have) <= set(shut):
            status[i] = OperatingStatus.CLOSED.value
            partial[i] = ""
        else:
            partial[i] = "|".join(m for m in have if m in shut)
    for i, s in enumerate(status):
        if s == OperatingStatus.CLOSED:
            partial[i] = ""
    return status, partial


def check_crossings(
    t: Table, node_country: dict[str, str], links: pd.DataFrame, all_modes: tuple[str, ...]
) -> pd.DataFrame:
    """The typed crossings table (one row per crossing, or per crossing and direction)."""
    ids = t.slugs(unique=False)
    pairs = _places(t, node_country, links)
    modes = _modes(t, "modes", all_modes, required=True)
    directions = _directions(t, pairs)
    _keys(t, ids, directions)
    status, closed_modes = _status(t, modes)
    median, p90 = t.median_p90("dwell_median_h", "dwell_p90_h", BOUNDS["dwell_median_h"])
    return pd.DataFrame(
        {
            "id": ids,
            "node": t.col("node"),
            "countries": t.col("countries"),
            "direction": directions,
            "modes": modes,
            "dwell_median_h": median,
            "dwell_p90_h": p90,
            "fee_usd_teu": t.floats("fee_usd_teu", required=True, bound=BOUNDS["fee_usd_teu"]),
            "capacity_teu_day": t.floats(
                "capacity_teu_day", required=False, bound=BOUNDS["capacity_teu_day"]
            ),
            **{
                name: t.floats(name, required=False, bound=BOUNDS[name])
                for name in ("block_median_h", "block_p90_h", "block_fee_usd_teu")
            },
            "status": status,
            "closed": [s == OperatingStatus.CLOSED for s in status],
            "closed_modes": closed_modes,
            "basis": t.basis(),
            "source": t.nonempty("source"),
            "notes": t.col("notes"),
        }
    )
