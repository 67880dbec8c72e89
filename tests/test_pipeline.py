"""The one pipeline: the same reviews and assessments as the stages called one by one, and one
batch runner that never loses a batch to one bad file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from datarights.assess.engine import assess
from datarights.assess.playbook import load_playbook
from datarights.cli.batch import SUPPORTED_SUFFIXES
from datarights.detect.engine import review_path, view_of
from datarights.errors import FileNotFound, InternalError
from datarights.pipeline import Processed, Step, process_many, review_and_assess
from datarights.report.assessment import assessment_json
from datarights.report.review import review_json
from datarights.workers import Failure, Progress, run_batch
from tests.conftest import CORPUS, EXAMPLES


def _sample() -> list[Path]:
    """Every 17th file of each format, at most three (a spread of sources and formats, seconds of
    work): the whole corpus (213 files) was compared once by hand when the pipeline replaced the
    five assemblies, review and assessment JSON byte for byte."""
    if not CORPUS.exists():
        return []
    files = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "README.md"
    )
    by_suffix: dict[str, list[Path]] = {}
    for path in files:
        by_suffix.setdefault(path.suffix.lower(), []).append(path)
    return [path for paths in by_suffix.values() for path in paths[::17][:3]]


SAMPLE = _sample()


def _dumped(payload: object) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("path", SAMPLE, ids=[str(p.relative_to(CORPUS)) for p in SAMPLE])
def test_pipeline_matches_the_stages_called_one_by_one(corpus: Path, path: Path) -> None:
    playbook = load_playbook("buyer")
    processed = review_and_assess(path, None, playbook)
    assert processed is not None and processed.assessment is not None
    old = review_path(path)
    assert _dumped(review_json(processed.review)) == _dumped(review_json(old))
    # The old assessment read the document a second time: a review without what it derived.
    fresh = dataclasses.replace(old, derived=None)
    assert _dumped(assessment_json(processed.assessment)) == _dumped(assessment_json(assess(fresh, playbook)))


def test_a_failure_is_typed_by_its_step_and_raised_or_handed_over(tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    with pytest.raises(FileNotFound):
        review_and_assess(missing)
    heard: list[Failure] = []
    assert review_and_assess(missing, on_error=heard.append) is None
    assert [(f.path, f.step, type(f.error)) for f in heard] == [(str(missing), Step.READ, FileNotFound)]


def test_steps_are_announced_in_order() -> None:
    steps: list[Step] = []
    processed = review_and_assess(
        EXAMPLES / "ai-services-agreement.md", playbook=load_playbook("buyer"), on_step=steps.append
    )
    assert processed is not None and processed.assessment is not None
    assert steps == [Step.READ, Step.REVIEW, Step.ASSESS]


def _files(tmp_path: Path) -> list[Path]:
    good = [EXAMPLES / "ai-services-agreement.md", EXAMPLES / "ai-services-agreement.docx"]
    return [good[0], tmp_path / "missing.md", good[1]]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_batch_keeps_going_past_a_bad_file_in_input_order(tmp_path: Path, jobs: int) -> None:
    paths = _files(tmp_path)
    heard: list[Progress] = []
    outcomes = list(process_many(paths, jobs=jobs, on_progress=heard.append))
    assert [o.item for o in outcomes] == paths
    assert [o.failure is None for o in outcomes] == [True, False, True]
    failure = outcomes[1].failure
    assert failure is not None and isinstance(failure.error, FileNotFound) and failure.step is Step.READ
    assert all(isinstance(o.result, Processed) for o in outcomes if o.failure is None)
    assert heard[-1] == Progress(done=3, total=3, failed=1, skipped=0)


def test_the_resume_hook_skips_what_is_done(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    heard: list[Progress] = []
    outcomes = list(process_many(paths, skip=lambda p: p.suffix == ".md", on_progress=heard.append))
    assert [o.item for o in outcomes] == [paths[2]]
    assert heard == [Progress(done=1, total=1, failed=0, skipped=2)]


def _explode(item: int) -> int:
    if item == 2:
        raise ValueError("boom")
    if item == 3:
        raise FileNotFound("not there", path="three.md")
    return item * 10


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("ordered", [True, False])
def test_a_bug_becomes_an_internal_error_against_its_item(jobs: int, ordered: bool) -> None:
    outcomes = list(run_batch([1, 2, 3, 4], _explode, jobs=jobs, ordered=ordered))
    by_item = {o.item: o for o in outcomes}
    assert sorted(by_item) == [1, 2, 3, 4]
    if ordered:
        assert [o.item for o in outcomes] == [1, 2, 3, 4]
    assert by_item[1].result == 10 and by_item[4].result == 40
    bug = by_item[2].failure
    assert bug is not None and isinstance(bug.error, InternalError) and "ValueError: boom" in str(bug.error)
    bad = by_item[3].failure
    assert bad is not None and isinstance(bad.error, FileNotFound) and bad.path == "3"


def test_reviews_travel_between_processes_without_what_they_derived() -> None:
    import pickle

    processed = review_and_assess(EXAMPLES / "ai-services-agreement.md")
    assert processed is not None and processed.review.derived is not None
    copy = pickle.loads(pickle.dumps(processed.review))
    assert copy.derived is None and copy == processed.review
    assert view_of(copy).doc == copy.document  # derived again on demand
