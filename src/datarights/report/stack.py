"""The stack report: `datarights.stack/1` JSON, Markdown and one self-contained HTML page."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import PurePath
from typing import Any

import jinja2

from datarights.assess.stack import StackAssessment
from datarights.markup import markdown_text as _md
from datarights.model.findings import Evidence
from datarights.report.assessment import assessment_json
from datarights.stack.model import STACK_SCHEMA, CombinedAnswer, Reference, Resolution, Stack


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "section": e.section, "text": e.text, "basis": e.basis.value}


def _to(reference: Reference) -> str:
    """Where a reference points: a supplied path, or what it is when no file stands for it."""
    if reference.resolution in {Resolution.SUPPLIED, Resolution.SECTION}:
        return reference.resolved_path
    return f"{reference.resolution.value}:{reference.target.kind.value}"


def _answer(a: CombinedAnswer) -> dict[str, Any]:
    return {
        "position": a.position,
        "controlling_document": a.controlling_document,
        "basis": a.basis.value,
        "why": a.why,
        "evidence": [_evidence(e) for e in a.evidence],
        "conflicts": [
            {
                "document": c.other.path,
                "position": c.other.answer.position,
                "evidence": [_evidence(e) for e in c.other.answer.evidence[:2]],
                "controlling_evidence": [_evidence(e) for e in c.controlling.answer.evidence[:2]],
                "resolved_by": c.resolved_by.value,
            }
            for c in a.conflicts
        ],
        "documents": [
            {"path": d.path, "position": d.answer.position, "addressed": d.addressed} for d in a.others
        ],
    }


def stack_json(stack: Stack, assessed: StackAssessment | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "schema": STACK_SCHEMA,
        "counterparty": stack.counterparty,
        "audience": {"assumed": stack.audience.value, "why": stack.audience_reason},
        "documents": [
            {
                "path": d.path,
                "title": d.title,
                "doc_type": d.doc_type,
                "kind": d.kind.value,
                "audience": d.audience.audience.value,
                "audience_why": d.audience.rationale,
                "audience_evidence": [_evidence(e) for e in d.audience.evidence],
                "role": d.role.value,
                "role_why": d.role_reason,
                "effective": d.effective.isoformat() if d.effective else None,
            }
            for d in stack.documents
        ],
        "references": [
            {
                "from": r.source,
                "to": _to(r),
                "to_name": r.target.name,
                "to_kind": r.target.kind.value,
                "type": r.type.value,
                "resolution": r.resolution.value,
                "pattern": r.pattern,
                "section": r.section,
                "scope": r.scope,
                "evidence": _evidence(r.evidence),
            }
            for r in stack.references
        ],
        "precedence": [
            {
                "higher": e.higher,
                "lower": e.lower,
                "source": e.source,
                "scope": e.scope,
                "evidence": _evidence(e.evidence),
            }
            for e in stack.precedence
        ],
        "missing": [
            {
                "kind": m.kind.value,
                "name": m.name,
                "referenced_by": m.reference.source,
                "type": m.reference.type.value,
                "evidence": _evidence(m.reference.evidence),
            }
            for m in stack.missing
        ],
        "answers": {q.value: _answer(a) for q, a in stack.answers.items()},
    }
    if assessed is not None:
        body = assessment_json(assessed.assessment)
        for finding in body["findings"]:
            finding["document"] = assessed.source(finding["id"])
        payload["assessment"] = body
    return payload


def stack_schema() -> dict[str, Any]:
    """The JSON Schema of `datarights.stack/1`."""
    text = resources.files("datarights.report").joinpath("stack.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _name(path: str) -> str:
    return PurePath(path).name if "/" in path or "\\" in path else path


def _quote(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stack_markdown(stack: Stack, assessed: StackAssessment | None = None) -> str:
    title = f"Document stack: {stack.counterparty}" if stack.counterparty else "Document stack"
    lines = [
        f"# {_md(title)}",
        "",
        f"Audience assumed: **{stack.audience.value}** ({_md(stack.audience_reason)})",
        "",
    ]
    lines += [
        "## Documents",
        "",
        "| path | title | type | audience | role |",
        "| --- | --- | --- | --- | --- |",
    ]
    for d in stack.documents:
        lines.append(
            f"| `{d.path}` | {_md(d.title)} | {d.doc_type} | {d.audience.audience.value} | {d.role.value}: {_md(d.role_reason)} |"
        )
    lines += ["", "## Precedence graph", ""]
    if not stack.precedence:
        lines.append("No order-of-precedence clause links the supplied documents.")
    for e in stack.precedence:
        scope = f" ({_md(e.scope)})" if e.scope else ""
        lines.append(
            f"- `{_name(e.higher)}` > `{_name(e.lower)}`{scope} — {_name(e.source)} § {_md(e.evidence.section)}"
        )
    lines += ["", "## References", ""]
    for r in stack.references:
        if r.pattern == "names a document":
            continue
        lines.append(
            f"- `{_name(r.source)}` **{r.type.value}** {_md(r.target.name)} → `{_name(_to(r))}` "
            f"(§ {_md(r.evidence.section)}): “{_md(_quote(r.evidence.text, 240))}”"
        )
    if stack.missing:
        lines += ["", "## Referenced but not provided", ""]
        for m in stack.missing:
            lines.append(
                f"- {_md(m.name)} ({m.kind.value}), {m.reference.type.value} by `{_name(m.reference.source)}` § {_md(m.reference.evidence.section)}"
            )
    lines += [
        "",
        "## Answers for the whole deal",
        "",
        "| question | answer | controlling document | why |",
        "| --- | --- | --- | --- |",
    ]
    for q, a in stack.answers.items():
        lines.append(
            f"| {q.value} | `{a.position}` | {_name(a.controlling_document) or '—'} | {_md(a.why)} |"
        )
    for q, a in stack.answers.items():
        if not a.conflicts:
            continue
        lines += ["", f"### Conflict: {q.value}", ""]
        lead = a.evidence[0] if a.evidence else None
        if lead is not None:
            lines.append(
                f"- **{_name(a.controlling_document)}** (`{a.position}`, controls) § {_md(lead.section)}: “{_md(_quote(lead.text))}”"
            )
        for c in a.conflicts:
            other = c.other.answer.evidence[0] if c.other.answer.evidence else None
            cited = f" § {_md(other.section)}: “{_md(_quote(other.text))}”" if other else ""
            lines.append(f"- {_name(c.other.path)} (`{c.other.answer.position}`){cited}")
    if assessed is not None:
        judged = assessed.assessment
        lines += [
            "",
            "## Assessment over the stack",
            "",
            f"Grade **{judged.grade.letter}** ({judged.grade.score:g}/100), playbook {judged.playbook}",
            "",
        ]
        lines += ["| finding | position | verdict | document |", "| --- | --- | --- | --- |"]
        for f in judged.findings:
            lines.append(f"| {f.id} | `{f.position}` | {f.verdict.value} | {_name(assessed.source(f.id))} |")
        for f in judged.findings:
            if f.position == "not_provided":
                lines.append(f"\n- {f.id}: {_md(f.rationale)}")
        if judged.notes:
            lines += ["", "Not applied:", ""] + [f"- {_md(n)}" for n in judged.notes]
    return "\n".join(lines) + "\n"


_HTML = jinja2.Environment(
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined
)
_TEMPLATE = _HTML.from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
blockquote{margin:.3rem 0 .6rem 1rem;padding-left:.6rem;border-left:3px solid #aaa;color:#444}
.missing{color:#a40}.basis{font-size:.85em;color:#555}code{font-size:.9em}
</style></head><body><main>
<h1>{{ title }}</h1>
<p>Audience assumed: <strong>{{ s.audience.value }}</strong> ({{ s.audience_reason }})</p>
<h2>Documents</h2>
<table><tr><th>path</th><th>title</th><th>type</th><th>audience</th><th>role</th></tr>
{% for d in s.documents %}<tr><td><code>{{ d.path }}</code></td><td>{{ d.title }}</td><td>{{ d.doc_type }}</td><td>{{ d.audience.audience.value }}</td><td>{{ d.role.value }}: {{ d.role_reason }}</td></tr>
{% endfor %}</table>
<h2>Precedence graph</h2>
<ul>{% for e in s.precedence %}<li><code>{{ name(e.higher) }}</code> &gt; <code>{{ name(e.lower) }}</code>{% if e.scope %} ({{ e.scope }}){% endif %} — {{ name(e.source) }} § {{ e.evidence.section }}<blockquote>{{ quote(e.evidence.text) }}</blockquote></li>
{% else %}<li>No order-of-precedence clause links the supplied documents.</li>{% endfor %}</ul>
<h2>Answers for the whole deal</h2>
<table><tr><th>question</th><th>answer</th><th>controlling clause</th><th>conflicts</th></tr>
{% for q, a in s.answers.items() %}<tr><td>{{ q.value }}</td><td><code>{{ a.position }}</code></td>
<td>{% if a.controlling_document %}<strong>{{ name(a.controlling_document) }}</strong>{% if a.evidence %} § {{ a.evidence[0].section }}<blockquote>{{ quote(a.evidence[0].text) }}</blockquote>{% endif %}{% endif %}<div class="basis">{{ a.basis.value }}: {{ a.why }}</div></td>
<td>{% for c in a.conflicts %}<div>{{ name(c.other.path) }}: <code>{{ c.other.answer.position }}</code>{% if c.other.answer.evidence %} § {{ c.other.answer.evidence[0].section }}<blockquote>{{ quote(c.other.answer.evidence[0].text) }}</blockquote>{% endif %}</div>{% endfor %}</td></tr>
{% endfor %}</table>
<h2>References</h2>
<ul>{% for r in refs %}<li><code>{{ name(r.source) }}</code> <strong>{{ r.type.value }}</strong> {{ r.target.name }} → {% if r.resolution.value in ("supplied", "section") %}<code>{{ name(r.resolved_path) }}</code>{% else %}<span class="missing">{{ r.resolution.value }}</span>{% endif %} § {{ r.evidence.section }}<blockquote>{{ quote(r.evidence.text) }}</blockquote></li>{% endfor %}</ul>
{% if assessed %}<h2>Assessment over the stack</h2><p>Grade <strong>{{ assessed.assessment.grade.letter }}</strong> ({{ '%g' % assessed.assessment.grade.score }}/100)</p>
<table><tr><th>finding</th><th>position</th><th>verdict</th><th>document</th><th>rationale</th></tr>
{% for f in assessed.assessment.findings %}<tr><td>{{ f.id }}</td><td><code>{{ f.position }}</code></td><td>{{ f.verdict.value }}</td><td>{{ name(assessed.source(f.id)) }}</td><td>{{ f.rationale }}</td></tr>{% endfor %}</table>{% endif %}
</main></body></html>
"""
)


def stack_html(stack: Stack, assessed: StackAssessment | None = None) -> str:
    title = f"Document stack: {stack.counterparty}" if stack.counterparty else "Document stack"
    refs = [r for r in stack.references if r.pattern != "names a document"]
    return _TEMPLATE.render(title=title, s=stack, refs=refs, assessed=assessed, name=_name, quote=_quote)
