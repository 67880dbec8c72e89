"""DOCX reader: hand-built OOXML packages pin each rule (numbering, revisions, safety)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from datarights.errors import ArchiveBomb, CorruptDocument, EncryptedDocument
from datarights.ingest import IngestOptions, load
from datarights.ingest.docx import read_docx
from datarights.ingest.docx_numbering import format_number
from datarights.model import BlockKind, RawDocument, Revision, RevisionKind

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
<Relationship Id="rId2" Target="numbering.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"/>
</Relationships>"""

STYLES = f"""<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="SubClause"><w:name w:val="Sub Clause"/>
  <w:basedOn w:val="Clause"/></w:style>
<w:style w:type="paragraph" w:styleId="Linked"><w:name w:val="Linked"/>
  <w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop1"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop2"/><w:basedOn w:val="Loop1"/></w:style>
</w:styles>"""


def _level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


NUMBERING = f"""<w:numbering {NS}>
<w:abstractNum w:abstractNumId="10">
  {_level(0, "decimal", "%1.")}{_level(1, "decimal", "%1.%2")}{_level(2, "lowerLetter", "(%3)")}
  {_level(3, "lowerRoman", "(%4)")}{_level(4, "upperLetter", "%5.")}{_level(5, "upperRoman", "%6.")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="20">{_level(0, "bullet", "•")}</w:abstractNum>
<w:abstractNum w:abstractNumId="30">{_level(0, "decimal", "Article %1", start=5)}
  {_level(1, "decimal", "%1.%2", extra="<w:isLgl/>")}</w:abstractNum>
<w:abstractNum w:abstractNumId="40">{_level(0, "upperRoman", "%1.")}
  {_level(1, "decimal", "%1.%2", extra='<w:isLgl/><w:pStyle w:val="Linked"/>')}
  {_level(2, "lowerLetter", "%3)", extra='<w:lvlRestart w:val="0"/>')}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="10"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="30"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="40"/></w:num>
</w:numbering>"""


def make_docx(
    body: str, *, numbering: str = NUMBERING, styles: str = STYLES, extra: dict[str, bytes] | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("word/_rels/document.xml.rels", DOC_RELS)
        package.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        package.writestr("word/styles.xml", styles)
        package.writestr("word/numbering.xml", numbering)
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def p(
    text: str = "", *, style: str = "", num: tuple[int, int] | None = None, runs: str = "", ppr: str = ""
) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    content = runs or (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "")
    return f"<w:p><w:pPr>{props}{ppr}</w:pPr>{content}</w:p>"


def read(body: str, tmp_path: Path, **kwargs: str) -> RawDocument:
    path = tmp_path / "contract.docx"
    path.write_bytes(make_docx(body, **kwargs))  # type: ignore[arg-type]
    return load(path)


def labels(doc: RawDocument) -> list[tuple[str, str]]:
    return [(block.label, block.text) for block in doc.blocks]


def test_multilevel_labels_reset_when_a_higher_level_advances(tmp_path: Path) -> None:
    body = "".join(
        [
            p("Definitions", num=(1, 0)),
            p("Customer Data", num=(1, 1)),
            p("Outputs", num=(1, 1)),
            p("first", num=(1, 2)),
            p("second", num=(1, 2)),
            p("roman one", num=(1, 3)),
            p("roman two", num=(1, 3)),
            p("Services", num=(1, 0)),
            p("Scope", num=(1, 1)),
            p("again a", num=(1, 2)),
        ]
    )
    assert labels(read(body, tmp_path)) == [
        ("1.", "Definitions"),
        ("1.1", "Customer Data"),
        ("1.2", "Outputs"),
        ("(a)", "first"),
        ("(b)", "second"),
        ("(i)", "roman one"),
        ("(ii)", "roman two"),
        ("2.", "Services"),
        ("2.1", "Scope"),
        ("(a)", "again a"),
    ]


def test_nums_share_counters_unless_a_level_is_overridden(tmp_path: Path) -> None:
    body = p("one", num=(1, 0)) + p("two (same abstract, other num)", num=(2, 0)) + p("restarted", num=(3, 0))
    assert [b.label for b in read(body, tmp_path).blocks] == ["1.", "2.", "1."]


def test_bullets_have_no_label_and_start_values_and_legal_numbering(tmp_path: Path) -> None:
    body = p("a bullet", num=(4, 0)) + p("Scope", num=(5, 0)) + p("Term", num=(5, 1))
    doc = read(body, tmp_path)
    assert labels(doc) == [("", "a bullet"), ("Article 5", "Scope"), ("5.1", "Term")]
    assert doc.blocks[0].kind is BlockKind.LIST_ITEM


def test_numbering_inherited_through_style_chain_and_level_from_pstyle(tmp_path: Path) -> None:
    body = "".join(
        [
            p("Top clause via style", style="Clause"),
            p("Second top clause", style="Clause"),
            p("Sub clause inherits numId from Clause", style="SubClause"),
            # numId 0 switches inherited numbering off.
            p("Not numbered", style="Clause", ppr='<w:numPr><w:numId w:val="0"/></w:numPr>'),
            p("Roman top", num=(6, 0)),
            # The style names no ilvl: the level that links back to the style (w:pStyle) is used.
            p("legal sub via pStyle", style="Linked"),
        ]
    )
    doc = read(body, tmp_path)
    assert labels(doc) == [
        ("1.", "Top clause via style"),
        ("2.", "Second top clause"),
        ("3.", "Sub clause inherits numId from Clause"),
        ("", "Not numbered"),
        ("I.", "Roman top"),
        ("1.1", "legal sub via pStyle"),
    ]


def test_lvl_restart_zero_keeps_counting_across_higher_levels(tmp_path: Path) -> None:
    body = p("x", num=(6, 2)) + p("Top", num=(6, 0)) + p("y", num=(6, 2))
    assert [b.label for b in read(body, tmp_path).blocks] == ["a)", "I.", "b)"]


def test_style_cycle_does_not_hang(tmp_path: Path) -> None:
    assert labels(read(p("loop", style="Loop1"), tmp_path)) == [("", "loop")]


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1, "lowerLetter", "a"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (7, "decimalZero", "07"),
        (3, "bullet", ""),
        (12, "cardinalText", "12"),
    ],
)
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_headings_from_styles_and_long_heading_styled_clauses(tmp_path: Path) -> None:
    clause = "License. During the Subscription Period, Provider grants Customer a limited licence to use it."
    body = (
        p("Master Agreement", style="Title") + p("Services", style="Heading1") + p(clause, style="Heading2")
    )
    doc = read(body, tmp_path)
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, 1, "Master Agreement"),
        (BlockKind.HEADING, 1, "Services"),
        (BlockKind.PARAGRAPH, 0, clause),
    ]
    assert doc.title == "Master Agreement"


def test_tables_become_rows_with_cells_joined(tmp_path: Path) -> None:
    def cell(*paragraphs: str) -> str:
        return "<w:tc>" + "".join(paragraphs) + "</w:tc>"

    table = (
        "<w:tbl>"
        f"<w:tr>{cell(p('Data'))}{cell(p('Retention'))}</w:tr>"
        f"<w:tr>{cell(p('Inputs'))}{cell(p('30 days'), p('then deleted'))}{cell(p())}</w:tr>"
        "</w:tbl>"
    )
    doc = read(p("Before") + table + p("After"), tmp_path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, "Before"),
        (BlockKind.TABLE_ROW, "Data | Retention"),
        (BlockKind.TABLE_ROW, "Inputs | 30 days then deleted"),
        (BlockKind.PARAGRAPH, "After"),
    ]


def _run(text: str, tag: str = "t") -> str:
    return f'<w:r><w:{tag} xml:space="preserve">{text}</w:{tag}></w:r>'


def test_tracked_changes_read_as_accepted_and_reported(tmp_path: Path) -> None:
    who = 'w:id="{}" w:author="Dana Counsel" w:date="2025-03-01T10:00:00Z"'
    first = (
        _run("Provider may use Customer Data ")
        + f"<w:del {who.format(1)}>{_run('to train its models', 'delText')}</w:del>"
        + f"<w:ins {who.format(2)}>{_run('only to provide the Services')}</w:ins>"
        + _run(".")
    )
    second = (
        f"<w:moveFrom {who.format(3)}>{_run('Moved sentence. ')}</w:moveFrom>"
        + _run("Retention is 30 days.")
        + f"<w:moveTo {who.format(4)}>{_run(' Moved sentence.')}</w:moveTo>"
    )
    doc = read(p(runs="<w:r><w:t>Intro</w:t></w:r>") + p(runs=first) + p(runs=second), tmp_path)
    assert [b.text for b in doc.blocks] == [
        "Intro",
        "Provider may use Customer Data only to provide the Services.",
        "Retention is 30 days. Moved sentence.",
    ]
    author, date = "Dana Counsel", "2025-03-01T10:00:00Z"
    assert list(doc.revisions) == [
        Revision(RevisionKind.DELETION, "to train its models", author, date, 1),
        Revision(RevisionKind.INSERTION, "only to provide the Services", author, date, 1),
        Revision(RevisionKind.DELETION, "Moved sentence. ", author, date, 2),
        Revision(RevisionKind.INSERTION, " Moved sentence.", author, date, 2),
    ]


def test_deleted_paragraph_mark_merges_with_next_and_uses_no_number(tmp_path: Path) -> None:
    deleted_mark = '<w:rPr><w:del w:id="9" w:author="A" w:date="2025-01-01T00:00:00Z"/></w:rPr>'
    body = (
        p("Customer owns ", num=(1, 0), ppr=deleted_mark)
        + p("all Outputs.", num=(1, 0))
        + p("Next clause.", num=(1, 0))
    )
    doc = read(body, tmp_path)
    assert labels(doc) == [("1.", "Customer owns all Outputs."), ("2.", "Next clause.")]


def test_inline_containers_tabs_breaks_and_hidden_text(tmp_path: Path) -> None:
    runs = (
        _run("See")
        + "<w:r><w:tab/></w:r>"
        + '<w:hyperlink w:history="1">' + _run("the policy") + "</w:hyperlink>"
        + "<w:smartTag>" + _run(" at Acme") + "</w:smartTag>"
        + "<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr>"
        + "<w:sdtContent>" + _run(" and Exhibit A") + "</w:sdtContent></w:sdt>"
        + "<w:r><w:br/><w:t>line two</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r>"
        + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> HYPERLINK "x" </w:instrText></w:r>'
    )  # fmt: skip
    block_sdt = f"<w:sdt><w:sdtContent>{p('Inside a block content control')}</w:sdtContent></w:sdt>"
    doc = read(p(runs=runs) + block_sdt, tmp_path)
    assert [b.text for b in doc.blocks] == [
        "See the policy at Acme and Exhibit A line two-x",
        "Inside a block content control",
    ]


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (12 * 1024 * 1024))
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ArchiveBomb, match="inflates") as caught:
        load(path)
    assert str(path) in str(caught.value)


def test_total_unzipped_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    path.write_bytes(make_docx(p("Hello"), extra={"word/media/blob.bin": b"x" * 50_000}))
    with pytest.raises(ArchiveBomb, match="over the"):
        load(path, IngestOptions(max_unzipped_bytes=40_000))
    assert load(path).blocks[0].text == "Hello"


def test_zip_without_document_part_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("content.xml", "<office/>")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptDocument, match="not a Word document"):
        load(path)


def test_encrypted_ole_container_is_reported_as_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(EncryptedDocument, match="encrypted") as caught:
        read_docx(path, data, "0" * 64, IngestOptions())
    assert caught.value.path == str(path)


def test_malformed_xml_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", f"<w:document {NS}><w:body><w:p>")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptDocument, match=r"malformed XML in word/document\.xml"):
        load(path)


def test_a_dtd_in_a_part_is_refused(tmp_path: Path) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{laughs}]>'
        f"<w:document {NS}><w:body><w:p><w:r><w:t>Safe &l9; text</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "laughs.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", document)
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptDocument, match="declares a DTD"):
        load(path)
