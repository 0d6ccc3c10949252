"""``corridor serve``: the CLI's answers over HTTP (FastAPI) and an offline web map.

Needs the ``service`` extra (``pip install 'corridor[service]'``); without it
:func:`create_app` raises :class:`~corridor.errors.MissingExtraError` naming it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.errors import MissingExtraError

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["MISSING", "create_app", "require"]

MISSING = "corridor serve needs the service extra: pip install 'corridor[service]'"


def require() -> None:
    """Raise MissingExtraError (one line naming the extra) unless FastAPI and uvicorn import."""
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise MissingExtraError(MISSING) from None


def create_app(network: str | Path | None = None, **options: Any) -> FastAPI:
    """The FastAPI app on ``network`` (see :func:`corridor.service.app.create_app`)."""
    require()
    from corridor.service.app import create_app as make

    return make(network, **options)
