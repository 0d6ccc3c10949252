"""``corridor network validate|info [PATH]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

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
    from corridor.data import path as data_path
    from corridor.graph.compiler import compile as compile_graph
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
    graph = compile_graph(net)  # gauge breaks without a transfer row fail here
    typer.echo(
        f"ok: {folder}: {len(net.nodes)} nodes, {len(net.links)} links, {len(net.crossings)} crossings, "
        f"{len(net.transfers)} transfers, {len(net.parameters)} parameters, {len(net.corridors)} corridors; "
        f"graph {graph.n_vertices} vertices, {graph.n_edges} edges; {len(report.warnings)} warning(s)"
    )


@network_app.command("info")
def info(
    path: PathArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Summarise a network: counts by country, mode and status; km by mode and status.

    \b
    Examples:
      corridor network info
      corridor network info path/to/my_network --json
    """
    from rich.table import Table

    from corridor.cli._render import wide_console
    from corridor.network import load

    net = load(path)
    summary = net.summary()
    if as_json:
        typer.echo(json.dumps(summary, indent=2, default=_plain))
        return
    console = wide_console()
    console.print(
        f"[bold]{summary['source']}[/bold]: {summary['nodes']} places, {summary['links']} links, "
        f"{summary['crossings']} crossings, {summary['transfers']} transfers, {summary['corridors']} corridors"
    )
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


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    return str(value)
