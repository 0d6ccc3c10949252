"""``corridor validate-data``: published figures against what the model computes today."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli._app import app


@app.command("validate-data")
def validate_data(
    network: Annotated[
        Path | None, typer.Option("--network", help="Network folder; default: the shipped network.")
    ] = None,
    parameters: Annotated[
        Path | None,
        typer.Option("--parameters", help="Parameters CSV applied on top (e.g. fitted rates)."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Only one kind: distance, time, price, border_time, speed."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Every published figure vs the model, the deviation, and how far to trust the numbers.

    \b
    Examples:
      corridor validate-data
      corridor validate-data --json
    """
    from corridor.calibration import evaluate, family_summary, load_figures, summary_line
    from corridor.calibration.figures import KINDS
    from corridor.calibration.fit import apply_parameters, read_parameters
    from corridor.errors import InputError

    if kind is not None and kind not in KINDS:
        msg = f"unknown kind {kind!r}; choose from {list(KINDS)}"
        raise InputError(msg)
    import corridor

    # the figures were fitted on the tables as given (no calendar day)
    net = corridor.load(network, date="undated")
    if parameters is not None:
        net = apply_parameters(net, read_parameters(str(parameters)))
    figs = load_figures()
    table = evaluate(net, figs if kind is None else figs[figs["kind"] == kind])
    line = summary_line(table)
    if as_json:
        rows = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in table.to_dict("records")
        ]
        families = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in family_summary(table).to_dict("records")
        ]
        doc = {"summary": line, "families": families, "figures": rows}
        typer.echo(json.dumps(doc, indent=2, default=str))
        return
    from rich.table import Table

    from corridor.cli._render import wide_console

    out = Table(title=f"published figures vs corridor ({net.source})", title_justify="left")
    for col in ("id", "kind", "trip", "published", "unit", "model", "dev", "status"):
        out.add_column(col, justify="right" if col in ("published", "model", "dev") else "left")
    for r in table.to_dict("records"):
        dev = r["deviation"]
        out.add_row(
            r["id"],
            r["kind"],
            f"{r['from']} -> {r['to']}",
            f"{r['value']:,.1f}" if not math.isnan(r["value"]) else "",
            r["unit"],
            f"{r['model']:,.1f}" if not math.isnan(r["model"]) else "",
            f"{100 * (math.exp(dev) - 1):+.0f}%" if not math.isnan(dev) else "",
            _status(r["status"], r["id"], r["reason"]),
        )
    console = wide_console()
    console.print(out)
    console.print(_family_table(family_summary(table)))
    console.print(line)
    console.print(
        "off (known): a data or model issue named in docs/validation.md with its fix; "
        "tolerances and the fit are explained there.",
        highlight=False,
    )


def _family_table(fam: Any) -> Any:
    """Median absolute time and price deviation per family, fit and held-out apart."""
    from rich.table import Table

    out = Table(title="median |deviation| by family (fit / held-out / all)", title_justify="left")
    for col in ("family", "split", "times", "time dev", "prices", "price dev"):
        out.add_column(col, justify="left" if col in ("family", "split") else "right")

    def pct(v: float) -> str:
        return "" if math.isnan(v) else f"{v:.0f}%"

    for r in fam.to_dict("records"):
        out.add_row(
            r["family"],
            r["split"],
            str(r["time_n"]),
            pct(r["time_median_abs_dev_pct"]),
            str(r["price_n"]),
            pct(r["price_median_abs_dev_pct"]),
        )
    return out


def _status(status: str, fid: str, reason: str) -> str:
    """The status cell: ok, off, off (known) for a documented issue, or skipped: why."""
    from corridor.calibration.evaluate import KNOWN_DATA_ISSUES

    if status == "skipped":
        return f"skipped: {reason}"
    if status == "off" and fid in KNOWN_DATA_ISSUES:
        return "off (known)"
    return status
