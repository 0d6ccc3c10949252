"""corridor.scale: the same criticality in-process and on Dask (threads and processes)."""

from __future__ import annotations

import numpy as np
import pytest

import corridor
from corridor.analysis.criticality import criticality
from corridor.analysis.od import od_set
from corridor.errors import InputError
from corridor.paths import place_index
from corridor.scale import have_dask, mapper

needs_dask = pytest.mark.skipif(
    not have_dask(), reason="dask[distributed] not installed (corridor[scale])"
)


@pytest.fixture(scope="module")
def setup(region: corridor.Network):  # type: ignore[no-untyped-def]
    g = corridor.compile(region)
    od = od_set(g.labels.node_ids, lambda p: place_index(g, p))
    return g, od, criticality(g, od, batch_size=16)


def test_in_process_mapper_and_bad_arguments() -> None:
    with mapper() as run:
        assert run(lambda s, b: s * b, 3, [1, 2]) == [3, 6]
    with pytest.raises(InputError, match="not both"), mapper(2, "tcp://x:1"):
        pass


@needs_dask
@pytest.mark.parametrize("processes", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_dask_equals_in_process(setup, processes: bool) -> None:  # type: ignore[no-untyped-def]
    g, od, local = setup
    with mapper(2, processes=processes) as run:
        remote = criticality(g, od, batch_size=16, map_batches=run)
    assert remote.table.equals(local.table)
    np.testing.assert_array_equal(remote.table["score"], local.table["score"])
