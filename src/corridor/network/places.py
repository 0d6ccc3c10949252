"""Find places by id, name or alias (case-insensitive), with suggestions for typos."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from corridor.errors import UnknownIdError

if TYPE_CHECKING:
    import pandas as pd

    from corridor.network.model import Network


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def search_places(
    ids: Sequence[str],
    names: Sequence[str],
    aliases: Sequence[Sequence[str]],
    text: str,
) -> list[int]:
    """Indices of places whose id, name or alias contains ``text`` (all if empty)."""
    q = _norm(text)
    out = []
    for i, (pid, name, al) in enumerate(zip(ids, names, aliases, strict=True)):
        hay = " | ".join([_norm(pid.replace("_", " ")), _norm(name), *(_norm(a) for a in al)])
        if q in hay:
            out.append(i)
    return out


def resolve_place(
    ids: Sequence[str],
    names: Sequence[str],
    aliases: Sequence[Sequence[str]],
    countries: Sequence[str],
    text: str,
) -> int:
    """The one place ``text`` names.

    Tried in order, case- and accent-insensitively: the id; the name; an alias; the id
    without its country prefix (``almaty`` for ``kz_almaty``); the first word of the name.
    Raises UnknownIdError with the closest suggestions, or when the text is ambiguous.
    """
    q = _norm(text)
    if not q:
        msg = "empty place name"
        raise UnknownIdError(msg)
    tiers: list[list[int]] = [
        [i for i, pid in enumerate(ids) if _norm(pid) == q],
        [i for i, n in enumerate(names) if _norm(n) == q],
        [i for i, al in enumerate(aliases) if any(_norm(a) == q for a in al)],
        [
            i
            for i, (pid, c) in enumerate(zip(ids, countries, strict=True))
            if pid.startswith(c.lower() + "_") and _norm(pid[3:]) == q
        ],
        [i for i, n in enumerate(names) if _norm(n).split(" ")[0] == q],
    ]
    for hits in tiers:
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            shown = ", ".join(f"{ids[i]} ({names[i]})" for i in hits[:6])
            msg = f"place {text!r} is ambiguous: {shown}; use an id"
            raise UnknownIdError(msg)
    vocab = {_norm(pid): pid for pid in ids}
    vocab.update({_norm(n): ids[i] for i, n in enumerate(names)})
    vocab.update({_norm(pid[3:]): pid for pid in ids if len(pid) > 3})
    close = difflib.get_close_matches(q, list(vocab), n=5, cutoff=0.6)
    seen: list[str] = []
    for c in close:
        if vocab[c] not in seen:
            seen.append(vocab[c])
    hint = (
        f"; did you mean {', '.join(seen)}?" if seen else "; run 'corridor places' to list places"
    )
    msg = f"unknown place {text!r}{hint}"
    raise UnknownIdError(msg)


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
