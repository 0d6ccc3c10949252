"""``corridor report``: the corridors between two places as one self-contained HTML file."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, ForceOpt, NoCacheMemoryOpt, check_out
from corridor.cli._route import NetworkOpt, ScenarioOpt, UnitOpt, resolve_places
from corridor.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from matplotlib.figure import Figure

    from corridor.analysis.compare import Comparison
    from corridor.graph.model import Graph
    from corridor.network.model import Network
    from corridor.report.html import Section


@app.command("report")
def report_cmd(
    origin: Annotated[str, typer.Argument(help="From: place id or name (case-insensitive).")],
    destination: Annotated[str, typer.Argument(help="To: place id or name.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="The HTML file to write (refused if it exists, see --force)."
        ),
    ] = Path("report.html"),
    include_planned: Annotated[
        bool,
        typer.Option("--include-planned", help="Also use planned and under-construction links."),
    ] = False,
    scenario: ScenarioOpt = None,
    date: DateOpt = None,
    unit: Annotated[
        UnitOpt, typer.Option("--unit", help="Count money and CO2 per TEU or per tonne.")
    ] = UnitOpt.teu,
    network: NetworkOpt = None,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Also write the charts and the table as a PDF beside it."),
    ] = False,
    force: ForceOpt = False,
    no_cache: NoCacheMemoryOpt = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was written, with the run's context.")
    ] = False,
) -> None:
    """Write one self-contained HTML report comparing the corridors between two places.

    The page holds a map of the compared routes over country outlines, the comparison
    table, the time/cost-distance chart, the P50/P90 transit-time curves, where time and
    money go, the Pareto scatter, the sensitivity chart, and the assumptions and sources.
    It makes no request of any kind (inline SVG and CSS only). Progress goes to stderr.

    \b
    Examples:
      corridor report almaty karachi -o almaty-karachi.html
      corridor report almaty karachi --include-planned --date 2026-06-01 -o planned.html
      corridor report tashkent karachi --unit tonne --pdf -o tk.html
    """
    check_out(out, force=force)
    pdf_path = out.with_suffix(".pdf")
    if pdf:
        if pdf_path == out:
            msg = (
                f"{out}: --pdf writes the charts to {pdf_path.stem}.pdf beside the HTML; "
                "give --out a name ending in .html"
            )
            raise InputError(msg)
        check_out(pdf_path, force=force)
    with _progress() as say:
        say("loading the network")
        import corridor

        net = corridor.load(network, date=date, scenario=scenario)
        graph = corridor.compile(net, unit=unit.value)
        more = _economics(scenario, date, network, say) if scenario is not None else []
        html, figures, c = _build(net, graph, origin, destination, include_planned, say, more)
        say(f"writing {out}")
        from corridor.report.page import write_html

        write_html(html, out)
        if pdf:
            from corridor.report.pdf import write_pdf

            say(f"writing {pdf_path}")
            write_pdf(figures, pdf_path)
    written = [str(out), *([str(pdf_path)] if pdf else [])]
    if as_json:
        payload = {
            "report": str(out),
            "pdf": str(pdf_path) if pdf else None,
            "origin": c.origin,
            "destination": c.destination,
            **c.naming.to_dict(),
            **net.context.to_dict(),
            "include_planned": include_planned,
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        typer.echo(f"wrote {', '.join(written)} ({out.stat().st_size / 1024:,.0f} KB)")


def _build(
    net: Network,
    graph: Graph,
    origin: str,
    destination: str,
    include_planned: bool,
    say: Callable[[str], None],
    more: list[Section] | None = None,
) -> tuple[str, list[Figure], Comparison]:
    from corridor.analysis.report_data import report_data
    from corridor.paths import RouteOptions
    from corridor.report.page import comparison_figures, render_page

    resolve_places(graph, (origin, destination), strict=False)  # guesses said aloud
    options = RouteOptions(include_planned=include_planned)
    data = report_data(graph, origin, destination, options=options, progress=say)
    figures = comparison_figures(data, progress=say)
    say("drawing the map and the page")
    page = render_page(data, graph, figures, network=net, more=more or [])
    return page, list(figures.values()), data.comparison


def _economics(
    scenario: str, date: str | None, network: Path | None, say: Callable[[str], None]
) -> list[Section]:
    """The scenario's trade, hubs and appraisal sections (corridor.report.economics)."""
    from corridor.analysis.appraisal import appraise_scenario
    from corridor.analysis.benefits import DiffRequest
    from corridor.analysis.hubs import HubsRequest, hubs
    from corridor.analysis.trade import TradeRequest, trade_effects
    from corridor.errors import InputError
    from corridor.report.economics import appraisal_section, hubs_section, trade_section
    from corridor.report.html import Section

    folder = None if network is None else str(network)
    say("trade effects of the scenario")
    out = [
        trade_section(
            trade_effects(TradeRequest(scenario=scenario, network=folder, date=date)).to_dict()
        )
    ]
    say("transit and dependence")
    out.append(
        hubs_section(hubs(HubsRequest(scenario=scenario, network=folder, date=date)).to_dict())
    )
    say("appraisal (region diff and Monte Carlo)")
    try:
        a = appraise_scenario(DiffRequest(scenario, network=folder, date=date))
        out.append(appraisal_section(a.to_dict()))
    except InputError as exc:  # a scenario without project costs is not appraised
        out.append(Section("appraisal", "Appraisal (cost-benefit)", "", f"Not appraised: {exc}"))
    return out


@contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    """``say(text)`` shows the step under way on stderr: a rich status line on a terminal,
    else one dim line per step (never on stdout, so ``--json`` stays clean)."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    if not console.is_terminal:
        yield lambda text: console.print(f"report: {text}", style="dim")
        return
    with console.status("report: starting") as status:
        yield lambda text: status.update(f"report: {text}")
