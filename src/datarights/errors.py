"""Errors datarights raises, each naming the file and the problem.

    DatarightsError
    ├── IngestError                 (a file could not be read into a Document)
    │   ├── FileNotFound            exit 10
    │   ├── UnsupportedFormat       exit 11
    │   ├── FileTooLarge            exit 12
    │   ├── EncryptedDocument       exit 13
    │   ├── NoTextLayer             exit 14  (scanned PDF and no OCR available)
    │   ├── CorruptDocument         exit 15  (truncated, malformed, binary junk)
    │   ├── ArchiveBomb             exit 16  (DOCX whose parts inflate past the limit)
    │   └── TextDecodeError         exit 17  (no plausible text encoding)
    ├── LabelError                  exit 20  (an evaluation label file is malformed)
    ├── ConfigError                 exit 21  (a playbook or option is invalid)
    ├── OverlappingEdits            exit 23  (two redline edits touch the same text)
    ├── InternalError               exit 70  (a bug met on one file; the rest of a batch goes on)
    └── AuditError                  (a leakage audit could not run)
        ├── RecordsUnreadable       exit 30  (records, outputs or a manifest cannot be read)
        └── ScorerFailed            exit 31  (the scorer command failed or printed bad scores)

The CLI maps each class to its exit code; a batch with several different
failures exits with 1. Library errors are mapped at the ingest boundary so no
third-party exception escapes to callers.
"""

from __future__ import annotations

from pathlib import Path

MB = 1024 * 1024  # what --max-size and --max-upload count in


def megabytes(size: int | float) -> str:
    """A size in the MB the options are given in: 20 MB limit reads "20", not "21"."""
    return f"{size / MB:.1f}".removesuffix(".0")


class DatarightsError(Exception):
    """Base of every error datarights raises on purpose."""

    exit_code = 1
    hint = ""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class IngestError(DatarightsError):
    exit_code = 10


class FileNotFound(IngestError, FileNotFoundError):
    exit_code = 10


class UnsupportedFormat(IngestError):
    exit_code = 11
    hint = "supported: .pdf .docx .html .htm .md .markdown .txt"


class FileTooLarge(IngestError):
    exit_code = 12
    hint = "raise the limit with --max-size if the file is genuine"


class EncryptedDocument(IngestError):
    exit_code = 13
    hint = "remove the password protection and try again"


class NoTextLayer(IngestError):
    exit_code = 14
    hint = "install Tesseract (apt-get install tesseract-ocr) to read scanned pages"


class CorruptDocument(IngestError):
    exit_code = 15


class ArchiveBomb(IngestError):
    exit_code = 16


class TextDecodeError(IngestError, UnicodeError):
    exit_code = 17


class LabelError(DatarightsError, ValueError):
    exit_code = 20


class ConfigError(DatarightsError, ValueError):
    exit_code = 21


class OverlappingEdits(DatarightsError, ValueError):
    """Two edits touch the same text; merge them before applying."""

    exit_code = 23


class InternalError(DatarightsError):
    """An unexpected exception while handling one file: recorded against that file so the
    rest of a batch is not lost, and reported as a bug rather than as a bad document."""

    exit_code = 70
    hint = "this is a bug in datarights; please report it with the file if you can"

    @classmethod
    def wrap(cls, error: BaseException, path: Path | str | None = None) -> InternalError:
        return cls(f"internal error: {type(error).__name__}: {error}", path=path)


class AuditError(DatarightsError):
    exit_code = 30


class RecordsUnreadable(AuditError, ValueError):
    """A records, outputs or canary-manifest file is missing, malformed or lacks a field."""

    exit_code = 30


class ScorerFailed(AuditError, RuntimeError):
    """The user's scorer command exited non-zero, timed out, or printed the wrong number of scores."""

    exit_code = 31
    hint = "the scorer must print one log-likelihood per input text, in order"
