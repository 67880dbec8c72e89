"""Ingest: read a file of any supported format into a `RawDocument` of blocks.

`load(path)` picks the reader by content sniffing first and file extension
second, enforces the size limit, and maps every library error to the
`IngestError` tree so callers only ever see our errors.
"""

from __future__ import annotations

from datarights.ingest.api import detect_format, load, read_bytes
from datarights.ingest.options import IngestOptions

__all__ = ["IngestOptions", "detect_format", "load", "read_bytes"]
