"""`datarights audit plant | regurgitation | canaries` end to end, and the reports they write."""

from __future__ import annotations

import json
import logging
import random
import shlex
import sys
from pathlib import Path

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from datarights.audit.canaries import load_manifest
from datarights.audit.ngram import CharNGram
from datarights.audit.report import schema
from datarights.cli.main import main

WORDS = [
    "invoice",
    "refund",
    "shipped",
    "order",
    "account",
    "payment",
    "delayed",
    "warehouse",
    "renewal",
    "premium",
    "support",
]


def _records(
    path: Path, rng: random.Random, customers: tuple[str, ...] = ("acme", "globex")
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "id": f"r{i}",
            "customer": customers[i % len(customers)],
            "text": " ".join(rng.choice(WORDS) for _ in range(60)),
        }
        for i in range(40)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


def _invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_plant_inserts_canaries_and_keeps_their_secrets_out_of_output(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rows = _records(tmp_path / "in.jsonl", random.Random(1))
    caplog.set_level(logging.DEBUG)
    code, stdout, stderr = _invoke(
        ["audit", "plant", "--records", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"),
         "--manifest", str(tmp_path / "m.json"), "--per-customer", "3"]
    )  # fmt: skip
    assert code == 0, stderr
    manifest = load_manifest(tmp_path / "m.json")
    assert len(manifest.canaries) == 6 and {c.customer for c in manifest.canaries} == {"acme", "globex"}
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(written) == len(rows) + 6
    assert [r for r in written if not str(r["id"]).isdigit()] == rows  # originals intact and in order
    planted = {str(r["id"]): r for r in written if str(r["id"]).isdigit()}
    assert {c.record_id: c.text for c in manifest.canaries} == {k: v["text"] for k, v in planted.items()}
    for canary in manifest.canaries:
        assert canary.secret not in stdout + stderr + caplog.text


def test_plant_parquet_and_csv(tmp_path: Path) -> None:
    table = pa.table(
        {"uid": list(range(100)), "tenant": ["a", "b"] * 50, "body": ["x"] * 100, "score": [1.5] * 100}
    )
    pq.write_table(table, tmp_path / "in.parquet")
    args = [
        "--customer-field",
        "tenant",
        "--text-field",
        "body",
        "--id-field",
        "uid",
        "--per-customer",
        "2",
        "--seed",
        "4",
    ]
    code, _, stderr = _invoke(
        ["audit", "plant", "--records", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.parquet"),
         "--manifest", str(tmp_path / "m.json"), *args]
    )  # fmt: skip
    assert code == 0, stderr
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.num_rows == 104 and out.schema == table.schema
    ids = {c.record_id for c in load_manifest(tmp_path / "m.json").canaries}
    assert {str(v) for v in out.column("uid").to_pylist()} >= ids
    (tmp_path / "in.csv").write_text("uid,tenant,body\n1,a,hello\n2,b,world\n", encoding="utf-8")
    code, _, stderr = _invoke(
        ["audit", "plant", "--records", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"),
         "--manifest", str(tmp_path / "m2.json"), "--customers", "a", *args]
    )  # fmt: skip
    assert code == 0, stderr
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 1 + 2 + 2


def test_regurgitation_report_json_cites_policies_and_follows_the_schema(tmp_path: Path) -> None:
    rng = random.Random(2)
    rows = _records(tmp_path / "admitted.jsonl", rng)
    (tmp_path / "rejected.jsonl").write_text(
        json.dumps(
            {
                "id": "x1",
                "customer": "globex",
                "text": "Forbidden: " + " ".join(rng.choice(WORDS) for _ in range(40)),
            }
        )
        + "\n",
        encoding="utf-8",
    )
    rejected_text = json.loads((tmp_path / "rejected.jsonl").read_text())["text"]
    outputs = [{"id": f"o{i}", "prompt": "?", "output": "lorem ipsum " * 10} for i in range(10)]
    outputs[3]["output"] = "I remember: " + str(rows[0]["text"])[:200]
    outputs[7]["output"] = "And: " + rejected_text[5:150]
    (tmp_path / "outputs.jsonl").write_text("".join(json.dumps(o) + "\n" for o in outputs), encoding="utf-8")
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "acme.yaml").write_text(
        "schema: datarights.policy/1\ncustomer: acme\nduties: {}\n", encoding="utf-8"
    )
    code, stdout, stderr = _invoke(
        ["audit", "regurgitation", "--records", str(tmp_path / "admitted.jsonl"),
         "--rejected", str(tmp_path / "rejected.jsonl"), "--outputs", str(tmp_path / "outputs.jsonl"),
         "--policies", str(policies), "--format", "json"]
    )  # fmt: skip
    assert code == 0, stderr
    report = json.loads(stdout)
    jsonschema.validate(report, schema())
    assert report["policies"]["acme"]["schema"] == "datarights.policy/1"
    customers = report["regurgitation"]["customers"]
    assert customers["acme"]["outputs_with_match"] == 1 and customers["acme"]["longest_span"] >= 200
    assert customers["acme"]["matches"][0]["record_id"] == "r0"
    assert customers["globex"]["matches_rejected_records"] == 1
    assert customers["globex"]["records"] == {"admitted": 20, "rejected": 1}
    assert str(rows[0]["text"])[20:60] not in stdout  # excerpts withhold the customer's text


def test_html_report_escapes_untrusted_output(tmp_path: Path) -> None:
    text = "<script>alert(1)</script> " + "payment refund shipped " * 5
    (tmp_path / "r.jsonl").write_text(
        json.dumps({"id": "<b>r</b>", "customer": "<i>evil</i>", "text": text}) + "\n"
    )
    (tmp_path / "o.jsonl").write_text(
        json.dumps({"id": "<img src=x>", "output": "<svg onload=x> " + text}) + "\n"
    )
    code, _, stderr = _invoke(
        ["audit", "regurgitation", "--records", str(tmp_path / "r.jsonl"), "--outputs", str(tmp_path / "o.jsonl"),
         "--format", "html", "-o", str(tmp_path / "report.html")]
    )  # fmt: skip
    assert code == 0, stderr
    html = (tmp_path / "report.html").read_text()
    for raw in ("<script>", "<img src=x>", "<i>evil</i>", "<b>r</b>", "<svg onload"):
        assert raw not in html
    assert "&lt;i&gt;evil&lt;/i&gt;" in html and "http" not in html.split("<body>")[1]
    code, md, _ = _invoke(
        [
            "audit",
            "regurgitation",
            "--records",
            str(tmp_path / "r.jsonl"),
            "--outputs",
            str(tmp_path / "o.jsonl"),
        ]
    )
    # The reports' one Markdown escape: tags made inert (`&lt;`), as in every other report.
    assert code == 0 and "&lt;i>evil" in md and "<i>" not in md and "<svg" not in md


def test_canaries_command_with_the_ngram_scorer(tmp_path: Path) -> None:
    rng = random.Random(8)
    _records(tmp_path / "in.jsonl", rng, customers=("acme", "globex"))
    template = "{customer} pin {secret}"
    code, _, stderr = _invoke(
        ["audit", "plant", "--records", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "train.jsonl"),
         "--manifest", str(tmp_path / "m.json"), "--per-customer", "4", "--seed", "3",
         "--template", template, "--alphabet", "0123456789QRSTUV", "--length", "5"]
    )  # fmt: skip
    assert code == 0, stderr
    manifest = load_manifest(tmp_path / "m.json")
    memorised = {c.record_id for c in manifest.canaries if c.customer == "acme"}
    texts = [str(json.loads(line)["text"]) for line in (tmp_path / "train.jsonl").read_text().splitlines()]
    for customer in ("acme", "globex"):
        texts += [
            template.format(
                customer=customer, secret="".join(rng.choice("0123456789QRSTUV") for _ in range(5))
            )
            for _ in range(20_000)
        ]
    texts += [c.text for c in manifest.canaries if c.record_id in memorised] * 200
    CharNGram(order=3).train(texts).save(tmp_path / "model.json")
    scorer = f"{shlex.quote(sys.executable)} -m datarights.audit.ngram score --model {shlex.quote(str(tmp_path / 'model.json'))}"
    code, stdout, stderr = _invoke(
        ["audit", "canaries", "--manifest", str(tmp_path / "m.json"), "--scorer", scorer, "--samples", "1023",
         "--seed", "1", "--format", "json"]
    )  # fmt: skip
    assert code == 0, stderr
    report = json.loads(stdout)
    jsonschema.validate(report, schema())
    acme, globex = report["canaries"]["customers"]["acme"], report["canaries"]["customers"]["globex"]
    assert acme["memorised"] and acme["mean_exposure"] > 10
    assert not globex["memorised"] and globex["mean_exposure"] < 4
    for canary in manifest.canaries:
        assert canary.secret not in stdout + stderr
    code, _, stderr = _invoke(
        ["audit", "canaries", "--manifest", str(tmp_path / "m.json"), "--scorer", "false", "--samples", "20"]
    )
    assert code == 31 and "scorer exited with 1" in stderr


def test_missing_inputs_exit_with_the_audit_code(tmp_path: Path) -> None:
    code, _, stderr = _invoke(
        [
            "audit",
            "regurgitation",
            "--records",
            str(tmp_path / "nope.jsonl"),
            "--outputs",
            str(tmp_path / "o.jsonl"),
        ]
    )
    assert code == 30 and "not found" in stderr
    code, _, stderr = _invoke(
        ["audit", "canaries", "--manifest", str(tmp_path / "nope.json"), "--scorer", "cat"]
    )
    assert code == 30 and "nope.json" in stderr


def test_policy_files_are_matched_by_customer_field_or_name(tmp_path: Path) -> None:
    from datarights.audit.report import load_policy_refs
    from datarights.errors import ConfigError

    (tmp_path / "a.yaml").write_text("schema: datarights.policy/1\ncustomer: {id: acme}\n", encoding="utf-8")
    (tmp_path / "globex.yml").write_text("purposes: {}\n", encoding="utf-8")
    refs = {r.customer: r for r in load_policy_refs(tmp_path)}
    assert set(refs) == {"acme", "globex"}
    assert refs["acme"].schema == "datarights.policy/1" and len(refs["acme"].sha256) == 64
    (tmp_path / "b.yaml").write_text("customer: acme\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="two policies for customer 'acme'"):
        load_policy_refs(tmp_path)
    (tmp_path / "b.yaml").write_text("customer: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not YAML"):
        load_policy_refs(tmp_path)


def test_canary_reports_escape_names_and_never_show_secrets() -> None:
    import numpy as np

    from datarights.audit.canaries import audit_canaries, plant_canaries
    from datarights.audit.report import build_report, render

    _, manifest = plant_canaries(["<script>x</script>"], 3, random.Random(4))
    result = audit_canaries(manifest, lambda texts: np.arange(len(texts), dtype=np.float64), samples=50)
    report = build_report(canaries=result)
    html, md, js = (render(report, fmt) for fmt in ("html", "md", "json"))
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "&lt;script>x" in md and "<script>" not in md
    jsonschema.validate(json.loads(js), schema())
    for canary in manifest.canaries:
        assert canary.record_id in html
        assert canary.text not in html + md + js and f" {canary.secret}" not in html + md + js


def test_rejected_records_alone_can_be_scanned(tmp_path: Path) -> None:
    text = "Rejected because the customer's contract forbids training on support transcripts of any kind."
    (tmp_path / "x.jsonl").write_text(json.dumps({"id": "x", "customer": "acme", "text": text}) + "\n")
    (tmp_path / "o.jsonl").write_text(json.dumps({"id": "o", "output": text}) + "\n")
    code, stdout, stderr = _invoke(
        ["audit", "regurgitation", "--rejected", str(tmp_path / "x.jsonl"), "--outputs", str(tmp_path / "o.jsonl"),
         "--format", "json"]
    )  # fmt: skip
    assert code == 0, stderr
    assert json.loads(stdout)["regurgitation"]["customers"]["acme"]["matches_rejected_records"] == 1
    code, _, stderr = _invoke(["audit", "regurgitation", "--outputs", str(tmp_path / "o.jsonl")])
    assert code == 2 and "--rejected" in stderr
