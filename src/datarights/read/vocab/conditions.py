"""Conditions a statement holds under: the customer's election (opt-in, opt-out, consent, a setting)."""

from __future__ import annotations

from datarights.read.patterns import compile_

CONDITION_OPT_OUT = compile_(
    r"\bopt(?:ing|ed)?[\s-]*out\b|\bturn(?:ing|s)?\s+(?:it\s+|this\s+)?off\b|\bswitch(?:ing)?\s+off\b"
    r"|\bdisabl(?:e|ing)\b|\btoggle\b|\bobject(?:ion)?\s+to\b|\bright\s+to\s+object\b"
    r"|\b(?:select|choose|decide)\s+whether\b|\bchoos(?:e|ing)\s+[\"“]?no\b|\bunless\s+you\s+(?:opt|turn|disable|object)"
    r"|\bstop\s+(?:us\s+)?(?:from\s+)?using\b|\bwithdraw\s+(?:your\s+)?consent\b|\bchange\s+(?:your|this|that)\s+setting"
    # "you can ask us to stop by emailing …", "request that we stop"
    r"|\b(?:ask|request|tell|instruct)\w*\s+(?:us\s+)?(?:to|that\s+we)\s+stop\b"
)
CONDITION_OPT_IN = compile_(
    r"\bopt(?:ed|s)?[\s-]*in(?:to)?\b|\bexplicitly\s+(?:agree|agreed|consent|consented|opted|permit|authori[sz]e)"
    r"|\b(?:prior|express|explicit|written|affirmative|separate)\s+(?:written\s+)?(?:consent|permission|authori[sz]ation|agreement|opt-in)"
    r"|\bwithout\s+(?:your|customer[’']?s?|the\s+customer[’']?s?|its|their)\s+(?:prior\s+|express\s+|explicit\s+)?(?:written\s+)?"
    r"(?:consent|permission|authori[sz]ation|agreement|approval)"
    r"|\bunless\s+(?:you|customer|the\s+customer|(?:the\s+)?(?:client|licensee|subscriber))\s+(?:\w+\s+){0,3}(?:agree|agrees|consent|consents|opt|opts|elect|elects"
    r"|choose|chooses|enable|enables|instruct|instructs|permit|permits|authori[sz]e|authori[sz]es|request|requests|allow|allows)"
    r"|\bonly\s+(?:if|when|where|with)\s+(?:you|customer|the\s+customer)\b|\bif\s+(?:you|customer)\s+(?:choose|chooses|elect|elects)\s+to\s+(?:share|allow|provide|enable|opt|participate|submit|send)"
    r"|\bsubject\s+to\s+[^.;]{0,60}(?:settings|consent|elections?)|\b(?:cover\s+page|order\s+form)\s+(?:permits|identifies|specifies|allows|states)"
    r"|\bunless\s+the\s+(?:cover\s+page|order\s+form)"
    # "unless a Workspace Administrator turns on the Model Improvement Setting": the customer's admin switches it on
    r"|\bunless\s+(?:you|customer|the\s+customer|(?:an?|the|your|its|customer[’']s)\s+(?:[\w-]+\s+){0,2}(?:administrators?|admins?|owners?))\s+"
    r"(?:\w+\s+){0,2}?(?:turns?|switch(?:es)?|sets?)\s+(?:[\w\"“”-]+\s+){0,4}?on\b"
    r"|\bunless\s+(?:an?|the|your|its|customer[’']s)\s+(?:[\w-]+\s+){0,2}(?:administrators?|admins?|owners?)\s+(?:\w+\s+){0,2}?"
    r"(?:agrees?|consents?|opts?|elects?|chooses|enables?|activates?)\b"
)
