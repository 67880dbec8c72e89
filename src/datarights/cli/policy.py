"""`datarights policy compile|confirm|validate|show|export|schema` (registered onto the main group)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from datarights.assess.playbook import BUILT_IN, load_playbook
from datarights.cli.batch import expand_paths, no_files_error
from datarights.errors import ConfigError, DatarightsError
from datarights.ingest import IngestOptions
from datarights.policy.confirm import confirm_policy, is_confirmed
from datarights.policy.io import all_terms, load_policy, policy_sha256, write_policy
from datarights.policy.model import Policy, Term
from datarights.policy.odrl import to_odrl
from datarights.policy.schema import schema_json

_QUOTE_CHARS = 160


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple):
        return ", ".join(_value(v) for v in value) or "none"
    if hasattr(value, "__dataclass_fields__"):
        return ", ".join(f"{k}={_value(getattr(value, k))}" for k in value.__dataclass_fields__)
    return str(getattr(value, "value", value))


def _render(policy: Policy, path: str) -> str:
    confirmed = policy.confirmation
    lines = [
        f"{policy.customer}  ({path}, sha256 {policy_sha256(policy)[:12]})",
        "confirmed by "
        + (f"{confirmed.by} at {confirmed.at.isoformat()}" if confirmed else "nobody")
        + ("" if confirmed is None or is_confirmed(policy) else "  [VOID: edited after confirmation]"),
    ]
    for contract in policy.contracts:
        lines.append(f"contract {contract.sha256[:12]}  {contract.path}  ({contract.doc_type})")
    for term_path, term in all_terms(policy):
        lines.append(_term_line(term_path, term))
    open_terms = policy.open_terms()
    lines.append(f"{len(open_terms)} terms to confirm" + (": " + ", ".join(open_terms) if open_terms else ""))
    return "\n".join(lines)


def _term_line(term_path: str, term: Term[Any]) -> str:
    flag = "  TO CONFIRM" if term.to_confirm else ""
    out = [f"{term_path}: {_value(term.value)}  [{term.source.value}]{flag}"]
    if term.note:
        out.append(f"    note: {term.note}")
    for p in term.provenance:
        if p.quote:
            quote = p.quote if len(p.quote) <= _QUOTE_CHARS else p.quote[: _QUOTE_CHARS - 1] + "…"
            out.append(
                f"    {p.clause or '(no clause number)'} [{p.contract_sha256[:12]} {p.start}-{p.end}] {p.answer}"
            )
            out.append(f"      “{quote}”")
        else:
            out.append(f"    ({p.answer})")
    return "\n".join(out)


def register(group: click.Group) -> None:
    @group.group("policy")
    def policy_group() -> None:
        """Data-use policies (datarights.policy/1) compiled from contracts, one per customer."""

    @policy_group.command("compile")
    @click.argument("contracts", nargs=-1, required=True, type=click.Path())
    @click.option("--customer", required=True, help="Id of the customer whose data the policy governs.")
    @click.option(
        "--playbook",
        "-p",
        "playbook_name",
        default="buyer",
        show_default=True,
        help=f"Built-in ({', '.join(BUILT_IN)}) or a YAML file.",
    )
    @click.option("--effective", type=click.DateTime(["%Y-%m-%d"]), help="Date the terms apply from.")
    @click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), help="Date the agreement ends.")
    @click.option("-o", "--output", type=click.Path(), required=True, help="Policy YAML to write.")
    def compile_command(
        contracts: tuple[str, ...],
        customer: str,
        playbook_name: str,
        effective: datetime | None,
        expires: datetime | None,
        output: str,
    ) -> None:
        """Compile a stack of contracts (base first, amendments after) into one customer's policy.

        What the contracts do not settle compiles to the restrictive choice, marked to_confirm."""
        from datarights.pipeline import process_many
        from datarights.policy.compile import compile_policy

        playbook = load_playbook(playbook_name)
        paths = list(expand_paths(contracts))
        if not paths:
            raise no_files_error(contracts)
        reviews = []
        assessments = []
        for outcome in process_many(paths, IngestOptions(), playbook):
            if outcome.failure is not None:
                # A stack missing one document would compile the wrong terms: stop.
                raise outcome.failure.error
            assert outcome.result is not None and outcome.result.assessment is not None
            reviews.append(outcome.result.review)
            assessments.append(outcome.result.assessment)
        policy = compile_policy(
            customer,
            reviews,
            assessments,
            effective=_day(effective),
            expires=_day(expires),
            playbook=playbook.name,
        )
        write_policy(policy, Path(output))
        open_terms = policy.open_terms()
        click.echo(
            f"wrote {output}: {customer}, {len(reviews)} contract(s), {len(open_terms)} terms to confirm"
        )
        for term_path in open_terms:
            click.echo(f"  to confirm: {term_path}")

    @policy_group.command("confirm")
    @click.argument("file", type=click.Path())
    @click.option("--by", "by", required=True, help="Name of the person confirming.")
    @click.option("-o", "--output", type=click.Path(), help="Write here instead of updating FILE.")
    def confirm(file: str, by: str, output: str | None) -> None:
        """Record that NAME reviewed the policy and accepts every term, defaults included."""
        policy = load_policy(file)
        try:
            confirmed = confirm_policy(policy, by)
        except ValueError as error:
            raise ConfigError(f"--by: {error}", path=file) from None
        target = Path(output or file)
        write_policy(confirmed, target)
        assert confirmed.confirmation is not None
        accepted = confirmed.confirmation.accepted_defaults
        click.echo(f"confirmed {target} by {by}; {len(accepted)} open terms accepted as compiled")
        for term_path in accepted:
            click.echo(f"  accepted: {term_path}")

    @policy_group.command("validate")
    @click.argument("files", nargs=-1, required=True, type=click.Path())
    def validate(files: tuple[str, ...]) -> None:
        """Check policy files against the schema; errors name the file and the field."""
        failures: list[DatarightsError] = []
        for file in files:
            try:
                policy = load_policy(file)
            except DatarightsError as error:
                failures.append(error)
                click.echo(f"error: {error}", err=True)
                continue
            state = (
                f"confirmed by {policy.confirmation.by}"
                if is_confirmed(policy) and policy.confirmation
                else "NOT confirmed (the gate admits nothing under it)"
            )
            click.echo(f"ok: {file}: {policy.customer}, {len(policy.open_terms())} terms to confirm, {state}")
        if failures:
            codes = {f.exit_code for f in failures}
            raise SystemExit(codes.pop() if len(codes) == 1 else 1)

    @policy_group.command("show")
    @click.argument("file", type=click.Path())
    def show(file: str) -> None:
        """Print a policy term by term with the clauses each was compiled from."""
        click.echo(_render(load_policy(file), file))

    @policy_group.command("export")
    @click.argument("file", type=click.Path())
    @click.option("--odrl", "odrl", is_flag=True, required=True, help="ODRL 2.2 JSON-LD (the only format).")
    @click.option("-o", "--output", type=click.Path(), help="Write here instead of stdout.")
    def export(file: str, odrl: bool, output: str | None) -> None:
        """Export a policy as an ODRL 2.2 policy in JSON-LD."""
        text = json.dumps(to_odrl(load_policy(file)), indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
            click.echo(f"wrote {output}")
        else:
            click.echo(text, nl=False)

    @policy_group.command("schema")
    def schema() -> None:
        """Print the JSON Schema of datarights.policy/1."""
        click.echo(schema_json(), nl=False)
