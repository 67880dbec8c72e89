"""Clause frames: what one statement of a document says, typed.

A frame is one reading of one sentence, list item (read with the lead-in that introduces it) or table
row (read with its header cells): who (`actor`) may or must (`modality`, `negated`) do what (`action`)
with which data (`objects`, resolved through the document's definitions), for what (`purposes`),
under which `conditions`, and for which `scope` (all customer content, or one feature, plan, data
kind, audience). Detectors decide their questions over frames; they do not re-read the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    """The piece of text a frame was read from."""

    SENTENCE = "sentence"
    LIST_ITEM = "list_item"  # read with the lead-in that introduces the list
    TABLE_ROW = "table_row"  # read with the header cells of its table


class Actor(StrEnum):
    PROVIDER = "provider"
    CUSTOMER = "customer"  # the customer, the user, their end users
    AFFILIATE = "affiliate"
    SUBPROCESSOR = "subprocessor"
    THIRD_PARTY = "third_party"  # recipients, partners, other users
    PARTIES = "parties"  # both parties together (a signed amendment)
    PERSONNEL = "personnel"  # the provider's employees, contractors or reviewers (people, not systems)
    UNKNOWN = "unknown"


class Modality(StrEnum):
    MAY = "may"  # may, might, can, reserves the right
    WILL = "will"
    SHALL = "shall"
    MUST = "must"
    DOES = "does"  # a plain statement of practice ("we use", "is retained")


class Action(StrEnum):
    TRAIN_MODELS = "train_models"  # train, fine-tune or improve AI / machine-learning models
    IMPROVE_SERVICE = "improve_service"  # improve, develop or enhance the provider's services
    RETAIN = "retain"
    DELETE = "delete"
    ACCESS_REVIEW = "access_review"
    CHANGE_TERMS = "change_terms"
    NOTIFY = "notify"
    AUDIT = "audit"
    LICENSE = "license"
    OWN = "own"
    SHARE = "share"
    PROCESS = "process"  # process personal data (in a role: on instructions, or for its own purposes)
    USE = "use"  # a use for a purpose the frame's `purposes` name (analytics, research, any purpose)
    PROVIDE_SERVICE = "provide_service"  # run, provide, maintain or support the service
    SECURITY = "security"  # safety, security, fraud and abuse prevention
    REPORT = "report"  # supply certifications, third-party audit reports or questionnaire answers
    ASSIGN = "assign"  # assign or transfer rights (the frame's actor is the party that receives them)


class DataKind(StrEnum):
    CUSTOMER_CONTENT = (
        "customer_content"  # content, inputs, outputs, customer data (and defined terms for them)
    )
    GENERIC_CONTENT = "generic_content"  # content words not tied to the customer ("the content", "logs")
    PERSONAL_DATA = "personal_data"
    USAGE_DATA = "usage_data"
    DEIDENTIFIED = "deidentified"  # de-identified, anonymised, aggregated, statistical
    FEEDBACK = "feedback"
    PUBLIC_CONTENT = "public_content"  # what the customer publishes, or public web content
    SPECIAL_CATEGORY = "special_category"  # health, biometric, children's data
    OUTPUT = "output"  # what the service generates for the customer (outputs, completions, generated content)


class Condition(StrEnum):
    OPT_IN = "opt_in"  # unless the customer agrees, elects, enables; with prior consent
    OPT_OUT = "opt_out"  # unless the customer opts out, turns it off, objects
    SUBJECT_TO_SETTINGS = "subject_to_settings"  # on by default, governed by the customer's settings
    SETTING_OFF = "setting_off"  # the statement holds once a setting is off ("If you turn history off, …")
    BY_LAW = "by_law"  # where required by law
    INSTRUCTION = "instruction"  # on the customer's documented instructions
    DEIDENTIFIED_FIRST = "deidentified_first"  # only once the data is de-identified or aggregated
    FEEDBACK_EXCEPTION = "feedback_exception"  # "… unless you send us feedback": a narrow carve-out
    # How a change to the terms takes effect.
    CONSENT = "consent"  # only with the customer's consent or agreement
    MUTUAL_AGREEMENT = "mutual_agreement"  # only in a writing both parties sign
    ADVANCE_NOTICE = "advance_notice"  # after notice given before it takes effect
    DIRECT_NOTICE = "direct_notice"  # the customer is notified directly (e-mail, in-product, account)
    ON_POSTING = "on_posting"  # by posting, continued use, "at any time"
    EFFECTIVE_WHEN_POSTED = "effective_when_posted"  # "effective when posted", "effective immediately"
    # What keeping or deleting content is tied to.
    PERIOD = "period"  # a stated period ("for up to 30 days")
    ON_TERMINATION = "on_termination"  # when the contract ends or the account closes
    DEADLINE_AFTER_END = "deadline_after_end"  # kept no longer than a period counted from the contract's end
    ON_REQUEST = "on_request"  # when the customer deletes it or asks
    UNTIL_CUSTOMER_ENDS = "until_customer_ends"  # kept until the customer deletes it or closes the account
    CUSTOMER_CHOICE = "customer_choice"  # the customer decides how long
    AS_LONG_AS_NEEDED = "as_long_as_needed"  # open-ended: as long as necessary, legitimate business need
    NOT_STORED = "not_stored"  # not stored at all beyond processing
    FOR_MODERATION = "for_moderation"  # removal of content that violates the rules
    # The breadth of a licence, and what a right is given instead of.
    UNRESTRICTED = "unrestricted"  # without restriction or compensation, perpetual, irrevocable, any purpose
    IN_LIEU = "in_lieu"  # given instead of another right ("reports in lieu of any audit")


class ScopeKind(StrEnum):
    ALL = "all"  # customer content in general
    FEATURE = "feature"  # one feature, integration or connected service
    PLAN = "plan"  # one plan, tier or customer class ("Enterprise workspaces")
    DATA_KIND = "data_kind"  # one kind of data ("identity-verification images", "health data")
    AUDIENCE = "audience"  # one region or audience ("users in the EEA")


@dataclass(frozen=True, slots=True)
class Scope:
    kind: ScopeKind = ScopeKind.ALL
    text: str = ""  # the words that limit the statement

    @property
    def general(self) -> bool:
        return self.kind is ScopeKind.ALL


GENERAL = Scope()


@dataclass(frozen=True, slots=True)
class ClauseFrame:
    """One statement. `start`/`end` is the clause it was read from (offsets into the document text);
    `trigger` is where the action words start; `clause` indexes `TextView.clauses`."""

    clause: int
    start: int
    end: int
    trigger: int
    unit: Unit
    actor: Actor
    modality: Modality
    negated: bool
    action: Action
    objects: frozenset[DataKind]
    conditions: frozenset[Condition] = frozenset()
    scope: Scope = GENERAL
    # From a table's purpose column, or "to improve …" in the clause.
    purposes: frozenset[Action] = frozenset()
    wording: str = ""  # the named wording that expressed the statement ("human or manual review")
    related: tuple[int, ...] = ()  # clauses read with it: a list's lead-in, the definition it relies on

    @property
    def by_provider(self) -> bool:
        return self.actor in (Actor.PROVIDER, Actor.AFFILIATE, Actor.SUBPROCESSOR, Actor.PERSONNEL)

    @property
    def about_content(self) -> bool:
        return DataKind.CUSTOMER_CONTENT in self.objects or DataKind.PERSONAL_DATA in self.objects

    @property
    def only_derived(self) -> bool:
        """The data spoken of is only de-identified, aggregated or usage data."""
        return bool(self.objects) and self.objects <= {DataKind.DEIDENTIFIED, DataKind.USAGE_DATA}
