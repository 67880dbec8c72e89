"""The synthetic wording sets live in the repository beside their labels, so their labels can be held to
their documents here: every file exists and ingests, every question is answered, every quote is in its file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datarights.evaluate import load_labels
from datarights.structure import read_document

SYNTHETIC = Path(__file__).resolve().parents[2] / "benchmarks" / "labels" / "synthetic"
LABEL_FILES = sorted(SYNTHETIC.glob("*-labels.json"))


@pytest.mark.parametrize("labels", LABEL_FILES, ids=lambda p: p.name)
def test_every_labelled_file_exists_and_every_quote_is_in_it(labels: Path) -> None:
    documents = load_labels(labels)  # raises on a missing question or an unknown position
    assert documents, f"{labels.name} labels no document"
    raw = {entry["file"]: entry for entry in json.loads(labels.read_text(encoding="utf-8"))}
    for document in documents:
        path = SYNTHETIC / document.file
        assert path.is_file(), f"{labels.name}: {document.file} is missing"
        source = path.read_text(encoding="utf-8")
        for question, item in raw[document.file]["answers"].items():
            for quote in item["evidence"]:
                assert quote in source, f"{document.file} {question}: quote not in the file: {quote[:80]!r}"
        assert read_document(path).text.strip(), f"{document.file} ingests to no text"


def test_every_document_in_the_folders_is_labelled() -> None:
    labelled = {d.file for labels in LABEL_FILES for d in load_labels(labels)}
    written = {str(p.relative_to(SYNTHETIC)) for p in SYNTHETIC.glob("para*/*") if p.is_file()}
    assert written == labelled
