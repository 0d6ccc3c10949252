"""``corridor network validate|info [PATH]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli._context import NoCacheMemoryOpt

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

    from corridor.network.model import Network

from corridor.cli._app import network_app

PathArg = Annotated[
    Path | None,
    typer.Argument(help="Network folder (six CSV files); default: the shipped network."),
]


@network_app.command("validate")
def validate(path: PathArg = None) -> None:
    """Check a network folder: every problem as one line naming file, line and column.

    \b
    Examples:
      corridor network validate
      corridor network validate path/to/my_network
    """
    import corridor
    from corridor.data import path as data_path
    from corridor.network import Network, check_dir

    folder = path if path is not None else data_path("network")
    report = check_dir(folder)
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    if report.errors:
        for e in report.errors:
            typer.echo(f"error: {e}", err=True)
        raise SystemExit(1)
    net = Network.from_dir(folder)
    graph = corridor.compile(net)  # gauge breaks without a transfer row fail here
    typer.echo(
        f"ok: {folder}: {len(net.nodes)} nodes, {len(net.links)} links, {len(net.crossings)} crossings, "
        f"{len(net.transfers)} transfers, {len(net.parameters)} parameters, {len(net.corridors)} corridors; "
        f"graph {graph.n_vertices} vertices, {graph.n_edges} edges; {len(report.warnings)} warning(s)"
    )


@network_app.command("info")
def info(
    path: PathArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    no_cache: NoCacheMemoryOpt = False,
) -> None:
    """Summarise a network: coverage by country (places, links, crossings, km by mode and
    by length basis: published, derived, estimate); counts by mode and status.

    Border links count in both countries, their km split at the frontier point.

    \b
    Examples:
      corridor network info
      corridor network info path/to/my_network --json
    """
    from rich.table import Table

    import corridor
    from corridor.cli._render import wide_console
    from corridor.network.coverage import coverage

    net = corridor.load(path)
    summary = net.summary()
    cov = coverage(net)
    as_of = net.as_of.isoformat() if net.as_of is not None else None
    if as_json:
        doc = {
            **summary,
            "network_as_of": as_of,
            "coverage": {str(c): row for c, row in cov.to_dict("index").items()},
        }
        typer.echo(json.dumps(doc, indent=2, default=_plain, ensure_ascii=False))
        return
    console = wide_console()
    console.print(
        f"[bold]{summary['source']}[/bold]: {summary['nodes']} places, {summary['links']} links, "
        f"{_crossings(net)}, {summary['transfers']} transfers, {summary['corridors']} corridors"
    )
    console.print(f"network as of {as_of}" if as_of else "network date not given")
    _coverage_tables(console, cov, (len(net.nodes), len(net.links), net.crossings["id"].nunique()))
    for title, key in (
        ("places by country", "nodes_by_country"),
        ("links by country (border links as A-B)", "links_by_country"),
        ("places by kind", "nodes_by_kind"),
        ("links by mode", "links_by_mode"),
        ("links by status", "links_by_status"),
        ("link lengths by basis", "length_basis"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column(key.split("_by_")[-1] if "_by_" in key else "basis")
        table.add_column("count", justify="right")
        counts = summary[key]
        assert isinstance(counts, dict)
        for k, v in counts.items():
            table.add_row(str(k), str(v))
        console.print(table)
    table = Table(title="km by mode and status", title_justify="left")
    for col in ("mode", "status", "km"):
        table.add_column(col, justify="right" if col == "km" else "left")
    kms = summary["km_by_mode_status"]
    assert isinstance(kms, dict)
    for k, v in kms.items():
        mode, status = k.split("/")
        table.add_row(mode, status, f"{v:,.0f}")
    console.print(table)


def _crossings(net: Network) -> str:
    """``80 crossings (99 rows: per direction where the data has it)``: the count the
    coverage table's ``all`` row gives, and the rows behind it."""
    unique, rows = net.crossings["id"].nunique(), len(net.crossings)
    return f"{unique} crossings" + (
        f" ({rows} rows: per direction where known)" if rows != unique else ""
    )


def _coverage_tables(console: Console, cov: pd.DataFrame, counts: tuple[int, int, int]) -> None:
    """Coverage by country in two tables that fit 80 columns: counts and km by mode; km by
    length basis (border links split at the frontier). The ``all`` row counts each place,
    link and crossing once (``counts``)."""
    from rich.table import Table

    parts = (
        (
            "coverage by country (border links in both countries, km split at the frontier)",
            [("places", "nodes"), ("links", "links"), ("crossings", "crossings"), ("km", "km")]
            + [(m, f"km_{m}") for m in ("rail", "road", "sea", "ferry")],
        ),
        (
            "km by length basis (operating links) and planned km",
            [(b, f"km_{b}") for b in ("published", "derived", "estimate")]
            + [("estimate %", "estimate_share"), ("planned", "km_planned")],
        ),
        (
            "crossings on borrowed figures (basis=proxy)",
            [("crossings", "crossings"), ("proxy", "proxy_crossings"), ("proxy %", "proxy_share")],
        ),
    )
    for title, cols in parts:
        table = Table(title=title, title_justify="left")
        table.add_column("ctry")
        for head, _ in cols:
            table.add_column(head, justify="right")
        total = cov.sum(numeric_only=True)
        km = float(total["km"])
        total["estimate_share"] = float(total["km_estimate"]) / km if km else 0.0
        both = float(total["crossings"])
        total["proxy_share"] = float(total["proxy_crossings"]) / both if both else 0.0
        total["nodes"], total["links"], total["crossings"] = counts
        total["proxy_crossings"] = round(total["proxy_share"] * counts[2])
        for country, row in [*cov.iterrows(), ("all", total)]:
            table.add_row(str(country), *(_cell(col, float(row[col])) for _, col in cols))
        console.print(table)


def _cell(col: str, value: float) -> str:
    if col in ("estimate_share", "proxy_share"):
        return f"{100 * value:.0f}"
    return f"{value:,.0f}"


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    return str(value)
