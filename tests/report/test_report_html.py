"""HTML assembly: outside references refused, SVG inlined cleanly, tables and escaping."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from corridor.errors import InputError
from corridor.report.html import (
    Document,
    Section,
    external_references,
    figure_svg,
    inline_svg,
    plain_source,
    render_html,
    sources_html,
    table_html,
)


@pytest.mark.parametrize(
    "text",
    [
        '<img src="https://cdn.example.org/x.png">',
        "<link href='//fonts.example.com/css'>",
        '<div style="background:url(http://x.org/a.png)"></div>',
        "<style>@import 'theme.css';</style>",
        '<svg><image xlink:href="tiles/1/2/3.png"/></svg>',
        "<script src=app.js></script>",
        '<meta http-equiv="refresh" content="0;url=http://example.org">',
    ],
)
def test_outside_references_are_found(text: str) -> None:
    assert external_references(text)


@pytest.mark.parametrize(
    "text",
    [
        "<p>Almaty (see https://example.org/almaty)</p>",
        "<td>url(http://x.org/a.png) and @import 'a.css'</td>",
        '<span title="source: https://example.org">Almaty</span>',
        "<svg><title>Almaty (see https://example.org)</title></svg>",
    ],
)
def test_escaped_text_that_mentions_an_address_is_fine(text: str) -> None:
    # issue 14 item 5: a place name mentioning a URL is text, not a reference
    assert external_references(text) == []


def test_local_references_are_fine() -> None:
    ok = '<a href="#map">m</a><use xlink:href="#p1"/><rect clip-path="url(#c1)"/>'
    ok += '<img src="data:image/png;base64,AAAA">'
    assert external_references(ok) == []


def test_inline_svg_strips_prolog_metadata_namespaces_and_prefixes_ids() -> None:
    raw = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<metadata><rdf:RDF xmlns:cc="http://creativecommons.org/ns#"/></metadata>'
        '<defs><clipPath id="c1"><rect/></clipPath></defs>'
        '<g clip-path="url(#c1)"><use xlink:href="#c1"/></g></svg>'
    )
    out = inline_svg(raw, prefix="f1")
    assert out.startswith("<svg") and "http" not in out
    assert 'id="f1-c1"' in out and "url(#f1-c1)" in out and 'href="#f1-c1"' in out


def test_inline_svg_refuses_an_outside_image() -> None:
    with pytest.raises(InputError, match="outside"):
        inline_svg('<svg><image href="https://x.org/t.png"/></svg>', prefix="m")


def test_figure_svg_keeps_text_as_text_and_nothing_outside() -> None:
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("Almaty")
    svg = figure_svg(fig, prefix="t")
    assert svg.startswith("<svg") and ">Almaty<" in svg
    assert external_references(svg) == [] and "http" not in svg


def test_table_marks_best_cells_and_escapes_text() -> None:
    frame = pd.DataFrame(
        {
            "route": ["<b>a</b>", "b"],
            "days": [3.0, float("nan")],
            "km": [1200, 900],
            "planned": [False, True],
        }
    )
    html = table_html(frame, best={(1, "km")}, decimals={"days": 2})
    assert "&lt;b&gt;a&lt;/b&gt;" in html
    assert '<td class="best">900</td>' in html
    assert "<td>3.00</td>" in html and '<td class="na">–</td>' in html
    assert "<td>1,200</td>" in html and "<td>yes</td>" in html


def test_sources_show_addresses_without_scheme() -> None:
    html = sources_html(["Railway Gazette https://www.railwaygazette.com/x (2024)"] * 2)
    assert html.count("<li>") == 1 and "www.railwaygazette.com/x" in html
    assert "http" not in html
    assert plain_source("ftp://a.b/c") == "a.b/c"


def test_render_refuses_outside_resources_and_bad_ids() -> None:
    with pytest.raises(InputError, match="outside"):
        render_html(Document("t", "s", (Section("a", "A", '<img src="x.png">'),)))
    with pytest.raises(InputError, match="unique"):
        render_html(Document("t", "s", (Section("a", "A", ""), Section("a", "B", ""))))
