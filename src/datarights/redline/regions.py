"""Which part of a contract an offset lies in: the main body, or a part no new clause belongs in.

A redline adds operative terms to the main body. Schedules, appendices and
exhibits carry their own subject matter (a security annex, a list of
sub-processors); country-specific sections apply to one jurisdiction only; a
definitions article defines and does not oblige; a signature block ends the
agreement. A clause placed in any of these is misplaced, whatever it says.
"""

from __future__ import annotations

import re
from enum import StrEnum

from datarights.model import BlockKind, Document, Section


class Region(StrEnum):
    MAIN = "main"
    SCHEDULE = "schedule"  # schedules, appendices, annexes, exhibits, attachments
    COUNTRY = "country"  # terms for one country or region only
    DEFINITIONS = "definitions"
    SIGNATURE = "signature"


_SCHEDULE = re.compile(r"^\s*(?:schedule|appendix|annex|exhibit|attachment|addendum\s+[A-Z0-9])\b", re.I)
_DEFINITIONS = re.compile(r"\b(?:definitions?|defined\s+terms|interpretation)\b", re.I)
_SIGNATURE = re.compile(r"\b(?:signatures?|in\s+witness\s+whereof|executed\s+by|signed\s+by)\b", re.I)
# Headings of terms that apply to users in one place only ("Additional Terms for France",
# "Country-Specific Terms", "If you live in the European Union").
_COUNTRY = re.compile(
    r"\b(?:country|region|jurisdiction|territory)[- ]specific\b|\blocal\s+(?:law|terms)\b"
    r"|\b(?:additional|specific|supplemental)\s+terms\s+for\b|\bif\s+you\s+(?:live|reside|are\s+located)\b"
    r"|\b(?:france|french|germany|german|italy|italian|spain|spanish|netherlands|belgium|austria|poland"
    r"|ireland|united\s+kingdom|u\.k\.|australia|australian|canada|canadian|quebec|japan|japanese|korea"
    r"|korean|brazil|brazilian|india|indian|china|chinese|mexico|switzerland|swiss|turkey|israel"
    r"|singapore|new\s+zealand|south\s+africa|argentina|vietnam|indonesia)\b",
    re.I,
)


def _region_of(section: Section) -> Region | None:
    heading = section.heading
    if _SCHEDULE.match(heading) or _SCHEDULE.match(section.number):
        return Region.SCHEDULE
    if _SIGNATURE.search(heading):
        return Region.SIGNATURE
    if _DEFINITIONS.search(heading) and len(heading) < 60:
        return Region.DEFINITIONS
    if _COUNTRY.search(heading):
        return Region.COUNTRY
    return None


def section_region(document: Document, section: Section) -> Region:
    """The region of a section: its own heading's, or the nearest ancestor's that has one."""
    for part in reversed(document.section_path(section)):
        region = _region_of(part)
        if region is not None:
            return region
    return Region.MAIN


def region_at(document: Document, offset: int) -> Region:
    """The region of `offset`; text after the start of a schedule or signature block is outside the body."""
    section = document.section_at(offset)
    region = section_region(document, section) if section is not None else Region.MAIN
    if region is not Region.MAIN:
        return region
    # A schedule or signature block ends the main body for everything after it, even when the
    # structure stage did not make it a section of its own.
    end = main_body_end(document)
    if offset >= end:
        return Region.SIGNATURE if _SIGNATURE.search(document.text[end : end + 80]) else Region.SCHEDULE
    return Region.MAIN


def main_body_end(document: Document) -> int:
    """Offset where the main body ends: the first top-level schedule or signature block."""
    ends = [
        s.start
        for s in document.sections
        if (s.parent is None or s.depth <= 1)
        and (
            _region_of(s) is Region.SCHEDULE
            # "12.17 Signature. This Agreement may be signed in counterparts" is a clause of the
            # general provisions, not the signature block.
            or (_region_of(s) is Region.SIGNATURE and not (s.number and s.depth >= 1))
        )
    ]
    for paragraph in document.paragraphs:
        line = document.text[paragraph.start : paragraph.end]
        # A short line that opens a schedule ("Schedule 1 Country-Specific Terms", "EXHIBIT A"). A
        # table row that names an annex is part of a cover page or a list ("Annex I(A) List of
        # Parties" in a cover-page table that the standard terms follow), not a schedule's start.
        if paragraph.kind is BlockKind.TABLE_ROW:
            continue
        if len(line) <= 100 and not line.rstrip().endswith(".") and _SCHEDULE.match(line):
            ends.append(paragraph.start)
            break
    return min(ends, default=len(document.text))
