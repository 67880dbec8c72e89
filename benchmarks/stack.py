"""Document stacks on the shared corpus: recall of the incorporation and precedence clauses a
careful reader finds (labelled below by hand from the documents), checks wrongly "not met" when a
governing document meets them, and time per stack.

Run: .venv/bin/python benchmarks/stack.py  → benchmarks/results/stack.json
"""

from __future__ import annotations

import json
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from datarights.assess.checks import Context
from datarights.assess.engine import run_checks
from datarights.assess.playbook import load_playbook
from datarights.assess.stack import assess_stack
from datarights.detect.engine import review_path
from datarights.detect.language import DocumentView
from datarights.stack.build import build_stack
from datarights.stack.model import GOVERNING_ROLES, Stack

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = REPO / "benchmarks" / "results" / "stack.json"


@dataclass(frozen=True)
class Expected:
    """A clause a reader finds: in `source`, under a section starting with `section`, a reference
    of `type` to a document of `kind`."""

    source: str
    section: str
    type: str
    kind: str


STACKS: dict[str, tuple[tuple[str, ...], tuple[Expected, ...]]] = {
    "chatgpt": (
        (
            "genai/ChatGPT/Commercial Terms.md",
            "genai/ChatGPT/Data Processor Agreement.md",
            "genai/ChatGPT/Terms of Service.md",
            "genai/ChatGPT/Privacy Policy.md",
            "genai/ChatGPT/Business Privacy Policy.md",
        ),
        (
            Expected("Commercial Terms.md", "5.3", "incorporates", "dpa"),
            Expected("Commercial Terms.md", "16.1", "incorporates", "policies"),
            Expected("Commercial Terms.md", "16.1", "incorporates", "order_form"),
            Expected("Commercial Terms.md", "16.2", "is_overridden_by", "order_form"),
            Expected("Commercial Terms.md", "16.2", "is_overridden_by", "service_terms"),
            Expected("Commercial Terms.md", "16.2", "overrides", "policies"),
            Expected("Data Processor Agreement.md", "", "part_of", "agreement"),
            Expected("Data Processor Agreement.md", "4.2", "incorporates", "sccs"),
            Expected("Terms of Service.md", "", "refers", "privacy_policy"),
            Expected(
                "Terms of Service.md", "Additional Service-specific Terms", "incorporates", "acceptable_use"
            ),
            Expected("Terms of Service.md", "Additional Service-specific Terms", "incorporates", "policies"),
            Expected("Terms of Service.md", "Additional Service-specific Terms", "incorporates", "terms"),
            Expected("Terms of Service.md", "Service terms", "overrides", "agreement"),
        ),
    ),
    "grok": (
        ("genai/Grok/Commercial Terms.md", "genai/Grok/Terms of Service.md", "genai/Grok/Privacy Policy.md"),
        (
            Expected("Commercial Terms.md", "2 ", "incorporates", "acceptable_use"),
            Expected("Commercial Terms.md", "11.1", "incorporates", "dpa"),
            Expected("Commercial Terms.md", "11.1", "amended_by", "baa"),
            Expected("Commercial Terms.md", "3.5", "is_overridden_by", "terms"),
            Expected("Terms of Service.md", "", "refers", "privacy_policy"),
            Expected("Privacy Policy.md", "", "refers", "terms"),
        ),
    ),
    "jasper": (
        ("contrib/Jasper/Terms of Service.md", "contrib/Jasper/Data Processor Agreement.md"),
        (
            Expected("Terms of Service.md", "2 ", "incorporates", "dpa"),
            Expected("Terms of Service.md", "2 ", "refers", "privacy_policy"),
            Expected("Terms of Service.md", "4 ", "incorporates", "acceptable_use"),
            Expected("Data Processor Agreement.md", "", "part_of", "agreement"),
            Expected("Data Processor Agreement.md", "", "overrides", "agreement"),
            Expected("Data Processor Agreement.md", "", "incorporates", "sccs"),
        ),
    ),
    "common_paper": (
        (
            "templates/common-paper-cloud-service-agreement.md",
            "templates/common-paper-ai-addendum.md",
            "templates/common-paper-data-processing-agreement.md",
        ),
        (
            Expected("cloud-service-agreement.md", "3.1", "is_overridden_by", "dpa"),
            Expected("cloud-service-agreement.md", "13.9", "part_of", "order_form"),
            Expected("ai-addendum.md", "1.1", "part_of", "agreement"),
            Expected("data-processing-agreement.md", "9.1", "part_of", "agreement"),
            Expected("data-processing-agreement.md", "9.1", "overrides", "agreement"),
            Expected("data-processing-agreement.md", "9.1", "is_overridden_by", "sccs"),
            Expected("data-processing-agreement.md", "3.2", "incorporates", "sccs"),
            Expected("data-processing-agreement.md", "3.3", "incorporates", "sccs"),
            Expected("data-processing-agreement.md", "11.4", "part_of", "order_form"),
        ),
    ),
}


def _found(stack: Stack, expected: Expected) -> bool:
    return any(
        r.source.endswith(expected.source)
        and r.type.value == expected.type
        and r.target.kind.value == expected.kind
        and r.evidence.section.startswith(expected.section)
        for r in stack.references
    )


def _wrongly_not_met(stack: Stack, reviews: list, playbook_name: str = "buyer") -> list[str]:  # type: ignore[type-arg]
    playbook = load_playbook(playbook_name)
    by_path = {r.document.path: r for r in reviews}
    met: set[str] = set()
    for document in stack.documents:
        if document.role in GOVERNING_ROLES:
            review = by_path[document.path]
            ctx = Context(DocumentView.of(review.document), review.doc_type, review.answers)
            found, _ = run_checks(ctx, playbook, stack.audience)
            met |= {f.id for f in found if f.position == "met"}
    assessed = assess_stack(stack, reviews, playbook).assessment
    return [f.id for f in assessed.findings if f.id in met and f.position == "not_met"]


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (the corpus lives beside the repository)")
        return 0
    per_stack = {}
    total = hit = 0
    for name, (files, expected) in STACKS.items():
        paths = [CORPUS / f for f in files]
        started = time.perf_counter()
        reviews = [review_path(p) for p in paths]
        reviewed = time.perf_counter()
        stack = build_stack(reviews)
        built = time.perf_counter()
        found = [e for e in expected if _found(stack, e)]
        missed = [e for e in expected if e not in found]
        total += len(expected)
        hit += len(found)
        assessment = assess_stack(stack, reviews, load_playbook("buyer")).assessment
        per_stack[name] = {
            "documents": len(files),
            "expected_clauses": len(expected),
            "found": len(found),
            "missed": [f"{e.source} § {e.section or '(opening)'}: {e.type} {e.kind}" for e in missed],
            "relation_references": sum(1 for r in stack.references if r.pattern != "names a document"),
            "precedence_edges": len(stack.precedence),
            "missing_documents": len(stack.missing),
            "checks_not_met_though_met_in_the_stack": _wrongly_not_met(stack, reviews),
            "checks_not_provided": sum(1 for f in assessment.findings if f.position == "not_provided"),
            "review_seconds": round(reviewed - started, 3),
            "stack_seconds": round(built - reviewed, 3),
        }
    results = {
        "corpus": str(CORPUS),
        "clause_recall": round(hit / total, 3),
        "expected_clauses": total,
        "found": hit,
        "stacks": per_stack,
        "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
