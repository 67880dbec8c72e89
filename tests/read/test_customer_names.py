"""The names a document defines for its customer party: the party, never a kind of its data."""

from __future__ import annotations

from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.read.view import TextView
from datarights.structure import build_document


def _view(text: str) -> TextView:
    raw = RawDocument("names.md", Format.MARKDOWN, "", markdown_to_blocks(text), ())
    return TextView.of(build_document(raw))


def test_a_party_defined_as_the_one_who_enters_into_the_agreement_is_the_customer() -> None:
    view = _view('# Agreement\n\n1.1 "Company" means the entity that enters into this Agreement with Acme.\n')
    assert view.customer_names == frozenset({"company"})


def test_a_term_for_the_customers_data_is_no_name_of_the_customer() -> None:
    # "Customer Data … under Order Form 3": a kind of data and a document, not a party that orders.
    view = _view(
        '# Agreement\n\n1.1 "Covered Material" means Customer Data processed under Order Form 3, '
        "as described in Section 2.\n\n"
        '1.2 "Buyer Records" means customer records the purchaser orders us to keep.\n'
    )
    assert view.customer_names == frozenset()
