"""Long mutation-fuzzing run of the ingest boundary (the CI test runs the same harness briefly).

Every input is a seed from the shared corpus or the project's own fixtures, mutated by
`tests/fuzz/harness.py`; 2 % of them also go through the whole review. Records inputs tried
per format, escapes (any exception that is not a `DatarightsError`), inputs slower than the
per-MB bound, and peak memory, into `benchmarks/results/fuzz.json` (rewritten every minute,
so an interrupted run still leaves its figures). Inputs that escape are saved under
`--crash-dir` for replay.

Run: PYTHONPATH=src python benchmarks/fuzz.py --seconds 3600 [--seed 1]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the harness lives with the tests

from tests.fuzz.harness import FORMATS, all_seeds, check, mutate, random_ops, seconds_allowed  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "src" / "datarights" / "examples"
RESULTS = REPO / "benchmarks" / "results" / "fuzz.json"
# Memory bound: an input that needs more than this fails with MemoryError, which ingest maps.
ADDRESS_SPACE_BYTES = 3 * 1024**3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--review-share", type=float, default=0.02)
    parser.add_argument("--crash-dir", type=Path, default=Path("/tmp/datarights-fuzz-crashes"))
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--accumulate", action="store_true", help="Add this run to the totals already in --output."
    )
    args = parser.parse_args()
    previous: dict[str, Any] = {}
    if args.accumulate and args.output.is_file():
        previous = json.loads(args.output.read_text(encoding="utf-8"))
    earlier_runs: list[dict[str, Any]] = previous.get("runs", [])
    if previous and not earlier_runs:  # a file written before runs were kept: it is one run
        earlier_runs = [
            {
                "random_seed": previous.get("random_seed"),
                "inputs": previous["inputs"],
                "inputs_by_format": previous["inputs_by_format"],
                "fully_reviewed": previous.get("fully_reviewed", 0),
                "escape_count": previous.get("escape_count", 0),
                "slow_inputs": len(previous.get("slow_inputs", [])),
                "seconds": previous.get("seconds", 0.0),
                "inputs_per_second": previous.get("inputs_per_second", 0.0),
                "finished": previous.get("finished", True),
            }
        ]
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))

    seeds = all_seeds(CORPUS, EXAMPLES)
    rng = random.Random(args.seed)
    tried: Counter[str] = Counter()
    reviewed: Counter[str] = Counter()
    rejected: Counter[str] = Counter()  # DatarightsError class names: the expected outcome
    escapes: list[dict[str, object]] = []
    slow: list[dict[str, object]] = []
    worst_seconds_per_mb = 0.0
    started = time.perf_counter()
    last_write = started

    def write(final: bool) -> None:
        elapsed = time.perf_counter() - started
        this_run = {
            "random_seed": args.seed,
            "inputs": sum(tried.values()),
            "inputs_by_format": {fmt: tried[fmt] for fmt in FORMATS},
            "fully_reviewed": sum(reviewed.values()),
            "escape_count": len(escapes),
            "slow_inputs": len(slow),
            "seconds": round(elapsed, 1),
            "inputs_per_second": round(sum(tried.values()) / max(elapsed, 1e-9), 1),
            "finished": final,
        }
        runs = [*earlier_runs, this_run]
        payload = {
            "inputs": sum(int(run["inputs"]) for run in runs),
            "inputs_by_format": {
                fmt: sum(int(run["inputs_by_format"][fmt]) for run in runs) for fmt in FORMATS
            },
            "fully_reviewed": sum(int(run["fully_reviewed"]) for run in runs),
            "escape_count": sum(int(run["escape_count"]) for run in runs),
            "escapes": [*previous.get("escapes", []), *escapes],
            "slow_inputs": [*previous.get("slow_inputs", []), *slow],
            "rejected_by_error": dict(
                (Counter(previous.get("rejected_by_error", {})) + rejected).most_common()
            ),
            "worst_seconds_per_mb": round(
                max(worst_seconds_per_mb, float(previous.get("worst_seconds_per_mb", 0.0))), 3
            ),
            "peak_rss_mb": round(
                max(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    float(previous.get("peak_rss_mb", 0.0)),
                ),
                1,
            ),
            "address_space_limit_mb": ADDRESS_SPACE_BYTES // 1024**2,
            "seconds": round(sum(float(run["seconds"]) for run in runs), 1),
            "seeds": len(seeds),
            "seeds_by_format": dict(Counter(seed.fmt for seed in seeds)),
            "runs": runs,
            "python": platform.python_version(),
        }
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

    try:
        while time.perf_counter() - started < args.seconds:
            seed = rng.choice(seeds)
            data = mutate(seed, random_ops(rng, seed.fmt), seeds)
            full = rng.random() < args.review_share
            outcome = check(seed.fmt, data, review=full)
            tried[seed.fmt] += 1
            reviewed[seed.fmt] += full
            if outcome.error:
                rejected[outcome.error] += 1
            megabytes = max(outcome.size / 1e6, 0.01)
            worst_seconds_per_mb = max(worst_seconds_per_mb, outcome.seconds / megabytes)
            if outcome.seconds > seconds_allowed(outcome.size):
                slow.append(
                    {
                        "seed": seed.name,
                        "bytes": outcome.size,
                        "cpu_seconds": round(outcome.seconds, 2),
                        "wall_seconds": round(outcome.wall_seconds, 2),
                    }
                )
            if outcome.escaped is not None:
                digest = hashlib.sha256(data).hexdigest()[:16]
                args.crash_dir.mkdir(parents=True, exist_ok=True)
                (args.crash_dir / f"{digest}.{seed.fmt}").write_bytes(data)
                escapes.append(
                    {
                        "seed": seed.name,
                        "sha256": digest,
                        "error": f"{type(outcome.escaped).__name__}: {outcome.escaped}"[:300],
                    }
                )
            if time.perf_counter() - last_write > 60:
                write(final=False)
                last_write = time.perf_counter()
    finally:
        write(final=True)
    print(json.dumps({"inputs": sum(tried.values()), "escapes": len(escapes), "slow": len(slow)}))


if __name__ == "__main__":
    main()
