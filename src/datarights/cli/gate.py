"""`datarights gate`: stream records through the customers' policies, fail-closed (registered onto
the main group)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from datarights.errors import ConfigError
from datarights.policy.model import Purpose

if TYPE_CHECKING:
    from datarights.audit.gate_canaries import CanaryPlanter

# pyarrow, numpy and Presidio (the `enforce` extra) load only when the gate runs.
PSEUDONYM_KEY_ENV = "DATARIGHTS_PSEUDONYM_KEY"
# Where gate records runs and transparency reads them (enforce.runs.DEFAULT_RUNS, without importing numpy).
RUNS_DIR = "runs"


def register(group: click.Group) -> None:
    @group.command("gate")
    @click.argument("input_path", metavar="IN", type=click.Path())
    @click.option(
        "--policies", required=True, type=click.Path(), help="Folder of policy YAML files (or one file)."
    )
    @click.option("--purpose", required=True, type=click.Choice([p.value for p in Purpose]))
    @click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(["%Y-%m-%d"]),
        help="Decide as on this date (default: today, UTC).",
    )
    @click.option(
        "-o", "--output", required=True, type=click.Path(), help="Admitted records (.jsonl, .csv, .parquet)."
    )
    @click.option(
        "--log", "log_path", required=True, type=click.Path(), help="Decision log, one JSON line per record."
    )
    @click.option("--manifest", required=True, type=click.Path(), help="Run manifest (JSON).")
    @click.option("--customer-field", default="customer_id", show_default=True)
    @click.option(
        "--text-field", "text_fields", multiple=True, help="Field to de-identify (repeat; default: text)."
    )
    @click.option("--timestamp-field", default="created_at", show_default=True)
    @click.option("--subject-field", default="subject_id", show_default=True)
    @click.option("--opt-in-field", default="opt_in", show_default=True)
    @click.option("--category-field", default="categories", show_default=True)
    @click.option("--id-field", default="id", show_default=True, help="Record id written to the log.")
    @click.option(
        "--opt-outs", type=click.Path(), help="CSV or JSONL: customer_id, subject_id (optional), date."
    )
    @click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes.")
    @click.option("--batch-rows", default=65_536, show_default=True, help="Records per batch.")
    @click.option(
        "--pseudonym-key-file",
        type=click.Path(),
        help=f"Secret for keyed-HMAC pseudonyms (default: ${PSEUDONYM_KEY_ENV}).",
    )
    @click.option(
        "--no-deid-quality", is_flag=True, help="Skip measuring de-identification for the manifest."
    )
    @click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="Where decide runs: this machine, or a Ray cluster ($RAY_ADDRESS; else a local Ray).",
    )
    @click.option(
        "--runs",
        "runs_dir",
        envvar="DATARIGHTS_RUNS",
        type=click.Path(file_okay=False),
        default=RUNS_DIR,
        show_default=True,
        help="Record the run (run.json, lineage.jsonl, manifest) under DIR/<run id>/ [env DATARIGHTS_RUNS].",
    )
    @click.option("--run-label", default="", help="A name for this run in reports.")
    @click.option("--model", default="", help="The model the admitted data is for.")
    @click.option(
        "--lineage-url",
        envvar="OPENLINEAGE_URL",
        help="Also send OpenLineage events to this server (e.g. Marquez) [env OPENLINEAGE_URL].",
    )
    @click.option(
        "--canaries",
        default=0,
        show_default=True,
        help="Plant N secret canary records per admitted customer, for `datarights audit canaries`.",
    )
    @click.option(
        "--canary-manifest",
        type=click.Path(dir_okay=False),
        help="Where the canaries' secrets go (owner-only; default: MANIFEST with .canaries.json).",
    )
    def gate(
        input_path: str,
        policies: str,
        purpose: str,
        as_of: datetime | None,
        output: str,
        log_path: str,
        manifest: str,
        customer_field: str,
        text_fields: tuple[str, ...],
        timestamp_field: str,
        subject_field: str,
        opt_in_field: str,
        category_field: str,
        id_field: str,
        opt_outs: str | None,
        jobs: int,
        batch_rows: int,
        pseudonym_key_file: str | None,
        no_deid_quality: bool,
        engine: str,
        runs_dir: str,
        run_label: str,
        model: str,
        lineage_url: str | None,
        canaries: int,
        canary_manifest: str | None,
    ) -> None:
        """Admit, de-identify or reject each record of IN for PURPOSE by its customer's policy.

        Anything not proven allowed is rejected with a reason; malformed lines are rejected and
        counted, never fatal. Writes the admitted records, a decision log and a manifest whose
        counts reconcile with the input."""
        try:
            from datarights.enforce.model import Fields
            from datarights.enforce.runners.local import GateRun
        except ImportError as error:
            raise ConfigError(
                f"the gate needs the enforce extra (pip install 'datarights[enforce]'): {error}"
            ) from None
        if jobs < 1:
            raise ConfigError("--jobs: must be at least 1")
        if batch_rows < 1:
            raise ConfigError("--batch-rows: must be at least 1")
        if canaries < 0:
            raise ConfigError("--canaries: must be at least 0")
        secret = None
        if pseudonym_key_file is not None:
            key_path = Path(pseudonym_key_file)
            if not key_path.is_file():
                raise ConfigError("no such key file", path=key_path)
            secret = key_path.read_bytes().strip()
            if not secret:
                raise ConfigError("the key file is empty", path=key_path)
        run = GateRun(
            input=Path(input_path),
            output=Path(output),
            log=Path(log_path),
            manifest=Path(manifest),
            policies=Path(policies),
            purpose=Purpose(purpose),
            as_of=as_of.date() if as_of is not None else datetime.now(UTC).date(),
            fields=Fields(
                customer=customer_field,
                text=text_fields or ("text",),
                timestamp=timestamp_field,
                subject=subject_field or None,
                opt_in=opt_in_field,
                categories=category_field,
                record_id=id_field or None,
            ),
            opt_outs=Path(opt_outs) if opt_outs else None,
            jobs=jobs,
            batch_rows=batch_rows,
            secret=secret,
            measure_deid=not no_deid_quality,
            engine=engine,
            planters=_canary_planters(canaries, canary_manifest, Path(manifest)),
        )
        from datarights.enforce.lineage import recorded_gate

        result, record = recorded_gate(
            run, Path(runs_dir), label=run_label, model=model, lineage_url=lineage_url
        )
        r = result.manifest["reconciliation"]
        click.echo(
            f"{r['input_records']} records: {r['admitted']} admitted, {r['admitted_deidentified']} admitted "
            f"de-identified, {r['rejected']} rejected → {output}"
        )
        reasons = {k: v for k, v in result.manifest["counts"]["by_reason"].items() if v}
        for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
            click.echo(f"  {reason}: {count}")
        planted = result.manifest["extensions"].get("canaries")
        if planted:
            secrets = planted.get("secret_manifest", {}).get("path", "")
            click.echo(
                f"{planted['records']} canaries planted; their secrets are in {secrets} (keep it private)"
            )
        click.echo(f"log {log_path}; manifest {manifest}; run {Path(runs_dir) / record.run_id}")


def _canary_planters(count: int, secret_path: str | None, manifest: Path) -> tuple[CanaryPlanter, ...]:
    if count == 0:
        return ()
    from datarights.audit.gate_canaries import CanaryPlanter

    path = Path(secret_path) if secret_path else manifest.with_suffix(".canaries.json")
    return (CanaryPlanter(count, path),)
