"""The service's front door (plain ASGI, before FastAPI's routing): size limits, and
answers already given served straight from memory.

Every ``GET /api/...`` answer is a pure function of its path and query string for the
life of the app (fixed network folder, deterministic results), so a 200 answer is kept
under its raw (path, query string) and served again without parsing, validation or
routing. Errors are never kept.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Kept:
    """Answers (body, headers) by key, least recently used dropped past ``size`` entries
    or ``max_bytes`` in all."""

    def __init__(self, size: int = 4_096, max_bytes: int = 256 * 2**20) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self._items: OrderedDict[Any, tuple[bytes, Any]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, key: Any) -> tuple[bytes, Any] | None:
        with self._lock:
            got = self._items.get(key)
            if got is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return got

    def put(self, key: Any, body: bytes, headers: Any) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (body, headers)
            self._bytes += len(body)
            while self._items and (len(self._items) > self.size or self._bytes > self.max_bytes):
                _, (old, _) = self._items.popitem(last=False)
                self._bytes -= len(old)

    def __len__(self) -> int:
        return len(self._items)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Front:
    """ASGI middleware: 414/413 past the size limits; kept answers of ``GET /api/``."""

    def __init__(self, app: ASGIApp, *, max_url: int, max_body: int, kept: Kept) -> None:
        self.app = app
        self.max_url = max_url
        self.max_body = max_body
        self.kept = kept

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        query: bytes = scope.get("query_string", b"")
        if len(scope.get("raw_path") or path) + len(query) + 1 > self.max_url:
            await _refuse(send, 414, f"request URL longer than {self.max_url} characters")
            return
        headers = dict(scope.get("headers") or [])
        size = headers.get(b"content-length")
        if (size is not None and (not size.isdigit() or int(size) > self.max_body)) or (
            headers.get(b"transfer-encoding", b"").lower() == b"chunked"
        ):
            await _refuse(send, 413, f"request body larger than {self.max_body} bytes")
            return
        if scope["method"] != "GET" or not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        key = (path, query)
        hit = self.kept.get(key)
        if hit is not None:
            body, kept_headers = hit
            await send({"type": "http.response.start", "status": 200, "headers": kept_headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._keeping(key, send))

    def _keeping(self, key: Any, send: Send) -> Send:
        """``send``, also keeping a 200 answer whole."""
        start: dict[str, Any] = {}
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and start.get("status") == 200:
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.kept.put(key, b"".join(parts), list(start.get("headers", [])))
            await send(message)

        return keep
