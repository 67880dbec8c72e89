"""Worker process pools that cannot outlive the command that started them.

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
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from types import FrameType

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
