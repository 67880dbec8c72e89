"""Review throughput over the whole shared corpus with 1 and 2 jobs.

Run: .venv/bin/python benchmarks/review.py  → benchmarks/results/review.json
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

from datarights.cli.batch import expand_paths
from datarights.ingest import IngestOptions
from datarights.pipeline import process_many

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = REPO / "benchmarks" / "results" / "review.json"


def run(paths: list[Path], jobs: int) -> dict[str, float | int]:
    started = time.perf_counter()
    reviewed = failed = 0
    chars = 0
    for outcome in process_many(paths, IngestOptions(), jobs=jobs):
        if outcome.result is None:
            failed += 1
            continue
        reviewed += 1
        chars += len(outcome.result.review.document.text)
    seconds = time.perf_counter() - started
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    return {
        "jobs": jobs,
        "documents": reviewed,
        "failed": failed,
        "seconds": round(seconds, 2),
        "documents_per_second": round(reviewed / seconds, 2),
        "input_mb_per_second": round(megabytes / seconds, 3),
        "text_mb_per_second": round(chars / 1e6 / seconds, 3),
    }


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (the corpus lives beside the repository)")
        return 0
    # The cuad/txt files are reference renderings of the cuad PDFs, not documents of their own.
    paths = [
        p for p in expand_paths([str(CORPUS)]) if "/cuad/txt/" not in str(p) and "/docx/ref/" not in str(p)
    ]
    paths = [p for p in paths if p.name != "README.md"]
    results = {
        "corpus": str(CORPUS),
        "files": len(paths),
        "input_mb": round(sum(p.stat().st_size for p in paths) / 1e6, 2),
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": __import__("os").cpu_count(),
        },
        "runs": [run(paths, 1), run(paths, 2)],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
