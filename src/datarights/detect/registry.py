"""Every detector, declared in one place: one per question of spec/questions.md."""

from __future__ import annotations

from datarights.detect import (
    audit_rights,
    change_notice,
    deidentified_use,
    feedback_license,
    human_review,
    output_ownership,
    retention,
    service_improvement,
    training_scope,
    training_use,
    vendor_role,
)
from datarights.detect.base import Detector

DETECTORS: tuple[Detector, ...] = (
    training_use.DETECTOR,
    training_scope.DETECTOR,
    deidentified_use.DETECTOR,
    service_improvement.DETECTOR,
    vendor_role.DETECTOR,
    retention.DETECTOR,
    audit_rights.DETECTOR,
    change_notice.DETECTOR,
    feedback_license.DETECTOR,
    output_ownership.DETECTOR,
    human_review.DETECTOR,
)
