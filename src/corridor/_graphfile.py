"""The graph cache's files without numpy: where they live, their keys, and the labels of
an entry read with the standard library (``corridor places`` starts without numpy).

:mod:`corridor.graph.cache` writes and restores whole entries (with numpy); this module
holds the parts that need no numpy, which that module imports: the folder, the key, the
check of an entry's magic and checksum, and :func:`cached_labels`, which reads only the
place labels of an entry (the ``__meta__`` JSON and three 1-D arrays of numpy's ``.npy``
format, parsed with :mod:`struct`). Anything this reader does not recognise is a miss:
the caller then loads the graph the ordinary way, which rewrites the entry.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_FORMAT = 3
_MAGIC = b"CORRGRF3"
"""File start of a cache entry: magic, the SHA-256 of the rest, then numpy's npz bytes."""
MAX_BYTES = 64 * 2**20
"""Size cap of the cache folder's graph files."""
_PACKAGE = Path(__file__).resolve().parent
_CODE = (
    "graph/*.py",
    "network/*.py",
    "io/*.py",
    "units.py",
    "vocab.py",
    "_version.py",
    "_graphfile.py",
)


class Corrupt(Exception):
    """A cache file that is not whole or not ours."""


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


def entry_key(folder: Path, unit: str, day: object = None) -> str | None:
    """The key of a folder's compiled graph: its CSV bytes, the code, the unit and day."""
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


def entry_path(path: Path, unit: str, day: object, *, no_cache: bool) -> Path | None:
    """The cache file of a folder, unit and day (None: no cache)."""
    if no_cache or os.environ.get("CORRIDOR_NO_CACHE") or not path.is_dir():
        return None
    key = entry_key(path, unit, day)
    return cache_dir() / f"graph-{key}.npz" if key else None


def read_payload(target: Path) -> memoryview:
    """The npz bytes of a cache file whose magic and checksum match (``Corrupt``
    otherwise; ``FileNotFoundError`` when there is none)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(target, flags)  # never follows a link, never waits on a FIFO
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 4 * MAX_BYTES:
            msg = "not a regular file of plausible size"
            raise Corrupt(msg)
        data = fh.read()
    head = len(_MAGIC) + 32
    if len(data) < head or not data.startswith(_MAGIC):
        msg = "not a corridor graph file"
        raise Corrupt(msg)
    payload = memoryview(data)[head:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC) : head]:
        msg = "checksum mismatch"
        raise Corrupt(msg)
    return payload


_NPY_HEADER = re.compile(
    r"""\{\s*'descr':\s*'(?P<descr>[^']+)',\s*'fortran_order':\s*(?:True|False),\s*"""
    r"""'shape':\s*\((?P<n>\d+),?\),\s*\}"""
)
_NPY_TYPES = {"<f8": "d", "<i8": "q", "<i4": "i", "|u1": "B"}


def _npy_1d(raw: bytes) -> tuple[Any, ...]:
    """The values of a 1-D ``.npy`` array of a little-endian int, float or byte type."""
    if not raw.startswith(b"\x93NUMPY") or len(raw) < 10:
        msg = "not an npy array"
        raise Corrupt(msg)
    if raw[6] == 1:
        (size,) = struct.unpack_from("<H", raw, 8)
        start = 10
    else:
        (size,) = struct.unpack_from("<I", raw, 8)
        start = 12
    found = _NPY_HEADER.fullmatch(raw[start : start + size].decode("latin1").strip())
    code = _NPY_TYPES.get(found.group("descr")) if found else None
    if found is None or code is None or sys.byteorder != "little":
        msg = "an npy array this reader does not know"
        raise Corrupt(msg)
    n = int(found.group("n"))
    body = raw[start + size :]
    if len(body) != n * struct.calcsize(code):
        msg = "npy array of the wrong length"
        raise Corrupt(msg)
    return struct.unpack(f"<{n}{code}", body)


@dataclass(frozen=True, slots=True)
class CachedLabels:
    """The place labels of a compiled graph, as :func:`corridor.network.places.place_records`
    reads them (plain tuples, no numpy)."""

    node_ids: tuple[str, ...]
    node_names: tuple[str, ...]
    node_aliases: tuple[tuple[str, ...], ...]
    node_kinds: tuple[str, ...]
    node_country: tuple[int, ...]
    node_lat: tuple[float, ...]
    node_lon: tuple[float, ...]
    countries: tuple[str, ...]


def cached_labels(folder: Path, unit: str = "teu") -> CachedLabels | None:
    """The place labels of ``folder``'s undated graph from its cache entry, read without
    numpy; None when there is no whole entry for the folder's current files (the caller
    loads the graph, which writes one)."""
    import zipfile

    target = entry_path(folder, unit, None, no_cache=False)
    if target is None:
        return None
    try:
        payload = read_payload(target)
        with zipfile.ZipFile(io.BytesIO(payload)) as npz:
            meta = json.loads(bytes(_npy_1d(npz.read("__meta__.npy"))).decode())
            arrays = {
                name: _npy_1d(npz.read(f"labels.{name}.npy"))
                for name in ("node_country", "node_lat", "node_lon")
            }
        labels = CachedLabels(
            node_ids=tuple(meta["labels.node_ids"]),
            node_names=tuple(meta["labels.node_names"]),
            node_aliases=tuple(tuple(a) for a in meta["labels.node_aliases"]),
            node_kinds=tuple(meta["labels.node_kinds"]),
            countries=tuple(meta["labels.countries"]),
            node_country=arrays["node_country"],
            node_lat=arrays["node_lat"],
            node_lon=arrays["node_lon"],
        )
    except Exception:  # no entry, damaged, another layout: the ordinary load decides
        return None
    n = len(labels.node_ids)
    sizes = (len(labels.node_names), len(labels.node_aliases), len(labels.node_country))
    if any(size != n for size in (*sizes, len(labels.node_lat), len(labels.node_lon))):
        return None
    try:
        os.utime(target)  # recently used: evicted last
    except OSError:
        pass
    return labels
