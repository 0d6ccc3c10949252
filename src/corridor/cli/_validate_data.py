"""``corridor validate-data``: published figures against what the model computes today."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli._app import app
from corridor.cli._context import NoCacheMemoryOpt


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
    no_cache: NoCacheMemoryOpt = False,
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
    from corridor.calibration.rates import road_rate_table
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
    rates = road_rate_table(net, figs) if kind in (None, "price") else None
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
        if rates is not None:
            doc["road_rates"] = [
                {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                for r in rates.to_dict("records")
            ]
        typer.echo(json.dumps(doc, indent=2, default=str))
        return
    from corridor.cli._render import wide_console
    from corridor.cli._tables import Col, fit_table

    cols = [
        Col("id"),
        Col("kind"),
        Col("published", number=True),
        Col("model", number=True),
        Col("dev %", number=True),
        Col("unit"),
        Col("status"),
        Col("trip"),
    ]
    cells = [
        [
            str(r["id"]),
            str(r["kind"]),
            _published(r["value"], r["low"], r["high"]),
            _num(r["model"]),
            f"{100 * (math.exp(r['deviation']) - 1):+.0f}" if _known(r["deviation"]) else "",
            str(r["unit"]),
            _status(r["status"], r["id"], r["reason"]),
            f"{r['from']} -> {r['to']}",
        ]
        for r in table.to_dict("records")
    ]
    console = wide_console()
    title = f"published figures vs corridor ({net.source})"
    console.print(fit_table(cols, cells, console.width, title=title))
    console.print(
        "published: the figure, or the range low-high it gives; dev %: the model's distance "
        "from the figure or the nearest end of the range (0 inside it).",
        highlight=False,
    )
    console.print(_family_table(family_summary(table)))
    if rates is not None and len(rates):
        console.print(_rates_table(rates))
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


def _rates_table(rates: Any) -> Any:
    """Road rate per country against the market quotes it answers for (issue 15 item 4)."""
    from rich.table import Table

    out = Table(title="road rates against market quotes (within +/-30 %)", title_justify="left")
    for col in ("country", "USD/truck-km", "quotes", "median dev", "ok"):
        out.add_column(col, justify="left" if col in ("country", "quotes") else "right")
    for r in rates.to_dict("records"):
        out.add_row(
            r["country"],
            f"{r['usd_truck_km']:.2f}",
            r["quotes"],
            f"{r['median_deviation_pct']:+.0f}%",
            "yes" if r["within"] else "NO",
        )
    return out


def _known(x: object) -> bool:
    return isinstance(x, int | float) and not math.isnan(x)


def _num(x: object) -> str:
    """A figure with its thousands, one decimal below 100, none above."""
    if not _known(x):
        return ""
    v = float(x)  # type: ignore[arg-type]
    return f"{v:,.1f}" if abs(v) < 100 else f"{v:,.0f}"


def _published(value: object, low: object, high: object) -> str:
    """``5,675`` or the range ``5,250-6,100`` (``>= 12`` / ``<= 14`` for one bound)."""
    if _known(low) and _known(high):
        return f"{_num(low)}-{_num(high)}"
    if _known(low):
        return f">= {_num(low)}"
    if _known(high):
        return f"<= {_num(high)}"
    return _num(value)


def _status(status: str, fid: str, reason: str) -> str:
    """The status cell: ok, off, off (known) for a documented issue, or skipped: why."""
    from corridor.calibration.evaluate import KNOWN_DATA_ISSUES

    if status == "skipped":
        return f"skipped: {reason}"
    if status == "off" and fid in KNOWN_DATA_ISSUES:
        return "off (known)"
    return status
