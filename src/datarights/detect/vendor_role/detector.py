"""Processor, controller, or both (question: vendor_role).

## What it finds
- Processor language: the provider processes personal data "on Customer's behalf",
  "as a processor / service provider / contractor", "on documented instructions",
  or under a data processing addendum the document incorporates.
- Controller language: the provider "is the controller", "independent
  controllers", "neither party processes on behalf of the other".
- Controller by conduct: the provider uses customer content for its own purposes
  (training its models, improving its services), read from those answers.
- Supporting evidence (never deciding): limits on use to providing the service
  (processor) and the provider's own privacy notice governing personal data in
  the service (controller).

## Why it matters
A provider that trains pooled models on customer personal data decides
purposes itself: under GDPR it is a controller for that use, and under US state
laws it may lose service-provider / processor status.

## Example
"Customer is the Controller and Provider is a Processor acting on behalf of
Customer." → `processor`.

## Not this
- "This policy does not apply to data we process on behalf of our business
  customers" (processing that the document excludes).
- The customer named as controller says nothing about the provider's own uses.

## References
GDPR Art. 4(7)–(8), 28; Cal. Civ. Code §1798.140(ag); 11 CCR §7050.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import zip_longest

from datarights.detect.base import Detector, Pattern, make_hit, pattern_hit
from datarights.detect.findings import Answer, Basis, Evidence, Hit, Precedence
from datarights.detect.language import (
    DocumentView,
    clauses_matching_lower,
    compile_,
    compile_lower,
    negated_before,
)
from datarights.detect.limits import purpose_limits
from datarights.detect.questions import QuestionId, TrainingUse, VendorRole, YesNo
from datarights.detect.resolve import MAX_EVIDENCE, default_answer, diversified, merge_evidence

QUESTION = QuestionId.VENDOR_ROLE
NAME = "vendor_role@1"

PROCESSOR = (
    Pattern.of(
        "provider as processor",
        r"\b(?:act(?:s|ing)?|is|are|be|deemed|serve\w*|capacity)\s+(?:\w+\s+){0,2}?(?:an?\s+|the\s+)?(?:data\s+)?(?:sub-?)?processor\b"
        r"|\bas\s+(?:an?\s+|the\s+)?(?:data\s+)?processor\b",
        VendorRole.PROCESSOR,
        0.85,
    ),
    Pattern.of(
        "provider as service provider or contractor",
        r"\b(?:act(?:s|ing)?|is|as)\s+(?:an?\s+)?[\"“]?(?:service\s+provider|contractor)[\"”]?\s+(?:\w+\s+){0,3}?(?:under|for\s+purposes\s+of|as\s+defined|within\s+the\s+meaning|of\s+customer|to\s+customer|under\s+the\s+ccpa)"
        r"|\b(?:will|shall)\s+act\s+as\s+(?:an?\s+|the\s+)?[\"“]?(?:service\s+provider|contractor)\b",
        VendorRole.PROCESSOR,
        0.8,
    ),
    Pattern.of(
        "processing on the customer's behalf",
        r"\bprocess(?:es|ed|ing)?\s+(?:\w+\s+){0,4}?(?:data|information|content|files?|materials?|inputs?|prompts?|it|them)\b[^.;]{0,60}?\bon\s+(?:your|customer[’']?s?|the\s+customer[’']?s?|its|their|our\s+customers[’']?)\s+behalf\b"
        r"|\bprocess(?:es|ed|ing)?\b[^.;]{0,60}?(?<!\bby\sor\s)\bon\s+behalf\s+of\s+(?:you|customers?|the\s+customer|our\s+(?:business\s+)?customers)\b",
        VendorRole.PROCESSOR,
        0.8,
    ),
    Pattern.of(
        "handling data on the customer's behalf",
        r"\b(?:receives?|creates?|maintains?|transmits?|stores?|hosts?)\b(?:,?\s+(?:or\s+|and\s+)?(?:receives?|creates?|maintains?|transmits?|stores?|hosts?)\b)*"
        r"\s+(?:\w+\s+){0,4}?on\s+behalf\s+of\s+(?:you|customers?|the\s+customer|covered\s+entit(?:y|ies)|(?-i:[A-Z])\w+)\b"
        r"|\b(?:act(?:s|ing)?|is|serves?)\s+as\s+(?:a\s+|the\s+|its\s+)?business\s+associate\b",
        VendorRole.PROCESSOR,
        0.75,
    ),
    Pattern.of(
        "acting on the customer's behalf",
        r"(?<!that\s)(?<!who\s)\b(?:is|are)\s+acting\s+on\s+(?:your|customer[’']?s?|the\s+customer[’']?s?)\s+behalf\b"
        r"|\b(?:you|customer)\s+determines?\s+the\s+(?:means\s+and\s+purposes|purposes\s+and\s+means)\b",
        VendorRole.PROCESSOR,
        0.8,
    ),
    Pattern.of(
        "documented instructions",
        r"\b(?:documented|lawful|written)\s+instructions\b|\bcustomer\s+instructions\b|\bin\s+accordance\s+with\s+(?:your|customer[’']?s?)\s+instructions\b"
        r"|\bcustomer\s+instructs\b|\binstructs?\s+(?:\w+\s+){0,2}?to\s+process\b",
        VendorRole.PROCESSOR,
        0.75,
    ),
    Pattern.of(
        "incorporated data processing addendum",
        r"\bdata\s+(?:processing|protection|privacy)\s+(?:addendum|agreement|terms)\b|\bDPA\b",
        VendorRole.PROCESSOR,
        0.65,
    ),
)
CONTROLLER = (
    Pattern.of(
        "provider as controller",
        r"\b(?:is|are|as|acts?\s+as|be|being)\s+(?:an?\s+|the\s+)?(?:independent\s+|separate\s+|joint\s+)?(?:data\s+)?controllers?\b"
        r"|\bindependent\s+(?:data\s+)?controllers?\b|\bwhen\s+\w+\s+is\s+a\s+controller\b",
        VendorRole.CONTROLLER,
        0.85,
    ),
    Pattern.of(
        "neither party processes for the other",
        r"\bneither\s+party\s+is\s+processing\b|\bnot\s+(?:be\s+)?(?:acting\s+as\s+)?(?:a\s+)?(?:service\s+provider|processor)\s+(?:of|for|to)\b",
        VendorRole.CONTROLLER,
        0.85,
    ),
    Pattern.of(
        "processor data excluded from this notice",
        r"\b(?:does\s+not|doesn[’']t)\s+apply\s+to\s+(?:\w+\s+){0,4}?(?:data|information)\s+(?:that\s+)?(?:we\s+)?process\w*\s+on\s+behalf\s+of\b",
        VendorRole.CONTROLLER,
        0.6,
    ),
    Pattern.of(
        "provider decides how content is used",
        r"\b(?:we|us)\s+(?:get\s+to\s+)?decide\s+(?:whether|how)\b|\bresponsible\s+for\s+(?:the\s+)?processing\s+of\s+your\s+personal",
        VendorRole.CONTROLLER,
        0.7,
    ),
)
# How many clauses of the training and improvement answers a controller-by-conduct answer cites from each.
CONDUCT_EVIDENCE = 2
_EXCLUDED_SCOPE = compile_(
    r"\b(?:does\s+not|doesn[’']t|do\s+not|will\s+not)\s+(?:apply|cover)\b|\bnot\s+covered\b|\boutside\s+the\s+scope\b|\bseparate\s+(?:privacy\s+)?(?:notice|agreement)\b"
)
_CUSTOMER_AS_SUBJECT = compile_(
    r"\b(?:you|customer|the\s+customer|users?|developers?)\s+(?:is|are|acts?\s+as|will\s+be|shall\s+be)\s+(?:the\s+|an?\s+)?(?:data\s+)?controllers?\b"
)
# Controller only for the customer's account or billing details says nothing about customer content.
_ACCOUNT_DATA_ONLY = compile_(
    r"\baccount\s+(?:information|data)\b|\bbilling\b|\bbusiness\s+contact\b|\bcontact\s+(?:information|details)\b"
)
# "will not be acting as a processor": the negation sits just before the role phrase.
_NEGATED_ROLE = compile_(r"(?:\b(?:not|never)|n[’']t)\s+(?:\w+\s+){0,2}$")
# Transfer mechanics that list every role combination ("Where Meta is a Controller and Company is a
# Processor, the Exporter shall be …"): they choose clauses, they do not cast the provider.
_TRANSFER_MAPPING = compile_(
    r"\b(?:data\s+)?(?:exporter|importer)\b|\bmodule\s+(?:one|two|three|four|[1-4])\b"
)
# Another party named as controller ("to enable you as Controller", "your Processing … as Controller",
# "Subscriber will act as a Controller", "a third party purporting to be a controller").
_OTHER_PARTY_CONTROLLER = compile_(
    r"\b(?:you|your|customer|subscriber|client|licensee|users?)\b"
    r"(?:[’']s)?(?!\s+(?:content|data|personal|materials?|information|inputs?|outputs?|prompts?|files?|conversations?|submissions?)\b)"
    r"(?:\s+[\w’']+){0,8}?\s+as\s+(?:an?\s+|the\s+)?(?:data\s+)?controllers?\b"
    r"|\b(?:customer|subscriber|client|licensee)\s+(?:will|shall)\s+(?:act|be)\s+as\s+(?:an?\s+|the\s+)?(?:data\s+)?controllers?\b"
    r"|\bpurport\w*\s+to\s+be\s+(?:an?\s+|the\s+)?controllers?\b"
)
_CONTROLLER_AS_MODIFIER = compile_(r"\s*(?:services?|terms|products?)\b")
# Either role, not one ("their respective designation as Controller or Processor").
_EITHER_ROLE = compile_(
    r"\bcontrollers?\s+(?:or|and/or)\s+(?:an?\s+)?(?:data\s+)?processors?\b|\bprocessors?\s+(?:or|and/or)\s+(?:an?\s+)?(?:data\s+)?controllers?\b"
)
# A third party that processes for the provider ("Persona, who acts as our data processor").
_PROVIDERS_OWN_PROCESSOR = compile_(r"\b(?:our|its|their)\s+(?:data\s+)?(?:sub-?)?processors?\b")
_CUSTOMER_ACTS_AS_PROCESSOR = compile_(
    r"\b(?:you|customer)\s+(?:is|are|act\w*\s+as)\s+(?:an?\s+)?(?:data\s+)?processor\b"
)


_HANDLED_DATA = compile_(r"\b(?:phi|data|information|content|records?|files?)\b")


def _handled_for_customer(view: DocumentView, text: str, start: int, phrase: str) -> bool:
    """Data held for another party ("PHI that it receives … on behalf of Company"), not something done
    for the provider ("no information … shall create any warranty on behalf of Spotify")."""
    if "business associate" in phrase.lower():
        return True
    target = re.search(r"on\s+behalf\s+of\s+(\w+)\s*$", phrase, re.IGNORECASE)
    if target is not None and target.group(1).lower() in view.acting_names | view.provider_names:
        return False
    # The data is the verb's object: just before it ("PHI that it receives") or between it and "on behalf".
    return bool(_HANDLED_DATA.search(text, max(0, start - 30), start + len(phrase)))


def detect(view: DocumentView) -> Iterator[Hit]:
    for patterns, position in ((PROCESSOR, VendorRole.PROCESSOR), (CONTROLLER, VendorRole.CONTROLLER)):
        seen: set[int] = set()
        for pattern in patterns:
            for clause, match in view.search(pattern.regex):
                if clause.index in seen:
                    continue
                text = clause.text
                if pattern.name != "processor data excluded from this notice" and (
                    _EXCLUDED_SCOPE.search(text) or _CUSTOMER_ACTS_AS_PROCESSOR.search(text)
                ):
                    continue
                if _TRANSFER_MAPPING.search(text):
                    continue
                if pattern.name == "handling data on the customer's behalf" and not _handled_for_customer(
                    view, text, match.start() - clause.start, match.group(0)
                ):
                    continue
                if position is VendorRole.PROCESSOR and _PROVIDERS_OWN_PROCESSOR.search(match.group(0)):
                    continue
                if (
                    position is VendorRole.CONTROLLER
                    and pattern.name == "provider as controller"
                    and (
                        any(
                            m.start() < match.end() - clause.start and match.start() - clause.start < m.end()
                            for m in _OTHER_PARTY_CONTROLLER.finditer(text)
                        )
                        or _CONTROLLER_AS_MODIFIER.match(text, match.end() - clause.start)
                        or (
                            _EITHER_ROLE.search(
                                text, max(0, match.start() - clause.start), match.end() - clause.start + 30
                            )
                            and not re.search(r"\b(?:independent|separate)\b", match.group(0), re.IGNORECASE)
                        )
                    )
                ):
                    continue
                if position is VendorRole.CONTROLLER and pattern.name == "provider as controller":
                    relative = (match.start() - clause.start, match.end() - clause.start)
                    if any(
                        m.start() < relative[1] and relative[0] < m.end()
                        for m in _CUSTOMER_AS_SUBJECT.finditer(text)
                    ):
                        continue
                    if _ACCOUNT_DATA_ONLY.search(text):
                        continue
                    if negated_before(text, match.start() - clause.start, window=40):
                        continue
                if position is VendorRole.PROCESSOR and (
                    negated_before(text, match.start() - clause.start, window=60)
                    or _NEGATED_ROLE.search(text[: match.start() - clause.start])
                    or _customer_side_controller_only(text)
                ):
                    continue
                seen.add(clause.index)
                yield pattern_hit(
                    view,
                    QUESTION,
                    NAME,
                    pattern,
                    [clause],
                    "The provider is cast as processor for customer data."
                    if position is VendorRole.PROCESSOR
                    else "The provider is cast as controller of personal data.",
                    precedence=Precedence.SPECIFIC,
                )


# The provider handling personal data under its own privacy notice: what a controller does.
OWN_PRIVACY_NOTICE = Pattern.of(
    "personal data handled under the provider's own privacy notice",
    r"\bprivacy\s+(?:policy|notice|statement)\b[^.;]{0,60}?\b(?:describes|explains|governs|sets\s+out|covers)\s+how\s+(?:we|it|\w+)\s+(?:collect|use|process|handle|share)"
    r"|\b(?:we|us)\s+(?:\w+\s+){0,2}?(?:collect|use|process|disclose)\w*\b[^.;]{0,80}?\bpersonal\s+(?:data|information)\b[^.;]{0,160}?\b(?:in|under|as\s+set\s+forth\s+in|as\s+described\s+in|in\s+accordance\s+with)\s+(?:our|the)\s+\[?privacy\s+(?:policy|notice|statement)"
    r"|\bprovide\s+(?:us|\w+)\s+with\s+personal\s+(?:data|information)\b",
    VendorRole.CONTROLLER,
    0.5,
)

_OWN_PRIVACY_NOTICE_LOWER = compile_lower(OWN_PRIVACY_NOTICE.regex.pattern)


def detect_support(view: DocumentView) -> Iterator[Hit]:
    """Clauses that show the role without naming it: limits on use (processor) and the provider's own
    privacy notice governing personal data (controller). They only add evidence."""
    for clause in purpose_limits(view):
        yield make_hit(
            view,
            QUESTION,
            NAME,
            "use limited to providing the service",
            VendorRole.PROCESSOR,
            0.5,
            [clause],
            "The provider may use customer data only to provide the service.",
            supporting=True,
        )
    for clause in clauses_matching_lower(view, _OWN_PRIVACY_NOTICE_LOWER):
        if not _EXCLUDED_SCOPE.search(clause.text):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                OWN_PRIVACY_NOTICE,
                [clause],
                "Personal data in the service is handled under the provider's own privacy notice.",
                supporting=True,
            )


def detect_all(view: DocumentView) -> Iterator[Hit]:
    yield from detect(view)
    yield from detect_support(view)


def _customer_side_controller_only(text: str) -> bool:
    # "Customer is the controller" alone (without the provider's role) still implies a processor provider,
    # so it counts; but "X DPA" mentioned only as a link label in a list of policies does not.
    return bool(
        re.fullmatch(r"\W*(?:data\s+processing\s+(?:addendum|agreement)|DPA)\W*", text, re.IGNORECASE)
    )


# A clause cited for training or improvement shows the provider's own use only when it speaks of using
# data, and not of others being forbidden to ("third parties are prohibited from using such Content to
# train"); a mission statement ("a company building artificial intelligence") shows no use at all.
_OWN_USE_VERB = compile_(
    r"\b(?:use[sd]?|using|train\w*|improv\w*|develop\w*|enhanc\w*|licen[cs]\w*|process\w*|analy[sz]\w*|learn\w*|fine-?tun\w*)\b"
)
_OTHERS_PROHIBITED = compile_(
    r"\bprohibited\s+from\b|\b(?:are|is)\s+(?:strictly\s+|expressly\s+)?prohibited\b"
)


def _shows_own_use(evidence: Evidence) -> bool:
    return bool(_OWN_USE_VERB.search(evidence.text)) and not _OTHERS_PROHIBITED.search(evidence.text)


def _conduct_evidence(answers: Mapping[QuestionId, Answer]) -> tuple[Evidence, ...]:
    """Own-purpose uses of customer content: training the provider's models or improving its services,
    the first clause of each answer first."""
    training: tuple[Evidence, ...] = ()
    improvement: tuple[Evidence, ...] = ()
    answer = answers.get(QuestionId.TRAINING_USE)
    if answer is not None and answer.position in (TrainingUse.PERMITTED, TrainingUse.OPT_OUT):
        training = tuple(e for e in answer.evidence if _shows_own_use(e))[:CONDUCT_EVIDENCE]
    answer = answers.get(QuestionId.SERVICE_IMPROVEMENT)
    if answer is not None and answer.position == YesNo.YES:
        improvement = tuple(e for e in answer.evidence if _shows_own_use(e))[:CONDUCT_EVIDENCE]
    interleaved = [e for pair in zip_longest(training, improvement) for e in pair if e is not None]
    merged: list[Evidence] = []
    for e in interleaved:
        if not any(m.start <= e.start and e.end <= m.end for m in merged):
            merged.append(Evidence(e.start, e.end, e.section, e.text, Basis.INFERENCE))
    return tuple(merged)


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    processor = diversified(h for h in hits if h.position == VendorRole.PROCESSOR)
    controller = diversified(h for h in hits if h.position == VendorRole.CONTROLLER)
    conduct = _conduct_evidence(answers)
    explicit_processor = [h for h in processor if h.pattern != "incorporated data processing addendum"]
    processor_evidence = merge_evidence(processor)
    controller_evidence = merge_evidence(controller)
    if processor and (controller or conduct):
        evidence = processor_evidence[:3] + controller_evidence[:2] + conduct[:1]
        return Answer(
            QUESTION,
            VendorRole.BOTH,
            0.7,
            evidence[:MAX_EVIDENCE],
            "Processor for customer data under the processing terms, but controller for its own uses "
            "(stated, or by using content for its own purposes).",
            NAME,
            processor + controller,
        )
    if processor:
        confidence = 0.85 if explicit_processor else 0.65
        return Answer(
            QUESTION,
            VendorRole.PROCESSOR,
            confidence,
            processor_evidence[:MAX_EVIDENCE],
            "The provider processes customer personal data on the customer's behalf.",
            NAME,
            tuple(processor),
        )
    if controller:
        return Answer(
            QUESTION,
            VendorRole.CONTROLLER,
            0.85,
            controller_evidence[:MAX_EVIDENCE],
            "The provider is controller for personal data.",
            NAME,
            tuple(controller),
        )
    if conduct:
        return Answer(
            QUESTION,
            VendorRole.CONTROLLER,
            0.6,
            conduct,
            "No role is named, but the provider uses customer content for its own purposes, "
            "which makes it a controller for that use.",
            NAME,
        )
    return default_answer(
        QUESTION, NAME, "The document does not say whether the provider is processor or controller."
    )


DETECTOR = Detector(
    QUESTION, 1, detect_all, decide, needs=(QuestionId.TRAINING_USE, QuestionId.SERVICE_IMPROVEMENT)
)
