"""One self-contained HTML report: inline CSS and SVG, no request of any kind.

The page is assembled from plain parts (SVG strings, tables, key/value lists), so each part
can be built and tested alone; :mod:`corridor.report.comparison_report` fills them from a
comparison. Every SVG is inlined after :func:`inline_svg` removes what a browser could fetch
or what would tie the document to the outside (XML prolog, DOCTYPE, metadata, namespace
declarations, which HTML does not need), and prefixes its ids so several figures share one
page. :func:`external_references` is the guard: :func:`render_html` refuses a page that
still names an outside resource. Source texts are shown without their ``http(s)://``
scheme (the address stays readable, nothing is a link).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from numbers import Integral, Real
from typing import TYPE_CHECKING

import numpy as np

from corridor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the page: an anchor id, a heading, trusted HTML and an optional caption."""

    id: str
    title: str
    body_html: str
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """The whole page: title, one-line summary, sections in order, and a footer line."""

    title: str
    summary: str
    sections: tuple[Section, ...]
    footer: str = ""
    meta: tuple[tuple[str, str], ...] = field(default=())
    """Key facts shown under the title (e.g. network as of, date, scenario, unit)."""


_CSS = """
:root{--ink:#1d232a;--muted:#5b6570;--rule:#d9dde2;--best:#dff3e4;--accent:#1f77b4}
*{box-sizing:border-box}
body{margin:0;background:#f6f7f8;color:var(--ink);
 font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1160px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 8px;
 padding-bottom:4px;border-bottom:2px solid var(--rule)}
p.summary{font-size:16px;color:var(--muted);margin:0 0 12px}
dl.meta{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0 0 10px;font-size:13px}
dl.meta div{display:flex;gap:6px}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;font-weight:600}
nav.toc{font-size:13px;margin:8px 0 0}nav.toc a{color:var(--accent);margin-right:14px;
 text-decoration:none}
figure{margin:8px 0 0}figcaption{font-size:13px;color:var(--muted);margin-top:6px}
svg{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:5px 7px;border-bottom:1px solid var(--rule);text-align:right;vertical-align:top}
th{background:#eef1f4;font-weight:600;position:sticky;top:0}
th:first-child,td:first-child{text-align:left}
td.text{text-align:left}tr:nth-child(even) td{background:#fafbfc}
td.best{background:var(--best);font-weight:700}td.na{color:var(--muted);font-style:italic}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:14px}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
ol.sources{font-size:12px;color:var(--muted);columns:2;column-gap:28px;padding-left:22px}
ol.sources li{break-inside:avoid;margin-bottom:3px;overflow-wrap:anywhere}
footer{font-size:12px;color:var(--muted);margin-top:36px;border-top:1px solid var(--rule);
 padding-top:8px}
@media print{body{background:#fff}main{padding:0}section{break-inside:avoid}nav.toc{display:none}}
"""

# what a browser could fetch: attributes naming a resource, CSS url()/@import, any scheme
_ATTR_REF = re.compile(
    r"""\b(?:src|href|xlink:href|srcset|action|poster|data|formaction|background|ping)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE,
)
_CSS_REF = re.compile(r"""url\(\s*['"]?([^'")]*)|@import\s+['"]?([^'";\s]+)""", re.IGNORECASE)
_SCHEME = re.compile(r"""\b(?:https?|ftp|wss?|file):|(?<![\w/])//[a-z0-9.-]+\.[a-z]{2,}""", re.I)


_TAG = re.compile(r"<[^<>]*>")
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_TEXT_ATTR = re.compile(
    r"""\s(?:title|alt|aria-label|aria-description|data-[\w-]+)\s*=\s*(?:"[^"]*"|'[^']*')""",
    re.IGNORECASE,
)


def external_references(text: str) -> list[str]:
    """Every reference in the markup of an HTML/SVG text that points outside the document.

    Only markup is read: inside tags, ``src``, ``href`` (plain or xlink), ``srcset`` and the
    like, CSS ``url()`` or ``@import`` (in ``<style>`` and ``style=""``), and any
    ``http(s)``/``ftp``/``ws``/``file`` scheme or ``//host`` in an attribute. Local references
    (``#fragment``, ``data:``) are fine, and so is escaped text that merely mentions an
    address (a place named "Almaty (see https://...)", a ``title`` attribute).

    Examples
    --------
    >>> external_references('<img src="https://x.org/a.png"><a href="#t">t</a>')
    ['https://x.org/a.png']
    >>> external_references('<p>Almaty (see https://x.org/)</p><b title="https://x.org">b</b>')
    []
    """
    styles = [m.group(1) for m in _STYLE.finditer(text)]
    tags = [_TEXT_ATTR.sub(" ", m.group(0)) for m in _TAG.finditer(_STYLE.sub("<style>", text))]
    markup = "\n".join([*tags, *styles])
    found: list[str] = []
    for m in _ATTR_REF.finditer(markup):
        value = next(g for g in m.groups() if g is not None).strip()
        if value and not value.startswith(("#", "data:")):
            found.append(value)
    for m in _CSS_REF.finditer(markup):
        value = (m.group(1) or m.group(2) or "").strip()
        if value and not value.startswith(("#", "data:")):
            found.append(value)
    for m in _SCHEME.finditer("\n".join(tags)):
        if not any(m.group(0) in f for f in found):
            found.append(m.group(0))
    return list(dict.fromkeys(found))


_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_METADATA = re.compile(r"<metadata\b.*?</metadata>", re.DOTALL | re.IGNORECASE)
_XMLNS = re.compile(r"""\s+xmlns(?::\w+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_ID = re.compile(r"""\bid="([^"]+)\"""")
_LOCAL_REF = re.compile(r"""(url\(#|href="#)([^")]+)""")


def inline_svg(svg: str, *, prefix: str) -> str:
    """An SVG document made fit to sit inside HTML: one ``<svg>`` element, nothing external.

    Drops the XML prolog, DOCTYPE, comments, ``<metadata>`` and ``xmlns`` declarations (the
    HTML parser puts ``<svg>`` in the SVG namespace by itself), and prefixes every id and
    every local reference to it with ``prefix`` so figures on one page cannot clash.

    Raises
    ------
    InputError
        When the SVG still references an outside resource.
    """
    out = _METADATA.sub("", _PROLOG.sub("", svg))
    out = _XMLNS.sub("", out).strip()
    out = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', out)
    out = _LOCAL_REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", out)
    bad = external_references(out)
    if bad:
        msg = f"figure {prefix!r} references outside resources: {bad[:3]}"
        raise InputError(msg)
    return out


def figure_svg(fig: Figure, *, prefix: str) -> str:
    """A matplotlib Figure as inline SVG (text kept as text, ``svg.fonttype: none``).

    The rc settings are changed only for the ``savefig`` call; the Figure is not modified.
    """
    from matplotlib import rc_context

    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return inline_svg(buf.getvalue(), prefix=prefix)


def plain_source(text: str) -> str:
    """A source text with the scheme taken off its addresses (``https://a.org/x`` -> ``a.org/x``).

    Examples
    --------
    >>> plain_source("see https://www.example.org/page (2024)")
    'see www.example.org/page (2024)'
    """
    return re.sub(r"\b(?:https?|ftp)://", "", text, flags=re.IGNORECASE)


def format_cell(value: object, decimals: int = 1) -> tuple[str, bool]:
    """A table cell's HTML text and whether it is missing (None, NaN, empty).

    Examples
    --------
    >>> format_cell(1234.56), format_cell(None), format_cell(True)
    (('1,234.6', False), ('–', True), ('yes', False))
    """
    if value is None or value == "" or (isinstance(value, Real) and math.isnan(float(value))):
        return "–", True
    if isinstance(value, bool | np.bool_):
        return ("yes" if value else "no"), False
    if isinstance(value, Integral):
        return f"{int(value):,}", False
    if isinstance(value, Real):
        return f"{float(value):,.{decimals}f}", False
    if isinstance(value, list | tuple):
        return escape(", ".join(str(v) for v in value)), False
    return escape(str(value)), False


def table_html(
    frame: pd.DataFrame,
    *,
    best: Collection[tuple[int, str]] = (),
    decimals: Mapping[str, int] | None = None,
    caption: str = "",
) -> str:
    """A DataFrame as an HTML table; ``best`` cells ((row position, column)) highlighted.

    Numbers are right-aligned with thousands separators (``decimals`` per column, default 1);
    text columns are left-aligned; a missing value shows as a dash.

    Examples
    --------
    >>> import pandas as pd
    >>> t = table_html(pd.DataFrame({"corridor": ["a", "b"], "days": [3.0, 2.5]}),
    ...                best={(1, "days")})
    >>> '<td class="best">2.5</td>' in t
    True
    """
    best_cells = set(best)
    dec = dict(decimals or {})
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for i, rec in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for col, value in zip(frame.columns, rec, strict=True):
            text, missing = format_cell(value, dec.get(str(col), 1))
            classes = [
                c
                for c, on in (
                    ("best", (i, str(col)) in best_cells),
                    ("na", missing),
                    ("text", isinstance(value, str) and not missing),
                )
                if on
            ]
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def facts_html(items: Sequence[tuple[str, str]]) -> str:
    """Key/value facts (assumptions) as a definition list; values are plain text."""
    body = "".join(f"<dt>{escape(k)}</dt><dd>{escape(plain_source(v))}</dd>" for k, v in items)
    return f'<dl class="facts">{body}</dl>'


def sources_html(sources: Sequence[str]) -> str:
    """A numbered list of source texts (plain text, schemes taken off the addresses)."""
    items = "".join(f"<li>{escape(plain_source(s))}</li>" for s in dict.fromkeys(sources))
    return f'<ol class="sources">{items}</ol>'


def _section(s: Section) -> str:
    cap = f"<figcaption>{escape(s.caption)}</figcaption>" if s.caption else ""
    return (
        f'<section id="{escape(s.id)}"><h2>{escape(s.title)}</h2>'
        f"<figure>{s.body_html}{cap}</figure></section>"
    )


def render_html(doc: Document) -> str:
    """The complete page as one string (UTF-8, no outside resource).

    Raises
    ------
    InputError
        When a section still references an outside resource.

    Examples
    --------
    >>> page = render_html(Document("T", "s", (Section("a", "A", "<p>x</p>"),)))
    >>> page.startswith("<!DOCTYPE html>") and 'href="#a"' in page
    True
    """
    ids = [s.id for s in doc.sections]
    if len(set(ids)) != len(ids) or not all(re.fullmatch(r"[a-z][a-z0-9_-]*", i) for i in ids):
        msg = f"report sections need unique lower-case ids; got {ids}"
        raise InputError(msg)
    meta = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in doc.meta)
    toc = "".join(f'<a href="#{s.id}">{escape(s.title)}</a>' for s in doc.sections)
    footer = f"<footer>{escape(doc.footer)}</footer>" if doc.footer else ""
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(doc.title)}</title><style>{_CSS}</style></head><body><main>"
        f'<header><h1>{escape(doc.title)}</h1><p class="summary">{escape(doc.summary)}</p>'
        f'<dl class="meta">{meta}</dl><nav class="toc">{toc}</nav></header>'
        f"{''.join(_section(s) for s in doc.sections)}{footer}</main></body></html>\n"
    )
    bad = external_references(page)
    if bad:
        msg = f"report would reference outside resources: {bad[:3]}"
        raise InputError(msg)
    return page
