"""Where a new clause goes: the main-body section on its topic, or one new article before the general
provisions; never a schedule, a country-specific section, the definitions or the signature block."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from datarights.model import BlockKind, Document, Paragraph, Section
from datarights.redline.changes import Ask, Change, NewClause, Placement, paragraph_of
from datarights.redline.edits import Edit
from datarights.redline.regions import Region, main_body_end, section_region

# Where a new clause on each topic belongs, by section heading; the first match wins.
_HOMES: dict[str, tuple[str, ...]] = {
    "deletion": ("deletion", "return", "data processing", "data protection", "termination"),
    "retention": ("retention", "data processing", "data protection", "ai"),
    "audit": ("audit", "data processing", "data protection", "security"),
    "flow_down": ("sub-processor", "subprocessor", "data processing", "data protection"),
    "transparency": ("data processing", "data protection", "ai", "artificial intelligence"),
    "processor_role": ("data processing", "data protection", "privacy"),
    "output_ownership": ("ownership", "intellectual property", "proprietary rights"),
    "feedback": ("feedback", "ownership", "intellectual property", "proprietary rights"),
    "change_notice": ("changes", "amendment", "modification", "general", "miscellaneous"),
}
_DEFAULT_HOMES = (
    "ai",
    "artificial intelligence",
    "customer data",
    "data processing",
    "data protection",
    "privacy",
    "data",
)
# A heading that names a narrower subject governs that subject, whatever data it mentions
# ("Deletion of Customer Personal Data" is no home for a no-training clause).
_NARROW_SUBJECTS = (
    "deletion",
    "return",
    "retention",
    "audit",
    "security",
    "incident",
    "breach",
    "transfer",
    "sub-processor",
    "subprocessor",
    "liability",
    "confidential",
    "export",
    "backup",
)
_NOT_HOMES = (
    "general",
    "miscellaneous",
    "signature",
    "definitions",
    "interpretation",
    "notices",
    "fees",
    "payment",
)


_CLAUSE_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?")


def _numbered_children(document: Document, section: Section) -> list[Section]:
    """Sub-clauses numbered like "8.1", "8.2" (lettered items like "(a)" are not clause homes)."""
    return [s for s in document.sections if s.parent == section.index and _CLAUSE_NUMBER.fullmatch(s.number)]


def home(document: Document, topic: str, variables: dict[str, str]) -> Section | None:
    """The main-body section that governs `topic`, or None when the contract has none.

    Party and service names are taken out of headings first: "Use of the Acme AI Products" is
    about the products, not about AI.
    """
    names = sorted(
        {variables.get("provider", ""), variables.get("services", "")} - {""}, key=len, reverse=True
    )
    body_end = main_body_end(document)
    candidates = [
        s
        for s in document.sections
        if s.number
        and s.start < body_end
        and _numbered_children(document, s)
        and section_region(document, s) is Region.MAIN
    ]
    own = _HOMES.get(topic, ())
    for keyword in (*own, *_DEFAULT_HOMES):
        pattern = re.compile(rf"\b{re.escape(keyword)}\b", re.IGNORECASE)
        for section in candidates:
            heading = section.heading
            for name in names:
                heading = heading.replace(name, " ")
            heading = heading.lower()
            if pattern.search(heading) and (
                keyword in own
                or not any(n in heading for n in (*_NOT_HOMES, *_NARROW_SUBJECTS) if n not in own)
            ):
                return section
    return None


def _next_label(label: str) -> str:
    match = re.fullmatch(r"(.*?)(\d+)(\D*)", label)
    if match:
        return f"{match.group(1)}{int(match.group(2)) + 1}{match.group(3)}"
    match = re.fullmatch(r"(\(?)([a-y])(\)?\.?)", label)
    if match:
        return f"{match.group(1)}{chr(ord(match.group(2)) + 1)}{match.group(3)}"
    return ""


ARTICLE_HEADING = "Artificial Intelligence and Customer Data"
_GENERAL = re.compile(r"\b(?:general|miscellaneous|boilerplate)\b", re.IGNORECASE)
_ARTICLE_NUMBER = re.compile(r"(\d+)\.?")


@dataclass(frozen=True, slots=True)
class _Article:
    after: int  # paragraph the article follows
    heading_template: int
    clause_template: int
    number: str  # "12A", "13" or "" for an unnumbered contract
    heading_after_general: bool  # placed just before the general provisions


def _article(document: Document) -> _Article | None:
    """Where one new article goes: before the general provisions, else at the end of the main body."""
    paragraphs = document.paragraphs
    if not paragraphs:
        return None
    body_end = main_body_end(document)
    articles = [
        s
        for s in document.sections
        if _ARTICLE_NUMBER.fullmatch(s.number)
        and s.start < body_end
        and section_region(document, s) is Region.MAIN
    ]
    general = next((s for s in articles if _GENERAL.search(s.heading)), None)
    limit = general.start if general is not None else body_end
    if general is None and articles:
        # After the last article of the main body, not after a definitions article or a schedule
        # that follows it.
        limit = min(limit, max(s.end for s in articles))
    before = [i for i, p in enumerate(paragraphs) if p.end <= limit]
    if not before:
        return None
    after = before[-1]
    previous = [s for s in articles if s.start < limit]
    if not previous:
        headings = [i for i in before if paragraphs[i].kind is BlockKind.HEADING]
        template = headings[-1] if headings else after
        return _Article(after, template, after, "", general is not None)
    last = previous[-1]
    match = _ARTICLE_NUMBER.fullmatch(last.number)
    assert match is not None
    # "12A" when an article numbered after it follows (the general provisions, the definitions).
    taken = any(_ARTICLE_NUMBER.fullmatch(s.number) and s.start >= limit for s in document.sections)
    number = f"{match.group(1)}A" if general is not None or taken else str(int(match.group(1)) + 1)
    heading_at = paragraph_of(document, (general or last).start)
    children = _numbered_children(document, last)
    child_at = paragraph_of(document, children[0].start) if children else None
    heading_template = heading_at if heading_at is not None else after
    return _Article(after, heading_template, child_at if child_at is not None else after, number, True)


def insertions(
    document: Document, inserts: list[tuple[list[Ask], Section | None]]
) -> tuple[list[Change], str]:
    """One change per new clause; clauses bound for one place follow each other, numbered in turn.

    Clauses with no home go into one new article; its heading travels with the first of them.
    """
    labels: dict[int, str] = {}
    changes: list[Change] = []
    article = _article(document)
    article_used = False
    article_count = 0
    for asks, home in inserts:
        clause = asks[0].clause
        assert clause is not None
        if home is None:
            if article is None:
                continue
            article_count += 1
            label = f"{article.number}.{article_count}" if article.number else ""
            new = NewClause(
                label, asks[0].heading, asks[0].clause_text, article.after, article.clause_template, True
            )
            clauses: tuple[NewClause, ...] = (new,)
            if not article_used:
                heading_label = f"{article.number}." if article.number else ""
                heading = NewClause(
                    heading_label, ARTICLE_HEADING, "", article.after, article.heading_template, True
                )
                clauses = (heading, new)
                article_used = True
            offset = document.paragraphs[article.after].end
            text = "".join("\n\n" + c.rendered for c in clauses)
            where = f"{article.number}. {ARTICLE_HEADING}" if article.number else ARTICLE_HEADING
            changes.append(
                Change(
                    Placement.INSERT,
                    Edit(offset, offset, text),
                    (offset, offset),
                    tuple(asks),
                    where,
                    clauses,
                )
            )
            continue
        after, template, label = _insertion_point(document, home)
        if after < 0:
            continue
        label = _next_label(labels[after]) if after in labels else label
        labels[after] = label
        new = NewClause(label, asks[0].heading, asks[0].clause_text, after, template)
        offset = document.paragraphs[after].end
        section = document.section_label(document.paragraphs[template].start)
        edit = Edit(offset, offset, "\n\n" + new.rendered)
        changes.append(Change(Placement.INSERT, edit, (offset, offset), tuple(asks), section, (new,)))
    return changes, ARTICLE_HEADING if article_used else ""


def restitched(document: Document, changes: list[Change]) -> list[Change]:
    """New clauses numbered in turn again after some were withdrawn; an article heading moves to the
    first clause left in its article."""
    out: list[Change] = []
    last_label: dict[int, str] = {}
    heading: dict[int, NewClause] = {}
    for change in changes:
        if change.placement is not Placement.INSERT or not change.new_clauses:
            out.append(change)
            continue
        after = change.new_clauses[0].after
        for clause in change.new_clauses:
            if not clause.text:
                heading.setdefault(after, clause)
        clause = change.new_clauses[-1]
        label = _next_label(last_label[after]) if after in last_label and clause.label else clause.label
        last_label[after] = label
        clauses = [replace(clause, label=label)]
        lead = heading.get(after)
        if lead is not None and not any(not c.text for c in out_clauses(out, after)):
            clauses.insert(0, lead)
        offset = document.paragraphs[after].end
        text = "".join("\n\n" + c.rendered for c in clauses)
        out.append(replace(change, edit=Edit(offset, offset, text), new_clauses=tuple(clauses)))
    return out


def out_clauses(changes: list[Change], after: int) -> list[NewClause]:
    return [c for change in changes for c in change.new_clauses if c.after == after]


def _insertion_point(document: Document, home: Section) -> tuple[int, int, str]:
    """(paragraph to insert after, paragraph to copy, label) for a new clause in `home`."""
    paragraphs = document.paragraphs
    if not paragraphs:
        return -1, -1, ""
    inside = [i for i, p in enumerate(paragraphs) if home.start <= p.start < home.end]
    after = inside[-1] if inside else len(paragraphs) - 1
    children = _numbered_children(document, home)
    template_paragraph: Paragraph | None = None
    template = after
    if children:
        last_child = children[-1]
        index = paragraph_of(document, last_child.start)
        if index is not None:
            template, template_paragraph = index, paragraphs[index]
    label = template_paragraph.label if template_paragraph is not None else ""
    if template_paragraph is not None and not label:
        label = children[-1].number
    return after, template, _next_label(label) if label else ""
