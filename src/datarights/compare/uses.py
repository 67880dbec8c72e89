"""Typed changes of general use and disclosure grants (frames from `read.uses`).

A grant is compared as sets of named values: a purpose, kind of data, verb or recipient gained is a
right widened, one lost a right narrowed; a closed list opened ("will only use … for" → "may use …")
widens; a gate (consent, opt-out, settings) removed widens. A grant only one version states is
weighed against every grant of the other version: it widens (or narrows) the provider's rights only
when no single grant there already covers it, so a grant moved or split across clauses reports nothing.
The provider's stance of acting on the customer's behalf is a promise: stated where it was not, it is
a promise added; no longer stated, a promise removed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from datarights.compare.model import ChangeType
from datarights.read.model import Action, Actor, Condition
from datarights.read.uses import SHARING, BehalfFrame, UseFrame
from datarights.read.vocab.uses import UseVerb

USE_ACTION = Action.USE
SHARE_ACTION = Action.SHARE
BEHALF_ACTION = Action.PROCESS
# Kinds of data a grant over data "in general" does not reach: special categories and sensitive data
# (GDPR Art. 9, the CPRA's sensitive personal information: biometric, health, children's data, identity
# documents and government identifiers) must be named to be granted.
SPECIAL_KINDS = frozenset({"biometric", "health", "children", "identity"})
DERIVED_KINDS = frozenset({"usage", "deidentified"})
TRAINING = "train_models"
_TELLING_VERBS = frozenset({UseVerb.DISCLOSE, UseVerb.SELL, UseVerb.PUBLISH, UseVerb.MODIFY})
_GATES = frozenset({Condition.OPT_IN, Condition.OPT_OUT, Condition.SUBJECT_TO_SETTINGS})

Typed = tuple[ChangeType, Action, str]


def grants_use(frame: UseFrame) -> bool:
    """A frame a change of meaning can be about: it names data, a purpose or a recipient, and is not
    only about usage or de-identified data (the de-identification frames read those)."""
    if frame.data and frame.data <= DERIVED_KINDS:
        return False
    return bool(frame.purposes or frame.recipients or frame.data)


def without_training(frame: UseFrame) -> UseFrame | None:
    """Training is read by the training frames: a promise not to use data for training is theirs alone,
    and a grant's training purpose is compared there, not here."""
    if TRAINING not in frame.purposes:
        return frame
    if frame.negated or frame.purposes == {TRAINING}:
        return None
    return replace(frame, purposes=frame.purposes - {TRAINING})


def _side(actor: Actor) -> str:
    return "third_party" if actor is Actor.THIRD_PARTY else "provider"


def _names(values: frozenset[str]) -> str:
    return ", ".join(sorted(values)) or "—"


def _data_within(inner: frozenset[str], outer: frozenset[str]) -> bool:
    """Does a grant over `outer` data reach `inner`? One naming no kind reaches all but special categories."""
    if not inner:
        return True
    if not outer:
        return not inner & SPECIAL_KINDS
    return inner <= outer


def covers(grant: UseFrame, frame: UseFrame, *, sharing: bool) -> bool:
    """Does `grant` already allow what `frame` allows (its use, or with `sharing` its disclosure)?"""
    if grant.negated or frame.negated or _side(grant.actor) != _side(frame.actor):
        return False
    if grant.conditions & _GATES - frame.conditions:
        return False  # the grant is held behind a gate the frame does not have
    if not _data_within(frame.data, grant.data):
        return False
    if sharing:
        sells = (
            UseVerb.SELL in frame.verbs and UseVerb.SELL not in grant.verbs
        )  # selling is more than sharing
        return frame.recipients <= grant.recipients and bool(grant.verbs & SHARING) and not sells
    return frame.purposes <= grant.purposes and grant.uses


def _promise_covered(promise: UseFrame, others: Sequence[UseFrame]) -> bool:
    return any(o.negated and o.verbs & promise.verbs and _data_within(promise.data, o.data) for o in others)


def appeared(frames: Sequence[UseFrame], others: Sequence[UseFrame], *, added: bool) -> Iterator[Typed]:
    """Grants of a clause only one version has, against every grant of the other version."""
    what = "added" if added else "removed"
    for frame in frames:
        held = f" (condition: {_names(frozenset(c.value for c in frame.conditions & _GATES))})"
        held = held if frame.conditions & _GATES else ""
        if frame.negated:
            if not _promise_covered(frame, others):
                action = SHARE_ACTION if frame.verbs <= SHARING else USE_ACTION
                kind = ChangeType.PROMISE_ADDED if added else ChangeType.PROMISE_REMOVED
                verbs = _names(frozenset(v.value for v in frame.verbs))
                yield kind, action, f"promise not to {verbs} {_names(frame.data)} {what}"
            continue
        widened = ChangeType.RIGHT_WIDENED if added else ChangeType.RIGHT_NARROWED
        who = "" if _side(frame.actor) == "provider" else " (third parties)"
        if frame.uses and not _granted(others, frame, "purposes"):
            yield (
                widened,
                USE_ACTION,
                f"use{who} of {_names(frame.data)} for {_names(frame.purposes)} {what}{held}"
                + _unmatched(others, frame, "purposes", frame.purposes),
            )
        if frame.shares and not _granted(others, frame, "recipients"):
            yield (
                widened,
                SHARE_ACTION,
                f"disclosure{who} of {_names(frame.data)} to {_names(frame.recipients)} {what}{held}"
                + _unmatched(others, frame, "recipients", frame.recipients),
            )


def _granted(others: Sequence[UseFrame], frame: UseFrame, field: str) -> bool:
    """Does the other version grant all of `frame` (its purposes, or its recipients), each value by some
    grant over the same data (a grant split across clauses, or merged into one, is still granted)?"""
    values: frozenset[str] = frame.purposes if field == "purposes" else frame.recipients
    if not values:
        return any(covers(o, frame, sharing=field == "recipients") for o in others)
    return all(_stated(others, frame, field, v) for v in values)


def _unmatched(others: Sequence[UseFrame], frame: UseFrame, field: str, values: frozenset[str]) -> str:
    """Which of a grant's purposes or recipients the other version grants nowhere, when only some are."""
    alone = frozenset(v for v in values if not _stated(others, frame, field, v))
    return f"; {field} the other version lacks: {_names(alone)}" if alone and alone != values else ""


def _gained(
    old: frozenset[str],
    new: frozenset[str],
    label: str,
    elsewhere: Sequence[UseFrame],
    template: UseFrame,
    *,
    field: str,
    others_old: Sequence[UseFrame],
) -> tuple[list[str], list[str]]:
    """What was gained and lost of one set, leaving out what another grant of the other version states."""
    wider: list[str] = []
    narrower: list[str] = []
    came = frozenset(v for v in new - old if not _stated(others_old, template, field, v))
    gone = frozenset(v for v in old - new if not _stated(elsewhere, template, field, v))
    if came:
        wider.append(f"{label} added: {_names(came)}")
    if gone:
        narrower.append(f"{label} removed: {_names(gone)}")
    return wider, narrower


def _stated(grants: Sequence[UseFrame], template: UseFrame, field: str, value: str) -> bool:
    """Does some grant of `grants` state `value` (a purpose or recipient) for `template`'s data?"""
    if field == "purposes":
        probe = replace(template, purposes=frozenset({value}), recipients=frozenset(), negated=False)
        return any(covers(g, probe, sharing=False) for g in grants)
    probe = replace(template, recipients=frozenset({value}), purposes=frozenset(), negated=False)
    return any(covers(g, probe, sharing=True) for g in grants)


def pair_changes(
    a: UseFrame, b: UseFrame, old_all: Sequence[UseFrame], new_all: Sequence[UseFrame]
) -> Iterator[Typed]:
    """How one grant changed between two versions of a reworded clause."""
    if a.negated != b.negated:
        action = SHARE_ACTION if (a.verbs | b.verbs) <= SHARING else USE_ACTION
        kind = ChangeType.PROMISE_REMOVED if a.negated else ChangeType.PROMISE_ADDED
        yield kind, action, f"{'promise → right' if a.negated else 'right → promise'} to {action.value}"
        return
    if _side(a.actor) != _side(b.actor):
        yield ChangeType.ROLE_CHANGED, USE_ACTION, f"who: {_side(a.actor)} → {_side(b.actor)}"
    promise = a.negated  # for a promise, reaching further narrows the right it denies
    others_new = [g for g in new_all if g is not b]
    others_old = [g for g in old_all if g is not a]
    wider: list[str] = []
    narrower: list[str] = []
    if a.uses or b.uses:
        w, n = _gained(
            a.purposes, b.purposes, "purposes", others_new, b, field="purposes", others_old=others_old
        )
        wider += w
        narrower += n
        # use, process, access and collect are rewordings of one another; handing over or altering is not
        old_verbs = frozenset(v.value for v in a.verbs & _TELLING_VERBS)
        new_verbs = frozenset(v.value for v in b.verbs & _TELLING_VERBS)
        if old_verbs < new_verbs:
            wider.append(f"actions added: {_names(new_verbs - old_verbs)}")
        elif new_verbs < old_verbs:
            narrower.append(f"actions removed: {_names(old_verbs - new_verbs)}")
        if a.data and b.data and a.data != b.data:
            if a.data < b.data:
                wider.append(f"data: {_names(a.data)} → {_names(b.data)}")
            elif b.data < a.data:
                narrower.append(f"data: {_names(a.data)} → {_names(b.data)}")
        if a.only != b.only:
            (narrower if b.only else wider).append(
                "closed list of uses" + (" added" if b.only else " removed")
            )
    old_gates, new_gates = a.conditions & _GATES, b.conditions & _GATES
    gates_shown = (
        f"condition: {_names(frozenset(c.value for c in old_gates))}"
        f" → {_names(frozenset(c.value for c in new_gates))}"
    )
    if old_gates != new_gates:
        if old_gates and new_gates:
            yield ChangeType.CONDITION_CHANGED, USE_ACTION, gates_shown
        else:
            (wider if old_gates else narrower).append(gates_shown)
    if promise:
        wider, narrower = narrower, wider
    if wider:
        yield ChangeType.RIGHT_WIDENED, USE_ACTION, "; ".join(wider)
    if narrower:
        yield ChangeType.RIGHT_NARROWED, USE_ACTION, "; ".join(narrower)
    if a.shares or b.shares:
        w, n = _gained(
            a.recipients, b.recipients, "recipients", others_new, b, field="recipients", others_old=others_old
        )
        if promise:
            w, n = n, w
        if w:
            yield ChangeType.RIGHT_WIDENED, SHARE_ACTION, "; ".join(w)
        if n:
            yield ChangeType.RIGHT_NARROWED, SHARE_ACTION, "; ".join(n)


def pair_all(
    old: Sequence[UseFrame], new: Sequence[UseFrame], old_all: Sequence[UseFrame], new_all: Sequence[UseFrame]
) -> Iterator[Typed]:
    """The grants of two versions of one clause: paired in order, the rest as appeared or gone."""
    for a, b in zip(old, new, strict=False):
        yield from pair_changes(a, b, old_all, new_all)
    yield from appeared(new[len(old) :], old_all, added=True)
    yield from appeared(old[len(new) :], new_all, added=False)


def _binding(frames: Sequence[BehalfFrame]) -> list[BehalfFrame]:
    return [f for f in frames if not f.conditional]


def behalf_appeared(
    frames: Sequence[BehalfFrame], others: Sequence[BehalfFrame], *, added: bool
) -> Iterator[Typed]:
    """Acting on the customer's behalf, stated (or no longer stated) where the other version does not
    state it for the same data without a premise."""
    for frame in _binding(frames):
        if not any(_data_within(frame.data, o.data) for o in _binding(others)):
            kind = ChangeType.PROMISE_ADDED if added else ChangeType.PROMISE_REMOVED
            data = f" for {_names(frame.data)}" if frame.data else ""
            yield (
                kind,
                BEHALF_ACTION,
                f"processing on the customer's behalf{data} {'stated' if added else 'no longer stated'}",
            )
