"""Typed changes of general use and disclosure grants: a purpose, data kind or recipient gained widens
the right, one lost narrows it, a closed list opened widens, the stance of acting on the customer's
behalf dropped is a promise removed, and a rewording that keeps the meaning (or a grant split across
clauses) reports nothing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datarights.assess.model import Severity
from datarights.assess.playbook import load_playbook
from datarights.compare import ChangeType, MeaningChange, diff_meaning
from datarights.model import Document
from datarights.read.model import Action
from datarights.store.diff import rate
from datarights.structure.build import read_document

HEAD = "# Acme Privacy Policy\n\n## 2. How we use information\n\n"


def _doc(folder: Path, name: str, text: str) -> Document:
    path = folder / f"{name}.md"
    path.write_text(HEAD + text, encoding="utf-8")
    return read_document(path)


def _diff(folder: Path, old: str, new: str) -> tuple[MeaningChange, ...]:
    return diff_meaning(_doc(folder, "old", old), _doc(folder, "new", new))


def _typed(changes: tuple[MeaningChange, ...]) -> list[tuple[ChangeType, Action]]:
    return [(c.type, c.action) for c in changes]


def test_a_new_purpose_widens_and_its_removal_narrows(tmp_path: Path) -> None:
    old = "We may use your personal information to provide the services and for security purposes.\n"
    new = "We may use your personal information to provide the services, for security purposes and for advertising.\n"
    widened = _diff(tmp_path, old, new)
    assert _typed(widened) == [(ChangeType.RIGHT_WIDENED, Action.USE)]
    assert "purposes added: advertising" in widened[0].detail
    assert widened[0].old is not None and widened[0].new is not None
    narrowed = _diff(tmp_path, new, old)
    assert _typed(narrowed) == [(ChangeType.RIGHT_NARROWED, Action.USE)]
    assert "purposes removed: advertising" in narrowed[0].detail


def test_a_new_recipient_widens_sharing(tmp_path: Path) -> None:
    changes = _diff(
        tmp_path,
        "We may share your information with our service providers to operate the services.\n",
        "We may share your information with our service providers and advertisers to operate the services.\n",
    )
    assert _typed(changes) == [(ChangeType.RIGHT_WIDENED, Action.SHARE)]
    assert "recipients added: advertisers" in changes[0].detail
    rated = rate(changes, load_playbook("privacy"))
    assert rated[0].severity is Severity.CRITICAL


def test_a_new_grant_of_special_data_is_a_widened_right(tmp_path: Path) -> None:
    common = "We use your information to provide the services and for safety and security.\n\n"
    changes = _diff(
        tmp_path,
        common,
        common
        + "Based on your consent, we may collect and use your biometric information for identification.\n",
    )
    assert _typed(changes) == [(ChangeType.RIGHT_WIDENED, Action.USE)]
    assert changes[0].old is None and "biometric" in changes[0].detail and "opt_in" in changes[0].detail


def test_a_closed_list_opened_widens(tmp_path: Path) -> None:
    changes = _diff(
        tmp_path,
        "We will only use your content in accordance with this Agreement and as required by law.\n",
        "We may use your content in accordance with this Agreement and as required by law.\n",
    )
    assert _typed(changes) == [(ChangeType.RIGHT_WIDENED, Action.USE)]
    assert "closed list of uses removed" in changes[0].detail


def test_a_promise_not_to_sell_removed(tmp_path: Path) -> None:
    common = "We may share your information with our affiliates to provide the services.\n\n"
    changes = _diff(tmp_path, common + "We do not sell your personal information.\n", common)
    assert _typed(changes) == [(ChangeType.PROMISE_REMOVED, Action.SHARE)]


_STANCE = (
    "Where we process your personal data, you acknowledge that Acme is acting on your behalf and you "
    "determine the means and purposes of the processing.\n"
)


def test_acting_on_behalf_dropped_is_a_promise_removed_while_the_role_stays(tmp_path: Path) -> None:
    # the processor role is still stated for business accounts: the general stance is what went
    common = (
        "We may use your content to provide the services.\n\n"
        "For business accounts, we process personal data only on your documented instructions.\n\n"
    )
    removed = _diff(tmp_path, common + _STANCE, common)
    assert _typed(removed) == [(ChangeType.PROMISE_REMOVED, Action.PROCESS)]
    assert rate(removed, load_playbook("buyer"))[0].severity is Severity.HIGH
    added = _diff(tmp_path, common, common + _STANCE)
    assert _typed(added) == [(ChangeType.PROMISE_ADDED, Action.PROCESS)]


def test_acting_on_behalf_as_the_only_role_statement_is_one_role_change(tmp_path: Path) -> None:
    common = "We may use your content to provide the services.\n\n"
    assert _typed(_diff(tmp_path, common + _STANCE, common)) == [
        (ChangeType.ROLE_CHANGED, Action.PROVIDE_SERVICE)
    ]


def test_rewording_that_keeps_the_meaning_reports_nothing(tmp_path: Path) -> None:
    pairs = (
        (
            "We may use your content in accordance with this Agreement and as required by law.\n",
            "We may use your content consistent with this Agreement and as required by applicable law.\n",
        ),
        (
            "We may share your information with our service providers to operate the services.\n",
            "Your information may be shared with our service providers in order to operate our services.\n",
        ),
        (
            "We may collect and use your personal information to personalize your experience.\n",
            "We may use your personal information so that we can personalize your experience.\n",
        ),
    )
    for old, new in pairs:
        assert diff_meaning(_doc(tmp_path, "old", old), _doc(tmp_path, "new", new)) == (), (old, new)


def test_a_grant_split_across_clauses_reports_nothing(tmp_path: Path) -> None:
    changes = _diff(
        tmp_path,
        "We may use your personal information to provide the services and for advertising.\n",
        "We may use your personal information to provide the services.\n\n"
        "## 3. Advertising\n\nWe may also use your personal information for advertising.\n",
    )
    assert changes == ()


def test_a_grant_split_into_sections_reports_nothing_either_way(tmp_path: Path) -> None:
    one = "We may use your personal information to provide the services, for research and for advertising.\n"
    split = (
        "We provide the services you ask for.\n\n"
        "## 3. Research\n\nWe may use your personal information for research.\n\n"
        "## 4. Advertising\n\nWe may use your personal information for advertising.\n\n"
        "## 5. Operations\n\nWe may also use your personal information to provide the services.\n"
    )
    assert _diff(tmp_path, one, split) == ()
    assert _diff(tmp_path, split, one) == ()


def test_selling_is_more_than_sharing(tmp_path: Path) -> None:
    common = "We may share your personal information with advertisers.\n\n"
    changes = _diff(
        tmp_path, common, common + "## 4. Sales\n\nWe may sell your personal information to advertisers.\n"
    )
    assert _typed(changes) == [(ChangeType.RIGHT_WIDENED, Action.SHARE)]


_PURPOSES = (
    "to provide the services",
    "for advertising",
    "for research",
    "to personalize your experience",
    "for safety and security",
    "to communicate with you",
)
_RECIPIENTS = ("our affiliates", "our service providers", "advertisers", "law enforcement")


def _grant(purposes: list[str], recipients: list[str]) -> str:
    text = f"We may use your personal information {' and '.join(purposes)}.\n"
    if recipients:
        text += f"\nWe may share your personal information with {' and '.join(recipients)}.\n"
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    purposes=st.lists(st.sampled_from(_PURPOSES), min_size=1, max_size=4, unique=True),
    more=st.sampled_from(_PURPOSES),
    recipients=st.lists(st.sampled_from(_RECIPIENTS), max_size=3, unique=True),
)
def test_widening_and_narrowing_mirror_and_identical_versions_say_nothing(
    tmp_path: Path, purposes: list[str], more: str, recipients: list[str]
) -> None:
    base = _grant(purposes, recipients)
    assert diff_meaning(_doc(tmp_path, "a", base), _doc(tmp_path, "b", base)) == ()
    if more in purposes:
        return
    wider = _grant([*purposes, more], recipients)
    forward = _diff(tmp_path, base, wider)
    backward = _diff(tmp_path, wider, base)
    assert _typed(forward) == [(ChangeType.RIGHT_WIDENED, Action.USE)]
    assert _typed(backward) == [(ChangeType.RIGHT_NARROWED, Action.USE)]
    assert _diff(tmp_path, base, wider) == forward  # the same pair gives the same list


def test_a_new_grant_names_what_the_old_version_granted_nowhere(tmp_path: Path) -> None:
    changes = _diff(
        tmp_path,
        "We may use your personal information to provide the services.\n",
        "We may use your personal information to provide the services.\n\n"
        "## 3. Research\n\nWe may use your personal information to provide the services and for research.\n",
    )
    assert _typed(changes) == [(ChangeType.RIGHT_WIDENED, Action.USE)]
    assert changes[0].detail.endswith("purposes the other version lacks: research")
