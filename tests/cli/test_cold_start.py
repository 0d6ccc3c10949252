"""Light commands stay light: ``python -X importtime`` shows which packages a command
imports, and a light command must not import the heavy ones it does not need (numba and
scipy are the JIT stack; pandas parses tables; pydantic validates files, and typer would
build its parameters with it; typer is not needed to print the version). A cold
``corridor route`` needs numpy and typer only: its searches and its Monte Carlo run on the
numpy tier (``paths/_small.py``, ``reliability/_small.py``), the cached graph is read
with numpy. ``corridor places`` reads the cached graph's labels without numpy
(``corridor._graphfile.cached_labels``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"numba", "scipy", "pandas", "numpy", "pydantic", "typer", "matplotlib", "llvmlite"}
ALLOWED: dict[tuple[str, ...], set[str]] = {
    ("--version",): set(),
    ("--help",): {"typer"},
    ("scenario", "list"): {"typer", "pydantic"},  # scenario files are validated
    ("places",): {"typer"},  # the cached graph's labels, read without numpy
    ("places", "almaty"): {"typer"},
    ("route", "almaty", "karachi"): {"typer", "numpy"},
    ("route", "almaty", "karachi", "--by", "cost", "-k", "3"): {"typer", "numpy", "pydantic"},
}


def imported(
    args: tuple[str, ...], cache: Path, *, whole: bool = False, kernels: str = ""
) -> set[str]:
    """Top-level packages ``corridor <args>`` imports (from ``-X importtime``; ``whole``:
    the modules' full names; ``kernels``: ``CORRIDOR_KERNELS``)."""
    env = dict(os.environ, CORRIDOR_CACHE_DIR=str(cache), CORRIDOR_KERNELS=kernels)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "corridor", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            names.add(name if whole else name.split(".")[0])
    return names


@pytest.mark.parametrize("args", list(ALLOWED))
def test_light_command_imports_no_heavy_package(args: tuple[str, ...], tmp_path: Path) -> None:
    if args[0] in ("places", "route"):
        imported(args, tmp_path)  # first run: compiles and caches the graph
    heavy = imported(args, tmp_path) & HEAVY
    assert heavy <= ALLOWED[args], f"corridor {' '.join(args)} imports {sorted(heavy)}"


def test_the_check_sees_heavy_imports(tmp_path: Path) -> None:
    """The same parse does see numba and numpy on a command that needs them (the JIT
    kernels, forced)."""
    args = ("assign", "--example", "SiouxFalls")
    assert {"numba", "numpy"} <= imported(args, tmp_path, kernels="jit")


def test_assign_imports_only_the_solvers_stack(tmp_path: Path) -> None:
    """``corridor assign`` (issue 16 item 5) needs numpy only: the kernels were compiled
    ahead of time at install (``corridor.assign._aot``; no numba, no LLVM), the TNTP files
    are read with numpy, the answer is reported and its CSV written without pandas
    (``corridor.results.flow.Assigned``, ``corridor.io.tntp.write_link_flows``), numbers
    and paths on the command line are read without pydantic
    (``corridor.cli._values._plain_value``). With the JIT kernels, numba does not import
    scipy to ask for BLAS (``corridor._jit._defer_blas_probe``)."""
    from corridor.assign import _native

    args = ("assign", "--example", "SiouxFalls", "--gap", "1e-6", "--toll-factor", "0")
    out = tmp_path / "flows.csv"
    modules = imported((*args, "--json", "-o", str(out)), tmp_path, whole=True)
    heavy = {m.split(".")[0] for m in modules} & HEAVY
    if _native._aot() is not None:
        assert heavy <= {"typer", "numpy"}, sorted(heavy)
    else:  # installed without a C compiler: the JIT kernels
        assert heavy <= {"typer", "numpy", "numba", "llvmlite", "scipy"}, sorted(heavy)
    assert not {"scipy.linalg", "scipy.sparse", "pandas", "pydantic"} & modules
    assert out.read_text().startswith("init_node,term_node,flow,cost\n")
    jit = imported((*args, "--json"), tmp_path, whole=True, kernels="jit")
    assert not {"scipy.linalg", "scipy.sparse", "pandas", "pydantic"} & jit


def test_each_command_is_registered_by_its_module() -> None:
    """``corridor <command>`` imports only the module :data:`COMMANDS` names for it: the
    table must name the module that registers each command and command group."""
    import corridor.cli
    from corridor.cli._app import COMMANDS

    app = corridor.cli.app  # every command registered
    found = {c.name: c.callback.__module__ for c in app.registered_commands}
    for group in app.registered_groups:
        commands = group.typer_instance.registered_commands
        found[group.name] = commands[0].callback.__module__
    assert set(found) == set(COMMANDS)
    for name, module in found.items():
        assert module == f"corridor.cli.{COMMANDS[name]}", name


def test_the_script_and_python_m_leave_the_same_way() -> None:
    """The installed ``corridor`` script and ``python -m corridor`` both run
    :func:`corridor.cli._exit.script` (no interpreter teardown after the output is
    complete), so the saving reaches every way of starting."""
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "corridor"]
    assert script.value == "corridor.cli._exit:script"
    assert (
        "from corridor.cli._exit import script" in (ROOT / "src/corridor/__main__.py").read_text()
    )


def test_the_program_keeps_openblas_to_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a program, corridor starts OpenBLAS with one thread unless the user set it."""
    import corridor.cli
    from corridor.cli import _exit

    seen: list[str | None] = []
    monkeypatch.setattr(
        corridor.cli, "main", lambda: seen.append(os.environ.get("OPENBLAS_NUM_THREADS"))
    )
    monkeypatch.setattr(_exit, "_leave", lambda code: seen.append(f"exit {code}"))
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    _exit.script()
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    _exit.script()
    assert seen == ["1", "exit 0", "4", "exit 0"]
