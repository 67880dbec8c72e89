"""Build the bundled example's DOCX and PDF from its Markdown, the one source of truth.

    .venv/bin/python scripts/build_example.py

writes src/datarights/examples/ai-services-agreement.{docx,pdf}. The DOCX numbers
its clauses with real Word list numbering (numbering.xml, attached through
paragraph styles), so the numbers are not in the paragraph text; the script
reads the DOCX back with datarights and fails if Word's numbers would differ
from the ones written in the Markdown. Both outputs are byte-reproducible.
"""

from __future__ import annotations

import copy
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from datarights.ingest import load

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "datarights" / "examples"
SOURCE = EXAMPLES / "ai-services-agreement.md"
FIXED_TIME = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
RUNNING_HEADER = "AI Services Agreement — Quillstone Analytics, Inc. / Meridian Harbor Logistics, LLC"

_HEADING = re.compile(r"^## (\d+)\. (.+)$")
_CLAUSE = re.compile(r"^(\d+\.\d+) (.+)$")
_SUBCLAUSE = re.compile(r"^\(([a-z])\) (.+)$")
# "Termination for Cause." at the start of a clause: its caption, set in bold.
_CAPTION = re.compile(r"^((?:[A-Z][\w’-]*)(?: (?:[A-Z][\w’-]*|and|for|of|to|the|these))*\.) ")


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # title, heading, clause, sub, para, table
    text: str = ""
    number: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def parse_source(markdown: str) -> list[Item]:
    """The Markdown subset the example uses, one item per paragraph."""
    items: list[Item] = []
    table: list[tuple[str, ...]] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                table.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
            continue
        if table:
            items.append(Item("table", rows=tuple(table)))
            table = []
        if not line.strip():
            continue
        if line.startswith("# "):
            items.append(Item("title", line[2:]))
        elif match := _HEADING.match(line):
            items.append(Item("heading", match[2], f"{match[1]}."))
        elif match := _CLAUSE.match(line):
            items.append(Item("clause", match[2], match[1]))
        elif match := _SUBCLAUSE.match(line):
            items.append(Item("sub", match[2], f"({match[1]})"))
        else:
            items.append(Item("para", line))
    return items


# --- DOCX -------------------------------------------------------------------------------------

_ABSTRACT_ID = "90"
_NUM_ID = "90"
_LEVELS = (
    ("decimal", "%1.", "Heading1"),
    ("decimal", "%1.%2", "Clause"),
    ("lowerLetter", "(%3)", "SubClause"),
)


def _numbering_xml() -> tuple[str, str]:
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:pStyle w:val="{style}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 + 360 * i}" w:hanging="{360 + 180 * min(i, 1)}"/></w:pPr></w:lvl>'
        for i, (fmt, text, style) in enumerate(_LEVELS)
    )
    abstract = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_ABSTRACT_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    num = f'<w:num {nsdecls("w")} w:numId="{_NUM_ID}"><w:abstractNumId w:val="{_ABSTRACT_ID}"/></w:num>'
    return abstract, num


def _attach_numbering(document: DocxDocument) -> None:
    numbering = document.part.numbering_part.element
    abstract, num = (parse_xml(xml) for xml in _numbering_xml())
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    # The schema wants every abstractNum before the first num.
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    styles = document.styles
    clause = styles.add_style("Clause", WD_STYLE_TYPE.PARAGRAPH)
    clause.base_style = styles["Normal"]
    sub = styles.add_style("SubClause", WD_STYLE_TYPE.PARAGRAPH)
    sub.name = "Sub Clause"
    sub.base_style = clause
    # numPr lives on the styles: paragraphs are numbered by style, as in most law-firm templates.
    for style_name, ilvl in (("Heading 1", 0), ("Clause", 1), ("Sub Clause", 2)):
        ppr = styles[style_name].element.get_or_add_pPr()
        ppr.insert(
            0,
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{_NUM_ID}"/></w:numPr>'
            ),
        )


def _add_text(paragraph: DocxParagraph, text: str) -> None:
    match = _CAPTION.match(text)
    if match:
        paragraph.add_run(match[1]).bold = True
        text = text[len(match[1]) :]
    paragraph.add_run(text)


def build_docx(items: list[Item], target: Path) -> None:
    document = docx.Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)
    _attach_numbering(document)
    properties = document.core_properties
    properties.title, properties.author, properties.comments = "AI Services Agreement", "datarights", "sample"
    properties.created = properties.modified = FIXED_TIME
    properties.last_modified_by, properties.revision = "datarights", 1
    for item in items:
        if item.kind == "title":
            document.add_paragraph(item.text, style="Title")
        elif item.kind == "heading":
            document.add_paragraph(item.text, style="Heading 1")
        elif item.kind in ("clause", "sub"):
            _add_text(
                document.add_paragraph(style="Clause" if item.kind == "clause" else "Sub Clause"), item.text
            )
        elif item.kind == "table":
            table = document.add_table(rows=len(item.rows), cols=len(item.rows[0]), style="Table Grid")
            for cells, row in zip(table.rows, item.rows, strict=True):
                for cell, value in zip(cells.cells, row, strict=True):
                    cell.text = value
            for cell in table.rows[0].cells:
                cell.paragraphs[0].runs[0].bold = True
        else:
            document.add_paragraph(item.text)
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(_reproducible_zip(buffer.getvalue()))


def _reproducible_zip(data: bytes) -> bytes:
    """Same entries, fixed timestamps: rebuilding leaves the checked-in file unchanged."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = copy.copy(info)
            fixed.date_time = FIXED_TIME.timetuple()[:6]
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName="Helvetica", fontSize=10, leading=13.5, alignment=TA_JUSTIFY, spaceAfter=6
    )
    return {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=17, leading=22,
                                alignment=TA_CENTER, spaceAfter=14),
        "heading": ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold", fontSize=12, leading=15,
                                  spaceBefore=8, spaceAfter=6, keepWithNext=True),
        "clause": body,
        "sub": ParagraphStyle("sub", parent=body, leftIndent=22),
        "para": body,
        "cell": ParagraphStyle("cell", parent=body, alignment=0, spaceAfter=0),
    }  # fmt: skip


def _markup(text: str) -> str:
    match = _CAPTION.match(text)
    if match:
        return f"<b>{escape(match[1])}</b>{escape(text[len(match[1]) :])}"
    return escape(text)


def _decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(colors.grey)
    canvas.drawString(document.leftMargin, LETTER[1] - 0.55 * inch, RUNNING_HEADER)
    canvas.drawCentredString(LETTER[0] / 2, 0.5 * inch, f"Page {document.page}")
    canvas.restoreState()


def build_pdf(items: list[Item], target: Path) -> None:
    rl_config.invariant = 1  # no timestamps or random ids in the file
    styles = _styles()
    story: list[object] = []
    for item in items:
        if item.kind == "table":
            rows = [[Paragraph(escape(cell), styles["cell"]) for cell in row] for row in item.rows]
            table = Table(rows, colWidths=[2.1 * inch, 1.5 * inch, 2.9 * inch], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))  # fmt: skip
            story += [table, Spacer(1, 8)]
            continue
        text = f"{item.number} {_markup(item.text)}" if item.number else _markup(item.text)
        story.append(Paragraph(text, styles[item.kind]))
    document = SimpleDocTemplate(
        str(target), pagesize=LETTER, title="AI Services Agreement", author="datarights",
        leftMargin=inch, rightMargin=inch, topMargin=0.9 * inch, bottomMargin=0.9 * inch,
    )  # fmt: skip
    document.build(story, onFirstPage=_decorate, onLaterPages=_decorate)


def check_docx_numbers(items: list[Item], target: Path) -> None:
    """Word's computed numbers must equal the ones written in the Markdown."""
    expected = [item.number for item in items if item.number]
    rendered = [block.label for block in load(target).blocks if block.label]
    if rendered != expected:
        mismatch = next((e, r) for e, r in zip(expected, rendered, strict=False) if e != r)
        raise SystemExit(
            f"{target.name}: Word numbering differs from the Markdown (expected, got): {mismatch}"
        )


def main() -> int:
    items = parse_source(SOURCE.read_text(encoding="utf-8"))
    docx_path, pdf_path = SOURCE.with_suffix(".docx"), SOURCE.with_suffix(".pdf")
    build_docx(items, docx_path)
    check_docx_numbers(items, docx_path)
    build_pdf(items, pdf_path)
    sizes = ", ".join(f"{path.name} ({path.stat().st_size} bytes)" for path in (docx_path, pdf_path))
    print(f"wrote {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
