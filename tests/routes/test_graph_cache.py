"""The on-disk graph cache: same answers, invalidated by any edit, optional."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

import corridor
from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.graph.cache import cache_dir, load_graph


def test_cached_graph_equals_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load_graph()
    assert len(list(cache_dir().glob("graph-*.npz"))) == 1
    cached = load_graph()
    compiled = corridor.compile(corridor.load(date="undated"))
    for part in ("csr", "edges", "labels"):
        for f in dataclasses.fields(getattr(compiled, part)):
            a = getattr(getattr(compiled, part), f.name)
            b = getattr(getattr(cached, part), f.name)
            if isinstance(a, np.ndarray):
                assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), f.name
                assert not b.flags.writeable, f.name
            elif f.name != "node_lookup":
                assert a == b, f.name
    for f in ("unit", "payload_t_teu", "value_of_time_usd_h", "carbon_price_usd_t"):
        assert getattr(compiled, f) == getattr(cached, f)
    assert dict(cached.labels.node_lookup) == dict(compiled.labels.node_lookup)
    assert (
        corridor.route(cached, "almaty", "karachi").to_dict()
        == corridor.route(fresh, "almaty", "karachi").to_dict()
    )


def test_any_edit_gives_a_new_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "net"
    shutil.copytree(data_path("examples/tiny"), folder)
    before = corridor.route(load_graph(folder), "a", "d", by="cost").totals.cost_usd
    params = folder / "parameters.csv"
    params.write_text(
        params.read_text().replace("rail,*,tariff_usd_teu_km,1.0", "rail,*,tariff_usd_teu_km,0.5")
    )
    after = corridor.route(load_graph(folder), "a", "d", by="cost").totals.cost_usd
    assert (before, after) == (550.0, 350.0)
    assert len(list(cache_dir().glob("graph-*.npz"))) == 2
    # bad input is still reported, never served from the cache
    params.write_text(params.read_text().replace("rail,*,speed_kmh,50", "rail,*,speed_kmh,-1"))
    with pytest.raises(InputError, match=r"parameters\.csv line 2, column value"):
        load_graph(folder)


def test_unwritable_cache_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(blocker / "cache"))
    g = load_graph(data_path("examples/tiny"))
    assert corridor.route(g, "a", "d").totals.time_h == pytest.approx(7.0)


def test_no_cache_reads_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    g = load_graph(data_path("examples/tiny"), no_cache=True)
    assert corridor.route(g, "a", "d").totals.time_h == pytest.approx(7.0)
    assert not list(tmp_path.iterdir())


def test_cache_is_size_capped_oldest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path / "cache"))
    load_graph(data_path("examples/tiny"))
    (first,) = cache_dir().glob("graph-*.npz")
    os.utime(first, (1, 1))  # long unused
    load_graph(data_path("examples/tiny"), unit="tonne", max_bytes=first.stat().st_size + 1)
    (kept,) = cache_dir().glob("graph-*.npz")
    assert kept != first  # the oldest went, the new one stays


def test_key_covers_the_csv_parser_units_and_vocabulary() -> None:
    from corridor import _graphfile as cache

    covered = {
        p.relative_to(cache._PACKAGE).as_posix()
        for pat in cache._CODE
        for p in cache._PACKAGE.glob(pat)
    }
    assert {"io/csv_tables.py", "units.py", "vocab.py", "graph/compiler.py"} <= covered
    assert "network/validate.py" in covered
    assert "_graphfile.py" in covered  # the numpy-free reader of the same entries


def test_default_folder_is_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("CORRIDOR_CACHE_DIR", raising=False)
    assert cache_dir() == Path(platformdirs.user_cache_dir("corridor", appauthor=False))


def test_corrupt_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    load_graph(data_path("examples/tiny"))
    (target,) = tmp_path.glob("graph-*.npz")
    target.write_bytes(b"garbage")
    g = load_graph(data_path("examples/tiny"))
    assert corridor.route(g, "a", "d").totals.time_h == pytest.approx(7.0)


def test_labels_read_without_numpy_equal_the_graphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``corridor places`` reads the cached entry's labels with the standard library: the
    same ids, names, aliases, kinds, countries and coordinates as the restored graph's; no
    entry (or a damaged one) is None, and the command then loads the graph itself."""
    from corridor._graphfile import cached_labels
    from corridor.network.places import place_records

    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path / "cache"))
    folder = data_path("network")
    assert cached_labels(folder) is None  # nothing cached yet
    graph = load_graph(folder)
    labels = cached_labels(folder)
    assert labels is not None
    g = graph.labels
    assert labels.node_ids == tuple(g.node_ids) and labels.node_names == tuple(g.node_names)
    assert labels.node_aliases == tuple(tuple(a) for a in g.node_aliases)
    assert labels.node_kinds == tuple(g.node_kinds)
    assert labels.countries == tuple(g.countries)
    assert labels.node_country == tuple(g.node_country.tolist())
    assert labels.node_lat == tuple(g.node_lat.tolist())  # exact: the same doubles
    assert labels.node_lon == tuple(g.node_lon.tolist())
    for text in ("", "karachi", "алматы", "zzz"):
        assert place_records(labels, text) == place_records(g, text)
    (entry,) = cache_dir().glob("graph-*.npz")
    data = bytearray(entry.read_bytes())
    data[-100] ^= 1
    entry.write_bytes(bytes(data))
    assert cached_labels(folder) is None  # checksum mismatch: a miss
    assert cached_labels(tmp_path / "nowhere") is None


def test_cli_places_reads_the_cached_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from corridor.cli import main

    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path / "cache"))
    outputs = []
    for _ in range(2):  # a miss (compiles, caches), then the entry's labels
        main(["places", "--json", "tash"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "uz_tashkent" in outputs[0]
