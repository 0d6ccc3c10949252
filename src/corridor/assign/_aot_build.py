# mypy: disable-error-code="no-untyped-call, attr-defined"
"""Build-time only: the assignment kernels compiled ahead of time (``numba.pycc``).

``setup.py`` calls :func:`compile_kernels` when corridor is installed; it writes the
extension module ``corridor.assign._aot``: the numba kernels of
:mod:`corridor.assign._kernels` and ``corridor._search.sp_tree`` as plain machine code
with the signatures below, loaded at run time without importing numba or LLVM
(:mod:`corridor.assign._native`). Functions that take a :class:`~corridor.assign._pathset.PathSet`
exist once per integer type of its edge pool (``_i16``, ``_i32``). The module also
exports ``source_key()``: :func:`source_key` of the sources it was compiled from, so that
a module older than the code (an editable install whose kernels were edited since) is not
used. The machine code is for a generic x86-64/aarch64 CPU, so that a wheel built here
runs on any machine of the same platform.
"""

from __future__ import annotations

import zlib
from pathlib import Path

MODULE = "_aot"
"""The extension's name inside :mod:`corridor.assign`."""

SOURCES = (
    "assign/_kernels.py",
    "assign/_pathset.py",
    "assign/_aot_build.py",
    "_search.py",
)
"""The files (relative to the corridor package) whose code the module holds."""

POOLS = {"i16": "int16", "i32": "int32"}
"""Path-pool integer types with compiled kernels (int64 pools, over 2**31 edges, use JIT)."""


def source_key(package: Path) -> int:
    """A 63-bit digest of :data:`SOURCES` under ``package`` (the corridor folder): CRC-32
    and Adler-32 of their names and bytes. It tells an edited source from the one compiled
    (not a security check), and zlib loads in a fraction of the 2.5 ms that hashlib's
    OpenSSL binding takes on every ``corridor assign``."""
    crc = adler = 1
    for rel in SOURCES:
        for part in (rel.encode(), (package / rel).read_bytes()):
            crc = zlib.crc32(part, crc)
            adler = zlib.adler32(part, adler)
    return ((crc << 31) ^ adler) & (2**63 - 1)


def compile_kernels(target: Path) -> None:  # pragma: no cover (runs in setup.py's build)
    """Compile the kernels into the extension module file ``target``."""
    from numba import types as T
    from numba.pycc import CC

    from corridor import _search as S
    from corridor.assign import _kernels as K

    key = source_key(Path(K.__file__).resolve().parents[1])
    f8, i8, i4, b1 = T.float64[::1], T.int64[::1], T.int32[::1], T.boolean[::1]
    p2 = T.float64[:, ::1]
    cc = CC(MODULE)
    cc.output_dir = str(target.parent)
    cc.output_file = target.name
    cc.verbose = False

    def export(name: str, sig: object, fn: object) -> None:
        cc.export(name, sig)(getattr(fn, "py_func", fn))

    def _key() -> int:
        return key

    export("source_key", T.int64(), _key)
    export("edge_costs", T.void(T.int64, p2, f8, f8, f8), K.edge_costs)
    export("edge_derivatives", T.void(T.int64, p2, f8, f8), K.edge_derivatives)
    export("edge_integrals", T.void(T.int64, p2, f8, f8, f8), K.edge_integrals)
    export("costs_and_derivatives", T.void(T.int64, p2, f8, f8, f8, f8), K.costs_and_derivatives)
    export("aon", T.float64(i8, i8, i8, f8, b1, i8, i8, i8, f8, f8), K.aon)
    export(
        "line_search",
        T.float64(T.int64, p2, f8, f8, f8, T.float64, T.float64, T.float64),
        K.line_search,
    )
    export("sp_tree", T.int64(i8, i8, f8, T.int64, b1, f8, i8, i8, f8, i8, i8), S.sp_tree)
    od = T.Tuple((i8, i8, i8, f8))
    vdf = T.Tuple((T.int64, p2, f8))
    graph = T.Tuple((i8, i8, i8, b1))
    for suffix, kind in POOLS.items():
        ids = getattr(T, kind)
        paths = T.Tuple((i8, i4, f8, i8, i4, ids[::1], i8))
        columns = T.Tuple((T.float64, paths, T.int64))(
            graph, f8, od, f8, paths, T.float64, vdf, ids[:, ::1], T.boolean
        )
        export("gp_columns_" + suffix, columns, K.gp_columns)
        export("gp_shift_" + suffix, T.float64(T.int64, p2, f8, f8, f8, f8, paths), K.gp_shift)
        export("gp_link_flows_" + suffix, T.int64(paths, f8), K.gp_link_flows)
    cc.compile()
