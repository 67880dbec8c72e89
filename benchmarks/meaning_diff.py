"""Precision and recall of typed changes of meaning on labelled pairs of consecutive versions from
../shared/corpus/history (labels: tests/data/meaning-diff-labels.json).

Run: PYTHONPATH=src python benchmarks/meaning_diff.py  → benchmarks/results/meaning-diff.json
Recall is over every label, including changes the frame layer does not read yet (`frames_read: false`);
`recall_frames_read` leaves those out. Precision is over every predicted change. `by_type` gives both per
change type; `unchanged` diffs every version against itself, and `reworded` every corpus/contrib
document against itself rewritten with meaning-preserving wording changes: any change there is spurious.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from datarights.compare import diff_meaning
from datarights.compare.labels import Label, Score, load_labels, matches, score, total
from datarights.compare.model import ChangeType, MeaningChange
from datarights.structure.build import read_document

REPO = Path(__file__).resolve().parents[1]
HISTORY = REPO.parent / "shared" / "corpus" / "history"
CONTRIB = REPO.parent / "shared" / "corpus" / "contrib"
LABELS = REPO / "tests" / "data" / "meaning-diff-labels.json"
RESULTS = REPO / "benchmarks" / "results" / "meaning-diff.json"


def _figures(s: Score) -> dict[str, float | int]:
    return {
        "labels": s.labels,
        "found": s.found,
        "predicted": s.predicted,
        "correct": s.correct,
        "precision": round(s.precision, 3),
        "recall": round(s.recall, 3),
    }


def _by_type(
    pairs: list[tuple[tuple[Label, ...], tuple[MeaningChange, ...]]],
) -> dict[str, dict[str, float | int]]:
    """Precision and recall per change type (a predicted change counts under its own type)."""
    rows: dict[str, dict[str, float | int]] = {}
    for kind in ChangeType:
        scores = [
            score([label for label in labels if label.type is kind], [c for c in found if c.type is kind])
            for labels, found in pairs
        ]
        overall = total(scores)
        if overall.labels or overall.predicted:
            rows[kind.value] = _figures(overall)
    return rows


def _unchanged() -> dict[str, int]:
    """Every version against itself: the number of versions and of changes reported (should be 0)."""
    versions = sorted(HISTORY.glob("*/*.md"))
    reported = 0
    for path in versions:
        doc = read_document(path)
        reported += len(diff_meaning(doc, read_document(path)))
    return {"versions": len(versions), "changes": reported}


# Wording changes that keep every statement's meaning: each change reported on a document rewritten
# with them is spurious. They touch what the frames read (purposes, data, recipients, actors, modals).
REWORDINGS = (
    (r"\bin accordance with\b", "consistent with"),
    (r"\bpersonal information\b", "personal data"),
    (r"\bin order to\b", "to"),
    (r"\bsuch as\b", "including"),
    (r"\bWe may share\b", "We may disclose"),
    (r"\bservice providers\b", "vendors"),
    (r"\bWe use\b", "We may use"),
    (r"\byour information\b", "information about you"),
    (r"\bto provide\b", "in order to provide"),
    (r"\bdisclose\b", "share"),
    (r"\blaw enforcement\b", "law enforcement agencies"),
    (r"\bWe may\b", "We might"),
    (r"\bthird parties\b", "third-party companies"),
)


def _reworded(scratch: Path) -> dict[str, object]:
    """Every document of corpus/contrib against itself rewritten with `REWORDINGS`: changes by type."""
    found: dict[str, int] = {}
    documents = sorted(CONTRIB.rglob("*.md"))
    rewritten = scratch / "_reworded.md"
    try:
        for path in documents:
            text = path.read_text(encoding="utf-8")
            for pattern, replacement in REWORDINGS:
                text = re.sub(pattern, replacement, text)
            rewritten.write_text(text, encoding="utf-8")
            for change in diff_meaning(read_document(path), read_document(rewritten)):
                key = f"{change.type.value} {change.action.value}"
                found[key] = found.get(key, 0) + 1
    finally:
        rewritten.unlink(missing_ok=True)
    return {
        "documents": len(documents),
        "changes": sum(found.values()),
        "by_type": dict(sorted(found.items())),
    }


def _scale(scratch: Path) -> dict[str, float | int]:
    """Time one diff of two long documents: every Zoom version joined, against them in reverse order
    (so most clauses move and many are reworded)."""
    folder = HISTORY / "Zoom-Terms-of-Service"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))]
    old_path, new_path = scratch / "_scale_old.md", scratch / "_scale_new.md"
    old_path.write_text("\n\n".join(texts), encoding="utf-8")
    new_path.write_text("\n\n".join(reversed(texts)), encoding="utf-8")
    try:
        old, new = read_document(old_path), read_document(new_path)
        started = time.perf_counter()
        changes = diff_meaning(old, new)
        seconds = time.perf_counter() - started
    finally:
        old_path.unlink()
        new_path.unlink()
    return {"characters": len(old.text), "changes": len(changes), "seconds": round(seconds, 2)}


def main() -> int:
    if not HISTORY.exists():
        print(f"skipped: {HISTORY} is absent (the corpus lives beside the repository)")
        return 0
    pairs = load_labels(LABELS)
    rows, scores, read_scores = [], [], []
    typed: list[tuple[tuple[Label, ...], tuple[MeaningChange, ...]]] = []
    started = time.perf_counter()
    for pair in pairs:
        folder = HISTORY / pair.history
        predicted = diff_meaning(
            read_document(folder / f"{pair.old}.md"), read_document(folder / f"{pair.new}.md")
        )
        s = score(pair.labels, predicted)
        typed.append((pair.labels, predicted))
        read = score([label for label in pair.labels if label.frames_read], predicted)
        scores.append(s)
        read_scores.append(read)
        rows.append(
            {
                "pair": f"{pair.history} {pair.old} → {pair.new}",
                **_figures(s),
                "missed": [
                    f"{label.type.value} {label.action.value}: {label.note}"
                    for label in pair.labels
                    if not any(matches(label, c) for c in predicted)
                ],
                "spurious": [
                    f"{c.type.value} {c.action.value} § {c.number}: {c.detail}"
                    for c in predicted
                    if not any(matches(label, c) for label in pair.labels)
                ],
            }
        )
    overall, overall_read = total(scores), total(read_scores)
    seconds = time.perf_counter() - started
    unchanged = _unchanged()
    reworded = _reworded(Path(RESULTS.parent))
    scale = _scale(Path(RESULTS.parent))
    report = {
        "benchmark": "meaning-diff",
        "pairs": len(pairs),
        **_figures(overall),
        "recall_frames_read": round(overall_read.recall, 3),
        "seconds": round(seconds, 2),
        "by_type": _by_type(typed),
        "unchanged": unchanged,
        "reworded": reworded,
        "scale": scale,
        "by_pair": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"precision {overall.precision:.3f}  recall {overall.recall:.3f}"
        f"  (recall on what frames read {overall_read.recall:.3f});"
        f" {unchanged['changes']} changes on {unchanged['versions']} unchanged versions;"
        f" {reworded['changes']} on {reworded['documents']} reworded documents  → {RESULTS}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
