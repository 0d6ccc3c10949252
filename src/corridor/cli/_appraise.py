"""``corridor appraise S``: cost-benefit appraisal of a scenario (NPV, EIRR, BCR, ranges)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, ForceOpt, check_out

DiscountOpt = Annotated[
    str | None,
    typer.Option(
        "--discount",
        help="Real discount rate(s) in percent, e.g. 9 or 6,9,12 (default: 6,9,12 from "
        "economics/appraisal_parameters.csv; 9 is the headline rate when listed).",
    ),
]


def parse_rates(text: str | None) -> tuple[float, ...] | None:
    """``"6,9,12"`` -> (6.0, 9.0, 12.0); a bad value is a usage error."""
    if text is None:
        return None
    out = []
    for part in (p.strip() for p in text.split(",")):
        try:
            out.append(float(part.rstrip("%")))
        except ValueError:
            msg = f"--discount: {part!r} is not a percent value (e.g. 9 or 6,9,12)"
            raise typer.BadParameter(msg) from None
    if not out:
        msg = "--discount: give at least one rate"
        raise typer.BadParameter(msg)
    return tuple(out)


@app.command("appraise")
def appraise_cmd(
    scenario: Annotated[str, typer.Argument(help="The scenario: a shipped name or a .yaml file.")],
    horizon: Annotated[
        int | None,
        typer.Option(
            "--horizon", min=1, max=200, help="Operating years after opening (default 30)."
        ),
    ] = None,
    discount: DiscountOpt = None,
    date: DateOpt = None,
    base: Annotated[
        str | None, typer.Option("--base", help="Appraise against this scenario (default: none).")
    ] = None,
    modes: Annotated[
        str | None,
        typer.Option(
            "--modes",
            help="Benefits of traffic routed on these modes only (e.g. rail: every box "
            "captive to rail, an upper bound for a railway until mode choice is modelled).",
        ),
    ] = None,
    carbon_path: Annotated[
        str | None,
        typer.Option(
            "--carbon-path", help="Shadow carbon price path (economics/carbon_prices.csv)."
        ),
    ] = None,
    fixed_demand: Annotated[
        bool,
        typer.Option(
            "--fixed-demand",
            help="No induced traffic (default: each pair's traffic responds to its transport "
            "cost with the trade elasticity, valued by the rule of a half).",
        ),
    ] = False,
    draws: Annotated[
        int | None, typer.Option("--draws", min=0, help="Monte Carlo draws (0: none).")
    ] = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Write the cash-flow chart (.svg or .png).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")] = False,
    force: ForceOpt = False,
) -> None:
    """Cost-benefit appraisal of a scenario as development banks do it: capex and opex of its
    projects (sourced ranges), user benefits on the region's demand (time, money,
    reliability; induced traffic by the rule of a half), carbon on a shadow price path,
    construction, ramp-up and residual value; NPV at 6/9/12 %, EIRR, BCR, first-year
    return, switching values and a Monte Carlo range.

    \b
    Examples:
      corridor appraise cku_railway_built
      corridor appraise trans_afghan_built --date 2025-06-01 --discount 6,9,12
      corridor appraise trans_afghan_built --date 2025-06-01 --modes rail --json
      corridor appraise border_facilitation --horizon 20 --chart bf.svg
    """
    from corridor.analysis.appraisal import appraise_scenario
    from corridor.analysis.benefits import DiffRequest
    from corridor.cli._scenario import _modes

    if chart is not None:
        check_out(chart, force=force)
    rates = parse_rates(discount)
    result = appraise_scenario(
        DiffRequest(scenario, date=date, base=base, modes=_modes(modes), elastic=not fixed_demand),
        operating_years=horizon,
        discount_pct=rates,
        carbon_path_name=carbon_path,
        draws=draws,
    )
    doc = result.to_dict()
    if chart is not None:
        from corridor.report.charts import save_figure
        from corridor.report.economics import appraisal_chart

        save_figure(appraisal_chart(doc), chart)
    if as_json:
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    import textwrap

    from corridor.report.economics import appraisal_lines

    for line in appraisal_lines(doc):
        typer.echo(textwrap.fill(line, width=80, subsequent_indent="  "))
    if chart is not None:
        typer.echo(f"wrote {chart}")
