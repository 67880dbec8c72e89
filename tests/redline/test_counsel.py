"""Redlines counsel would send (issue 11): the contract's own names, definitions left alone, dependants
edited with what they depend on, favourable text kept, one rule per topic, clauses placed in the body."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from datarights.assess.model import Assessment, Finding, FindingKind, Grade, Severity, Verdict
from datarights.model import Document
from datarights.model.findings import Basis, Evidence
from datarights.redline.clauses import document_variables, load_library
from datarights.redline.plan import ARTICLE_HEADING, Placement, RedlinePlan, plan_redlines
from datarights.redline.regions import Region, region_at
from datarights.redline.vocabulary import agree
from datarights.structure import read_document


def _document(tmp_path: Path, text: str, name: str = "contract.md") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _finding(
    document: Document,
    question: str,
    verdict: Verdict,
    quote: str | None,
    *,
    position: str = "x",
    basis: Basis = Basis.EXPLICIT,
    kind: FindingKind = FindingKind.QUESTION,
) -> Finding:
    evidence: tuple[Evidence, ...] = ()
    if quote is not None:
        start = document.text.index(quote)
        evidence = (Evidence(start, start + len(quote), document.section_label(start), quote, basis),)
    return Finding(
        id=question,
        kind=kind,
        title=question.replace("_", " "),
        position=position,
        verdict=verdict,
        severity=Severity.HIGH,
        confidence=0.9,
        evidence=evidence,
        rationale="",
        why_it_matters="",
        ask="",
        model_clauses=(f"{question}.buyer",) if kind is FindingKind.QUESTION else (),
    )


def _assessment(document: Document, *findings: Finding) -> Assessment:
    return Assessment(
        document_path=document.path,
        document_sha256=document.sha256,
        document_format=document.format.value,
        doc_type="commercial_terms",
        playbook="buyer",
        findings=findings,
        grade=Grade("C", 50.0, "test"),
        summary={},
    )


def _plan(document: Document, *findings: Finding) -> RedlinePlan:
    return plan_redlines(document, _assessment(document, *findings))


MISTRAL_LIKE = """# Terms of Use

These Terms of Use are an agreement between Acme AI SAS (“Acme AI”, “we”) and the customer (“Customer”, “you”).

1. Definitions

1.1 “Acme AI Products” means the models and services Acme AI makes available under these Terms.

1.2 “Customer Data” means the Input and the Output.

1.3 “Input” means what Customer submits to the Acme AI Products. “Output” means what the Acme AI Products generate.

2. Use of the Acme AI Products

2.1 Access. Customer may access the Acme AI Products under these Terms.

2.2 Training. Acme AI may use Customer Data to train its models. Customer owns all Output.

2.3 Licence. Acme AI may use Customer Data for training solely as provided in the preceding clause.

3. Feedback

3.1 Feedback. Customer grants Acme AI a perpetual, irrevocable, unrestricted licence to use any feedback Customer gives.

4. General

4.1 Law. These Terms are governed by French law.

Schedule 1 Country-Specific Terms

S.1 France. Consumers in France have additional rights.
"""


def test_clauses_speak_the_contracts_own_vocabulary(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    values = document_variables(document)
    assert values["provider"] == "Acme AI"
    assert values["customer"] == "Customer"
    assert values["services"] == "Acme AI Products"
    assert values["this_agreement"] == "these Terms"
    assert values["customer_data"] == "Customer Data"
    assert (values["inputs"], values["outputs"]) == ("Input", "Output")
    rendered = load_library().clauses["deletion.buyer"].render(values)
    assert "after these Terms ends" not in rendered and "after these Terms end," in rendered
    assert "Provider" not in rendered and "Acme AI will delete" in rendered


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        (
            "until these Terms ends and these Terms is void",
            "these Terms",
            "until these Terms end and these Terms are void",
        ),
        ("this Agreement ends", "this Agreement", "this Agreement ends"),
        ("the Products applies", "the Products", "the Products apply"),
    ],
)
def test_verbs_agree_with_plural_names(text: str, phrase: str, expected: str) -> None:
    assert agree(text, phrase) == expected


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=60))
def test_agreement_never_touches_text_without_the_phrase(text: str) -> None:
    if "these Terms" not in text:
        assert agree(text, "these Terms") == text


def test_definitions_are_never_struck_and_narrowing_goes_into_the_operative_clause(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    definition = "“Customer Data” means the Input and the Output."
    plan = _plan(
        document,
        _finding(document, "training_use", Verdict.NOT_ACCEPTABLE, definition, basis=Basis.DEFINED_TERM),
    )
    for change in plan.changes:
        assert change.edit is not None
        for term in document.definitions:
            span = term.definition_span
            assert (
                not (change.edit.start < span.end and span.start < change.edit.end)
                or change.edit.is_insertion
            )
    accepted = plan.proposed_text()
    assert definition in accepted and "will not use Customer Data" in accepted


def test_a_sentence_that_refers_back_is_edited_with_its_antecedent(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    plan = _plan(
        document,
        _finding(
            document,
            "training_use",
            Verdict.NOT_ACCEPTABLE,
            "Acme AI may use Customer Data to train its models.",
        ),
    )
    accepted = plan.proposed_text()
    assert "Acme AI may use Customer Data to train its models." not in accepted
    assert "solely as provided in the preceding clause" not in accepted
    assert any("Refers back" in ask.note for change in plan.changes for ask in change.asks)


def test_language_that_already_meets_the_playbook_is_kept(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    plan = _plan(
        document,
        _finding(
            document,
            "training_use",
            Verdict.NOT_ACCEPTABLE,
            "Acme AI may use Customer Data to train its models.",
        ),
        _finding(
            document, "output_ownership", Verdict.ACCEPTABLE, "Customer owns all Output.", position="customer"
        ),
    )
    assert "Customer owns all Output." in plan.proposed_text()
    training = next(c for c in plan.changes if "training_use" in c.finding_ids)
    assert training.edit is not None
    assert "Customer owns" not in document.text[training.edit.start : training.edit.end]


def test_a_sentence_that_also_favours_the_customer_is_amended_not_struck(tmp_path: Path) -> None:
    text = MISTRAL_LIKE.replace(
        "Acme AI may use Customer Data to train its models. Customer owns all Output.",
        "Acme AI may use Customer Data to train its models, and Customer owns all Output.",
    )
    document = _document(tmp_path, text)
    sentence = "Acme AI may use Customer Data to train its models, and Customer owns all Output."
    plan = _plan(
        document,
        _finding(document, "training_use", Verdict.NOT_ACCEPTABLE, sentence),
        _finding(
            document, "output_ownership", Verdict.ACCEPTABLE, "Customer owns all Output.", position="customer"
        ),
    )
    training = next(c for c in plan.changes if "training_use" in c.finding_ids)
    assert training.placement is Placement.AMEND
    assert sentence in plan.proposed_text()


def test_one_training_rule_even_when_several_findings_ask_for_one(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    plan = _plan(
        document,
        _finding(
            document,
            "training_use",
            Verdict.NOT_ACCEPTABLE,
            "Acme AI may use Customer Data to train its models.",
        ),
        _finding(document, "training_scope", Verdict.NOT_ACCEPTABLE, None),
        _finding(document, "revocation_consent", Verdict.NOT_ACCEPTABLE, None, kind=FindingKind.CHECK),
    )
    headings = [c.new_clauses[-1].heading for c in plan.changes if c.new_clauses]
    texts = [c.edit.replacement for c in plan.changes if c.edit is not None]
    assert not any("Opt-In" in h or "Dedicated" in h for h in headings)
    assert sum("train" in t for t in texts) == 1
    followers = {ask.finding.id for change in plan.changes for ask in change.asks}
    assert {"training_scope", "revocation_consent"} <= followers


def test_an_unrestricted_feedback_licence_is_narrowed_even_when_the_playbook_lets_it_pass(
    tmp_path: Path,
) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    quote = "Customer grants Acme AI a perpetual, irrevocable, unrestricted licence to use any feedback Customer gives."
    plan = _plan(document, _finding(document, "feedback_license", Verdict.ACCEPTABLE, quote, position="yes"))
    (change,) = plan.changes
    assert change.placement is Placement.AMEND and quote in plan.proposed_text()
    assert "does not include Customer Data" in plan.proposed_text()


def test_homeless_clauses_go_into_one_new_article_before_the_general_provisions(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    plan = _plan(
        document,
        _finding(document, "audit_rights", Verdict.NOT_ACCEPTABLE, None),
        _finding(document, "transparency_reports", Verdict.NOT_ACCEPTABLE, None, kind=FindingKind.CHECK),
    )
    accepted = plan.proposed_text()
    assert accepted.count(ARTICLE_HEADING) == 1
    article = accepted.index(f"3A. {ARTICLE_HEADING}")
    assert accepted.index("3.1 Feedback") < article < accepted.index("4. General")
    assert "3A.1 Audit." in accepted and "3A.2 Transparency Reports." in accepted
    for change in plan.changes:
        assert region_at(document, change.anchor[0]) is Region.MAIN


def test_schedules_and_country_sections_are_not_body(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    assert region_at(document, document.text.index("Consumers in France")) is not Region.MAIN
    assert region_at(document, document.text.index("Customer may access")) is Region.MAIN
    assert region_at(document, document.text.index("“Acme AI Products” means")) is Region.DEFINITIONS


def test_every_comment_names_the_playbook_item(tmp_path: Path) -> None:
    from datarights.redline.docx import comment_text

    document = _document(tmp_path, MISTRAL_LIKE)
    plan = _plan(
        document,
        _finding(
            document,
            "training_use",
            Verdict.NOT_ACCEPTABLE,
            "Acme AI may use Customer Data to train its models.",
        ),
        _finding(document, "audit_rights", Verdict.NOT_ACCEPTABLE, None),
    )
    for change in plan.changes:
        for finding_id in change.finding_ids:
            assert f"Playbook item {finding_id}" in comment_text(change)


def test_text_xml_cannot_hold_is_laid_out_without_failing(tmp_path: Path) -> None:
    """PDF extraction leaves characters such as U+FFFE; the Word layout must still be written."""
    from datetime import UTC, datetime

    from datarights.redline.docx import redline_docx

    document = _document(tmp_path, MISTRAL_LIKE.replace("Customer may access", "Customer \ufffe may access"))
    plan = _plan(
        document,
        _finding(
            document,
            "training_use",
            Verdict.NOT_ACCEPTABLE,
            "Acme AI may use Customer Data to train its models.",
        ),
    )
    result = redline_docx(plan, None, author="T", date=datetime(2025, 1, 1, tzinfo=UTC))
    assert not result.skipped and result.data.startswith(b"PK")


def test_clauses_that_cite_a_replaced_clause_are_named_in_its_comment(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE.replace("in the preceding clause", "in Section 2.2"))
    plan = _plan(
        document,
        _finding(
            document,
            "training_use",
            Verdict.NOT_ACCEPTABLE,
            "Acme AI may use Customer Data to train its models.",
        ),
    )
    notes = [ask.note for change in plan.changes for ask in change.asks]
    assert any(note.startswith("Read with 2.3 Licence") for note in notes)


def test_a_permission_the_proposed_rule_contradicts_is_struck_not_left_beside_it(tmp_path: Path) -> None:
    shared = "Acme AI may use Customer Data to improve models offered to all its customers."
    text = MISTRAL_LIKE.replace("3. Feedback\n", f"2.4 Shared Models. {shared}\n\n3. Feedback\n")
    document = _document(tmp_path, text)
    plan = _plan(
        document,
        _finding(
            document,
            "training_use",
            Verdict.NOT_ACCEPTABLE,
            "Acme AI may use Customer Data to train its models.",
        ),
        _finding(document, "training_scope", Verdict.NOT_ACCEPTABLE, shared),
    )
    accepted = plan.proposed_text()
    assert shared not in accepted and accepted.count("will not use Customer Data") == 1
    notes = [ask.note for change in plan.changes for ask in change.asks]
    assert any(note.startswith("Struck: it contradicts the No Training") for note in notes)


def test_a_legal_checks_evidence_is_amended_not_replaced(tmp_path: Path) -> None:
    document = _document(tmp_path, MISTRAL_LIKE)
    quote = "Customer may access the Acme AI Products under these Terms."
    plan = _plan(
        document, _finding(document, "gdpr_28_3_a", Verdict.NOT_ACCEPTABLE, quote, kind=FindingKind.CHECK)
    )
    assert [c.placement for c in plan.changes] == [Placement.AMEND]
    assert quote in plan.proposed_text()


COVER_PAGE_FIRST = """# Data Processing Agreement

| Key Terms | |
| --- | --- |
| Agreement | This DPA supplements the Agreement. |
| Annex I(A) List of Parties | Customer and Provider |

1. Processing

1.1 Instructions. Provider will process Customer Data on Customer's instructions.

2. Deletion of Customer Data

2.1 Deletion. Provider will delete Customer Data when this DPA ends.

3. Definitions

3.1 “Customer Data” means data Customer submits.
"""


def test_an_annex_named_in_a_cover_page_table_does_not_end_the_main_body(tmp_path: Path) -> None:
    # Standard terms that follow a cover page listing the annexes are the main body; a new article
    # goes after their last article, before a definitions article that ends them, and not into a
    # section on a narrower subject ("Deletion of Customer Data" is no home for a no-training rule).
    document = _document(tmp_path, COVER_PAGE_FIRST)
    assert region_at(document, document.text.index("Provider will process")) is Region.MAIN
    plan = _plan(document, _finding(document, "training_use", Verdict.NOT_ACCEPTABLE, None))
    accepted = plan.proposed_text()
    article = accepted.index(f"2A. {ARTICLE_HEADING}")
    assert accepted.index("2.1 Deletion.") < article < accepted.index("3. Definitions")
    assert "2A.1 No Training on Customer Data." in accepted


def test_a_stricter_rule_replaces_the_clause_it_supersedes_even_one_with_a_limit_in_it(
    tmp_path: Path,
) -> None:
    # "may use … to improve the Services, provided that such use is not Training" carries a limit
    # the buyer likes, but the purpose limitation that replaces it forbids training outright: the
    # stricter rule takes its place rather than sitting beside a permission it contradicts.
    improve = (
        "Acme AI may use Customer Data to improve the Acme AI Products, provided that such use does not "
        "constitute training."
    )
    text = MISTRAL_LIKE.replace("3. Feedback\n", f"2.4 Improvement. {improve}\n\n3. Feedback\n")
    document = _document(tmp_path, text)
    plan = _plan(
        document,
        _finding(document, "training_use", Verdict.ACCEPTABLE, improve, position="opt_in"),
        _finding(document, "service_improvement", Verdict.NEEDS_REVIEW, improve, position="yes"),
    )
    accepted = plan.proposed_text()
    assert improve not in accepted
    assert "will not use Customer Data to develop, improve or train" in accepted
    kinds = {c.placement for c in plan.changes if any(a.finding.id == "service_improvement" for a in c.asks)}
    assert kinds == {Placement.REPLACE}


def test_a_rule_stated_elsewhere_still_limits_the_clause_the_failing_answer_rests_on(tmp_path: Path) -> None:
    # Training allowed on an opt-in with no word on which models: the purpose limitation proposed for
    # another clause covers it in principle, but the specific training clause would keep deciding,
    # so the private-model limit is added to that clause.
    opt_in = "If Customer agrees in writing, Acme AI may use Customer Data to train models."
    improve = "Acme AI may use Customer Data to improve the Acme AI Products."
    text = MISTRAL_LIKE.replace(
        "3. Feedback\n", f"2.4 Opt-In Training. {opt_in}\n\n2.5 Improvement. {improve}\n\n3. Feedback\n"
    )
    document = _document(tmp_path, text)
    plan = _plan(
        document,
        _finding(document, "training_use", Verdict.ACCEPTABLE, opt_in, position="opt_in"),
        _finding(document, "service_improvement", Verdict.NOT_ACCEPTABLE, improve, position="yes"),
        _finding(document, "training_scope", Verdict.NOT_ACCEPTABLE, opt_in, position="unspecified"),
    )
    accepted = plan.proposed_text()
    assert opt_in in accepted  # the customer's opt-in stays
    after_opt_in = accepted[accepted.index(opt_in) :]
    assert after_opt_in.split("\n\n")[0].count("dedicated to Customer") == 1


def test_a_clause_a_failing_answer_rests_on_is_replaced_even_when_a_legal_check_leads_its_topic(
    tmp_path: Path,
) -> None:
    # The processor checklist only adds what is missing to the clause it cites, but the
    # service-improvement answer rests on that same clause: the permission is replaced by the
    # purpose limitation, not left beside it.
    improve = "Acme AI may use Customer Data to improve the Acme AI Products."
    text = MISTRAL_LIKE.replace("3. Feedback\n", f"2.4 Improvement. {improve}\n\n3. Feedback\n")
    document = _document(tmp_path, text)
    check = _finding(document, "ccpa_7051_a_2", Verdict.NOT_ACCEPTABLE, improve, kind=FindingKind.CHECK)
    plan = _plan(
        document,
        dataclasses.replace(check, severity=Severity.CRITICAL, model_clauses=("ccpa_7051_a_2.buyer",)),
        _finding(document, "service_improvement", Verdict.NOT_ACCEPTABLE, improve, position="yes"),
    )
    accepted = plan.proposed_text()
    assert improve not in accepted
    assert accepted.count("will not use Customer Data to develop, improve or train") == 1


def test_a_counterparts_clause_headed_signature_does_not_end_the_main_body(tmp_path: Path) -> None:
    text = MISTRAL_LIKE.replace(
        "4.1 Law. These Terms are governed by French law.\n",
        "4.1 Law. These Terms are governed by French law.\n\n4.2 Signature. These Terms may be signed in "
        "counterparts.\n\n5. AI Terms\n\n5.1 Improvement. Acme AI may use Customer Data to improve its models.\n",
    )
    document = _document(tmp_path, text)
    assert region_at(document, document.text.index("Acme AI may use Customer Data to improve")) is Region.MAIN


def test_a_mixed_role_keeps_the_clause_that_already_hands_personal_data_to_the_dpa(tmp_path: Path) -> None:
    # "both": processor under the DPA, controller for its own improvement. The DPA clause says what
    # the playbook wants and is amended; a clause that states the controller part is the one struck.
    dpa = "If the parties have a DPA, the DPA will govern each party's obligations as to Personal Data."
    own = "Provider acts as an independent controller when it uses Customer Data for its own purposes."
    for quote, struck in ((dpa, False), (own, True)):
        text = MISTRAL_LIKE.replace("3. Feedback\n", f"2.4 Personal Data. {quote}\n\n3. Feedback\n")
        document = _document(tmp_path, text)
        plan = _plan(
            document, _finding(document, "vendor_role", Verdict.NOT_ACCEPTABLE, quote, position="both")
        )
        assert (quote not in plan.proposed_text()) is struck
        assert "acts solely as Customer's processor" in plan.proposed_text()
