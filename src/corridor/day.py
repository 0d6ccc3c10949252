"""The network of the day: one call decides which network every answer is computed on.

``corridor.load(folder=None, *, date=None, scenario=None)`` reads a network folder (default:
the scenario's base network, else the shipped network), evaluates its calendar on ``date``
(default: the day the network describes, its as-of date in meta.csv) and then applies the
scenario, so a scenario's edit of a status wins over the calendar rule of that day. The
Python API, every command, ``corridor report`` and the web service call it (or
:func:`load_graph`, the same network compiled, from the on-disk cache when it can be), so
they all answer on the same network. The network records ``date``, ``as_of`` and
``scenario`` (``network.context``), and every result built on it carries them.

The undated tables (every status as the CSV files give it, no calendar) stay reachable:
``corridor.load(date="undated")`` or :meth:`corridor.Network.from_dir`.

Loaded networks are memoised on the folder's files (path, size and modification time), the
day and the scenario file, so a long-running service that calls ``corridor.load`` per
request reads the tables once.
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.errors import InputError
from corridor.results.context import Context

if TYPE_CHECKING:
    from corridor.graph.cache import CacheInfo
    from corridor.graph.model import Graph
    from corridor.network.calendar import DayFact
    from corridor.network.model import Network
    from corridor.scenarios.schema import Scenario

UNDATED = "undated"
"""``date=UNDATED``: the tables as the files give them, no calendar evaluated."""

Date = dt.date | str | None

_MEMO: OrderedDict[tuple[object, ...], Network] = OrderedDict()
_MEMO_SIZE = 16
_LOCK = threading.Lock()


class DateOutsideCalendarWarning(UserWarning):
    """A date outside the span of days the network's calendar rules cover."""


def _scenario(scenario: str | Path | Scenario | None) -> Scenario | None:
    if scenario is None:
        return None
    from corridor.scenarios.schema import Scenario, load_scenario

    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def _folder(folder: str | Path | None, sc: Scenario | None) -> Path:
    if folder is not None:
        return Path(folder)
    if sc is not None:
        return Path(sc.network)
    from corridor.data import path as data_path

    return data_path("network")


def folder_as_of(folder: str | Path | None) -> str | None:
    """The ``as_of`` row of a network folder's ``meta.csv`` (None: no file or no row), read
    with the csv module (no pandas: the command line's warm start)."""
    meta = _folder(folder, None) / "meta.csv"
    try:
        with meta.open(newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                if (row.get("key") or "").strip() == "as_of":
                    return (row.get("value") or "").strip() or None
    except (OSError, csv.Error, UnicodeDecodeError):
        return None
    return None


def day_of(date: Date, as_of: str | dt.date | None) -> str | None:
    """The day to evaluate (``YYYY-MM-DD``) for ``date``: itself, the as-of date when None,
    None (no calendar) for :data:`UNDATED` or when there is no as-of date either.

    Raises
    ------
    InputError
        If ``date`` is not a day ``YYYY-MM-DD`` (an empty text included).

    Examples
    --------
    >>> day_of(None, "2026-02-06"), day_of("2024-01-15", "2026-02-06"), day_of("undated", "x")
    ('2026-02-06', '2024-01-15', None)
    """
    if isinstance(date, dt.datetime):
        return date.date().isoformat()
    if isinstance(date, dt.date):
        return date.isoformat()
    if date is None:
        return None if as_of is None else str(as_of)
    text = str(date).strip()
    if text.lower() == UNDATED:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or len(text) != 10 or not 1900 <= day.year <= 2100:
        msg = f"date {date!r} is not a day YYYY-MM-DD between 1900 and 2100 (or 'undated')"
        raise InputError(msg)
    return day.isoformat()


def _stamp(folder: Path, sc: Scenario | None) -> tuple[object, ...] | None:
    """What the memo key covers: every file of the folder and the scenario's files."""
    try:
        files = sorted(folder.glob("*.csv"))
        stamp: list[object] = [str(folder.resolve())]
        for f in files:
            st = f.stat()
            stamp.append((f.name, st.st_size, st.st_mtime_ns))
        if sc is not None:
            for name in {e.file for e in sc.edits} | {sc.path}:
                st = Path(name).stat()
                stamp.append((str(Path(name).resolve()), st.st_size, st.st_mtime_ns))
    except OSError:
        return None
    return tuple(stamp)


def load(
    folder: str | Path | None = None,
    *,
    date: Date = None,
    scenario: str | Path | Scenario | None = None,
) -> Network:
    """The network of the day: ``folder`` on ``date``, then ``scenario``.

    Parameters
    ----------
    folder
        A network folder; default the scenario's base network, else the shipped network.
    date
        The day to evaluate the calendar on (``YYYY-MM-DD`` or a ``datetime.date``);
        default the network's as-of date; ``"undated"``: the tables as the files give them
        (as :meth:`corridor.Network.from_dir`). A day outside the span the calendar's rules
        cover gives a :class:`DateOutsideCalendarWarning`.
    scenario
        A shipped scenario name, a ``.yaml`` path or a loaded
        :class:`corridor.scenarios.Scenario`, applied after the calendar.

    Returns
    -------
    Network
        With ``date``, ``as_of`` and ``scenario`` set (``network.context``); memoised on
        the files it was read from, so calling it again is cheap.

    Raises
    ------
    InputError
        For a bad folder, table, date or scenario (one line naming the file).

    Examples
    --------
    >>> import corridor
    >>> net = corridor.load()
    >>> net.date == net.as_of, net.scenario
    (True, None)
    >>> corridor.load(date="undated").date is None
    True
    >>> corridor.load(scenario="ktap_built").scenario
    'ktap_built'
    """
    sc = _scenario(scenario)
    path = _folder(folder, sc)
    key: tuple[object, ...] | None = None
    stamp = _stamp(path, sc) if path.is_dir() else None
    if stamp is not None:
        key = (stamp, str(date) if date is not None else None, sc.path if sc else None)
        with _LOCK:
            hit = _MEMO.get(key)
            if hit is not None:
                _MEMO.move_to_end(key)
                return hit
    net = _build(path, date, sc)
    if key is not None:
        with _LOCK:
            _MEMO[key] = net
            while len(_MEMO) > _MEMO_SIZE:
                _MEMO.popitem(last=False)
    return net


def _build(path: Path, date: Date, sc: Scenario | None) -> Network:
    from corridor.network.calendar import on_date
    from corridor.network.model import Network

    base = Network.from_dir(path)
    day = day_of(date, base.as_of)
    if day is not None and date is not None:
        warn_outside_calendar(base, day)
    net = on_date(base, day) if day is not None else base
    if sc is None:
        return net
    from corridor.scenarios.apply import apply

    return apply(net, sc)


def calendar_span(network: Network) -> tuple[str, str] | None:
    """The first and last day (``YYYY-MM-DD``) that the network's dated calendar rules and
    its as-of date name (None: no dated rule and no as-of date)."""
    cal = network.calendar
    days = [str(d) for col in ("from_date", "until_date") if col in cal.columns for d in cal[col]]
    if network.as_of is not None:
        days.append(network.as_of.isoformat())
    return _span(days)


def _span(days: list[str]) -> tuple[str, str] | None:
    days = [d.strip() for d in days if len(d.strip()) == 10]
    return (min(days), max(days)) if days else None


def warn_outside_calendar(network: Network, day: str) -> None:
    """Warn (:class:`DateOutsideCalendarWarning`, one line naming the span) when ``day``
    lies outside the days the network's calendar covers (its rules' dates and as-of date):
    the network then shows that day's seasons but no closure the data could know of."""
    _warn_outside(day, calendar_span(network))


def _warn_outside(day: str, span: tuple[str, str] | None) -> None:
    if span is None or span[0] <= day <= span[1]:
        return
    msg = (
        f"date {day} lies outside the span the calendar covers ({span[0]} to {span[1]}): "
        "seasonal rules apply, but no closure or opening of that day is known"
    )
    warnings.warn(msg, DateOutsideCalendarWarning, stacklevel=4)


@dataclass(frozen=True)
class Day:
    """The compiled network of the day (:func:`open_day`), what the calendar did that day,
    and how to get the same network without the calendar (for "what did the day change").

    The warm command-line path works on the cached graph alone; :meth:`tables` loads the
    network's tables (pandas) when an answer needs them (sources, explanations).
    """

    graph: Graph
    facts: Mapping[str, DayFact]
    undated: Callable[[], Graph | Network] | None
    folder: Path
    requested: Date = None
    """The ``date`` asked for (None: the as-of date)."""
    scenario: Scenario | None = None

    @property
    def date(self) -> str | None:
        """The day evaluated (None: undated)."""
        return self.graph.context.date

    @property
    def context(self) -> Context:
        """Day, as-of date and scenario (what every result built on the day carries)."""
        return self.graph.context

    def tables(self) -> Network:
        """The network of the day itself (:func:`load`, memoised)."""
        return load(self.folder, date=self.requested, scenario=self.scenario)


def load_graph(
    folder: str | Path | None = None,
    *,
    date: Date = None,
    scenario: str | Path | Scenario | None = None,
    unit: str = "teu",
    no_cache: bool = False,
) -> Graph:
    """:func:`load` compiled (``unit``: money and CO2e per TEU or tonne).

    Without a scenario the graph comes from the on-disk cache when the same files were
    compiled before (:mod:`corridor.graph.cache`; ``no_cache=True`` skips it), without
    reading the tables with pandas.

    Examples
    --------
    >>> g = load_graph()
    >>> g.context.date == g.context.as_of
    True
    """
    return open_day(folder, date=date, scenario=scenario, unit=unit, no_cache=no_cache).graph


def open_day(
    folder: str | Path | None = None,
    *,
    date: Date = None,
    scenario: str | Path | Scenario | None = None,
    unit: str = "teu",
    no_cache: bool = False,
) -> Day:
    """The :class:`Day` of :func:`load`: its compiled graph (cached on disk without a
    scenario), the calendar's facts of that day, and the undated network on demand."""
    from corridor.graph.cache import load_day_graph
    from corridor.graph.cache import load_graph as cached_graph

    sc = _scenario(scenario)
    path = _folder(folder, sc)
    if sc is None:
        day = day_of(date, folder_as_of(path))
        if day is None:
            graph = cached_graph(path, unit=unit, no_cache=no_cache)
            return Day(graph, {}, None, path, date)
        graph, facts = load_day_graph(path, day, unit=unit, no_cache=no_cache)
        if date is not None:
            _warn_span_cached(path, day)

        def undated() -> Graph | Network:
            return cached_graph(path, unit=unit, no_cache=no_cache)

        return Day(graph, facts, undated, path, date)
    from corridor.graph.compiler import compile as compile_graph
    from corridor.network.calendar import day_facts

    net = load(path, date=date, scenario=sc)
    base = load(path, date=UNDATED, scenario=sc)
    return Day(compile_graph(net, unit=unit), day_facts(net), lambda: base, path, date, sc)


def _warn_span_cached(path: Path, day: str) -> None:
    """The span warning of :func:`load` on the warm path (reads calendar.csv with csv)."""
    as_of = folder_as_of(path)
    days = [as_of] if as_of else []
    try:
        with (path / "calendar.csv").open(newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                days += [row.get("from_date") or "", row.get("until_date") or ""]
    except (OSError, csv.Error, UnicodeDecodeError):
        return
    _warn_outside(day, _span(days))


def cache_info() -> CacheInfo:
    """What the on-disk cache of compiled graphs holds (``corridor cache info``)."""
    from corridor.graph.cache import cache_info as info

    return info()


def clear_cache() -> int:
    """Empty the on-disk cache of compiled graphs; how many files went (``corridor cache clear``)."""
    from corridor.graph.cache import clear_cache as clear

    return clear()


__all__ = [
    "UNDATED",
    "DateOutsideCalendarWarning",
    "Day",
    "cache_info",
    "calendar_span",
    "clear_cache",
    "day_of",
    "folder_as_of",
    "load",
    "load_graph",
    "open_day",
]
