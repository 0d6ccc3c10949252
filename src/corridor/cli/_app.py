"""The typer application and the error boundary shared by every subcommand."""

from __future__ import annotations

import sys

import typer

from corridor.errors import CorridorError

app = typer.Typer(
    name="corridor",
    help="corridor: routes, borders, gauge breaks and flows on Eurasian freight corridors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
network_app = typer.Typer(help="Check and summarise a network folder.", no_args_is_help=True)
app.add_typer(network_app, name="network")


def _register() -> None:
    # Subcommand modules decorate ``app`` / ``network_app`` when imported.
    from corridor.cli import (  # noqa: F401
        _assign,
        _critical,
        _flows,
        _network,
        _route,
        _scenario,
        _validate_data,
    )


# typer may vendor click; take its exception classes from a public typer class's MRO
_CLICK_EXC: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)
_USAGE_EXC: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


def fail(message: str) -> None:
    """Print one error line to stderr and exit with code 1."""
    typer.echo(f"error: {message}", err=True)
    raise SystemExit(1)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``corridor`` script.

    Bad input of any kind (a CorridorError or a bad command-line argument) is one line on
    stderr and exit code 1, never a traceback.
    """
    _register()
    try:
        app(args=argv, standalone_mode=False, prog_name="corridor")
    except CorridorError as exc:
        fail(str(exc))
    except _CLICK_EXC as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(ctx.get_help() if ctx else "")
            sys.exit(0)
        where = f" (see '{ctx.command_path} --help')" if isinstance(exc, _USAGE_EXC) and ctx else ""
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        fail(f"{text}{where}")
    except typer.Abort:
        fail("aborted")
    except OSError as exc:  # a file or folder that cannot be read or written
        where = exc.filename if exc.filename is not None else "file system"
        fail(f"{where}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        fail("interrupted")
    except BrokenPipeError:
        sys.exit(0)
