"""De-identification of text fields with Microsoft Presidio, fast enough for a gate.

- **No model download.** Presidio's analyzer needs a spaCy pipeline; we save a *blank* English
  pipeline (tokenizer only) to a temporary folder and point Presidio at that path. Only
  pattern recognizers run, so what needs a statistical model is **not** caught: names (PERSON),
  places (LOCATION, GPE), organisations, nationalities (NRP) and free-form dates. Those are listed
  in every manifest's residual-risk block.
- **Recognizers.** Presidio's e-mail, credit card (Luhn-checked), US SSN, IP, IBAN (checksummed)
  and URL recognizers, plus our own phone pattern in place of `PhoneRecognizer`, which calls the
  `phonenumbers` parser on every candidate and was the slowest part (see benchmarks/gate.py).
- **Speed.** A prefilter (one pyarrow regex over the whole column) skips text that cannot hold
  any of these kinds (no digit, no "@", no dotted host name); the rest of one customer's texts are
  joined with a private-use separator and analysed and anonymised in one Presidio call.
- **Operators.** `redact`, `replace` (`<EMAIL_ADDRESS>`), or `pseudonymize`: a keyed HMAC-SHA256
  of the value, with a key derived per customer from the run's secret, so a value maps to the same
  pseudonym across runs for one customer and to unrelated pseudonyms across customers.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from datarights.errors import ConfigError
from datarights.policy.model import Operator, PiiKind

log = logging.getLogger(__name__)

SEPARATOR = "\n\ue000\n"  # private-use character: cannot come from a recognizer match
CHUNK = 64  # texts analysed per Presidio call
SCORE_THRESHOLD = 0.3  # drops Presidio's "very weak" SSN patterns (bare 9-digit and 5-4 numbers)
NOT_DETECTED = ("PERSON", "LOCATION", "ORGANIZATION", "NRP", "DATE_TIME")  # need a statistical model
# Text that holds none of these cannot hold any kind we detect (digits of any script: phone, card,
# SSN, IP, IBAN; "@": e-mail; a dotted host name or "://": URL; ":" + hex: IPv6).
PREFILTER = r"[\p{Nd}@]|://|[A-Za-z0-9-]\.[A-Za-z]{2,}|:[0-9A-Fa-f]"
UNICODE_DIGIT = re.compile(r"\d")  # str patterns: every decimal digit, of any script

PHONE_PATTERN = (
    r"(?<![\w+])(?:\+?1[-. ]?|001[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}"
    r"(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\d)"
    r"|(?<![\w+.-])[2-9]\d{9}(?![\w.-])"
)


SCHEME_URL = r"(?i)\bhttps?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]"
CARD_PATTERN = r"(?<![\w-])(?:\d[- ]?){11,18}\d(?![\w-])"


def _no_context_enhancer() -> Any:
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

    class NoContext(ContextAwareEnhancer):  # type: ignore[misc]
        """A blank pipeline has no lemmas, so context words cannot be found; Presidio's lemma
        enhancer would only rescan every token around every match (most of its run time)."""

        def __init__(self) -> None:
            super().__init__(0.0, 0.0, 0, 0)

        def enhance_using_context(
            self, text: str, raw_results: Any, nlp_artifacts: Any, recognizers: Any, context: Any = None
        ) -> Any:
            return raw_results

    return NoContext()


def _offline_email() -> Any:
    """Presidio's e-mail recognizer checks the domain with `tldextract`, which downloads the public
    suffix list on first use; this one uses the snapshot tldextract ships, never the network."""
    import tldextract
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):  # type: ignore[misc]
        def validate_result(self, pattern_text: str) -> bool:
            return bool(extract(pattern_text).fqdn)

    return OfflineEmailRecognizer()


def _pseudonym(key: bytes, kind: str) -> Callable[[str], str]:
    def apply(value: str) -> str:
        digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
        return f"<{kind}:{digest}>"

    return apply


def customer_key(secret: bytes, customer: str) -> bytes:
    """The per-customer pseudonym key: HMAC(secret, customer)."""
    return hmac.new(secret, b"datarights-pseudonym\x00" + customer.encode("utf-8"), hashlib.sha256).digest()


@dataclass
class DeidStats:
    texts: int = 0  # text values of records that needed de-identification
    scanned: int = 0  # of which passed the prefilter and went to Presidio
    spans: dict[str, int] = field(default_factory=dict)  # replaced spans per kind

    def add(self, other: DeidStats) -> None:
        self.texts += other.texts
        self.scanned += other.scanned
        for kind, count in other.spans.items():
            self.spans[kind] = self.spans.get(kind, 0) + count


class Deidentifier:
    """Presidio analyzer + anonymizer over a blank spaCy pipeline (built once per process)."""

    def __init__(self, secret: bytes | None = None, kinds: Sequence[PiiKind] = tuple(PiiKind)) -> None:
        import spacy
        from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngineProvider
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            IbanRecognizer,
            IpRecognizer,
            UrlRecognizer,
            UsSsnRecognizer,
        )
        from presidio_anonymizer import AnonymizerEngine

        self.secret = secret
        self.kinds = tuple(kinds)
        self._folder = tempfile.TemporaryDirectory(prefix="datarights-spacy-")
        blank = Path(self._folder.name) / "en_blank"
        spacy.blank("en").to_disk(blank)
        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": str(blank)}],
            }
        )
        phone = PatternRecognizer(
            supported_entity=PiiKind.PHONE_NUMBER.value,
            patterns=[Pattern("NANP phone", PHONE_PATTERN, 0.6)],
            name="DatarightsPhoneRecognizer",
        )
        recognizers: list[Any] = [
            _offline_email(),
            # Presidio's pattern misses 2-series Mastercard, 12-digit Maestro, 19-digit Visa and
            # 15-digit JCB; any 12-19 digit run that passes the Luhn check is added.
            CreditCardRecognizer(
                patterns=[*CreditCardRecognizer.PATTERNS, Pattern("card 12-19 digits", CARD_PATTERN, 0.3)]
            ),
            UsSsnRecognizer(),
            IpRecognizer(),
            IbanRecognizer(),
            # Presidio's host pattern has a closed TLD list (no .biz: it stops at ".bi"); a URL with
            # a scheme is taken whole.
            UrlRecognizer(patterns=[*UrlRecognizer.PATTERNS, Pattern("URL with scheme", SCHEME_URL, 0.6)]),
            phone,
        ]
        registry = RecognizerRegistry(
            recognizers=[r for r in recognizers if set(r.supported_entities) & {k.value for k in self.kinds}]
        )
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=provider.create_engine(),
            supported_languages=["en"],
            context_aware_enhancer=_no_context_enhancer(),
        )
        self.anonymizer = AnonymizerEngine()  # type: ignore[no-untyped-call]
        self._entities = [k.value for k in self.kinds]
        # Pattern recognizers read no tokens and context enhancement is off, so Presidio gets
        # empty NLP artifacts instead of tokenising every text (a third of the run time).
        self._artifacts = NlpArtifacts(
            entities=[],
            tokens=spacy.blank("en").make_doc(""),
            tokens_indices=[],
            lemmas=[],
            nlp_engine=self.analyzer.nlp_engine,
            language="en",
        )

    def _operators(self, operator: Operator, customer: str) -> dict[str, Any]:
        from presidio_anonymizer.entities import OperatorConfig

        if operator is Operator.REDACT:
            return {"DEFAULT": OperatorConfig("redact", {})}
        if operator is Operator.REPLACE:
            return {k: OperatorConfig("replace", {"new_value": f"<{k}>"}) for k in self._entities} | {
                "DEFAULT": OperatorConfig("replace", {"new_value": "<PII>"})
            }
        if self.secret is None:
            raise ConfigError(
                "pseudonymize needs a secret: set DATARIGHTS_PSEUDONYM_KEY or give --pseudonym-key-file"
            )
        key = customer_key(self.secret, customer)
        return {k: OperatorConfig("custom", {"lambda": _pseudonym(key, k)}) for k in self._entities} | {
            "DEFAULT": OperatorConfig("custom", {"lambda": _pseudonym(key, "PII")})
        }

    def analyze(self, text: str) -> list[Any]:
        """Presidio's results, without spans lying inside a longer one (the host of an e-mail
        address is not a second finding). Digits of other scripts are read as ASCII digits (one
        character for one, so the spans hold for the original text): the recognizers' patterns and
        checksums only know 0-9, and "٥٥٥-١٢٣-٤٥٦٧" is as much a phone number as "555-123-4567"."""
        results = sorted(
            self.analyzer.analyze(
                text=ascii_digits(text),
                language="en",
                entities=self._entities,
                score_threshold=SCORE_THRESHOLD,
                nlp_artifacts=self._artifacts,
            ),
            key=lambda r: (r.start, -(r.end - r.start), -r.score),
        )
        kept: list[Any] = []
        for result in results:
            if kept and result.end <= kept[-1].end:
                continue
            kept.append(result)
        return kept

    def _one(self, text: str, operators: dict[str, Any], stats: DeidStats) -> str:
        results = self.analyze(text)
        for r in results:
            stats.spans[r.entity_type] = stats.spans.get(r.entity_type, 0) + 1
        if not results:
            return text
        return str(self.anonymizer.anonymize(text=text, analyzer_results=results, operators=operators).text)

    def texts(self, values: Sequence[str], customer: str, operator: Operator, stats: DeidStats) -> list[str]:
        """De-identified copies of `values` (all one customer's), analysed in one Presidio call."""
        operators = self._operators(operator, customer)
        if not values:
            return []
        if any(SEPARATOR in v for v in values):
            return [self._one(v, operators, stats) for v in values]
        joined = SEPARATOR.join(values)
        local = DeidStats()
        results = self.analyze(joined)
        out = (
            str(self.anonymizer.anonymize(text=joined, analyzer_results=results, operators=operators).text)
            if results
            else joined
        )
        pieces = out.split(SEPARATOR)
        if len(pieces) != len(values):  # a match crossed a separator: do them one by one
            return [self._one(v, operators, stats) for v in values]
        for r in results:
            local.spans[r.entity_type] = local.spans.get(r.entity_type, 0) + 1
        stats.add(local)
        return pieces

    def column(
        self, values: pa.Array, customers: Sequence[str], operator: Operator, stats: DeidStats
    ) -> pa.Array:
        """A text column de-identified row by row (`customers` aligned with it); rows the prefilter
        clears are kept as they are, nulls stay null."""
        text = values if pa.types.is_string(values.type) else pc.cast(values, pa.string())
        candidate = pc.match_substring_regex(text, PREFILTER).fill_null(False).to_pylist()
        out: list[str | None] = text.to_pylist()
        stats.texts += sum(v is not None for v in out)
        groups: dict[str, list[int]] = {}
        for i, is_candidate in enumerate(candidate):
            if is_candidate:
                groups.setdefault(customers[i], []).append(i)
        for customer, rows in groups.items():
            stats.scanned += len(rows)
            # Chunks keep Presidio's replacement bookkeeping (quadratic in spans per text) small.
            for start in range(0, len(rows), CHUNK):
                part = rows[start : start + CHUNK]
                cleaned = self.texts([out[i] or "" for i in part], customer, operator, stats)
                for i, value in zip(part, cleaned, strict=True):
                    out[i] = value
        return pa.array(out, pa.string())


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of another script replaced by its ASCII digit."""
    if text.isascii():
        return text
    return UNICODE_DIGIT.sub(lambda m: str(int(m.group())), text)


_SHARED: dict[bytes | None, Deidentifier] = {}


def shared_deidentifier(secret: bytes | None) -> Deidentifier:
    """One Deidentifier per process and secret (building Presidio takes about a second)."""
    if secret not in _SHARED:
        _SHARED[secret] = Deidentifier(secret)
    return _SHARED[secret]
