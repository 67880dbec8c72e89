"""Format detection, size limits and dispatch to one reader per format."""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from datarights.errors import (
    CorruptDocument,
    FileNotFound,
    FileTooLarge,
    IngestError,
    UnsupportedFormat,
    megabytes,
)
from datarights.ingest.collection import collection_paused
from datarights.ingest.options import IngestOptions
from datarights.model import Format, RawDocument

# What the parsing libraries raise on malformed input (lxml's errors are ValueError/SyntaxError
# subclasses; pypdfium2's PdfiumError is a RuntimeError), beyond those `load_bytes` names itself.
_LIBRARY_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    KeyError,
    IndexError,
    OSError,
    UnicodeError,
    SyntaxError,
    RuntimeError,
    ArithmeticError,
    struct.error,
)
_LIBRARIES = frozenset({"lxml", "pypdfium2", "zipfile", "markdown_it", "charset_normalizer", "html5lib"})

_EXTENSIONS = {
    ".pdf": Format.PDF,
    ".docx": Format.DOCX,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
}


def detect_format(path: Path, head: bytes) -> Format:
    """Sniff the content; fall back to the extension for text-like formats."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return Format.PDF
    suffix = path.suffix.lower()
    # Password-protected Office files are OLE containers, not zips; the DOCX reader says "encrypted".
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and suffix == ".docx":
        return Format.DOCX
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".docx", ""):
            return Format.DOCX
        raise UnsupportedFormat(f"zip archive with extension {suffix!r} is not a DOCX", path=path)
    by_extension = _EXTENSIONS.get(suffix)
    if by_extension in (Format.PDF, Format.DOCX):
        kind = "PDF" if by_extension is Format.PDF else "DOCX"
        raise CorruptDocument(
            f"not a valid {kind} file (wrong signature; truncated or mislabelled?)", path=path
        )
    if by_extension is not None:
        return by_extension
    sniff = head[:2048].lstrip().lower()
    if sniff.startswith((b"<!doctype html", b"<html")) or b"<body" in sniff:
        return Format.HTML
    if suffix == "" or suffix in (".rtf", ".doc"):
        if suffix in (".rtf", ".doc"):
            raise UnsupportedFormat(f"{suffix} files are not supported; save as .docx or .pdf", path=path)
        return Format.TEXT
    raise UnsupportedFormat(f"unknown file type {suffix!r}", path=path)


def read_bytes(path: Path, options: IngestOptions) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileNotFound("no such file", path=path) from None
    except OSError as error:
        raise IngestError(f"cannot read file: {error.strerror}", path=path) from None
    if not path.is_file():
        raise UnsupportedFormat("not a regular file", path=path)
    if size > options.max_bytes:
        raise FileTooLarge(
            f"file is {megabytes(size)} MB, over the {megabytes(options.max_bytes)} MB limit", path=path
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read file: {error.strerror}", path=path) from None


Reader = Callable[[Path, bytes, str, IngestOptions], RawDocument]


def _reader(fmt: Format) -> Reader:
    # Imported lazily so that reading Markdown never pays for PDF or DOCX libraries.
    if fmt is Format.PDF:
        from datarights.ingest.pdf import read_pdf

        return read_pdf
    if fmt is Format.DOCX:
        from datarights.ingest.docx import read_docx

        return read_docx
    if fmt is Format.HTML:
        from datarights.ingest.html import read_html

        return read_html
    if fmt is Format.MARKDOWN:
        from datarights.ingest.markdown import read_markdown

        return read_markdown
    from datarights.ingest.text import read_text

    return read_text


def load(path: Path | str, options: IngestOptions | None = None) -> RawDocument:
    """Read one file into blocks. Raises only `IngestError` subclasses."""
    options = options or IngestOptions()
    path = Path(path)
    return load_bytes(path, read_bytes(path, options), options)


def load_bytes(path: Path, data: bytes, options: IngestOptions | None = None) -> RawDocument:
    """Read `data` (the content of `path`) into blocks. Raises only `IngestError` subclasses:
    this is the ingest boundary, where every library's exceptions become ours."""
    options = options or IngestOptions()
    if len(data) > options.max_bytes:
        raise FileTooLarge(
            f"file is {megabytes(len(data))} MB, over the {megabytes(options.max_bytes)} MB limit", path=path
        )
    if not data.strip():
        raise CorruptDocument("file is empty", path=path)
    fmt = detect_format(path, data[:4096])
    sha256 = hashlib.sha256(data).hexdigest()
    reader = _reader(fmt)
    try:
        with collection_paused() if fmt is not Format.PDF else nullcontext():
            return reader(path, data, sha256, options)
    except IngestError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError) as error:
        raise CorruptDocument(f"damaged archive: {error}", path=path) from None
    except NotImplementedError as error:
        # zipfile's answer to a compression method or "version needed to extract" it lacks.
        raise CorruptDocument(f"unsupported zip feature: {error}", path=path) from None
    except RecursionError:
        raise CorruptDocument("document nesting is too deep to read", path=path) from None
    except MemoryError:
        raise FileTooLarge("the document needs more memory to read than is available", path=path) from None
    except Exception as error:
        # Readers map the errors they expect; anything else a parsing library raises is still a
        # bad file, not a crash. Our own bugs (TypeError, AttributeError, …) stay visible.
        if not isinstance(error, _LIBRARY_ERRORS) and not _raised_by_library(error):
            raise
        raise CorruptDocument(
            f"cannot read {fmt.value} file: {type(error).__name__}: {error}", path=path
        ) from None


def _raised_by_library(error: Exception) -> bool:
    return type(error).__module__.split(".")[0] in _LIBRARIES
