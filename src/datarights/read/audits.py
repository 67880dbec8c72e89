"""Reading statements about audits, inspections and assurance reports into clause frames.

Who may audit whom: the customer (or an auditor it appoints) auditing or inspecting the provider, the
provider submitting to such audits (GDPR art. 28(3)(h)), the provider auditing the customer or its own
vendors (which verifies nothing for the customer); what the provider supplies instead (certifications,
third-party audit reports, questionnaire answers); and an audit right excluded or replaced by reports.
Conditions of an audit right (notice, once a year, on request) are read into the frame. Audit logs,
trails and records kept "for audit purposes" are not audits of anyone and yield no frame.
`detect/audit_rights` decides over the frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from datarights.read import gate
from datarights.read.model import Action, Actor, ClauseFrame, Condition, DataKind
from datarights.read.patterns import NamedPattern, compile_
from datarights.read.statement import statement_frame
from datarights.read.view import Clause, TextView, keyword_clauses, register_keywords
from datarights.read.vocab.actors import customer_restricted, last_actor
from datarights.read.vocab.negation import negated_before
from datarights.read.vocab.time import PERIOD

# "audit" also as the first part of a word glued to the next by text extraction ("an auditconducted by").
_AUDIT_WORD = r"(?:audit(?:s|ed|ing|ors?)?|inspect(?:s|ed|ing|ions?)?|on[\s-]?site\s+(?:visits?|reviews?))"
_CUSTOMER = (
    r"(?:you|customers?|the\s+customer|controllers?|the\s+controller|clients?|licensees?|data\s+exporters?"
    r"|subscribers?|the\s+subscriber|covered\s+entit(?:y|ies))"
)
_CERTIFICATION = (
    r"SOC\s*[123]|SSAE\s*1[68]|ISAE\s*3402|ISO(?:/IEC)?\s*2700[1-9]|ISO(?:/IEC)?\s*27701|ISO(?:/IEC)?\s*42001|PCI[\s-]DSS|HITRUST"
    r"|FedRAMP|CSA\s+STAR|C5\s+attestation|(?:APEC\s+|Global\s+)?CBPR|Cross[\s-]Border\s+Privacy\s+Rules"
    r"|Privacy\s+Recognition\s+for\s+Processors"
)

# One pass over the text collects every clause that speaks of audits, inspections or certifications.
CANDIDATE = register_keywords(
    "audit_rights",
    r"\b"
    + _AUDIT_WORD
    + r"|\b(?:"
    + _CERTIFICATION
    + r")\b|\bsecurity\s+questionnaires?\b|\bcertifi(?:ed|cations?)\b|\bbooks\b|\bcompliance\s+programs?\b"
    r"|\b(?:independently|externally)\s+(?:audited|validated|assessed|verified|certified|attested)\b"
    r"|\b(?:validated|assessed|attested)\s+(?:\w+\s+){0,2}?by\s+(?:an?\s+)?(?:independent|external|third[\s-]part)",
    (
        "books",
        "validated",
        "assessed",
        "attested",
        "compliance program",
        "independently",
        "externally",
        "audit",
        "inspect",
        "site",
        "soc",
        "ssae",
        "isae",
        "iso",
        "pci",
        "hitrust",
        "fedramp",
        "star",
        "c5",
        "questionnaire",
        "certifi",
        "cbpr",
        "cross",
        "recognition",
    ),
)

CUSTOMER_AUDITS = NamedPattern.of(
    "customer may audit or inspect",
    r"\b"
    + _CUSTOMER
    + r"\b(?:\s*(?:\(|,)?\s*(?:or|and/or|and)\s+(?:its|their|your|an?)\s+(?:[\w-]+\s+){0,3}?(?:auditors?|representatives?|agents?|regulators?)"
    # "or an independent auditor bound by confidentiality may audit", "(or a third-party auditor it appoints)"
    r"(?:\s+(?:who\s+is\s+|that\s+is\s+)?(?:bound|appointed|selected|engaged|designated|mandated|approved)\b(?:\s+[\w-]+){0,4}?"
    # "or an independent auditor reasonably acceptable to Acme may audit"
    r"|\s+(?:reasonably\s+)?acceptable\s+to\s+(?:[\w’'-]+\s+){0,2}?[\w’'-]+"
    r"|\s+(?:that\s+|whom\s+)?(?:it|they|you|customer)\s+(?:appoints|selects|engages|designates|chooses|appoint|select|engage|designate|choose))?\)?,?)?"
    r"\s+(?:\w+\s+){0,2}?(?:may|shall\s+(?:have\s+the\s+right|be\s+entitled)\s+to|will\s+have\s+the\s+right\s+to|has\s+the\s+right\s+to|have\s+the\s+right\s+to"
    r"|is\s+entitled\s+to|can|reserves?\s+the\s+right\s+to|may\s+request\s+to)"
    # "may, no more than once a year and on thirty days' notice, audit": the conditions set off by commas
    r"(?:,\s+[^.;,]{0,160},)?"
    r",?\s+(?:[\w’'-]+,?\s+){0,4}?(?:audit|inspect|conduct\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:audits?|inspections?)"
    r"|carry\s+out\s+(?:an?\s+)?(?:audits?|inspections?)|perform\s+(?:an?\s+)?(?:audits?|inspections?)|examine|verify\s+(?:\w+\s+){0,3}?by\s+(?:audit|inspect)"
    # "shall be entitled to take measures necessary, including On-Site Audits, to verify …"
    r"|take\s+(?:\w+\s+){0,3}?(?:measures|steps)\b[^.;]{0,40}?\b(?:including|such\s+as)\s+(?:on[\s-]?site\s+)?(?:audits?|inspections?))\b",
    0.9,
)
ALLOWS_AUDITS = NamedPattern.of(
    "provider submits to audits by the customer",
    r"\b(?:allow|allows|permit|permits|submit|submits|contribute|contributes|cooperate|cooperates|facilitate|facilitates|make\s+available"
    r"|provide\s+access|grant\s+access|afford)\b[^.;]{0,60}?\b(?:audits?|inspections?|audit(?=conducted|performed|by)"
    # "permit the Controller to inspect its records of processing" (not "to inspect the production")
    r"|to\s+(?:audit|inspect|examine)\s+(?:\w+\s+){0,2}?(?:books|records?|processing|compliance|systems?|data|security|personal)\b)",
    0.85,
)
AUDIT_BY_CUSTOMER = NamedPattern.of(
    "audits conducted by or for the customer",
    # not "the summary of the third-party audit, and (b) answers to a questionnaire supplied by Customer"
    r"\b(?:audits?|inspections?)\b[^.;]{0,80}?(?<!supplied\s)(?<!provided\s)(?<!submitted\s)\b(?:by|on\s+behalf\s+of|requested\s+by|mandated\s+by|appointed\s+by|selected\s+by|for)\s+(?:the\s+)?"
    + _CUSTOMER
    + r"\b|\bauditors?\s+(?:\w+\s+)?(?:appointed|mandated|selected|engaged|chosen|designated)\s+by\s+(?:the\s+)?"
    + _CUSTOMER
    + r"\b|\b(?:customer|controller|client)[’']?s?\s+(?:audit|inspection)\s+rights?\b|\bright\s+of\s+(?:the\s+)?(?:customer|controller)\s+to\s+(?:audit|inspect)\b",
    0.8,
)
PARTY_AUDITS = NamedPattern.of(
    "party may audit",
    r"\b(?:may|(?:shall|will)\s+have\s+the\s+right|has\s+the\s+right|is\s+entitled)\b[^.;]{0,25}?\b(?:audit|inspect)\b"
    # "A school may, no more than once a year and with 30 days' notice, audit our compliance"
    r"|\bmay,\s+[^.;,]{0,160},\s+(?:audit|inspect)\b"
    r"|\b(?:available|open)\s+for\s+(?:\w+\s+){0,2}?(?:inspection|audit)",
    0.6,
)
REPORTS = NamedPattern.of(
    "certifications or third-party audit reports",
    r"\b(?:"
    + _CERTIFICATION
    + r")\b|\b(?:third[\s-]party|independent|external)\s+(?:\w+\s+){0,2}?audit(?:or)?s?\s*(?:reports?|results|summar(?:y|ies)|certificat\w*)?"
    r"|\baudit\s+(?:reports?|summar(?:y|ies)|results|certificat\w*)\b|\bsecurity\s+questionnaires?\b|\bquestionnaires?\b"
    r"|\bcompleted\s+(?:an?\s+)?(?:\w+\s+){0,3}?audit\b|\bour\s+(?:\w+\s+)?certifications\b"
    r"|\baudited\s+(?:\w+\s+){0,3}?by\s+(?:an?\s+)?(?:independent|external|third[\s-]part(?:y|ies))"
    # "compliance programs that validate our security controls", "our controls are independently assessed"
    r"|\bcompliance\s+programs?\b[^.;]{0,60}?\b(?:validat\w*|verif\w*|certif\w*|attest\w*|audit\w*)"
    r"|\b(?:independently|externally)\s+(?:audited|validated|assessed|verified|certified|attested)\b"
    r"|\b(?:validated|assessed|attested)\s+(?:\w+\s+){0,2}?by\s+(?:an?\s+)?(?:independent|external|third[\s-]part(?:y|ies))",
    0.75,
)
BOOKS_OPEN = NamedPattern.of(
    "books and records open to the customer",
    # "Provider will make its books, records, and internal policies … available to Company": an inspection
    # of the provider's own books by the customer (made available to a regulator, it verifies nothing for it).
    # The provider must be the one whose books they are (checked where it is read).
    r"\b(?:make|makes|made|making)\s+(?:[\w,]+\s+){0,3}?books\b[^.;]{0,200}?\bavailable\s+(?:for\s+(?:inspection|review|examination)\s+)?"
    r"(?:to|by)\s+(?!(?:the\s+|any\s+|a\s+)?(?:secretary|hhs|government\w*|regulat\w*|supervisory|authorit\w*|courts?|auditors?)\b)"
    r"(?:the\s+)?[\w’']+"
    r"|\bbooks\b[^.;]{0,120}?\b(?:open|available)\s+(?:for|to)\s+(?:inspection|examination|audit)\s+by\s+(?:the\s+)?"
    + _CUSTOMER
    + r"\b",
    0.8,
)
NO_AUDIT = NamedPattern.of(
    "audit right excluded in favour of reports",
    r"\b(?:in\s+lieu\s+of|instead\s+of|(?:shall|will)\s+(?:be\s+deemed\s+to\s+)?satisfy|satisf(?:y|ies)\s+(?:\w+\s+){0,3}?audit)\b[^.;]{0,60}\baudit"
    r"|\bonly\s+exercise\s+(?:its|their|your|any|such)\s+(?:\w+\s+)?audit\s+rights?\b[^.;]{0,160}\b(?:report\w*|documentation|certif\w*|questionnaires?|information)"
    r"|\bexercise\s+(?:its|their|your|any|such)\s+(?:\w+\s+)?audit\s+rights?\b[^.;]{0,80}?\bonly\s+by\b"
    r"|\baudit\s+rights?\s+(?:\w+\s+){0,6}?(?:are|is|will\s+be|shall\s+be)\s+(?:deemed\s+)?(?:satisfied|fulfilled|met)\s+by"
    r"|\bno\s+(?:other\s+)?right\s+to\s+(?:audit|inspect)|\b(?:not|no)\s+(?:be\s+)?(?:entitled|permitted|allowed)\s+to\s+(?:\w+\s+){0,2}?(?:audit|inspect)",
    0.85,
)
AUDIT_TERMS = NamedPattern.of(
    "how and when an audit is conducted",
    r"\b(?:on[\s-]?site\s+)?(?:audits?|inspections?)\s+(?:\w+\s+){0,3}?(?:shall|will|must|may)\s+(?:only\s+)?(?:be\s+)?"
    r"(?:performed|conducted|carried\s+out|limited|take\s+place|occur|subject\s+to)\b",
    0.6,
)
# Every named wording this reader puts into `ClauseFrame.wording` (the meta-test checks each is read in a case).
WORDINGS = (
    CUSTOMER_AUDITS,
    ALLOWS_AUDITS,
    AUDIT_BY_CUSTOMER,
    BOOKS_OPEN,
    PARTY_AUDITS,
    REPORTS,
    NO_AUDIT,
    AUDIT_TERMS,
)
PROVIDER_AUDITS = "the provider audits the customer or its own vendors"
NO_RIGHT = "the customer may not audit"

# Audit words that verify nothing for the customer.
_NOT_VERIFICATION = compile_(
    r"\baudit\s+(?:logs?|trails?|records?|history|events?|purposes?|committee)\b|\b(?:for|to)\s+(?:\w+\s+)?audit(?:ing)?\s+purposes\b"
    r"|\btransparency\s+reports?|\bdepartment\s+of\s+commerce\b\b|\bdata\s+privacy\s+framework\b|\bprivacy\s+shield\b|\bself[\s-]certif\w*"
    r"|\baudit\w*\s+(?:of\s+)?(?:\w+\s+){0,3}?(?:sub-?processors?|sub-?contractors?|(?:our|its|third[\s-]party)\s+(?:vendors?|suppliers?))\b"
    r"|\b(?:sub-?processors?|facilit(?:y|ies))\b[^.;]{0,40}\baudit"
)
_REPORT_SUPPLY = compile_(
    r"\b(?:provide|provides|make\s+available|makes\s+available|furnish|share|deliver|maintain|maintains|obtain|obtains|hold|holds|has|have"
    r"|completed|undergo(?:es)?|certified|audited|assessed|validated|attested|request|copy|copies|summary|upon\s+request|answer|respond|complete|available|reports?"
    r"|comply|complies|compliant|view)\b"
)
_NOT = compile_(r"\b(?:not|never)\b|n[’']t\b|\bcannot\b")
_LIMIT = compile_(r"\b(?:more\s+than|more\s+often|except|unless|other\s+than|without)\b")
_ELIDED_SUBJECT = compile_(r"\W*(?:must|shall|will|should|are|agrees?|is\s+required)\b")
_COMPLY = compile_(r"comply|complies|compliant")
_CUSTOMER_MUST_NOT = compile_(r"\b(?:you|customer|licensee)\b[^.;]{0,40}\b(?:will|shall|must|may)\s+not\b")
_BY_PROVIDER = compile_(r"\bby\s+(?:us|we|provider|the\s+provider|licensor)\b")
_PERMITS_PROVIDER = compile_(r"\b(?:permit|allow)s?\s+(?:us|provider|licensor)\b")
_RECORDS = compile_(r"\b(?:books|records|accounts|facilities|premises|compliance)\b")
# Conditions an audit right is given under.
_NOTICE = compile_(r"\bnotice\b|\bnotif\w*\b|\bin\s+advance\b")
_FREQUENCY = compile_(
    r"\bonce\s+(?:a|per|in\s+any|every|each)\b|\bannual(?:ly)?\b|\bper\s+(?:calendar\s+)?year\b|\bno\s+more\s+(?:than|often)\b|"
    + PERIOD
)
_ON_REQUEST = compile_(r"\b(?:up)?on\s+(?:\w+\s+)?(?:written\s+)?request\b|\bif\s+requested\b")
# "If the report does not demonstrate compliance, Customer may audit": reports first, then an audit.
_REPORTS_FIRST = compile_(
    r"\b(?:if|where|to\s+the\s+extent)\b[^.;]{0,80}\b(?:reports?|certifications?|information|documentation)\b[^.;]{0,60}\b(?:not|insufficient|fail)"
)


def audit_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Every statement about audits, inspections and assurance reports, read once per document."""
    return view.memo("_frames:audit", lambda: tuple(_read_audits(view)))


def _frame(
    view: TextView,
    clause: Clause,
    at: int,
    actor: Actor,
    action: Action,
    wording: str,
    *,
    negated: bool = False,
    conditions: frozenset[Condition] = frozenset(),
) -> ClauseFrame:
    """Audits are of the customer's content and the systems that hold it."""
    return statement_frame(
        view, clause, at, actor, action, wording, _AUDITED, negated=negated, conditions=conditions
    )


_AUDITED = frozenset({DataKind.CUSTOMER_CONTENT})


def _audit_conditions(text: str) -> frozenset[Condition]:
    found: set[Condition] = set()
    if _NOTICE.search(text):
        found.add(Condition.ADVANCE_NOTICE)
    if _FREQUENCY.search(text):
        found.add(Condition.PERIOD)
    if _ON_REQUEST.search(text):
        found.add(Condition.ON_REQUEST)
    return frozenset(found)


def _customer_wordings(view: TextView) -> tuple[NamedPattern, NamedPattern]:
    """`CUSTOMER_AUDITS` and `AUDIT_BY_CUSTOMER` with the names the document defines for the customer party
    ("User", "Company") beside the usual words, so that "User may audit …" reads as the customer's audit."""

    def build() -> tuple[NamedPattern, NamedPattern]:
        names = sorted(view.customer_names, key=len, reverse=True)
        if not names:
            return CUSTOMER_AUDITS, AUDIT_BY_CUSTOMER
        extended = _CUSTOMER[:-1] + "|" + "|".join(r"(?:the\s+)?" + re.escape(n) for n in names) + ")"
        return tuple(  # type: ignore[return-value]
            NamedPattern(
                p.name, re.compile(p.regex.pattern.replace(_CUSTOMER, extended), p.regex.flags), p.score
            )
            for p in (CUSTOMER_AUDITS, AUDIT_BY_CUSTOMER)
        )

    return view.memo("_audits:customer_wordings", build)


def _customer_submits(view: TextView, clause: Clause, start: int) -> bool:
    """True when the customer is the one who must allow audits ("You will cooperate with our audits")."""
    head = re.split(r"[;:]|\(\w{1,3}\)", clause.text[max(0, start - 80) : start])[-1]
    return last_actor(view, head) == "customer"


def _read_audits(view: TextView) -> Iterator[ClauseFrame]:
    for clause in keyword_clauses(view, CANDIDATE):
        frame = _read_clause(view, clause)
        if frame is not None:
            yield frame


def _searched(pattern: re.Pattern[str], text: str, lowered: str) -> re.Match[str] | None:
    """`pattern.search(text)`, skipped where the literal gate finds it cannot match (`lowered`: `text`
    lower-cased). Only for patterns compiled at import: the gate keeps each pattern it sees."""
    return pattern.search(text) if gate.can_match(pattern, lowered) else None


# The wordings compiled at import (the customer's own names make the other two per document).
_IMPORTED = frozenset(id(w.regex) for w in WORDINGS)


def _read_clause(view: TextView, clause: Clause) -> ClauseFrame | None:
    text = clause.text
    lowered = text.lower()
    excluded = _searched(NO_AUDIT.regex, text, lowered)
    if excluded:
        return _frame(
            view,
            clause,
            excluded.start(),
            Actor.CUSTOMER,
            Action.AUDIT,
            NO_AUDIT.name,
            negated=True,
            conditions=frozenset({Condition.IN_LIEU}),
        )
    not_verification = _searched(_NOT_VERIFICATION, text, lowered)
    provider_audits: ClauseFrame | None = None
    customer_audits, audit_by_customer = _customer_wordings(view)
    for pattern in (customer_audits, ALLOWS_AUDITS, audit_by_customer, BOOKS_OPEN):
        match = (
            _searched(pattern.regex, text, lowered)
            if id(pattern.regex) in _IMPORTED
            else pattern.regex.search(text)
        )
        if match is None or negated_before(
            text, match.start() + (match.end() - match.start()) // 2, window=60
        ):
            continue
        if pattern is ALLOWS_AUDITS and (
            _customer_submits(view, clause, match.start())
            or _BY_PROVIDER.search(text, match.start())
            or _PERMITS_PROVIDER.search(match.group(0))
        ):
            # The customer submits to the provider's audits: the provider audits, the customer verifies nothing.
            provider_audits = _frame(
                view, clause, match.start(), Actor.PROVIDER, Action.AUDIT, PROVIDER_AUDITS
            )
            continue
        if pattern is customer_audits and _NOT_VERIFICATION.search(text[match.start() : match.end() + 40]):
            continue
        negation = _NOT.search(match.group(0)) if pattern is customer_audits else None
        if negation is not None and not _LIMIT.search(text, match.start() + negation.start()):
            # "You may not audit our systems": no audit right (a limit such as "not more than once a year"
            # still leaves one).
            return _frame(view, clause, match.start(), Actor.CUSTOMER, Action.AUDIT, NO_RIGHT, negated=True)
        if (
            pattern is BOOKS_OPEN
            and last_actor(view, re.split(r"[;:]", text[: match.start()])[-1]) != "provider"
        ):
            continue  # the customer opening its books to the provider verifies nothing for the customer
        if pattern is audit_by_customer and not_verification:
            continue
        if pattern is ALLOWS_AUDITS and not_verification and not re.search(_CUSTOMER, text, re.I):
            continue
        conditions = _audit_conditions(text)
        if _REPORTS_FIRST.search(text):
            conditions |= {Condition.IN_LIEU}
        return _frame(
            view, clause, match.start(), Actor.CUSTOMER, Action.AUDIT, pattern.name, conditions=conditions
        )
    terms = _searched(AUDIT_TERMS.regex, text, lowered)
    if terms and not not_verification and _audit_conditions(text):
        # "An audit shall be performed during normal working hours, no more than once per year": the
        # conditions of an audit right stated elsewhere.
        return _frame(
            view,
            clause,
            terms.start(),
            Actor.UNKNOWN,
            Action.AUDIT,
            AUDIT_TERMS.name,
            conditions=_audit_conditions(text),
        )
    generic = _searched(PARTY_AUDITS.regex, text, lowered)
    if generic and not negated_before(text, generic.start(), window=40) and not not_verification:
        head = re.split(r"[;:]", text[: generic.start()])[-1]
        actor = last_actor(view, head)
        # (Not "… makes its records available for inspection": the party named is the one audited.)
        if (
            actor is None
            and not generic.group(0).lower().startswith(("available", "open"))
            and view.provider_actor_pattern.search(head)
        ):
            actor = "provider"  # the provider by the name it acts under ("Acme or its accountant may audit")
        if actor is None and _RECORDS.search(text):
            # Named parties ("Acme may audit Beta's records"): an audit clause, though whose is unclear.
            return _frame(
                view,
                clause,
                generic.start(),
                Actor.PARTIES,
                Action.AUDIT,
                PARTY_AUDITS.name,
                conditions=_audit_conditions(text),
            )
        if actor == "provider":
            provider_audits = _frame(
                view, clause, generic.start(), Actor.PROVIDER, Action.AUDIT, PROVIDER_AUDITS
            )
    report = _searched(REPORTS.regex, text, lowered)
    if (
        report
        and _supplied(view, clause)
        and not not_verification
        and not customer_restricted(clause, clause.start + report.start())
        and not _CUSTOMER_MUST_NOT.search(text[: report.start()])
    ):
        return _frame(
            view,
            clause,
            report.start(),
            Actor.PROVIDER,
            Action.REPORT,
            REPORTS.name,
            conditions=_audit_conditions(text) & {Condition.ON_REQUEST},
        )
    return provider_audits


def _supplied(view: TextView, clause: Clause) -> bool:
    """Does the clause say the provider holds or hands over the certification or report? Complying with
    a standard counts only when the customer is not the one who must comply ("You must comply with PCI
    DSS"; a list item "must comply with PCI DSS" under the lead-in "You:")."""
    text = clause.text
    for match in _REPORT_SUPPLY.finditer(text):
        if not _COMPLY.fullmatch(match.group(0)):
            return True
        actor = last_actor(view, re.split(r"[;:,]", text[: match.start()])[-1])
        if actor is None and (lead := view.lead_in(clause)) is not None:
            actor = last_actor(view, lead.text)
        if actor is None and _ELIDED_SUBJECT.match(text):
            continue  # a list item of duties whose subject its lead-in names ("you: … must comply with …")
        if actor != "customer":
            return True
    return False
