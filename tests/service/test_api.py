"""Every endpoint of the service, good and bad inputs: 404 with suggestions for an unknown
place, the guess named, 422 naming the field, 413/414 past the size limits, cancellation."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the service tests need corridor[service]")

from fastapi.testclient import TestClient

from corridor.service import create_app
from corridor.service._checks import Limits
from corridor.service._jobs import JobCancelled, Jobs, JobTimeout

ROUTE = {"origin": "almaty", "destination": "karachi"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(cache_days=2)) as c:
        yield c


def field_of(r: object) -> list[str]:
    detail = r.json()["detail"]  # type: ignore[attr-defined]
    return [d["loc"][-1] for d in detail]


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/info",
        "/api/places",
        "/api/route",
        "/api/compare",
        "/api/pareto",
        "/api/sensitivity",
        "/api/scenarios",
        "/api/scenarios/{name}",
        "/api/scenarios/{name}/diff",
        "/api/critical",
        "/api/flows",
        "/api/network.geojson",
        "/api/outlines.geojson",
        "/api/hubs",
        "/api/trade",
        "/api/scenarios/{name}/appraise",
    } <= paths


def test_places_and_info(client: TestClient) -> None:
    found = client.get("/api/places", params={"q": "karachi"}).json()
    assert found[0]["id"] == "pk_karachi"
    assert len(client.get("/api/places", params={"q": "", "limit": 3}).json()) == 3
    info = client.get("/api/info").json()
    assert info["network_as_of"] == "2026-02-06" and "ktap_built" in info["scenarios"]
    assert client.get("/api/places", params={"limit": 0}).status_code == 422


def test_route_and_its_options(client: TestClient) -> None:
    r = client.get("/api/route", params={**ROUTE, "alternatives": 3, "by": "cost"})
    doc = r.json()
    assert r.status_code == 200 and len(doc["routes"]) >= 2
    costs = [x["totals"]["cost_usd"] for x in doc["routes"]]
    assert costs == sorted(costs)
    road = client.get("/api/route", params={**ROUTE, "modes": "road", "avoid": "AF"}).json()
    assert {leg["mode"] for leg in road["legs"] if leg["kind"] == "move"} == {"road"}
    assert "AF" not in road["countries"]
    assert "X-Corridor-Guessed" not in r.headers


def test_route_and_compare_take_carrier_and_service(client: TestClient) -> None:
    """API = CLI = service: the web route and compare endpoints take --carrier/--service."""
    import corridor

    pair = {"origin": "tashkent", "destination": "karachi", "modes": "road"}
    for carrier in ("origin", "any"):
        web = client.get("/api/route", params={**pair, "carrier": carrier}).json()
        lib = corridor.route(
            corridor.load(), "tashkent", "karachi",
            options=corridor.RouteOptions(modes=("road",), carrier=carrier),
        )  # fmt: skip
        assert web["totals"]["time_h"] == pytest.approx(lib.totals.time_h, abs=1e-3)
        assert web["constraints"]["carrier"] == carrier
    slow = client.get("/api/route", params={**ROUTE, "service": "wagonload"}).json()
    assert slow["constraints"]["service"] == "wagonload"
    both = {"origin": "urumqi", "destination": "almaty"}
    c = client.get("/api/compare", params={**both, "service": "wagonload", "carrier": "any"})
    assert (c.json()["service"], c.json()["carrier"]) == ("wagonload", "any")
    assert client.get("/api/route", params={**ROUTE, "carrier": "Uzbek"}).status_code == 422


def test_unknown_place_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get("/api/route", params={"origin": "karachii", "destination": "qqqzzz"})
    # karachii is close enough to be guessed; qqqzzz is nothing
    assert r.status_code == 404
    assert field_of(r) == ["destination"]
    r = client.get("/api/route", params={"origin": "almatx city", "destination": "karachi"})
    assert r.status_code == 404 and field_of(r) == ["origin"]
    ids = [s["id"] for s in r.json()["suggestions"]]
    assert "kz_almaty" in ids


def test_guessed_place_is_named(client: TestClient) -> None:
    r = client.get("/api/route", params={"origin": "almati", "destination": "karachi"})
    assert r.status_code == 200
    notes = json.loads(r.headers["X-Corridor-Guessed"])
    assert len(notes) == 1 and notes[0].startswith("'almati' read as Almaty (kz_almaty)")
    doc = r.json()
    assert doc["origin"] == "kz_almaty" and doc["origin_match"] == "fuzzy"
    assert doc["origin_query"] == "almati" and doc["destination_match"] in ("exact", "alias")
    strict = client.get(
        "/api/route", params={"origin": "almati", "destination": "karachi", "strict_places": True}
    )
    assert strict.status_code == 404 and field_of(strict) == ["origin"]


def test_ambiguous_place_is_422_with_candidates(client: TestClient) -> None:
    r = client.get("/api/route", params={"origin": "border", "destination": "karachi"})
    assert r.status_code == 422, r.text
    assert field_of(r) == ["origin"]
    assert len(r.json()["candidates"]) >= 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2025-02-30"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"scenario": "no_such"}, "scenario"),
        ({"scenario": "/etc/passwd"}, "scenario"),
        ({"by": "speed"}, "by"),
        ({"unit": "pallet"}, "unit"),
        ({"modes": "rail,hovercraft"}, "modes"),
        ({"alternatives": 11}, "alternatives"),
        ({"alternatives": "many"}, "alternatives"),
        ({"value_of_time": -1}, "value_of_time"),
        ({"network": "/tmp"}, "network"),
    ],
)
def test_bad_parameter_is_422_naming_the_field(
    client: TestClient, params: dict[str, object], field: str
) -> None:
    r = client.get("/api/route", params={**ROUTE, **params})
    assert r.status_code == 422, r.text
    assert field in field_of(r)


def test_no_route_is_404_with_the_reason(client: TestClient) -> None:
    r = client.get(
        "/api/route", params={"origin": "almaty", "destination": "duisburg", "modes": "sea"}
    )
    assert r.status_code == 404
    assert "no route" in r.json()["detail"]


def test_oversized_requests(client: TestClient) -> None:
    r = client.get("/api/route", params={**ROUTE, "avoid": "AF," * 2000})
    assert r.status_code == 414
    r = client.request("GET", "/api/route", params=ROUTE, content=b"x" * 20_000)
    assert r.status_code == 413
    pairs = ",".join(f"almaty:p{i}" for i in range(61))
    r = client.get("/api/critical", params={"pairs": pairs})
    assert r.status_code == 422 and field_of(r) == ["pairs"]
    r = client.get("/api/flows", params={"top": 10_000})
    assert r.status_code == 422 and field_of(r) == ["top"]


def test_compare_pareto_sensitivity(client: TestClient) -> None:
    c = client.get("/api/compare", params=ROUTE).json()
    assert {r["label"].split("+")[0] for r in c["rows"]} >= {"best_time"}
    p = client.get("/api/pareto", params={**ROUTE, "criteria": "time,cost", "max_labels": 20_000})
    assert p.status_code == 200, p.text
    front = p.json()
    assert front["criteria"] == ["time", "cost"] and front["routes"]
    assert client.get("/api/pareto", params={**ROUTE, "criteria": "time,speed"}).status_code == 422
    s = client.get("/api/sensitivity", params={**ROUTE, "by": "time"}).json()
    assert s["by"] == "time" and s["factors"]


def test_scenarios_show_and_diff(client: TestClient) -> None:
    names = [s["id"] for s in client.get("/api/scenarios").json()]
    assert "ktap_built" in names
    show = client.get("/api/scenarios/ktap_built").json()
    assert show["id"] == "ktap_built" and show["edits"]
    assert client.get("/api/scenarios/nope").status_code == 404
    d = client.get(
        "/api/scenarios/ktap_built/diff",
        params={"pairs": "almaty:karachi,tashkent:karachi", "date": "2026-02-06"},
    )
    assert d.status_code == 200, d.text
    doc = d.json()
    assert doc["scenario"] == "ktap_built" and doc["summary"]["pairs"] == 2
    seg = client.get(
        "/api/scenarios/ktap_built/diff",
        params={"pairs": "almaty:karachi", "segment": "dry_bulk", "by": "generalised"},
    )
    assert seg.status_code == 200, seg.text
    assert field_of(client.get("/api/scenarios/ktap_built/diff", params={"segment": "x"})) == [
        "segment"
    ]
    bad = client.get("/api/scenarios/ktap_built/diff", params={"pairs": "almaty-karachi"})
    assert bad.status_code == 422 and field_of(bad) == ["pairs"]
    bad = client.get("/api/scenarios/ktap_built/diff", params={"base": "nope"})
    assert bad.status_code == 422 and field_of(bad) == ["base"]
    unknown = client.get("/api/scenarios/ktap_built/diff", params={"pairs": "almaty:qqqzzz"})
    assert unknown.status_code == 404


def test_critical_and_flows(client: TestClient) -> None:
    c = client.get("/api/critical", params={"pairs": "almaty:karachi", "top": 3})
    assert c.status_code == 200, c.text
    assert len(c.json()["elements"]) == 3
    f = client.get("/api/flows", params={"top": 3})
    assert f.status_code == 200, f.text
    doc = f.json()
    assert len(doc["bottlenecks"]) == 3 and doc["summary"]["converged"]
    bulk = client.get("/api/flows", params={"top": 3, "segment": "dry_bulk"})
    assert bulk.status_code == 200, bulk.text
    assert bulk.json()["summary"] != doc["summary"]
    assert field_of(client.get("/api/flows", params={"segment": "gold"})) == ["segment"]


def test_flows_request_passes_all_segments_elastic() -> None:
    """``/api/flows?segment=all&elastic=true`` runs ``corridor flows --segment all
    --elastic`` (tests/flows/test_joint_elastic checks that command's JSON)."""
    from corridor.service._answers import flows_args
    from corridor.service.schemas import FlowsQuery

    q = FlowsQuery(segment="all", elastic=True, scenario="trans_afghan_built").model_dump()
    args = flows_args(None, q)
    assert args[args.index("--segment") + 1] == "all" and "--elastic" in args


def test_flows_request_passes_carrier_and_service() -> None:
    from corridor.service._answers import flows_args
    from corridor.service.schemas import FlowsQuery

    q = FlowsQuery(carrier="any", service="wagonload").model_dump()
    args = flows_args(None, q)
    assert args[args.index("--carrier") + 1] == "any"
    assert args[args.index("--service") + 1] == "wagonload"
    assert "--service" not in flows_args(None, FlowsQuery().model_dump())  # segment's default


def test_network_geojson_by_date_and_scenario(client: TestClient) -> None:
    def closed(params: dict[str, str]) -> set[str]:
        doc = client.get("/api/network.geojson", params=params).json()
        return {
            f["properties"]["id"]
            for f in doc["features"]
            if f["properties"]["element"] == "crossing" and f["properties"]["status"] == "closed"
        }

    today = closed({})
    assert "torkham_road" in today
    assert "torkham_road" not in closed({"date": "2025-06-01"})
    assert closed({"scenario": "pk_af_crossings_open"}) < today
    assert client.get("/api/network.geojson", params={"date": "2025-6-1"}).status_code == 422
    outlines = client.get("/api/outlines.geojson").json()
    assert any(f["properties"]["iso_a2"] == "AF" for f in outlines["features"])


def test_page_and_static_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../app.py").status_code == 404


def test_cors_is_off(client: TestClient) -> None:
    r = client.get("/api/info", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers


def test_heavy_work_is_cancelled_and_bounded() -> None:
    """A heavy answer whose client leaves, or that runs past its time, is stopped: its
    worker process is killed and the next request gets a fresh one."""

    async def scenario() -> None:
        jobs = Jobs(None, size=1, timeout_s=60)
        params = {"scenario": "ktap_built", "top": 5}

        async def gone_soon() -> bool:
            return True

        with pytest.raises(JobCancelled):
            await jobs.run("diff", params, gone_soon)
        assert jobs.cancelled == 1
        jobs.timeout_s = 0.5

        async def stays() -> bool:
            return False

        with pytest.raises(JobTimeout):
            await jobs.run("diff", params, stays)
        jobs.timeout_s = 60
        show = await jobs.run("show", {"scenario": "ktap_built"}, stays)
        assert show["id"] == "ktap_built"
        jobs.close()

    asyncio.run(scenario())


def test_missing_extra_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from corridor.errors import MissingExtraError
    from corridor.service import require

    real = builtins.__import__

    def no_fastapi(name: str, *args: object, **kwargs: object) -> object:
        if name == "fastapi":
            raise ImportError(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_fastapi)
    with pytest.raises(MissingExtraError, match=r"^corridor serve needs the service extra"):
        require()


def test_limits_are_settable() -> None:
    app = create_app(limits=Limits(max_url_chars=200))
    with TestClient(app) as c:
        assert c.get("/api/places", params={"q": "a" * 99}).status_code == 200
        assert c.get("/api/places", params={"q": "a" * 100 + "b" * 100}).status_code == 414
    assert json.loads(json.dumps({"ok": True}))


def test_hubs_and_appraise(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    from corridor.cli import main
    from corridor.service._answers import appraise_args

    r = client.get("/api/hubs", params={"scenario": "ktap_built"})
    assert r.status_code == 200, r.text
    capsys.readouterr()
    main(["hubs", "--scenario", "ktap_built", "--json"])
    assert r.json() == json.loads(capsys.readouterr().out)
    assert client.get("/api/hubs", params={"date": "2025-02-30"}).status_code == 422
    t = client.get("/api/trade", params={"scenario": "pk_af_crossings_open", "pairs": "KZ:PK"})
    assert t.status_code == 200, t.text
    capsys.readouterr()
    main(["trade", "-s", "pk_af_crossings_open", "--pair", "KZ:PK", "--json"])
    assert t.json() == json.loads(capsys.readouterr().out)
    assert field_of(client.get("/api/trade", params={"pairs": "KZ-PK"})) == ["pairs"]
    # appraisal: the CLI's arguments, bad values refused before any work
    args = appraise_args(None, {"scenario": "ktap_built", "draws": 0, "discount": "9"})
    assert args == ["appraise", "ktap_built", "--discount", "9", "--draws", "0"]
    url = "/api/scenarios/ktap_built/appraise"
    assert field_of(client.get(url, params={"draws": 10_000})) == ["draws"]
    assert field_of(client.get(url, params={"base": "nope"})) == ["base"]
    assert field_of(client.get(url, params={"modes": "air"})) == ["modes"]
    assert client.get("/api/scenarios/nope/appraise").status_code == 404


@pytest.mark.parametrize("endpoint", ["/api/compare", "/api/sensitivity"])
def test_place_answers_say_how_the_places_were_read(client: TestClient, endpoint: str) -> None:
    """Like the CLI's --json (issue 13 item 6): the library records the naming."""
    r = client.get(endpoint, params={"origin": "almati", "destination": "karachi"})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert (doc["origin_query"], doc["origin_match"]) == ("almati", "fuzzy")
    assert (doc["destination_query"], doc["destination_match"]) == ("karachi", "alias")
