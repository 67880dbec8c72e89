"""Write a redline plan into a Word document as tracked changes and comments.

`Document.text` offsets do not point into the XML, so we re-walk the body the
way `datarights.ingest.docx` does (visible text of runs, insertions kept,
deletions skipped, paragraph text cleaned like `structure.build.layout`) and
record, for every character of a paragraph's cleaned text, the run and text
node it came from. Paragraphs are matched to `Document.paragraphs` in order by
their text; a list label that Word renders from numbering.xml is in the
document text but not in the XML, and is allowed for.

Input that is not a DOCX (PDF, HTML, Markdown, text) is first laid out as a
plain Word document, one paragraph per `Document` paragraph, and then
redlined the same way.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from lxml import etree

from datarights.model import BlockKind, Document, Format
from datarights.redline import ooxml
from datarights.redline.ooxml import Revisions, W
from datarights.redline.plan import Change, NewClause, Placement, RedlinePlan
from datarights.structure.build import INVISIBLE, LAYOUT_SPACE, clean_block_text

log = logging.getLogger(__name__)

_INLINE = frozenset(
    W + t for t in ("hyperlink", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "bdo", "dir")
)
_BLOCK = frozenset(W + t for t in ("sdt", "sdtContent", "customXml"))
_BREAKS = frozenset(W + t for t in ("tab", "ptab", "br", "cr"))
_LAYOUT_SPACE = re.compile(f"[{LAYOUT_SPACE}]")


@dataclass(frozen=True, slots=True)
class CharRef:
    """Where one character of a paragraph's text lives in the XML."""

    run: etree._Element
    node: etree._Element  # w:t, or the w:tab/w:br… that reads as a space
    index: int  # character index in node.text (0 for breaks)
    tracked: bool  # inside an existing w:ins / w:moveTo


@dataclass
class XmlParagraph:
    element: etree._Element
    text: str  # cleaned exactly as structure.build.clean_block_text cleans it
    refs: list[CharRef]
    merged: bool = False  # text joined from paragraphs whose marks were deleted
    in_table: bool = False


@dataclass
class TextMap:
    """Document paragraph index → (XML paragraph, offset of its text inside the document paragraph)."""

    paragraphs: dict[int, tuple[XmlParagraph, int]] = field(default_factory=dict)


def walk_body(body: etree._Element) -> list[XmlParagraph]:
    """Body paragraphs in reading order with a character map, as the DOCX reader sees them."""
    out: list[XmlParagraph] = []
    carry: list[tuple[str, CharRef]] = []

    def paragraph(element: etree._Element, in_table: bool) -> None:
        nonlocal carry
        chars = carry + list(_inline_chars(element, tracked=False))
        merged = bool(carry)
        carry = []
        ppr = element.find(W + "pPr")
        mark = ppr.find(W + "rPr") if ppr is not None else None
        if mark is not None and (mark.find(W + "del") is not None or mark.find(W + "moveFrom") is not None):
            carry = chars
            return
        text, refs = _clean(chars)
        out.append(XmlParagraph(element, text, refs, merged, in_table))

    def container(element: etree._Element, in_table: bool) -> None:
        for child in element:
            if child.tag == W + "p":
                paragraph(child, in_table)
            elif child.tag == W + "tbl":
                for cell_paragraph in child.iter(W + "p"):
                    paragraph(cell_paragraph, True)
            elif child.tag in _BLOCK:
                container(child, in_table)

    container(body, False)
    return out


def _inline_chars(element: etree._Element, tracked: bool) -> list[tuple[str, CharRef]]:
    chars: list[tuple[str, CharRef]] = []
    for child in element:
        if child.tag == W + "r":
            rpr = child.find(W + "rPr")
            vanish = rpr.find(W + "vanish") if rpr is not None else None
            if vanish is not None and vanish.get(W + "val") not in ("0", "false", "off"):
                continue
            for node in child:
                if node.tag == W + "t":
                    chars.extend((c, CharRef(child, node, i, tracked)) for i, c in enumerate(node.text or ""))
                elif node.tag in _BREAKS:
                    chars.append((" ", CharRef(child, node, 0, tracked)))
                elif node.tag == W + "noBreakHyphen":
                    chars.append(("-", CharRef(child, node, 0, tracked)))
                elif node.tag == W + "sym":
                    chars.append(("\ufffc", CharRef(child, node, 0, tracked)))  # never matches: not editable
        elif child.tag in (W + "ins", W + "moveTo"):
            chars.extend(_inline_chars(child, tracked=True))
        elif child.tag in _INLINE:
            chars.extend(_inline_chars(child, tracked))
    return chars


def _clean(chars: list[tuple[str, CharRef]]) -> tuple[str, list[CharRef]]:
    """clean_block_text, keeping for each output character the XML character it came from."""
    text: list[str] = []
    refs: list[CharRef] = []
    for char, ref in chars:
        if char in INVISIBLE:
            continue
        if _LAYOUT_SPACE.match(char):
            if not text or text[-1] == " ":
                continue
            char = " "
        text.append(char)
        refs.append(ref)
    while text and text[-1] == " ":
        text.pop()
        refs.pop()
    joined = "".join(text)
    raw = "".join(c for c, _ in chars)
    if joined != clean_block_text(raw) or unicodedata.normalize("NFC", joined) != joined:
        return clean_block_text(raw), []  # matched for alignment, but its characters are not editable
    return joined, refs


def map_paragraphs(document: Document, xml_paragraphs: list[XmlParagraph]) -> TextMap:
    """Match XML paragraphs to the document's paragraphs, in order, by their text."""
    mapping = TextMap()
    cursor = 0
    paragraphs = document.paragraphs
    for xml in xml_paragraphs:
        if not xml.text or xml.in_table:
            continue
        for index in range(cursor, len(paragraphs)):
            p = paragraphs[index]
            if p.kind is BlockKind.TABLE_ROW:
                continue
            shown = xml_safe(document.text[p.start : p.end])
            offset = -1
            if shown == xml.text:
                offset = 0
            elif p.label and shown == f"{clean_block_text(p.label)} {xml.text}":
                offset = len(shown) - len(xml.text)
            if offset >= 0:
                mapping.paragraphs[index] = (xml, offset)
                cursor = index + 1
                break
    return mapping


@dataclass(frozen=True, slots=True)
class DocxRedline:
    data: bytes
    applied: tuple[Change, ...]  # changes written as tracked changes or comments
    skipped: tuple[tuple[Change, str], ...]  # changes that could not be placed, with the reason


def redline_docx(
    plan: RedlinePlan,
    source: Path | None,
    *,
    author: str,
    date: datetime,
    initials: str = "",
) -> DocxRedline:
    """The redlined Word document: the source DOCX, or a DOCX laid out from the document."""
    word = (
        docx.Document(str(source))
        if source is not None and plan.document.format is Format.DOCX
        else _layout_docx(plan.document)
    )
    body = word.element.body
    writer = _Writer(
        plan, word, Revisions.for_part(word.element, author, ooxml.w_date(date)), author, initials, date
    )
    writer.map = map_paragraphs(plan.document, walk_body(body))
    # Back to front: splitting runs later in a paragraph leaves earlier character refs valid.
    # Insertions at one point keep plan order, so sort on the span only and walk groups in reverse.
    for change in _back_to_front(plan.changes):
        writer.apply(change)
    out = io.BytesIO()
    word.save(out)
    applied = tuple(c for c in plan.changes if c not in dict(writer.skipped))
    return DocxRedline(out.getvalue(), applied, tuple(writer.skipped))


def _back_to_front(changes: tuple[Change, ...]) -> list[Change]:
    ordered: list[Change] = []
    for change in sorted(changes, key=lambda c: c.anchor, reverse=True):
        if ordered and ordered[-1].anchor == change.anchor:
            continue
        ordered.extend(c for c in changes if c.anchor == change.anchor)
    return ordered


# Characters XML 1.0 cannot hold (PDF extraction leaves some, e.g. U+FFFE): written as U+FFFD,
# one for one, so offsets still line up.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _layout_docx(document: Document) -> WordDocument:
    word = docx.Document()
    for paragraph in document.paragraphs:
        text = xml_safe(document.text[paragraph.start : paragraph.end])
        if paragraph.kind is BlockKind.HEADING:
            word.add_heading(text, level=max(1, min(paragraph.level, 9)))
        else:
            word.add_paragraph(text)
    return word


@dataclass
class _Writer:
    plan: RedlinePlan
    word: WordDocument
    revisions: Revisions
    author: str
    initials: str
    date: datetime
    map: TextMap = field(default_factory=TextMap)
    skipped: list[tuple[Change, str]] = field(default_factory=list)
    inserted_after: dict[int, etree._Element] = field(default_factory=dict)

    def apply(self, change: Change) -> None:
        try:
            reason = self._apply(change)
        except IndexError:
            reason = "the span does not map onto the runs of its paragraph"
        if reason:
            log.info("redline change for %s not placed: %s", ",".join(change.finding_ids), reason)
            self.skipped.append((change, reason))

    def _apply(self, change: Change) -> str:
        if change.placement is Placement.INSERT:
            return self._insert(change)
        if change.placement is Placement.AMEND:
            return self._amend(change)
        located = self._locate(change.anchor)
        if isinstance(located, str):
            return located
        xml, start, end = located
        refs = xml.refs[start:end]
        if change.placement is Placement.REPLACE:
            if xml.merged or any(r.tracked for r in refs):
                return "the text is inside another tracked change"
            if any(_has_field(r.run) for r in refs):
                return "the text contains a Word field"
        runs = self._isolate(xml, start, end)
        if change.placement is Placement.COMMENT or change.edit is None:
            ooxml.anchor_comment(runs[0], runs[-1], self._comment(change))
            return ""
        rpr = ooxml.run_properties(runs[0])
        deleted = ooxml.mark_deleted([r for r in runs if _ancestor(r, W + "del") is None], self.revisions)
        if not deleted:
            return "nothing visible to replace"
        first, last = deleted[0], deleted[-1]
        if change.edit.replacement:
            ins = ooxml.inserted([ooxml.make_run(xml_safe(change.edit.replacement), rpr)], self.revisions)
            last.addnext(ins)
            last = ins
        ooxml.anchor_comment(first, last, self._comment(change))
        return ""

    def _locate(self, span: tuple[int, int]) -> tuple[XmlParagraph, int, int] | str:
        document = self.plan.document
        for index, paragraph in enumerate(document.paragraphs):
            if paragraph.start <= span[0] < paragraph.end or (span[0] == span[1] == paragraph.end):
                if span[1] > paragraph.end:
                    return "the span crosses paragraphs"
                found = self.map.paragraphs.get(index)
                if found is None:
                    return "the paragraph could not be found in the Word XML"
                xml, offset = found
                start, end = span[0] - paragraph.start - offset, span[1] - paragraph.start - offset
                if start < 0 or not xml.refs or end > len(xml.refs):
                    return "the span covers a list label or text that cannot be mapped"
                return xml, start, end
        return "the span is outside the document paragraphs"

    def _isolate(self, xml: XmlParagraph, start: int, end: int) -> list[etree._Element]:
        """Split runs at the span's edges; return the runs that hold exactly the span."""
        if end < len(xml.refs):
            ref = xml.refs[end]
            ooxml.split_run(ref.run, ref.node, ref.index)
        ref = xml.refs[start]
        first = ooxml.split_run(ref.run, ref.node, ref.index)
        # The end split left the span's last character in its run; if the start split then
        # moved that run's tail away, the last character now lives in `first`.
        last = first if xml.refs[end - 1].run is ref.run else xml.refs[end - 1].run
        runs = list(xml.element.iter(W + "r"))
        return [r for r in runs[runs.index(first) : runs.index(last) + 1] if _shows_text(r)]

    def _amend(self, change: Change) -> str:
        """A sentence added inside the operative paragraph, after the sentence it amends."""
        if change.edit is None:
            return "no text to add"
        located = self._locate(change.anchor)
        if isinstance(located, str):
            return located
        xml, start, _ = located
        if xml.merged or not xml.refs:
            return "the paragraph is inside another tracked change"
        if start < len(xml.refs):
            ref = xml.refs[start]
            if ref.tracked:
                return "the text is inside another tracked change"
            following = ooxml.split_run(ref.run, ref.node, ref.index)
            rpr = ooxml.run_properties(xml.refs[start - 1].run if start > 0 else following)
            ins = ooxml.inserted([ooxml.make_run(xml_safe(change.edit.replacement), rpr)], self.revisions)
            following.addprevious(ins)
        else:
            last = xml.refs[-1].run
            if _ancestor(last, W + "ins") is not None or xml.refs[-1].tracked:
                return "the text is inside another tracked change"
            ins = ooxml.inserted(
                [ooxml.make_run(change.edit.replacement, ooxml.run_properties(last))], self.revisions
            )
            last.addnext(ins)
        ooxml.anchor_comment(ins, ins, self._comment(change))
        return ""

    def _insert(self, change: Change) -> str:
        if not change.new_clauses:
            return "no clause to insert"
        first = change.new_clauses[0]
        after = self.map.paragraphs.get(first.after)
        if after is None:
            return "the paragraph to insert after could not be found in the Word XML"
        for clause in change.new_clauses:
            if self.map.paragraphs.get(clause.template) is None:
                clause = replace(clause, template=first.after)
        # Clauses bound for one place follow each other in plan order.
        previous = self.inserted_after.get(first.after, after[0].element)
        comment = self._comment(change)
        for clause in change.new_clauses:
            template = self.map.paragraphs.get(clause.template) or after
            paragraph = self._clause_paragraph(clause, template)
            # The new paragraph mark is the one ending the paragraph before (as Word records Enter).
            ooxml.mark_paragraph_inserted(previous, self.revisions)
            previous.addnext(paragraph)
            previous = paragraph
        self.inserted_after[first.after] = previous
        ins = previous[-1]
        start, end, reference = ooxml.comment_markers(comment)
        ins.addprevious(start)
        ins.addnext(end)
        end.addnext(reference)
        return ""

    def _clause_paragraph(self, clause: NewClause, template: tuple[XmlParagraph, int]) -> etree._Element:
        xml, offset = template
        paragraph = ooxml.new_paragraph_like(xml.element, numbered=not clause.typed_label)
        # A label Word draws from numbering is not written; a typed one is.
        label = "" if offset > 0 and not clause.typed_label else clause.label
        runs = [r for r in xml.element.iter(W + "r") if r.find(W + "t") is not None]
        body_rpr = ooxml.run_properties(runs[-1]) if runs else None
        heading_rpr = ooxml.run_properties(runs[0]) if len(runs) > 1 else body_rpr
        pieces: list[etree._Element] = []
        lead = f"{label} " if label else ""
        if not clause.text:
            pieces.append(ooxml.make_run(f"{lead}{clause.heading}", heading_rpr))
        elif clause.heading and heading_rpr is not body_rpr:
            pieces.append(ooxml.make_run(f"{lead}{clause.heading}.", heading_rpr))
            pieces.append(ooxml.make_run(f" {clause.text}", body_rpr))
        else:
            heading = f"{clause.heading}. " if clause.heading else ""
            pieces.append(ooxml.make_run(f"{lead}{heading}{clause.text}", body_rpr))
        paragraph.append(ooxml.inserted(pieces, self.revisions))
        return paragraph

    def _comment(self, change: Change) -> int:
        comment = self.word.comments.add_comment(
            text=comment_text(change), author=self.author, initials=self.initials or _initials(self.author)
        )
        comment._comment_elm.set(W + "date", ooxml.w_date(self.date))  # python-docx stamps "now"
        return int(comment.comment_id)


def comment_text(change: Change) -> str:
    """What the other side reads in the margin: the reason, the ask and the sources."""
    lines: list[str] = []
    for ask in change.asks:
        finding = ask.finding
        verdict = finding.verdict.value.replace("_", " ")
        # The playbook item this edit answers, by its id, so counsel can trace every edit.
        head = f"Playbook item {finding.id} ({finding.title}): {verdict} ({finding.severity.value})."
        review = " Needs review before sending." if ask.applicability.value == "needs_review" else ""
        lines.append(f"{head}{review} {finding.rationale}".strip())
        if ask.note:
            lines.append(ask.note)
        sections = dict.fromkeys(e.section for e in finding.evidence if e.section)
        if change.placement is Placement.INSERT and sections:
            lines.append("Concerns: " + "; ".join(sections))
        if finding.ask:
            lines.append(f"Ask: {finding.ask}")
        if finding.citations:
            lines.append("Sources: " + "; ".join(f"{c.label} [{c.verification}]" for c in finding.citations))
        if ask.clause is not None:
            lines.append(f"Model clause: {ask.clause.id}")
    return "\n".join(lines)


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word)[:4].upper()


def _shows_text(run: etree._Element) -> bool:
    """A run with visible content (not only a comment or footnote reference)."""
    return any(
        child.tag in _BREAKS or child.tag in (W + "t", W + "noBreakHyphen", W + "sym") for child in run
    )


def _has_field(run: etree._Element) -> bool:
    return run.find(W + "fldChar") is not None or run.find(W + "instrText") is not None


def _ancestor(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return parent
        parent = parent.getparent()
    return None
