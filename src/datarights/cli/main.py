"""`datarights` console script."""

from __future__ import annotations

import json
from pathlib import Path

import click

from datarights import __version__
from datarights.cli.batch import Failure, expand_paths, finish, no_files_error, run_batch
from datarights.cli.render import outline_json, render_outline
from datarights.errors import DatarightsError
from datarights.ingest import IngestOptions
from datarights.model import Document
from datarights.structure import read_document

_MAX_SIZE_HELP = "Largest file to read, in MB."


def _options(max_size: float, ocr: bool) -> IngestOptions:
    return IngestOptions(max_bytes=int(max_size * 1024 * 1024), ocr=ocr)


def _read_all(
    files: tuple[str, ...], options: IngestOptions
) -> tuple[list[tuple[Path, Document]], list[Failure]]:
    paths = list(expand_paths(files))
    if not paths:
        error = no_files_error(files)
        click.echo(f"error: {error}", err=True)
        raise SystemExit(error.exit_code)
    return run_batch(paths, lambda path: read_document(path, options))


file_arguments = click.argument("files", nargs=-1, required=True, type=click.Path())
max_size_option = click.option("--max-size", default=50.0, show_default=True, help=_MAX_SIZE_HELP)
ocr_option = click.option(
    "--ocr/--no-ocr", default=True, show_default=True, help="OCR scanned PDFs with Tesseract."
)


class _Group(click.Group):
    """Turns our errors raised outside a batch into one line and their exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DatarightsError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="datarights")
def main() -> None:
    """What your AI contracts let a provider do with your data."""


@main.command()
@file_arguments
@max_size_option
@ocr_option
def text(files: tuple[str, ...], max_size: float, ocr: bool) -> None:
    """Print the extracted text that all offsets refer to."""
    done, failures = _read_all(files, _options(max_size, ocr))
    for path, document in done:
        if len(done) > 1:
            click.echo(f"==> {path} <==")
        click.echo(document.text)
    finish(failures, len(done) + len(failures))


@main.command()
@file_arguments
@click.option("--format", "fmt", type=click.Choice(["tree", "json"]), default="tree", show_default=True)
@max_size_option
@ocr_option
def outline(files: tuple[str, ...], fmt: str, max_size: float, ocr: bool) -> None:
    """Show sections, clause numbers and defined terms."""
    done, failures = _read_all(files, _options(max_size, ocr))
    if fmt == "json":
        payload = [outline_json(document) for _, document in done]
        click.echo(
            json.dumps(
                payload[0] if len(files) == 1 and len(payload) == 1 else payload, indent=2, ensure_ascii=False
            )
        )
    else:
        for _, document in done:
            click.echo(render_outline(document))
    finish(failures, len(done) + len(failures))


# Later stages register their commands here, so the CLI stays one place to look.
from datarights.cli import assess, gate, policy, redline, review, stack, store, web  # noqa: E402

for _stage in (review, assess, redline, store, web, stack, policy, gate):
    _stage.register(main)

from datarights.cli.audit import audit as _audit  # noqa: E402

main.add_command(_audit)

from datarights.cli import transparency  # noqa: E402

transparency.register(main)
