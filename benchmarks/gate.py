"""Gate throughput: records per second per core on synthetic records, without and with
de-identification, through the whole local runner (read, decide, de-identify, write the admitted
records, the decision log and the manifest).

Usage: PYTHONPATH=src python benchmarks/gate.py [--records 1000000] [--deid-records 200000]

- Without de-identification: 1M records (Parquet in and out), 20 customers with confirmed
  policies, most allowing the purpose outright, some forbidding it, one unconfirmed, plus unknown
  customers, retention limits and a few thousand subject opt-outs.
- With de-identification: the same shape, every policy conditional on de-identification
  (pseudonymisation with a keyed HMAC), 10% of texts carrying PII. Measured on `--deid-records`
  records (the rate per core does not depend on the count; 1M with de-identification takes minutes).
- Worst case: every text carries PII (`--worst-records`), so the prefilter skips nothing.
- Also: JSONL in/out at 1M, and the de-identification quality on the Faker set.

One process (`--jobs 1`); "per core" divides by the process's CPU time (`time.process_time`, all
threads), because on a shared machine wall-clock time also measures the neighbours; wall-clock
rates are reported beside it. Writes benchmarks/results/gate.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from datarights.enforce.deidentify import shared_deidentifier
from datarights.enforce.model import Fields
from datarights.enforce.pii_eval import measure
from datarights.enforce.runners.local import GateRun, run_gate
from datarights.enforce.synthetic import SyntheticSpec, synthetic_batch
from datarights.policy.build import PolicySpec, RuleSpec, build_policy
from datarights.policy.confirm import confirm_policy
from datarights.policy.io import write_policy
from datarights.policy.model import Category, Operator, Permission, Purpose

RESULTS = Path(__file__).parent / "results" / "gate.json"
PURPOSE = Purpose.PRIVATE_TRAINING
AS_OF = date(2024, 7, 1)
TARGET_PLAIN = 200_000
TARGET_DEID = 5_000


def _policies(folder: Path, deid: bool) -> list[str]:
    customers = [f"cust-{i:02d}" for i in range(20)]
    for i, customer in enumerate(customers):
        if deid:
            rule = RuleSpec(
                Permission.CONDITIONAL, deidentify=(Operator.PSEUDONYMIZE,), exclude=(Category.HEALTH,)
            )
        elif i % 5 == 4:
            rule = RuleSpec(Permission.FORBIDDEN)
        else:
            rule = RuleSpec(Permission.ALLOWED)
        policy = build_policy(
            PolicySpec(
                customer,
                {PURPOSE: rule},
                effective=date(2022, 1, 1),
                max_age_days=450 if i % 3 == 0 else None,
            )
        )
        if i != 7:  # one policy nobody confirmed
            policy = confirm_policy(policy, "benchmark")
        write_policy(policy, folder / f"{customer}.yaml")
    return [*customers, "unknown-a", "unknown-b"]


def _opt_outs(path: Path, customers: list[str]) -> None:
    lines = ["customer_id,subject_id,date"]
    for i in range(5000):
        lines.append(f"{customers[i % 20]},s{i % 1000},2024-0{1 + i % 6}-15")
    lines.append(f"{customers[3]},,2024-03-01")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(folder: Path, source: Path, out_suffix: str, deid: bool, records: int) -> dict[str, Any]:
    out = folder / f"out-{'deid' if deid else 'plain'}.{out_suffix}"
    started = time.perf_counter()
    cpu_started = time.process_time()
    result = run_gate(
        GateRun(
            input=source,
            output=out,
            log=folder / "decisions.jsonl",
            manifest=folder / "manifest.json",
            policies=folder / ("policies-deid" if deid else "policies"),
            purpose=PURPOSE,
            as_of=AS_OF,
            fields=Fields(),
            opt_outs=folder / "opt-outs.csv",
            jobs=1,
            secret=b"benchmark-secret" if deid else None,
            measure_deid=False,
        )
    )
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    r = result.manifest["reconciliation"]
    d = result.manifest["deidentification"]
    return {
        "records": records,
        "input": source.suffix.lstrip("."),
        "wall_seconds": round(elapsed, 3),
        "cpu_seconds": round(cpu, 3),
        # Per core = per CPU-second of this process (all its threads): the machine is shared, so
        # wall-clock time measures the neighbours as much as the gate.
        "records_per_second_per_core": round(records / cpu),
        "records_per_second_wall": round(records / elapsed),
        "admitted": r["admitted"],
        "admitted_deidentified": r["admitted_deidentified"],
        "rejected": r["rejected"],
        "by_reason": result.manifest["counts"]["by_reason"],
        "deidentification": {k: d[k] for k in ("text_values", "scanned", "skipped_by_prefilter") if k in d},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--deid-records", type=int, default=200_000)
    parser.add_argument(
        "--worst-records", type=int, default=20_000, help="de-identified, every text with PII"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="datarights-gate-bench-") as tmp:
        folder = Path(tmp)
        (folder / "policies").mkdir()
        (folder / "policies-deid").mkdir()
        customers = _policies(folder / "policies", deid=False)
        _policies(folder / "policies-deid", deid=True)
        _opt_outs(folder / "opt-outs.csv", customers)
        started = time.perf_counter()
        table = synthetic_batch(SyntheticSpec(args.records, customers, pii_rate=0.1))
        generated = time.perf_counter() - started
        pq.write_table(table, folder / "in.parquet")
        with (folder / "in.jsonl").open("wb") as handle:
            # JSON lines built with pyarrow string kernels (the fields are plain strings and booleans).
            quoted = {
                name: pc.binary_join_element_wise('"', pc.replace_substring(table[name], '"', '\\"'), '"', "")
                for name in ("id", "customer_id", "subject_id", "created_at", "text", "categories")
            }
            lines = pc.binary_join_element_wise(
                '{"id":',
                quoted["id"],
                ',"customer_id":',
                quoted["customer_id"],
                ',"subject_id":',
                quoted["subject_id"],
                ',"created_at":',
                quoted["created_at"],
                ',"text":',
                quoted["text"],
                ',"opt_in":',
                pc.cast(table["opt_in"], pa.string()),
                ',"categories":',
                quoted["categories"],
                "}",
                "",
            )
            for chunk in lines.chunks:
                handle.write(("\n".join(chunk.to_pylist()) + "\n").encode("utf-8"))
        pq.write_table(table.slice(0, args.deid_records), folder / "in-deid.parquet")
        worst = synthetic_batch(SyntheticSpec(args.worst_records, customers, pii_rate=1.0, seed=8))
        pq.write_table(worst, folder / "in-worst.parquet")

        shared_deidentifier(b"benchmark-secret")  # built once per process, as in a real run
        plain = _run(folder, folder / "in.parquet", "parquet", False, args.records)
        jsonl = _run(folder, folder / "in.jsonl", "jsonl", False, args.records)
        deid = _run(folder, folder / "in-deid.parquet", "parquet", True, args.deid_records)
        worst_case = _run(folder, folder / "in-worst.parquet", "parquet", True, args.worst_records)
        quality = measure(shared_deidentifier(b"benchmark-secret")).as_dict()

    results = {
        "benchmark": "gate",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "jobs": 1},
        "synthetic": {
            "records": args.records,
            "customers": len(customers),
            "pii_rate": 0.1,
            "generate_seconds": round(generated, 2),
        },
        "without_deidentification": plain
        | {"target": TARGET_PLAIN, "meets_target": plain["records_per_second_per_core"] >= TARGET_PLAIN},
        "without_deidentification_jsonl": jsonl,
        "with_deidentification": deid
        | {"target": TARGET_DEID, "meets_target": deid["records_per_second_per_core"] >= TARGET_DEID},
        "with_deidentification_every_text_has_pii": worst_case,
        "deidentification_quality": quality,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {k: v.get("records_per_second_per_core") for k, v in results.items() if isinstance(v, dict)},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
