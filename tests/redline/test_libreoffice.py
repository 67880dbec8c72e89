"""The redline in LibreOffice: it opens and renders, accepting all changes gives the
proposed text, rejecting all gives the original, and the comments are there."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from datarights.detect.engine import review_path
from datarights.redline.docx import redline_docx
from datarights.redline.plan import RedlinePlan, plan_redlines
from tests.redline.conftest import EXAMPLES, needs_soffice, soffice_convert, without_comments
from tests.redline.fixtures import build_tracked_fixture
from tests.redline.helpers import buyer_assessment

pytestmark = [needs_soffice, pytest.mark.slow]
UNO_SCRIPT = Path(__file__).with_name("lo_uno.py")
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _normal(text: str) -> str:
    """Compare across text exports: table cells and list-label tabs differ only in whitespace."""
    return re.sub(r"\s+", " ", text.replace("|", " ").replace("\ufeff", "")).strip()


def _redline(source: Path, tmp_path: Path) -> tuple[RedlinePlan, Path]:
    review = review_path(source)
    plan = plan_redlines(review.document, buyer_assessment(review))
    result = redline_docx(plan, source, author="Test Counsel", date=datetime(2025, 1, 2, tzinfo=UTC))
    assert not result.skipped
    out = tmp_path / "redlined.docx"
    out.write_bytes(result.data)
    return plan, out


def _uno(path: Path, tmp_path: Path, name: str) -> tuple[dict[str, object], str, str]:
    folder = tmp_path / name
    folder.mkdir()
    done = subprocess.run(
        ["/usr/bin/python3", str(UNO_SCRIPT), str(path), str(folder), str(tmp_path / f"profile-{name}")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 and "No module named 'uno'" in done.stderr:
        pytest.skip("LibreOffice's Python bridge (python3-uno) is not installed")
    assert done.returncode == 0, done.stderr[-2000:]
    info = json.loads(done.stdout.strip().splitlines()[-1])
    read = lambda mode: (folder / f"{mode}.txt").read_text(encoding="utf-8-sig")  # noqa: E731
    return info, read("accept"), read("reject")


@pytest.mark.parametrize(
    "source",
    [EXAMPLES / "ai-services-agreement.docx", EXAMPLES / "ai-services-agreement.md"],
    ids=lambda p: p.suffix,
)
def test_opens_and_converts_to_pdf_and_text(source: Path, tmp_path: Path) -> None:
    _plan, out = _redline(source, tmp_path)
    pdf = soffice_convert(out, "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000 and pdf.read_bytes().startswith(b"%PDF")
    text = soffice_convert(out, "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8-sig")
    assert "Model Improvement" in text and "Deletion of Data and Derived Models" in text


@pytest.mark.parametrize(
    "source", [EXAMPLES / "ai-services-agreement.docx", "tracked"], ids=["example", "tracked"]
)
def test_accept_all_and_reject_all_in_libreoffice(source: Path | str, tmp_path: Path) -> None:
    path = build_tracked_fixture(tmp_path / "tracked.docx") if source == "tracked" else Path(source)
    plan, out = _redline(path, tmp_path)
    info, accepted, rejected = _uno(without_comments(out, tmp_path / "out-nc.docx"), tmp_path, "out")
    assert info["redlines"] and info["accept_redlines"] == 0 and info["reject_redlines"] == 0
    _, original_accepted, original_rejected = _uno(
        without_comments(path, tmp_path / "in-nc.docx"), tmp_path, "in"
    )
    assert _normal(accepted) == _normal(plan.proposed_text())
    assert _normal(rejected) == _normal(original_rejected)
    assert _normal(original_accepted) == _normal(plan.document.text)


def test_comments_are_present_in_libreoffice(tmp_path: Path) -> None:
    plan, out = _redline(EXAMPLES / "ai-services-agreement.docx", tmp_path)
    odt = soffice_convert(out, "odt", tmp_path)
    with zipfile.ZipFile(odt) as package:
        content = etree.fromstring(package.read("content.xml"))
    annotations = list(content.iter(f"{{{OFFICE_NS}}}annotation"))
    assert len(annotations) == len(plan.changes)
    texts = [" ".join(a.itertext()) for a in annotations]
    assert all("Test Counsel" in t and "Model clause:" in t for t in texts)


def test_new_article_and_amendments_accept_in_libreoffice(tmp_path: Path) -> None:
    """A new article (typed labels, numbering switched off) and in-paragraph amendments accept
    in LibreOffice to exactly the planned text."""
    from tests.redline.test_counsel import MISTRAL_LIKE, FindingKind, Verdict, _document, _finding, _plan

    document = _document(tmp_path, MISTRAL_LIKE)
    quote = "Customer grants Acme AI a perpetual, irrevocable, unrestricted licence to use any feedback Customer gives."
    plan = _plan(
        document,
        _finding(document, "feedback_license", Verdict.ACCEPTABLE, quote, position="yes"),
        _finding(document, "audit_rights", Verdict.NOT_ACCEPTABLE, None),
        _finding(document, "transparency_reports", Verdict.NOT_ACCEPTABLE, None, kind=FindingKind.CHECK),
    )
    result = redline_docx(plan, None, author="Test Counsel", date=datetime(2025, 1, 2, tzinfo=UTC))
    assert not result.skipped
    out = tmp_path / "article.docx"
    out.write_bytes(result.data)
    info, accepted, _ = _uno(without_comments(out, tmp_path / "article-nc.docx"), tmp_path, "article")
    assert info["accept_redlines"] == 0
    assert _normal(accepted) == _normal(plan.proposed_text())
