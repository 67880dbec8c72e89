"""The service-improvement patterns searched only between the stops around their marker word
(`read.stretches`) find exactly what a scan of the whole text finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.detect.service_improvement.detector import _MARKERS, CONTENT_LICENCE, MAKE_BETTER, _search
from tests.detectors.texts import markdown_view as _view

_WORDS = (
    "You", "grant", "grants", "give", "us", "a", "an", "worldwide", "right", "rights", "license", "licence",
    "Licence", "copyright", "to", "use", "host", "store", "copy", "display", "your", "content", "make",
    "our", "the", "its", "services", "products", "even", "better", "offer", "provide", "build", "you",
    "features", "and", "sublicensable", "new", "building",
)  # fmt: skip
_BETWEEN = (" ", " ", " ", "  ", "\n", "\n\n", " \n ", ". ", "; ", ", ", ".", ";", ":", "")
_PARTS = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_BETWEEN)), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(_PARTS)
def test_marked_patterns_find_what_the_scan_finds(parts: list[tuple[str, str]]) -> None:
    view = _view("".join(word + between for word, between in parts) + "\n")
    for pattern in (MAKE_BETTER, CONTENT_LICENCE):
        assert [(c.index, m.span()) for c, m in _search(view, pattern)] == [
            (c.index, m.span()) for c, m in view.search(pattern.regex)
        ]


def test_only_the_patterns_named_have_markers() -> None:
    assert set(_MARKERS) == {MAKE_BETTER.name, CONTENT_LICENCE.name}


def test_a_licence_after_a_stop_is_found() -> None:
    view = _view("Read this. You grant us a worldwide licence to use your content.\n")
    ((clause, match),) = _search(view, CONTENT_LICENCE)
    assert match.group(0).startswith("grant us a worldwide licence to use")
    assert [(clause.index, match.span())] == [
        (c.index, m.span()) for c, m in view.search(CONTENT_LICENCE.regex)
    ]


def test_building_new_features_is_found_without_the_word_better() -> None:
    view = _view("We use your requests to fix bugs and to build new features.\n")
    assert (
        [(c.index, m.span()) for c, m in _search(view, MAKE_BETTER)]
        == [(c.index, m.span()) for c, m in view.search(MAKE_BETTER.regex)]
        != []
    )
