"""The gate, example by example: one test per reason, the readers' handling of bad lines, the
writers, the runner's manifest, and de-identification operators."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datarights.enforce.decide import PolicySet, decide
from datarights.enforce.deidentify import DeidStats, customer_key, shared_deidentifier
from datarights.enforce.model import NO_OPT_OUTS, Decision, Fields, OptOuts, Reason
from datarights.enforce.optouts import load_opt_outs
from datarights.enforce.readers import read_batches
from datarights.enforce.runners.local import GateRun, run_gate
from datarights.errors import ConfigError, UnsupportedFormat
from datarights.policy.build import PolicySpec, RuleSpec, build_policy
from datarights.policy.confirm import confirm_policy
from datarights.policy.io import write_policy
from datarights.policy.model import Category, Operator, OptOutMode, Permission, Policy, Purpose

AS_OF = date(2024, 6, 1)
P = Purpose.PRIVATE_TRAINING


def _policy(
    customer: str = "acme", rule: RuleSpec | None = None, confirmed: bool = True, **spec: Any
) -> Policy:
    policy = build_policy(PolicySpec(customer, {P: rule or RuleSpec(Permission.ALLOWED)}, **spec))
    return confirm_policy(policy, "test") if confirmed else policy


def _record(**fields: Any) -> dict[str, Any]:
    base = {
        "id": "r1",
        "customer_id": "acme",
        "subject_id": "s1",
        "created_at": "2024-05-01T10:00:00Z",
        "text": "hi",
    }
    return base | fields


def _decide(
    policies: list[Policy], rows: list[dict[str, Any]], opt_outs: OptOuts = NO_OPT_OUTS
) -> list[tuple[str, str]]:
    batch = pa.RecordBatch.from_pylist(rows)
    d = decide(batch, PolicySet.of(policies), P, AS_OF, Fields(), opt_outs)
    return [(Decision(int(x)).label, Reason(int(r)).label) for x, r in zip(d.decision, d.reason, strict=True)]


@pytest.mark.parametrize(
    ("policy", "record", "expected"),
    [
        (_policy(), _record(), ("admit", "none")),
        (_policy(), _record(created_at="not a date"), ("reject", "malformed_record")),
        (_policy(), _record(customer_id=None), ("reject", "missing_field")),
        (_policy(), _record(customer_id="  "), ("reject", "missing_field")),
        (_policy(), _record(created_at=None), ("reject", "missing_field")),
        (_policy(), _record(customer_id="hooli"), ("reject", "unknown_customer")),
        (_policy(effective=date(2024, 7, 1)), _record(), ("reject", "no_policy")),
        (_policy(confirmed=False), _record(), ("reject", "policy_unconfirmed")),
        (
            _policy(expires=date(2024, 1, 1), days_after_termination=30),
            _record(),
            ("reject", "policy_expired"),
        ),
        (_policy(expires=date(2024, 5, 20), days_after_termination=30), _record(), ("admit", "none")),
        (_policy(rule=RuleSpec(Permission.FORBIDDEN)), _record(), ("reject", "purpose_forbidden")),
        (_policy(max_age_days=10), _record(), ("reject", "retention_expired")),
        (_policy(max_age_days=40), _record(), ("admit", "none")),
        (
            _policy(rule=RuleSpec(Permission.CONDITIONAL, opt_in_required=True)),
            _record(),
            ("reject", "opt_in_missing"),
        ),
        (
            _policy(rule=RuleSpec(Permission.CONDITIONAL, opt_in_required=True)),
            _record(opt_in="yes"),
            ("admit", "none"),
        ),
        (
            _policy(rule=RuleSpec(Permission.CONDITIONAL, exclude=(Category.HEALTH,))),
            _record(categories="payment; Health"),
            ("reject", "excluded_category"),
        ),
        (
            _policy(rule=RuleSpec(Permission.CONDITIONAL, exclude=(Category.HEALTH,))),
            _record(categories=None),
            ("reject", "missing_field"),
        ),
        (
            _policy(rule=RuleSpec(Permission.CONDITIONAL, exclude=(Category.HEALTH,))),
            _record(categories=""),
            ("admit", "none"),
        ),
        (
            _policy(rule=RuleSpec(Permission.CONDITIONAL, deidentify=(Operator.REPLACE,))),
            _record(),
            ("admit_deidentified", "none"),
        ),
    ],
)
def test_each_reason(policy: Policy, record: dict[str, Any], expected: tuple[str, str]) -> None:
    record.setdefault("categories", "")
    assert _decide([policy], [record]) == [expected]


def test_opt_outs_retroactive_prospective_and_from_date() -> None:
    rows = [_record(created_at="2024-01-10T00:00:00Z"), _record(created_at="2024-03-10T00:00:00Z")]
    subject = OptOuts(subjects={("acme", "s1"): date(2024, 2, 1)})
    whole = OptOuts(customers={"acme": date(2024, 2, 1)})
    assert _decide([_policy()], rows, subject) == [("reject", "opted_out")] * 2
    prospective = _policy(opt_out=OptOutMode.PROSPECTIVE)
    assert _decide([prospective], rows, whole) == [("admit", "none"), ("reject", "opted_out")]
    later = _policy(opt_out=OptOutMode.PROSPECTIVE, opt_out_from=date(2024, 4, 1))
    assert _decide([later], rows, whole) == [("admit", "none"), ("admit", "none")]
    future = OptOuts(customers={"acme": date(2024, 7, 1)})  # not yet in force on the as-of date
    assert _decide([_policy()], rows, future) == [("admit", "none")] * 2
    other_subject = OptOuts(subjects={("acme", "s2"): date(2024, 2, 1)})
    assert _decide([_policy()], rows, other_subject) == [("admit", "none")] * 2


def test_opt_out_file_errors_name_the_line(tmp_path: Path) -> None:
    good = tmp_path / "o.csv"
    good.write_text("customer_id,subject_id,date\nacme,,2024-02-01\nacme,s1,2024-03-01\nacme,s1,2024-01-01\n")
    loaded = load_opt_outs(good)
    assert loaded.customers == {"acme": date(2024, 2, 1)} and loaded.subjects == {
        ("acme", "s1"): date(2024, 1, 1)
    }
    bad = tmp_path / "o.jsonl"
    bad.write_text('{"customer_id": "acme", "date": "2024-02-01"}\n{"customer_id": "acme", "date": "soon"}\n')
    with pytest.raises(ConfigError, match=r"o\.jsonl: line 2: date 'soon'"):
        load_opt_outs(bad)


def test_malformed_jsonl_lines_are_counted_never_fatal(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(_record(id=f"r{i}")) for i in range(5)]
    lines.insert(2, "{not json")
    lines.insert(4, "[1, 2]")
    path.write_text("\n".join(lines) + "\n\n")
    batches = list(read_batches(path, rows=3))
    assert sum(b.batch.num_rows for b in batches) == 5
    malformed = [m for b in batches for m in b.malformed]
    assert [m.ordinal for m in malformed] == [3, 5]
    assert [int(o) for b in batches for o in b.ordinals] == [1, 2, 4, 6, 7]


def test_csv_rows_with_the_wrong_column_count_are_malformed(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'id,customer_id,created_at,text\nr1,acme,2024-05-01,hi\nr2,acme\nr3,acme,2024-05-02,"a, b"\n'
    )
    batches = list(read_batches(path))
    assert sum(b.batch.num_rows for b in batches) == 2
    assert len([m for b in batches for m in b.malformed]) == 1


def test_unknown_extensions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.xml"
    path.write_text("<x/>")
    with pytest.raises(UnsupportedFormat, match=r"in\.xml"):
        list(read_batches(path))


def _write_policies(folder: Path, *policies: Policy) -> Path:
    folder.mkdir(exist_ok=True)
    for policy in policies:
        write_policy(policy, folder / f"{policy.customer}.yaml")
    return folder


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_a_run_reconciles_and_is_deterministic(tmp_path: Path, suffix: str) -> None:
    rows = [
        _record(id="a", text="mail me: jane.doe@example.com", categories=""),
        _record(id="b", customer_id="globex", categories=""),
        _record(id="c", customer_id="hooli", categories=""),
        _record(id="d", categories="health"),
    ]
    source = tmp_path / f"in.{suffix}"
    if suffix == "jsonl":
        source.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n")
    elif suffix == "csv":
        pa.csv.write_csv(pa.Table.from_pylist(rows), source)  # type: ignore[attr-defined]
    else:
        pq.write_table(pa.Table.from_pylist(rows), source)
    deid = RuleSpec(Permission.CONDITIONAL, deidentify=(Operator.PSEUDONYMIZE,), exclude=(Category.HEALTH,))
    folder = _write_policies(tmp_path / "policies", _policy(rule=deid), _policy("globex", confirmed=False))
    outputs = []
    for attempt in range(2):
        run = GateRun(
            input=source,
            output=tmp_path / f"out{attempt}.{suffix}",
            log=tmp_path / f"log{attempt}.jsonl",
            manifest=tmp_path / f"m{attempt}.json",
            policies=folder,
            purpose=P,
            as_of=AS_OF,
            secret=b"k",
            measure_deid=attempt == 0,
        )
        manifest = run_gate(run).manifest
        outputs.append(((tmp_path / f"out{attempt}.{suffix}").read_bytes(), run.log.read_bytes()))
    r = manifest["reconciliation"]
    malformed = 1 if suffix == "jsonl" else 0
    assert r["input_records"] == 4 + malformed and r["balanced"]
    assert r["admitted_deidentified"] == 1 and r["admitted"] == 0
    by_customer = manifest["counts"]["by_customer"]
    assert by_customer["globex"] == {"reject": {"policy_unconfirmed": 1}}
    assert by_customer["hooli"] == {"reject": {"unknown_customer": 1}}
    assert by_customer["acme"]["reject"] == {"excluded_category": 1}
    assert outputs[0] == outputs[1]
    assert b"jane.doe@example.com" not in outputs[0][0]
    log = [json.loads(line) for line in outputs[0][1].decode().splitlines()]
    assert len(log) == r["input_records"]
    assert {line["reason"] for line in log} >= {"policy_unconfirmed", "unknown_customer", "excluded_category"}


def test_pseudonyms_are_stable_per_customer_and_differ_across_customers() -> None:
    deid = shared_deidentifier(b"secret")
    text = pa.array(["write to jane.doe@example.com today", "jane.doe@example.com"])
    stats = DeidStats()
    a = deid.column(text, ["acme", "acme"], Operator.PSEUDONYMIZE, stats).to_pylist()
    b = deid.column(text, ["globex", "globex"], Operator.PSEUDONYMIZE, stats).to_pylist()
    token_a = a[1]
    assert token_a.startswith("<EMAIL_ADDRESS:") and token_a in a[0]
    assert b[1] != token_a
    assert customer_key(b"secret", "acme") != customer_key(b"other", "acme")
    replaced = deid.column(text, ["acme", "acme"], Operator.REPLACE, stats).to_pylist()
    assert replaced[1] == "<EMAIL_ADDRESS>"
    redacted = deid.column(text, ["acme", "acme"], Operator.REDACT, stats).to_pylist()
    assert redacted[1] == ""
    assert stats.scanned == 8


def test_deidentification_quality_on_the_generated_set() -> None:
    from datarights.enforce.pii_eval import measure

    quality = measure(shared_deidentifier(None), samples=300).as_dict()
    assert quality["recall"] >= 0.98 and quality["precision"] >= 0.95
    assert quality["residual_risk"]["not_detected_kinds"]


def test_worker_processes_give_the_same_output_as_one(tmp_path: Path) -> None:
    rows = [
        _record(id=f"r{i}", customer_id=("acme", "globex", "hooli")[i % 3], categories="") for i in range(300)
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    folder = _write_policies(
        tmp_path / "policies", _policy(), _policy("globex", rule=RuleSpec(Permission.FORBIDDEN))
    )
    results = []
    for jobs in (1, 2):
        run = GateRun(
            input=source,
            output=tmp_path / f"out{jobs}.jsonl",
            log=tmp_path / f"log{jobs}.jsonl",
            manifest=tmp_path / f"m{jobs}.json",
            policies=folder,
            purpose=P,
            as_of=AS_OF,
            jobs=jobs,
            batch_rows=64,
        )
        manifest = run_gate(run).manifest
        results.append((run.output.read_bytes(), run.log.read_bytes(), manifest["counts"]))
    assert results[0] == results[1]
    assert results[0][2]["by_decision"] == {"admit": 100, "admit_deidentified": 0, "reject": 200}
