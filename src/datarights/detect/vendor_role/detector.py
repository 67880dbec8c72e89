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

from collections.abc import Callable, Iterator, Mapping
from itertools import zip_longest

from datarights.detect.base import Detector
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Basis, Evidence, Hit, Precedence
from datarights.detect.language import DocumentView, compile_
from datarights.detect.limits import purpose_limits
from datarights.detect.questions import QuestionId, TrainingScope, TrainingUse, VendorRole, YesNo
from datarights.detect.resolve import MAX_EVIDENCE, add_evidence, default_answer, diversified, merge_evidence
from datarights.detect.service_improvement import detector as service_improvement
from datarights.read import roles
from datarights.read.model import ClauseFrame, Condition
from datarights.read.patterns import NamedPattern
from datarights.read.vocab.conditions import CONDITION_OPT_IN, CONDITION_OPT_OUT
from datarights.read.vocab.scope import plan_of

QUESTION = QuestionId.VENDOR_ROLE
NAME = "vendor_role@1"
# How many clauses of the training and improvement answers a controller-by-conduct answer cites from each.
CONDUCT_EVIDENCE = 2


def _role(wording: str, processor: bool) -> Callable[[ClauseFrame], bool]:
    return lambda frame: frame.wording == wording and (Condition.INSTRUCTION in frame.conditions) == processor


def _role_rule(wording: NamedPattern, position: VendorRole) -> Rule:
    processor = position is VendorRole.PROCESSOR
    return Rule(
        wording.name,
        _role(wording.name, processor),
        position,
        wording.score,
        Precedence.SPECIFIC,
        "The provider is cast as processor for customer data."
        if processor
        else "The provider is cast as controller of personal data.",
    )


# The decision table: each wording of a role supports its role; conduct only adds evidence.
RULES: tuple[Rule, ...] = (
    *(_role_rule(w, VendorRole.PROCESSOR) for w in roles.PROCESSOR_WORDINGS),
    *(_role_rule(w, VendorRole.CONTROLLER) for w in roles.CONTROLLER_WORDINGS),
    Rule(
        roles.USE_LIMITED_WORDING,
        _role(roles.USE_LIMITED_WORDING, True),
        VendorRole.PROCESSOR,
        0.5,
        Precedence.GENERAL,
        "The provider may use customer data only to provide the service.",
        supporting=True,
    ),
    Rule(
        roles.OWN_PURPOSES.name,
        _role(roles.OWN_PURPOSES.name, False),
        VendorRole.CONTROLLER,
        roles.OWN_PURPOSES.score,
        Precedence.GENERAL,
        "The provider uses personal data for its own ends, relies on its own legal bases or has processors of its own.",
        supporting=True,
    ),
    Rule(
        roles.CONTENT_TO_PARTNERS.name,
        _role(roles.CONTENT_TO_PARTNERS.name, False),
        VendorRole.CONTROLLER,
        roles.CONTENT_TO_PARTNERS.score,
        Precedence.GENERAL,
        "The provider may hand customer content to other companies for its own ends (syndication, "
        "distribution), which makes it a controller for that use.",
        basis=Basis.INFERENCE,
    ),
    Rule(
        roles.OWN_PRIVACY_NOTICE.name,
        _role(roles.OWN_PRIVACY_NOTICE.name, False),
        VendorRole.CONTROLLER,
        roles.OWN_PRIVACY_NOTICE.score,
        Precedence.GENERAL,
        "Personal data in the service is handled under the provider's own privacy notice.",
        supporting=True,
    ),
)


def detect(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, RULES, roles.role_frames(view, purpose_limits(view)))


def _plan_terms(view: DocumentView, hit: Hit) -> bool:
    """Processing terms for one plan or class of customers only (a consumer notice's "Business Accounts are
    governed by the data processing terms …"): they do not make the provider a processor for the main
    service the document governs."""
    title = f"{view.doc.title} {view.doc.path}"
    return hit.pattern == _INCORPORATED_DPA and all(plan_of(e.text, title) is not None for e in hit.evidence)


_INCORPORATED_DPA = "incorporated data processing addendum"


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


# A heading ("Customer Data and Model Training") states no use.
_HEADING_CHARS = 80
_SENTENCE_END = compile_(r"[.;:!?)]\s*$")
# "We don't use your Prompts to train the base models": a promise, not a use.
# "No model training." (a heading that says "no") is as much a promise.
_NEGATED_USE = compile_(
    r".*?(?:\b(?:not|never|no)|n[’']t)\s+(?:\w+\s+){0,2}?(?:use[sd]?|train\w*|fine-?tun\w*|improv\w*)\b"
)
# "Neither Acme nor our partners train …": the verb governed by a "neither … nor" before it.
_NEITHER_NOR = compile_(r"\bneither\b[^.;]{0,60}?\bnor\b[^.;]{0,40}$")
# Training a model that serves only this customer is done on its behalf, not for the provider's own ends.
_DEDICATED_MODEL = compile_(
    r"\bprivate\s+(?:copy|instance|version)\b|\bcustom\s+models?\b|\bdeployed\s+solely\s+for\b"
    r"|\bdedicated\s+(?:solely\s+)?to\s+(?:you|customer)|\bsolely\s+for\s+(?:your|customer[’']?s?)\s+(?:\w+\s+)?(?:use|benefit|account)\b"
)
# "If you enable ZDR, … will not use your data to train": the promise is the opt-out, part of the conduct.
_ONCE_SWITCHED_OFF = compile_(r"\bif\s+you\b|\benabl\w*\b|\bsettings?\b|\bopt(?:s|ed|ing)?[\s-]*out\b")
_OPTS_OUT = compile_(r"\bopt(?:s|ed|ing)?[\s-]*out\b")
_GENERAL_MODEL = compile_(
    r"\b(?:general|base|foundation\w*|shared|global)\s+(?:\w+\s+)?models?\b|\bother\s+customers\b|\ball\s+(?:of\s+)?(?:our\s+)?customers\b"
)


def _shows_own_training(evidence: Evidence, permitted: bool) -> bool:
    text = evidence.text
    if len(text) < _HEADING_CHARS and not _SENTENCE_END.search(text):
        return False
    first = _OWN_USE_VERB.search(text)
    if (
        first is not None
        and (
            _NEGATED_USE.match(text, max(0, first.start() - 24), first.end()) is not None
            or _NEITHER_NOR.search(text[max(0, first.start() - 100) : first.start()]) is not None
        )
        and not _ONCE_SWITCHED_OFF.search(text)
    ):
        return False
    if _DEDICATED_MODEL.search(text) and not _GENERAL_MODEL.search(text):
        return False
    # (Under an opt-out answer the election is the way to switch training off, part of the conduct.)
    if (
        permitted
        and CONDITION_OPT_IN.search(text)
        and not CONDITION_OPT_OUT.search(text)
        and not _OPTS_OUT.search(text)
    ):
        return False  # used only once the customer elects it: an opt-in use, as an `opt_in` answer is
    return _shows_own_use(evidence)


# "Acme may compile Aggregate Statistics and use them to improve the Services": what is used is derived
# data, named before the use, which carries no customer personal data to be controller of.
_DERIVED_BEFORE_USE = compile_(
    r"\b(?:aggregate[ds]?|de-?identified|anonymi[sz]ed|statistic(?:s|al)|usage\s+data)\b[^.;]{0,80}?\b(?:use[sd]?|using)\b"
)


def _derived_only(view: DocumentView, evidence: Evidence) -> bool:
    first_use = _OWN_USE_VERB.search(evidence.text)
    derived = _DERIVED_BEFORE_USE.search(evidence.text)
    return view.only_derived(evidence.text) or (
        derived is not None and first_use is not None and derived.start() < first_use.start()
    )


def _conduct_evidence(view: DocumentView, answers: Mapping[QuestionId, Answer]) -> tuple[Evidence, ...]:
    """Own-purpose uses of customer content: training the provider's models or improving its services,
    the first clause of each answer first. Training only a model dedicated to the customer is done on its
    behalf (no own purpose); improvement with derived data only carries no customer personal data."""
    training: tuple[Evidence, ...] = ()
    improvement: tuple[Evidence, ...] = ()
    answer = answers.get(QuestionId.TRAINING_USE)
    scope = answers.get(QuestionId.TRAINING_SCOPE)
    private = scope is not None and scope.position == TrainingScope.PRIVATE
    if answer is not None and answer.position in (TrainingUse.PERMITTED, TrainingUse.OPT_OUT) and not private:
        permitted = answer.position == TrainingUse.PERMITTED
        training = tuple(e for e in answer.evidence if _shows_own_training(e, permitted))[:CONDUCT_EVIDENCE]
    answer = answers.get(QuestionId.SERVICE_IMPROVEMENT)
    # A licence that only lists improving among the purposes it is granted for ("to enable us to provide,
    # improve, and notify you about new features") is the customer's grant for running the service, not a
    # statement of the provider's own use.
    stated_use = answer is not None and any(
        h.pattern != service_improvement.LICENSED_TO_IMPROVE.name for h in answer.hits
    )
    if answer is not None and answer.position == YesNo.YES and stated_use:
        improvement = tuple(e for e in answer.evidence if _shows_own_use(e) and not _derived_only(view, e))[
            :CONDUCT_EVIDENCE
        ]
    interleaved = [e for pair in zip_longest(training, improvement) for e in pair if e is not None]
    merged: list[Evidence] = []
    for e in interleaved:
        if not any(m.start <= e.start and e.end <= m.end for m in merged):
            merged.append(Evidence(e.start, e.end, e.section, e.text, Basis.INFERENCE))
    return tuple(merged)


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    # Conduct read from the licence itself counts as conduct, not as a stated role.
    controller = diversified(
        h for h in hits if h.position == VendorRole.CONTROLLER and h.pattern != roles.CONTENT_TO_PARTNERS.name
    )
    processor = diversified(
        h
        for h in hits
        if h.position == VendorRole.PROCESSOR
        # a plan's own processing terms give way to a controller statement for the main service
        and not (controller and _plan_terms(view, h))
    )
    conduct = (
        _conduct_evidence(view, answers)
        + tuple(e for h in hits if h.pattern == roles.CONTENT_TO_PARTNERS.name for e in h.evidence)[
            :CONDUCT_EVIDENCE
        ]
    )
    explicit_processor = [h for h in processor if h.pattern != "incorporated data processing addendum"]
    processor_evidence = merge_evidence(processor)
    controller_evidence = merge_evidence(controller)
    if processor and (controller or conduct):
        # A clause that states both roles is cited once; the room it frees goes to the next controller clause.
        evidence = add_evidence(processor_evidence[:3], controller_evidence[:2])
        evidence = add_evidence(add_evidence(evidence, conduct[:1]), controller_evidence[2:3])
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
    QUESTION,
    1,
    detect,
    decide,
    needs=(QuestionId.TRAINING_USE, QuestionId.TRAINING_SCOPE, QuestionId.SERVICE_IMPROVEMENT),
)
