"""Real Word contracts against LibreOffice's rendering of them (shared/corpus/docx/ref).

LibreOffice's text export writes each list label where Word draws it, so the
ordered sequence of clause labels in the ref is the ground truth for our
numbering, and its words are the ground truth for our text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from datarights.ingest import load
from datarights.model import RawDocument

pytestmark = pytest.mark.corpus

NAMES = [
    "common-paper-ai-addendum",
    "common-paper-csa-with-ai",
    "common-paper-data-processing-agreement",
    "common-paper-professional-services-agreement",
    "common-paper-software-license-agreement",
]
# A rendered label at the start of a ref line: "1.", "1.6", "13.21", "(a)", "(iv)".
REF_LABEL = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*\.?|\([a-z]{1,5}\))\s+(\S.*)$")
WORD = re.compile(r"\w+")
MIN_F1 = 0.98


def ref_labelled_lines(ref: str) -> list[tuple[str, str]]:
    out = []
    for line in ref.splitlines():
        match = REF_LABEL.match(line)
        if match:
            out.append((match.group(1), " ".join(match.group(2).split()[:4])))
    return out


def our_labelled_lines(doc: RawDocument) -> list[tuple[str, str]]:
    return [(b.label, " ".join(b.text.split()[:4])) for b in doc.blocks if b.label]


def word_f1(reference: str, ours: str) -> float:
    ref_words = Counter(WORD.findall(reference.casefold()))
    our_words = Counter(WORD.findall(ours.casefold()))
    common = sum((ref_words & our_words).values())
    if not common:
        return 0.0
    precision, recall = common / sum(our_words.values()), common / sum(ref_words.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module", params=NAMES)
def pair(request: pytest.FixtureRequest, corpus: Path) -> tuple[RawDocument, str]:
    name = request.param
    doc = load(corpus / "docx" / f"{name}.docx")
    ref = (corpus / "docx" / "ref" / f"{name}.txt").read_text(encoding="utf-8-sig")
    return doc, ref


def test_every_rendered_label_matches_in_order(pair: tuple[RawDocument, str]) -> None:
    doc, ref = pair
    expected = ref_labelled_lines(ref)
    assert len(expected) >= 20  # every file in this corpus is numbered throughout
    # Same labels, same order, on the same clause (its first four words).
    assert our_labelled_lines(doc) == expected


def test_words_match_libreoffice(pair: tuple[RawDocument, str]) -> None:
    doc, ref = pair
    ours = "\n".join(" ".join(part for part in (b.label, b.text) if part) for b in doc.blocks)
    assert word_f1(ref, ours) >= MIN_F1


def test_title_is_the_opening_line(pair: tuple[RawDocument, str]) -> None:
    doc, ref = pair
    assert doc.title == ref.splitlines()[0].strip()
    assert doc.revisions == ()  # these templates carry no tracked changes


def test_clause_cited_in_the_task_brief(corpus: Path) -> None:
    doc = load(corpus / "docx" / "common-paper-software-license-agreement.docx")
    block = next(b for b in doc.blocks if b.label == "1.6")
    assert block.text.startswith("Updates.")
