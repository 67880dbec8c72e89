"""Markdown (the corpus format, and what the HTML reader produces) into blocks.

markdown-it-py parses CommonMark plus tables; we walk its token stream and keep
headings, paragraphs, list items (ordered items get hierarchical labels such as
"1.4", the way contracts number nested clauses) and table rows. Inline markup,
link targets and raw HTML tags are dropped; their visible text is kept.

A short paragraph that is bold from end to end ("**Feedback**", "**3\\. Content**")
is how many captures render a heading; it becomes a heading block of level 0, which
the structure stage nests under the current section rather than ranking by level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from datarights.errors import CorruptDocument
from datarights.ingest.options import IngestOptions
from datarights.ingest.text import decode_text
from datarights.model import Block, BlockKind, Format, RawDocument

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# Link targets are dropped, so they need not be percent-encoded (a tenth of the parse). Whether a
# target is allowed (no "javascript:") is still checked, and percent-encoding never changes that.
_PARSER.normalizeLink = lambda url: url  # type: ignore[method-assign]
# The text rule reads on up to the next character another inline rule could start at. markdown-it
# stops at every character any plugin might use ("-", ":", "$", …), and at each of them tries every
# rule in turn; with the rules enabled here only these start a token: a line break, "!" (image), "&"
# (entity), "*" and "_" (emphasis), "<" (autolink, HTML), "[" (link), "\\" (escape), "`" (code)
# and "]", which ends a link label. The same tokens, a twentieth less parsing (test_fast_paths).
INLINE_STARTS = "\n!&*<[\\]_`"
_PARSER.inline.terminator_re = re.compile("[" + re.escape(INLINE_STARTS) + "]")
_TAG = re.compile(r"<[^>]{0,500}>")
# Longer bold runs are emphasised sentences (disclaimers), not headings.
_PSEUDO_HEADING_MAX_CHARS = 120
PSEUDO_HEADING_LEVEL = 0


@dataclass
class _ListState:
    ordered: bool
    next_number: int
    # Label of the list item that contains this list ("" at top level).
    parent_label: str


@dataclass
class _Walker:
    blocks: list[Block] = field(default_factory=list)
    lists: list[_ListState] = field(default_factory=list)
    item_labels: list[str] = field(default_factory=list)
    # True until the first paragraph of the current list item has been emitted.
    item_fresh: list[bool] = field(default_factory=list)
    heading_level: int = 0
    table_cells: list[str] = field(default_factory=list)
    in_table_row: bool = False

    def walk(self, tokens: list[Token]) -> list[Block]:
        for token in tokens:
            self._visit(token)
        return self.blocks

    def _visit(self, token: Token) -> None:
        kind = token.type
        if kind == "heading_open":
            self.heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            self.heading_level = 0
        elif kind in ("ordered_list_open", "bullet_list_open"):
            start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 1
            parent = self.item_labels[-1] if self.item_labels else ""
            self.lists.append(_ListState(kind == "ordered_list_open", start, parent))
        elif kind in ("ordered_list_close", "bullet_list_close"):
            if self.lists:
                self.lists.pop()
        elif kind == "list_item_open":
            self._open_item(token)
        elif kind == "list_item_close":
            if self.item_labels:
                self.item_labels.pop()
                self.item_fresh.pop()
        elif kind == "tr_open":
            self.in_table_row, self.table_cells = True, []
        elif kind == "tr_close":
            self.in_table_row = False
            cells = [cell for cell in self.table_cells if cell]
            if cells:
                self.blocks.append(Block(BlockKind.TABLE_ROW, " | ".join(cells)))
        elif kind == "inline":
            self._inline(token)
        elif kind in ("fence", "code_block"):
            self._emit(token.content)
        elif kind == "html_block":
            self._emit(_strip_tags(token.content))

    def _open_item(self, token: Token) -> None:
        state = self.lists[-1] if self.lists else _ListState(False, 1, "")
        label = ""
        if state.ordered:
            number = state.next_number
            info = token.info
            if info.isdigit():
                number = int(info)
            state.next_number = number + 1
            label = f"{state.parent_label}.{number}" if state.parent_label else f"{number}."
            label = label.replace("..", ".")
        self.item_labels.append(label.rstrip(".") if state.parent_label else label)
        self.item_fresh.append(True)

    def _inline(self, token: Token) -> None:
        text = render_inline(token.children or [])
        if self.in_table_row:
            self.table_cells.append(text.strip())
            return
        if self.heading_level:
            if text.strip():
                self.blocks.append(Block(BlockKind.HEADING, text, level=self.heading_level))
            return
        if not self.item_labels and _is_bold_heading(token.children or [], text):
            self.blocks.append(Block(BlockKind.HEADING, text, level=PSEUDO_HEADING_LEVEL))
            return
        if self.item_labels and self.item_fresh[-1]:
            self.item_fresh[-1] = False
            depth = len(self.item_labels) - 1
            self.blocks.append(Block(BlockKind.LIST_ITEM, text, level=depth, label=self.item_labels[-1]))
            return
        self._emit(text, level=max(len(self.item_labels) - 1, 0))

    def _emit(self, text: str, level: int = 0) -> None:
        if text.strip():
            self.blocks.append(Block(BlockKind.PARAGRAPH, text, level=level))


def _is_bold_heading(children: list[Token], text: str) -> bool:
    """True when one bold run covers the whole paragraph and it reads like a title."""
    visible = [
        c for c in children if not (c.type == "text" and not c.content.strip()) and c.type != "softbreak"
    ]
    if len(visible) < 2 or visible[0].type != "strong_open" or visible[-1].type != "strong_close":
        return False
    depth = 0
    for child in visible[:-1]:
        depth += {"strong_open": 1, "strong_close": -1}.get(child.type, 0)
        if depth == 0:  # "**A** and **B**": two bold runs, not one heading
            return False
    stripped = text.strip()
    if not 0 < len(stripped) <= _PSEUDO_HEADING_MAX_CHARS or stripped.endswith((";", ",")):
        return False
    # "**Feedback.**" is a title; a bold sentence ending in a full stop is emphasis.
    return not stripped.endswith(".") or len(stripped.split()) <= 6


def render_inline(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            if child.content.lower().startswith("<br"):
                parts.append(" ")
        elif child.type == "image":
            parts.append(render_inline(child.children or []))
    return "".join(parts)


def _strip_tags(html: str) -> str:
    tokens = _PARSER.parseInline(html)
    return _TAG.sub(" ", "".join(t.content for t in tokens))


def markdown_to_blocks(source: str) -> list[Block]:
    return _Walker().walk(_PARSER.parse(source))


def read_markdown(path: Path, data: bytes, sha256: str, options: IngestOptions) -> RawDocument:
    source = decode_text(path, data)
    blocks = markdown_to_blocks(source)
    if not blocks:
        raise CorruptDocument("no text found", path=path)
    headings = [b.text for b in blocks if b.kind is BlockKind.HEADING]
    title = next(
        (b.text for b in blocks if b.kind is BlockKind.HEADING and b.level > 0),
        headings[0] if headings else "",
    )
    return RawDocument(
        path=str(path), format=Format.MARKDOWN, sha256=sha256, blocks=tuple(blocks), title=title
    )
