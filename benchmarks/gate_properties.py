"""Soak the gate's property tests: every invariant of tests/enforce/test_properties.py under the
hypothesis `soak` profile, counting the generated cases (examples) and records.

Usage: PYTHONPATH=src python benchmarks/gate_properties.py [--examples N]
Writes benchmarks/results/gate_properties.json (a failing property stops the run with its
falsifying example, like pytest would).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "gate_properties.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=19_000, help="examples per property")
    parser.add_argument("--deid-examples", type=int, default=3_000, help="examples per Presidio property")
    parser.add_argument(
        "--accumulate",
        action="store_true",
        help="add to the counts already in the results file (another run)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from hypothesis import settings
    from tests.enforce import strategies  # registers the profiles
    from tests.enforce import test_properties as props

    settings.load_profile("soak")
    heavy = {
        "test_a_record_that_required_deidentification_holds_none_of_the_tested_pii",
        "test_the_output_is_deterministic",
    }
    tests = [
        name
        for name in dir(props)
        if name.startswith("test_") and hasattr(getattr(props, name), "hypothesis")
    ]
    tests.sort(key=lambda name: name in heavy)  # the cheap properties first
    timings: dict[str, float] = {}
    earlier: dict[str, Any] = json.loads(RESULTS.read_text()) if args.accumulate and RESULTS.exists() else {}
    for name in tests:
        count = args.deid_examples if name in heavy else args.examples
        test = settings(strategies.settings.get_profile("soak"), max_examples=count)(getattr(props, name))
        started = time.perf_counter()
        test()
        timings[name] = round(time.perf_counter() - started, 1)
        print(f"{name}: {count} examples in {timings[name]} s", flush=True)
        _write(props, timings, name == tests[-1], earlier)


def _merged(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in sorted(set(a) | set(b))}


def _write(props: Any, timings: dict[str, float], complete: bool, earlier: dict[str, Any]) -> None:
    """Results so far (rewritten after each property, so a long soak reports as it goes)."""
    examples = _merged(earlier.get("examples_per_property", {}), dict(props.CASES))
    results = {
        "benchmark": "gate_properties",
        "profile": "soak",
        "runs": earlier.get("runs", 0) + 1,
        "examples_per_property": examples,
        "examples_total": sum(examples.values()),
        "records_total": earlier.get("records_total", 0) + sum(props.RECORDS.values()),
        "reasons_seen": _merged(earlier.get("reasons_seen", {}), dict(props.REASONS)),
        "violations": 0,
        "seconds": _merged(earlier.get("seconds", {}), timings),
        "complete": complete,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if complete:
        print(json.dumps({k: results[k] for k in ("examples_total", "records_total")}))


if __name__ == "__main__":
    main()
