"""Repeated text: found in structure, read once by the detectors, and reported in outline and review."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.cli.render import outline_json, render_outline
from datarights.detect.engine import review_document
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Document, Format, RawDocument
from datarights.report.review import review_json, review_markdown
from datarights.structure import build_document
from datarights.structure.repeats import MIN_ADJACENT_CHARS, MIN_DISTANT_CHARS


def markdown(source: str) -> Document:
    blocks = tuple(markdown_to_blocks(textwrap.dedent(source)))
    return build_document(RawDocument("mem.md", Format.MARKDOWN, "0" * 64, blocks))


TERMS = """\
# Acme AI Terms

## 1. Customer Content

1.1 Ownership. Customer owns all Customer Content, including Inputs and Outputs.

1.2 Model Training. Acme may use Customer Content to train and improve its machine learning models.
Customer may opt out of such use at any time in the account settings.

## 2. Feedback

If Customer gives Acme feedback about the Services, Acme may use that feedback without restriction.

## 3. Changes

Acme may change these Terms by posting the revised Terms on its website at least thirty days before
the change takes effect, and will notify Customer by email of any material change.

## 4. Retention

Acme deletes Customer Content within thirty days after the end of the subscription, unless the law
requires Acme to keep it longer, and deletes backups within ninety days.
"""


def _padded(text: str, chars: int) -> str:
    """`text` with filler paragraphs so the document is at least `chars` long."""
    filler = [
        f"Filler paragraph {i} says nothing about data or models, only about the weather." for i in range(80)
    ]
    out = text
    for paragraph in filler:
        if len(out) >= chars:
            break
        out += f"\n{paragraph}\n"
    return out


def test_whole_document_captured_twice_is_read_once() -> None:
    once = _padded(TERMS, MIN_DISTANT_CHARS + 200)
    doc = markdown(once + "\n" + once)
    assert len(doc.repeats) == 1
    repeat = doc.repeats[0]
    # The repeat is the second copy, whole; its original is the first copy.
    assert repeat.original.start == 0
    assert doc.text[repeat.span.start :].startswith("Acme AI Terms")
    assert repeat.span.end == len(doc.text)
    assert (
        doc.text[repeat.span.start : repeat.span.end] == doc.text[repeat.original.start : repeat.original.end]
    )

    review = review_document(doc)
    single = review_document(markdown(once))
    for question, answer in review.answers.items():
        assert answer.position == single.answers[question].position, question
        assert all(e.end <= repeat.span.start for e in answer.evidence), question
        assert [(e.start, e.end) for e in answer.evidence] == [
            (e.start, e.end) for e in single.answers[question].evidence
        ]


def test_paragraph_captured_twice_in_a_row_is_a_repeat() -> None:
    paragraph = (
        "Our services are not directed to children, and you may not use our services if you are under "
        "the age of 13. You must also be old enough to consent to the processing of your personal data "
        "in your country, and we delete data of children we learn about."
    )
    assert len(paragraph) >= MIN_ADJACENT_CHARS
    doc = markdown(f"# Privacy\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n\nThe end.\n")
    starts = [doc.text.index(paragraph, 1 + i) for i in (0, 200, 400)]
    starts = sorted({doc.text.find(paragraph, s) for s in starts})
    assert [(r.span.start, r.original.start) for r in doc.repeats] == [
        (starts[1], starts[0]),
        (starts[2], starts[0]),
    ]


def test_short_restatement_elsewhere_is_not_a_repeat() -> None:
    # The same list under two purposes means something in each place.
    items = "\n".join(f"- Content you create, like posts, comments or audio, item {i}" for i in range(3))
    doc = markdown(
        f"# Privacy\n\n## Training our models\n\nWe use:\n\n{items}\n\n## Showing ads\n\n"
        f"Other words here.\n\nWe use:\n\n{items}\n"
    )
    assert doc.repeats == ()


def test_one_line_over_and_over_is_a_list_not_a_repeat() -> None:
    # A redacted milestone table: six rows that read the same but stand for different amounts.
    row = "Upon cumulative Net Sales for the Licensed Product equal to [***] [***]"
    doc = markdown("# Milestones\n\n" + "\n\n".join([row] * 6) + "\n\nTotal [***]\n")
    assert doc.repeats == ()


def test_copy_that_differs_is_read_where_it_differs() -> None:
    once = _padded(TERMS, 2 * MIN_DISTANT_CHARS + 200)
    changed = once.replace("Customer may opt out of such use", "Customer may not opt out of such use")
    doc = markdown(once + "\n" + changed)
    changed_at = doc.text.index("Customer may not opt out")
    assert doc.is_reviewed(changed_at)
    # What follows the change repeats the first copy word for word (and is long): read once.
    assert len(doc.repeats) == 1
    assert doc.repeats[0].span.start > changed_at
    assert not doc.is_reviewed(doc.text.index("Acme deletes Customer Content", changed_at))
    # The differing sentence is a clause the detectors read.
    review = review_document(doc)
    cited = [e for a in review.answers.values() for e in a.evidence]
    assert all(doc.is_reviewed(e.start) for e in cited)


def test_outline_and_review_report_the_repeat() -> None:
    once = _padded(TERMS, MIN_DISTANT_CHARS + 200)
    doc = markdown(once + "\n" + once)
    repeat = doc.repeats[0]
    expected = [
        {
            "start": repeat.span.start,
            "end": repeat.span.end,
            "original": {"start": repeat.original.start, "end": repeat.original.end},
        }
    ]
    assert outline_json(doc)["repeats"] == expected
    assert "Repeated text reviewed once" in render_outline(doc)
    review = review_document(doc)
    payload = review_json(review)
    assert payload["document"]["repeats"] == expected
    assert payload["document"]["reviewed_chars"] == len(doc.text) - (repeat.span.end - repeat.span.start)
    assert payload["document"]["chars"] == len(doc.text)
    assert "Repeated text reviewed once" in review_markdown(review)


def test_no_repeats_reports_empty() -> None:
    doc = markdown(TERMS)
    assert doc.repeats == ()
    assert review_json(review_document(doc))["document"]["repeats"] == []
    assert "Repeated" not in render_outline(doc)


# --- Properties ---------------------------------------------------------------------------------------

# fmt: off
WORD = st.sampled_from([
    "data", "content", "customer", "provider", "model", "train", "delete", "retain", "notice", "change",
    "audit", "feedback", "output", "licence", "service", "improve", "review", "human", "account",
    "setting", "opt", "days", "thirty",
])
# fmt: on
PARAGRAPH = st.lists(WORD, min_size=8, max_size=60).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=30), st.lists(PARAGRAPH, min_size=0, max_size=5))
def test_repeats_are_exact_ordered_and_never_overlap(paragraphs: list[str], between: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    doc = markdown(body + "\n\n" + "\n\n".join(between) + "\n\n" + body + "\n")
    previous_end = -1
    for repeat in doc.repeats:
        assert previous_end <= repeat.span.start < repeat.span.end
        assert repeat.original.start < repeat.original.end <= repeat.span.start
        same = doc.text[repeat.span.start : repeat.span.end].casefold()
        assert same == doc.text[repeat.original.start : repeat.original.end].casefold()
        previous_end = repeat.span.end
    if len(set(paragraphs + between)) < len(paragraphs) + len(between):
        return  # text that repeats within the first copy: the invariants above are what holds
    # Distinct paragraphs: the first copy is read whole, and a long enough second copy is skipped whole.
    assert all(doc.is_reviewed(p.start) for p in doc.paragraphs[: len(paragraphs) + len(between)])
    if len(body) >= MIN_DISTANT_CHARS + 100 or (not between and len(body) >= MIN_ADJACENT_CHARS + 100):
        assert [(r.span.end - r.span.start) for r in doc.repeats] == [len(body)]
        assert doc.reviewed_chars == len(doc.text) - len(body)
