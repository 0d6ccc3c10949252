"""The app factory uvicorn imports in each server process (``corridor serve``)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from corridor.service.app import create_app


def make() -> FastAPI:
    """The app on the network ``corridor serve --network`` named (via the environment)."""
    return create_app(os.environ.get("CORRIDOR_SERVE_NETWORK") or None)
