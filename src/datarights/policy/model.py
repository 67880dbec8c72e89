"""The `datarights.policy/1` intermediate representation: one data-use policy per customer.

A policy says, for the party whose data it is, which purposes a pipeline may use that data
for and on what conditions, how opt-outs and retention apply, and what the provider owes in
return. Every field is a `Term`: its value, the clauses it was compiled from (`Provenance`),
and whether a person still has to confirm it because the contract does not settle it (then
the value is the restrictive choice). Everything is a frozen value; the YAML form is written
and read by `policy.io`, the JSON Schema lives beside this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

POLICY_SCHEMA = "datarights.policy/1"

T = TypeVar("T")


class Purpose(StrEnum):
    """What a pipeline wants the records for (`gate --purpose`)."""

    FOUNDATIONAL_TRAINING = "foundational_training"  # general models offered to everyone
    PRIVATE_TRAINING = "private_training"  # models dedicated to this customer
    EVALUATION = "evaluation"
    ANALYTICS = "analytics"
    PRODUCT_IMPROVEMENT = "product_improvement"


class Permission(StrEnum):
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"
    CONDITIONAL = "conditional"


class DeidStandard(StrEnum):
    """The de-identification standard the contract makes the condition."""

    CONTRACTUAL = "contractual"  # the contract's own definition of de-identified / anonymised data
    CCPA = "ccpa"  # Cal. Civ. Code §1798.140(m): technical measures, public commitment, flow-down
    HIPAA_SAFE_HARBOR = "hipaa_safe_harbor"  # 45 CFR §164.514(b)(2)


class Operator(StrEnum):
    """What replaces a PII span found in a text field."""

    REDACT = "redact"  # removed
    REPLACE = "replace"  # "<EMAIL_ADDRESS>"
    PSEUDONYMIZE = "pseudonymize"  # keyed HMAC-SHA256, stable per customer


class PiiKind(StrEnum):
    """The PII kinds de-identification finds (Presidio entity names)."""

    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    PHONE_NUMBER = "PHONE_NUMBER"
    CREDIT_CARD = "CREDIT_CARD"
    US_SSN = "US_SSN"
    IP_ADDRESS = "IP_ADDRESS"
    IBAN_CODE = "IBAN_CODE"
    URL = "URL"


class Category(StrEnum):
    """Sensitive categories a record may be tagged with (`--category-field`)."""

    HEALTH = "health"
    PAYMENT = "payment"
    CHILDREN = "children"
    BIOMETRIC = "biometric"
    PRECISE_LOCATION = "precise_location"
    GOVERNMENT_ID = "government_id"
    SPECIAL_CATEGORY = "special_category"  # GDPR Art. 9 data other than health and biometrics


class OptOutMode(StrEnum):
    PROSPECTIVE = "prospective"  # records created before the opt-out date stay usable
    RETROACTIVE = "retroactive"  # no record of the subject is usable once the opt-out applies


class Cadence(StrEnum):
    NONE = "none"
    ON_REQUEST = "on_request"
    ANNUAL = "annual"
    QUARTERLY = "quarterly"


class Source(StrEnum):
    """Where a term's value came from."""

    CONTRACT = "contract"  # compiled from the cited clauses
    DEFAULT = "default"  # the contract does not settle it: the restrictive choice
    MANUAL = "manual"  # set by a person (an edited policy file)


@dataclass(frozen=True, slots=True)
class Provenance:
    """One clause a term was compiled from, and the review answer that read it."""

    contract_sha256: str
    clause: str  # clause number and/or heading, as the review cites it
    start: int  # offsets into the contract's extracted text (`datarights text`)
    end: int
    quote: str
    answer: str  # "training_use=prohibited" or "provision:model_deletion"


@dataclass(frozen=True, slots=True)
class Term(Generic[T]):
    value: T
    source: Source
    provenance: tuple[Provenance, ...] = ()
    to_confirm: bool = False
    note: str = ""  # why this value, in a sentence (what was read, or why the default)


@dataclass(frozen=True, slots=True)
class Deidentify:
    standard: DeidStandard
    operators: tuple[Operator, ...]  # the first is applied to every kind; more are alternatives


@dataclass(frozen=True, slots=True)
class Conditions:
    """What must hold for a `conditional` purpose (ignored for `allowed` and `forbidden`)."""

    deidentify: Term[Deidentify | None]
    aggregate_only: Term[bool]
    opt_in_required: Term[bool]
    exclude_categories: Term[tuple[Category, ...]]


@dataclass(frozen=True, slots=True)
class PurposeRule:
    purpose: Purpose
    permission: Term[Permission]
    conditions: Conditions


@dataclass(frozen=True, slots=True)
class OptOut:
    """Opt-outs (from the gate's opt-out file) are always honoured; the contract decides whether one
    reaches data collected before it, and from when the right exists."""

    mode: OptOutMode
    from_date: date | None  # an opt-out dated earlier takes effect on this date; None: on its own date


@dataclass(frozen=True, slots=True)
class Retention:
    max_age_days: int | None  # a record older than this (from its timestamp) is not usable; None: no limit
    days_after_termination: int | None  # data usable this long after `expires`; None: not at all


@dataclass(frozen=True, slots=True)
class Duties:
    transparency_report: Term[Cadence]
    notice_before_change_days: Term[int | None]  # None: changes need the customer's consent
    delete_derived_models_on_termination: Term[bool]


@dataclass(frozen=True, slots=True)
class Contract:
    path: str
    sha256: str
    title: str
    doc_type: str


@dataclass(frozen=True, slots=True)
class Confirmation:
    by: str
    at: datetime
    content_sha256: str  # the policy content confirmed; an edit after confirmation voids it
    accepted_defaults: tuple[str, ...] = ()  # the terms that were still to confirm, accepted as compiled


@dataclass(frozen=True, slots=True)
class Policy:
    customer: str
    contracts: tuple[Contract, ...]
    playbook: str
    effective: Term[date | None]
    expires: Term[date | None]
    purposes: tuple[PurposeRule, ...]  # one per Purpose, in Purpose order
    opt_out: Term[OptOut]
    retention: Term[Retention]
    duties: Duties
    confirmation: Confirmation | None = None
    compiled_by: str = ""  # tool and version

    def rule(self, purpose: Purpose) -> PurposeRule:
        for rule in self.purposes:
            if rule.purpose is purpose:
                return rule
        raise KeyError(purpose)

    def terms(self) -> tuple[tuple[str, Term[Any]], ...]:
        """Every term with its dotted path, in file order."""
        d = self.duties
        out: list[tuple[str, Term[Any]]] = [
            ("effective", self.effective),
            ("expires", self.expires),
            ("opt_out", self.opt_out),
            ("retention", self.retention),
            ("duties.transparency_report", d.transparency_report),
            ("duties.notice_before_change_days", d.notice_before_change_days),
            ("duties.delete_derived_models_on_termination", d.delete_derived_models_on_termination),
        ]
        for rule in self.purposes:
            base = f"purposes.{rule.purpose.value}"
            c = rule.conditions
            out += [
                (f"{base}.permission", rule.permission),
                (f"{base}.conditions.deidentify", c.deidentify),
                (f"{base}.conditions.aggregate_only", c.aggregate_only),
                (f"{base}.conditions.opt_in_required", c.opt_in_required),
                (f"{base}.conditions.exclude_categories", c.exclude_categories),
            ]
        return tuple(out)

    def open_terms(self) -> tuple[str, ...]:
        """Dotted paths of the terms still to confirm."""
        return tuple(path for path, term in self.terms() if term.to_confirm)
