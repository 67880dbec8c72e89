"""Reading statements about training models on customer content into clause frames.

Who trains (the provider, the customer under a restriction, third-party recipients on their own
models), whether a negation governs the training verb, the election it is conditioned on (opt-in,
opt-out, a setting), which data it concerns and the scope it is limited to. The words are read here
once; `detect/training_use` and `detect/training_scope` decide over the frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from datarights.model import BlockKind
from datarights.read.model import (
    GENERAL,
    Action,
    Actor,
    ClauseFrame,
    Condition,
    DataKind,
    Scope,
    ScopeKind,
    Unit,
)
from datarights.read.patterns import compile_
from datarights.read.view import Clause, TextView, content_bearing_terms, terms_in
from datarights.read.vocab.actors import PROVIDER_ROLE_SUBJECT, customer_subject_restricted
from datarights.read.vocab.conditions import CONDITION_OPT_IN, CONDITION_OPT_OUT, ELECTION_MADE
from datarights.read.vocab.data import PHI, SPECIAL_CATEGORY
from datarights.read.vocab.modality import modality_before
from datarights.read.vocab.negation import NONE_OF_USED, negated_before
from datarights.read.vocab.scope import scope_of

_MODEL = (
    r"(?:models?|A\.?I\.?|artificial[\s-]+intelligence|machine[\s-]+learning|ML|LLMs?|large\s+language\s+models?"
    r"|algorithms?|neural\s+networks?|generative|foundation\s+models?|AI\s+features?"
    # "help train our suggestion engine"
    r"|(?:suggestion|recommendation|prediction|ranking|classification|detection)\s+engines?)"
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
    # "improve our models and algorithms": the provider's own models or algorithms, not a business or data model
    # "we do not train on your data": the model left unsaid
    r"|\btrain(?:s|ed|ing)?\s+(?:(?:AI|ML|models?)\s+)?on\s+(?:your|customer|user|client|the\s+customer[’']?s?|its\s+customers[’']?)\s+"
    r"(?:\w+\s+)?(?:data|content|inputs?|prompts?|conversations?|files|chats|information)\b"
    # "improve the models that serve all of our customers", "the models behind Suggestions"
    r"|\b(?:improv\w*|enhanc\w*|refin\w*|train\w*)\s+(?:and\s+\w+\s+)?the\s+models?\s+(?:that|which)\s+(?:power|serve|run|drive|generate|underlie)"
    # the noun forms: "for its own model development", "such as model improvement" (not a business or data model)
    r"|(?<!business\s)(?<!data\s)(?<!pricing\s)(?<!operating\s)\b(?:(?:AI|ML)\s+)?models?\s+(?:development|improvement|refinement)\b"
    r"|\b(?:improv\w*|enhanc\w*|refin\w*)\s+(?:and\s+\w+\s+)?(?:our|its|their|\w+[’']s)\s+(?:own\s+)?"
    r"(?!(?:business|pricing|data|subscription|service|revenue|delivery|operating|support|sales|licensing)\b)(?:[\w-]+\s+)?(?:models|algorithms?)\b"
    # "improve the extraction and classification models underlying the Service": models named by what they power
    r"|\b(?:improv\w*|enhanc\w*|refin\w*)\s+(?:and\s+\w+\s+)?the\s+"
    r"(?!(?:business|pricing|data|subscription|service|revenue|delivery|operating|support|sales|licensing)\b)"
    r"(?:[\w-]+\s+(?:and\s+|or\s+)?){0,3}models?\s+(?:underlying|behind|powering|that\s+powers?)\b"
    # "to help machine learning models learn to recognise names": the models learn from what they are given
    r"|\b(?:models?|algorithms?|A\.?I\.?)\s+(?:to\s+)?learn(?:s|ed)?\b"
)

_CONDITIONAL_PROHIBITION = compile_(
    r"\bif\s+(?:you|customer)\s+(?:\w+\s+){0,3}(?:enable|enables|turn|turns|opt|opts|choose|chooses|select|selects|disable|disables)\b"
    r"|\bonce\s+you\s+(?:opt|turn|disable)|\bif\s+[^,;]{0,60}\b(?:is|are)\s+(?:turned\s+)?(?:off|disabled)\b"
    # "Once it's off, new notes won't be used for training"; "when the setting is switched off"
    r"|\b(?:once|when|after)\s+[^,;]{0,40}?(?:\b(?:is|are)|[’']s)\s+(?:turned\s+|switched\s+)?(?:off|disabled)\b"
)
# A heading or lead-in that scopes what follows to a setting being off ("If you turn this setting off:").
_SETTING_OFF_CONTEXT = compile_(
    r"\b(?:setting|activity|history|toggle)\b[^.]{0,40}\b(?:off|disabled)\b|\bturn\s+(?:it|this|that)\s+(?:setting\s+)?off\b"
)
# "… unless you choose to send us feedback" is a narrow exception, not an opt-in to training.
_FEEDBACK_EXCEPTION = compile_(r"\b(?:unless|except)\b[^.;]{0,60}\bfeedback\b")
_BY_DEFAULT = compile_(r"\bby\s+default\b")
_NO_BEFORE = compile_(r"\bno\s+$")
# "No model training", "No AI training": the negation on the noun, the model word first.
_MODEL_TRAINING = compile_(
    r"(?:AI|ML|models?)\s+(?:training|fine[\s-]?tuning)\b"
    # "with no AI training language", "no model training data": a noun compound, not a promise
    r"(?!\s+(?:language|data|datasets?|sets?|terms|clauses?|provisions?|wording|text)\b)"
)
_IF_NO = compile_(r"\b(?:if|whether|where|when|unless)\s+no\s+$")
_MODEL_FIRST = compile_(_MODEL + r"\b")
_LEGAL_OBJECTION_ONLY = compile_(r"\bmay\s+have\s+(?:the\s+|a\s+)?right\s+to\s+object\b")
_DERIVED_ONLY = compile_(r"\b(?:aggregated|de-?identified|anonymi[sz]ed|anonymous|pseudonymi[sz]ed)\b")
_PUBLIC_OR_FEEDBACK = compile_(
    r"\b(?:feedback|publicly\s+available|public\s+(?:content|posts|information)|ratings?)\b"
)


_RESTRICTION_LEAD_IN = compile_(
    r"\b(?:may\s+not|must\s+not|shall\s+not|will\s+not|agree\s+not|don[’']t|do\s+not|prohibit\w*|not\s+(?:allowed|permitted))\b"
)


def _in_restriction_list(view: TextView, clause: Clause) -> bool:
    """An item in a list introduced by "You may not:" or under a "Don't abuse our services" heading."""
    if re.search(
        r"\b(?:don[’']t|do\s+not|abuse|misuse|prohibited|restrictions?|acceptable\s+use)\b", clause.heading
    ):
        return not re.match(r"\W*(?:we|our)\b", clause.text, re.I) and not PROVIDER_ROLE_SUBJECT.match(
            clause.text.lstrip(" \t(•*-–—0123456789.)")
        )
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
    r"\b(?P<provider>we|us)\b|\b(?P<third>they|third[\s-]part(?:y|ies)|partners|recipients)\s+(?:\w+\s+){0,2}?(?:do|does|will|shall|may)\s+not\b|\b(?P<customer>you|customers?|users?|licensees?)"
    # "use PHI and other customer data to train": a customer word naming the data is not the actor
    r"(?!\s+(?:data|content|materials?|inputs?|outputs?|information|personal|files?|prompts?)\b)\s+(?:\w+\s+){0,2}?"
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


def _ai_without_data(view: TextView, clause: Clause, match: re.Match[str]) -> bool:
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


def _about_content(view: TextView, clause: Clause) -> bool:
    context = " ".join(c.text for c in view.neighbours(clause, before=2, after=0)) + " " + clause.heading
    return view.mentions_content(context)


# "will not use Customer Content to develop or improve the Services, unless Customer explicitly agrees":
# a consent-gated promise about improvement covers model training too.
_IMPROVEMENT_UNLESS_CONSENT = compile_(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}use\s+(?:any\s+)?(?:of\s+)?(?:the\s+)?(?:customer|your|user|business)\s+"
    r"(?:content|data|inputs?)\b[^.;]{0,40}?\bto\s+(?:develop|improve|enhance)\b[^.]{0,80}?"
    r"\b(?:unless|without|except\s+with)\b"
)

_OTHER_ELECTION = compile_(
    r"\b(?:marketing|advertis\w*|cookies?|autoplay|notifications?|personali[sz]\w*|profiling)\b"
    r"|\bopt(?:ing)?[\s-]*out\s+of\s+(?:the\s+|these\s+|such\s+|any\s+)?(?:sale|selling|sharing|disclosures?|communications?|e-?mails?)\b"
)

# "unless Customer opts out": the third-person verb form the shared opt-out lexicon does not spell; and the
# perfect tense of an election already made ("unless you have objected", "unless the customer has turned it off").
_OPTS_OUT = compile_(
    r"\bopts[\s-]*out\b|\bunless\s+(?:you|customer|the\s+customer|users?|the\s+user)\s+(?:has|have|had)\s+(?:already\s+|previously\s+)?"
    r"(?:objected|opted[\s-]*out|turned\s+(?:it\s+|this\s+|that\s+)?off|switched\s+(?:it\s+|this\s+)?off|disabled|withdrawn)\b"
    # "unless Customer turns that use off in a setting", "unless you switch this feature off": the object between
    # the verb and "off" (the shared lexicon reads only "turn it off" / "turn off").
    r"|\bunless\s+(?:you|customer|the\s+customer|users?|the\s+user)\s+(?:turns?|switch(?:es)?|toggles?|sets?)\s+"
    r"(?:(?:that|this|the|such|its|their|your|it)\s+)?(?:[\w-]+\s+){0,3}?off\b"
)


def _opt_out(text: str) -> re.Match[str] | None:
    return CONDITION_OPT_OUT.search(text) or _OPTS_OUT.search(text)


def _bearing_terms_in(view: TextView, text: str) -> frozenset[str]:
    return terms_in(view, "content_bearing", content_bearing_terms(view), text)


def _names_content_bearing_term(view: TextView, text: str) -> bool:
    return bool(_bearing_terms_in(view, text))


def _bearing_definitions(view: TextView, text: str) -> tuple[int, ...]:
    present = _bearing_terms_in(view, text)
    if not present:
        return ()

    def by_term() -> dict[str, list[tuple[int, int]]]:
        """Each content-bearing term's definitions: (their place among the definitions, the clause holding
        the term)."""
        bearing = content_bearing_terms(view)
        table: dict[str, list[tuple[int, int]]] = {}
        for order, definition in enumerate(view.doc.definitions):
            term = definition.term.lower()
            if term in bearing:
                clause = view.clause_at(definition.term_span.start)
                if clause is not None:
                    table.setdefault(term, []).append((order, clause.index))
        return table

    table = view.memo("_content_bearing_definitions", by_term)
    found = sorted(pair for term in present for pair in table.get(term, ()))
    return tuple(dict.fromkeys(index for _, index in found))


def _derived_only(view: TextView, text: str) -> bool:
    if _names_content_bearing_term(view, text):
        return False  # "Usage Data" defined to include the text users enter is content, not a derivative
    if view.only_derived(text):
        return True
    return bool(_DERIVED_ONLY.search(text)) and not re.search(
        r"\b(?:your|customer|user)\s+(?:content|data|inputs?|prompts?)\b|\bcontent\b|\binputs?\b|\bprompts?\b",
        text,
        re.I,
    )


# Scraping, crawling or mining content to train models is something the service forbids its users or
# third parties to do; the provider never promises anything by it ("You may not use bots to scrape content
# to train machine learning models"; "Scraping … for AI training is prohibited").
_SCRAPING = compile_(
    r"\b(?:scrap\w*|crawl\w*|harvest\w*|spider\w*|data[\s-]mining|mine|mining|robots?|bots?|automated\s+means)\b"
)
_FORBIDDEN = compile_(
    r"\b(?:prohibit\w*|forbid\w*|not\s+(?:permitted|allowed|authori[sz]ed)|may\s+not|must\s+not|shall\s+not|agree\s+not"
    r"|do\s+not|don[’']t|cannot|strictly)\b"
)
_PROVIDER_SCRAPES = compile_(r"\b(?:we|us)\s+(?:\w+\s+){0,2}?(?:scrap|crawl|harvest|collect|mine)\w*\b")


def _scraping_restriction(clause: Clause, head: str) -> bool:
    return bool(
        _SCRAPING.search(head) and _FORBIDDEN.search(clause.text) and not _PROVIDER_SCRAPES.search(head)
    )


def _within_clauses(
    view: TextView, found: Iterator[tuple[Clause, re.Match[str]]]
) -> Iterator[tuple[Clause, re.Match[str]]]:
    """A heading never decides: a match that starts in a clause with no training verb of its own (the title
    "Artificial Intelligence and Customer Data") and runs on into the next one is read again from the next
    clause, where its verb is."""
    for clause, match in found:
        if match.end() > clause.end and not _TRAIN_VERB.search(clause.text):
            again = TRAIN.search(view.doc.text, clause.end)
            following = view.clause_at(again.start()) if again is not None else None
            if again is not None and following is not None and again.start() < match.end():
                yield following, again
            continue
        yield clause, match


# A heading that states something ("We never train on your files") is read; a title ("Section 3 – Model Training")
# names a topic and grants nothing.
_STATES = compile_(r"\b(?:we|us|may|will|shall|can|not|never|no|uses?|used)\b|n[’']t\b")


def _title_only(view: TextView, clause: Clause) -> bool:
    paragraph = view.paragraph_at(clause.start)
    return paragraph is not None and paragraph.kind is BlockKind.HEADING and not _STATES.search(clause.text)


def _candidates(
    view: TextView, questions: list[Clause] | None = None
) -> Iterator[tuple[Clause, re.Match[str], Actor]]:
    """Each clause's first training words the provider (or a third party) speaks of, once per clause; a
    training restriction on the customer (or on scraping) as a customer statement, once per clause.
    Questions about training ("Do you use my chats to train AI?") are collected into `questions`."""
    provider: set[int] = set()
    customer: set[int] = set()
    for clause, match in _within_clauses(view, view.search(TRAIN)):
        if clause.text.rstrip().endswith("?") and questions is not None and clause.index not in provider:
            provider.add(clause.index)
            questions.append(clause)
        if (
            clause.index in provider
            or clause.text.rstrip().endswith("?")
            or _DEFINITION.match(clause.text)
            or _title_only(view, clause)
        ):
            continue
        if _is_heading(view, clause) and not _HEADING_STATEMENT.search(clause.text):
            # a title ("Customer Data and Model Training") names a topic; the clauses under it say what is done
            # (a heading that is itself a statement, "We don't train on your data", still counts)
            continue
        head = clause.text[: match.start() - clause.start]
        if _XREF_OPEN.search(head) and _XREF_CLOSE.match(clause.text, match.end() - clause.start):
            # "Section 5.2 (Model Improvement) is replaced by …": a cited section's title; the clause's own
            # training words come later
            continue
        if _noun_only(clause.text, match.start() - clause.start) or _ai_without_data(view, clause, match):
            continue
        provider_promises = _provider_promises(view, head)
        if (
            (customer_subject_restricted(clause, match.start()) and not provider_promises)
            or (_in_restriction_list(view, clause) and not provider_promises)
            or _customer_is_actor(head)
            or _CUSTOMER_GOVERNS_VERB.search(head)
            or _JOINT_CUSTOMER_RESTRICTION.search(head)
            or _GRANT_LIMITATION.search(head)
            or _scraping_restriction(clause, head)
        ):
            if clause.index not in customer:
                customer.add(clause.index)
                yield clause, match, Actor.CUSTOMER
            continue
        provider.add(clause.index)
        yield clause, match, Actor.PROVIDER


# The provider, by name or role, is the subject of a modal promise before the training verb ("Ferncastle shall not
# use …", "Pellucid shall not, and shall ensure that its Affiliates do not, use …"): its own promise, even under a
# "Restrictions on Model Development" heading that elsewhere lists what the customer must not do.
_PROMISING_MODAL = compile_(
    r"(?:\s+and\s+(?:its|their)\s+[\w-]+)?\s+(?:shall|will|must|may|does|do|agrees?\s+(?:not|that)|never|hereby\s+agrees?)\b"
)


def _provider_promises(view: TextView, head: str) -> bool:
    if _CUSTOMER_SUBJECT.search(head[-220:]):
        return False
    return any(_PROMISING_MODAL.match(head, m.end()) for m in view.provider_actor_pattern.finditer(head))


# A customer named as the subject of a restriction ("Customer shall not", "you may not").
_CUSTOMER_SUBJECT = compile_(
    r"\b(?:you|customer|users?|licensee|client|end\s+users?)\s+(?:\w+\s+){0,2}?(?:may|shall|must|will|agrees?|can)\s+not\b"
    r"|\b(?:you|customer|users?|licensee|client)\s+(?:\w+\s+){0,2}?(?:cannot|can[’']t|won[’']t)\b"
)


# A parenthesised section title cited in a cross-reference: "Section 5.2 (Model Improvement)".
_XREF_OPEN = compile_(
    r"(?:\b(?:section|clause|paragraph|article|terms|agreement|addendum|schedule)\b|§)[^.;()]{0,60}?\s\([^()]{0,30}$"
)
_XREF_CLOSE = compile_(r"[^()]{0,30}\)")


_HEADING_STATEMENT = compile_(
    r"\b(?:we|you|it|they)\s+(?:\w+\s+){0,2}?(?:do|does|don[’']t|doesn[’']t|will|won[’']t|may|might|can|never|use|train)\b"
)


def _is_heading(view: TextView, clause: Clause) -> bool:
    paragraph = view.paragraph_at(clause.start)
    return paragraph is not None and paragraph.kind.value == "heading"


def _unit(view: TextView, clause: Clause) -> Unit:
    paragraph = view.paragraph_at(clause.start)
    if paragraph is not None and paragraph.kind.value == Unit.TABLE_ROW.value:
        return Unit.TABLE_ROW
    return Unit.LIST_ITEM if view.lead_in(clause) is not None else Unit.SENTENCE


def _frame(
    view: TextView,
    clause: Clause,
    trigger: int,
    actor: Actor,
    action: Action,
    negated: bool,
    objects: frozenset[DataKind],
    conditions: frozenset[Condition] = frozenset(),
    scope: Scope = GENERAL,
    wording: str = "",
) -> ClauseFrame:
    return ClauseFrame(
        clause.index,
        clause.start,
        clause.end,
        trigger,
        _unit(view, clause),
        actor,
        modality_before(clause.text[: trigger - clause.start]),
        negated,
        action,
        objects,
        conditions,
        scope,
        wording=wording,
    )


# Sub-processors or model vendors bound not to train ("Our model providers are contractually prohibited from
# using Inputs to train their own models", "our agreements with LLM Providers prohibit them from … using it to
# train their models"): a protection limited to other parties' models, not the provider's own promise.
_THIRD_PARTY_BOUND = compile_(
    r"\b(?:third[\s-]part(?:y|ies)|sub-?processors?|(?:model|llm|ai|service)\s+(?:providers?|vendors?)|vendors?|suppliers?)\b"
    r"[^.;]{0,80}?\b(?:(?:are|is)\s+(?:\w+\s+)?(?:prohibited|forbidden|barred|restricted|precluded)\s+from"
    r"|prohibit\w*\s+(?:them|it|each\s+of\s+them)\s+from|(?:may|must|shall|will|do|does)\s+not|don[’']t|doesn[’']t|never"
    # "are required not to use …", "we require them not to use …"
    r"|(?:are|is)\s+(?:\w+\s+)?(?:required|obligated|obliged|bound)\s+not\s+to|requir\w*\s+(?:them|it)\s+not\s+to"
    r"|(?:are|is)\s+not\s+(?:permitted|allowed)\s+to)\b"
)
# "Provider and its subprocessors shall not …": the provider is a subject too.
_WITH_PROVIDER = compile_(r"\b(?:we|us|and|or|nor)\s+(?:its\s+|our\s+|any\s+(?:of\s+)?(?:its\s+|our\s+)?)?$")
_THEIR_OWN = compile_(r"^[^.;]{0,40}?\btheir\s+(?:own\s+)?")
# Words by which the provider binds the other party (the training named is then the other party's).
_BINDING = compile_(r"prohibit|forbid|barred|restricted|precluded|required|obligated|obliged|bound|requir")


def _third_party_bound(text: str, relative: int, end: int) -> bool:
    """Is the training the clause negates that of third parties the provider binds (not its own)? The
    training words run from `relative` to `end` ("AI sub-processors are required not to … train")."""
    head = text[:end]
    for bound in _THIRD_PARTY_BOUND.finditer(head):
        if _WITH_PROVIDER.search(head[max(0, bound.start() - 30) : bound.start()]):
            continue
        if _BINDING.search(bound.group(0)) or any(
            _THEIR_OWN.search(text[at:])
            for at in (relative, *(v.start() for v in _TRAIN_VERB.finditer(text, relative, end)))
        ):
            return True
    return False


# A promise not to train the models that serve other customers ("any model that serves any other customer",
# "the base models that serve other customers", "any model other than the Custom Model"): it limits whose
# models are trained, and leaves the customer's own model open.
_OTHERS_SERVED = compile_(
    r"\bmodels?\b[^.;]{0,60}?\b(?:that|which)\s+(?:(?:is|are)\s+used\s+(?:to\s+\w+\s+|by\s+|for\s+)|serves?\s+|(?:is|are)\s+(?:made\s+)?(?:available|offered)\s+to\s+)"
    r"(?:\w+\s+){0,3}?(?:other|another)\s+(?:customers?|business(?:es)?|clients?|tenants?|organi[sz]ations?|compan(?:y|ies))\b"
    r"|\bmodels?\s+(?:offered|available|provided)\s+to\s+(?:any\s+)?other\s+(?:customers?|clients?|tenants?)\b"
    r"|\bany\s+(?:[\w-]+\s+)?models?\s+other\s+than\b"
    # "models shared with other customers", "our shared or general-purpose models"
    r"|\bmodels?\s+(?:used|shared)\s+(?:by|with|for|across)\s+(?:any\s+)?(?:other|another|all)\s+(?:customers?|clients?|tenants?)\b"
    r"|\b(?:shared|multi-?tenant|general[\s-]purpose|generally\s+available)\s+(?:(?:AI|ML|language|base)\s+)?models?\b"
    # "any model or service made available to any person other than Customer", "for the benefit of anyone else"
    r"|\bmodels?\b[^.;]{0,40}?\b(?:(?:made\s+)?available|offered|provided|used)\s+(?:to|by|for)\s+(?:any\s+)?"
    r"(?:person|party|one|entity|third\s+part(?:y|ies)|customers?)\s+(?:other\s+than|else\b)"
    r"|\bmodels?\b[^.;]{0,40}?\bfor\s+the\s+benefit\s+of\s+(?:any\s*one|any\s+(?:person|party|entity)|anyone)\s+"
    r"(?:other\s+than|else\b)"
)
OTHERS_MODELS = "models serving other customers"
# Positive training that waits for the customer to switch it on ("If switched on, we will fine-tune …").
_ENABLED_FIRST = compile_(
    r"\b(?:if|once|when|where|after)\b[^.;,]{0,50}?\b(?:(?:switch|turn)(?:es|s|ed)?\s+(?:[\w\"“”'-]+\s+){0,4}?on"
    # the act, not the state: "if Smart Reply is enabled" may describe a feature on by default
    r"|enabl(?:e|es)|activat(?:e|es)|(?:you|customer|administrators?|admins?)\s+(?:ha(?:ve|s)\s+)?(?:enabled|activated)"
    r"|opt(?:s|ed)?[\s-]+in)\b"
    # "If you allow us to use your chats to improve our models, …"
    r"|\bif\s+you\s+(?:choose\s+to\s+)?(?:allow|permit|let|authori[sz]e)\s+us\b"
)
_OFF_BY_DEFAULT = compile_(
    r"\b(?:off|disabled|not\s+(?:enabled|switched\s+on|turned\s+on)|never\s+(?:enabled|switched\s+on|turned\s+on))\s+by\s+default\b"
)
_NOT_USED = compile_(r"\b(?:not|never|won[’']t)\b")
# Content the provider de-identifies before it trains on it ("authorises Corvid to de-identify Encounter
# Data … may use De-identified Data … to train"): still the customer's content that the models learn from.
_DEIDENTIFY_VERB = compile_(
    r"\b(?:de-?identif(?:y|ies|ying)|anonymi[sz](?:e|es|ing)|pseudonymi[sz](?:e|es|ing))\b"
)


def _content_deidentified(view: TextView, clause: Clause) -> bool:
    for near in view.neighbours(clause, before=1, after=0):
        if near.section != clause.section:
            continue
        for verb in _DEIDENTIFY_VERB.finditer(near.text):
            if view.mentions_content(near.text[verb.end() : verb.end() + 60]):
                return True
    return False


def _trailing(view: TextView, clause: Clause) -> str:
    """The sentence after the clause, and the one after that when the first is a short question ("Don't
    want that? Switch off …")."""
    following = view.neighbours(clause, before=0, after=2)[1:]
    if len(following) == 2 and following[0].text.rstrip().endswith("?") and len(following[0].text) < 60:
        return following[0].text + " " + following[1].text
    return following[0].text if following else ""


def training_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Every statement about training models on customer content, read once per document."""
    return view.memo("_frames:training", lambda: tuple(_read_training(view)))


_CONTENT = frozenset({DataKind.CUSTOMER_CONTENT})


def _read_training(view: TextView) -> Iterator[ClauseFrame]:
    title = f"{view.doc.title} {view.doc.path}"
    for clause, _ in view.search(_IMPROVEMENT_UNLESS_CONSENT):
        if CONDITION_OPT_IN.search(clause.text) and not TRAIN.search(clause.text):
            yield _frame(
                view,
                clause,
                clause.start,
                Actor.PROVIDER,
                Action.IMPROVE_SERVICE,
                True,
                _CONTENT,
                frozenset({Condition.OPT_IN}),
                scope_of(clause.text, "", title),
            )
    questions: list[Clause] = []
    for clause, match, actor in _candidates(view, questions):
        text = clause.text
        relative = match.start() - clause.start
        if actor is Actor.CUSTOMER:
            yield _frame(view, clause, match.start(), actor, Action.TRAIN_MODELS, True, _CONTENT)
            continue
        # Read the negation up to the end of the training verb, so that "does not train" and "won't train" count.
        verb = re.match(r"\w+", text[relative:])
        verb_end = relative + (verb.end() if verb else 0)
        if _MODEL_FIRST.match(text, relative):
            # "Neither Tallyfold nor our AI Partners train …": the words matched from "AI"; the verb is "train"
            inner = _TRAIN_VERB.search(text, relative, match.end() - clause.start)
            verb_end = inner.end() if inner is not None else verb_end
        negated = (
            negated_before(_mask_relative_negation(text), verb_end, window=300)
            or bool(NONE_OF_USED.search(text[:relative]))
            or bool(_NO_RIGHT_TO_PROVIDER.search(text[:relative]))
            # "No Training on Customer Data": the negation on the noun
            or bool(
                _NO_BEFORE.search(text[:relative])
                and (
                    _TRAIN_VERB.match(text, relative)
                    # "No model training." (not "If no model training is permitted, …": a condition)
                    or (_MODEL_TRAINING.match(text, relative) and not _IF_NO.search(text[:relative]))
                )
            )
        )
        if _third_party_bound(text, relative, match.end() - clause.start):
            # "are contractually prohibited from using …": the binding is itself the negation
            actor, negated = Actor.THIRD_PARTY, True
        objects = _objects(view, clause, text, negated)
        conditions = set()
        after = _trailing(view, clause)
        trailing = f"{text} {after}"
        opt_out = _opt_out(text) or (
            not negated
            and _opt_out(trailing)
            # the election names the training, or the development / improvement the clause grants
            and re.search(r"\b(?:train|model|develop|improv)", trailing, re.I)
            and not _OTHER_ELECTION.search(trailing)
            and not _third_party_election(trailing)
        )
        if opt_out and not (_LEGAL_OBJECTION_ONLY.search(text) and not re.search(r"setting", text, re.I)):
            conditions.add(Condition.OPT_OUT)
        if condition := CONDITION_OPT_IN.search(text):
            subject_to = condition.group(0).lower().startswith("subject to")
            if not subject_to:
                conditions.add(Condition.OPT_IN)
            elif negated or _qualifies_training(condition, relative):
                conditions.add(Condition.SUBJECT_TO_SETTINGS)
        if negated and _BY_DEFAULT.search(text):
            # "We do not use business data to train our models by default": off until the customer turns it on
            conditions.add(Condition.OPT_IN)
        if not negated and (
            ELECTION_MADE.search(text[:relative])
            or (
                Condition.OPT_OUT not in conditions
                and (
                    _ENABLED_FIRST.search(text[:relative])
                    or _OFF_BY_DEFAULT.search(trailing)
                    # "… may be used for model training. Customer Data is not used unless Customer has elected to participate."
                    or (CONDITION_OPT_IN.search(after) and _NOT_USED.search(after))
                )
            )
        ):
            conditions.add(Condition.OPT_IN)
        if _FEEDBACK_EXCEPTION.search(text):
            conditions.add(Condition.FEEDBACK_EXCEPTION)
        if negated and (
            _CONDITIONAL_PROHIBITION.search(text[:relative])
            or _SETTING_OFF_CONTEXT.search(clause.heading)
            or any(
                _SETTING_OFF_CONTEXT.search(c.text) and c.text.rstrip().endswith(":")
                for c in view.neighbours(clause, before=2, after=0)[:-1]
            )
        ):
            conditions.add(Condition.SETTING_OFF)
        if not negated and Condition.OPT_OUT in conditions and _third_party_trains(text, relative):
            actor = Actor.THIRD_PARTY
        if actor is Actor.THIRD_PARTY and negated:
            scope = Scope(ScopeKind.FEATURE, "third parties' own models")
        elif (
            negated
            and SPECIAL_CATEGORY.search(text[:relative])
            and not re.search(r"\bcontent\b", text[:relative], re.I)
            # in a business associate agreement PHI is the customer's content in general, not a special category
            and not (view.phi_is_content and PHI.search(text[:relative]))
            and not _category_names_content(view, text[:relative])
        ):
            scope = Scope(ScopeKind.DATA_KIND, SPECIAL_CATEGORY.search(text[:relative]).group(0))  # type: ignore[union-attr]
        elif negated and _derived_only(view, text[:relative]):
            # "will not attempt to re-identify De-identified Data … and will not use it to train any model": a promise
            # about derived data only, narrower than customer content in general
            scope = Scope(ScopeKind.DATA_KIND, "de-identified or aggregated data")
        else:
            # PHI named as the customer's content is not a special category the statement is limited to
            scoped = PHI.sub("customer data", text) if view.phi_is_content else text
            if _category_names_content(view, scoped):
                scoped = _CUSTOMER_CATEGORY_TERM.sub("customer data", scoped)
            scope = scope_of(scoped, _last_heading(clause), title)
        frame = _frame(
            view,
            clause,
            match.start(),
            actor,
            Action.TRAIN_MODELS,
            negated,
            objects,
            frozenset(conditions),
            scope,
            OTHERS_MODELS if negated and _OTHERS_SERVED.search(text[relative:]) else "",
        )
        # A usage term that carries content is cited with the definition that makes it so.
        defined = _bearing_definitions(view, text)
        yield replace(frame, related=defined) if defined else frame
    yield from _answers(view, questions)


# A question that asks whether the provider trains on the customer's content ("Do you use my chats to train
# AI?", "Will Acme train its models on my files?"), and an answer that opens by refusing ("No.", "Never.",
# "Not unless you say yes.", "Only if you opt in.").
_ASKS_PROVIDER = compile_(r"\b(?:do|does|will|would|can|could|may|is|are)\s+(?:you|we|they|[A-Z]\w+)\b")
_ANSWER_NO = compile_(
    r"\W*(?:(?P<no>no|never|nope)\b(?!\s+(?:longer|more|later|matter)\b)"
    r"|(?P<unless>not\s+(?:unless|without)|only\s+(?:if|when|with|once|after))\b)"
)


def _answers(view: TextView, questions: list[Clause]) -> Iterator[ClauseFrame]:
    """The answer to a question about training, read as the provider's statement (FAQ-style privacy pages):
    a question in the text, or a section heading that asks it."""
    pairs = [(q.text, view.clauses[q.index + 1]) for q in questions if q.index + 1 < len(view.clauses)]
    for section in view.doc.sections:
        if section.heading.rstrip().endswith("?") and TRAIN.search(section.heading):
            first = next((c for c in view.clauses if c.start >= section.heading_end), None)
            if first is not None and first.start < section.end:
                pairs.append((section.heading, first))
    for question, answer in pairs:
        if not _ASKS_PROVIDER.search(question) or not view.mentions_content(question):
            continue
        found = _ANSWER_NO.match(answer.text)
        if found is None:
            continue
        conditions = frozenset({Condition.OPT_IN}) if found.group("unless") else frozenset()
        yield _frame(
            view, answer, answer.start, Actor.PROVIDER, Action.TRAIN_MODELS, True, _CONTENT, conditions
        )


# The document's own name for all the customer's data, with a category word in it ("Customer Health Data" in a
# clinical scribe's addendum, "Client Medical Records"): the customer's content in general, not one kind of it.
_CUSTOMER_CATEGORY_TERM = compile_(
    r"\b(?:customer|client|your|user|patient)\s+(?:health|medical|biometric|genetic|sensitive)\s+(?:data|information|records|content)\b"
)


def _category_names_content(view: TextView, head: str) -> bool:
    defined = view.memo(
        "_defined_terms_lower", lambda: frozenset(d.term.lower() for d in view.doc.definitions)
    )
    return any(
        m.group(0).lower() in defined or view.phi_is_content for m in _CUSTOMER_CATEGORY_TERM.finditer(head)
    )


# How far after the training words a trailing "subject to your settings" may stand and still qualify them.
_QUALIFIER_REACH = 80
_NAMES_TRAINING = re.compile(r"\b(?:train\w*|AI|models?|machine\s+learning)\b", re.IGNORECASE)


def _qualifies_training(condition: re.Match[str], relative: int) -> bool:
    """A "subject to your settings" qualifier governs the training when it leads the sentence, follows the
    training words closely ("Develop and improve AI (subject to your settings)") or names the training; one
    that closes a licence listing many purposes ("… for operating, improving and providing the Platform and
    developing new technologies (including training …) and services for our partners, consistent with these
    Terms and subject to your Platform settings") qualifies the licence, and names no way to stop training.
    (A promise not to train keeps any such qualifier: it is the exception the promise allows.)"""
    return (
        condition.start() < relative
        or condition.start() - relative <= _QUALIFIER_REACH
        or bool(_NAMES_TRAINING.search(condition.group(0)))
    )


def _last_heading(clause: Clause) -> str:
    return clause.heading.rsplit(" / ", 1)[-1]


def _objects(view: TextView, clause: Clause, text: str, negated: bool) -> frozenset[DataKind]:
    if not _about_content(view, clause) and not _names_content_bearing_term(view, text):
        return frozenset()
    if not negated and _derived_only(view, text):
        if _content_deidentified(view, clause):
            return frozenset({DataKind.CUSTOMER_CONTENT, DataKind.DEIDENTIFIED})
        return frozenset({DataKind.DEIDENTIFIED})
    if (
        not negated
        and _PUBLIC_OR_FEEDBACK.search(text)
        and not re.search(r"\b(?:content|inputs?|prompts?|conversations?|customer\s+data)\b", text, re.I)
    ):
        return frozenset(
            {DataKind.FEEDBACK if re.search(r"feedback|ratings?", text, re.I) else DataKind.PUBLIC_CONTENT}
        )
    return _CONTENT
