"""Route summaries of the issue-9 closing note (docs/network-v2.md), as a Markdown table.

Runs on this checkout or, with ``PYTHONPATH=<old checkout>/src``, on an older network whose
``corridor.route`` takes ``modes=`` instead of ``options=`` and has no calendar (the date
column then shows "—" and dated rows repeat the undated route):

    .venv/bin/python tools/route_summaries.py
    git worktree add /tmp/before aa4b045
    PYTHONPATH=/tmp/before/src .venv/bin/python tools/route_summaries.py
"""

from __future__ import annotations

import inspect
from typing import Any

import corridor
from corridor.errors import CorridorError

AS_OF = "as_of"
QUERIES = [
    ("Almaty–Karachi (network as of)", "kz_almaty", "pk_karachi", None, AS_OF),
    ("Almaty–Karachi (normal operations)", "kz_almaty", "pk_karachi", None, "2025-06-01"),
    ("Kashgar–Islamabad road", "cn_kashgar", "pk_islamabad", "road", "2024-01-15"),
    ("Kashgar–Islamabad road", "cn_kashgar", "pk_islamabad", "road", "2025-01-15"),
    ("Khorgos–Istanbul road", "cn_khorgos", "tr_istanbul", "road", AS_OF),
    ("Khorgos–Istanbul (all modes)", "cn_khorgos", "tr_istanbul", None, AS_OF),
    ("Tashkent–Chabahar", "uz_tashkent", "ir_chabahar", None, AS_OF),
    ("Astana–Almaty rail", "kz_astana", "kz_almaty", "rail", AS_OF),
    ("Moscow–Tashkent (all modes)", "ru_moscow", "uz_tashkent", None, AS_OF),
    ("Moscow–Tashkent rail", "ru_moscow", "uz_tashkent", "rail", AS_OF),
    ("Bishkek–Kashgar road", "kg_bishkek", "cn_kashgar", "road", AS_OF),
    ("Dushanbe–Karachi road", "tj_dushanbe", "pk_karachi", "road", AS_OF),
    ("Dushanbe–Karachi road", "tj_dushanbe", "pk_karachi", "road", "2025-06-01"),
]


def summaries() -> list[dict[str, Any]]:
    """One dict per query: time, cost, km, borders, countries and crossings, or why not."""
    new = "options" in inspect.signature(corridor.route).parameters
    base = corridor.load(date="undated")  # each query evaluates its own day
    ids = set(base.nodes["id"])
    out: list[dict[str, Any]] = []
    for label, a, b, mode, day in QUERIES:
        net, shown = base, "—"
        if new:
            from corridor.network.calendar import on_day

            net = on_day(base, None if day == AS_OF else day)
            shown = net.date.isoformat() if net.date else "—"
        row: dict[str, Any] = {"query": label, "date": shown}
        missing = [p for p in (a, b) if p not in ids]
        if missing:
            out.append({**row, "result": "no such place: " + ", ".join(missing)})
            continue
        kw: dict[str, Any] = {}
        if mode:
            kw = {"options": corridor.RouteOptions(modes=(mode,))} if new else {"modes": mode}
        try:
            r = corridor.route(net, a, b, **kw)
        except CorridorError as exc:
            out.append({**row, "result": "no route (" + str(exc).split(";")[0][:70] + ")"})
            continue
        t = r.totals
        row.update(
            time_h=t.time_h,
            cost_usd=t.cost_usd,
            km=t.distance_km,
            borders=t.borders,
            countries="-".join(r.countries),
            crossings=", ".join(r.crossings) or "none",
        )
        out.append(row)
    return out


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| query | date | time | USD/TEU | km | borders | countries (crossings) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        head = f"| {r['query']} | {r['date']} |"
        if "result" in r:
            lines.append(f"{head} {r['result']} | | | | |")
            continue
        lines.append(
            f"{head} {r['time_h']:.0f} h ({r['time_h'] / 24:.1f} d) | {r['cost_usd']:,.0f} | "
            f"{r['km']:,.0f} | {r['borders']} | {r['countries']} ({r['crossings']}) |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(summaries()))
