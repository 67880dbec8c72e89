"""Review and assess many files, in worker processes when asked; the register commits
each one as it finishes, so an interrupted run loses nothing and redoes nothing."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path

from datarights.detect.engine import Review, review_path
from datarights.errors import DatarightsError
from datarights.ingest import IngestOptions
from datarights.store.assessing import StoredAssessment, assess_review
from datarights.store.types import AddRequest
from datarights.workers import worker_pool

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset(
    {".pdf", ".docx", ".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text"}
)


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    error: str  # class name
    message: str
    exit_code: int


@dataclass(frozen=True, slots=True)
class Reviewed:
    request: AddRequest
    review: Review | None
    assessment: StoredAssessment | None
    error: ErrorInfo | None


def file_sha256(path: Path) -> str | None:
    """The content key, as ingest computes it; None when the file cannot be read (ingest will say why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def review_request(request: AddRequest, options: IngestOptions, playbook: str) -> Reviewed:
    """Review and assess one file; any failure becomes a recorded error, never a lost batch."""
    try:
        review = review_path(request.path, options)
    except DatarightsError as error:
        return Reviewed(request, None, None, ErrorInfo(type(error).__name__, error.message, error.exit_code))
    except Exception as error:  # a bug on one odd file must not cost the rest of the batch
        log.exception("internal error reviewing file=%s", request.path.name)
        return Reviewed(request, None, None, ErrorInfo(type(error).__name__, f"internal error: {error}", 1))
    try:
        assessment = assess_review(review, playbook)
    except Exception as error:
        log.exception("internal error assessing sha256=%s", review.document.sha256[:12])
        return Reviewed(
            request, None, None, ErrorInfo(type(error).__name__, f"assessment failed: {error}", 1)
        )
    return Reviewed(request, review, assessment, None)


def review_requests(
    requests: Sequence[AddRequest], options: IngestOptions, playbook: str, jobs: int = 1
) -> Iterator[Reviewed]:
    """Outcomes as they finish (input order when jobs is 1)."""
    if jobs <= 1 or len(requests) <= 1:
        for request in requests:
            yield review_request(request, options, playbook)
        return
    with worker_pool(jobs) as pool:  # torn down on SIGTERM/SIGINT; dies with its parent
        queue = iter(requests)
        running: set[Future[Reviewed]] = set()
        for request in queue:  # keep at most 2 per worker queued, so an interrupt wastes little
            running.add(pool.submit(review_request, request, options, playbook))
            if len(running) >= jobs * 2:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                nxt = next(queue, None)
                if nxt is not None:
                    running.add(pool.submit(review_request, nxt, options, playbook))


_DATED = re.compile(r"[-_ ]*\d{4}-\d{2}-\d{2}[-_ ]*")


def counterparty_from_name(path: Path) -> str:
    name = _DATED.sub(" ", path.stem).strip(" -_")
    return name or path.stem


def scan_requests(
    directory: Path, counterparty: str | None = None, doc_type: str | None = None
) -> list[AddRequest]:
    """Supported files under `directory`, in a stable order. Each immediate subfolder is a
    counterparty (`history/Zoom-Terms-of-Service/2023-08-07.md`); a file directly in the
    folder names its own (`acme-msa.pdf` → `acme-msa`); `counterparty` overrides both."""
    requests = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        relative = path.relative_to(directory)
        name = counterparty or (
            relative.parts[0] if len(relative.parts) > 1 else counterparty_from_name(path)
        )
        requests.append(AddRequest(path, name, doc_type))
    return requests


def unsupported_files(directory: Path) -> list[Path]:
    """Files under `directory` a scan leaves out for their type (hidden files are not counted)."""
    return [
        path
        for path in sorted(directory.rglob("*"))
        if path.is_file()
        and path.suffix.lower() not in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    ]


def requests_for(paths: Iterable[Path], counterparty: str, doc_type: str | None = None) -> list[AddRequest]:
    return [AddRequest(path, counterparty, doc_type) for path in paths]
