"""Worker process pools that cannot outlive the command that started them, and the one batch
runner (`run_batch`) every stage uses to handle many files.

`worker_pool(jobs)` is a `ProcessPoolExecutor` with three guarantees the plain one lacks:

- **SIGTERM/SIGINT tear it down.** While the pool is open, SIGTERM in the parent raises
  `Terminated` (a `SystemExit`, code 143) like Ctrl-C raises `KeyboardInterrupt`; on either, the
  workers are killed at once instead of finishing (or, as before, outliving) their reviews.
  Work already committed by the caller stays committed.
- **Parent death kills the workers.** Each worker asks Linux for SIGKILL when its parent dies
  (`prctl(PR_SET_PDEATHSIG)`), which covers `kill -9` of the parent; elsewhere a watchdog
  thread notices the parent is gone within a second and exits.
- **Workers ignore SIGINT**: Ctrl-C reaches the whole foreground process group, and only the
  parent should decide what happens (it kills the workers); no traceback per worker.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import enum
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Generic, TypeVar

from datarights.errors import ConfigError, DatarightsError, InternalError

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 1.0


class Terminated(SystemExit):
    """SIGTERM arrived while a worker pool was running."""

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still covers it
    # The parent may have died before prctl took effect (then our parent is already init).
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit our handler
    _die_with_parent(parent)


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated


def kill_workers(pool: ProcessPoolExecutor) -> None:
    # `_processes` is the executor's own map of live workers; there is no public way to stop
    # a running task, and waiting for a long review is exactly what an interrupt must not do.
    for process in list((pool._processes or {}).values()):
        if process.is_alive():
            process.kill()


@contextmanager
def worker_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    # Fork on Linux (Python 3.11's default there, stated so a later default of "forkserver"
    # does not make the workers children of the fork server, whose death we cannot follow).
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
    )
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM)
    if in_main:
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield pool
    except BaseException:
        kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        pool.shutdown(wait=True, cancel_futures=True)


# ------------------------------------------------------------------ the one batch runner


class Engine(enum.StrEnum):
    """Where a batch's work runs: worker processes on this machine, or a Ray cluster."""

    LOCAL = "local"
    RAY = "ray"


class Step(enum.Enum):
    """Where in the pipeline a file failed."""

    READ = "read"  # ingest and structure: the file itself is bad
    REVIEW = "review"
    ASSESS = "assess"


@dataclass(frozen=True, slots=True)
class Failure:
    """One file that could not be handled, and why; the rest of its batch goes on."""

    path: str
    error: DatarightsError
    step: Step = Step.READ


class StepFailed(Exception):
    """Carries a `Failure` out of a unit of work (raised by the pipeline, caught by the runner)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(str(failure.error))
        self.failure = failure


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T, R]):
    """One item's result or its failure (exactly one of the two is set)."""

    item: T
    result: R | None
    failure: Failure | None


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    failed: int
    skipped: int


def attempt(work: Callable[[T], R], label: Callable[[T], str], item: T) -> Outcome[T, R]:
    try:
        return Outcome(item, work(item), None)
    except StepFailed as failed:
        return Outcome(item, None, failed.failure)
    except DatarightsError as error:
        return Outcome(item, None, Failure(label(item), error))
    except Exception as error:  # a bug on one odd file must not cost the rest of the batch
        log.exception("internal error on item=%s", label(item))
        return Outcome(item, None, Failure(label(item), InternalError.wrap(error, label(item))))


def run_batch(
    items: Sequence[T],
    work: Callable[[T], R],
    *,
    jobs: int = 1,
    label: Callable[[T], str] = str,
    skip: Callable[[T], bool] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    ordered: bool = True,
) -> Iterator[Outcome[T, R]]:
    """Run `work` over `items`, in `jobs` worker processes when more than one.

    Every failure comes back as a typed `Failure`, never an exception, so a batch is never lost.
    `skip` is the resume hook: items it accepts (already done by an interrupted run) are not
    run. Outcomes come in input order when `ordered`, else as they finish (so a caller that
    commits each one loses little to an interrupt). With jobs > 1, `work`, `label` and the
    items must pickle (module-level functions, `functools.partial`)."""
    pending = [item for item in items if skip is None or not skip(item)]
    skipped = len(items) - len(pending)
    done = failed = 0

    def report(outcome: Outcome[T, R]) -> Outcome[T, R]:
        nonlocal done, failed
        done += 1
        failed += outcome.failure is not None
        if on_progress is not None:
            on_progress(Progress(done, len(pending), failed, skipped))
        return outcome

    if jobs <= 1 or len(pending) <= 1:
        for item in pending:
            yield report(attempt(work, label, item))
        return
    with worker_pool(jobs) as pool:  # torn down on SIGTERM/SIGINT; dies with its parent
        queue = iter(enumerate(pending))
        running: dict[Future[Outcome[T, R]], int] = {}
        finished: dict[int, Outcome[T, R]] = {}
        next_out = 0
        for index, item in queue:  # at most 2 per worker queued, so an interrupt wastes little
            running[pool.submit(attempt, work, label, item)] = index
            if len(running) >= jobs * 2:
                break
        while running:
            ready, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in ready:
                index = running.pop(future)
                outcome = future.result()
                if ordered:
                    finished[index] = outcome
                else:
                    yield report(outcome)
                following = next(queue, None)
                if following is not None:
                    running[pool.submit(attempt, work, label, following[1])] = following[0]
            while ordered and next_out in finished:
                yield report(finished.pop(next_out))
                next_out += 1


# ------------------------------------------------------------------ the same runner on Ray

_RAY_IN_FLIGHT_PER_CPU = 2  # tasks queued per CPU, so an interrupt wastes little (as above)


def ray_connect(address: str | None = None, num_cpus: int | None = None) -> Any:
    """The `ray` module, connected: to `address`, else `$RAY_ADDRESS`, else a local Ray started
    here with `num_cpus` (default: every core). `ray` is imported only here (`datarights[ray]`)."""
    try:
        import ray
    except ImportError:
        raise ConfigError("the Ray engine needs Ray: pip install 'datarights[ray]'") from None
    if not ray.is_initialized():
        target = address or os.environ.get("RAY_ADDRESS") or None
        if target:
            ray.init(address=target, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    return ray


def ray_cpus(ray: Any) -> int:
    return max(int(ray.cluster_resources().get("CPU", 1)), 1)


def _attempt_in(directory: str, work: Callable[[T], R], label: Callable[[T], str], item: T) -> Outcome[T, R]:
    """`attempt` in a Ray worker, from the driver's working directory: relative paths then name
    the same files as on the driver (and in the results), on every node that mounts them there.
    A Ray worker runs one task at a time, so changing its directory affects no other task."""
    if os.getcwd() != directory and os.path.isdir(directory):
        os.chdir(directory)
    return attempt(work, label, item)


def run_batch_ray(
    items: Sequence[T],
    work: Callable[[T], R],
    *,
    label: Callable[[T], str] = str,
    address: str | None = None,
) -> Iterator[Outcome[T, R]]:
    """`run_batch` on a Ray cluster: one task per item (one CPU each), outcomes as they finish.

    `work` runs exactly as in a local worker process and its failures come back the same typed
    `Failure`s; a task Ray itself loses (its worker crashed twice, its node died) becomes an
    `InternalError` for that item alone. Closing the iterator early (an interrupt) cancels the
    tasks still queued or running; results already yielded stay the caller's."""
    if not items:
        return
    ray = ray_connect(address)
    task = ray.remote(num_cpus=1, max_retries=1)(_attempt_in)
    shared = ray.put(work)  # sent to the cluster once, not once per item
    directory = os.getcwd()
    limit = ray_cpus(ray) * _RAY_IN_FLIGHT_PER_CPU
    waiting = list(reversed(items))  # taken from the end: input order
    running: dict[Any, T] = {}

    def submit() -> None:
        while waiting and len(running) < limit:
            item = waiting.pop()
            running[task.remote(directory, shared, label, item)] = item

    submit()
    try:
        while running:
            ready, _ = ray.wait(list(running), num_returns=1)
            for ref in ready:
                item = running.pop(ref)
                try:
                    outcome: Outcome[T, R] = ray.get(ref)
                except ray.exceptions.RayError as error:
                    log.error("Ray lost the task for item=%s: %s", label(item), error)
                    outcome = Outcome(
                        item, None, Failure(label(item), InternalError.wrap(error, label(item)))
                    )
                yield outcome
                submit()
    finally:
        for ref in running:  # interrupted: nothing left running for results nobody will read
            ray.cancel(ref, force=True)
