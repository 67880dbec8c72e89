"""PLACEHOLDER (question: retention): being written."""

from __future__ import annotations

from collections.abc import Iterator

from datarights.detect.base import Detector
from datarights.detect.findings import Hit
from datarights.detect.language import DocumentView
from datarights.detect.questions import QuestionId


def detect(view: DocumentView) -> Iterator[Hit]:
    return iter(())


DETECTOR = Detector(QuestionId("retention"), 0, detect)
