"""The report page: valid HTML with every section, nothing outside; the CLI writes it."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from corridor.cli import main
from corridor.data import path as data_path

TINY = str(data_path("examples/tiny"))
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SECTIONS = (
    "map",
    "table",
    "time-cost-distance",
    "reliability",
    "breakdown",
    "pareto",
    "sensitivity",
    "assumptions",
)


class Checker(HTMLParser):
    """Every non-void element closed in order; ids unique; what the page holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.tags: dict[str, int] = {}
        self.section_ids: list[str] = []
        self.doctype = ""
        self.attr_values: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        d = dict(attrs)
        if "id" in d and d["id"] is not None:
            self.ids.append(d["id"])
        if tag == "section":
            self.section_ids.append(str(d.get("id")))
        self.attr_values += [f"{k}={v}" for k, v in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attr_values += [f"{k}={v}" for k, v in attrs]
        d = dict(attrs)
        if "id" in d and d["id"] is not None:
            self.ids.append(d["id"])

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def parse(page: str) -> Checker:
    p = Checker()
    p.feed(page)
    p.close()
    return p


def test_report_is_valid_html_with_every_section(tiny_report: str) -> None:
    p = parse(tiny_report)
    assert p.doctype.lower() == "doctype html"
    assert p.errors == [] and p.stack == []
    assert len(p.ids) == len(set(p.ids)), "duplicate ids"
    assert tuple(p.section_ids) == SECTIONS
    assert p.tags["html"] == p.tags["head"] == p.tags["body"] == p.tags["main"] == 1
    assert re.search(r"<head>.*<title>[^<]+</title>.*</head>", tiny_report, flags=re.S)
    # the map and four charts (no sensitivity figure given: a sentence instead)
    assert p.tags["svg"] == 5
    assert p.tags["table"] == 1 and p.tags["tr"] >= 2
    assert '<meta charset="utf-8">' in tiny_report


def test_report_makes_no_outside_request(tiny_report: str) -> None:
    p = parse(tiny_report)
    refs = [
        v
        for v in p.attr_values
        if re.match(r"(src|href|xlink:href|srcset|action|poster)=", v)
        and not re.match(r"[a-z:]+=(#|data:)", v)
    ]
    assert refs == []
    assert re.findall(r"url\(\s*['\"]?(?!#|data:)", tiny_report) == []
    assert "@import" not in tiny_report
    assert re.findall(r"https?:|ftp:|//[a-z0-9-]+\.[a-z]", tiny_report, flags=re.I) == []
    assert "<script" not in tiny_report and "<link" not in tiny_report
    assert "<iframe" not in tiny_report and "<img" not in tiny_report


def test_report_states_its_assumptions(tiny_report: str) -> None:
    text = re.sub(r"<[^>]+>", " ", tiny_report)
    for phrase in (
        "network as of",
        "date evaluated",
        "scenario",
        "unit",
        "value of time",
        "carbon price",
        "Natural Earth",
        "Sources of the routes",
    ):
        assert phrase in text, phrase


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_the_report_and_keeps_json_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "r.html"
    code, out, err = run(
        ["report", "a", "d", "-n", TINY, "-o", str(target), "--json", "--pdf"], capsys
    )
    assert code == 0, err
    d = json.loads(out)  # progress went to stderr, not into the JSON
    assert d["report"] == str(target) and d["pdf"] == str(target.with_suffix(".pdf"))
    for key in ("network_as_of", "date", "scenario", "include_planned"):
        assert key in d
    assert "report:" in err
    page = parse(target.read_text(encoding="utf-8"))
    assert page.errors == [] and page.stack == []
    assert page.tags["svg"] == 6  # the CLI adds the Pareto front and the sensitivity chart
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    # an existing file is refused before any work, and kept
    before = target.read_bytes()
    code, _, err = run(["report", "a", "d", "-n", TINY, "-o", str(target)], capsys)
    assert code == 1 and "exists" in err and target.read_bytes() == before
