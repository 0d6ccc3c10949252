#!/usr/bin/env bash
# Install corridor with its test tools into .venv and run every check: ruff, mypy, the
# import layers, and the pytest suite. Works on a fresh machine with only Python 3.11+.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
echo "== ruff"
.venv/bin/ruff check .
echo "== mypy (strict, src/)"
.venv/bin/mypy
echo "== import layers"
.venv/bin/lint-imports
echo "== pytest"
.venv/bin/python -m pytest -n 2 "$@"
