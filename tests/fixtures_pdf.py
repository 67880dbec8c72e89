"""Contract-like PDFs made with reportlab at test time, so no binaries are committed.

`render_pdf` lays out body paragraphs, headings and page breaks with platypus
(real line wrapping), and draws a running header, footer and page number on
every page the way word processors do. `render_scanned_pdf` rasterises such a
PDF and keeps only the images: a scan with no text layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate

BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=14, spaceAfter=8)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Times-Bold", fontSize=13, alignment=1, spaceAfter=12)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, fontName="Times-Bold", spaceBefore=6)


@dataclass(frozen=True)
class Heading:
    text: str
    centred: bool = True


@dataclass(frozen=True)
class NewPage:
    pass


Item = str | Heading | NewPage


def render_pdf(
    items: Sequence[Item],
    *,
    header: str = "",
    footer: str = "",
    page_number: str = "",
    encrypt: StandardEncryption | None = None,
) -> bytes:
    """A PDF of `items`; `page_number` is a format with {n} and {total} ("Page {n} of {total}")."""
    # Two passes: the first counts the pages so footers can say "of {total}".
    total = _build(items, header, footer, page_number, None, total=0)[1]
    return _build(items, header, footer, page_number, encrypt, total=total)[0]


def _build(
    items: Sequence[Item],
    header: str,
    footer: str,
    page_number: str,
    encrypt: StandardEncryption | None,
    *,
    total: int,
) -> tuple[bytes, int]:
    buffer = BytesIO()
    pages = 0

    def decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
        nonlocal pages
        pages += 1
        width, height = LETTER
        canvas.setFont("Helvetica", 8)
        if header:
            canvas.drawString(72, height - 40, header)
        if footer:
            canvas.drawString(72, 40, footer)
        if page_number:
            canvas.drawCentredString(width / 2, 26, page_number.format(n=document.page, total=total))

    document = SimpleDocTemplate(buffer, pagesize=LETTER, encrypt=encrypt, title="", author="")
    document.build(_flowables(items), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue(), pages


def _flowables(items: Sequence[Item]) -> list[Flowable]:
    flowables: list[Flowable] = []
    for item in items:
        if isinstance(item, NewPage):
            flowables.append(PageBreak())
        elif isinstance(item, Heading):
            flowables.append(Paragraph(escape(item.text), TITLE if item.centred else SUBTITLE))
        else:
            flowables.append(Paragraph(escape(item), BODY))
    return flowables


def render_scanned_pdf(items: Sequence[Item], dpi: int = 200) -> bytes:
    """Each page of `render_pdf(items)` as an image only, like a scanner's output."""
    source = pdfium.PdfDocument(render_pdf(items))
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    width, height = LETTER
    for page in source:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        canvas.drawImage(ImageReader(image), 0, 0, width, height)
        canvas.showPage()
    canvas.save()
    source.close()
    return buffer.getvalue()
