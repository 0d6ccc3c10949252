"""The ``corridor`` script's and ``python -m corridor``'s way out of the process."""

from __future__ import annotations

import os
import sys
import threading


def _leave(code: int) -> None:
    """End the process with ``code`` once the standard streams are flushed, without the
    interpreter's teardown: with numba loaded, collecting its objects and LLVM's costs
    ~0.1 s of CPU and more of wall time on every ``corridor assign``, after the output is
    complete. Every output file is closed (and renamed into place) before a command
    returns. When another thread still runs, or a stream cannot be flushed (a closed
    pipe), the normal exit runs instead (it waits for the thread, reports the stream)."""
    if threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def script() -> None:
    """Run the command line as a program (the ``corridor`` script, ``python -m corridor``):
    :func:`corridor.cli.main`, then leave without the interpreter's teardown (:func:`_leave`).

    OpenBLAS runs single-threaded unless ``OPENBLAS_NUM_THREADS`` says otherwise: corridor's
    numeric work is in its own kernels, and the thread pool OpenBLAS starts when numpy
    loads only spends the other cores' time (about 50 ms of CPU on every command, and
    vector products that wait for a busy core)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is imported
    from corridor.cli import main

    try:
        main()
    except SystemExit as exc:
        if exc.code in (130, 143):
            # Interrupted: the one line is printed and nothing is left. Leave now, so that
            # the interpreter's own handling of a KeyboardInterrupt under ``-m`` (which can
            # end the process by SIGINT, status -2, instead of 130) does not apply.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(exc.code)
        if exc.code is None or isinstance(exc.code, int):
            _leave(exc.code or 0)
        raise
    _leave(0)
