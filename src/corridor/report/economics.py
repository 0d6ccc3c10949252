"""Charts and report sections of the economics answers: appraisal, trade effects, hubs.

Formatting only: every number comes from the result objects of ``corridor.analysis``
(``Appraisal``, ``TradeEffects``, ``Hubs``), read through their ``to_dict()`` forms.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from corridor.report.html import Section


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _money(x: float | None, digits: int = 0) -> str:
    if x is None or not np.isfinite(x):
        return "-"
    return f"{x:,.{digits}f}"


def _signed(x: float | None, digits: int = 0) -> str:
    if x is None or not np.isfinite(x):
        return "-"
    return f"{x:+,.{digits}f}"


def appraisal_chart(doc: dict[str, Any]) -> Figure:
    """Yearly costs (down) and benefits by kind (up), US$ m, with the cumulative discounted
    net benefit at the headline rate; ``doc`` is ``Appraisal.to_dict()``."""
    rows = doc["cash_flows"]
    years = np.array([r["year"] for r in rows])
    fig = _figure(8.0, 4.5)
    ax = fig.subplots()
    cost = -np.array([(r["capex_usd_m"] or 0) + (r["opex_usd_m"] or 0) for r in rows])
    ax.bar(years, cost, color="#b0413e", label="capex + opex")
    bottom = np.zeros(len(rows))
    kinds = [k[: -len("_usd_m")] for k in rows[0] if k.endswith("_usd_m")]
    kinds = [k for k in kinds if k not in ("capex", "opex", "net")]
    for i, k in enumerate(kinds):
        v = np.array([r[f"{k}_usd_m"] or 0.0 for r in rows])
        if np.any(v):
            ax.bar(years, v, bottom=bottom, color=f"C{i}", label=k)
            bottom = bottom + v
    rate = doc["settings"]["headline_rate_pct"] / 100
    net = np.array([r["net_usd_m"] or 0.0 for r in rows])
    cum = np.cumsum(net * (1 + rate) ** -np.arange(len(rows)))
    ax2 = ax.twinx()
    ax2.plot(years, cum, color="black", lw=1.5, label=f"cumulative NPV at {rate:.0%}")
    ax2.axhline(0, color="grey", lw=0.5)
    ax2.set_ylabel("cumulative discounted net benefit, US$ m")
    ax.set_ylabel("US$ m per year")
    ax.set_xlabel("year")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax2.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(f"Appraisal of {doc['scenario']} (central case)")
    return fig


def appraisal_lines(doc: dict[str, Any]) -> list[str]:
    """Headline lines of an appraisal (the CLI's and the report's summary)."""
    npv = doc["npv_usd_m"]
    mc = doc["monte_carlo"]
    sv = doc["switching_values"]
    eirr = doc["eirr_pct"]
    lines = [
        f"{doc['scenario']}: capex US${_money(doc['capex_usd_m'])} m "
        f"({', '.join(p['name'] for p in doc['projects'])}); evaluated on {doc['date']}; "
        f"year 0 = {doc['settings']['start_year']}, "
        f"{doc['settings']['operating_years']} operating years",
        "NPV US$ m: "
        + ", ".join(f"{k} {_money(v)}" for k, v in npv.items())
        + f"; EIRR {'none' if eirr is None else f'{eirr:.1f} %'}; BCR "
        + ", ".join(f"{k} {_money(v, 2)}" for k, v in doc["bcr"].items())
        + f"; first-year return {_money(doc['first_year_return_pct'], 1)} %",
        f"switching values at {sv['rate_pct']:g} %: capex overrun "
        f"{_money(sv['capex_overrun_pct'], 0)} %, traffic shortfall "
        + (
            "none (no user benefit to lose)"
            if sv["traffic_shortfall_pct"] is None
            else f"{_money(sv['traffic_shortfall_pct'], 0)} %"
        )
        + " (negative: the change needed to break even)",
    ]
    if mc is not None:
        head = f"{doc['settings']['headline_rate_pct']:g}%"
        q = mc["npv_usd_m"][head]
        e = mc["eirr_pct"]
        b = mc["bcr"]
        lines.append(
            f"Monte Carlo ({mc['draws']} draws, seed {mc['seed']}): NPV at {head} P10-P50-P90 "
            f"{_money(q['p10'])} / {_money(q['p50'])} / {_money(q['p90'])}; EIRR "
            f"{_money(e['p10'], 1)} / {_money(e['p50'], 1)} / {_money(e['p90'], 1)} %; BCR "
            f"{_money(b['p10'], 2)} / {_money(b['p50'], 2)} / {_money(b['p90'], 2)}; "
            f"P(NPV > 0) {mc['prob_npv_positive']:.0%}"
        )
    seg = doc["benefits"]["segments"]
    lines.append(
        "benefits per year at full traffic: "
        + "; ".join(
            f"{s['segment']}: {_money(s['units_year'])} {s['unit']}/yr on changed routes, "
            f"{_money(s['hours_saved_year'])} {s['unit']}-h, US${_money(s['usd_saved_year'])}, "
            f"{_money(s['co2_t_saved_year'])} t CO2e"
            for s in seg
        )
        + f" ({doc['benefits']['method']})"
    )
    return lines


def hubs_chart(doc: dict[str, Any], top: int = 12) -> Figure:
    """Transit TEU per year by country, base and under the scenario; ``doc`` is
    ``Hubs.to_dict()``."""
    rows = doc["transit_change"][:top]
    fig = _figure(8.0, 4.5)
    ax = fig.subplots()
    x = np.arange(len(rows))
    base = np.array([r["transit_teu_year_base"] or 0.0 for r in rows]) / 1000
    if doc["after"] is not None:
        after = np.array([r["transit_teu_year_after"] or 0.0 for r in rows]) / 1000
        ax.bar(x - 0.2, base, 0.4, label="base", color="#8c8c8c")
        ax.bar(x + 0.2, after, 0.4, label=str(doc["scenario"]), color="#1f77b4")
        ax.legend(fontsize=8, frameon=False)
    else:
        ax.bar(x, base, 0.6, color="#1f77b4")
    ax.set_xticks(x, [r["country"] for r in rows])
    ax.set_ylabel("transit, thousand TEU per year")
    ax.set_title(f"Transit by country ({doc['segment']}, {doc['date']})")
    ax.grid(True, axis="y", lw=0.4, alpha=0.5)
    return fig


def hubs_lines(doc: dict[str, Any], country: str = "KZ", top: int = 5) -> list[str]:
    """Headline lines of a hubs answer: the country's transit, gateways, dependence."""

    change = {r["country"]: r for r in doc["transit_change"]}
    r = change.get(country, {})
    tables = doc["after"] or doc["base"]
    after = doc["after"] is not None
    head = (
        f"{country} transit: {_money(r.get('transit_teu_year_base'))} TEU/yr "
        f"({_money((r.get('transit_t_year_base') or 0) / 1e6, 1)} Mt) in the base"
    )
    if after:
        head += (
            f", {_money(r.get('transit_teu_year_after'))} TEU/yr "
            f"({_money((r.get('transit_t_year_after') or 0) / 1e6, 1)} Mt) under "
            f"{doc['scenario']} ({_signed(r.get('delta_teu_year'))})"
        )
    lines = [
        head
        + f"; {doc['date']}, segment {doc['segment']}, {doc['payload_t_teu']:.1f} t per TEU slot"
    ]
    gates = [g for g in tables["gateways"] if g["country"] == country][:top]
    if gates:
        lines.append(
            "gateways: "
            + ", ".join(f"{g['crossing']} {_money(g['transit_teu_year'])}" for g in gates)
        )
    links = [g for g in tables["links"] if g["country"] == country][:top]
    if links:
        lines.append(
            "links: " + ", ".join(f"{g['link']} {_money(g['transit_teu_year'])}" for g in links)
        )
    dep = [d for d in tables["dependence"] if d["country"] == country][:top]
    if dep:
        lines.append(
            f"{country} depends on: "
            + "; ".join(
                f"{d['via']} {d['share']:.0%} (if closed: {_signed(d['fallback_extra_usd_teu'])} "
                f"US$/TEU, {_signed(d['fallback_extra_h'])} h, no route "
                f"{_money(d['no_route_teu_year'])} TEU)"
                for d in dep
            )
        )

    return lines


def trade_rows(doc: dict[str, Any]) -> list[dict[str, str]]:
    """One display row per pair of ``TradeEffects.to_dict()`` (names, no ids needed)."""
    out = []
    for p in doc["pairs"]:
        tc = p["transport_cost"]
        c = p["change_usd_m"]
        share = p["target_share_closed"]
        years = sorted({str(d["year"]) for d in p["directions"] if d["year"]})
        basis = "/".join(f"{d['basis'] or '-'}" for d in p["directions"])
        basis += f" {'/'.join(years)}" if years else ""
        out.append(
            {
                "pair": p["pair"],
                "baseline US$ m": _money(p["baseline_usd_m"], 1),
                "basis": basis,
                "freight %": f"{tc['freight_pct_before']:.1f}>{tc['freight_pct_after']:.1f}",
                "days": f"{tc['days_before']:.1f}>{tc['days_after']:.1f}",
                "time %": f"{tc['time_pct_before']:.1f}>{tc['time_pct_after']:.1f}",
                "Δ trade US$ m": f"{_signed(c['low'], 1)}/{_signed(c['central'], 1)}"
                f"/{_signed(c['high'], 1)}",
                "target": "-"
                if p["target"] is None
                else f"{_money(p['target']['low_usd_m'])}"
                + (
                    f"-{_money(p['target']['high_usd_m'])}"
                    if p["target"]["high_usd_m"] != p["target"]["low_usd_m"]
                    else ""
                ),
                "gap closed %": "-"
                if share is None
                else f"{100 * share['low']:.2f}-{100 * share['high']:.2f}",
            }
        )
    return out


def trade_chart(doc: dict[str, Any]) -> Figure:
    """Predicted change in trade per pair: the central value with its low-high range, and
    the gap to the stated target; ``doc`` is ``TradeEffects.to_dict()``."""
    pairs = doc["pairs"]
    fig = _figure(7.0, 0.9 + 0.7 * max(len(pairs), 1))
    ax = fig.subplots()
    y = np.arange(len(pairs))
    for i, p in enumerate(pairs):
        c = p["change_usd_m"]
        ax.plot([c["low"], c["high"]], [i, i], color="#1f77b4", lw=6, alpha=0.5)
        ax.plot([c["central"]], [i], "o", color="#1f77b4")
        gap = None if p["target"] is None else p["target"]["gap_usd_m"]
        if gap is not None and gap > 0:
            ax.plot([gap], [i], "|", color="#b0413e", ms=18)
            ax.annotate(
                "gap to target",
                (gap, i),
                xytext=(4, 6),
                textcoords="offset points",
                fontsize=7,
                color="#b0413e",
            )
    ax.set_yticks(y, [p["pair"] for p in pairs])
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("change in bilateral trade, US$ m per year (range over the parameters)")
    ax.set_title(f"Trade effect of {doc['scenario'] or 'no scenario'} ({doc['date']})")
    ax.grid(True, axis="x", lw=0.4, alpha=0.5)
    return fig


def trade_notes(doc: dict[str, Any]) -> list[str]:
    """Where the trade base and the stated figures disagree (mirror or basis gaps)."""
    out = []
    for p in doc["pairs"]:
        t = p["target"]
        if t is None or not t["stated_baseline_usd_m"]:
            continue
        base = p["baseline_usd_m"]
        stated = t["stated_baseline_usd_m"]
        if base > 0 and not 0.8 <= stated / base <= 1.25:
            out.append(
                f"{p['pair']}: the trade base has US${base:,.1f} m; the figure stated with the "
                f"target is US${stated:,.0f} m ({t['stated_baseline_year']}), x{stated / base:.1f}"
                f" ({t['notes']})"
            )
    return out


def _list(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines) + "</ul>"


def _table(rows: list[dict[str, str]], cols: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cols) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def appraisal_section(doc: dict[str, Any]) -> Section:
    """Report section of an appraisal (``Appraisal.to_dict()``)."""
    from corridor.report.html import Section, figure_svg

    pv = doc["pv_benefits_usd_m"]
    rate = f"{doc['settings']['headline_rate_pct']:g} %"
    rows = [{"benefit": k, f"PV at {rate}, US$ m": _money(v)} for k, v in pv.items()]
    body = (
        _list(appraisal_lines(doc))
        + _table(rows, ["benefit", f"PV at {rate}, US$ m"])
        + figure_svg(appraisal_chart(doc), prefix="apf")
    )
    return Section(
        "appraisal",
        "Appraisal (cost-benefit)",
        body,
        "Economic analysis only: no financing structure, no wider economic benefits. "
        "Parameters and their sources: corridor/data/economics (docs/appraisal.md).",
    )


def trade_section(doc: dict[str, Any]) -> Section:
    """Report section of trade effects (``TradeEffects.to_dict()``)."""
    from corridor.report.html import Section, figure_svg

    rows = trade_rows(doc)
    cols = [
        "pair",
        "baseline US$ m",
        "freight %",
        "days",
        "time %",
        "Δ trade US$ m",
        "target",
        "gap closed %",
        "basis",
    ]
    th = doc["trade_elasticity"]
    body = _table(rows, cols) + _list(trade_notes(doc)) + figure_svg(trade_chart(doc), prefix="trf")
    return Section(
        "trade",
        "Trade effects",
        body,
        f"Structural gravity, elasticity {th['low']:g}-{th['central']:g}-{th['high']:g}; "
        "freight and time as % of cargo value before > after; the change is a range over "
        "the parameters (docs/trade.md).",
    )


def hubs_section(doc: dict[str, Any]) -> Section:
    """Report section of transit and dependence (``Hubs.to_dict()``)."""
    from corridor.report.html import Section, figure_svg

    after = doc["after"] is not None
    rows = [
        {
            "country": r["country"],
            "TEU/yr base": _money(r["transit_teu_year_base"]),
            "TEU/yr after": _money(r.get("transit_teu_year_after")) if after else "-",
            "Mt/yr base": _money(r["transit_t_year_base"] / 1e6, 1),
        }
        for r in doc["transit_change"]
    ]
    body = (
        _list(hubs_lines(doc, "KZ"))
        + _table(rows, ["country", "TEU/yr base", "TEU/yr after", "Mt/yr base"])
        + figure_svg(hubs_chart(doc), prefix="hbf")
    )
    return Section(
        "hubs",
        "Transit and dependence",
        body,
        "Transit = volume of the region's demand whose best route moves through a country "
        "that is neither its origin's nor its destination's (docs/trade.md).",
    )
