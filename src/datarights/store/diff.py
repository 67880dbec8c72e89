"""Compare two reviews of a counterparty's documents: which answers and verdicts
changed, the clauses behind each change, a text diff of just those clauses, and
how severe the change is for the customer.

Pure functions over `datarights.review/1` dicts, so a diff works the same for two
files, two stored versions, or one of each. When both sides carry their document,
the diff also lists typed changes of meaning over clause frames (`datarights.compare`:
right widened, promise removed, …), each rated by the playbook's `changes:` table.
Its JSON form is `datarights.diff/1` (typed changes under `meaning`).
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from datarights.assess.model import Severity
from datarights.assess.playbook import Playbook, load_playbook
from datarights.compare import ChangeType, ClauseRef, MeaningChange, diff_meaning
from datarights.model import Document
from datarights.model.questions import QuestionId
from datarights.read.model import Action

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
    # The reviewed document, when at hand: needed for typed changes of meaning.
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class TypedChange:
    """A change of meaning with the severity the playbook gives it."""

    change: MeaningChange
    severity: Severity

    @property
    def summary(self) -> str:
        return f"{self.change.type.value} ({self.change.action.value}) § {self.change.number}: {self.change.detail}"


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
    meaning: tuple[TypedChange, ...] = ()  # in the new version's document order

    @property
    def severity(self) -> Severity | None:
        """The most severe change, or None when nothing changed."""
        found = [c.severity for c in self.changes] + [m.severity for m in self.meaning]
        return _max(*found) if found else None

    def at_least(self, level: Severity | str) -> bool:
        found = [c.severity for c in self.changes] + [m.severity for m in self.meaning]
        return any(severity_rank(s) >= severity_rank(level) for s in found)

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.meaning)

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
    # document order, whatever order the evidence came in, so two runs diff the same
    return tuple(sorted(clauses, key=lambda c: (c.start, c.end)))


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


def rate(changes: tuple[MeaningChange, ...], playbook: Playbook) -> tuple[TypedChange, ...]:
    return tuple(TypedChange(c, playbook.change_severity(c.type, c.action.value)) for c in changes)


def diff_reviews(old: Side, new: Side, playbook: Playbook | str | None = "buyer") -> VersionDiff:
    """Every question whose answer, clause text or verdict differs, most severe first; and, when both
    sides carry their document, every typed change of meaning, in document order, rated by
    `playbook` (None, a register that stores reviews ungraded: the built-in buyer playbook, so a
    change of meaning still has a severity to alert on)."""
    questions = [q.value for q in QuestionId]
    changes = [c for q in questions if (c := _question_change(q, old, new)) is not None]
    changes.sort(key=lambda c: (-severity_rank(c.severity), questions.index(c.question)))
    meaning: tuple[TypedChange, ...] = ()
    if old.document is not None and new.document is not None:
        rules = playbook if isinstance(playbook, Playbook) else load_playbook(playbook or "buyer")
        meaning = rate(diff_meaning(old.document, new.document), rules)
    return VersionDiff(old, new, tuple(changes), meaning)


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


def _ref_json(ref: ClauseRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"index": ref.index, "section": ref.section, "start": ref.start, "end": ref.end, "text": ref.text}


def _ref_from_json(data: Mapping[str, Any] | None) -> ClauseRef | None:
    if data is None:
        return None
    return ClauseRef(data["index"], data["section"], data["start"], data["end"], data["text"])


def meaning_json(change: TypedChange) -> dict[str, Any]:
    c = change.change
    return {
        "type": c.type.value,
        "action": c.action.value,
        "severity": change.severity.value,
        "detail": c.detail,
        "old": _ref_json(c.old),
        "new": _ref_json(c.new),
    }


def meaning_from_json(data: Mapping[str, Any]) -> TypedChange:
    change = MeaningChange(
        ChangeType(data["type"]),
        Action(data["action"]),
        _ref_from_json(data["old"]),
        _ref_from_json(data["new"]),
        data["detail"],
    )
    return TypedChange(change, Severity(data["severity"]))


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
        "meaning": [meaning_json(m) for m in diff.meaning],
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
    meaning = tuple(meaning_from_json(m) for m in data.get("meaning", ()))
    return VersionDiff(_side_from_json(data["old"], {}), _side_from_json(data["new"], {}), changes, meaning)


def _where(clauses: tuple[Clause, ...]) -> str:
    return ", ".join(f"§ {c.section or '—'} [{c.start}–{c.end}]" for c in clauses) or "no clause"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def diff_text(diff: VersionDiff) -> str:
    lines = [f"--- {diff.old.label}", f"+++ {diff.new.label}"]
    if not diff.changed:
        lines.append("no change in answers, clauses, verdicts or meaning")
        return "\n".join(lines) + "\n"
    lines.append(
        f"severity: {diff.severity}  ({len(diff.changes)} changes, {len(diff.meaning)} changes of meaning)"
    )
    if diff.meaning:
        lines += ["", "changes of meaning, in document order:"]
    for typed in diff.meaning:
        lines.append(f"[{typed.severity.value.upper()}] {typed.summary}")
        if typed.change.old is not None:
            lines.append(f"  - {_one_line(typed.change.old.text)}")
        if typed.change.new is not None:
            lines.append(f"  + {_one_line(typed.change.new.text)}")
    if diff.changes:
        lines += ["", "changes of answers:"]
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
    if diff.meaning:
        rows.insert(0, meaning_html(diff.meaning))
    body = "\n".join(rows) or "<p>No change in answers, clauses, verdicts or meaning.</p>"
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>datarights diff</title>'
        "<style>del{background:#fdd}ins{background:#dfd}.critical h2,.high h2{color:#a00}</style>"
        f"</head><body><h1>{e(diff.old.label)} → {e(diff.new.label)}</h1>"
        f"<p>severity: {e(str(diff.severity or 'none'))}</p>\n{body}\n</body></html>\n"
    )


def meaning_html(meaning: tuple[TypedChange, ...]) -> str:
    """The typed changes of meaning as a table, old and new clause side by side (escaped)."""
    e = html.escape
    rows = []
    for typed in meaning:
        c = typed.change
        old = e(c.old.text) if c.old is not None else ""
        new = e(c.new.text) if c.new is not None else ""
        if c.old is not None and c.new is not None and c.type is not ChangeType.MOVED:
            new = _inline_html(_as_clauses(c.old), _as_clauses(c.new))  # the words that changed, marked
        rows.append(
            f'<tr class="{e(typed.severity.value)}"><td>{e(typed.severity.value.upper())}</td>'
            f"<td>{e(c.type.value)}<br><small>{e(c.action.value)}</small></td><td>§ {e(c.number)}</td>"
            f"<td>{e(c.detail)}</td><td>{old}</td><td>{new}</td></tr>"
        )
    return (
        '<section class="meaning"><h2>Changes of meaning</h2><table><thead><tr><th>severity</th><th>type</th>'
        "<th>clause</th><th>what changed</th><th>old</th><th>new</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _as_clauses(ref: ClauseRef | None) -> tuple[Clause, ...]:
    return () if ref is None else (Clause(ref.section, ref.start, ref.end, ref.text),)
