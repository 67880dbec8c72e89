"""The machine-readable review (`schema: datarights.review/1`) and its human renderings."""

from __future__ import annotations

from typing import Any

from datarights.model.findings import Answer, Evidence
from datarights.model.review import Review
from datarights.report.repeats import repeats_json, repeats_note

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
            # Added within review/1: repeated text is read once; both empty/equal when nothing repeats.
            "reviewed_chars": document.reviewed_chars,
            "repeats": repeats_json(document),
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
        *([f"- {note}"] if (note := repeats_note(document)) else []),
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
        first = deciding_evidence(answer)
        cite = f"{first.section or '—'}: {_quote(first.text, 90)}" if first else ""
        rows.append((question.value, answer.position.value, f"{answer.confidence:.2f}", cite))
    return rows


def deciding_evidence(answer: Answer) -> Evidence | None:
    """The cited span the answer rests on: the one holding the clause of its strongest hit (evidence
    is listed in document order, so the first span may be a definition or a lead-in)."""
    for hit in answer.hits:
        if hit.position != answer.position or not hit.evidence:
            continue
        clause = hit.evidence[0]
        for evidence in answer.evidence:
            if evidence.start <= clause.start and clause.end <= evidence.end:
                return evidence
    return answer.evidence[0] if answer.evidence else None
