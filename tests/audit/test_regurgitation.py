"""Verbatim regurgitation: planted spans are found at their length, nothing else is reported."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datarights.audit.model import OutputFields, RecordFields, RecordSource, RecordStatus
from datarights.audit.regurgitation import ScanOptions, mask_excerpt, scan
from datarights.audit.shingles import normalise_text
from datarights.errors import ConfigError, RecordsUnreadable

WORDS = [
    "account",
    "invoice",
    "payment",
    "refund",
    "shipped",
    "order",
    "customer",
    "support",
    "ticket",
    "reply",
    "delayed",
    "warehouse",
    "Zürich",
    "Łódź",
    "naïve",
    "café",
    "東京",
    "data",
    "contract",
    "renewal",
    "premium",
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def _oracle(
    records: list[dict[str, object]], outputs: list[dict[str, object]], min_chars: int
) -> set[tuple[str, str]]:
    """(output id, customer) pairs sharing a normalised span of at least min_chars characters, by brute force."""
    grams: dict[str, set[str]] = {}
    for record in records:
        text = normalise_text(str(record["text"]))
        for i in range(len(text) - min_chars + 1):
            grams.setdefault(text[i : i + min_chars], set()).add(str(record["customer"]))
    found = set()
    for output in outputs:
        text = normalise_text(str(output["output"]))
        for i in range(len(text) - min_chars + 1):
            for customer in grams.get(text[i : i + min_chars], ()):
                found.add((str(output["id"]), customer))
    return found


def _reported(result_customers: object) -> set[tuple[str, str]]:
    return {(m.output_id, c.customer) for c in result_customers for m in c.matches}  # type: ignore[attr-defined]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    span=st.integers(50, 260),
    reflow=st.booleans(),
    min_chars=st.sampled_from([30, 50, 80]),
)
def test_planted_spans_found_and_nothing_else(
    tmp_path: Path, seed: int, span: int, reflow: bool, min_chars: int
) -> None:
    rng = random.Random(seed)
    records = [
        {"id": f"r{i}", "customer": f"cust{i % 3}", "text": _sentence(rng, rng.randint(20, 90))}
        for i in range(30)
    ]
    outputs: list[dict[str, object]] = []
    planted: dict[str, tuple[str, int]] = {}
    for j in range(20):
        text = _sentence(rng, rng.randint(5, 40))
        if j % 4 == 0:
            record = rng.choice(records)
            source = str(record["text"])
            length = min(span, len(source))
            start = rng.randint(0, len(source) - length)
            copied = source[start : start + length]
            if reflow:  # the model re-cased and re-wrapped it: still verbatim after normalisation
                copied = copied.upper().replace(" ", "\n  ", 3)
            text = f"{text} {copied} {_sentence(rng, 3)}"
            planted[str(j)] = (str(record["customer"]), len(normalise_text(source[start : start + length])))
        outputs.append({"id": str(j), "prompt": "q", "output": text})
    folder = tmp_path / str(seed)
    folder.mkdir(exist_ok=True)
    result = scan(
        [RecordSource(str(_write_jsonl(folder / "r.jsonl", records)), RecordStatus.ADMITTED)],
        _write_jsonl(folder / "o.jsonl", outputs),
        options=ScanOptions(min_chars=min_chars),
    )
    reported = _reported(result.customers)
    assert reported == _oracle(records, outputs, min_chars)
    for output_id, (customer, length) in planted.items():
        if length >= min_chars:
            assert (output_id, customer) in reported
            match = next(
                m
                for c in result.customers
                if c.customer == customer
                for m in c.matches
                if m.output_id == output_id
            )
            assert (
                match.chars >= length - 1
            )  # a span cut mid-word can lose its edge character to normalisation


def test_two_hundred_character_copy_reported_with_record_and_offsets(tmp_path: Path) -> None:
    rng = random.Random(1)
    records = [
        {"id": f"r{i}", "customer": ["acme", "globex"][i % 2], "text": _sentence(rng, 80)} for i in range(40)
    ]
    source = str(records[7]["text"])
    copied = source[50:250]
    outputs = [{"id": f"o{j}", "output": _sentence(rng, 30)} for j in range(50)]
    outputs[13]["output"] = f"Sure! Here is what I recall: {copied} Hope that helps."
    result = scan(
        [RecordSource(str(_write_jsonl(tmp_path / "r.jsonl", records)), RecordStatus.ADMITTED)],
        _write_jsonl(tmp_path / "o.jsonl", outputs),
    )
    globex = next(c for c in result.customers if c.customer == "globex")
    acme = next(c for c in result.customers if c.customer == "acme")
    assert acme.outputs_with_match == 0
    assert globex.outputs_with_match == 1
    match = globex.matches[0]
    assert (match.output_id, match.record_id, match.record_status) == ("o13", "r7", RecordStatus.ADMITTED)
    assert match.chars >= 200 and globex.longest_span == match.chars
    output_text = str(outputs[13]["output"])
    assert copied in output_text[match.output_start : match.output_end]
    assert output_text[match.output_start : match.output_end] in source
    assert source[match.record_start : match.record_end] == output_text[match.output_start : match.output_end]
    # The excerpt withholds the customer's text.
    assert not any(copied[i : i + 12] in match.excerpt for i in range(len(copied) - 12))
    assert "chars withheld" in match.excerpt


def test_rejected_records_are_scanned_too(tmp_path: Path) -> None:
    admitted = [{"id": "a1", "customer": "acme", "text": "admitted text " * 10}]
    secret = "The patient's diagnosis for claim 77812 is chronic obstructive pulmonary disease, stage two."
    rejected = [{"id": "x9", "customer": "acme", "text": f"Rejected by the gate. {secret}"}]
    outputs = [{"id": "1", "output": f"Model says: {secret}"}, {"id": "2", "output": "nothing to see"}]
    result = scan(
        [
            RecordSource(str(_write_jsonl(tmp_path / "a.jsonl", admitted)), RecordStatus.ADMITTED),
            RecordSource(str(_write_jsonl(tmp_path / "x.jsonl", rejected)), RecordStatus.REJECTED),
        ],
        _write_jsonl(tmp_path / "o.jsonl", outputs),
    )
    (acme,) = result.customers
    assert (acme.records_admitted, acme.records_rejected) == (1, 1)
    assert [(m.output_id, m.record_id, m.record_status) for m in acme.matches] == [
        ("1", "x9", RecordStatus.REJECTED)
    ]


def test_several_passes_give_the_same_answer(tmp_path: Path) -> None:
    rng = random.Random(5)
    records = [{"id": i, "customer": f"c{i % 4}", "text": _sentence(rng, 60)} for i in range(60)]
    outputs = [
        {"id": j, "output": _sentence(rng, 20) + " " + str(records[j]["text"])[10:120]}
        for j in range(0, 60, 3)
    ]
    records_path = _write_jsonl(tmp_path / "r.jsonl", records)
    outputs_path = _write_jsonl(tmp_path / "o.jsonl", outputs)
    one = scan([RecordSource(str(records_path), RecordStatus.ADMITTED)], outputs_path)
    many = scan(
        [RecordSource(str(records_path), RecordStatus.ADMITTED)],
        outputs_path,
        options=ScanOptions(max_index_bytes=1),
    )
    assert many.stats.passes > 1 and one.stats.passes == 1
    assert one.customers == many.customers
    assert sum(c.outputs_with_match for c in one.customers) == 20


def test_csv_and_parquet_records_and_custom_fields(tmp_path: Path) -> None:
    text = "Confidential roadmap: migrate the billing cluster to the new region before the March freeze."
    table = pa.table(
        {"uid": [101, 102], "tenant": ["acme", "initech"], "body": ["unrelated words here", text]}
    )
    pq.write_table(table, tmp_path / "r.parquet")
    (tmp_path / "r.csv").write_text(f'uid,tenant,body\n7,initech,"{text}"\n', encoding="utf-8")
    _write_jsonl(tmp_path / "o.jsonl", [{"n": "a", "completion": f"As planned, {text}"}])
    fields = RecordFields(customer="tenant", text="body", id="uid")
    for name in ("r.parquet", "r.csv"):
        result = scan(
            [RecordSource(str(tmp_path / name), RecordStatus.ADMITTED)],
            tmp_path / "o.jsonl",
            fields,
            OutputFields(output="completion", id="n"),
        )
        initech = next(c for c in result.customers if c.customer == "initech")
        assert [(m.output_id, m.record_id) for m in initech.matches] == [
            ("a", "102" if name == "r.parquet" else "7")
        ]


def test_mixed_id_types_in_jsonl_lose_no_row(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [{"id": i, "customer": "c", "text": f"row {i}"} for i in range(5)]
    rows += [{"id": f"s{i}", "customer": "c", "text": f"row s{i}"} for i in range(5)]
    _write_jsonl(tmp_path / "r.jsonl", rows)
    _write_jsonl(tmp_path / "o.jsonl", [])
    result = scan([RecordSource(str(tmp_path / "r.jsonl"), RecordStatus.ADMITTED)], tmp_path / "o.jsonl")
    assert result.stats.records == 10 and result.customers[0].records_admitted == 10


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ('{"id": 1, "customer": "c", "text": "x"}\n{broken\n', "r.jsonl", "line 2 is not JSON"),
        ('{"id": 1, "customer": "c"}\n', "r.jsonl", "no field 'text'"),
        ("id,customer\n1,c\n", "r.csv", "no field 'text'"),
        ("whatever", "r.xlsx", "unknown records format"),
    ],
)
def test_bad_records_name_the_file_and_problem(tmp_path: Path, content: str, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    _write_jsonl(tmp_path / "o.jsonl", [{"id": 1, "output": "x"}])
    with pytest.raises(RecordsUnreadable) as caught:
        scan([RecordSource(str(path), RecordStatus.ADMITTED)], tmp_path / "o.jsonl")
    assert message in str(caught.value) and name in str(caught.value)


def test_options_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="min-chars"):
        scan([], tmp_path / "o.jsonl", options=ScanOptions(min_chars=4))


def test_mask_excerpt_keeps_context_and_withholds_span() -> None:
    text = "before " + "x" * 100 + " after"
    excerpt = mask_excerpt(text, 7, 107, 10)
    assert excerpt.startswith("before ⟦xxx…[94 chars withheld]…xxx⟧ after")
    assert excerpt.endswith("after")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_zero_matches_when_outputs_copy_nothing(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    records = [{"id": i, "customer": f"c{i % 2}", "text": _sentence(rng, 50)} for i in range(20)]
    other = [
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
        "elit",
        "sed",
        "do",
        "eiusmod",
        "tempor",
    ]
    # Outputs share words (and short phrases) with the records but copy no 50-character span.
    outputs = [
        {"id": j, "output": " ".join(rng.choice(other) if k % 3 else rng.choice(WORDS) for k in range(60))}
        for j in range(15)
    ]
    folder = tmp_path / str(seed)
    folder.mkdir(exist_ok=True)
    result = scan(
        [RecordSource(str(_write_jsonl(folder / "r.jsonl", records)), RecordStatus.ADMITTED)],
        _write_jsonl(folder / "o.jsonl", outputs),
    )
    assert _oracle(records, outputs, 50) == set()
    assert all(c.outputs_with_match == 0 for c in result.customers)


def test_records_without_ids_are_named_by_row(tmp_path: Path) -> None:
    text = "Our quarterly churn analysis shows enterprise accounts renewing at ninety-four percent this year."
    rows = [{"customer": "acme", "text": "short"}, {"customer": "acme", "text": text}]
    _write_jsonl(tmp_path / "r.jsonl", rows)  # type: ignore[arg-type]
    _write_jsonl(tmp_path / "o.jsonl", [{"output": text}])
    result = scan([RecordSource(str(tmp_path / "r.jsonl"), RecordStatus.ADMITTED)], tmp_path / "o.jsonl")
    (acme,) = result.customers
    assert [(m.output_id, m.record_id) for m in acme.matches] == [("#1", "row 2")]


def test_text_shared_by_two_customers_is_reported_for_both(tmp_path: Path) -> None:
    text = "Standard onboarding checklist: verify the billing contact, enable SSO, and export the audit log weekly."
    records = [
        {"id": "a1", "customer": "acme", "text": text},
        {"id": "a2", "customer": "acme", "text": "other words " + text},
        {"id": "g1", "customer": "globex", "text": text + " and more"},
    ]
    outputs = [{"id": "o", "output": "Summary: " + text}]
    result = scan(
        [RecordSource(str(_write_jsonl(tmp_path / "r.jsonl", records)), RecordStatus.ADMITTED)],
        _write_jsonl(tmp_path / "o.jsonl", outputs),
    )
    by_customer = {c.customer: c.matches for c in result.customers}
    assert [(m.output_id, m.records_matched) for m in by_customer["acme"]] == [("o", 2)]
    assert [(m.output_id, m.record_id) for m in by_customer["globex"]] == [("o", "g1")]
