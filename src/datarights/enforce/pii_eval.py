"""Measure de-identification on a generated, labelled PII set (Faker, fixed seed).

Each sample is a sentence with zero to three PII values of the kinds we claim to catch, at known
offsets; about a third carry only look-alikes (dates, amounts, order numbers, versions, times).
Precision and recall are per span: a predicted span counts when it overlaps a labelled span of the
same kind. `leaked` counts labelled values that no prediction of any kind covers entirely, which is
what would remain readable after anonymisation: the residual-risk figure in every manifest.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from datarights.enforce.deidentify import NOT_DETECTED, Deidentifier
from datarights.policy.model import PiiKind

DEFAULT_SAMPLES = 600
DEFAULT_SEED = 20261207


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    spans: tuple[tuple[int, int, PiiKind], ...]


def _value(fake: Any, kind: PiiKind, rng: random.Random) -> str:
    if kind is PiiKind.EMAIL_ADDRESS:
        return str(fake.email())
    if kind is PiiKind.PHONE_NUMBER:
        return str(fake.phone_number())
    if kind is PiiKind.CREDIT_CARD:
        return str(fake.credit_card_number())
    if kind is PiiKind.US_SSN:
        return str(fake.ssn())
    if kind is PiiKind.IP_ADDRESS:
        return str(fake.ipv4() if rng.random() < 0.7 else fake.ipv6())
    if kind is PiiKind.IBAN_CODE:
        return str(fake.iban())
    return str(fake.url())


_LEADS = {
    PiiKind.EMAIL_ADDRESS: ("write to", "my email is", "cc"),
    PiiKind.PHONE_NUMBER: ("call me on", "phone:", "reach me at"),
    PiiKind.CREDIT_CARD: ("card number", "charged to", "paid with"),
    PiiKind.US_SSN: ("SSN", "social security number", "ssn:"),
    PiiKind.IP_ADDRESS: ("from IP", "logged in from", "host"),
    PiiKind.IBAN_CODE: ("IBAN", "transfer to", "account"),
    PiiKind.URL: ("see", "profile at", "link:"),
}


def _look_alike(fake: Any, rng: random.Random) -> str:
    choices = (
        lambda: fake.date(),
        lambda: f"${rng.randint(1, 99_999):,}.{rng.randint(0, 99):02d}",
        lambda: f"order #{rng.randint(10_000, 9_999_999)}",
        lambda: f"v{rng.randint(0, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 50)}",
        lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        lambda: f"{rng.randint(1, 100)}%",
        lambda: f"room {rng.randint(100, 999)}",
    )
    return rng.choice(choices)()


def generate(samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED) -> list[Labelled]:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    kinds = tuple(PiiKind)
    out: list[Labelled] = []
    for _ in range(samples):
        parts: list[str] = [fake.sentence(nb_words=rng.randint(4, 10)).rstrip(".")]
        spans: list[tuple[int, int, PiiKind]] = []
        count = 0 if rng.random() < 0.33 else rng.randint(1, 3)
        for _ in range(count):
            kind = rng.choice(kinds)
            value = _value(fake, kind, rng)
            prefix = " ".join(parts) + f" {rng.choice(_LEADS[kind])} "
            spans.append((len(prefix), len(prefix) + len(value), kind))
            parts = [prefix + value, fake.sentence(nb_words=rng.randint(2, 6)).rstrip(".").lower()]
        parts.append(f"({_look_alike(fake, rng)})")
        out.append(Labelled(" ".join(parts) + ".", tuple(spans)))
    return out


@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    labelled: int
    predicted: int
    true_positives: int
    found: int  # labelled spans with an overlapping prediction of the same kind

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0


@dataclass(frozen=True)
class Quality:
    samples: int
    seed: int
    kinds: tuple[KindScore, ...]
    leaked: int  # labelled values left at least partly uncovered by any prediction
    labelled: int

    def as_dict(self) -> dict[str, Any]:
        predicted = sum(k.predicted for k in self.kinds)
        tp = sum(k.true_positives for k in self.kinds)
        found = sum(k.found for k in self.kinds)
        return {
            "method": "Faker-generated labelled PII set, span overlap with the same kind",
            "samples": self.samples,
            "seed": self.seed,
            "labelled_spans": self.labelled,
            "precision": round(tp / predicted, 4) if predicted else 1.0,
            "recall": round(found / self.labelled, 4) if self.labelled else 1.0,
            "per_kind": {
                k.kind: {
                    "labelled": k.labelled,
                    "predicted": k.predicted,
                    "precision": round(k.precision, 4),
                    "recall": round(k.recall, 4),
                }
                for k in self.kinds
            },
            "residual_risk": {
                "leaked_values": self.leaked,
                "leak_rate": round(self.leaked / self.labelled, 4) if self.labelled else 0.0,
                "meaning": "share of labelled PII values a de-identified record would still show, "
                "at least in part, for the kinds detected",
                "not_detected_kinds": list(NOT_DETECTED),
            },
        }


def measure(deidentifier: Deidentifier, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED) -> Quality:
    data = generate(samples, seed)
    stats: dict[str, list[int]] = {k.value: [0, 0, 0, 0] for k in PiiKind}  # labelled, predicted, tp, found
    leaked = 0
    for sample in data:
        predicted = [(r.start, r.end, r.entity_type) for r in deidentifier.analyze(sample.text)]
        for start, end, kind in predicted:
            if kind in stats:
                stats[kind][1] += 1
                if any(s < end and start < e and k.value == kind for s, e, k in sample.spans):
                    stats[kind][2] += 1
        for s, e, k in sample.spans:
            stats[k.value][0] += 1
            if any(start < e and s < end and kind == k.value for start, end, kind in predicted):
                stats[k.value][3] += 1
            covered: set[int] = set()
            for start, end, _kind in predicted:
                covered.update(range(max(s, start), min(e, end)))
            if len(covered) < e - s:
                leaked += 1
    kinds = tuple(KindScore(kind, *values) for kind, values in stats.items())
    return Quality(samples, seed, kinds, leaked, sum(k.labelled for k in kinds))
