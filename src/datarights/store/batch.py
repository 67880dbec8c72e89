"""Review and assess many files, in worker processes when asked; the register commits
each one as it finishes, so an interrupted run loses nothing and redoes nothing."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from datarights.errors import DatarightsError
from datarights.ingest import IngestOptions
from datarights.model.review import Review
from datarights.pipeline import review_and_assess
from datarights.store.assessing import StoredAssessment, playbook_named, stored_assessment
from datarights.store.types import AddRequest
from datarights.workers import Engine, Outcome, run_batch, run_batch_ray

SUPPORTED_SUFFIXES = frozenset(
    {".pdf", ".docx", ".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text"}
)


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    error: str  # class name
    message: str
    exit_code: int

    @classmethod
    def of(cls, error: DatarightsError) -> ErrorInfo:
        return cls(type(error).__name__, error.message, error.exit_code)


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


def _review_one(request: AddRequest, options: IngestOptions, playbook: str | None) -> Reviewed:
    """Review and assess one file through the pipeline; a failure raises (the runner records it)."""
    rules = playbook_named(playbook) if playbook is not None else None
    processed = review_and_assess(request.path, options, rules)
    assert processed is not None  # no on_error: failures raise
    assessment = processed.assessment
    stored = stored_assessment(assessment, playbook) if assessment is not None and playbook else None
    return Reviewed(request, processed.review, stored, None)


def _recorded(outcome: Outcome[AddRequest, Reviewed]) -> Reviewed:
    if outcome.failure is not None:
        return Reviewed(outcome.item, None, None, ErrorInfo.of(outcome.failure.error))
    assert outcome.result is not None
    return outcome.result


def review_request(request: AddRequest, options: IngestOptions, playbook: str | None) -> Reviewed:
    """Review and assess one file; any failure becomes a recorded error, never a lost batch."""
    return next(review_requests([request], options, playbook))


def review_requests(
    requests: Sequence[AddRequest],
    options: IngestOptions,
    playbook: str | None,
    jobs: int = 1,
    engine: Engine = Engine.LOCAL,
) -> Iterator[Reviewed]:
    """Outcomes as they finish (input order when jobs is 1 on this machine), so each can be
    committed at once. `playbook` None: reviews only. `engine` RAY reviews on a Ray cluster
    (`$RAY_ADDRESS`, else a local Ray; `jobs` is then the cluster's CPUs): the same pure review,
    the same typed failures; only the caller, on this machine, writes anything."""
    work = functools.partial(_review_one, options=options, playbook=playbook)
    label: Callable[[AddRequest], str] = _path_of
    outcomes = (
        run_batch_ray(requests, work, label=label)
        if engine is Engine.RAY
        else run_batch(requests, work, jobs=jobs, label=label, ordered=False)
    )
    for outcome in outcomes:
        yield _recorded(outcome)


def _path_of(request: AddRequest) -> str:
    return str(request.path)


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
