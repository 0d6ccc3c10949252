"""The web page in a real headless browser against a real ``corridor serve``: type two
places, see the route drawn and tabled, switch objective, move through time (the AF-PK
crossings open on 2025-06-01, closed on the as-of day), pick a scenario and see its diff,
export GeoJSON, and check that no request left the server.

Browser: Debian's ``chromium`` (scripts/test.sh installs it when it can) or one named by
CORRIDOR_CHROMIUM, else Playwright's own; the test is skipped, saying why, only when none
is there. Screenshots go to CORRIDOR_SCREENSHOTS (a folder; docs/img for the docs) or to
the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web tests need corridor[service]")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the browser tests need playwright (pip install playwright)"
)


def _browser_path() -> str | None:
    for name in (os.environ.get("CORRIDOR_CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 120) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "corridor", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        for _ in range(300):
            try:
                _get(f"{base}/api/info", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"corridor serve ended: {log.read().decode()[-500:]}")
                time.sleep(0.1)
        # the region-wide scenario diff is the slow answer: start it now, while the page
        # does the rest (the page's own request then waits for it, the same question)
        warm = threading.Thread(
            target=_get, args=(f"{base}/api/scenarios/ktap_built/diff?top=40",), daemon=True
        )
        warm.start()
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        path = _browser_path()
        try:
            b = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        except Exception as exc:
            pytest.skip(
                "no headless browser: install Debian's chromium (apt-get install -y chromium) "
                f"or run 'playwright install chromium' ({str(exc).splitlines()[0]})"
            )
        yield b
        b.close()


def shots() -> Path | None:
    folder = os.environ.get("CORRIDOR_SCREENSHOTS")
    return Path(folder) if folder else None


@pytest.mark.slow
def test_the_page_end_to_end(server: str, browser: Any, tmp_path: Path) -> None:
    out = shots() or tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#g-countries path").count() > 50
    assert page.locator("#g-network path.link").count() > 100

    # type Almaty and Karachi: the route is drawn and tabled
    page.fill("#origin", "Almaty")
    page.fill("#destination", "Karachi")
    page.press("#destination", "Enter")
    page.wait_for_selector("#legs tbody tr")
    assert page.locator("#g-routes path.route").count() >= 3
    assert page.locator("#g-routes path.route:not(.alt)").count() >= 3
    assert page.locator("#g-marks .mark.border").count() >= 1
    assert page.locator("#legs tbody tr").count() >= 3
    assert page.locator(".alts button").count() >= 2
    assert "o=Almaty" in page.url and "d=Karachi" in page.url

    # switch the objective: the route is asked again, by cost
    page.select_option("#by", "cost")
    page.wait_for_function(
        "document.querySelector('#panel-route .note').textContent.includes('by cost')"
    )
    assert "by=cost" in page.url

    # 2025-06-01: the AF-PK crossings were open, the route crosses Afghanistan
    page.fill("#date", "2025-06-01")
    page.wait_for_function(
        "(document.querySelector('#map').dataset.countries || '').includes('AF')"
    )
    assert "Countries: " in page.inner_text("#countries") and "AF" in page.inner_text("#countries")
    assert "date=2025-06-01" in page.url
    page.screenshot(path=str(out / "web-route-2025-06-01.png"))
    # the default date (the network's as-of day): closed, the route does not
    page.fill("#date", "")
    page.wait_for_function(
        "(() => { const c = document.querySelector('#map').dataset.countries || '';"
        " return c && !c.includes('AF'); })()"
    )
    assert page.locator("#g-network circle.crossing.closed").count() >= 1
    assert page.locator("#date-changes li").count() >= 1
    page.screenshot(path=str(out / "web-route.png"))

    # corridors tab: the comparison table and its charts
    page.click("#tab-compare")
    page.wait_for_selector("#compare-table tbody tr")
    assert page.locator("#panel-compare svg.chart").count() == 3

    # a scenario: its diff over the region's OD pairs, as a table and lines on the map
    page.select_option("#scenario", "ktap_built")
    page.click("#tab-diff")
    page.wait_for_selector("#diff-table tbody tr", timeout=180_000)
    assert page.locator("#g-diff path").count() >= 1
    assert "scenario=ktap_built" in page.url
    page.screenshot(path=str(out / "web-scenario-diff.png"))

    # export the shown routes as GeoJSON
    with page.expect_download() as dl:
        page.click("#export-geojson")
    doc = json.loads(Path(dl.value.path()).read_text())
    assert doc["type"] == "FeatureCollection"
    assert {f["geometry"]["type"] for f in doc["features"]} == {"LineString", "Point"}

    # phone width: the same page, stacked
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("#tab-route")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(out / "web-phone.png"), full_page=False)

    # nothing left the server (blob: is the download made in the page)
    outside = [u for u in requests if not (u.startswith(server) or u.startswith("blob:" + server))]
    assert outside == []
    assert errors == []
    page.close()


def test_keyboard_only(server: str, browser: Any) -> None:
    """Every control is reached with Tab and works from the keyboard; the map pans."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server + "/?o=Tashkent&d=Karachi")
    page.wait_for_selector("#legs tbody tr")
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
    assert {"origin", "destination", "by", "date", "scenario", "go", "map"} <= reached
    page.focus("#map")
    before = page.get_attribute("#map", "viewBox")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("+")
    assert page.get_attribute("#map", "viewBox") != before
    page.close()
