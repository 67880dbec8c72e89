"""Redlines planned from a document stack: nothing asked that an incorporated document gives,
and the comment and memo name the document that controls."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from datarights.assess.engine import assess
from datarights.assess.model import Verdict
from datarights.assess.playbook import load_playbook
from datarights.assess.stack import assess_stack
from datarights.cli.main import main
from datarights.detect.engine import review_path
from datarights.errors import ConfigError
from datarights.redline.diff import render_diff
from datarights.redline.memo import render_memo
from datarights.redline.plan import RedlinePlan
from datarights.redline.prepare import prepare
from datarights.redline.stack import prepare_stack, stack_plan
from datarights.stack.build import build_stack
from tests.conftest import CORPUS, require_shared

FIXTURES = Path(__file__).parent / "stack_fixtures"
AGREEMENT = FIXTURES / "northwind-services-agreement.md"
DPA = FIXTURES / "northwind-dpa.md"
# What the fixture DPA gives: the Art. 28(3) processor terms (all but (f), which it only partly meets),
# the US state processor terms, no training and an audit right.
GIVEN_BY_DPA = {
    "gdpr_28_3_a",
    "gdpr_28_3_b",
    "gdpr_28_3_c",
    "gdpr_28_3_d",
    "gdpr_28_3_e",
    "gdpr_28_3_g",
    "gdpr_28_3_h",
    "us_state_processor_contract",
    "training_use",
    "audit_rights",
}


def _asked(plan: RedlinePlan) -> set[str]:
    if plan.addendum is not None:
        return {a.finding.id for clause in plan.addendum.clauses for a in clause.asks}
    return {a.finding.id for change in plan.changes for a in change.asks}


def _topics(plan: RedlinePlan) -> set[str]:
    return {a.clause.topic for change in plan.changes for a in change.asks if a.clause is not None}


def test_stack_redline_asks_nothing_the_dpa_gives() -> None:
    playbook = load_playbook("buyer")
    agreement, dpa = review_path(AGREEMENT), review_path(DPA)
    alone = prepare(agreement, assess(agreement, playbook), playbook=playbook)
    # Read alone, the agreement's redline asks for the processor terms again: the test can fail.
    assert GIVEN_BY_DPA & _asked(alone)
    assert "processor_role" in _topics(alone)
    plan = stack_plan(agreement, [dpa], playbook)
    assert not GIVEN_BY_DPA & _asked(plan), _asked(plan)
    assert "processor_role" not in _topics(plan)
    assert plan.addendum is None and plan.changes  # what the deal still lacks is still asked
    assert "retention" in _asked(plan)
    # Every edit and every cited span lies in the agreement, never at the DPA's offsets.
    text = agreement.document.text
    for change in plan.changes:
        assert 0 <= change.anchor[0] <= change.anchor[1] <= len(text)
        for ask in change.asks:
            for evidence in ask.finding.evidence:
                assert text[evidence.start : evidence.end] == evidence.text


def test_stack_redline_says_which_document_controls() -> None:
    playbook = load_playbook("buyer")
    plan = stack_plan(review_path(AGREEMENT), [review_path(DPA)], playbook)
    memo = render_memo(plan)
    assert "## The deal" in memo
    assert "Not asked, given by another document: Art. 28(3)(a) documented instructions (gdpr_28_3_a)" in memo
    assert "northwind-dpa.md" in memo
    # An item the DPA controls but does not meet is asked here, and the comment names the DPA.
    controlled = [
        a
        for c in plan.changes
        for a in c.asks
        if a.finding.id == "transparency_reports" and a.clause is not None
    ]
    assert controlled and "northwind-dpa.md) controls this in the deal" in controlled[0].finding.rationale
    assert "controls this in the deal" in render_diff(plan, "md")


def test_stack_redline_of_a_document_outside_the_deal_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "recipe.md"
    stray.write_text(
        "# Lemon cake\n\nMix flour, sugar and lemons. Bake for forty minutes.\n", encoding="utf-8"
    )
    playbook = load_playbook("buyer")
    reviews = [review_path(AGREEMENT), review_path(DPA), review_path(stray)]
    assessed = assess_stack(build_stack(reviews), reviews, playbook)
    with pytest.raises(ConfigError, match=r"recipe\.md: not a governing document"):
        prepare_stack(reviews[2], assessed, playbook)


def test_redline_cli_accepts_a_stack(tmp_path: Path) -> None:
    memo = tmp_path / "memo.md"
    runner = CliRunner()
    args = ["redline", str(AGREEMENT), "--format", "md"]
    result = runner.invoke(main, [*args, "--stack", str(DPA), "--memo", str(memo)])
    assert result.exit_code == 0, result.output
    assert "gdpr_28_3_a" not in result.stdout and "retention" in result.stdout
    assert "Not asked, given by another document" in memo.read_text(encoding="utf-8")
    alone = runner.invoke(main, args)
    assert alone.exit_code == 0 and "gdpr_28_3_a" in alone.stdout


def test_common_paper_stack_redline() -> None:
    folder = require_shared(CORPUS) / "templates"
    playbook = load_playbook("buyer")
    main_review = review_path(folder / "common-paper-cloud-service-agreement.md")
    others = [
        review_path(folder / "common-paper-ai-addendum.md"),
        review_path(folder / "common-paper-data-processing-agreement.md"),
    ]
    reviews = [main_review, *others]
    assessed = assess_stack(build_stack(reviews), reviews, playbook)
    path = main_review.document.path
    given_elsewhere = {
        f.id
        for f in assessed.assessment.findings
        if f.verdict is Verdict.ACCEPTABLE and assessed.source(f.id) not in ("", path)
    }
    alone = prepare(main_review, assess(main_review, playbook), playbook=playbook)
    assert {"gdpr_28_3_a", "gdpr_28_3_d"} <= given_elsewhere & _asked(alone)
    plan = prepare_stack(main_review, assessed, playbook)
    assert not given_elsewhere & _asked(plan), given_elsewhere & _asked(plan)
    assert any("common-paper-data-processing-agreement.md" in line for line in plan.context)


def test_published_terms_in_a_stack_get_an_addendum_without_what_the_negotiated_addendum_gives() -> None:
    """Online terms still get the AI data addendum `prepare` chooses for them, but the training
    rule the negotiated addendum already imposes is not asked again."""
    stack_fixtures = Path(__file__).parents[1] / "stack" / "fixtures"
    terms = review_path(stack_fixtures / "brightloom-online-terms.md")
    negotiated = review_path(stack_fixtures / "brightloom-negotiated-addendum.md")
    playbook = load_playbook("buyer")
    alone = prepare(terms, assess(terms, playbook), playbook=playbook)
    assert alone.addendum is not None and "training_use" in _asked(alone)
    plan = stack_plan(terms, [negotiated], playbook)
    assert plan.addendum is not None
    assert "training_use" not in _asked(plan)
    assert any(
        "training_use" in line and "brightloom-negotiated-addendum.md" in line for line in plan.context
    )
    assert "## The deal" in render_memo(plan)
