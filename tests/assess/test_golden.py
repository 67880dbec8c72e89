"""Golden assessments: the bundled example and real corpus documents → assessment JSON.

The files in tests/golden/assessment/ are sorted-key JSON with no timestamps and
document paths relative to the repository or the corpus. Detectors are still being
tuned, so regenerate with `DATARIGHTS_UPDATE_GOLDEN=1 pytest tests/assess/test_golden.py`
(or `pytest tests/assess --update-golden`) and review the diff like code.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from datarights.assess.engine import assess
from datarights.assess.playbook import load_playbook
from datarights.detect.engine import review_path
from datarights.report.assessment import assessment_json
from tests.conftest import CORPUS, EXAMPLES, REPO, require_shared
from tests.golden import check_golden

GOLDEN = REPO / "tests" / "golden" / "assessment"

# (golden file stem, root, path under root, playbook)
CASES: list[tuple[str, str, str, str]] = [
    ("example-ai-services-agreement.buyer", "examples", "ai-services-agreement.md", "buyer"),
    ("example-ai-services-agreement.vendor", "examples", "ai-services-agreement.md", "vendor"),
    ("example-ai-services-agreement.privacy", "examples", "ai-services-agreement.md", "privacy"),
    ("jasper-dpa.privacy", "corpus", "contrib/Jasper/Data Processor Agreement.md", "privacy"),
    ("chatgpt-commercial-terms.buyer", "corpus", "genai/ChatGPT/Commercial Terms.md", "buyer"),
    ("chatgpt-terms-of-service.buyer", "corpus", "genai/ChatGPT/Terms of Service.md", "buyer"),
    ("common-paper-ai-addendum.buyer", "corpus", "templates/common-paper-ai-addendum.md", "buyer"),
    ("common-paper-dpa.privacy", "corpus", "templates/common-paper-data-processing-agreement.md", "privacy"),
    ("zoom-terms-2023-08-07.buyer", "corpus", "history/Zoom-Terms-of-Service/2023-08-07.md", "buyer"),
]


def render(root: str, relative: str, playbook: str) -> str:
    base = EXAMPLES if root == "examples" else require_shared(CORPUS)
    review = review_path(base / relative)
    shown = f"{root}/{relative}"
    a = dataclasses.replace(assess(review, load_playbook(playbook)), document_path=shown)
    return json.dumps(assessment_json(a), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(("stem", "root", "relative", "playbook"), CASES, ids=[c[0] for c in CASES])
def test_golden(stem: str, root: str, relative: str, playbook: str, update_golden: bool) -> None:
    rendered = render(root, relative, playbook)
    path: Path = GOLDEN / f"{stem}.json"

    def explain(expected: str, got_text: str) -> str:
        want, got = json.loads(expected), json.loads(got_text)
        changed = [
            f"{f['id']}: {f['position']}/{f['verdict']}" for f in got["findings"] if f not in want["findings"]
        ]
        return f"grade {want['grade']['letter']}→{got['grade']['letter']}; changed: {', '.join(changed) or 'metadata'}"

    check_golden(path, rendered, update_golden, explain)


def test_golden_files_have_no_timestamps_and_sorted_keys() -> None:
    files = sorted(GOLDEN.glob("*.json"))
    assert len(files) >= 6
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
        assert "timestamp" not in text and "elapsed" not in text
