"""General use and disclosure grants read into frames (read/uses.py): who may do what with which data,
for which purposes, to whom, under which condition, and the stance of acting on the customer's behalf."""

from __future__ import annotations

from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.read.model import Actor, Condition, Unit
from datarights.read.uses import UseFrame, behalf_frames, use_frames
from datarights.read.view import TextView
from datarights.read.vocab.uses import UseVerb
from datarights.structure import build_document


def _view(text: str) -> TextView:
    blocks = tuple(markdown_to_blocks("# Acme Terms\n\n" + text))
    return TextView.of(build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks)))


def _one(text: str) -> UseFrame:
    found = use_frames(_view(text))
    assert len(found) == 1, found
    return found[0]


def test_a_permitted_use_clause_lists_verbs_data_and_purposes() -> None:
    frame = _one(
        "We may access, use, disclose and modify Customer Content: (i) in accordance with this Agreement; "
        "(ii) as required by Law; or (iii) for trust and safety purposes.\n"
    )
    assert frame.actor is Actor.PROVIDER and not frame.negated and not frame.only
    assert {UseVerb.ACCESS, UseVerb.USE, UseVerb.DISCLOSE, UseVerb.MODIFY} <= frame.verbs
    assert frame.data == {"content"}
    assert frame.purposes == {"agreement", "required_by_law", "safety_security"}


def test_not_except_is_a_closed_list_and_only_is_too() -> None:
    closed = _one(
        "We will not access or process Content except as instructed by you or as required by law.\n"
    )
    assert closed.only and not closed.negated
    assert closed.purposes == {"customer_instruction", "required_by_law"}
    only = _one("We will only use Customer Content in accordance with this Agreement.\n")
    assert only.only and only.purposes == {"agreement"}


def test_consent_special_data_and_recipients() -> None:
    frame = _one(
        "Based on your consent, we may collect and use your biometric information for safety and identification purposes.\n"
    )
    assert Condition.OPT_IN in frame.conditions and "biometric" in frame.data
    assert frame.purposes == {"safety_security", "identification"}
    tax = _one("We may disclose customer information to a tax authority without notice to you.\n")
    assert tax.shares and tax.recipients == {"tax_authorities"}
    jobs = _one(
        "We may use your employment history to recommend jobs and to share with potential employers when you apply.\n"
    )
    assert jobs.shares and jobs.uses and jobs.recipients == {"employers"} and "employment" in jobs.data


def test_the_provider_with_its_affiliates_is_the_provider() -> None:
    frame = _one("We and our affiliates may use your personal information for advertising.\n")
    assert frame.actor is Actor.PROVIDER and frame.purposes == {"advertising"}


def test_a_later_sharing_grant_in_the_sentence_names_its_recipients() -> None:
    frame = _one(
        "We use your personal information for advertising, and we may also share it with our partners.\n"
    )
    assert frame.uses and frame.shares and frame.recipients == {"partners"}


def test_passive_grants_name_the_provider() -> None:
    frame = _one("Your personal information may be shared with our affiliates and service providers.\n")
    assert frame.actor is Actor.PROVIDER and frame.recipients == {"affiliates", "service_providers"}


def test_promises_not_to_use_are_negated() -> None:
    frame = _one("We do not sell your personal information.\n")
    assert frame.negated and frame.verbs == {UseVerb.SELL}


def test_what_is_no_grant_of_the_provider() -> None:
    for text in (
        "You may not permit any third parties to use the Services for advertising.\n",
        "Neither you nor Acme will disclose the other party's Confidential Information to any third party.\n",
        "You are solely responsible for obtaining consents to allow Acme to access, use and share Customer Content.\n",
        "Customer Content does not include usage data that Acme collects.\n",
        "Your use of the Services is subject to these Terms.\n",
        "If we disclose your personal information to a third party, we require them to protect it.\n",
    ):
        assert use_frames(_view(text)) == (), text


def test_list_items_carry_the_lead_in_grant() -> None:
    view = _view(
        "We may share your information with:\n\n"
        "- our service providers, to operate the services;\n"
        "- law enforcement, as required by law.\n"
    )
    items = [f for f in use_frames(view) if f.unit is Unit.LIST_ITEM]
    assert [f.recipients for f in items] == [{"service_providers"}, {"authorities"}]
    assert items[1].purposes == {"required_by_law"} and all(f.related for f in items)


def test_acting_on_behalf_and_its_premise() -> None:
    stated = behalf_frames(
        _view(
            "Where we process your personal data, you acknowledge that Acme is acting on your behalf and you "
            "determine the means and purposes of the processing.\n"
        )
    )
    assert len(stated) == 1 and not stated[0].conditional and "personal" in stated[0].data
    premise = behalf_frames(
        _view(
            "If you are a business and we process personal information on your behalf, then our addendum applies.\n"
        )
    )
    assert len(premise) == 1 and premise[0].conditional


def test_frames_are_in_document_order_and_memoised() -> None:
    view = _view(
        "We may use your information to personalize the services.\n\n"
        "We may share your information with advertisers.\n"
    )
    found = use_frames(view)
    assert found is use_frames(view)
    assert [f.start for f in found] == sorted(f.start for f in found) and len(found) == 2
