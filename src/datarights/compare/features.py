"""What a frame covers that the frames themselves do not type yet, derived from the clause's words with
declared patterns: which user classes, which models, which kinds of data, which exceptions and how long.
Each is a set of named values, so two versions of a clause compare as sets (a class gained or lost),
never as strings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from datarights.read.patterns import compile_
from datarights.read.vocab.time import NUMBER_VALUES, NUMBER_WORD, UNIT_DAYS

# A class of users named as the ones a statement covers: "free, Pro and Student users", "Enterprise customers".
_USER_CLASS = compile_(
    r"\b(?P<cls>free|pro|plus|premium|student|students|team|teams|business|enterprise|education|edu|consumer|individual"
    r"|personal|api|developer|trial|basic|standard|max)\b(?=(?:[\s,]+(?:and|or|&)?\s*(?:free|pro|plus|premium|students?"
    r"|teams?|business|enterprise|education|edu|consumer|individual|personal|api|developer|trial|basic|standard|max)\b)*"
    r"[\s,]*(?:plans?\s+)?(?:users?|customers?|accounts?|plans?|subscribers?|tiers?|workspaces?|members?)\b)"
)
# "all users", "everyone", "every customer": a statement that names no class covers them all.
_ALL_USERS = compile_(
    r"\b(?:all|every|any)\s+(?:of\s+our\s+)?(?:users?|customers?|accounts?|plans?)\b|\beveryone\b"
)
# Models a training statement covers beyond "our models": listing one more kind widens it.
_MODEL_KIND = compile_(
    r"\b(?P<kind>preview|experimental|beta|research|frontier|foundation(?:al)?|general[\s-]purpose|generative|future"
    r"|third[\s-]party|partner|fine[\s-]?tuned|custom|open[\s-](?:weight|source))\s+(?:\w+\s+){0,2}?(?:models?|versions?|systems?)\b"
)
# Kinds of data named in the clause (finer than the frame's `objects`).
_DATA_WORD = compile_(
    r"\b(?P<kind>audio|video|chats?|messages?|prompts?|inputs?|outputs?|files?|images?|voice|recordings?|transcripts?"
    r"|screen\s+sharing|attachments?|code|feedback|conversations?|documents?|emails?|location|contacts?|biometric\w*"
    r"|usage\s+(?:data|information)|profile\s+information|payment\s+information|cookies?|identifiers?)\b"
)
# What a statement sets apart: "except …", "unless …", "other than …", "does not apply to …". "Including, but
# not limited to …" lists examples, which set nothing apart.
_EXCEPTION = compile_(
    r"\b(?:except(?:\s+(?:for|as|to|where|when))?|unless|other\s+than|excluding|apart\s+from|save\s+for"
    r"|(?:does|do|will|shall)\s+not\s+apply\s+to|with\s+the\s+exception\s+of|but\s+not(?!\s+limited\b))\s+(?P<what>[^.;,()]{3,80})"
)
# "unless you opt in / opt out / consent" is the frame's condition, not an exception of its reach.
_ELECTION = compile_(
    r"(?:you|the\s+customer|customers?|users?)\s+(?:\w+\s+){0,2}?(?:opt|consent|agree|choose|elect|turn|enable|disable|object)"
    r"|(?:with\s+)?(?:your|prior|express)\s+(?:\w+\s+)?consent"
)
_PERIOD = compile_(
    r"\b(?P<n>" + NUMBER_WORD + r")(?:\s*\((?P<digits>\d+)\))?\s+(?:calendar\s+|business\s+|working\s+)?"
    r"(?P<unit>hour|day|week|month|year)s?\b"
)
# Keeping for as long as something else lasts, which is no stated limit.
_OPEN_ENDED = compile_(
    r"\b(?:indefinitely|as\s+long\s+as\s+(?:\w+\s+){0,3}(?:necessary|needed|required|reasonably)"
    r"|(?:for\s+)?the\s+(?:duration|life(?:time)?)\s+of\s+(?:your|the)\s+(?:account|subscription|agreement|relationship)"
    r"|for\s+the\s+duration\s+(?:that\s+)?you\s+use"
    r"|until\s+(?:you|such\s+content|it|the\s+content)\s+(?:is\s+|are\s+)?(?:delete|remove|close|removed|deleted))\w*"
)


@dataclass(frozen=True, slots=True)
class Coverage:
    """What one clause's statement covers, from its words."""

    users: frozenset[str]  # user classes named; empty when the clause names none (it covers everyone)
    models: frozenset[str]
    data: frozenset[str]
    exceptions: frozenset[str]
    period_days: float | None  # the longest stated period; inf when open-ended
    period_words: str = ""  # that period as the clause words it ("ninety (90) days"), for display

    @property
    def period(self) -> str:
        return self.period_words or days_text(self.period_days)


def _singular(word: str) -> str:
    word = " ".join(word.lower().replace("-", " ").split())
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us")) else word


def _days(match: re.Match[str]) -> float:
    digits = match.group("digits")
    n = match.group("n").lower()
    count = float(digits) if digits else float(n) if n.isdigit() else float(NUMBER_VALUES.get(n, 1))
    return count * UNIT_DAYS[match.group("unit").lower()]


def _exception(text: str) -> str:
    words = re.findall(r"[\w’'-]+", text.lower())
    return " ".join(words[:6])


def coverage(text: str) -> Coverage:
    users = frozenset(_singular(m.group("cls")) for m in _USER_CLASS.finditer(text))
    if _ALL_USERS.search(text):
        users = frozenset()  # "all users, including free and Pro" covers everyone
    periods = [(_days(m), " ".join(m.group(0).split())) for m in _PERIOD.finditer(text)]
    if open_ended := _OPEN_ENDED.search(text):
        periods.append((math.inf, " ".join(open_ended.group(0).split())))
    longest = max(periods, key=lambda p: p[0]) if periods else None
    return Coverage(
        users=users,
        models=frozenset(_singular(m.group("kind")) for m in _MODEL_KIND.finditer(text)),
        data=frozenset(_singular(m.group("kind")) for m in _DATA_WORD.finditer(text)),
        exceptions=frozenset(
            _exception(m.group("what"))
            for m in _EXCEPTION.finditer(text)
            if not _ELECTION.match(m.group("what"))
        ),
        period_days=longest[0] if longest else None,
        period_words=longest[1] if longest else "",
    )


def days_text(days: float | None) -> str:
    if days is None:
        return "no period"
    if math.isinf(days):
        return "open-ended"
    if days >= 365 and days % 365 == 0:
        return f"{int(days // 365)} years" if days > 365 else "1 year"
    if days >= 30 and days % 30 == 0:
        return f"{int(days // 30)} months" if days > 30 else "1 month"
    return f"{days:g} days"
