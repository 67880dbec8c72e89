from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from datarights.evaluate import evidence_found, normalise_words


def test_markup_and_spacing_are_ignored() -> None:
    quote = 'may use <span class="x">Customer</span> Content to **train** models'
    assert evidence_found(quote, ["Provider may use Customer Content to train models that it offers."])


def test_a_different_clause_is_not_found() -> None:
    assert not evidence_found(
        "We will not use Customer Content to train models.", ["Fees are due in 30 days."]
    )


@given(
    st.lists(
        st.sampled_from(["we", "may", "use", "content", "train", "models", "data"]), min_size=1, max_size=12
    )
)
def test_a_quote_is_always_found_in_itself(words: list[str]) -> None:
    quote = " ".join(words)
    assert evidence_found(quote, [f"Preamble. {quote}. Trailer."])
    assert normalise_words(f"**{quote}**") == words
