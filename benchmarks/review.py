"""Review throughput over the whole shared corpus with 1 and 2 jobs, and the shared Markdown corpus side
by side with the regex-only peer redline-buddy (PyPI, MIT) on one core.

Run: .venv/bin/python benchmarks/review.py  → benchmarks/results/review.json
The peer (`pip install redline-buddy`, the `bench` extra) reads each file and runs its playbook rules over
the text; we ingest, structure, read clause frames and answer eleven questions with evidence. Both run in
this process, one file after another (one core), alternating which goes first to share the machine's load.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from datarights.cli.batch import expand_paths
from datarights.detect.engine import review_path
from datarights.ingest import IngestOptions
from datarights.pipeline import process_many

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = REPO / "benchmarks" / "results" / "review.json"
# The peer's playbooks for the documents of the corpus (terms, privacy policies, DPAs).
PEER_PLAYBOOKS = ("saas-vendor", "tos-user", "privacy-policy", "dpa")
ROUNDS = 3


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


def _timed(work: Callable[[], None]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def side_by_side(paths: list[Path]) -> dict[str, object]:
    """Best of ROUNDS wall and CPU seconds for us and for the peer over the same Markdown files."""
    # Run as a script, this folder is first on sys.path, and its redline.py (our redline benchmark)
    # would shadow the peer's `redline` package.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    from redline.ingest import extract_text
    from redline.playbook import bundled_playbook_path, load_playbook
    from redline.review import review_contract

    playbooks = [load_playbook(bundled_playbook_path(name)) for name in PEER_PLAYBOOKS]

    def ours() -> None:
        for path in paths:
            review_path(path)

    def peer_one() -> None:  # one playbook per document, as a user of the peer runs it
        for path in paths:
            review_contract(extract_text(path), playbooks[0])

    def peer_all() -> None:  # every data-relevant playbook per document
        for path in paths:
            text = extract_text(path)
            for playbook in playbooks:
                review_contract(text, playbook)

    ours()  # warm-up: imports and compiled patterns, for both
    peer_one()
    best: dict[str, tuple[float, float]] = {}
    for round_ in range(ROUNDS):
        order = [("ours", ours), ("peer_one_playbook", peer_one), ("peer_all_playbooks", peer_all)]
        for name, work in order if round_ % 2 == 0 else reversed(order):
            wall, cpu = _timed(work)
            previous = best.get(name)
            best[name] = (min(wall, previous[0]), min(cpu, previous[1])) if previous else (wall, cpu)
    figures = {
        name: {"wall_seconds": round(w, 3), "cpu_seconds": round(c, 3)} for name, (w, c) in best.items()
    }
    ours_wall, ours_cpu = best["ours"]
    return {
        "files": len(paths),
        "input_mb": round(sum(p.stat().st_size for p in paths) / 1e6, 2),
        "peer": "redline-buddy " + _peer_version(),
        "peer_playbooks": list(PEER_PLAYBOOKS),
        "rounds": ROUNDS,
        "best": figures,
        # ours / peer: below 1.0 means we are faster.
        "ratio_wall_vs_one_playbook": round(ours_wall / best["peer_one_playbook"][0], 2),
        "ratio_cpu_vs_one_playbook": round(ours_cpu / best["peer_one_playbook"][1], 2),
        "ratio_wall_vs_all_playbooks": round(ours_wall / best["peer_all_playbooks"][0], 2),
        "ratio_cpu_vs_all_playbooks": round(ours_cpu / best["peer_all_playbooks"][1], 2),
    }


def _peer_version() -> str:
    from importlib.metadata import version

    return version("redline-buddy")


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (the corpus lives beside the repository)")
        return 0
    # The cuad/txt files are reference renderings of the cuad PDFs, not documents of their own.
    paths = [
        p for p in expand_paths([str(CORPUS)]) if "/cuad/txt/" not in str(p) and "/docx/ref/" not in str(p)
    ]
    paths = [p for p in paths if p.name != "README.md"]
    markdown = [p for p in paths if p.suffix == ".md"]
    results: dict[str, object] = {
        "corpus": str(CORPUS),
        "files": len(paths),
        "input_mb": round(sum(p.stat().st_size for p in paths) / 1e6, 2),
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "runs": [run(paths, 1), run(paths, 2)],
    }
    try:
        results["markdown_vs_redline_buddy"] = side_by_side(markdown)
    except ImportError:
        results["markdown_vs_redline_buddy"] = (
            "skipped: redline-buddy is not installed (pip install redline-buddy)"
        )
    # Earlier figures recorded under "before_…" keys stay beside the new ones, for comparison.
    if RESULTS.exists():
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        results.update({k: v for k, v in previous.items() if k.startswith("before_")})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
