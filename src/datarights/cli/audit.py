"""`datarights audit`: verbatim regurgitation, canary planting and canary exposure."""

from __future__ import annotations

import random
import secrets
from pathlib import Path

import click

from datarights.audit.model import (
    CanaryFormat,
    OutputFields,
    PolicyRef,
    RecordFields,
    RecordSource,
    RecordStatus,
)
from datarights.errors import ConfigError

_FORMATS = click.Choice(["json", "md", "html"])


def _fields(customer_field: str, text_field: str, id_field: str) -> RecordFields:
    return RecordFields(customer=customer_field, text=text_field, id=id_field)


def _write(rendered: str, output: str | None) -> None:
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)


def _rng(seed: int | None) -> random.Random:
    # A seed makes a run repeatable (tests, reproductions); without one, secrets come from the OS.
    return random.Random(seed) if seed is not None else secrets.SystemRandom()


def _policies(folder: str | None) -> tuple[PolicyRef, ...]:
    if folder is None:
        return ()
    from datarights.audit.report import load_policy_refs

    return load_policy_refs(Path(folder))


field_options = [
    click.option(
        "--customer-field", default="customer", show_default=True, help="Field naming the customer."
    ),
    click.option("--text-field", default="text", show_default=True, help="Field holding the record's text."),
    click.option("--id-field", default="id", show_default=True, help="Field holding the record id."),
]


def _with_fields(function: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(field_options):
        function = option(function)
    return function


@click.group("audit")
def audit() -> None:
    """Did the model keep customer data? Regurgitation scans and canary exposure."""


@audit.command("regurgitation")
@click.option(
    "--records",
    "records",
    multiple=True,
    type=click.Path(),
    help="Admitted records (JSONL/CSV/Parquet).",
)
@click.option("--rejected", "rejected", multiple=True, type=click.Path(), help="Records the gate rejected.")
@click.option(
    "--outputs", required=True, type=click.Path(), help="Model outputs, JSONL of prompt/output pairs."
)
@click.option(
    "--output-field", default="output", show_default=True, help="Outputs' field holding the model text."
)
@click.option(
    "--output-id-field", default="id", show_default=True, help="Outputs' id field (line number if absent)."
)
@_with_fields
@click.option(
    "--min-chars", default=50, show_default=True, help="Shortest common span reported, in characters."
)
@click.option(
    "--max-index-mb", default=512, show_default=True, help="Memory for the outputs' index per pass."
)
@click.option("--policies", type=click.Path(), help="Folder of customer policy YAML files to cite.")
@click.option("--format", "fmt", type=_FORMATS, default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write the report here instead of stdout.")
def regurgitation(
    records: tuple[str, ...],
    rejected: tuple[str, ...],
    outputs: str,
    output_field: str,
    output_id_field: str,
    customer_field: str,
    text_field: str,
    id_field: str,
    min_chars: int,
    max_index_mb: int,
    policies: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Find model outputs that repeat a customer's records verbatim (normalised)."""
    from datarights.audit.regurgitation import ScanOptions, scan
    from datarights.audit.report import build_report, render

    if not records and not rejected:
        raise click.UsageError("give records to scan: --records (admitted) and/or --rejected")
    refs = _policies(policies)
    sources = [RecordSource(p, RecordStatus.ADMITTED) for p in records]
    sources += [RecordSource(p, RecordStatus.REJECTED) for p in rejected]
    result = scan(
        sources,
        Path(outputs),
        _fields(customer_field, text_field, id_field),
        OutputFields(output=output_field, id=output_id_field),
        ScanOptions(min_chars=min_chars, max_index_bytes=max_index_mb << 20),
    )
    report = build_report(refs, regurgitation=result)
    _write(render(report, fmt), output)
    stats = result.stats
    hits = sum(c.outputs_with_match for c in result.customers)
    click.echo(
        f"{stats.outputs:,} outputs ({stats.output_bytes / 1e6:.1f} MB) against {stats.records:,} records "
        f"({stats.record_bytes / 1e6:.1f} MB) in {stats.seconds:.1f} s: {stats.records_mb_per_second:.1f} MB/s of "
        f"records, {stats.outputs_mb_per_second:.2f} MB/s of outputs; {hits} output(s) with a match",
        err=True,
    )


@audit.command("plant")
@click.option("--records", "source", required=True, type=click.Path(), help="Record stream to copy.")
@click.option(
    "-o", "--output", required=True, type=click.Path(), help="Where to write records plus canaries."
)
@click.option("--manifest", required=True, type=click.Path(), help="Secret manifest to write (mode 0600).")
@click.option("--per-customer", default=10, show_default=True, help="Canaries per customer.")
@click.option("--customers", help="Comma-separated customer ids (default: every customer in the records).")
@_with_fields
@click.option("--template", default=None, help="Canary text with {secret} (and optionally {customer}).")
@click.option("--alphabet", default=None, help="Symbols of the secret.")
@click.option("--length", type=int, default=None, help="Symbols per secret.")
@click.option(
    "--seed", type=int, default=None, help="Repeatable secrets (tests only; default: OS randomness)."
)
def plant(
    source: str,
    output: str,
    manifest: str,
    per_customer: int,
    customers: str | None,
    customer_field: str,
    text_field: str,
    id_field: str,
    template: str | None,
    alphabet: str | None,
    length: int | None,
    seed: int | None,
) -> None:
    """Insert secret random canary records per customer into a record stream."""
    from datarights.audit.canaries import DEFAULT_FORMAT, plant_canaries, write_manifest
    from datarights.audit.plant import insert_canaries, survey

    fields = _fields(customer_field, text_field, id_field)
    rng = _rng(seed)
    names = (
        [c.strip() for c in customers.split(",") if c.strip()]
        if customers
        else survey(Path(source), fields)[1]
    )
    if not names:
        raise ConfigError("no customers: give --customers or records with a customer field", path=source)
    fmt = CanaryFormat(
        template if template is not None else DEFAULT_FORMAT.template,
        alphabet if alphabet is not None else DEFAULT_FORMAT.alphabet,
        length if length is not None else DEFAULT_FORMAT.length,
    )
    planted, secret_manifest = plant_canaries(names, per_customer, rng, fmt)
    written = insert_canaries(Path(source), Path(output), planted, fields, rng)
    write_manifest(secret_manifest, Path(manifest))
    # Counts only: the canaries' text stays in the manifest.
    click.echo(
        f"{len(planted)} canaries for {len(names)} customer(s) in {written:,} records; manifest {manifest}",
        err=True,
    )


@audit.command("canaries")
@click.option("--manifest", required=True, type=click.Path(), help="The manifest `audit plant` wrote.")
@click.option(
    "--scorer",
    required=True,
    help="Command printing one log-likelihood per text; texts on stdin, or {jsonl} for a JSONL file path.",
)
@click.option("--samples", default=1000, show_default=True, help="Random candidates per customer.")
@click.option("--threshold", default=10.0, show_default=True, help="Exposure (bits) that flags memorisation.")
@click.option("--batch-size", default=50_000, show_default=True, help="Texts per scorer call.")
@click.option("--timeout", type=float, default=None, help="Seconds per scorer call.")
@click.option("--seed", type=int, default=None, help="Repeatable candidate sample.")
@click.option("--policies", type=click.Path(), help="Folder of customer policy YAML files to cite.")
@click.option("--format", "fmt", type=_FORMATS, default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write the report here instead of stdout.")
def canaries(
    manifest: str,
    scorer: str,
    samples: int,
    threshold: float,
    batch_size: int,
    timeout: float | None,
    seed: int | None,
    policies: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Exposure of each planted canary in a model, scored by your command."""
    from datarights.audit.canaries import CommandScorer, audit_manifest_file
    from datarights.audit.report import build_report, render

    refs = _policies(policies)
    result = audit_manifest_file(
        Path(manifest),
        CommandScorer(scorer, batch_size=batch_size, timeout=timeout),
        samples=samples,
        threshold=threshold,
        rng=_rng(seed),
    )
    _write(render(build_report(refs, canaries=result), fmt), output)
    flagged = [c.customer for c in result.customers if c.memorised]
    click.echo(f"{len(result.customers)} customer(s); memorisation flagged for {len(flagged)}", err=True)
