"""Heavy answers in worker processes, so the event loop stays free and a request can be
cancelled: when its client goes away or its time runs out, the worker computing it is
terminated (a thread cannot be stopped; a process can) and a fresh one takes its place.

Workers are fresh interpreters (``python -m corridor.service._jobs``: no fork of a threaded
server), started on first use and then kept: each answers one request at a time over its
pipes (a JSON line each way) and keeps its own warm imports and caches.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class JobCancelled(Exception):
    """The client went away before the answer was ready; its worker was stopped."""


class JobTimeout(Exception):
    """The answer took longer than the service allows; its worker was stopped."""


@dataclass(frozen=True, slots=True)
class JobError(Exception):
    """The computation raised: the error's class name (a corridor error or another) and
    its one-line message."""

    kind: str
    message: str
    candidates: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message


def _serve() -> None:  # pragma: no cover - runs in the worker process
    """A worker's loop: read one JSON request per line on stdin (name, params), write one
    JSON reply per line: ["ok", answer] or ["error", [kind, message, candidates]]."""
    import json
    import os
    import sys

    from corridor.errors import CorridorError
    from corridor.service._answers import heavy

    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but replies on the pipe
    folder = os.environ.get("CORRIDOR_SERVE_NETWORK") or None
    for line in sys.stdin.buffer:
        name, params = json.loads(line)
        try:
            reply: list[Any] = ["ok", heavy(name, Path(folder) if folder else None, params)]
        except CorridorError as exc:
            reply = ["error", [type(exc).__name__, str(exc), list(getattr(exc, "candidates", ()))]]
        except Exception as exc:
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            reply = ["error", ["Exception", last, []]]
        out.write(json.dumps(reply, ensure_ascii=False, allow_nan=False).encode() + b"\n")
        out.flush()


class _Worker:
    """One worker process (``python -m corridor.service._jobs``) and its pipes."""

    def __init__(self, folder: Path | None) -> None:
        env = dict(os.environ)
        env["CORRIDOR_SERVE_NETWORK"] = str(folder) if folder is not None else ""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "corridor.service._jobs"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, name: str, params: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps([name, params]).encode() + b"\n")
        self.proc.stdin.flush()

    def recv(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            msg = "worker process ended"
            raise EOFError(msg)
        return json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


class Jobs:
    """At most ``size`` heavy answers at a time, each in a worker process."""

    def __init__(self, folder: Path | None, size: int = 1, timeout_s: float = 300.0) -> None:
        self.folder = folder
        self.timeout_s = timeout_s
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._slots = asyncio.Semaphore(size)
        self.cancelled = 0

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                w = self._idle.pop()
                if w.alive():
                    return w
                w.stop()
                self._all.discard(w)
            w = _Worker(self.folder)
            self._all.add(w)
            return w

    def _give(self, w: _Worker) -> None:
        with self._lock:
            self._idle.append(w)

    async def run(
        self, name: str, params: dict[str, Any], gone: Callable[[], Awaitable[bool]]
    ) -> Any:
        """The answer ``name`` for ``params``; ``gone()`` says whether the client left.

        Raises JobCancelled, JobTimeout or JobError."""
        async with self._slots:
            loop = asyncio.get_running_loop()
            w = await loop.run_in_executor(None, self._take)
            w.send(name, params)
            reply = loop.run_in_executor(None, w.recv)
            waited = 0.0
            while True:
                done, _ = await asyncio.wait({reply}, timeout=0.25)
                if done:
                    break
                waited += 0.25
                stop: type[Exception] | None = None
                if await gone():
                    stop = JobCancelled
                elif waited >= self.timeout_s:
                    stop = JobTimeout
                if stop is not None:
                    self.cancelled += 1
                    await loop.run_in_executor(None, w.stop)
                    with self._lock:
                        self._all.discard(w)
                    with contextlib.suppress(Exception):
                        await reply
                    raise stop(name)
            status, value = reply.result()
            self._give(w)
        if status == "error":
            kind, message, cand = value
            raise JobError(kind, message, tuple(cand))
        return value

    def close(self) -> None:
        """Stop every worker, idle or busy (the server is shutting down)."""
        with self._lock:
            for w in self._all:
                w.stop()
            self._idle.clear()
            self._all.clear()


if __name__ == "__main__":  # pragma: no cover - the worker process
    _serve()
