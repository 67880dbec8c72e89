"""The audit report: JSON (`schema: datarights.audit/1`), Markdown and one self-contained HTML page.

Model outputs are untrusted text: the HTML template autoescapes everything, Markdown
escapes markup characters. Canary secrets are never part of a report.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from datarights import __version__
from datarights.audit.model import (
    AUDIT_SCHEMA,
    AuditReport,
    CanaryResult,
    CustomerCanaries,
    CustomerRegurgitation,
    InputFile,
    Match,
    PolicyRef,
    RegurgitationResult,
)
from datarights.errors import ConfigError
from datarights.markup import markdown_text as _md

POLICY_SCHEMA = "datarights.policy/1"


def load_policy_refs(folder: Path) -> tuple[PolicyRef, ...]:
    """Policy files (`*.yaml`/`*.yml`) in a folder, by customer id. Read, hashed and cited; not interpreted.

    The customer id is the file's `customer` field (a string, or a mapping with `id`), else its stem.
    """
    if not folder.is_dir():
        raise ConfigError("--policies must be a folder of policy YAML files", path=folder)
    refs: dict[str, PolicyRef] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        raw = path.read_bytes()
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as error:
            raise ConfigError(f"policy is not YAML: {error}", path=path) from error
        data = data if isinstance(data, dict) else {}
        customer = data.get("customer")
        if isinstance(customer, dict):
            customer = customer.get("id")
        customer_id = str(customer) if customer not in (None, "") else path.stem
        if customer_id in refs:
            raise ConfigError(
                f"two policies for customer {customer_id!r} (also {refs[customer_id].path})", path=path
            )
        schema = str(data.get("schema", ""))
        refs[customer_id] = PolicyRef(customer_id, str(path), hashlib.sha256(raw).hexdigest(), schema)
    return tuple(refs.values())


def build_report(
    policies: tuple[PolicyRef, ...] = (),
    regurgitation: RegurgitationResult | None = None,
    canaries: CanaryResult | None = None,
) -> AuditReport:
    return AuditReport(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        policies=policies,
        regurgitation=regurgitation,
        canaries=canaries,
    )


def _input_json(item: InputFile) -> dict[str, Any]:
    payload: dict[str, Any] = {"path": item.path, "sha256": item.sha256, "bytes": item.bytes}
    if item.status is not None:
        payload["status"] = item.status.value
    return payload


def _match_json(m: Match) -> dict[str, Any]:
    return {
        "output_id": m.output_id,
        "record_id": m.record_id,
        "record_status": m.record_status.value,
        "chars": m.chars,
        "output_span": [m.output_start, m.output_end],
        "record_span": [m.record_start, m.record_end],
        "records_matched": m.records_matched,
        "excerpt": m.excerpt,
    }


def _regurgitation_customer(c: CustomerRegurgitation) -> dict[str, Any]:
    return {
        "records": {"admitted": c.records_admitted, "rejected": c.records_rejected},
        "outputs_with_match": c.outputs_with_match,
        "longest_span": c.longest_span,
        "matches_rejected_records": sum(1 for m in c.matches if m.record_status.value == "rejected"),
        "matches": [_match_json(m) for m in c.matches],
    }


def _regurgitation_json(r: RegurgitationResult) -> dict[str, Any]:
    stats = r.stats
    return {
        "parameters": {
            "min_chars": r.parameters.min_chars,
            "shingle_bytes": r.parameters.shingle_bytes,
            "stride": r.parameters.stride,
            "normalisation": r.parameters.normalisation,
        },
        "inputs": {"records": [_input_json(i) for i in r.inputs], "outputs": _input_json(r.outputs_file)},
        "stats": {
            "records": stats.records,
            "record_mb": round(stats.record_bytes / 1e6, 3),
            "outputs": stats.outputs,
            "output_mb": round(stats.output_bytes / 1e6, 3),
            "seconds": round(stats.seconds, 3),
            "passes": stats.passes,
            "records_mb_per_second": round(stats.records_mb_per_second, 2),
            "outputs_mb_per_second": round(stats.outputs_mb_per_second, 3),
        },
        "customers": {c.customer: _regurgitation_customer(c) for c in r.customers},
    }


def _canary_customer(c: CustomerCanaries) -> dict[str, Any]:
    return {
        "canaries": len(c.canaries),
        "max_exposure": round(c.max_exposure, 3),
        "mean_exposure": round(c.mean_exposure, 3),
        "threshold": c.threshold,
        "memorised": c.memorised,
        "exposures": [
            {
                "record_id": e.record_id,
                "exposure": round(e.exposure, 3),
                "exposure_rank": round(e.exposure_rank, 3),
                "rank": e.rank,
                "samples": e.samples,
            }
            for e in c.canaries
        ],
    }


def _canaries_json(r: CanaryResult) -> dict[str, Any]:
    p = r.parameters
    return {
        "parameters": {
            "samples": p.samples,
            "space_bits": round(p.space_bits, 4),
            "threshold": p.threshold,
            "method": p.method,
            "scorer": p.scorer,
            "manifest_sha256": p.manifest_sha256,
        },
        "seconds": round(r.seconds, 3),
        "customers": {c.customer: _canary_customer(c) for c in r.customers},
    }


def audit_json(report: AuditReport) -> dict[str, Any]:
    return {
        "schema": AUDIT_SCHEMA,
        "generated_at": report.generated_at,
        "tool": {"name": "datarights", "version": report.tool_version},
        "policies": {
            p.customer: {"path": p.path, "sha256": p.sha256, "schema": p.schema} for p in report.policies
        },
        "regurgitation": _regurgitation_json(report.regurgitation) if report.regurgitation else None,
        "canaries": _canaries_json(report.canaries) if report.canaries else None,
    }


def schema() -> dict[str, Any]:
    text = resources.files("datarights.audit").joinpath("audit.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _policy_cite(policies: dict[str, PolicyRef], customer: str) -> str:
    policy = policies.get(customer)
    return f"{_md(Path(policy.path).name)} ({policy.sha256[:12]})" if policy else "—"


def audit_markdown(report: AuditReport) -> str:
    policies = {p.customer: p for p in report.policies}
    lines = [
        "# Leakage audit",
        "",
        f"Generated {report.generated_at} by datarights {report.tool_version}.",
        "",
    ]
    r = report.regurgitation
    if r is not None:
        s = r.stats
        lines += [
            "## Verbatim regurgitation",
            "",
            f"{s.outputs:,} outputs ({s.output_bytes / 1e6:.1f} MB) against {s.records:,} records "
            f"({s.record_bytes / 1e6:.1f} MB) in {s.seconds:.1f} s ({s.records_mb_per_second:.1f} MB/s of records). "
            f"A match is a common span of at least {r.parameters.min_chars} characters after normalisation "
            f"({r.parameters.normalisation}).",
            "",
            "| customer | records (admitted / rejected) | outputs with a match | longest span | policy |",
            "| --- | --- | --- | --- | --- |",
        ]
        for c in r.customers:
            cite = _policy_cite(policies, c.customer)
            lines.append(
                f"| {_md(c.customer)} | {c.records_admitted:,} / {c.records_rejected:,} | "
                f"{c.outputs_with_match:,} | {c.longest_span:,} | {cite} |"
            )
        for c in r.customers:
            if not c.matches:
                continue
            lines += [
                "",
                f"### {_md(c.customer)}",
                "",
                "| output | record | status | chars | excerpt (span withheld) |",
            ]
            lines.append("| --- | --- | --- | --- | --- |")
            for m in c.matches:
                lines.append(
                    f"| {_md(m.output_id)} | {_md(m.record_id)} | {m.record_status.value} | {m.chars:,} | {_md(m.excerpt)} |"
                )
    k = report.canaries
    if k is not None:
        p = k.parameters
        lines += [
            *([""] if lines[-1] else []),
            "## Canary exposure",
            "",
            f"Exposure in bits for a space of 2^{p.space_bits:.2f} secrets, from {p.samples:,} sampled candidates "
            f"({p.method}). Memorisation is flagged at {p.threshold:g} bits or more.",
            "",
            "| customer | canaries | max exposure | mean exposure | memorised | policy |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for customer in k.customers:
            cite = _policy_cite(policies, customer.customer)
            lines.append(
                f"| {_md(customer.customer)} | {len(customer.canaries)} | {customer.max_exposure:.1f} | "
                f"{customer.mean_exposure:.1f} | {'**yes**' if customer.memorised else 'no'} | {cite} |"
            )
    return "\n".join(lines) + "\n"


def audit_html(report: AuditReport) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("datarights.audit", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("audit.html.j2").render(
        report=report,
        policies={p.customer: p for p in report.policies},
        basename=lambda path: Path(path).name,
    )


def render(report: AuditReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(audit_json(report), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if fmt == "md":
        return audit_markdown(report)
    if fmt == "html":
        return audit_html(report)
    raise ConfigError(f"unknown report format {fmt!r}")
