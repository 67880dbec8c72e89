"""Register commands: `add`, `scan`, `portfolio`, `diff`, `versions`, `failures`
(registered onto the main group). All work goes through `datarights.store.Register`."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from datarights.assess.model import Severity
from datarights.cli.batch import expand_paths, no_files_error, note_skipped
from datarights.errors import DatarightsError
from datarights.ingest import IngestOptions

# The register's modules load SQLAlchemy and Alembic: imported inside the commands and helpers
# that use them, so the CLI starts fast for every other command.
if TYPE_CHECKING:
    from datarights.store.diff import Side, VersionDiff
    from datarights.store.portfolio import PortfolioRow
    from datarights.store.register import Register
    from datarights.store.types import AddRequest, AddResult

CHANGE_EXIT_CODE = 3  # --fail-on-change: a change at or above the level was found
SEVERITIES = [s.value for s in Severity]

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Register database: a SQLAlchemy URL or a SQLite file path [env DATARIGHTS_DB; default ./datarights.db].",
)
jobs_option = click.option(
    "--jobs", "-j", default=1, show_default=True, help="Documents reviewed in parallel."
)
type_option = click.option(
    "--type", "doc_type", help="Document type (default: detected), e.g. terms_of_service."
)
playbook_option = click.option(
    "--playbook", default="buyer", show_default=True, help="Playbook to assess with."
)
fail_option = click.option(
    "--fail-on-change",
    type=click.Choice(SEVERITIES),
    help=f"Exit with {CHANGE_EXIT_CODE} when a change at or above this severity is found.",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where documents are reviewed: this machine (--jobs), or a Ray cluster "
    "($RAY_ADDRESS; else a local Ray). The register is written here either way.",
)
max_size_option = click.option(
    "--max-size", default=50.0, show_default=True, help="Largest file to read, in MB."
)


def _run(
    register: Register, requests: Sequence[AddRequest], jobs: int, max_size: float, engine: str
) -> list[AddResult]:
    from datarights.store.types import AddStatus
    from datarights.workers import Engine

    options = IngestOptions(max_bytes=int(max_size * 1024 * 1024))
    console = Console(stderr=True)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("reviewing", total=len(requests))

        def advance(result: AddResult) -> None:
            progress.advance(task)
            if result.status is AddStatus.FAILED and result.failure is not None:
                progress.console.print(  # soft_wrap: a path is not broken over lines
                    f"error: {result.failure.path}: {result.failure.message}", markup=False, soft_wrap=True
                )

        return register.add_many(
            requests, jobs=jobs, options=options, on_result=advance, engine=Engine(engine)
        )


def _report(results: list[AddResult], fail_on_change: str | None) -> None:
    from datarights.store.diff import diff_text
    from datarights.store.types import AddStatus

    added = [r for r in results if r.status is AddStatus.ADDED]
    unchanged = [r for r in results if r.status is AddStatus.UNCHANGED]
    failed = [r for r in results if r.status is AddStatus.FAILED]
    for result in added:
        assert result.version is not None
        grade = f" grade {result.version.grade}" if result.version.grade else ""
        click.echo(f"added {result.version.label}{grade}")
        for alert in result.alerts:
            click.echo("")
            click.echo(f"ALERT ({alert.severity}): data-use terms changed")
            click.echo(diff_text(alert), nl=False)
        if result.stack_alert is not None:
            from datarights.store.stack_alerts import stack_alert_text

            click.echo("")
            click.echo(
                f"ALERT: the stack's combined answers changed\n{stack_alert_text(result.stack_alert)}",
                nl=False,
            )
    # Each failure was printed once as it happened (`_run`); the summary only counts them.
    listed = " (listed above)" if failed else ""
    click.echo(f"{len(added)} added, {len(unchanged)} already stored, {len(failed)} failed{listed}", err=True)
    alerts = [a for r in added for a in r.alerts]
    if fail_on_change and any(a.at_least(fail_on_change) for a in alerts):
        sys.exit(CHANGE_EXIT_CODE)
    codes = {r.failure.exit_code for r in failed if r.failure is not None}
    if codes:
        sys.exit(codes.pop() if len(codes) == 1 else 1)


def _open(db_url: str | None, playbook: str = "buyer", keep_originals_mb: float | None = None) -> Register:
    # Imported here: SQLAlchemy and Alembic load only for commands that open the register.
    from datarights.store.register import Register

    keep = None if keep_originals_mb is None else int(keep_originals_mb * 1024 * 1024)
    return Register(db_url, playbook=playbook, keep_originals=keep)


keep_originals_option = click.option(
    "--keep-originals",
    "keep_originals_mb",
    type=click.FloatRange(min=0),
    default=None,
    help="Also store each file's bytes when at most this many MB [env DATARIGHTS_KEEP_ORIGINALS; default 0: text only].",
)


def _resolve_side(register: Register, ref: str, options: IngestOptions) -> Side:
    path = Path(ref)
    if path.exists():
        return register.side_for_file(path, options)
    if ref.isdigit():
        return register.side_for_version(int(ref))
    matches = register.find_sha256(ref) if len(ref) >= 8 else []
    if len(matches) == 1:
        return register.side_for_version(matches[0].id)
    raise DatarightsError("not a file, a stored version id, or a unique sha256 prefix", path=ref)


def _render_diff(diff: VersionDiff, fmt: str) -> str:
    from datarights.store.diff import diff_html, diff_json, diff_text

    if fmt == "json":
        return json.dumps(diff_json(diff), indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return diff_html(diff)
    return diff_text(diff)


def _table(title: str, columns: Sequence[str], rows: list[list[str]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--counterparty", "-c", required=True, help="Whose documents these are, e.g. Zoom.")
@type_option
@click.option(
    "--effective", type=click.DateTime(["%Y-%m-%d"]), help="Effective date (default: from name or text)."
)
@db_option
@jobs_option
@engine_option
@playbook_option
@fail_option
@max_size_option
@keep_originals_option
def add(
    paths: tuple[str, ...],
    counterparty: str,
    doc_type: str | None,
    effective: object,
    db_url: str | None,
    jobs: int,
    engine: str,
    playbook: str,
    fail_on_change: str | None,
    max_size: float,
    keep_originals_mb: float | None,
) -> None:
    """Review, assess and store documents of one counterparty; alert on changed terms."""
    from datarights.store.batch import requests_for
    from datarights.store.types import AddRequest

    files = list(expand_paths(paths))
    if not files:
        raise no_files_error(paths)
    when: date | None = effective.date() if effective is not None else None  # type: ignore[attr-defined]
    requests = [
        AddRequest(r.path, r.counterparty, r.doc_type, when)
        for r in requests_for(files, counterparty, doc_type)
    ]
    with _open(db_url, playbook, keep_originals_mb) as reg:
        _report(_run(reg, requests, jobs, max_size, engine), fail_on_change)


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--counterparty", "-c", help="One counterparty for every file (default: each subfolder's name)."
)
@type_option
@db_option
@jobs_option
@engine_option
@playbook_option
@fail_option
@max_size_option
@keep_originals_option
def scan(
    directory: str,
    counterparty: str | None,
    doc_type: str | None,
    db_url: str | None,
    jobs: int,
    engine: str,
    playbook: str,
    fail_on_change: str | None,
    max_size: float,
    keep_originals_mb: float | None,
) -> None:
    """Add every document under DIRECTORY; rerun to resume an interrupted scan."""
    from datarights.store.batch import scan_requests, unsupported_files

    requests = scan_requests(Path(directory), counterparty, doc_type)
    note_skipped(unsupported_files(Path(directory)))
    if not requests:
        raise no_files_error((directory,))
    with _open(db_url, playbook, keep_originals_mb) as reg:
        _report(_run(reg, requests, jobs, max_size, engine), fail_on_change)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "xlsx", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--where", multiple=True, metavar="FIELD=VALUE", help="Filter, e.g. training_use=opt_out,permitted."
)
@click.option("--sort", multiple=True, metavar="[-]FIELD", help="Sort by a column; '-' for descending.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (required for xlsx).")
@db_option
@playbook_option
def portfolio(
    fmt: str,
    where: tuple[str, ...],
    sort: tuple[str, ...],
    output: str | None,
    db_url: str | None,
    playbook: str,
) -> None:
    """One row per counterparty: may it train on our data, and the other terms that matter.

    Fields for --where and --sort: counterparty, documents, doc_types, effective, may_train,
    training_use, training_scope, deidentified_use, vendor_role, controller_risk, retention,
    audit_rights, change_notice, grade, score, last_reviewed, last_alert."""
    from datarights.store.portfolio import portfolio_csv, portfolio_dumps, write_xlsx

    with _open(db_url, playbook) as reg:
        rows = reg.portfolio(where=where, sort=sort)
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx needs -o FILE.xlsx")
        write_xlsx(rows, Path(output))
        return
    if fmt == "table" and output is None:
        _portfolio_table(rows)
        return
    rendered = portfolio_csv(rows) if fmt in ("csv", "table") else portfolio_dumps(rows) + "\n"
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@db_option
@playbook_option
@fail_option
def diff(
    old: str,
    new: str,
    fmt: str,
    output: str | None,
    db_url: str | None,
    playbook: str,
    fail_on_change: str | None,
) -> None:
    """Compare two versions (files or stored version ids): typed changes of meaning (right widened,
    promise removed, …) in document order, rated by the playbook, then changed answers and verdicts."""
    from datarights.store.diff import diff_reviews

    options = IngestOptions()
    with _open(db_url, playbook) as reg:
        result = diff_reviews(
            _resolve_side(reg, old, options), _resolve_side(reg, new, options), reg.playbook
        )
    rendered = _render_diff(result, fmt)
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)
    if fail_on_change and result.at_least(fail_on_change):
        sys.exit(CHANGE_EXIT_CODE)


@click.command()
@click.argument("counterparty")
@type_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
def versions(counterparty: str, doc_type: str | None, fmt: str, db_url: str | None) -> None:
    """List a counterparty's stored versions, oldest first (ids for `datarights diff`)."""
    with _open(db_url) as reg:
        found = reg.versions(counterparty, doc_type)
    if fmt == "json":
        payload = [
            {
                "id": v.id,
                "doc_type": v.doc_type,
                "effective_date": _cell(v.effective_date),
                "sha256": v.sha256,
                "path": v.path,
                "grade": v.grade,
                "positions": v.positions,
            }
            for v in found
        ]
        click.echo(json.dumps(payload, indent=2))
        return
    columns = ("id", "doc_type", "effective", "training_use", "grade", "sha256", "path")
    rows = [
        [
            str(v.id),
            v.doc_type,
            _cell(v.effective_date),
            v.positions.get("training_use", ""),
            _cell(v.grade),
            v.sha256[:12],
            v.path,
        ]
        for v in found
    ]
    _table(f"{counterparty}: {len(found)} versions", columns, rows)


@click.command()
@click.option("--all", "include_resolved", is_flag=True, help="Include failures a later run resolved.")
@db_option
def failures(include_resolved: bool, db_url: str | None) -> None:
    """Files that could not be added, and why."""
    with _open(db_url) as reg:
        found = reg.failures(include_resolved=include_resolved)
    for failure in found:
        state = " (resolved)" if failure.resolved_at else ""
        click.echo(f"{failure.path}: {failure.error}: {failure.message}{state}")
    if not found:
        click.echo("no failures", err=True)


def register(group: click.Group) -> None:
    for command in (add, scan, portfolio, diff, versions, failures):
        group.add_command(command)


# Portfolio columns most important first, with headers short enough for a terminal.
_PORTFOLIO_COLUMNS = (
    ("counterparty", "counterparty"),
    ("may_train", "may train"),
    ("grade", "grade"),
    ("training_scope", "scope"),
    ("deidentified_use", "de-id use"),
    ("controller_risk", "ctrl risk"),
    ("retention", "retention"),
    ("audit_rights", "audit"),
    ("change_notice", "notice"),
    ("last_alert", "alert"),
    ("last_reviewed", "reviewed"),
)
_COLUMN_PADDING = 3  # rich's border and padding per column


def _portfolio_table(rows: Sequence[PortfolioRow]) -> None:
    """As many columns as the terminal fits without wrapping a header mid-word (at 80 columns
    the 11 columns folded their headers one letter per line); say which were left out."""
    console = Console()
    cells = {field: [_cell(getattr(r, field)) for r in rows] for field, _ in _PORTFOLIO_COLUMNS}
    shown: list[tuple[str, str, int]] = []
    used = 1
    for field, header in _PORTFOLIO_COLUMNS:
        longest_word = max((len(w) for v in cells[field] for w in v.split()), default=0)
        need = max(len(header), min(longest_word, 24))
        if shown and used + need + _COLUMN_PADDING > console.width:
            continue
        shown.append((field, header, need))
        used += need + _COLUMN_PADDING
    table = Table(title=f"{len(rows)} counterparties")
    for _field, header, need in shown:
        table.add_column(header, overflow="fold", min_width=need)
    for index in range(len(rows)):
        table.add_row(*(cells[field][index] for field, _, _ in shown))
    console.print(table)
    left_out = [header for field, header in _PORTFOLIO_COLUMNS if field not in {f for f, _, _ in shown}]
    if left_out:
        click.echo(
            f"(not shown at {console.width} columns: {', '.join(left_out)}; "
            "widen the terminal or use --format csv/xlsx/json)",
            err=True,
        )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
