"""The assessment of the bundled example, verdict rules, the grade formula, and the reports."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from datarights.assess.engine import assess
from datarights.assess.model import ASSESSMENT_SCHEMA, CheckStatus, FindingKind, Severity, Verdict
from datarights.assess.playbook import load_playbook
from datarights.assess.risk import SEVERITY_WEIGHT, VERDICT_FACTOR, grade
from datarights.assess.summary import CONTROLLER, DEID, HEADLINES, TRAIN
from datarights.cli.main import main
from datarights.detect.engine import Review, review_document, review_path
from datarights.model import Block, BlockKind, Format, RawDocument
from datarights.model.findings import Answer
from datarights.model.questions import QuestionId
from datarights.report.assessment import (
    assessment_html,
    assessment_json,
    assessment_markdown,
    assessment_schema,
    document_segments,
)
from datarights.structure import build_document
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "ai-services-agreement.md"


@pytest.fixture(scope="module")
def review() -> Review:
    return review_path(EXAMPLE)


@pytest.fixture(scope="module")
def buyer(review: Review):  # type: ignore[no-untyped-def]
    return assess(review, load_playbook("buyer"))


def test_example_under_the_buyer_playbook(buyer) -> None:  # type: ignore[no-untyped-def]
    f = buyer.finding
    assert (
        f("training_use").verdict is Verdict.NOT_ACCEPTABLE
        and f("training_use").severity is Severity.CRITICAL
    )
    assert f("training_scope").position == "foundational"
    assert (
        f("gdpr_28_3_a").position == CheckStatus.PARTLY_MET
    )  # instructions, but own-purpose training carved out
    assert f("gdpr_28_3_b").position == CheckStatus.MET
    assert f("gdpr_28_3_d").position == CheckStatus.PARTLY_MET  # no flow-down of obligations
    assert f("gdpr_28_3_h").position == CheckStatus.PARTLY_MET  # SOC 2 report instead of audits
    assert f("us_state_controller_by_conduct").position == CheckStatus.NOT_MET
    assert (
        f("deid_standard").position == CheckStatus.NOT_MET
    )  # "identifiers it considers reasonable to remove"
    assert f("model_deletion").position == CheckStatus.NOT_MET  # "not required to remove from its models"
    assert f("revocation_prospective").position == CheckStatus.NOT_MET  # opt-out "applies only to … after"
    assert f("terms_changes_data_use").position == CheckStatus.PARTLY_MET
    assert f("ccpa_7050_a_3") is None  # the example never refers to the CCPA
    assert any(n.startswith("ccpa_service_provider: not applied") for n in buyer.notes)
    assert buyer.grade.letter == "F"
    assert buyer.summary[TRAIN].startswith("Yes, by default")
    assert "7.2 Model Improvement" in buyer.summary[TRAIN]
    assert "not defined to a recognised standard" in buyer.summary[DEID]
    assert buyer.summary[CONTROLLER].startswith("High.")
    assert tuple(buyer.summary) == HEADLINES
    for headline, ids in buyer.summary_findings.items():
        assert ids and all(buyer.finding(i) is not None for i in ids), headline


def test_every_evidence_span_is_exact_and_check_findings_cite_sources(buyer, review: Review) -> None:  # type: ignore[no-untyped-def]
    text = review.document.text
    for finding in buyer.findings:
        for e in finding.evidence:
            assert text[e.start : e.end] == e.text, finding.id
        if finding.kind is FindingKind.CHECK:
            assert finding.citations and all(c.verification in {"V", "S", "K"} for c in finding.citations)
        met_check = finding.kind is FindingKind.CHECK and finding.verdict is Verdict.ACCEPTABLE
        assert finding.model_clauses == (() if met_check else (f"{finding.id}.buyer",))


def test_playbooks_judge_the_same_document_differently(review: Review) -> None:
    vendor = assess(review, load_playbook("vendor"))
    privacy = assess(review, load_playbook("privacy"))
    vendor_training, privacy_role = vendor.finding("training_use"), privacy.finding("vendor_role")
    assert (
        vendor_training is not None and vendor_training.verdict is Verdict.ACCEPTABLE
    )  # opt-out is the vendor's standard
    assert (
        privacy_role is not None and privacy_role.verdict is Verdict.NOT_ACCEPTABLE
    )  # own-purpose controller role
    assert privacy.finding("ccpa_7050_a_3") is not None  # the privacy playbook applies every checklist
    assert vendor.grade.score > privacy.grade.score


def _with_answer(review: Review, question: QuestionId, **changes: object) -> Review:
    answers = dict(review.answers)
    answers[question] = dataclasses.replace(answers[question], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(review, answers=answers)


def test_silence_is_judged_as_the_riskier_position(review: Review) -> None:
    silent = _with_answer(review, QuestionId.TRAINING_USE, position="silent", evidence=())
    finding = assess(silent, load_playbook("buyer")).finding("training_use")
    assert finding is not None
    assert finding.judged_as == "permitted" and finding.verdict is Verdict.NOT_ACCEPTABLE
    assert finding.severity is Severity.HIGH  # severity_by_position: silent
    vendor = assess(silent, load_playbook("vendor")).finding("training_use")
    assert vendor is not None and vendor.judged_as == "" and vendor.verdict is Verdict.NEEDS_REVIEW


def test_confidence_never_changes_severity_or_grade_weight(review: Review) -> None:
    low = _with_answer(review, QuestionId.OUTPUT_OWNERSHIP, confidence=0.2)
    high = _with_answer(review, QuestionId.OUTPUT_OWNERSHIP, confidence=0.99)
    a_low = assess(low, load_playbook("buyer")).finding("output_ownership")
    a_high = assess(high, load_playbook("buyer")).finding("output_ownership")
    assert a_low is not None and a_high is not None
    assert a_low.severity is a_high.severity
    assert a_high.verdict is Verdict.ACCEPTABLE
    assert a_low.verdict is Verdict.NEEDS_REVIEW and a_low.verdict_basis == "low confidence"


def test_grade_formula_recomputes(buyer) -> None:  # type: ignore[no-untyped-def]
    total = sum(SEVERITY_WEIGHT[f.severity] for f in buyer.findings)
    lost = sum(SEVERITY_WEIGHT[f.severity] * VERDICT_FACTOR[f.verdict] for f in buyer.findings)
    assert buyer.grade.score == pytest.approx(round(100 * (1 - lost / total), 1))
    assert f"100 × (1 − {lost:g} / {total:g})" in buyer.grade.formula


def test_grade_letters_and_blocker_cap(buyer) -> None:  # type: ignore[no-untyped-def]
    accepted = [dataclasses.replace(f, verdict=Verdict.ACCEPTABLE) for f in buyer.findings]
    assert grade(accepted).letter == "A" and grade(accepted).score == 100.0
    one_blocker = [
        dataclasses.replace(accepted[0], severity=Severity.CRITICAL, verdict=Verdict.NOT_ACCEPTABLE),
        *accepted[1:],
    ]
    result = grade(one_blocker)
    assert result.score >= 90 and result.letter == "D" and "cap applied" in result.formula
    assert grade([]).letter == "A"


def test_json_is_versioned_and_valid(buyer) -> None:  # type: ignore[no-untyped-def]
    payload = assessment_json(buyer)
    assert payload["schema"] == ASSESSMENT_SCHEMA == "datarights.assessment/1"
    jsonschema.validate(payload, assessment_schema())
    assert sum(payload["counts"].values()) == len(payload["findings"])
    json.dumps(payload, sort_keys=True)


HOSTILE = """# Evil Terms <script>alert(1)</script>

1. Training. Provider may use Customer Data to train its models. <img src=x onerror=alert(2)> Customer may opt out.

2. Changes. We may change these terms by posting them | *bold* _x_.
"""


def test_reports_escape_contract_text() -> None:
    blocks = tuple(Block(BlockKind.PARAGRAPH, line) for line in HOSTILE.splitlines() if line.strip())
    document = build_document(RawDocument("evil<script>.txt", Format.TEXT, "0" * 64, blocks))
    assert "<img src=x" in document.text
    a = assess(review_document(document), load_playbook("buyer"))
    html = assessment_html(a, document.text)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert len(re.findall(r"<script\b", html)) == 1  # only the report's own script
    assert (
        "http://" not in html.replace('href="https://eur-lex', "") and "<link" not in html
    )  # no external assets
    md = assessment_markdown(a)
    assert "<img" not in md and "&lt;img" in md
    assert "<script>" not in md.replace("`evil<script>.txt`", "")  # a code span shows its text literally


def test_html_links_resolve_to_anchors(buyer, review: Review) -> None:  # type: ignore[no-untyped-def]
    html = assessment_html(buyer, review.document.text)
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids, sorted(targets - ids)
    for finding in buyer.findings:
        assert f'id="f-{finding.id}"' in html


def test_document_segments_mark_union_and_anchor_every_span() -> None:
    text = "abcdefghij"
    segments = document_segments(text, [(2, 5), (4, 8), (4, 8), (9, 10)])
    assert "".join(s.text for s in segments) == text
    assert "".join(s.text for s in segments if s.marked) == "cdefghj"
    anchors = [a for s in segments for a in s.anchors]
    assert sorted(anchors) == ["d-2-5", "d-4-8", "d-9-10"]


def test_cli_assess_formats(tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("json", "md", "html"):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(
            main, ["assess", str(EXAMPLE), "--playbook", "buyer", "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    payload = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert payload["playbook"]["name"] == "buyer"
    bad = runner.invoke(main, ["assess", str(EXAMPLE), "--playbook", "nobody"])
    assert bad.exit_code == 21 and "no playbook named" in bad.output
    folder = tmp_path / "many"
    many = runner.invoke(main, ["assess", str(EXAMPLE), str(EXAMPLE), "--format", "html", "-o", str(folder)])
    assert many.exit_code == 0, many.output
    assert len(list(folder.glob("*.html"))) == 1  # same document twice → same file name


def test_answer_type_is_what_the_engine_reads(review: Review) -> None:
    assert all(isinstance(a, Answer) for a in review.answers.values())
