"""The report renders in headless Chromium (Debian's chromium package).

Skipped only where no chromium binary exists (``apt-get install chromium``); the machines
this project's CI runs on have it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str | None:
    return next((found for b in BROWSERS if (found := shutil.which(b))), None)


def screenshot(browser: str, page: Path, png: Path, size: str = "1280,2400") -> None:
    """Render ``page`` headless, without network access, into ``png``."""
    subprocess.run(
        [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--hide-scrollbars",
            f"--user-data-dir={png.parent / 'profile'}",
            "--no-first-run",
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--screenshot={png}",
            f"--window-size={size}",
            page.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.mark.skipif(_browser() is None, reason="no chromium binary (apt-get install chromium)")
def test_report_renders_in_headless_chromium(tiny_report: str, tmp_path: Path) -> None:
    from matplotlib.image import imread

    page = tmp_path / "report.html"
    page.write_text(tiny_report, encoding="utf-8")
    png = tmp_path / "shot.png"
    browser = _browser()
    assert browser is not None
    screenshot(browser, page, png)
    img = imread(png)
    assert img.shape[0] == 2400 and img.shape[1] == 1280
    rgb = img[..., :3]
    # not a blank or error page: ink on it, and the map's land colour fills a large area
    assert np.mean(rgb.mean(axis=-1) < 0.8) > 0.01
    land = np.array([0xEC, 0xEB, 0xE4]) / 255.0
    assert np.mean(np.all(np.abs(rgb - land) < 0.02, axis=-1)) > 0.02
