"""An on-disk cache of compiled graphs, keyed on content, size-capped, optional.

``load_graph(folder)`` returns the compiled graph of a network folder without reading the
tables with pandas when the same bytes were compiled before by the same code. The key
covers:

* the bytes of every ``*.csv`` file of the folder (any edit gives a new key);
* the source of every module the graph depends on: ``corridor.graph``, ``corridor.network``,
  ``corridor.io`` (the CSV parser), ``corridor.units``, ``corridor.vocab``, and the version;
* the unit and the day the calendar is evaluated on (if any).

The cache lives in the per-user cache folder (``platformdirs.user_cache_dir("corridor")``,
``$CORRIDOR_CACHE_DIR`` overrides it), holds at most ``MAX_BYTES`` (oldest used files are
evicted first), and is skipped with ``no_cache=True`` (the command line's ``--no-cache``).
If it cannot be written the graph is simply compiled each time (with a one-line note on
the ``corridor`` logger, once). Restored arrays are read-only, as compiled ones are.

An entry is ``CORRGRF3``, the SHA-256 of the rest, then numpy's ``.npz`` bytes; it is
written to a temporary sibling, fsynced and renamed. Any entry that cannot be read, is
truncated, fails its checksum, is not a regular file or holds another layout is a miss:
the graph is compiled again and the entry replaced. Eviction also removes temporary files
an interrupted writer left behind. ``corridor cache info`` and ``corridor cache clear``
show and empty the folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor import _signals
from corridor._files import fsync_path
from corridor._graphfile import (
    _MAGIC,
    MAX_BYTES,
    cache_dir,
    entry_path,
    read_payload,
)
from corridor._notes import note
from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.graph.model import Csr, EdgeTable, Graph, Labels
from corridor.results.context import Context

if TYPE_CHECKING:
    from corridor.network.calendar import DayFact

_STALE_S = 60.0
"""A temporary file older than this is left over from an interrupted writer."""
_NOTED: set[str] = set()
_PARTS: dict[str, type] = {"csr": Csr, "edges": EdgeTable, "labels": Labels}


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """What the cache folder holds (``corridor cache info``)."""

    folder: Path
    graphs: int
    graph_bytes: int
    stale_temp_files: int
    max_bytes: int
    writable: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "folder": str(self.folder),
            "graphs": self.graphs,
            "graph_bytes": self.graph_bytes,
            "stale_temp_files": self.stale_temp_files,
            "max_bytes": self.max_bytes,
            "writable": self.writable,
        }


def cache_info(folder: Path | None = None) -> CacheInfo:
    """Count the graph files (and leftover temporary files) in the cache folder."""
    where = cache_dir() if folder is None else folder
    graphs = _sizes(where, "graph-*.npz")
    temps = _sizes(where, ".graph-*")
    return CacheInfo(
        where,
        len(graphs),
        sum(graphs.values()),
        len(temps),
        MAX_BYTES,
        _writable(where),
    )


def clear_cache(folder: Path | None = None) -> int:
    """Delete every cached graph and leftover temporary file; returns how many were removed."""
    where = cache_dir() if folder is None else folder
    removed = 0
    for pattern in ("graph-*.npz", ".graph-*"):
        for f in _sizes(where, pattern):
            try:
                f.unlink()
                removed += 1
            except FileNotFoundError:
                pass
    return removed


def _sizes(folder: Path, pattern: str) -> dict[Path, int]:
    out: dict[Path, int] = {}
    try:
        found = list(folder.glob(pattern))
    except OSError:
        return out
    for f in found:
        try:
            st = f.lstat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            out[f] = st.st_size
    return out


def _writable(folder: Path) -> bool:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


def _as_day(date: dt.date | str | None) -> dt.date | None:
    """The day of ``date`` (None stays None), without importing pandas."""
    if date is None or isinstance(date, dt.date):
        return date.date() if isinstance(date, dt.datetime) else date
    try:
        return dt.date.fromisoformat(str(date).strip())
    except ValueError:
        msg = f"date {date!r} is not a day YYYY-MM-DD"
        raise InputError(msg) from None


def _save(graph: Graph, target: Path, day: dict[str, Any] | None = None) -> None:
    """Write ``graph`` (and the calendar's facts) to ``target``: magic, checksum, npz bytes,
    through a temporary sibling that is fsynced before it is renamed into place."""
    arrays: dict[str, np.ndarray] = {}
    meta: dict[str, Any] = {}
    for part in _PARTS:
        for f in dataclasses.fields(getattr(graph, part)):
            value = getattr(getattr(graph, part), f.name)
            if isinstance(value, np.ndarray):
                arrays[f"{part}.{f.name}"] = value
            elif f.name != "node_lookup":
                meta[f"{part}.{f.name}"] = value
    for f in dataclasses.fields(graph):
        if f.name not in _PARTS and f.name != "source":
            value = getattr(graph, f.name)
            meta[f.name] = dataclasses.asdict(value) if f.name == "context" else value
    arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    if day is not None:
        arrays["__day__"] = np.frombuffer(json.dumps(day).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    savez: Any = np.savez  # numpy's stubs map **arrays onto allow_pickle
    savez(buffer, **arrays)
    payload = buffer.getvalue()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp: str | None = None
    try:
        with _signals.deferred():  # an interrupt now still leaves no temporary file
            fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with _signals.deferred(raise_pending=False):
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
        raise
    fsync_path(target.parent)


def _read_entry(target: Path) -> dict[str, np.ndarray]:
    """The arrays of a cache file whose checksum matches (``corridor._graphfile.Corrupt`` otherwise)."""
    payload = read_payload(target)
    with np.load(io.BytesIO(payload), allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def _restore(entry: dict[str, np.ndarray], source: str) -> Graph:
    meta = json.loads(bytes(entry["__meta__"]).decode())
    arrays = {k: v for k, v in entry.items() if not k.startswith("__")}
    parts: dict[str, dict[str, Any]] = {p: {} for p in _PARTS}
    for name, a in arrays.items():
        a.setflags(write=False)
        part, field = name.split(".", 1)
        parts[part][field] = a
    for name, value in list(meta.items()):
        if "." in name:
            part, field = name.split(".", 1)
            parts[part][field] = _tuples(value)
            del meta[name]
    labels = parts["labels"]
    labels["node_lookup"] = MappingProxyType({n: i for i, n in enumerate(labels["node_ids"])})
    built = {p: cls(**parts[p]) for p, cls in _PARTS.items()}
    meta["context"] = Context(**meta.get("context", {}))
    return Graph(**built, **meta, source=source)


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples the dataclasses hold."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _evict(folder: Path, keep: Path, max_bytes: int) -> None:
    """Delete the least recently used graph files until the folder is under ``max_bytes``,
    and temporary files an interrupted writer left behind (older than a minute)."""
    now = time.time()
    for f in _sizes(folder, ".graph-*"):
        try:
            if now - f.lstat().st_mtime > _STALE_S:
                f.unlink()
        except OSError:
            pass
    files = []
    for f in _sizes(folder, "graph-*.npz"):
        try:
            st = f.stat()
        except OSError:
            continue
        files.append((st.st_mtime, st.st_size, f))
    total = sum(size for _, size, _ in files)
    for _, size, f in sorted(files, key=lambda x: x[0]):
        if total <= max_bytes:
            break
        if f != keep:
            f.unlink(missing_ok=True)
            total -= size


def _note(message: str) -> None:
    """Say once per process, on the ``corridor`` logger, that the cache could not be used."""
    if message not in _NOTED:
        _NOTED.add(message)
        note("warning", message)


def _lookup(target: Path | None) -> dict[str, np.ndarray] | None:
    """The entry at ``target`` if it is whole and ours; None (a miss) otherwise."""
    if target is None:
        return None
    try:
        entry = _read_entry(target)
    except FileNotFoundError:
        return None
    except Exception:  # unreadable, truncated, tampered, foreign: rebuild
        return None
    try:
        os.utime(target)  # recently used: evicted last (a read-only cache keeps its order)
    except OSError:
        pass
    return entry


def _store(
    graph: Graph, target: Path | None, max_bytes: int, day: dict[str, Any] | None = None
) -> None:
    """Write ``graph`` to ``target`` if the folder allows it; a one-line note otherwise."""
    if target is None:
        return
    try:
        _save(graph, target, day=day)
        _evict(target.parent, target, max_bytes)
    except OSError as exc:  # read-only home, foreign owner, full disk: caching is optional
        _note(
            f"note: graph cache {target.parent} is not writable ({exc.strerror or exc}); "
            "compiled in memory (set CORRIDOR_CACHE_DIR or pass --no-cache)"
        )


def load_graph(
    folder: str | Path | None = None,
    unit: str = "teu",
    *,
    date: dt.date | str | None = None,
    no_cache: bool = False,
    max_bytes: int = MAX_BYTES,
) -> Graph:
    """The compiled graph of a network folder (default: the shipped network), cached on disk.

    A cache file that cannot be read, is truncated, fails its checksum or comes from another
    layout is a miss: the graph is compiled and the file replaced (if the folder is
    writable; else a one-line note on the ``corridor`` logger, once).

    Parameters
    ----------
    folder
        A network folder; default the shipped network.
    unit
        ``teu`` or ``tonne``.
    date
        Evaluate the network's calendar on this day first
        (:func:`corridor.network.calendar.on_date`); None: the tables as they are.
    no_cache
        Compile without reading or writing the on-disk cache.
    max_bytes
        Size cap of the cache folder (least recently used graphs are evicted first).

    Raises
    ------
    InputError
        As :meth:`corridor.Network.from_dir` and :func:`corridor.compile` do.

    Examples
    --------
    >>> from corridor.data import path
    >>> load_graph(path("examples/tiny"), no_cache=True).n_vertices > 0
    True
    """
    day = _as_day(date)
    path = Path(folder) if folder is not None else data_path("network")
    target = _target(path, unit, day, no_cache=no_cache)
    entry = _lookup(target)
    if entry is not None:
        try:
            return _restore(entry, str(path))
        except Exception:  # another layout under the same key: rebuild
            pass
    from corridor.graph.compiler import compile as compile_graph
    from corridor.network.calendar import on_date
    from corridor.network.model import Network

    network = Network.from_dir(path)
    graph = compile_graph(on_date(network, day) if day else network, unit=unit)
    _store(graph, target, max_bytes)
    return graph


def _target(path: Path, unit: str, day: dt.date | None, *, no_cache: bool) -> Path | None:
    """The cache file of a folder, unit and day (None: no cache)."""
    return entry_path(path, unit, day, no_cache=no_cache)


def load_day_graph(
    folder: str | Path | None,
    date: dt.date | str,
    unit: str = "teu",
    *,
    no_cache: bool = False,
    max_bytes: int = MAX_BYTES,
) -> tuple[Graph, dict[str, DayFact]]:
    """The compiled graph of a network folder on ``date``
    (:func:`corridor.network.calendar.on_date`), and what the calendar did that day
    (:func:`corridor.network.calendar.day_facts`), cached on disk like :func:`load_graph`
    (same file as ``load_graph(folder, unit, date=date)``, with the facts beside the graph).

    Examples
    --------
    >>> from corridor.data import path
    >>> graph, facts = load_day_graph(path("examples/tiny"), "2025-11-01", no_cache=True)
    >>> facts["e_road"][:2]
    ('crossing', 'closed')
    """
    day = _as_day(date)
    path = Path(folder) if folder is not None else data_path("network")
    target = _target(path, unit, day, no_cache=no_cache)
    entry = _lookup(target)
    if entry is not None:
        try:
            facts = json.loads(bytes(entry["__day__"]).decode())
            return _restore(entry, str(path)), {k: _fact(v) for k, v in facts.items()}
        except Exception:  # no facts beside the graph, or another layout: rebuild
            pass
    from corridor.graph.compiler import compile as compile_graph
    from corridor.network.calendar import day_facts, on_date
    from corridor.network.model import Network

    net = on_date(Network.from_dir(path), day or date)
    graph = compile_graph(net, unit=unit)
    found = day_facts(net)
    _store(graph, target, max_bytes, day={k: list(v) for k, v in found.items()})
    return graph, found


def _fact(value: list[Any]) -> DayFact:
    element, status, where, modes, rule = value
    return (str(element), str(status), tuple(where), tuple(modes), str(rule))
