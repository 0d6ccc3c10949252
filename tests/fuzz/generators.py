"""Seeded generators of hostile inputs: networks, scenario files and TNTP folders.

Each ``*_case(seed, workdir)`` builds one input from ``seed`` (the same seed gives the same
input), feeds it to corridor and returns ``"accepted"`` (it was used and the answer is
sound: finite, non-negative) or ``"rejected"`` (a :class:`~corridor.errors.CorridorError`
of one line). Anything else raises: that is a crash, the thing the fuzzers look for.
The quick mode (``tests/fuzz/test_fuzz_quick.py``) runs a few hundred cases in CI; the long
mode is ``python tools/fuzz.py`` (see its ``--help``).
"""

from __future__ import annotations

import functools
import math
import random
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import corridor
from corridor.data import path as data_path
from corridor.errors import CorridorError

TINY = data_path("examples/tiny")

NASTY = [
    "NaN", "nan", "inf", "-inf", ".inf", "-.inf", ".nan", "Infinity", "1e308", "-1e308",
    "1.0e+308", "1e-320", "-1", "-0", "0", "", " ", "~", "null", "true", "no", "1" * 400,
    "9" * 5000, "1_000", "0x10", "0o777", "1:30:00", "١٢٣", "Алматы", "💥", "\x00", "*",
    "AA|BB", "AA>BB", "XX", "2025-13-45", "2024-02-29", "12", "1e12", "1.0e+13", "3.4e38",
    "0.15", "4", "100", "-99999999999999999999", "[]", "{}", "[1, 2]", "'quoted'", '"x"',
]  # fmt: skip


class Unsound(AssertionError):
    """An accepted input gave an answer that is not finite or is negative."""


def _run(work: Callable[[], str]) -> str:
    """Run ``work``: its outcome, ``rejected`` for a one-line CorridorError; warnings are
    errors (a warning on stderr is a defect too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return work()
        except CorridorError as exc:
            text = str(exc)
            if "\n" in text or not text.strip():
                msg = f"error of {text.count(chr(10)) + 1} lines: {text[:200]!r}"
                raise AssertionError(msg) from None
            return "rejected"


def _route(network: Any, origin: str, destination: str) -> Any:
    from corridor.paths.route import route  # the function (corridor.route may be shadowed)

    return route(network, origin, destination)


def _check_route(route: Any) -> None:
    t = route.totals
    for name in ("time_h", "cost_usd", "distance_km"):
        value = float(getattr(t, name))
        if not math.isfinite(value) or value < 0:
            raise Unsound(f"route {name} = {value}")


# ---------------------------------------------------------------------------- networks


@functools.cache
def _tiny_raw() -> dict[str, pd.DataFrame]:
    from corridor.io.csv_tables import read_raw_table
    from corridor.network.schema import ALL_TABLES

    return {
        name: read_raw_table(TINY / spec.file)
        for name, spec in ALL_TABLES.items()
        if (TINY / spec.file).exists()
    }


def network_case(seed: int, workdir: Path) -> str:
    """Mutate one to three cells (or rows) of the tiny network's tables, load, route."""
    from corridor.io.csv_tables import LINE
    from corridor.network.calendar import on_date
    from corridor.network.model import Network
    from corridor.network.schema import ALL_TABLES
    from corridor.network.validate import validate_tables

    rng = random.Random(f"network-{seed}")
    raw = dict(_tiny_raw())
    for _ in range(rng.randint(1, 3)):
        table = rng.choice([t for t in raw if len(raw[t])])
        frame = raw[table].copy()
        row = rng.randrange(len(frame))
        pick = rng.random()
        if pick < 0.1:  # duplicate a row
            frame = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
        elif pick < 0.2 and len(frame) > 1:  # drop a row
            frame = frame.drop(frame.index[row]).reset_index(drop=True)
        else:
            column = rng.choice([c for c in frame.columns if c != LINE])
            if rng.random() < 0.7:
                value = rng.choice(NASTY)
            else:
                other = rng.choice(list(raw))
                cols = [c for c in raw[other].columns if c != LINE]
                value = str(rng.choice(raw[other][rng.choice(cols)].tolist()))
            frame.iloc[row, frame.columns.get_loc(column)] = value
        raw[table] = frame

    def work() -> str:
        typed, report = validate_tables(raw, TINY)
        if report.errors:
            return "rejected"
        net = Network(*[typed[k] for k in ALL_TABLES], source="fuzz")
        origin, destination = rng.sample(["a", "b", "c", "d", "e"], 2)
        for day_net in (net, on_date(net, rng.choice(["2025-11-01", "2025-12-25", "2026-06-01"]))):
            try:
                _check_route(_route(day_net, origin, destination))
            except corridor.NoRouteError:
                pass
        return "accepted"

    return _run(work)


# ---------------------------------------------------------------------------- scenarios

_LINKS = ["ab_rail", "bc_rail", "cd_rail", "ae_road", "ed_road", "nope"]
_CROSSINGS = ["b_rail", "e_road", "zz"]


def _value(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(["0", "0.5", "1", "2", "10", "100", "1e3", "-1"])
    return rng.choice(NASTY)


def _edit(rng: random.Random) -> str:
    kind = rng.choice(
        [
            "open_links", "close_links", "set_status", "set_link", "close_crossings",
            "open_crossings", "scale_crossings", "set_crossings", "close_country",
            "set_parameter", "scale_transfers", "set_transfers", "add_links", "add_nodes",
            "teleport",
        ]
    )  # fmt: skip
    links = f"[{', '.join(rng.sample(_LINKS, rng.randint(1, 3)))}]"
    fields = {
        "open_links": f"links: {links}",
        "close_links": f"links: {links}",
        "set_status": f"links: {links}, status: {rng.choice(['closed', 'planned', 'x'])}",
        "set_link": f"links: {links}, {rng.choice(['speed_kmh', 'speed_factor', 'tariff_factor', 'capacity_teu_day'])}: {_value(rng)}",
        "close_crossings": rng.choice(
            ["countries: AA|BB", f"crossings: [{rng.choice(_CROSSINGS)}]", "countries: A|B"]
        ),
        "open_crossings": f"crossings: [{rng.choice(_CROSSINGS)}]",
        "scale_crossings": f"countries: AA|BB, dwell: {_value(rng)}, fee: {_value(rng)}",
        "set_crossings": f"crossings: [b_rail], dwell_median_h: {_value(rng)}, dwell_p90_h: {_value(rng)}",
        "close_country": f"country: {rng.choice(['AA', 'BB', 'ZZ', 'A'])}",
        "set_parameter": f"name: {rng.choice(['speed_kmh', 'tariff_usd_teu_km', 'nope'])}, {rng.choice(['value', 'factor'])}: {_value(rng)}, mode: rail",
        "scale_transfers": f"kind: {rng.choice(['gauge', 'mode', 'all', 'x'])}, time: {_value(rng)}",
        "set_transfers": f"node: b, time_median_h: {_value(rng)}, time_p90_h: {_value(rng)}",
        "add_links": f"[{{id: x{rng.randint(0, 9)}, from: a, to: {rng.choice(['d', 'e', 'zz'])}, mode: rail, length_km: {_value(rng)}, length_basis: estimate, status: existing, source: fuzz}}]",
        "add_nodes": f"[{{id: n{rng.randint(0, 9)}, name: N, country: AA, lat: {_value(rng)}, lon: 60, kind: city, source: fuzz}}]",
        "teleport": "{}",
    }[kind]
    body = fields if kind.startswith("add_") else f"{{{fields}}}"
    return f"  - {kind}: {body}\n"


def _hostile(rng: random.Random) -> str:
    depth = rng.randint(20, 2000)
    n = rng.randint(2, 12)
    bomb = ["name: b", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, n):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    choices = [
        "\n".join(bomb) + "\n",
        "name: x\nedits: &a [*a]\n",
        "name: x\nedits: " + "[" * depth + "]" * depth + "\n",
        "name: x\nedits: " + "{a: " * depth + "1" + "}" * depth + "\n",
        "name: x\nedits:\n  - set_link: {links: [ab_rail], speed_kmh: " + "9" * rng.randint(30, 6000) + "}\n",
        "name: x\nname: y\n",
        "name: !!python/object/apply:os.system [echo]\n",
        "name: x\n---\nname: y\n",
        "name: x\nbase: self.yaml\n",
        "name: x\nbase: [nope.yaml]\n",
        "name: x\nbase: /\n",
        "name: x\nnetwork: /dev/null\n",
        "? [a]\n: 1\n",
        "name: x\nedits: [" + ", ".join(["1"] * rng.randint(1, 150_000)) + "]\n",
        "name: " + "x" * rng.randint(1, 1_200_000) + "\n",
        "name: x\nx: &a 1\nedits: [" + ", ".join(["*a"] * rng.randint(1, 100_000)) + "]\n",
        "".join(chr(rng.randint(0, 0x2FF)) for _ in range(rng.randint(0, 400))),
        "name: x\nedits:\n" + "".join("  - close_links: {links: [ab_rail]}\n" for _ in range(rng.randint(1900, 2100))),
    ]  # fmt: skip
    return rng.choice(choices)


@functools.cache
def _shipped_texts() -> tuple[str, ...]:
    return tuple(p.read_text() for p in sorted(data_path("scenarios").glob("*.yaml")))


def _mutated_text(rng: random.Random) -> str:
    text = list(rng.choice(_shipped_texts()))
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(text) + 1)
        pick = rng.random()
        char = rng.choice([*":-[]{}&*!|>#'\"\n \t,?%@`0123456789.e", "\x00", "é"])
        if pick < 0.4:
            text.insert(at, char)
        elif pick < 0.7 and at < len(text):
            del text[at]
        elif at < len(text):
            text[at] = char
    return "".join(text)


@functools.cache
def _tiny_network() -> corridor.Network:
    return corridor.load(TINY)


def scenario_case(seed: int, workdir: Path) -> str:
    """A generated, hostile or mutated scenario file: read it, apply it to the tiny
    network (or its own base), route."""
    from corridor.scenarios import load_scenario
    from corridor.scenarios.apply import (
        apply,  # the function: the package attribute can be the module
    )

    rng = random.Random(f"scenario-{seed}")
    pick = rng.random()
    if pick < 0.45:
        text = f"name: fuzz {seed}\nbase: {rng.choice(['default', '[]', 'tiny_net'])}\nedits:\n"
        text += "".join(_edit(rng) for _ in range(rng.randint(0, 6)))
    elif pick < 0.7:
        text = _hostile(rng)
    else:
        text = _mutated_text(rng)
    folder = workdir / "scenario"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "tiny_net").symlink_to(TINY, target_is_directory=True)
    path = folder / "self.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))

    def work() -> str:
        sc = load_scenario(path)
        base = _tiny_network() if sc.network.resolve() == TINY.resolve() else None
        if base is None:  # the shipped network: too slow to compile per case; read only
            return "accepted"
        net = apply(base, sc)
        try:
            _check_route(_route(net, "a", "d"))
        except corridor.NoRouteError:
            pass
        return "accepted"

    return _run(work)


# ---------------------------------------------------------------------------- TNTP


def _tntp_texts(rng: random.Random) -> dict[str, str]:
    n = rng.randint(2, 12)
    zones = rng.randint(1, n)
    links = []
    for _ in range(rng.randint(1, 4 * n)):
        a, b = rng.randint(1, n), rng.randint(1, n)
        cap = rng.choice(["100", "1000", "25900.2", "1", "0.001"])
        b_par = rng.choice(["0.15", "0", "1", "2.17e-9"])
        power = rng.choice(["4", "1", "0", "16.83"])
        fields = [
            str(a),
            str(b),
            cap,
            str(rng.randint(0, 20)),
            str(rng.uniform(0, 10)),
            b_par,
            power,
            "0",
            "0",
            "1",
        ]
        links.append(fields)
    trips: dict[int, dict[int, str]] = {}
    for _ in range(rng.randint(0, zones * zones)):
        o, d = rng.randint(1, zones), rng.randint(1, zones)
        trips.setdefault(o, {})[d] = rng.choice(["1", "10", "0", "250.5"])
    header = {
        "NUMBER OF ZONES": str(zones),
        "NUMBER OF NODES": str(n),
        "FIRST THRU NODE": str(rng.randint(1, zones + 1)),
        "NUMBER OF LINKS": str(len(links)),
    }
    total = sum(float(f) for row in trips.values() for f in row.values())
    trip_header = {"NUMBER OF ZONES": str(zones), "TOTAL OD FLOW": f"{total!r}"}
    # mutations
    for _ in range(rng.randint(0, 3)):
        what = rng.random()
        if what < 0.3:
            key = rng.choice(list(header))
            header[key] = rng.choice([*NASTY, "1e11", "1e9", "100000000000", str(n + 5)])
        elif what < 0.45:
            trip_header[rng.choice(list(trip_header))] = rng.choice(NASTY)
        elif what < 0.8 and links:
            row = rng.choice(links)
            row[rng.randrange(len(row))] = rng.choice([*NASTY, "1e308", "400", "1e-308", "0"])
        elif links:
            links.pop(rng.randrange(len(links)))
    net = "".join(f"<{k}> {v}\n" for k, v in header.items()) + "<END OF METADATA>\n\n"
    net += "~ init term cap len fft b power speed toll type ;\n"
    net += "".join("\t" + "\t".join(r) + "\t;\n" for r in links)
    tr = "".join(f"<{k}> {v}\n" for k, v in trip_header.items()) + "<END OF METADATA>\n\n"
    for o, row in trips.items():
        tr += f"Origin {o}\n" + "".join(f"    {d} : {f};" for d, f in row.items()) + "\n"
    return {"F_net.tntp": net, "F_trips.tntp": tr}


def tntp_case(seed: int, workdir: Path) -> str:
    """A random small TNTP folder, perhaps with a broken header, field or file; read and
    assign it (a few iterations)."""
    from corridor.assign import assign_tntp
    from corridor.io.tntp import read_folder

    rng = random.Random(f"tntp-{seed}")
    folder = workdir / "tntp"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in _tntp_texts(rng).items():
        if rng.random() < 0.03:
            continue  # a missing file
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")

    def work() -> str:
        f = read_folder(folder)
        result = assign_tntp(
            f,
            algorithm=rng.choice(["gp", "bfw", "fw", "aon"]),
            gap=1e-4,
            max_iter=15,
            unreachable=rng.choice(["error", "drop"]),
        )
        values = np.concatenate([result.flows, result.costs, [result.gap, result.objective]])
        if not np.isfinite(values).all() or (result.flows < -1e-9).any():
            raise Unsound("assignment result not finite or negative")
        return "accepted"

    return _run(work)


KINDS: dict[str, Callable[[int, Path], str]] = {
    "network": network_case,
    "scenario": scenario_case,
    "tntp": tntp_case,
}
