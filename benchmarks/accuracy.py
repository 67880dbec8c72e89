"""Accuracy against the human labels in ../shared/eval (all, development and held-out split).

Run: .venv/bin/python benchmarks/accuracy.py  → benchmarks/results/eval.json
The held-out split (contrib/ and templates/ documents) was kept aside while the
first detectors were written; see `datarights.evaluate.is_held_out`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from datarights.cli.main import main as cli

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RESULTS = REPO / "benchmarks" / "results" / "eval.json"


def main() -> int:
    labels = SHARED / "eval" / "dev-labels.json"
    if not labels.exists():
        print(f"skipped: {labels} is absent (the labels live beside the repository)")
        return 0
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            str(labels),
            "--corpus",
            str(SHARED / "corpus"),
            "--jobs",
            "2",
            "-o",
            str(RESULTS),
            "--errors",
        ],
    )
    sys.stdout.write(result.output)
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
