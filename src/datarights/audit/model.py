"""Typed values of the leakage audits: regurgitation matches, canaries and their exposure.

The JSON form of an `AuditReport` is `datarights.audit/1` (see `audit.schema.json`).
Canary secrets live only in a `CanaryManifest`; no report value carries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

AUDIT_SCHEMA = "datarights.audit/1"
MANIFEST_SCHEMA = "datarights.canaries/1"


class RecordStatus(StrEnum):
    """Whether a record was admitted to training or rejected by the gate (a leak of either is reported)."""

    ADMITTED = "admitted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Column names of a records file."""

    customer: str = "customer"
    text: str = "text"
    id: str = "id"


@dataclass(frozen=True, slots=True)
class OutputFields:
    """Field names of a model-outputs JSONL file (prompt/output pairs)."""

    output: str = "output"
    id: str = "id"


@dataclass(frozen=True, slots=True)
class RecordSource:
    path: str
    status: RecordStatus


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str
    sha256: str
    bytes: int
    status: RecordStatus | None = None


@dataclass(frozen=True, slots=True)
class PolicyRef:
    """The customer's data-use policy file the report cites (read as YAML, not interpreted)."""

    customer: str
    path: str
    sha256: str
    schema: str


@dataclass(frozen=True, slots=True)
class Match:
    """One model output that repeats a customer's record verbatim (after normalisation).

    Offsets are character offsets into the original output and record texts;
    `chars` is the length of the normalised common span (whitespace runs count as one).
    """

    output_id: str
    record_id: str
    record_status: RecordStatus
    chars: int
    output_start: int
    output_end: int
    record_start: int
    record_end: int
    excerpt: str  # the output around the span, with the span itself masked
    records_matched: int  # how many of this customer's records the output overlaps


@dataclass(frozen=True, slots=True)
class CustomerRegurgitation:
    customer: str
    records_admitted: int
    records_rejected: int
    matches: tuple[Match, ...]  # one per output (its longest span), longest first

    @property
    def outputs_with_match(self) -> int:
        return len(self.matches)

    @property
    def longest_span(self) -> int:
        return max((m.chars for m in self.matches), default=0)


@dataclass(frozen=True, slots=True)
class ScanStats:
    records: int
    record_bytes: int
    outputs: int
    output_bytes: int
    seconds: float
    passes: int  # passes over the records (one per outputs group that fits the index budget)

    @property
    def records_mb_per_second(self) -> float:
        return self.record_bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    @property
    def outputs_mb_per_second(self) -> float:
        return self.output_bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class ScanParameters:
    min_chars: int
    shingle_bytes: int
    stride: int
    normalisation: str


@dataclass(frozen=True, slots=True)
class RegurgitationResult:
    parameters: ScanParameters
    inputs: tuple[InputFile, ...]
    outputs_file: InputFile
    customers: tuple[CustomerRegurgitation, ...]
    stats: ScanStats


@dataclass(frozen=True, slots=True)
class CanaryFormat:
    """A canary is `template` with `{secret}` replaced by `length` symbols drawn uniformly from `alphabet`.

    `{customer}` in the template is replaced by the customer id, so candidates for one
    customer's canaries differ from them only in the secret.
    """

    template: str
    alphabet: str
    length: int

    @property
    def space_bits(self) -> float:
        """log2 of the number of possible secrets (|R| in Carlini et al.)."""
        import math

        return self.length * math.log2(len(self.alphabet))

    def render(self, customer: str, secret: str) -> str:
        return self.template.replace("{customer}", customer).replace("{secret}", secret)


@dataclass(frozen=True, slots=True)
class Canary:
    customer: str
    record_id: str
    secret: str
    text: str


@dataclass(frozen=True, slots=True)
class CanaryRecord:
    """A record to insert into a customer's stream (what `gate --canaries` writes)."""

    customer: str
    record_id: str
    text: str


@dataclass(frozen=True, slots=True)
class CanaryManifest:
    """Secret: the canaries and how they were drawn. Stored with owner-only permissions."""

    format: CanaryFormat
    randomness: str  # the generator the secrets came from, e.g. "secrets.SystemRandom (os.urandom)"
    created: str
    canaries: tuple[Canary, ...]


@dataclass(frozen=True, slots=True)
class CanaryExposure:
    record_id: str
    exposure: float  # bits, skew-normal extrapolation, capped at the format's space_bits
    exposure_rank: float  # bits, exact rank among the sampled candidates (≤ log2(samples + 1))
    rank: int  # 1 + sampled candidates scoring at least as high as the canary
    samples: int


@dataclass(frozen=True, slots=True)
class CustomerCanaries:
    customer: str
    canaries: tuple[CanaryExposure, ...]
    threshold: float

    @property
    def max_exposure(self) -> float:
        return max((c.exposure for c in self.canaries), default=0.0)

    @property
    def mean_exposure(self) -> float:
        return sum(c.exposure for c in self.canaries) / len(self.canaries) if self.canaries else 0.0

    @property
    def memorised(self) -> bool:
        return self.max_exposure >= self.threshold


@dataclass(frozen=True, slots=True)
class CanaryParameters:
    samples: int
    space_bits: float
    threshold: float
    method: str
    scorer: str
    manifest_sha256: str


@dataclass(frozen=True, slots=True)
class CanaryResult:
    parameters: CanaryParameters
    customers: tuple[CustomerCanaries, ...]
    seconds: float


@dataclass(frozen=True, slots=True)
class AuditReport:
    generated_at: str
    tool_version: str
    policies: tuple[PolicyRef, ...]
    regurgitation: RegurgitationResult | None = None
    canaries: CanaryResult | None = None
