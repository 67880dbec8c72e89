"""The machine-readable review (`schema: datarights.review/1`) and its human renderings."""

from __future__ import annotations

from typing import Any

from datarights.detect.engine import Review
from datarights.detect.findings import Answer

SCHEMA = "datarights.review/1"


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "position": answer.position,
        "confidence": round(answer.confidence, 2),
        "evidence": [
            {"start": e.start, "end": e.end, "section": e.section, "text": e.text, "basis": e.basis.value}
            for e in answer.evidence
        ],
        "rationale": answer.rationale,
        "detector": answer.detector,
        "needs_review": answer.needs_review,
    }


def review_json(review: Review) -> dict[str, Any]:
    document = review.document
    return {
        "schema": SCHEMA,
        "document": {
            "path": document.path,
            "sha256": document.sha256,
            "format": document.format.value,
            "doc_type": review.doc_type,
            "chars": len(document.text),
        },
        "answers": {question.value: answer_json(answer) for question, answer in review.answers.items()},
    }


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def review_markdown(review: Review) -> str:
    document = review.document
    lines = [
        f"# Review: {document.title or document.path}",
        "",
        f"- File: `{document.path}` ({document.format.value}, {review.doc_type}, {len(document.text):,} chars)",
        f"- sha256: `{document.sha256}`",
        "",
        "| question | position | confidence |",
        "| --- | --- | --- |",
    ]
    for question, answer in review.answers.items():
        lines.append(f"| `{question.value}` | **{answer.position}** | {answer.confidence:.2f} |")
    for question, answer in review.answers.items():
        lines += ["", f"## {question.value}: {answer.position}", "", answer.rationale]
        if answer.needs_review:
            lines += ["", "**Needs review:** the clauses below conflict; the riskier reading was taken."]
        for evidence in answer.evidence:
            where = f"§ {evidence.section}, " if evidence.section else ""
            lines.append(f"> {_quote(evidence.text)}  \n> — {where}chars {evidence.start}–{evidence.end}")
    return "\n".join(lines) + "\n"


def review_table_rows(review: Review) -> list[tuple[str, str, str, str]]:
    rows = []
    for question, answer in review.answers.items():
        first = answer.evidence[0] if answer.evidence else None
        cite = f"{first.section or '—'}: {_quote(first.text, 90)}" if first else ""
        rows.append((question.value, answer.position, f"{answer.confidence:.2f}", cite))
    return rows
