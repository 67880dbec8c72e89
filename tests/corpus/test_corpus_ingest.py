"""Every corpus document ingests, and every span the structure reports is exact.

PDF and DOCX documents run only when their readers import (they are being written
in parallel); otherwise they are skipped with the reason.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

import pytest

from datarights.model import Document
from datarights.structure import read_document
from tests.conftest import CORPUS

pytestmark = pytest.mark.corpus

_SUFFIXES = {".md": None, ".txt": None, ".pdf": "datarights.ingest.pdf", ".docx": "datarights.ingest.docx"}


def _corpus_files() -> list[Path]:
    if not CORPUS.exists():
        return []
    return sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix.lower() in _SUFFIXES and p.name != "README.md"
    )


@cache
def _read(path: Path) -> Document:
    return read_document(path)


def _require_reader(path: Path) -> None:
    module = _SUFFIXES[path.suffix.lower()]
    if module is None:
        return
    try:
        importlib.import_module(module)
    except ImportError as error:
        pytest.skip(f"{module} does not import yet: {error}")


FILES = _corpus_files()
IDS = [str(p.relative_to(CORPUS)) for p in FILES]


@pytest.fixture(params=FILES, ids=IDS)
def document(request: pytest.FixtureRequest, corpus: Path) -> Document:
    path: Path = request.param
    _require_reader(path)
    return _read(path)


def _inside(doc: Document, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(doc.text)


def test_paragraphs_and_sentences_are_exact(document: Document) -> None:
    text = document.text
    assert text, "no text"
    previous_end = 0
    for paragraph in document.paragraphs:
        assert _inside(document, paragraph.start, paragraph.end)
        assert paragraph.start >= previous_end
        assert text[paragraph.start : paragraph.end] == text[paragraph.start : paragraph.end].strip()
        previous_end = paragraph.end
    previous_end = 0
    for sentence in document.sentences:
        assert _inside(document, sentence.start, sentence.end) and sentence.end > sentence.start
        assert sentence.start >= previous_end, "sentences overlap"
        body = text[sentence.start : sentence.end]
        assert body == body.strip() and "\n\n" not in body, "a sentence crosses a paragraph"
        previous_end = sentence.end


def test_section_tree_invariants(document: Document) -> None:
    sections = document.sections
    for section in sections:
        assert sections[section.index] is section
        assert _inside(document, section.start, section.end)
        assert section.start <= section.heading_end <= section.end
        assert section.heading in document.text[section.start : section.heading_end]
        if section.parent is None:
            assert section.depth == 0
            continue
        parent = sections[section.parent]
        assert parent.index < section.index
        assert parent.start <= section.start and section.end <= parent.end, "child outside its parent"
        assert section.depth == parent.depth + 1
        assert document.section_at(section.start) is not None
    starts = [s.start for s in sections]
    assert starts == sorted(starts)


def test_definitions_are_exact(document: Document) -> None:
    text = document.text
    seen: set[str] = set()
    for definition in document.definitions:
        term = definition.term
        span, scope = definition.term_span, definition.definition_span
        assert _inside(document, span.start, span.end) and _inside(document, scope.start, scope.end)
        assert text[span.start : span.end] == term
        assert scope.start <= span.start and span.end <= scope.end, "term outside its definition"
        assert term.casefold() not in seen, "term defined twice"
        seen.add(term.casefold())
        for use in definition.uses:
            assert text[use.start : use.end] == term
            assert use != span


def test_cross_references_are_exact(document: Document) -> None:
    for reference in document.cross_references:
        span = reference.span
        assert _inside(document, span.start, span.end)
        assert reference.target_number.split("(")[0] in document.text[span.start : span.end]
        if reference.target_section is not None:
            assert 0 <= reference.target_section < len(document.sections)


@pytest.mark.parametrize(
    ("relative", "number", "heading"),
    [
        ("contrib/Zoom/Terms of Service.md", "10.5", "Service Generated Data"),
        ("templates/common-paper-cloud-service-agreement.md", "1.5", "Customer Content"),
        ("contrib/Amazon Web Services/Terms of Service.md", "1.14", "Data Protection"),
    ],
)
def test_known_sections(corpus: Path, relative: str, number: str, heading: str) -> None:
    section = _read(corpus / relative).section_by_number(number)
    assert section is not None and section.heading == heading


@pytest.mark.parametrize(
    ("relative", "term"),
    [
        ("templates/common-paper-cloud-service-agreement.md", "Customer Content"),
        ("templates/common-paper-cloud-service-agreement.md", "Usage Data"),
        ("templates/common-paper-cloud-service-agreement.md", "Feedback"),
        ("genai/ChatGPT/Terms of Service.md", "Input"),
    ],
)
def test_known_definitions(corpus: Path, relative: str, term: str) -> None:
    document = _read(corpus / relative)
    definition = document.definition(term)
    assert definition is not None and definition.uses


def test_pronouns_are_not_defined_terms(document: Document) -> None:
    pronouns = {"you", "your", "we", "us", "our"}
    quoted_means = ("means", "shall mean", "refers to")
    for definition in document.definitions:
        if definition.term.lower() in pronouns:
            scope = document.text[definition.term_span.end : definition.definition_span.end]
            assert scope.lstrip('"”’ ').startswith(quoted_means), definition
