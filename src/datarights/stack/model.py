"""Typed values of the stack stage: the documents of one deal, the references between them, who
the customer is, and one combined answer per question.

Offsets in every `Evidence` are into the `Document.text` of the document the value names
(`Reference.source` for a reference, `CombinedAnswer.controlling_document` for an answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from datarights.model.findings import Answer, Evidence
from datarights.model.questions import QuestionId

STACK_SCHEMA = "datarights.stack/1"


class DocKind(StrEnum):
    """What a document is, as the documents of a deal name each other."""

    AGREEMENT = "agreement"  # the main commercial agreement ("the Agreement", "Services Agreement")
    TERMS = "terms"  # online terms of service / use ("these Terms")
    DPA = "dpa"
    AI_ADDENDUM = "ai_addendum"
    PRIVACY_POLICY = "privacy_policy"
    ACCEPTABLE_USE = "acceptable_use"
    SERVICE_TERMS = "service_terms"
    POLICIES = "policies"  # "the OpenAI Policies": a family of policies named together
    ORDER_FORM = "order_form"  # order forms and cover pages
    BAA = "baa"
    SCCS = "sccs"  # standard contractual clauses, UK Addendum, IDTA: legal texts, never a supplied file
    ADDENDUM = "addendum"  # a negotiated addendum or amendment
    OTHER = "other"


class ReferenceType(StrEnum):
    """How the citing document (`source`) relates to the document it names (`target`)."""

    INCORPORATES = "incorporates"  # target becomes part of source
    PART_OF = "part_of"  # source supplements / is incorporated into target
    REFERS = "refers"  # named for information only ("does not form part of these Terms")
    OVERRIDES = "overrides"  # source controls over target on conflict
    IS_OVERRIDDEN_BY = "is_overridden_by"  # target controls over source on conflict
    AMENDS = "amends"  # source modifies target (sections named in `sections`)
    AMENDED_BY = "amended_by"  # target modifies source


class Audience(StrEnum):
    CONSUMER = "consumer"  # individuals using the service for themselves
    BUSINESS = "business"  # an organisation as customer
    MIXED = "mixed"  # consumer terms with a business rider, or the reverse, both substantial
    UNKNOWN = "unknown"


class Resolution(StrEnum):
    """What a named document was matched to among the supplied files."""

    SELF = "self"
    SUPPLIED = "supplied"
    SECTION = "section"  # found as a part of a supplied file (a "Service Terms" section)
    MISSING = "missing"
    STANDARD = "standard"  # a legal text (SCCs) not expected as a file
    EXTERNAL = "external"  # a third party's document (another company's terms)


class Role(StrEnum):
    ROOT = "root"  # the main agreement the others hang from
    INCORPORATED = "incorporated"  # made part of the deal by an incorporation or part-of clause
    OVERRIDING = "overriding"  # an addendum, amendment or order form that controls over the root
    INFORMATIONAL = "informational"  # referred to but not part of the contract (privacy policy)
    OTHER_AUDIENCE = "other_audience"  # written for another audience than the deal's
    UNRELATED = "unrelated"  # supplied but neither cites nor is cited by the deal's documents


class ControlBasis(StrEnum):
    """Why one document controls a question."""

    ONLY = "only"  # the only governing document that addresses the question
    AGREEMENT = "agreement"  # every governing document that addresses it agrees
    PRECEDENCE_CLAUSE = "precedence_clause"
    SPECIFICITY = "specificity"
    LATER_DATE = "later_date"
    ROOT = "root"  # no rule decides: the main agreement
    SILENT = "silent"  # no governing document addresses it


@dataclass(frozen=True, slots=True)
class NamedDocument:
    """A document as another one names it ("OpenAI's Data Processing Addendum", a URL)."""

    kind: DocKind
    name: str  # the words as written, e.g. "the Data Processing Addendum"
    url: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    source: str  # path of the citing document
    target: NamedDocument
    type: ReferenceType
    evidence: Evidence  # in the source document
    pattern: str  # the reference pattern that found it
    resolution: Resolution
    resolved_path: str = ""  # the supplied file (or the source, for SELF/SECTION in itself)
    section: str = ""  # for SECTION, the heading found; for AMENDS, the sections amended
    scope: str = ""  # words limiting an override ("with regard to the specific subject matter")


@dataclass(frozen=True, slots=True)
class PrecedenceEdge:
    """`higher` controls over `lower` on conflict, because of `evidence` in `source`."""

    higher: str  # a path, or "missing:<kind>" for a document not supplied
    lower: str
    source: str
    evidence: Evidence
    scope: str = ""


@dataclass(frozen=True, slots=True)
class AudienceFinding:
    audience: Audience
    evidence: tuple[Evidence, ...]
    rationale: str


@dataclass(frozen=True, slots=True)
class StackDocument:
    path: str  # as given
    title: str
    doc_type: str  # from detect.doc_type
    kind: DocKind
    audience: AudienceFinding
    effective: date | None
    role: Role = Role.UNRELATED
    role_reason: str = ""


@dataclass(frozen=True, slots=True)
class DocumentAnswer:
    """One document's own answer to a question, as its single-document review gave it."""

    path: str
    answer: Answer
    addressed: bool  # the document speaks to the question (not just the default)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two governing documents answer one question differently; `controlling` wins."""

    question: QuestionId
    controlling: DocumentAnswer
    other: DocumentAnswer
    resolved_by: ControlBasis


@dataclass(frozen=True, slots=True)
class CombinedAnswer:
    question: QuestionId
    position: str
    controlling_document: str  # path; "" when nothing governing addresses the question
    basis: ControlBasis
    why: str
    evidence: tuple[Evidence, ...]  # from the controlling document
    conflicts: tuple[Conflict, ...]
    others: tuple[DocumentAnswer, ...]  # every other document's own answer, governing or not
    # The document most specific to the question, named by the deal but not supplied: the answer
    # may change once it is.
    awaiting: MissingDocument | None = None


@dataclass(frozen=True, slots=True)
class MissingDocument:
    """A document the deal names that was not supplied, with the first clause naming it."""

    kind: DocKind
    name: str
    reference: Reference


@dataclass(frozen=True)
class Stack:
    documents: tuple[StackDocument, ...]
    references: tuple[Reference, ...]
    precedence: tuple[PrecedenceEdge, ...]
    missing: tuple[MissingDocument, ...]
    audience: Audience  # the audience the deal was read for
    audience_reason: str
    answers: dict[QuestionId, CombinedAnswer]
    counterparty: str = ""

    def document(self, path: str) -> StackDocument | None:
        return next((d for d in self.documents if d.path == path), None)

    @property
    def governing(self) -> tuple[StackDocument, ...]:
        return tuple(d for d in self.documents if d.role in GOVERNING_ROLES)


GOVERNING_ROLES = frozenset({Role.ROOT, Role.INCORPORATED, Role.OVERRIDING})
