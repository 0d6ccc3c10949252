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
        f"{_money(sv['traffic_shortfall_pct'], 0)} % (negative: the change needed to break even)",
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


def appraisal_section(doc: dict[str, Any], chart_svg: str | None = None) -> str:
    """HTML section of an appraisal for ``corridor report``."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in appraisal_lines(doc))
    pv = doc["pv_benefits_usd_m"]
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td class='num'>{_money(v)}</td></tr>" for k, v in pv.items()
    )
    chart = chart_svg or ""
    return (
        "<section id='appraisal'><h2>Appraisal</h2>"
        f"<ul>{items}</ul><table><tr><th>benefit</th><th>PV at "
        f"{doc['settings']['headline_rate_pct']:g} %, US$ m</th></tr>{rows}</table>{chart}"
        "<p class='note'>Economic analysis only: no financing structure, no wider economic "
        "benefits; parameters and sources in corridor/data/economics (docs/appraisal.md)."
        "</p></section>"
    )


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
    lines = [head + f"; {doc['date']}, {doc['segment']}, {doc['payload_t_teu']:g} t/TEU"]
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
