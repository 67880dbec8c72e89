from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from datarights.redline.edits import Edit, OverlappingEdits, apply_edits, check_overlaps


def test_back_to_front_keeps_offsets() -> None:
    text = "The provider may train. It keeps logs."
    edits = [
        Edit(4, 12, "vendor"),
        Edit(13, 22, "must not train"),
        Edit(len(text), len(text), " New clause."),
    ]
    assert apply_edits(text, edits) == "The vendor must not train. It keeps logs. New clause."


def test_insertions_at_one_offset_keep_their_order() -> None:
    assert apply_edits("ab", [Edit(1, 1, "1"), Edit(1, 1, "2")]) == "a12b"


@pytest.mark.parametrize(
    "edits",
    [
        [Edit(0, 5, "x"), Edit(3, 8, "y")],
        [Edit(0, 5, "x"), Edit(2, 2, "y")],
        [Edit(0, 10, "x"), Edit(2, 3, "y")],
    ],
)
def test_overlaps_are_refused(edits: list[Edit]) -> None:
    with pytest.raises(OverlappingEdits):
        check_overlaps(edits)


def test_touching_edits_are_fine() -> None:
    check_overlaps([Edit(0, 5, "x"), Edit(5, 8, "y"), Edit(8, 8, "z")])


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(min_size=0, max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits: list[Edit] = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        edits.append(Edit(start, end, draw(st.text(max_size=10))))
    return text, edits


@given(text_and_edits())
def test_text_outside_edits_is_untouched(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    result = apply_edits(text, edits)
    # Walk the result: every gap between edits appears verbatim, in order.
    cursor_text, cursor_result = 0, 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        gap = text[cursor_text : edit.start]
        assert result[cursor_result : cursor_result + len(gap)] == gap
        cursor_result += len(gap) + len(edit.replacement)
        assert result[cursor_result - len(edit.replacement) : cursor_result] == edit.replacement
        cursor_text = edit.end
    assert result[cursor_result:] == text[cursor_text:]
