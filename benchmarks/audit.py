"""Leakage-audit figures: regurgitation throughput and memory, canary exposure separation.

Run: PYTHONPATH=src python benchmarks/audit.py [--records-mb 100,1000] → benchmarks/results/audit.json

Regurgitation: records are generated on the fly in a temporary folder (JSONL, about
1 KB of text each, 20 customers, words drawn from a 6,000-word vocabulary with
numbers and capitals), and 100,000 model outputs of about 600 bytes, 1,000 of which
copy a 200-character span of a known record (the rest are fresh text over the same
vocabulary, so they share words and short phrases with the records but no long span).
The scan runs as the real CLI in a child process (`datarights audit regurgitation
--format json`), so the peak RSS is the command's own; the figures are the scan's
time (without hashing the inputs for provenance), MB/s of records and of outputs,
recall of the planted spans and matches not planted.

Canaries: a character n-gram model (order 3) trained on generated records whose
canaries appear 200 times (memorised) or once, scored through the command-line scorer
`python -m datarights.audit.ngram score`, exposure for 2^20 candidates from 2,047
sampled ones.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from datarights.audit.canaries import CommandScorer, audit_canaries, plant_canaries
from datarights.audit.model import CanaryFormat
from datarights.audit.ngram import CharNGram

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "audit.json"
OUTPUTS = 100_000
PLANTED = 1_000
SPAN = 200
CUSTOMERS = 20


def _vocabulary(rng: np.random.Generator) -> list[str]:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = ["".join(letters[rng.integers(0, 26, rng.integers(2, 11))]) for _ in range(6000)]
    words += [w.capitalize() for w in words[:600]] + [str(n) for n in range(400)]
    return words


def _text(rng: np.random.Generator, vocabulary: np.ndarray, words: int) -> str:
    return " ".join(vocabulary[rng.integers(0, len(vocabulary), words)].tolist())


def generate(folder: Path, records_mb: int, seed: int = 1) -> tuple[Path, Path, dict[str, tuple[str, str]]]:
    """Records JSONL of about `records_mb` MB and the outputs JSONL; returns which output copies which record."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array(_vocabulary(rng), dtype=object)
    target = records_mb * 1_000_000
    expected_records = target // 1_300  # records average about 1,150 bytes: every planted index is generated
    plant_from = {int(i): f"o{j}" for j, i in enumerate(rng.choice(expected_records, PLANTED, replace=False))}
    spans: dict[str, str] = {}
    planted: dict[str, tuple[str, str]] = {}
    records = folder / "records.jsonl"
    written = 0
    index = 0
    with records.open("w", encoding="utf-8") as handle:
        while written < target:
            lines = []
            for _ in range(2_000):
                text = _text(rng, vocabulary, int(rng.integers(120, 220)))
                customer = f"customer-{index % CUSTOMERS:02d}"
                if index in plant_from and len(text) > SPAN + 10:
                    start = int(rng.integers(0, len(text) - SPAN))
                    spans[plant_from[index]] = text[start : start + SPAN]
                    planted[plant_from[index]] = (customer, f"rec-{index}")
                lines.append(f'{{"id": "rec-{index}", "customer": "{customer}", "text": "{text}"}}\n')
                index += 1
            chunk = "".join(lines)
            handle.write(chunk)
            written += len(chunk)
    outputs = folder / "outputs.jsonl"
    with outputs.open("w", encoding="utf-8") as handle:
        for j in range(OUTPUTS):
            output_id = f"o{j}"
            text = _text(rng, vocabulary, int(rng.integers(60, 130)))
            if output_id in spans:
                text = f"{text[:200]} {spans[output_id]} {text[200:]}"
            handle.write(
                json.dumps({"id": output_id, "prompt": "Tell me about my account.", "output": text}) + "\n"
            )
    return records, outputs, planted


def regurgitation(records_mb: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="datarights-audit-bench-") as name:
        folder = Path(name)
        started = time.perf_counter()
        records, outputs, planted = generate(folder, records_mb)
        generated = time.perf_counter() - started
        report_path = folder / "report.json"
        rss_path = folder / "rss"
        # The CLI in a child that records its own peak RSS when it exits.
        wrapper = (
            "import atexit, resource, sys; from pathlib import Path; "
            f"atexit.register(lambda: Path({str(rss_path)!r}).write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))); "
            "from datarights.cli.main import main; sys.argv = ['datarights', *sys.argv[1:]]; main()"
        )
        command = [
            sys.executable, "-c", wrapper, "audit", "regurgitation",
            "--records", str(records), "--outputs", str(outputs), "--format", "json", "-o", str(report_path),
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        load = os.getloadavg()[0]
        report = json.loads(report_path.read_text(encoding="utf-8"))["regurgitation"]
        found = {
            (m["output_id"], customer, m["record_id"])
            for customer, entry in report["customers"].items()
            for m in entry["matches"]
        }
        expected = {(o, c, r) for o, (c, r) in planted.items()}
        stats = report["stats"]
        return {
            "records_mb": stats["record_mb"],
            "records": stats["records"],
            "records_file_mb": round(records.stat().st_size / 1e6, 1),
            "outputs": stats["outputs"],
            "outputs_mb": stats["output_mb"],
            "generate_seconds": round(generated, 1),
            "scan_seconds": stats["seconds"],
            "command_seconds_including_sha256_of_inputs": round(wall, 1),
            "records_mb_per_second": stats["records_mb_per_second"],
            "outputs_mb_per_second": stats["outputs_mb_per_second"],
            "passes": stats["passes"],
            "command_cpu_seconds": round(cpu, 1),
            "load_average_after": round(load, 1),
            "peak_rss_mb": round(int(rss_path.read_text()) / 1024, 1),
            "planted_spans": len(expected),
            "planted_found": len(expected & found),
            "matches_not_planted": len(found - expected),
        }


def canaries() -> dict[str, object]:
    rng = random.Random(7)
    fmt = CanaryFormat("{customer} pin {secret}", "0123456789QRSTUV", 5)
    customers = [f"customer-{i:02d}" for i in range(4)]
    _, manifest = plant_canaries(customers, 8, rng, fmt)
    memorised = {c.record_id for i, c in enumerate(manifest.canaries) if i % 8 < 3}
    texts: list[str] = []
    for customer in customers:
        texts += [
            fmt.render(customer, "".join(rng.choice(fmt.alphabet) for _ in range(5))) for _ in range(20_000)
        ]
    for canary in manifest.canaries:
        texts += [canary.text] * (200 if canary.record_id in memorised else 1)
    with tempfile.TemporaryDirectory(prefix="datarights-canary-bench-") as name:
        model_path = Path(name) / "model.json"
        CharNGram(order=3).train(texts).save(model_path)
        scorer = CommandScorer(
            f"{shlex.quote(sys.executable)} -m datarights.audit.ngram score --model {model_path}"
        )
        started = time.perf_counter()
        result = audit_canaries(manifest, scorer, samples=2047, rng=random.Random(1))
        seconds = time.perf_counter() - started
    exposures = {e.record_id: e for c in result.customers for e in c.canaries}
    high = [exposures[r].exposure for r in memorised]
    low = [e.exposure for r, e in exposures.items() if r not in memorised]
    texts_scored = len(customers) * 2047 + len(manifest.canaries)
    return {
        "model": "character n-gram, order 3, interpolated Kneser-Ney",
        "space_bits": fmt.space_bits,
        "samples_per_customer": 2047,
        "memorised_canaries (200 insertions)": len(high),
        "memorised_exposure_min": round(min(high), 2),
        "memorised_exposure_mean": round(float(np.mean(high)), 2),
        "once_canaries": len(low),
        "once_exposure_mean": round(float(np.mean(low)), 2),
        "once_exposure_max": round(max(low), 2),
        "customers_flagged": sum(1 for c in result.customers if c.memorised),
        "customers": len(result.customers),
        "audit_seconds": round(seconds, 2),
        "texts_scored": texts_scored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records-mb", default="100,1000", help="comma-separated record volumes to scan")
    args = parser.parse_args()
    runs = [regurgitation(int(size)) for size in args.records_mb.split(",") if size]
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "regurgitation": runs,
        "canaries": canaries(),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
