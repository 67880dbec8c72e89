"""Per-customer transparency reports: every gate run that touched one customer's records.

For each run: purpose, model, date, records admitted / de-identified / rejected by reason, the
opt-outs honoured and retention exclusions, the clause that allowed or forbade the use (quoted,
with its number), the de-identification applied and its measured residual risk, and the leakage
audits (`datarights.audit/1`) found in the run's `audit/` folder. Formats: JSON
(`datarights.transparency/1`), Markdown, and one self-contained printable HTML page with an
inline-SVG chart of the customer's records per run.

Audit files belong to another stage: they are read by their documented JSON shape (unknown
fields ignored), never by importing that stage, and a file that does not parse is listed as a
problem instead of stopping the report.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jinja2

from datarights import __version__
from datarights.enforce.model import Decision, Reason
from datarights.enforce.runs import ClauseRef, ResidualRisk, RunRecord, RunStatus, audit_files, scan_runs
from datarights.errors import ConfigError
from datarights.markup import markdown_text as _md

TRANSPARENCY_SCHEMA = "datarights.transparency/1"
AUDIT_SCHEMA = "datarights.audit/1"


@dataclass(frozen=True, slots=True)
class Regurgitation:
    outputs_with_match: int
    longest_span: int
    matches_rejected_records: int
    records_admitted: int | None
    records_rejected: int | None


@dataclass(frozen=True, slots=True)
class CanaryExposure:
    canaries: int
    max_exposure: float
    mean_exposure: float
    threshold: float
    memorised: bool


@dataclass(frozen=True, slots=True)
class AuditResult:
    file: str
    generated_at: str
    regurgitation: Regurgitation | None  # None: the audit did not scan outputs, or not this customer's
    canaries: CanaryExposure | None


@dataclass(frozen=True, slots=True)
class RunEntry:
    """One run as the customer sees it."""

    run_id: str
    label: str
    model: str
    purpose: str
    started_at: datetime
    as_of: date
    status: RunStatus
    engine: str
    admitted: int
    deidentified: int
    rejected: int
    rejected_by_reason: tuple[tuple[Reason, int], ...]
    permission: str | None  # None: no policy for the customer in this run
    policy_sha256: str | None
    deidentify_standard: str | None
    operators: tuple[str, ...]
    clauses: tuple[ClauseRef, ...]
    residual_risk: tuple[ResidualRisk, ...]  # measured for the run's de-identifier, when it was used
    leak_rate: float | None
    not_detected: tuple[str, ...]
    audits: tuple[AuditResult, ...]

    @property
    def records(self) -> int:
        return self.admitted + self.deidentified + self.rejected

    def rejected_for(self, reason: Reason) -> int:
        return sum(n for r, n in self.rejected_by_reason if r is reason)

    def cited(self) -> tuple[ClauseRef, ...]:
        """The clauses behind this run's outcome: the purpose's, plus opt-out and retention
        clauses when they rejected records (the rest of the policy did not decide anything)."""
        seen: set[tuple[str, int, int]] = set()
        out: list[ClauseRef] = []
        for c in self.clauses:
            relevant = (
                c.term.startswith("purposes.")
                or (c.term == "opt_out" and self.opted_out)
                or (c.term == "retention" and self.retention_expired)
            )
            if relevant and (c.contract_sha256, c.start, c.end) not in seen:  # a clause quoted once
                seen.add((c.contract_sha256, c.start, c.end))
                out.append(c)
        return tuple(out)

    @property
    def opted_out(self) -> int:
        return self.rejected_for(Reason.OPTED_OUT)

    @property
    def retention_expired(self) -> int:
        return self.rejected_for(Reason.RETENTION_EXPIRED)


@dataclass(frozen=True, slots=True)
class TransparencyReport:
    customer: str
    generated_at: datetime
    period_from: date | None
    period_to: date | None
    runs: tuple[RunEntry, ...]
    problems: tuple[str, ...]  # run or audit files that could not be read

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.runs)


# --- audits ------------------------------------------------------------------------------------


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return int(value)


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def read_audit(path: Path, customer: str) -> AuditResult:
    """The parts of a `datarights.audit/1` report about `customer`."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read audit report: {error}", path=path) from None
    if not isinstance(raw, Mapping) or raw.get("schema") != AUDIT_SCHEMA:
        raise ConfigError(f"not a {AUDIT_SCHEMA} report", path=path)
    try:
        regurgitation = None
        scan = raw.get("regurgitation")
        if isinstance(scan, Mapping) and customer in (scan.get("customers") or {}):
            c = scan["customers"][customer]
            records = c.get("records") or {}
            regurgitation = Regurgitation(
                _int(c["outputs_with_match"]),
                _int(c["longest_span"]),
                _int(c["matches_rejected_records"]),
                _int(records["admitted"]) if "admitted" in records else None,
                _int(records["rejected"]) if "rejected" in records else None,
            )
        canaries = None
        planted = raw.get("canaries")
        if isinstance(planted, Mapping) and customer in (planted.get("customers") or {}):
            c = planted["customers"][customer]
            canaries = CanaryExposure(
                _int(c["canaries"]),
                _float(c["max_exposure"]),
                _float(c["mean_exposure"]),
                _float(c["threshold"]),
                bool(c["memorised"]),
            )
    except (KeyError, TypeError) as error:
        raise ConfigError(f"{AUDIT_SCHEMA} report without the expected field: {error}", path=path) from None
    return AuditResult(path.name, str(raw.get("generated_at", "")), regurgitation, canaries)


# --- building ----------------------------------------------------------------------------------


def _entry(run: RunRecord, customer: str, audits: tuple[AuditResult, ...]) -> RunEntry:
    counts = [c for c in run.counts if c.customer == customer]
    by_reason: dict[Reason, int] = {}
    for c in counts:
        if c.decision is Decision.REJECT:
            by_reason[c.reason] = by_reason.get(c.reason, 0) + c.records
    policy = run.policy(customer)
    deidentified = run.total(customer, Decision.ADMIT_DEIDENTIFIED)
    return RunEntry(
        run_id=run.run_id,
        label=run.label,
        model=run.model,
        purpose=run.purpose.value,
        started_at=run.started_at,
        as_of=run.as_of,
        status=run.status,
        engine=run.engine.value,
        admitted=run.total(customer, Decision.ADMIT),
        deidentified=deidentified,
        rejected=run.total(customer, Decision.REJECT),
        rejected_by_reason=tuple(sorted(by_reason.items())),
        permission=policy.permission.value if policy else None,
        policy_sha256=policy.policy_sha256 if policy else None,
        deidentify_standard=policy.deidentify_standard if policy else None,
        operators=policy.operators if policy else (),
        clauses=policy.clauses if policy else (),
        residual_risk=run.residual_risk if deidentified else (),
        leak_rate=run.leak_rate if deidentified else None,
        not_detected=run.not_detected if deidentified else (),
        audits=audits,
    )


def build_report(
    runs: Path,
    customer: str,
    period_from: date | None = None,
    period_to: date | None = None,
    now: datetime | None = None,
) -> TransparencyReport:
    """The report for `customer` over the runs in `runs` started within the period (inclusive)."""
    if not customer.strip():
        raise ConfigError("a transparency report needs a customer id")
    if period_from and period_to and period_from > period_to:
        raise ConfigError(f"--from {period_from} is after --to {period_to}")
    scan = scan_runs(runs)
    problems = [str(p) for p in scan.problems]
    entries: list[RunEntry] = []
    for run in scan.runs:
        day = run.started_at.astimezone(UTC).date()
        if (period_from and day < period_from) or (period_to and day > period_to):
            continue
        if run.total(customer) == 0:
            continue  # the run did not touch this customer's records
        audits: list[AuditResult] = []
        for path in audit_files(runs, run.run_id):
            try:
                audits.append(read_audit(path, customer))
            except ConfigError as error:
                problems.append(str(error))
        entries.append(_entry(run, customer, tuple(audits)))
    return TransparencyReport(
        customer, now or datetime.now(UTC), period_from, period_to, tuple(entries), tuple(problems)
    )


# --- JSON --------------------------------------------------------------------------------------


def _clause_json(c: ClauseRef) -> dict[str, Any]:
    return {"term": c.term, "clause": c.clause, "quote": c.quote, "contract_sha256": c.contract_sha256}


def report_json(report: TransparencyReport) -> dict[str, Any]:
    return {
        "schema": TRANSPARENCY_SCHEMA,
        "tool": {"name": "datarights", "version": __version__},
        "customer": report.customer,
        "generated_at": report.generated_at.isoformat(),
        "period": {
            "from": report.period_from.isoformat() if report.period_from else None,
            "to": report.period_to.isoformat() if report.period_to else None,
        },
        "totals": {
            "runs": len(report.runs),
            "records": report.total("records"),
            "admitted": report.total("admitted"),
            "admitted_deidentified": report.total("deidentified"),
            "rejected": report.total("rejected"),
            "opted_out": report.total("opted_out"),
            "retention_expired": report.total("retention_expired"),
        },
        "runs": [
            {
                "run_id": r.run_id,
                "label": r.label,
                "model": r.model,
                "purpose": r.purpose,
                "started_at": r.started_at.isoformat(),
                "as_of": r.as_of.isoformat(),
                "status": r.status.value,
                "engine": r.engine,
                "records": r.records,
                "admitted": r.admitted,
                "admitted_deidentified": r.deidentified,
                "rejected": r.rejected,
                "rejected_by_reason": {reason.label: n for reason, n in r.rejected_by_reason},
                "opted_out": r.opted_out,
                "retention_expired": r.retention_expired,
                "policy": None
                if r.permission is None
                else {
                    "sha256": r.policy_sha256,
                    "permission": r.permission,
                    "clauses": [_clause_json(c) for c in r.clauses],
                },
                "deidentification": None
                if not r.deidentified
                else {
                    "standard": r.deidentify_standard,
                    "operators": list(r.operators),
                    "residual_risk": {
                        "leak_rate": r.leak_rate,
                        "per_kind": {
                            k.kind: {"precision": k.precision, "recall": k.recall} for k in r.residual_risk
                        },
                        "not_detected_kinds": list(r.not_detected),
                    },
                },
                "audits": [
                    {
                        "file": a.file,
                        "generated_at": a.generated_at,
                        "regurgitation": None
                        if a.regurgitation is None
                        else {
                            "outputs_with_match": a.regurgitation.outputs_with_match,
                            "longest_span": a.regurgitation.longest_span,
                            "matches_rejected_records": a.regurgitation.matches_rejected_records,
                        },
                        "canaries": None
                        if a.canaries is None
                        else {
                            "canaries": a.canaries.canaries,
                            "max_exposure": a.canaries.max_exposure,
                            "mean_exposure": a.canaries.mean_exposure,
                            "threshold": a.canaries.threshold,
                            "memorised": a.canaries.memorised,
                        },
                    }
                    for a in r.audits
                ],
            }
            for r in report.runs
        ],
        "problems": list(report.problems),
    }


# --- Markdown ----------------------------------------------------------------------------------

REASON_TEXT: dict[Reason, str] = {
    Reason.MALFORMED_RECORD: "malformed record",
    Reason.MISSING_FIELD: "a required field was missing",
    Reason.UNKNOWN_CUSTOMER: "no policy for the customer",
    Reason.NO_POLICY: "contract not yet in force",
    Reason.POLICY_UNCONFIRMED: "policy not confirmed by counsel",
    Reason.POLICY_EXPIRED: "contract expired",
    Reason.PURPOSE_FORBIDDEN: "the contract forbids this use",
    Reason.RETENTION_EXPIRED: "past the retention limit",
    Reason.OPTED_OUT: "opt-out honoured",
    Reason.OPT_IN_MISSING: "no opt-in",
    Reason.EXCLUDED_CATEGORY: "excluded category",
}


def _quote(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report_markdown(report: TransparencyReport) -> str:
    period = f"{report.period_from or 'the first run'} to {report.period_to or 'the last run'}"
    lines = [
        f"# Transparency report: {report.customer}",
        "",
        f"Runs from {period}; generated {report.generated_at:%Y-%m-%d %H:%M} UTC by datarights {__version__}.",
        "",
        f"**{len(report.runs)} runs** used {report.total('records')} of your records: "
        f"{report.total('admitted')} admitted, {report.total('deidentified')} admitted after de-identification, "
        f"{report.total('rejected')} rejected ({report.total('opted_out')} for opt-outs, "
        f"{report.total('retention_expired')} past retention).",
        "",
    ]
    if report.runs:
        lines += [
            "| Date | Run | Purpose | Model | Admitted | De-identified | Rejected |",
            "|---|---|---|---|---:|---:|---:|",
        ]
        for r in report.runs:
            lines.append(
                f"| {r.started_at:%Y-%m-%d} | {_md(r.label or r.run_id[:8])} | {r.purpose} | {_md(r.model or '—')} "
                f"| {r.admitted} | {r.deidentified} | {r.rejected} |"
            )
        lines.append("")
    for r in report.runs:
        lines += [f"## {r.started_at:%Y-%m-%d %H:%M} — {_md(r.label or r.run_id)}", ""]
        lines.append(
            f"Run `{r.run_id}` ({r.status.value}, {r.engine} engine), purpose **{r.purpose}**, "
            f"model {r.model or 'not named'}, decided as of {r.as_of}."
        )
        lines.append("")
        if r.permission is None:
            lines.append("No policy for you was loaded: every record was rejected.")
        else:
            lines.append(
                f"Your contract makes this purpose **{r.permission}** (policy `{(r.policy_sha256 or '')[:12]}`)."
            )
        lines.append("")
        for reason, n in r.rejected_by_reason:
            lines.append(f"- Rejected, {REASON_TEXT.get(reason, reason.label)}: {n}")
        if r.rejected_by_reason:
            lines.append("")
        if r.deidentified:
            risk = f"{r.leak_rate:.2%}" if r.leak_rate is not None else "not measured"
            lines.append(
                f"De-identification: {r.deidentify_standard or 'contractual'} standard, "
                f"operators {', '.join(r.operators) or '—'}; measured residual leak rate {risk}; "
                f"not detected here: {', '.join(r.not_detected) or '—'}."
            )
            lines.append("")
        for c in r.cited():
            lines.append(f"> **{_md(c.clause)}** ({c.term}): {_quote(c.quote)}")
            lines.append("")
        for a in r.audits:
            parts = []
            if a.regurgitation is not None:
                parts.append(
                    f"{a.regurgitation.outputs_with_match} model outputs reproduce your records "
                    f"(longest {a.regurgitation.longest_span} characters)"
                )
            if a.canaries is not None:
                verdict = "memorised" if a.canaries.memorised else "not memorised"
                parts.append(f"canaries {verdict} (max exposure {a.canaries.max_exposure:.1f} bits)")
            lines.append(f"- Leakage audit `{a.file}`: {'; '.join(parts) or 'no results for you'}")
        if r.audits:
            lines.append("")
    if report.problems:
        lines += ["## Problems", ""] + [f"- {_md(p)}" for p in report.problems] + [""]
    return "\n".join(lines)


# --- HTML --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    segments: tuple[tuple[str, float, float, int], ...]  # css class, y, height, records
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  # y, label
    baseline: float


def _nice_max(value: int) -> int:
    if value <= 0:
        return 1
    magnitude: int = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def records_chart(runs: Sequence[RunEntry], width: int = 720, height: int = 240) -> Chart:
    """Stacked bars, one per run in time order: admitted, de-identified, rejected."""
    left, right, top, bottom = 56, 12, 12, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((r.records for r in runs), default=0))
    slot = plot_w / max(len(runs), 1)
    bar_w = max(min(slot * 0.7, 56), 2)
    bars = []
    for i, r in enumerate(runs):
        x = left + slot * i + (slot - bar_w) / 2
        y = float(top + plot_h)
        segments = []
        for css, value in (
            ("admitted", r.admitted),
            ("deidentified", r.deidentified),
            ("rejected", r.rejected),
        ):
            h = plot_h * value / top_value
            y -= h
            segments.append((css, round(y, 2), round(h, 2), value))
        bars.append(
            Bar(
                round(x, 2),
                round(bar_w, 2),
                tuple(segments),
                f"{r.started_at:%m-%d}",
                f"{r.started_at:%Y-%m-%d %H:%M} {r.label or r.run_id[:8]}: {r.admitted} admitted, "
                f"{r.deidentified} de-identified, {r.rejected} rejected",
            )
        )
    ticks = tuple(
        (round(top + plot_h - plot_h * f, 2), f"{int(top_value * f):,}") for f in (0, 0.25, 0.5, 0.75, 1)
    )
    return Chart(width, height, tuple(bars), ticks, top + plot_h)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("datarights.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def report_html(report: TransparencyReport) -> str:
    template = _environment().get_template("transparency.html.j2")
    return template.render(
        r=report,
        chart=records_chart(report.runs),
        reason_text=REASON_TEXT,
        version=__version__,
        quote=_quote,
    )


def render(report: TransparencyReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return report_markdown(report)
    if fmt == "html":
        return report_html(report)
    raise ConfigError(f"unknown report format {fmt!r} (html, md or json)")
