"""Export a policy as an ODRL 2.2 policy in JSON-LD.

The document's context is the W3C's `http://www.w3.org/ns/odrl.jsonld` followed by a small inline
context for our profile (`dr:`): the training purposes, the de-identification duty's standard and
operators, sensitive categories, opt-out and provenance. Each purpose becomes a permission (with
its conditions as constraints and duties) or a prohibition; the provider's duties become policy
obligations.

Processing the JSON-LD must never fetch the W3C context over the network: `ODRL_CONTEXT` below is
the part of that context this export uses — every term mapped exactly as the W3C file maps it —
and `local_document_loader` serves it to pyld (or rdflib, via expanded JSON-LD) for that URL.
The official file is not shipped verbatim; a term missing here simply is not used by the export.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from datarights.errors import ConfigError
from datarights.policy.io import policy_sha256
from datarights.policy.model import (
    Cadence,
    Permission,
    Policy,
    Provenance,
    Purpose,
    PurposeRule,
    Term,
)

ODRL_CONTEXT_URL = "http://www.w3.org/ns/odrl.jsonld"
ODRL_NS = "http://www.w3.org/ns/odrl/2/"
PROFILE = "https://w3id.org/datarights/odrl-profile/1"
PROFILE_NS = "https://w3id.org/datarights/odrl#"

_VOCAB = {"@type": "@vocab"}
_ID = {"@type": "@id"}


def _odrl(term: str, kind: dict[str, str] | None = None) -> str | dict[str, str]:
    return f"odrl:{term}" if kind is None else {**kind, "@id": f"odrl:{term}"}


# The subset of the W3C ODRL 2.2 context the export uses, with the W3C file's own mappings.
ODRL_CONTEXT: dict[str, Any] = {
    "@context": {
        "odrl": ODRL_NS,
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dct": "http://purl.org/dc/terms/",
        "id": {"@type": "@id", "@id": "@id"},
        "type": {"@type": "@id", "@id": "@type"},
        "Policy": _odrl("Policy"),
        "Agreement": _odrl("Agreement"),
        "Set": _odrl("Set"),
        "profile": _odrl("profile", _ID),
        "target": _odrl("target", _ID),
        "assigner": _odrl("assigner", _ID),
        "assignee": _odrl("assignee", _ID),
        "informedParty": _odrl("informedParty", _ID),
        "consentingParty": _odrl("consentingParty", _ID),
        "Party": _odrl("Party"),
        "Asset": _odrl("Asset"),
        "action": _odrl("action", _VOCAB),
        "Permission": _odrl("Permission"),
        "permission": _odrl("permission", _ID),
        "Prohibition": _odrl("Prohibition"),
        "prohibition": _odrl("prohibition", _ID),
        "Duty": _odrl("Duty"),
        "duty": _odrl("duty", _ID),
        "use": _odrl("use"),
        "aggregate": _odrl("aggregate"),
        "anonymize": _odrl("anonymize"),
        "delete": _odrl("delete"),
        "inform": _odrl("inform"),
        "obtainConsent": _odrl("obtainConsent"),
        "Constraint": _odrl("Constraint"),
        "constraint": _odrl("constraint", _ID),
        "operator": _odrl("operator", _VOCAB),
        "rightOperand": _odrl("rightOperand"),
        "leftOperand": _odrl("leftOperand", _VOCAB),
        "unit": _odrl("unit"),
        "dateTime": _odrl("dateTime"),
        "elapsedTime": _odrl("elapsedTime"),
        "delayPeriod": _odrl("delayPeriod"),
        "event": _odrl("event"),
        "purpose": _odrl("purpose"),
        "eq": _odrl("eq"),
        "gt": _odrl("gt"),
        "gteq": _odrl("gteq"),
        "lt": _odrl("lt"),
        "lteq": _odrl("lteq"),
        "isA": _odrl("isA"),
        "isAnyOf": _odrl("isAnyOf"),
        "isNoneOf": _odrl("isNoneOf"),
        "and": _odrl("and"),
    }
}

# Our profile's terms, inline (ODRL 2.2 §2.3: a profile may add purposes, duties and operands).
PROFILE_CONTEXT: dict[str, Any] = {
    "dr": PROFILE_NS,
    "uid": "@id",
    "obligation": {"@id": "odrl:obligation", "@type": "@id"},
    "title": "dct:title",
    "conformsTo": {"@id": "dct:conformsTo", "@type": "@id"},
    "category": "dr:category",
    "standard": {"@id": "dr:standard", "@type": "@vocab"},
    "deidOperator": {"@id": "dr:operator", "@type": "@vocab"},
    "optOut": {"@id": "dr:optOut", "@type": "@id"},
    "optOutMode": {"@id": "dr:optOutMode", "@type": "@vocab"},
    "cadence": {"@id": "dr:cadence", "@type": "@vocab"},
    "toConfirm": {"@id": "dr:toConfirm", "@type": "xsd:boolean"},
    "provenance": {"@id": "dr:provenance", "@type": "@id"},
    "contract": "dr:contractSha256",
    "clause": "dr:clause",
    "start": {"@id": "dr:start", "@type": "xsd:integer"},
    "end": {"@id": "dr:end", "@type": "xsd:integer"},
    "answer": "dr:answer",
}

_PURPOSE_IRI = {
    Purpose.FOUNDATIONAL_TRAINING: "dr:foundationalTraining",
    Purpose.PRIVATE_TRAINING: "dr:privateTraining",
    Purpose.EVALUATION: "dr:evaluation",
    Purpose.ANALYTICS: "dr:analytics",
    Purpose.PRODUCT_IMPROVEMENT: "dr:productImprovement",
}


def local_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader that serves the ODRL context from memory and refuses the network."""
    if url.rstrip("/") == ODRL_CONTEXT_URL:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": ODRL_CONTEXT,
        }
    raise ConfigError(f"refusing to fetch {url}: only the ODRL context is served locally")


def _constraint(left: str, operator: str, right: Any) -> dict[str, Any]:
    return {"leftOperand": left, "operator": operator, "rightOperand": right}


def _typed(value: str, kind: str) -> dict[str, str]:
    return {"@value": value, "@type": f"xsd:{kind}"}


def _provenance(term: Term[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in term.provenance:
        out.append(_cite(p))
    return out


def _cite(p: Provenance) -> dict[str, Any]:
    cited: dict[str, Any] = {"contract": p.contract_sha256, "answer": p.answer}
    if p.quote:
        cited.update({"clause": p.clause, "start": p.start, "end": p.end})
    return cited


def _common_constraints(policy: Policy) -> list[dict[str, Any]]:
    constraints: list[dict[str, Any]] = []
    if policy.effective.value is not None:
        constraints.append(
            _constraint("dateTime", "gteq", _typed(policy.effective.value.isoformat(), "date"))
        )
    if policy.expires.value is not None:
        grace = policy.retention.value.days_after_termination or 0
        last: date = policy.expires.value + timedelta(days=grace)
        constraints.append(_constraint("dateTime", "lteq", _typed(last.isoformat(), "date")))
    if policy.retention.value.max_age_days is not None:
        constraints.append(
            _constraint("elapsedTime", "lteq", _typed(f"P{policy.retention.value.max_age_days}D", "duration"))
        )
    return constraints


def _rule(policy: Policy, rule: PurposeRule, target: str, customer: str) -> tuple[str, dict[str, Any]]:
    purpose = _constraint("purpose", "eq", {"@id": _PURPOSE_IRI[rule.purpose]})
    base: dict[str, Any] = {
        "target": target,
        "action": "use",
        "toConfirm": rule.permission.to_confirm,
        "provenance": _provenance(rule.permission),
    }
    if rule.permission.value is Permission.FORBIDDEN:
        return "prohibition", {**base, "constraint": [purpose]}
    constraints = [purpose, *_common_constraints(policy)]
    duties: list[dict[str, Any]] = []
    if rule.permission.value is Permission.CONDITIONAL:
        c = rule.conditions
        if c.exclude_categories.value:
            constraints.append(
                _constraint(
                    "category", "isNoneOf", [{"@id": f"dr:{x.value}"} for x in c.exclude_categories.value]
                )
            )
        deid = c.deidentify.value
        if deid is not None:
            duties.append(
                {
                    "action": "anonymize",
                    "standard": f"dr:{deid.standard.value}",
                    "deidOperator": [f"dr:{o.value}" for o in deid.operators],
                    "provenance": _provenance(c.deidentify),
                }
            )
        if c.aggregate_only.value:
            duties.append({"action": "aggregate", "provenance": _provenance(c.aggregate_only)})
        if c.opt_in_required.value:
            duties.append(
                {
                    "action": "obtainConsent",
                    "consentingParty": f"{customer}:data-subject",
                    "provenance": _provenance(c.opt_in_required),
                }
            )
    permission = {**base, "constraint": constraints}
    if duties:
        permission["duty"] = duties
    return "permission", permission


def _obligations(policy: Policy, customer: str) -> list[dict[str, Any]]:
    d = policy.duties
    out: list[dict[str, Any]] = []
    if d.delete_derived_models_on_termination.value:
        out.append(
            {
                "action": "delete",
                "target": f"{customer}:derived-models",
                "assigner": customer,
                "constraint": [_constraint("event", "eq", {"@id": "dr:termination"})],
                "provenance": _provenance(d.delete_derived_models_on_termination),
            }
        )
    if d.transparency_report.value is not Cadence.NONE:
        out.append(
            {
                "action": "inform",
                "informedParty": customer,
                "cadence": f"dr:{d.transparency_report.value.value}",
                "provenance": _provenance(d.transparency_report),
            }
        )
    days = d.notice_before_change_days.value
    if days is None:
        out.append(
            {
                "action": "obtainConsent",
                "consentingParty": customer,
                "constraint": [_constraint("event", "eq", {"@id": "dr:termsChange"})],
                "provenance": _provenance(d.notice_before_change_days),
            }
        )
    elif days > 0:
        out.append(
            {
                "action": "inform",
                "informedParty": customer,
                "constraint": [
                    _constraint("event", "eq", {"@id": "dr:termsChange"}),
                    _constraint("delayPeriod", "gteq", _typed(f"P{days}D", "duration")),
                ],
                "provenance": _provenance(d.notice_before_change_days),
            }
        )
    return out


def to_odrl(policy: Policy, urn: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The ODRL 2.2 JSON-LD document for `policy` (an `Agreement`: the customer, whose data it is,
    is the assigner; the provider the assignee)."""
    iri = urn or (lambda s: f"urn:datarights:{s}")
    customer = iri(f"party:{policy.customer}")
    target = iri(f"data:{policy.customer}")
    document: dict[str, Any] = {
        "@context": [ODRL_CONTEXT_URL, PROFILE_CONTEXT],
        "@type": "Agreement",
        "uid": iri(f"policy:{policy.customer}:{policy_sha256(policy)}"),
        "profile": PROFILE,
        "title": f"Data-use policy for {policy.customer}",
        "conformsTo": [iri(f"contract:{c.sha256}") for c in policy.contracts],
        "assigner": customer,
        "assignee": iri("party:provider"),
        "optOut": {
            "optOutMode": f"dr:{policy.opt_out.value.mode.value}",
            "toConfirm": policy.opt_out.to_confirm,
            "provenance": _provenance(policy.opt_out),
        },
    }
    rules: dict[str, list[dict[str, Any]]] = {"permission": [], "prohibition": []}
    for rule in policy.purposes:
        kind, body = _rule(policy, rule, target, customer)
        rules[kind].append(body)
    for kind, bodies in rules.items():
        if bodies:
            document[kind] = bodies
    obligations = _obligations(policy, customer)
    if obligations:
        document["obligation"] = obligations
    return document
