"""``corridor serve``: the web service and the offline map page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app

ENV_NETWORK = "CORRIDOR_SERVE_NETWORK"
"""How ``--network`` reaches each worker process of ``--workers N``."""


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str,
        typer.Option("--host", help="Address to bind; the default serves this machine only."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    network: Annotated[
        Path | None,
        typer.Option(
            "--network", "-n", help="Network folder; default: the shipped network of the region."
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Server processes.")] = 1,
) -> None:
    """Serve the API (OpenAPI schema at /openapi.json) and the offline web map at http://HOST:PORT/.

    Every endpoint returns the JSON of the matching '--json' command; nothing is fetched
    from the internet. Needs the service extra: pip install 'corridor[service]'.

    \b
    Examples:
      corridor serve
      corridor serve --port 8080 --workers 2
    """
    from corridor.errors import InputError
    from corridor.service import require

    require()
    if network is not None and not (network / "nodes.csv").is_file():
        msg = f"--network {network}: not a network folder (no nodes.csv)"
        raise InputError(msg)
    import uvicorn

    if network is not None:
        os.environ[ENV_NETWORK] = str(network.resolve())
    else:
        os.environ.pop(ENV_NETWORK, None)
    typer.echo(f"corridor serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(
        "corridor.service._factory:make",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,  # Ctrl-C: requests still computing are dropped after 5 s
    )
