"""Load test of ``corridor serve`` on loopback: route requests from concurrent clients.

Run from the repository root (starts its own server on a free loopback port, stops it at
the end; nothing leaves the machine)::

    PYTHONPATH=src .venv/bin/python benchmarks/service_load.py [--requests 2000]
        [--clients 16] [--workers 1] [--quick]

What it does, in one run:

1. starts ``corridor serve --host 127.0.0.1 --port P --workers W``;
2. cold: asks each of 50 distinct route questions once (10 OD pairs x 5 (date, scenario)
   combinations: the as-of day and 2025-06-01, no scenario, ``ktap_built`` and
   ``pk_af_crossings_open``), 2 at a time: the first answer of each compiles the network of
   its day (once per day and scenario) and routes, simulates and sources it;
   computed: the same 50 by cost, from ``--clients`` clients: new answers on networks
   already compiled (what an unseen question costs once the service is warm);
3. reference: ``GET /api/info`` (the smallest answer) with the same clients, so the route
   figures can be read against what the server stack itself does on this machine;
4. warm: ``--requests`` route requests over the 50 questions, round robin, from
   ``--clients`` concurrent keep-alive connections.

It prints throughput, p50/p99 latency and failures (any answer but 200) of each phase, and
whether the targets (>= 500 requests/s, p99 < 50 ms, warm, no failure) are met. Warm
answers come from memory: an answer is a pure function of the request for the life of
the server (corridor.service._front), so after the first it is served without recomputing. The client
is plain asyncio over HTTP/1.1 (no third-party client), so it costs the CPU little; it shares
the machine with the server, which the figures include.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence

PAIRS = [
    ("almaty", "karachi"),
    ("tashkent", "karachi"),
    ("kashgar", "islamabad"),
    ("xian", "duisburg"),
    ("almaty", "bandar abbas"),
    ("dushanbe", "karachi"),
    ("bishkek", "gwadar"),
    ("urumqi", "tehran"),
    ("tashkent", "poti"),
    ("astana", "baku"),
]
DAYS = [
    (None, None),
    ("2025-06-01", None),
    (None, "ktap_built"),
    ("2025-06-01", "ktap_built"),
    (None, "pk_af_crossings_open"),
]
TARGET_RPS = 500.0
TARGET_P99_MS = 50.0


def questions(n_pairs: int = len(PAIRS), by: str = "time") -> list[str]:
    """The distinct route requests (paths with query strings)."""
    out = []
    for origin, destination in PAIRS[:n_pairs]:
        for date, scenario in DAYS:
            q = {"origin": origin, "destination": destination, "by": by}
            if date:
                q["date"] = date
            if scenario:
                q["scenario"] = scenario
            out.append("/api/route?" + urllib.parse.urlencode(q))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(port: int, workers: int) -> subprocess.Popen[bytes]:
    """``corridor serve`` on loopback; returns once it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "corridor", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/info", timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                msg = "corridor serve ended before answering"
                raise SystemExit(msg) from None
            time.sleep(0.1)
    proc.kill()
    msg = "corridor serve did not answer within 120 s"
    raise SystemExit(msg)


async def _client(
    port: int, paths: Sequence[str], todo: asyncio.Queue[int], lat: list[float], bad: list[str]
) -> None:
    """One keep-alive connection taking request numbers off the queue."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                i = todo.get_nowait()
            except asyncio.QueueEmpty:
                return
            path = paths[i % len(paths)]
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            size = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    size = int(line.split(b":", 1)[1])
            await reader.readexactly(size)
            lat.append(time.perf_counter() - t0)
            if status != 200:
                bad.append(f"{status} {path}")
    except (OSError, asyncio.IncompleteReadError) as exc:
        bad.append(f"connection: {exc}")
    finally:
        writer.close()


async def _run(port: int, paths: Sequence[str], n: int, clients: int) -> dict[str, float | int]:
    todo: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        todo.put_nowait(i)
    lat: list[float] = []
    bad: list[str] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(_client(port, paths, todo, lat, bad) for _ in range(clients)))
    wall = time.perf_counter() - t0
    lat.sort()
    for b in bad[:5]:
        print("  failed:", b)
    return {
        "requests": len(lat),
        "failures": len(bad) + (n - len(lat)),
        "seconds": round(wall, 3),
        "rps": round(len(lat) / wall, 1),
        "p50_ms": round(1000 * lat[len(lat) // 2], 2) if lat else float("nan"),
        "p99_ms": round(1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))], 2)
        if lat
        else float("nan"),
        "max_ms": round(1000 * lat[-1], 2) if lat else float("nan"),
    }


def phase(
    name: str, port: int, paths: Sequence[str], n: int, clients: int
) -> dict[str, float | int]:
    r = asyncio.run(_run(port, paths, n, clients))
    print(
        f"{name:<34} {r['requests']:>6} req {r['seconds']:>7.2f} s {r['rps']:>8.1f} req/s "
        f"p50 {r['p50_ms']:>7.2f} ms  p99 {r['p99_ms']:>8.2f} ms  failures {r['failures']}"
    )
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="corridor serve --workers")
    ap.add_argument("--quick", action="store_true", help="200 requests over 10 questions")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args(argv)
    n_pairs = 2 if args.quick else len(PAIRS)
    n = 200 if args.quick else max(args.requests, 1)
    paths = questions(n_pairs)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with other work), "
        f"Python {platform.python_version()}; corridor serve --workers {args.workers}"
    )
    port = _free_port()
    proc = start(port, args.workers)
    try:
        cold = phase(f"cold: {len(paths)} distinct routes", port, paths, len(paths), 2)
        fresh = questions(n_pairs, by="cost")
        computed = phase(
            f"computed: {len(fresh)} new, warm networks", port, fresh, len(fresh), args.clients
        )
        ref = phase("reference: GET /api/info", port, ["/api/info"], n, args.clients)
        warm = phase(f"warm: routes, {args.clients} clients", port, paths, n, args.clients)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    ok = (
        warm["rps"] >= TARGET_RPS
        and warm["p99_ms"] < TARGET_P99_MS
        and warm["failures"] == 0
        and cold["failures"] == 0
    )
    ratio = warm["rps"] / ref["rps"] if ref["rps"] else float("nan")
    print(
        f"warm routes at {ratio:.2f} x the reference throughput; target >= {TARGET_RPS:g} "
        f"req/s and p99 < {TARGET_P99_MS:g} ms with no failure: {'met' if ok else 'NOT met'}"
    )
    if args.json:
        doc = {"cold": cold, "computed": computed, "reference": ref, "warm": warm}
        print(json.dumps({**doc, "target_met": ok}))
    return 0 if warm["failures"] == 0 and cold["failures"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
