"""Assessment tests: `--update-golden` (or DATARIGHTS_UPDATE_GOLDEN=1) rewrites the golden files.

The option is registered here, so it is recognised when pytest starts in or below
tests/assess (e.g. `pytest tests/assess --update-golden`); from the repository root
use the environment variable: `DATARIGHTS_UPDATE_GOLDEN=1 pytest tests/assess`.
"""

from __future__ import annotations

import contextlib
import os

import pytest

from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Document, Format, RawDocument
from datarights.structure import build_document


def pytest_addoption(parser: pytest.Parser) -> None:
    with contextlib.suppress(ValueError):  # already registered by another conftest
        parser.addoption(
            "--update-golden",
            action="store_true",
            default=False,
            help="rewrite tests/golden/assessment/*.json",
        )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    flag = bool(request.config.getoption("--update-golden", default=False))
    return flag or os.environ.get("DATARIGHTS_UPDATE_GOLDEN") == "1"


def document_from_markdown(text: str, path: str = "case.md") -> Document:
    return build_document(RawDocument(path, Format.MARKDOWN, "0" * 64, tuple(markdown_to_blocks(text))))
