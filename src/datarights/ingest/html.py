"""HTML: the main text of a page (terms pages are wrapped in menus, banners and footers).

trafilatura finds the main content and writes it as Markdown, which the Markdown
reader turns into blocks, so headings, ordered clauses and tables come out the
same way for both formats. When trafilatura keeps nothing (a bare page with no
main-content signals) a plain lxml pass over the body is the fallback.
"""

from __future__ import annotations

import codecs
import copy
import logging
import re
from pathlib import Path

import trafilatura
from lxml import etree, html

from datarights.errors import CorruptDocument
from datarights.ingest.markdown import markdown_to_blocks
from datarights.ingest.options import IngestOptions
from datarights.ingest.text import decode_text, text_to_blocks
from datarights.model import Block, Format, RawDocument

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
# The HTML standard reads these labels as windows-1252, and a page that declares
# UTF-16 in an ASCII-readable meta tag cannot be UTF-16.
_CHARSET_ALIASES = {
    **dict.fromkeys(("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"), "cp1252"),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be"), "utf-8"),
}
_DTD_SUBSET = re.compile(r"<!DOCTYPE[^>\[]{0,500}\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_DTD_WINDOW = 100_000
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

_BOILERPLATE_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
                     "iframe", "svg", "object", "embed", "head")  # fmt: skip
_BOILERPLATE_ATTR = re.compile(r"cookie|consent|gdpr|banner|newsletter|skip-link", re.IGNORECASE)
_BLOCK_TAGS = frozenset(("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
                         "dd", "dt", "section", "article", "table", "ul", "ol", "br", "hr"))  # fmt: skip
_MAX_TITLE = 300
_MAX_BANNER_CHARS = 1500


def read_html(path: Path, data: bytes, sha256: str, options: IngestOptions) -> RawDocument:
    source = decode_html(path, data)
    # An internal DTD subset has no business in HTML; parsers would show its tail as text.
    source = _DTD_SUBSET.sub("", source[:_DTD_WINDOW], count=1) + source[_DTD_WINDOW:]
    tree = parse_html(source)
    if tree is None:
        raise CorruptDocument("no readable HTML content", path=path)
    title = page_title(tree)
    blocks = _main_text_blocks(path, tree) or fallback_blocks(tree)
    if not blocks:
        raise CorruptDocument("no readable text in the HTML page", path=path)
    return RawDocument(path=str(path), format=Format.HTML, sha256=sha256, blocks=tuple(blocks), title=title)


def decode_html(path: Path, data: bytes) -> str:
    """A BOM wins, then the page's own <meta charset>, then `decode_text`'s guessing."""
    if not data.startswith(_BOMS):
        match = _META_CHARSET.search(data[:4096])
        if match:
            label = match.group(1).decode("ascii").lower()
            try:
                encoding = codecs.lookup(_CHARSET_ALIASES.get(label, label)).name
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: guess instead
    return decode_text(path, data)


def parse_html(source: str) -> html.HtmlElement | None:
    """lxml's HTML parser with no network and its default depth and size limits."""
    parser = html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True)
    try:
        # Bytes, so an XML declaration inside the text cannot make lxml refuse a str.
        root = html.document_fromstring(source.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root if isinstance(root, html.HtmlElement) else None


def page_title(tree: html.HtmlElement) -> str:
    for path in (".//title", ".//h1"):
        element = tree.find(path)
        if element is not None:
            text = " ".join(element.text_content().split())
            if text:
                return text[:_MAX_TITLE]
    return ""


def _main_text_blocks(path: Path, tree: html.HtmlElement) -> list[Block]:
    try:
        markdown = trafilatura.extract(
            copy.deepcopy(tree),
            output_format="markdown",
            include_tables=True,
            include_links=False,
            include_comments=False,
            favor_recall=True,
        )
    except (RecursionError, MemoryError):
        raise CorruptDocument("HTML nesting is too deep to read", path=path) from None
    except Exception as error:
        # Any other extractor failure is recoverable: the plain pass below still reads the page.
        logger.debug("trafilatura failed (%s); using the plain-text fallback", type(error).__name__)
        return []
    return markdown_to_blocks(restore_headings(tree, markdown)) if markdown else []


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MARKDOWN_MARKS = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#+|>)\s+|[*_`]")
_ANCHOR_CHARS = 40
# How far past the last heading put back the next one's block is looked for: keeps hostile pages linear.
_LOOKAHEAD_LINES = 400


def _plain(text: str) -> str:
    return " ".join(_MARKDOWN_MARKS.sub("", text).split())


def restore_headings(tree: html.HtmlElement, markdown: str) -> str:
    """The extraction with the page's headings put back where it dropped them.

    trafilatura leaves out h1–h6 on plain pages with no main-content markup (adbar/trafilatura#774), and a
    terms page without its section headings loses its structure. Each heading whose text no Markdown
    heading holds goes back before the line that holds the start of the first block after it on the page.
    """
    body = tree.find("body")
    headings = list((body if body is not None else tree).iter(*_HEADING_TAGS))
    if not headings:
        return markdown
    lines = markdown.split("\n")
    kept = {_plain(line) for line in lines if line.lstrip().startswith("#")}
    plain = [_plain(line) for line in lines]
    inserts: dict[int, list[str]] = {}
    cursor = 0
    for heading in headings:
        text = " ".join(heading.text_content().split())
        if not text or text in kept:
            continue
        following = next((e for e in heading.itersiblings() if " ".join(e.text_content().split())), None)
        if following is None:
            continue
        anchor = " ".join(following.text_content().split())[:_ANCHOR_CHARS]
        window = range(cursor, min(len(lines), cursor + _LOOKAHEAD_LINES))
        found = next((i for i in window if plain[i].startswith(anchor)), None)
        if found is None:
            continue
        inserts.setdefault(found, []).append("#" * int(heading.tag[1]) + " " + text)
        cursor = found
    if not inserts:
        return markdown
    out: list[str] = []
    for index, line in enumerate(lines):
        for added in inserts.get(index, ()):
            out += [added, ""]
        out.append(line)
    return "\n".join(out)


def fallback_blocks(tree: html.HtmlElement) -> list[Block]:
    """Body text without scripts, menus and banners, split at block elements."""
    body = tree.find("body")
    root = body if body is not None else tree
    doomed = list(root.iter(*_BOILERPLATE_TAGS))
    # Banners are small; a big wrapper whose class merely mentions "cookie" is content.
    doomed += [
        element
        for element in root.iterdescendants(etree.Element)
        if _BOILERPLATE_ATTR.search(f"{element.get('id', '')} {element.get('class', '')}")
        and len(element.text_content()) < _MAX_BANNER_CHARS
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the element's tail text
    for element in root.iter(*_BLOCK_TAGS):
        # Blank lines around block elements become paragraph breaks for text_to_blocks.
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    return text_to_blocks(root.text_content())
