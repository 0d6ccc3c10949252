"""Which machine code runs the assignment: the ahead-of-time kernels or numba's JIT.

:func:`kernels` gives an object with the assignment kernels' functions (``edge_costs``,
``aon``, ``gp_columns`` ...; the contract of :mod:`corridor.assign._kernels`). When the
extension module ``corridor.assign._aot`` was built at install time
(:mod:`corridor.assign._aot_build`, run by ``setup.py``) and was compiled from the
sources now installed, those are its functions: a process that assigns then never
imports numba or LLVM, which saves about a quarter of a second of start-up. Otherwise
(no C compiler at install, kernels edited since, a path pool of 64-bit edge ids) they
are the numba kernels, compiled on first use and cached. Both give the same numbers.

``CORRIDOR_KERNELS=numba`` (or ``jit``) forces the numba kernels, as it makes the route
searches use numba (:mod:`corridor._tier`); ``=aot`` insists on the compiled module and
fails if it cannot be used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from corridor._tier import ENV, JIT_VALUES, kernels_setting
from corridor.assign._aot_build import MODULE, POOLS, source_key
from corridor.assign._pathset import OdPairs, PathSet
from corridor.errors import CorridorError


class Kernels:
    """The assignment kernels of one backend (``name``: ``"aot"`` or ``"jit"``)."""

    name: str
    edge_costs: Callable[..., None]
    edge_derivatives: Callable[..., None]
    edge_integrals: Callable[..., None]
    costs_and_derivatives: Callable[..., None]
    aon: Callable[..., float]
    line_search: Callable[..., float]
    sp_tree: Callable[..., int]

    def __init__(self, name: str, module: Any, per_pool: dict[np.dtype[Any], Any]) -> None:
        self.name = name
        for fn in (
            "edge_costs",
            "edge_derivatives",
            "edge_integrals",
            "costs_and_derivatives",
            "aon",
            "line_search",
            "sp_tree",
        ):
            setattr(self, fn, getattr(module, fn))
        self._module = module
        self._per_pool = per_pool

    def _pool(self, paths: PathSet) -> Any:
        """The module whose gradient-projection kernels take ``paths``'s pool type."""
        found = self._per_pool.get(paths.pool.dtype)
        return found if found is not None else _jit()._module

    def gp_columns(  # noqa: PLR0913 (the kernel's arguments)
        self,
        graph: tuple[Any, Any, Any, Any],
        cost: Any,
        od: OdPairs,
        flow: Any,
        paths: PathSet,
        rel_tol: float,
        vdf: tuple[int, Any, Any],
        trees: Any,
        *,
        have_trees: bool,
    ) -> tuple[float, PathSet, int]:
        """Column generation (``_kernels.gp_columns``); the grown path set as a PathSet."""
        fn = self._pool(paths).gp_columns
        sp, grown, added = fn(graph, cost, od, flow, paths, rel_tol, vdf, trees, have_trees)
        return float(sp), PathSet(*grown), int(added)

    def gp_shift(
        self, code: int, params: Any, fixed: Any, flow: Any, cost: Any, deriv: Any, paths: PathSet
    ) -> float:
        """One sweep of flow shifts (``_kernels.gp_shift``)."""
        return float(self._pool(paths).gp_shift(code, params, fixed, flow, cost, deriv, paths))

    def gp_link_flows(self, paths: PathSet, flow: Any) -> int:
        """Edge flows from path flows (``_kernels.gp_link_flows``)."""
        return int(self._pool(paths).gp_link_flows(paths, flow))


class _PoolFunctions:
    """One path-pool type's compiled gradient-projection functions under common names."""

    def __init__(self, module: Any, suffix: str) -> None:
        self.gp_columns = getattr(module, "gp_columns_" + suffix)
        self.gp_shift = getattr(module, "gp_shift_" + suffix)
        self.gp_link_flows = getattr(module, "gp_link_flows_" + suffix)


@cache
def _jit() -> Kernels:
    from corridor.assign import _kernels

    return Kernels("jit", _kernels, {})


@cache
def _aot() -> Kernels | None:
    """The compiled module's kernels, or None when it is missing, stale or unloadable."""
    try:
        module = importlib.import_module(f"corridor.assign.{MODULE}")
    except ImportError:
        return None
    package = Path(__file__).resolve().parents[1]
    try:
        fresh = int(module.source_key()) == source_key(package)
    except (OSError, AttributeError):
        return None
    if not fresh:
        return None
    pools = {np.dtype(kind): _PoolFunctions(module, suffix) for suffix, kind in POOLS.items()}
    return Kernels("aot", module, pools)


def kernels() -> Kernels:
    """The assignment kernels this process uses (see the module's docstring)."""
    wanted = kernels_setting()
    if wanted in JIT_VALUES:
        return _jit()
    found = _aot()
    if found is not None:
        return found
    if wanted == "aot":
        msg = (
            f"{ENV}=aot, but corridor's ahead-of-time kernels are not installed or are older "
            "than its code (reinstall corridor with a C compiler present)"
        )
        raise CorridorError(msg)
    return _jit()
