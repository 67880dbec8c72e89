"""Golden files for the bundled example: the reviewable diff and the memo.

Run with --update-golden (or DATARIGHTS_UPDATE_GOLDEN=1) to rewrite them, then review the diff like code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datarights.detect.engine import review_path
from datarights.redline.diff import render_diff
from datarights.redline.memo import render_memo
from datarights.redline.plan import plan_redlines
from tests.golden import check_golden
from tests.redline.conftest import EXAMPLES
from tests.redline.helpers import buyer_assessment

GOLDEN = Path(__file__).with_name("golden")


@pytest.mark.parametrize("suffix", [".docx", ".md"])
@pytest.mark.parametrize("kind", ["diff.md", "diff.html", "memo.md"])
def test_golden(suffix: str, kind: str, update_golden: bool) -> None:
    review = review_path(EXAMPLES / f"ai-services-agreement{suffix}")
    plan = plan_redlines(review.document, buyer_assessment(review))
    rendered = render_diff(plan, kind.split(".")[1]) if kind.startswith("diff") else render_memo(plan, "md")
    golden = GOLDEN / f"ai-services-agreement{suffix.replace('.', '-')}.{kind}"
    check_golden(golden, rendered, update_golden)


def test_docx_and_markdown_sources_propose_the_same_changes() -> None:
    plans = []
    for suffix in (".docx", ".md"):
        review = review_path(EXAMPLES / f"ai-services-agreement{suffix}")
        plans.append(plan_redlines(review.document, buyer_assessment(review)))
    assert [(c.placement, c.finding_ids) for c in plans[0].changes] == [
        (c.placement, c.finding_ids) for c in plans[1].changes
    ]
