"""Meta-tests: every named pattern and every decision rule of a detector fires in some case of its
`cases.md`, so no rule stands untested and none is dead."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

import pytest

from datarights.detect.base import Pattern
from datarights.detect.cases import load_cases
from datarights.detect.decisions import Rule, first_rule
from datarights.detect.engine import review_document
from datarights.detect.language import DocumentView
from datarights.detect.limits import purpose_limits
from datarights.detect.questions import QuestionId
from datarights.detect.registry import DETECTORS
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.read import audits, feedback, ownership
from datarights.read.access import access_frames
from datarights.read.audits import audit_frames
from datarights.read.changes import change_frames
from datarights.read.deidentification import deidentification_frames
from datarights.read.feedback import feedback_frames
from datarights.read.model import ClauseFrame
from datarights.read.ownership import ownership_frames
from datarights.read.patterns import NamedPattern
from datarights.read.retention import retention_frames
from datarights.read.roles import role_frames
from datarights.read.tables import table_frames
from datarights.read.training import training_frames
from datarights.read.view import TextView
from datarights.structure import build_document

FrameReader = Callable[[TextView], tuple[ClauseFrame, ...]]
# Each detector decided over frames: its decision table(s) and the reader whose frames it reads.
DECISION_TABLES: dict[QuestionId, tuple[tuple[str, FrameReader], ...]] = {
    QuestionId.TRAINING_USE: (("RULES", training_frames),),
    QuestionId.CHANGE_NOTICE: (("RULES", change_frames),),
    QuestionId.RETENTION: (("RULES", retention_frames),),
    QuestionId.DEIDENTIFIED_USE: (("TABLE_RULES", table_frames), ("FRAME_RULES", deidentification_frames)),
    QuestionId.SERVICE_IMPROVEMENT: (("TABLE_RULES", table_frames),),
    QuestionId.HUMAN_REVIEW: (("RULES", access_frames),),
    QuestionId.VENDOR_ROLE: (("RULES", lambda view: role_frames(view, purpose_limits(view))),),
    QuestionId.AUDIT_RIGHTS: (("RULES", audit_frames),),
    QuestionId.FEEDBACK_LICENSE: (("RULES", feedback_frames),),
    QuestionId.OUTPUT_OWNERSHIP: (("RULES", ownership_frames),),
}
# Readers whose frames carry a named wording (`ClauseFrame.wording`): each wording is read in some case.
WORDINGS: dict[QuestionId, tuple[FrameReader, tuple[NamedPattern, ...]]] = {
    QuestionId.AUDIT_RIGHTS: (audit_frames, audits.WORDINGS),
    QuestionId.FEEDBACK_LICENSE: (feedback_frames, feedback.WORDINGS),
    QuestionId.OUTPUT_OWNERSHIP: (ownership_frames, ownership.WORDINGS),
}


@cache
def _view(text: str) -> DocumentView:
    blocks = tuple(markdown_to_blocks(text))
    return DocumentView.of(build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks)))


def _module(question: QuestionId) -> object:
    return importlib.import_module(f"datarights.detect.{question.value}.detector")


def _declared_patterns(question: QuestionId) -> set[str]:
    names: set[str] = set()
    for value in vars(_module(question)).values():
        candidates = value if isinstance(value, tuple) else (value,)
        names.update(p.name for p in candidates if isinstance(p, Pattern))
    return names


@pytest.mark.parametrize("question", list(QuestionId))
def test_every_named_pattern_fires_in_a_case(question: QuestionId) -> None:
    detector = next(d for d in DETECTORS if d.question is question)
    fired: set[str] = set()
    for case in load_cases(question):
        view = _view(case.text)
        fired.update(hit.pattern for hit in detector.detect(view))
        # Some patterns are read by the decision itself (over the answers of other questions).
        fired.update(hit.pattern for hit in review_document(view.doc).answers[question].hits)
    missing = _declared_patterns(question) - fired
    assert not missing, f"{question.value}: patterns no case exercises: {sorted(missing)}"


@pytest.mark.parametrize("question", list(DECISION_TABLES))
def test_every_decision_rule_fires_in_a_case(question: QuestionId) -> None:
    for table_name, reader in DECISION_TABLES[question]:
        rules: tuple[Rule, ...] = getattr(_module(question), table_name)
        fired = {
            rule.name
            for case in load_cases(question)
            for frame in reader(_view(case.text))
            if (rule := first_rule(rules, frame)) is not None
        }
        missing = {rule.name for rule in rules} - fired
        assert not missing, f"{question.value}.{table_name}: rules no case exercises: {sorted(missing)}"


@pytest.mark.parametrize("question", list(WORDINGS))
def test_every_frame_wording_is_read_in_a_case(question: QuestionId) -> None:
    reader, wordings = WORDINGS[question]
    read = {frame.wording for case in load_cases(question) for frame in reader(_view(case.text))}
    missing = {w.name for w in wordings} - read
    assert not missing, f"{question.value}: wordings no case reads: {sorted(missing)}"


def test_rule_names_are_unique() -> None:
    for question, tables in DECISION_TABLES.items():
        for table_name, _ in tables:
            names = [rule.name for rule in getattr(_module(question), table_name)]
            assert len(names) == len(set(names)), f"{question.value}.{table_name} repeats a rule name"
