"""The cyclic collector is paused while the main thread reads, builds or reviews a document, and only then."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from datarights.detect import engine
from datarights.detect.doc_type import classify_document
from datarights.ingest import load, markdown
from datarights.ingest.collection import collection_paused
from datarights.model import Block, BlockKind, Format, RawDocument
from datarights.structure import build, build_document

T = TypeVar("T")

_RAW = RawDocument(
    "t.md", Format.MARKDOWN, "0" * 64, (Block(BlockKind.PARAGRAPH, "We will not train on your data."),)
)


def test_building_and_reviewing_pause_the_collector_and_restore_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(build, "layout", _recording(build.layout, seen))
    document = build_document(_RAW)
    monkeypatch.setattr(engine, "classify_document", _recording(classify_document, seen))
    engine.review_document(document)
    assert seen == [False, False]
    assert gc.isenabled()


def test_reading_a_markdown_file_pauses_the_collector(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(markdown, "markdown_to_blocks", _recording(markdown.markdown_to_blocks, seen))
    path = tmp_path / "terms.md"
    path.write_text("# Terms\n\nWe will not train on your data.\n", encoding="utf-8")
    load(path)
    assert seen == [False]
    assert gc.isenabled()


def test_nested_pauses_leave_the_collector_to_the_outer_one() -> None:
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_another_thread_does_not_pause_the_collector() -> None:
    seen: list[bool] = []

    def work() -> None:
        with collection_paused():
            seen.append(gc.isenabled())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [True]


def _recording(function: Callable[..., T], seen: list[bool]) -> Callable[..., T]:
    def recorded(*args: object, **kwargs: object) -> T:
        seen.append(gc.isenabled())
        return function(*args, **kwargs)

    return recorded
