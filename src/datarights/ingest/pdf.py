"""PDF into blocks: pypdfium2 reads the text layer; Tesseract reads scanned pages.

Each page's text comes from pdfium line by line, with the box of each line's
first and last character so that `pdf_layout` can tell paragraph gaps, indents
and short last lines from wrapped lines. Pages that have images but no text
are OCR'd (300 dpi grayscale render piped to `tesseract - - --psm 6`) when
Tesseract is installed and `IngestOptions.ocr` is on; a PDF with no text at
all and no OCR raises `NoTextLayer`.

Every pypdfium2 error is mapped here: a wrong or missing password to
`EncryptedDocument`, anything unreadable to `CorruptDocument`.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from datarights.errors import CorruptDocument, EncryptedDocument, FileTooLarge, IngestError, NoTextLayer
from datarights.ingest.options import IngestOptions
from datarights.ingest.pdf_layout import Line, lines_to_blocks, strip_page_furniture
from datarights.model import BlockKind, Format, RawDocument

logger = logging.getLogger(__name__)

# pdfium reads ~1000 pages/s, so this bounds a text-layer read to seconds.
MAX_PAGES = 5000
# Tesseract takes ~5 s a page; more than this is a batch job, not an ingest.
MAX_OCR_PAGES = 100
OCR_DPI = 300
OCR_TIMEOUT_SECONDS = 120.0

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_pdf(path: Path, data: bytes, sha256: str, options: IngestOptions) -> RawDocument:
    started = time.perf_counter()
    pdf = _open(path, data, options.password)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise CorruptDocument("PDF has no pages", path=path)
        if page_count > MAX_PAGES:
            raise FileTooLarge(f"PDF has {page_count} pages, over the {MAX_PAGES}-page limit", path=path)
        pages, scanned = _read_text_layer(path, pdf)
        ocr = _ocr_scanned_pages(path, pdf, pages, scanned, options)
    finally:
        pdf.close()
    blocks = lines_to_blocks(strip_page_furniture(pages))
    if not blocks:
        raise CorruptDocument("no text found in the PDF", path=path)
    logger.debug(
        "pdf %s pages=%d blocks=%d ocr_pages=%d ms=%.0f",
        sha256[:12],
        page_count,
        len(blocks),
        len(scanned) if ocr else 0,
        (time.perf_counter() - started) * 1000,
    )
    title = next((block.text for block in blocks if block.kind is BlockKind.HEADING), "")
    return RawDocument(
        path=str(path),
        format=Format.PDF,
        sha256=sha256,
        blocks=tuple(blocks),
        page_count=page_count,
        title=title,
        ocr=ocr,
    )


def _open(path: Path, data: bytes, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            message = "the password given does not open this PDF" if password else "PDF is password-protected"
            raise EncryptedDocument(message, path=path) from None
        if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocument("PDF uses an unsupported encryption scheme", path=path) from None
        raise CorruptDocument("cannot open PDF (truncated or damaged)", path=path) from None


def _read_text_layer(path: Path, pdf: pdfium.PdfDocument) -> tuple[list[list[Line]], list[int]]:
    """Lines per page, and the 0-based indexes of pages with images but no text."""
    pages: list[list[Line]] = []
    scanned: list[int] = []
    for index in range(len(pdf)):
        try:
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    lines = _page_lines(textpage, page.get_height(), index + 1)
                finally:
                    textpage.close()
                if not lines and _has_images(page):
                    scanned.append(index)
            finally:
                page.close()
        except pdfium.PdfiumError:
            raise CorruptDocument(f"page {index + 1} is damaged and cannot be read", path=path) from None
        pages.append(lines)
    return pages, scanned


def _page_lines(textpage: pdfium.PdfTextPage, page_height: float, page_number: int) -> list[Line]:
    """pdfium's text lines with the loose boxes of their first and last characters."""
    text = textpage.get_text_range()
    lines: list[Line] = []
    start = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        raw = text[start:end]
        start = match.end() if match else end
        stripped = raw.strip()
        if not stripped:
            continue
        first = end - len(raw) + (len(raw) - len(raw.lstrip()))
        last = end - len(raw) + len(raw.rstrip()) - 1
        box = _line_box(textpage, first, last)
        if box is None:
            # No geometry (rare): place it just below the previous line, full width.
            previous = lines[-1] if lines else Line("", page_number, 0.0, 0.0, 0.0, 1.0)
            height = max(previous.bottom - previous.top, 1.0)
            box = (previous.left, previous.bottom, previous.right, previous.bottom + height)
        left, top, right, bottom = box
        lines.append(Line(stripped, page_number, page_height - top, page_height - bottom, left, right))
    return lines


def _line_box(
    textpage: pdfium.PdfTextPage, first: int, last: int
) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) in PDF space, from the first and last characters' boxes."""
    first_char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, first)
    last_char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, last)
    if first_char < 0 or last_char < 0:
        return None
    try:
        left, bottom, _, top = textpage.get_charbox(first_char, loose=True)
        _, last_bottom, right, last_top = textpage.get_charbox(last_char, loose=True)
    except pdfium.PdfiumError:
        return None
    return left, max(top, last_top), right, min(bottom, last_bottom)


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def _ocr_scanned_pages(
    path: Path, pdf: pdfium.PdfDocument, pages: list[list[Line]], scanned: list[int], options: IngestOptions
) -> bool:
    """OCR the scanned pages in place if we can; True if any page was OCR'd."""
    if not scanned:
        return False
    tesseract = shutil.which("tesseract") if options.ocr else None
    if tesseract is None:
        if not any(pages):
            reason = "OCR is turned off" if not options.ocr else "Tesseract is needed to read them"
            raise NoTextLayer(f"the PDF has no text layer (scanned pages); {reason}", path=path)
        logger.warning("%d scanned page(s) skipped: no OCR available", len(scanned))
        return False
    if len(scanned) > MAX_OCR_PAGES:
        raise FileTooLarge(
            f"{len(scanned)} scanned pages need OCR, over the {MAX_OCR_PAGES}-page OCR limit", path=path
        )
    for index in scanned:
        pages[index] = ocr_lines(_ocr_page(path, pdf, index, tesseract), index + 1)
    return True


def _ocr_page(path: Path, pdf: pdfium.PdfDocument, index: int, tesseract: str) -> str:
    try:
        page = pdf[index]
        try:
            bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
            image = _portable_graymap(bitmap)
        finally:
            page.close()
    except pdfium.PdfiumError:
        raise CorruptDocument(f"page {index + 1} cannot be rendered for OCR", path=path) from None
    try:
        result = subprocess.run(
            [tesseract, "-", "-", "--psm", "6"],
            input=image,
            capture_output=True,
            timeout=OCR_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise IngestError(
            f"OCR of page {index + 1} took longer than {OCR_TIMEOUT_SECONDS:.0f} s", path=path
        ) from None
    except OSError as error:
        raise IngestError(f"cannot run tesseract: {error.strerror}", path=path) from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise IngestError(f"tesseract failed on page {index + 1}: {detail[0]}", path=path)
    return result.stdout.decode("utf-8", "replace")


def _portable_graymap(bitmap: pdfium.PdfBitmap) -> bytes:
    """The 8-bit grayscale render as PGM, which Tesseract reads from stdin without Pillow."""
    rows = memoryview(bitmap.buffer).cast("B")
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = b"".join(bytes(rows[row * stride : row * stride + width]) for row in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + pixels


def ocr_lines(text: str, page_number: int) -> list[Line]:
    """OCR output as lines: one unit per text row, blank rows kept as gaps, width in characters."""
    lines: list[Line] = []
    row = 0.0
    for raw in _LINE_BREAK.split(text.replace("\f", "")):
        stripped = raw.strip()
        if stripped:
            lines.append(
                Line(
                    stripped,
                    page_number,
                    row,
                    row + 0.8,
                    float(len(raw) - len(raw.lstrip())),
                    float(len(raw.rstrip())),
                )
            )
        row += 1.0
    return lines
