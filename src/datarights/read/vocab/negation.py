"""Negation: which "not" governs which verb, and which negations belong to a condition instead."""

from __future__ import annotations

import re

from datarights.read import gate
from datarights.read.patterns import ASCII_LOWER, compile_

NEGATION = compile_(
    r"\b(?:not|never|no|nor|neither|without)\b|n[’']t\b|\bcannot\b|\bno\s+longer\b|\bwon[’']t\b|\brefrain\b"
)


# A negation that governs a use verb: "will not use", "isn't used", "do not … train", "no Content will be used".
NEGATED_USE = compile_(
    # "shall not, and shall ensure that its Affiliates do not, use …": the comma closing an inserted clause
    r"(?:\b(?:not|never|no\s+longer)\b|n[’']t\b|\bcannot\b),?\s+(?:\w+\s+){0,3}?(?:be\s+)?"
    r"(?:use|used|uses|using|train\w*|process\w*|leverag\w*|utili[sz]\w*|shar\w*|allow\w*|permit\w*|access\w*"
    r"|appear|collect\w*|retain\w*|store\w*|sell\w*|disclos\w*|fine[\s-]?tun\w*|develop\w*|improv\w*|feed\w*|includ\w*\s+in"
    # "will not aggregate, anonymise or de-identify Customer Personal Data for its own purposes"
    r"|aggregat\w*|anonymi[sz]\w*|de-?identif\w*|pseudonymi[sz]\w*)"
    r"|\bno\s+(?:\w+\s+){0,4}(?:will|shall|may|is|are)\s+(?:ever\s+)?(?:be\s+)?used\b"
    r"|\bnor\s+(?:\w+\s+){0,4}(?:use|train)\w*"
)
# Negations inside a condition ("even if you don't use our Products, …") do not negate the main clause.
CONDITION_CLAUSE = compile_(
    r"\b(?:even\s+)?(?:if|once|whether|when|where|although|though)\b[^,;]{0,100},|\bwhether\s+or\s+not\b"
)


# Every match of `NEGATED_USE` holds one of "no", "never", "n't", "n’t" (lower-cased): "not", "nor",
# "cannot" and "no …" hold "no". Where a text holds none, no negation governs a verb in it.
NEGATION_LITERALS = ("no", "never", "n't", "n’t")


def _may_negate(lowered: str) -> bool:
    """False only where `NEGATED_USE` cannot match in `lowered` (removing spans never joins a literal)."""
    # Spelled out: a generator over the four costs more than the four substring searches.
    return "no" in lowered or "never" in lowered or "n't" in lowered or "n’t" in lowered


def negated_before(text: str, position: int, window: int = 90) -> bool:
    """Does a negation in the same clause govern the verb shortly before `position`?"""
    head = text[max(0, position - window) : position]
    if _may_negate(head.translate(ASCII_LOWER)):
        # A negation is cut off by a clause boundary (semicolon, "but", "however"; as written, case counts).
        head = _CLAUSE_BOUNDARY.split(head)[-1]
        # The rest ignores case: read lower-cased, behind the literal gate.
        head = gate.sub(CONDITION_CLAUSE, " ", head.translate(ASCII_LOWER))
        if gate.search(NEGATED_USE, head):
            return True
    after = text[position : position + 30].translate(ASCII_LOWER)
    return _may_negate(after) and bool(gate.search(NEGATED_USE, after))


_CLAUSE_BOUNDARY = re.compile(
    r"[;:]|\bbut\b|\bhowever\b|\bexcept\b|\bunless\b|\bother than\b|\bprovided\s+that\b"
)


# "None of your prompts will be used …": a negated subject the shorter `NEGATED_USE` forms do not cover.
NONE_OF_USED = compile_(
    r"\bnone\s+of\s+(?:\w+\s+){0,6}?(?:will|shall|may|is|are|can)\s+(?:ever\s+)?(?:be\s+)?used\b"
)
