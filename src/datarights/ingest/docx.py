"""DOCX: body paragraphs and tables in reading order, Word list labels, tracked changes.

We read the OOXML parts with a hardened lxml parser instead of python-docx's
`paragraph.text`, which silently drops text inside `w:ins`/`w:del`. The text is
the accepted (final) version: insertions and moves-to are kept, deletions and
moves-from are left out, and every change is reported as a `Revision`. Clause
numbers come from numbering.xml (see `docx_numbering`) and go in `Block.label`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from datarights.errors import ArchiveBomb, CorruptDocument, EncryptedDocument, megabytes
from datarights.ingest.docx_numbering import Numbering, Styles, W, attr, parse_styles
from datarights.ingest.options import IngestOptions, open_zip
from datarights.model import Block, BlockKind, Format, RawDocument, Revision, RevisionKind

# Encrypted OOXML is not a zip at all but an OLE compound file holding the cipher text.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A part that inflates more than this, once it is big enough to matter, is a bomb.
_MAX_RATIO = 200
_RATIO_MIN_BYTES = 10 * 1024 * 1024
_MAX_ENTRIES = 10_000

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_DEFAULT_MAIN = "word/document.xml"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_WINDOW = 4096  # a DOCTYPE can only sit in the prolog, before the root element

# A "Heading 2" paragraph that carries a whole clause ("License. During the…") is a
# clause, not a heading: only short, single-phrase paragraphs count as headings.
_HEADING_MAX_CHARS = 150
_SENTENCE_INSIDE = re.compile(r"[.:;]\s+\S")

_INLINE_CONTAINERS = frozenset(
    W + tag for tag in ("hyperlink", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "bdo", "dir")
)
_BLOCK_CONTAINERS = frozenset(W + tag for tag in ("sdt", "sdtContent", "customXml"))
_BREAKS = frozenset(W + tag for tag in ("tab", "ptab", "br", "cr"))


def _hardened_parser() -> etree.XMLParser:
    # No DTDs, no entity expansion, no network, default depth/size limits (huge_tree off).
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def read_docx(path: Path, data: bytes, sha256: str, options: IngestOptions) -> RawDocument:
    if data.startswith(_OLE_SIGNATURE):
        raise EncryptedDocument("password-protected (encrypted) Word document", path=path)
    with open_zip(path, data) as package:
        check_package(path, package, options)
        main = _main_part(path, package)
        document = _parse_part(path, package, main)
        styles_name = _related_part(path, package, main, "/styles")
        numbering_name = _related_part(path, package, main, "/numbering")
        styles = parse_styles(_parse_part(path, package, styles_name) if styles_name else None)
        numbering_root = _parse_part(path, package, numbering_name) if numbering_name else None
    body = document.find(W + "body")
    if body is None:
        raise CorruptDocument("not a Word document (word/document.xml has no body)", path=path)
    reader = _BodyReader(Numbering.parse(numbering_root, styles), styles)
    reader.read_container(body)
    reader.finish()
    if not reader.blocks:
        raise CorruptDocument("no text found in the Word document", path=path)
    return RawDocument(
        path=str(path),
        format=Format.DOCX,
        sha256=sha256,
        blocks=tuple(reader.blocks),
        revisions=tuple(reader.revisions),
        title=reader.title or _first_line_title(reader.blocks),
    )


def _first_line_title(blocks: list[Block]) -> str:
    """Without a Title style, a short opening line (often big Normal text) is the title."""
    first = blocks[0]
    text = first.text.strip()
    if first.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH) and not first.label and 0 < len(text) <= 100:
        return text if not _SENTENCE_INSIDE.search(text) and not text.endswith(".") else ""
    return next((b.text.strip() for b in blocks if b.kind is BlockKind.HEADING), "")


def check_package(path: Path, package: zipfile.ZipFile, options: IngestOptions) -> None:
    """Refuse zip bombs before inflating anything (sizes come from the central directory)."""
    entries = package.infolist()
    if len(entries) > _MAX_ENTRIES:
        raise ArchiveBomb(
            f"archive has {len(entries)} entries, more than a Word document ever has", path=path
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > _MAX_RATIO and entry.file_size > _RATIO_MIN_BYTES:
            raise ArchiveBomb(
                f"part {entry.filename!r} inflates {ratio:.0f}x to {megabytes(entry.file_size)} MB", path=path
            )
    if total > options.max_unzipped_bytes:
        raise ArchiveBomb(
            f"parts inflate to {megabytes(total)} MB, "
            f"over the {megabytes(options.max_unzipped_bytes)} MB limit",
            path=path,
        )


def _read_member(path: Path, package: zipfile.ZipFile, name: str) -> bytes:
    info = package.getinfo(name)
    try:
        # ZipExtFile stops at the declared size, which check_package has already bounded.
        with package.open(info) as member:
            return member.read(info.file_size)
    except NotImplementedError as error:
        # A RuntimeError subclass, so before the clause below: an unsupported compression
        # method or zip feature is a damaged part, not a password.
        raise CorruptDocument(
            f"part {name!r} uses a zip feature that cannot be read: {error}", path=path
        ) from None
    except RuntimeError as error:  # zipfile's "File … is encrypted, password required"
        raise EncryptedDocument(f"part {name!r} is encrypted: {error}", path=path) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise CorruptDocument(f"damaged part {name!r}: {error}", path=path) from None


def _parse_part(path: Path, package: zipfile.ZipFile, name: str) -> etree._Element:
    data = _read_member(path, package, name)
    # OOXML parts never carry a DTD; one is only there to play entity tricks.
    if _DOCTYPE.search(data[:_DOCTYPE_WINDOW]):
        raise CorruptDocument(f"{name} declares a DTD, which Word documents never do", path=path)
    try:
        return etree.fromstring(data, _hardened_parser())
    except etree.XMLSyntaxError as error:
        raise CorruptDocument(f"malformed XML in {name}: {error}", path=path) from None


def _relationships(path: Path, package: zipfile.ZipFile, rels_name: str) -> list[tuple[str, str]]:
    if rels_name not in package.NameToInfo:
        return []
    root = _parse_part(path, package, rels_name)
    return [
        (r.get("Type") or "", r.get("Target") or "")
        for r in root.iter(_REL)
        if r.get("TargetMode") != "External"
    ]


def _main_part(path: Path, package: zipfile.ZipFile) -> str:
    for rel_type, target in _relationships(path, package, "_rels/.rels"):
        name = target.lstrip("/")
        if rel_type.endswith(_OFFICE_DOCUMENT) and name in package.NameToInfo:
            return name
    if _DEFAULT_MAIN in package.NameToInfo:
        return _DEFAULT_MAIN
    raise CorruptDocument("not a Word document (no word/document.xml in the archive)", path=path)


def _related_part(path: Path, package: zipfile.ZipFile, part: str, suffix: str) -> str | None:
    folder, name = posixpath.split(part)
    for rel_type, target in _relationships(path, package, posixpath.join(folder, "_rels", name + ".rels")):
        if rel_type.endswith(suffix):
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            if resolved in package.NameToInfo:
                return resolved
    return None


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    label: str
    kind: BlockKind
    level: int


@dataclass
class _BodyReader:
    numbering: Numbering
    styles: Styles
    blocks: list[Block] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    title: str = ""
    # Changes seen but not yet placed: they belong to the next block emitted.
    _pending: list[Revision] = field(default_factory=list)
    # Text of paragraphs whose paragraph mark was deleted: it joins the next paragraph.
    _carry: str = ""

    def read_container(self, element: etree._Element) -> None:
        for child in element:
            if child.tag == W + "p":
                paragraph = self.paragraph(child)
                if paragraph is not None:
                    self.emit(
                        Block(paragraph.kind, paragraph.text, level=paragraph.level, label=paragraph.label)
                    )
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in _BLOCK_CONTAINERS:
                self.read_container(child)

    def emit(self, block: Block) -> None:
        index = len(self.blocks)
        self.revisions.extend(
            Revision(r.kind, r.text, r.author, r.date, block_index=index) for r in self._pending
        )
        self._pending.clear()
        self.blocks.append(block)

    def finish(self) -> None:
        if self._carry.strip():
            self.emit(Block(BlockKind.PARAGRAPH, self._carry))
        self._carry = ""
        # Changes after the last block (e.g. a deleted final paragraph) cite the last block.
        last = len(self.blocks) - 1
        self.revisions.extend(
            Revision(r.kind, r.text, r.author, r.date, block_index=last) for r in self._pending
        )
        self._pending.clear()

    def paragraph(self, element: etree._Element) -> _Paragraph | None:
        ppr = element.find(W + "pPr")
        parts: list[str] = []
        self.inline(element, parts)
        text = self._carry + "".join(parts)
        self._carry = ""
        mark = ppr.find(W + "rPr") if ppr is not None else None
        if mark is not None and (mark.find(W + "del") is not None or mark.find(W + "moveFrom") is not None):
            # Accepting the deletion of a paragraph mark merges this paragraph into the next.
            self._carry = text
            return None
        style_id = attr(ppr.find(W + "pStyle")) if ppr is not None else None
        resolved = self.numbering.resolve(ppr.find(W + "numPr") if ppr is not None else None, style_id)
        label, listed, depth = "", False, 0
        if resolved is not None and (text.strip() or ppr is None or ppr.find(W + "sectPr") is None):
            # An empty numbered paragraph still shows (and uses up) a number, except the
            # empty paragraph that only carries a section break, which LibreOffice drops.
            label = self.numbering.next_label(*resolved)
            listed, depth = True, resolved[1]
        if not text.strip() and not label:
            return None
        heading = self._heading_level(ppr, style_id)
        if (
            heading is not None
            and len(text) <= _HEADING_MAX_CHARS
            and not _SENTENCE_INSIDE.search(text.strip())
        ):
            if not self.title and self._is_title(style_id):
                self.title = text.strip()
            return _Paragraph(text, label, BlockKind.HEADING, heading)
        kind = BlockKind.LIST_ITEM if listed else BlockKind.PARAGRAPH
        return _Paragraph(text, label, kind, depth)

    def _heading_level(self, ppr: etree._Element | None, style_id: str | None) -> int | None:
        outline = attr(ppr.find(W + "outlineLvl")) if ppr is not None else None
        if outline is not None and outline.isdigit():
            return int(outline) + 1 if int(outline) < 6 else None
        return self.styles.heading_level(style_id)

    def _is_title(self, style_id: str | None) -> bool:
        return any(style.name.lower() == "title" for _, style in self.styles.chain(style_id))

    def table(self, element: etree._Element) -> None:
        for row in _rows(element):
            trpr = row.find(W + "trPr")
            deleted = trpr is not None and trpr.find(W + "del") is not None
            cells = [self.cell_text(cell) for cell in _cells(row)]
            text = " | ".join(cell for cell in cells if cell)
            if text and not deleted:
                self.emit(Block(BlockKind.TABLE_ROW, text))

    def cell_text(self, cell: etree._Element) -> str:
        pieces: list[str] = []
        for child in _flatten(cell):
            if child.tag == W + "p":
                paragraph = self.paragraph(child)
                if paragraph is not None:
                    pieces.append(
                        " ".join(part for part in (paragraph.label, paragraph.text.strip()) if part)
                    )
            elif child.tag == W + "tbl":
                pieces.extend(" ".join(self.cell_text(c) for c in _cells(row)) for row in _rows(child))
        return " ".join(piece for piece in pieces if piece)

    def inline(self, element: etree._Element, out: list[str]) -> None:
        """Visible text of paragraph content, recording tracked changes on the way."""
        for child in element:
            tag = child.tag
            if tag == W + "r":
                _run_text(child, out)
            elif tag in (W + "ins", W + "moveTo"):
                inserted: list[str] = []
                self.inline(child, inserted)
                text = "".join(inserted)
                out.append(text)
                self._record(RevisionKind.INSERTION, text, child)
            elif tag in (W + "del", W + "moveFrom"):
                self._record(RevisionKind.DELETION, _deleted_text(child), child)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child, out)

    def _record(self, kind: RevisionKind, text: str, element: etree._Element) -> None:
        if text:
            self._pending.append(
                Revision(kind, text, attr(element, "author") or "", attr(element, "date") or "")
            )


def _flatten(element: etree._Element) -> list[etree._Element]:
    """Children, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in element:
        if child.tag in _BLOCK_CONTAINERS:
            out.extend(_flatten(child))
        else:
            out.append(child)
    return out


def _rows(table: etree._Element) -> list[etree._Element]:
    return [child for child in _flatten(table) if child.tag == W + "tr"]


def _cells(row: etree._Element) -> list[etree._Element]:
    return [child for child in _flatten(row) if child.tag == W + "tc"]


def _is_on(element: etree._Element | None) -> bool:
    return element is not None and attr(element) not in ("0", "false", "off")


def _run_text(run: etree._Element, out: list[str]) -> None:
    rpr = run.find(W + "rPr")
    if rpr is not None and _is_on(rpr.find(W + "vanish")):
        return  # hidden text is not part of what Word shows or prints
    for child in run:
        tag = child.tag
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in _BREAKS:
            out.append(" ")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            code = attr(child, "char") or ""
            try:
                # Symbol-font code points (F0xx) stand for the ASCII/Latin-1 glyph position.
                value = int(code, 16)
                out.append(chr(value - 0xF000 if value >= 0xF000 else value))
            except ValueError:
                continue


def _deleted_text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter(W + "delText", W + "t", W + "tab", W + "br"):
        parts.append(node.text or "" if node.tag in (W + "delText", W + "t") else " ")
    return "".join(parts)
