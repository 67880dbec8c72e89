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
from dataclasses import dataclass

from datarights.detect.base import Detector, Pattern, make_hit, pattern_hit
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import (
    CONDITION_OPT_IN,
    CONDITION_OPT_OUT,
    NONE_OF_USED,
    SPECIAL_CATEGORY,
    Clause,
    DocumentView,
    compile_,
    customer_subject_restricted,
    negated_before,
)
from datarights.detect.limits import limit_clauses
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
    # an owner with its affiliates: "improve AWS and affiliate machine-learning … technologies"
    r"(?:\w+\s+(?:and|or)\s+(?:its\s+|their\s+|our\s+)?affiliat\w*[’']?s?\s+)?"
    r"(?:own\s+)?(?:AI|A\.I\.|artificial[\s-]+intelligence|machine[\s-]+learning)\b(?!\s+(?:features?|tools?|services?|products?)\b)"
    r"|\b(?:improv\w*|develop\w*|enhanc\w*)\b[^.;]{0,50}?\b(?:AI|ML|language|foundation|artificial\s+intelligence|machine\s+learning)\s+models?\b"
)
OPT_OUT = Pattern.of(
    "opt-out election", CONDITION_OPT_OUT.pattern, TrainingUse.OPT_OUT, 0.85, Precedence.EXCEPTION
)
OPT_IN = Pattern.of(
    "opt-in or consent condition", CONDITION_OPT_IN.pattern, TrainingUse.OPT_IN, 0.85, Precedence.EXCEPTION
)
# An opt-out of sharing with recipients who train their own models ("If you do not opt out, … the recipients may use
# it … to train their artificial intelligence models") says nothing of the provider's own training.
THIRD_PARTY_OPT_OUT = Pattern.of(
    "opt-out of third-party training",
    CONDITION_OPT_OUT.pattern,
    TrainingUse.OPT_OUT,
    0.7,
    Precedence.EXCEPTION,
)
PROHIBITION = Pattern.of("negated training use", r"\bnot\b", TrainingUse.PROHIBITED, 0.8, Precedence.SPECIFIC)
PERMISSION = Pattern.of("training use granted", TRAIN.pattern, TrainingUse.PERMITTED, 0.75)
_CONDITIONAL_PROHIBITION = compile_(
    r"\bif\s+(?:you|customer)\s+(?:\w+\s+){0,3}(?:enable|enables|turn|turns|opt|opts|choose|chooses|select|selects|disable|disables)\b"
    r"|\bonce\s+you\s+(?:opt|turn|disable)|\bif\s+[^,;]{0,60}\b(?:is|are)\s+(?:turned\s+)?(?:off|disabled)\b"
)
# A heading or lead-in that scopes what follows to a setting being off ("If you turn this setting off:").
_SETTING_OFF_CONTEXT = compile_(
    r"\b(?:setting|activity|history|toggle)\b[^.]{0,40}\b(?:off|disabled)\b|\bturn\s+(?:it|this|that)\s+(?:setting\s+)?off\b"
)
# "… unless you choose to send us feedback" is a narrow exception, not an opt-in to training.
_FEEDBACK_EXCEPTION = compile_(r"\b(?:unless|except)\b[^.;]{0,60}\bfeedback\b")
_LEGAL_OBJECTION_ONLY = compile_(r"\bmay\s+have\s+(?:the\s+|a\s+)?right\s+to\s+object\b")
_DERIVED_ONLY = compile_(r"\b(?:aggregated|de-?identified|anonymi[sz]ed|anonymous|pseudonymi[sz]ed)\b")
_PUBLIC_OR_FEEDBACK = compile_(
    r"\b(?:feedback|publicly\s+available|public\s+(?:content|posts|information)|ratings?)\b"
)


@dataclass(frozen=True, slots=True)
class TrainingClause:
    clause: Clause
    match: re.Match[str]


def training_clauses(view: DocumentView) -> Iterator[TrainingClause]:
    """Clauses where the provider (not the customer) trains models, once each."""
    seen: set[int] = set()
    for clause, match in view.search(TRAIN):
        if clause.index in seen or clause.text.rstrip().endswith("?") or _DEFINITION.match(clause.text):
            continue
        head = clause.text[: match.start() - clause.start]
        if (
            customer_subject_restricted(clause, match.start())
            or _in_restriction_list(view, clause)
            or _customer_is_actor(head)
            or _CUSTOMER_GOVERNS_VERB.search(head)
            or _JOINT_CUSTOMER_RESTRICTION.search(head)
            or _GRANT_LIMITATION.search(head)
            or _noun_only(clause.text, match.start() - clause.start)
            or _ai_without_data(view, clause, match)
        ):
            continue
        seen.add(clause.index)
        yield TrainingClause(clause, match)


_RESTRICTION_LEAD_IN = compile_(
    r"\b(?:may\s+not|must\s+not|shall\s+not|will\s+not|agree\s+not|don[’']t|do\s+not|prohibit\w*|not\s+(?:allowed|permitted))\b"
)


def _in_restriction_list(view: DocumentView, clause: Clause) -> bool:
    """An item in a list introduced by "You may not:" or under a "Don't abuse our services" heading."""
    if re.search(
        r"\b(?:don[’']t|do\s+not|abuse|misuse|prohibited|restrictions?|acceptable\s+use)\b", clause.heading
    ):
        return not re.match(r"\W*(?:we|our)\b", clause.text, re.I)
    # The nearest lead-in ending with ":" in the same section decides what the list is about.
    for previous in reversed(view.neighbours(clause, before=25, after=0)[:-1]):
        if previous.section != clause.section:
            break
        if previous.text.rstrip().endswith(":"):
            return bool(_RESTRICTION_LEAD_IN.search(previous.text)) and not re.search(
                r"\b(?:we|us)\s+(?:will|may|do|shall)\s+not\b", previous.text, re.I
            )
    return False


_DEFINITION = compile_(r"^\W*[“\"][^”\"]{1,60}[”\"]\s+(?:means|refers\s+to|shall\s+mean)\b")
_ACTOR = compile_(
    r"\b(?P<provider>we|us)\b|\b(?P<third>they|third[\s-]part(?:y|ies)|partners|recipients)\s+(?:\w+\s+){0,2}?(?:do|does|will|shall|may)\s+not\b|\b(?P<customer>you|customers?|users?|licensees?)\s+(?:\w+\s+){0,2}?"
    r"(?:us(?:e|es|ing)|develop\w*|train\w*|build\w*|creat\w*|customi[sz]\w*|fine[\s-]?tun\w*)\b"
    # "other users … and third parties accessing the Site are prohibited from using such Content (i) to train …"
    r"|\b(?P<forbidden>third[\s-]part(?:y|ies)|other\s+users|recipients|partners|developers)\b[^.;]{0,40}?"
    r"\b(?:(?:are|is)\s+(?:strictly\s+)?(?:prohibited|forbidden|not\s+(?:permitted|allowed))|(?:must|may|shall)\s+not)\b"
)
# The customer is the subject right before the training verb: "if you have fine-tuned …", "allow you to train …".
# The customer word must be the subject, not the source of the data ("content from users to train our models").
_CUSTOMER_GOVERNS_VERB = compile_(
    r"(?<!\bfrom\s)(?<!\bof\s)(?<!\bby\s)(?<!\bfor\s)(?<!\bwith\s)(?<!\babout\s)(?<!\bour\s)(?<!\bother\s)"
    r"\b(?:you|customers?|users?|licensees?)\s+(?:(?:have|has|had|may|can|could|will|would|also|then|yourself|themselves|itself)\s+){0,3}$"
    r"|\b(?:allows?|enables?|lets?|permits?|helps?)\s+(?:you|customers?|users?|licensees?)\s+(?:to\s+)?$"
)
# "Neither you nor your End Users will … reproduce the training data": a restriction on the customer side.
_JOINT_CUSTOMER_RESTRICTION = compile_(
    r"\bneither\s+(?:you|customer|licensee|users?|the\s+customer)\b[^.;]{0,40}?\bnor\b[^.;]{0,60}?\b(?:will|shall|may|must|can)\b"
)
# "no other rights or licenses are granted or implied, including any right to use User Content … for training":
# a limit on what the licensee receives, not a promise by the provider (unless the rights named are the provider's).
_GRANT_LIMITATION = compile_(
    r"\bno\s+(?:other\s+|further\s+|additional\s+)?(?:rights?|licen[cs]es?)\b(?![^.;]{0,60}\b(?:to|in\s+favou?r\s+of)\s+(?:us|we|provider|vendor|supplier|company|processor)\b)"
    r"[^.;]{0,40}?\b(?:are|is)\s+(?:hereby\s+)?(?:granted|conveyed|implied)\b"
)
# "No rights are granted to Provider to use Customer Data to train …": the provider is denied the right.
_NO_RIGHT_TO_PROVIDER = compile_(
    r"\bno\s+(?:other\s+|further\s+)?(?:rights?|licen[cs]es?|permission)\b[^.;]{0,40}?\b(?:granted|given|conveyed)\s+"
    r"(?:to|in\s+favou?r\s+of)\s+(?:us|provider|vendor|supplier|company|processor)\b"
)
# "training" read as a noun ("the model's training data", "from your own training data") names a data set, not
# a use of the customer's content, unless the content is put into it ("used as training data", "in our training data").
_TRAINING_NOUN = compile_(r"training\s+(?:data(?:\s*sets?)?|datasets?|sets?|corpus|corpora|materials?)\b")
_INTO_TRAINING = compile_(
    r"\b(?:as|into|in|for|to|become|becomes|part\s+of)\s+(?:(?:our|its|their|the|any|a|new)\s+){0,2}$"
)
_TRAIN_VERB = compile_(r"\b(?:train(?:s|ed|ing)?|re-?train\w*|fine[\s-]?tun\w*)\b")


def _noun_only(text: str, start: int) -> bool:
    """The match's only training word is the noun "training data" (a data set), and nothing puts content into it."""
    found = [m for m in _TRAIN_VERB.finditer(text) if not _TRAINING_NOUN.match(text, m.start())]
    if found:
        return False
    nouns = list(_TRAINING_NOUN.finditer(text))
    return bool(nouns) and not any(
        _INTO_TRAINING.search(text[max(0, n.start() - 40) : n.start()]) for n in nouns
    )


# "Content that is not personal data", "Content that does not contain …": a negation that qualifies the data in a
# relative clause, not the use ("Content that is not used for training" still negates the use).
_RELATIVE_NEGATION = compile_(
    r"\b(?:that|which)\s+(?:is|are|was|were|does|do|did|has|have)\s+(?P<not>not)\s+"
    r"(?!(?:be\s+|been\s+|ever\s+)?(?:use|used|train\w*|process\w*|shar\w*|includ\w*|fed|feed\w*|leverag\w*|utili[sz]\w*"
    r"|retain\w*|stor\w*|access\w*|sold|disclos\w*|fine[\s-]?tun\w*|develop\w*|improv\w*)\b)"
)


def _mask_relative_negation(text: str) -> str:
    """`text` with the "not" of data-qualifying relative clauses blanked (same length, so offsets hold)."""
    return _RELATIVE_NEGATION.sub(
        lambda m: m.group(0)[: m.start("not") - m.start()] + "   " + m.group(0)[m.end("not") - m.start() :],
        text,
    )


_THIRD_PARTY_USER = compile_(
    r"\b(?:recipients?|third[\s-]part(?:y|ies)|partners|collaborators|advertisers|buyers|licensees)\b[^.;]{0,40}?"
    r"\b(?:may|might|can|could|will|would)\s+(?:also\s+)?(?:use|process|access)\b"
)
_THEIR_MODELS = compile_(r"^[^.;]{0,40}?\btheir\s+(?:own\s+)?")


def _third_party_trains(text: str, relative: int) -> bool:
    """Is the training in the clause done by third-party recipients on their own models?"""
    head = text[max(0, relative - 250) : relative]
    users = list(_THIRD_PARTY_USER.finditer(head))
    if not users or re.search(r"\b(?:we|us)\b", head[users[-1].end() :], re.I):
        return False
    return bool(_THEIR_MODELS.search(text[relative:]))


def _third_party_election(text: str) -> bool:
    """Does the (following) sentence speak of third parties training their own models?"""
    return any(_third_party_trains(text, m.start()) for m in TRAIN.finditer(text))


_USE_VERB = compile_(r"\b(?:use|uses|used|using|process\w*|leverag\w*|learn\w*\s+from|analy[sz]\w*)\b")


def _ai_without_data(view: DocumentView, clause: Clause, match: re.Match[str]) -> bool:
    """A clause on "building artificial intelligence" with no training word and no data in sight: a description of the
    business ("a company working on building artificial intelligence"), not a use of customer content."""
    if _TRAIN_VERB.search(match.group(0)):
        return False
    lead = view.lead_in(clause)
    context = clause.text + " " + (lead.text if lead is not None else "")
    return not view.mentions_content(context) and not _USE_VERB.search(context)


def _customer_is_actor(head: str) -> bool:
    """True when the nearest actor before the training verb is the customer ("Customer using Output to develop…")."""
    matches = list(_ACTOR.finditer(head[-200:]))
    last = matches[-1] if matches else None
    return last is not None and last.group("provider") is None


def _about_content(view: DocumentView, clause: Clause) -> bool:
    context = " ".join(c.text for c in view.neighbours(clause, before=2, after=0)) + " " + clause.heading
    return view.mentions_content(context)


# "will not use Customer Content to develop or improve the Services, unless Customer explicitly agrees":
# a consent-gated promise about improvement covers model training too.
_IMPROVEMENT_UNLESS_CONSENT = compile_(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}use\s+(?:any\s+)?(?:of\s+)?(?:the\s+)?(?:customer|your|user|business)\s+"
    r"(?:content|data|inputs?)\b[^.;]{0,40}?\bto\s+(?:develop|improve|enhance)\b[^.]{0,80}?"
    r"\b(?:unless|without|except\s+with)\b"
)
IMPROVEMENT_OPT_IN = Pattern.of(
    "no improvement use without consent",
    _IMPROVEMENT_UNLESS_CONSENT.pattern,
    TrainingUse.OPT_IN,
    0.65,
    Precedence.SPECIFIC,
)


def detect(view: DocumentView) -> Iterator[Hit]:
    for clause, _ in view.search(IMPROVEMENT_OPT_IN.regex):
        if CONDITION_OPT_IN.search(clause.text) and not TRAIN.search(clause.text):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                IMPROVEMENT_OPT_IN,
                [clause],
                "Customer content is not used to develop or improve the services (models included) unless the customer agrees.",
            )
    for item in training_clauses(view):
        clause = item.clause
        if not _about_content(view, clause):
            continue
        relative = item.match.start() - clause.start
        text = clause.text
        # Read the negation up to the end of the training verb, so that "does not train" and "won't train" count.
        verb = re.match(r"\w+", text[relative:])
        verb_end = relative + (verb.end() if verb else 0)
        negated = (
            negated_before(_mask_relative_negation(text), verb_end, window=300)
            or bool(NONE_OF_USED.search(text[:relative]))
            or bool(_NO_RIGHT_TO_PROVIDER.search(text[:relative]))
        )
        trailing = " ".join(c.text for c in view.neighbours(clause, before=0, after=1))
        if _derived_only(view, text) and not negated:
            continue
        opt_out = _opt_out(text) or (
            not negated
            and _opt_out(trailing)
            # the election names the training, or the development / improvement the clause grants
            and re.search(r"\b(?:train|model|develop|improv)", trailing, re.I)
            and not _OTHER_ELECTION.search(trailing)
            and not _third_party_election(trailing)
        )
        if opt_out and _LEGAL_OBJECTION_ONLY.search(text) and not re.search(r"setting", text, re.I):
            opt_out = None
        if negated:
            if SPECIAL_CATEGORY.search(text[:relative]) and not re.search(
                r"\bcontent\b", text[:relative], re.I
            ):
                continue
            setting_off = _SETTING_OFF_CONTEXT.search(clause.heading) or any(
                _SETTING_OFF_CONTEXT.search(c.text) and c.text.rstrip().endswith(":")
                for c in view.neighbours(clause, before=2, after=0)[:-1]
            )
            opt_in = CONDITION_OPT_IN.search(text) and not _FEEDBACK_EXCEPTION.search(text)
            if _CONDITIONAL_PROHIBITION.search(text[:relative]) or setting_off or (opt_out and not opt_in):
                yield pattern_hit(
                    view,
                    QUESTION,
                    NAME,
                    OPT_OUT,
                    [clause],
                    "Training stops only when the customer acts (opt-out or setting).",
                    score=0.8,
                )
            elif opt_in:
                yield pattern_hit(
                    view,
                    QUESTION,
                    NAME,
                    OPT_IN,
                    [clause],
                    "No training on customer content unless the customer agrees or enables it.",
                )
            else:
                yield pattern_hit(
                    view,
                    QUESTION,
                    NAME,
                    PROHIBITION,
                    [clause],
                    "The provider states it does not use customer content to train models.",
                )
        elif opt_out and _third_party_trains(text, relative):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                THIRD_PARTY_OPT_OUT,
                [clause],
                "Recipients of shared data may train their own models unless the customer opts out of the sharing.",
            )
        elif opt_out:
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                OPT_OUT,
                [clause],
                "Customer content is used for training by default; the customer can opt out.",
            )
        elif (condition := CONDITION_OPT_IN.search(text)) and condition.group(0).lower().startswith(
            "subject to"
        ):
            # A grant "subject to your settings" is on by default and can be switched off.
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                OPT_OUT,
                [clause],
                "Training is granted subject to the customer's settings, so it can be switched off.",
                score=0.7,
            )
        elif condition:
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                OPT_IN,
                [clause],
                "Customer content is used for training only with the customer's agreement.",
                score=0.75,
            )
        else:
            narrow = bool(_PUBLIC_OR_FEEDBACK.search(text)) and not re.search(
                r"\b(?:content|inputs?|prompts?|conversations?|customer\s+data)\b", text, re.I
            )
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                PERMISSION,
                [clause],
                "The provider may use customer content to train or improve models.",
                score=0.55 if narrow else 0.75,
            )


_MECHANISM = compile_(
    r"\b(?:enabl\w*|disabl\w*|turn(?:ed|s)?\s+(?:it\s+|this\s+)?(?:on|off)|settings?|toggle)\b"
)
_ABOUT_USE = compile_(
    r"\b(?:use|used|uses|using|process\w*|train\w*|improv\w*)\b[^.;]{0,60}\b(?:data|content|inputs?|outputs?|prompts?|conversations?|chats?|information)\b"
    r"|\b(?:data|content|inputs?|outputs?|prompts?|conversations?|chats?|information)\b[^.;]{0,60}\b(?:used|processed|train\w*|stored|retained)\b"
)
_OTHER_ELECTION = compile_(
    r"\b(?:marketing|advertis\w*|cookies?|autoplay|notifications?|personali[sz]\w*|profiling)\b"
    r"|\bopt(?:ing)?[\s-]*out\s+of\s+(?:the\s+|these\s+|such\s+|any\s+)?(?:sale|selling|sharing|disclosures?|communications?|e-?mails?)\b"
)
_AI_PROCESSING = compile_(r"\b(?:artificial\s+intelligence|machine\s+learning|AI|models?)\b")


def detect_all(view: DocumentView) -> Iterator[Hit]:
    """The deciding hits, then supporting ones: the sentences around an opt-out that spell out how
    the election works and what it covers, and purpose limits on AI processing for a prohibition."""
    hits = list(detect(view))
    yield from hits
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


# "unless Customer opts out": the third-person verb form the shared opt-out lexicon does not spell; and the
# perfect tense of an election already made ("unless you have objected", "unless the customer has turned it off").
_OPTS_OUT = compile_(
    r"\bopts[\s-]*out\b|\bunless\s+(?:you|customer|the\s+customer|users?|the\s+user)\s+(?:has|have|had)\s+(?:already\s+|previously\s+)?"
    r"(?:objected|opted[\s-]*out|turned\s+(?:it\s+|this\s+|that\s+)?off|switched\s+(?:it\s+|this\s+)?off|disabled|withdrawn)\b"
)


def _opt_out(text: str) -> re.Match[str] | None:
    return CONDITION_OPT_OUT.search(text) or _OPTS_OUT.search(text)


def _derived_only(view: DocumentView, text: str) -> bool:
    if view.only_derived(text):
        return True
    return bool(_DERIVED_ONLY.search(text)) and not re.search(
        r"\b(?:your|customer|user)\s+(?:content|data|inputs?|prompts?)\b|\bcontent\b|\binputs?\b|\bprompts?\b",
        text,
        re.I,
    )


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    by_position: dict[str, list[Hit]] = {}
    for hit in hits:
        by_position.setdefault(hit.position, []).append(hit)
    if not hits:
        return default_answer(
            QUESTION, NAME, "The document does not address training models on customer content.", 0.75
        )
    own_opt_outs = [
        h for h in by_position.get(TrainingUse.OPT_OUT, []) if h.pattern != THIRD_PARTY_OPT_OUT.name
    ]
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
    if TrainingUse.OPT_OUT in by_position:
        return answer_from(
            QUESTION,
            NAME,
            TrainingUse.OPT_OUT,
            hits,
            "Customer content may be used to train models by default; the customer can opt out.",
            also=frozenset({TrainingUse.PERMITTED}),
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
        best_prohibition = max(prohibited, key=rank)
        best_permission = max(permitted, key=rank)
        if rank(best_prohibition) >= rank(best_permission):
            return answer_from(
                QUESTION,
                NAME,
                TrainingUse.PROHIBITED,
                hits,
                "A specific no-training promise governs over the general licence.",
            )
        return answer_from(
            QUESTION,
            NAME,
            TrainingUse.PERMITTED,
            hits,
            "Training is permitted; the no-training language covers only part of the content.",
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
