"""Published terms get an AI data addendum, not a markup of the provider's own terms."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from click.testing import CliRunner

from datarights.cli.main import main
from datarights.detect.engine import review_document
from datarights.redline.addendum import Instrument, addendum_docx, choose_instrument, plan_addendum
from datarights.redline.clauses import Variant
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
