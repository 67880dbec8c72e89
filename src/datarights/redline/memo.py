"""The negotiation memo: one entry per ask, with what the contract says, why it matters,
the proposed clause and a fallback."""

from __future__ import annotations

import html

from datarights.redline.clauses import Variant, load_library
from datarights.redline.plan import Ask, Change, RedlinePlan

_FALLBACK = {Variant.BUYER: Variant.BALANCED, Variant.BALANCED: Variant.VENDOR}


def _entries(plan: RedlinePlan) -> list[tuple[Change, Ask]]:
    return [(change, ask) for change in plan.changes for ask in change.asks]


def _fallback(plan: RedlinePlan, ask: Ask) -> str:
    if ask.clause is None or ask.clause.variant not in _FALLBACK:
        return ""
    other = load_library().clauses.get(f"{ask.clause.topic}.{_FALLBACK[ask.clause.variant]}")
    return other.render(plan.variables) if other is not None else ""


def _context(plan: RedlinePlan) -> list[str]:
    """For a redline planned from a stack: what the deal's other documents give and control."""
    if not plan.context:
        return []
    return ["## The deal", "", *(f"- {line}" for line in plan.context), ""]


def render_memo_markdown(plan: RedlinePlan) -> str:
    document = plan.document
    lines = [
        f"# Negotiation memo: {document.title or document.path}",
        "",
        f"Playbook `{plan.playbook}`. Each ask below is also a tracked change or comment in the redline.",
        "",
        *_context(plan),
        "| # | section | ask | severity | status |",
        "| --- | --- | --- | --- | --- |",
    ]
    entries = _entries(plan)
    for number, (change, ask) in enumerate(entries, 1):
        f = ask.finding
        status = f"{f.verdict.value.replace('_', ' ')}; {ask.applicability.value.replace('_', ' ')}"
        lines.append(f"| {number} | {change.section or '-'} | {f.title} | {f.severity.value} | {status} |")
    for number, (change, ask) in enumerate(entries, 1):
        f = ask.finding
        lines += ["", f"## {number}. {f.title}", ""]
        lines.append(f"**Where:** {change.section or 'not addressed'} · **position:** `{f.position}`")
        start, end = change.anchor
        if end > start:
            lines += ["", "**The contract says:**", "", f"> {document.text[start:end]}"]
        lines += ["", f"**Why it matters:** {f.why_it_matters}", "", f"**Ask:** {f.ask}"]
        if ask.clause is not None:
            lines += ["", f"**Proposed clause** (`{ask.clause.id}`):", "", f"> {ask.clause_text}"]
            fallback = _fallback(plan, ask)
            if fallback:
                lines += ["", "**Fallback:**", "", f"> {fallback}"]
        elif not ask.clause_text and change.edit is not None:
            lines += ["", "Covered by the clause proposed for the same text above."]
        if f.citations:
            lines += ["", "**Sources:** " + "; ".join(f"{c.label} [{c.verification}]" for c in f.citations)]
    return "\n".join(lines) + "\n"


def render_addendum_memo_markdown(plan: RedlinePlan) -> str:
    """For published terms: each addendum clause, the findings it answers and why."""
    addendum = plan.addendum
    assert addendum is not None
    lines = [
        f"# Negotiation memo: {plan.document.title or plan.document.path}",
        "",
        f"Playbook `{plan.playbook}`. {plan.instrument_reason[:1].upper()}{plan.instrument_reason[1:]}: "
        f"the asks below are clauses of the {addendum.title}, which prevails over the terms.",
        *(["", *_context(plan)[:-1]] if plan.context else []),
    ]
    for clause in addendum.clauses:
        if not clause.asks:
            continue
        lines += ["", f"## {clause.number} {clause.heading}", "", f"> {clause.text}"]
        for ask in clause.asks:
            f = ask.finding
            lines += [
                "",
                f"- **{f.title}** ({f.verdict.value.replace('_', ' ')}, {f.severity.value}): {f.why_it_matters}",
            ]
            if f.ask:
                lines.append(f"  Ask: {f.ask}")
    for taken in plan.withdrawn:
        lines += [
            "",
            f"Not proposed for {', '.join(taken.finding_ids)}: it would make {taken.worsened} worse.",
        ]
    return "\n".join(lines) + "\n"


def render_memo(plan: RedlinePlan, fmt: str = "md") -> str:
    text = render_addendum_memo_markdown(plan) if plan.addendum is not None else render_memo_markdown(plan)
    if fmt != "html":
        return text
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(text)
    title = html.escape(plan.document.title or plan.document.path)
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Memo: {title}</title></head><body>{body}</body></html>\n'
