"""``corridor scenario list|show|validate|diff`` (and ``corridor scenarios``, an alias of list)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli._app import EXIT_CODES, app
from corridor.cli._context import DateOpt, ForceOpt, NoCacheMemoryOpt, check_out
from corridor.cli._segment import SegmentOpt, segment_options, segment_value_of_time

if TYPE_CHECKING:
    from corridor.analysis.diff import ScenarioDiff
    from corridor.analysis.od import ODSet
    from corridor.graph.model import Graph

scenario_app = typer.Typer(
    help="Scenarios: list, show, validate, and what they change (diff).\n\n\b\nExamples:\n"
    "  corridor scenario list\n  corridor scenario diff ktap_built",
    no_args_is_help=True,
    epilog=EXIT_CODES,
)
app.add_typer(scenario_app, name="scenario")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")]
NetworkOpt = Annotated[
    Path | None,
    typer.Option("--network", "-n", help="Network folder; default: the scenario's own base."),
]
OdOpt = Annotated[
    Path | None,
    typer.Option(
        "--od",
        help="OD file: origin,destination columns, or an id column (every pair of those places).",
    ),
]
PairsOpt = Annotated[
    str | None, typer.Option("--pairs", help="OD pairs, e.g. almaty:karachi,tashkent:karachi.")
]
DemandOpt = Annotated[
    str | None,
    typer.Option(
        "--demand",
        help="Weight pairs by TEU/year from a demand CSV ('region' = the shipped 2024 table).",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Folder for CSV/JSON outputs and the chart; written whole or not at all; an "
        "existing non-empty folder is refused (see --force).",
    ),
]


class DiffBy(StrEnum):
    time = "time"
    cost = "cost"
    generalised = "generalised"
    p90 = "p90"


def _rows() -> list[dict[str, Any]]:
    from corridor.scenarios import load_scenario, shipped

    rows = []
    for name in shipped():
        sc = load_scenario(name)
        rows.append(
            {
                "id": name,
                "name": sc.name,
                "base": ", ".join(sc.bases) or "default network",
                "edits": len(sc.edits),
                "description": sc.description,
            }
        )
    return rows


@scenario_app.command("list")
def list_cmd(as_json: JsonOpt = False) -> None:
    """List the shipped scenarios.

    \b
    Examples:
      corridor scenario list
      corridor scenario list --json
    """
    rows = _rows()
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    from corridor.cli._render import wide_console

    table = Table()
    for col in ("id", "name", "base", "edits", "description"):
        table.add_column(col, overflow="fold")
    for r in rows:
        text = str(r["description"])
        short = text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + " ..."
        table.add_row(str(r["id"]), str(r["name"]), str(r["base"]), str(r["edits"]), short)
    wide_console().print(table)


@app.command("scenarios")
def scenarios_cmd(as_json: JsonOpt = False) -> None:
    """List the shipped scenarios (same as 'corridor scenario list').

    \b
    Examples:
      corridor scenarios
      corridor scenarios --json
    """
    list_cmd(as_json)


@scenario_app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="A shipped scenario name or a .yaml file.")],
    as_json: JsonOpt = False,
) -> None:
    """Print a scenario's edits in words, each with its source and where it is written.

    \b
    Examples:
      corridor scenario show ktap_built
    """
    from corridor.scenarios import load_scenario

    sc = load_scenario(name)
    edits = [
        {
            "edit": e.kind,
            "words": e.words(),
            "source": e.source or None,
            "from": e.scenario,
            "file": e.file,
            "line": e.line,
        }
        for e in sc.edits
    ]
    if as_json:
        doc = {
            "id": sc.id,
            "name": sc.name,
            "description": sc.description,
            "source": sc.source,
            "bases": list(sc.bases),
            "network": str(sc.network),
            "edits": edits,
        }
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{sc.name} ({sc.id})")
    typer.echo(f"  {sc.description}")
    typer.echo(f"  source: {sc.source or '-'}")
    typer.echo(
        f"  network: {sc.network}" + (f"; inherits {', '.join(sc.bases)}" if sc.bases else "")
    )
    for i, e in enumerate(edits, 1):
        inherited = f" [from {e['from']}]" if e["from"] != sc.id else ""
        typer.echo(f"  {i}. {e['words']}{inherited}")
        typer.echo(f"     source: {e['source'] or sc.source or '-'}")


@scenario_app.command("validate")
def validate_cmd(
    file: Annotated[str, typer.Argument(help="A scenario .yaml file (or a shipped name).")],
    network: NetworkOpt = None,
) -> None:
    """Check a scenario file: its shape, every id against the network, the network after it.

    Problems are one line each naming the file, line and field; nothing is written.

    \b
    Examples:
      corridor scenario validate my_scenario.yaml
      corridor scenario validate ktap_built
    """
    import corridor
    from corridor.scenarios import load_scenario

    sc = load_scenario(file)
    # the tables as given, then the scenario (its ids are checked against every element)
    corridor.load_graph(network, date="undated", scenario=sc, no_cache=True)
    typer.echo(f"ok: {sc.path}: {sc.name!r}, {len(sc.edits)} edit(s) apply to {sc.network}")


def _od(
    graph: Graph,
    od: Path | None,
    pairs: str | None,
    demand: str | None,
    segment: str | None = None,
) -> ODSet:
    from corridor.analysis.od import DEFAULT_DEMAND, od_set
    from corridor.data import path as data_path
    from corridor.paths import place_index

    demand_path = data_path(DEFAULT_DEMAND) if demand == "region" else demand
    return od_set(
        graph.labels.node_ids,
        lambda p: place_index(graph, p),
        od_file=od,
        pairs=pairs,
        demand=demand_path,
        segment=segment or "container",
    )


@scenario_app.command("diff")
def diff_cmd(
    scenario: Annotated[str, typer.Argument(help="The scenario: a shipped name or a .yaml file.")],
    base: Annotated[
        str | None,
        typer.Option("--base", help="Compare against this scenario (default: no scenario)."),
    ] = None,
    od: OdOpt = None,
    pairs: PairsOpt = None,
    by: Annotated[DiffBy, typer.Option("--by", help="What routes minimise.")] = DiffBy.time,
    modes: Annotated[
        str | None,
        typer.Option("--modes", help="Route on these modes only, e.g. rail or rail,road."),
    ] = None,
    demand: DemandOpt = None,
    segment: SegmentOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Changed pairs to print.")] = 15,
    network: NetworkOpt = None,
    date: DateOpt = None,
    as_json: JsonOpt = False,
    out: OutOpt = None,
    force: ForceOpt = False,
    no_cache: NoCacheMemoryOpt = False,
) -> None:
    """What a scenario changes over an OD set: time, cost, CO2, borders and corridor per pair.

    \b
    Examples:
      corridor scenario diff ktap_built
      corridor scenario diff ktap_built --pairs almaty:karachi,tashkent:karachi --by cost
      corridor scenario diff pk_af_crossings_open --demand region -o out/ --json
      corridor scenario diff pk_af_border_closed --date 2025-09-15
      corridor scenario diff cku_railway_built --modes rail --by generalised
      corridor scenario diff trans_afghan_built --demand region --segment dry_bulk --by generalised

    The network is evaluated on --date (default: its as-of date) first; the scenarios
    are applied on top, so their status edits win over the calendar.
    """
    check_out(out, folder=True, force=force)
    import corridor
    from corridor.analysis._modes import ferry_constant, pair_asc, shipped_theta
    from corridor.analysis.diff import corridor_sets, scenario_diff
    from corridor.paths import RouteOptions
    from corridor.scenarios import load_scenario

    sc = load_scenario(scenario)
    folder = network if network is not None else sc.network
    after = corridor.load(folder, date=date, scenario=sc)
    before = corridor.load(folder, date=date, scenario=base)
    g0 = corridor.compile(before)
    od_set = _od(g0, od, pairs, demand, segment)
    lab = g0.labels
    ctry = [lab.countries[int(c)] for c in lab.node_country]
    result = scenario_diff(
        before,
        after,
        od_set,
        by=by.value,
        scenario_name=sc.id,
        base_name=base or "no scenario",
        base_scenario=base,
        base_graph=g0,
        corridors=corridor_sets(corridor.load(folder, date="undated")),
        options=segment_options(RouteOptions(modes=_modes(modes)), segment),
        value_of_time_usd_teu_h=segment_value_of_time(segment, None),
        theta=shipped_theta() if demand is not None else None,
        asc=pair_asc(
            segment or "container",
            [ctry[int(i)] for i in od_set.orig.tolist()],
            [ctry[int(i)] for i in od_set.dest.tolist()],
        ),
        ferry_asc=ferry_constant(segment or "container"),
    )
    written: list[str] = []
    if out is not None:
        from corridor.report.impact import write_diff_outputs

        written = [str(p) for p in write_diff_outputs(result, out, top=top, replace=force)]
    if as_json:
        doc = result.to_dict(top=top)
        doc["written"] = written
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    print_diff(result, top)
    for p in written:
        typer.echo(f"wrote {p}")


def _modes(text: str | None) -> tuple[str, ...] | None:
    """``rail,road`` -> ("rail", "road"); unknown modes fail with the menu."""
    if not text:
        return None
    from corridor.errors import InputError
    from corridor.vocab import Mode

    out = tuple(m.strip().lower() for m in text.split(",") if m.strip())
    bad = sorted(set(out) - {m.value for m in Mode})
    if bad:
        msg = f"unknown mode(s) {bad}; choose from {[m.value for m in Mode]}"
        raise InputError(msg)
    return out


def print_diff(d: ScenarioDiff, top: int) -> None:
    """Summary lines and a table of the largest changes."""

    from corridor.cli._render import wide_console

    console = wide_console()
    s = d.summary
    console.print(
        f"[bold]{d.scenario}[/bold] vs {d.base}, {d.context.describe()}, "
        f"routes by {d.objective}{' on ' + '/'.join(d.modes) if d.modes else ''}; {d.od_label}: "
        f"{s['pairs']} pairs, {s['pairs_changed']} changed, {s['pairs_gained']} gain a "
        f"connection, {s['pairs_lost']} lose one; corridor changes for {s['pairs_corridor_changed']}"
    )
    if d.weighted:
        console.print(
            f"demand-weighted: {s['teu_year_changed']:,.0f} of {s['teu_year']:,.0f} TEU/year change route or "
            f"figures; saved per year: {s['teu_hours_saved_year']:,.0f} TEU-hours, "
            f"US${s['usd_saved_year']:,.0f}, {s['co2_t_saved_year']:,.0f} t CO2e; "
            f"TEU/year gaining a connection {s['teu_year_gained']:,.0f}, losing one {s['teu_year_lost']:,.0f}"
        )
        if "mode_choice_theta" in s:
            console.print(
                f"mode choice (logit, theta {s['mode_choice_theta']:.3g}): TEU/year on rail "
                f"chains {s['rail_teu_year_before']:,.0f} -> {s['rail_teu_year_after']:,.0f}; "
                f"saved per year {s['teu_hours_saved_year_mode_choice']:,.0f} TEU-hours "
                f"(expected over the chains), US${s['usd_saved_year_logsum']:,.0f} (logsum)"
            )
    ch = d.changes().head(top)
    if ch.empty:
        console.print("no pair changes")
        return
    from corridor.cli._tables import Col, fit_table

    heads = [
        ("TEU/yr" if d.weighted else "", True),
        ("Δ h", True),
        ("Δ US$", True),
        ("Δ kg CO2", True),
        ("Δ brd", True),
        ("status", False),
        ("pair", False),
        ("corridor before -> after", False),
    ]
    rows = []
    for r in ch.to_dict(orient="records"):
        cells = [
            f"{r['weight']:,.0f}" if d.weighted else "",
            _num(r["delta_time_h"]),
            _num(r["delta_cost_usd"]),
            _num(r["delta_co2_kg"]),
            _num(r["delta_borders"], 0),
            str(r["status"]),
            f"{r['origin']} -> {r['destination']}",
            f"{r['corridor_before']} -> {r['corridor_after']}",
        ]
        rows.append([c for c, (h, _) in zip(cells, heads, strict=True) if h])
    cols = [Col(h, number=n) for h, n in heads if h]
    console.print(fit_table(cols, rows, console.width))


def _num(x: float, digits: int = 1) -> str:
    if x != x:  # NaN: a pair without a route on one side
        return "-"
    return f"{x:+,.{digits}f}"
