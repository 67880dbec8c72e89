"""Who acts: the provider, the customer, and restrictions the customer is under."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from datarights.read import gate
from datarights.read.patterns import ASCII_LOWER, compile_
from datarights.read.vocab.negation import CONDITION_CLAUSE

if TYPE_CHECKING:  # the view imports this vocabulary
    from datarights.read.view import Clause, TextView

PROVIDER_WORDS = (
    "we",
    "us",
    "our",
    "provider",
    "company",
    "vendor",
    "supplier",
    "licensor",
    "processor",
    "service provider",
)
CUSTOMER_WORDS = (
    "you",
    "your",
    "customer",
    "customers",
    "user",
    "users",
    "licensee",
    "client",
    "subscriber",
    "controller",
)


_CUSTOMER_ACTOR = compile_(
    r"\b(?:you|customer|users?|licensee|client|end\s+users?)\b[^.;]{0,60}?\b(?:may\s+not|shall\s+not|must\s+not|will\s+not|agree\s+not|cannot|can[’']?t|are\s+not\s+(?:allowed|permitted)|is\s+not\s+(?:allowed|permitted)|not\s+to)\b"
)


def customer_restricted(clause: Clause, position: int) -> bool:
    """Is the verb at `position` something the customer is forbidden to do (a use restriction)?"""
    head = clause.text[: position - clause.start]
    if _CUSTOMER_ACTOR.search(head[-220:]):
        return True
    return _under_restriction_heading(clause, head)


# The provider named by role as the subject ("Provider will not use …" under a "Data Rights & Restrictions" heading).
PROVIDER_ROLE_SUBJECT = compile_(
    r"\b(?:provider|vendor|supplier|licensor|processor|service\s+provider|business\s+associate)\b(?![’']s\b)"
)


# A heading path that starts with the document's own title ("brightloom acceptable use policy / how we enforce
# this policy / "): the title names the whole document, so its words do not make every section a restriction.
_TITLE_FIRST = re.compile(r"^[^/]*\b(?:policy|policies|terms|guidelines|rules)\s*/\s*(?=\S)")


def _under_restriction_heading(clause: Clause, head: str) -> bool:
    """Items of a list of things users must not do ("You may not: … (c) use Output to develop models …"),
    unless the provider is named before the verb."""
    return (
        bool(
            re.search(
                r"\b(?:restrictions?|prohibited\s+(?:uses?|conduct)|acceptable\s+use|you\s+must\s+not|usage\s+polic)",
                _TITLE_FIRST.sub("", clause.heading, count=1),
            )
        )
        and not re.search(r"\b(?:we|us)\b", head, re.IGNORECASE)
        and not PROVIDER_ROLE_SUBJECT.match(head.lstrip(" \t(•*-–—0123456789.)"))
    )


CUSTOMER_ACTOR = compile_(
    r"\b(?:you|your|customers?[’']?s?|users?[’']?s?|licensees?[’']?s?|clients?[’']?s?|subscribers?[’']?s?|controllers?[’']?s?"
    r"|end\s+users?|workspace\s+admins?|administrators?|data\s+exporters?|covered\s+entit(?:y|ies)[’']?s?)\b"
    r"(?!\s+(?:content|data|materials?|inputs?|outputs?|prompts?|personal|information|generated|submissions?|support|service|success|care|experience)\b)"
)
PROVIDER_ACTOR_WORDS = compile_(
    r"\b(?:we|us|our|provider[’']?s?|company[’']?s?|vendor[’']?s?|supplier[’']?s?|licensor[’']?s?|processors?[’']?s?|service\s+providers?|data\s+importers?"
    # HIPAA: the business associate handles PHI for the covered entity (the customer)
    r"|business\s+associates?[’']?s?)\b"
)


_CUSTOMER_SUBJECT_RESTRICTED = compile_(
    r"\b(?:you|customer|users?|licensee|client|end\s+users?)\b"
    r"(?!\s+(?:content|data|materials?|inputs?|outputs?|prompts?|personal|information|files?|submissions?)\b)"
    r"[^.;]{0,60}?\b(?:may\s+not|shall\s+not|must\s+not|will\s+not|agree\s+not|cannot|can[’']?t|are\s+not\s+(?:allowed|permitted)"
    r"|is\s+not\s+(?:allowed|permitted)|not\s+to)\b"
)


_ACKNOWLEDGES_THAT = compile_(
    r"\b(?:acknowledge|agree|understand|accept|confirm)s?\s+(?:and\s+\w+\s+)?that\b"
)


# "Unless you tell us not to, we use …": the customer instructs the provider, it is not restricted itself.
_INSTRUCTS_NOT_TO = compile_(
    r"\b(?:tell|tells|ask|asks|instruct|instructs|direct|directs|request|requests)\s+(?:us|\w+)\s+not\s+to$"
)
# "conversations you have from then on will not be used": the negation is passive, its subject the data the
# customer word only qualifies.
_PASSIVE_AFTER = compile_(r"\s+(?:be|been)\s+(?:used|processed|included|shared|retained|fed|analy[sz]ed)\b")


def customer_subject_restricted(clause: Clause, position: int) -> bool:
    """Like `customer_restricted`, but the customer must be the subject of the restriction: a customer
    noun used as a possessive ("Customer Data will not be used") or named only inside a condition
    ("If you turn off history, your chats will not be used") does not make the customer the actor."""
    head = clause.text[: position - clause.start]
    head = CONDITION_CLAUSE.sub(" ", head)
    # "You acknowledge that the Company will not use …": the customer only acknowledges the provider's promise.
    tail = head[-220:]
    if any(
        not _ACKNOWLEDGES_THAT.search(m.group(0))
        and not _INSTRUCTS_NOT_TO.search(m.group(0))
        and not _PASSIVE_AFTER.match(tail, m.end())
        for m in _CUSTOMER_SUBJECT_RESTRICTED.finditer(tail)
    ):
        return True
    return _under_restriction_heading(clause, head)


def last_actor(view: TextView, text: str) -> str | None:
    """Who acts in `text` (a clause head): 'provider' or 'customer', by the last actor named, else None."""
    lowered = text.translate(ASCII_LOWER)  # the actor words ignore case: read lower-cased, behind the gate
    provider = [m.end() for m in view.provider_pattern.finditer(text)] + [
        m.end() for m in gate.finditer(PROVIDER_ACTOR_WORDS, lowered)
    ]
    customer = [m.end() for m in gate.finditer(CUSTOMER_ACTOR, lowered)]
    if not provider and not customer:
        return None
    return "provider" if max(provider, default=-1) > max(customer, default=-1) else "customer"
