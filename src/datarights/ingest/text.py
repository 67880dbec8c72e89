"""Plain text in any common encoding: paragraphs are separated by blank lines."""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from datarights.errors import CorruptDocument, TextDecodeError
from datarights.ingest.api import IngestOptions
from datarights.model import Block, BlockKind, Format, RawDocument

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n+")
_NUMBERED_HEADING = re.compile(r"^(?:(?:section|article)\s+)?[\dIVXL]+(?:\.\d+)*\.?\s+[A-Z][^.]{0,80}$", re.I)


def decode_text(path: Path, data: bytes) -> str:
    """Decode bytes by BOM, then UTF-8, then the most plausible legacy encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if b"\x00" in data[:4096]:
        # Unmarked UTF-16 has NULs every other byte; anything else with NULs is binary.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _printable_ratio(text) > 0.95:
                return text
        raise CorruptDocument("binary data, not text", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise TextDecodeError("cannot determine the text encoding", path=path)
    text = str(best)
    if _printable_ratio(text) < 0.9:
        raise TextDecodeError(f"text does not decode cleanly (best guess {best.encoding})", path=path)
    return text


def _printable_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 1.0
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return good / len(sample)


def text_to_blocks(text: str) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for chunk in _BLANK_LINES.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        joined = " ".join(lines)
        is_heading = (
            len(lines) == 1
            and len(joined) <= 90
            and not joined.endswith((".", ";", ",", ":"))
            and (joined.isupper() or bool(_NUMBERED_HEADING.match(joined)))
        )
        blocks.append(
            Block(
                BlockKind.HEADING if is_heading else BlockKind.PARAGRAPH, joined, level=2 if is_heading else 0
            )
        )
    return blocks


def read_text(path: Path, data: bytes, sha256: str, options: IngestOptions) -> RawDocument:
    text = decode_text(path, data)
    if _printable_ratio(text) < 0.9:
        raise CorruptDocument("binary data, not text", path=path)
    blocks = text_to_blocks(text)
    if not blocks:
        raise CorruptDocument("no text found", path=path)
    return RawDocument(path=str(path), format=Format.TEXT, sha256=sha256, blocks=tuple(blocks))
