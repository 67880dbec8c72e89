"""Compare two reviews of a counterparty's documents: which answers and verdicts
changed, the clauses behind each change, a text diff of just those clauses, and
how severe the change is for the customer.

Pure functions over `datarights.review/1` dicts, so a diff works the same for two
files, two stored versions, or one of each. Its JSON form is `datarights.diff/1`.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from datarights.assess.model import Severity
from datarights.model.questions import QuestionId

DIFF_SCHEMA = "datarights.diff/1"

SEVERITY_ORDER: tuple[Severity, ...] = (
    Severity.INFO,
    Severity.LOW,
    Severity.MEDIUM,
    Severity.HIGH,
    Severity.CRITICAL,
)

# How much each position lets the provider do with customer data (higher = worse for the customer).
RISK_RANK: dict[str, dict[str, int]] = {
    "training_use": {"prohibited": 0, "opt_in": 1, "silent": 2, "opt_out": 3, "permitted": 4},
    "training_scope": {"not_applicable": 0, "private": 1, "unspecified": 2, "foundational": 3},
    "deidentified_use": {"no": 0, "yes": 1},
    "service_improvement": {"no": 0, "yes": 1},
    "vendor_role": {"processor": 0, "unspecified": 1, "both": 2, "controller": 3},
    "retention": {"fixed_period": 0, "on_request_or_termination": 1, "unspecified": 2},
    "audit_rights": {"audit": 0, "reports_only": 1, "none": 2},
    "change_notice": {"consent_required": 0, "advance_notice": 1, "silent": 2, "posting_only": 3},
    "feedback_license": {"no": 0, "yes": 1},
    "output_ownership": {"customer": 0, "unspecified": 1, "provider": 2},
    "human_review": {"no": 0, "yes": 1},
}

# Questions about what the provider may do with the data itself; changes to them matter most.
CORE_QUESTIONS = frozenset({"training_use", "training_scope", "deidentified_use", "vendor_role"})
MINOR_QUESTIONS = frozenset({"feedback_license", "human_review"})
VERDICT_RANK = {"acceptable": 0, "needs_review": 1, "not_acceptable": 2}


class Direction(StrEnum):
    WIDENED = "widened"  # the provider may now do more with customer data
    NARROWED = "narrowed"  # the provider may now do less
    REWORDED = "reworded"  # same answer, different clause text
    VERDICT = "verdict"  # same answer, different verdict under the playbook


def severity_rank(severity: Severity | str) -> int:
    return SEVERITY_ORDER.index(Severity(severity))


def _max(*severities: Severity) -> Severity:
    return max(severities, key=severity_rank)


@dataclass(frozen=True, slots=True)
class Clause:
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two documents compared: what it is and what its review says."""

    label: str  # "Zoom / terms_of_service / 2023-04-01 (version 3)" or a file path
    sha256: str
    review: Mapping[str, Any]  # datarights.review/1
    verdicts: Mapping[str, str] | None = None  # finding id → verdict, when assessed
    version_id: int | None = None
    effective_date: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    question: str
    direction: Direction
    severity: Severity
    old_position: str
    new_position: str
    old_verdict: str | None
    new_verdict: str | None
    old_clauses: tuple[Clause, ...]
    new_clauses: tuple[Clause, ...]
    clause_diff: tuple[str, ...]  # unified diff of the clauses, one sentence per line

    @property
    def summary(self) -> str:
        if self.direction is Direction.REWORDED:
            return f"{self.question}: {self.new_position} (clause reworded)"
        if self.direction is Direction.VERDICT:
            return f"{self.question}: verdict {self.old_verdict} → {self.new_verdict}"
        return f"{self.question}: {self.old_position} → {self.new_position} ({self.direction.value})"


@dataclass(frozen=True, slots=True)
class VersionDiff:
    old: Side
    new: Side
    changes: tuple[Change, ...]

    @property
    def severity(self) -> Severity | None:
        """The most severe change, or None when nothing changed."""
        return _max(*(c.severity for c in self.changes)) if self.changes else None

    def at_least(self, level: Severity | str) -> bool:
        return any(severity_rank(c.severity) >= severity_rank(level) for c in self.changes)

    def change(self, question: str) -> Change | None:
        return next((c for c in self.changes if c.question == question), None)


def _clauses(answer: Mapping[str, Any]) -> tuple[Clause, ...]:
    seen: set[str] = set()
    clauses = []
    for evidence in answer.get("evidence", ()):
        if evidence["text"] in seen:
            continue
        seen.add(evidence["text"])
        clauses.append(Clause(evidence["section"], evidence["start"], evidence["end"], evidence["text"]))
    return tuple(clauses)


_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=\S)")


def _sentences(clauses: tuple[Clause, ...]) -> list[str]:
    lines: list[str] = []
    for clause in clauses:
        lines += [" ".join(s.split()) for s in _SENTENCE_END.split(clause.text) if s.strip()]
    return lines


def clause_diff(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> tuple[str, ...]:
    """A unified diff of the clauses behind an answer, one sentence per line."""
    lines = difflib.unified_diff(_sentences(old), _sentences(new), "old", "new", n=1, lineterm="")
    return tuple(lines)


# Training use under which a model scope matters little: no training without the customer's yes.
_CONSENTED_TRAINING = frozenset({"prohibited", "opt_in", "silent"})


def _position_severity(question: str, direction: Direction, new_position: str, training_use: str) -> Severity:
    if direction is Direction.WIDENED:
        if question == "training_use" and new_position in {"permitted", "opt_out"}:
            return Severity.CRITICAL
        if question == "training_scope" and training_use in _CONSENTED_TRAINING:
            return Severity.LOW  # whose models, once training needs consent: worth noting, not alarming
        if question in CORE_QUESTIONS:
            return Severity.HIGH
        return Severity.LOW if question in MINOR_QUESTIONS else Severity.MEDIUM
    if direction is Direction.NARROWED:
        return Severity.MEDIUM if question in CORE_QUESTIONS else Severity.LOW
    return Severity.LOW if question in CORE_QUESTIONS else Severity.INFO


def _verdict_severity(old: str | None, new: str | None) -> Severity:
    if old is None or new is None or old == new:
        return Severity.INFO
    worse = VERDICT_RANK.get(new, 0) > VERDICT_RANK.get(old, 0)
    if worse:
        return Severity.HIGH if new == "not_acceptable" else Severity.MEDIUM
    return Severity.LOW


def _question_change(question: str, old: Side, new: Side) -> Change | None:
    old_answer = old.review["answers"].get(question, {})
    new_answer = new.review["answers"].get(question, {})
    old_position, new_position = old_answer.get("position", ""), new_answer.get("position", "")
    old_clauses, new_clauses = _clauses(old_answer), _clauses(new_answer)
    old_verdict = old.verdicts.get(question) if old.verdicts is not None else None
    new_verdict = new.verdicts.get(question) if new.verdicts is not None else None
    ranks = RISK_RANK.get(question, {})
    if old_position != new_position:
        widened = ranks.get(new_position, 0) >= ranks.get(old_position, 0)
        direction = Direction.WIDENED if widened else Direction.NARROWED
    elif [c.text for c in old_clauses] != [c.text for c in new_clauses]:
        direction = Direction.REWORDED
    elif old_verdict != new_verdict and old_verdict is not None and new_verdict is not None:
        direction = Direction.VERDICT
    else:
        return None
    severity = _max(
        _position_severity(
            question,
            direction,
            new_position,
            new.review["answers"].get("training_use", {}).get("position", ""),
        )
        if direction is not Direction.VERDICT
        else Severity.INFO,
        _verdict_severity(old_verdict, new_verdict),
    )
    return Change(
        question=question,
        direction=direction,
        severity=severity,
        old_position=old_position,
        new_position=new_position,
        old_verdict=old_verdict,
        new_verdict=new_verdict,
        old_clauses=old_clauses,
        new_clauses=new_clauses,
        clause_diff=clause_diff(old_clauses, new_clauses),
    )


def diff_reviews(old: Side, new: Side) -> VersionDiff:
    """Every question whose answer, clause text or verdict differs, most severe first."""
    questions = [q.value for q in QuestionId]
    changes = [c for q in questions if (c := _question_change(q, old, new)) is not None]
    changes.sort(key=lambda c: (-severity_rank(c.severity), questions.index(c.question)))
    return VersionDiff(old, new, tuple(changes))


# ---------------------------------------------------------------------------- rendering


def _side_json(side: Side) -> dict[str, Any]:
    return {
        "label": side.label,
        "sha256": side.sha256,
        "version_id": side.version_id,
        "effective_date": side.effective_date,
        "doc_type": side.review.get("document", {}).get("doc_type"),
    }


def _clause_json(clause: Clause) -> dict[str, Any]:
    return {"section": clause.section, "start": clause.start, "end": clause.end, "text": clause.text}


def diff_json(diff: VersionDiff) -> dict[str, Any]:
    return {
        "schema": DIFF_SCHEMA,
        "old": _side_json(diff.old),
        "new": _side_json(diff.new),
        "severity": diff.severity.value if diff.severity else None,
        "changes": [
            {
                "question": c.question,
                "direction": c.direction.value,
                "severity": c.severity.value,
                "old_position": c.old_position,
                "new_position": c.new_position,
                "old_verdict": c.old_verdict,
                "new_verdict": c.new_verdict,
                "old_clauses": [_clause_json(x) for x in c.old_clauses],
                "new_clauses": [_clause_json(x) for x in c.new_clauses],
                "clause_diff": list(c.clause_diff),
            }
            for c in diff.changes
        ],
    }


def _side_from_json(data: Mapping[str, Any], review: Mapping[str, Any]) -> Side:
    return Side(
        label=data["label"],
        sha256=data["sha256"],
        review=review,
        version_id=data.get("version_id"),
        effective_date=data.get("effective_date"),
    )


def diff_from_json(data: Mapping[str, Any]) -> VersionDiff:
    """Rebuild a stored `datarights.diff/1` (the sides' reviews are not stored with it)."""

    def clauses(items: list[dict[str, Any]]) -> tuple[Clause, ...]:
        return tuple(Clause(i["section"], i["start"], i["end"], i["text"]) for i in items)

    changes = tuple(
        Change(
            question=c["question"],
            direction=Direction(c["direction"]),
            severity=Severity(c["severity"]),
            old_position=c["old_position"],
            new_position=c["new_position"],
            old_verdict=c["old_verdict"],
            new_verdict=c["new_verdict"],
            old_clauses=clauses(c["old_clauses"]),
            new_clauses=clauses(c["new_clauses"]),
            clause_diff=tuple(c["clause_diff"]),
        )
        for c in data["changes"]
    )
    return VersionDiff(_side_from_json(data["old"], {}), _side_from_json(data["new"], {}), changes)


def _where(clauses: tuple[Clause, ...]) -> str:
    return ", ".join(f"§ {c.section or '—'} [{c.start}–{c.end}]" for c in clauses) or "no clause"


def diff_text(diff: VersionDiff) -> str:
    lines = [f"--- {diff.old.label}", f"+++ {diff.new.label}"]
    if not diff.changes:
        lines.append("no change in answers, clauses or verdicts")
        return "\n".join(lines) + "\n"
    lines.append(f"severity: {diff.severity}  ({len(diff.changes)} changes)")
    for change in diff.changes:
        lines += ["", f"[{change.severity.value.upper()}] {change.summary}"]
        if change.old_verdict != change.new_verdict:
            lines.append(f"  verdict: {change.old_verdict or '—'} → {change.new_verdict or '—'}")
        lines.append(f"  old: {_where(change.old_clauses)}")
        lines.append(f"  new: {_where(change.new_clauses)}")
        lines += [f"    {line}" for line in change.clause_diff if not line.startswith(("---", "+++"))]
    return "\n".join(lines) + "\n"


def _inline_html(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> str:
    old_words = " ".join(c.text for c in old).split()
    new_words = " ".join(c.text for c in new).split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(old_words[a0:a1])))
            continue
        if a1 > a0:
            parts.append(f"<del>{html.escape(' '.join(old_words[a0:a1]))}</del>")
        if b1 > b0:
            parts.append(f"<ins>{html.escape(' '.join(new_words[b0:b1]))}</ins>")
    return " ".join(parts)


def diff_html(diff: VersionDiff) -> str:
    """A standalone page; every piece of contract text is escaped."""
    e = html.escape
    rows = []
    for change in diff.changes:
        rows.append(
            f'<section class="change {e(change.severity.value)}">'
            f"<h2>[{e(change.severity.value.upper())}] {e(change.summary)}</h2>"
            f"<p>old: {e(_where(change.old_clauses))}<br>new: {e(_where(change.new_clauses))}</p>"
            f'<p class="clause">{_inline_html(change.old_clauses, change.new_clauses)}</p></section>'
        )
    body = "\n".join(rows) or "<p>No change in answers, clauses or verdicts.</p>"
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>datarights diff</title>'
        "<style>del{background:#fdd}ins{background:#dfd}.critical h2,.high h2{color:#a00}</style>"
        f"</head><body><h1>{e(diff.old.label)} → {e(diff.new.label)}</h1>"
        f"<p>severity: {e(str(diff.severity or 'none'))}</p>\n{body}\n</body></html>\n"
    )
