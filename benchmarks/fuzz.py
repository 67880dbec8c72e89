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
    args = parser.parse_args()
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
        payload = {
            "inputs": sum(tried.values()),
            "inputs_by_format": {fmt: tried[fmt] for fmt in FORMATS},
            "fully_reviewed": sum(reviewed.values()),
            "escapes": escapes,
            "escape_count": len(escapes),
            "slow_inputs": slow,
            "rejected_by_error": dict(rejected.most_common()),
            "worst_seconds_per_mb": round(worst_seconds_per_mb, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "address_space_limit_mb": ADDRESS_SPACE_BYTES // 1024**2,
            "seconds": round(elapsed, 1),
            "inputs_per_second": round(sum(tried.values()) / max(elapsed, 1e-9), 1),
            "seeds": len(seeds),
            "seeds_by_format": dict(Counter(seed.fmt for seed in seeds)),
            "random_seed": args.seed,
            "finished": final,
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
                slow.append({"seed": seed.name, "bytes": outcome.size, "seconds": round(outcome.seconds, 2)})
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
