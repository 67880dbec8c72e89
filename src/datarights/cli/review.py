"""Review-stage commands: `review` and `eval` (registered onto the main group)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from datarights.cli.batch import Failure, expand_paths, finish, no_files_error, report
from datarights.evaluate import evaluate, is_held_out, load_labels, split_labels
from datarights.ingest import IngestOptions
from datarights.model.review import Review
from datarights.pipeline import process_many
from datarights.report.review import review_json, review_markdown, review_table_rows


def _review_paths(
    files: tuple[str, ...], options: IngestOptions, jobs: int
) -> tuple[list[Review], list[Failure]]:
    paths = list(expand_paths(files))
    if not paths:
        error = no_files_error(files)
        click.echo(f"error: {error}", err=True)
        raise SystemExit(error.exit_code)
    reviews: list[Review] = []
    failures: list[Failure] = []
    for outcome in process_many(paths, options, jobs=jobs):
        if outcome.failure is not None:
            failures.append(report(outcome.failure))
        elif outcome.result is not None:
            reviews.append(outcome.result.review)
    return reviews, failures


def _print_table(reviews: list[Review]) -> None:
    console = Console()
    for review in reviews:
        table = Table(title=review.document.path, show_lines=False)
        for column in ("question", "position", "conf.", "evidence"):
            table.add_column(column, overflow="fold")
        for row in review_table_rows(review):
            table.add_row(*row)
        console.print(table)


def register(group: click.Group) -> None:
    @group.command()
    @click.argument("files", nargs=-1, required=True, type=click.Path())
    @click.option(
        "--format", "fmt", type=click.Choice(["json", "md", "table"]), default="table", show_default=True
    )
    @click.option("--jobs", "-j", default=1, show_default=True, help="Documents reviewed in parallel.")
    @click.option("--max-size", default=50.0, show_default=True, help="Largest file to read, in MB.")
    @click.option(
        "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout."
    )
    def review(files: tuple[str, ...], fmt: str, jobs: int, max_size: float, output: str | None) -> None:
        """Answer the data-rights questions for each document, with evidence."""
        options = IngestOptions(max_bytes=int(max_size * 1024 * 1024))
        reviews, failures = _review_paths(files, options, jobs)
        if fmt == "json":
            payload = [review_json(r) for r in reviews]
            single = len(payload) == 1 and not failures and len(files) == 1 and Path(files[0]).is_file()
            rendered = json.dumps(payload[0] if single else payload, indent=2, ensure_ascii=False)
        elif fmt == "md":
            rendered = "\n".join(review_markdown(r) for r in reviews)
        else:
            rendered = ""
            if output is None:
                _print_table(reviews)
        if output:
            Path(output).write_text(
                rendered if fmt != "table" else json.dumps([review_json(r) for r in reviews]),
                encoding="utf-8",
            )
        elif rendered:
            click.echo(rendered)
        finish(failures, len(reviews) + len(failures))

    @group.command("eval")
    @click.argument("labels", type=click.Path(exists=True, dir_okay=False))
    @click.option(
        "--corpus",
        type=click.Path(exists=True, file_okay=False),
        required=True,
        help="Folder the labels' files are relative to.",
    )
    @click.option("--jobs", "-j", default=1, show_default=True)
    @click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the figures as JSON here.")
    @click.option("--errors/--no-errors", "show_errors", default=False, help="List every wrong answer.")
    def eval_command(labels: str, corpus: str, jobs: int, output: str | None, show_errors: bool) -> None:
        """Score reviews against human labels (accuracy, macro-F1, evidence recall)."""
        documents = load_labels(Path(labels))
        paths = [Path(corpus) / d.file for d in documents]
        reviews: dict[str, Review] = {}
        failures: list[Failure] = []
        outcomes = process_many(paths, IngestOptions(), jobs=jobs)
        for document, outcome in zip(documents, outcomes, strict=True):
            if outcome.result is not None:
                reviews[document.file] = outcome.result.review
            elif outcome.failure is not None:
                failures.append(report(Failure(document.file, outcome.failure.error, outcome.failure.step)))
        development, held_out = split_labels(documents, is_held_out)
        results = {
            "all": evaluate(documents, reviews),
            "development": evaluate(development, reviews),
            "held_out": evaluate(held_out, reviews),
        }
        table = Table(
            title=f"{len(reviews)} documents ({len(development)} development, {len(held_out)} held out)"
        )
        table.add_column("question")
        for name in results:
            table.add_column(f"{name} acc")
        table.add_column("macro-F1 (all)")
        table.add_column("evidence recall (all)")
        for question, score in results["all"].scores.items():
            recall = f"{score.evidence_found}/{score.evidence_total}" if score.evidence_total else "—"
            table.add_row(
                question.value,
                *(f"{r.scores[question].accuracy:.3f}" for r in results.values()),
                f"{score.macro_f1:.3f}",
                recall,
            )
        table.add_row(
            "overall",
            *(f"{r.accuracy:.3f}" for r in results.values()),
            "",
            f"{results['all'].evidence_recall:.3f}",
        )
        console = Console()
        console.print(table)
        reassurance = results["all"].false_reassurance
        console.print(f"false reassurance (training_use): {len(reassurance)}")
        for line in reassurance:
            console.print(f"  {line}")
        if show_errors:
            for line in results["all"].errors():
                console.print(f"  ✗ {line}")
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(
                json.dumps({name: r.to_json() for name, r in results.items()}, indent=2, ensure_ascii=False),
                encoding="utf-8",
            )
        finish(failures, len(documents))
