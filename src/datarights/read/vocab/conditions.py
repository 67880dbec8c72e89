"""Conditions a statement holds under: the customer's election (opt-in, opt-out, consent, a setting)."""

from __future__ import annotations

from datarights.read.patterns import compile_

CONDITION_OPT_OUT = compile_(
    r"\bopt(?:ing|ed)?[\s-]*out\b|\bturn(?:ing|s)?\s+(?:it\s+|this\s+)?off\b|\bswitch(?:ing)?\s+off\b"
    r"|\bdisabl(?:e|ing)\b|\btoggle\b|\bobject(?:ion)?\s+to\b|\bright\s+to\s+object\b"
    r"|\b(?:select|choose|decide)\s+whether\b|\bchoos(?:e|ing)\s+[\"“]?no\b|\bunless\s+you\s+(?:opt(?![\s-]*in)|turn(?!\s+(?:it\s+|this\s+|that\s+)?on\b)|disable|object)"
    # (not "after you stop using Sketchmoor": the customer leaving the service, which turns nothing off)
    r"|(?<!\byou\s)(?<!\bcustomer\s)(?<!\busers\s)(?<!\buser\s)\bstop\s+(?:us\s+)?(?:from\s+)?using\b|\bwithdraw\s+(?:your\s+)?consent\b|\bchange\s+(?:your|this|that)\s+setting"
    # "you can ask us to stop by emailing …", "request that we stop"
    r"|\b(?:ask|request|tell|instruct)\w*\s+(?:us\s+)?(?:to|that\s+we)\s+stop\b"
    # "Unless you tell us not to, we use Your Content to train …"
    r"|\bunless\s+you\s+(?:tell|ask|instruct)\s+us\s+not\s+to\b"
    # an objection made through a setting ("you can object in Settings")
    r"|\bobject\s+(?:in|via|through|using|from)\s+(?:your\s+|the\s+)?(?:settings|app|account|privacy\s+settings|data\s+controls)\b"
    # "To stop this, email privacy@…"; "If you don't want this, contact us"
    r"|\bto\s+stop\s+(?:this|that|it)\b|\bif\s+you\s+(?:do\s+not|don[’']t)\s+want\s+(?:this|that|us\s+to)\b"
)
CONDITION_OPT_IN = compile_(
    r"\bopt(?:ed|s)?[\s-]*in(?:to)?\b|\bexplicitly\s+(?:agree|agreed|consent|consented|opted|permit|authori[sz]e)"
    r"|\b(?:prior|express|explicit|written|affirmative|separate)\s+(?:written\s+)?(?:consent|permission|authori[sz]ation|agreement|opt-in)"
    r"|\bwithout\s+(?:your|customer[’']?s?|the\s+customer[’']?s?|its|their)\s+(?:prior\s+|express\s+|explicit\s+)?(?:written\s+)?"
    r"(?:consent|permission|authori[sz]ation|agreement|approval)"
    r"|\bunless\s+(?:you|customer|the\s+customer|(?:the\s+)?(?:client|licensee|subscriber))\s+(?:\w+\s+){0,3}(?:agree|agrees|consent|consents|opt|opts|elect|elects"
    r"|choose|chooses|enable|enables|instruct|instructs|permit|permits|authori[sz]e|authori[sz]es|request|requests|allow|allows"
    # a separate agreement the customer signs: "unless Customer has signed a Data Contribution Agreement"
    r"|sign|signs|signed|execute|executes|executed|enter\w*\s+into"
    # "unless you turn on the Help Improve setting": a setting that is off until the customer acts
    r"|turns?\s+(?:it\s+|this\s+|that\s+)?on\b|switch(?:es)?\s+(?:it\s+|this\s+|that\s+)?on\b|activates?)"
    # "… only if you give us permission", "if you grant us your consent"
    r"|\bif\s+(?:you|customer|the\s+customer)\s+(?:give|gives|grant|grants)\s+(?:us\s+)?(?:your\s+|its\s+)?(?:express\s+|explicit\s+|prior\s+)?"
    r"(?:permission|consent|authori[sz]ation)\b"
    r"|\bonly\s+(?:if|when|where|with)\s+(?:you|customer|the\s+customer)\b|\bif\s+(?:you|customer)\s+(?:choose|chooses|elect|elects)\s+to\s+(?:share|allow|provide|enable|opt|participate|submit|send)"
    r"|\bsubject\s+to\s+[^.;]{0,60}(?:settings|consent|elections?)|\b(?:cover\s+page|order\s+form)\s+(?:permits|identifies|specifies|allows|states)"
    r"|\bunless\s+the\s+(?:cover\s+page|order\s+form)"
    # "unless a Workspace Administrator turns on the Model Improvement Setting": the customer's admin switches it on
    r"|\bunless\s+(?:you|customer|the\s+customer|(?:an?|the|your|its|customer[’']s)\s+(?:[\w-]+\s+){0,2}(?:administrators?|admins?|owners?))\s+"
    r"(?:\w+\s+){0,2}?(?:turns?|switch(?:es)?|sets?)\s+(?:[\w\"“”-]+\s+){0,4}?on\b"
    r"|\bunless\s+(?:an?|the|your|its|customer[’']s)\s+(?:[\w-]+\s+){0,2}(?:administrators?|admins?|owners?)\s+(?:\w+\s+){0,2}?"
    r"(?:agrees?|consents?|opts?|elects?|chooses|enables?|activates?)\b"
    # a programme the customer joins: "unless, and only for so long as, Customer has enrolled in the Model
    # Improvement Program", "only once you join Labs", "if you sign up for the research preview"
    r"|\b(?:unless|until|only\s+(?:if|once|when|while))\b[^.;]{0,40}?\b(?:you|customer|the\s+customer)\s+(?:has\s+|have\s+)?"
    r"(?:enrol(?:s|ls?|led)?|join(?:s|ed)?|sign(?:s|ed)?\s+up|participat(?:e|es|ed))\s+(?:in|for|to)?"
    r"|\bif\s+(?:you|customer|the\s+customer)\s+(?:choose\s+to\s+)?(?:enrol(?:s|ls?)?|join(?:s)?)\s+(?:in\s+|the\s+|our\s+)?"
    r"(?:(?-i:[A-Z])[\w-]*|program\w*|pilot|beta|research)"
)
# A permission that holds once the customer has made its election, read from the words that open the clause ("If
# Adaptive Learning is enabled above, we will use …", "Where Customer has signed a Data Contribution Agreement, …").
ELECTION_MADE = compile_(
    r"^\W*(?:[\w.]+\s+(?:[–—-]\s+)?)?(?:if|where|when|once|to\s+the\s+extent)\s+[^,;]{0,80}?\b(?:is|are|has\s+been|have\s+been)\s+"
    r"(?:elected|selected|opted\s+into"
    # a state ("is enabled") is an election only where the order form records it: a setting may be on by default
    r"|(?:enabled|turned\s+on|activated)\s+(?:above|below|(?:on|in)\s+(?:the|this|an?|your)\s+(?:order\s+form|order|cover\s+page)))\b"
    # the customer acts: "Where Customer has signed a Data Contribution Agreement", "If you turn it on"
    r"|^\W*(?:[\w.]+\s+(?:[–—-]\s+)?)?(?:if|where|when|once|to\s+the\s+extent)\s+(?:you|customer|the\s+customer|users?)\s+(?:has\s+|have\s+)?"
    r"(?:signed|signs?|elected|elects?|enabled|enables?|opted\s+in|opts?\s+in|turned\s+(?:it\s+)?on|turns?\s+(?:it\s+|this\s+)?on"
    r"|switch(?:es|ed)?\s+on|consented|consents?|agreed|agrees?)\b"
    # not assent to the document itself ("If you agree to these Terms")
    r"(?!\s+to\s+(?:these|this|the|our)\s+(?:\w+\s+)?(?:terms|agreement|polic(?:y|ies)|conditions|notice))"
)
