"""Align the clauses of two versions and type what changed in their frames.

Clauses are aligned in three passes: identical text in document order (a longest common
subsequence), identical text out of order (moved), then reworded clauses paired by word similarity.
Only then are frames compared: two clauses with the same text never report a change of meaning (their
frames may differ with context, which the clauses around them carry as changes of their own), and a
reworded clause whose frames agree reports nothing. Output is in the new version's document order,
removed clauses placed where they stood, so two runs give the same list.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from datarights.compare.features import Coverage, coverage, days_text
from datarights.compare.model import ChangeType, ClauseRef, MeaningChange
from datarights.compare.uses import (
    USE_ACTION,
    appeared,
    behalf_appeared,
    grants_use,
    pair_all,
    without_training,
)
from datarights.model import Document
from datarights.read.frames import frames
from datarights.read.model import Action, Actor, ClauseFrame, Condition, ScopeKind
from datarights.read.roles import role_frames
from datarights.read.uses import BehalfFrame, UseFrame, behalf_frames, use_frames
from datarights.read.view import Clause, TextView

# What the provider (or a recipient) may do with the data: a permission is a right, a negation a promise.
RIGHTS = frozenset(
    {
        Action.TRAIN_MODELS,
        Action.IMPROVE_SERVICE,
        Action.USE,
        Action.SHARE,
        Action.LICENSE,
        Action.ACCESS_REVIEW,
    }
)
KEEPING = frozenset({Action.RETAIN, Action.DELETE})
ROLE_ACTION = Action.PROVIDE_SERVICE  # the action a change of the provider's role is reported under
# What a retention frame must be tied to for it to state a retention rule at all.
_RETENTION_TERMS = frozenset(
    {
        Condition.PERIOD,
        Condition.ON_TERMINATION,
        Condition.ON_REQUEST,
        Condition.UNTIL_CUSTOMER_ENDS,
        Condition.AS_LONG_AS_NEEDED,
        Condition.NOT_STORED,
    }
)
_GATES = frozenset(
    {Condition.OPT_IN, Condition.OPT_OUT, Condition.SUBJECT_TO_SETTINGS, Condition.SETTING_OFF}
)
_CHANGE_TERMS = frozenset(
    {
        Condition.CONSENT,
        Condition.MUTUAL_AGREEMENT,
        Condition.ADVANCE_NOTICE,
        Condition.DIRECT_NOTICE,
        Condition.ON_POSTING,
        Condition.EFFECTIVE_WHEN_POSTED,
    }
)
# Reworded clauses pair when this similar (word-level ratio, with a bonus for a shared action).
PAIR_THRESHOLD = 0.55
SHARED_ACTION_BONUS = 0.1
PROXIMITY_BONUS = 0.1


@dataclass(frozen=True, slots=True)
class Statement:
    """One clause of one version with the frames that state something substantive in it."""

    ref: ClauseRef
    key: str  # the clause text, normalised, for exact alignment
    frames: tuple[ClauseFrame, ...]
    cover: Coverage
    roles: frozenset[str] = frozenset()  # the provider's role the clause states (processor, controller)
    uses: tuple[UseFrame, ...] = ()  # general use and disclosure grants (read.uses)
    behalf: tuple[BehalfFrame, ...] = ()  # the provider processes on the customer's behalf

    def frame(self, action: Action) -> ClauseFrame | None:
        return next((f for f in self.frames if f.action is action), None)

    @property
    def actions(self) -> frozenset[Action]:
        return frozenset(f.action for f in self.frames)

    @property
    def bearing(self) -> bool:
        """States something a change of meaning can be about: a substantive frame, or the provider's role."""
        return bool(self.frames or self.roles or self.uses or self.behalf)


# Someone else keeping copies ("search engines … may retain copies", "public content can exist elsewhere")
# is no retention rule of the provider's.
_OTHERS_KEEP = re.compile(
    r"\b(?:third\s+parties|search\s+engines|others|other\s+users|recipients)\b[^.;]{0,40}?\b(?:may|might|can|could)\s+"
    r"(?:still\s+)?(?:retain|keep|store|have)\b|\bexist\s+elsewhere\b",
    re.I,
)
# Retention of something that is data at all (not "arbitration demands held in abeyance").
_DATA_NOUN = re.compile(
    r"\b(?:information|data|content|records?|logs?|cookies?|identifiers?|inputs?|outputs?)\b", re.I
)


# A clause that reads as access to content but grants none: the customer's duty to comply with laws ("You are
# responsible for compliance with all Laws governing the monitoring …", "… consents … to allow Zoom to access"),
# and a purpose of keeping data ("store your information longer in order to investigate abuse": a retention).
_NO_ACCESS_GRANT = re.compile(
    r"\byou\s+are\s+(?:solely\s+)?responsible\s+for\s+(?:[\w’']+\s+){0,6}?compliance\b"
    r"|\b(?:store|retain|keep)\b[^.;]{0,80}?\b(?:in\s+order\s+)?to\s+(?:investigate|review|monitor)\b"
    # the data subject's own right of access ("you may have the right to request access to your data")
    r"|\bright\s+to\s+(?:request\s+|obtain\s+)?access\b",
    re.I,
)


def substantive(frame: ClauseFrame, clause: Clause) -> bool:
    """Frames whose change matters to the customer: rights and promises of the provider's side, retention
    rules tied to something, and how changes to the terms take effect. A heading read as a clause states
    nothing of its own."""
    if _is_heading(clause) or clause.text.rstrip(" *_").endswith("?"):
        return False  # a heading, or a question ("How can you delete your information?"), states nothing
    if frame.action is Action.ACCESS_REVIEW and _NO_ACCESS_GRANT.search(clause.text):
        return False
    if frame.action in RIGHTS:
        return frame.actor is not Actor.CUSTOMER  # a restriction on the customer is not the provider's right
    if frame.action in KEEPING:
        tied = bool(frame.conditions & _RETENTION_TERMS) or coverage(clause.text).period_days is not None
        return (
            tied
            and Condition.FOR_MODERATION not in frame.conditions
            and bool(_DATA_NOUN.search(clause.text))
            and not _OTHERS_KEEP.search(clause.text)
        )
    if frame.action is Action.CHANGE_TERMS:
        return bool(frame.conditions & _CHANGE_TERMS)
    return False


def _is_heading(clause: Clause) -> bool:
    title = " ".join(_NUMBERING.sub(" ", clause.text.lower()).replace("*", " ").split()).rstrip(".: ")
    return bool(title) and len(title.split()) <= 12 and clause.heading.endswith(title)


_MODELS_WORD = re.compile(r"\bmodels?\b", re.I)
_NUMBERING = re.compile(r"\b\d+(?:\.\d+)*\b\.?")


_LEADING_NUMBER = re.compile(r"^\s*(?:\(?[0-9]+(?:\.[0-9]+)*[.)]?|\(?[a-z]\)|[ivx]+\))\s+", re.I)


def _key(text: str) -> str:
    """The clause text for exact alignment: whitespace and case folded, its own number dropped (a
    renumbered clause is the same clause)."""
    return " ".join(_LEADING_NUMBER.sub("", text).split()).lower()


# "If you fine-tune a model …, we will not use the fine-tuned model except to provide it to you": the frame
# layer reads the customer's fine-tuning (a customer frame); the provider's promise about the customer's
# model is in the same clause, and is what a change of meaning must see.
_PROVIDER_MODEL_PROMISE = re.compile(
    r"\b(?:we|us)\s+(?:will|shall|do|does)\s+not\s+(?:\w+\s+){0,3}?(?:use|access|share|disclose)\s+(?:\w+\s+){0,3}?"
    r"(?:fine[\s-]?tuned|custom(?:i[sz]ed)?|your)\s+models?\b",
    re.I,
)


def _provider_reading(frame: ClauseFrame, clause: Clause) -> ClauseFrame:
    if (
        frame.action is Action.TRAIN_MODELS
        and frame.actor is Actor.CUSTOMER
        and _PROVIDER_MODEL_PROMISE.search(clause.text)
    ):
        return replace(frame, actor=Actor.PROVIDER, negated=True)
    return frame


def statements(doc: Document) -> tuple[Statement, ...]:
    """Every clause of `doc`, with its substantive frames, in document order."""
    view = TextView.of(doc)
    by_clause: dict[int, list[ClauseFrame]] = {}
    roles: dict[int, set[str]] = {}
    for read in frames(view):
        frame = _provider_reading(read, view.clauses[read.clause])
        if substantive(frame, view.clauses[frame.clause]):
            by_clause.setdefault(frame.clause, []).append(frame)
    for frame in role_frames(view):  # the reader's role frames: processor on instructions, else controller
        if not _is_heading(view.clauses[frame.clause]):
            role = "processor" if Condition.INSTRUCTION in frame.conditions else "controller"
            roles.setdefault(frame.clause, set()).add(role)
    uses: dict[int, list[UseFrame]] = {}
    for read_use in use_frames(view):
        use = without_training(read_use)
        if use is not None and grants_use(use) and not _is_heading(view.clauses[use.clause]):
            uses.setdefault(use.clause, []).append(use)
    behalf: dict[int, list[BehalfFrame]] = {}
    for stance in behalf_frames(view):
        if not stance.conditional:  # a premise ("If … we process … on your behalf, then …") states no stance
            behalf.setdefault(stance.clause, []).append(stance)
    return tuple(
        _statement(
            c,
            tuple(by_clause.get(c.index, ())),
            frozenset(roles.get(c.index, ())),
            tuple(uses.get(c.index, ())),
            tuple(behalf.get(c.index, ())),
        )
        for c in view.clauses
    )


def _statement(
    clause: Clause,
    found: tuple[ClauseFrame, ...],
    roles: frozenset[str],
    uses: tuple[UseFrame, ...] = (),
    behalf: tuple[BehalfFrame, ...] = (),
) -> Statement:
    return Statement(
        ClauseRef(clause.index, clause.section, clause.start, clause.end, clause.text),
        _key(clause.text),
        found,
        coverage(clause.text),
        roles,
        uses,
        behalf,
    )


# ------------------------------------------------------------------------------------------ alignment


@dataclass(frozen=True, slots=True)
class Alignment:
    same: tuple[tuple[int, int], ...]  # identical text, in order
    moved: tuple[tuple[int, int], ...]  # identical text, out of order and under another section
    reworded: tuple[tuple[int, int], ...]  # paired by similarity
    removed: tuple[int, ...]
    added: tuple[int, ...]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def align(old: Sequence[Statement], new: Sequence[Statement]) -> Alignment:
    matcher = difflib.SequenceMatcher(a=[s.key for s in old], b=[s.key for s in new], autojunk=False)
    in_order: list[tuple[int, int]] = []
    for block in matcher.get_matching_blocks():
        in_order += [(block.a + k, block.b + k) for k in range(block.size)]
    old_left = [i for i in range(len(old)) if i not in {a for a, _ in in_order}]
    taken_new = {b for _, b in in_order}
    by_key: dict[str, list[int]] = {}
    for j in range(len(new)):
        if j not in taken_new:
            by_key.setdefault(new[j].key, []).append(j)
    moved: list[tuple[int, int]] = []
    same: list[tuple[int, int]] = []
    for i in old_left:
        if by_key.get(old[i].key):
            j = by_key[old[i].key].pop(0)
            # out of order under the same section label is a re-ordering of the diff, not of the document
            (moved if old[i].ref.section != new[j].ref.section else same).append((i, j))
    same += in_order
    paired_old = {i for i, _ in moved} | {i for i, _ in same}
    paired_new = {j for _, j in moved} | {j for _, j in same}
    reworded = _pair_reworded(old, new, paired_old, paired_new)
    paired_old |= {i for i, _ in reworded}
    paired_new |= {j for _, j in reworded}
    return Alignment(
        tuple(sorted(same)),
        tuple(sorted(moved, key=lambda p: p[1])),
        tuple(sorted(reworded, key=lambda p: p[1])),
        tuple(i for i in range(len(old)) if i not in paired_old and old[i].bearing),
        tuple(j for j in range(len(new)) if j not in paired_new and new[j].bearing),
    )


def _pair_reworded(
    old: Sequence[Statement], new: Sequence[Statement], paired_old: set[int], paired_new: set[int]
) -> list[tuple[int, int]]:
    """Greedy best-first pairing of the unaligned clauses where either side states something."""
    old_left = [i for i in range(len(old)) if i not in paired_old]
    new_left = [j for j in range(len(new)) if j not in paired_new]
    words_old = {i: _words(old[i].ref.text) for i in old_left}
    words_new = {j: _words(new[j].ref.text) for j in new_left}
    scored: list[tuple[float, int, int]] = []
    for j in new_left:
        for i in old_left:
            if not (old[i].bearing or new[j].bearing):
                continue
            bonus = SHARED_ACTION_BONUS if old[i].actions & new[j].actions else 0.0
            matcher = difflib.SequenceMatcher(a=words_old[i], b=words_new[j], autojunk=False)
            if matcher.quick_ratio() + bonus + PROXIMITY_BONUS < PAIR_THRESHOLD:
                continue
            # near where it stood: a clause rewritten in place beats a look-alike summary elsewhere
            near = PROXIMITY_BONUS * (1 - abs(i / max(len(old), 1) - j / max(len(new), 1)))
            score = matcher.ratio() + bonus + near
            if score >= PAIR_THRESHOLD:
                scored.append((-score, j, i))
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, j, i in sorted(scored):  # ties break on document order, so the pairing is stable
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return pairs


# ------------------------------------------------------------------------------------------ typing


def _actor_side(actor: Actor) -> str:
    if actor in (Actor.PROVIDER, Actor.AFFILIATE, Actor.SUBPROCESSOR, Actor.PERSONNEL, Actor.UNKNOWN):
        return "provider"
    return actor.value


def _names(values: frozenset[str]) -> str:
    return ", ".join(sorted(values)) or "—"


def _appeared(frame: ClauseFrame, statement: Statement, added: bool) -> tuple[ChangeType, str] | None:
    """How a statement only one version has is typed."""
    what = "added" if added else "removed"
    if frame.action in RIGHTS:
        gates = frame.conditions & _GATES
        held = f" (condition: {_names(frozenset(c.value for c in gates))})" if gates else ""
        if frame.negated:
            kind = ChangeType.PROMISE_ADDED if added else ChangeType.PROMISE_REMOVED
            return kind, f"promise not to {frame.action.value} {what}{held}"
        kind = ChangeType.RIGHT_WIDENED if added else ChangeType.RIGHT_NARROWED
        who = "" if _actor_side(frame.actor) == "provider" else f" ({frame.actor.value})"
        return kind, f"right to {frame.action.value}{who} {what}{held}"
    if frame.action in KEEPING:
        days = statement.cover.period_days
        if days is None and frame.action is Action.DELETE:
            kind = ChangeType.PROMISE_ADDED if added else ChangeType.PROMISE_REMOVED
            return kind, f"promise to delete {what}"
        if days is not None and not math.isinf(days):
            kind = ChangeType.PROMISE_ADDED if added else ChangeType.PROMISE_REMOVED
            return kind, f"retention limit ({statement.cover.period}) {what}"
        kind = ChangeType.RIGHT_WIDENED if added else ChangeType.RIGHT_NARROWED
        return kind, f"open-ended retention {what}"
    return None  # how changes take effect is compared over the whole document (`_terms_changes`)


def _direction(old: frozenset[str], new: frozenset[str], *, listing_restricts: bool) -> int:
    """+1 when `new` covers more than `old`, -1 when less, 0 when equal or incomparable. With
    `listing_restricts`, naming classes restricts ("free users") and naming none covers all."""
    if old == new:
        return 0
    if listing_restricts:
        if not new:
            return 1
        if not old:
            return -1
    if old < new:
        return 1
    if new < old:
        return -1
    return 0


def _coverage_changes(f: ClauseFrame, g: ClauseFrame, a: Coverage, b: Coverage) -> Iterator[tuple[int, str]]:
    """Each way the statement's reach changed: +1 wider, -1 narrower (as the statement itself reads)."""
    checks = (
        ("users", a.users, b.users, True),
        ("models", a.models, b.models, False),
        ("data", a.data, b.data, False),
        (
            "kinds of data",
            frozenset(o.value for o in f.objects),
            frozenset(o.value for o in g.objects),
            False,
        ),
    )
    for label, old, new, restricts in checks:
        step = _direction(old, new, listing_restricts=restricts)
        if step:
            shown_old = _names(old) if old or not restricts else "all"
            shown_new = _names(new) if new or not restricts else "all"
            yield step, f"{label}: {shown_old} → {shown_new}"
    if a.exceptions != b.exceptions:
        gone, came = a.exceptions - b.exceptions, b.exceptions - a.exceptions
        if gone and not came:
            yield 1, f"exception removed: {_names(gone)}"
        elif came and not gone:
            yield -1, f"exception added: {_names(came)}"
    # a scope that names models is compared as models above
    if f.scope.kind is not g.scope.kind and not (
        _MODELS_WORD.search(f.scope.text) or _MODELS_WORD.search(g.scope.text)
    ):
        if g.scope.kind is ScopeKind.ALL:
            yield 1, f"scope: {f.scope.text or f.scope.kind.value} → all"
        elif f.scope.kind is ScopeKind.ALL:
            yield -1, f"scope: all → {g.scope.text or g.scope.kind.value}"


def _right_changes(
    f: ClauseFrame, g: ClauseFrame, a: Statement, b: Statement
) -> Iterator[tuple[ChangeType, str]]:
    promise = f.negated  # for a promise, reaching further narrows the right it denies
    old_gates, new_gates = f.conditions & _GATES, g.conditions & _GATES
    if old_gates != new_gates:
        shown = f"condition: {_names(frozenset(c.value for c in old_gates))} → {_names(frozenset(c.value for c in new_gates))}"
        if old_gates and new_gates:
            yield ChangeType.CONDITION_CHANGED, shown
        else:
            removed = bool(old_gates)
            yield (ChangeType.RIGHT_WIDENED if removed != promise else ChangeType.RIGHT_NARROWED), shown
    wider = [d for s, d in _coverage_changes(f, g, a.cover, b.cover) if (s > 0) != promise]
    narrower = [d for s, d in _coverage_changes(f, g, a.cover, b.cover) if (s > 0) == promise]
    if wider:
        yield ChangeType.RIGHT_WIDENED, "; ".join(wider)
    if narrower:
        yield ChangeType.RIGHT_NARROWED, "; ".join(narrower)


def _keeping_changes(a: Statement, b: Statement) -> Iterator[tuple[ChangeType, str]]:
    old, new = a.cover.period_days, b.cover.period_days
    if old is None or new is None or old == new:
        return
    kind = ChangeType.RETENTION_LENGTHENED if new > old else ChangeType.RETENTION_SHORTENED
    yield kind, f"period: {a.cover.period} → {b.cover.period}"


def _pair_changes(a: Statement, b: Statement) -> Iterator[tuple[ChangeType, Action, str]]:
    if a.roles != b.roles and a.roles and b.roles:
        # a role is not an action; it is reported under providing the service it is taken for
        yield ChangeType.ROLE_CHANGED, ROLE_ACTION, f"role: {_names(a.roles)} → {_names(b.roles)}"
    for action in sorted(a.actions | b.actions, key=lambda x: list(Action).index(x)):
        f, g = a.frame(action), b.frame(action)
        if f is None or g is None:
            one = f or g
            assert one is not None
            typed = _appeared(one, b if g else a, added=g is not None)
            if typed is not None:
                yield typed[0], action, typed[1]
            continue
        if action in RIGHTS:
            if f.negated != g.negated:
                kind = ChangeType.PROMISE_REMOVED if f.negated else ChangeType.PROMISE_ADDED
                yield (
                    kind,
                    action,
                    f"{'promise → right' if f.negated else 'right → promise'} to {action.value}",
                )
                continue
            if _actor_side(f.actor) != _actor_side(g.actor):
                yield ChangeType.ROLE_CHANGED, action, f"who: {f.actor.value} → {g.actor.value}"
            for kind, detail in _right_changes(f, g, a, b):
                yield kind, action, detail
        elif action in KEEPING:
            for kind, detail in _keeping_changes(a, b):
                yield kind, action, detail


def _terms_changes(old: Sequence[Statement], new: Sequence[Statement]) -> Iterator[MeaningChange]:
    """How changes to the terms take effect, over the whole document: one change when the set of
    ways differs (posting only → advance notice) or the shortest notice period changes."""

    def ways(side: Sequence[Statement]) -> tuple[frozenset[Condition], float | None]:
        found: set[Condition] = set()
        notice: list[float] = []
        for s in side:
            frame = s.frame(Action.CHANGE_TERMS)
            if frame is None:
                continue
            found |= frame.conditions & _CHANGE_TERMS
            if s.cover.period_days is not None and not math.isinf(s.cover.period_days):
                notice.append(s.cover.period_days)
        return frozenset(found), min(notice) if notice else None

    def telling(
        side: Sequence[Statement], notice: float | None, other: frozenset[Condition]
    ) -> Statement | None:
        """The clause that shows the difference: the one stating the notice period, else the first
        whose way of changing the other version lacks, else the first on changes at all."""
        with_frame = [s for s in side if s.frame(Action.CHANGE_TERMS) is not None]
        for s in with_frame:
            if notice is not None and s.cover.period_days == notice:
                return s
        for s in with_frame:
            frame = s.frame(Action.CHANGE_TERMS)
            if frame is not None and (frame.conditions & _CHANGE_TERMS) - other:
                return s
        return with_frame[0] if with_frame else None

    old_ways, old_notice = ways(old)
    new_ways, new_notice = ways(new)
    details = []
    if old_ways != new_ways:
        details.append(
            f"changes take effect: {_names(frozenset(c.value for c in old_ways))}"
            f" → {_names(frozenset(c.value for c in new_ways))}"
        )
    old_first = telling(old, old_notice, new_ways)
    new_first = telling(new, new_notice, old_ways)
    if old_notice != new_notice and (old_notice is not None or new_notice is not None):
        shown_old = old_first.cover.period if old_first and old_notice is not None else days_text(None)
        shown_new = new_first.cover.period if new_first and new_notice is not None else days_text(None)
        details.append(f"notice period: {shown_old} → {shown_new}")
    if details and (old_first or new_first):
        yield MeaningChange(
            ChangeType.CONDITION_CHANGED,
            Action.CHANGE_TERMS,
            old_first.ref if old_first else None,
            new_first.ref if new_first else None,
            "; ".join(details),
        )


def diff_meaning(old_doc: Document, new_doc: Document) -> tuple[MeaningChange, ...]:
    """Every typed change of meaning from `old_doc` to `new_doc`, in the new version's document order."""
    old, new = statements(old_doc), statements(new_doc)
    return diff_statements(old, new)


def diff_statements(old: Sequence[Statement], new: Sequence[Statement]) -> tuple[MeaningChange, ...]:
    alignment = align(old, new)
    found: list[MeaningChange] = []
    for i, j in alignment.moved:
        if old[i].bearing or new[j].bearing:
            frames_ = new[j].frames or old[i].frames
            uses_ = new[j].uses or old[i].uses
            action = frames_[0].action if frames_ else USE_ACTION if uses_ else ROLE_ACTION
            detail = f"moved from {old[i].ref.section or '—'} to {new[j].ref.section or '—'}"
            found.append(MeaningChange(ChangeType.MOVED, action, old[i].ref, new[j].ref, detail))
    old_uses = [u for s in old for u in s.uses]
    new_uses = [u for s in new for u in s.uses]
    old_behalf = [b for s in old for b in s.behalf]
    new_behalf = [b for s in new for b in s.behalf]
    for i, j in alignment.reworded:
        merged: dict[tuple[ChangeType, Action], list[str]] = {}
        pair_typed = list(_pair_changes(old[i], new[j]))
        pair_typed += pair_all(old[i].uses, new[j].uses, old_uses, new_uses)
        if not any(kind is ChangeType.ROLE_CHANGED for kind, _, _ in pair_typed):  # the stance is the role's
            pair_typed += behalf_appeared(new[j].behalf, old_behalf, added=True)
            pair_typed += behalf_appeared(old[i].behalf, new_behalf, added=False)
        for kind, action, detail in pair_typed:
            if action is not Action.CHANGE_TERMS:  # compared over the whole document
                merged.setdefault((kind, action), []).append(detail)
        found += [MeaningChange(k, a, old[i].ref, new[j].ref, "; ".join(d)) for (k, a), d in merged.items()]
    # a role statement added or removed changes the role only if the other version states that role nowhere
    old_roles = frozenset().union(*(s.roles for s in old))
    new_roles = frozenset().union(*(s.roles for s in new))
    for i in alignment.removed:
        role_gone = bool(old[i].roles - new_roles) and not old[i].frames
        if role_gone:
            detail = f"role no longer stated: {_names(old[i].roles)}"
            found.append(MeaningChange(ChangeType.ROLE_CHANGED, ROLE_ACTION, old[i].ref, None, detail))
        for frame in _one_per_action(old[i].frames):
            typed = _appeared(frame, old[i], added=False)
            if typed is not None:
                found.append(MeaningChange(typed[0], frame.action, old[i].ref, None, typed[1]))
        for kind, action, detail in (
            *appeared(old[i].uses, new_uses, added=False),
            *(() if role_gone else behalf_appeared(old[i].behalf, new_behalf, added=False)),
        ):
            found.append(MeaningChange(kind, action, old[i].ref, None, detail))
    for j in alignment.added:
        role_came = bool(new[j].roles - old_roles) and not new[j].frames
        if role_came:
            detail = f"role stated: {_names(new[j].roles)}"
            found.append(MeaningChange(ChangeType.ROLE_CHANGED, ROLE_ACTION, None, new[j].ref, detail))
        for frame in _one_per_action(new[j].frames):
            typed = _appeared(frame, new[j], added=True)
            if typed is not None:
                found.append(MeaningChange(typed[0], frame.action, None, new[j].ref, typed[1]))
        for kind, action, detail in (
            *appeared(new[j].uses, old_uses, added=True),
            *(() if role_came else behalf_appeared(new[j].behalf, old_behalf, added=True)),
        ):
            found.append(MeaningChange(kind, action, None, new[j].ref, detail))
    # a clause whose text is unchanged says the same in both versions, whatever its neighbours: read it once
    exact = {j: i for i, j in (*alignment.same, *alignment.moved)}
    read_once = [
        replace(new[j], frames=old[exact[j]].frames) if j in exact else new[j] for j in range(len(new))
    ]
    found += _terms_changes(old, read_once)
    found = _access_still_granted(found, new)
    anchors = _anchors(old, new, alignment)
    order = list(ChangeType)
    return tuple(
        sorted(
            dict.fromkeys(found),  # the same change read twice is reported once
            key=lambda c: (
                c.new.start if c.new else anchors[c.old.index if c.old else 0],
                0 if c.new else 1,
                c.old.start if c.old else -1,
                order.index(c.type),
                c.action.value,
                c.detail,
            ),
        )
    )


def _access_still_granted(found: list[MeaningChange], new: Sequence[Statement]) -> list[MeaningChange]:
    """Access to content is one right stated across many clauses (investigation, review, subprocessors):
    a clause that stops stating it narrows nothing while the new version still grants the provider's side
    that access unconditionally elsewhere (a wider or new grant is still reported where it appears)."""

    def grants(s: Statement) -> bool:
        f = s.frame(Action.ACCESS_REVIEW)
        return (
            f is not None
            and not f.negated
            and _actor_side(f.actor) == "provider"
            and not f.conditions & _GATES
        )

    if not any(grants(s) for s in new):
        return found
    removed = _appeared_detail(Action.ACCESS_REVIEW, added=False)
    return [
        c
        for c in found
        if not (
            c.action is Action.ACCESS_REVIEW and c.type is ChangeType.RIGHT_NARROWED and c.detail == removed
        )
    ]


def _appeared_detail(action: Action, *, added: bool) -> str:
    return f"right to {action.value} {'added' if added else 'removed'}"


def _one_per_action(found: tuple[ClauseFrame, ...]) -> list[ClauseFrame]:
    seen: dict[Action, ClauseFrame] = {}
    for frame in found:
        seen.setdefault(frame.action, frame)
    return list(seen.values())


def _anchors(old: Sequence[Statement], new: Sequence[Statement], alignment: Alignment) -> dict[int, int]:
    """For each old clause, where it stood in the new version: the end of the new partner of the nearest
    earlier old clause that has one (so a removed clause is listed where it was)."""
    partner = dict((*alignment.same, *alignment.moved, *alignment.reworded))
    anchors: dict[int, int] = {}
    last = 0
    for i in range(len(old)):
        if i in partner:
            last = new[partner[i]].ref.end
        anchors[i] = last
    return anchors
