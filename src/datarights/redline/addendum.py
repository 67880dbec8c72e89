"""The right instrument: an AI data addendum for terms that are not negotiated in place.

Online terms of service, consumer terms and privacy policies are published by
the provider and changed at will; marking them up in Word asks the provider to
rewrite its public terms for one customer, which no provider does. What counsel
sends instead is a short addendum, signed by both parties, that takes
precedence over the online terms and states the playbook's positions as
clauses. A consumer relationship has no controller–processor split, so the
processor clause is left out for it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from enum import StrEnum

import docx

from datarights.assess.model import Assessment
from datarights.model import Document
from datarights.redline.clauses import ClauseLibrary, Variant, load_library
from datarights.redline.plan import Ask, asks_for, one_rule_per_topic
from datarights.redline.vocabulary import resolve_vocabulary


class Instrument(StrEnum):
    REDLINE = "redline"  # tracked changes in the contract itself
    ADDENDUM = "addendum"  # a separate signed addendum that prevails over the online terms


_PUBLISHED_TYPES = frozenset({"terms_of_service", "privacy_policy", "acceptable_use", "developer_terms"})
# Signs of an agreement the parties negotiate and sign.
_SIGNED = re.compile(
    r"\bin\s+witness\s+whereof\b|\bcover\s+page\b|\bauthori[sz]ed\s+signatory\b|\bsignature\s*:",
    re.IGNORECASE,
)
# Weaker signs: online terms mention order forms too ("unless your Order Form says otherwise").
_ORDERED = re.compile(
    r"\border\s+form\b|\bexecuted\s+(?:by|as\s+of)\b|\bstatement\s+of\s+work\b", re.IGNORECASE
)
# Signs of terms a user accepts by using the service.
_CLICK_THROUGH = re.compile(
    r"\bby\s+(?:using|accessing|clicking|creating\s+an\s+account|signing\s+up)\b"
    r"|\bwe\s+may\s+(?:update|change|modify|revise)\s+(?:these|this)\b|\bcontinued\s+use\b",
    re.IGNORECASE,
)
# Signs that the user is a business customer rather than a consumer.
_BUSINESS = re.compile(
    r"\b(?:business|enterprise|commercial)\s+(?:customers?|accounts?|plans?|use)\b"
    r"|\bon\s+behalf\s+of\s+(?:a|an|your)\s+(?:company|business|organi[sz]ation|entity|employer)\b",
    re.IGNORECASE,
)
_CONSUMER = re.compile(r"\bconsumers?\b|\bpersonal\s+use\b|\bnon-commercial\s+use\b", re.IGNORECASE)
_CUSTOMER_PARTY = re.compile(r"[“\"](?:Customer|Client|Subscriber)[”\"]")


@dataclass(frozen=True, slots=True)
class Choice:
    instrument: Instrument
    consumer: bool
    reason: str


def choose_instrument(document: Document, doc_type: str) -> Choice:
    """Redline in place, or send an addendum; and whether the relationship is a consumer one."""
    text = document.text
    negotiated = bool(_SIGNED.search(text)) or (
        doc_type not in _PUBLISHED_TYPES and bool(_ORDERED.search(text))
    )
    title = f"{document.title} {text[:200]}"
    signed_title = re.search(r"\b(?:agreement|addendum|contract)\b", title, re.IGNORECASE) and not re.search(
        r"\bterms\s+of\s+(?:service|use)\b|\buser\s+agreement\b", title, re.IGNORECASE
    )
    business = bool(_CUSTOMER_PARTY.search(text)) or len(_BUSINESS.findall(text)) >= 3
    consumer = not business and (bool(_CONSUMER.search(text)) or doc_type in _PUBLISHED_TYPES)
    if negotiated or signed_title:
        return Choice(Instrument.REDLINE, False, "a negotiated agreement: redlined in place")
    if doc_type in _PUBLISHED_TYPES:
        kind = doc_type.replace("_", " ")
        return Choice(Instrument.ADDENDUM, consumer, f"{kind}: published terms are not negotiated in place")
    if len(_CLICK_THROUGH.findall(text)) >= 2:
        return Choice(Instrument.ADDENDUM, consumer, "click-through terms: not negotiated in place")
    return Choice(Instrument.REDLINE, False, "a negotiated agreement: redlined in place")


@dataclass(frozen=True, slots=True)
class AddendumClause:
    number: str
    heading: str
    text: str
    asks: tuple[Ask, ...] = ()  # the findings the clause answers (empty for the frame clauses)


@dataclass(frozen=True)
class Addendum:
    title: str
    provider: str
    customer: str
    services: str
    terms: str  # the online terms it supplements, by their title
    playbook: str
    consumer: bool
    clauses: tuple[AddendumClause, ...]
    short: str = "Terms"  # the name the addendum gives the terms: "Terms", "Privacy Policy"
    variables: dict[str, str] = field(default_factory=dict)  # the addendum's own names, for clauses

    def text(self) -> str:
        """The addendum as Markdown: what the DOCX holds, in reading order."""
        lines = [f"# {self.title}", "", self.preamble(), ""]
        for clause in self.clauses:
            if not clause.text:
                lines += [f"{clause.number}. {clause.heading}", ""]
            else:
                lines += [f"{clause.number} {clause.heading}. {clause.text}", ""]
        lines += ["Signatures", ""]
        for party in (self.provider, self.customer):
            lines += [f"{party}: Signature ______ Name ______ Title ______ Date ______", ""]
        return "\n".join(lines)

    def preamble(self) -> str:
        return (
            f"This {self.title} (the “Addendum”) is made between {self.provider} (“{self.provider}”) and "
            f"[{'name' if self.consumer else 'legal name'}] (“{self.customer}”). This Addendum supplements "
            f"{self.terms} and every policy incorporated into {'them' if _plural(self.short) else 'it'} "
            f"(together, the “{self.short}”) under which {self.customer} uses the {self.services}."
        )


_TERMS_NAMES = {
    "terms_of_service": "Terms of Service",
    "privacy_policy": "Privacy Policy",
    "acceptable_use": "Acceptable Use Policy",
    "developer_terms": "Developer Terms",
}
_DEFINITIONS = (
    "“{data}” means all content, files, prompts and other data that {customer} {submitters} to the "
    "{services} (“Inputs”), and everything the {services} generate from them (“Outputs”)."
)
# The supplemented documents are named by their kind ("the Terms", "the Privacy Policy") so that a
# reader of the deal (`stack/`) matches this clause to them: the addendum then controls them.
_PRECEDENCE = (
    "If this Addendum conflicts with the {short}, this Addendum prevails. No change to the {short} that "
    "{provider} posts or notifies reduces {customer}'s rights under this Addendum unless {customer} agrees "
    "in a writing signed by both parties."
)
# What the addendum calls the documents it supplements, by the document type it was planned from.
_SHORT_NAMES = {"privacy_policy": "Privacy Policy", "acceptable_use": "Acceptable Use Policy"}


def _plural(noun: str) -> bool:
    return noun.endswith("s")


_DURATION = (
    "This Addendum applies for as long as {customer} uses the {services}, and its obligations continue for "
    "as long as {provider} or anyone acting for it holds {data}."
)


def plan_addendum(
    document: Document,
    assessment: Assessment,
    *,
    variant: Variant,
    consumer: bool,
    doc_type: str = "",
    library: ClauseLibrary | None = None,
) -> Addendum:
    """The addendum's clauses: one per topic the assessment asks for, in the addendum's own terms."""
    library = library or load_library()
    theirs = resolve_vocabulary(document, library.defaults)
    # The party who signs is the provider's customer, an individual or a business alike; the consumer
    # distinction decides which asks apply (no processor clause), not the party's name.
    customer = "Customer"
    variables = dict(library.defaults)
    variables.update(
        provider=theirs.provider,
        customer=customer,
        services=theirs.services,
        this_agreement="this Addendum",
        agreement="Addendum",
        customer_data=f"{customer} Data",
        inputs="Inputs",
        outputs="Outputs",
        personal_data="Personal Data",
        feedback="Feedback",
    )
    asks = one_rule_per_topic(asks_for(document, assessment, library, variant, variables, consumer), library)
    words = {"data": f"{customer} Data", "customer": customer, "services": theirs.services}
    words["provider"] = theirs.provider
    words["submitters"] = "submits" if consumer else "or its users submit"
    words["short"] = _SHORT_NAMES.get(doc_type, "Terms")
    clauses = [
        AddendumClause("1", "Definitions and Order of Precedence", ""),
        AddendumClause("1.1", "Definitions", _DEFINITIONS.format(**words)),
        AddendumClause("1.2", "Order of Precedence", _PRECEDENCE.format(**words)),
        AddendumClause("2", "Artificial Intelligence and Data Commitments", ""),
    ]
    number = 0
    for topic_asks in asks:
        lead = topic_asks[0]
        if lead.clause is None:
            continue
        number += 1
        clauses.append(AddendumClause(f"2.{number}", lead.heading, lead.clause_text, tuple(topic_asks)))
    clauses += [
        AddendumClause("3", "Term", ""),
        AddendumClause("3.1", "Duration", _DURATION.format(**words)),
    ]
    terms = document.title
    if not re.search(r"\b(?:terms|policy|agreement|conditions)\b", terms, re.IGNORECASE):
        kind = _TERMS_NAMES.get(doc_type, "online terms")
        terms = (
            f"the {theirs.provider} {kind}"
            if theirs.provider != library.defaults["provider"]
            else f"the {kind}"
        )
    elif re.match(r"(?:Terms|Privacy|Acceptable|Developer|User|Service)\b", terms) or not terms[:1].isupper():
        terms = f"the {terms}"  # a title of its own ("Discord's Terms of Service") takes no article
    return Addendum(
        title="AI Data Addendum",
        provider=theirs.provider,
        customer=customer,
        services=theirs.services,
        terms=terms,
        short=words["short"],
        playbook=assessment.playbook,
        consumer=consumer,
        clauses=tuple(clauses),
        variables=variables,
    )


def renumbered(clauses: list[AddendumClause] | tuple[AddendumClause, ...]) -> tuple[AddendumClause, ...]:
    """Clauses numbered in turn under their articles ("2.1", "2.2", …) after some were removed."""
    out: list[AddendumClause] = []
    article, count = "", 0
    for clause in clauses:
        if not clause.text:
            article, count = clause.number, 0
            out.append(clause)
            continue
        count += 1
        out.append(AddendumClause(f"{article}.{count}", clause.heading, clause.text, clause.asks))
    return tuple(out)


def addendum_docx(addendum: Addendum) -> bytes:
    """The addendum as its own Word document: title, parties, clauses, signature block."""
    word = docx.Document()
    word.add_heading(addendum.title, level=0)
    word.add_paragraph(addendum.preamble())
    for clause in addendum.clauses:
        if not clause.text:
            word.add_heading(f"{clause.number}. {clause.heading}", level=1)
            continue
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{clause.number} {clause.heading}. ").bold = True
        paragraph.add_run(clause.text)
    word.add_heading("Signatures", level=1)
    table = word.add_table(rows=5, cols=2)
    parties = (addendum.provider, addendum.customer)
    for column, party in enumerate(parties):
        table.cell(0, column).text = party
        for row, label in enumerate(("Signature:", "Name:", "Title:", "Date:"), start=1):
            table.cell(row, column).text = label
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def render_addendum(addendum: Addendum, fmt: str) -> str:
    text = addendum.text()
    if fmt != "html":
        return text
    import html

    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").render(text)
    title = html.escape(addendum.title)
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>\n'
