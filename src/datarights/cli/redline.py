"""`datarights redline`: tracked changes, a reviewable diff and a negotiation memo."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from datarights.ingest import IngestOptions
from datarights.model import Format
from datarights.model.review import Review


def register(group: click.Group) -> None:
    @group.command()
    @click.argument("contract", type=click.Path(exists=True, dir_okay=False))
    @click.option(
        "--playbook", default="buyer", show_default=True, help="Built-in playbook name or a YAML file."
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["docx", "md", "html"]),
        default="docx",
        show_default=True,
        help="docx: tracked changes and comments; md/html: the same edits as a reviewable diff.",
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        help="Where to write (docx: required unless derived).",
    )
    @click.option(
        "--author",
        default="datarights",
        show_default=True,
        help="Author of the tracked changes and comments.",
    )
    @click.option(
        "--memo", type=click.Path(dir_okay=False), help="Also write a negotiation memo (.md or .html)."
    )
    @click.option(
        "--variant",
        type=click.Choice(["buyer", "balanced", "vendor"]),
        help="Clause variant to propose (default: follows the playbook).",
    )
    @click.option(
        "--instrument",
        type=click.Choice(["auto", "redline", "addendum"]),
        default="auto",
        show_default=True,
        help="auto: an AI data addendum for online terms, consumer terms and privacy policies; "
        "tracked changes for negotiated contracts.",
    )
    @click.option(
        "--stack",
        "stack_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="Another document of the deal (DPA, addendum, policies), repeatable: asks are planned from "
        "the deal's combined answers, and the memo says which document controls.",
    )
    @click.option("--max-size", default=50.0, show_default=True, help="Largest file to read, in MB.")
    def redline(
        contract: str,
        playbook: str,
        fmt: str,
        output: str | None,
        author: str,
        memo: str | None,
        variant: str | None,
        instrument: str,
        stack_files: tuple[str, ...],
        max_size: float,
    ) -> None:
        """Propose the playbook's clauses as Word tracked changes with comments."""
        from datarights.assess.playbook import load_playbook
        from datarights.pipeline import review_and_assess
        from datarights.redline.addendum import Instrument, addendum_docx, render_addendum
        from datarights.redline.clauses import Variant
        from datarights.redline.diff import render_diff
        from datarights.redline.docx import redline_docx
        from datarights.redline.memo import render_memo
        from datarights.redline.prepare import prepare

        path = Path(contract)
        options = IngestOptions(max_bytes=int(max_size * 1024 * 1024))
        rules = load_playbook(playbook)
        chosen = None if instrument == "auto" else Instrument(instrument)
        if stack_files:
            from datarights.redline.stack import stack_plan

            # The stack is assessed as a whole (`assess_stack`), so each file is only reviewed here.
            reviews: list[Review] = []
            for one in (path, *(Path(other) for other in stack_files)):
                read = review_and_assess(one, options)
                assert read is not None  # no on_error: failures raise
                reviews.append(read.review)
            review = reviews[0]
            plan = stack_plan(
                review, reviews[1:], rules, variant=Variant(variant or rules.stance), instrument=chosen
            )
        else:
            processed = review_and_assess(path, options, rules)
            assert processed is not None and processed.assessment is not None  # no on_error: failures raise
            review, assessment = processed.review, processed.assessment
            plan = prepare(
                review,
                assessment,
                variant=Variant(variant or rules.stance),
                instrument=chosen,
                playbook=rules,
            )
        for taken in plan.withdrawn:
            click.echo(
                f"note: an edit for {', '.join(taken.finding_ids)} was withdrawn: it would make "
                f"{taken.worsened} {taken.after.value.replace('_', ' ')}",
                err=True,
            )
        if plan.addendum is not None:
            # Published terms are not rewritten: the customer signs an addendum that prevails over them.
            click.echo(f"{path}: {plan.instrument_reason}; writing an AI data addendum instead", err=True)
            if fmt == "docx":
                target = Path(output) if output else path.with_name(f"{path.stem}.addendum.docx")
                target.write_bytes(addendum_docx(plan.addendum))
                click.echo(f"{target}: AI data addendum, {len(plan.addendum.clauses)} clauses", err=True)
            else:
                rendered = render_addendum(plan.addendum, fmt)
                if output:
                    Path(output).write_text(rendered, encoding="utf-8")
                else:
                    click.echo(rendered, nl=False)
        elif fmt == "docx":
            target = Path(output) if output else path.with_name(f"{path.stem}.redline.docx")
            source = path if review.document.format is Format.DOCX else None
            result = redline_docx(plan, source, author=author, date=datetime.now(UTC).replace(microsecond=0))
            target.write_bytes(result.data)
            for change, reason in result.skipped:
                click.echo(
                    f"warning: {change.section or 'change'} ({', '.join(change.finding_ids)}): {reason}",
                    err=True,
                )
            click.echo(f"{target}: {len(result.applied)} changes, {len(result.skipped)} not placed", err=True)
        else:
            rendered = render_diff(plan, fmt)
            if output:
                Path(output).write_text(rendered, encoding="utf-8")
            else:
                click.echo(rendered, nl=False)
        if memo:
            Path(memo).write_text(
                render_memo(plan, "html" if memo.endswith((".html", ".htm")) else "md"), encoding="utf-8"
            )
