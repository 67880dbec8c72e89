"""A canonical snapshot of every review of the shared corpus and the bundled examples, to prove a
speed change leaves the output unchanged.

For each file: the review JSON with unrounded confidences and every hit behind each answer, the
assessment under the buyer playbook, the document's structure (paragraphs, sentences, sections,
definitions, cross-references, repeats, pages) and every clause frame the readers found. Errors are
recorded by type and message. One JSON file per input in the output folder; `--compare` diffs two
snapshot folders and exits non-zero when any file differs.

Run:  PYTHONPATH=src python benchmarks/review_snapshot.py /tmp/snap-before
      PYTHONPATH=src python benchmarks/review_snapshot.py /tmp/snap-after --compare /tmp/snap-before
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from datarights.assess.engine import assess
from datarights.assess.playbook import load_playbook
from datarights.detect.engine import review_path, view_of
from datarights.errors import DatarightsError
from datarights.read.frames import frames
from datarights.report.assessment import assessment_json
from datarights.report.review import review_json

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "src" / "datarights" / "examples"


def _plain(value: Any) -> Any:
    """Dataclasses, enums, sets and tuples as JSON values in a stable order."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)  # exact: a changed score shows even where the report rounds it
    return value


def snapshot(path: Path) -> dict[str, Any]:
    try:
        review = review_path(path)
    except DatarightsError as error:
        return {"error": type(error).__name__, "message": str(error)}
    document = review.document
    answers = {
        q.value: {
            "confidence": repr(a.confidence),
            "hits": [
                {
                    "position": str(h.position),
                    "confidence": repr(h.confidence),
                    "pattern": h.pattern,
                    "detector": h.detector,
                    "precedence": int(h.precedence),
                    "supporting": h.supporting,
                    "rationale": h.rationale,
                    "evidence": [[e.start, e.end, e.section, e.basis.value] for e in h.evidence],
                }
                for h in a.hits
            ],
        }
        for q, a in review.answers.items()
    }
    view = view_of(review)
    text_sha = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    return {
        "review": review_json(review),
        "answers_exact": answers,
        "assessment": assessment_json(assess(review, load_playbook("buyer"))),
        "structure": {
            "text_sha256": text_sha,
            "paragraphs": _plain(document.paragraphs),
            "sentences": [[s.start, s.end] for s in document.sentences],
            "sections": _plain(document.sections),
            "definitions": _plain(document.definitions),
            "cross_references": _plain(document.cross_references),
            "repeats": _plain(document.repeats),
            "pages": _plain(document.pages),
        },
        "clauses": [[c.start, c.end, c.section, c.heading] for c in view.clauses],
        "frames": _plain(frames(view)),
    }


def inputs() -> list[Path]:
    found = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.exists() else []
    return found + sorted(p for p in EXAMPLES.iterdir() if p.is_file())


def _name(path: Path) -> str:
    root = CORPUS if path.is_relative_to(CORPUS) else EXAMPLES.parent
    return str(path.relative_to(root)).replace("/", "__") + ".json"


def compare(left: Path, right: Path) -> list[str]:
    names = {p.name for p in left.glob("*.json")} | {p.name for p in right.glob("*.json")}
    differing = []
    for name in sorted(names):
        a, b = left / name, right / name
        if not a.exists() or not b.exists() or a.read_bytes() != b.read_bytes():
            differing.append(name)
    return differing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the snapshot files (e.g. under /tmp)")
    parser.add_argument("--compare", type=Path, help="a snapshot folder to compare with")
    parser.add_argument("--only", default="", help="only inputs whose path contains this text")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    cpu = time.process_time()
    paths = [p for p in inputs() if args.only in str(p)]
    for path in paths:
        data = snapshot(path)
        (args.out / _name(path)).write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False))
    print(f"{len(paths)} files snapshotted to {args.out} in {time.process_time() - cpu:.1f} CPU seconds")
    if args.compare is None:
        return 0
    mine = {_name(p) for p in paths}
    differing = [n for n in compare(args.compare, args.out) if n in mine]
    print(f"{len(differing)} of {len(mine)} differ from {args.compare}")
    for name in differing:
        print("  differs:", name)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
