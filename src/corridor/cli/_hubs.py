"""``corridor hubs``: transit volume per country, gateways, dependence and fallbacks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, ForceOpt, check_out


@app.command("hubs")
def hubs_cmd(
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Compare with this scenario.")
    ] = None,
    segment: Annotated[
        str,
        typer.Option(
            "--segment",
            help="Commodity segment of the demand model (container, dry_bulk, liquid_bulk, "
            "metals) or all (every carried segment, summed in TEU slots and tonnes).",
        ),
    ] = "all",
    date: DateOpt = None,
    country: Annotated[
        str, typer.Option("--country", help="Country whose gateways and dependence to print.")
    ] = "KZ",
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Write the transit chart (.svg or .png).")
    ] = None,
    geojson: Annotated[
        Path | None, typer.Option("--geojson", help="Write the transit map layer (GeoJSON).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")] = False,
    force: ForceOpt = False,
) -> None:
    """Transit: TEU and tonnes per year each country carries for others (best routes of the
    region's demand), its gateways and links, each country's dependence on each transit
    country and the next route if that country closes; with --scenario, how it changes.

    \b
    Examples:
      corridor hubs
      corridor hubs --scenario ktap_built --date 2025-06-01
      corridor hubs --country PK --segment container --json
      corridor hubs -s middle_corridor_upgrade --chart transit.svg --geojson transit.geojson
    """
    from corridor.analysis.hubs import HubsRequest, hubs

    for target in (chart, geojson):
        if target is not None:
            check_out(target, force=force)
    h = hubs(HubsRequest(scenario=scenario, date=date, segment=segment))
    doc = h.to_dict()
    written = _write(doc, h.to_geojson(), chart, geojson)
    if as_json:
        doc["written"] = written
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    _print(doc, country.upper())
    for p in written:
        typer.echo(f"wrote {p}")


def _write(
    doc: dict[str, Any], layer: dict[str, Any], chart: Path | None, geojson: Path | None
) -> list[str]:
    out = []
    if chart is not None:
        from corridor.report.charts import save_figure
        from corridor.report.economics import hubs_chart

        save_figure(hubs_chart(doc), chart)
        out.append(str(chart))
    if geojson is not None:
        from corridor.report.outputs import atomic_file

        with atomic_file(geojson) as tmp:
            tmp.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
        out.append(str(geojson))
    return out


def _print(doc: dict[str, Any], country: str) -> None:
    import textwrap

    from rich.table import Table

    from corridor.cli._render import wide_console
    from corridor.report.economics import hubs_lines

    after = doc["after"] is not None
    table = Table(title=f"transit per year ({doc['date']}, {doc['segment']})")
    cols = ["country", "TEU base", "Mt base"] + (["TEU after", "Δ TEU"] if after else [])
    for c in cols:
        table.add_column(c, justify="left" if c == "country" else "right")
    for r in doc["transit_change"]:
        cells = [
            r["country"],
            f"{r['transit_teu_year_base']:,.0f}",
            f"{r['transit_t_year_base'] / 1e6:,.1f}",
        ]
        if after:
            cells += [f"{r['transit_teu_year_after']:,.0f}", f"{r['delta_teu_year']:+,.0f}"]
        table.add_row(*cells)
    wide_console().print(table)
    for line in hubs_lines(doc, country):
        typer.echo(textwrap.fill(line, width=80, subsequent_indent="  "))
