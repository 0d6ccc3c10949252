"""Calibrate corridor's rates and speeds to published figures; write docs/validation.md.

    python tools/calibrate.py                 # evaluate and print the summary line
    python tools/calibrate.py --write         # fit; write data-sources/parameters/v2_calibrated.csv
    python tools/calibrate.py --report        # write docs/validation.md (shipped vs calibrated)
    python tools/calibrate.py --write --report --network PATH

The fit starts from the network's own parameters (the shipped network by default), so run
``--write`` again after the network changes, then ``--report``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from pathlib import Path

import pandas as pd

import corridor
from corridor.calibration import evaluate, load_figures, summary, summary_line
from corridor.calibration.costmodel import SCOPE
from corridor.calibration.evaluate import CONFIDENCE_WIDENING, TOLERANCE
from corridor.calibration.fit import (
    SPEED_GROUPS,
    TARIFF_GROUPS,
    FitResult,
    apply_parameters,
    fit,
    fitted_parameters,
    read_parameters,
)

ROOT = Path(__file__).resolve().parent.parent
PARAMS = ROOT / "data-sources" / "parameters" / "v2_calibrated.csv"
DOC = ROOT / "docs" / "validation.md"
FIGS_LABEL = "src/corridor/data/validation/published_figures.csv"

DATA_FIXES = {
    "E04-a": "Moscow - Iranian border 3,800 km via KZ-TM: the network has no rail link from "
    "Russia into western Kazakhstan (Saratov/Ozinki - Uralsk - Kandyagash - Beyneu or "
    "Astrakhan/Aksaraiskaya - Atyrau - Beyneu; corridor-facts-3.md §3), so trains go round "
    "by Petropavl. Add that link (data/coverage helpers).",
    "G09-c": "Peshawar - Karachi by road 1,370 km: pk_karachi__pk_lahore__road is 1,400 km "
    "(model 1,922 km Peshawar - Karachi). The CPEC eastern route gives Islamabad - Karachi "
    "1,419 km and Lahore - Islamabad is 367 km, so Karachi - Lahore is about 1,050-1,210 km: "
    "fix the Karachi - Lahore road length (data helper).",
    "G14": "Islamabad - Karachi road (1,200 km, PTPS 2006; 1,419 km CPEC): same fix as G09-c.",
}
"""Figures off for a known data reason, with the fix recommended (the test xfails them)."""


def _fmt(x: float, digits: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:,.{digits}f}"


def _table(frame: pd.DataFrame) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def _rows(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "id": table["id"],
            "kind": table["kind"],
            "trip": table["from"] + " → " + table["to"] + table["via"].map(lambda v: f" (via {v})" if v else ""),
            "modes": table["modes"],
            "published": [
                _fmt(v, 1) + (f" [{_fmt(lo, 1)}–{_fmt(hi, 1)}]" if not (math.isnan(lo) and math.isnan(hi)) else "")
                for v, lo, hi in zip(table["value"], table["low"], table["high"], strict=True)
            ],
            "unit": table["unit"],
            "model": [_fmt(v, 1) for v in table["model"]],
            "ratio": [_fmt(v, 2) for v in table["ratio"]],
            "deviation": [_fmt(100 * (math.exp(d) - 1) if d >= 0 else -100 * (1 - math.exp(d)), 0) + "%" if not math.isnan(d) else "" for d in table["deviation"]],
            "tolerance": [f"×{math.exp(t):.2f}" for t in table["tolerance"]],
            "status": [s if s != "off" or i not in DATA_FIXES else "off (data fix)" for s, i in zip(table["status"], table["id"], strict=True)],
            "conf.": table["confidence"],
            "split": table["split"],
            "year": table["year"],
            "reason / note": table["reason"],
        }
    )
    return out


def _summary_md(table: pd.DataFrame) -> str:
    s = summary(table)
    s["median |dev|"] = [f"{v:.0f}%" if not math.isnan(v) else "" for v in s["median_abs_dev_pct"]]
    return _table(s[["kind", "figures", "evaluated", "within", "median |dev|"]])


def report(network: corridor.Network, calibrated: corridor.Network, result: FitResult | None) -> str:
    """The text of docs/validation.md."""
    figs = load_figures()
    shipped = evaluate(network, figs)
    cal = evaluate(calibrated, figs)
    ev = cal[cal["status"] != "skipped"].copy()
    ev["absdev"] = ev["deviation"].abs()
    worst = ev.sort_values("absdev", ascending=False).head(10)
    counts = figs.groupby(["kind", "split"]).size().unstack(fill_value=0)
    tol = pd.DataFrame(
        {
            "kind": list(TOLERANCE),
            "high": [f"×{v:.2f}" for v in TOLERANCE.values()],
            "medium": [f"×{math.exp(math.log(v) * CONFIDENCE_WIDENING['medium']):.2f}" for v in TOLERANCE.values()],
            "low": [f"×{math.exp(math.log(v) * CONFIDENCE_WIDENING['low']):.2f}" for v in TOLERANCE.values()],
        }
    )
    parts = [
        "# Validation: corridor against published figures",
        "",
        "Generated by `python tools/calibrate.py --report` (do not edit by hand). Every published "
        "distance, transit time, price, border time and speed in `src/corridor/data/validation/"
        "published_figures.csv` (from ../shared/research and the sources named in each row) against "
        "what corridor computes for the same trip today, with the deviation.",
        "",
        f"Network: `{network.source}`; calibrated parameters: `data-sources/parameters/v2_calibrated.csv` "
        "applied on top (the coordinator merges them into the shipped parameters table).",
        "",
        "## Summary",
        "",
        f"Shipped parameters: {summary_line(shipped)}.",
        "",
        f"**Calibrated: {summary_line(cal)}.**",
        "",
        _summary_md(cal),
        "",
        "Deviation = model / published − 1, measured to the nearest end of a published range (0 inside "
        "it; a lower or upper bound counts 0 on its side). Median absolute deviation is over evaluated rows.",
        "",
        "## How each figure is computed",
        "",
        "- **distance**: `corridor.route(from, to, by=\"time\", modes=...)` (or `route_via` through the row's "
        "`via` places) -> `totals.distance_km`.",
        "- **time**: the same route -> `totals.time_h` (borders and transfers at their median dwell); rows "
        "with measure `moving` compare the time without border and transfer hours (ferry sailing times).",
        "- **price**: the same route -> `totals.cost_usd` per TEU x 2 for FEU and truck quotes (corridor "
        "prices an FEU and a truck as 2 TEU of space; see corridor.units.Unit).",
        "- **border_time**: the crossing's mean dwell (lognormal mean from its median and P90), plus the "
        "mean gauge-change time at that place for rail rows whose figure includes it (CPMM rail times do). "
        "CPMM publishes one country's side; a `*-both` row adds the two sides (derived), and the one-side "
        "rows are listed but not compared.",
        "- **speed**: km / hours of the named trip; `moving` = without border and transfer hours (CPMM "
        "'speed without delay'), `total` = with them (CPMM 'with delay').",
        "",
        "## Tolerances and why",
        "",
        "A row passes when |log(model / published)| <= log(tolerance of its kind) x a widening for its "
        "confidence (medium x1.25, low x1.6 in log terms):",
        "",
        _table(tol),
        "",
        "- **distance ×1.30**: network lengths are published line/road lengths or great-circle x circuity "
        "estimates (rail 1.25, road 1.30); published trip distances are rounded and their exact alignment "
        "is rarely stated, so a 30 % band catches a wrong alignment or a missing link, not rounding.",
        "- **time ×2.0**: published transit times are single runs, promises or averages of a skewed "
        "distribution (border dwell P90 is 2.5x the median); a factor of 2 is the spread between a "
        "record run and a typical one for the same train (e.g. Xi'an - Tashkent 5 days record vs "
        "Urumqi - Tashkent 3 days from the consolidation centre).",
        "- **price ×2.0**: quotes of one month differ by up to a factor 2 between forwarders and years "
        "(China - Europe rail US$3,240 ERAI vs US$5,250-7,000 door-to-door in 2024-25); what a quote "
        "includes varies (see 'What each source includes').",
        "- **border_time ×1.5**: crossing dwells are built from the same CPMM means; the comparison checks "
        "the lognormal fit and the gauge-change split, so it is tight.",
        "- **speed ×2.0**: CPMM speeds are averages over samples of trips; 'with delay' includes "
        "en-route stops (police, weighbridges) that the model has no edge for.",
        "",
        "Where a row is far off for a known data reason the fix is recommended below and the test marks "
        "the row as an expected failure (strict: it fails once the data are fixed, to remove the mark). "
        "The tolerance is not widened for it.",
        "",
        "## Counts",
        "",
        _table(counts.reset_index()),
        "",
        "The split is fixed by a rule on the id: a row is held out when CRC-32(id) mod 4 = 0 "
        "(corridor.calibration.figures.holdout); about a quarter of the rows. Only the fit split of "
        "prices, times and speeds enters the fit.",
        "",
    ]
    if result is not None:
        mult = result.multipliers()
        mult["multiplier"] = [f"{v:.3f}" for v in mult["multiplier"]]
        groups = {**{("tariff_usd_teu_km", k): v for k, v in TARIFF_GROUPS.items()},
                  **{("speed_kmh", k): v for k, v in SPEED_GROUPS.items()}}
        mult["mode / countries"] = [
            f"{groups[(p, g)][0]} / {', '.join(groups[(p, g)][1] or ('others',))}"
            for p, g in zip(mult["parameter"], mult["group"], strict=True)
        ]
        rates = read_parameters(str(PARAMS)) if PARAMS.exists() else pd.DataFrame()
        parts += [
            "## Fit",
            "",
            "Free parameters: log-multipliers on `tariff_usd_teu_km` and `speed_kmh` by group; "
            "`scipy.optimize.least_squares(loss='soft_l1', f_scale=0.3)` on confidence-weighted log "
            "deviations of the fit split, with a weak prior (weight 0.25) towards 1; routes recomputed "
            "and refitted until stable (corridor.calibration.fit).",
            "",
            f"Fit rows: {result.n_fit}; held-out rows: {result.n_holdout}. Median |log ratio| on the fit "
            f"split {result.fit_error_before:.3f} -> {result.fit_error_after:.3f}; **hold-out "
            f"{result.holdout_error_before:.3f} -> {result.holdout_error_after:.3f}** (the hold-out "
            "before the fit includes the speeds the parameters were taken from, which is why it starts low).",
            "",
            _table(mult),
            "",
        ]
        res = result.residuals.dropna(subset=["model_before"]).copy()
        for c in ("model_before", "model_after"):
            res[c] = [_fmt(v, 1) for v in res[c]]
        for c in ("deviation_before", "deviation_after"):
            res[c] = [f"{v:+.3f}" for v in res[c]]
        parts += ["### Residuals (log ratio, 0 inside a published range)", "", _table(res), ""]
        if not rates.empty:
            parts += [
                "### Fitted rates (written to data-sources/parameters/v2_calibrated.csv)",
                "",
                _table(rates[["mode", "country", "name", "value", "unit", "notes"]]),
                "",
            ]
    parts += [
        "## Worst rows (calibrated)",
        "",
        _table(_rows(worst)),
        "",
        "## Data fixes recommended",
        "",
        *[f"- **{k}**: {v}" for k, v in DATA_FIXES.items()],
        "- Places of published trips missing from the network (rows skipped): "
        + ", ".join(sorted({p for r in cal["reason"] if r.startswith("place(s)") for p in r.split(": ")[1].split(", ")}))
        + ".",
        "- Road links missing for published truck trips: Almaty - Karaganda - Astana (G04, G06, C02-c), "
        "Kungrad/Beyneu - Aktau by road (C05), Tashkent - Moscow (C06-msk).",
        "- Crossings with CPMM times but missing from the network: Sher Khan Bandar - Nizhny Panj (AF-TJ), "
        "Tsiteli Khidi - Krasny Most (GE-AZ road), Torugart (KG-CN).",
        "",
        "## What each source includes (no double counting)",
        "",
        *[f"- **{k}**: {v}" for k, v in SCOPE.items()],
        "",
        "## Every figure (calibrated parameters)",
        "",
        _table(_rows(cal)),
        "",
        "## Every figure (shipped parameters)",
        "",
        _table(_rows(shipped)[["id", "published", "unit", "model", "ratio", "deviation", "status"]]),
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--network", default=None, help="network folder (default: the shipped network)")
    ap.add_argument("--write", action="store_true", help=f"fit and write {PARAMS.relative_to(ROOT)}")
    ap.add_argument("--report", action="store_true", help=f"write {DOC.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    network = corridor.load(args.network)
    result = None
    if args.write or args.report:
        result = fit(network)
    if args.write:
        assert result is not None
        table = fitted_parameters(network, result, year=dt.date.today().year, figures_label=FIGS_LABEL)
        PARAMS.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(PARAMS, index=False, lineterminator="\n")
        print(f"wrote {PARAMS.relative_to(ROOT)} ({len(table)} rows)")
    calibrated = apply_parameters(network, read_parameters(str(PARAMS))) if PARAMS.exists() else network
    if args.report:
        DOC.write_text(report(network, calibrated, result), encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    print(summary_line(evaluate(calibrated)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
