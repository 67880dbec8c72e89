"""WordprocessingML tracked changes and comment anchors, written with lxml.

No maintained library fits: docx-redline needs Python ≥ 3.12 and docx-revisions
(0.1.x, one maintainer) only finds and replaces strings, while we need to place
changes at exact character positions. The rules that keep Word and LibreOffice
happy are few: copy the run properties, give every `w:ins`/`w:del` a unique
`w:id` plus author and date, write deleted text as `w:delText`, and mark an
inserted paragraph by putting `w:ins` in the run properties of a paragraph mark.

`accept_all` and `reject_all` resolve every change in a part; tests use them
to check that a redline accepts to the proposed text and rejects to the original.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_CHANGE_TAGS = frozenset(W + t for t in ("ins", "del", "moveFrom", "moveTo"))
# Children of w:pPr that must come after w:rPr (CT_PPr sequence).
_AFTER_PARAGRAPH_RPR = frozenset(W + t for t in ("sectPr", "pPrChange"))
# Children of w:pPr that come before w:numPr.
_BEFORE_NUMPR = frozenset(
    W + t for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
)


def w_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Revisions:
    """Makes `w:ins`/`w:del` elements with one author and date and fresh ids."""

    author: str
    date: str
    next_id: int = 1

    @classmethod
    def for_part(cls, root: etree._Element, author: str, date: str) -> Revisions:
        """Ids continue after the largest `w:id` already in the part, so none collide."""
        values = (element.get(W + "id") for element in root.iter())
        ids = [int(v) for v in values if v is not None and v.lstrip("-").isdigit()]
        return cls(author, date, max(ids, default=0) + 1)

    def make(self, kind: str) -> etree._Element:
        element = etree.Element(W + kind)
        element.set(W + "id", str(self.next_id))
        element.set(W + "author", self.author)
        element.set(W + "date", self.date)
        self.next_id += 1
        return element


# --- runs -----------------------------------------------------------------


def run_properties(run: etree._Element | None) -> etree._Element | None:
    if run is None:
        return None
    rpr = run.find(W + "rPr")
    return copy.deepcopy(rpr) if rpr is not None else None


def make_run(text: str, rpr: etree._Element | None) -> etree._Element:
    run = etree.Element(W + "r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = etree.SubElement(run, W + "t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return run


def split_run(run: etree._Element, node: etree._Element, index: int) -> etree._Element:
    """Split `run` so that character `index` of its child `node` starts a run; return that run.

    `index` is ignored for non-text children (tabs, breaks): the split goes
    before the child. The part before stays in `run`, with the same properties.
    """
    content = [child for child in run if child.tag != W + "rPr"]
    k = content.index(node)
    moved: list[etree._Element] = []
    if node.tag == W + "t" and index > 0:
        text = node.text or ""
        if index >= len(text):
            moved = content[k + 1 :]
        else:
            tail = etree.Element(W + "t")
            tail.text = text[index:]
            tail.set(XML_SPACE, "preserve")
            node.text = text[:index]
            node.set(XML_SPACE, "preserve")
            moved = [tail, *content[k + 1 :]]
    else:
        if k == 0:
            return run
        moved = content[k:]
    if not moved:
        nxt = run.getnext()
        return nxt if nxt is not None else run
    new = etree.Element(W + "r")
    rpr = run_properties(run)
    if rpr is not None:
        new.append(rpr)
    for child in moved:
        new.append(child)  # lxml moves the element
    run.addnext(new)
    return new


def mark_deleted(runs: Iterable[etree._Element], revisions: Revisions) -> list[etree._Element]:
    """Wrap runs in `w:del`, one wrapper per group of adjacent siblings; return the wrappers."""
    wrappers: list[etree._Element] = []
    for group in _sibling_groups(list(runs)):
        wrapper = revisions.make("del")
        group[0].addprevious(wrapper)
        for run in group:
            wrapper.append(run)
            for t in run.iter(W + "t", W + "instrText"):
                t.tag = W + ("delText" if t.tag == W + "t" else "delInstrText")
        wrappers.append(wrapper)
    return wrappers


def _sibling_groups(runs: list[etree._Element]) -> Iterator[list[etree._Element]]:
    group: list[etree._Element] = []
    for run in runs:
        if group and group[-1].getnext() is not run:
            yield group
            group = []
        group.append(run)
    if group:
        yield group


def inserted(runs: Iterable[etree._Element], revisions: Revisions) -> etree._Element:
    wrapper = revisions.make("ins")
    for run in runs:
        wrapper.append(run)
    return wrapper


# --- paragraphs -------------------------------------------------------------


def mark_paragraph_inserted(paragraph: etree._Element, revisions: Revisions) -> None:
    """Track the paragraph mark that ends `paragraph` as inserted."""
    ppr = paragraph.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        paragraph.insert(0, ppr)
    rpr = ppr.find(W + "rPr")
    if rpr is None:
        rpr = etree.Element(W + "rPr")
        later = [child for child in ppr if child.tag in _AFTER_PARAGRAPH_RPR]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, revisions.make("ins"))


def new_paragraph_like(template: etree._Element, *, numbered: bool = True) -> etree._Element:
    """An empty paragraph with `template`'s properties (numbering, style, indents), no tracking.

    `numbered=False` drops the list numbering, for a clause whose label is typed out.
    """
    paragraph = etree.Element(W + "p")
    ppr = template.find(W + "pPr")
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        dropped = (W + "rPr", W + "sectPr", W + "pPrChange") + (() if numbered else (W + "numPr",))
        for child in list(ppr):
            if child.tag in dropped:
                ppr.remove(child)
        if not numbered:
            # numId 0 switches off numbering a paragraph style would otherwise bring.
            num = etree.Element(W + "numPr")
            etree.SubElement(num, W + "ilvl").set(W + "val", "0")
            etree.SubElement(num, W + "numId").set(W + "val", "0")
            earlier = [c for c in ppr if c.tag in _BEFORE_NUMPR]
            (earlier[-1].addnext(num) if earlier else ppr.insert(0, num))
        paragraph.append(ppr)
    return paragraph


# --- comments ---------------------------------------------------------------


def comment_markers(comment_id: int) -> tuple[etree._Element, etree._Element, etree._Element]:
    """commentRangeStart, commentRangeEnd and the run holding the commentReference."""
    start = etree.Element(W + "commentRangeStart")
    end = etree.Element(W + "commentRangeEnd")
    for element in (start, end):
        element.set(W + "id", str(comment_id))
    reference = etree.Element(W + "r")
    ref = etree.SubElement(reference, W + "commentReference")
    ref.set(W + "id", str(comment_id))
    return start, end, reference


def anchor_comment(first: etree._Element, last: etree._Element, comment_id: int) -> None:
    """Anchor comment `comment_id` from before `first` to after `last` (inline siblings or cousins)."""
    start, end, reference = comment_markers(comment_id)
    first.addprevious(start)
    last.addnext(end)
    end.addnext(reference)


# --- resolving changes ------------------------------------------------------


@dataclass
class _Resolver:
    accept: bool
    merges: list[etree._Element] = field(default_factory=list)

    def run(self, root: etree._Element) -> None:
        keep, drop = (
            (("ins", "moveTo"), ("del", "moveFrom"))
            if self.accept
            else (("del", "moveFrom"), ("ins", "moveTo"))
        )
        for element in list(root.iter(*(W + t for t in (*keep, *drop)))):
            parent = element.getparent()
            if parent is None:
                continue
            if (
                parent.tag == W + "rPr"
                and parent.getparent() is not None
                and parent.getparent().tag == W + "pPr"
            ):
                if element.tag in (W + t for t in drop):
                    self.merges.append(parent.getparent().getparent())
                parent.remove(element)
            elif parent.tag in (W + "rPr", W + "trPr", W + "tcPr"):
                if element.tag in (W + t for t in drop) and parent.tag == W + "trPr":
                    row = parent.getparent()
                    if row.getparent() is not None:
                        row.getparent().remove(row)
                    continue
                parent.remove(element)
            elif element.tag in (W + t for t in drop):
                parent.remove(element)
            else:
                _unwrap(element)
        for element in list(root.iter(W + "delText", W + "delInstrText")):
            element.tag = W + ("t" if element.tag == W + "delText" else "instrText")
        for change in list(
            root.iter(W + "rPrChange", W + "pPrChange", W + "sectPrChange", W + "tblPrChange")
        ):
            holder = change.getparent()
            if holder is None:
                continue
            holder.remove(change)
            if not self.accept:
                old = change[0] if len(change) else None
                for child in [c for c in holder if c.tag not in _AFTER_PARAGRAPH_RPR and c.tag != W + "rPr"]:
                    holder.remove(child)
                if old is not None:
                    for index, child in enumerate(old):
                        holder.insert(index, child)
        for paragraph in self.merges:
            _merge_with_next(paragraph)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _merge_with_next(paragraph: etree._Element) -> None:
    """Removing a paragraph mark joins the paragraph's content onto the next one."""
    nxt = paragraph.getnext()
    parent = paragraph.getparent()
    if nxt is None or nxt.tag != W + "p" or parent is None:
        return
    content = [child for child in paragraph if child.tag != W + "pPr"]
    anchor = nxt.find(W + "pPr")
    for child in reversed(content):
        if anchor is not None:
            anchor.addnext(child)
        else:
            nxt.insert(0, child)
    own = paragraph.find(W + "pPr")
    theirs = nxt.find(W + "pPr")
    if theirs is not None:
        nxt.remove(theirs)
    if own is not None:
        nxt.insert(0, own)
    parent.remove(paragraph)


def accept_all(root: etree._Element) -> None:
    """Accept every tracked change in a part, in place."""
    _Resolver(accept=True).run(root)


def reject_all(root: etree._Element) -> None:
    """Reject every tracked change in a part, in place."""
    _Resolver(accept=False).run(root)
