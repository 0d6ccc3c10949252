"""The ahead-of-time kernels (issue 16 item 5): ``setup.py`` compiles the assignment
kernels with numba.pycc at install (``corridor.assign._aot``), so that ``corridor assign``
starts without numba; they give the same numbers as the JIT kernels, and a module older
than the code, or missing, leaves the JIT kernels in charge."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import corridor
from corridor.assign import _native
from corridor.assign import _pathset as P
from corridor.assign.tntp import solve_tntp
from corridor.data import path as data_path
from corridor.errors import CorridorError
from corridor.io.tntp import read_folder


@pytest.fixture(autouse=True)
def _fresh_choice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(_native.ENV, raising=False)
    _native._aot.cache_clear()
    yield
    _native._aot.cache_clear()


def _installed() -> bool:
    return _native._aot() is not None


def test_an_install_with_a_c_compiler_has_current_compiled_kernels() -> None:
    """The install (``pip install -e .`` in scripts/test.sh) built the module from the
    sources now in place: its key is theirs, and it is the backend chosen."""
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler: setup.py installs without the compiled kernels")
    import corridor.assign._aot as aot  # type: ignore[import-not-found]

    package = Path(corridor.__file__).resolve().parent
    assert aot.source_key() == _native.source_key(package), (
        "corridor.assign._aot is older than the kernels: reinstall (pip install -e .)"
    )
    assert _native.kernels().name == "aot"


@pytest.mark.parametrize("algorithm", ["gp", "bfw", "fw", "aon"])
def test_compiled_and_jit_kernels_give_the_same_flows(
    algorithm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _installed():
        pytest.skip("corridor.assign._aot was not built")
    folder = read_folder(data_path("examples/SiouxFalls"))
    aot = solve_tntp(folder, algorithm=algorithm, gap=1e-8, max_iter=300)
    monkeypatch.setenv(_native.ENV, "numba")
    assert _native.kernels().name == "jit"
    jit = solve_tntp(folder, algorithm=algorithm, gap=1e-8, max_iter=300)
    assert aot.iterations == jit.iterations
    np.testing.assert_array_equal(aot.flows, jit.flows)
    np.testing.assert_array_equal(aot.costs, jit.costs)
    assert aot.objective == jit.objective


@pytest.mark.parametrize("n_edges", [10, 40_000, 2**31 + 1])
def test_every_path_pool_type_gets_the_same_columns(n_edges: int) -> None:
    """Pools of int16 and int32 edge ids have compiled kernels; int64 (over 2**31 edges)
    falls to the JIT kernels. Two parallel routes, one OD pair: the same paths and flows."""
    indptr = np.array([0, 2, 3, 3], np.int64)
    indices = np.array([1, 1, 2], np.int64)
    tails = np.array([0, 0, 1], np.int64)
    params = np.array([[10.0, 0.15, 100.0, 4.0], [15.0, 0.15, 100.0, 4.0], [1.0, 0.0, 1.0, 1.0]])
    od = P.OdPairs(
        np.array([0], np.int64),
        np.array([0, 1], np.int64),
        np.array([2], np.int64),
        np.array([300.0]),
    )
    answers = []
    for backend in (_native.kernels(), _native._jit()):
        paths = P.new_path_set(1, n_edges)
        flow, cost, deriv = np.zeros(3), np.zeros(3), np.zeros(3)
        blocked, fixed = np.zeros(3, np.bool_), np.zeros(3)
        backend.costs_and_derivatives(P.VDF_BPR, params, fixed, flow, cost, deriv)
        trees = np.empty((1, 3), paths.pool.dtype)
        vdf = (P.VDF_BPR, params, fixed)
        for i in range(30):
            _, paths, _ = backend.gp_columns(
                (indptr, indices, tails, blocked),
                cost,
                od,
                flow,
                paths,
                1e-12,
                vdf,
                trees,
                have_trees=i > 0,
            )
            backend.gp_link_flows(paths, flow)
            backend.costs_and_derivatives(P.VDF_BPR, params, fixed, flow, cost, deriv)
            backend.gp_shift(P.VDF_BPR, params, fixed, flow, cost, deriv, paths)
        assert isinstance(paths, P.PathSet) and paths.pool.dtype == P.pool_dtype(n_edges)
        answers.append(flow.copy())
    np.testing.assert_array_equal(answers[0], answers[1])
    assert answers[0][0] + answers[0][1] == pytest.approx(300.0)
    assert 0 < answers[0][1] < answers[0][0]  # the slower route takes the smaller share


def test_a_module_older_than_the_kernels_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kernels edited after the install (an editable install): the module's key no longer
    matches, the JIT kernels run; ``CORRIDOR_KERNELS=aot`` then refuses in one line."""
    monkeypatch.setattr(_native, "source_key", lambda package: -1)
    assert _native.kernels().name == "jit"
    monkeypatch.setenv(_native.ENV, "aot")
    with pytest.raises(CorridorError, match="ahead-of-time kernels are not installed or are older"):
        _native.kernels()


def test_the_key_covers_every_kernel_source(tmp_path: Path) -> None:
    """A change to any file the module is compiled from changes the key."""
    package = Path(corridor.__file__).resolve().parent
    from corridor.assign._aot_build import SOURCES

    copy = tmp_path / "corridor"
    for rel in SOURCES:
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(package / rel, copy / rel)
    key = _native.source_key(copy)
    assert key == _native.source_key(package)
    for rel in SOURCES:
        original = (copy / rel).read_bytes()
        (copy / rel).write_bytes(original + b"\n# edited\n")
        assert _native.source_key(copy) != key, rel
        (copy / rel).write_bytes(original)
