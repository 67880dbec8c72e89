"""The HTML assessment in a real headless Chromium: renders without errors, the summary is
visible on the first screen, every in-page link resolves, and it prints.

Skips only when /usr/bin/chromium is absent. Screenshots (screen and print media) are
written to /tmp/datarights-report-*.png for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from datarights.assess.engine import assess
from datarights.assess.playbook import load_playbook
from datarights.assess.summary import HEADLINES
from datarights.detect.engine import review_path
from datarights.report.assessment import assessment_html
from tests.chromium import launch_chromium, requires_chromium
from tests.conftest import CORPUS, EXAMPLES

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as launched:
        yield launched


def _report(tmp_path: Path, source: Path, playbook: str) -> Path:
    review = review_path(source)
    out = tmp_path / f"{source.stem}.{playbook}.html"
    out.write_text(
        assessment_html(assess(review, load_playbook(playbook)), review.document.text), encoding="utf-8"
    )
    return out


def _open(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in {"error", "warning"} else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "request",
        lambda r: (
            problems.append(f"external request: {r.url}")
            if not r.url.startswith(("file:", "data:", "about:"))
            else None
        ),
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def _check(browser: Any, path: Path, shot: str) -> None:
    page, problems = _open(browser, path)
    summary = page.locator("#summary")
    assert summary.is_visible()
    box = summary.bounding_box()
    assert box is not None and box["y"] < 300, "the summary must start on the first screen"
    for headline in HEADLINES:
        assert page.get_by_role("rowheader", name=headline).is_visible()
    # Every in-page link resolves to an element, and following one opens the document appendix.
    missing = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#"]')]
               .map(a => a.getAttribute('href').slice(1))
               .filter(id => !document.getElementById(decodeURIComponent(id)))"""
    )
    assert missing == []
    links = page.locator('a[href^="#d-"]')
    assert links.count() > 0
    links.first.click()
    assert page.locator("details#document").evaluate("d => d.open") is True
    page.screenshot(path=f"/tmp/datarights-report-{shot}-screen.png")
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    page.screenshot(path=f"/tmp/datarights-report-{shot}-print.png")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    assert problems == []
    page.close()


def test_example_report_renders(browser: Any, tmp_path: Path) -> None:
    _check(browser, _report(tmp_path, EXAMPLES / "ai-services-agreement.md", "buyer"), "example")


def test_corpus_report_renders(browser: Any, tmp_path: Path) -> None:
    source = CORPUS / "history" / "Zoom-Terms-of-Service" / "2023-08-07.md"
    if not source.exists():
        pytest.skip(f"{source} is absent")
    _check(browser, _report(tmp_path, source, "privacy"), "zoom")
