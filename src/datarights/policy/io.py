"""Policies to and from their YAML form, validated against the JSON Schema with errors naming the field.

Hashes: `content_sha256` covers every term (not the confirmation), so a confirmation can name
exactly what was confirmed; `policy_sha256` covers the whole file's meaning, confirmation included,
and is what decision logs and manifests cite.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import yaml

from datarights.errors import ConfigError
from datarights.policy.model import (
    POLICY_SCHEMA,
    Cadence,
    Category,
    Conditions,
    Confirmation,
    Contract,
    Deidentify,
    DeidStandard,
    Duties,
    Operator,
    OptOut,
    OptOutMode,
    Permission,
    Policy,
    Provenance,
    Purpose,
    PurposeRule,
    Retention,
    Source,
    Term,
)
from datarights.policy.schema import SCHEMA

T = TypeVar("T")
U = TypeVar("U")

# libyaml when present: a policy file is long (every term quotes its clauses) and the pure-Python
# loader took a quarter of a second per file.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


# ---- to plain data -------------------------------------------------------------------------


def _provenance(p: Provenance) -> dict[str, Any]:
    return {
        "contract_sha256": p.contract_sha256,
        "clause": p.clause,
        "start": p.start,
        "end": p.end,
        "quote": p.quote,
        "answer": p.answer,
    }


def _term(term: Term[T], value: Callable[[T], Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": value(term.value),
        "source": term.source.value,
        "to_confirm": term.to_confirm,
    }
    if term.note:
        out["note"] = term.note
    out["provenance"] = [_provenance(p) for p in term.provenance]
    return out


def _same(value: Any) -> Any:
    return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _deid(value: Deidentify | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"standard": value.standard.value, "operators": [o.value for o in value.operators]}


def _content(policy: Policy) -> dict[str, Any]:
    purposes: dict[str, Any] = {}
    for rule in policy.purposes:
        c = rule.conditions
        purposes[rule.purpose.value] = {
            "permission": _term(rule.permission, lambda p: p.value),
            "conditions": {
                "deidentify": _term(c.deidentify, _deid),
                "aggregate_only": _term(c.aggregate_only, _same),
                "opt_in_required": _term(c.opt_in_required, _same),
                "exclude_categories": _term(c.exclude_categories, lambda cats: [x.value for x in cats]),
            },
        }
    d = policy.duties
    return {
        "schema": POLICY_SCHEMA,
        "customer": policy.customer,
        "compiled_by": policy.compiled_by,
        "playbook": policy.playbook,
        "contracts": [
            {"path": c.path, "sha256": c.sha256, "title": c.title, "doc_type": c.doc_type}
            for c in policy.contracts
        ],
        "effective": _term(policy.effective, _iso),
        "expires": _term(policy.expires, _iso),
        "purposes": purposes,
        "opt_out": _term(
            policy.opt_out,
            lambda o: {"mode": o.mode.value, "from": _iso(o.from_date)},
        ),
        "retention": _term(
            policy.retention,
            lambda r: {"max_age_days": r.max_age_days, "days_after_termination": r.days_after_termination},
        ),
        "duties": {
            "transparency_report": _term(d.transparency_report, lambda c: c.value),
            "notice_before_change_days": _term(d.notice_before_change_days, _same),
            "delete_derived_models_on_termination": _term(d.delete_derived_models_on_termination, _same),
        },
    }


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    data = _content(policy)
    c = policy.confirmation
    data["confirmed"] = (
        None
        if c is None
        else {
            "by": c.by,
            "at": c.at.isoformat(),
            "content_sha256": c.content_sha256,
            "accepted_defaults": list(c.accepted_defaults),
        }
    )
    return data


def _digest(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_sha256(policy: Policy) -> str:
    """The hash of every term, without the confirmation (and without `to_confirm` flags, which
    confirming clears)."""
    data = _content(policy)
    _strip_flags(data)
    return _digest(data)


def _strip_flags(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("to_confirm", None)
        for child in node.values():
            _strip_flags(child)
    elif isinstance(node, list):
        for child in node:
            _strip_flags(child)


def policy_sha256(policy: Policy) -> str:
    return _digest(policy_to_dict(policy))


def dump_policy(policy: Policy) -> str:
    header = (
        f"# {POLICY_SCHEMA} for {policy.customer}: compiled by datarights from the contracts listed below.\n"
        "# Terms marked to_confirm: true are the restrictive choice where the contract is unclear;\n"
        "# review them, then run `datarights policy confirm FILE --by NAME`.\n"
    )
    body = yaml.dump(policy_to_dict(policy), Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def write_policy(policy: Policy, path: Path) -> None:
    path.write_text(dump_policy(policy), encoding="utf-8")


# ---- from plain data -----------------------------------------------------------------------


def _plain(node: Any) -> Any:
    """YAML reads unquoted dates as date objects; the schema speaks of strings."""
    if isinstance(node, datetime | date):
        return node.isoformat()
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _field(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _read_term(raw: dict[str, Any], value: Callable[[Any], T]) -> Term[T]:
    return Term(
        value=value(raw["value"]),
        source=Source(raw["source"]),
        provenance=tuple(
            Provenance(
                p["contract_sha256"], p["clause"], int(p["start"]), int(p["end"]), p["quote"], p["answer"]
            )
            for p in raw["provenance"]
        ),
        to_confirm=bool(raw["to_confirm"]),
        note=str(raw.get("note", "")),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _read_deid(value: dict[str, Any] | None) -> Deidentify | None:
    if value is None:
        return None
    return Deidentify(DeidStandard(value["standard"]), tuple(Operator(o) for o in value["operators"]))


def policy_from_dict(raw: Any, source: str = "") -> Policy:
    """A policy from plain data; raises ConfigError naming the file and the field."""
    data = _plain(raw)
    if not isinstance(data, dict):
        raise ConfigError("(top level): a policy is a YAML mapping", path=source or None)
    problems = sorted(
        _VALIDATOR.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message)
    )
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ConfigError(f"{_field(first.absolute_path)}: {first.message}{more}", path=source or None)
    try:
        purposes = []
        for purpose in Purpose:
            rule = data["purposes"][purpose.value]
            c = rule["conditions"]
            purposes.append(
                PurposeRule(
                    purpose,
                    _read_term(rule["permission"], Permission),
                    Conditions(
                        deidentify=_read_term(c["deidentify"], _read_deid),
                        aggregate_only=_read_term(c["aggregate_only"], bool),
                        opt_in_required=_read_term(c["opt_in_required"], bool),
                        exclude_categories=_read_term(
                            c["exclude_categories"], lambda v: tuple(Category(x) for x in v)
                        ),
                    ),
                )
            )
        d = data["duties"]
        confirmed = data.get("confirmed")
        policy = Policy(
            customer=data["customer"],
            contracts=tuple(
                Contract(c["path"], c["sha256"], c.get("title", ""), c.get("doc_type", ""))
                for c in data["contracts"]
            ),
            playbook=data["playbook"],
            effective=_read_term(data["effective"], _date),
            expires=_read_term(data["expires"], _date),
            purposes=tuple(purposes),
            opt_out=_read_term(
                data["opt_out"],
                lambda o: OptOut(OptOutMode(o["mode"]), _date(o["from"])),
            ),
            retention=_read_term(
                data["retention"], lambda r: Retention(r["max_age_days"], r["days_after_termination"])
            ),
            duties=Duties(
                transparency_report=_read_term(d["transparency_report"], Cadence),
                notice_before_change_days=_read_term(d["notice_before_change_days"], _same),
                delete_derived_models_on_termination=_read_term(
                    d["delete_derived_models_on_termination"], bool
                ),
            ),
            confirmation=None
            if confirmed is None
            else Confirmation(
                confirmed["by"],
                datetime.fromisoformat(confirmed["at"]),
                confirmed["content_sha256"],
                tuple(confirmed.get("accepted_defaults", ())),
            ),
            compiled_by=data.get("compiled_by", ""),
        )
    except ValueError as error:  # a date the pattern let through but the calendar does not have
        raise ConfigError(f"invalid value: {error}", path=source or None) from None
    _check_semantics(policy, source)
    return policy


def _check_semantics(policy: Policy, source: str) -> None:
    eff, exp = policy.effective.value, policy.expires.value
    if eff is not None and exp is not None and exp < eff:
        raise ConfigError(f"expires.value: {exp} is before effective.value {eff}", path=source or None)
    for rule in policy.purposes:
        c = rule.conditions
        base = f"purposes.{rule.purpose.value}"
        if rule.permission.value is Permission.CONDITIONAL and not (
            c.deidentify.value is not None
            or c.aggregate_only.value
            or c.opt_in_required.value
            or c.exclude_categories.value
        ):
            raise ConfigError(
                f"{base}.permission.value: conditional, but no condition is set "
                "(deidentify, aggregate_only, opt_in_required or exclude_categories)",
                path=source or None,
            )
    for term_path, term in policy.terms():
        for i, p in enumerate(term.provenance):
            if p.end < p.start:
                raise ConfigError(
                    f"{term_path}.provenance.{i}.end: {p.end} is before start {p.start}", path=source or None
                )
        if term.source is Source.CONTRACT and not term.provenance:
            raise ConfigError(
                f"{term_path}.provenance: source is contract but no clause is cited", path=source or None
            )


def all_terms(policy: Policy) -> tuple[tuple[str, Term[Any]], ...]:
    """Every term of a policy with its dotted path, in file order."""
    return policy.terms()


def load_policy(path: Path | str) -> Policy:
    path = Path(path)
    if not path.is_file():
        raise ConfigError("no such policy file", path=path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{where}: {getattr(error, 'problem', error)}", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=path) from None
    return policy_from_dict(raw, str(path))


def load_policies(folder: Path | str) -> dict[str, tuple[Path, Policy]]:
    """Every `*.yaml` / `*.yml` policy in a folder (or one file), by customer; two files for one
    customer are an error (which one would govern is exactly what must not be guessed)."""
    folder = Path(folder)
    files = (
        [folder]
        if folder.is_file()
        else sorted(p for p in folder.glob("*") if p.suffix.lower() in {".yaml", ".yml"})
    )
    if not folder.exists():
        raise ConfigError("no such policy folder", path=folder)
    found: dict[str, tuple[Path, Policy]] = {}
    for file in files:
        policy = load_policy(file)
        if policy.customer in found:
            raise ConfigError(
                f"customer: {policy.customer!r} also has a policy in {found[policy.customer][0]}", path=file
            )
        found[policy.customer] = (file, policy)
    return found
