"""Run the gate on this machine: read batches, `process` them (in `jobs` worker processes when
asked, keeping input order), write admitted records, the decision log and the manifest.

Deterministic: the same input, policies, opt-outs, purpose and as-of date give byte-identical
output and log (decision ids derive from those inputs); only the manifest's `timing` differs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from datarights.enforce.decide import PolicySet, needs_deidentification
from datarights.enforce.deidentify import NOT_DETECTED, Deidentifier, DeidStats, shared_deidentifier
from datarights.enforce.manifest import (
    MANIFEST_SCHEMA,
    FileRef,
    GatePlanter,
    GateSink,
    admitted_customers,
    counts_block,
    reconcile,
    tool_block,
)
from datarights.enforce.model import DEFAULT_FIELDS, NO_OPT_OUTS, Fields, OptOuts
from datarights.enforce.process import CountKey, GateContext, Processed, process
from datarights.enforce.readers import (
    DEFAULT_BATCH_ROWS,
    InputBatch,
    file_sha256,
    read_batches,
    record_format,
)
from datarights.enforce.writers import RecordWriter, open_writer
from datarights.errors import ConfigError
from datarights.policy.io import load_policies
from datarights.policy.model import Policy, Purpose

log = logging.getLogger(__name__)

PSEUDONYM_KEY_ENV = (
    "DATARIGHTS_PSEUDONYM_KEY"  # also named in cli/gate.py, which must not import this module early
)


@dataclass(frozen=True)
class GateRun:
    """One `datarights gate` invocation."""

    input: Path
    output: Path
    log: Path
    manifest: Path
    policies: Path
    purpose: Purpose
    as_of: date
    fields: Fields = DEFAULT_FIELDS
    opt_outs: Path | None = None
    jobs: int = 1
    batch_rows: int = DEFAULT_BATCH_ROWS
    secret: bytes | None = None  # pseudonym key; default from $DATARIGHTS_PSEUDONYM_KEY
    measure_deid: bool = True  # measure de-identification quality for the manifest when used
    sinks: Sequence[GateSink] = field(default=())
    planters: Sequence[GatePlanter] = field(default=())  # rows added after the input's (canaries)
    engine: str = "local"  # or "ray": the same `process` on a Ray cluster (enforce.runners.ray)


@dataclass
class GateResult:
    manifest: dict[str, Any]
    counts: Counter[CountKey]


# Worker-process state, set once by the pool initializer (contexts and Presidio are costly to pickle
# and to build, so each worker builds its own).
_WORKER: dict[str, Any] = {}


def _init_worker(ctx: GateContext, secret: bytes | None, deid: bool) -> None:
    _WORKER["ctx"] = ctx
    _WORKER["deid"] = shared_deidentifier(secret) if deid else None


def _work(item: InputBatch) -> Processed:
    processed = process(item, _WORKER["ctx"], _WORKER["deid"])
    processed.decisions = None  # not needed across the process boundary
    return processed


def _run_id(input_sha: str, policies: PolicySet, opt_outs_sha: str, purpose: Purpose, as_of: date) -> str:
    parts = [input_sha, *policies.sha256, opt_outs_sha, purpose.value, as_of.isoformat()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _secret(given: bytes | None) -> bytes | None:
    if given is not None:
        return given
    env = os.environ.get(PSEUDONYM_KEY_ENV)
    return env.encode("utf-8") if env else None


def _processed(
    batches: Iterator[InputBatch], ctx: GateContext, secret: bytes | None, deid: bool, jobs: int
) -> Iterator[Processed]:
    if jobs <= 1:
        deidentifier: Deidentifier | None = shared_deidentifier(secret) if deid else None
        for item in batches:
            yield process(item, ctx, deidentifier)
        return
    context = multiprocessing.get_context("forkserver" if os.name != "nt" else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(ctx, secret, deid)) as pool:
        yield from pool.imap(_work, batches, chunksize=1)


def _stream(run: GateRun, ctx: GateContext, secret: bytes | None, deid: bool) -> Iterator[Processed]:
    if run.engine == "ray":
        from datarights.enforce.runners.ray import ray_processed

        return ray_processed(run.input, run.batch_rows, ctx, secret, deid)
    return _processed(read_batches(run.input, run.batch_rows), ctx, secret, deid, run.jobs)


def run_gate(run: GateRun) -> GateResult:
    """Gate `run.input` into `run.output`; raises ConfigError for bad policies, options or opt-outs
    (before anything is written); bad records are rejected and counted, never fatal."""
    from datarights.enforce.optouts import load_opt_outs

    started = time.perf_counter()
    record_format(run.input)  # fail early on an unknown extension
    record_format(run.output)
    if not run.input.is_file():
        raise ConfigError("no such input file", path=run.input)
    found = load_policies(run.policies)
    if not found:
        raise ConfigError("no policy files (*.yaml) in the folder", path=run.policies)
    policies = PolicySet.of(policy for _, policy in found.values())
    opt_outs: OptOuts = load_opt_outs(run.opt_outs) if run.opt_outs is not None else NO_OPT_OUTS
    opt_outs_sha = file_sha256(run.opt_outs) if run.opt_outs is not None else ""
    deid = any(needs_deidentification(p, run.purpose) for p in policies.policies)
    secret = _secret(run.secret)
    if deid and secret is None and any(_pseudonymizes(p, run.purpose) for p in policies.policies):
        raise ConfigError(
            f"a policy pseudonymizes for {run.purpose.value}: set {PSEUDONYM_KEY_ENV} or --pseudonym-key-file"
        )
    input_sha = file_sha256(run.input)
    ctx = GateContext(
        policies,
        run.purpose,
        run.as_of,
        run.fields,
        opt_outs,
        _run_id(input_sha, policies, opt_outs_sha, run.purpose, run.as_of),
    ).with_fragments()

    counts: Counter[CountKey] = Counter()
    deid_stats = DeidStats()
    input_records = log_lines = 0
    writer = open_writer(run.output)
    log_digest = hashlib.sha256()
    try:
        with run.log.open("wb") as log_file:
            for processed in _stream(run, ctx, secret, deid):
                writer.write(processed.batch, processed.raw)
                log_file.write(processed.log)
                log_digest.update(processed.log)
                batch_total = sum(processed.counts.values())
                input_records += batch_total
                log_lines += processed.log_lines
                counts.update(processed.counts)
                deid_stats.add(processed.deid)
                for sink in run.sinks:
                    sink.accept(processed)
        planted = _plant(run, writer, counts)
    finally:
        writer.close()
    elapsed = time.perf_counter() - started
    reconciliation = reconcile(counts, input_records, writer.records - planted, log_lines)

    manifest: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "tool": tool_block(),
        "run": {
            "id": ctx.run_id,
            "purpose": run.purpose.value,
            "as_of": run.as_of.isoformat(),
            "jobs": run.jobs,
            "engine": run.engine,
        },
        "input": FileRef(str(run.input), input_sha, record_format(run.input).value).as_dict(),
        "output": FileRef(str(run.output), file_sha256(run.output), record_format(run.output).value).as_dict()
        | {"dropped_columns": sorted(writer.dropped_columns)},
        "decision_log": FileRef(str(run.log), log_digest.hexdigest(), "jsonl").as_dict(),
        "policies": [
            {
                "customer": policy.customer,
                "path": str(found[policy.customer][0]),
                "sha256": sha,
                "confirmed": confirmed,
                "confirmed_by": policy.confirmation.by if policy.confirmation else None,
                "contracts": [c.sha256 for c in policy.contracts],
            }
            for policy, sha, confirmed in zip(
                policies.policies, policies.sha256, policies.confirmed, strict=True
            )
        ],
        "opt_outs": None
        if run.opt_outs is None
        else {
            "path": str(run.opt_outs),
            "sha256": opt_outs_sha,
            "customers": len(opt_outs.customers),
            "subjects": len(opt_outs.subjects),
        },
        "fields": {
            "customer": run.fields.customer,
            "text": list(run.fields.text),
            "timestamp": run.fields.timestamp,
            "subject": run.fields.subject,
            "opt_in": run.fields.opt_in,
            "categories": run.fields.categories,
            "record_id": run.fields.record_id,
        },
        "counts": counts_block(counts),
        "reconciliation": reconciliation,
        "deidentification": _deid_block(deid, deid_stats, secret, run.measure_deid),
        "extensions": {sink.name: sink.finish() for sink in run.sinks}
        | {planter.name: planter.finish() for planter in run.planters},
        "timing": {
            "elapsed_seconds": round(elapsed, 3),
            "records_per_second": round(input_records / elapsed, 1) if elapsed > 0 else None,
        },
    }
    run.manifest.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info(
        "gated input=%s records=%d admitted=%d deidentified=%d rejected=%d s=%.2f",
        input_sha[:12],
        input_records,
        reconciliation["admitted"],
        reconciliation["admitted_deidentified"],
        reconciliation["rejected"],
        elapsed,
    )
    return GateResult(manifest, counts)


def _plant(run: GateRun, writer: RecordWriter, counts: Counter[CountKey]) -> int:
    """Write each planter's rows after the admitted records; returns how many were written."""
    customers = admitted_customers(counts)
    planted = 0
    for planter in run.planters:
        rows = planter.rows(customers, run.fields)
        if rows:
            writer.write(pa.RecordBatch.from_pylist(rows), None)
            planted += len(rows)
    return planted


def _pseudonymizes(policy: Policy, purpose: Purpose) -> bool:
    from datarights.policy.model import Operator

    deid = policy.rule(purpose).conditions.deidentify.value
    return deid is not None and deid.operators[0] is Operator.PSEUDONYMIZE


def _deid_block(used: bool, stats: DeidStats, secret: bytes | None, measure: bool) -> dict[str, Any]:
    if not used:
        return {"used": False}
    from datarights.enforce.pii_eval import measure as measure_quality

    block: dict[str, Any] = {
        "used": True,
        "engine": "presidio pattern recognizers on a blank spaCy pipeline (no statistical NER)",
        "text_values": stats.texts,
        "scanned": stats.scanned,
        "skipped_by_prefilter": stats.texts - stats.scanned,
        "spans_replaced": dict(sorted(stats.spans.items())),
        "not_detected_kinds": list(NOT_DETECTED),  # need a statistical model; see enforce/deidentify.py
    }
    if measure:
        block["quality"] = measure_quality(shared_deidentifier(secret)).as_dict()
    return block
