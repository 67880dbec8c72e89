"""Published terms get an AI data addendum, not a markup of the provider's own terms."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from click.testing import CliRunner

from datarights.assess.engine import assess
from datarights.assess.model import Verdict
from datarights.assess.playbook import load_playbook
from datarights.cli.main import main
from datarights.detect.engine import review_document
from datarights.model.questions import QuestionId
from datarights.redline.addendum import Instrument, addendum_docx, choose_instrument, plan_addendum
from datarights.redline.clauses import Variant
from datarights.redline.deal import addendum_review, terms_alone, with_addendum
from datarights.stack.build import StackOptions, build_stack
from datarights.stack.model import Audience, Role
from datarights.structure import read_document
from tests.redline.helpers import buyer_assessment

CONSUMER_TERMS = """# Terms of Service

Welcome to Chatly! These Terms of Service are an agreement between Chatly Inc. (“Chatly”, “we”, “us”) and you.
By using the Services you agree to these Terms. We may update these Terms at any time, and your continued use
means you accept the changes.

1. Your Content

1.1 Licence. You grant Chatly a worldwide licence to use your content, including to train and improve our
models.

1.2 Feedback. You grant Chatly an unrestricted licence to use any feedback you give.

2. Privacy

2.1 Personal Data. We are the controller of your personal data, as described in our Privacy Policy.

3. Consumers

3.1 Consumer Rights. If you are a consumer, nothing in these Terms limits your statutory rights.
"""

SIGNED = """# Master Services Agreement

This Master Services Agreement is made between Provider and Customer as set out in the Cover Page.

1. Data

1.1 Training. Provider may use Customer Data to train its models.

IN WITNESS WHEREOF the parties have signed this Agreement.
"""


def _write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_consumer_terms_get_an_addendum_and_signed_agreements_a_redline(tmp_path: Path) -> None:
    terms = review_document(read_document(_write(tmp_path, CONSUMER_TERMS, "terms.md")))
    choice = choose_instrument(terms.document, terms.doc_type)
    assert choice.instrument is Instrument.ADDENDUM and choice.consumer
    signed = review_document(read_document(_write(tmp_path, SIGNED, "msa.md")))
    assert choose_instrument(signed.document, signed.doc_type).instrument is Instrument.REDLINE


def test_the_addendum_has_parties_precedence_positions_and_signatures(tmp_path: Path) -> None:
    review = review_document(read_document(_write(tmp_path, CONSUMER_TERMS, "terms.md")))
    addendum = plan_addendum(
        review.document,
        buyer_assessment(review),
        variant=Variant.BUYER,
        consumer=True,
        doc_type=review.doc_type,
    )
    text = addendum.text()
    assert "made between Chatly (“Chatly”)" in text
    assert "this Addendum prevails" in text
    assert "Chatly will not use Customer Data" in text  # the playbook's no-training position, in its names
    assert (
        "Processor Only" not in text and "processor (or service provider)" not in text
    )  # none for a consumer
    numbers = [c.number for c in addendum.clauses if c.text]
    assert numbers == sorted(set(numbers), key=numbers.index)  # numbered once each, in order
    word = docx.Document(io.BytesIO(addendum_docx(addendum)))
    assert word.paragraphs[0].text == "AI Data Addendum"
    cells = [cell.text for row in word.tables[0].rows for cell in row.cells]
    assert "Chatly" in cells and "Signature:" in cells


def test_cli_says_it_wrote_an_addendum(tmp_path: Path) -> None:
    source = _write(tmp_path, CONSUMER_TERMS, "terms.md")
    target = tmp_path / "out.docx"
    memo = tmp_path / "memo.md"
    result = CliRunner().invoke(main, ["redline", str(source), "-o", str(target), "--memo", str(memo)])
    assert result.exit_code == 0, result.output
    assert "AI data addendum" in result.output and target.exists()
    assert "prevails over the terms" in memo.read_text(encoding="utf-8")
    forced = CliRunner().invoke(main, ["redline", str(source), "--instrument", "redline", "--format", "md"])
    assert forced.exit_code == 0 and "```diff" in forced.output


PRIVACY_POLICY = """# Chatly Privacy Policy

This Privacy Policy explains how Chatly Inc. (“Chatly”, “we”) uses your personal data when you use the
Services.

1. How We Use Your Data

1.1 Training. We use the content you submit to train and improve our models. You can opt out in your
settings.

2. Changes

2.1 Updates. We may update this Privacy Policy by posting the new version on this page.
"""


def test_the_signed_addendum_controls_the_terms_when_the_deal_is_read_as_a_stack(tmp_path: Path) -> None:
    # What a customer has once it signs: the terms as they are, and the addendum above them by its
    # own order-of-precedence clause; the stack's combined answers are the addendum's.
    terms = review_document(read_document(_write(tmp_path, CONSUMER_TERMS, "terms.md")))
    playbook = load_playbook("buyer")
    addendum = plan_addendum(
        terms.document, assess(terms, playbook), variant=Variant.BUYER, consumer=True, doc_type=terms.doc_type
    )
    signed = addendum_review(addendum)
    stack = build_stack([terms, signed], StackOptions(audience=Audience.CONSUMER))
    role = next(d.role for d in stack.documents if d.path == signed.document.path)
    assert role is Role.OVERRIDING
    assert any(e.higher == signed.document.path and e.lower == terms.document.path for e in stack.precedence)
    before = terms_alone(terms, playbook, consumer=True)
    after = with_addendum(terms, addendum, playbook)
    assert before.finding("training_use").verdict is Verdict.NOT_ACCEPTABLE  # type: ignore[union-attr]
    assert after.finding("training_use").position == "prohibited"  # type: ignore[union-attr]
    assert stack.answers[QuestionId.TRAINING_USE].controlling_document == signed.document.path


def test_an_addendum_to_a_privacy_policy_names_it_so_that_it_prevails_over_it(tmp_path: Path) -> None:
    policy = review_document(read_document(_write(tmp_path, PRIVACY_POLICY, "privacy.md")))
    playbook = load_playbook("buyer")
    addendum = plan_addendum(
        policy.document,
        assess(policy, playbook),
        variant=Variant.BUYER,
        consumer=True,
        doc_type="privacy_policy",
    )
    assert "(together, the “Privacy Policy”)" in addendum.text()
    assert "If this Addendum conflicts with the Privacy Policy, this Addendum prevails" in addendum.text()
    signed = addendum_review(addendum)
    stack = build_stack([policy, signed], StackOptions(audience=Audience.CONSUMER))
    assert any(e.higher == signed.document.path and e.lower == policy.document.path for e in stack.precedence)
