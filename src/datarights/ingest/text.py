"""Plain text in any common encoding: paragraphs are separated by blank lines."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from charset_normalizer import from_bytes

from datarights.errors import CorruptDocument, TextDecodeError
from datarights.ingest.options import IngestOptions
from datarights.model import Block, BlockKind, Format, RawDocument

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n+")
_CLAUSE_START = re.compile(
    r"(?:(?:section|article|clause)\s+|§\s*)?"
    r"(?:(?:\d{1,3}(?:\.\d{1,3})*\.?|\([a-z0-9]{1,4}\))(?:\s*(?:[–—:|]|-{1,2}))?\s"
    # A title glued to a dotted number: "2.4Feedback", "2.4.Feedback", "2.Feedback".
    r"|\d{1,3}(?:\.\d{1,3})*(?:\.\d{1,3}|\.)(?=(?-i:[A-Z][a-z])))",
    re.I,
)
_MAX_WRAP_WIDTH = 100
# In wrapped prose every line but the last fills most of the width.
_WRAP_FILL = 0.6
_MAX_HEADING_CHARS = 90
# "2.4 Feedback", "Section 2.4 – Feedback", "§ 2.4 Feedback", "Article 7 — Data", "2.4.Feedback".
_NUMBERED_HEADING = re.compile(
    r"^(?:(?:section|article)\s+|§\s*)?"
    r"(?:[\dIVXL]+(?:\.\d+)*\.?(?:\s*(?:[–—:|]|-{1,2}))?\s+|\d+(?:\.\d+)*(?:\.\d+|\.)(?=(?-i:[A-Z][a-z])))"
    r"[A-Z][^.]{0,80}$",
    re.I,
)


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
    """Paragraphs split at blank lines; inside a chunk, at lines that cannot be wrapped prose.

    Hard-wrapped prose (lines of similar width) is joined, so re-wrapping the source
    never changes the structure. Lines of very different length ("Order Form" above a
    long sentence) are one paragraph each, as are lines opening with a clause number
    after a line that ended a sentence.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for chunk in _BLANK_LINES.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        for paragraph in _paragraphs(lines):
            blocks.append(_block(paragraph))
    return blocks


# A line this long that stops without punctuation was cut by wrapping, not ended.
_CONTINUED_LINE = 60


def _paragraphs(lines: list[str]) -> list[str]:
    if len(lines) < 2:
        return lines
    width = max(len(line) for line in lines)
    wrapped = width <= _MAX_WRAP_WIDTH and all(len(line) >= width * _WRAP_FILL for line in lines[:-1])
    # Each paragraph is gathered as a list of lines and joined once: appending to a string
    # held in a list copies it every time, which made a long unbroken text quadratic.
    groups = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        if wrapped:
            continues = not (_CLAUSE_START.match(line) and previous.endswith((".", ":", ";")))
        else:
            # One paragraph per line, except a long line cut mid-sentence continues on the next.
            continues = (
                len(previous) >= _CONTINUED_LINE
                and not previous.endswith((".", ":", ";", "!", "?"))
                and not _CLAUSE_START.match(line)
            )
        if continues:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [" ".join(group) for group in groups]


def _block(paragraph: str) -> Block:
    is_heading = (
        len(paragraph) <= _MAX_HEADING_CHARS
        and not paragraph.endswith((".", ";", ",", ":"))
        and (paragraph.isupper() or bool(_NUMBERED_HEADING.match(paragraph)))
    )
    # Level 0: a heading by its look only; structure nests it by its number or context.
    return Block(BlockKind.HEADING if is_heading else BlockKind.PARAGRAPH, paragraph, level=0)


def read_text(path: Path, data: bytes, sha256: str, options: IngestOptions) -> RawDocument:
    text = decode_text(path, data)
    if _printable_ratio(text) < 0.9:
        raise CorruptDocument("binary data, not text", path=path)
    blocks = text_to_blocks(text)
    if not blocks:
        raise CorruptDocument("no text found", path=path)
    return RawDocument(path=str(path), format=Format.TEXT, sha256=sha256, blocks=tuple(blocks))
