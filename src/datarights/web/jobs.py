"""Reviews of large uploads, run off the request path.

A 20 MB contract takes many seconds to review; done inside the upload request it held a
server thread (and the client) that long with no sign of life. An upload over
`Settings.background_bytes` is stored at once and reviewed here, in one background
thread (reviews are CPU-bound: more threads would only share the same core), while the
client polls `/api/documents/{sha256}/status` or watches `/documents/{sha256}/progress`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum

from datarights.errors import DatarightsError, InternalError

log = logging.getLogger(__name__)


class Stage(StrEnum):
    QUEUED = "queued"
    READING = "reading"  # ingest and structure
    REVIEWING = "reviewing"  # the detectors
    ASSESSING = "assessing"
    REGISTERING = "registering"
    DONE = "done"
    FAILED = "failed"


# Share of the work done when a stage starts (reading and reviewing dominate).
PROGRESS = {
    Stage.QUEUED: 0.0,
    Stage.READING: 0.02,
    Stage.REVIEWING: 0.35,
    Stage.ASSESSING: 0.9,
    Stage.REGISTERING: 0.95,
    Stage.DONE: 1.0,
    Stage.FAILED: 1.0,
}
_KEEP_FINISHED = 256  # finished jobs remembered for their status, oldest dropped first


@dataclass
class Job:
    sha256: str
    name: str
    size: int
    stage: Stage = Stage.QUEUED
    submitted: float = field(default_factory=time.monotonic)
    finished: float | None = None
    failure: DatarightsError | None = None
    version_id: int | None = None

    @property
    def running(self) -> bool:
        return self.stage not in (Stage.DONE, Stage.FAILED)

    @property
    def progress(self) -> float:
        return PROGRESS[self.stage]

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.submitted

    def advance(self, stage: Stage) -> None:
        self.stage = stage


Work = Callable[[Job], None]


class Jobs:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datarights-review")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(self, sha256: str, name: str, size: int, work: Work) -> Job:
        """Queue `work` for this document, unless it is already queued or running."""
        with self._lock:
            current = self._jobs.get(sha256)
            if current is not None and current.running:
                return current
            job = Job(sha256, name, size)
            self._jobs[sha256] = job
            self._forget_old()
        self._executor.submit(self._run, job, work)
        log.info("queued review sha256=%s bytes=%d", sha256[:12], size)
        return job

    def get(self, sha256: str) -> Job | None:
        with self._lock:
            return self._jobs.get(sha256)

    def running(self, sha256: str) -> bool:
        job = self.get(sha256)
        return job is not None and job.running

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job, work: Work) -> None:
        try:
            work(job)
            job.stage = Stage.DONE
        except DatarightsError as error:
            job.failure = error
            job.stage = Stage.FAILED
        except Exception as error:  # recorded against the job: the status endpoint reports it
            log.exception("internal error in background review sha256=%s", job.sha256[:12])
            job.failure = InternalError.wrap(error)
            job.stage = Stage.FAILED
        finally:
            job.finished = time.monotonic()
            log.info(
                "background review sha256=%s stage=%s seconds=%.1f", job.sha256[:12], job.stage, job.elapsed
            )

    def _forget_old(self) -> None:
        finished = [sha for sha, job in self._jobs.items() if not job.running]
        for sha in finished[: max(0, len(finished) - _KEEP_FINISHED)]:
            del self._jobs[sha]
