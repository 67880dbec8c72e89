"""HTML reader: main text only, Markdown-shaped blocks, and no crash on hostile pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from datarights.errors import IngestError
from datarights.ingest import load
from datarights.ingest.html import fallback_blocks, parse_html, restore_headings
from datarights.model import BlockKind, RawDocument
from datarights.structure import read_document

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Acme AI Terms</title>
<style>body { color: red }</style><script>var tracking = "SCRIPTTEXT";</script></head>
<body><nav><a href="/">Home</a> <a href="/pricing">Pricing NAVTEXT</a></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies COOKIETEXT. <button>Accept</button></div>
<main><h1>Acme AI Terms of Service</h1>
<p>These terms govern your use of the Acme AI platform. Read them first.</p>
<h2>1. Customer Data</h2>
<ol><li>Acme may use Customer Data to improve its models unless you opt out.</li>
<li>Acme will delete Inputs after 30 days.</li></ol>
<table><tr><th>Data</th><th>Retention</th></tr><tr><td>Inputs</td><td>30 days</td></tr></table>
<p>Customer owns all <a href="/outputs">Outputs</a> of the Services, subject to Section 7.3.</p>
</main><footer>Copyright 2025 Acme FOOTERTEXT</footer></body></html>"""


def write(tmp_path: Path, content: str | bytes, name: str = "terms.html") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def text_of(doc: RawDocument) -> str:
    return "\n".join(f"{b.label} {b.text}".strip() for b in doc.blocks)


def test_main_text_without_boilerplate(tmp_path: Path) -> None:
    doc = load(write(tmp_path, PAGE))
    text = text_of(doc)
    for junk in ("SCRIPTTEXT", "NAVTEXT", "COOKIETEXT", "FOOTERTEXT", "color: red"):
        assert junk not in text
    assert doc.title == "Acme AI Terms"
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "", "Acme AI Terms of Service"),
        (BlockKind.PARAGRAPH, "", "These terms govern your use of the Acme AI platform. Read them first."),
        (BlockKind.HEADING, "", "1. Customer Data"),
        (BlockKind.LIST_ITEM, "1.", "Acme may use Customer Data to improve its models unless you opt out."),
        (BlockKind.LIST_ITEM, "2.", "Acme will delete Inputs after 30 days."),
        (BlockKind.TABLE_ROW, "", "Data | Retention"),
        (BlockKind.TABLE_ROW, "", "Inputs | 30 days"),
        (BlockKind.PARAGRAPH, "", "Customer owns all Outputs of the Services, subject to Section 7.3."),
    ]


def test_title_falls_back_to_h1(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>Data  Processing\nTerms</h1><p>"
        + "Provider processes Customer Data. " * 5
        + "</p></body></html>"
    )
    assert load(write(tmp_path, page)).title == "Data Processing Terms"


def test_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"><title>T</title></head><body><p>'
    body = "Provider\u2019s licence to Customer\u2019s Feedback is perpetual and irrevocable, worldwide. " * 3
    data = (page + body + "</p></body></html>").encode("cp1252")
    doc = load(write(tmp_path, data))
    assert "Provider\u2019s licence" in text_of(doc)


def test_fallback_reads_body_text_without_scripts_and_banners() -> None:
    tree = parse_html(
        "<html><body><div class='cookie-notice'>Accept cookies</div><script>alert(1)</script>"
        "<div>First paragraph of terms.</div><div>Second <b>paragraph</b>.</div>"
        "<footer>Footer links</footer></body></html>"
    )
    assert tree is not None
    assert [b.text for b in fallback_blocks(tree)] == ["First paragraph of terms.", "Second paragraph."]


DEPTH = 50_000
LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
HOSTILE = {
    "deep nesting": "<html><body>" + "<div>" * DEPTH + "deep" + "</div>" * DEPTH + "</body></html>",
    "unclosed nesting": "<html><body>" + "<div><span><b>" * DEPTH + "x",
    "billion laughs": f'<?xml version="1.0"?><!DOCTYPE h [<!ENTITY l0 "lol">{LAUGHS}]>'
    "<html><body><p>&l9;</p><p>Provider may not train on Customer Data at all.</p></body></html>",
    "huge attribute": '<html><body><p title="'
    + "A" * 12_000_000
    + '">Clause text follows.</p></body></html>',
    "script injection": "<html><body><p>Customer owns Outputs.<script>alert('x')</script>"
    '<img src=x onerror=alert(2)></p><iframe src="javascript:alert(3)"></iframe>'
    "<p>Provider deletes Inputs after thirty days unless the law requires otherwise.</p></body></html>",
    "malformed markup": "<html><body><p>Unclosed <b>bold <i>italic</p></div></span><p>Another <<>> & clause"
    "</body",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_html_gives_a_document_or_an_ingest_error(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, HOSTILE[name])
    started = time.perf_counter()
    try:
        doc = load(path)
    except IngestError as error:
        assert str(path) in str(error)
        doc = None
    assert time.perf_counter() - started < 20
    if doc is not None:
        text = text_of(doc)
        assert "alert" not in text
        assert "lollollol" not in text and "]>" not in text
        assert len(text) < 10_000


def test_script_injection_keeps_the_clauses(tmp_path: Path) -> None:
    text = text_of(load(write(tmp_path, HOSTILE["script injection"])))
    assert "Customer owns Outputs." in text
    assert "Provider deletes Inputs after thirty days" in text


def test_binary_junk_named_html_is_an_ingest_error(tmp_path: Path) -> None:
    junk = bytes(range(256)) * 64
    path = write(tmp_path, junk, "junk.html")
    with pytest.raises(IngestError) as caught:
        load(path)
    assert str(path) in str(caught.value)


def test_headings_the_extraction_drops_are_put_back(tmp_path: Path) -> None:
    # A plain page with no main-content markup and a few KB of text: trafilatura leaves out its h2 headings.
    prose = " ".join(
        f"Acme keeps record type {i} of the service for the reasons given in part {i}." for i in range(40)
    )
    page = (
        "<html><head><title>Acme Privacy Policy</title></head><body><h1>Acme Privacy Policy</h1>"
        f"<p>{prose}</p>"
        "<h2>1. The words we use</h2><ul><li><strong>Messages</strong> means the texts you send.</li></ul>"
        f"<h2>2. Do you use my chats to train AI?</h2><p>No. We never use Messages to train models. {prose}</p>"
        "</body></html>"
    )
    path = tmp_path / "policy.html"
    path.write_text(page, encoding="utf-8")
    document = read_document(path)
    headings = [section.heading for section in document.sections]
    assert "The words we use" in headings and "Do you use my chats to train AI?" in headings
    chats = next(s for s in document.sections if s.heading == "Do you use my chats to train AI?")
    assert "never use Messages to train" in document.text[chats.start : chats.end]


def test_a_page_whose_headings_are_kept_is_unchanged() -> None:
    tree = parse_html("<html><body><h2>Fees</h2><p>Customer pays monthly.</p></body></html>")
    assert tree is not None
    markdown = "## Fees\n\nCustomer pays monthly."
    assert restore_headings(tree, markdown) == markdown
