"""report.html in a real browser: headless Chromium renders a real run's report, charts and all, offline.

Skips when Chromium is absent, unless LEADSWEEP_REQUIRE_BROWSER is set (`.ci/run` sets it and installs
Chromium), so CI cannot pass without having looked at the page.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from transforms.report.html import TIER_COLOURS

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WINDOW = (1200, 2800)


@pytest.fixture(scope="module")
def browser() -> str:
    if not Path(CHROMIUM).exists():
        message = "chromium is not installed (apt-get install chromium; .ci/run installs it)"
        if os.environ.get("LEADSWEEP_REQUIRE_BROWSER"):
            pytest.fail(f"LEADSWEEP_REQUIRE_BROWSER is set but {message}")
        pytest.skip(message)
    return CHROMIUM


def chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium as root in a container: no sandbox, no GPU, no network chatter, a fresh profile."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def visible_text(dom: str) -> str:
    """The DOM's text, tags and whitespace runs collapsed (enough to look for headings and numbers)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


@pytest.fixture(scope="module")
def rendered(browser, sample_report_run, tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("browser")
    url = (sample_report_run / "report.html").resolve().as_uri()
    dom = chromium(browser, work / "profile-dom", "--dump-dom", url).stdout
    png = work / "report.png"
    chromium(browser, work / "profile-shot", f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--screenshot={png}", url)
    return {"dom": dom, "png": png,
            "summary": json.loads((sample_report_run / "run_summary.json").read_text(encoding="utf-8"))}


def test_browser_sees_the_headings_numbers_and_charts(rendered):
    dom, summary = rendered["dom"], rendered["summary"]
    text = visible_text(dom)
    for heading in ("Which lists are worth buying", "Leads by tier", "Score distributions", "Priority score",
                    "Value score", "Junk score", "Leads by disposition", "Leads per rep and tier"):
        assert heading in text, heading
    counts = summary["counts"]
    assert f"{counts['rows_in']} rows in" in text and f"{counts['leads']} leads" in text
    by_file = {s["source_file"]: s for s in summary["sources"]}
    assert "Phone book Milano (elenco_telefonico.txt)" in text
    tradeshow = by_file["tradeshow_london.xlsx"]
    assert f"{tradeshow['cost_per_usable_lead']:.2f}" in text  # cost per usable lead where the cost is known
    assert dom.count("<svg") >= 8 and dom.count("<rect") > 50


def test_report_needs_nothing_from_the_network(rendered):
    dom = rendered["dom"]
    assert "<script" not in dom and "<link" not in dom and "<img" not in dom
    assert not re.search(r"(src|href)\s*=\s*['\"]?https?:", dom)


def test_screenshot_shows_a_drawn_page_with_every_tier_colour(rendered):
    from PIL import Image

    image = Image.open(rendered["png"]).convert("RGB")
    assert image.size == WINDOW
    counts = {rgb: n for n, rgb in image.getcolors(maxcolors=1 << 24)}
    assert counts.get((255, 255, 255), 0) < 0.95 * WINDOW[0] * WINDOW[1]  # not a blank page
    assert len(counts) > 200  # anti-aliased text and charts, not a flat fill
    painted = {tier: counts.get(tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)), 0)
               for tier, colour in TIER_COLOURS.items()}
    assert all(n > 300 for n in painted.values()), painted  # the tier bars and histograms were drawn
