"""Typed values of the gate: decisions and their closed list of reasons, the record fields the gate
reads, opt-outs, and the per-batch result `decide` returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

import numpy as np
import numpy.typing as npt


class Decision(IntEnum):
    """A record's fate. Integer-coded so a batch's decisions are one numpy array."""

    ADMIT = 0
    ADMIT_DEIDENTIFIED = 1
    REJECT = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class Reason(IntEnum):
    """Why a record was rejected (NONE for admitted records), checked in this order: the first that
    applies is the one reported, so a record has exactly one reason. MISSING_FIELD is checked where
    the field is needed (customer first, timestamp before retention, categories before exclusion)."""

    NONE = 0
    MALFORMED_RECORD = 1  # the line is not a record (bad JSON, wrong column count, bad timestamp)
    MISSING_FIELD = 2  # a field the decision needs is absent or null
    UNKNOWN_CUSTOMER = 3  # no policy names this customer
    NO_POLICY = 4  # the customer's policy is not yet in force on the as-of date
    POLICY_UNCONFIRMED = 5  # nobody has confirmed the policy (or it was edited since)
    POLICY_EXPIRED = 6  # past `expires` plus the days the contract allows after termination
    PURPOSE_FORBIDDEN = 7
    RETENTION_EXPIRED = 8  # the record is older than the policy's retention limit
    OPTED_OUT = 9  # the customer or subject opted out and the opt-out reaches this record
    OPT_IN_MISSING = 10  # the purpose needs the subject's opt-in and the record has none
    EXCLUDED_CATEGORY = 11  # the record is tagged with a category the purpose excludes

    @property
    def label(self) -> str:
        return self.name.lower()


DECISION_LABELS: tuple[str, ...] = tuple(d.label for d in Decision)
REASON_LABELS: tuple[str, ...] = tuple(r.label for r in Reason)


@dataclass(frozen=True, slots=True)
class Fields:
    """The record fields the gate reads (column names in the input)."""

    customer: str = "customer_id"
    text: tuple[str, ...] = ("text",)
    timestamp: str = "created_at"
    subject: str | None = "subject_id"
    opt_in: str = "opt_in"
    categories: str = "categories"
    record_id: str | None = "id"


@dataclass(frozen=True, slots=True)
class OptOuts:
    """Opt-outs in force: a whole customer, or one subject of a customer, from a date."""

    customers: Mapping[str, date] = field(default_factory=dict)
    subjects: Mapping[tuple[str, str], date] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.customers or self.subjects)


NO_OPT_OUTS = OptOuts()
DEFAULT_FIELDS = Fields()


@dataclass(frozen=True, slots=True)
class Decisions:
    """`decide`'s answer for one batch: per row a decision, a reason and the policy that decided
    (-1 when none did), as numpy arrays aligned with the batch's rows."""

    decision: npt.NDArray[np.int8]
    reason: npt.NDArray[np.int8]
    policy: npt.NDArray[np.int32]

    def __len__(self) -> int:
        return len(self.decision)
