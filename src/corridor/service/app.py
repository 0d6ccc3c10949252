"""The FastAPI application of ``corridor serve``: the CLI's answers as JSON, and the web page.

Every endpoint returns exactly what the matching ``corridor ... --json`` prints
(:mod:`corridor.service._answers`). Answers are deterministic (seeded Monte Carlo, immutable
networks), so each is computed once and kept in a bounded cache of answers; the networks of
the day behind them are compiled once and kept in a bounded cache too.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from corridor.errors import AmbiguousPlaceError, CorridorError, NoRouteError, UnknownIdError
from corridor.service import _answers as answers
from corridor.service._checks import (
    FieldError,
    Limits,
    PlaceNotFound,
    check_choices,
    check_date,
    check_pairs,
    check_scenario,
    resolve,
)
from corridor.service._front import Front, Kept
from corridor.service._jobs import JobCancelled, JobError, Jobs, JobTimeout
from corridor.service.schemas import (
    AppraiseQuery,
    CompareQuery,
    CriticalQuery,
    DiffQuery,
    FlowsQuery,
    HubsQuery,
    NetworkQuery,
    Pair,
    ParetoQuery,
    PlacesQuery,
    RouteQuery,
    SensitivityQuery,
    TradeQuery,
)

WEB = Path(__file__).parent / "web"
_PAIR = re.compile(r"[A-Za-z]{2}:[A-Za-z]{2}")
MODES = ["rail", "road", "sea", "ferry"]
JSON = "application/json"


def _dump(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, allow_nan=False).encode()


def _error(status: int, field: str | None, message: str, **extra: Any) -> JSONResponse:
    detail: list[dict[str, Any]] | str
    if field is None:
        detail = message
    else:
        detail = [{"loc": ["query", field], "msg": message, "type": "value_error", **extra}]
    return JSONResponse({"detail": detail, **extra}, status_code=status)


def create_app(
    network: str | Path | None = None,
    *,
    limits: Limits | None = None,
    cache_days: int = 8,
    heavy_workers: int = 2,
) -> FastAPI:
    """The service on ``network`` (a folder; default: the shipped network of the region).

    The folder is fixed when the app is made: no request names a file or folder.
    """
    folder = Path(network) if network is not None else None
    lim = limits or Limits()
    days = answers.Days(folder, size=cache_days)
    cache = Kept()
    kept = Kept()
    state: dict[str, Jobs] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state["jobs"] = Jobs(folder, size=heavy_workers, timeout_s=lim.heavy_timeout_s)
        # a long-running server routes on numba's kernels from the start (the numpy tier
        # is for one-shot commands): load them now, beside the first requests
        from corridor.paths import load_kernels

        threading.Thread(target=load_kernels, name="corridor-kernels", daemon=True).start()
        try:
            yield
        finally:
            state.pop("jobs").close()

    app = FastAPI(
        title="corridor",
        summary="Routes, corridors, scenarios and flows on Eurasian freight corridors.",
        description="Every endpoint returns the JSON of the matching `corridor ... --json` "
        "command. Unknown places: 404 with suggestions; bad values: 422 naming the field.",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the schema is
        redoc_url=None,  # at /openapi.json, the page at / (nothing leaves the machine)
    )
    app.state.days = days
    app.state.answers = cache
    app.state.kept = kept
    app.state.limits = lim
    app.state.jobs = state

    app.add_middleware(Front, max_url=lim.max_url_chars, max_body=lim.max_body_bytes, kept=kept)

    @app.exception_handler(CorridorError)
    async def corridor_error(_: Request, exc: CorridorError) -> JSONResponse:
        if isinstance(exc, PlaceNotFound):
            return _error(404, exc.field, str(exc), **exc.extra)
        if isinstance(exc, FieldError):
            return _error(422, exc.field, str(exc), **exc.extra)
        if isinstance(exc, AmbiguousPlaceError):
            return _error(422, None, str(exc), candidates=list(exc.candidates))
        if isinstance(exc, UnknownIdError | NoRouteError):
            return _error(404, None, str(exc))
        return _error(422, None, str(exc))

    async def cached(
        key: tuple[Any, ...], compute: Callable[[], tuple[Any, dict[str, str]]]
    ) -> Response:
        hit = cache.get(key)
        if hit is None:
            doc, headers = await asyncio.to_thread(compute)
            hit = (_dump(doc), headers)
            cache.put(key, *hit)
        return Response(hit[0], media_type=JSON, headers=hit[1])

    def day_of(q: Any) -> None:
        check_date(q.date)
        check_scenario(q.scenario)

    def places_of(q: Pair) -> dict[str, str]:
        """Resolve both places first: 404/422 naming the field; a guess named in a header
        (a JSON list of notices, ASCII) as well as in the answer's ``*_match`` keys."""
        graph = days.get(q.date, q.scenario, q.unit).graph
        strict = bool(getattr(q, "strict_places", False))
        told = [resolve(graph, getattr(q, f), f, strict=strict) for f in ("origin", "destination")]
        notes = [t for t in told if t]
        return {"X-Corridor-Guessed": json.dumps(notes)} if notes else {}

    def pair_key(name: str, q: Any) -> tuple[Any, ...]:
        return (name, *sorted(q.model_dump().items()))

    def query(q: Pair, **kw: Any) -> answers.Query:
        fields = {k: v for k, v in q.model_dump().items() if k in answers.Query.__slots__}
        return answers.Query(**{**fields, **kw})

    from corridor.scenarios import shipped

    about = {
        "version": _version(),
        "network_as_of": days.as_of(),
        "scenarios": shipped(),
        "modes": MODES,
        "limits": {
            "alternatives": lim.max_alternatives,
            "pairs": lim.max_pairs,
            "top": lim.max_top,
        },
    }
    about_body = _dump(about)

    @app.get("/api/info", tags=["network"])
    async def info() -> Response:
        """Version, the network's as-of date, the shipped scenarios, the limits."""
        return Response(about_body, media_type=JSON)

    @app.get("/api/places", tags=["network"])
    async def places(q: Annotated[PlacesQuery, Query()]) -> Response:
        """`corridor places --json Q` (first `limit` places)."""

        def compute() -> tuple[Any, dict[str, str]]:
            found = answers.places(days, q.q)
            return (found if q.limit is None else found[: q.limit]), {}

        return await cached(("places", q.q, q.limit), compute)

    @app.get("/api/route", tags=["routes"])
    async def route(q: Annotated[RouteQuery, Query()]) -> Response:
        """`corridor route ORIGIN DESTINATION --json` with every option."""
        day_of(q)
        check_choices("modes", q.modes, MODES, most=4)

        def compute() -> tuple[Any, dict[str, str]]:
            headers = places_of(q)
            return answers.route(days, query(q)), headers

        return await cached(pair_key("route", q), compute)

    @app.get("/api/compare", tags=["routes"])
    async def compare(q: Annotated[CompareQuery, Query()]) -> Response:
        """`corridor compare ORIGIN DESTINATION --json`: the corridors side by side."""
        day_of(q)

        def compute() -> tuple[Any, dict[str, str]]:
            headers = places_of(q)
            return answers.compare(days, query(q)), headers

        return await cached(pair_key("compare", q), compute)

    @app.get("/api/sensitivity", tags=["routes"])
    async def sensitivity(q: Annotated[SensitivityQuery, Query()]) -> Response:
        """`corridor sensitivity ORIGIN DESTINATION --json`: one factor at a time."""
        day_of(q)

        def compute() -> tuple[Any, dict[str, str]]:
            headers = places_of(q)
            return answers.sensitivity(days, query(q, by=q.by)), headers

        return await cached(pair_key("sensitivity", q), compute)

    @app.get("/api/scenarios", tags=["scenarios"])
    def scenario_list() -> list[dict[str, Any]]:
        """`corridor scenario list --json`."""
        return answers.scenario_list()

    gates: dict[tuple[Any, ...], asyncio.Lock] = {}

    async def heavy(name: str, params: dict[str, Any], request: Request) -> Response:
        key = (name, *sorted(params.items()))
        hit = cache.get(key)
        if hit is None:
            # the same question asked twice at once is computed once
            gate = gates.setdefault(key, asyncio.Lock())
            async with gate:
                hit = cache.get(key)
                if hit is None:
                    got = await compute_heavy(name, params, request)
                    if isinstance(got, Response):
                        return got
                    hit = got
                    cache.put(key, *hit)
            if not gate.locked():
                gates.pop(key, None)
        return Response(hit[0], media_type=JSON, headers=hit[1])

    async def compute_heavy(
        name: str, params: dict[str, Any], request: Request
    ) -> tuple[bytes, dict[str, str]] | Response:
        try:
            doc = await state["jobs"].run(name, params, request.is_disconnected)
        except JobCancelled:
            return _error(499, None, "cancelled: the client went away")
        except JobTimeout:
            msg = f"{name} took longer than {lim.heavy_timeout_s:g} s and was stopped"
            return _error(503, None, msg)
        except JobError as exc:
            status = 404 if exc.kind in ("UnknownIdError", "NoRouteError") else 422
            if exc.kind == "Exception":
                status = 500
            return _error(status, None, exc.message)
        return _dump(doc), {}

    @app.get("/api/scenarios/{name}", tags=["scenarios"])
    async def scenario_show(name: str, request: Request) -> Response:
        """`corridor scenario show NAME --json`: the edits in words, with sources."""
        _shipped(name)
        return await heavy("show", {"scenario": name}, request)

    @app.get("/api/scenarios/{name}/diff", tags=["scenarios"])
    async def scenario_diff(
        name: str, q: Annotated[DiffQuery, Query()], request: Request
    ) -> Response:
        """`corridor scenario diff NAME --json`: what the scenario changes, pair by pair."""
        _shipped(name)
        check_date(q.date)
        check_scenario(q.base, "base")
        check_pairs(q.pairs, lim.max_pairs)
        check_choices("modes", q.modes, MODES, most=4)
        return await heavy("diff", {"scenario": name, **q.model_dump()}, request)

    @app.get("/api/pareto", tags=["routes"])
    async def pareto(q: Annotated[ParetoQuery, Query()], request: Request) -> Response:
        """`corridor pareto ORIGIN DESTINATION --json`: the non-dominated routes."""
        day_of(q)
        check_choices("criteria", q.criteria, ["time", "cost", "co2", "p90"], most=4)
        await asyncio.to_thread(places_of, q)
        return await heavy("pareto", q.model_dump(), request)

    @app.get("/api/critical", tags=["flows"])
    async def critical(q: Annotated[CriticalQuery, Query()], request: Request) -> Response:
        """`corridor critical --json`: links and crossings whose loss hurts most."""
        day_of(q)
        check_pairs(q.pairs, lim.max_pairs)
        return await heavy("critical", q.model_dump(), request)

    @app.get("/api/flows", tags=["flows"])
    async def flows(q: Annotated[FlowsQuery, Query()], request: Request) -> Response:
        """`corridor flows --json`: volumes, utilisation, bottlenecks, corridor volumes."""
        day_of(q)
        return await heavy("flows", q.model_dump(), request)

    def shipped_network_only(name: str) -> None:
        if folder is not None:
            msg = (
                f"{name} is computed on the shipped network only; this server runs on {folder.name}"
            )
            raise UnknownIdError(msg)

    @app.get("/api/hubs", tags=["trade"])
    async def hubs(q: Annotated[HubsQuery, Query()], request: Request) -> Response:
        """`corridor hubs --json`: transit per country, gateways, dependence; with a
        scenario, how it changes."""
        shipped_network_only("hubs")
        day_of(q)
        return await heavy("hubs", q.model_dump(), request)

    @app.get("/api/trade", tags=["trade"])
    async def trade(q: Annotated[TradeQuery, Query()], request: Request) -> Response:
        """`corridor trade --json`: the change in bilateral trade from a scenario's change
        in trade cost, per country pair, as a range."""
        shipped_network_only("trade")
        day_of(q)
        if q.pairs is not None:
            items = [p for p in q.pairs.split(",") if p.strip()]
            if len(items) > 30 or any(not _PAIR.fullmatch(p.strip()) for p in items):
                msg = "pairs: at most 30 country pairs written like KZ:PK, comma-separated"
                raise FieldError("pairs", msg)
        return await heavy("trade", q.model_dump(), request)

    @app.get("/api/scenarios/{name}/appraise", tags=["trade"])
    async def appraise(
        name: str, q: Annotated[AppraiseQuery, Query()], request: Request
    ) -> Response:
        """`corridor appraise NAME --json`: cost-benefit appraisal of a scenario (NPV,
        EIRR, BCR, switching values, Monte Carlo range)."""
        shipped_network_only("appraise")
        _shipped(name)
        check_date(q.date)
        check_scenario(q.base, "base")
        check_choices("modes", q.modes, MODES, most=4)
        return await heavy("appraise", {"scenario": name, **q.model_dump()}, request)

    @app.get("/api/network.geojson", tags=["network"])
    async def network_geojson(q: Annotated[NetworkQuery, Query()]) -> Response:
        """The network of the day under a scenario: places, links, crossings, with the
        status of the day and the reason of each change."""
        day_of(q)

        def compute() -> tuple[Any, dict[str, str]]:
            from corridor.network.geojson import network_geojson as as_geojson

            doc = as_geojson(days.get(q.date, q.scenario).tables())
            doc["properties"]["scenario"] = q.scenario
            return doc, {}

        return await cached(("network", q.date or days.as_of(), q.scenario), compute)

    @app.get("/api/outlines.geojson", tags=["network"])
    def outlines() -> FileResponse:
        """The country outlines the map is drawn on (Natural Earth, public domain)."""
        from corridor.data import path as data_path

        return FileResponse(data_path("geo/admin0_110m.geojson"), media_type="application/geo+json")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    return app


def _shipped(name: str) -> None:
    from corridor.scenarios import shipped

    menu = shipped()
    if name not in menu:
        raise UnknownIdError(f"unknown scenario {name!r}; choose from {menu}")


def _version() -> str:
    from corridor._version import __version__

    return __version__
