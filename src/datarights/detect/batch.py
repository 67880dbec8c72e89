"""Review many files, in parallel processes when asked, keeping every failure."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from datarights.detect.engine import Review, review_path
from datarights.errors import DatarightsError, InternalError
from datarights.ingest import IngestOptions
from datarights.workers import worker_pool

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    review: Review | None
    error: DatarightsError | None


def _review_one(path: Path, options: IngestOptions) -> Outcome:
    try:
        return Outcome(path, review_path(path, options), None)
    except DatarightsError as error:
        return Outcome(path, None, error)
    except Exception as error:  # a bug on one odd file must not cost the rest of the batch
        log.exception("internal error reviewing file=%s", path.name)
        return Outcome(path, None, InternalError.wrap(error, path))


def review_many(paths: Sequence[Path], options: IngestOptions, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order; a failure never stops the rest."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _review_one(path, options)
        return
    with worker_pool(jobs) as pool:  # torn down on SIGTERM/SIGINT; dies with its parent
        yield from pool.map(_review_one, paths, [options] * len(paths), chunksize=1)
