"""Case files: short original clauses beside each detector, with the answer they must (not) give.

Format of `<question>/cases.md`:

    ## expect: opt_out
    > We may use your Content to train our models.
    > You can opt out at any time in your account settings.

    ## not: permitted
    > You may not use Output to train models that compete with us.

    ## expect: no
    cites: for no other purpose
    > Provider will use Customer Data for no other purpose than to provide the Service.

Each `##` heading starts one case; its `>` lines are the clause text (a line
holding only `>` separates paragraphs). `expect: P` means the question must be
answered P; `not: P` means it must not be answered P. A `cites:` line (an
`expect` case only) names words one of the answer's evidence spans must hold:
a condition, definition or supporting clause the answer has to cite. A `needs_review: true` line (an
`expect` case only) says the answer must be flagged for review: its clauses conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from datarights.detect.questions import POSITIONS, QuestionId

CASES_ROOT = Path(__file__).parent
_HEADING = re.compile(r"^##\s+(expect|not):\s*(\w+)\s*(?:—.*)?$")


@dataclass(frozen=True, slots=True)
class Case:
    question: QuestionId
    kind: str  # "expect" or "not"
    position: str
    text: str
    line: int
    cites: tuple[str, ...] = ()
    needs_review: bool = False

    @property
    def id(self) -> str:
        return f"{self.question.value}:{self.line}:{self.kind}-{self.position}"


def parse_cases(question: QuestionId, source: str) -> list[Case]:
    cases: list[Case] = []
    current: tuple[str, str, int] | None = None
    lines: list[str] = []
    cites: list[str] = []
    review = False

    def flush() -> None:
        if current is not None:
            body = "\n".join(lines).strip()
            if not body:
                raise ValueError(f"{question.value} case at line {current[2]} has no text")
            if cites and current[0] != "expect":
                raise ValueError(f"{question.value} case at line {current[2]}: cites: needs an expect case")
            if review and current[0] != "expect":
                raise ValueError(
                    f"{question.value} case at line {current[2]}: needs_review: needs an expect case"
                )
            cases.append(Case(question, current[0], current[1], body, current[2], tuple(cites), review))

    for number, raw in enumerate(source.splitlines(), start=1):
        heading = _HEADING.match(raw.strip())
        if heading:
            flush()
            kind, position = heading.group(1), heading.group(2)
            if position not in {p.value for p in POSITIONS[question]}:
                raise ValueError(f"{question.value} cases line {number}: unknown position {position!r}")
            current, lines, cites, review = (kind, position, number), [], [], False
        elif raw.startswith("cites:") and current is not None:
            cites.append(raw[len("cites:") :].strip())
        elif raw.strip() == "needs_review: true" and current is not None:
            review = True
        elif raw.startswith(">") and current is not None:
            content = raw[1:].strip()
            lines.append(content if content else "")
    flush()
    return cases


def load_cases(question: QuestionId) -> list[Case]:
    path = CASES_ROOT / question.value / "cases.md"
    if not path.exists():
        return []
    return parse_cases(question, path.read_text(encoding="utf-8"))
