"""What a reader may be asked to do: a module of its own, so the readers and the dispatch in
`ingest.api` both import it and not each other."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from datarights.errors import CorruptDocument

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    # Inflated size allowed for the parts of a DOCX (zip bomb guard).
    max_unzipped_bytes: int = 200 * 1024 * 1024
    ocr: bool = True
    password: str | None = None


def open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(BytesIO(data))
    except NotImplementedError as error:  # e.g. "zip file version 9.9" in the central directory
        raise CorruptDocument(
            f"zip/DOCX package uses a feature that cannot be read ({error})", path=path
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise CorruptDocument("not a valid zip/DOCX package (truncated or corrupt)", path=path) from None
