"""Place search: exact id and name first, then word starts (kind breaks ties), then fuzzy;
any script; an ambiguous query is an error listing the candidates, never a silent pick."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import corridor
from corridor.cli import main
from corridor.data import path as data_path
from corridor.errors import AmbiguousPlaceError, UnknownIdError
from corridor.network.places import find_place, normalise, resolve_place


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Almaty", "almaty"),
        ("ALMATÝ", "almaty"),
        ("Alma-Ata", "alma ata"),
        ("  Nur_Sultan ", "nur sultan"),
        ("Алматы", "алматы"),
        ("ТАШКЕНТ", "ташкент"),
        ("Ёлка", "елка"),
        ("کراچی", "کراچی"),
        ("ｋａｒａｃｈｉ", "karachi"),  # full-width letters (NFKC)
        ("!!!", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Алматы", "a"),
        ("алматы", "a"),
        ("АЛМАТЫ", "a"),
        ("Alma-Ata", "a"),
        ("alma ata", "a"),
        ("Астана", "c"),
        ("Nur-Sultan", "c"),
        ("Душанбе", "d"),
        ("Бишкек", "f"),
        ("Ташкент", "h"),
        ("کراچی", "g"),
        ("Ташкенд", "h"),  # a typo in Cyrillic: fuzzy
        ("Астан", "c"),  # a word start in Cyrillic
        ("delta", "d"),
        ("d", "d"),
        ("orig", "a"),
    ],
)
def test_tiny_names_in_any_script(tiny: corridor.Network, text: str, place: str) -> None:
    assert find_place(tiny, text) == place


def test_routes_accept_local_names(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "Алматы", "Душанбе")
    assert (r.origin, r.destination) == ("a", "d")


@pytest.mark.parametrize("text", ["Ёжик", "💥", "東京"])
def test_non_latin_input_is_never_an_empty_name(tiny: corridor.Network, text: str) -> None:
    with pytest.raises(UnknownIdError) as err:
        find_place(tiny, text)
    assert "empty" not in str(err.value) and text in str(err.value)


def test_blank_is_an_empty_name(tiny: corridor.Network) -> None:
    with pytest.raises(UnknownIdError, match="empty place name"):
        find_place(tiny, "   ")


IDS = ["pk_islamabad", "af_islam_qala", "pk_port_qasim", "kz_karaganda", "pk_karachi"]
NAMES = ["Islamabad", "Islam Qala", "Port Qasim", "Karaganda", "Karachi"]
ALIASES: list[tuple[str, ...]] = [
    (),
    ("Islam Qala-Dogharoun",),
    ("Qasim",),
    ("Караганда", "Қарағанды"),
    (),
]
COUNTRIES = ["PK", "AF", "PK", "KZ", "PK"]
KINDS = ["city", "border_crossing", "seaport", "city", "city"]


def resolve(text: str, kinds: list[str] | None = KINDS) -> str:
    return IDS[resolve_place(IDS, NAMES, ALIASES, COUNTRIES, text, kinds=kinds)]


def test_word_start_prefers_the_heavier_kind() -> None:
    assert resolve("islam") == "pk_islamabad"  # a city over a border post
    assert resolve("islam qala") == "af_islam_qala"  # exact name first
    assert resolve("qasim") == "pk_port_qasim"
    assert resolve("port q") == "pk_port_qasim"
    assert resolve("караг") == "kz_karaganda"  # Cyrillic word start
    assert resolve("ҚАРАҒ") == "kz_karaganda"  # Kazakh letters, any case


def test_equally_good_matches_are_ambiguous() -> None:
    with pytest.raises(AmbiguousPlaceError) as err:
        resolve("kara")  # two cities
    assert err.value.candidates == ("kz_karaganda", "pk_karachi")
    assert "kz_karaganda (Karaganda, KZ)" in str(err.value) and "pk_karachi" in str(err.value)
    assert isinstance(err.value, UnknownIdError)
    with pytest.raises(AmbiguousPlaceError) as err:
        resolve("islam", kinds=None)  # without kinds nothing breaks the tie
    assert err.value.candidates == ("pk_islamabad", "af_islam_qala")


def test_typos_resolve_or_suggest() -> None:
    assert resolve("Karachii") == "pk_karachi"
    assert resolve("karchai") == "pk_karachi"
    with pytest.raises(UnknownIdError, match=r"did you mean pk_karachi \(Karachi\)\?"):
        resolve("kaarchy")  # too far to pick, close enough to suggest
    with pytest.raises(UnknownIdError, match="run 'corridor places'"):
        resolve("xyzzy")


def test_cli_ambiguous_place_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "net"
    shutil.copytree(data_path("examples/tiny"), folder)
    nodes = folder / "nodes.csv"
    text = nodes.read_text().replace(
        "b,Bravo,AA,40.10,60.10,terminal,,", "b,Bravo,AA,40.10,60.10,terminal,Twin,"
    )
    nodes.write_text(
        text.replace(
            "c,Charlie,BB,40.20,60.20,terminal,", "c,Charlie,BB,40.20,60.20,terminal,Twin|"
        )
    )
    with pytest.raises(SystemExit) as exc:
        main(["route", "twin", "d", "-n", str(folder)])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "ambiguous" in err and "b (Bravo" in err and "c (Charlie" in err
    assert "Traceback" not in err


SHIPPED_LOCAL = [
    ("Алматы", "kz_almaty"),
    ("Alma-Ata", "kz_almaty"),
    ("Астана", "kz_astana"),
    ("Nur-Sultan", "kz_astana"),
    ("Душанбе", "tj_dushanbe"),
    ("Dushanbe", "tj_dushanbe"),
    ("Бишкек", "kg_bishkek"),
    ("Bishkek", "kg_bishkek"),
    ("Frunze", "kg_bishkek"),
    ("Ош", "kg_osh"),
    ("Osh", "kg_osh"),
    ("Ташкент", "uz_tashkent"),
    ("کراچی", "pk_karachi"),
]


@pytest.mark.parametrize(("text", "place"), SHIPPED_LOCAL)
def test_shipped_local_names(region: corridor.Network, text: str, place: str) -> None:
    nodes = region.nodes.set_index("id")
    aliases = {normalise(a) for a in str(nodes.loc[place, "aliases"]).split("|")}
    assert normalise(text) in aliases | {normalise(str(nodes.loc[place, "name"]))}
    assert find_place(region, text) == place


@pytest.mark.parametrize(
    ("text", "place"), [("Бишкек", "kg_bishkek"), ("Душанбе", "tj_dushanbe"), ("Ош", "kg_osh")]
)
def test_cli_places_finds_shipped_local_names(
    text: str, place: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["places", text, "--json"])
    assert place in [r["id"] for r in json.loads(capsys.readouterr().out)]


def test_shipped_word_starts(region: corridor.Network) -> None:
    assert find_place(region, "islam") == "pk_islamabad"
    assert find_place(region, "qasim") == "pk_port_qasim"
    # every shipped place name finds its own place
    for pid, name in zip(region.nodes["id"], region.nodes["name"], strict=True):
        assert find_place(region, name) == pid


def test_places_listing_finds_local_names(tiny: corridor.Network) -> None:
    assert corridor.places(tiny, "душан")["id"].tolist() == ["d"]
    assert corridor.places(tiny, "ALMA-ATA")["id"].tolist() == ["a"]
    assert corridor.places(tiny, "💥").empty
    assert len(corridor.places(tiny)) == len(tiny.nodes)


def test_routes_on_the_compiled_graph_use_place_kinds(region: corridor.Network) -> None:
    """The route search resolves places on the graph's labels: kinds break ties there too,
    so 'islam' starts at Islamabad (a city), not at the Islam Qala border post."""
    graph = corridor.compile(region)
    r = corridor.route(graph, "islam", "qasim")
    assert r.vertices[0] == "pk_islamabad" and r.vertices[-1] == "pk_port_qasim"
