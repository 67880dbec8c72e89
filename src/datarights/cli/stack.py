"""`datarights stack`: the documents of one deal read together (files, or a register
counterparty's current versions)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from datarights.assess.playbook import BUILT_IN, load_playbook
from datarights.assess.stack import assess_stack
from datarights.cli.batch import Failure, expand_paths, finish, no_files_error, report
from datarights.errors import ConfigError
from datarights.ingest import IngestOptions
from datarights.markup import markdown_text
from datarights.model.questions import QuestionId
from datarights.model.review import Review
from datarights.pipeline import process_many
from datarights.report.stack import stack_html, stack_json, stack_markdown
from datarights.stack.build import StackOptions, build_stack
from datarights.stack.model import Audience


def _portfolio(db_url: str | None, fmt: str, output: str | None) -> None:
    from datarights.store.register import Register  # SQLAlchemy loads only for the register
    from datarights.store.stacks import stack_rows

    with Register(db_url) as register:
        rows = stack_rows(register)
    if fmt == "json":
        payload = [
            {
                "counterparty": r.counterparty,
                "documents": r.documents,
                "audience": r.audience,
                "missing": list(r.missing),
                "answers": {
                    q.value: {"position": r.positions[q], "controlling_document": r.controlling[q]}
                    for q in QuestionId
                },
            }
            for r in rows
        ]
        rendered = json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    else:
        head = ["counterparty", "documents", "audience", *(q.value for q in QuestionId), "missing"]
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for r in rows:
            cells = [
                r.counterparty,
                str(r.documents),
                r.audience,
                *(f"{r.positions[q]} ({Path(r.controlling[q]).name or '—'})" for q in QuestionId),
                ", ".join(r.missing) or "—",
            ]
            lines.append("| " + " | ".join(markdown_text(c) for c in cells) + " |")
        rendered = "\n".join(lines) + "\n"
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)


def register(group: click.Group) -> None:
    @group.command("stack")
    @click.argument("files", nargs=-1, type=click.Path())
    @click.option(
        "--counterparty", help="Name the deal; without FILES, read its current versions from the register."
    )
    @click.option(
        "--db", "db_url", metavar="URL", help="Register database (with --counterparty and no FILES)."
    )
    @click.option(
        "--audience",
        type=click.Choice(["auto", *(a.value for a in Audience if a is not Audience.UNKNOWN)]),
        default="auto",
        show_default=True,
        help="Who the customer is; auto reads it from the documents.",
    )
    @click.option(
        "--portfolio",
        is_flag=True,
        help="With --db and no FILES: one row per counterparty stack (combined answers, controlling files).",
    )
    @click.option(
        "--assess", "with_assessment", is_flag=True, help="Also judge the stack against a playbook."
    )
    @click.option(
        "--playbook",
        "-p",
        default="buyer",
        show_default=True,
        help=f"With --assess: {', '.join(BUILT_IN)} or a YAML file.",
    )
    @click.option(
        "--format", "fmt", type=click.Choice(["json", "md", "html"]), default="md", show_default=True
    )
    @click.option("--max-size", default=50.0, show_default=True, help="Largest file to read, in MB.")
    @click.option("-o", "--output", type=click.Path(), help="Write here instead of stdout.")
    def stack_command(
        files: tuple[str, ...],
        counterparty: str | None,
        db_url: str | None,
        audience: str,
        portfolio: bool,
        with_assessment: bool,
        playbook: str,
        fmt: str,
        max_size: float,
        output: str | None,
    ) -> None:
        """Read a deal's documents together: references, order of precedence, audience, and for
        every question the combined answer with the document that controls it."""
        failures: list[Failure] = []
        if portfolio:
            if files:
                raise ConfigError("--portfolio reads the register: give --db, not FILES")
            _portfolio(db_url, fmt, output)
            return
        if files:
            paths = list(expand_paths(files))
            if not paths:
                error = no_files_error(files)
                click.echo(f"error: {error}", err=True)
                raise SystemExit(error.exit_code)
            reviews: list[Review] = []
            for outcome in process_many(paths, IngestOptions(max_bytes=int(max_size * 1024 * 1024))):
                if outcome.failure is not None:
                    failures.append(report(outcome.failure))
                elif outcome.result is not None:
                    reviews.append(outcome.result.review)
        elif counterparty:
            from datarights.store.register import Register  # SQLAlchemy loads only for the register
            from datarights.store.stacks import current_reviews

            with Register(db_url) as register:
                reviews = current_reviews(register, counterparty)
        else:
            raise ConfigError("give the deal's files, or --counterparty NAME to read them from the register")
        if reviews:
            options = StackOptions(None if audience == "auto" else Audience(audience), counterparty or "")
            stack = build_stack(reviews, options)
            assessed = assess_stack(stack, reviews, load_playbook(playbook)) if with_assessment else None
            if fmt == "json":
                rendered = (
                    json.dumps(stack_json(stack, assessed), indent=2, ensure_ascii=False, sort_keys=True)
                    + "\n"
                )
            elif fmt == "html":
                rendered = stack_html(stack, assessed)
            else:
                rendered = stack_markdown(stack, assessed)
            if output:
                Path(output).write_text(rendered, encoding="utf-8")
            else:
                click.echo(rendered, nl=False)
        finish(failures, len(reviews) + len(failures))
