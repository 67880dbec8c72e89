"""Invariants of the stack stage on generated documents: evidence always slices the citing
document's text, controlling documents govern, conflicts really differ."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datarights.detect.engine import review_document
from datarights.detect.language import DocumentView
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Document, Format, RawDocument
from datarights.stack.build import build_stack
from datarights.stack.cases import load_stack_cases
from datarights.stack.model import GOVERNING_ROLES, DocKind
from datarights.stack.references import detect_references
from datarights.structure import build_document

CLAUSES = sorted({c.text for c in load_stack_cases()})
TITLES = (
    "Services Agreement",
    "Data Processing Addendum",
    "AI Addendum",
    "Privacy Policy",
    "Terms of Service",
)
FILLER = (
    "Provider may use Customer Content to train its models.",
    "Provider will not use Customer Content to train any model.",
    "Customer may audit Provider once a year.",
    "Provider acts as a processor on behalf of Customer.",
    "We may change these terms by posting them on our website.",
    "Nothing here limits the Agreement, the DPA or the (“Order Form”) in any way; see https://example.test/x.",
)


def _document(path: str, title: str, paragraphs: list[str]) -> Document:
    text = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
    return build_document(
        RawDocument(path, Format.MARKDOWN, "0" * 64, tuple(markdown_to_blocks(text)), title=title)
    )


paragraphs = st.lists(st.sampled_from(CLAUSES + list(FILLER)), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs, st.sampled_from(list(DocKind)))
def test_reference_evidence_slices_the_text(parts: list[str], own: DocKind) -> None:
    document = _document("doc.md", "Terms", parts)
    found = detect_references(DocumentView.of(document), own)
    for reference in found.references:
        e = reference.evidence
        assert document.text[e.start : e.end] == e.text
        assert e.start <= reference.target.start < reference.target.end <= len(document.text)
    for precedence in found.precedence:
        assert document.text[precedence.evidence.start : precedence.evidence.end] == precedence.evidence.text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TITLES), paragraphs), min_size=1, max_size=3))
def test_combined_answers_come_from_governing_documents(docs: list[tuple[str, list[str]]]) -> None:
    reviews = [review_document(_document(f"d{i}.md", title, parts)) for i, (title, parts) in enumerate(docs)]
    stack = build_stack(reviews)
    texts = {r.document.path: r.document.text for r in reviews}
    governing = {d.path for d in stack.documents if d.role in GOVERNING_ROLES}
    assert sum(1 for d in stack.documents if d.role.value == "root") <= 1
    for answer in stack.answers.values():
        assert answer.controlling_document in governing | {""}
        for e in answer.evidence:
            assert texts[answer.controlling_document][e.start : e.end] == e.text
        for conflict in answer.conflicts:
            assert conflict.other.answer.position != answer.position
            assert conflict.other.path in governing
    for reference in stack.references:
        assert (
            texts[reference.source][reference.evidence.start : reference.evidence.end]
            == reference.evidence.text
        )
        assert (reference.resolved_path in texts) == bool(reference.resolved_path)
