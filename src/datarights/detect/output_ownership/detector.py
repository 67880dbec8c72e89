"""Ownership of outputs (question: output_ownership).

## What it finds
Clauses that say who owns what the service generates for the customer: "you
own the Output", "we hereby assign to you all our right, title and interest in
Output", "Google won't claim ownership over generated content", or "you retain
ownership of Your Content" where the document defines that content term to
include outputs or responses (resolved through the definition). And the
reverse: "all Output is the exclusive property of the Company", "you assign to
us all rights in generated images".
Supporting evidence (never deciding): a disclaimer that refers back to outputs
("… generate original content. We won't claim ownership over that content."),
and, for `unspecified`, rights the customer keeps in its inputs only.

## Why it matters
Whoever owns outputs controls their reuse; a provider that owns them can
license them to others.

## Example
"As between the parties, Customer owns all Output, and Provider assigns to
Customer any rights it may have in Output." → `customer`.

## Not this
- Ownership of inputs or prompts only, of feedback, or of the provider's
  services and models.
- "You are responsible for Output" or "Output may not be unique": no ownership.
- A content term that does not include outputs.

## References
spec/questions.md (output_ownership).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import lru_cache

from datarights.detect.base import Detector, Pattern, pattern_hit
from datarights.detect.findings import Answer, Basis, Hit, Precedence
from datarights.detect.language import (
    Clause,
    DocumentView,
    compile_,
    compile_lower,
    keyword_clauses,
    negated_before,
    register_keywords,
    terms_covering,
)
from datarights.detect.questions import OutputOwnership, QuestionId
from datarights.detect.resolve import answer_from, default_answer, rank

QUESTION = QuestionId.OUTPUT_OWNERSHIP
NAME = "output_ownership@1"

_OUTPUT_NOUNS = (
    r"outputs?|generated\s+(?:content|outputs?|images?|text|code|media|works?|materials?|responses?|results?)|AI[\s-]generated\s+\w+"
    r"|(?:content|images?|text|videos?|audio|code|works?|materials?|media|results)\s+(?:that\s+)?(?:you\s+)?(?:generate|generated|create|created|produce|produced)\s+(?:with|using|through|on|via|by)|(?:generated\s+)?completions?"
    r"|generations?|original\s+content"
)
_OUTPUT_TERM_WORDS = compile_(
    r"(?:outputs?|responses?|completions?|generations?|assets|creations?|results|suggestions|deliverables|generated\s+\w+)"
)
_CUSTOMER = r"(?:you|customer|the\s+customer|users?|licensee|client|subscriber)"
_OWN = r"(?:own|owns|keep\w*\s+(?:all\s+)?(?:your\s+|its\s+)?(?:ownership|rights?|title)|retain\w*\s+(?:all\s+)?(?:your\s+|its\s+|their\s+)?(?:ownership|rights?|title)|hold\w*\s+(?:all\s+)?(?:right|title|ownership)|shall\s+own|will\s+own|retains?\s+all\s+(?:right|title))"


# Nouns that make a defined content term cover outputs. "Generated" in a list of ways content reaches the
# service ("any of which may be generated, provided or otherwise made accessible") does not.
_COVERS_OUTPUTS = (
    r"outputs?|responses?|generated(?!,?\s+(?:provided|posted|uploaded|submitted|transmitted|or\s+otherwise))"
    r"|completions?|results\s+generated"
)
# Content the customer provides, submits or posts is what goes in, not what the service generates
# ("you own all of your original content that you provide to us").
_PUT_IN = compile_(
    r"\s*(?:that|which)?\s*(?:you|customer|users?)\s+(?:\w+\s+)?(?:provide|provides|submit|submits|post|posts|upload|uploads|share|shares|input|inputs)\b"
)


# Defined terms are rewritten to these placeholders before matching, so the patterns compile once.
_OUTPUT_TERM = "outputterm"
_CONTENT_TERM = "contentterm"


def _term_substitution(
    view: DocumentView,
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, frozenset[str]]:
    """Regexes for this document's output-like defined terms and for content terms defined to include
    outputs (resolved through the definitions), and the latter's names."""
    defined = {d.term.lower() for d in view.doc.definitions if _OUTPUT_TERM_WORDS.fullmatch(d.term)}
    through = terms_covering(view, _COVERS_OUTPUTS) - defined

    def alternation(names: set[str] | frozenset[str]) -> re.Pattern[str] | None:
        if not names:
            return None
        return compile_(
            r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
        )

    return alternation(defined), alternation(through), frozenset(through)


@lru_cache(maxsize=64)
def _patterns(objects: str) -> tuple[re.Pattern[str], tuple[Pattern, ...]]:
    """The candidate regex and the named patterns for one document's output vocabulary (cached: most documents share it)."""
    obj = r"(?:the\s+|all\s+|any\s+|such\s+|your\s+|its\s+|their\s+)*(?:\w+\s+){0,2}?(?:" + objects + r")\b"
    patterns = (
        Pattern.of(
            "customer owns outputs",
            r"\b"
            + _CUSTOMER
            + r"\s+(?:\([^)]{0,40}\)\s+)?(?:\w+\s+){0,2}?"
            + _OWN
            + r"\b[^.;]{0,80}?\b(?:in\s+(?:and\s+to\s+)?)?"
            + obj
            + r"|\b(?:"
            + objects
            + r")\b[^.;]{0,60}?\b(?:is|are|will\s+be|shall\s+be|remains?|belongs?)\s+(?:\w+\s+){0,2}?(?:yours|owned\s+by\s+"
            + _CUSTOMER
            + r"|your\s+(?:sole\s+|exclusive\s+)?property|the\s+(?:sole\s+|exclusive\s+)?property\s+of\s+"
            + _CUSTOMER
            + r"|to\s+"
            + _CUSTOMER
            + r")\b",
            OutputOwnership.CUSTOMER,
            0.9,
            Precedence.SPECIFIC,
        ),
        Pattern.of(
            "provider assigns outputs to the customer",
            r"\b(?:assign|assigns|transfer|transfers|convey|conveys)\s+(?:and\s+\w+\s+)?to\s+"
            + _CUSTOMER
            + r"\b[^.;]{0,120}?\b(?:"
            + objects
            + r")\b"
            # "hereby grants to you all right, title and interest, if any, in and to Output"
            + r"|\bgrants?\s+(?:and\s+\w+\s+)?to\s+"
            + _CUSTOMER
            + r"\s+all\s+(?:of\s+its\s+)?right,?\s+title,?\s+and\s+interest\b[^.;]{0,40}?\bin\s+(?:and\s+to\s+)?(?:the\s+|any\s+|all\s+)?(?:"
            + objects
            + r")\b",
            OutputOwnership.CUSTOMER,
            0.9,
            Precedence.SPECIFIC,
        ),
        Pattern.of(
            "provider claims no ownership of outputs",
            r"(?:\bnot|\bnever|n[’']t)\s+(?:\w+\s+){0,2}?(?:claim|own|assert|take)\w*\s+(?:any\s+)?(?:ownership|rights?|title)?\s*(?:\w+\s+){0,3}?(?:in|of|over|to)?\s*"
            + obj,
            OutputOwnership.CUSTOMER,
            0.8,
            Precedence.SPECIFIC,
        ),
        Pattern.of(
            "provider owns outputs",
            r"\b(?:we|us|provider|the\s+provider|company|the\s+company|licensor)\s+(?:\w+\s+){0,2}?(?:own|owns|shall\s+own|will\s+own|retains?\s+(?:all\s+)?(?:ownership|right|title))\b[^.;]{0,60}?"
            + obj
            + r"|\b(?:"
            + objects
            + r")\b[^.;]{0,60}?\b(?:is|are|will\s+be|shall\s+be|remains?)\s+(?:\w+\s+){0,2}?(?:our|owned\s+by\s+(?:us|provider|the\s+provider|company|the\s+company)|the\s+(?:sole\s+|exclusive\s+)?property\s+of\s+(?:us|provider|the\s+provider|company|the\s+company))\b"
            + r"|\b"
            + _CUSTOMER
            + r"\s+(?:hereby\s+)?(?:assign|assigns|transfer|transfers)\s+to\s+(?:us|provider|the\s+provider|company|the\s+company)\b[^.;]{0,120}?\b(?:"
            + objects
            + r")\b",
            OutputOwnership.PROVIDER,
            0.85,
            Precedence.SPECIFIC,
        ),
    )
    return compile_lower(r"\b(?:" + objects + r")\b"), patterns


KEYWORDS = register_keywords(
    "output_ownership",
    r"\b(?:own|owns|owned|ownership|belongs?|belonging|yours|assign\w*|property|title|transfer\w*|retain\w*|keep\w*)\b",
    ("own", "belong", "yours", "assign", "property", "title", "transfer", "retain", "keep"),
)
_CANDIDATE, _PATTERNS = _patterns(_OUTPUT_NOUNS + "|" + _OUTPUT_TERM + "|" + _CONTENT_TERM)


# Ownership kept in what the customer puts in (prompts, inputs) says nothing of outputs: the reason an
# answer is `unspecified` when no clause speaks of outputs.
INPUT_OWNERSHIP = Pattern.of(
    "customer keeps rights in its inputs only",
    r"\b"
    + _CUSTOMER
    + r"\s+(?:\w+\s+){0,2}?"
    + _OWN
    + r"\b[^.;]{0,120}?\b(?:prompts?|inputs?|(?:your|customer)\s+(?:content|data|materials))\b",
    OutputOwnership.UNSPECIFIED,
    0.5,
)
# "… generate original content. Google won't claim ownership over that content.": a reference back.
_BACK_REFERENCE = compile_(r"\b(?:that|this|such|the)\s+(?:content|materials?|works?)\b")


def detect(view: DocumentView) -> Iterator[Hit]:
    clauses = keyword_clauses(view, KEYWORDS)
    if not clauses:
        return
    defined, through_re, through = _term_substitution(view)

    def rewritten(clause: Clause) -> str:
        text = clause.text
        if defined is not None:
            text = defined.sub(_OUTPUT_TERM, text)
        if through_re is not None:
            text = through_re.sub(_CONTENT_TERM, text)
        return text

    for clause in clauses:
        text = rewritten(clause)
        if _CANDIDATE.search(text.lower()):
            yield from _clause_hits(view, clause, text, through)
            continue
        kept = INPUT_OWNERSHIP.regex.search(clause.text)
        if kept is not None and not negated_before(clause.text, kept.start() + 20, window=40):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                INPUT_OWNERSHIP,
                [clause],
                "The customer keeps its rights in what it puts in; nothing is said of outputs.",
                supporting=True,
            )
        reference = _BACK_REFERENCE.search(text)
        if reference is not None and clause.index > 0:
            previous = view.clauses[clause.index - 1]
            paragraph = view.paragraph_at(clause.start)
            if (
                paragraph is not None
                and previous.start >= paragraph.start
                and _CANDIDATE.search(rewritten(previous).lower())
            ):
                resolved = text[: reference.start()] + "the outputs" + text[reference.end() :]
                for hit in _clause_hits(view, clause, resolved, through):
                    # The sentence before names the outputs ("… allow you to generate original content"):
                    # the reference back decides, at a lower confidence than a clause that names them itself.
                    yield replace(hit, confidence=min(hit.confidence, 0.7))


def _clause_hits(view: DocumentView, clause: Clause, text: str, through: frozenset[str]) -> Iterator[Hit]:
    for pattern in _PATTERNS:
        match = pattern.regex.search(text)
        if match is None:
            continue
        if pattern.name != "provider claims no ownership of outputs" and negated_before(
            text, match.start() + min(40, len(match.group(0))), window=50
        ):
            continue
        if pattern.name == "provider claims no ownership of outputs" and re.match(
            r"\s*(?:you|customer)", text[max(0, match.start() - 20) : match.start()][-10:], re.I
        ):
            continue
        if re.search(r"\boriginal\s+content$", match.group(0), re.I) and _original_content_is_input(view):
            continue
        if (
            pattern.name == "provider owns outputs"
            and re.search(r"\bprovider\s+owns\b", match.group(0), re.I)
            and re.search(r"\bmodels?\b", match.group(0), re.I)
        ):
            continue
        by_definition = _CONTENT_TERM in match.group(0).lower()
        rationale = {
            OutputOwnership.CUSTOMER: "Outputs belong to the customer"
            + (" (the owned content term is defined to include outputs)." if by_definition else "."),
            OutputOwnership.PROVIDER: "The provider owns the outputs.",
        }[OutputOwnership(pattern.position)]
        evidence = [clause]
        if by_definition:
            definition = _definition_clause(view, through)
            if definition is not None and definition.index != clause.index:
                evidence.append(definition)
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            pattern,
            evidence,
            rationale,
            score=pattern.score - (0.1 if by_definition else 0.0),
            basis=Basis.DEFINED_TERM if by_definition else Basis.EXPLICIT,
        )
        return


def _original_content_is_input(view: DocumentView) -> bool:
    """Does the document use "original content" for what the customer provides or posts ("your original
    content that you submit") anywhere? Then "you own your original content" is about inputs."""
    return view.memo(
        "_original_content_is_input",
        lambda: any(
            _PUT_IN.match(view.doc.text, m.end())
            for m in re.finditer(r"\boriginal\s+content\b", view.doc.text, re.I)
        ),
    )


def _definition_clause(view: DocumentView, terms: frozenset[str]) -> Clause | None:
    for definition in view.doc.definitions:
        if definition.term.lower() in terms:
            return view.clause_at(definition.term_span.start)
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return next(iter(view.clauses_matching(compile_(r"[“\"](?:" + alternatives + r")[”\"]"))), None)


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(QUESTION, NAME, "The document does not say who owns outputs.", 0.7)
    customer = [h for h in hits if h.position == OutputOwnership.CUSTOMER]
    provider = [h for h in hits if h.position == OutputOwnership.PROVIDER]
    if customer and (not provider or rank(max(customer, key=rank)) >= rank(max(provider, key=rank))):
        return answer_from(
            QUESTION,
            NAME,
            OutputOwnership.CUSTOMER,
            hits,
            "Outputs belong to or are assigned to the customer.",
        )
    return answer_from(QUESTION, NAME, OutputOwnership.PROVIDER, hits, "The provider owns the outputs.")


DETECTOR = Detector(QUESTION, 1, detect, decide)
