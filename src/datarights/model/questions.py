"""The questions and their closed lists of positions, spelled exactly as in the spec."""

from __future__ import annotations

from enum import StrEnum


class QuestionId(StrEnum):
    TRAINING_USE = "training_use"
    TRAINING_SCOPE = "training_scope"
    DEIDENTIFIED_USE = "deidentified_use"
    SERVICE_IMPROVEMENT = "service_improvement"
    VENDOR_ROLE = "vendor_role"
    RETENTION = "retention"
    AUDIT_RIGHTS = "audit_rights"
    CHANGE_NOTICE = "change_notice"
    FEEDBACK_LICENSE = "feedback_license"
    OUTPUT_OWNERSHIP = "output_ownership"
    HUMAN_REVIEW = "human_review"


class TrainingUse(StrEnum):
    PROHIBITED = "prohibited"
    OPT_IN = "opt_in"
    OPT_OUT = "opt_out"
    PERMITTED = "permitted"
    SILENT = "silent"


class TrainingScope(StrEnum):
    PRIVATE = "private"
    FOUNDATIONAL = "foundational"
    UNSPECIFIED = "unspecified"
    NOT_APPLICABLE = "not_applicable"


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


class VendorRole(StrEnum):
    PROCESSOR = "processor"
    CONTROLLER = "controller"
    BOTH = "both"
    UNSPECIFIED = "unspecified"


class Retention(StrEnum):
    FIXED_PERIOD = "fixed_period"
    ON_REQUEST_OR_TERMINATION = "on_request_or_termination"
    UNSPECIFIED = "unspecified"


class AuditRights(StrEnum):
    AUDIT = "audit"
    REPORTS_ONLY = "reports_only"
    NONE = "none"


class ChangeNotice(StrEnum):
    CONSENT_REQUIRED = "consent_required"
    ADVANCE_NOTICE = "advance_notice"
    POSTING_ONLY = "posting_only"
    SILENT = "silent"


class OutputOwnership(StrEnum):
    CUSTOMER = "customer"
    PROVIDER = "provider"
    UNSPECIFIED = "unspecified"


# Any question's position; which ones a question allows is `POSITIONS[question]`.
Position = (
    TrainingUse
    | TrainingScope
    | YesNo
    | VendorRole
    | Retention
    | AuditRights
    | ChangeNotice
    | OutputOwnership
)

POSITIONS: dict[QuestionId, type[Position]] = {
    QuestionId.TRAINING_USE: TrainingUse,
    QuestionId.TRAINING_SCOPE: TrainingScope,
    QuestionId.DEIDENTIFIED_USE: YesNo,
    QuestionId.SERVICE_IMPROVEMENT: YesNo,
    QuestionId.VENDOR_ROLE: VendorRole,
    QuestionId.RETENTION: Retention,
    QuestionId.AUDIT_RIGHTS: AuditRights,
    QuestionId.CHANGE_NOTICE: ChangeNotice,
    QuestionId.FEEDBACK_LICENSE: YesNo,
    QuestionId.OUTPUT_OWNERSHIP: OutputOwnership,
    QuestionId.HUMAN_REVIEW: YesNo,
}

# Positions that claim nothing and so need no evidence (spec: review-output.md).
NEUTRAL_POSITIONS = frozenset({"silent", "unspecified", "no", "none", "not_applicable"})

# What a question answers when nothing in the document speaks to it.
DEFAULT_POSITION: dict[QuestionId, Position] = {
    QuestionId.TRAINING_USE: TrainingUse.SILENT,
    QuestionId.TRAINING_SCOPE: TrainingScope.NOT_APPLICABLE,
    QuestionId.DEIDENTIFIED_USE: YesNo.NO,
    QuestionId.SERVICE_IMPROVEMENT: YesNo.NO,
    QuestionId.VENDOR_ROLE: VendorRole.UNSPECIFIED,
    QuestionId.RETENTION: Retention.UNSPECIFIED,
    QuestionId.AUDIT_RIGHTS: AuditRights.NONE,
    QuestionId.CHANGE_NOTICE: ChangeNotice.SILENT,
    QuestionId.FEEDBACK_LICENSE: YesNo.NO,
    QuestionId.OUTPUT_OWNERSHIP: OutputOwnership.UNSPECIFIED,
    QuestionId.HUMAN_REVIEW: YesNo.NO,
}


def position_of(question: QuestionId, value: str) -> Position:
    """`value` as one of `question`'s positions; a ValueError names a position it does not have."""
    return POSITIONS[question](value)
