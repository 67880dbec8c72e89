"""The redline as a reviewable diff: each change with its section, old and new text, and reason."""

from __future__ import annotations

import html

from datarights.redline.docx import comment_text
from datarights.redline.plan import Change, RedlinePlan


def _old_new(plan: RedlinePlan, change: Change) -> tuple[str, str]:
    text = plan.document.text
    start, end = change.anchor
    if change.edit is None:
        return text[start:end], ""
    return text[change.edit.start : change.edit.end], change.edit.replacement.strip()


def _title(change: Change) -> str:
    where = change.section or "(no section)"
    what = change.placement.value
    return (
        f"{where}: {what} ({', '.join(change.finding_ids)}; {change.applicability.value.replace('_', ' ')})"
    )


def render_diff_markdown(plan: RedlinePlan) -> str:
    lines = [f"# Redline: {plan.document.title or plan.document.path}", ""]
    lines.append(f"Playbook `{plan.playbook}`, {plan.variant.value} clauses, {len(plan.changes)} changes.")
    for number, change in enumerate(plan.changes, 1):
        old, new = _old_new(plan, change)
        lines += ["", f"## {number}. {_title(change)}", ""]
        lines += [f"> {line}" for line in comment_text(change).splitlines()]
        lines += ["", "```diff"]
        if old:
            lines.append(f"- {old}" if change.edit is not None else f"  {old}")
        if new:
            lines.append(f"+ {new}")
        lines.append("```")
    return "\n".join(lines) + "\n"


def render_diff_html(plan: RedlinePlan) -> str:
    esc = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Redline: {esc(plan.document.title or plan.document.path)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.5}"
        "del{background:#fde2e1;color:#8a1c1c}ins{background:#e3f6e5;color:#14532d;text-decoration:none}"
        "aside{border-left:3px solid #999;padding-left:.75rem;color:#333;white-space:pre-line}</style>",
        "</head><body>",
        f"<h1>Redline: {esc(plan.document.title or plan.document.path)}</h1>",
        f"<p>Playbook <code>{esc(plan.playbook)}</code>, {esc(plan.variant.value)} clauses, "
        f"{len(plan.changes)} changes.</p>",
    ]
    for number, change in enumerate(plan.changes, 1):
        old, new = _old_new(plan, change)
        parts.append(f"<section><h2>{number}. {esc(_title(change))}</h2><p>")
        if old:
            parts.append(f"<del>{esc(old)}</del>" if change.edit is not None else f"<mark>{esc(old)}</mark>")
        if new:
            parts.append(f"<ins>{esc(new)}</ins>")
        parts.append(f"</p><aside>{esc(comment_text(change))}</aside></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_diff(plan: RedlinePlan, fmt: str) -> str:
    return render_diff_html(plan) if fmt == "html" else render_diff_markdown(plan)
