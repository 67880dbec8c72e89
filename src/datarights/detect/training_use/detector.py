"""Training on customer content (question: training_use).

## What it finds
Clauses where the provider uses (or promises not to use) customer content to
train, fine-tune or improve AI / machine-learning models, and the elections that
qualify them: opt-in ("unless you explicitly agree", "without prior written
consent") and opt-out ("you can turn this off in settings", "unless you opt out").
Supporting evidence (never deciding): the sentences around an opt-out that say
how the election works and what it covers, and, for a prohibition, clauses that
confine the service's AI processing to providing it.

## Why it matters
Models memorise what they are trained on; training on customer content is the
core data-rights question in AI contracts.

## Example
"If you do not want us to use your Content to train our models, you can opt out
in your settings." → `opt_out`.

## Not this
- Restrictions on the customer ("you may not use Output to train competing models").
- A generic "to improve our services" licence (that is `service_improvement`).
- Training on aggregated / de-identified data only (that is `deidentified_use`).
- A carve-out for a special category ("we do not train on health data") says
  nothing about content in general.

## References
spec/questions.md (training_use); FTC, "AI companies: uphold your privacy and
confidentiality commitments" (2024).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from datarights.detect.base import Detector, make_hit
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import Clause, DocumentView, compile_
from datarights.detect.limits import limit_clauses
from datarights.detect.questions import QuestionId, TrainingUse
from datarights.detect.resolve import answer_from, default_answer, rank
from datarights.read.model import Action, Actor, ClauseFrame, Condition, DataKind
from datarights.read.training import _OTHER_ELECTION, OTHERS_MODELS, _opt_out, training_frames

QUESTION = QuestionId.TRAINING_USE
NAME = "training_use@1"


def _stops_when_customer_acts(frame: ClauseFrame) -> bool:
    """A negated training statement that holds only once the customer acts ("If you turn history off,
    your chats will not be used"), or that names an opt-out and no opt-in."""
    return Condition.SETTING_OFF in frame.conditions or (
        Condition.OPT_OUT in frame.conditions and not _agrees(frame)
    )


def _agrees(frame: ClauseFrame) -> bool:
    """The statement waits for the customer's agreement (and the carve-out is not only for feedback)."""
    return bool(frame.conditions & {Condition.OPT_IN, Condition.SUBJECT_TO_SETTINGS}) and (
        Condition.FEEDBACK_EXCEPTION not in frame.conditions
    )


def _training(frame: ClauseFrame) -> bool:
    return frame.action is Action.TRAIN_MODELS


# A promise that reaches only the models serving other customers: alone it is a no-training promise (the
# customer's own fine-tune is the narrow exception the spec allows), but it does not deny a training of the
# customer's own model that the document grants.
SHARED_MODELS_ONLY = "no training of models that serve others"

# The decision table: which training frames support which position, first match wins.
RULES: tuple[Rule, ...] = (
    Rule("restriction on the customer", lambda f: f.actor is Actor.CUSTOMER, None),
    Rule("not about customer content", lambda f: not f.objects, None),
    Rule("derived data only", lambda f: not f.negated and f.only_derived, None),
    Rule(
        "no improvement use without consent",
        lambda f: f.action is Action.IMPROVE_SERVICE and f.negated and Condition.OPT_IN in f.conditions,
        TrainingUse.OPT_IN,
        0.65,
        Precedence.SPECIFIC,
        "Customer content is not used to develop or improve the services (models included) unless the customer agrees.",
    ),
    Rule("special category only", lambda f: f.negated and f.scope.text != "" and _special(f), None),
    Rule(
        "training stops when the customer acts",
        lambda f: _training(f) and f.negated and _stops_when_customer_acts(f),
        TrainingUse.OPT_OUT,
        0.8,
        Precedence.EXCEPTION,
        "Training stops only when the customer acts (opt-out or setting).",
    ),
    Rule(
        "no training unless the customer agrees",
        lambda f: _training(f) and f.negated and _agrees(f),
        TrainingUse.OPT_IN,
        0.85,
        Precedence.EXCEPTION,
        "No training on customer content unless the customer agrees or enables it.",
    ),
    Rule(
        SHARED_MODELS_ONLY,
        lambda f: _training(f) and f.negated and f.wording == OTHERS_MODELS,
        TrainingUse.PROHIBITED,
        0.75,
        Precedence.SPECIFIC,
        "The provider promises not to train the models that serve other customers on customer content.",
    ),
    Rule(
        "negated training use",
        lambda f: _training(f) and f.negated,
        TrainingUse.PROHIBITED,
        0.8,
        Precedence.SPECIFIC,
        "The provider states it does not use customer content to train models.",
    ),
    Rule(
        "opt-out of third-party training",
        lambda f: _training(f) and f.actor is Actor.THIRD_PARTY,
        TrainingUse.OPT_OUT,
        0.7,
        Precedence.EXCEPTION,
        "Recipients of shared data may train their own models unless the customer opts out of the sharing.",
    ),
    Rule(
        "opt-out election",
        lambda f: _training(f) and Condition.OPT_OUT in f.conditions,
        TrainingUse.OPT_OUT,
        0.85,
        Precedence.EXCEPTION,
        "Customer content is used for training by default; the customer can opt out.",
    ),
    Rule(
        "training subject to settings",
        lambda f: _training(f) and Condition.SUBJECT_TO_SETTINGS in f.conditions,
        TrainingUse.OPT_OUT,
        0.7,
        Precedence.EXCEPTION,
        "Training is granted subject to the customer's settings, so it can be switched off.",
    ),
    Rule(
        "opt-in or consent condition",
        lambda f: _training(f) and Condition.OPT_IN in f.conditions,
        TrainingUse.OPT_IN,
        0.75,
        Precedence.EXCEPTION,
        "Customer content is used for training only with the customer's agreement.",
    ),
    Rule(
        "training on feedback or public content",
        lambda f: _training(f) and bool(f.objects & {DataKind.FEEDBACK, DataKind.PUBLIC_CONTENT}),
        TrainingUse.PERMITTED,
        0.55,
        Precedence.GENERAL,
        "The provider may use customer content to train or improve models.",
    ),
    Rule(
        "training use granted",
        _training,
        TrainingUse.PERMITTED,
        0.75,
        Precedence.GENERAL,
        "The provider may use customer content to train or improve models.",
    ),
)
THIRD_PARTY_OPT_OUT = "opt-out of third-party training"
NARROW_PROMISE_CITED = "narrow promise cited beside the general rule"
# A permission read at this score or above is a general right over customer content (not feedback only).
_GENERAL_RIGHT = 0.75
# A promise that states itself as governing ("Notwithstanding the foregoing", "in no event") or sits in
# the very clause that grants the licence is the exception to it.
_OVERRIDING = compile_(
    r"\b(?:notwithstanding|in\s+no\s+event|under\s+no\s+circumstances|however|except|but|provided\s+that|regardless)\b"
)


# "The opt-out right … applies solely to the use of your Inputs and Outputs … and does not apply to the
# license granted in Sections D.4-D.8".
_OPT_OUT_LIMITED = compile_(
    r"\bopt[\s-]?out\b[^.]{0,120}?\b(?:applies|apply)\s+(?:solely|only|exclusively)\s+to\b[^.]{0,200}?"
    r"\b(?:does|do|shall|will)\s+not\s+apply\s+to\s+(?:the\s+|any\s+)?(?:licen[cs]es?|rights?|grants?)\b"
)


def _overrides(promise: Hit, permissions: list[Hit]) -> bool:
    spans = {(e.start, e.end) for h in permissions for e in h.evidence}
    return bool(_OVERRIDING.search(promise.evidence[0].text)) or any(
        (e.start, e.end) in spans for e in promise.evidence
    )


# Positions that protect the customer: a frame limited to one feature or kind of data never decides them.
PROTECTIVE = frozenset({TrainingUse.PROHIBITED, TrainingUse.OPT_IN})


def _special(frame: ClauseFrame) -> bool:
    from datarights.read.vocab.data import SPECIAL_CATEGORY

    return bool(SPECIAL_CATEGORY.fullmatch(frame.scope.text))


def detect(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, RULES, training_frames(view), PROTECTIVE)


def training_clauses(view: DocumentView) -> Iterator[tuple[Clause, int]]:
    """Clauses where the provider (not the customer) speaks of training models, with where the training
    words start: for `training_scope`."""
    for frame in training_frames(view):
        if frame.action is Action.TRAIN_MODELS and frame.actor is not Actor.CUSTOMER:
            yield view.clauses[frame.clause], frame.trigger


_MECHANISM = compile_(
    r"\b(?:enabl\w*|disabl\w*|turn(?:ed|s)?\s+(?:it\s+|this\s+)?(?:on|off)|settings?|toggle)\b"
)
_ABOUT_USE = compile_(
    r"\b(?:use|used|uses|using|process\w*|train\w*|improv\w*)\b[^.;]{0,60}\b(?:data|content|inputs?|outputs?|prompts?|conversations?|chats?|information)\b"
    r"|\b(?:data|content|inputs?|outputs?|prompts?|conversations?|chats?|information)\b[^.;]{0,60}\b(?:used|processed|train\w*|stored|retained)\b"
)
_AI_PROCESSING = compile_(r"\b(?:artificial\s+intelligence|machine\s+learning|AI|models?)\b")


def detect_all(view: DocumentView) -> Iterator[Hit]:
    """The deciding hits, then supporting ones: the sentences around an opt-out that spell out how
    the election works and what it covers, and purpose limits on AI processing for a prohibition."""
    hits = list(detect(view))
    yield from hits
    # A promise limited to one feature or kind of data is cited beside the general permission that decides (spec:
    # "it is cited as supporting evidence"); an opt-out answer cites how the election works instead.
    for narrow in (h for h in hits if h.supporting and h.position in PROTECTIVE):
        yield replace(narrow, position=TrainingUse.PERMITTED, pattern=NARROW_PROMISE_CITED)
    cited = {e.start for h in hits for e in h.evidence}
    elections = {c.index: c for h in hits if h.position == TrainingUse.OPT_OUT for c in _clauses_of(view, h)}
    for clause in list(elections.values()):
        names = _setting_names(clause.text)
        for near in view.neighbours(clause, before=2, after=5):
            if near.index in elections or near.section != clause.section or near.start in cited:
                continue
            # The opt-out named again, or the named setting it works through ("ZDR applies only from the
            # moment you enable it") where the use of data is spoken of.
            named = _opt_out(near.text) or (
                _MECHANISM.search(near.text)
                and _ABOUT_USE.search(near.text)
                and any(n in near.text for n in names)
            )
            if named and not _OTHER_ELECTION.search(near.text):
                elections[near.index] = near
                yield make_hit(
                    view,
                    QUESTION,
                    NAME,
                    "how the opt-out works",
                    TrainingUse.OPT_OUT,
                    0.5,
                    [near],
                    "The terms of the customer's election qualify the training use.",
                    supporting=True,
                )
    if any(h.position == TrainingUse.PROHIBITED for h in hits):
        # The service's AI features process content only to provide them (whoever the sentence names).
        for clause in limit_clauses(view):
            if (
                _AI_PROCESSING.search(clause.text)
                and view.mentions_content(clause.text)
                and clause.start not in cited
            ):
                yield make_hit(
                    view,
                    QUESTION,
                    NAME,
                    "AI processing limited to providing the service",
                    TrainingUse.PROHIBITED,
                    0.5,
                    [clause],
                    "AI processing of customer content is limited to providing the service.",
                    supporting=True,
                )


_SETTING_NAME = re.compile(r"\b[A-Z]{2,6}\b")
_NOT_A_SETTING = frozenset(
    {
        "AI",
        "ML",
        "API",
        "APIS",
        "EU",
        "US",
        "USA",
        "UK",
        "EEA",
        "GDPR",
        "CCPA",
        "LLM",
        "LLMS",
        "URL",
        "FAQ",
        "FAQS",
    }
)


def _setting_names(text: str) -> set[str]:
    """Short names a clause gives its setting or mode ("ZDR")."""
    return {m.group(0) for m in _SETTING_NAME.finditer(text) if m.group(0) not in _NOT_A_SETTING}


def _clauses_of(view: DocumentView, hit: Hit) -> list[Clause]:
    found = []
    for evidence in hit.evidence:
        clause = view.clause_at(evidence.start)
        while clause is not None and clause.start < evidence.end:
            found.append(clause)
            clause = view.clauses[clause.index + 1] if clause.index + 1 < len(view.clauses) else None
    return found


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    by_position: dict[str, list[Hit]] = {}
    for hit in hits:
        by_position.setdefault(hit.position, []).append(hit)
    if not hits:
        return default_answer(
            QUESTION, NAME, "The document does not address training models on customer content.", 0.75
        )
    own_opt_outs = [h for h in by_position.get(TrainingUse.OPT_OUT, []) if h.pattern != THIRD_PARTY_OPT_OUT]
    if not own_opt_outs and TrainingUse.OPT_OUT in by_position and TrainingUse.PERMITTED in by_position:
        # The only election concerns third parties' models; the provider's own training has no way out.
        return answer_from(
            QUESTION,
            NAME,
            TrainingUse.PERMITTED,
            hits,
            "The provider may use customer content to train its models; the opt-out given covers only "
            "third parties' training.",
            also=frozenset({TrainingUse.OPT_OUT}),
        )
    general_grants = [h for h in by_position.get(TrainingUse.PERMITTED, []) if h.confidence >= _GENERAL_RIGHT]
    limit = next(view.search(_OPT_OUT_LIMITED), None) if TrainingUse.OPT_OUT in by_position else None
    if limit is not None and general_grants:
        # The document says its opt-out reaches only some content and not the general licence: the licence
        # decides (an exception limited by its own words does not qualify the rule it excludes).
        limited = make_hit(
            view,
            QUESTION,
            NAME,
            "opt-out limited to part of the content",
            TrainingUse.PERMITTED,
            0.7,
            [limit[0]],
            "The opt-out applies only to part of the content, not to the general licence.",
        )
        return answer_from(
            QUESTION,
            NAME,
            TrainingUse.PERMITTED,
            (*general_grants, limited),
            "The general licence lets the provider train on customer content; the opt-out reaches only "
            "part of the content and, in its own words, not that licence.",
        )
    if TrainingUse.OPT_OUT in by_position:
        return answer_from(
            QUESTION,
            NAME,
            TrainingUse.OPT_OUT,
            hits,
            "Customer content may be used to train models by default; the customer can opt out.",
            also=frozenset({TrainingUse.PERMITTED}),
            # the election, and the setting that stops the training, each cited
            diverse=True,
        )
    if TrainingUse.OPT_IN in by_position:
        return answer_from(
            QUESTION,
            NAME,
            TrainingUse.OPT_IN,
            hits,
            "Customer content is not used to train models unless the customer opts in or agrees.",
            also=frozenset({TrainingUse.PROHIBITED, TrainingUse.PERMITTED}),
        )
    prohibited = by_position.get(TrainingUse.PROHIBITED, [])
    permitted = by_position.get(TrainingUse.PERMITTED, [])
    if prohibited and permitted:
        # A right over feedback or published content only is the narrow exception a promise allows.
        general = [h for h in permitted if h.confidence >= _GENERAL_RIGHT]
        if general and all(h.pattern == SHARED_MODELS_ONLY for h in prohibited):
            return answer_from(
                QUESTION,
                NAME,
                TrainingUse.PERMITTED,
                hits,
                "The provider may train on customer content; its promise reaches only the models that serve "
                "other customers, which limits whose models are trained, not whether.",
                also=frozenset({TrainingUse.PROHIBITED}),
            )
        best_prohibition = max(prohibited, key=rank)
        if not general or _overrides(best_prohibition, general):
            return answer_from(
                QUESTION,
                NAME,
                TrainingUse.PROHIBITED,
                hits,
                "A no-training promise governs over the licence it qualifies.",
            )
        # Two general statements disagree and nothing says which governs: the riskier reading, flagged.
        return replace(
            answer_from(
                QUESTION,
                NAME,
                TrainingUse.PERMITTED,
                hits,
                "One clause permits training on customer content and another promises none, and neither is "
                "stated as an exception to the other: read as permitted until a person checks.",
                also=frozenset({TrainingUse.PROHIBITED}),
            ),
            needs_review=True,
        )
    if prohibited:
        return answer_from(
            QUESTION,
            NAME,
            TrainingUse.PROHIBITED,
            hits,
            "The provider does not use customer content to train models.",
        )
    return answer_from(
        QUESTION,
        NAME,
        TrainingUse.PERMITTED,
        hits,
        "The provider may use customer content to train models, and no way to refuse is given.",
    )


DETECTOR = Detector(QUESTION, 1, detect_all, decide)
