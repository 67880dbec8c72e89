"""Canaries: planting, the manifest, exposure maths, and a real (n-gram) model that memorises."""

from __future__ import annotations

import json
import math
import random
import shlex
import stat
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.audit.canaries import (
    DEFAULT_FORMAT,
    CommandScorer,
    audit_canaries,
    load_manifest,
    manifest_json,
    plant_canaries,
    write_manifest,
)
from datarights.audit.exposure import SkewNormal, extrapolated_exposure, owens_t, rank_exposure
from datarights.audit.model import CanaryFormat, CanaryManifest
from datarights.audit.ngram import CharNGram
from datarights.errors import ConfigError, RecordsUnreadable, ScorerFailed

WORDS = [
    "the",
    "customer",
    "asked",
    "about",
    "an",
    "invoice",
    "for",
    "order",
    "shipped",
    "late",
    "refund",
    "account",
    "payment",
    "support",
    "ticket",
    "reply",
]
# 16^5 = 2^20 secrets; symbols that never occur in the template, so a low-order model cannot confuse them with it.
TEST_FORMAT = CanaryFormat("{customer} pin {secret}", "0123456789QRSTUV", 5)


def test_plant_draws_distinct_secrets_of_the_format() -> None:
    records, manifest = plant_canaries(["acme", "globex"], 25, random.Random(1))
    assert len(records) == len(manifest.canaries) == 50
    assert [r.record_id for r in records] == [c.record_id for c in manifest.canaries]
    for customer in ("acme", "globex"):
        secrets_ = [c.secret for c in manifest.canaries if c.customer == customer]
        assert len(set(secrets_)) == 25
    for canary, record in zip(manifest.canaries, records, strict=True):
        assert len(canary.secret) == 5 and set(canary.secret) <= set(DEFAULT_FORMAT.alphabet)
        assert record.text == canary.text == DEFAULT_FORMAT.render(canary.customer, canary.secret)
        assert canary.record_id.isdigit()
    assert "seeded" in manifest.randomness
    assert "SystemRandom" in plant_canaries(["a"], 1)[1].randomness
    assert (
        plant_canaries(["acme"], 3, random.Random(9))[1].canaries
        == plant_canaries(["acme"], 3, random.Random(9))[1].canaries
    )
    assert DEFAULT_FORMAT.space_bits == 20.0


def test_manifest_round_trip_is_private(tmp_path: Path) -> None:
    _, manifest = plant_canaries(["acme"], 3, random.Random(2))
    path = tmp_path / "m.json"
    write_manifest(manifest, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_manifest(path) == manifest


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema="other/1"), "not a canary manifest"),
        (lambda d: d["canaries"][0].update(secret="zzzzz"), "does not fit the format"),
        (lambda d: d["canaries"][0].update(text="edited"), "is not the template"),
        (lambda d: d.pop("format"), "field missing or invalid"),
    ],
)
def test_bad_manifest_names_the_problem(tmp_path: Path, change: object, message: str) -> None:
    _, manifest = plant_canaries(["acme"], 2, random.Random(2))
    data = manifest_json(manifest)
    change(data)  # type: ignore[operator]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RecordsUnreadable, match=message):
        load_manifest(path)


def test_formats_are_checked() -> None:
    with pytest.raises(ConfigError, match="secret"):
        plant_canaries(["a"], 1, random.Random(1), CanaryFormat("no placeholder", "01", 4))
    with pytest.raises(ConfigError, match="one line"):
        plant_canaries(["a"], 1, random.Random(1), CanaryFormat("two\nlines {secret}", "01", 4))


@settings(deadline=None)
@given(h=st.floats(-8, 8), a=st.floats(-20, 20))
def test_owens_t_identities(h: float, a: float) -> None:
    phi = 0.5 * math.erfc(-h / math.sqrt(2))
    assert owens_t(h, 1.0) == pytest.approx(0.5 * phi * (1 - phi), rel=1e-6, abs=1e-15)
    assert owens_t(0.0, a) == pytest.approx(math.atan(a) / (2 * math.pi), rel=1e-6, abs=1e-15)
    assert owens_t(h, -a) == pytest.approx(-owens_t(h, a), abs=1e-15)


@pytest.mark.parametrize("shape", [-4.0, 0.0, 3.0])
def test_skew_normal_fit_matches_the_sample_tail(shape: float) -> None:
    rng = np.random.default_rng(0)
    delta = shape / math.sqrt(1 + shape * shape)
    sample = 2 + 1.5 * (
        delta * np.abs(rng.standard_normal(400_000)) + math.sqrt(1 - delta**2) * rng.standard_normal(400_000)
    )
    fitted = SkewNormal.fit(sample)
    for quantile in (0.5, 0.9, 0.99, 0.999):
        x = float(np.quantile(sample, quantile))
        assert fitted.sf(x) == pytest.approx(1 - quantile, rel=0.15)


def test_exposure_of_random_and_extreme_canaries() -> None:
    rng = np.random.default_rng(1)
    candidates = rng.normal(-40, 3, 2047)
    assert rank_exposure(1000.0, candidates) == pytest.approx(11.0)
    assert extrapolated_exposure(1000.0, candidates, 20.0) == 20.0
    assert rank_exposure(-1000.0, candidates) == 0.0
    # A canary drawn from the candidates' own distribution has exposure ~ Exp: mean 1/ln 2 bits.
    exposures = [extrapolated_exposure(float(v), candidates, 20.0) for v in rng.normal(-40, 3, 400)]
    assert 1.0 < float(np.mean(exposures)) < 2.0


def test_impossible_candidates_do_not_inflate_exposure() -> None:
    rng = np.random.default_rng(2)
    candidates = np.concatenate([rng.normal(-40, 3, 1000), np.full(24, -np.inf)])
    typical = extrapolated_exposure(-40.0, candidates, 20.0)
    assert 0.5 < typical < 2.0
    assert extrapolated_exposure(-np.inf, candidates, 20.0) == 0.0
    assert extrapolated_exposure(-40.0, np.full(50, -np.inf), 20.0) == pytest.approx(math.log2(51))


def _training_texts(manifest: CanaryManifest, rng: random.Random, memorised: set[str]) -> list[str]:
    """Customer records with ordinary codes of the canaries' format, plus the canaries:
    some repeated 200 times (the model memorises them), the rest once."""
    texts = []
    for customer in sorted({c.customer for c in manifest.canaries}):
        texts += [" ".join(rng.choice(WORDS) for _ in range(25)) for _ in range(300)]
        for _ in range(20_000):
            code = "".join(rng.choice(manifest.format.alphabet) for _ in range(manifest.format.length))
            texts.append(manifest.format.render(customer, code))
    for canary in manifest.canaries:
        texts += [canary.text] * (200 if canary.record_id in memorised else 1)
    rng.shuffle(texts)
    return texts


def test_exposure_separates_memorised_from_unmemorised_canaries(tmp_path: Path) -> None:
    """The n-gram model, trained here, is the scorer command; exposure is for 2^20 candidates."""
    rng = random.Random(11)
    _, manifest = plant_canaries(["acme", "globex"], 8, rng, TEST_FORMAT)
    memorised = {c.record_id for i, c in enumerate(manifest.canaries) if i % 8 < 2}
    model = CharNGram(order=3).train(_training_texts(manifest, rng, memorised))
    model_path = tmp_path / "model.json"
    model.save(model_path)
    scorer = CommandScorer(
        f"{shlex.quote(sys.executable)} -m datarights.audit.ngram score --model {shlex.quote(str(model_path))}"
    )
    result = audit_canaries(manifest, scorer, samples=2047, rng=random.Random(5))
    exposures = {e.record_id: e for c in result.customers for e in c.canaries}
    high = [exposures[r].exposure for r in memorised]
    low = [e.exposure for r, e in exposures.items() if r not in memorised]
    assert min(high) > 10.0, high
    assert float(np.mean(low)) < 3.0, low
    assert max(low) < 10.0, low
    assert all(
        exposures[r].rank == 1 and exposures[r].exposure_rank == pytest.approx(11.0) for r in memorised
    )
    for customer in result.customers:
        assert customer.memorised and customer.max_exposure > 10.0
    # The JSONL route of the same scorer gives the same scores.
    jsonl = CommandScorer(
        f"{shlex.quote(sys.executable)} -m datarights.audit.ngram score --model {shlex.quote(str(model_path))} --jsonl {{jsonl}}"
    )
    texts = [c.text for c in manifest.canaries[:3]]
    assert jsonl(texts).tolist() == pytest.approx(scorer(texts).tolist())
    assert scorer(texts).tolist() == pytest.approx([model.log_likelihood(t) for t in texts], abs=1e-5)


def test_unmemorised_model_flags_nobody() -> None:
    rng = random.Random(3)
    _, manifest = plant_canaries(["acme"], 12, rng, TEST_FORMAT)
    model = CharNGram(order=3).train(
        _training_texts(manifest, rng, memorised=set())[: -len(manifest.canaries)]
    )
    result = audit_canaries(
        manifest, lambda ts: np.array([model.log_likelihood(t) for t in ts]), samples=500, rng=rng
    )
    (acme,) = result.customers
    assert not acme.memorised and acme.mean_exposure < 3.0


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("definitely-not-a-command-xyz", "not found"),
        (f"{shlex.quote(sys.executable)} -c 'import sys; sys.exit(3)'", "exited with 3"),
        (f"{shlex.quote(sys.executable)} -c 'print(1.0)'", "printed 1 scores for 2 texts"),
        (f'{shlex.quote(sys.executable)} -c \'print("a"); print("b")\'', "not a number"),
    ],
)
def test_scorer_failures_are_clear(command: str, message: str) -> None:
    with pytest.raises(ScorerFailed, match=message):
        CommandScorer(command)(["one", "two"])
