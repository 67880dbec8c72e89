"""`datarights stack`: the documents of one deal read together (files, or a register
counterparty's current versions)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from datarights.assess.playbook import BUILT_IN, load_playbook
from datarights.assess.stack import assess_stack
from datarights.cli.batch import Failure, expand_paths, finish, no_files_error
from datarights.detect.batch import review_many
from datarights.detect.engine import Review, review_document
from datarights.errors import ConfigError
from datarights.ingest import IngestOptions
from datarights.report.stack import stack_html, stack_json, stack_markdown
from datarights.stack.build import StackOptions, build_stack
from datarights.stack.model import Audience


def current_reviews(counterparty: str, db_url: str | None) -> list[Review]:
    """The counterparty's current version of each document type, rebuilt from the register."""
    from datarights.store.register import Register  # SQLAlchemy loads only for the register

    with Register(db_url) as register:
        latest: dict[str, str] = {}
        for version in register.versions(counterparty):
            latest[version.doc_type] = version.sha256  # oldest first: the last one is current
        if not latest:
            raise ConfigError(f"no stored versions for counterparty {counterparty!r}")
        reviews = []
        for doc_type, sha256 in latest.items():
            document = register.stored_document(sha256)
            if document is None:
                raise ConfigError(
                    f"{counterparty} / {doc_type}: the register keeps no text for version {sha256[:12]}; re-add the file"
                )
            reviews.append(review_document(document))
    return reviews


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
        with_assessment: bool,
        playbook: str,
        fmt: str,
        max_size: float,
        output: str | None,
    ) -> None:
        """Read a deal's documents together: references, order of precedence, audience, and for
        every question the combined answer with the document that controls it."""
        failures: list[Failure] = []
        if files:
            paths = list(expand_paths(files))
            if not paths:
                error = no_files_error(files)
                click.echo(f"error: {error}", err=True)
                raise SystemExit(error.exit_code)
            reviews: list[Review] = []
            for outcome in review_many(paths, IngestOptions(max_bytes=int(max_size * 1024 * 1024)), 1):
                if outcome.error is not None:
                    failures.append(Failure(str(outcome.path), outcome.error))
                    click.echo(f"error: {outcome.error}", err=True)
                elif outcome.review is not None:
                    reviews.append(outcome.review)
        elif counterparty:
            reviews = current_reviews(counterparty, db_url)
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
