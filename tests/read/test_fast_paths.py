"""Fast paths in the readers and their shared vocabulary give what the plain code gave: each is checked
against the plain version, written out here, over generated clauses built from the words that matter."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.read import access, gate, retention
from datarights.read.model import GENERAL, Scope, ScopeKind
from datarights.read.patterns import ASCII_LOWER
from datarights.read.view import mentions_strict_content
from datarights.read.vocab import negation, scope
from datarights.read.vocab.data import may_mention_strict_content
from datarights.read.vocab.negation import CONDITION_CLAUSE, NEGATED_USE, NEGATION_LITERALS, negated_before

# Negations, verbs they govern, clause boundaries, conditions, and the letters that fold to ASCII.
_WORDS = (
    "not",
    "Not",
    "NOT",
    "never",
    "no",
    "nor",
    "cannot",
    "can't",
    "won’t",
    "longer",
    "use",
    "used",
    "train",
    "delete",
    "retain",
    "will",
    "be",
    "we",
    "you",
    "content",
    "if",
    "when",
    "even",
    "whether",
    "or",
    "but",
    "however",
    "except",
    "unless",
    "other than",
    "provided that",
    "notice",
    "know",
    "ſ",
    "\u212a",
    ",",
    ";",
    ":",
    ".",
)
_SEPARATORS = st.sampled_from([" ", "  ", "\n", ", "])


def _plain_negated_before(text: str, position: int, window: int = 90) -> bool:
    head = text[max(0, position - window) : position]
    head = negation._CLAUSE_BOUNDARY.split(head)[-1]
    head = CONDITION_CLAUSE.sub(" ", head)
    return bool(NEGATED_USE.search(head) or NEGATED_USE.search(text[position : position + 30]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), _SEPARATORS, st.data())
def test_negated_before_reads_as_the_plain_search(words: list[str], sep: str, data: st.DataObject) -> None:
    text = sep.join(words)
    position = data.draw(st.integers(0, len(text)))
    window = data.draw(st.sampled_from([35, 40, 60, 90]))
    assert negated_before(text, position, window) == _plain_negated_before(text, position, window)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30), _SEPARATORS)
def test_a_text_without_a_negation_literal_holds_no_negated_use(words: list[str], sep: str) -> None:
    lowered = sep.join(words).translate(ASCII_LOWER)
    if not any(literal in lowered for literal in NEGATION_LITERALS):
        assert NEGATED_USE.search(lowered) is None


_MODERATION_WORDS = (
    "violation",
    "infringing",
    "abuse",
    "misuse",
    "dmca",
    "counter",
    "notice",
    "notices",
    "-",
    "takedown",
    "to",
    "for",
    "monitor",
    "detect",
    "prevent",
    "we",
    "may",
    "remove",
    "content",
    "unless",
    "except",
    "provided that",
    "other than",
    "fraud",
    ",",
    ".",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MODERATION_WORDS), max_size=30), _SEPARATORS)
def test_moderation_is_read_before_the_exception_as_the_plain_search(words: list[str], sep: str) -> None:
    text = sep.join(words)
    rule = retention._EXCEPTION_WORD.split(text, 1)[0]
    plain = bool(retention._MODERATION.search(retention._ABUSE_MONITORING_PURPOSE.sub(" ", rule)))
    fast = bool(
        gate.search(retention._MODERATION, text)
        and gate.search(
            retention._MODERATION,
            gate.sub(
                retention._ABUSE_MONITORING_PURPOSE, " ", gate.split(retention._EXCEPTION_WORD, text, 1)[0]
            ),
        )
    )
    assert fast == plain


# Content words, their neighbours that are not content words, and defined-term look-alikes.
_CONTENT_WORDS = (
    "customer",
    "customers",
    "user",
    "end",
    "your",
    "client",
    "business",
    "controller",
    "personal",
    "data",
    "information",
    "materials",
    "documents",
    "content",
    "contents",
    "inputs",
    "output",
    "prompt",
    "completions",
    "conversation",
    "chat",
    "history",
    "messages",
    "file",
    "filesystem",
    "uploads",
    "submission",
    "interactions",
    "recordings",
    "transcript",
    "activity",
    "logs",
    "login",
    "posts",
    "posted",
    "service",
    "the",
    "workspace data",
    "ſ",
    "İ",
    "-",
    ".",
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_CONTENT_WORDS), max_size=25),
    st.sets(st.sampled_from(["workspace data", "service", "materials"]), max_size=2),
    st.sampled_from([" ", "\n", "", "  "]),
)
def test_a_text_without_a_content_literal_or_term_mentions_no_strict_content(
    words: list[str], terms: set[str], sep: str
) -> None:
    text = sep.join(words)
    view = _TermsView(frozenset(terms))
    if not may_mention_strict_content(text.lower(), view.content_terms):
        assert not mentions_strict_content(view, text)  # type: ignore[arg-type]


class _TermsView:
    """The little of a view `mentions_strict_content` reads: its defined content terms, and a memo."""

    def __init__(self, terms: frozenset[str]) -> None:
        self.content_terms = terms
        self.__dict__["_memo"] = {}

    def memo(self, key: str, compute: Callable[[], object]) -> object:
        memo: dict[str, object] = self.__dict__["_memo"]
        if key not in memo:
            memo[key] = compute()
        return memo[key]


# Every way `PERSONNEL_ACCESS` names people, in every kind of sentence it reads.
_PEOPLE_PHRASES = (
    "support team",
    "safety and security teams",
    "review team",
    "employees",
    "workforce",
    "workforce members",
    "fact-checkers",
    "factchecker",
    "support engineers",
    "support agents",
    "support specialists",
    "engineers",
    "analysts",
    "personnel",
    "staff",
    "contractors",
    "team members",
    "workers",
    "moderators",
    "reviewers",
    "annotators",
    "raters",
    "trust and safety team",
    "persons who are authorized",
    "individuals authorised",
    "people authorized",
    "authorized persons",
    "authorized users of acme",
    "agents",
)
_PEOPLE_SENTENCES = (
    "our {} review the content.",
    "your content may be viewed by our {}.",
    "access to your data to our {} is limited.",
    "{} who handle customer data are bound.",
    "{} respect the confidentiality of the customer data.",
    "{} comply with this dpa.",
    "{} are trained on the data processing addendum.",
    "{} authorized to process the data.",
    "teams that work to combat abuse review it.",
    "the {} and the facilities.",
)


def test_personnel_access_is_searched_wherever_it_can_match() -> None:
    matched = 0
    for people in _PEOPLE_PHRASES:
        for sentence in _PEOPLE_SENTENCES:
            text = sentence.format(people)
            expected = access.PERSONNEL_ACCESS.search(text)
            found = access._personnel_access(text)
            assert (found and found.span()) == (expected and expected.span()), text
            matched += expected is not None
    assert matched > len(_PEOPLE_PHRASES) * 3  # the sentences do read as access by people


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from((*_PEOPLE_PHRASES, "access", "review", "data", "by", "the", ".")), max_size=12)
)
def test_personnel_access_in_any_order_of_words(words: list[str]) -> None:
    text = " ".join(words)
    expected = access.PERSONNEL_ACCESS.search(text)
    found = access._personnel_access(text)
    assert (found and found.span()) == (expected and expected.span())


# Every way `_FEATURE` names a feature or connected service, in sentences and as a heading.
_FEATURE_PHRASES = (
    "connected accounts",
    "linked third-party apps",
    "integrated services",
    "synced sources",
    "emails that you connect",
    "inbox users link",
    "calendars you sync",
    "contacts you integrate",
    "drives users connected",
    "google workspace user data",
    "google data",
    "information obtained from google",
    "data accessed via third party",
    "data retrieved through third-party",
    "google apis",
    "gmail",
    "integrations with slack",
    "third party integration",
    "temporary chats",
    "incognito mode",
    "ephemeral sessions",
    "zero data retention",
    "the smart compose feature",
    "this calendar add-on",
    "our calendar addon",
    "the slack connector",
    "our browser extension",
    "this chrome plug-in",
    "the plugin",
    "the chat history feature",
    "\u212aeep linked accounts",
    "lin\u212aed accounts",
    "ſynced apps",
)


def test_a_feature_is_searched_wherever_it_can_match() -> None:
    matched = 0
    for phrase in _FEATURE_PHRASES:
        for sentence in ("we do not use {} to train models.", "{}", "content from {}, if any."):
            text = sentence.format(phrase).translate(ASCII_LOWER)
            expected = scope._FEATURE.search(text)
            found = scope._feature(text)
            assert (found and found.span()) == (expected and expected.span()), text
            matched += expected is not None
    assert matched > len(_FEATURE_PHRASES) * 2  # the phrases do name features


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from((*_FEATURE_PHRASES, "the", "data", "our", "you", "content", ".")), max_size=10)
)
def test_scope_of_reads_as_the_plain_feature_search(words: list[str]) -> None:
    text = " ".join(words)
    found = scope.scope_of(text, "", "Acme Terms")
    plain = scope._FEATURE.search(text)
    if plain is not None:
        assert found == Scope(ScopeKind.FEATURE, text[plain.start() : plain.end()])
    else:
        assert found.kind is not ScopeKind.FEATURE or scope._OTHERS_MODELS.search(text)


# Every way `SUPPORT_STAFF` names support staff or vendors acting for the provider.
_SUPPORT_SENTENCES = (
    "our service providers may access your information.",
    "vendors accessing, storing data.",
    "contractors who access the content.",
    "these parties access personal data.",
    "such providers access information.",
    "our affiliates may access the data.",
    "companies within the meta family of companies access information.",
    "the content you share will be visible to us.",
    "it is visible to whatsapp and our users.",
    "we record the content of customer support calls.",
    "we also record sales calls.",
    "our support team helps.",
    "support staff",
    "support agents",
    "support representatives",
    "support engineers",
    "support specialists",
    "our representatives",
    "contact our customer support.",
    "reach out to support.",
    "request support.",
    "seek support.",
    "this permits our service providers to assist us.",
    "it allows our contractors to help.",
    "enables our vendors to assist.",
)


def test_support_staff_is_searched_wherever_it_can_match() -> None:
    matched = 0
    for sentence in _SUPPORT_SENTENCES:
        for text in (sentence, "if you want, " + sentence + " and more."):
            expected = access.SUPPORT_STAFF.search(text)
            found = access._support_staff(text)
            assert (found and found.span()) == (expected and expected.span()), text
            matched += expected is not None
    assert matched == 2 * len(_SUPPORT_SENTENCES)  # every sentence does name them


_REGIONS = (
    "EEA",
    "EU",
    "European Economic Area",
    "European Union",
    "UK",
    "United Kingdom",
    "Switzerland",
    "California",
    "Brazil",
    "South Korea",
    "Japan",
    "Canada",
    "South \u212aorea",
)
_REGIONAL_PEOPLE = (
    "EEA users",
    "EU consumers",
    "European residents",
    "UK customers",
    "British individuals",
    "Swiss users",
    "Brazilian consumers",
    "Korean residents",
    "Japanese customers",
    "Californian individuals",
    "Canadian users",
    "ſwiss users",
)


def test_an_audience_is_searched_wherever_one_can_match() -> None:
    texts = [
        f"for {who} {how}in the {where}, notice is 30 days."
        for who in ("users", "you", "people")
        for how in ("", "located ", "who live ")
        for where in _REGIONS
    ]
    texts += [f"for {who}, notice is 30 days." for who in _REGIONAL_PEOPLE]
    matched = 0
    for text in texts:
        lowered = text.translate(ASCII_LOWER)
        plain = scope._AUDIENCE.search(lowered) or scope._REGIONAL_AUDIENCE.search(lowered)
        expected = Scope(ScopeKind.AUDIENCE, text[plain.start() : plain.end()]) if plain else GENERAL
        assert scope.audience_of(text) == expected, text
        assert (scope.first_audiences(text) != (None, None)) == (plain is not None), text
        matched += plain is not None
    assert matched == len(texts)  # every sentence does name an audience
    assert scope.audience_of("for our users, notice is 30 days.") == GENERAL
