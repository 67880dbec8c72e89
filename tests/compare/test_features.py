"""What clauses cover, read from their words: user classes, models, data, exceptions, periods."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from datarights.compare.features import coverage, days_text


@pytest.mark.parametrize(
    ("text", "users"),
    [
        ("We train on content from free, Pro and Student users.", {"free", "pro", "student"}),
        ("Enterprise customers are excluded.", {"enterprise"}),
        ("We train on content from all users, including free users.", set()),
        ("We train on your content.", set()),
        ("Free trial ends after 14 days.", set()),  # "free trial" names no class of users
    ],
)
def test_user_classes(text: str, users: set[str]) -> None:
    assert coverage(text).users == users


def test_models_data_and_exceptions() -> None:
    found = coverage(
        "We use audio, video and chat to train our preview models and third-party models, except inputs to Atlas."
    )
    assert found.models == {"preview", "third party"}
    assert {"audio", "video", "chat"} <= found.data
    assert found.exceptions == {"inputs to atlas"}
    assert coverage("We will not train on it unless you opt in.").exceptions == frozenset()  # a condition


@given(st.integers(min_value=1, max_value=400), st.sampled_from(["day", "week", "month", "year"]))
def test_periods_read_in_days(n: int, unit: str) -> None:
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
    assert coverage(f"We keep logs for up to {n} {unit}{'s' if n > 1 else ''}.").period_days == days
    assert coverage(f"We keep logs for thirty ({n}) {unit}s.").period_days == days  # the digits decide


def test_open_ended_and_longest_period() -> None:
    assert coverage("We keep it for the duration of your account.").period_days == math.inf
    assert coverage("We keep it as long as necessary, and logs for 30 days.").period_days == math.inf
    assert coverage("Logs for 30 days, backups for 2 years.").period_days == 730
    assert coverage("You own your content.").period_days is None
    assert [days_text(d) for d in (None, math.inf, 30, 90, 365, 730, 10)] == [
        "no period",
        "open-ended",
        "1 month",
        "3 months",
        "1 year",
        "2 years",
        "10 days",
    ]
