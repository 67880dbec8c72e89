"""The stages the web app calls beyond reading and reviewing: the playbook, assessment
reports and redlines, in the shapes its routes need."""

from __future__ import annotations

import functools
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from datarights.assess.engine import assess as assess_review
from datarights.assess.model import Assessment
from datarights.assess.playbook import Playbook, load_playbook
from datarights.model import Format
from datarights.model.review import Review
from datarights.redline import docx as docx_writer
from datarights.redline.addendum import addendum_docx
from datarights.redline.clauses import Variant
from datarights.redline.prepare import prepare
from datarights.report import assessment as report


@functools.cache
def playbook(name: str) -> Playbook:
    return load_playbook(name)


def assess(review: Review, playbook_name: str) -> Assessment:
    return assess_review(review, playbook(playbook_name))


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    return report.assessment_json(assessment)


def assessment_html(assessment: Assessment, document_text: str) -> str:
    return report.assessment_html(assessment, document_text)


def redline_docx(
    review: Review, assessment: Assessment, source: Path | bytes | None, playbook_name: str, author: str
) -> bytes:
    """The contract with the playbook's clauses as Word tracked changes (as `datarights redline`).

    `source` is the original file (a path, or the bytes the register kept); for a DOCX it is
    edited in place. Without it, or for other formats, a DOCX is laid out from the text.
    Planned by `redline.prepare` like the CLI: published terms get an AI data addendum instead,
    and edits the self-check finds would make a finding worse are withdrawn."""
    rules = playbook(playbook_name)
    plan = prepare(review, assessment, variant=Variant(rules.stance), playbook=rules)
    if plan.addendum is not None:
        return addendum_docx(plan.addendum)
    when = datetime.now(UTC).replace(microsecond=0)
    if review.document.format is not Format.DOCX or source is None:
        result = docx_writer.redline_docx(plan, None, author=author, date=when)
    elif isinstance(source, Path):
        result = docx_writer.redline_docx(plan, source, author=author, date=when)
    else:
        with tempfile.TemporaryDirectory(prefix="datarights-redline-") as folder:
            original = Path(folder) / "original.docx"
            original.write_bytes(source)
            result = docx_writer.redline_docx(plan, original, author=author, date=when)
    return result.data
