"""Markdown → blocks: list labels, bold pseudo-headings, tables and inline markup."""

from __future__ import annotations

import textwrap

from datarights.ingest.markdown import PSEUDO_HEADING_LEVEL, markdown_to_blocks
from datarights.model import BlockKind


def blocks(source: str) -> list[tuple[BlockKind, int, str, str]]:
    return [(b.kind, b.level, b.label, b.text) for b in markdown_to_blocks(textwrap.dedent(source))]


def test_nested_ordered_lists_get_dotted_labels() -> None:
    assert blocks(
        """\
        3. Top item
            1. First child
            2. Second child
        4. Next top
        """
    ) == [
        (BlockKind.LIST_ITEM, 0, "3.", "Top item"),
        (BlockKind.LIST_ITEM, 1, "3.1", "First child"),
        (BlockKind.LIST_ITEM, 1, "3.2", "Second child"),
        (BlockKind.LIST_ITEM, 0, "4.", "Next top"),
    ]


def test_bold_lines_become_pseudo_headings() -> None:
    result = blocks(
        """\
        **3\\. Content**

        **Feedback.**

        **A** and **B** are separate.

        **This whole sentence is bold because it is an important warning to every reader.**
        """
    )
    assert result == [
        (BlockKind.HEADING, PSEUDO_HEADING_LEVEL, "", "3. Content"),
        (BlockKind.HEADING, PSEUDO_HEADING_LEVEL, "", "Feedback."),
        (BlockKind.PARAGRAPH, 0, "", "A and B are separate."),
        (
            BlockKind.PARAGRAPH,
            0,
            "",
            "This whole sentence is bold because it is an important warning to every reader.",
        ),
    ]


def test_headings_tables_links_and_breaks() -> None:
    assert blocks(
        """\
        Terms
        =====

        See [our policy](https://example.com) for
        details.<br>Thanks.

        | Term | Meaning |
        |---|---|
        | Inputs | Prompts |
        """
    ) == [
        (BlockKind.HEADING, 1, "", "Terms"),
        (BlockKind.PARAGRAPH, 0, "", "See our policy for details. Thanks."),
        (BlockKind.TABLE_ROW, 0, "", "Term | Meaning"),
        (BlockKind.TABLE_ROW, 0, "", "Inputs | Prompts"),
    ]
