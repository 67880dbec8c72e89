"""The stages the web app calls, imported when first used.

Assessment, reports and redlines are separate stages of the package; a web
process that only reads documents never imports them, and a missing one turns
into a 501 naming it rather than an import error at startup.
"""

from __future__ import annotations

import functools
import importlib
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from datarights.web.errors import Unavailable

if TYPE_CHECKING:
    from datarights.assess.model import Assessment
    from datarights.assess.playbook import Playbook
    from datarights.detect.engine import Review


def _module(name: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise Unavailable(f"{what} is not available in this installation ({name}: {error})") from None


@functools.cache
def playbook(name: str) -> Playbook:
    loaded: Playbook = _module("datarights.assess.playbook", "the assessment engine").load_playbook(name)
    return loaded


def assess(review: Review, playbook_name: str) -> Assessment:
    engine = _module("datarights.assess.engine", "the assessment engine")
    result: Assessment = engine.assess(review, playbook(playbook_name))
    return result


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    report = _module("datarights.report.assessment", "the assessment report")
    data: dict[str, Any] = report.assessment_json(assessment)
    return data


def assessment_html(assessment: Assessment, document_text: str) -> str:
    report = _module("datarights.report.assessment", "the assessment report")
    page: str = report.assessment_html(assessment, document_text)
    return page


def redline_docx(
    review: Review, assessment: Assessment, source: Path | bytes | None, playbook_name: str, author: str
) -> bytes:
    """The contract with the playbook's clauses as Word tracked changes (as `datarights redline`).

    `source` is the original file (a path, or the bytes the register kept); for a DOCX it is
    edited in place. Without it, or for other formats, a DOCX is laid out from the text.
    Planned by `redline.prepare` like the CLI: published terms get an AI data addendum instead,
    and edits the self-check finds would make a finding worse are withdrawn."""
    from datarights.model import Format

    prepare_module = _module("datarights.redline.prepare", "the redline planner")
    docx_module = _module("datarights.redline.docx", "the DOCX redline writer")
    clauses = _module("datarights.redline.clauses", "the clause library")
    rules = playbook(playbook_name)
    plan = prepare_module.prepare(review, assessment, variant=clauses.Variant(rules.stance), playbook=rules)
    if plan.addendum is not None:
        addendum: bytes = _module("datarights.redline.addendum", "the addendum writer").addendum_docx(
            plan.addendum
        )
        return addendum
    when = datetime.now(UTC).replace(microsecond=0)
    if review.document.format is not Format.DOCX or source is None:
        result = docx_module.redline_docx(plan, None, author=author, date=when)
    elif isinstance(source, Path):
        result = docx_module.redline_docx(plan, source, author=author, date=when)
    else:
        with tempfile.TemporaryDirectory(prefix="datarights-redline-") as folder:
            original = Path(folder) / "original.docx"
            original.write_bytes(source)
            result = docx_module.redline_docx(plan, original, author=author, date=when)
    data: bytes = result.data
    return data
