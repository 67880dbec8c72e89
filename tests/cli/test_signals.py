"""`scan --jobs 2` and `review --jobs 2` under real signals: SIGTERM and SIGINT tear the worker
pool down, and SIGKILL of the parent takes the workers with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process parents from /proc")

FILES = 24
# Each file takes a worker a noticeable moment, so the batch is mid-flight when the signal lands.
REPEAT = 60


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _wait_until(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    text = (EXAMPLES / "ai-services-agreement.md").read_text(encoding="utf-8")
    for index in range(FILES):
        (root / f"contract-{index:02d}.md").write_text(f"# Contract {index}\n\n" + text * REPEAT)
    return root


def _start(args: list[str], tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "DATARIGHTS_DB": str(tmp_path / "register.db")}
    return subprocess.Popen(
        [sys.executable, "-m", "datarights", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, like a shell job
    )


COMMANDS = {
    "scan": lambda folder: ["scan", str(folder), "--jobs", "2"],
    "review": lambda folder: ["review", str(folder), "--jobs", "2", "--format", "json"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_signal_tears_down_worker_pool(command: str, how: str, folder: Path, tmp_path: Path) -> None:
    process = _start(COMMANDS[command](folder), tmp_path)
    workers: list[int] = []
    try:
        assert _wait_until(lambda: len(_children(process.pid)) >= 2, 60), "the pool never started"
        time.sleep(0.3)  # let the workers get into a review
        workers = _children(process.pid)
        if how == "SIGINT":  # Ctrl-C in a terminal reaches the whole foreground group
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, getattr(signal, how))
        process.wait(timeout=30)
        assert _wait_until(lambda: not any(_alive(w) for w in workers), 10), (
            f"workers outlived the parent after {how}: {[w for w in workers if _alive(w)]}"
        )
        stderr = process.stderr.read().decode() if process.stderr else ""
        if how == "SIGTERM":
            assert process.returncode == 128 + signal.SIGTERM, stderr
        if how != "SIGKILL":
            assert "Traceback" not in stderr, stderr
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for worker in workers:  # a failing run must not leave orphans on the machine
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)
