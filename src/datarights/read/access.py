"""Reading statements about people on the provider's side seeing customer content into clause frames.

Human or manual review, personnel or contractors who access content, monitoring and moderation, support
and safety vendors, content shared with staff, need-to-know access to confidential information that
includes content, and promises that no person looks at content. Each frame records the wording that
expressed it (`ClauseFrame.wording`); `detect/human_review` decides over the frames. The purposes that
show why people look (enforcement, abuse prevention, safety) are read as supporting frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from datarights.read import gate
from datarights.read.model import GENERAL, Action, Actor, ClauseFrame, DataKind, Modality, Unit
from datarights.read.patterns import compile_, compile_lower
from datarights.read.view import (
    Clause,
    TextView,
    content_term_regex,
    keyword_clauses,
    lowered_text,
    mentions_strict_content,
    register_keywords,
)
from datarights.read.vocab.actors import CUSTOMER_ACTOR, PROVIDER_ACTOR_WORDS, customer_restricted, last_actor
from datarights.read.vocab.data import PHI, may_mention_strict_content
from datarights.read.vocab.negation import negated_before

_PEOPLE = (
    # "our support and safety teams"
    r"(?:(?:support|safety|security|moderation|review|integrity)\s+(?:and\s+(?:support|safety|security|moderation|review|integrity)\s+)?teams?"
    r"|employees?|workforce(?:\s+members?)?|fact-?checkers?|support\s+(?:engineers?|agents?|specialists?|team)|engineers?|analysts?|specialists?|personnel|staff|contractors?|team\s+members?|workers?|moderators?|reviewers?|annotators?|raters?|trust\s*(?:and|&)\s*safety\s+team"
    r"|(?:persons?|individuals?|people)\s+(?:who\s+are\s+)?authori[sz]ed|authori[sz]ed\s+(?:persons?|individuals?|people|users?\s+of\s+\w+))"
)
_SEE = r"(?:access\w*|review\w*|view\w*|read\w*|listen\w*|see|sees|look(?:s|ed|ing)?\s+at|examin\w*|inspect\w*|evaluat\w*|annotat\w*|label\w*|rat(?:e|es|ed|ing))"
CANDIDATE = register_keywords(
    "human_review",
    r"\b(?:human|manual\w*|"
    + _PEOPLE
    + r"|need[\s-]+to[\s-]+know|monitor\w*|moderat\w*|review\w*|screen\w*|access|accessing|remov\w*|tak\w*\s+down|action"
    r"|evaluat\w*|assess\w*|investigat\w*|inspect\w*|examin\w*|service\s+providers?|vendors?|representatives?|teams?|visible|record\w*|affiliates|companies|parties"
    r"|(?:seek|contact|request|reach\s+out\s+to)\s+(?:our\s+)?(?:customer\s+)?support)\b",
    (
        "service provider",
        "checker",
        "visible",
        "record",
        "affiliates",
        "companies",
        "parties",
        "vendor",
        "representative",
        "human",
        "evaluat",
        "assess",
        "investigat",
        "inspect",
        "examin",
        "manual",
        "employee",
        "personnel",
        "staff",
        "contractor",
        "team",
        "worker",
        "moderat",
        "engineer",
        "analyst",
        "specialist",
        "support",
        "reviewer",
        "annotator",
        "rater",
        "trust",
        "authori",
        "need",
        "monitor",
        "review",
        "screen",
        "access",
        "remov",
        "down",
        "action",
    ),
)

# human or manual review
HUMAN_REVIEW = compile_lower(
    r"\bhuman\s+(?:(?:and|or|and/or)\s+(?:automated|automatic|machine)\s+)?(?:review\w*|moderat\w*|annotat\w*|evaluat\w*|rat(?:ers?|ing)|oversight\s+of\s+(?:content|conversations))|\bmanual\w*\s+(?:\(human\)\s+|human\s+)?(?:review\w*|inspect\w*|moderat\w*)"
    # "automated and, at times, manual techniques"
    r"|\b(?:automated|automatic)\s+(?:and|or|and/or)\s*,?\s*(?:[\w-]+\s+){0,3}?,?\s*manual\b|\bmanual\s+\(?(?:i\.e\.\s+)?human\)?"
    r"|\bmanual\s+(?:techniques|processes|checks|methods|means)\s+(?:\w+\s+){0,2}?(?:for|to)\s+(?:\w+\s+){0,2}?(?:abuse|safety|moderat\w*|review\w*|detect\w*|investigat\w*)"
    r"|\b(?:trained|human)\s+reviewers?\b|\breviewed\s+by\s+(?:humans?|people|a\s+person|our\s+(?:staff|team|employees|personnel))"
    # "we may also manually access your site to troubleshoot"
    r"|\bmanually\s+access\w*\b"
    # "We may use human and automated means to detect … violations"
    r"|\bhuman\s+(?:and|or|and/or)\s+(?:automated|automatic|machine)\s+(?:means|methods|processes|tools|systems|techniques)\b",
)
_ABUSE_TEAMS_WORDS = r"\bteams?\s+(?:and\s+systems\s+)?(?:that|who)\s+(?:work\s+to\s+)?(?:combat|fight|detect|prevent|review|investigat)\w*\s+(?:\w+\s+){0,2}?(?:abuse|violations?|misuse|harmful)"
# "ensure that employees or agents of Provider comply with this BAA", "train its workforce on this Data
# Processing Addendum": people bound by the agreement that protects the customer's data are the ones who
# handle it.
_BOUND_BY_DATA_AGREEMENT_WORDS = (
    r"\b(?:employees?|personnel|workforce|staff|agents)\b[^.;]{0,80}?\b(?:comply|complies|compliance|trained|training)\s+(?:with|on)\s+"
    r"(?:this|the)\s+(?:baa|dpa|(?:data\s+processing|data\s+protection|business\s+associate)\s+(?:agreement|addendum|terms))\b"
)
_BOUND_BY_DATA_AGREEMENT = compile_lower(_BOUND_BY_DATA_AGREEMENT_WORDS)
# provider personnel access content
PERSONNEL_ACCESS = compile_lower(
    r"\b"
    + _PEOPLE
    + r"\b[^.;]{0,120}?\b"
    + _SEE
    + r"\b|\b"
    + _SEE
    # "reviewed by authorised Fennick employees", "reviewed by members of our trust and safety team": the
    # provider's name may stand before its people
    + r"\b[^.;]{0,60}?\bby\s+(?:(?:trained|qualified|authori[sz]ed|vetted)\s+)?(?:(?:members?|staff|some|one)\s+of\s+)?(?:our\s+|authori[sz]ed\s+|its\s+)?(?:trained\s+|qualified\s+)?(?:[\w’'-]+\s+)?"
    + _PEOPLE
    + r"|\b(?:persons?|individuals?|personnel|employees?|staff)\s+(?:\w+\s+){0,3}?authori[sz]ed\s+(?:\w+\s+){0,3}?to\s+process\b"
    + r"|"
    + _ABUSE_TEAMS_WORDS
    # "Personnel handling Customer Personal Data …"; "employees … respect the confidentiality of the Customer
    # Personal Data": people who handle the data, or are bound to keep it secret, have it in front of them.
    + r"|\b(?:personnel|employees?|staff|contractors?)\s+(?:who\s+)?(?:handl(?:e|es|ing)|process(?:es|ing)?)\s+(?:\w+\s+){0,2}?(?:data|content|information)\b"
    + r"|\b(?:personnel|employees?|staff)\b[^.;]{0,120}?\bconfidentiality\s+of\s+(?:the\s+|such\s+|any\s+)?(?:customer|personal|client|user)\b"
    # "We restrict access to personal information to Google employees … who need that information"
    + r"|\baccess\s+to\s+(?:\w+\s+){0,3}?(?:data|information|content)\s+to\s+(?:our\s+|its\s+|[\w’']+\s+)?"
    + _PEOPLE
    + r"|"
    + _BOUND_BY_DATA_AGREEMENT_WORDS,
)
# Every match of `PERSONNEL_ACCESS` names people with one of these words (each of its branches needs one).
# The gate cannot rule the pattern out (the literal sets its plan finds hold too many words to test); these
# few do, in most clauses, before the regex tries every position.
PEOPLE_LITERALS = (
    "staff",
    "personnel",
    "employee",
    "team",
    "contractor",
    "authori",
    "agent",
    "engineer",
    "worker",
    "workforce",
    "analyst",
    "specialist",
    "checker",
    "moderator",
    "reviewer",
    "annotator",
    "rater",
)


def _personnel_access(text: str) -> re.Match[str] | None:
    """`PERSONNEL_ACCESS` searched in lower-cased `text`, where people are named."""
    for literal in PEOPLE_LITERALS:
        if literal in text:
            # Not behind the gate: its plan could only test the 34 words, and costs building per process.
            return PERSONNEL_ACCESS.search(text)
    return None


# provider monitors or moderates content
MONITORING = compile_lower(
    r"\b(?:review|reviews|reviewing|monitor|monitors|monitoring|moderat\w+|screen(?!\s+shar)|screens|screening|pre-?screen\w*|inspect|inspects|examine|examines|investigat\w+)\b,?\s+(?:\w+,?\s+){0,7}?"
    r"(?:content|conversations?|interactions?|prompts?|inputs?|outputs?|communications?|messages?|chats?|submissions?|usage|use\s+of|(?:customer|user|your)\s+data"
    r"|materials|documents|files|(?:the\s+)?(?:data|information)\s+(?:we|it)\s+(?:hold|holds|store|stores|process|processes))\b"
    r"|\b(?:content|conversations?|prompts?|inputs?|outputs?|messages?|chats?)\b[^.;]{0,60}?\bfor\s+(?:the\s+purposes?\s+of\s+)?(?:review\w*|moderat\w*|monitor\w*|investigat\w*)"
    # "evaluate and affect the safety and quality of content"
    r"|\b(?:evaluat|assess)\w*\s+(?:and\s+\w+\s+)?(?:the\s+)?(?:safety|quality|integrity)\s+(?:and\s+(?:safety|quality|integrity)\s+)?of\s+(?:\w+\s+)?content\b",
)
# support or safety providers handle content
SUPPORT_VENDORS = compile_lower(
    r"\b(?:service\s+providers?|vendors?|contractors?|third[\s-]part(?:y|ies))\b[^.;]{0,160}?\b(?:support|safety|moderation|trust\s+and\s+safety|abuse)\b",
)
# support staff or vendors acting for the provider see what the customer shares: "engage with our support
# team", "if a service provider needs to access information about you to perform services on our behalf",
# "the licence … permits our service providers to assist us"
SUPPORT_STAFF = compile_lower(
    r"\b(?:service\s+providers?|vendors?|contractors?|(?:these|such)\s+(?:parties|providers)|affiliates|companies\s+within\s+(?:the|our)\s+(?:\w+\s+){0,2}?(?:family|group))\b"
    r"[^.;]{0,80}?\b(?:access|accesses|accessing),?\s+(?:\w+,?\s+){0,4}?(?:information|data|content)\b"
    # "The content that you share on Channels will be visible to WhatsApp and our users"
    r"|\bvisible\s+to\s+(?:us|(?:the\s+)?[\w-]+\s+and\s+(?:our|its)\s+users)\b"
    # "We also record the content of Customer Support … calls"
    r"|\brecord\w*\s+(?:the\s+)?(?:content\s+of\s+)?(?:\w+,?\s+){0,7}?calls\b"
    r"|\b(?:support\s+(?:team|staff|agents?|representatives?|engineers?|specialists?)|our\s+representatives?)\b"
    r"|\b(?:seek|contact|request|reach\s+out\s+to)\s+(?:our\s+)?(?:customer\s+)?support\b"
    r"|\b(?:permits?|allows?|enables?)\s+our\s+(?:service\s+providers?|contractors?|vendors?)\s+to\s+(?:assist|help)\b"
)


def _may_name_support_staff(text: str) -> bool:
    """False only where `SUPPORT_STAFF` cannot match in `text`: each branch needs these words together (its
    gate tests "access" or "provider" alone, which most clauses hold)."""
    acting_for = "provider" in text or "vendor" in text or "contractor" in text
    return (
        "support" in text
        or "representative" in text
        or "visible" in text
        or ("record" in text and "calls" in text)
        or (
            "access" in text and (acting_for or "parties" in text or "affiliates" in text or "compan" in text)
        )
        or (acting_for and ("assist" in text or "help" in text))
    )


def _support_staff(text: str) -> re.Match[str] | None:
    """`SUPPORT_STAFF` searched in lower-cased `text`, where its words are."""
    return gate.search(SUPPORT_STAFF, text) if _may_name_support_staff(text) else None


# what the customer tells or gives the provider, as personal information ("information about you")
_SHARED_INFORMATION = compile_lower(
    r"\b(?:information|data)\s+(?:about|from)\s+you\b|\byour\s+(?:personal\s+)?(?:information|data)\b"
    r"|\b(?:information|data|details)\s+(?:that\s+)?you\s+(?:provide|share|submit|send|give)\b|\bsupport\s+tickets?\b"
    r"|\b(?:code|text|files|multimedia|attachments|screenshots)\b|\bpersonal\s+(?:data|information)\b"
)
# content shared with or sublicensed to provider staff or contractors
DISCLOSED_TO_STAFF = compile_lower(
    r"\b(?:sublicens\w*|shar\w*|disclos\w*|transfer\w*|make\s+available|provide\w*)\b[^.;]{0,80}?\b(?:to|with)\s*:?\s+(?:our\s+|its\s+|their\s+)?(?:affiliates\W+)?(?:(?:and|or)\s+)?"
    + _PEOPLE
    + r"\b",
)
# provider moderates or removes content
MODERATION = compile_lower(
    r"\b(?:remov\w*|tak\w*\s+down|block\w*|disabl\w*|delet\w*|refus\w*|reject\w*)\b[^.;]{0,40}?\b(?:any\s+)?(?:content|submissions?|materials?|posts?|prompts?|inputs?|outputs?)\b"
    r"[^.;]{0,120}?\b(?:violat\w*|breach\w*|infring\w*|harmful|illegal|unlawful|objectionable|inappropriate|any\s+reason|(?:sole|our|its)\s+discretion)"
    r"|\btak\w*\s+(?:\w+\s+)?action\s+(?:against|on)\s+(?:any\s+|your\s+|user\s+)?(?:content|submissions?|materials?|posts?|prompts?|inputs?|outputs?)\b"
    r"[^.;]{0,60}?\b(?:violat\w*|breach\w*|infring\w*|harmful|illegal|unlawful)",
)
# provider may access content
ACCESS_RIGHT = compile_lower(
    r"\b(?:licen[cs]e|right|permission|authori[sz]\w*)\b[^.;()]{0,40}?\baccess(?:ing)?\b[^.;]{0,80}?\b(?:content|data|inputs?|prompts?|files?)\b"
    # "a worldwide licence … to inspect, resize, publicly display …" your content
    r"|\blicen[cs]e\b[^.;()]{0,120}?\bto\s+(?:\w+,?\s+){0,3}?(?:inspect|review|view|examine)\b"
    r"|\b(?:we|provider|the\s+provider)\s+(?:may|will|can)\s+(?:\w+\s+)?access\b",
)
# need-to-know access to confidential information that includes content
NEED_TO_KNOW = compile_lower(
    r"\bneed[\s-]+to[\s-]+know\b",
)
# no person accesses content
NO_HUMAN = compile_lower(
    r"\b(?:no|never)\s+(?:\w+\s+)?(?:human|person|one|employee|staff|personnel)s?\b[^.;]{0,40}?\b"
    + _SEE
    + r"\b"
    r"|\b(?:humans?|employees?|personnel|staff|we|people)\s+(?:\w+\s+)?(?:do|does|will|shall|can|cannot|won[’']t|don[’']t)\s*(?:not\s+)?(?:ever\s+)?"
    + _SEE
    + r"\b"
    # "Acme personnel have no standing or on-demand access to the contents"
    r"|\b(?:humans?|employees?|personnel|staff|people|engineers)\s+(?:\w+\s+)?(?:have|has)\s+no\s+(?:[\w-]+\s+){0,4}?access\b"
    # the passive: "Prompts are not reviewed by Acme personnel"
    r"|\b(?:not|never)\s+(?:be\s+)?(?:reviewed|accessed|read|viewed|seen|listened\s+to|examined)\s+by\s+(?:\w+\s+){0,2}?"
    r"(?:humans?|personnel|employees?|staff|people|anyone|any\s+person|reviewers?)\b"
    # "Neither Acme personnel nor any Model Provider will review AI Content": a promise for both sides
    r"|\bneither\s+(?:[\w’'-]+\s+){0,2}?(?:humans?|personnel|employees?|staff|people)\b[^.;]{0,60}?\bnor\b[^.;]{0,60}?"
    r"\b(?:will|shall|may|can|does|do)\s+(?:ever\s+)?" + _SEE + r"\b",
)
_EXCEPTION = compile_(
    r"\b(?:except|unless|other\s+than|only\s+(?:to|for|when|if|where|as)|save\s+(?:to|for|where)|but\s+(?:may|only)|without\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:authori[sz]ation|permission|consent)"
    r"|as\s+(?:required|necessary|needed))\b"
)
# "Replicate does not monitor or police …": the act itself negated (the shared use-verb negation does not
# list reading verbs). "has no obligation to monitor" is not this: it keeps the right.
_NOT_JUST_BEFORE = compile_(r"(?:\b(?:not|never)\b|n[’']t\b|\bcannot\b)\s+(?:\w+ly\s+)?$")
_ACCESS_DATA = compile_(r"\baccess\s+(?:the\s+|any\s+|such\s+)?(?:personal\s+)?data\b(?!\s+cent)")
_AUTOMATED_ONLY = compile_(r"\b(?:automated|automatic|algorithmic|machine)\b")
_PEOPLE_SEE_FLAGGED = compile_(
    r"\b(?:flagged|detected|identified|surfaced|escalated)\s+(?:\w+\s+){0,2}?by\s+(?:\w+[’']?s?\s+){0,3}?"
    r"(?:automated|automatic|algorithmic|machine)\b"
    # "scanned by automated systems, and conversations flagged by those systems … may be reviewed by our team":
    # the systems named again by a pointer
    r"|\b(?:flagged|detected|identified|surfaced|escalated)\s+by\s+(?:those|these|such|the\s+same)\s+(?:\w+\s+)?"
    r"(?:systems|tools|classifiers|filters|models|processes|means)\b"
    r"|\b(?:automated|automatic|algorithmic|machine)\s+(?:\w+\s+){0,3}?(?:flag|flags|escalate|escalates|detect|detects)\b"
)
# Physical access ("give personnel designated by the provider access to the facility") is not access to content.
_PREMISES = compile_(
    r"(?:\s+(?:to|of))?\s+(?:the\s+|your\s+|its\s+|any\s+)?(?:designated\s+)?(?:facilit\w+|premises|sites?|buildings?|equipment|devices?|hardware|data\s+cent(?:er|re)s?|locations?|offices?)\b"
)
# A negation of "all": "we do not review all content" says some content is reviewed, so it is no promise.
_PARTIAL_NEGATION = compile_(
    r"\s+(?:all|every|each|everything)\b|\s+(?:\w+\s+){0,2}?(?:before|at\s+the\s+time)\b"
)
# "Human review" the customer is told to apply to outputs ("should be evaluated …, including by employing
# human review of the output"; "you are responsible for evaluating the Output, including using human
# review"), or the human review of an automated decision a data subject may obtain: neither is provider
# personnel reading customer content.
_CUSTOMER_SIDE_REVIEW = compile_(
    r"\b(?:employ\w*|us(?:e|es|ing))\s+(?:of\s+)?(?:appropriate\s+)?(?:human|manual)\s+review"
    r"|\b(?:opportunity|right)\s+(?:\w+\s+){0,3}?(?:for|to|of)\s+(?:obtain\w*\s+|request\w*\s+)?(?:a\s+)?(?:human|manual)\s+(?:review|intervention)"
    r"|\b(?:you|customers?|users?|licensees?)\s+(?:are\s+|is\s+)?(?:\w+\s+){0,2}?(?:responsible\s+for|should|must|encourag\w*|advis\w*|recommend\w*)\b[^.;]{0,120}?\b(?:human|manual)\s+review"
    r"|\b(?:encourag\w*|advis\w*|recommend\w*|urg\w*)\s+(?:its\s+|our\s+|the\s+)?(?:customers?|users?|you)\b[^.;]{0,160}?\b(?:human|manual)\s+review"
    r"|\bshould\s+be\s+(?:evaluated|reviewed|verified|checked)\b[^.;]{0,120}?\b(?:human|manual)\s+review"
    r"|\b(?:human|manual)\s+review\s+(?:of\s+(?:the\s+|any\s+|such\s+)?outputs?|if\s+necessary)\b"
    r"|\b(?:you|customers?|users?)\s+(?:and\s+your\s+end\s+users\s+)?(?:are|is)\s+(?:solely\s+)?responsible\s+for\s+[^.;]{0,60}?\breview\w*"
)
_NOT_CONTENT_REVIEW = compile_(
    r"\breview\w*\s+(?:the\s+|our\s+|these\s+|this\s+|your\s+|any\s+|all\s+)?(?:terms|polic(?:y|ies)|agreement|notice|statement|changes|requests?|appeals?|complaints?|reports?|applications?|documentation|settings|invoices?)\b"
)
_CONFIDENTIAL_DEFINITION = compile_(
    r"\bconfidential\s+information\b[^.;]{0,40}?\b(?:includes?|means|shall\s+include|will\s+include|consists?\s+of)\b"
)
_CUSTOMER_CONTENT = compile_(
    r"\b(?:customer|user|client|your)\s+(?:content|data|materials|inputs?|prompts?)\b"
)


def _confidential_covers_content(view: TextView) -> Clause | None:
    for clause in view.clauses_matching(_CONFIDENTIAL_DEFINITION):
        lowered = clause.text.lower()
        terms = content_term_regex(view)
        if _CUSTOMER_CONTENT.search(lowered) or (terms is not None and terms.search(lowered)):
            return clause
    return None


_NAMED_ACTOR_BEFORE = re.compile(r"\b[A-Z][\w.]+\s+(?:may|reserves|will|shall|can)\b")
_CUSTOMERS_BEFORE = re.compile(
    # not "customer support staff", "customer success team": the provider's people named for whom they serve
    r"\b(?:your|customer[’']?s?|its\s+end\s+users?[’']?|licensee[’']?s?|client[’']?s?)\s+(?:own\s+)?"
    r"(?!(?:support|service|success|care|experience)\s+$)(?:\w+\s+)?$",
    re.I,
)
# "customer support team can view …": the provider's people, the subject of the seeing
_SERVES_CUSTOMERS = re.compile(
    r"(?:support|service|success|care)\s+(?:team|staff|agents?|engineers?|representatives?|specialists?)\s+"
    r"(?:\w+\s+){0,2}?(?:can|may|will|might|could|access\w*|views?|reviews?|reads?|sees?)\b",
    re.I,
)
_CUSTOMER_WORD_BEFORE = re.compile(r"\bcustomer\s+$", re.I)
_OTHERS_MAY_BEFORE = re.compile(
    r"\b(?:you|customer|users?|third[\s-]part\w+)\s+(?:\w+\s+){0,2}?(?:may|can|will|must|to|shall)\s+(?:\w+\s+)?$"
    # a data subject's right ("You have the right to access, rectify and erase your personal data")
    r"|\b(?:you|users?|individuals?|data\s+subjects?|consumers?)\s+(?:\w+\s+){0,2}?(?:have|has)\s+(?:the\s+|a\s+)?$",
    re.I,
)
_CUSTOMER_MAY_BEFORE = re.compile(
    r"\b(?:you|customer)\s+(?:\w+\s+)?(?:may|must|should|will)\s+(?:\w+\s+)?$", re.I
)
_PEOPLE_WORD = re.compile(r"\b(?:employees?|personnel|staff|contractors?|representatives?)\b", re.I)
_HUMAN_OR_MANUAL = re.compile(r"\bhuman|manual", re.I)
# People who "read them", "review it": what they see is named in the sentence before.
_POINTER_OBJECT = re.compile(r"\s+(?:them|it|these|those)\b")
# Human review named only to be ruled out: a heading "No Human Review", "without appropriate human review".
_NONE_BEFORE = re.compile(r"\b(?:no|without)\s+(?:[\w-]+\s+)?$")


def _customer_bars(view: TextView, clause: Clause, at: int) -> bool:
    """A use restriction on the customer, unless the provider is plainly the actor ("Acme reserves the right to …")."""
    head = clause.text[max(0, at - 80) : at]
    if last_actor(view, head) == "provider" or _NAMED_ACTOR_BEFORE.search(head):
        return False
    return customer_restricted(clause, clause.start + at)


def _customer_side(clause: Clause, at: int) -> bool:
    """The people are the customer's ("Customer's employees may access the Services")."""
    head = clause.text[max(0, at - 40) : at]
    if _SERVES_CUSTOMERS.match(clause.text, at) and _CUSTOMER_WORD_BEFORE.search(head):
        return False  # "our customer support team": the provider's people
    return bool(_CUSTOMERS_BEFORE.search(head)) or customer_restricted(clause, clause.start + at)


# The provider's own people reviewing, named beside advice to the customer in the same sentence.
_PROVIDER_HUMAN = compile_(
    r"\b(?:we|our|provider|the\s+provider)\s+(?:\w+\s+){0,3}?(?:use|uses|employ|employs|conduct|conducts|perform|performs)\s+(?:\w+\s+){0,3}?(?:human|manual)\s+(?:review|moderat)"
    r"|\b(?:our|its|the\s+provider[’']s)\s+(?:\w+\s+)?(?:personnel|employees|staff|reviewers|moderators)\b"
)
_STRONG_WORDS = compile_(r"\b(?:human|manual|need[\s-]+to[\s-]+know|our\s+contractors|its\s+contractors)\b")
# "teams and systems that work to combat abuse": people whose work is what others post, content or not
_ABUSE_TEAMS = compile_lower(_ABUSE_TEAMS_WORDS)
_LIST_OF_RECIPIENTS = compile_(
    r"^\W*(?:to\s+)?(?:our|its|the\s+provider[’']s)\s+(?:affiliates\s+(?:and|or)\s+)?" + _PEOPLE + r"\b"
)
_SHARING_LEAD = compile_(r"\b(?:sublicens\w*|shar\w*|disclos\w*)\b")


SUPPORT_KEYWORDS = register_keywords(
    "human_review_support",
    r"\b(?:monitor\w*|investigat\w*|enforc\w*|prevent\w*|abuse|safety|security|accessing)\b",
    ("monitor", "investigat", "enforc", "prevent", "abuse", "safety", "security", "accessing"),
)
# monitoring, enforcement or safety purpose
ENFORCEMENT_PURPOSE = compile_lower(
    r"\bmonitor\w*\s+(?:\w+\s+){0,3}?(?:use|usage|activity|content|conversations?|accounts?)\b[^.;]{0,60}?\b(?:complian\w+|violat\w+|abuse|misuse|fraud)\b"
    r"|\binvestigat\w*\s+(?:\w+\s+){0,3}?(?:complaints?|violat\w+|abuse|misuse|fraud|suspicious)|\binvestigation\s+of\s+(?:\w+\s+){0,2}?(?:violat\w+|abuse|misuse)"
    r"|\benforc\w*\s+(?:our|the|these|its|any|\w+[’']s)\s+\[?(?:[\w-]+\s+){0,3}?(?:terms|polic(?:y|ies)|guidelines|agreement|rules|standards)\b"
    r"|\bprevent\w*\s+(?:\w+\s+){0,3}?(?:abuse|misuse)\b|\babuse\s+(?:prevention|monitoring|detection)\b"
    r"|\b(?:legal|safety|security),?\s+(?:safety|security)\s+(?:or|and)\s+(?:security|safety|legal)\s+purposes\b"
    r"|\b(?:includ\w*|involv\w*|requir\w*|by)\s+accessing\s+(?:\w+,?\s+){0,4}?(?:content|conversations?|messages?|files?|recordings?|audio|video)\b",
)


_MONITORS_USE = compile_lower(r"(?:monitor|investigat)")
_PASSIVE_CONTENT_SUBJECT = compile_(
    r"\W*(?:\(\w{1,4}\)\s*)?(?:(?:all|any|the|your|such)\s+)?(?:[\w-]+\s+){0,3}?(?:content|data|inputs?|outputs?|prompts?|conversations?|information)"
    r"\s+(?:\w+\s+){0,3}?(?:will|may|shall|is|are|can)\s+(?:\w+\s+)?be\b"
)
_GRANT_TO_PROVIDER = compile_(r"\b(?:customer|you)\s+(?:hereby\s+)?(?:grants?|authori[sz]es?|permits?)\b")


def _subject(view: TextView, clause: Clause, head: str) -> tuple[str | None, bool]:
    """Who acts in a clause, and whether the clause itself names them: the first actor named before the
    phrase (a grant by the customer, or content as the subject of a passive, makes the provider the
    actor); in a list item or a clause continuing its paragraph, the actor of the lead-in or the
    sentence before."""
    if _GRANT_TO_PROVIDER.search(head) or _PASSIVE_CONTENT_SUBJECT.match(head):
        return "provider", True
    provider = [m.start() for m in view.provider_actor_pattern.finditer(head)] + [
        m.start() for m in PROVIDER_ACTOR_WORDS.finditer(head)
    ]
    customer = [m.start() for m in CUSTOMER_ACTOR.finditer(head)]
    if provider or customer:
        return (
            "provider" if min(provider, default=len(head)) < min(customer, default=len(head)) else "customer"
        ), True
    paragraph = view.paragraph_at(clause.start)
    for previous in reversed(view.neighbours(clause, before=3, after=0)[:-1]):
        if paragraph is None or previous.start < paragraph.start:
            break
        return _subject(view, previous, previous.text)[0], False
    lead = view.lead_in(clause)
    return (
        _subject(view, lead, lead.text)[0] if lead is not None and lead.index < clause.index else None
    ), False


# The wordings, in the order a clause is tried: the first that reads as access by the provider's people wins.
HUMAN_REVIEW_WORDING = "human or manual review"
PERSONNEL_ACCESS_WORDING = "provider personnel access content"
MONITORING_WORDING = "provider monitors or moderates content"
SUPPORT_VENDORS_WORDING = "support or safety providers handle content"
DISCLOSED_TO_STAFF_WORDING = "content shared with or sublicensed to provider staff or contractors"
MODERATION_WORDING = "provider moderates or removes content"
ACCESS_RIGHT_WORDING = "provider may access content"
NEED_TO_KNOW_WORDING = "need-to-know access to confidential information that includes content"
SUPPORT_STAFF_WORDING = "support staff or vendors acting for the provider see what the customer shares"
NO_HUMAN_WORDING = "no person accesses content"
NOT_MONITORED_WORDING = "the provider does not monitor content"
ENFORCEMENT_WORDING = "monitoring, enforcement or safety purpose"
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (HUMAN_REVIEW_WORDING, HUMAN_REVIEW),
    (PERSONNEL_ACCESS_WORDING, PERSONNEL_ACCESS),
    (MONITORING_WORDING, MONITORING),
    (SUPPORT_VENDORS_WORDING, SUPPORT_VENDORS),
    (DISCLOSED_TO_STAFF_WORDING, DISCLOSED_TO_STAFF),
    (MODERATION_WORDING, MODERATION),
    (ACCESS_RIGHT_WORDING, ACCESS_RIGHT),
    (NEED_TO_KNOW_WORDING, NEED_TO_KNOW),
    (SUPPORT_STAFF_WORDING, SUPPORT_STAFF),
)
_AGENT = {
    SUPPORT_VENDORS_WORDING: Actor.SUBPROCESSOR,
    MONITORING_WORDING: Actor.PROVIDER,
    MODERATION_WORDING: Actor.PROVIDER,
    ACCESS_RIGHT_WORDING: Actor.PROVIDER,
}
_CONTENT = frozenset({DataKind.CUSTOMER_CONTENT})


def _about_content(view: TextView, text: str) -> bool:
    """Customer content in the narrow sense, or protected health information where it is the customer's."""
    if view.phi_is_content and PHI.search(text) is not None:
        return True
    return may_mention_strict_content(text.lower(), view.content_terms) and mentions_strict_content(
        view, text
    )


def access_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Every statement about the provider's people accessing content, read once per document."""
    return view.memo("_frames:access", lambda: tuple(_read_access(view)) + tuple(_read_purposes(view)))


def _frame(
    view: TextView,
    clause: Clause,
    trigger: int,
    wording: str,
    actor: Actor = Actor.PROVIDER,
    negated: bool = False,
    related: tuple[int, ...] = (),
    unit: Unit = Unit.SENTENCE,
    purposes: frozenset[Action] = frozenset(),
) -> ClauseFrame:
    return ClauseFrame(
        clause.index,
        clause.start,
        clause.end,
        trigger,
        unit,
        actor,
        Modality.MAY,
        negated,
        Action.ACCESS_REVIEW,
        _CONTENT,
        frozenset(),
        GENERAL,
        purposes,
        wording,
        related,
    )


def _shares(text: str) -> bool:
    """Support staff or vendors, and what the customer shares with them, both named."""
    return bool(_support_staff(text) and gate.search(_SHARED_INFORMATION, text))


def _people_data(text: str) -> bool:
    """People who access or handle the data, or are bound by the agreement that protects it."""
    return bool(gate.search(_ACCESS_DATA, text) and _personnel_access(text)) or bool(
        gate.search(_BOUND_BY_DATA_AGREEMENT, text)
    )


def _points_to_content(view: TextView, clause: Clause, text: str) -> bool:
    """People see what a pointer refers to ("… sends us the reported messages. Our moderators read them …"),
    content the sentence before names."""
    if clause.index == 0 or ("th" not in text and " it" not in text):
        return False
    match = _personnel_access(text)
    return (
        match is not None
        and _POINTER_OBJECT.match(text, match.end()) is not None
        and _about_content(view, view.clauses[clause.index - 1].text)
    )


def _read_access(view: TextView) -> Iterator[ClauseFrame]:
    confidential: Clause | bool | None = False  # computed on first need
    lowered = lowered_text(view)
    for clause in keyword_clauses(view, CANDIDATE):
        text = lowered[clause.start : clause.end]
        context = text + " " + clause.heading
        # What every other wording needs, read cheapest first; a value read here is not read again below
        # (None: not read yet).
        about: bool | None = None
        shared: bool | None = None
        teams: bool | None = None
        if not gate.search(_STRONG_WORDS, text):
            about = _about_content(view, context) or _points_to_content(view, clause, text)
            if not about:
                shared = _shares(text)
                teams = bool(gate.search(_ABUSE_TEAMS, text))
                if not shared and not teams and not _people_data(text):
                    continue  # every other wording needs the clause (or its section) to be about content
        if gate.search(_LIST_OF_RECIPIENTS, text):
            # A list item ("… sublicense these rights to: … our contractors who …").
            lead = next(
                (
                    c
                    for c in reversed(view.neighbours(clause, before=3, after=0)[:-1])
                    if _SHARING_LEAD.search(c.text)
                ),
                None,
            )
            scope = " ".join(c.text for c in view.neighbours(clause, before=6, after=0))
            if lead is not None and _about_content(view, scope + " " + clause.heading):
                yield _frame(
                    view,
                    clause,
                    clause.start,
                    DISCLOSED_TO_STAFF_WORDING,
                    Actor.PERSONNEL,
                    related=(lead.index,),
                    unit=Unit.LIST_ITEM,
                )
                continue
        no = gate.search(NO_HUMAN, text)
        if (
            no
            and not gate.search(_EXCEPTION, text[no.start() :])
            and not gate.match(_PARTIAL_NEGATION, text, no.end())
            and _about_content(view, text)
        ):
            yield _frame(
                view, clause, clause.start + no.start(), NO_HUMAN_WORDING, Actor.PERSONNEL, negated=True
            )
            continue
        for wording, pattern in _KINDS:
            if pattern is PERSONNEL_ACCESS:
                match = _personnel_access(text)
            elif pattern is SUPPORT_STAFF:
                match = _support_staff(text)
            else:
                match = gate.search(pattern, text)
            if match is None:
                continue
            if (
                pattern is HUMAN_REVIEW
                and gate.search(_CUSTOMER_SIDE_REVIEW, text)
                and not gate.search(_PROVIDER_HUMAN, text)
            ):
                continue
            if pattern is HUMAN_REVIEW and _NONE_BEFORE.search(
                text[max(0, match.start() - 40) : match.start()]
            ):
                continue  # "4.4 No Human Review", "rely on AI Output … without appropriate human review"
            if (
                pattern is MONITORING
                and gate.search(_NOT_JUST_BEFORE, text[: match.start()])
                and not gate.search(_EXCEPTION, text)
                and not gate.match(_PARTIAL_NEGATION, text, match.start() + len(match.group(0).split()[0]))
                and _about_content(view, text)
            ):
                # "The provider does not monitor or police customer data": evidence for "no", never deciding.
                yield _frame(
                    view,
                    clause,
                    clause.start + match.start(),
                    NOT_MONITORED_WORDING,
                    Actor.PROVIDER,
                    negated=True,
                )
                break
            if (
                pattern is not HUMAN_REVIEW
                and (
                    negated_before(text, match.end(), window=40)
                    or gate.search(_NOT_JUST_BEFORE, text[: match.start()])
                )
                and not gate.search(_EXCEPTION, text)
                # "we do not review all content": some content is reviewed
                and not gate.match(_PARTIAL_NEGATION, text, match.start() + len(match.group(0).split()[0]))
            ):
                continue
            if pattern in (PERSONNEL_ACCESS, SUPPORT_VENDORS, DISCLOSED_TO_STAFF) and _customer_side(
                clause, match.start()
            ):
                continue
            if pattern in (MODERATION, ACCESS_RIGHT) and (
                _customer_bars(view, clause, match.start())
                or _OTHERS_MAY_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
            ):
                continue
            if pattern is MONITORING and (
                gate.search(_NOT_CONTENT_REVIEW, text)
                or (gate.search(_CUSTOMER_SIDE_REVIEW, text) and not gate.search(_PROVIDER_HUMAN, text))
                or customer_restricted(clause, clause.start + match.start())
                or _CUSTOMER_MAY_BEFORE.search(text[: match.start()])
            ):
                continue
            if pattern is NEED_TO_KNOW:
                if confidential is False:
                    confidential = _confidential_covers_content(view)
                if not isinstance(confidential, Clause) or not gate.search(_PEOPLE_WORD, text):
                    continue
                related = (confidential.index,) if confidential.index != clause.index else ()
                yield _frame(
                    view, clause, clause.start + match.start(), wording, Actor.PERSONNEL, related=related
                )
                break
            if pattern is SUPPORT_STAFF:
                if shared is None:
                    shared = _shares(text)
                if not shared and about is None:
                    about = _about_content(view, context)
                if not (shared or about) or _customer_side(clause, match.start()):
                    continue
            elif pattern is not HUMAN_REVIEW:
                if pattern is PERSONNEL_ACCESS and teams is None:
                    teams = bool(gate.search(_ABUSE_TEAMS, text))
                if (
                    not (teams and pattern is PERSONNEL_ACCESS)
                    # "our employees are only authorized to access data that they must handle"
                    and not (pattern is PERSONNEL_ACCESS and gate.search(_ACCESS_DATA, text, match.start()))
                    and not (pattern is PERSONNEL_ACCESS and gate.search(_BOUND_BY_DATA_AGREEMENT, text))
                ):
                    if about is None:
                        about = _about_content(view, context)
                    if not about:
                        continue
            if pattern is PERSONNEL_ACCESS and gate.match(_PREMISES, text, match.end()):
                continue
            if (
                pattern is PERSONNEL_ACCESS
                and gate.search(_AUTOMATED_ONLY, text)
                and not gate.search(_HUMAN_OR_MANUAL, text)
                # Content the automated systems flag that people then view ("flagged by our automated
                # classifiers … may be reviewed by authorised employees") is still read by people.
                and not gate.search(_PEOPLE_SEE_FLAGGED, text)
            ):
                continue
            yield _frame(
                view, clause, clause.start + match.start(), wording, _AGENT.get(wording, Actor.PERSONNEL)
            )
            break


def _read_purposes(view: TextView) -> Iterator[ClauseFrame]:
    """Why people look at content (enforcement, abuse prevention, safety), where the provider acts."""
    for clause in keyword_clauses(view, SUPPORT_KEYWORDS):
        text = lowered_text(view)[clause.start : clause.end]
        match = gate.search(ENFORCEMENT_PURPOSE, text)
        if match is None or negated_before(text, match.start(), window=40):
            continue
        if not _MONITORS_USE.match(match.group(0)) and not _about_content(view, text + " " + clause.heading):
            continue
        actor, named = _subject(view, clause, clause.text[: match.start()])
        if actor != "provider" or (not named and customer_restricted(clause, clause.start + match.start())):
            continue
        yield _frame(
            view,
            clause,
            clause.start + match.start(),
            ENFORCEMENT_WORDING,
            purposes=frozenset({Action.SECURITY}),
        )
