"""Runs the stack case file: every reference and audience case must hold."""

from __future__ import annotations

import pytest

from datarights.detect.language import DocumentView
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.stack.audience import PATTERNS as AUDIENCE_PATTERNS
from datarights.stack.audience import classify_audience
from datarights.stack.cases import StackCase, load_stack_cases, parse_stack_cases
from datarights.stack.model import DocKind
from datarights.stack.references import PATTERNS, detect_references
from datarights.structure import build_document

CASES = load_stack_cases()
_DOC_TYPE = {DocKind.DPA: "data_processing_agreement", DocKind.AGREEMENT: "commercial_terms"}


def _view(text: str) -> DocumentView:
    blocks = tuple(markdown_to_blocks(text))
    return DocumentView.of(build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks)))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: StackCase) -> None:
    view = _view(case.text)
    if case.kind == "audience":
        found = classify_audience(view, _DOC_TYPE.get(case.own_kind, "other"))
        assert found.audience is case.audience, found.rationale
        return
    result = detect_references(view, case.own_kind)
    for reference in result.references:
        assert view.doc.text[reference.evidence.start : reference.evidence.end] == reference.evidence.text
    pairs = {(r.type, r.target.kind) for r in result.references}
    if case.kind == "expect":
        assert (case.type, case.target) in pairs, f"{pairs}\n{case.text}"
    else:
        assert (case.type, case.target) not in pairs, f"{pairs}\n{case.text}"
    stated = {
        (p.higher.kind.value if p.higher else "self", p.lower.kind.value if p.lower else "self")
        for p in result.precedence
    }
    for order in case.precedence:
        assert order in stated, f"{stated}\n{case.text}"


def test_every_relation_pattern_has_a_case() -> None:
    """Each named reference pattern fires in at least one expect case (like detector patterns)."""
    fired: set[str] = set()
    for case in CASES:
        if case.kind == "expect":
            fired |= {r.pattern for r in detect_references(_view(case.text), case.own_kind).references}
    missing = {p.name for p in PATTERNS} - fired - {"points to"} | ({"points to"} - fired)
    assert not missing, f"patterns without a case: {sorted(missing)}"


def test_audience_patterns_each_fire_somewhere() -> None:
    texts = [c.text for c in CASES if c.kind == "audience"]
    for pattern in AUDIENCE_PATTERNS:
        if pattern.name in {
            "not for business customers",
            "individual users' personal data",
            "not for consumers",
        }:
            continue  # covered by the corpus stacks
        assert any(pattern.regex.search(t) for t in texts), pattern.name


def test_malformed_case_file_names_the_line() -> None:
    with pytest.raises(ValueError, match="line 1"):
        parse_stack_cases("## expect: incorporates dpa\n")
    with pytest.raises(ValueError):
        parse_stack_cases("## expect: bogus dpa\n> text\n")
