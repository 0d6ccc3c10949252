"""The typer application and the error boundary shared by every subcommand."""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from corridor import _signals
from corridor.errors import CorridorError

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_NOT_CONVERGED = 3
EXIT_INTERRUPTED = _signals.EXIT_INTERRUPTED
EXIT_TERMINATED = _signals.EXIT_TERMINATED

EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK:<4} success
  {EXIT_INPUT:<4} bad input: an unknown place, a bad file or value, no route, an output
       path that is in the way (one line on stderr, starting "error: ")
  {EXIT_USAGE:<4} usage: unknown option, missing argument, a value of the wrong type
  {EXIT_NOT_CONVERGED:<4} assign stopped (--max-iter, --time-limit) before reaching --gap
       (the results are still printed and written; --allow-unconverged gives 0)
  {EXIT_INTERRUPTED:<4} interrupted (Ctrl-C): one line "interrupted", no output files left
  {EXIT_TERMINATED:<4} terminated (SIGTERM): one line "terminated", no output files left
       (once an output is in place, the command finishes and exits 0)
"""

HELP = """corridor: routes, borders, gauge breaks and flows on Eurasian freight corridors.

\b
Examples:
  corridor route almaty karachi
  corridor route almaty karachi --by cost --alternatives 3
  corridor flows --out out/
  corridor assign --example SiouxFalls
  corridor route --help
"""

app = typer.Typer(
    name="corridor",
    help=HELP,
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
network_app = typer.Typer(
    help="Check and summarise a network folder.\n\n\b\nExamples:\n"
    "  corridor network info\n  corridor network validate path/to/my_network",
    no_args_is_help=True,
    epilog=EXIT_CODES,
)
app.add_typer(network_app, name="network")


def _version(value: bool) -> None:
    if value:
        from corridor._version import __version__

        typer.echo(f"corridor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Options that apply to every command."""


COMMANDS = {
    "appraise": "_appraise",
    "assign": "_assign",
    "cache": "_cache",
    "chart": "_chart",
    "compare": "_compare",
    "critical": "_critical",
    "flows": "_flows",
    "hubs": "_hubs",
    "network": "_network",
    "pareto": "_pareto",
    "places": "_route",
    "report": "_report",
    "route": "_route",
    "scenario": "_scenario",
    "scenarios": "_scenario",
    "sensitivity": "_sensitivity",
    "serve": "_serve",
    "trade": "_trade",
    "validate-data": "_validate_data",
}
"""Each command (or command group) and the module that registers it on ``app``."""


def _register(argv: list[str] | None = None) -> None:
    """Register the subcommands (their modules decorate ``app`` / ``network_app`` when
    imported): only the one named first in ``argv`` when there is one (the start-up of
    ``corridor route`` does not import the other sixteen modules and their options), else
    all of them (``--help``, no command, an unknown command)."""
    import importlib

    args = sys.argv[1:] if argv is None else argv
    module = COMMANDS.get(args[0]) if args and not args[0].startswith("-") else None
    for name in [module] if module is not None else sorted(set(COMMANDS.values())):
        importlib.import_module(f"corridor.cli.{name}")


# typer may vendor click; take its exception classes from a public typer class's MRO
_CLICK_EXC: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)
_USAGE_EXC: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print one error line to stderr and exit with ``code`` (default 1, bad input)."""
    typer.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def interrupted(code: int = EXIT_INTERRUPTED) -> NoReturn:
    """Print the one line of an interrupt and exit with ``code`` (130 SIGINT, 143 SIGTERM)."""
    sys.stderr.write("terminated\n" if code == EXIT_TERMINATED else "interrupted\n")
    sys.stderr.flush()
    raise SystemExit(code)


def run(argv: list[str] | None = None) -> None:  # noqa: C901 (the error boundary: one branch per kind of failure)
    """Run the command line; see :func:`corridor.cli.main`."""
    try:
        _register(argv)
        from corridor.cli._values import checked, one_line_warnings

        command = checked(typer.main.get_command(app))
        with one_line_warnings():
            code = command.main(args=argv, standalone_mode=False, prog_name="corridor")
    except (KeyboardInterrupt, _signals.Terminated) as exc:
        interrupted(_signals.exit_code(exc) or EXIT_INTERRUPTED)
    except CorridorError as exc:
        fail(str(exc))
    except _CLICK_EXC as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(ctx.get_help() if ctx else "")
            sys.exit(EXIT_OK)
        usage = isinstance(exc, _USAGE_EXC)
        where = f" (see '{ctx.command_path} --help')" if usage and ctx else ""
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        fail(f"{text}{where}", EXIT_USAGE if usage else EXIT_INPUT)
    except typer.Abort as exc:
        # click turns Ctrl-C (and an EOFError from anywhere) into Abort
        cause = exc.__cause__ or exc.__context__
        if cause is not None and _signals.exit_code(cause) is None:
            fail(f"unexpected end of data ({type(cause).__name__}: {cause})")
        interrupted(_signals.exit_code(exc) or EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except OSError as exc:  # a file or folder that cannot be read or written
        fail(_os_error(exc))
    except Exception as exc:
        signalled = _signals.exit_code(exc)  # e.g. an interrupt inside a numba kernel
        if signalled is None:
            raise
        interrupted(signalled)
    late = _signals.swallowed()
    if late is not None:  # a signal some handler caught, with no output in place
        interrupted(late)
    if code == EXIT_INTERRUPTED:  # typer turns KeyboardInterrupt into Exit(130)
        interrupted()
    if isinstance(code, int) and code != EXIT_OK:
        raise SystemExit(code)


def _os_error(exc: OSError) -> str:
    """``PATH: reason`` for an OSError, naming both paths of a rename."""
    import errno

    where = exc.filename if exc.filename is not None else None
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    if where is None:
        return f"file system: {reason}"
    return f"{where}: {reason}"
