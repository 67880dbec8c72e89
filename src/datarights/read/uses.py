"""Reading general use and disclosure grants into frames: "Zoom may … use, disclose … Customer Content:
(i) …", "We may collect and use your biometric information for safety … purposes", "we may disclose
Customer information … to a tax authority", "We use your information to:" followed by a list.

A frame says who acts (the provider, or recipients on their own account), what they may do (verb
families), with which kinds of data, for which purposes, to which recipients, under which conditions
(consent, opt-out, settings), and whether the list is closed ("will only use … for", "will not …
except"). The provider's stance of acting on the customer's behalf ("Zoom is acting on your behalf
and you determine the means and purposes") is read as its own frame. Everything is a set of named
values from `read.vocab.uses`, so two versions of a grant compare as sets, never as strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datarights.read.model import Actor, Condition, Unit
from datarights.read.patterns import compile_
from datarights.read.view import Clause, TextView
from datarights.read.vocab.actors import PROVIDER_ACTOR_WORDS, customer_restricted
from datarights.read.vocab.conditions import CONDITION_OPT_IN, CONDITION_OPT_OUT
from datarights.read.vocab.negation import CONDITION_CLAUSE, negated_before
from datarights.read.vocab.uses import (
    AUXILIARY,
    DATA,
    PURPOSE,
    RECIPIENT,
    VERB,
    UseVerb,
    named,
    verb_family,
)

# Verb families that hand data to someone else: their recipients are read.
SHARING = frozenset({UseVerb.DISCLOSE, UseVerb.SELL, UseVerb.PUBLISH})


@dataclass(frozen=True, slots=True)
class UseFrame:
    """One grant (or promise) of use or disclosure. `start`/`end` is the clause; `trigger` the verb."""

    clause: int
    start: int
    end: int
    trigger: int
    unit: Unit
    actor: Actor  # PROVIDER, or THIRD_PARTY for recipients using data on their own account
    negated: bool  # a promise not to (with no exception that lists what is allowed)
    only: bool  # a closed list: "will only … for", "will not … except"
    verbs: frozenset[UseVerb]
    data: frozenset[str]  # named kinds; empty when the grant names none (it covers its context)
    purposes: frozenset[str]
    recipients: frozenset[str]
    conditions: frozenset[Condition]  # OPT_IN, OPT_OUT, SUBJECT_TO_SETTINGS
    related: tuple[int, ...] = ()  # a list item's lead-in

    @property
    def shares(self) -> bool:
        return bool(self.recipients) and bool(self.verbs & SHARING)

    @property
    def uses(self) -> bool:
        """Grants a use of its own (not only handing data over)."""
        return bool(self.verbs - SHARING)


@dataclass(frozen=True, slots=True)
class BehalfFrame:
    """The provider's stance of processing on the customer's behalf (the customer decides the purposes)."""

    clause: int
    start: int
    end: int
    data: frozenset[str]
    conditional: (
        bool  # stated only as the premise of something else ("If … we process … on your behalf, then …")
    )


# Several parties together ("Neither you nor Zoom will disclose", "each party may use"): a mutual duty,
# not the provider's grant.
_PARTIES = compile_(
    r"(?:\bneither\b|\beach\s+party\b|\beither\s+party\b|\bboth\s+parties\b|\bthe\s+parties\b|\breceiving\s+party\b"
    r"|\byou\s+(?:and|or|nor)\b)[^.;:]{0,25}\Z"
)
_THIRD_PARTY_ACTOR = compile_(
    r"\b(?:third[\s-]part(?:y|ies)(?:\s+(?:companies|organi[sz]ations|businesses|services|apps|websites|providers))?"
    r"|partners?|advertisers?|service\s+providers?|vendors?|recipients?|employers?|developers?)\s*\Z"
)
_CUSTOMER_END = compile_(
    r"\b(?:you|customers?|users?|end\s+users?|licensees?|i|admins?|administrators?)\s*\Z"
)
_PASSIVE = compile_(r"\b(?:is|are|be|been|being)\b")
_PARTICIPLE = compile_(r"(?:ed|sold|shared|disclosed|made\s+available)\Z")
_DATA_SUBJECT = compile_(
    r"\b(?:information|data|content|inputs?|outputs?|prompts?|recordings?|messages?|posts|files|materials?)\s*\Z"
)
# "terms that govern how this information can be used": a passive inside a question or relative clause.
_EMBEDDED = compile_(
    r"\b(?:how|which|that|whether|what|whose)\s+(?:\w+\s+){0,2}?(?:information|data|content)\s*\Z"
)
_BY_CUSTOMER = compile_(r"\A\s*by\s+(?:you|customer|users?|end\s+users?)\b")
_ONLY = compile_(r"\b(?:only|solely|exclusively)\b")
_EXCEPT = compile_(r"\b(?:except|unless|other\s+than|save\s+(?:as|for))\b")
_ELECTION = compile_(
    r"\A\W*(?:(?:with|based\s+on)\s+)?(?:you|your|the\s+customer|customer)\s+(?:\w+\s+){0,2}?"
    r"(?:consent|opt|agree|choose|elect|enable|direct|instruct|authori[sz]e|permission)"
)
_CONSENT = compile_(
    r"\b(?:based\s+on|with|upon)\s+(?:your|the\s+customer[’']?s?)\s+(?:prior\s+|express\s+)?consent\b"
)
_SETTINGS = compile_(
    r"\b(?:depending\s+on|subject\s+to|based\s+on|according\s+to)\s+your\s+(?:privacy\s+)?settings\b"
)
_LICENCE = compile_(r"\b(?:grants?|granted|hereby\s+grant)\b[^.;]{0,160}?\blicen[cs]e\b")
# A lead-in that introduces a list of purposes or recipients ("We use your information to:").
_LEAD_END = compile_(r"(?::|\bto|\bfor|\bwith|\bsuch\s+as|\bincluding|\bfollowing)\W*\Z")
_BEHALF = compile_(
    r"\bacting\s+on\s+(?:your|customer[’']?s?|the\s+customer[’']?s?)\s+behalf"
    r"|\b(?:we|us)\s+(?:\w+\s+){0,2}?process\w*\s+[^.;]{0,200}?\bon\s+(?:your|customer[’']?s?|the\s+customer[’']?s?)\s+behalf"
    r"|\b(?:you|customer)\s+determines?\s+the\s+(?:means\s+and\s+purposes|purposes\s+and\s+means)"
)
# "You are solely responsible for … consents … to allow Zoom … to access, use and share": the customer's duty.
_CUSTOMER_DUTY = compile_(
    r"\byou\s+(?:agree\s+that\s+you\s+)?(?:are|will\s+be)\s+(?:solely\s+)?responsible\b"
)
_THEN = compile_(r"\bthen\b")
# A verb word used as a noun ("your use of", "Zoom’s access, use, collection …", "access to").
_NOUN_BEFORE = compile_(r"(?:\b(?:your|our|its|their|the|any|such|his|her|this|that|of|a|an)|[’']s?)\s*\Z")
# A verb continuing a list its first verb heads (read with that first verb, or a list of nouns).
_LISTED = compile_(r"\b(?:" + VERB.pattern[5:-3] + r")\s*(?:,|\band\b|\bor\b|\band/or\b|\s)*\Z")
_NOUN_AFTER = compile_(r"\A\s+(?:of|to\s+and)\b")
# Where a sharing verb names its recipients: after "to …" or "with …", up to where the recipients end
# (examples after "such as" or "including" are recipients too).
_RECIPIENTS_FROM = compile_(r"\b(?:to|with|amongst|among|between)\s+")
_RECIPIENTS_END = compile_(
    r"[;:()]|\.\s|\.?\Z|(?<!such)\s+as\b|\s+(?:for|in\s+order|when|if|where|who|that|which|so\s+that|without"
    r"|in\s+accordance|pursuant|upon|unless|except)\b"
)
_RECIPIENTS_SPAN = 240
_LATER_SHARING = compile_(
    r"\b(?:to\s+|(?:we|us)\s+(?:(?:may|might|can|will|also|then|further)\s+){0,3})"
    r"(?P<verb>share|disclose|sell|transfer)\w*\b"
)
_IF = compile_(r"\bif\b")
_MAX_SCAN = 4000
_END_WINDOW = 80  # characters before a verb where its actor and auxiliaries are looked for  # a clause longer than this is read over its first characters only


def use_frames(view: TextView) -> tuple[UseFrame, ...]:
    """Every use or disclosure grant of the document, in document order (read once per view)."""
    return view.memo("_frames:uses", lambda: tuple(_read_uses(view)))


def behalf_frames(view: TextView) -> tuple[BehalfFrame, ...]:
    """Every statement that the provider processes on the customer's behalf, in document order."""
    return view.memo("_frames:behalf", lambda: tuple(_read_behalf(view)))


def _provider_end(view: TextView) -> re.Pattern[str]:
    def build() -> re.Pattern[str]:
        names = view.provider_actor_pattern.pattern
        # "we and our affiliates", "Acme and its affiliates": affiliates act on the provider's side
        affiliates = r"|\b(?:our|its)\s+(?:corporate\s+)?affiliates"
        return compile_(
            r"(?:" + names + r"|" + PROVIDER_ACTOR_WORDS.pattern + affiliates + r")(?:[’']s)?\s*\Z"
        )

    return view.memo("_uses:provider_end", build)


def _read_uses(view: TextView) -> list[UseFrame]:
    found: list[UseFrame] = []
    by_clause: dict[int, UseFrame] = {}
    for clause in view.clauses:
        frame = _read_clause(view, clause)
        if frame is None:
            lead = view.lead_in(clause)
            parent = by_clause.get(lead.index) if lead is not None else None
            if parent is not None:
                frame = _item(parent, clause)
        if frame is not None:
            by_clause[clause.index] = frame
            found.append(frame)
    return found


def _item(lead: UseFrame, clause: Clause) -> UseFrame | None:
    """A list item under a grant's lead-in: the lead's grant, for the item's purposes or recipients."""
    text = clause.text
    purposes = named(PURPOSE, text)
    recipients = named(RECIPIENT, text) if lead.verbs & SHARING else frozenset()
    if not purposes and not recipients:
        return None
    return UseFrame(
        clause.index,
        clause.start,
        clause.end,
        clause.start,
        Unit.LIST_ITEM,
        lead.actor,
        lead.negated,
        lead.only,
        lead.verbs,
        lead.data | named(DATA, text),
        purposes,
        recipients,
        lead.conditions | _conditions(text),
        (lead.clause,),
    )


def _conditions(text: str) -> frozenset[Condition]:
    found: set[Condition] = set()
    if CONDITION_OPT_IN.search(text) or _CONSENT.search(text):
        found.add(Condition.OPT_IN)
    if CONDITION_OPT_OUT.search(text):
        found.add(Condition.OPT_OUT)
    if _SETTINGS.search(text):
        found.add(Condition.SUBJECT_TO_SETTINGS)
    return frozenset(found)


def _in_condition(text: str, position: int) -> bool:
    """Is `position` inside a premise: "if/where … ," or the "If …" of an "If …, then …" sentence?"""
    if _IF.search(text, 0, position) and _THEN.search(text, position):
        return True
    return any(m.start() <= position < m.end() for m in CONDITION_CLAUSE.finditer(text))


def _actor(view: TextView, head: str, verb: str) -> Actor | None:
    """Who the verb's grant is for, from the words before it (auxiliaries and listed verbs stripped).
    Every pattern here is anchored at the end: each is tried on the last `_END_WINDOW` characters only
    (a search for an end-anchored pattern otherwise tries every start of the head)."""
    stripped = head
    passive = False
    for _ in range(40):  # each pass strips one run of auxiliaries or one listed verb
        window = len(stripped) - _END_WINDOW
        if m := AUXILIARY.search(stripped, max(0, window)):
            passive = passive or bool(_PASSIVE.search(m.group(0)))
            stripped = stripped[: m.start()]
            continue
        tail = re.search(r"[\w/-]+\Z", stripped[-_END_WINDOW:])
        if tail is not None and verb_family(tail.group(0)) is not None:
            stripped = stripped[: len(stripped) - len(tail.group(0))]
            continue
        break
    end = stripped[-_END_WINDOW:]
    if _PARTIES.search(end) or end.rstrip().endswith("nor"):
        return None
    if _provider_end(view).search(end):
        return Actor.PROVIDER
    if _CUSTOMER_END.search(end):
        return None
    if _THIRD_PARTY_ACTOR.search(end):
        return Actor.THIRD_PARTY
    if passive and _PARTICIPLE.search(verb) and _DATA_SUBJECT.search(end) and not _EMBEDDED.search(end):
        return Actor.PROVIDER  # "your information may be shared with …": the provider shares it
    return None


def _verbs_from(text: str, at: int) -> tuple[frozenset[UseVerb], int]:
    """The verb families listed from `at` ("redistribute, publish, …, and process"), and where the list ends."""
    families: set[UseVerb] = set()
    position = at
    while True:
        m = VERB.match(text, position)
        if m is not None:
            family = verb_family(m.group(0))
            if family is not None:
                families.add(family)
            position = m.end()
            continue
        gap = re.match(r"(?:\s|,|\band\b|\bor\b|\band/or\b|\balso\b)+", text[position:])
        if gap is None or not VERB.match(text, position + gap.end()):
            return frozenset(families), position
        position += gap.end()


def _read_clause(view: TextView, clause: Clause) -> UseFrame | None:
    text = clause.text[:_MAX_SCAN]
    if _LICENCE.search(text) or _CUSTOMER_DUTY.search(text[:80]):
        return None  # licence grants are read as licences; a duty of the customer's grants nothing
    for verb in VERB.finditer(text):
        if _in_condition(text, verb.start()):
            continue
        head = text[: verb.start()]
        tail_after = text[verb.end() :]
        if (
            _BY_CUSTOMER.match(tail_after)
            or _NOUN_AFTER.match(tail_after)
            or _NOUN_BEFORE.search(head[-12:])
            or _LISTED.search(head[-40:])
        ):
            continue
        actor = _actor(view, head[-200:], verb.group(0))
        if actor is None or customer_restricted(clause, clause.start + verb.start()):
            continue  # "You may not … enable any third parties to use …" restricts the customer
        verbs, end = _verbs_from(text, verb.start())
        if actor is Actor.THIRD_PARTY and not verbs & {UseVerb.USE, UseVerb.PROCESS, UseVerb.ACCESS}:
            continue  # a recipient handing data over (to the provider) is no grant of the provider's
        tail = text[end:]
        # a sharing grant later in the sentence: "… to share with …", "… and we may share it with …"
        to_share = _LATER_SHARING.search(tail)
        if to_share:
            verbs |= {verb_family(to_share.group("verb")) or UseVerb.DISCLOSE}
        negated = negated_before(text, verb.start()) or bool(re.search(r"\bnot\s*\Z|n[’']t\s*\Z", head))
        only = bool(_ONLY.search(text, max(0, verb.start() - 30), min(len(text), end + 60)))
        conditions = _conditions(text)
        if negated and (exception := _EXCEPT.search(tail)):
            if _ELECTION.match(tail[exception.end() :]):
                conditions |= {Condition.OPT_IN}
            elif not named(PURPOSE, tail[: exception.start()]):
                # "will not access … except (a) … (d)": the exception lists what is allowed, a closed list
                negated, only = False, True
                tail = tail[exception.end() :]
            else:
                tail = tail[: exception.start()]  # "not … to train …, except …": a promise with a carve-out
        purposes = named(PURPOSE, tail)
        recipients = (
            _recipients(tail[to_share.end() :] if to_share else tail) if verbs & SHARING else frozenset()
        )
        if verbs <= {UseVerb.COLLECT}:
            continue  # collecting is no use of the data (and "data that Zoom collects" defines, grants nothing)
        data = named(DATA, text) | (
            frozenset({"content"}) if _content_term(view, text.lower()) else frozenset()
        )
        lead_in = _LEAD_END.search(text)
        if not (purposes or recipients or data) and not (lead_in and view.lead_in(clause) is None):
            continue
        return UseFrame(
            clause.index,
            clause.start,
            clause.end,
            clause.start + verb.start(),
            Unit.SENTENCE,
            actor,
            negated,
            only,
            verbs,
            data,
            purposes,
            recipients,
            conditions,
        )
    return None


def _recipients(tail: str) -> frozenset[str]:
    """The recipients a sharing verb names in the "to …" / "with …" phrase that follows it."""
    at = _RECIPIENTS_FROM.search(tail[:400])
    if at is None:
        return frozenset()
    who = tail[at.end() : at.end() + _RECIPIENTS_SPAN]
    end = _RECIPIENTS_END.search(who)
    return named(RECIPIENT, who[: end.start()] if end is not None else who)


def _content_term(view: TextView, lowered: str) -> bool:
    return any(term in lowered for term in view.content_terms if len(term) > 3 and " " in term)


def _read_behalf(view: TextView) -> list[BehalfFrame]:
    found = []
    for clause in view.clauses:
        text = clause.text[:_MAX_SCAN]
        matches = list(_BEHALF.finditer(text))
        if not matches:
            continue
        # Stated as the premise of something else ("If … we process … on your behalf, then …") binds nothing.
        premise = all(_in_condition(text, m.start()) for m in matches)
        found.append(BehalfFrame(clause.index, clause.start, clause.end, named(DATA, text), premise))
    return found
