"""Scale-out: map independent pieces of work (criticality element batches, scenario x OD
batches, Monte Carlo batches) in-process, on a local Dask cluster, or on an existing one.

Every function mapped here is a pure function ``func(shared, batch)``: ``shared`` is the
big read-only state (a prepared graph, its trees), ``batch`` a small piece of work. With
Dask, ``shared`` is scattered to the workers once (``broadcast=True``) and each task
receives only its batch and a reference to it, so the results are the same whichever way
the work runs.

Dask is optional (``pip install 'corridor[scale]'``); asking for workers or a scheduler
without it raises :class:`~corridor.errors.MissingExtraError`.

Examples
--------
>>> with mapper() as m:                 # in-process
...     m(lambda shared, b: shared + b, 10, [1, 2])
[11, 12]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from corridor.errors import InputError, MissingExtraError

Func = Callable[[Any, Any], Any]
MapBatches = Callable[[Func, Any, Sequence[Any]], list[Any]]


def in_process(func: Func, shared: Any, batches: Sequence[Any]) -> list[Any]:
    """Run the batches here, in order."""
    return [func(shared, b) for b in batches]


@dataclass(frozen=True, slots=True)
class DaskMapper:
    """Map batches on a Dask client; ``shared`` is scattered once per call."""

    client: Any

    def __call__(self, func: Func, shared: Any, batches: Sequence[Any]) -> list[Any]:
        """Scatter ``shared`` to every worker once, map ``func`` over the batches, gather."""
        if not batches:
            return []
        ref = self.client.scatter(shared, broadcast=True, hash=False)
        futures = self.client.map(func, [ref] * len(batches), list(batches), pure=False)
        return list(self.client.gather(futures))


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - depends on the environment
        msg = "running on Dask needs corridor[scale]: pip install 'corridor[scale]' (dask[distributed])"
        raise MissingExtraError(msg) from None
    return distributed


def have_dask() -> bool:
    """Whether Dask's distributed scheduler is installed."""
    try:
        _distributed()
    except MissingExtraError:
        return False
    return True


@contextmanager
def mapper(
    workers: int | None = None,
    scheduler: str | None = None,
    *,
    processes: bool = True,
    threads_per_worker: int = 1,
) -> Iterator[MapBatches]:
    """A ``map_batches`` callable: in-process (no arguments), a local cluster of ``workers``,
    or the cluster at ``scheduler`` (``tcp://host:8786``). A local cluster is closed on exit.

    Raises
    ------
    MissingExtraError
        When workers or a scheduler are asked for and Dask is not installed.
    InputError
        For both ``workers`` and ``scheduler``, or ``workers < 1``.
    """
    if workers is not None and scheduler is not None:
        msg = "give --workers (a local cluster) or --scheduler (an existing one), not both"
        raise InputError(msg)
    if workers is None and scheduler is None:
        yield in_process
        return
    distributed = _distributed()
    if scheduler is not None:
        with distributed.Client(scheduler) as client:
            yield DaskMapper(client)
        return
    assert workers is not None
    if workers < 1:
        msg = f"--workers must be >= 1, got {workers}"
        raise InputError(msg)
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=threads_per_worker,
            processes=processes,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield DaskMapper(client)
