"""The assessment as JSON (`schema: datarights.assessment/1`), Markdown and one self-contained HTML file.

Contract text is untrusted input: the HTML template autoescapes everything, and
the Markdown escapes markup characters in quotes.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
import markupsafe

from datarights.assess.checks.base import CheckGroup
from datarights.assess.model import ASSESSMENT_SCHEMA, Assessment, Finding, FindingKind, Severity, Verdict
from datarights.assess.risk import FORMULA, SEVERITY_WEIGHT
from datarights.markup import markdown_text as _md  # also imported from here by tests
from datarights.model.findings import Evidence

GROUP_TITLES: dict[str, str] = {
    CheckGroup.GDPR_ART28.value: "GDPR Art. 28(3): processor contract",
    CheckGroup.CCPA_SERVICE_PROVIDER.value: "CCPA service-provider terms",
    CheckGroup.US_STATE_PROCESSOR.value: "US state processor laws (VA, CO, CT, TX, OR)",
    CheckGroup.DEIDENTIFICATION.value: "De-identification standard",
    CheckGroup.MODEL_LIFECYCLE.value: "Model lifecycle",
    CheckGroup.SUBPROCESSORS.value: "Sub-processors and model providers",
    CheckGroup.TRANSPARENCY.value: "Transparency",
    CheckGroup.TERMS_CHANGES.value: "Changes to data-use terms",
}
VERIFICATION = {
    "V": "verified in the official text",
    "S": "from a reputable secondary source",
    "K": "background knowledge, not re-checked: verify before relying on it",
}
VERDICT_LABEL = {
    Verdict.ACCEPTABLE: "Acceptable",
    Verdict.NEEDS_REVIEW: "Needs review",
    Verdict.NOT_ACCEPTABLE: "Not acceptable",
}


def _evidence_json(e: Evidence) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "section": e.section, "text": e.text, "basis": e.basis.value}


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "kind": f.kind.value,
        "group": f.group,
        "title": f.title,
        "position": f.position,
        "judged_as": f.judged_as,
        "verdict": f.verdict.value,
        "verdict_basis": f.verdict_basis,
        "severity": f.severity.value,
        "confidence": round(f.confidence, 2),
        "evidence": [_evidence_json(e) for e in f.evidence],
        "rationale": f.rationale,
        "why_it_matters": f.why_it_matters,
        "ask": f.ask,
        "citations": [{"label": c.label, "verification": c.verification, "url": c.url} for c in f.citations],
        "model_clauses": list(f.model_clauses),
    }


def assessment_json(a: Assessment) -> dict[str, Any]:
    counts = Counter(f.verdict.value for f in a.findings)
    return {
        "schema": ASSESSMENT_SCHEMA,
        "document": {
            "path": a.document_path,
            "sha256": a.document_sha256,
            "format": a.document_format,
            "doc_type": a.doc_type,
            "title": a.document_title,
        },
        "playbook": {"name": a.playbook, "title": a.playbook_title},
        "grade": {"letter": a.grade.letter, "score": a.grade.score, "formula": a.grade.formula},
        "summary": dict(a.summary),
        "summary_findings": {k: list(v) for k, v in a.summary_findings.items()},
        "counts": {v.value: counts.get(v.value, 0) for v in Verdict},
        "findings": [finding_json(f) for f in a.findings],
        "notes": list(a.notes),
        "audience": a.audience,
        "audience_reason": a.audience_reason,
    }


def assessment_schema() -> dict[str, Any]:
    """The JSON Schema of `datarights.assessment/1`, for consumers and tests."""
    text = resources.files("datarights.report").joinpath("assessment.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- Markdown ----------------------------------------------------------------------------------


def display_title(a: Assessment) -> str:
    """The document's title when it looks like one (ingest may pick up a stray heading), else its file name."""
    title = " ".join(a.document_title.split())
    if title and len(title) <= 90 and not title.endswith((":", ",", ";")):
        return title
    return a.document_path.replace("\\", "/").rsplit("/", 1)[-1] or a.document_path


def _code(text: str) -> str:
    return text.replace("`", "'")


def _quote(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def assessment_markdown(a: Assessment) -> str:
    lines = [
        f"# Data-rights assessment: {_md(display_title(a))}",
        "",
        f"- File: `{_code(a.document_path)}` ({a.document_format}, {a.doc_type})",
        f"- sha256: `{a.document_sha256}`",
        f"- Playbook: **{a.playbook}** ({_md(a.playbook_title)})",
        f"- Grade: **{a.grade.letter}** ({a.grade.score:g}/100)",
        *([f"- Audience assumed: **{a.audience}** ({_md(a.audience_reason)})"] if a.audience else []),
        "",
        "## Summary",
        "",
        "| question | answer | findings |",
        "| --- | --- | --- |",
    ]
    for headline, answer in a.summary.items():
        links = ", ".join(f"[{i}](#{i})" for i in a.summary_findings.get(headline, ()))
        lines.append(f"| {headline} | {_md(answer)} | {links} |")
    counts = Counter(f.verdict for f in a.findings)
    lines += ["", " · ".join(f"{VERDICT_LABEL[v]}: {counts.get(v, 0)}" for v in Verdict), ""]
    for title, findings in _sections(a):
        lines += [f"## {title}", ""]
        for f in findings:
            lines += [f'<a id="{f.id}"></a>', "", f"### {_md(f.title)} (`{f.id}`)", ""]
            judged = f" (judged as `{f.judged_as}`)" if f.judged_as else ""
            lines.append(
                f"**{VERDICT_LABEL[f.verdict]}** · severity **{f.severity.value}** · position `{f.position}`{judged} · confidence {f.confidence:.2f}"
            )
            lines += ["", _md(f.rationale), ""]
            if f.evidence:
                for e in f.evidence:
                    where = f"§ {_md(e.section)}, " if e.section else ""
                    lines.append(f"> {_md(_quote(e.text))}  \n> — {where}chars {e.start}–{e.end}")
                    lines.append("")
            else:
                lines += ["_No clause found: the finding rests on the document's silence._", ""]
            lines += [
                f"**Why it matters.** {_md(f.why_it_matters)}",
                "",
                f"**What to ask for.** {_md(f.ask)}",
                "",
            ]
            if f.citations:
                lines.append(
                    "**Sources.** " + "; ".join(f"{_md(c.label)} [{c.verification}]" for c in f.citations)
                )
                lines.append("")
            if f.model_clauses:
                lines += ["**Model clauses.** " + ", ".join(f"`{m}`" for m in f.model_clauses), ""]
    lines += ["## How the grade is computed", "", _md(a.grade.formula), ""]
    lines += ["Citation marks: " + "; ".join(f"[{k}] {v}" for k, v in VERIFICATION.items()), ""]
    if a.notes:
        lines += ["## Not applied", ""] + [f"- {_md(n)}" for n in a.notes] + [""]
    return "\n".join(lines)


def _sections(a: Assessment) -> list[tuple[str, list[Finding]]]:
    sections: list[tuple[str, list[Finding]]] = [
        ("The eleven data-rights questions", [f for f in a.findings if f.kind is FindingKind.QUESTION])
    ]
    for group in CheckGroup:
        members = [f for f in a.findings if f.kind is FindingKind.CHECK and f.group == group.value]
        if members:
            sections.append((GROUP_TITLES[group.value], members))
    return sections


# --- HTML --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    anchors: tuple[str, ...]
    text: str
    marked: bool


def span_id(e: Evidence) -> str:
    return f"d-{e.start}-{e.end}"


def document_segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """Split `text` so every evidence span has an anchor at its start and the union of spans is marked."""
    spans = sorted({(max(0, s), min(len(text), e)) for s, e in spans if s < e})
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    anchors: dict[int, list[str]] = {}
    for s, e in spans:
        anchors.setdefault(s, []).append(f"d-{s}-{e}")
    cuts = sorted({0, len(text), *anchors, *(m[0] for m in merged), *(m[1] for m in merged)})
    segments: list[Segment] = []
    i = 0
    for a, b in itertools.pairwise(cuts):
        while i < len(merged) and merged[i][1] <= a:
            i += 1
        marked = i < len(merged) and merged[i][0] <= a < merged[i][1]
        segments.append(Segment(tuple(anchors.get(a, ())), text[a:b], marked))
    return segments


def codeify(text: str) -> markupsafe.Markup:
    """Escape `text`, then show `backticked` words as code."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # unbalanced: show as typed
        return markupsafe.escape(text)
    out = [
        markupsafe.escape(p) if i % 2 == 0 else markupsafe.Markup("<code>%s</code>") % p
        for i, p in enumerate(parts)
    ]
    return markupsafe.Markup("").join(out)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("datarights.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["squash"] = lambda s: " ".join(str(s).split())
    env.filters["codeify"] = codeify
    return env


def assessment_html(a: Assessment, document_text: str) -> str:
    """One self-contained HTML page (no external assets); `document_text` is the reviewed text that offsets refer to."""
    spans = [(e.start, e.end) for f in a.findings for e in f.evidence]
    counts = Counter(f.verdict for f in a.findings)
    attention = sorted(
        (f for f in a.findings if f.verdict is not Verdict.ACCEPTABLE),
        key=lambda f: (
            f.verdict is not Verdict.NOT_ACCEPTABLE,
            -SEVERITY_WEIGHT[f.severity],
            f.kind is not FindingKind.QUESTION,
            f.id,
        ),
    )
    template = _environment().get_template("assessment.html.j2")
    return template.render(
        a=a,
        title=display_title(a),
        sections=_sections(a),
        findings_by_id={f.id: f for f in a.findings},
        counts=[(v, VERDICT_LABEL[v], counts.get(v, 0)) for v in Verdict],
        attention=attention[:8],
        attention_more=max(0, len(attention) - 8),
        segments=document_segments(document_text, spans),
        span_id=span_id,
        verdict_label=VERDICT_LABEL,
        verification=VERIFICATION,
        formula=FORMULA,
        severities=[s.value for s in Severity],
    )
