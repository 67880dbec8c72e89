"""Reading legal language for the detectors: `DocumentView` is the reading layer's `TextView` plus
how a clause is cited as evidence. The vocabulary (actors, negation, conditions, data kinds, periods)
and the pattern mechanism live in `datarights.read`, split by concern; they are re-exported here for
the detectors that import them from this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datarights.detect.findings import Basis, Evidence
from datarights.read.patterns import (
    any_of,
    atom,
    compile_,
    compile_lower,
    has_top_level_alternation,
    seq,
    words,
)
from datarights.read.view import (
    NAMED_ACTOR_OPENING,
    Clause,
    TextView,
    clauses_matching_lower,
    content_term_regex,
    keyword_clauses,
    lowered_text,
    mentions_strict_content,
    register_keywords,
    terms_covering,
    usage_data_terms,
)
from datarights.read.vocab.actors import (
    CUSTOMER_ACTOR,
    CUSTOMER_WORDS,
    PROVIDER_ACTOR_WORDS,
    PROVIDER_WORDS,
    customer_restricted,
    customer_subject_restricted,
    last_actor,
)
from datarights.read.vocab.conditions import CONDITION_OPT_IN, CONDITION_OPT_OUT
from datarights.read.vocab.data import (
    CONTENT_NOUNS,
    DERIVED_DATA,
    FEEDBACK,
    SPECIAL_CATEGORY,
    STRICT_CONTENT,
)
from datarights.read.vocab.negation import NEGATED_USE, NEGATION, NONE_OF_USED, negated_before
from datarights.read.vocab.time import NUMBER_WORD, PERIOD

# A paragraph this short is cited whole; a sentence this short is cited with the next one.
EVIDENCE_PARAGRAPH_CHARS = 700
EVIDENCE_SHORT_SENTENCE = 160
# A sentence that refers back to the one before it and so continues its rule.
REFERS_BACK = re.compile(
    r"\b(?:such|these|those|this|that|the\s+foregoing)\s+(?:\w+\s+)?(?:purposes?|uses?|rights?|licen[cs]es?|permissions?|processing"
    r"|activities|opt-?outs?|elections?|choices?|settings?|training|exceptions?|restrictions?|limitations?)\b|\bthe\s+foregoing\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocumentView(TextView):
    def evidence(self, clause: Clause, basis: Basis = Basis.EXPLICIT) -> Evidence:
        """The clause as cited: its whole paragraph when that is short (a numbered clause usually
        is one paragraph), otherwise the sentence with the one after it when the sentence is short."""
        start, end = clause.start, clause.end
        paragraph = self.paragraph_at(clause.start)
        if paragraph is not None and paragraph.end - paragraph.start <= EVIDENCE_PARAGRAPH_CHARS:
            start, end = paragraph.start, paragraph.end
        elif paragraph is not None:
            # Sentences that continue the rule ("… for these purposes", "before such use") belong to it.
            last = clause
            while last.index + 1 < len(self.clauses):
                following = self.clauses[last.index + 1]
                if (
                    following.end > paragraph.end
                    or following.end - start > EVIDENCE_PARAGRAPH_CHARS
                    or following.section != clause.section
                ):
                    break
                if not (end - start < EVIDENCE_SHORT_SENTENCE and last is clause) and not REFERS_BACK.search(
                    following.text
                ):
                    break
                end, last = following.end, following
        return Evidence(start, end, clause.section, self.doc.text[start:end], basis)

    def definition_evidence(self, term: str) -> Evidence | None:
        """The document's definition of `term` (case-insensitive), cited as a defined-term basis."""
        wanted = term.lower()
        for definition in self.doc.definitions:
            if definition.term.lower() == wanted:
                clause = self.clause_at(definition.term_span.start)
                if clause is not None:
                    return self.evidence(clause, Basis.DEFINED_TERM)
        return None

    def span_evidence(self, start: int, end: int, basis: Basis = Basis.EXPLICIT) -> Evidence:
        return Evidence(start, end, self.doc.section_label(start), self.doc.text[start:end], basis)


__all__ = [
    "CONDITION_OPT_IN",
    "CONDITION_OPT_OUT",
    "CONTENT_NOUNS",
    "CUSTOMER_ACTOR",
    "CUSTOMER_WORDS",
    "DERIVED_DATA",
    "FEEDBACK",
    "NAMED_ACTOR_OPENING",
    "NEGATED_USE",
    "NEGATION",
    "NONE_OF_USED",
    "NUMBER_WORD",
    "PERIOD",
    "PROVIDER_ACTOR_WORDS",
    "PROVIDER_WORDS",
    "SPECIAL_CATEGORY",
    "STRICT_CONTENT",
    "Clause",
    "DocumentView",
    "TextView",
    "any_of",
    "atom",
    "clauses_matching_lower",
    "compile_",
    "compile_lower",
    "content_term_regex",
    "customer_restricted",
    "customer_subject_restricted",
    "has_top_level_alternation",
    "keyword_clauses",
    "last_actor",
    "lowered_text",
    "mentions_strict_content",
    "negated_before",
    "register_keywords",
    "seq",
    "terms_covering",
    "usage_data_terms",
    "words",
]
