"""End to end in headless Chromium against a real uvicorn server: upload, review,
highlight, portfolio filter, diff, download. Screenshots go to /tmp/datarights-web/
so a person can look at the pages.

Skips only when Debian's /usr/bin/chromium is absent (never `playwright install`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import launch_chromium, requires_chromium
from tests.conftest import EXAMPLES
from tests.web.conftest import HOSTILE, Live

SHOTS = Path("/tmp/datarights-web")

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, live_server: Live) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    external: list[str] = []
    errors: list[str] = []
    # Works offline: any request that leaves the server is a failure.
    opened.on(
        "request", lambda r: None if r.url.startswith((live_server.url, "data:")) else external.append(r.url)
    )
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert external == [], f"requests left the machine: {external}"
    assert errors == [], f"console or page errors: {errors}"


def shot(page: Any, name: str, full: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_upload_review_highlight_download(page: Any, live_server: Live, tmp_path: Path) -> None:
    page.goto(live_server.url + "/")
    shot(page, "home")
    page.set_input_files("input[name=file]", str(EXAMPLES / "ai-services-agreement.docx"))
    page.fill("input[name=counterparty]", "Acme AI")
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/documents/*")
    assert "AI Services Agreement" in page.inner_text("h1")
    assert page.locator("mark.ev").count() > 10
    assert page.locator(".para .clause-no", has_text="7.2").count() >= 1
    assert page.locator(".grade .letter").inner_text() in "ABCDF"
    shot(page, "document")

    # Choosing an answer highlights only its evidence and marks the answer selected.
    page.click("#q-training_use .item-head")
    active = page.locator("mark.ev.active")
    assert active.count() >= 1
    assert "train" in active.first.inner_text().lower()
    assert all("training_use" in (m.get_attribute("data-q") or "") for m in active.all())
    assert "selected" in (page.get_attribute("#q-training_use", "class") or "")
    shot(page, "document-training-use")

    # A citation link scrolls to the span; the span's text is in the contract.
    page.click("#q-retention .cites a >> nth=0")
    assert page.locator("mark.ev.active").count() >= 1

    for link, suffix in (
        ("HTML report", ".report.html"),
        ("Assessment JSON", ".assessment.json"),
        ("Review JSON", ".review.json"),
        ("Redlined DOCX", ".redline.docx"),
    ):
        with page.expect_download() as info:
            page.click(f".downloads a:has-text('{link}')")
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        data = target.read_bytes()
        if suffix.endswith(".json"):
            assert json.loads(data)["schema"].startswith("datarights.")
        elif suffix.endswith(".docx"):
            assert data[:2] == b"PK"
            assert b"w:ins" in _docx_xml(target)
        else:
            assert b"<html" in data[:500].lower()


def _docx_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


def test_hostile_contract_is_shown_as_text(page: Any, live_server: Live, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"  # plain text keeps markup literally (Markdown would drop it)
    hostile.write_text(HOSTILE, encoding="utf-8")
    page.goto(live_server.url + "/")
    page.set_input_files("input[name=file]", str(hostile))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/documents/*")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article.contract script").count() == 0
    assert page.locator("article.contract img").count() == 0
    shown = page.inner_text("article.contract")
    assert "<script>window.__pwned = 1</script>" in shown
    assert "</mark></p><b>bold</b>" in shown
    assert "<script>" in page.locator("mark.ev").first.inner_text()  # evidence highlighted, still text
    shot(page, "hostile")


def test_portfolio_filter_and_diff(page: Any, live_server: Live) -> None:
    page.goto(live_server.url + "/portfolio")
    rows = page.locator("table.portfolio tbody tr")
    assert rows.count() == 2
    shot(page, "portfolio")
    page.select_option("select[name=training_use]", "prohibited")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**training_use=prohibited**")
    assert rows.count() == 1
    assert "VideoCo" in rows.first.inner_text()
    shot(page, "portfolio-filtered")

    page.click("table.portfolio tbody a:has-text('VideoCo')")
    page.wait_for_url("**/counterparties/VideoCo")
    assert page.locator("table.versions tbody tr").count() == 3
    assert page.locator(".alerts > li").count() >= 2
    shot(page, "counterparty")
    # Compare the first (silent) with the second (permitted) version.
    page.locator("input[name=old]").nth(0).check()
    page.locator("input[name=new]").nth(1).check()
    page.click("#diff-form button[type=submit]")
    page.wait_for_url("**/diff?**")
    change = page.locator("section.change[data-question=training_use]")
    assert change.count() == 1
    assert "silent" in change.inner_text() and "permitted" in change.inner_text()
    assert "train" in change.locator("ins").first.inner_text()
    shot(page, "diff")


def test_token_sign_in(browser: Any, tmp_path: Path) -> None:
    """With a token, the browser is sent to /login and gets in with the right token only."""
    from tests.web.conftest import TOKEN, free_port, make_settings, serving

    with serving(make_settings(tmp_path, token=TOKEN, port=free_port())) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{url}/portfolio")
            assert "/login" in page.url
            page.fill("input[name=token]", "wrong-token-wrong-token")
            page.click("button[type=submit]")
            assert page.locator(".flash.bad").count() == 1
            shot(page, "login-failed")
            page.fill("input[name=token]", TOKEN)
            page.click("button[type=submit]")
            page.wait_for_url("**/portfolio")
            assert page.locator("h1").inner_text() == "Portfolio"
        finally:
            context.close()
