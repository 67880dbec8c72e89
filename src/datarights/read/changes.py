"""Reading statements about changing the document itself into clause frames.

Which clauses speak of changing these terms (not the services, fees or subprocessors), who may change
them (the provider alone, or both parties by a signed amendment), and the conditions a change takes
effect under: the customer's consent, notice in advance, direct notice (e-mail, in-product), posting,
notice only where the law requires it. `detect/change_notice` decides over the frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from datarights.read import gate
from datarights.read.model import Action, Actor, ClauseFrame, Condition, Scope, ScopeKind
from datarights.read.patterns import compile_, compile_lower
from datarights.read.view import Clause, TextView, keyword_clauses, lowered_text, register_keywords
from datarights.read.vocab.modality import modality_before
from datarights.read.vocab.scope import AudienceMatch, audience_before, audience_of, first_audiences
from datarights.read.vocab.time import PERIOD

_DOC = (
    r"(?:terms(?:\s+of\s+(?:service|use))?|agreement|(?:privacy\s+)?polic(?:y|ies)|(?:privacy\s+)?statement|(?:privacy\s+)?notice|addendum"
    r"|conditions|DPA|AUP|guidelines|rules|EULA|contract)"
)
_THIS_DOC = r"(?:(?:these|this|the|our|such|any)\s+(?:\w+\s+){0,3}?" + _DOC + r"|" + _DOC + r")"
_CHANGE = r"(?:updat\w*|chang\w*|modif\w*|amend\w*|revis\w*|replac\w*|vary|varies|varied|variations?|evolve)"
CANDIDATE = register_keywords(
    "change_notice",
    r"\b"
    + _CHANGE
    + r"\b|\b(?:reduce|diminish)\w*\s+(?:\w+\s+){0,2}?rights\b|\bdeviations?\b|\badditions?\b",
    (
        "updat",
        "chang",
        "modif",
        "amend",
        "revis",
        "replac",
        "vary",
        "varies",
        "varied",
        "variation",
        "evolve",
        "deviation",
        "addition",
        "reduc",
        "diminish",
    ),
)

# amendment only in a writing both parties sign
SIGNED_AMENDMENT = compile_lower(
    r"\b(?:amend\w*|modif\w*|chang\w*|vari\w*|supplement\w*|waiv\w*)\b[^.;]{0,200}?\b(?:signed|executed|agreed|accepted|assented)"
    r"(?:\s+(?:or|and|and/or)\s+(?:electronically\s+)?(?:signed|executed|agreed|accepted|assented))?\s+(?:to\s+)?(?:in\s+writing\s+)?(?:by|on\s+behalf\s+of)\s+(?:(?:an?\s+)?(?:duly\s+)?authori[sz]ed\s+(?:representatives?|officers?|signator\w*)\s+of\s+)?"
    r"(?:both|each|all\s+(?:of\s+)?(?:the\s+)?|the)\s*part(?:y|ies)"
    r"|\b(?:amend\w*|modif\w*)\b[^.;]{0,120}?\b(?:mutual(?:ly)?\s+(?:written\s+)?(?:agreement|agreed|consent)|(?:written\s+)?agreement\s+of\s+(?:both|the)\s+parties|mutually\s+(?:be\s+)?(?:determined|agreed))"
    r"|\b(?:signed|executed)\s+by\s+(?:you|customer|the\s+customer)\s+and\s+(?:us|provider|the\s+provider|\w+)\b[^.;]{0,40}"
    r"|\b(?:amendments?|changes?|modifications?|deviations?|additions?|variations?)\b[^.;]{0,80}?\b(?:only|not)\s+(?:be\s+)?(?:valid|effective|binding)\s+(?:if|unless|when)\s+(?:\w+\s+){0,3}?(?:agreed|made|signed|executed)\b[^.;]{0,40}?\bwriting\b",
)
# change needs the customer's consent
CONSENT_FOR_CHANGE = compile_lower(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:reduce|diminish|limit|restrict|weaken)\w*\s+(?:\w+\s+){0,3}?rights?\b[^.;]{0,80}\bwithout\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+)?(?:consent|agreement|permission|approval)"
    r"|\b"
    + _CHANGE
    + r"\b[^.;]{0,120}\b(?:will\s+not|shall\s+not|won[’']t|do(?:es)?\s+not)\s+(?:apply|take\s+effect|be\s+effective|bind)\b[^.;]{0,60}\b(?:(?:unless|until)\s+(?:you|customer|the\s+customer)\s+(?:\w+\s+){0,2}?(?:agree|agrees|accept|accepts|consent|consents|opt|opts|sign|signs)"
    # "… will not apply without Customer's written agreement"
    r"|without\s+(?:your|the\s+customer[’']?s?|customer[’']?s?|its)\s+(?:\w+\s+){0,2}?(?:consent|agreement|approval|acceptance))"
    r"|\b"
    + _CHANGE
    + r"\b[^.;]{0,120}\b(?:require|requires|need|needs|subject\s+to)\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+){0,2}?(?:consent|agreement|approval|opt-?in|acceptance)"
    r"|\b"
    + _CHANGE
    + r"\b[^.;]{0,120}\bonly\s+(?:take\s+effect\s+|apply\s+|be\s+effective\s+|become\s+effective\s+)?(?:with|after|upon)\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+)?(?:consent|agreement|approval|opt-?in)"
    # "We will not make a material change to how we use Student Data without … obtaining its consent"
    r"|\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:make\s+(?:any\s+|a\s+)?(?:material\s+)?)?"
    + _CHANGE
    + r"\b[^.;]{0,40}?\bhow\s+(?:we|it|the\s+provider)\s+(?:collects?|uses?|shares?|process(?:es)?|discloses?)\b[^.;]{0,120}?"
    r"\bwithout\s+(?:first\s+)?(?:[\w’']+\s+){0,6}?(?:obtaining|getting|receiving|securing)\s+(?:\w+\s+){0,2}?(?:consent|agreement|approval|permission)"
    # the negation on the change, not the verb: "no update … will apply to Customer unless Customer agrees to it"
    r"|\bno\s+(?:such\s+|later\s+|future\s+)?"
    + _CHANGE
    + r"\b[^.;]{0,120}\b(?:will|shall|may|can|is\s+to)\s+(?:apply|take\s+effect|be(?:come)?\s+effective|bind)\b[^.;]{0,60}\b(?:unless|until)\s+"
    r"(?:you|customer|the\s+customer)\s+(?:\w+\s+){0,2}?(?:agree|agrees|accept|accepts|consent|consents|opt|opts|sign|signs)"
    # "we will not make a material change to how we use your data without first notifying you and obtaining your consent"
    r"|\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:make|change|modify|amend|update|revise|expand)\b[^.;]{0,150}?\bwithout\b[^.;]{0,120}?"
    r"\b(?:obtaining|getting|receiving|securing|first\s+obtaining)\s+(?:\w+\s+){0,2}?(?:consent|agreement|approval|opt-?in)\b"
    # "We will not make any material change to how we use Student Data unless we first get consent from the parent"
    r"|\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:make|change|modify|amend|update|revise|expand)\b[^.;]{0,150}?\bunless\s+(?:we|it|the\s+provider)\s+"
    r"(?:first\s+)?(?:get|gets|obtain|obtains|receive|receives|secure|secures|have|has)\s+(?:\w+\s+){0,2}?(?:consent|agreement|approval|opt-?in)\b",
)
# notice before changes take effect
ADVANCE_NOTICE = compile_lower(
    r"\b(?:at\s+least\s+|no\s+less\s+than\s+|not\s+less\s+than\s+|minimum\s+of\s+)?"
    + PERIOD
    + r"\s*(?:[’']\s*)?(?:\w+\s+){0,3}?(?:prior|advance|in\s+advance|before|notice)"
    r"|\b(?:advance|prior|reasonable\s+advance|advanced)\s+(?:written\s+)?notice\b"
    r"|\b(?:notify|notice|inform|tell|email|alert|let\s+you\s+know)\b[^.]{0,160}?\bbefore\s+(?:they|it|the\s+(?:\w+\s+)?(?:changes?|updates?|revisions?|modifications?|terms|policy)|such\s+(?:\w+\s+)?(?:changes?|updates?|modifications?|revisions?)|any\s+changes?|changes|updates)\s+(?:\w+\s+)?"
    # "… let you know in the app before they apply"
    r"(?:(?:take|takes|go|goes|become|becomes|come|comes|enter|enters)\s+(?:into\s+)?(?:effect|effective|force)|apply|applies|start\s+to\s+apply)\b"
    r"|\b(?:notify|notice|inform|tell|let\s+you\s+know)\b[^.;]{0,60}?\b(?:ahead\s+of\s+time|in\s+advance)\b"
    r"|\b(?:effective|take\s+effect|apply)\s+(?:only\s+)?(?:after|following)\s+(?:we\s+(?:send|give|provide)\s+(?:you\s+)?)?(?:written\s+)?(?:notice|notification)\b"
    r"|\b(?:become|becomes|take|takes)\s+(?:effective|effect)\s+(?:up)?on\s+(?:the\s+)?(?:next\s+)?renewal\b"
    r"|\b(?:effective|take\s+effect|come\s+into\s+(?:effect|force)|become\s+binding|bind\s+you)\s+(?:\w+\s+){0,2}?"
    + PERIOD
    + r"\s+(?:after|following|from)\s+(?:we|the\s+date|the\s+posting|posting|notice|notification|our|they|it|being)"
    r"|\b(?:post|publish)\w*\s+(?:\w+\s+){0,4}?(?:at\s+least\s+)?" + PERIOD + r"\s+before\b"
    r"|\bopportunity\s+to\s+review\b[^.;]{0,80}\bbefore\b"
    # a stated delay between posting and effect
    r"|\b(?:effective|take\s+effect|apply)\s+(?:as\s+of|on|from)\s+(?:the\s+)?(?:first|1st)\s+day\s+of\s+(?:the\s+)?(?:next|following|calendar)\s+(?:calendar\s+)?month",
)
# changes by posting or continued use
POSTING = compile_lower(
    r"\b(?:post|posting|posted|publish\w*|updat\w+\s+the\s+[\"“‘']?(?:last\s+updated|effective|revision)|effective\s+(?:date|immediately|upon|when|as\s+of)|last\s+(?:updated|modified|revised)"
    r"|continu\w+\s+(?:to\s+)?(?:use|access|using)|at\s+any\s+time|from\s+time\s+to\s+time|sole\s+discretion|without\s+(?:prior\s+)?notice)\b",
)
# notice only where the law requires it
NOTICE_IF_REQUIRED = compile_lower(
    # "to the extent that we are required by applicable law to notify you"
    r"\b(?:if|where|when|as|to\s+the\s+extent)\s+(?:\w+\s+){0,3}?(?:legally\s+)?required(?:\s+by\s+(?:applicable\s+)?law)?\b",
)

# Notice of a change only where and as the law prescribes: no notice of the provider's own.
# notice of changes only as the law prescribes
NOTICE_BY_LAW = compile_lower(
    r"\bnotice\b[^.;]{0,80}?\b(?:pursuant\s+to|required\s+by|prescribed\s+by|as\s+required\s+by|under)\s+(?:applicable\s+)?laws?\b",
)

# The provider changes the document ("we may update these Terms", "this Agreement may be updated").
_OBJECT = (
    r"(?:(?:these|this)\s+(?:\w+\s+){0,2}?"
    + _DOC
    # "changes to our Privacy Notice", "our Terms of Service": the document by its own name
    + r"|the\s+(?:terms(?:\s+of\s+(?:service|use))?|agreement|privacy\s+(?:policy|statement|notice)|DPA)"
    # terms incorporated by their name: "the Enterprise Terms", "the Service Terms" (not payment or pricing terms)
    + r"|the\s+(?!(?:payment|pricing|fee|billing|credit|trial|promotional|commercial)\b)(?:[\w-]+\s+){1,2}(?:terms|addendum)"
    + r"|our\s+privacy\s+(?:policy|statement|notice)"
    # "may modify this Section 7 upon 30 days' notice": a numbered part of the document
    + r"|this\s+(?:section|clause|article|schedule|exhibit)\s+\d+[a-z]?)"
)
_UNILATERAL = compile_lower(
    r"\b(?:may|might|will|can|could|shall|right|reserves?|we|need\s+to|intend\s+to)\b[^.;]{0,40}?\b"
    + _CHANGE
    + r"\s+(?:\w+\s+){0,3}?"
    + _OBJECT
    + r"\b"
    # a part of the document the provider may revise without notice ("reserves the right to revise these
    # technical and organizational measures at any time, without notice")
    r"|\b(?:right|reserves?)\b[^.;]{0,40}?\b"
    + _CHANGE
    + r"\s+(?:these|the|its|our)\s+(?:\w+\s+){0,3}?(?:security\s+)?measures\b(?=[^.;]{0,40}?\bwithout\s+(?:prior\s+)?notice)"
    r"|\b(?:our|these|this)\s+(?:\w+\s+){0,2}?"
    + _DOC
    + r"\s+(?:may|will|might)\s+(?:also\s+)?"
    + _CHANGE
    + r"\s*[.;]"
    r"|\b(?:these|this)\s+(?:\w+\s+){0,2}?"
    + _DOC
    + r"\s+(?:\w+\s+){0,3}?(?:may|will|might|can|is\s+subject\s+to)\s+(?:\w+\s+){0,2}?"
    + _CHANGE
    + r"\b[^.;]{0,60}?\b(?:from\s+time\s+to\s+time|at\s+any\s+time|periodically|by\s+(?:us|posting)|at\s+(?:our|its)\s+(?:sole\s+)?discretion)"
    + r"|\b(?:changes?|updates?|modifications?|revisions?)\s+(?:\w+\s+){0,2}?to\s+"
    + _OBJECT
    + r"\b"
    r"|\b(?:post|publish)\w*\s+(?:the\s+|a\s+)?(?:revised|updated|amended|modified|new)\s+(?:version\s+of\s+)?(?:these\s+|this\s+|the\s+|our\s+)?"
    + _DOC
    + r"\b"
    r"|\b(?:our|these|the)\s+(?:rules|policies)\s+(?:will|may)\s+(?:\w+\s+)?(?:evolve|change)"
    r"|\b(?:we|the\s+provider)\s+(?:\w+\s+)?"
    + _CHANGE
    + r"\s+(?:our|these|this)\s+(?:rules|polic(?:y|ies)|terms|statement)"
)
_NOT_THE_TERMS = compile_(
    r"\b"
    + _CHANGE
    + r"\s+(?:(?!(?:through|via|by|in|within|on|using)\b)\w+\s+){0,2}?(?:to\s+)?(?:the\s+|our\s+|any\s+)?(?:services?|service\s+levels?|SLAs?|features?|functionality|products?|fees|prices?|pricing|rates|sub-?processors?"
    r"|subcontractors?|models?|apps?|software|platform|settings|content|data|passwords?|account|information|preferences|billing)\b"
    # "the Service Terms", "the Platform Agreement": a document by its name, not the service
    r"(?!\s+(?:terms|addendum|agreement)\b)"
    r"|\b(?:services?|features?|fees|prices|sub-?processors?)\s+(?:\w+\s+){0,2}?(?:may|will)\s+(?:\w+\s+)?(?:be\s+)?"
    + _CHANGE
)
_CHANGE_HEADING = compile_(r"\b(?:chang\w*|updat\w*|modif\w*|amend\w*|revis\w*)\b")


_DOC_OR_CONSENT = compile_lower(
    r"\b(?:"
    + _DOC
    + r"|hereof|hereto|herein|consent|signed|executed|writing|notice|notif\w*|post\w*|publish\w*|effective|e-?mail|let\s+you\s+know|inform\w*"
    # "No amendment will bind you unless you accept it": the customer's acceptance, the document unnamed
    r"|accept\w*|agrees?|agreed|tell|alert)\b"
)


# "If we materially change these terms or if we are legally required to": the law is one trigger of the
# notice among others, so the notice is not given only where the law requires it.
_ALTERNATIVE_CONDITION = compile_(r"\b(?:or|and)\s+$")


# "On November 3, 2025, we updated this notice to …", "We've updated our Privacy Policy": a report of a
# change already made, which gives no power to change the document again.
_PAST_REPORT = compile_lower(
    r"^(?:we|we[’']ve|we\s+have)\s+(?:recently\s+|also\s+)?(?:updated|changed|modified|amended|revised)\b"
)


def power_to_change(text: str) -> re.Match[str] | None:
    """The words by which the provider may change the document (`_UNILATERAL`), in lower-cased `text`;
    None when the only such words report a change already made."""
    for match in gate.finditer(_UNILATERAL, text):
        if not _PAST_REPORT.match(match.group(0)):
            return match
    return None


_CHANGE_WORD = re.compile(
    r"\b(?:changes?|updates?|updated|modifications?|modified|revisions?|revised|amendments?|amended)\b", re.I
)
_DOCUMENT_WORD = re.compile(
    r"\b(?:terms|agreement|polic(?:y|ies)|statement|addendum|DPA|EULA|contract)\b", re.I
)
_NEGATION_WORD = re.compile(r"\b(?:not|never|no)\b", re.I)
_PARTIES_BEFORE = re.compile(r"\b(?:parties|either\s+party|each\s+party)\b[^.;]{0,40}$", re.I)


def _about_terms(
    view: TextView,
    clause: Clause,
    unilateral: dict[int, bool],
    powers: dict[int, re.Match[str] | None],
) -> bool:
    """Does this clause (or the section it sits in) speak of changing the document itself? `unilateral`
    and `powers` hold what is known of each clause (whether the provider may change the document by
    it, and the words that say so), read once however many clauses after it look back to it."""
    lowered = lowered_text(view)
    text = lowered[clause.start : clause.end]

    def power(c: Clause, low: str) -> re.Match[str] | None:
        if c.index not in powers:
            powers[c.index] = power_to_change(low)
        return powers[c.index]

    def is_unilateral(c: Clause) -> bool:
        if c.index not in unilateral:
            low = lowered[c.start : c.end]
            unilateral[c.index] = bool(gate.search(_DOC_OR_CONSENT, low)) and power(c, low) is not None
        return unilateral[c.index]

    if not gate.search(_DOC_OR_CONSENT, text):
        return False
    if clause.index not in unilateral:  # the document word was just found: only the power is to read
        unilateral[clause.index] = power(clause, text) is not None
    if (
        unilateral[clause.index]
        or gate.search(SIGNED_AMENDMENT, text)
        or gate.search(CONSENT_FOR_CHANGE, text)
    ):
        return True
    if not gate.search(_CHANGE_WORD, text):
        return False
    heading = clause.heading.rsplit(" / ", 1)[-1]
    # "Changes to this page", "Will this page change?": a notice or FAQ names itself a page in its heading
    if _CHANGE_HEADING.search(heading) and re.search(r"\b(?:" + _DOC + r"|this\s+page)\b", heading, re.I):
        return True
    return any(is_unilateral(c) for c in view.neighbours(clause, before=6, after=0)[:-1])


# The customer is told directly: by e-mail, in the product, through its account or a notification (not a
# notice posted on the website, however prominent).
DIRECT_NOTICE = compile_lower(
    r"\b(?:notify|notifying|notified|inform|informing|tell|alert|let\s+(?:you|customer)\s+know|e-?mail|send(?:s|ing)?\s+(?:you|customer)"
    r"|provide\s+(?:you|customer)(?:\s+with)?|bring\s+(?:it|them|this|such\s+changes?)\s+to\s+your\s+attention)\b"
    r"[^.;]{0,100}?\b(?:by|via|through|in|using)\s+(?:an?\s+)?(?:e-?mail|electronic\s+mail|in[\s-](?:app|product|service)|notifications?"
    r"|(?:your|the)\s+(?:account|dashboard|console)|the\s+(?:contact|e-?mail)\s+(?:details|address)|message|sending\s+(?:you\s+)?an?\s+e-?mail"
    # "we'll let you know about material changes through the app": in the product
    r"|(?:the|our)\s+(?:mobile\s+)?app(?:lication)?s?\b)"
    r"|\bsend(?:s|ing)?\s+(?:you\s+)?an?\s+e-?mail\b"
    r"|\bsend(?:s|ing)?\s+(?:a\s+|an\s+)?(?:notice|notification|e-?mail)\s+(?:\w+\s+){0,4}?to\s+(?:you|all|our|the|each|customers?|users?|account\s+holders)\b"
    r"|\b(?:presented|present|shown|show)\s+(?:again\s+)?to\s+(?:you|customer|the\s+customer|users?)\b"
    # "we will seek to supplement such notice by email, an in-service pop-up message, or …"
    r"|\b(?:supplement|provide|give|send)\w*\s+(?:\w+\s+){0,3}?notice\s+(?:\w+\s+){0,2}?(?:by|via|through|with)\s+(?:an?\s+)?"
    r"(?:e-?mail|in[\s-](?:app|product|service)|pop-?up|push\s+notification|text\s+message)"
)
# "We will notify you" with no channel: direct unless the notice is the posting itself.
NOTIFY_YOU = compile_lower(
    r"\b(?:we|provider|the\s+provider)\s+(?:will|shall)\s+"
    # "we will seek to / try to / use reasonable efforts to notify you": a promise of the effort
    r"(?:(?:seek|try|endeavou?r|attempt)\s+to\s+|(?:use|make)\s+(?:commercially\s+)?(?:reasonable|every)\s+efforts?\s+to\s+)?"
    r"(?:\w+\s+)?(?:notify|inform)\s+(?:you|customer|the\s+customer)\b"
    # "We'll email you about significant updates"
    r"|\bwe(?:[’']ll|\s+will|\s+shall)\s+(?:\w+\s+)?(?:e-?mail|message|alert|tell)\s+you\b[^.;]{0,60}?\b(?:changes?|updates?|revisions?|modifications?)\b"
    r"|\b(?:you|customer)\s+will\s+(?:be\s+)?(?:notified|informed|receive\s+(?:a\s+)?(?:notice|notification|an?\s+e-?mail))\b"
    r"|\b(?:by|after|upon)\s+(?:notifying|(?:written\s+)?notice\s+to|giving\s+(?:you|customer)\s+(?:written\s+)?notice)\s+(?:to\s+)?(?:you|customer|the\s+customer)?"
    # "will never materially change our policies … without informing affected customers"
    r"|\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:change|modify|amend|update|revise)\b[^.;]{0,150}?\bwithout\s+(?:first\s+)?"
    r"(?:informing|notifying|telling|alerting|giving\s+(?:you|them|customers?)\s+(?:prior\s+|advance\s+)?notice)"
)
# A parenthetical aside ("(or such shorter period as may be required by law)") qualifies a period; it does
# not make the notice one given only where the law requires it.
# A proviso in brackets ("(provided that, for material changes, we will … by email)") is part of the rule.
_ASIDE = compile_lower(r"\((?!\s*(?:provided|except|unless|but)\b)(?=[^()]*[a-z]{3})[^()]{0,300}\)")
_POSTED_NOTICE = compile_lower(
    r"\b(?:by\s+posting|on\s+(?:this|our|the)\s+(?:web)?(?:site|page)|prominent\s+notice|updat\w+\s+the\s+[\"“]?(?:last\s+updated|effective))"
)
EFFECTIVE_WHEN_POSTED = compile_lower(
    r"\beffective\s+(?:immediately\s+)?(?:up)?on\s+(?:posting|publication|being\s+posted)"
    r"|\beffective\s+(?:immediately\s+)?(?:when|once|as\s+soon\s+as)\s+(?:they\s+are\s+|it\s+is\s+)?(?:posted|published)"
    r"|\b(?:take|takes)\s+effect\s+(?:immediately\s+)?(?:up)?on\s+(?:posting|publication)"
    r"|\beffective\s+immediately\b"
    r"|\beffective\s+(?:on|from|as\s+of)\s+(?:the\s+)?(?:date\s+of\s+)?(?:publication|posting)\b"
    # "The revised AUP takes effect on the date it is published"
    r"|\b(?:take|takes)\s+effect\s+(?:on|from|as\s+of)\s+the\s+(?:date|day)\s+(?:on\s+which\s+)?(?:it\s+is|they\s+are|we\s+)?\s*(?:posted|published|post|publish)\b"
    r"|\beffective\s+(?:as\s+of|from|at|on|upon)\s+(?:the\s+(?:time|date|moment)\s+(?:at\s+which|when|that|on\s+which|they\s+are|it\s+is)\s*)?(?:we\s+)?(?:post|posted|publish|published)\b"
)
# A change clause about one part of the document only ("this Arbitration Agreement", "this Section").
_PART_OF_DOCUMENT = compile_lower(
    r"\b(?:this|the|these)\s+(?:arbitration|dispute\s+resolution|class\s+action)\s+(?:agreement|provisions?|clauses?|sections?|terms)\b"
    r"|\b(?:changes?|amendments?|modifications?)\s+to\s+(?:this|the)\s+(?:section|paragraph)\b"
)
_EXCEPT_PROVIDED = compile_(
    r"\bexcept\s+(?:as\s+)?(?:\w+\s+){0,3}?(?:provided|set\s+forth|stated|described)|\bsubject\s+to\s+section\b"
)


# Direct notice that is only permitted ("we may also notify you by email"), or only one way among others
# of which posting is one ("by posting a notice … or by sending you an email"), is no promise of it.
_MAY_BEFORE = compile_lower(r"\b(?:may|might|can|could)\s+(?:also\s+)?(?:\w+\s+){0,2}$")
_OR_BEFORE = compile_lower(r"\bor\s+(?:by\s+|via\s+|through\s+)?$")
_POSTING_WAY = compile_lower(
    r"\b(?:post\w*|publish\w*|homepages?|login\s+screens?|on\s+(?:this|our|the)\s+(?:\w+\s+)?(?:web)?(?:site|page|network))\b"
)


def _promises_direct_notice(text: str) -> bool:
    posting = gate.search(_POSTING_WAY, text) is not None
    for match in gate.finditer(DIRECT_NOTICE, text):
        head = text[max(0, match.start() - 60) : match.start()]
        if gate.search(_MAY_BEFORE, head) or (posting and gate.search(_OR_BEFORE, head[-16:])):
            continue
        return True
    return False


def change_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Every statement about changing the document, read once per document."""
    return view.memo("_frames:change", lambda: tuple(_read_changes(view)))


def _read_changes(view: TextView) -> Iterator[ClauseFrame]:
    unilateral_cache: dict[int, bool] = {}
    powers: dict[int, re.Match[str] | None] = {}
    audiences: dict[int, tuple[str, tuple[AudienceMatch | None, AudienceMatch | None]]] = {}
    lowered = lowered_text(view)
    for clause in keyword_clauses(view, CANDIDATE):
        text = lowered[clause.start : clause.end]
        if not _about_terms(view, clause, unilateral_cache, powers):
            continue
        if not gate.search(_DOCUMENT_WORD, text) and gate.search(_NOT_THE_TERMS, text):
            continue  # "advance notice of changes to any service level": the service, not the terms
        unilateral = powers[clause.index] if clause.index in powers else power_to_change(text)
        parties = False
        if unilateral and (
            _NEGATION_WORD.search(unilateral.group(0))
            or _PARTIES_BEFORE.search(text[: unilateral.start() + 20])
        ):
            unilateral = None
            parties = True
            if not (gate.search(SIGNED_AMENDMENT, text) or gate.search(CONSENT_FOR_CHANGE, text)):
                continue
        if (
            unilateral
            and gate.search(_NOT_THE_TERMS, text[unilateral.start() : unilateral.end() + 10])
            and not re.search(r"\b(?:these|this)\s+(?:\w+\s+){0,2}?" + _DOC, unilateral.group(0), re.I)
        ):
            continue
        conditions: set[Condition] = set()
        text = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
        if gate.search(CONSENT_FOR_CHANGE, text):
            conditions.add(Condition.CONSENT)
        signed = gate.search(SIGNED_AMENDMENT, text)
        if signed and gate.search(ADVANCE_NOTICE, text, signed.end()):
            # A proviso to the amendment clause ("… provided that Customer will be notified 30 days in advance").
            conditions |= {Condition.MUTUAL_AGREEMENT, Condition.ADVANCE_NOTICE}
        elif signed and not gate.search(_EXCEPT_PROVIDED, text):
            conditions.add(Condition.MUTUAL_AGREEMENT)
        elif advance := gate.search(ADVANCE_NOTICE, text):
            conditions.add(Condition.ADVANCE_NOTICE)
            required = gate.search(NOTICE_IF_REQUIRED, text)
            if (
                required
                and abs(required.start() - advance.start()) < 120
                and not gate.search(
                    _ALTERNATIVE_CONDITION, text[max(0, required.start() - 12) : required.start()]
                )
            ):
                conditions.add(Condition.BY_LAW)
        if not unilateral and gate.search(NOTICE_BY_LAW, text):
            conditions.add(Condition.BY_LAW)
        if _promises_direct_notice(text) or (
            gate.search(NOTIFY_YOU, text) and not gate.search(_POSTED_NOTICE, text)
        ):
            conditions.add(Condition.DIRECT_NOTICE)
            if gate.search(NOTICE_IF_REQUIRED, text):
                conditions.add(Condition.BY_LAW)
        if gate.search(POSTING, text) or (unilateral and gate.search(NOTICE_IF_REQUIRED, text)):
            conditions.add(Condition.ON_POSTING)
        if gate.search(EFFECTIVE_WHEN_POSTED, text):
            conditions.add(Condition.EFFECTIVE_WHEN_POSTED)
        if unilateral:
            actor = Actor.PROVIDER
        elif parties or signed:
            actor = Actor.PARTIES
        else:
            actor = Actor.UNKNOWN
        yield ClauseFrame(
            clause.index,
            clause.start,
            clause.end,
            clause.start + (unilateral.start() if unilateral else 0),
            view.unit_at(clause.start),
            actor,
            modality_before(text[: unilateral.end()] if unilateral else ""),
            False,
            Action.CHANGE_TERMS,
            frozenset(),
            frozenset(conditions),
            _scope_in_paragraph(view, clause, text, audiences),
        )


def _scope_in_paragraph(
    view: TextView,
    clause: Clause,
    text: str,
    audiences: dict[int, tuple[str, tuple[AudienceMatch | None, AudienceMatch | None]]],
) -> Scope:
    """The clause's own limit, else one its paragraph set before it ("With respect to European
    consumers, … However, if the change is significant, we shall notify you a month in advance").
    `audiences` holds each paragraph's first audiences, so a paragraph of many clauses (hard-wrapped
    text is one paragraph) is searched once, not once per clause."""
    scope = _scope(text)
    if scope.general and (version := _REGIONAL_VERSION.search(clause.heading)):
        return Scope(ScopeKind.AUDIENCE, version.group(0))
    paragraph = view.paragraph_at(clause.start)
    if not scope.general or paragraph is None or paragraph.start >= clause.start:
        return scope
    if paragraph.start not in audiences:
        paragraph_text = view.doc.text[paragraph.start : paragraph.end]
        audiences[paragraph.start] = (paragraph_text, first_audiences(paragraph_text))
    paragraph_text, first = audiences[paragraph.start]
    return audience_before(paragraph_text, clause.start - paragraph.start, first)


# A version of the document for one region's users, after the version for everyone else ("User Agreement
# if you live in the EEA, United Kingdom, or Switzerland"): its change clause governs that region only.
# "if you live outside the EEA" (the general version) names no region the clause is limited to.
_REGIONAL_VERSION = compile_(
    r"\bif\s+you\s+(?:live|reside|are\s+(?:located|based|resident))\s+in\s+(?:the\s+)?"
    r"(?:EEA|EU|European\s+(?:Economic\s+Area|Union)|UK|United\s+Kingdom|Switzerland|Brazil|South\s+Korea|Japan|Canada)\b"
)


def _scope(text: str) -> Scope:
    """A change rule for one part of the document, or for one region's customers only."""
    part = gate.search(_PART_OF_DOCUMENT, text)
    return Scope(ScopeKind.FEATURE, part.group(0)) if part else audience_of(text)
