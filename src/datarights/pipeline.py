"""Read, review and assess: the one assembly of the stages that the CLI, the web app and the
register all call, and the batch over many files built on `datarights.workers.run_batch`.

A failure is typed by the step it happened in (`Step.READ` for a bad file, `REVIEW`/`ASSESS`
for a bug), so callers report it the same way whether one file or a thousand were asked for.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from datarights.assess.engine import assess
from datarights.assess.model import Assessment
from datarights.assess.playbook import Playbook
from datarights.detect.engine import review_document
from datarights.errors import DatarightsError, InternalError
from datarights.ingest import IngestOptions
from datarights.model import Document, Review
from datarights.stack.model import AudienceFinding
from datarights.structure import read_document
from datarights.workers import Failure, Outcome, Progress, Step, StepFailed, run_batch

log = logging.getLogger(__name__)

Source = Path | str | Document
OnError = Callable[[Failure], None]
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Processed:
    """A document reviewed, and assessed when a playbook was given."""

    review: Review
    assessment: Assessment | None = None


def _name(source: Source) -> str:
    return source.path if isinstance(source, Document) else str(source)


def _step(step: Step, source: Source, run: Callable[[], V]) -> V:
    try:
        return run()
    except DatarightsError as error:
        raise StepFailed(Failure(_name(source), error, step)) from error
    except Exception as error:  # a bug: reported against the file and the step, never lost
        log.exception("internal error in step=%s file=%s", step.value, Path(_name(source)).name)
        raise StepFailed(Failure(_name(source), InternalError.wrap(error, _name(source)), step)) from error


def _process(
    source: Source,
    options: IngestOptions | None,
    playbook: Playbook | None,
    audience: AudienceFinding | None,
    on_step: Callable[[Step], None] | None = None,
) -> Processed:
    heard = on_step or (lambda _step: None)
    heard(Step.READ)
    if isinstance(source, Document):
        document = source
    else:
        document = _step(Step.READ, source, lambda: read_document(source, options))
    heard(Step.REVIEW)
    review = _step(Step.REVIEW, source, lambda: review_document(document))
    if playbook is None:
        return Processed(review)
    heard(Step.ASSESS)
    return Processed(review, _step(Step.ASSESS, source, lambda: assess(review, playbook, audience)))


def review_and_assess(
    source: Source,
    options: IngestOptions | None = None,
    playbook: Playbook | None = None,
    *,
    audience: AudienceFinding | None = None,
    on_error: OnError | None = None,
    on_step: Callable[[Step], None] | None = None,
) -> Processed | None:
    """Read `source` (a file, or a `Document` already read), review it, and assess it under
    `playbook` when one is given; the assessment reuses what the review derived.

    Without `on_error` a failure raises the `DatarightsError` (an `InternalError` for a bug);
    with it, the typed `Failure` goes to `on_error` and None is returned. `on_step` hears each
    step start (a web page's progress)."""
    try:
        return _process(source, options, playbook, audience, on_step)
    except StepFailed as failed:
        if on_error is None:
            raise failed.failure.error from failed.__cause__
        on_error(failed.failure)
        return None


def assessed(source: Source, playbook: Playbook, options: IngestOptions | None = None) -> Assessment:
    """`review_and_assess` for callers that want only the assessment (a failure raises)."""
    processed = review_and_assess(source, options, playbook)
    assert processed is not None and processed.assessment is not None  # no on_error: failures raise
    return processed.assessment


def process_many(
    sources: Sequence[Path],
    options: IngestOptions | None = None,
    playbook: Playbook | None = None,
    *,
    jobs: int = 1,
    skip: Callable[[Path], bool] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    ordered: bool = True,
) -> Iterator[Outcome[Path, Processed]]:
    """`review_and_assess` over many files through the one batch runner (see `run_batch` for
    `jobs`, `skip` — the resume hook — `on_progress` and `ordered`)."""
    work = functools.partial(_process, options=options, playbook=playbook, audience=None)
    return run_batch(sources, work, jobs=jobs, skip=skip, on_progress=on_progress, ordered=ordered)


__all__ = [
    "Failure",
    "OnError",
    "Outcome",
    "Processed",
    "Progress",
    "Source",
    "Step",
    "assessed",
    "process_many",
    "review_and_assess",
]
