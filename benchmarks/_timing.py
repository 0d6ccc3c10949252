"""Timing shared by the benchmark scripts (a module, not a benchmark: tests/benchmarks
skips names starting with ``_``)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def warm_medians(
    runs: dict[str, Callable[[], object]], repeat: int, *, warm: bool = True
) -> tuple[dict[str, float], dict[str, float], object]:
    """Each callable of ``runs`` once untimed (it compiles the kernels and builds the
    graphs; ``warm=False``: not, when earlier runs did it already), then ``repeat`` timed
    calls, in order: the median wall and CPU seconds per name, and the last call's result."""
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    result: object = None
    for name, fn in runs.items():
        if warm:
            fn()  # warm-up
        times: list[float] = []
        cpus: list[float] = []
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            result = fn()
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        wall[name], cpu[name] = statistics.median(times), statistics.median(cpus)
    return wall, cpu, result


def child_env(src: Path, **extra: str) -> dict[str, str]:
    """The environment of a timed ``python -m corridor`` child that runs the tree ``src``:
    its bytecode cached, as an installed corridor has it (pip compiles it at install);
    with PYTHONDONTWRITEBYTECODE set (this sandbox sets it), an edited tree would compile
    its modules on every run."""
    env = dict(os.environ, PYTHONPATH=str(src), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
