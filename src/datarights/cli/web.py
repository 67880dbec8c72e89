"""`datarights serve`: the local web app (registered onto the main group)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from datarights.web.settings import DEFAULT_MAX_UPLOAD, TOKEN_ENV


def register(group: click.Group) -> None:
    @group.command()
    @click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
    @click.option(
        "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
    )
    @click.option(
        "--token",
        envvar=TOKEN_ENV,
        help=f"Access token (16+ characters) [env {TOKEN_ENV}]; required unless --host is loopback.",
    )
    @click.option(
        "--db",
        "db_url",
        metavar="URL",
        help="Register database: a SQLAlchemy URL or a SQLite file path [env DATARIGHTS_DB; default ./datarights.db].",
    )
    @click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("datarights-web"),
        show_default=True,
        help="Where uploaded files are kept.",
    )
    @click.option(
        "--max-upload",
        default=DEFAULT_MAX_UPLOAD / 1024 / 1024,
        show_default=True,
        help="Largest upload, in MB.",
    )
    @click.option("--playbook", default="buyer", show_default=True, help="Playbook to assess with.")
    @click.option(
        "--keep-originals",
        "keep_originals_mb",
        type=click.FloatRange(min=0),
        default=None,
        help="Also store uploaded files' bytes in the register when at most this many MB.",
    )
    def serve(
        host: str,
        port: int,
        token: str | None,
        db_url: str | None,
        data_dir: Path,
        max_upload: float,
        playbook: str,
        keep_originals_mb: float | None,
    ) -> None:
        """Run the web app: upload, read, assess, redline, portfolio and diffs."""
        import uvicorn

        from datarights.web.app import create_app
        from datarights.web.settings import Settings

        settings = Settings(
            host=host,
            port=port,
            token=token or None,
            db_url=db_url,
            data_dir=data_dir,
            max_upload_bytes=int(max_upload * 1024 * 1024),
            playbook=playbook,
            keep_originals_mb=keep_originals_mb,
        )
        app = create_app(settings)  # raises ConfigError (exit 21) for a public host without a token
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"datarights web app on http://{shown}:{port}/", err=True)
        if settings.token:
            click.echo("sign in with the access token (or open the URL with ?token=…)", err=True)
        # uvicorn's access log prints query strings, which may carry ?token=; the app logs requests itself.
        uvicorn.run(app, host=host, port=port, access_log=False, log_level="info", server_header=False)
