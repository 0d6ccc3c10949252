#!/usr/bin/env bash
# Install corridor with its test tools into .venv and run every check: ruff, mypy, the
# import layers, and the pytest suite. Works on a fresh machine with only Python 3.11+.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# tests/web drive a headless Chromium: Debian's, installed here when it is missing and we may
# (root with apt-get); without one those tests are skipped, saying how to get one
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== chromium (apt-get, for tests/web)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
    || echo "chromium could not be installed: tests/web will be skipped"
fi
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check src tests tools benchmarks
echo "== mypy (strict, src/)"
.venv/bin/mypy
echo "== import layers"
.venv/bin/lint-imports
echo "== pytest"
.venv/bin/python -m pytest -n 2 "$@"
