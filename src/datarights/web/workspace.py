"""Where the web app's documents live and how they are opened.

An upload is type-checked (ingest's own sniffing), size-checked, and kept as
`uploads/<sha256>/<name>` so it can be shown, re-reviewed and redlined later.
A document is named by its sha256 everywhere in the app; stored register
versions are found by the same hash and opened from the text the register kept
when it reviewed them, so their files may since have moved or gone. A version
stored before the register kept text is read from its file while that is
unchanged; otherwise `TextNotStored` says how to fill the text in. Opened reviews
are cached in memory.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from datarights.assess.model import Assessment
from datarights.errors import CorruptDocument, FileTooLarge, UnsupportedFormat, megabytes
from datarights.ingest import IngestOptions, detect_format
from datarights.model import Document
from datarights.model.review import Review
from datarights.pipeline import Step, review_and_assess
from datarights.store.assessing import stored_assessment
from datarights.store.content import rebuild_document
from datarights.store.register import Register
from datarights.store.types import AddResult, VersionInfo
from datarights.web import components
from datarights.web.errors import NotFound, TextNotStored
from datarights.web.jobs import Jobs, Stage
from datarights.web.settings import Settings

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_CACHE_SIZE = 32
_STAGES = {Step.READ: Stage.READING, Step.REVIEW: Stage.REVIEWING, Step.ASSESS: Stage.ASSESSING}


@dataclass(frozen=True)
class Opened:
    """A document read and judged: its review, and its assessment when the engine is installed."""

    sha256: str
    name: str
    source: Path | None  # the file read (an upload or a register version's file); None: stored text
    review: Review
    assessment: Assessment | None
    stored_text: bool = False  # opened from the text the register kept, not from a file


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    name: str
    size: int


def safe_name(filename: str) -> str:
    """A file name safe to store and show: its last path part, plain characters, an allowed suffix."""
    base = re.split(r"[\\/]", filename or "")[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.lower() if suffix else ""
    if suffix not in ALLOWED_SUFFIXES:
        raise UnsupportedFormat(
            f"uploads must be one of {' '.join(ALLOWED_SUFFIXES)} (got {suffix or 'no extension'!r})"
        )
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:80] or "document"
    return stem + suffix


def check_upload(name: str, data: bytes, max_bytes: int) -> None:
    """Size and type, before anything parses the file; raises ingest's own errors."""
    if len(data) > max_bytes:
        raise FileTooLarge(f"the file is {megabytes(len(data))} MB, over the {megabytes(max_bytes)} MB limit")
    if not data.strip():  # the same error, and wording, as the CLI's
        raise CorruptDocument("file is empty")
    fmt = detect_format(Path(name), data[:4096])  # PDF/DOCX signatures must match their extension
    if fmt.value in ("markdown", "text", "html") and b"\x00" in data[:4096]:
        raise UnsupportedFormat(f"a {fmt.value} file must be text, and this one is binary")


class Workspace:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.uploads = settings.uploads
        self._register: Register | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Opened] = OrderedDict()
        self.jobs = Jobs()

    # ---------------------------------------------------------------- register

    @property
    def register(self) -> Register:
        with self._lock:
            if self._register is None:
                self._register = Register(
                    self.settings.db_url,
                    playbook=self.settings.playbook,
                    keep_originals=self.settings.keep_originals_bytes,
                )
            return self._register

    def close(self) -> None:
        self.jobs.close()
        if self._register is not None:
            self._register.close()

    # ------------------------------------------------------------------- files

    def save(self, filename: str, data: bytes) -> StoredFile:
        name = safe_name(filename)
        check_upload(name, data, self.settings.max_upload_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        folder = self.uploads / sha256
        existing = self._stored(sha256)
        if existing is None:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        log.info(
            "upload sha256=%s bytes=%d suffix=%s new=%s",
            sha256[:12],
            len(data),
            Path(name).suffix,
            existing is None,
        )
        return StoredFile(sha256, existing.name if existing else name, len(data))

    def _stored(self, sha256: str) -> Path | None:
        folder = self.uploads / sha256
        if not folder.is_dir():
            return None
        return next((p for p in sorted(folder.iterdir()) if p.is_file()), None)

    def files(self) -> list[StoredFile]:
        if not self.uploads.is_dir():
            return []
        found = []
        for folder in self.uploads.iterdir():
            if SHA256_RE.match(folder.name) and (path := self._stored(folder.name)) is not None:
                found.append((path.stat().st_mtime, StoredFile(folder.name, path.name, path.stat().st_size)))
        return [f for _, f in sorted(found, key=lambda item: item[0], reverse=True)]

    def source(self, sha256: str) -> Path | None:
        """The upload holding this content, else None (the register is asked next)."""
        if not SHA256_RE.match(sha256):
            raise NotFound("a document is named by the 64-character sha256 of its file")
        return self._stored(sha256)

    def _version_file(self, versions: list[VersionInfo], sha256: str) -> Path | None:
        """A register version's file, if it is still where it was and unchanged."""
        for version in versions:
            path = Path(version.path)
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
                return path
        return None

    def original(self, opened: Opened) -> bytes | None:
        """The file's bytes for a document opened from stored text, when the register kept them."""
        if opened.source is not None or not opened.stored_text:
            return None
        stored = self.register.document_text(opened.sha256, original=True)
        return stored.original if stored is not None else None

    # ---------------------------------------------------------------- examples

    @staticmethod
    def examples() -> list[str]:
        folder = resources.files("datarights") / "examples"
        return sorted(p.name for p in folder.iterdir() if p.name.endswith(ALLOWED_SUFFIXES))

    def add_example(self, name: str) -> StoredFile:
        if name not in self.examples():
            raise NotFound(f"no bundled example {name!r}")
        data = (resources.files("datarights") / "examples" / name).read_bytes()
        return self.save(name, data)

    # ----------------------------------------------------------------- reading

    def open(self, sha256: str, on_stage: Callable[[Stage], None] | None = None) -> Opened:
        """The document's review and assessment (cached). `on_stage` hears each stage start,
        for a background review's progress."""
        with self._lock:
            cached = self._cache.get(sha256)
            if cached is not None:
                self._cache.move_to_end(sha256)
                return cached
        stage = on_stage or (lambda _stage: None)
        stage(Stage.READING)

        source = self.source(sha256)
        name = source.name if source is not None else ""
        started = time.perf_counter()
        options = IngestOptions(max_bytes=max(self.settings.max_upload_bytes, 50 * 1024 * 1024))
        document: Document | None = None
        if source is None:
            stored = self.register.document_text(sha256)
            if stored is not None:
                document = rebuild_document(stored)
                name = stored.original_name or Path(stored.path).name
            else:
                versions = self.register.find_sha256(sha256) if SHA256_RE.match(sha256) else []
                versions = [v for v in versions if v.sha256 == sha256]
                source = self._version_file(versions, sha256)
                if source is None:
                    raise _missing(sha256, versions)
                name = source.name
        from_text = document is not None
        target: Path | Document | None = document if document is not None else source
        assert target is not None
        processed = review_and_assess(
            target,
            options,
            components.playbook(self.settings.playbook),
            on_step=lambda step: stage(_STAGES[step]),
        )
        assert processed is not None  # no on_error: failures raise to the caller's error handler
        review, assessment = processed.review, processed.assessment
        opened = Opened(sha256, name, source, review, assessment, stored_text=from_text)
        log.info(
            "opened sha256=%s chars=%d from=%s assessed=%s ms=%.1f",
            sha256[:12],
            len(review.document.text),
            "register-text" if from_text else "file",
            assessment is not None,
            (time.perf_counter() - started) * 1000,
        )
        with self._lock:
            self._cache[sha256] = opened
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return opened

    def add_to_register(
        self, opened: Opened, counterparty: str, doc_type: str | None = None, effective: date | None = None
    ) -> AddResult:
        # The assessment made when the document was opened: same review, same playbook.
        assessment = opened.assessment
        stored = stored_assessment(assessment, self.settings.playbook) if assessment is not None else None
        return self.register.add_review(
            opened.review,
            counterparty=counterparty,
            doc_type=doc_type,
            effective=effective,
            assessment=stored,
        )

    def forget(self, sha256: str) -> None:
        """Drop an upload (not its register versions)."""
        with self._lock:
            self._cache.pop(sha256, None)
        if SHA256_RE.match(sha256):
            shutil.rmtree(self.uploads / sha256, ignore_errors=True)


def _missing(sha256: str, versions: list[VersionInfo]) -> NotFound | TextNotStored:
    """Why a document cannot be opened: unknown, or stored before the register kept text."""
    if not versions:
        return NotFound(
            f"no document with sha256 {sha256[:12]}… (it is not among the uploads or in the register)"
        )
    names = ", ".join(f"version {v.id} of {v.counterparty}" for v in versions)
    return TextNotStored(
        f"{names} was stored before the register kept the text it reviewed, and its file "
        f"({Path(versions[0].path).name}) is no longer where it was added from, unchanged. "
        "Its answers and grade are still in the register; only the text is missing."
    )
