"""Meta-tests: the README's promises stay true."""

from __future__ import annotations

import re

from datarights.cli.main import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the quick start has no bash block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines(), "the README's test command must be what .ci/run runs"
    assert (REPO / commands[0].split()[1]).exists()


def test_every_command_is_documented_in_the_readme() -> None:
    missing = [name for name in main.commands if f"datarights {name}" not in README]
    assert not missing, f"commands missing from README: {missing}"
