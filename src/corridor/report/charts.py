"""Charts of compared routes as ``matplotlib.figure.Figure`` objects (never pyplot).

Public API (stable; ``corridor report`` embeds these figures)
--------------------------------------------------------------
- :func:`cumulative_series` (``Route -> CumulativeSeries``): the data of the UNESCAP
  time/cost-distance chart; its last point equals the route's totals.
- :func:`time_cost_distance_chart` (``[(label, Route)] -> Figure``): two panels, cumulative
  days and cumulative USD against cumulative km, one line per route, vertical steps at
  borders, gauge changes, transfers and ports (the big ones labelled), the P50-P90 band.
- :func:`pareto_chart`, :func:`tornado_chart`, :func:`distribution_chart`.
- :func:`save_figure` (``Figure, path``): SVG or PNG by suffix, written atomically;
  :func:`figure_svg` (``Figure -> str``): inline SVG text for HTML.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor._types import FloatArray
from corridor.errors import InputError
from corridor.results.route import Route

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = ("svg", "png")
"""Chart file formats (by the file's suffix)."""
_STEP_LABELS = {
    "border": "border",
    "gauge_change": "gauge",
    "handling": "port",
    "transfer": "transfer",
}
LABEL_SHARE = 0.06
"""A step is labelled when it adds at least this share of the route's time or money ..."""
MAX_LABELS = 3
"""... and is among the route's ``MAX_LABELS`` largest steps in that panel."""
TAIL = 0.005
"""Share of draws left out at each end of a transit-time curve (P0.5 to P99.5 drawn)."""


@dataclass(frozen=True, slots=True)
class Step:
    """A stop on a route: where it is (cumulative km) and what it adds."""

    distance_km: float
    kind: str
    """The leg kind: ``border``, ``gauge_change``, ``transfer`` or ``handling``."""
    label: str
    """Short text: the crossing's name, or ``gauge Dostyk``, ``port Aktau`` ..."""
    time_h: float
    cost_usd: float


@dataclass(frozen=True, slots=True, eq=False)
class CumulativeSeries:
    """Cumulative distance, time and money along a route (one point per leg end, from 0).

    Stops repeat the distance (vertical steps). ``band_low_h``/``band_high_h`` spread the
    gap between the median sum and the simulated P50/P90 over the stops in proportion to
    their median hours (by distance when the route has no stop), so the band ends exactly
    at the route's P50 and P90; both equal ``time_h`` when the route was not simulated.
    """

    distance_km: FloatArray
    time_h: FloatArray
    cost_usd: FloatArray
    band_low_h: FloatArray
    band_high_h: FloatArray
    steps: tuple[Step, ...]


def cumulative_series(route: Route) -> CumulativeSeries:
    """The time/cost-distance series of a route (last point = the route's totals).

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> r = corridor.route(corridor.load(path("examples/tiny")), "a", "d")
    >>> s = cumulative_series(r)
    >>> float(s.time_h[-1]) == r.totals.time_h, float(s.distance_km[-1]) == r.totals.distance_km
    (True, True)
    """
    km, h, usd, var = [0.0], [0.0], [0.0], [0.0]
    steps: list[Step] = []
    for leg in route.legs:
        km.append(km[-1] + leg.distance_km)
        h.append(h[-1] + leg.time_h)
        usd.append(usd[-1] + leg.cost_usd)
        stop = leg.kind != "move"
        var.append(var[-1] + (leg.time_h if stop else 0.0))
        if stop:
            name = leg.detail if leg.kind == "border" and leg.detail else leg.from_place
            text = (
                name if leg.kind == "border" else f"{_STEP_LABELS.get(leg.kind, leg.kind)} {name}"
            )
            steps.append(Step(km[-1], leg.kind, text, leg.time_h, leg.cost_usd))
    dist, time_h = np.array(km), np.array(h)
    weight = np.array(var)
    if weight[-1] <= 0:
        weight = dist.copy()
    share = weight / weight[-1] if weight[-1] > 0 else np.zeros_like(weight)
    t = route.totals
    low = time_h + (t.p50_h - time_h[-1]) * share if t.p50_h is not None else time_h.copy()
    high = time_h + (t.p90_h - time_h[-1]) * share if t.p90_h is not None else time_h.copy()
    return CumulativeSeries(dist, time_h, np.array(usd), low, high, tuple(steps))


def _new_figure(width: float = 8.0, height: float = 6.0) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def time_cost_distance_chart(
    routes: Sequence[tuple[str, Route]], *, title: str | None = None, unit: str | None = None
) -> Figure:
    """UNESCAP time/cost-distance chart: cumulative days (with the P50-P90 band) and
    cumulative USD against cumulative km, one line per route, steps at stops labelled.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> r = corridor.route(corridor.load(path("examples/tiny")), "a", "d")
    >>> len(time_cost_distance_chart([("fastest", r)]).axes)
    2
    """
    if not routes:
        msg = "a time/cost-distance chart needs at least one route"
        raise InputError(msg)
    fig = _new_figure(9.0, 7.0)
    ax_t, ax_c = fig.subplots(2, 1, sharex=True)
    unit = unit or routes[0][1].unit
    for i, (label, r) in enumerate(routes):
        s = cumulative_series(r)
        color = f"C{i % 10}"
        ax_t.plot(s.distance_km, s.time_h / 24.0, color=color, label=label, lw=1.6)
        if r.totals.p90_h is not None:
            ax_t.fill_between(
                s.distance_km,
                s.band_low_h / 24.0,
                s.band_high_h / 24.0,
                color=color,
                alpha=0.08,
                lw=0,
            )
        ax_c.plot(s.distance_km, s.cost_usd, color=color, label=label, lw=1.6)
        _label_steps(ax_t, ax_c, s, r, color)
    ax_t.set_ylabel("cumulative time, days (band: P50-P90)")
    ax_c.set_ylabel(f"cumulative cost, USD per {unit.upper() if unit == 'teu' else unit}")
    ax_c.set_xlabel("cumulative distance, km")
    for ax in (ax_t, ax_c):
        ax.grid(True, lw=0.4, alpha=0.5)
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
    ax_t.legend(loc="upper left", fontsize=8, frameon=False)
    if title:
        fig.suptitle(title)
    fit_axes(fig)
    return fig


def _label_steps(ax_t: Any, ax_c: Any, s: CumulativeSeries, r: Route, color: str) -> None:
    totals = {"time_h": max(r.totals.time_h, 1e-9), "cost_usd": max(r.totals.cost_usd, 1e-9)}
    for ax, what, ys, div in (
        (ax_t, "time_h", s.time_h, 24.0),
        (ax_c, "cost_usd", s.cost_usd, 1.0),
    ):
        big = [st for st in s.steps if getattr(st, what) >= LABEL_SHARE * totals[what]]
        big = sorted(big, key=lambda st: -float(getattr(st, what)))[:MAX_LABELS]
        for st in big:
            top = float(ys[np.flatnonzero(np.isclose(s.distance_km, st.distance_km))].max())
            ax.annotate(
                st.label,
                (st.distance_km, top / div),
                fontsize=6,
                color=color,
                xytext=(3, -6),
                textcoords="offset points",
            )


def pareto_chart(
    costs: FloatArray,
    criteria: Sequence[str],
    *,
    labels: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Scatter of a Pareto front: the first two criteria on the axes, the third (if any) as
    colour; ``costs`` is (m, k) in the criteria's units, ``labels`` (short: the report
    numbers the points and lists them in a table) are placed beside their points so that no
    two overlap (:func:`place_point_labels`)."""
    c = np.asarray(costs, dtype=np.float64)
    if c.ndim != 2 or c.shape[1] < 2 or c.shape[1] != len(criteria):
        msg = "pareto_chart needs an (m, k >= 2) cost array and k criterion names"
        raise InputError(msg)
    fig = _new_figure(7.0, 5.0)
    ax = fig.subplots()
    if c.shape[1] >= 3:
        sc = ax.scatter(c[:, 0], c[:, 1], c=c[:, 2], cmap="viridis", s=28)
        fig.colorbar(sc, ax=ax, label=criteria[2])
    else:
        ax.scatter(c[:, 0], c[:, 1], s=28)
    ax.set_xlabel(criteria[0])
    ax.set_ylabel(criteria[1])
    ax.grid(True, lw=0.4, alpha=0.5)
    if title:
        ax.set_title(title)
    fit_axes(fig)
    if labels:
        place_point_labels(ax, c[:, :2], list(labels))
    return fig


_SPOTS = ((4, 3), (4, -10), (-10, 3), (-10, -10), (5, -3), (-12, -3), (-2, 6), (-2, -14))
"""Offsets (points) tried around a scatter point for its label, nearest first."""


def place_point_labels(ax: Any, xy: FloatArray, labels: Sequence[str]) -> list[Any]:
    """Annotate points ``xy`` (data coordinates) with ``labels``, each at the first offset
    around its point (then twice and three times as far, with a leader line) where its box
    overlaps no other label and no point and stays inside the axes; the figure's layout is
    frozen first, so the boxes checked are the boxes drawn. Returns the annotations."""
    fig = ax.figure
    renderer = _renderer(fig)
    fig.set_layout_engine("none")
    pts = ax.transData.transform(np.asarray(xy, dtype=np.float64))
    r = 3.5 * fig.dpi / 72.0  # the markers' radius (s=28 pt^2 -> about 3 pt)
    taken = [(x - r, y - r, x + r, y + r) for x, y in pts]
    frame = ax.get_window_extent(renderer)
    out = []
    for i, text in enumerate(labels):
        placed = None
        for reach in (1.0, 2.0, 3.0):
            for dx, dy in _SPOTS:
                ann = ax.annotate(
                    text,
                    (float(xy[i][0]), float(xy[i][1])),
                    xytext=(dx * reach, dy * reach),
                    textcoords="offset points",
                    fontsize=7,
                    arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "0.4"}
                    if reach > 1
                    else None,
                )
                bb = ann.get_window_extent(renderer)
                box = (bb.x0, bb.y0, bb.x1, bb.y1)
                own = i  # a label may touch its own point only
                clear = all(not _boxes_overlap(box, t) for j, t in enumerate(taken) if j != own)
                inside = (
                    frame.x0 <= bb.x0
                    and bb.x1 <= frame.x1
                    and frame.y0 <= bb.y0
                    and bb.y1 <= frame.y1
                )
                if clear and inside:
                    placed = ann
                    taken.append(box)
                    break
                ann.remove()
            if placed is not None:
                break
        if placed is None:  # nowhere free: beside the point, as before
            placed = ax.annotate(
                text,
                (float(xy[i][0]), float(xy[i][1])),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=7,
            )
        out.append(placed)
    return out


def _boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _renderer(fig: Figure) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()  # type: ignore[attr-defined]


def content_limits(
    ax: Any, renderer: Any
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The (x, y) ranges in data units of what an axes draws: its lines and collections in
    data coordinates, its bars, and its texts' boxes (None when it draws nothing)."""
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Rectangle

    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    data = ax.transData
    for ln in ax.lines:
        if ln.get_transform() == data:
            xy = np.asarray(ln.get_xydata(), dtype=np.float64)
            xs.append(xy[:, 0])
            ys.append(xy[:, 1])
    for col in ax.collections:
        if isinstance(col, PathCollection):
            xy = np.asarray(col.get_offsets(), dtype=np.float64)
        elif col.get_transform() == data:
            xy = np.concatenate(
                [np.asarray(p.vertices) for p in col.get_paths()] or [np.empty((0, 2))]
            )
        else:
            continue
        xs.append(xy[:, 0])
        ys.append(xy[:, 1])
    for patch in ax.patches:
        if isinstance(patch, Rectangle):
            xs.append(np.array([patch.get_x(), patch.get_x() + patch.get_width()]))
            ys.append(np.array([patch.get_y(), patch.get_y() + patch.get_height()]))
    inverse = data.inverted()
    for t in ax.texts:
        bb = t.get_window_extent(renderer)
        corners = inverse.transform([[bb.x0, bb.y0], [bb.x1, bb.y1]])
        xs.append(corners[:, 0])
        ys.append(corners[:, 1])
    if not xs:
        return None
    x, y = np.concatenate(xs), np.concatenate(ys)
    x, y = x[np.isfinite(x)], y[np.isfinite(y)]
    if not x.size or not y.size:
        return None
    return (float(x.min()), float(x.max())), (float(y.min()), float(y.max()))


FIT_PAD = 0.03
"""Room left around what an axes draws, as a share of its range (:func:`fit_axes`)."""


def fit_axes(fig: Figure, pad: float = FIT_PAD) -> None:
    """End every axes of ``fig`` near what it draws: its limits become the range of its
    lines, points, bars and texts plus ``pad`` of that range (never below 0 when all of it
    is at or above 0); colourbars are left alone. The layout is settled first and frozen
    after, so the limits set are the limits drawn."""
    renderer = _renderer(fig)
    for _ in range(2):  # text boxes in data units move with the limits: settle twice
        fig.draw_without_rendering()
        for ax in fig.axes:
            if hasattr(ax, "_colorbar"):
                continue
            ranges = content_limits(ax, renderer)
            if ranges is None:
                continue
            limits = []
            for lo, hi in ranges:
                span = (hi - lo) or max(abs(hi), 1.0)
                a, b = lo - pad * span, hi + pad * span
                limits.append((0.0 if lo >= 0 > a else a, b))
            ax.set_xlim(*limits[0])
            ax.set_ylim(*limits[1])
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def tornado_chart(
    bars: Sequence[tuple[str, float, float]], *, base: float, xlabel: str, title: str | None = None
) -> Figure:
    """Tornado chart: per factor ``(label, value at the low end, value at the high end)``
    around the ``base`` value, widest swing on top."""
    fig = _new_figure(7.0, 0.6 * max(len(bars), 2) + 1.5)
    ax = fig.subplots()
    order = sorted(bars, key=lambda b: abs(b[2] - b[1]))
    for i, (_, lo, hi) in enumerate(order):
        ax.barh(i, lo - base, left=base, color="C0", height=0.6)
        ax.barh(i, hi - base, left=base, color="C3", height=0.6)
        for value in (lo, hi):
            right = value >= base
            text = f" {value:,.0f}" if right else f"{value:,.0f} "
            ax.text(value, i, text, ha="left" if right else "right", va="center", fontsize=7)
    ax.set_yticks(range(len(order)), [b[0] for b in order], fontsize=8)
    ax.axvline(base, color="k", lw=0.8)
    ax.set_xlabel(xlabel + " (blue: low end, red: high end)")
    if title:
        ax.set_title(title)
    fit_axes(fig)
    return fig


def distribution_chart(
    curves: Sequence[tuple[str, FloatArray]], *, title: str | None = None
) -> Figure:
    """Cumulative distribution of transit time per route: ``(label, quantiles_h)`` with the
    1,001 quantiles of :class:`corridor.reliability.TransitTimeDistribution`; P50 and P90
    marked. Each curve runs from its P0.5 to its P99.5 (:data:`TAIL`), so that the axis
    ends near the bulk of the data and not at the slowest of thousands of draws."""
    fig = _new_figure(7.0, 4.5)
    ax = fig.subplots()
    for i, (label, q) in enumerate(curves):
        qs = np.asarray(q, dtype=np.float64) / 24.0
        p = np.linspace(0.0, 1.0, qs.shape[0])
        keep = (p >= TAIL) & (p <= 1.0 - TAIL)
        ax.plot(qs[keep], p[keep], color=f"C{i % 10}", label=label, lw=1.4)
        for prob in (0.5, 0.9):
            ax.plot([np.interp(prob, p, qs)], [prob], "o", color=f"C{i % 10}", ms=3)
    ax.axhline(0.5, color="grey", lw=0.5)
    ax.axhline(0.9, color="grey", lw=0.5)
    ax.set_xlabel("transit time, days")
    ax.set_ylabel("probability of arriving within")
    ax.legend(fontsize=8, frameon=False, loc="best")
    ax.grid(True, lw=0.4, alpha=0.5)
    if title:
        ax.set_title(title)
    fit_axes(fig)
    return fig


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text (for inline HTML)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write the figure as SVG or PNG (by suffix), atomically
    (:func:`corridor.report.outputs.atomic_file`). Raises InputError for another suffix."""
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        msg = f"chart file {target.name!r}: the suffix must be one of {['.' + f for f in FORMATS]}"
        raise InputError(msg)
    from corridor.report.outputs import atomic_file

    with atomic_file(target) as tmp, tmp.open("wb") as fh:
        meta = {"Date": None} if fmt == "svg" else {}
        fig.savefig(fh, format=fmt, metadata=meta, dpi=150)
    return target


__all__ = [
    "FORMATS",
    "CumulativeSeries",
    "Step",
    "content_limits",
    "cumulative_series",
    "distribution_chart",
    "figure_svg",
    "fit_axes",
    "pareto_chart",
    "place_point_labels",
    "save_figure",
    "time_cost_distance_chart",
    "tornado_chart",
]
