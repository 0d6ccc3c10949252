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
If it cannot be written the graph is simply compiled each time. Restored arrays are
read-only, as compiled ones are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.graph.model import Csr, EdgeTable, Graph, Labels
from corridor.results.context import Context

if TYPE_CHECKING:
    from corridor.network.calendar import DayFact

_FORMAT = 2
MAX_BYTES = 64 * 2**20
"""Size cap of the cache folder's graph files."""
_PACKAGE = Path(__file__).resolve().parents[1]
_CODE = ("graph/*.py", "network/*.py", "io/*.py", "units.py", "vocab.py", "_version.py")
_PARTS: dict[str, type] = {"csr": Csr, "edges": EdgeTable, "labels": Labels}


def cache_dir() -> Path:
    """Where compiled graphs are kept: ``$CORRIDOR_CACHE_DIR`` or the per-user cache folder."""
    env = os.environ.get("CORRIDOR_CACHE_DIR")
    if env:
        return Path(env)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("corridor", appauthor=False))
    except (RuntimeError, KeyError, OSError):  # no home directory (some CI and service users)
        return Path(tempfile.gettempdir()) / "corridor"


def clear_cache() -> int:
    """Delete every cached graph; returns how many files were removed."""
    removed = 0
    for f in cache_dir().glob("graph-*.npz"):
        f.unlink(missing_ok=True)
        removed += 1
    return removed


def _as_day(date: dt.date | str | None) -> dt.date | None:
    """The day of ``date`` (None stays None), without importing pandas."""
    if date is None or isinstance(date, dt.date):
        return date.date() if isinstance(date, dt.datetime) else date
    try:
        return dt.date.fromisoformat(str(date).strip())
    except ValueError:
        msg = f"date {date!r} is not a day YYYY-MM-DD"
        raise InputError(msg) from None


def _key(folder: Path, unit: str, day: dt.date | None = None) -> str | None:
    from corridor._version import __version__

    h = hashlib.sha256(f"{_FORMAT}|{__version__}|{unit}|{day}".encode())
    for code in sorted(p for pattern in _CODE for p in _PACKAGE.glob(pattern)):
        h.update(code.relative_to(_PACKAGE).as_posix().encode() + b"\0" + code.read_bytes())
    tables = sorted(folder.glob("*.csv"))
    if not tables:
        return None  # let the loader report what is missing
    for table in tables:
        try:
            h.update(table.name.encode() + b"\0" + table.read_bytes() + b"\0")
        except OSError:
            return None
    return h.hexdigest()[:32]


def _save(graph: Graph, target: Path, day: dict[str, Any] | None = None) -> None:
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
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".npz", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
            if day is not None:
                arrays["__day__"] = np.frombuffer(json.dumps(day).encode(), dtype=np.uint8)
            savez: Any = np.savez  # numpy's stubs map **arrays onto allow_pickle
            savez(fh, **arrays)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _restore(target: Path, source: str) -> Graph:
    with np.load(target, allow_pickle=False) as data:
        meta = json.loads(bytes(data["__meta__"]).decode())
        arrays = {k: data[k] for k in data.files if not k.startswith("__")}
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
    """Delete the least recently used graph files until the folder is under ``max_bytes``."""
    files = []
    for f in folder.glob("graph-*.npz"):
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


def load_graph(
    folder: str | Path | None = None,
    unit: str = "teu",
    *,
    date: dt.date | str | None = None,
    no_cache: bool = False,
    max_bytes: int = MAX_BYTES,
) -> Graph:
    """The compiled graph of a network folder (default: the shipped network), cached on disk.

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
    key = _key(path, unit, day) if path.is_dir() and not no_cache else None
    target = cache_dir() / f"graph-{key}.npz" if key else None
    if target is not None and target.is_file():
        try:
            graph = _restore(target, str(path))
            os.utime(target)  # recently used: evicted last
            return graph
        except (OSError, ValueError, KeyError, TypeError):
            pass  # unreadable or from another layout: rebuild below
    from corridor.graph.compiler import compile as compile_graph
    from corridor.network.calendar import on_date
    from corridor.network.model import Network

    network = Network.from_dir(path)
    graph = compile_graph(on_date(network, day) if day else network, unit=unit)
    if target is not None:
        try:
            _save(graph, target)
            _evict(target.parent, target, max_bytes)
        except OSError:
            pass  # read-only home, full disk: caching is an optimisation only
    return graph


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
    key = _key(path, unit, day) if path.is_dir() and not no_cache else None
    target = cache_dir() / f"graph-{key}.npz" if key else None
    if target is not None and target.is_file():
        try:
            graph = _restore(target, str(path))
            with np.load(target, allow_pickle=False) as data:
                day = json.loads(bytes(data["__day__"]).decode())
            os.utime(target)
            return graph, {k: _fact(v) for k, v in day.items()}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # unreadable or from another layout: rebuild below
    from corridor.graph.compiler import compile as compile_graph
    from corridor.network.calendar import day_facts, on_date
    from corridor.network.model import Network

    net = on_date(Network.from_dir(path), day or date)
    graph = compile_graph(net, unit=unit)
    facts = day_facts(net)
    if target is not None:
        try:
            _save(graph, target, day={k: list(v) for k, v in facts.items()})
            _evict(target.parent, target, max_bytes)
        except OSError:
            pass  # read-only home, full disk: caching is an optimisation only
    return graph, facts


def _fact(value: list[Any]) -> DayFact:
    element, status, where, modes, rule = value
    return (str(element), str(status), tuple(where), tuple(modes), str(rule))
