"""Helpers for the comparison tests (imported by each test module; not a conftest, whose
basename would clash with tests/conftest.py under --doctest-modules)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corridor.cli import main

Cli = Callable[[list[str]], tuple[int, str, str]]


def cli_runner(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run the CLI in-process: args -> (exit code, stdout, stderr)."""

    def run(args: list[str]) -> tuple[int, str, str]:
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
