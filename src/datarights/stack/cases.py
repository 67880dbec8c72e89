"""The case file beside the reference and audience patterns (`cases.md`), parsed into typed cases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from datarights.stack.model import Audience, DocKind, ReferenceType

CASES_PATH = Path(__file__).with_name("cases.md")
_HEADING = re.compile(r"^##\s+(expect|not|audience):\s*(\w+)(?:\s+(\w+))?\s*$")
_PRECEDENCE = re.compile(r"^precedence:\s*(\w+)\s*>\s*(\w+)\s*$")


@dataclass(frozen=True, slots=True)
class StackCase:
    kind: str  # "expect", "not" or "audience"
    text: str
    line: int
    own_kind: DocKind = DocKind.AGREEMENT
    type: ReferenceType | None = None
    target: DocKind | None = None
    audience: Audience | None = None
    precedence: tuple[tuple[str, str], ...] = ()  # (higher, lower): a DocKind value or "self"

    @property
    def id(self) -> str:
        what = (
            self.audience.value
            if self.audience
            else f"{self.type.value if self.type else ''}-{self.target.value if self.target else ''}"
        )
        return f"stack:{self.line}:{self.kind}-{what}"


def parse_stack_cases(source: str) -> list[StackCase]:
    cases: list[StackCase] = []
    head: tuple[str, str, str | None, int] | None = None
    lines: list[str] = []
    own = DocKind.AGREEMENT
    order: list[tuple[str, str]] = []

    def flush() -> None:
        if head is None:
            return
        kind, first, second, number = head
        body = "\n".join(lines).strip()
        if not body:
            raise ValueError(f"stack case at line {number} has no text")
        if kind == "audience":
            cases.append(StackCase(kind, body, number, own, audience=Audience(first)))
            return
        if second is None:
            raise ValueError(f"stack case at line {number}: give a reference type and a document kind")
        for higher, lower in order:
            for side in (higher, lower):
                if side != "self":
                    DocKind(side)
        cases.append(
            StackCase(kind, body, number, own, ReferenceType(first), DocKind(second), precedence=tuple(order))
        )

    for number, raw in enumerate(source.splitlines(), start=1):
        heading = _HEADING.match(raw.strip())
        if heading:
            flush()
            head = (heading.group(1), heading.group(2), heading.group(3), number)
            lines, own, order = [], DocKind.AGREEMENT, []
        elif head is not None and raw.startswith("in:"):
            own = DocKind(raw[3:].strip())
        elif head is not None and _PRECEDENCE.match(raw.strip()):
            match = _PRECEDENCE.match(raw.strip())
            assert match is not None
            order.append((match.group(1), match.group(2)))
        elif head is not None and raw.startswith(">"):
            lines.append(raw[1:].strip())
    flush()
    return cases


def load_stack_cases() -> list[StackCase]:
    return parse_stack_cases(CASES_PATH.read_text(encoding="utf-8"))
