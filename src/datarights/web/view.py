"""Turn a review (and its assessment) into what the document page shows.

The document is cut into paragraphs and each paragraph into pieces at evidence
boundaries, so a template can wrap evidence in `<mark>` while Jinja escapes
every piece of contract text. Only `codeify` makes markup, and it escapes first.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import markupsafe

from datarights.model import BlockKind, Document

if TYPE_CHECKING:
    from datarights.assess.model import Assessment, Finding
    from datarights.model.findings import Evidence
    from datarights.model.review import Review

VERDICT_ORDER = {"acceptable": 0, "needs_review": 1, "not_acceptable": 2}


@dataclass(frozen=True, slots=True)
class Span:
    id: str  # "ev-3": the anchor the side panel links to
    owner: str  # question or check id
    start: int
    end: int
    section: str
    basis: str


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    owners: tuple[str, ...]  # question/check ids whose evidence covers this piece
    anchors: tuple[str, ...]  # span ids that start here
    verdict: str  # worst verdict among the owners, "" when not evidence or not assessed


@dataclass(frozen=True, slots=True)
class ParagraphView:
    kind: str  # heading | paragraph | list_item | table_row
    level: int
    number: str  # clause number shown in the margin, "" when none starts here
    section_id: str  # anchor of the section starting here, "" when none
    page: int | None
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class ItemView:
    """One entry in the side panel: a question's answer, or a legal check."""

    id: str
    kind: str  # question | check
    title: str
    position: str
    confidence: float
    rationale: str
    spans: tuple[Span, ...]
    verdict: str = ""
    severity: str = ""
    ask: str = ""
    why: str = ""
    group: str = ""


def _enum(value: object) -> str:
    return str(getattr(value, "value", value))


def _spans(owner: str, evidence: tuple[Evidence, ...], counter: list[int]) -> tuple[Span, ...]:
    spans = []
    for e in evidence:
        spans.append(Span(f"ev-{counter[0]}", owner, e.start, e.end, e.section, _enum(e.basis)))
        counter[0] += 1
    return tuple(spans)


def items(review: Review, assessment: Assessment | None) -> list[ItemView]:
    """The eleven answers (with the playbook's verdict when assessed), then the legal checks."""
    findings: dict[str, Finding] = {f.id: f for f in assessment.findings} if assessment else {}
    counter = [0]
    out: list[ItemView] = []
    for question, answer in review.answers.items():
        finding = findings.get(question.value)
        out.append(
            ItemView(
                id=question.value,
                kind="question",
                title=finding.title if finding else question.value.replace("_", " ").capitalize(),
                position=answer.position,
                confidence=answer.confidence,
                rationale=finding.rationale if finding else answer.rationale,
                spans=_spans(question.value, answer.evidence, counter),
                verdict=_enum(finding.verdict) if finding else "",
                severity=_enum(finding.severity) if finding else "",
                ask=finding.ask if finding else "",
                why=finding.why_it_matters if finding else "",
            )
        )
    for finding in findings.values():
        if _enum(finding.kind) != "check":
            continue
        out.append(
            ItemView(
                id=finding.id,
                kind="check",
                title=finding.title,
                position=_enum(finding.position),
                confidence=finding.confidence,
                rationale=finding.rationale,
                spans=_spans(finding.id, finding.evidence, counter),
                verdict=_enum(finding.verdict),
                severity=_enum(finding.severity),
                ask=finding.ask,
                why=finding.why_it_matters,
                group=finding.group,
            )
        )
    return out


def paragraphs(document: Document, views: list[ItemView]) -> list[ParagraphView]:
    """Every paragraph of the text, cut at evidence boundaries, with its clause number."""
    text = document.text
    spans = [s for v in views for s in v.spans if 0 <= s.start < s.end <= len(text)]
    verdicts = {v.id: v.verdict for v in views}
    starts: dict[int, list[str]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span.id)
    sections = {s.start: s for s in document.sections}
    out: list[ParagraphView] = []
    for paragraph in document.paragraphs:
        lo, hi = paragraph.start, paragraph.end
        inside = [s for s in spans if s.start < hi and s.end > lo]
        cuts = sorted({lo, hi, *(max(lo, s.start) for s in inside), *(min(hi, s.end) for s in inside)})
        pieces = []
        for a, b in itertools.pairwise(cuts):
            owners = tuple(dict.fromkeys(s.owner for s in inside if s.start <= a and s.end >= b))
            worst = max(
                (verdicts.get(o, "") for o in owners), key=lambda v: VERDICT_ORDER.get(v, -1), default=""
            )
            pieces.append(Piece(text[a:b], owners, tuple(starts.get(a, ())), worst))
        section = sections.get(lo)
        out.append(
            ParagraphView(
                kind=_enum(paragraph.kind),
                level=paragraph.level,
                number=section.number if section is not None else "",
                section_id=f"sec-{section.index}" if section is not None else "",
                page=paragraph.page,
                pieces=tuple(pieces),
            )
        )
    return out


def heading_tag(paragraph: ParagraphView) -> str:
    """h2–h5 for headings (the page's h1 is the document title), p otherwise."""
    if paragraph.kind != BlockKind.HEADING.value:
        return "p"
    return f"h{min(5, max(2, paragraph.level + 1))}"


@dataclass(frozen=True, slots=True)
class DiffPart:
    op: str  # equal | del | ins
    text: str


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Word-level differences between two clause texts, for `<del>`/`<ins>` in a template."""
    import difflib

    a, b = old.split(), new.split()
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", " ".join(a[a0:a1])))
            continue
        if a1 > a0:
            parts.append(DiffPart("del", " ".join(a[a0:a1])))
        if b1 > b0:
            parts.append(DiffPart("ins", " ".join(b[b0:b1])))
    return parts


def codeify(text: str) -> markupsafe.Markup:
    """Escape `text`, then show `backticked` words (position names in rationales) as code."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # unbalanced backticks: show as typed
        return markupsafe.escape(text)
    out = [
        markupsafe.escape(p) if i % 2 == 0 else markupsafe.Markup("<code>%s</code>") % p
        for i, p in enumerate(parts)
    ]
    return markupsafe.Markup("").join(out)
