"""The gate's Ray engine against the local engine on this machine's 2 cores: records per second
and their ratio, on the same synthetic records and policies as `benchmarks/gate.py` (Parquet in
and out, no de-identification), with the outputs and decision logs checked identical.

Usage: PYTHONPATH=src python benchmarks/gate_ray.py [--records 10000000]

- local, --jobs 1: one process reads, decides and writes.
- local, --jobs 2: the same with two worker processes deciding (the local engine on 2 cores).
- ray: a local Ray started here with `ray.init(num_cpus=2, include_dashboard=False)` (started
  before timing, as an existing cluster would be; its start-up time is reported apart); two
  actors read their own row ranges and run `process`, the driver writes in input order.

Rates are wall-clock (several processes take part, so one process's CPU time says little), on
a machine shared with other work: the load average is recorded beside them. Writes
benchmarks/results/gate-ray.json (benchmarks/results/gate.json belongs to benchmarks/gate.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))

from gate import AS_OF, PURPOSE, _opt_outs, _policies  # the same policies and opt-outs

from datarights.enforce.runners.local import GateRun, run_gate
from datarights.enforce.synthetic import SyntheticSpec, synthetic_batch

RESULTS = Path(__file__).parent / "results" / "gate-ray.json"
TARGET_RATIO = 0.8


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(folder: Path, source: Path, name: str, engine: str, jobs: int, records: int) -> dict[str, Any]:
    out, log = folder / f"out-{name}.parquet", folder / f"log-{name}.jsonl"
    load = os.getloadavg()[0]
    started = time.perf_counter()
    result = run_gate(
        GateRun(
            input=source,
            output=out,
            log=log,
            manifest=folder / f"manifest-{name}.json",
            policies=folder / "policies",
            purpose=PURPOSE,
            as_of=AS_OF,
            opt_outs=folder / "opt-outs.csv",
            jobs=jobs,
            measure_deid=False,
            engine=engine,
        )
    )
    elapsed = time.perf_counter() - started
    r = result.manifest["reconciliation"]
    figures = {
        "engine": engine,
        "jobs": jobs,
        "records": records,
        "wall_seconds": round(elapsed, 2),
        "records_per_second": round(records / elapsed),
        "load_average_before": round(load, 2),
        "admitted": r["admitted"],
        "rejected": r["rejected"],
        "output_sha256": result.manifest["output"]["sha256"],
        "decision_log_sha256": _sha(log),
        "counts_sha256": hashlib.sha256(
            json.dumps(result.manifest["counts"], sort_keys=True).encode()
        ).hexdigest(),
    }
    log.unlink()  # 10M decision-log lines are gigabytes: keep only their digest
    out.unlink()
    print(
        json.dumps({k: figures[k] for k in ("engine", "jobs", "wall_seconds", "records_per_second")}),
        flush=True,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000_000)
    args = parser.parse_args()
    import ray

    with tempfile.TemporaryDirectory(prefix="datarights-gate-ray-") as tmp:
        folder = Path(tmp)
        (folder / "policies").mkdir()
        customers = _policies(folder / "policies", deid=False)
        _opt_outs(folder / "opt-outs.csv", customers)
        started = time.perf_counter()
        table = synthetic_batch(SyntheticSpec(args.records, customers, pii_rate=0.1))
        pq.write_table(table, folder / "in.parquet", row_group_size=1 << 20)
        del table
        generated = time.perf_counter() - started
        source = folder / "in.parquet"

        local1 = _run(folder, source, "local1", "local", 1, args.records)
        local2 = _run(folder, source, "local2", "local", 2, args.records)
        started = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        ray_start = time.perf_counter() - started
        try:
            on_ray = _run(folder, source, "ray", "ray", 1, args.records)
        finally:
            ray.shutdown()

    best_local = max(local1["records_per_second"], local2["records_per_second"])
    identical = (
        len(
            {
                (r["output_sha256"], r["decision_log_sha256"], r["counts_sha256"])
                for r in (local1, local2, on_ray)
            }
        )
        == 1
    )
    ratio = on_ray["records_per_second"] / best_local
    results = {
        "benchmark": "gate-ray",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "ray": ray.__version__},
        "synthetic": {
            "records": args.records,
            "customers": len(customers),
            "input": "parquet",
            "generate_seconds": round(generated, 1),
        },
        "local_jobs_1": local1,
        "local_jobs_2": local2,
        "ray_2_cpus": on_ray | {"ray_init_seconds": round(ray_start, 2)},
        "ratio_ray_to_best_local": round(ratio, 3),
        "ratio_ray_to_local_jobs_1": round(on_ray["records_per_second"] / local1["records_per_second"], 3),
        "ratio_ray_to_local_jobs_2": round(on_ray["records_per_second"] / local2["records_per_second"], 3),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
        "identical_outputs": identical,
        "scaling_note": (
            "Actors read their own row ranges and run the same pure process(), so deciding scales "
            "with actors; the driver writes the output and decision log in input order, so one run "
            "is bounded by that single writer. On this 2-core machine shared with other work, "
            f"local --jobs 2 runs at {local2['records_per_second'] / local1['records_per_second']:.2f}x "
            f"of --jobs 1 and Ray at {on_ray['records_per_second'] / local2['records_per_second']:.2f}x "
            "of --jobs 2. No Ray-published figure for this workload was available offline; the "
            "expectation is deciding growing near-linearly with nodes until the writer saturates, "
            "and sharding the input into separate runs past that."
        ),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps({k: results[k] for k in ("ratio_ray_to_best_local", "meets_target", "identical_outputs")})
    )


if __name__ == "__main__":
    main()
