"""Every library clause, read on its own in a plain contract, means what it says.

A clause that the reviewer reads as worse than silence (a deletion duty for "models trained on
Customer Data" read as permission to train them) would make the redlined contract worse. Each
clause is placed in a neutral agreement and assessed with the playbook of its own stance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datarights.assess.engine import assess
from datarights.assess.model import Verdict
from datarights.assess.playbook import load_playbook
from datarights.detect.engine import review_document
from datarights.redline.clauses import Variant, document_variables, load_library
from datarights.structure import read_document

_BASE = """# Services Agreement

1. Services

1.1 Access. Provider will provide the Services to Customer.

2. Data

2.1 Security. Provider will protect Customer Data.

{clause}
3. General

3.1 Law. This Agreement is governed by the laws of England.
"""
_PLAYBOOK = {Variant.BUYER: "buyer", Variant.BALANCED: "privacy"}
_RANK = {Verdict.ACCEPTABLE: 0, Verdict.NEEDS_REVIEW: 1, Verdict.NOT_ACCEPTABLE: 2}
# Clauses that by design grant what silence withholds: proposed only where the contract already
# allows more (human review limited to support and abuse cases).
_GRANTS = {"human_review"}


def _verdicts(path: Path, playbook: str) -> dict[str, Verdict]:
    review = review_document(read_document(path))
    return {f.id: f.verdict for f in assess(review, load_playbook(playbook)).findings}


@pytest.mark.parametrize("variant", list(_PLAYBOOK), ids=str)
def test_no_clause_reads_worse_than_silence(variant: Variant, tmp_path: Path) -> None:
    library = load_library()
    playbook = _PLAYBOOK[variant]
    silent = tmp_path / "silent.md"
    silent.write_text(_BASE.format(clause=""), encoding="utf-8")
    before = _verdicts(silent, playbook)
    values = document_variables(None)
    problems: list[str] = []
    for clause in library.clauses.values():
        if clause.variant is not variant or clause.topic in _GRANTS:
            continue
        path = tmp_path / f"{clause.id}.md"
        path.write_text(_BASE.format(clause=f"2.2 Clause. {clause.render(values)}\n"), encoding="utf-8")
        after = _verdicts(path, playbook)
        problems += [
            f"{clause.id}: {k} {before[k].value} → {v.value}"
            for k, v in after.items()
            if k in before and _RANK[v] > _RANK[before[k]]
        ]
    assert not problems
