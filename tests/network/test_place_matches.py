"""Names are never guessed silently: how a query named its place (exact, alias, prefix,
fuzzy), the notice on stderr, the JSON fields, ambiguity between similar scores, and
--strict-places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corridor
from corridor.cli import main
from corridor.errors import AmbiguousPlaceError, UnknownIdError
from corridor.network.places import PlaceIndex, network_places
from corridor.paths import graph_places, place_index, place_match


@pytest.fixture(scope="module")
def graph() -> corridor.Graph:
    return corridor.compile(corridor.load())


@pytest.mark.parametrize(
    ("text", "place", "kind"),
    [
        ("kz_almaty", "kz_almaty", "exact"),
        ("Almaty", "kz_almaty", "exact"),
        ("ALMATY", "kz_almaty", "exact"),
        ("Alma-Ata", "kz_almaty", "alias"),
        ("almaty-1", "kz_almaty", "alias"),
        ("karachi", "pk_karachi", "alias"),  # the id without its country prefix
        ("kara", "kz_karaganda", "prefix"),
        ("tash", "uz_tashkent", "prefix"),
        ("karach", "pk_karachi", "prefix"),
        ("almty", "kz_almaty", "fuzzy"),
        ("tashkant", "uz_tashkent", "fuzzy"),
    ],
)
def test_match_kinds(graph: corridor.Graph, text: str, place: str, kind: str) -> None:
    m = place_match(graph, text)
    assert (graph.labels.node_ids[m.index], m.match) == (place, kind)
    assert m.query == text


def test_notice_names_the_pick_and_the_others(graph: corridor.Graph) -> None:
    m = place_match(graph, "kara")
    assert (
        graph_places(graph)
        .describe(m)
        .startswith("'kara' read as Karaganda (kz_karaganda); also Karachi Port")
    )


def test_every_place_finds_itself_by_id_and_name(graph: corridor.Graph) -> None:
    labels = graph.labels
    index = graph_places(graph)
    for i, (pid, name) in enumerate(zip(labels.node_ids, labels.node_names, strict=True)):
        assert index.match(pid).index == i
        try:
            assert index.match(name).index == i
        except AmbiguousPlaceError:
            pass  # two places may share a name; then the id is the way


def test_index_is_built_once(graph: corridor.Graph) -> None:
    assert graph_places(graph) is graph_places(graph)
    net = corridor.load()
    assert network_places(net) is network_places(net)


def test_similar_fuzzy_scores_are_ambiguous() -> None:
    index = PlaceIndex(["x_barton", "x_burton"], ["Barton", "Burton"], [(), ()], ["XX", "XX"])
    with pytest.raises(AmbiguousPlaceError) as exc:
        index.match("Borton")
    assert set(exc.value.candidates) == {"x_barton", "x_burton"}
    assert index.match("Bartn").index == 0  # clearly closer to Barton


def test_heavier_kind_wins_a_prefix_tie_and_equal_kinds_are_ambiguous() -> None:
    index = PlaceIndex(
        ["a_karaganda", "b_karachi", "c_karakol"],
        ["Karaganda", "Karachi Port", "Karakol"],
        [(), (), ()],
        ["AA", "BB", "CC"],
        ["city", "seaport", "city"],
    )
    with pytest.raises(AmbiguousPlaceError):
        index.match("kara")  # two cities
    m = index.match("karac")
    assert (m.index, m.match) == (1, "prefix")


def test_strict_places_refuses_all_but_exact(graph: corridor.Graph) -> None:
    assert place_index(graph, "Almaty", strict=True) == place_index(graph, "kz_almaty")
    for text in ("kara", "almty", "Alma-Ata"):
        with pytest.raises(UnknownIdError, match="strict-places"):
            place_match(graph, text, strict=True)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_announces_a_guess_and_says_it_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["route", "kara", "almaty", "--json"], capsys)
    assert code == 0, err
    assert "'kara' read as Karaganda (kz_karaganda); also Karachi Port" in err
    d = json.loads(out)
    assert (d["origin"], d["origin_query"], d["origin_match"]) == ("kz_karaganda", "kara", "prefix")
    assert (d["destination_query"], d["destination_match"]) == ("almaty", "exact")
    code, out, err = run(["route", "almty", "karachi", "--json"], capsys)
    assert code == 0 and "'almty' read as Almaty (kz_almaty)" in err
    d = json.loads(out)
    assert (d["origin_match"], d["destination_match"]) == ("fuzzy", "alias")


def test_cli_exact_names_are_silent_and_strict_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["route", "kz_almaty", "Karachi Port"], capsys)
    assert code == 0 and "read as" not in err
    code, out, err = run(["route", "kara", "almaty", "--strict-places"], capsys)
    assert code == 1 and out == "" and "strict-places" in err
    assert len(err.strip().splitlines()) == 1


def test_cli_ambiguous_exits_1_listing_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["route", "sea", "almaty"], capsys)
    assert code == 1 and out == ""
    assert "ambiguous" in err and "kz_aktau" in err and "ge_poti" in err


def test_route_api_carries_the_match(graph: corridor.Graph) -> None:
    r = corridor.route(graph, "almty", "kz_astana")
    assert (r.origin_query, r.origin_match, r.destination_match) == ("almty", "fuzzy", "exact")


@pytest.mark.parametrize("command", ["compare", "sensitivity", "pareto"])
def test_other_commands_refuse_guesses_when_strict(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([command, "kara", "almaty", "--strict-places"], capsys)
    assert code == 1 and out == "" and "'kara' read as Karaganda" in err


def test_compare_announces_a_guess(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["compare", "almty", "tashkent", "--json"], capsys)
    assert code == 0 and "'almty' read as Almaty (kz_almaty)" in err


# issue 13 item 6 for every command that takes places: the JSON says how each was named
@pytest.mark.parametrize(
    "args",
    [
        ["compare", "almty", "karachi"],
        ["sensitivity", "almty", "karachi"],
        ["pareto", "almty", "karachi", "--criteria", "time,cost"],
        ["route", "almty", "karachi", "--alternatives", "2"],
    ],
    ids=lambda a: a[0] + (" --alternatives" if "--alternatives" in a else ""),
)
def test_every_place_command_says_how_it_read_the_places(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*args, "--json"], capsys)
    assert code == 0, err
    assert "'almty' read as Almaty (kz_almaty)" in err
    doc = json.loads(out)
    for d in doc if isinstance(doc, list) else [doc]:
        assert d["origin"] == "kz_almaty"
        assert (d["origin_query"], d["origin_match"]) == ("almty", "fuzzy")
        assert (d["destination_query"], d["destination_match"]) == ("karachi", "alias")


def test_report_json_says_how_it_read_the_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "r.html"
    args = ["report", "kara", "almaty", "-o", str(out_file), "--json"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    assert "'kara' read as Karaganda (kz_karaganda)" in err
    d = json.loads(out)
    assert (d["origin"], d["origin_query"], d["origin_match"]) == ("kz_karaganda", "kara", "prefix")
    assert (d["destination_query"], d["destination_match"]) == ("almaty", "exact")


def test_the_library_results_carry_the_naming(graph: corridor.Graph) -> None:
    """compare, pareto_routes and sensitivity record the naming themselves (so the web
    service, which calls them, gives the same keys as the CLI)."""
    from corridor.analysis.compare import compare, pareto_routes
    from corridor.analysis.sensitivity import sensitivity
    from corridor.results import Naming, to_dict

    want = Naming("almty", "fuzzy", "kz_astana", "exact")
    results = [
        compare(graph, "almty", "kz_astana"),
        pareto_routes(graph, "almty", "kz_astana", criteria=("time", "cost")),
        sensitivity(graph, "almty", "kz_astana", grid=3),
    ]
    for result in results:
        assert result.naming == want
        assert {k: to_dict(result)[k] for k in want.to_dict()} == want.to_dict()
