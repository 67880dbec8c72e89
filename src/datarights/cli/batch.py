"""Run one command over many files: expand directories, keep going past failures,
summarise them, and choose the exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import click

from datarights.errors import DatarightsError, UnsupportedFormat
from datarights.workers import Failure as Failure  # re-exported: the CLI names failures by it
from datarights.workers import run_batch as run_each

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text"}

T = TypeVar("T")


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Files as given; directories walked for supported files, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            skipped = []
            for child in sorted(path.rglob("*")):
                if not child.is_file():
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
                elif not any(part.startswith(".") for part in child.relative_to(path).parts):
                    skipped.append(child)
            note_skipped(skipped)
        else:
            yield path


def note_skipped(skipped: list[Path]) -> None:
    """A folder's files of other types are left out, but never without a word."""
    if not skipped:
        return
    names = ", ".join(str(p) for p in skipped[:5]) + (
        f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    )
    click.echo(f"skipped {len(skipped)} file(s) of unsupported type: {names}", err=True)


def report(failure: Failure) -> Failure:
    """Every failure is printed as it happens (the summary in `finish` only counts them)."""
    click.echo(f"error: {failure.error}", err=True)
    return failure


def run_batch(paths: Iterable[Path], work: Callable[[Path], T]) -> tuple[list[tuple[Path, T]], list[Failure]]:
    done: list[tuple[Path, T]] = []
    failures: list[Failure] = []
    for outcome in run_each(list(paths), work):
        if outcome.failure is not None:
            failures.append(report(outcome.failure))
        elif outcome.result is not None:
            done.append((outcome.item, outcome.result))
    return done, failures


def exit_code(failures: list[Failure]) -> int:
    if not failures:
        return 0
    codes = {failure.error.exit_code for failure in failures}
    return codes.pop() if len(codes) == 1 else 1


def finish(failures: list[Failure], total: int) -> None:
    """Print the failure summary (for batches) and exit with the right code."""
    if failures and total > 1:  # each failure was printed as it happened: count, do not repeat
        click.echo(f"{len(failures)} of {total} files failed (listed above)", err=True)
    code = exit_code(failures)
    if code:
        sys.exit(code)


def no_files_error(paths: tuple[str, ...]) -> DatarightsError:
    return UnsupportedFormat("no supported files found", path=", ".join(paths))
