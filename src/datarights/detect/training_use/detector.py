"""Training on customer content (question: training_use).

## What it finds
Clauses where the provider uses (or promises not to use) customer content to
train, fine-tune or improve AI / machine-learning models, and the elections that
qualify them: opt-in ("unless you explicitly agree", "without prior written
consent") and opt-out ("you can turn this off in settings", "unless you opt out").

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
from dataclasses import dataclass

from datarights.detect.base import Detector, Pattern, make_hit
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import (
    CONDITION_OPT_IN,
    CONDITION_OPT_OUT,
    SPECIAL_CATEGORY,
    Clause,
    DocumentView,
    compile_,
    customer_restricted,
    negated_before,
)
from datarights.detect.questions import QuestionId, TrainingUse
from datarights.detect.resolve import answer_from, default_answer, rank

QUESTION = QuestionId.TRAINING_USE
NAME = "training_use@1"

_MODEL = (
    r"(?:models?|A\.?I\.?|artificial[\s-]+intelligence|machine[\s-]+learning|ML|LLMs?|large\s+language\s+models?"
    r"|algorithms?|neural\s+networks?|generative|foundation\s+models?|AI\s+features?)"
)
# "train … models" within one clause, or "improve … AI/models".
TRAIN = compile_(
    r"\b(?:train(?:s|ed|ing)?|re-?train\w*|fine[\s-]?tun\w*)\b(?=[^.;]{0,120}?\b" + _MODEL + r"\b)"
    r"|\b" + _MODEL + r"\b[^.;]{0,60}?\b(?:train(?:s|ed|ing)?|fine[\s-]?tun\w*)\b"
    r"|\b(?:improv\w*|develop\w*|enhanc\w*|refin\w*|build(?:ing)?)\s+(?:and\s+\w+\s+)?(?:(?:our|its|the|their|new|\w+[’']s)\s+)?"
    r"(?:own\s+)?(?:AI|A\.I\.|artificial\s+intelligence|machine\s+learning)\b(?!\s+(?:features?|tools?|services?|products?)\b)"
    r"|\b(?:improv\w*|develop\w*|enhanc\w*)\b[^.;]{0,50}?\b(?:AI|ML|language|foundation|artificial\s+intelligence|machine\s+learning)\s+models?\b"
)
OPT_OUT = Pattern("opt-out election", CONDITION_OPT_OUT.pattern, TrainingUse.OPT_OUT, 0.85, Precedence.EXCEPTION)
OPT_IN = Pattern("opt-in or consent condition", CONDITION_OPT_IN.pattern, TrainingUse.OPT_IN, 0.85, Precedence.EXCEPTION)
PROHIBITION = Pattern("negated training use", r"\bnot\b", TrainingUse.PROHIBITED, 0.8, Precedence.SPECIFIC)
PERMISSION = Pattern("training use granted", TRAIN.pattern, TrainingUse.PERMITTED, 0.75)
_CONDITIONAL_PROHIBITION = compile_(
    r"\bif\s+(?:you|customer)\s+(?:\w+\s+){0,3}(?:enable|enables|turn|turns|opt|opts|choose|chooses|select|selects|disable|disables)\b"
    r"|\bonce\s+you\s+(?:opt|turn|disable)"
)
_LEGAL_OBJECTION_ONLY = compile_(r"\bmay\s+have\s+(?:the\s+|a\s+)?right\s+to\s+object\b")
_DERIVED_ONLY = compile_(r"\b(?:aggregated|de-?identified|anonymi[sz]ed|anonymous|pseudonymi[sz]ed)\b")
_PUBLIC_OR_FEEDBACK = compile_(r"\b(?:feedback|publicly\s+available|public\s+(?:content|posts|information)|ratings?)\b")


@dataclass(frozen=True, slots=True)
class TrainingClause:
    clause: Clause
    match: re.Match[str]


def training_clauses(view: DocumentView) -> Iterator[TrainingClause]:
    """Clauses where the provider (not the customer) trains models, once each."""
    seen: set[int] = set()
    for clause, match in view.search(TRAIN):
        if clause.index in seen or customer_restricted(clause, match.start()):
            continue
        seen.add(clause.index)
        yield TrainingClause(clause, match)


def _about_content(view: DocumentView, clause: Clause) -> bool:
    context = " ".join(c.text for c in view.neighbours(clause, before=2, after=0)) + " " + clause.heading
    return view.mentions_content(context)


def detect(view: DocumentView) -> Iterator[Hit]:
    for item in training_clauses(view):
        clause = item.clause
        if not _about_content(view, clause):
            continue
        relative = item.match.start() - clause.start
        text = clause.text
        negated = negated_before(text, relative, window=160)
        trailing = " ".join(c.text for c in view.neighbours(clause, before=0, after=1))
        if _derived_only(view, text) and not negated:
            continue
        opt_out = CONDITION_OPT_OUT.search(text) or (
            not negated and CONDITION_OPT_OUT.search(trailing) and re.search(r"\b(?:train|model)", trailing, re.I)
        )
        if opt_out and _LEGAL_OBJECTION_ONLY.search(text) and not re.search(r"setting", text, re.I):
            opt_out = None
        if negated:
            if SPECIAL_CATEGORY.search(text[:relative]) and not re.search(r"\bcontent\b", text[:relative], re.I):
                continue
            if _CONDITIONAL_PROHIBITION.search(text[:relative]) or (opt_out and not CONDITION_OPT_IN.search(text)):
                yield make_hit(view, QUESTION, NAME, OPT_OUT, TrainingUse.OPT_OUT, 0.8, [clause],
                               "Training stops only when the customer acts (opt-out or setting).",
                               precedence=Precedence.EXCEPTION)
            elif CONDITION_OPT_IN.search(text):
                yield make_hit(view, QUESTION, NAME, OPT_IN, TrainingUse.OPT_IN, 0.85, [clause],
                               "No training on customer content unless the customer agrees or enables it.",
                               precedence=Precedence.EXCEPTION)
            else:
                yield make_hit(view, QUESTION, NAME, PROHIBITION, TrainingUse.PROHIBITED, 0.8, [clause],
                               "The provider states it does not use customer content to train models.",
                               precedence=Precedence.SPECIFIC)
        elif opt_out:
            yield make_hit(view, QUESTION, NAME, OPT_OUT, TrainingUse.OPT_OUT, 0.85, [clause],
                           "Customer content is used for training by default; the customer can opt out.",
                           precedence=Precedence.EXCEPTION)
        elif CONDITION_OPT_IN.search(text):
            yield make_hit(view, QUESTION, NAME, OPT_IN, TrainingUse.OPT_IN, 0.75, [clause],
                           "Customer content is used for training only with the customer's agreement.",
                           precedence=Precedence.EXCEPTION)
        else:
            narrow = bool(_PUBLIC_OR_FEEDBACK.search(text)) and not re.search(
                r"\b(?:content|inputs?|prompts?|conversations?|customer\s+data)\b", text, re.I
            )
            yield make_hit(view, QUESTION, NAME, PERMISSION, TrainingUse.PERMITTED, 0.55 if narrow else 0.75, [clause],
                           "The provider may use customer content to train or improve models.")


def _derived_only(view: DocumentView, text: str) -> bool:
    if view.only_derived(text):
        return True
    if _DERIVED_ONLY.search(text) and not re.search(
        r"\b(?:your|customer|user)\s+(?:content|data|inputs?|prompts?)\b|\bcontent\b|\binputs?\b|\bprompts?\b", text, re.I
    ):
        return True
    return False


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    by_position: dict[str, list[Hit]] = {}
    for hit in hits:
        by_position.setdefault(hit.position, []).append(hit)
    if not hits:
        return default_answer(QUESTION, NAME, "The document does not address training models on customer content.", 0.75)
    if TrainingUse.OPT_OUT in by_position:
        return answer_from(QUESTION, NAME, TrainingUse.OPT_OUT, hits,
                           "Customer content may be used to train models by default; the customer can opt out.")
    if TrainingUse.OPT_IN in by_position:
        return answer_from(QUESTION, NAME, TrainingUse.OPT_IN, hits,
                           "Customer content is not used to train models unless the customer opts in or agrees.")
    prohibited = by_position.get(TrainingUse.PROHIBITED, [])
    permitted = by_position.get(TrainingUse.PERMITTED, [])
    if prohibited and permitted:
        best_prohibition = max(prohibited, key=rank)
        best_permission = max(permitted, key=rank)
        if rank(best_prohibition) >= rank(best_permission):
            return answer_from(QUESTION, NAME, TrainingUse.PROHIBITED, hits,
                               "A specific no-training promise governs over the general licence.")
        return answer_from(QUESTION, NAME, TrainingUse.PERMITTED, hits,
                           "Training is permitted; the no-training language covers only part of the content.")
    if prohibited:
        return answer_from(QUESTION, NAME, TrainingUse.PROHIBITED, hits,
                           "The provider does not use customer content to train models.")
    return answer_from(QUESTION, NAME, TrainingUse.PERMITTED, hits,
                       "The provider may use customer content to train models, and no way to refuse is given.")


DETECTOR = Detector(QUESTION, 1, detect, decide)
