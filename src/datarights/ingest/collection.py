"""Cyclic garbage collection paused while one document is read, built and reviewed.

Structure and review allocate hundreds of thousands of small objects that stay alive until the review
is done (paragraphs, sentences, clauses, matches, frames), and make next to no reference cycles. The
collector, triggered by allocation counts, rescans the growing heap again and again for garbage that
is not there: a tenth of the structure stage and a twentieth of the review of a 4 MB text, more the
longer the text. Paused for the duration, it collects as usual afterwards; objects that are not cycles
are freed by reference counting either way, so nothing read or reported changes.

It lives in the first stage so that every later one can use it: the readers of Markdown (and HTML)
and DOCX files pause it too (markdown-it's tokens, lxml's elements); PDF parsing is left to it.

Only the main thread pauses it: the collector is shared by the whole process, and threads reviewing
side by side (the web app) must not keep it paused between them for good.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (main thread only; nested blocks leave it to the outer)."""
    if threading.current_thread() is not threading.main_thread() or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
