"""Scope words (read/vocab/scope.py), searched lower-cased, are quoted as the statement wrote them."""

from __future__ import annotations

from datarights.read.model import GENERAL, Scope, ScopeKind
from datarights.read.vocab.scope import audience_of, first_audiences, scope_of


def test_scope_words_keep_the_statement_s_own_case() -> None:
    assert scope_of("Data from Connected Accounts is never used.", "", "Acme Terms") == Scope(
        ScopeKind.FEATURE, "Connected Accounts"
    )
    assert scope_of("We do not train on Enterprise Customers' data.", "", "Acme Terms") == Scope(
        ScopeKind.PLAN, "Enterprise Customers"
    )
    assert scope_of("This applies to Users in the EEA.", "", "Acme Terms") == Scope(
        ScopeKind.AUDIENCE, "Users in the EEA"
    )
    assert scope_of("We never train on your content.", "", "Acme Terms") == GENERAL


def test_a_plan_the_document_is_for_does_not_narrow_it() -> None:
    assert scope_of("Enterprise Customers' data is not used.", "", "Acme Enterprise Terms") == GENERAL


def test_audiences_are_found_where_the_text_names_them() -> None:
    text = "For EEA Users the notice period is 30 days."
    assert audience_of(text) == Scope(ScopeKind.AUDIENCE, "EEA Users")
    assert first_audiences(text) == (None, (Scope(ScopeKind.AUDIENCE, "EEA Users"), 4, 13))
