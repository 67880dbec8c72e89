"""The data a statement speaks of: customer content, derived or usage data, feedback, special categories."""

from __future__ import annotations

import re

from datarights.read.patterns import compile_

# Nouns for the customer's content in the broad sense of the spec (what goes in and comes out).
CONTENT_NOUNS = (
    r"content|customer data|your data|user data|business data|personal data|personal information|information"
    r"|inputs?|outputs?|prompts?|conversations?|chats?|messages?|files?|interactions?|activity|submissions?"
    r"|responses?|data|materials?|recordings?|transcripts?|queries|completions?|generations?|code|posts"
)
# Derived or usage data: belongs to `deidentified_use`, not to content questions.
DERIVED_DATA = compile_(
    r"\b(?:aggregat(?:ed|e|ing)|de-?identif(?:ied|y|ying)|anonymi[sz](?:ed|e|ing)|anonymous|pseudo-?(?:anonymi|nymi)[sz](?:ed|e))"
    # "aggregated, anonymised datasets": a comma joins the participles as "and" does
    r"(?:(?:\s*,\s*|\s+(?:and|or|and/or|,)\s+)\w+)?\s+(?:\w+\s+){0,2}?"
    r"(?:data|information|statistics|form|basis|content|insights|results|metrics|usage|technical|datasets?|data\s+sets?)\b"
    r"|\b(?:usage|telemetry|diagnostic|service[\s-]generated|system|performance|analytics|statistical)\s+(?:data|information)\b"
    r"|\bnon-?personal(?:ly)?(?:\s+identifiable)?\s+information\b|\baggregated\s+statistics\b|\btelemetry\b"
)
# A usage or telemetry definition that takes in what the customer typed ("… and the text of search queries and
# Assistant requests entered by Users", "Usage Data includes prompts"): the term then carries customer content.
ENTERED_TEXT = compile_(
    r"\b(?:text|contents?|body|wording)\s+of\s+(?:\w+\s+){0,4}?(?:queries|questions|commands|requests|prompts|messages|searches|inputs|conversations|chats)\b"
    r"|\b(?:prompts?|inputs?|queries|questions|commands|requests|messages|instructions|conversations?)\s+(?:\w+\s+){0,3}?(?:entered|typed|submitted|sent|input|written)"
    r"\s+(?:by|through|into|in)\b"
    r"|\b(?:includ\w*|such\s+as|comprises?|contains?)\s+(?:\w+\s+){0,3}?(?:prompts?|inputs?|customer\s+content)\b"
)
# What the service gives back to the customer, defined without the word "output" ("“Replies” means what Pebble
# sends back to you", "… the responses the Service generates for Customer").
OUTPUT_DEFINITION = re.compile(
    r"\b(?:means|refers\s+to)\s+[^.]{0,120}?\b(?:sends?\s+back|returns?|generates?|produces?|creates?)\s+(?:[^.]{0,40}?\s)?(?:to|for)\s+"
    r"(?:you|customer|the\s+customer|users?)\b"
    # "the images and text produced by the Platform in response to Submissions"
    r"|\b(?:produced|generated|returned|created|produces|generates|returns|creates)\s+(?:by\s+(?:the\s+)?\w+\s+)?in\s+response\s+to\b"
    # "slideshows and collages that Acme creates automatically from your content"
    r"|\b(?:creates?|generates?|produces?|makes?)\s+(?:automatically\s+)?from\s+(?:your|the\s+customer[’']s|customer[’']s)\s+"
    r"(?:content|inputs?|photos|prompts|data|files)\b",
    re.IGNORECASE,
)
FEEDBACK = compile_(
    r"\b(?:feedback|suggestions?|ideas?|comments?\s+(?:or|and)\s+suggestions?|recommendations?)\b"
)

# Protected health information (HIPAA): in a business associate agreement it is the customer's own content.
PHI = compile_(r"\b(?:e?PHI|protected\s+health\s+information)\b")
# The document is a business associate agreement (or addendum), by its title or opening words.
BAA_TITLE = compile_(r"\bbusiness\s+associate\s+(?:agreement|addendum|terms|contract)\b|\bBAA\b")

SPECIAL_CATEGORY = compile_(
    r"\b(?:health|medical|biometric|child(?:ren)?[’']?s?|minors?|payment\s+card|genetic|sensitive)\b"
)


# Customer content in the narrow sense: the nouns a retention or review clause must be about
# (generic "information" alone does not qualify).
STRICT_CONTENT = (
    r"(?:customer|user|your|client|business|end\s+user|controller)\s+(?:personal\s+)?(?:content|data|materials?|files?|documents?|information)"
    r"|content|inputs?|outputs?|prompts?|completions?|conversations?|chats?|messages?|files?|uploads?|submissions?"
    r"|interactions?|recordings?|transcripts?|personal\s*(?:data|information)|activity|chat\s+history|logs?|posts"
)


_STRICT_CONTENT_RE = re.compile(r"\b(?:" + STRICT_CONTENT + r")\b")

# Every match of `_STRICT_CONTENT_RE` holds one of these words (the literals its scan plan requires).
STRICT_CONTENT_LITERALS = (
    "content",
    "customer",
    "your",
    "user",
    "input",
    "output",
    "prompt",
    "personal",
    "file",
    "message",
    "chat",
    "conversation",
    "client",
    "business",
    "controller",
    "completion",
    "upload",
    "submission",
    "interaction",
    "recording",
    "transcript",
    "activity",
    "history",
    "log",
    "posts",
)


def may_mention_strict_content(lowered: str, terms: frozenset[str]) -> bool:
    """False only where `read.view.mentions_strict_content` is false for a text whose `str.lower()` is
    `lowered`, `terms` the document's defined content terms: a few substring tests where the regex
    tries every position (a clause without any of these words is most of what the readers pass over)."""
    for literal in STRICT_CONTENT_LITERALS:
        if literal in lowered:
            return True
    return any(term in lowered for term in terms)
