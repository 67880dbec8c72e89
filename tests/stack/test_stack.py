"""Stacks: a negotiated addendum of our own over online terms, the shared corpus stacks, the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from datarights.assess.checks import Context
from datarights.assess.engine import assess, run_checks
from datarights.assess.model import CheckStatus
from datarights.assess.playbook import load_playbook
from datarights.assess.stack import assess_stack
from datarights.cli.main import main
from datarights.detect.engine import Review, review_path
from datarights.detect.language import DocumentView
from datarights.model.questions import QuestionId
from datarights.report.stack import stack_html, stack_json, stack_markdown, stack_schema
from datarights.stack.build import build_stack
from datarights.stack.model import (
    GOVERNING_ROLES,
    Audience,
    ControlBasis,
    DocKind,
    ReferenceType,
    Resolution,
    Role,
    Stack,
)
from tests.conftest import CORPUS, require_shared

FIXTURES = Path(__file__).parent / "fixtures"
TERMS = FIXTURES / "brightloom-online-terms.md"
ADDENDUM = FIXTURES / "brightloom-negotiated-addendum.md"

STACKS: dict[str, tuple[str, ...]] = {
    "chatgpt": (
        "genai/ChatGPT/Commercial Terms.md",
        "genai/ChatGPT/Data Processor Agreement.md",
        "genai/ChatGPT/Terms of Service.md",
        "genai/ChatGPT/Privacy Policy.md",
        "genai/ChatGPT/Business Privacy Policy.md",
    ),
    "grok": (
        "genai/Grok/Commercial Terms.md",
        "genai/Grok/Terms of Service.md",
        "genai/Grok/Privacy Policy.md",
    ),
    "jasper": ("contrib/Jasper/Terms of Service.md", "contrib/Jasper/Data Processor Agreement.md"),
    "common_paper": (
        "templates/common-paper-cloud-service-agreement.md",
        "templates/common-paper-ai-addendum.md",
        "templates/common-paper-data-processing-agreement.md",
    ),
}
_cache: dict[str, tuple[list[Review], Stack]] = {}


def corpus_stack(name: str) -> tuple[list[Review], Stack]:
    require_shared(CORPUS)
    if name not in _cache:
        paths = [CORPUS / p for p in STACKS[name]]
        for path in paths:
            if not path.exists():
                pytest.skip(f"{path} is absent from the shared corpus")
        reviews = [review_path(p) for p in paths]
        _cache[name] = (reviews, build_stack(reviews))
    return _cache[name]


def _doc(stack: Stack, suffix: str) -> str:
    return next(d.path for d in stack.documents if d.path.endswith(suffix))


def _refs(stack: Stack, source_suffix: str, type_: ReferenceType, kind: DocKind) -> list[str]:
    return [
        r.evidence.section
        for r in stack.references
        if r.source.endswith(source_suffix) and r.type is type_ and r.target.kind is kind
    ]


def _evidence_slices(stack: Stack, reviews: Sequence[Review]) -> None:
    texts = {r.document.path: r.document.text for r in reviews}
    for r in stack.references:
        assert texts[r.source][r.evidence.start : r.evidence.end] == r.evidence.text
    for e in stack.precedence:
        assert texts[e.source][e.evidence.start : e.evidence.end] == e.evidence.text
    for a in stack.answers.values():
        for ev in a.evidence:
            assert texts[a.controlling_document][ev.start : ev.end] == ev.text


# --- our own negotiated addendum over online terms --------------------------------------------


@pytest.fixture(scope="module")
def negotiated() -> tuple[list[Review], Stack]:
    reviews = [review_path(TERMS), review_path(ADDENDUM)]
    return reviews, build_stack(reviews)


def test_addendum_amends_and_overrides_the_online_terms(negotiated: tuple[list[Review], Stack]) -> None:
    reviews, stack = negotiated
    terms, addendum = str(TERMS), str(ADDENDUM)
    roles = {d.path: d.role for d in stack.documents}
    assert roles[terms] is Role.ROOT
    assert roles[addendum] is Role.OVERRIDING
    amends = [r for r in stack.references if r.source == addendum and r.type is ReferenceType.AMENDS]
    assert amends and all(r.resolved_path == terms for r in amends)
    assert any("2.2" in r.section for r in amends)
    assert any(e.higher == addendum and e.lower == terms for e in stack.precedence)
    _evidence_slices(stack, reviews)


def test_addendum_controls_training_and_changes(negotiated: tuple[list[Review], Stack]) -> None:
    _, stack = negotiated
    training = stack.answers[QuestionId.TRAINING_USE]
    assert training.position == "prohibited"
    assert training.controlling_document == str(ADDENDUM)
    assert training.basis is ControlBasis.PRECEDENCE_CLAUSE
    assert [c.other.answer.position for c in training.conflicts] == ["opt_out"]
    assert "2.2" in training.conflicts[0].other.answer.evidence[0].section
    # Training prohibited by the controlling addendum: which models it reaches no longer applies.
    scope = stack.answers[QuestionId.TRAINING_SCOPE]
    assert scope.position == "not_applicable" and scope.controlling_document == str(ADDENDUM)
    assert [(c.other.path, c.other.answer.position) for c in scope.conflicts] == [
        (str(TERMS), "foundational")
    ]
    assert any(e.evidence.text.startswith("This Negotiated Addendum") for e in stack.precedence)
    change = stack.answers[QuestionId.CHANGE_NOTICE]
    assert change.controlling_document == str(ADDENDUM)
    assert change.position in {"consent_required", "advance_notice"}
    assert [c.other.answer.position for c in change.conflicts] == ["posting_only"]


def test_without_the_addendum_the_terms_answer(negotiated: tuple[list[Review], Stack]) -> None:
    reviews, _ = negotiated
    alone = build_stack(reviews[:1])
    assert alone.answers[QuestionId.TRAINING_USE].position == "opt_out"
    assert alone.answers[QuestionId.TRAINING_USE].basis is ControlBasis.ONLY


def test_json_matches_the_schema_and_names_paths_as_given(negotiated: tuple[list[Review], Stack]) -> None:
    reviews, stack = negotiated
    assessed = assess_stack(stack, reviews, load_playbook("buyer"))
    payload = stack_json(stack, assessed)
    jsonschema.validate(payload, stack_schema())
    assert payload["schema"] == "datarights.stack/1"
    assert [d["path"] for d in payload["documents"]] == [str(TERMS), str(ADDENDUM)]
    answer = payload["answers"]["training_use"]
    assert answer["controlling_document"] == str(ADDENDUM) and answer["conflicts"]
    assert all("document" in f for f in payload["assessment"]["findings"])
    assert "Brightloom" in stack_html(stack, assessed) and "Precedence graph" in stack_markdown(stack)


def test_html_escapes_contract_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.md"
    hostile.write_text(
        "# Services Agreement\n\nWhere fees < cap & <i>more</i>, the DPA is incorporated into this Agreement by reference.\n",
        encoding="utf-8",
    )
    stack = build_stack([review_path(hostile)])
    html = stack_html(stack)
    assert "fees &lt; cap &amp;" in html and "fees < cap" not in html


def test_cli_stack_json_and_bad_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["stack", str(TERMS), str(ADDENDUM), "--format", "json", "--assess"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    jsonschema.validate(payload, stack_schema())
    assert payload["answers"]["training_use"]["controlling_document"] == str(ADDENDUM)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    result = runner.invoke(main, ["stack", str(TERMS), str(broken), "--format", "md"])
    assert result.exit_code != 0
    assert "broken.pdf" in result.output and "Document stack" in result.output
    result = runner.invoke(main, ["stack"])
    assert result.exit_code == 21 and "--counterparty" in result.output


# --- the shared corpus stacks -----------------------------------------------------------------


def test_chatgpt_stack() -> None:
    reviews, stack = corpus_stack("chatgpt")
    commercial, dpa = _doc(stack, "Commercial Terms.md"), _doc(stack, "Data Processor Agreement.md")
    assert stack.audience is Audience.BUSINESS
    roles = {d.path: d.role for d in stack.documents}
    assert roles[commercial] is Role.ROOT and roles[dpa] is Role.INCORPORATED
    assert roles[_doc(stack, "Terms of Service.md")] is Role.OTHER_AUDIENCE
    assert "5.3 Privacy" in _refs(stack, "Commercial Terms.md", ReferenceType.INCORPORATES, DocKind.DPA)
    assert _refs(stack, "Data Processor Agreement.md", ReferenceType.PART_OF, DocKind.AGREEMENT)
    assert _refs(stack, "Commercial Terms.md", ReferenceType.INCORPORATES, DocKind.POLICIES)
    assert "16.1 Entire Agreement" in _refs(
        stack, "Commercial Terms.md", ReferenceType.INCORPORATES, DocKind.ORDER_FORM
    )
    order = {(e.higher, e.lower) for e in stack.precedence if e.evidence.section.startswith("16.2")}
    assert ("missing:order_form", commercial) in order and (commercial, "missing:policies") in order
    privacy = [
        r
        for r in stack.references
        if r.source.endswith("Terms of Service.md") and r.target.kind is DocKind.PRIVACY_POLICY
    ]
    assert privacy and all(r.type is ReferenceType.REFERS for r in privacy)
    assert stack.answers[QuestionId.VENDOR_ROLE].controlling_document == dpa
    assert stack.answers[QuestionId.VENDOR_ROLE].position == "processor"
    _evidence_slices(stack, reviews)


def test_grok_stack_missing_dpa_is_needs_review_not_not_met() -> None:
    reviews, stack = corpus_stack("grok")
    assert "11.1 Privacy" in _refs(stack, "Commercial Terms.md", ReferenceType.INCORPORATES, DocKind.DPA)
    assert _refs(stack, "Commercial Terms.md", ReferenceType.INCORPORATES, DocKind.ACCEPTABLE_USE)
    assert _refs(stack, "Commercial Terms.md", ReferenceType.AMENDED_BY, DocKind.BAA)
    assert DocKind.DPA in {m.kind for m in stack.missing}
    assessed = assess_stack(stack, reviews, load_playbook("buyer")).assessment
    gdpr = [f for f in assessed.findings if f.group == "gdpr_art28"]
    assert gdpr and not [f for f in gdpr if f.position == CheckStatus.NOT_MET.value]
    item = assessed.finding("gdpr_28_3_a")
    assert item is not None and item.position == "not_provided" and item.verdict.value == "needs_review"
    assert item.rationale.startswith("Needs review — DPA referenced (§ 11.1 Privacy) but not provided")
    # No supplied document speaks to audits, and the DPA that would is absent: not a verdict yet.
    audit = stack.answers[QuestionId.AUDIT_RIGHTS]
    assert audit.awaiting is not None and audit.awaiting.kind is DocKind.DPA
    assert "was not provided" in audit.why
    judged = assessed.finding("audit_rights")
    assert judged is not None and judged.verdict.value == "needs_review" and judged.position == "none"
    _evidence_slices(stack, reviews)


def test_jasper_stack() -> None:
    reviews, stack = corpus_stack("jasper")
    terms, dpa = _doc(stack, "Terms of Service.md"), _doc(stack, "Data Processor Agreement.md")
    incorporation = [
        r
        for r in stack.references
        if r.source == terms and r.type is ReferenceType.INCORPORATES and r.target.kind is DocKind.DPA
    ]
    assert (
        incorporation
        and incorporation[0].resolution is Resolution.SUPPLIED
        and incorporation[0].resolved_path == dpa
    )
    edge = next(e for e in stack.precedence if e.higher == dpa and e.lower == terms)
    assert "specific subject matter" in edge.scope
    assert {d.path: d.role for d in stack.documents}[dpa] is Role.INCORPORATED
    # The DPA prevails "with regard to the specific subject matter of this DPA": processor questions,
    # not how the terms themselves change.
    assert stack.answers[QuestionId.RETENTION].controlling_document == dpa
    assert stack.answers[QuestionId.RETENTION].basis is ControlBasis.PRECEDENCE_CLAUSE
    change = stack.answers[QuestionId.CHANGE_NOTICE]
    assert change.controlling_document == terms
    assert [c.other.path for c in change.conflicts] == [dpa]
    _evidence_slices(stack, reviews)


def test_common_paper_stack() -> None:
    reviews, stack = corpus_stack("common_paper")
    csa = _doc(stack, "cloud-service-agreement.md")
    ai = _doc(stack, "ai-addendum.md")
    dpa = _doc(stack, "data-processing-agreement.md")
    assert _refs(stack, "ai-addendum.md", ReferenceType.PART_OF, DocKind.AGREEMENT) == [
        "1.1 Using AI Services"
    ]
    assert "3.1 Personal Data" in _refs(
        stack, "cloud-service-agreement.md", ReferenceType.IS_OVERRIDDEN_BY, DocKind.DPA
    )
    assert "9.1" in _refs(stack, "data-processing-agreement.md", ReferenceType.OVERRIDES, DocKind.AGREEMENT)
    assert {(e.higher, e.lower) for e in stack.precedence} >= {(dpa, csa), ("standard:sccs", dpa)}
    training = stack.answers[QuestionId.TRAINING_USE]
    assert training.controlling_document == ai and training.basis is ControlBasis.SPECIFICITY
    assert [c.other.path for c in training.conflicts] == [csa]
    assert stack.answers[QuestionId.VENDOR_ROLE].controlling_document == dpa
    _evidence_slices(stack, reviews)


@pytest.mark.parametrize("name", sorted(STACKS))
def test_no_check_not_met_when_a_governing_document_meets_it(name: str) -> None:
    """The issue's target: a check any governing document meets on its own is never "not met"."""
    reviews, stack = corpus_stack(name)
    playbook = load_playbook("buyer")
    by_path = {r.document.path: r for r in reviews}
    met: set[str] = set()
    for document in stack.documents:
        if document.role not in GOVERNING_ROLES:
            continue
        review = by_path[document.path]
        ctx = Context(DocumentView.of(review.document), review.doc_type, review.answers)
        found, _ = run_checks(ctx, playbook, stack.audience)
        met |= {f.id for f in found if f.position == CheckStatus.MET.value}
    assessed = assess_stack(stack, reviews, playbook).assessment
    wrong = [f.id for f in assessed.findings if f.id in met and f.position == CheckStatus.NOT_MET.value]
    assert not wrong


def test_single_document_assess_states_audience_and_skips_processor_checks_for_consumers() -> None:
    require_shared(CORPUS)
    path = CORPUS / "genai/Grok/Terms of Service.md"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    assessment = assess(review_path(path), load_playbook("buyer"))
    assert assessment.audience == "consumer"
    assert not [f for f in assessment.findings if f.group == "gdpr_art28"]
    assert any(n.startswith("gdpr_art28: not applied (consumer terms") for n in assessment.notes)
    role = assessment.finding("vendor_role")
    assert role is not None
    if role.position == "controller":
        # The processor preference is a business customer's: not a penalty in consumer terms.
        assert role.verdict.value == "acceptable" and role.severity.value == "info"


def test_assess_stack_flag_gives_an_assessment_with_documents() -> None:
    from datarights.report.assessment import assessment_schema

    result = CliRunner().invoke(main, ["assess", "--stack", str(TERMS), str(ADDENDUM), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    jsonschema.validate(payload, assessment_schema())
    sources = {f["id"]: f["document"] for f in payload["findings"]}
    assert sources["training_use"] == str(ADDENDUM)
    assert payload["audience"] == "business"
