"""Redlines written into Word: accepting all gives the proposed text, rejecting all the original."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from datarights.detect.engine import review_path
from datarights.redline.docx import redline_docx
from datarights.redline.ooxml import W, accept_all, reject_all
from datarights.redline.plan import Placement, RedlinePlan, plan_redlines
from datarights.structure import read_document
from tests.conftest import CORPUS
from tests.redline.conftest import EXAMPLES
from tests.redline.fixtures import build_tracked_fixture
from tests.redline.helpers import buyer_assessment

DATE = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def _redline(source: Path) -> tuple[RedlinePlan, bytes, tuple[object, ...]]:
    review = review_path(source)
    plan = plan_redlines(review.document, buyer_assessment(review))
    result = redline_docx(plan, source, author="Test Counsel", date=DATE)
    return plan, result.data, result.applied


def _resolved(data: bytes, tmp_path: Path, name: str, accept: bool) -> str:
    """Text of `data` with every change accepted (or rejected), read by our own DOCX reader."""
    target = tmp_path / f"{name}-{'accept' if accept else 'reject'}.docx"
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.namelist():
            content = source.read(item)
            if item == "word/document.xml":
                root = etree.fromstring(content)
                (accept_all if accept else reject_all)(root)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(item, content)
    return read_document(target).text


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


SOURCES = [
    EXAMPLES / "ai-services-agreement.docx",
    EXAMPLES / "ai-services-agreement.md",
    EXAMPLES / "ai-services-agreement.pdf",
]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.suffix)
def test_accept_gives_proposed_text_and_reject_gives_original(source: Path, tmp_path: Path) -> None:
    plan, data, applied = _redline(source)
    assert len(applied) == len(plan.changes), "every planned change is placed"
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    # Our reader reads the accepted view, so the redline reads as the proposed text.
    assert read_document(out).text == plan.proposed_text()
    assert _resolved(data, tmp_path, "out", accept=True) == plan.proposed_text()
    original = (
        plan.document.text if source.suffix == ".docx" else read_document(_layout_only(plan, tmp_path)).text
    )
    assert _resolved(data, tmp_path, "out", accept=False) == original


def _layout_only(plan: RedlinePlan, tmp_path: Path) -> Path:
    """The DOCX laid out from a non-Word source, with no changes: what "reject all" must give back."""
    empty = RedlinePlan(plan.document, plan.playbook, plan.variant, ())
    path = tmp_path / "layout.docx"
    path.write_bytes(redline_docx(empty, None, author="x", date=DATE).data)
    return path


def test_changes_carry_author_date_and_unique_ids() -> None:
    _, data, _ = _redline(SOURCES[0])
    root = _part(data, "word/document.xml")
    changes = list(root.iter(W + "ins", W + "del"))
    assert changes
    assert all(
        c.get(W + "author") == "Test Counsel" and c.get(W + "date") == "2025-01-02T03:04:05Z" for c in changes
    )
    ids = [c.get(W + "id") for c in changes]
    assert len(ids) == len(set(ids))
    assert all(d.find(f".//{W}t") is None for d in root.iter(W + "del")), "deleted text is w:delText"


def test_every_change_has_an_anchored_comment() -> None:
    plan, data, _ = _redline(SOURCES[0])
    comments = _part(data, "word/comments.xml")
    ids = {c.get(W + "id") for c in comments.iter(W + "comment")}
    assert len(ids) == len(plan.changes)
    root = _part(data, "word/document.xml")
    for kind in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert {e.get(W + "id") for e in root.iter(W + kind)} == ids
    text = " ".join("".join(c.itertext()) for c in comments.iter(W + "comment"))
    assert "Sources:" in text and "Model clause:" in text


def test_replacement_strikes_the_clause_body_and_keeps_its_heading() -> None:
    plan, data, _ = _redline(SOURCES[0])
    change = next(c for c in plan.changes if "training_use" in c.finding_ids)
    assert change.placement is Placement.REPLACE
    old = plan.document.text[change.anchor[0] : change.anchor[1]]
    assert old.startswith("Provider may use Customer Data") and "opt-out takes effect" in old
    root = _part(data, "word/document.xml")
    deleted = ["".join(d.itertext()) for d in root.iter(W + "del")]
    assert any(d.startswith("Provider may use Customer Data") for d in deleted)
    assert "Model Improvement." in read_document_text_without_changes(data)


def read_document_text_without_changes(data: bytes) -> str:
    root = _part(data, "word/document.xml")
    return "".join(
        t.text or "" for t in root.iter(W + "t") if not any(a.tag == W + "ins" for a in t.iterancestors())
    )


def test_new_clauses_follow_the_section_numbering() -> None:
    plan, _, _ = _redline(SOURCES[0])
    inserted = [c for c in plan.changes if c.placement is Placement.INSERT]
    assert [c.new_clauses[0].label for c in inserted] == ["8.10", "8.11", "8.12"]
    assert (
        "\n\n8.10 Deletion of Data and Derived Models. Provider will delete all Customer Data within 30"
        in (plan.proposed_text())
    )


def test_existing_changes_and_comments_are_preserved(tmp_path: Path) -> None:
    source = build_tracked_fixture(tmp_path / "tracked.docx")
    before = source.read_bytes()
    plan, data, applied = _redline(source)
    assert plan.changes and len(applied) == len(plan.changes)
    root = _part(data, "word/document.xml")
    theirs = [e for e in root.iter(W + "ins", W + "del") if e.get(W + "author") == "Other Counsel"]
    assert len(theirs) == 2
    assert any("encrypt Customer Data at rest" in "".join(e.itertext()) for e in theirs)
    comments = _part(data, "word/comments.xml")
    authors = [c.get(W + "author") for c in comments.iter(W + "comment")]
    assert "Other Counsel" in authors and authors.count("Test Counsel") == len(plan.changes)
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    assert read_document(out).text == plan.proposed_text()
    assert _resolved(data, tmp_path, "out", accept=False) == _resolved(before, tmp_path, "in", accept=False)
    assert _resolved(data, tmp_path, "out", accept=True) == plan.proposed_text()


def test_text_inside_someone_elses_insertion_is_not_struck(tmp_path: Path) -> None:
    """A span over another author's w:ins is not deleted; the change is reported instead."""
    from datarights.redline.edits import Applicability, Edit
    from datarights.redline.plan import Change

    source = build_tracked_fixture(tmp_path / "tracked.docx")
    document = read_document(source)
    start = document.text.index("It will encrypt")
    plan = plan_redlines(document, buyer_assessment(review_path(source), checks=False))
    ask = plan.changes[0].asks[0]
    change = Change(Placement.REPLACE, Edit(start, start + 7, "X"), (start, start + 7), (ask,), "1.2")
    assert change.applicability in (Applicability.SAFE, Applicability.NEEDS_REVIEW)
    forced = RedlinePlan(document, "buyer", plan.variant, (change,))
    result = redline_docx(forced, source, author="T", date=DATE)
    assert result.skipped and "tracked change" in result.skipped[0][1]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["common-paper-csa-with-ai", "common-paper-ai-addendum", "common-paper-data-processing-agreement"]
)
def test_real_word_contracts(name: str, tmp_path: Path) -> None:
    source = CORPUS / "docx" / f"{name}.docx"
    if not source.exists():
        pytest.skip(f"{source} is absent")
    plan, data, applied = _redline(source)
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    placed = tuple(c for c in plan.changes if c in applied)
    assert read_document(out).text == plan.proposed_text(placed)
    assert _resolved(data, tmp_path, "out", accept=False) == plan.document.text
