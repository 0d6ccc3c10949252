"""Find places by id, name or alias in any script, the way people type them.

Text is compared after normalisation: NFKC, case-folded, accents and other combining marks
removed, punctuation as spaces (so ``Almaty``, ``ALMATY``, ``Almatý`` and ``Алматы`` each
match themselves, and Cyrillic or Arabic-script input is never empty). A query is tried in
tiers, and the first tier with a match decides:

1. the id itself (``kz_almaty``);
2. a whole name or alias, or the id without its country prefix (``almaty``);
3. a word start: the query begins a word of a name, alias or id (``islam`` -> Islamabad and
   Islam Qala; ``qasim`` -> Port Qasim);
4. fuzzy: the closest names, aliases and ids (difflib ratio >= 0.8), for typos.

Within a tier the place of the heavier kind wins (:data:`KIND_WEIGHT`: a city over a port or
terminal over a ferry port over a border post, so ``islam`` is Islamabad); a tie between
different places is an :class:`~corridor.errors.AmbiguousPlaceError` listing them, never a
silent pick.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from corridor.errors import AmbiguousPlaceError, UnknownIdError

if TYPE_CHECKING:
    import pandas as pd

    from corridor.network.model import Network

KIND_WEIGHT: dict[str, int] = {
    "city": 3,
    "seaport": 2,
    "dry_port": 2,
    "terminal": 2,
    "ferry_port": 1,
    "border_crossing": 0,
}
"""Tie-break between places matching a query equally well: the heavier kind wins."""

FUZZY_CUTOFF = 0.8
"""Smallest difflib similarity at which a typo resolves to a place."""

_SPACE = re.compile(r"[\W_]+")
_INDEX: weakref.WeakKeyDictionary[Network, PlaceIndex] = weakref.WeakKeyDictionary()
"""Place index per network (a network is immutable, so its index never goes stale)."""


def normalise(text: str) -> str:
    """Text as compared: NFKC, case-folded, without combining marks, words split by one space.

    Examples
    --------
    >>> normalise("Almatý-1"), normalise("АЛМАТЫ"), normalise("  Nur_Sultan ")
    ('almaty 1', 'алматы', 'nur sultan')
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _keys(pid: str, name: str, aliases: Sequence[str], country: str) -> list[str]:
    """Every normalised text that names one place: name, aliases, id, id without prefix."""
    out = [normalise(name), *(normalise(a) for a in aliases), normalise(pid)]
    if country and pid.startswith(country.lower() + "_"):
        out.append(normalise(pid[len(country) + 1 :]))
    return [k for k in out if k]


def search_places(
    ids: Sequence[str],
    names: Sequence[str],
    aliases: Sequence[Sequence[str]],
    text: str,
) -> list[int]:
    """Indices of places whose id, name or alias contains ``text`` (all if empty)."""
    q = normalise(text)
    if not q and text.strip():
        return []
    out = []
    for i, (pid, name, al) in enumerate(zip(ids, names, aliases, strict=True)):
        hay = " | ".join([normalise(pid), normalise(name), *(normalise(a) for a in al)])
        if q in hay:
            out.append(i)
    return out


MatchKind = Literal["exact", "alias", "prefix", "fuzzy"]
"""How a query named its place: ``exact`` (the id or the name), ``alias`` (an alias, or the
id without its country prefix), ``prefix`` (a word start) or ``fuzzy`` (a typo)."""

SIMILAR_FUZZY = 0.05
"""Fuzzy scores this close to the best count as equally good (then ambiguous)."""


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """The place a query names, how it named it, and the other places it could have meant."""

    index: int
    query: str
    match: MatchKind
    also: tuple[int, ...] = ()
    """Other places the query matched in the same tier, less well (heavier kind won)."""


class PlaceIndex:
    """Every normalised name, alias and id of a network's places, built once.

    Lookups read dicts and one sorted list (word starts, by bisection); only a query that
    names nothing exactly falls back to a fuzzy scan.
    """

    __slots__ = (
        "_exact",
        "_fuzzy_keys",
        "_ids",
        "_keys",
        "_name",
        "_names",
        "_starts",
        "_whole",
        "countries",
        "weight",
    )

    def __init__(
        self,
        ids: Sequence[str],
        names: Sequence[str],
        aliases: Sequence[Sequence[str]],
        countries: Sequence[str],
        kinds: Sequence[str] | None = None,
    ) -> None:
        self._ids = tuple(ids)
        self._names = tuple(names)
        self.countries = tuple(countries)
        n = len(self._ids)
        self.weight = tuple(KIND_WEIGHT.get(k, 0) for k in kinds) if kinds else (0,) * n
        self._keys = [
            _keys(p, nm, a, c) for p, nm, a, c in zip(ids, names, aliases, countries, strict=True)
        ]
        self._name = tuple(normalise(nm) for nm in names)
        self._exact: dict[str, list[int]] = {}
        self._whole: dict[str, list[int]] = {}
        starts: set[tuple[str, int]] = set()
        for i, (pid, ks) in enumerate(zip(ids, self._keys, strict=True)):
            for key in {pid, normalise(pid)}:
                self._exact.setdefault(key, []).append(i)
            for k in dict.fromkeys(ks):
                self._whole.setdefault(k, []).append(i)
                words = k.split(" ")
                starts.update((" ".join(words[w:]), i) for w in range(len(words)))
        self._starts = sorted(starts)
        self._fuzzy_keys = self._keys

    def __len__(self) -> int:
        return len(self._ids)

    def id(self, index: int) -> str:
        """The id of place ``index``."""
        return self._ids[index]

    def name(self, index: int) -> str:
        """The name of place ``index``."""
        return self._names[index]

    def match(self, text: str) -> PlaceMatch:
        """The one place ``text`` names (tiers and tie-break in the module docstring).

        Raises
        ------
        AmbiguousPlaceError
            Several places match equally well (the message lists them).
        UnknownIdError
            Nothing matches; the message suggests the closest places.
        """
        hit = self._exact.get(text)
        if hit is not None and len(hit) == 1:
            return PlaceMatch(hit[0], text, "exact")
        if not text.strip():
            msg = "empty place name"
            raise UnknownIdError(msg)
        q = normalise(text)
        tiers: tuple[tuple[list[int], MatchKind], ...] = (
            (self._exact.get(text.strip(), []) or self._exact.get(q, []), "exact"),
            (self._whole.get(q, []), "alias"),
            (self._prefixed(q), "prefix"),
        )
        for hits, kind in tiers:
            if hits:
                return self._pick(hits, text, q, kind, {})
        scores, suggestions = _fuzzy(q, self._fuzzy_keys) if q else ({}, [])
        if scores:
            return self._pick(list(scores), text, q, "fuzzy", scores)
        shown = ", ".join(f"{self._ids[i]} ({self._names[i]})" for i in suggestions)
        hint = f"; did you mean {shown}?" if shown else "; run 'corridor places' to list places"
        msg = f"unknown place {text!r}{hint}"
        raise UnknownIdError(msg)

    def _prefixed(self, q: str) -> list[int]:
        """Places with a word (of a name, alias or id) that ``q`` begins."""
        if not q:
            return []
        out: list[int] = []
        for key, i in self._starts[bisect.bisect_left(self._starts, (q, -1)) :]:
            if not key.startswith(q):
                break
            out.append(i)
        return sorted(set(out))

    def _pick(
        self, hits: list[int], text: str, q: str, kind: MatchKind, scores: dict[int, float]
    ) -> PlaceMatch:
        """The best of a tier's places: the best fuzzy score (within SIMILAR_FUZZY), then the
        heaviest kind; a tie between places is ambiguous."""
        pool = sorted(set(hits))
        if scores:
            top_score = max(scores.values())
            pool = [i for i in pool if scores[i] >= top_score - SIMILAR_FUZZY]
        top = max(self.weight[i] for i in pool)
        best = [i for i in pool if self.weight[i] == top]
        if len(best) > 1:
            shown = ", ".join(
                f"{self._ids[i]} ({self._names[i]}, {self.countries[i]})" for i in best[:8]
            )
            more = f" and {len(best) - 8} more" if len(best) > 8 else ""
            msg = f"place {text!r} is ambiguous: {shown}{more}; name one by its id"
            raise AmbiguousPlaceError(msg, candidates=tuple(self._ids[i] for i in best))
        i = best[0]
        if kind == "alias" and self._name[i] == q:
            kind = "exact"
        others = sorted(
            (j for j in set(hits) if j != i), key=lambda j: (-scores.get(j, 0.0), -self.weight[j])
        )
        return PlaceMatch(i, text, kind, tuple(others))

    def describe(self, m: PlaceMatch) -> str:
        """The notice for a non-exact match: ``'kara' read as Karaganda (kz_karaganda); also
        Karachi Port``."""
        also = ", ".join(self._names[j] for j in m.also[:3])
        more = f" and {len(m.also) - 3} more" if len(m.also) > 3 else ""
        tail = f"; also {also}{more}" if also else ""
        return f"{m.query!r} read as {self._names[m.index]} ({self._ids[m.index]}){tail}"


def _fuzzy(q: str, keys: list[list[str]]) -> tuple[dict[int, float], list[int]]:
    """Places scoring >= FUZZY_CUTOFF with their best score, and suggestions (any score)."""
    owner: dict[str, set[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            owner.setdefault(k, set()).add(i)
    matcher = difflib.SequenceMatcher(b=q, autojunk=False)
    scored: list[tuple[float, int]] = []
    for key in difflib.get_close_matches(q, list(owner), n=10, cutoff=0.6):
        matcher.set_seq1(key)
        scored += [(matcher.ratio(), i) for i in owner[key]]
    scored.sort(key=lambda s: -s[0])
    suggestions = list(dict.fromkeys(i for _, i in scored))[:5]
    best: dict[int, float] = {}
    for score, i in scored:
        if score >= FUZZY_CUTOFF:
            best.setdefault(i, score)
    return best, suggestions


def resolve_place(
    ids: Sequence[str],
    names: Sequence[str],
    aliases: Sequence[Sequence[str]],
    countries: Sequence[str],
    text: str,
    *,
    kinds: Sequence[str] | None = None,
) -> int:
    """Index of the one place ``text`` names (tiers and tie-break in the module docstring).

    Without ``kinds`` every place weighs the same, so a tie is ambiguous. Builds a
    :class:`PlaceIndex` each call: keep one (``PlaceIndex(...)``) to look up many names.

    Raises
    ------
    AmbiguousPlaceError
        Several places match equally well (the message lists them; ``candidates`` has ids).
    UnknownIdError
        Nothing matches; the message suggests the closest places.
    """
    return PlaceIndex(ids, names, aliases, countries, kinds).match(text).index


def network_places(network: Network) -> PlaceIndex:
    """The place index of a network (built once per network)."""
    index = _INDEX.get(network)
    if index is None:
        nodes = network.nodes
        index = _INDEX[network] = PlaceIndex(
            [str(x) for x in nodes["id"].tolist()],
            [str(x) for x in nodes["name"].tolist()],
            [tuple(a for a in str(x).split("|") if a) for x in nodes["aliases"].tolist()],
            [str(x) for x in nodes["country"].tolist()],
            [str(x) for x in nodes["kind"].tolist()],
        )
    return index


def find_place(network: Network, text: str) -> str:
    """The id of the place ``text`` names in ``network`` (kinds break ties).

    Examples
    --------
    >>> import corridor
    >>> find_place(corridor.load(), "islam")
    'pk_islamabad'
    >>> find_place(corridor.load(), "qasim")
    'pk_port_qasim'
    """
    index = network_places(network)
    return index.id(index.match(text).index)


class PlaceLabels(Protocol):
    """What :func:`place_records` reads (a compiled graph's ``labels``)."""

    @property
    def node_ids(self) -> Sequence[str]: ...
    @property
    def node_names(self) -> Sequence[str]: ...
    @property
    def node_aliases(self) -> Sequence[Sequence[str]]: ...
    @property
    def node_kinds(self) -> Sequence[str]: ...
    @property
    def node_country(self) -> Any: ...
    @property
    def node_lat(self) -> Any: ...
    @property
    def node_lon(self) -> Any: ...
    @property
    def countries(self) -> Sequence[str]: ...


def place_records(labels: PlaceLabels, text: str = "") -> list[dict[str, Any]]:
    """The rows of :func:`places` (id, name, country, kind, lat, lon, aliases) as plain
    records, read from a compiled graph's labels (no pandas)."""
    hits = search_places(labels.node_ids, labels.node_names, labels.node_aliases, text)
    return [
        {
            "id": labels.node_ids[i],
            "name": labels.node_names[i],
            "country": labels.countries[int(labels.node_country[i])],
            "kind": labels.node_kinds[i] if labels.node_kinds else "",
            "lat": float(labels.node_lat[i]),
            "lon": float(labels.node_lon[i]),
            "aliases": "|".join(labels.node_aliases[i]),
        }
        for i in hits
    ]


def places(network: Network, text: str = "") -> pd.DataFrame:
    """Places of a network whose id, name or alias contains ``text`` (all if empty).

    Examples
    --------
    >>> import corridor
    >>> corridor.places(corridor.load(), "karachi")["id"].tolist()[:1]
    ['pk_karachi']
    """
    import pandas as pd

    nodes = network.nodes
    aliases = [tuple(a for a in str(x).split("|") if a) for x in nodes["aliases"]]
    hits = search_places(list(nodes["id"]), list(nodes["name"]), aliases, text)
    cols = ["id", "name", "country", "kind", "lat", "lon", "aliases"]
    return pd.DataFrame(nodes.iloc[hits][cols]).reset_index(drop=True)
