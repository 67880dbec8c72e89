"""`datarights transparency` (one customer's report across gate runs) and `datarights runs index`
(the register's index of a runs folder)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from datarights.cli.gate import RUNS_DIR

FORMATS = ("html", "md", "json")


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def register(group: click.Group) -> None:
    runs_option = click.option(
        "--runs",
        "runs_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=RUNS_DIR,
        show_default=True,
        help="Folder of recorded gate runs (gate --runs).",
    )

    @group.command()
    @click.option("--customer", required=True, help="Customer id, as in the policies and the records.")
    @runs_option
    @click.option(
        "--from",
        "period_from",
        type=click.DateTime(["%Y-%m-%d"]),
        help="First day (runs started on or after).",
    )
    @click.option(
        "--to", "period_to", type=click.DateTime(["%Y-%m-%d"]), help="Last day (runs started on or before)."
    )
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True)
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write here (default: stdout).",
    )
    def transparency(
        customer: str,
        runs_dir: Path,
        period_from: datetime | None,
        period_to: datetime | None,
        fmt: str,
        output: Path | None,
    ) -> None:
        """Report to one customer what every gate run did with its records."""
        from datarights.report.transparency import build_report, render

        report = build_report(runs_dir, customer, _day(period_from), _day(period_to))
        text = render(report, fmt)
        if output is None:
            click.echo(text, nl=not text.endswith("\n"))
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            click.echo(f"{output}: {len(report.runs)} runs for {customer}", err=True)
        for problem in report.problems:
            click.echo(f"warning: {problem}", err=True)

    @group.group()
    def runs() -> None:
        """Recorded gate runs."""

    @runs.command("index")
    @runs_option
    @click.option(
        "--db",
        "db_url",
        metavar="URL",
        help="Register database: a SQLAlchemy URL or a SQLite file path [env DATARIGHTS_DB; default ./datarights.db].",
    )
    def index(runs_dir: Path, db_url: str | None) -> None:
        """Index a runs folder in the register (runs and per-customer counts)."""
        from datarights.store import db
        from datarights.store.runs import index_runs

        engine = db.create(db.resolve_url(db_url))
        try:
            db.migrate(engine)
            result = index_runs(engine, runs_dir)
        finally:
            engine.dispose()
        click.echo(f"indexed {result.indexed} runs from {runs_dir}")
        for problem in result.problems:
            click.echo(f"warning: {problem}", err=True)
        if result.problems:
            raise SystemExit(1)
