"""``corridor trade``: what a scenario's change in transport cost and time does to
bilateral trade (structural gravity, a range), against stated targets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, ForceOpt, check_out


@app.command("trade")
def trade_cmd(
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="The scenario (default: none).")
    ] = None,
    date: DateOpt = None,
    pair: Annotated[
        list[str] | None,
        typer.Option(
            "--pair",
            help="Country pair, e.g. KZ:PK (repeat or comma-separate; default: the pairs "
            "with a stated target in economics/trade_targets.csv).",
        ),
    ] = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Write the trade-effect chart (.svg or .png).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")] = False,
    force: ForceOpt = False,
) -> None:
    """Change in bilateral trade from a scenario's change in trade cost: freight cost as a
    share of cargo value plus the time cost of transit (Hummels & Schaur, per day ad
    valorem) over the routes between the two countries' places, per commodity segment;
    structural-gravity elasticity (Head & Mayer) with its range. Baseline trade from the
    trade base (with whose statistics), the change as a range, the share of a stated target
    it closes.

    \b
    Examples:
      corridor trade
      corridor trade --scenario trans_afghan_built --date 2025-06-01
      corridor trade -s pk_af_crossings_open --pair KZ:PK --pair UZ:PK --json
      corridor trade -s border_facilitation --pair KZ:CN,UZ:AF --chart trade.svg
    """
    from corridor.analysis.trade import TradeRequest, parse_pairs, trade_effects
    from corridor.errors import InputError

    try:
        pairs = parse_pairs(pair or [])
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from None
    if chart is not None:
        check_out(chart, force=force)
    result = trade_effects(TradeRequest(pairs=pairs, scenario=scenario, date=date))
    doc = result.to_dict()
    if chart is not None:
        from corridor.report.charts import save_figure
        from corridor.report.economics import trade_chart

        save_figure(trade_chart(doc), chart)
    if as_json:
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    _print(doc)
    if chart is not None:
        typer.echo(f"wrote {chart}")


def _print(doc: dict[str, Any]) -> None:
    import textwrap

    from rich.table import Table

    from corridor.cli._render import wide_console
    from corridor.report.economics import trade_rows

    rows = trade_rows(doc)
    theta = doc["trade_elasticity"]
    console = wide_console()
    console.print(
        f"trade effect of {doc['scenario'] or 'no scenario'} on {doc['date']} "
        f"(elasticity {theta['low']:g}-{theta['central']:g}-{theta['high']:g}; "
        "freight and time as % of cargo value, before>after)"
    )
    first = ["pair", "baseline US$ m", "freight %", "days", "time %"]
    second = ["pair", "Δ trade US$ m", "target", "gap closed %", "basis"]
    for cols in (first, second):
        table = Table()
        for c in cols:
            wide = max([len(c)] + [len(r[c]) for r in rows])
            if c == "basis":
                table.add_column(c, overflow="fold")
            else:  # numbers are never cut: their columns keep their full width
                if c == "pair":
                    table.add_column(c, no_wrap=True, min_width=wide)
                else:
                    table.add_column(c, justify="right", no_wrap=True, min_width=wide)
        for r in rows:
            table.add_row(*[r[c] for c in cols])
        console.print(table)
    from corridor.report.economics import trade_notes

    for line in trade_notes(doc):
        typer.echo(textwrap.fill(line, width=80, subsequent_indent="  "))
