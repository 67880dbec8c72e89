"""Shared fixtures. Corpus-backed tests read ../shared in place and skip, saying
why, when it is absent (a user's fresh clone)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATARIGHTS_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
EVAL = SHARED / "eval"
EXAMPLES = REPO / "src" / "datarights" / "examples"


def require_shared(path: Path = CORPUS) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: corpus tests need ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    return require_shared(CORPUS)


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    return require_shared(EVAL)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files (assessments, redlines) instead of comparing with them",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    from tests.golden import update_requested

    return update_requested(request.config)


@pytest.fixture(autouse=True, scope="session")
def _runs_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`gate` records every run under $DATARIGHTS_RUNS (default ./runs): keep tests' runs in tmp."""
    previous = os.environ.get("DATARIGHTS_RUNS")
    os.environ["DATARIGHTS_RUNS"] = str(tmp_path_factory.mktemp("runs"))
    yield
    if previous is None:
        os.environ.pop("DATARIGHTS_RUNS", None)
    else:
        os.environ["DATARIGHTS_RUNS"] = previous


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """A local Ray cluster of 2 CPUs for one test module (the gate's and the scan's Ray engines
    connect to it rather than starting their own), shut down after it. Skips without Ray."""
    ray = pytest.importorskip("ray")
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()
