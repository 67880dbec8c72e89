"""Which models training may reach (question: training_scope).

## What it finds
In the clauses about training, whether the models are the provider's general
ones ("our models", "foundation models", "models that power the Services",
"AI at Meta") or ones dedicated to the customer ("your custom model", "solely for
Customer").
When training improves "the Services", the definition of the Services is cited.

## Why it matters
Training pooled foundational models on one customer's data can leak it to
others and can make the provider a controller / third party under privacy law;
private fine-tunes limit that risk.

## Example
"We may use your Content to train our models" → `foundational`.

## Not this
- Any scope when training is prohibited or not addressed (`not_applicable`).
- "Any AI models" with no owner named (`unspecified`).

## References
spec/questions.md (training_scope); 11 CCR §7050(a)(3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from datarights.detect.base import Detector, Pattern, make_hit, pattern_hit
from datarights.detect.findings import Answer, Hit
from datarights.detect.language import Clause, DocumentView, compile_
from datarights.detect.questions import QuestionId, TrainingScope, TrainingUse
from datarights.detect.resolve import answer_from, default_answer
from datarights.read.model import Action, Actor, Condition
from datarights.read.training import OTHERS_MODELS, training_frames

QUESTION = QuestionId.TRAINING_SCOPE
NAME = "training_scope@1"

# "our machine learning and artificial intelligence models": qualifiers may be joined by and/or.
_MODEL_WORDS = (
    r"(?:(?:generative|foundation(?:al)?|large\s+language|language|AI|A\.I\.|artificial\s+intelligence|machine[\s-]+learning|ML)"
    r"(?:\s*,\s*|\s+(?:and|or|and/or)\s+|\s+))*models?"
)
_AI_WORD = r"(?:AI|A\.I\.|artificial[\s-]+intelligence|machine[\s-]+learning|ML)"
# Models pooled across the customer base: "used by everyone who uses the App", "shared across all Customers",
# "learns from the books of all Ashgrove customers", "the generally available models".
POOLED = (
    r"\bused\s+by\s+(?:everyone|all\s+(?:of\s+)?(?:our\s+|its\s+)?(?:users|customers))\b|\bshared\s+(?:across|among|between)\b"
    r"|\bcustomer\s+base\b|\b(?:of|from|for|across)\s+all\s+(?:of\s+)?(?:our\s+|its\s+|the\s+|[A-Z]\w+\s+)?(?:customers|users|clients)\b"
    r"|\bgenerally\s+available\s+models?\b"
)
POOLED_NEARBY = Pattern.of("models pooled across customers", POOLED, TrainingScope.FOUNDATIONAL, 0.7)
FOUNDATIONAL = (
    Pattern.of(
        "provider's own models",
        r"\b(?:our|its|their)\s+(?:own\s+)?(?:general\s+)?" + _MODEL_WORDS + r"\b"
        r"|\b(?:our|its|their)\s+(?:own\s+)?(?:suggestion|recommendation|prediction|ranking|classification|detection)\s+engines?\b",
        TrainingScope.FOUNDATIONAL,
        0.8,
    ),
    Pattern.of(
        "named general model families",
        r"\bfoundation(?:al)?\s+models?\b|\blarge\s+language\s+models?\b|\bLLMs?\b|\bmore\s+advanced\s+models\b"
        # "to train … models, including generative models"; "an underlying generative model"
        r"|\b(?:underlying\s+)?generative\s+(?:AI\s+)?models?\b|\bunderlying\s+(?:AI\s+|foundation\s+)?models?\b",
        TrainingScope.FOUNDATIONAL,
        0.8,
    ),
    Pattern.of(
        "models that power the service",
        # "the machine learning models and algorithms that underlie the predictive features of the Services"
        r"\bmodels?\b[^.;]{0,40}\b(?:that|which)\s+(?:power|underlie|drive)\b|\bpower(?:ing)?\s+(?:our|the)\s+(?:services?|AI\s+features?)\b"
        # "the AI models behind Ask Kestrel", "the models underlying the Service"
        r"|\bmodels?\s+(?:behind|underlying|powering)\s+(?:the\s+|our\s+)?[A-Z\w]",
        TrainingScope.FOUNDATIONAL,
        0.8,
    ),
    Pattern.of(
        "AI of the provider",
        r"\b(?:improve|develop|train)\w*\s+(?:the\s+)?AI\s+(?:at|of)\s+[A-Z]\w+|\bmodels?\s+(?:and\s+technologies\s+)?of\s+(?:[A-Z]\w+|our\s+affiliates)",
        TrainingScope.FOUNDATIONAL,
        0.75,
    ),
    Pattern.of(
        "provider's AI technologies",
        # "our products, services, and technologies, including artificial intelligence and machine learning
        # technologies", "AWS and affiliate machine-learning and artificial-intelligence technologies"
        r"\b(?:our|its|\w+\s+(?:and|or)\s+(?:its\s+|our\s+|their\s+)?affiliat\w*[’']?s?)\s+(?:own\s+)?(?:[\w-]+,?\s+(?:and\s+)?){0,6}?"
        + _AI_WORD
        + r"(?:\s*,?\s*(?:and|or|and/or)\s+"
        + _AI_WORD
        + r")*\s+(?:models?|technolog(?:y|ies)|systems?)\b",
        TrainingScope.FOUNDATIONAL,
        0.75,
    ),
    Pattern.of(
        "models for everyone",
        r"\bfor\s+everyone\b|\bgeneral\s+capabilities\b|\bother\s+customers\b|\bcustomers\s+generally\b|\ball\s+(?:of\s+)?(?:our|its)\s+customers\b|\bpart\s+of\s+[^.]{0,30}\bproducts?\s+and\s+services\b"
        + r"|"
        + POOLED,
        TrainingScope.FOUNDATIONAL,
        0.75,
    ),
    Pattern.of(
        "models serving all users",
        # "models that serve all Meridian users", "made available to all Saltmarsh customers", "for all of our
        # users" (not "all users in Customer's workspace": the customer's own people)
        r"\ball\s+(?:of\s+)?(?:(?:our|its|the)\s+)?(?:[\w-]+\s+)?(?:customers|users|subscribers|members)\b"
        r"(?!\s+(?:in|of|within|under|on)\s+(?:your|its|their|the\s+customer|customer|an?\s+|that|the\s+same)\b)"
        # "the AI models that Orchardly makes available to its customers": offered across the customer base
        r"|\bmodels?\b[^.;]{0,40}?\b(?:makes?|made|offers?|offered)\s+(?:generally\s+)?(?:available\s+)?to\s+(?:its|our)\s+"
        r"(?:customers|users|clients|subscribers)\b",
        TrainingScope.FOUNDATIONAL,
        0.75,
    ),
)
PRIVATE = Pattern.of(
    "customer-dedicated model",
    r"\b(?:your|(?:customer|client|licensee|subscriber)[’']?s?)\s+(?:own\s+)?(?:custom|fine[\s-]?tuned|private|dedicated|derivative)\s+models?\b|\bcustomer\s+derivative\s+models?\b"
    r"|\bsolely\s+for\s+(?:your|(?:customer|client|licensee|subscriber)[’']?s?)\s+(?:use|benefit|account|tenant|organi[sz]ation|workspace)\b|\bdedicated\s+to\s+(?:you|customer|client|licensee|subscriber)\b"
    # "a private copy of its model", "hosted in isolation", "not made available to any other customer"
    r"|\b(?:private|dedicated|isolated|separate)\s+(?:copy|copies|instance|version)\b|\b(?:hosted|run|kept|deployed)\s+in\s+isolation\b"
    r"|\bnot\s+(?:be\s+)?made\s+available\s+to\s+any\s+other\b|\bavailable\s+only\s+to\s+(?:you|customer|the\s+customer|members\s+of\s+your)\b"
    # "a small model that belongs to your account alone", "your personal Coach model"
    r"|\bbelongs?\s+to\s+(?:your|(?:the\s+)?(?:customer|client)[’']?s?)\s+(?:own\s+)?(?:account|organi[sz]ation|workspace|tenant)\s+(?:alone|only)\b"
    r"|\byour\s+(?:own\s+)?personal\s+(?:[\w-]+\s+)?model\b"
    # "models used exclusively for Customer"
    r"|\bmodels?\s+(?:that\s+are\s+)?(?:used|available|deployed)\s+(?:solely|only|exclusively)\s+(?:for|by|to)\s+(?:you|(?:the\s+)?(?:customer|client|licensee|subscriber))\b",
    TrainingScope.PRIVATE,
    0.75,
)
# When training is an improvement of "the Services" (offered to everyone), the scope is the general service.
SERVICES_IMPROVEMENT = Pattern.of(
    "improvement of the general services",
    r"\b(?:(?:develop|improve)\w*\s+(?:or\s+\w+\s+)?|(?:development|improvement)\s+of\s+)(?:the|our)\s+(?P<services>services)\b",
    TrainingScope.FOUNDATIONAL,
    0.6,
)


def _provider_possessive(view: DocumentView) -> re.Pattern[str] | None:
    names = [re.escape(n) for n in view.provider_names if len(n) > 2]
    # the name it acts under as the qualifier of a defined term: "the Veridane Models" (defined as the models
    # Veridane develops or makes available) are the provider's own ("a private copy of an Orbital model" is not)
    acting = [re.escape(n) for n in sorted(view.acting_names) if len(n) > 2]
    if not names and not acting:
        return None
    alternatives = []
    if names:
        alternatives.append(r"\b(?:" + "|".join(names) + r")[’']s?\s+(?:own\s+)?" + _MODEL_WORDS + r"\b")
    if acting:
        alternatives.append(r"\bthe\s+(?:" + "|".join(acting) + r")\s+(?-i:Models?)\b")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _named_customer_private(view: DocumentView) -> re.Pattern[str] | None:
    """`PRIVATE` for the name the document defines for the customer party ("Company's own models", "solely
    for User's benefit"): the customer is whoever the contract makes the customer, not only the usual words."""
    names = [re.escape(n) for n in sorted(view.customer_names, key=len, reverse=True) if len(n) > 2]
    if not names:
        return None
    named = r"(?:" + "|".join(names) + r")"
    return re.compile(
        r"\b"
        + named
        + r"[’']s?\s+(?:own\s+)(?:(?:custom|fine[\s-]?tuned|private|dedicated|derivative)\s+)?models?\b"
        r"|\b" + named + r"[’']s?\s+(?:custom|fine[\s-]?tuned|private|dedicated|derivative)\s+models?\b"
        r"|\bsolely\s+for\s+"
        + named
        + r"[’']s?\s+(?:use|benefit)\b|\bdedicated\s+to\s+(?:the\s+)?"
        + named
        + r"\b",
        re.IGNORECASE,
    )


# "This includes … training models.": the sentence continues the one before, which names whose technology it is.
_CONTINUES = re.compile(
    r"\W*(?:this|these|such\s+(?:use|uses|purposes?|processing))\s+(?:also\s+)?(?:includes?|covers?|means|involves?)\b",
    re.I,
)


def _scope_text(view: DocumentView, clause: Clause) -> str:
    if _CONTINUES.match(clause.text) and clause.index > 0:
        previous = view.clauses[clause.index - 1]
        if previous.section == clause.section:
            return previous.text + " " + clause.text
    return clause.text


# "This license includes the right for us to make Your Content available … by other companies … who partner
# with us. For example, this license includes the right to use Your Content to train AI and machine learning
# models": training granted under a licence that reaches other companies trains models others use, not ones
# dedicated to the customer.
LICENCE_TO_OTHERS = Pattern.of(
    "training under a licence that reaches other companies",
    # not "non-sublicensable", "not sublicensable", "without the right to sublicense"
    r"(?<!non-)(?<!non)(?<!not\s)\bsub-?licens(?:able|e)\b(?!\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:its|our)\s+(?:sub-?processors|service\s+providers|contractors|affiliates)\b)"
    r"|\bother\s+companies\b|\b(?:business\s+)?partners?\s+with\b|\bbusiness\s+partners\b|\bwho\s+partner\b",
    TrainingScope.FOUNDATIONAL,
    0.65,
)
_LICENCE_WORD = compile_(r"\blicen[cs]e\b")
_WITHOUT_RIGHT = compile_(
    r"\b(?:without|no|not\s+(?:have|include)\s+(?:a|the|any))\s+(?:the\s+|any\s+)?(?:right|ability)\s+to\s+$"
)


def _licence_to_others(view: DocumentView, clause: Clause) -> Clause | None:
    """The sentence of the licence a training clause belongs to (same paragraph) that lets the licence
    reach other companies, if the training is granted under a licence."""
    if not _LICENCE_WORD.search(clause.text):
        return None
    paragraph = view.paragraph_at(clause.start)
    if paragraph is None:
        return None
    for other in view.clauses[max(0, clause.index - 3) : clause.index + 1]:
        if other.start >= paragraph.start and any(
            not _WITHOUT_RIGHT.search(other.text, max(0, m.start() - 40), m.start())
            for m in LICENCE_TO_OTHERS.regex.finditer(other.text)
        ):
            return other
    return None


# "a private copy of its model": the provider's model named as the source of the customer's own copy.
_COPY_OF = compile_(r"\b(?:copy|copies|instance|version)\s+of\s+$")
# A promise not to train the models others use, where training is otherwise allowed, leaves the customer's own.
EXCLUDES_SHARED = Pattern.of("models serving others excluded", r"\bmodels?\b", TrainingScope.PRIVATE, 0.7)


def _names_general(pattern: Pattern, text: str) -> bool:
    return any(
        not _COPY_OF.search(text, max(0, m.start() - 20), m.start()) for m in pattern.regex.finditer(text)
    )


def _pooled_nearby(view: DocumentView, clause: Clause) -> Clause | None:
    """A sentence of the same paragraph that says the models are pooled across customers ("SmartSort learns
    from the books of all Ashgrove customers. To train the SmartSort models, we may use Customer Data …")."""
    paragraph = view.paragraph_at(clause.start)
    if paragraph is None:
        return None
    for near in view.neighbours(clause, before=1, after=1):
        within = near is not clause and near.start >= paragraph.start and near.end <= paragraph.end
        if within and POOLED_NEARBY.regex.search(near.text):
            return near
    return None


# A model the document defines as the customer's own ("“Workspace Model” means a fine-tuned model instance that is
# hosted in Customer's tenant and is not made available to any other … customer").
_DEDICATED_DEFINITION = compile_(
    r"\bnot\s+(?:be\s+)?(?:made\s+)?(?:available|accessible|offered|shared)\s+(?:to|with)\s+(?:any\s+)?other\s+(?:[\w-]+\s+)?(?:customers?|tenants?|clients?)\b"
    r"|\bhosted\s+(?:\w+\s+)?(?:in|within)\s+(?:the\s+)?(?:customer|client|your)[’']?s?\s+(?:own\s+)?(?:tenant|environment|instance|account)\b"
    r"|\b(?:dedicated|exclusive)\s+to\s+(?:the\s+)?(?:customer|client|you)\b"
    r"|\b(?:used|available)\s+(?:solely|only|exclusively)\s+(?:for|by|to)\s+(?:the\s+)?(?:customer|client|you)\b"
)


def _dedicated_models(view: DocumentView) -> frozenset[str]:
    """Defined model terms (lower-cased) whose definition dedicates the model to the customer."""

    def read() -> frozenset[str]:
        return frozenset(
            d.term.lower()
            for d in view.doc.definitions
            if re.search(r"\bmodels?\b", d.term, re.I)
            and _DEDICATED_DEFINITION.search(view.doc.text[d.definition_span.start : d.definition_span.end])
        )

    return view.memo("_dedicated_models", read)


def _plain_prohibitions(view: DocumentView) -> frozenset[int]:
    """Clauses whose only training statement is a promise not to train, with no election: the models they
    name are the ones training may NOT reach ("will not … improve any model made available to other
    customers"), so they say nothing about which models training reaches."""
    says_more = {
        f.clause
        for f in training_frames(view)
        if not f.negated
        or f.conditions
        & {Condition.OPT_IN, Condition.OPT_OUT, Condition.SUBJECT_TO_SETTINGS, Condition.SETTING_OFF}
    }
    return (
        frozenset(f.clause for f in training_frames(view) if f.action is Action.TRAIN_MODELS and f.negated)
        - says_more
    )


def detect(view: DocumentView) -> Iterator[Hit]:
    possessive = _provider_possessive(view)
    named_private = _named_customer_private(view)
    dedicated = _dedicated_models(view)
    excluded = _plain_prohibitions(view)
    for frame in training_frames(view):
        if frame.action is not Action.TRAIN_MODELS or frame.actor is Actor.CUSTOMER:
            continue
        if frame.actor is Actor.THIRD_PARTY and frame.negated:
            continue  # a binding on sub-processors says nothing of the provider's models
        clause = view.clauses[frame.clause]
        if frame.wording == OTHERS_MODELS:
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                EXCLUDES_SHARED,
                [clause],
                "The models that serve other customers are excluded from training.",
            )
            continue
        if clause.index in excluded:
            continue
        text = _scope_text(view, clause)
        if term := next((t for t in sorted(dedicated) if t in text.lower()), None):
            yield make_hit(
                view,
                QUESTION,
                NAME,
                "model defined as the customer's own",
                TrainingScope.PRIVATE,
                0.75,
                [clause, *_definitions_of(view, term)],
                "Training reaches only a model the document defines as dedicated to the customer.",
            )
            continue
        pooled = _pooled_nearby(view, clause)
        if pooled is not None:
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                POOLED_NEARBY,
                [clause, pooled],
                "The models trained are pooled across the provider's customers.",
            )
        for pattern in FOUNDATIONAL:
            if _names_general(pattern, text):
                yield pattern_hit(
                    view,
                    QUESTION,
                    NAME,
                    pattern,
                    [clause],
                    "Training reaches the provider's general models, used for all its customers.",
                )
                break
        else:
            if possessive is not None and (owned := possessive.search(text)):
                yield make_hit(
                    view,
                    QUESTION,
                    NAME,
                    "provider's named models",
                    TrainingScope.FOUNDATIONAL,
                    0.8,
                    # "the Veridane Models" cited with its definition, where the document gives one
                    [
                        clause,
                        *(d for d in _definitions_of(view, owned.group(0))[:1] if d.index != clause.index),
                    ],
                    "Training reaches the provider's own models.",
                )
        private = PRIVATE.regex.search(text) or (
            named_private.search(text) if named_private is not None else None
        )
        others = None if private else _licence_to_others(view, clause)
        if others is not None:
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                LICENCE_TO_OTHERS,
                dict.fromkeys([others, clause]),
                "Training is granted under a licence that reaches other companies: the models are not "
                "dedicated to the customer.",
            )
        if private:
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                PRIVATE,
                [clause, *_definitions_of(view, private.group(0))],
                "Training is limited to models dedicated to the customer.",
            )


# How many definitions a dedicated-model clause is cited with.
_DEFINITIONS_CITED = 2


def _definitions_of(view: DocumentView, phrase: str) -> list[Clause]:
    """The definition of the most specific defined term the phrase names ("Customer Derivative Models",
    not "Model"), then a definition that folds it into another term ("Output … shall include … Customer
    Derivative Model")."""
    lowered = phrase.lower()
    named = [d for d in view.doc.definitions if len(d.term) >= 4 and d.term.lower().rstrip("s") in lowered]
    if not named:
        return []
    term = max(named, key=lambda d: len(d.term))
    cited: dict[int, Clause] = {}
    own = view.clause_at(term.definition_span.start)
    if own is not None:
        cited[own.index] = own
    text = view.doc.text.lower()
    wanted = term.term.lower().rstrip("s")
    for other in view.doc.definitions:
        found = view.clause_at(other.definition_span.start)
        if (
            other is not term
            and found is not None
            and wanted in text[other.definition_span.start : other.definition_span.end]
        ):
            cited.setdefault(found.index, found)
    return list(cited.values())[:_DEFINITIONS_CITED]


# "we apply these learnings across our Services to improve and develop similar features": what is learnt
# from one customer serves the services every customer uses. Cited beside a foundational answer.
LEARNINGS_ACROSS = Pattern.of(
    "learnings applied across the services",
    r"\b(?:apply|use|share)\w*\s+(?:these|such|those|the|what\s+we)\s+learn\w*\s+across\s+(?:our|its|all|the)\s+(?:\w+\s+)?(?:services|products|customers)\b",
    TrainingScope.FOUNDATIONAL,
    0.5,
)


def detect_all(view: DocumentView) -> Iterator[Hit]:
    yield from detect(view)
    for clause in view.clauses_matching(LEARNINGS_ACROSS.regex):
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            LEARNINGS_ACROSS,
            [clause],
            "What is learnt from the customer's content is applied across the services offered to all.",
            supporting=True,
        )


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    training = answers[QuestionId.TRAINING_USE]
    if training.position in (TrainingUse.PROHIBITED, TrainingUse.SILENT):
        return default_answer(
            QUESTION, NAME, "Training on customer content is not allowed or not addressed.", 0.9
        )
    positions = {hit.position for hit in hits if hit.pattern != LICENCE_TO_OTHERS.name}
    if TrainingScope.FOUNDATIONAL in positions:
        return answer_from(QUESTION, NAME, TrainingScope.FOUNDATIONAL, hits)
    if TrainingScope.PRIVATE in positions:
        return answer_from(QUESTION, NAME, TrainingScope.PRIVATE, hits)
    for evidence in training.evidence:
        improved = SERVICES_IMPROVEMENT.regex.search(evidence.text)
        if improved:
            # The definition of the services shows they are the provider's general offering.
            defined = view.definition_evidence(improved.group("services"))
            cited = (evidence,) if defined is None else (evidence, defined)
            hit = Hit(
                QUESTION,
                TrainingScope.FOUNDATIONAL,
                0.6,
                cited,
                "Training would improve the provider's general services, offered to all customers.",
                NAME,
                SERVICES_IMPROVEMENT.name,
            )
            return answer_from(QUESTION, NAME, TrainingScope.FOUNDATIONAL, (hit,))
    if any(hit.pattern == LICENCE_TO_OTHERS.name for hit in hits):
        # Read last: a model named as the customer's own, or the general services, say more than a licence's reach.
        return answer_from(QUESTION, NAME, TrainingScope.FOUNDATIONAL, hits)
    return Answer(
        QUESTION,
        TrainingScope.UNSPECIFIED,
        0.6,
        training.evidence[:1],
        "Training is allowed but the document does not say whose models.",
        NAME,
    )


DETECTOR = Detector(QUESTION, 1, detect_all, decide, needs=(QuestionId.TRAINING_USE,))
