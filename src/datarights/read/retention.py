"""Reading statements about keeping and deleting customer content into clause frames.

For each clause that speaks of retention: whether the provider promises to delete or keep (not "may
delete", not the customer's own duty, not negated), which data (the customer's own content, or content
words in general), and what the retention is conditioned on: a stated period, the end of the contract,
the customer's deletion or request, the customer's choice, "as long as necessary", not storing at all.
A period that holds only in an optional mode (temporary chats, zero data retention) or for one kind of
data is scoped to it. `detect/retention` decides over the frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from datarights.read import gate
from datarights.read.model import (
    GENERAL,
    Action,
    Actor,
    ClauseFrame,
    Condition,
    DataKind,
    Modality,
    Scope,
    ScopeKind,
)
from datarights.read.patterns import ASCII_LOWER, compile_, compile_lower
from datarights.read.view import (
    Clause,
    TextView,
    content_term_regex,
    keyword_clauses,
    lowered_text,
    mentions_strict_content,
    register_keywords,
)
from datarights.read.vocab.actors import last_actor
from datarights.read.vocab.data import PHI
from datarights.read.vocab.negation import negated_before
from datarights.read.vocab.scope import scope_of
from datarights.read.vocab.time import PERIOD
from datarights.read.vocab.uses import PURPOSES

_KEEP = r"(?:retain\w*|retention|keep|keeps|kept|stor(?:e|es|ed|age)|hold|held|maintain\w*)"
_DELETE = r"(?:delet\w*|auto-?delet\w*|remov\w*|purg\w*|eras\w*|destroy\w*|destruct\w*|dispos\w*|return(?:s|ed)?|expunge\w*|anonymi[sz]\w*)"
# One search over the text finds every clause that may speak of retention.
CANDIDATE = register_keywords(
    "retention",
    r"\b(?:" + _KEEP + r"|" + _DELETE + r"|how\s+long|as\s+long\s+as|surviv\w*)\b",
    (
        "retain",
        "retention",
        "keep",
        "kept",
        "stor",
        "hold",
        "held",
        "maintain",
        "delet",
        "remov",
        "purg",
        "eras",
        "destroy",
        "destruct",
        "dispos",
        "return",
        "expunge",
        "anonymi",
        "long",
        "surviv",
    ),
)

# retention period while the service runs
FIXED = compile_lower(
    r"\b(?:for|up\s+to|no\s+(?:longer|more)\s+than|not\s+(?:longer|more)\s+than|maximum\s+of|at\s+most|within|after|"
    r"no\s+later\s+than|a\s+period\s+of|beyond|longer\s+than|exceed(?:ing)?)\s+(?:a\s+period\s+of\s+|approximately\s+|about\s+)?"
    + PERIOD
    + r"|"
    + PERIOD
    + r"\s+(?:after|following)\s+(?:the\s+|its\s+|their\s+)?(?:completion|end|creation|submission|receipt|collection|processing|delivery"
    # "deleted twelve months after the session in which they were created": counted from the content's making
    + r"|session|conversation|chat|call|meeting|recording|upload|uploading)\b"
    # "deleted automatically 24 months after the candidate's last activity", "after 12 months of inactivity"
    + r"|"
    + PERIOD
    + r"\s+(?:after|following|of)\s+(?:the\s+|your\s+|their\s+)?(?:[\w’']+\s+){0,2}?(?:last\s+(?:activity|use|login|log-?in|interaction|contact)|inactivity)\b"
    # "deleted 30 days after they are created"
    + r"|"
    + PERIOD
    + r"\s+after\s+(?:they|it)\s+(?:are|is|were|was|have\s+been|has\s+been)\s+(?:created|submitted|uploaded|received|collected|generated|sent)\b"
    # "on a rolling twenty-four (24) month basis", "purge any record older than 24 months"
    + r"|\b(?:rolling|older\s+than)\s+(?:a\s+period\s+of\s+)?"
    + PERIOD,
)
# deletion or return when the contract ends
AFTER_TERMINATION = compile_lower(
    r"\b(?:terminat\w*|expir\w*+(?!\s*(?:,|\bunless\b|\.|$))|expiration\s+of\s+(?:the|this|your)\s+(?:agreement|term|subscription|contract|services?|account)"
    r"|end\s+of\s+(?:the|this|your)\s+(?:agreement|term|subscription|contract|services?)"
    r"|cancel\w*|clos(?:e|ing|ure)\s+(?:of\s+)?(?:your|the|an?)\s+account|account\s+(?:closure|deletion|cancellation|deactivation)"
    r"|deactivat\w*\s+(?:of\s+)?(?:your|the|an?)\s+account|account\s+(?:is\s+|has\s+been\s+|will\s+be\s+)?(?:deactivated|closed|cancell?ed)"
    r"|delet\w*\s+(?:your|their|the|an?)\s+account|ceases?\s+to\s+(?:use|provide)"
    r"|\b(?:agreement|contract|subscription|term|services?)\s+(?:ends|expires|is\s+terminated|comes\s+to\s+an\s+end)"
    # "when a school ends its subscription"
    r"|\b(?:ends?|ending)\s+(?:its|their|your|the|his\s+or\s+her)\s+(?:subscription|agreement|contract|account))",
)
# deletion when the customer deletes or asks
ON_REQUEST = compile_lower(
    r"\b(?:you|customers?|users?|admins?|administrators?)\s+(?:\w+\s+){0,3}?(?:delete|deletes|remove|removes|erase|erases)\b"
    r"|\b(?:request|ask|instruct)\w*\s+(?:\w+\s+){0,4}?(?:delet|eras|remov)\w*"
    r"|\bdelet\w*\s+requests?\b|\b(?:deleted|removed|erased|unsaved)\s+(?:\w+\s+)?(?:conversations?|chats?|content|data|files?|messages?|items?|prompts?|threads?|history)\b"
    # "Deleted Projects are removed within 30 days": what the customer deleted, in the document's own noun
    r"|^\W*(?:deleted|removed|erased)\s+[a-z]+s\b"
    r"|\bonce\s+(?:deleted|removed)\b|\bat\s+(?:your|customer[’']?s|the\s+customer[’']?s|its)\s+(?:written\s+)?(?:request|instruction|direction|election|option|choice)"
    r"|\bupon\s+(?:your|customer[’']?s|the\s+customer[’']?s)\s+(?:written\s+)?(?:request|instruction)"
    r"|\buntil\s+(?:you|customer|the\s+customer|users?)\s+(?:\w+\s+){0,2}?(?:delete|deletes|remove|removes|close|closes)\b",
)
# customer controls how long content is kept
CUSTOMER_CONTROLS = compile_lower(
    r"\b(?:you|customers?|users?|admins?|administrators?|owners?)\b[^.;]{0,40}?\b(?:control|controls|decide|decides|choose|chooses"
    r"|determine|determines|set|sets|configure|configures|manage|manages)\b[^.;]{0,25}?\bhow\s+long\b"
    r"|\bas\s+long\s+as\s+(?:the\s+)?(?:you|customer|controller|client)\s+(?:deems?|considers?|instructs?|requires?|wants?|chooses?|decides?)\b"
    # "you are responsible for and control the time periods for which you retain this data"
    r"|\b(?:you|customers?|users?|admins?|administrators?)\b[^.;]{0,40}?\b(?:control|controls|decide|decides|determine|determines|set|sets)\s+"
    r"(?:the\s+)?(?:time\s+periods?|retention\s+periods?|periods?\s+of\s+retention)\b",
)
# content not stored at all
ZERO_RETENTION = compile_lower(
    r"\b(?:do|does|will|shall)\s+not\s+(?:retain|store|log|keep|persist)\b|\bzero[\s-]+(?:data[\s-]+)?retention\b",
)
# retention left open
OPEN_ENDED = compile_lower(
    r"\bas\s+long\s+as\s+(?:is\s+|we\s+|it\s+is\s+)?(?:reasonably\s+)?(?:necessary|needed|required|need|appropriate)"
    r"|\bfor\s+as\s+long\s+as\b|\b(?:ongoing\s+)?legitimate\s+business\s+(?:need|purpose)s?\b"
    # "How long we keep information … depends on the type of information"
    r"|\bhow\s+long\s+we\s+(?:keep|retain|store)\b[^.;]{0,80}?\bdepends\s+on\b|\bretention\s+periods?\s+(?:vary|varies|depends?)\b"
    # "only for so long as necessary", "as needed to fulfil contractual obligations"
    r"|\b(?:for\s+)?so\s+long\s+as\s+(?:is\s+|it\s+is\s+)?(?:reasonably\s+)?(?:necessary|needed|required)"
    r"|\b(?:retain|keep|store)\w*\b[^.;]{0,80}?\bas\s+(?:reasonably\s+)?(?:needed|necessary|required)\s+to\s+(?:fulfil\w*|comply|resolve)\b"
    # "we may keep your content for a reasonable period for backup": no stated end
    r"|\b(?:retain|keep|store|hold)\w*\s+(?:\w+\s+){0,4}?for\s+a\s+reasonable\s+(?:period|time|amount\s+of\s+time)\b"
    # a right to keep content that survives the contract, or that the provider takes as such
    r"|\bmay\s+(?:retain|keep|store)\s+and\s+continue\s+to\b|\brights?\s+to\s+(?:retain|keep|store)\b"
    r"|\bno\s+longer\s+than\s+(?:is\s+)?(?:necessary|needed|required)"
    r"|\bmay\s+not\s+(?:delete|remove|erase)\b|\bmay\s+(?:continue\s+to\s+)?(?:retain|keep|store|use)\b[^.;]{0,80}\b(?:after|following|upon)\s+(?:termination|deletion|you\s+delete)"
    # "After your account is deleted, we may keep some of Your Content in backups"
    r"|\b(?:after|following|upon|once)\s+(?:your\s+|the\s+|an\s+)?(?:account|content|data|subscription)\s+(?:is|has\s+been)\s+(?:deleted|closed|terminated|cancell?ed)\b"
    r"[^.;]{0,40}?\bmay\s+(?:continue\s+to\s+)?(?:retain|keep|store)\b"
    r"|\bperpetual\b[^.;]{0,60}\blicen[cs]e\b|\b(?:rights?|licen[cs]es?)\b[^.;]{0,200}?\b(?:is|are|shall\s+be|will\s+be)\s+perpetual\b"
    # "may retain, but not display, … server copies of your videos that have been removed or deleted"
    r"|\bmay\s+retain\b[^.;]{0,120}?\b(?:copies|versions)\b[^.;]{0,80}?\b(?:removed|deleted)\b"
    # "We … retain Inputs and Outputs in accordance with (consistent with, as described in …) our
    # Privacy Policy": the rule is elsewhere
    r"|\bretain\w*\b[^.;]{0,80}?\b(?:" + dict(PURPOSES)["privacy_policy"] + r")\b",
)

# "the Developer License to Reddit will survive termination with respect to App Content"
_LICENCE_SURVIVES = compile_lower(
    r"\blicen[cs]e\b[^.;]{0,60}\bsurviv\w*\s+(?:any\s+|the\s+)?(?:termination|expiration)\b"
)

# Modes the customer must switch on (temporary or private chats, zero-retention add-ons).
_OPTIONAL_MODE = compile_(
    r"\b(?:temporary|private|incognito|ephemeral)\s+(?:chats?|mode|conversations?|sessions?)\b|\bzero[\s-]+data[\s-]+retention\b|\bZDR\b"
    r"|\b(?:when|if|where)\s+(?:you\s+)?(?:\w+\s+){0,4}?(?:is|are)?\s*(?:turned\s+on|enabled|switched\s+on)\b"
    r"|\bif\s+(?:you|customer)\s+(?:\w+\s+){0,2}?(?:enable|enables|turn|turns|choose|chooses|select|selects|opt|opts)\b"
)
# Periods that are minimums, clocks for something other than the data, or not about retention at all.
_NOT_A_LIMIT = compile_(
    r"\bat\s+least\s+"
    + PERIOD
    + r"|\bminimum\s+(?:of\s+)?"
    + PERIOD
    + r"|\b(?:notice|notif\w*|respond\w*|response|reply|invoice\w*|pay\w*|cure|renew\w*|refund\w*|dispute\w*|arbitrat\w*|opt\s+out|claims?)\b"
    r"[^.;]{0,40}"
    + PERIOD
    + r"|\b(?:cookies?|billing|payment|tax|invoices?|financial\s+records?|accounting|audit\s+(?:records?|logs?|trail))\b"
    # Data a tracking tag or pixel collects on other websites is not the customer's content.
    r"|\b(?:third[\s-]party\s+(?:websites?|sites)|tags?|pixels?)\b[^.;]{0,80}\b(?:installed|placed|embedded)\b"
    r"|\b(?:collected|gathered)\s+(?:from|on)\s+third[\s-]party\s+(?:websites?|sites)\b"
)
# "We keep your information unless you close your account": kept until the customer ends it.
_KEPT_UNTIL_CUSTOMER_ENDS = compile_lower(
    r"\b(?:until|unless)\s+(?:and\s+unless\s+)?(?:you|customer|the\s+customer|users?)\s+(?:\w+\s+){0,2}?"
    r"(?:delete|deletes|remove|removes|close|closes|cancel|cancels|terminate|terminates)\b"
    # "for the duration of your account or until such content is removed"
    r"|\bfor\s+the\s+(?:duration|life(?:time)?)\s+of\s+(?:your|the\s+user[’']?s|the\s+customer[’']?s)\s+account\b"
    r"|\bfor\s+the\s+duration\s+of\s+the\s+(?:term|agreement|contract|subscription)\b"
)
# "keep Customer Data no longer than 30 days after termination": a deadline counted from the contract's end is
# deletion at the end (spec: `on_request_or_termination`), not a period while the service runs.
_DEADLINE_AFTER_END = compile_lower(
    r"\b(?:(?:no|not)\s+(?:longer|more|later)\s+than|up\s+to|at\s+most|(?:a\s+)?maximum\s+of|within)\s+"
    + PERIOD
    + r"\s+(?:after|following|from|of)\s+(?:the\s+)?(?:date\s+of\s+)?(?:any\s+)?"
    r"(?:terminat\w*|expir\w*|end\s+of|cancell?ation|closure)\b"
)
_CONFIDENTIAL_ONLY = compile_(r"\bconfidential\s+information\b")
_HEADING_TERMINATION = compile_(
    r"\b(?:terminat\w*|expir\w*|return\s+(?:or|and)\s+delet\w*|delet\w*\s+(?:or|and)\s+return\w*|end\s+of\s+(?:processing|services?))\b"
)


_PERMISSIVE = compile_(
    r"\b(?:may|can|might|could|reserve\w*\s+the\s+right\s+to|at\s+(?:our|its)\s+(?:sole\s+)?(?:option|discretion))\b"
    # "it may take up to 90 days to delete": a deadline, not a permission.
    r"(?!\s+take\b)"
)
# A verb inside a leading condition ("If any content is deleted, you will …"; "If you have content stored
# in your drive and do not …, we may close"): the condition states a trigger, not the provider's promise.
_IN_CONDITION = compile_(r"\b(?:if|when|whenever|once|where|should|in\s+case)\b[^,;:]*$")
_CONDITION_WORD = compile_(r"\b(?:if|when|whenever|once|where|should|in\s+case)\b[^;:.]*$")
# The main clause after a condition that lists several events ("if content is deleted, suspended, or
# removed, you will …").
_MAIN_CLAUSE = compile_(
    r"[^;:.]*?,\s*(?:then\s+)?(?:we|you|it|they|the\s+\w+|[\w’']+)\s+(?:will|shall|must|may|can|agrees?)\b"
)


_TO_COMMA = re.compile(r"[^;:.]*,")


def _in_condition(text: str, verb: re.Match[str]) -> bool:
    """Is the verb inside a leading condition rather than the main clause?"""
    # The anchored test after the verb first: it reads to the next comma or stop, the search reads 400 characters.
    head = text[max(0, verb.start() - 400) : verb.start()]
    if _TO_COMMA.match(text, verb.end()) and gate.search(_IN_CONDITION, head):
        return True
    return bool(gate.match(_MAIN_CLAUSE, text, verb.end()) and gate.search(_CONDITION_WORD, head))


_MODERATION = compile_(
    r"\b(?:violat\w*|infring\w*|abus\w*|unlawful|illegal|objectionable|repeat\s+infringers?|inappropriate|DMCA|counter[\s-]?notices?|takedown)\b"
)
# "kept 30 days to monitor for abuse": abuse as the purpose of keeping data, not a removal for abuse.
_ABUSE_MONITORING_PURPOSE = compile_(
    r"\b(?:to|for|can|may|could)\s+(?:monitor\w*|detect\w*|prevent\w*|investigat\w*|review\w*|combat\w*)\s+(?:for\s+)?(?:\w+\s+){0,2}?"
    r"(?:abuse|misuse|violations?|fraud)\b"
    # "retained for up to 30 days for abuse monitoring"
    r"|\bfor\s+(?:\w+\s+)?(?:abuse|misuse|fraud|safety)\s+(?:monitoring|detection|prevention|review|investigations?)\b"
    # "kept in encrypted abuse-monitoring logs for up to 30 days": the store named by its purpose
    r"|\b(?:abuse|misuse|fraud|safety)[\s-]+(?:monitoring|detection|prevention)\s+(?:logs?|records?|systems?|stores?)\b"
)
_AT_REQUEST = compile_(
    r",?\s*\b(?:at|upon|on|per)\s+(?:the\s+)?(?:your|customer[’']?s?|controller[’']?s?|client[’']?s?)\s+(?:written\s+)?"
    r"(?:request|instructions?|direction|election|option|choice|discretion)\s*,?"
    # "at the choice of Customer", "upon the written request of the Controller"
    r"|,?\s*\b(?:at|upon|on|per)\s+the\s+(?:written\s+)?(?:request|instructions?|direction|election|option|choice|discretion)\s+of\s+"
    r"(?:the\s+)?(?:you|customer|controller|client)\s*,?"
)
# "Customer instructs Google to delete …": the provider is told to delete, and the next sentence says it will.
# "the deletion process will automatically begin …": a promise made with the noun.
_DELETION_WILL = compile_(
    r"(?<=ion)\s+(?:process\s+)?(?:will|shall)\s+(?:\w+ly\s+)?(?:begin|start|occur|take\s+place|be\s+completed|complete)\b"
)
_INSTRUCTED_TO = compile_(
    r"\binstruct(?:s|ed)?\s+(?:\w+\s+){0,2}?to\s*$"
    # "LinkedIn shall, and shall cause any Subprocessors to, … return"
    r"|\b(?:will|shall|must)\s+(?:\w+\s+){0,2}?cause\s+(?:\w+\s+){0,3}?to\s*,?\s*$"
)
# A participle used as an adjective after a determiner ("your deleted content", "the removed files").
_ATTRIBUTIVE = compile_(r"\b(?:your|the|their|its|our|any|such|all|these|those|his|her)\s+$")
# Deletion only where a law, policy or request demands it: no promise of the provider's own.
_NAMES_CONTENT = compile_(
    r"\s+(?:user\s+|customer\s+)?(?:content|data|files?|messages?|posts?|items?|conversations?|chats?|videos?|photos?|materials?)\b"
    r"(?!\s+(?:from|of|after|within)\b)"
)
_ONLY_IF_REQUIRED = compile_(
    r"\b(?:if|where|when|to\s+the\s+extent)\s+(?:(?:it\s+is|we\s+are|so)\s+)?(?:legally\s+)?(?:required|mandated|obliged|obligated)\b[^,;:]{0,60},\s*$"
)
_NOT_UNCONDITIONAL = compile_(
    r"\bwithout\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+)?(?:permission|consent|approval)|\bunless\b"
)
_DELETE_VERB = compile_(r"\b" + _DELETE + r"\b")
_KEEP_VERB = compile_(r"\b" + _KEEP + r"\b")


_HEAD_BREAK = re.compile(r"[;:]|\(\w{1,3}\)")
_FIRM = re.compile(r"\b(?:will|shall|must)\b")
# "will be deleted", "is queued for deletion"
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|are|be|been|being|get|gets|was|were)\s+(?:\w+ly\s+)?(?:and\s+\w+\s+)?"
    r"(?:(?:queued|scheduled|marked|flagged|slated)\s+for\s+)?$"
)
_INFLECTED = re.compile(r"(?:ed|es|s)$", re.IGNORECASE)
_CUSTOMER_BEFORE = re.compile(r"\b(?:you|customer|users?)\s+(?:\w+\s+)?$", re.IGNORECASE)
_MODAL_BEFORE = re.compile(r"\b(?:will|shall|must)\b[\s,]*(?:\w+ly\s+)?(?:\w+\s+(?:or|and)\s+)?$")
_EXCEPTION_WORD = re.compile(r"\b(?:unless|except|provided\s+that|other\s+than)\b")


def _promised_verb(view: TextView, text: str, verbs: re.Pattern[str]) -> re.Match[str] | None:
    """The first retention verb the provider promises (not "may delete", not the customer's duty, not negated)."""
    for verb in gate.finditer(verbs, text):
        if _in_condition(text, verb):
            continue
        head = _HEAD_BREAK.split(text[max(0, verb.start() - 70) : verb.start()])[-1]
        if verb.group(0).lower().endswith("ed") and (
            gate.search(_ATTRIBUTIVE, head) or gate.match(_NAMES_CONTENT, text, verb.end())
        ):
            continue  # "your deleted content", "(a) deleted User Content may persist": an adjective, not a deletion
        if gate.search(_ONLY_IF_REQUIRED, head):
            continue  # "and, if required by the Privacy Policy, delete …": deletion only when something demands it
        permissive = gate.search(_PERMISSIVE, head)
        if permissive and not _FIRM.search(head, permissive.end()):
            continue
        if negated_before(text, verb.end(), window=35):
            continue
        # The provider deletes (or the data "is deleted"); a customer's own deletion is a trigger, not a promise.
        head = gate.sub(_AT_REQUEST, " ", head)
        # The cheap tests first: the actor and the subject are read only where they decide.
        if (
            _PASSIVE_BEFORE.search(head)
            or (_INFLECTED.search(verb.group(0)) and not _CUSTOMER_BEFORE.search(head))
            or gate.search(_INSTRUCTED_TO, head)
            or gate.match(_DELETION_WILL, text, verb.end())
        ):
            return verb
        actor = last_actor(view, head)
        if actor == "provider":
            return verb
        if not _MODAL_BEFORE.search(head):
            continue
        if actor != "customer":
            return verb
        # The subject right before the modal decides ("…, or if Customer deletes its workspace, Linear will
        # delete …"): a customer named earlier in a condition does not.
        subject = gate.search(_MODAL_SUBJECT, head)
        if subject is not None and not _CUSTOMER_WORD.fullmatch(subject.group(1)):
            return verb
    return None


_OWN_CONTENT = compile_(
    r"\b(?:customer|user|your|client|controller|end\s+user|subscriber)[’']?s?\s+(?:personal\s+)?(?:data|content|materials|files|documents|information|conversations?|chats?|messages|uploads|recordings|transcripts|images)\b"
    r"|\b(?:inputs?|outputs?|prompts?|conversations?|chats?|chat\s+history|personal\s+(?:data|information)|uploaded\s+\w+|posts)\b"
)


def _customer_content(view: TextView, text: str) -> bool:
    """Stricter than `mentions_strict_content`: the customer's own data, not "all materials" or "the content"."""
    if gate.search(_OWN_CONTENT, text.translate(ASCII_LOWER)):
        return True
    lowered = text.lower()
    # A defined term the text does not hold cannot match: the regex runs only where one is.
    if not any(term in lowered for term in view.content_terms):
        return False
    terms = content_term_regex(view)
    return terms is not None and bool(terms.search(lowered))


# "the data in your account": the customer's stored content, named by where it is kept.
_ACCOUNT_DATA = compile_lower(
    r"\b(?:data|content|files|information|documents)\s+(?:stored\s+)?in\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+accounts?\b"
)
# "your Materials will be removed from the Shop App": taken off one surface where others see it, which
# is unpublishing, not deletion from the provider's systems.
_OFF_ONE_SURFACE = compile_lower(
    # "remove it from public view": the object may stand between the verb and the surface
    r"\b(?:remov\w*|hidden|taken\s+down|unpublish\w*|delisted)\s+(?:it\s+|them\s+|such\s+\w+\s+)?from\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:app|site|website|marketplace|store|storefront|listings?|search\s+results|public\s+view|profiles?|feeds?|directory)\b"
)


# Deleted or closed content taken out of public view, no longer displayed or made inaccessible: what the
# customer's deletion does, and not a deletion from the provider's systems. Cited for `unspecified`.
PUBLIC_VIEW_ONLY_WORDING = "taken out of public view only"
_PUBLIC_VIEW_ONLY = compile_lower(
    r"\bfrom\s+public\s+(?:view|display)\b|\bno\s+longer\s+(?:\w+\s+)?(?:publicly\s+)?(?:display|show)\w*\b"
    r"|\bstop\s+making\s+(?:\w+\s+){0,3}?publicly\s+(?:available|accessible|visible)\b|\bmake\s+(?:\w+\s+){0,3}?inaccessible\b"
)
_CUSTOMER_REMOVES = compile_lower(r"\b(?:delet|remov|terminat|clos)\w*")


def _last_heading(clause: Clause) -> str:
    """The clause's own heading ("Deleting your content"), which says whose "content" a clause means."""
    return clause.heading.rsplit(" / ", 1)[-1]


# Deletion at the end that is only permitted, or use that may continue: deletion not promised.
# deletion at the end only optional
OPTIONAL_DELETION = compile_lower(
    r"\b(?:upon|after|following|on)\s+(?:the\s+)?(?:termination|expiration|expiry|cancellation|end)\b[^.;]{0,160}?\bmay\s+(?:\w+\s+){0,4}?"
    r"(?:continue\s+to\s+(?:use|retain|store|keep|hold)|delete|remove|erase|destroy)\b",
)
# "if these Terms are terminated …: (b) your files may be deleted": deletion at the end only permitted
MAY_BE_DELETED = compile_lower(r"\bmay\s+be\s+(?:permanently\s+)?(?:deleted|removed|erased|destroyed)\b")


# Data kept for one purpose or one feature the sentence before named ("Zoom will retain this data for this
# purpose until you disable these features"): a rule for that data, not for content in general.
_ONE_PURPOSE = compile_lower(
    r"\b(?:this|such|these|that)\s+(?:data|information|recordings?|content)\s+for\s+(?:this|that|these|those|such)\s+purposes?\b"
    r"|\b(?:disable|turn\s+off|stop\s+using)\s+(?:these|this|the|those)\s+features?\b"
)


_MODAL_SUBJECT = compile_lower(r"\b([\w’']+)\s+(?:will|shall|must)\s+(?:\w+ly\s+)?(?:\w+\s+(?:or|and)\s+)?$")
_CUSTOMER_WORD = compile_lower(
    r"you|customer|customers|user|users|licensee|client|subscriber|controller|it|they|which|that|who|this|and|or"
)
# A data subject's right to ask for erasure ("the right to erasure", "to request that we delete certain
# personal information") is the law's, listed among rights; it promises no deletion practice.
_DATA_SUBJECT_RIGHT = compile_lower(
    r"\bright\s+(?:to|of)\s+(?:erasure|deletion|delete|be\s+forgotten)\b"
    r"|\brights?\b[^.;]{0,300}\b(?:request|ask)\w*\b[^.;]{0,40}\bdelet"
    r"|^\W*(?:to\s+)?(?:request|ask)\s+(?:that\s+)?(?:we|us)\s+(?:to\s+)?(?:delete|erase)\s+(?:certain\s+)?(?:of\s+)?(?:your\s+)?personal"
    r"|\b(?:request|ask\s+us)\s+(?:that\s+we\s+|to\s+)?delete\s+(?:\w+\s+){0,4}?in\s+certain\s+circumstances\b"
)


def retention_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Every statement about keeping or deleting content, read once per document."""
    return view.memo("_frames:retention", lambda: tuple(_read_retention(view)))


# "These licenses end when you remove Your Content"; "This license will end when your content is deleted
# from our systems": the provider's right to the content lasts until the customer deletes it.
LICENCE_ENDS_WORDING = "licence ends when the content is removed"
LICENCE_ENDS = compile_lower(
    r"\blicen[cs]es?\b[^.;]{0,90}?\b(?:end|ends|terminates?|expires?|ceases?)\s+(?:when|once|if|upon)\s+"
    # "ends when you or Vimeo delete it": the customer (or the provider at its request) removes the content
    r"(?:you\s+(?:or\s+(?:we|us|[\w’']+)\s+|\w+\s+)?(?:remove|delete)|(?:your|the|such)\s+(?:\w+\s+)?(?:content|data|posts?|materials?)\s+(?:is|are|has\s+been|have\s+been)\s+(?:deleted|removed))"
)


def _read_retention(view: TextView) -> Iterator[ClauseFrame]:
    # The document's name: its title, or the heading it opens with where none was extracted.
    opening = view.doc.sections[0].heading if view.doc.sections and not view.doc.title else ""
    title = f"{view.doc.title} {opening} {view.doc.path}"
    lowered = lowered_text(view)
    for clause in keyword_clauses(view, CANDIDATE):
        text = lowered[clause.start : clause.end]
        ends = gate.search(LICENCE_ENDS, text)
        if ends is not None:
            yield _content_statement(
                view,
                clause,
                clause.start + ends.start(),
                Action.RETAIN,
                LICENCE_ENDS_WORDING,
                frozenset({Condition.UNTIL_CUSTOMER_ENDS}),
            )
            continue
        frame = _read_clause(view, clause, text, title)
        if frame is not None:
            yield frame
        public = gate.search(_PUBLIC_VIEW_ONLY, text)
        if public and gate.search(_CUSTOMER_REMOVES, text) and view.mentions_content(text):
            yield _content_statement(
                view, clause, clause.start + public.start(), Action.DELETE, PUBLIC_VIEW_ONLY_WORDING
            )
        optional = gate.search(OPTIONAL_DELETION, text) or (
            gate.search(MAY_BE_DELETED, text) and gate.search(AFTER_TERMINATION, text)
        )
        if optional and view.mentions_content(text):
            yield _frame(
                view,
                clause,
                clause.start,
                Actor.PROVIDER,
                Modality.MAY,
                Action.DELETE,
                False,
                frozenset({DataKind.CUSTOMER_CONTENT}),
                frozenset({Condition.ON_TERMINATION}),
                GENERAL,
            )


def _content_statement(
    view: TextView,
    clause: Clause,
    trigger: int,
    action: Action,
    wording: str,
    conditions: frozenset[Condition] = frozenset(),
) -> ClauseFrame:
    """What the provider does with customer content, in a named wording the rules match on."""
    content = frozenset({DataKind.CUSTOMER_CONTENT, DataKind.GENERIC_CONTENT})
    frame = _frame(
        view, clause, trigger, Actor.PROVIDER, Modality.DOES, action, False, content, conditions, GENERAL
    )
    return replace(frame, wording=wording)


def _frame(
    view: TextView,
    clause: Clause,
    trigger: int,
    actor: Actor,
    modality: Modality,
    action: Action,
    negated: bool,
    objects: frozenset[DataKind],
    conditions: frozenset[Condition],
    scope: Scope,
) -> ClauseFrame:
    unit = view.unit_at(clause.start)
    return ClauseFrame(
        clause.index,
        clause.start,
        clause.end,
        trigger,
        unit,
        actor,
        modality,
        negated,
        action,
        objects,
        conditions,
        scope,
    )


# "During the Term, if: (a) …; (b) Customer uses the Services to delete Customer Personal Data; … then Google
# will delete such data": a main clause opening with "then" completes a condition stated just before it.
_CUSTOMER_DELETES_CONTENT = compile_lower(
    r"\byou\s+(?:\w+\s+){0,2}?(?:delete|remove|erase)\s+(?:\w+\s+)?(?:content|posts?|files?|data|photos?|videos?|messages?|comments?|notes?|documents?|uploads?)\b"
    # "Content you delete is removed from our servers within 30 days"
    r"|\b(?:content|posts?|files?|data|messages?|conversations?)\s+(?:that\s+)?you\s+(?:delete|remove|erase)\b"
)
_PROVISO = re.compile(r"\bprovided\s*,?\s*(?:however\s*,?\s*)?that\b|\bexcept\s+that\b")
_THEN = compile_lower(r"^\W*then\b")
# "If your account is closed, a few things happen. First, … Second, we will delete Your Content …": a step
# in a numbered sequence of consequences, whose condition the paragraph states once at its opening.
_NEXT_STEP = compile_lower(
    r"^\W*(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|next|finally|thereafter|after\s+that|at\s+that\s+(?:time|point))\s*,"
)
_OPENS_CONDITION = compile_lower(
    r"^\W*(?:\w+\.\s+)?(?:\d+\\?\.\s+)?(?:if|when|once|upon|after|following|on)\b"
)
_CONDITION_REACH = 4


def _condition_before(view: TextView, clause: Clause, text: str) -> set[Condition]:
    lead = view.lead_in(clause)
    if lead is not None:
        # "If you close your account, the following happens: … we will delete Your Content": the lead-in
        # of a list states the condition each item depends on.
        return _trigger(lowered_text(view)[lead.start : lead.end])
    then = gate.search(_THEN, text) is not None
    if not then and not gate.search(_NEXT_STEP, text):
        return set()
    paragraph = view.paragraph_at(clause.start)
    found: set[Condition] = set()
    for previous in view.neighbours(clause, before=_CONDITION_REACH, after=0)[:-1]:
        if previous.section != clause.section and previous.heading != clause.heading:
            continue
        before = lowered_text(view)[previous.start : previous.end]
        if not then and (
            view.paragraph_at(previous.start) is not paragraph or not gate.search(_OPENS_CONDITION, before)
        ):
            continue  # a step inherits only the condition that opens its own paragraph
        found |= _trigger(before)
    return found


def _trigger(before: str) -> set[Condition]:
    """The end of the contract or the customer's deletion, named in a condition stated before a promise."""
    found: set[Condition] = set()
    if gate.search(AFTER_TERMINATION, before):
        found.add(Condition.ON_TERMINATION)
    if gate.search(ON_REQUEST, before) and not gate.search(_DATA_SUBJECT_RIGHT, before):
        found.add(Condition.ON_REQUEST)
    return found


_CUSTOMER_CONTENT = frozenset({DataKind.CUSTOMER_CONTENT})
# "When you delete a post, we remove it within 30 days": what the customer deletes is content of its own, in
# whatever words it is named.
_DELETED_BY_CUSTOMER = frozenset({DataKind.CUSTOMER_CONTENT, DataKind.GENERIC_CONTENT})
# "They are kept until …", "It is deleted …": a pronoun subject names the data of the sentence before it.
_PRONOUN_SUBJECT = compile_lower(
    r"^\W*(?:they|it|these|those|such\s+(?:data|content|items))\s+(?:are|is|will|may|shall)\b"
)


def _about(view: TextView, clause: Clause, text: str) -> str:
    """The text whose data words a retention clause speaks of: the clause, and the sentence before it where
    the clause opens with a pronoun for that sentence's data."""
    if gate.search(_PRONOUN_SUBJECT, text) and clause.index > 0:
        previous = view.clauses[clause.index - 1]
        if previous.section == clause.section:
            return lowered_text(view)[previous.start : previous.end] + " " + text
    return text


def _objects(view: TextView, clause: Clause, text: str, about: str, content: bool) -> frozenset[DataKind]:
    """The data a retention clause speaks of (read only for a clause that makes a frame)."""
    objects: set[DataKind] = set()
    if content:
        objects.add(DataKind.GENERIC_CONTENT)
    if _customer_content(view, about + " " + _last_heading(clause)):
        objects.add(DataKind.CUSTOMER_CONTENT)
    if gate.search(_ACCOUNT_DATA, text) or (view.phi_is_content and gate.search(PHI, text)):
        # The data in the customer's account; protected health information a business associate holds for it.
        objects |= {DataKind.CUSTOMER_CONTENT, DataKind.GENERIC_CONTENT}
    return frozenset(objects)


def _read_clause(view: TextView, clause: Clause, text: str, title: str) -> ClauseFrame | None:
    # Whether the clause names content is read at most once, and only where a test needs it.
    strict: list[bool] = []
    about = _about(view, clause, text)

    def content() -> bool:
        if not strict:
            strict.append(mentions_strict_content(view, about))
        return strict[0]

    conditions: set[Condition] = set()
    if gate.search(_CONFIDENTIAL_ONLY, text) and not content():
        return None
    if gate.search(CUSTOMER_CONTROLS, text):
        conditions.add(Condition.CUSTOMER_CHOICE)
    if (gate.search(OPEN_ENDED, text) and (content() or gate.search(_KEEP_VERB, text))) or (
        gate.search(_LICENCE_SURVIVES, text) and view.mentions_content(text)
    ):
        conditions.add(Condition.AS_LONG_AS_NEEDED)
    # Only the words before an exception count; a moderation word the clause lacks is in no part of it.
    if gate.search(_MODERATION, text):
        rule = gate.split(_EXCEPTION_WORD, text, 1)[0]
        if gate.search(_MODERATION, gate.sub(_ABUSE_MONITORING_PURPOSE, " ", rule)):
            conditions.add(Condition.FOR_MODERATION)
    delete_verb = _promised_verb(view, text, _DELETE_VERB)
    keep_verb = None if delete_verb else _promised_verb(view, text, _KEEP_VERB)
    verb = delete_verb or keep_verb
    if (
        verb is None
        and gate.search(ZERO_RETENTION, text)
        and not gate.search(_NOT_A_LIMIT, text)
        and not gate.search(_NOT_UNCONDITIONAL, text)
    ):
        conditions.add(Condition.NOT_STORED)
    objects: frozenset[DataKind] = frozenset()
    period = gate.search(FIXED, text)
    if keep_verb and gate.search(_DEADLINE_AFTER_END, text):
        conditions.add(Condition.DEADLINE_AFTER_END)
    elif period and not gate.search(_NOT_A_LIMIT, text):
        conditions.add(Condition.PERIOD)
    if gate.search(AFTER_TERMINATION, text) or (_HEADING_TERMINATION.search(clause.heading) and delete_verb):
        conditions.add(Condition.ON_TERMINATION)
    request = gate.search(ON_REQUEST, text)
    if (
        request
        and not gate.search(_DATA_SUBJECT_RIGHT, text)
        # "kept no longer than 30 days …; provided that files Customer elects to store remain until Customer
        # deletes them": a period is the rule, the deletion by the customer a proviso for what it keeps apart
        and not (
            period
            and period.start() < request.start()
            and _PROVISO.search(text, period.end(), request.start())
        )
    ):
        conditions.add(Condition.ON_REQUEST)
        if gate.search(_CUSTOMER_DELETES_CONTENT, text):
            objects = _DELETED_BY_CUSTOMER  # content the customer deletes is its own
    if verb is not None and not conditions & {Condition.ON_REQUEST, Condition.ON_TERMINATION}:
        conditions |= _condition_before(view, clause, text)
    kept = keep_verb or (_promised_verb(view, text, _KEEP_VERB) if delete_verb else None)
    if kept and not period and gate.search(_KEPT_UNTIL_CUSTOMER_ENDS, text, kept.end()):
        conditions.add(Condition.UNTIL_CUSTOMER_ENDS)
    if not conditions and verb is None:
        return None
    # A promise is firm when the clause says will / shall / must or states a period; otherwise it may be a description.
    firm = bool(period or gate.search(_FIRM, text))
    # An optional mode narrows a period; deletion on the customer's own request or at the end still covers content.
    tied = {
        Condition.ON_REQUEST,
        Condition.ON_TERMINATION,
        Condition.UNTIL_CUSTOMER_ENDS,
        Condition.CUSTOMER_CHOICE,
    }
    mode = None if conditions & tied else gate.search(_OPTIONAL_MODE, text)
    narrow = gate.search(_ONE_PURPOSE, text)
    surface = gate.search(_OFF_ONE_SURFACE, text)
    if surface:
        scope = Scope(ScopeKind.FEATURE, surface.group(0))
    elif mode:
        scope = Scope(ScopeKind.FEATURE, mode.group(0))
    elif narrow:
        scope = Scope(ScopeKind.DATA_KIND, narrow.group(0))
    else:
        scope = scope_of(text, "", title)
        if conditions & tied and scope.kind is ScopeKind.FEATURE:
            scope = GENERAL  # deletion on the customer's request or at the end covers content beyond the mode
    return _frame(
        view,
        clause,
        clause.start + (verb.start() if verb else 0),
        Actor.PROVIDER if verb else Actor.UNKNOWN,
        Modality.WILL if firm else Modality.DOES,
        Action.DELETE if delete_verb else Action.RETAIN,
        Condition.NOT_STORED in conditions,
        _objects(view, clause, text, about, content()) | objects,
        frozenset(conditions),
        scope,
    )
