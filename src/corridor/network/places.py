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

import difflib
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

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


def _best(hits: list[int], weight: Sequence[int]) -> list[int]:
    top = max(weight[i] for i in hits)
    return sorted({i for i in hits if weight[i] == top})


def _fuzzy(q: str, keys: list[list[str]]) -> tuple[list[int], float, list[int]]:
    """Places at the best fuzzy score (if >= FUZZY_CUTOFF), the score, and suggestions."""
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
    if not scored or scored[0][0] < FUZZY_CUTOFF:
        return [], 0.0, suggestions
    best = scored[0][0]
    return sorted({i for s, i in scored if s >= best - 1e-12}), best, suggestions


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

    Without ``kinds`` every place weighs the same, so a tie is ambiguous.

    Raises
    ------
    AmbiguousPlaceError
        Several places match equally well (the message lists them; ``candidates`` has ids).
    UnknownIdError
        Nothing matches; the message suggests the closest places.
    """
    if not text.strip():
        msg = "empty place name"
        raise UnknownIdError(msg)
    weight = [KIND_WEIGHT.get(k, 0) for k in kinds] if kinds is not None else [0] * len(ids)
    q = normalise(text)
    keys = [_keys(p, n, a, c) for p, n, a, c in zip(ids, names, aliases, countries, strict=True)]
    tiers = [
        [i for i, pid in enumerate(ids) if pid == text.strip() or normalise(pid) == q],
        [i for i, ks in enumerate(keys) if q in ks],
        [i for i, ks in enumerate(keys) if q and any((" " + k).find(" " + q) >= 0 for k in ks)],
    ]
    for hits in tiers:
        if hits:
            return _one(_best(hits, weight), ids, names, countries, text)
    found, _, suggestions = _fuzzy(q, keys) if q else ([], 0.0, [])
    if found:
        return _one(_best(found, weight), ids, names, countries, text)
    shown = ", ".join(f"{ids[i]} ({names[i]})" for i in suggestions)
    hint = f"; did you mean {shown}?" if shown else "; run 'corridor places' to list places"
    msg = f"unknown place {text!r}{hint}"
    raise UnknownIdError(msg)


def _one(
    hits: list[int], ids: Sequence[str], names: Sequence[str], countries: Sequence[str], text: str
) -> int:
    if len(hits) == 1:
        return hits[0]
    shown = ", ".join(f"{ids[i]} ({names[i]}, {countries[i]})" for i in hits[:8])
    more = f" and {len(hits) - 8} more" if len(hits) > 8 else ""
    msg = f"place {text!r} is ambiguous: {shown}{more}; name one by its id"
    raise AmbiguousPlaceError(msg, candidates=tuple(ids[i] for i in hits))


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
    nodes = network.nodes
    aliases = [tuple(a for a in str(x).split("|") if a) for x in nodes["aliases"]]
    ids = [str(x) for x in nodes["id"]]
    i = resolve_place(
        ids,
        [str(x) for x in nodes["name"]],
        aliases,
        [str(x) for x in nodes["country"]],
        text,
        kinds=[str(x) for x in nodes["kind"]],
    )
    return ids[i]


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
