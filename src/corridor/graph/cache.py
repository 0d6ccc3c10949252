"""An on-disk cache of compiled graphs, keyed by the bytes of the network's files.

``load_graph(folder)`` returns the compiled graph of a network folder without reading the
tables with pandas when the same files (byte for byte), the same corridor version and the
same unit were compiled before by the same code (corridor.graph and corridor.network). Any edit to any of the six files gives a new key, so a
stale graph is never used. The cache lives in ``$CORRIDOR_CACHE_DIR`` or
``~/.cache/corridor``; if it cannot be written the graph is simply compiled each time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from corridor.data import path as data_path
from corridor.graph.model import Graph
from corridor.network.schema import TABLES

_FORMAT = 1


def cache_dir() -> Path:
    """Where compiled graphs are kept."""
    env = os.environ.get("CORRIDOR_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home directory (some CI and service users)
            base = tempfile.gettempdir()
    return Path(base) / "corridor"


def _key(folder: Path, unit: str) -> str | None:
    from corridor._version import __version__

    h = hashlib.sha256(f"{_FORMAT}|{__version__}|{unit}".encode())
    # the code that reads, checks and compiles networks is part of the key: changed code
    # never reuses a graph built by older code
    package = Path(__file__).resolve().parents[1]
    for code in sorted([*package.glob("graph/*.py"), *package.glob("network/*.py")]):
        h.update(code.read_bytes())
    for spec in TABLES.values():
        try:
            h.update(spec.file.encode() + b"\0" + (folder / spec.file).read_bytes() + b"\0")
        except OSError:
            return None  # let the loader report the missing file
    return h.hexdigest()[:32]


def _arrays_and_meta(graph: Graph) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    arrays: dict[str, np.ndarray] = {}
    meta: dict[str, Any] = {}
    for f in dataclasses.fields(graph):
        value = getattr(graph, f.name)
        if isinstance(value, np.ndarray):
            arrays[f.name] = value
        elif f.name != "node_lookup":
            meta[f.name] = value
    return arrays, meta


def _save(graph: Graph, target: Path) -> None:
    arrays, meta = _arrays_and_meta(graph)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".npz", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
            savez: Any = np.savez  # numpy's stubs map **arrays onto allow_pickle
            savez(fh, **arrays)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _restore(target: Path, source: str) -> Graph:
    with np.load(target, allow_pickle=False) as data:
        meta = json.loads(bytes(data["__meta__"]).decode())
        arrays = {k: data[k] for k in data.files if k != "__meta__"}
    for name in (
        "node_ids",
        "node_names",
        "link_ids",
        "link_modes",
        "crossing_ids",
        "crossing_names",
        "transfer_labels",
        "countries",
    ):
        meta[name] = tuple(meta[name])
    meta["node_aliases"] = tuple(tuple(a) for a in meta["node_aliases"])
    meta["source"] = source
    lookup = MappingProxyType({nid: i for i, nid in enumerate(meta["node_ids"])})
    return Graph(**arrays, **meta, node_lookup=lookup)


def load_graph(folder: str | Path | None = None, unit: str = "teu") -> Graph:
    """The compiled graph of a network folder (default: the shipped network), cached on disk.

    Raises
    ------
    InputError
        As :meth:`corridor.Network.from_dir` and :func:`corridor.compile` do.
    """
    path = Path(folder) if folder is not None else data_path("network")
    key = _key(path, unit) if path.is_dir() else None
    target = cache_dir() / f"graph-{key}.npz" if key else None
    if target is not None and target.is_file():
        try:
            return _restore(target, str(path))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # unreadable or from another layout: rebuild below
    from corridor.graph.compiler import compile as compile_graph
    from corridor.network.model import Network

    graph = compile_graph(Network.from_dir(path), unit=unit)
    if target is not None:
        try:
            _save(graph, target)
        except OSError:
            pass  # read-only home, full disk: caching is an optimisation only
    return graph
