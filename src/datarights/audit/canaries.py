"""Canaries: secret random records planted per customer, and their exposure in a trained model.

`plant_canaries` draws the secrets (from `secrets.SystemRandom` unless a generator is
given) and returns the records to insert plus the manifest that alone remembers them.
`audit_canaries` asks a scorer for the log-likelihood of each canary and of random
candidates of the same format, and turns the ranks into exposure (see `exposure.py`).

Candidates for one customer share the canaries' text except the secret, so one sample
per customer serves all of its canaries. Secrets never reach the log or a report; only
record ids do.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import secrets
import shlex
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from datarights.audit.exposure import extrapolated_exposure, rank_exposure, rank_of
from datarights.audit.model import (
    MANIFEST_SCHEMA,
    Canary,
    CanaryExposure,
    CanaryFormat,
    CanaryManifest,
    CanaryParameters,
    CanaryRecord,
    CanaryResult,
    CustomerCanaries,
)
from datarights.enforce.readers import file_sha256
from datarights.errors import ConfigError, RecordsUnreadable, ScorerFailed

log = logging.getLogger(__name__)

# 16^5 = 2^20 possible secrets: the space the Secret Sharer's exposure figures are usually quoted for.
DEFAULT_FORMAT = CanaryFormat(
    template="Account {customer} recovery phrase: {secret}. Keep this note private.",
    alphabet="0123456789abcdef",
    length=5,
)
DEFAULT_THRESHOLD = 10.0  # bits: a random canary reaches it with probability 2^-10

Scorer = Callable[[Sequence[str]], np.ndarray[Any, np.dtype[np.float64]]]


def check_format(fmt: CanaryFormat) -> None:
    if "{secret}" not in fmt.template:
        raise ConfigError("canary template must contain {secret}")
    if "\n" in fmt.template or "\r" in fmt.template:
        raise ConfigError("canary template must be one line (scorers read one text per line)")
    if len(set(fmt.alphabet)) != len(fmt.alphabet) or len(fmt.alphabet) < 2:
        raise ConfigError("canary alphabet must have at least two distinct symbols")
    if fmt.length < 1:
        raise ConfigError("canary secret length must be at least 1")


def _randomness(rng: random.Random) -> str:
    if isinstance(rng, random.SystemRandom):
        return "secrets.SystemRandom (os.urandom)"
    return f"{type(rng).__module__}.{type(rng).__qualname__} (seeded: for tests, not for production)"


def plant_canaries(
    customers: Sequence[str], n: int, rng: random.Random | None = None, fmt: CanaryFormat = DEFAULT_FORMAT
) -> tuple[list[CanaryRecord], CanaryManifest]:
    """`n` canaries per customer: the records to insert and the (secret) manifest that lists them."""
    check_format(fmt)
    if n < 0:
        raise ConfigError(f"canaries per customer must be at least 0 (got {n})")
    generator = rng if rng is not None else secrets.SystemRandom()
    canaries: list[Canary] = []
    used: set[tuple[str, str]] = set()
    for customer in customers:
        for _ in range(n):
            while True:
                secret = "".join(generator.choice(fmt.alphabet) for _ in range(fmt.length))
                if (customer, secret) not in used:
                    break
            used.add((customer, secret))
            # Numeric ids like ordinary ones, so a pipeline cannot tell canaries apart by their id.
            record_id = str(generator.randrange(10**14, 10**15))
            canaries.append(Canary(customer, record_id, secret, fmt.render(customer, secret)))
    manifest = CanaryManifest(
        format=fmt,
        randomness=_randomness(generator),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        canaries=tuple(canaries),
    )
    return [CanaryRecord(c.customer, c.record_id, c.text) for c in canaries], manifest


def manifest_json(manifest: CanaryManifest) -> dict[str, Any]:
    return {
        "schema": MANIFEST_SCHEMA,
        "created": manifest.created,
        "randomness": manifest.randomness,
        "format": {
            "template": manifest.format.template,
            "alphabet": manifest.format.alphabet,
            "length": manifest.format.length,
            "space_bits": round(manifest.format.space_bits, 4),
        },
        "canaries": [
            {"customer": c.customer, "record_id": c.record_id, "secret": c.secret, "text": c.text}
            for c in manifest.canaries
        ],
    }


def write_manifest(manifest: CanaryManifest, path: Path) -> None:
    """Write the manifest readable by its owner only: it holds the secrets."""
    payload = json.dumps(manifest_json(manifest), indent=2, ensure_ascii=False) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(payload)
    os.chmod(path, 0o600)


def load_manifest(path: Path) -> CanaryManifest:
    """Read and check a manifest; errors name the file and the field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise RecordsUnreadable("canary manifest not found", path=path) from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RecordsUnreadable(f"canary manifest is not JSON: {error}", path=path) from error
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        raise RecordsUnreadable(f"not a canary manifest (schema must be {MANIFEST_SCHEMA!r})", path=path)
    try:
        raw = data["format"]
        fmt = CanaryFormat(str(raw["template"]), str(raw["alphabet"]), int(raw["length"]))
        check_format(fmt)
        canaries = []
        for number, item in enumerate(data["canaries"]):
            canary = Canary(
                str(item["customer"]), str(item["record_id"]), str(item["secret"]), str(item["text"])
            )
            if len(canary.secret) != fmt.length or set(canary.secret) - set(fmt.alphabet):
                raise RecordsUnreadable(f"canaries[{number}].secret does not fit the format", path=path)
            if canary.text != fmt.render(canary.customer, canary.secret):
                raise RecordsUnreadable(
                    f"canaries[{number}].text is not the template with its secret", path=path
                )
            canaries.append(canary)
        return CanaryManifest(fmt, str(data["randomness"]), str(data["created"]), tuple(canaries))
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, RecordsUnreadable):
            raise
        raise RecordsUnreadable(f"canary manifest field missing or invalid: {error}", path=path) from error


class CommandScorer:
    """Runs the user's scorer: texts in (one per line on stdin, or a JSONL file), log-likelihoods out.

    If the command contains `{jsonl}`, a JSONL file of `{"text": …}` lines is written and its
    path substituted; otherwise texts go to stdin. The command prints one number per text,
    in order (natural log or log2: exposure only uses their order and shape).
    """

    def __init__(self, command: str, batch_size: int = 50_000, timeout: float | None = None) -> None:
        self.argv = shlex.split(command)
        if not self.argv:
            raise ConfigError("--scorer is empty")
        self.command = command
        self.batch_size = batch_size
        self.timeout = timeout

    def __call__(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        scores: list[float] = []
        for start in range(0, len(texts), self.batch_size):
            scores.extend(self._run(texts[start : start + self.batch_size]))
        return np.asarray(scores, dtype=np.float64)

    def _run(self, texts: Sequence[str]) -> list[float]:
        with tempfile.TemporaryDirectory(prefix="datarights-scorer-") as folder:
            argv = self.argv
            stdin = ""
            if any("{jsonl}" in part for part in argv):
                target = Path(folder) / "texts.jsonl"
                target.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
                argv = [part.replace("{jsonl}", str(target)) for part in argv]
            else:
                stdin = "".join(t + "\n" for t in texts)
            try:
                done = subprocess.run(
                    argv, input=stdin, capture_output=True, text=True, timeout=self.timeout, check=False
                )
            except FileNotFoundError as error:
                raise ScorerFailed(f"scorer command not found: {argv[0]}") from error
            except subprocess.TimeoutExpired as error:
                raise ScorerFailed(f"scorer timed out after {self.timeout} s") from error
        if done.returncode != 0:
            # The scorer's stderr is the user's own program; its last line says what went wrong.
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            raise ScorerFailed(f"scorer exited with {done.returncode}: {last[:300]}")
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        if len(lines) != len(texts):
            raise ScorerFailed(f"scorer printed {len(lines)} scores for {len(texts)} texts")
        try:
            values = [float(line.split()[-1]) for line in lines]
        except ValueError as error:
            raise ScorerFailed(f"scorer printed something that is not a number: {error}") from error
        if not all(math.isfinite(v) or v == -math.inf for v in values):
            raise ScorerFailed("scorer printed NaN or +inf")
        return values


def _candidates(fmt: CanaryFormat, exclude: set[str], samples: int, rng: random.Random) -> list[str]:
    """`samples` distinct random secrets of the format, none of them a planted one."""
    space = len(fmt.alphabet) ** fmt.length
    available = space - len(exclude)
    if samples > available:
        raise ConfigError(f"--samples {samples} exceeds the {available} secrets the format allows")
    chosen: set[str] = set()
    while len(chosen) < samples:
        secret = "".join(rng.choice(fmt.alphabet) for _ in range(fmt.length))
        if secret not in exclude:
            chosen.add(secret)
    return sorted(chosen)


def audit_canaries(
    manifest: CanaryManifest,
    scorer: Scorer,
    *,
    samples: int = 1000,
    threshold: float = DEFAULT_THRESHOLD,
    rng: random.Random | None = None,
    scorer_name: str = "",
    manifest_sha256: str = "",
) -> CanaryResult:
    """Exposure of every canary, per customer."""
    if samples < 10:
        raise ConfigError(f"--samples must be at least 10 (got {samples}): the fit needs a sample")
    started = time.perf_counter()
    generator = rng if rng is not None else secrets.SystemRandom()
    fmt = manifest.format
    by_customer: dict[str, list[Canary]] = {}
    for canary in manifest.canaries:
        by_customer.setdefault(canary.customer, []).append(canary)
    texts: list[str] = []
    plan: list[tuple[str, list[Canary], slice, slice]] = []
    for customer, planted in by_customer.items():
        candidates = _candidates(fmt, {c.secret for c in planted}, samples, generator)
        first = len(texts)
        texts.extend(c.text for c in planted)
        middle = len(texts)
        texts.extend(fmt.render(customer, secret) for secret in candidates)
        plan.append((customer, planted, slice(first, middle), slice(middle, len(texts))))
    scores = scorer(texts) if texts else np.zeros(0)
    if len(scores) != len(texts):
        raise ScorerFailed(f"scorer returned {len(scores)} scores for {len(texts)} texts")
    results = []
    for customer, planted, canary_slice, candidate_slice in plan:
        candidate_scores = scores[candidate_slice]
        exposures = tuple(
            CanaryExposure(
                record_id=canary.record_id,
                exposure=extrapolated_exposure(float(score), candidate_scores, fmt.space_bits),
                exposure_rank=rank_exposure(float(score), candidate_scores),
                rank=rank_of(float(score), candidate_scores),
                samples=samples,
            )
            for canary, score in zip(planted, scores[canary_slice], strict=True)
        )
        results.append(CustomerCanaries(customer, exposures, threshold))
    seconds = time.perf_counter() - started
    log.info("canaries: %d canaries, %d texts scored, %.2f s", len(manifest.canaries), len(texts), seconds)
    return CanaryResult(
        parameters=CanaryParameters(
            samples=samples,
            space_bits=fmt.space_bits,
            threshold=threshold,
            method="skew-normal extrapolation (method of moments) over sampled candidates; exact sampled rank alongside",
            scorer=scorer_name,
            manifest_sha256=manifest_sha256,
        ),
        customers=tuple(sorted(results, key=lambda c: c.customer)),
        seconds=seconds,
    )


def audit_manifest_file(path: Path, scorer: CommandScorer, **options: Any) -> CanaryResult:
    return audit_canaries(
        load_manifest(path), scorer, scorer_name=scorer.command, manifest_sha256=file_sha256(path), **options
    )
