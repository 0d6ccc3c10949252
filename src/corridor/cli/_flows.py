"""``corridor flows``: freight flows on the region (all-or-nothing and equilibrium)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, ForceOpt, NoCacheMemoryOpt, check_out


class FlowBy(StrEnum):
    generalised = "generalised"
    time = "time"


@app.command("flows")
def flows_cmd(
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", "-s", help="A shipped scenario name or a .yaml file."),
    ] = None,
    demand: Annotated[
        Path | None,
        typer.Option(
            "--demand",
            "-d",
            help="CSV: origin,destination,teu_year. Default: the shipped 2024 demand.",
        ),
    ] = None,
    segment: Annotated[
        str,
        typer.Option(
            "--segment",
            help="Commodity segment: its demand rows and its value of time (container, "
            "dry_bulk, metals, liquid_bulk), or 'all': every segment in one equilibrium "
            "sharing capacity (volumes in TEU of capacity).",
        ),
    ] = "container",
    elastic: Annotated[
        bool,
        typer.Option(
            "--elastic",
            help="Demand responds to generalised cost (Evans' combined equilibrium against "
            "the network without the scenario, same day); prints fixed and elastic side by side "
            "(with --segment all: every segment's, sharing capacity).",
        ),
    ] = False,
    elasticity: Annotated[
        float,
        typer.Option(
            "--elasticity", min=0.0, help="Elasticity of demand to cost (with --elastic)."
        ),
    ] = 1.0,
    mode_choice: Annotated[
        bool,
        typer.Option(
            "--mode-choice/--no-mode-choice",
            help="Split each pair between its rail-based, intermodal and road chains by the "
            "fitted logit (default), or put it all on its cheapest routes.",
        ),
    ] = True,
    network: Annotated[
        Path | None, typer.Option("--network", "-n", help="Network folder (default: shipped).")
    ] = None,
    include_planned: Annotated[
        bool,
        typer.Option("--include-planned", help="Also load planned and under-construction links."),
    ] = False,
    by: Annotated[
        FlowBy, typer.Option("--by", help="Cost the flows minimise.")
    ] = FlowBy.generalised,
    algorithm: Annotated[
        str, typer.Option("--algorithm", help="Equilibrium algorithm (gp, bfw, cfw, fw).")
    ] = "gp",
    gap: Annotated[float, typer.Option("--gap", min=0.0, help="Relative gap to stop at.")] = 1e-6,
    queue_h_link: Annotated[
        float, typer.Option("--queue-h-link", min=0.0, help="Queue hours at capacity on a line.")
    ] = 12.0,
    queue_h_node: Annotated[
        float,
        typer.Option(
            "--queue-h-node", min=0.0, help="Queue hours at capacity at a crossing or plant."
        ),
    ] = 24.0,
    carrier: Annotated[
        str,
        typer.Option(
            "--carrier",
            help="Whose trucks drive (rights.csv): 'origin' (each OD pair starts on its "
            "origin country's trucks; others only after a transload), a country code, or "
            "'any' (no rights).",
        ),
    ] = "origin",
    service: Annotated[
        str | None,
        typer.Option(
            "--service",
            help="Rail service: 'block' or 'wagonload' (default: block for containers, "
            "wagonload for the bulk segments).",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Bottlenecks to show.")] = 10,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for CSV/JSON outputs and the flow map (flows.png); written whole "
            "or not at all; an existing non-empty folder is refused (see --force).",
        ),
    ] = None,
    date: DateOpt = None,
    force: ForceOpt = False,
    no_cache: NoCacheMemoryOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Freight flows on the network: volumes, utilisation, bottlenecks, corridor volumes.

    One commodity segment at a time (--segment, default containers): its demand rows and
    its value of time; bulk volumes are in TEU of capacity (tonnes / t per TEU-equivalent).
    Each pair splits between its rail-based, intermodal and road chains by a logit fitted to
    published rail shares, solved with the assignment as one equilibrium (docs/demand.md).

    \b
    Examples:
      corridor flows
      corridor flows --out out/ --top 20
      corridor flows -s pk_af_border_closed --json
      corridor flows --carrier any --service wagonload
      corridor flows --segment all --elastic -s trans_afghan_built --date 2025-06-01
    """
    if scenario is not None and include_planned:
        msg = (
            "a scenario's flows open only the links the scenario opens; --include-planned "
            "would open every other planned link too (drop it, or open the links in the scenario)"
        )
        raise typer.BadParameter(msg, param_hint="'--include-planned'")
    check_out(out, folder=True, force=force)
    import corridor
    from corridor.analysis.flows import freight_flows
    from corridor.analysis.od import DEFAULT_DEMAND
    from corridor.data import path as data_path
    from corridor.demand import segment_vot
    from corridor.io.demand_csv import read_demand_csv
    from corridor.paths import RouteOptions

    if segment == "all":
        _joint_cmd(
            scenario=scenario, demand=demand, elastic=elastic, elasticity=elasticity,
            mode_choice=mode_choice,
            network=network, include_planned=include_planned, by=by.value,
            algorithm=algorithm, gap=gap, queue_h_link=queue_h_link,
            queue_h_node=queue_h_node, carrier=carrier, service=service, top=top, out=out,
            date=date, force=force, as_json=as_json,
        )  # fmt: skip
        return
    vot = segment_vot(segment)
    from corridor.vocab import rail_service

    options = RouteOptions(
        include_planned=include_planned,
        carrier=carrier,
        service=service or rail_service(segment),
    )
    theta: Literal["shipped"] | None = "shipped" if mode_choice else None
    net = corridor.load(network, date=date, scenario=scenario)
    table = read_demand_csv(demand if demand is not None else data_path(DEFAULT_DEMAND), segment)
    both = None
    if elastic:
        from corridor.analysis.elastic import elastic_flows
        from corridor.demand import segments

        seg = segments()
        per_teu = seg.loc[seg["id"] == segment, "t_per_teu_eq"].to_numpy(dtype=float)[0]
        reference = corridor.load(network, date=date) if scenario else None
        both = elastic_flows(
            net, table, reference=reference, elasticity=elasticity, algorithm=algorithm,
            gap=gap, t_per_teu=float(per_teu), by=by.value,
            value_of_time_usd_teu_h=vot, options=options,
            queue_h_link=queue_h_link, queue_h_node=queue_h_node, theta=theta, segment=segment,
        )  # fmt: skip
        result = both.elastic
    else:
        result = freight_flows(
            net, table, by=by.value, value_of_time_usd_teu_h=vot,
            options=options, algorithm=algorithm, gap=gap,
            queue_h_link=queue_h_link, queue_h_node=queue_h_node, theta=theta, segment=segment,
        )  # fmt: skip
    written: list[str] = []
    if out is not None:
        from corridor.report.flows import write_flow_outputs

        paths = write_flow_outputs(result, net, out, top=top, replace=force)
        written = [str(p) for p in paths]
    if as_json:
        doc = both.to_dict(top=top) if both is not None else result.to_dict(top=top)
        doc["segment"] = segment
        doc["carrier"], doc["service"] = options.carrier, options.service
        doc["files"] = written
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    from corridor.cli._render import print_flows

    print_flows(result, top=top, written=written)
    if both is not None:
        from corridor.cli._render import print_elastic

        print_elastic(both)


def _joint_cmd(
    *,
    scenario: str | None,
    demand: Path | None,
    elastic: bool,
    elasticity: float,
    mode_choice: bool,
    network: Path | None,
    include_planned: bool,
    by: str,
    algorithm: str,
    gap: float,
    queue_h_link: float,
    queue_h_node: float,
    carrier: str,
    service: str | None,
    top: int,
    out: Path | None,
    date: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """``corridor flows --segment all``: the segments in one equilibrium (joint); with
    ``--elastic`` their demand responds to cost (against the network without the scenario)."""
    import corridor
    from corridor.analysis.joint import joint_flows, read_segments_demand, shipped_classes
    from corridor.analysis.od import DEFAULT_DEMAND
    from corridor.data import path as data_path
    from corridor.paths import RouteOptions

    net = corridor.load(network, date=date, scenario=scenario)
    table = read_segments_demand(demand if demand is not None else data_path(DEFAULT_DEMAND))
    options = RouteOptions(include_planned=include_planned, carrier=carrier)
    theta: Literal["shipped"] | None = "shipped" if mode_choice else None
    classes = shipped_classes(table, options, service)
    both = None
    if elastic:
        from corridor.analysis.joint_elastic import joint_elastic_flows

        reference = corridor.load(network, date=date) if scenario else None
        both = joint_elastic_flows(
            net, classes, reference=reference, elasticity=elasticity, algorithm=algorithm,
            gap=gap, by=by, queue_h_link=queue_h_link, queue_h_node=queue_h_node,
            theta=theta,
        )  # fmt: skip
        j = both.elastic
    else:
        j = joint_flows(
            net, classes, by=by, algorithm=algorithm, gap=gap,
            queue_h_link=queue_h_link, queue_h_node=queue_h_node, theta=theta,
        )  # fmt: skip
    written: list[str] = []
    if out is not None:
        from corridor.report.flows import write_flow_outputs

        written = [str(p) for p in write_flow_outputs(j.total, net, out, top=top, replace=force)]
    if as_json:
        doc = both.to_dict(top=top) if both is not None else j.to_dict(top=top)
        doc["segment"] = "all"
        doc["carrier"], doc["service"] = carrier, service or "per segment"
        doc["files"] = written
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    from corridor.cli._render import print_flows, print_joint_segments

    print_flows(j.total, top=top, written=written)
    print_joint_segments(j)
    if both is not None:
        from corridor.cli._render import print_joint_elastic

        print_joint_elastic(both)
