"""Run every registered detector over a document and resolve one answer per question."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from datarights.detect.base import Detector
from datarights.detect.doc_type import classify_document
from datarights.detect.findings import Answer
from datarights.detect.language import DocumentView
from datarights.detect.questions import QuestionId
from datarights.detect.registry import DETECTORS
from datarights.detect.resolve import in_document_order, resolve, verify, with_support
from datarights.ingest import IngestOptions
from datarights.ingest.collection import collection_paused
from datarights.model import Document
from datarights.model.review import Review as Review  # re-exported: the review's old home
from datarights.structure import read_document

log = logging.getLogger(__name__)


def view_of(review: Review) -> DocumentView:
    """What the review derived (sentences, frames, definitions), read again only when the review
    came from another process (which does not carry it)."""
    if not isinstance(review.derived, DocumentView):
        object.__setattr__(review, "derived", DocumentView.of(review.document))
    assert isinstance(review.derived, DocumentView)
    return review.derived


def _ordered(detectors: tuple[Detector, ...]) -> list[Detector]:
    """Detectors whose decisions read other answers run after those answers exist."""
    done: set[QuestionId] = set()
    ordered: list[Detector] = []
    pending = list(detectors)
    while pending:
        ready = [d for d in pending if all(n in done for n in d.needs)]
        if not ready:
            raise RuntimeError("detector dependencies form a cycle: " + ", ".join(d.name for d in pending))
        for detector in ready:
            ordered.append(detector)
            done.add(detector.question)
            pending.remove(detector)
    return ordered


_RUN_ORDER = _ordered(DETECTORS)


def review_document(document: Document) -> Review:
    with collection_paused():
        return _review(document)


def _review(document: Document) -> Review:
    started = time.perf_counter()
    view = DocumentView.of(document)
    answers: dict[QuestionId, Answer] = {}
    for detector in _RUN_ORDER:
        found = tuple(detector.detect(view))
        # Supporting hits only add evidence to the decided answer; the decision never sees them.
        hits = tuple(h for h in found if not h.supporting)
        if detector.decide is not None:
            answer = detector.decide(view, hits, answers)
        else:
            answer = resolve(detector.question, detector.name, hits)
        answer = with_support(answer, (h for h in found if h.supporting))
        answers[detector.question] = verify(answer, document.text)
    elapsed = (time.perf_counter() - started) * 1000
    log.info(
        "reviewed sha256=%s chars=%d answers=%d ms=%.1f",
        document.sha256[:12],
        len(document.text),
        len(answers),
        elapsed,
    )
    # Decisions above read each other's evidence in citation order; what is reported is in document order.
    ordered = {q: in_document_order(answers[q], document.text) for q in QuestionId}
    return Review(document, classify_document(document), ordered, elapsed, view)


def review_path(path: Path | str, options: IngestOptions | None = None) -> Review:
    return review_document(read_document(path, options))
