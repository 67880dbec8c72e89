"""Assess-stage commands: `assess` and `playbook validate` (registered onto the main group)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from datarights.assess.model import Assessment
from datarights.assess.playbook import BUILT_IN, Playbook, load_playbook
from datarights.cli.batch import Failure, expand_paths, finish, no_files_error, report
from datarights.errors import ConfigError
from datarights.ingest import IngestOptions
from datarights.model.review import Review
from datarights.pipeline import process_many
from datarights.report.assessment import assessment_html, assessment_json, assessment_markdown


def _render(assessments: list[tuple[Assessment, str]], fmt: str, single: bool) -> str:
    if fmt == "json":
        payload = [assessment_json(a) for a, _ in assessments]
        return (
            json.dumps(payload[0] if single else payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    if fmt == "md":
        return "\n\n".join(assessment_markdown(a) for a, _ in assessments)
    if len(assessments) != 1:
        raise ConfigError(
            "--format html writes one self-contained report per document: give one file, or use -o DIR"
        )
    a, text = assessments[0]
    return assessment_html(a, text)


def _render_stack(reviews: list[Review], playbook: Playbook, fmt: str) -> str:
    """The files judged as one deal: the assessment JSON with each finding's document, the stack
    Markdown, or the stack page."""
    from datarights.assess.stack import assess_stack
    from datarights.report.stack import stack_html, stack_json, stack_markdown
    from datarights.stack.build import build_stack

    stack = build_stack(reviews)
    assessed = assess_stack(stack, reviews, playbook)
    if fmt == "json":
        body = stack_json(stack, assessed)["assessment"]
        return json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return stack_markdown(stack, assessed) if fmt == "md" else stack_html(stack, assessed)


def _write(rendered: str, output: str | None) -> None:
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)


def register(group: click.Group) -> None:
    @group.command("assess")
    @click.argument("files", nargs=-1, required=True, type=click.Path())
    @click.option(
        "--playbook",
        "-p",
        "playbook_name",
        default="buyer",
        show_default=True,
        help=f"Built-in ({', '.join(BUILT_IN)}) or a YAML file.",
    )
    @click.option(
        "--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True
    )
    @click.option("--jobs", "-j", default=1, show_default=True, help="Documents reviewed in parallel.")
    @click.option("--max-size", default=50.0, show_default=True, help="Largest file to read, in MB.")
    @click.option(
        "-o",
        "--output",
        type=click.Path(),
        help="Write here instead of stdout; with several documents and --format html, a folder.",
    )
    @click.option(
        "--stack",
        "as_stack",
        is_flag=True,
        help="Judge the files as one deal (same as `datarights stack --assess`).",
    )
    def assess_command(
        files: tuple[str, ...],
        playbook_name: str,
        fmt: str,
        jobs: int,
        max_size: float,
        output: str | None,
        as_stack: bool,
    ) -> None:
        """Judge each document against a playbook and the legal checklists."""
        playbook = load_playbook(playbook_name)
        paths = list(expand_paths(files))
        if not paths:
            error = no_files_error(files)
            click.echo(f"error: {error}", err=True)
            raise SystemExit(error.exit_code)
        options = IngestOptions(max_bytes=int(max_size * 1024 * 1024))
        done: list[tuple[Assessment, str]] = []
        reviews: list[Review] = []
        failures: list[Failure] = []
        # A stack is judged as one deal, after every file is reviewed; otherwise each file is
        # assessed where it was reviewed.
        for outcome in process_many(paths, options, None if as_stack else playbook, jobs=jobs):
            if outcome.failure is not None:
                failures.append(report(outcome.failure))
            elif outcome.result is not None:
                processed = outcome.result
                if processed.assessment is None:
                    reviews.append(processed.review)
                else:
                    done.append((processed.assessment, processed.review.document.text))
        if as_stack:
            if reviews:
                _write(_render_stack(reviews, playbook, fmt), output)
            finish(failures, len(reviews) + len(failures))
            return
        if fmt == "html" and len(done) > 1:
            if output is None:
                raise ConfigError(
                    "several documents with --format html need -o DIR (one report per document)"
                )
            folder = Path(output)
            folder.mkdir(parents=True, exist_ok=True)
            for a, text in done:
                name = Path(a.document_path).stem or "document"
                target = folder / f"{name}.{a.document_sha256[:8]}.html"
                target.write_text(assessment_html(a, text), encoding="utf-8")
                click.echo(str(target))
        elif done:
            single = len(done) == 1 and not failures and len(files) == 1 and Path(files[0]).is_file()
            rendered = _render(done, fmt, single)
            if output:
                Path(output).write_text(rendered, encoding="utf-8")
            else:
                click.echo(rendered, nl=False)
        finish(failures, len(done) + len(failures))

    @group.group("playbook")
    def playbook_group() -> None:
        """Playbooks: the positions a party accepts, and how findings weigh."""

    @playbook_group.command("validate")
    @click.argument("file", type=click.Path())
    def validate(file: str) -> None:
        """Check a playbook YAML file against the schema; errors name the field."""
        playbook = load_playbook(file)
        click.echo(f"ok: {playbook.name} ({playbook.title}), {len(playbook.questions)} questions")

    @playbook_group.command("show")
    @click.argument("name", default="buyer")
    def show(name: str) -> None:
        """Print a playbook's rules: preferred, fallbacks, unacceptable and severity per question."""
        playbook = load_playbook(name)
        click.echo(f"{playbook.name}: {playbook.title}")
        for question, rule in playbook.questions.items():
            fallbacks = ", ".join(rule.fallbacks) or "-"
            unacceptable = ", ".join(rule.unacceptable) or "-"
            silence = f"; silence as {rule.silence_as}" if rule.silence_as else ""
            click.echo(
                f"  {question.value}: prefer {rule.preferred}; fallbacks {fallbacks}; unacceptable {unacceptable}; {rule.severity.value}{silence}"
            )
