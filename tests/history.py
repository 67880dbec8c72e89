"""One counterparty's terms in three versions (silent → permitted → prohibited on training),
for the register and web tests."""

from __future__ import annotations

from pathlib import Path

HEAD = "# Example Video Terms of Service\n\nEffective Date: {when}\n\n## 1. Customer Content\n\n"
OWN = "1.1 You own your Customer Content. The provider processes Customer Content only to provide the Services to you.\n\n"
TRAIN = (
    "1.2 We may use Customer Content to train our machine learning and artificial intelligence models.\n\n"
)
NO_TRAIN = "1.2 The provider does not use Customer Content to train artificial intelligence models.\n\n"
TAIL = "## 2. Changes\n\n2.1 We may change these terms by posting a new version on our website.\n"

SILENT = HEAD.format(when="January 5, 2024") + OWN + TAIL
PERMITTED = HEAD.format(when="June 1, 2024") + OWN + TRAIN + TAIL
PROHIBITED = HEAD.format(when="September 1, 2024") + OWN + NO_TRAIN + TAIL


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path
