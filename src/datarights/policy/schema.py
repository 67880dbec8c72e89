"""The JSON Schema of `datarights.policy/1`, built from the model's enums so the two cannot drift.

`policy.schema.json` beside this module is this schema written out (a test keeps it in step), for
tools that validate policy files without datarights.
"""

from __future__ import annotations

import json
from enum import StrEnum
from importlib import resources
from typing import Any

from datarights.policy.model import (
    POLICY_SCHEMA,
    Cadence,
    Category,
    DeidStandard,
    Operator,
    OptOutMode,
    Permission,
    Purpose,
    Source,
)

SCHEMA_ID = "https://datarights.dev/schema/policy-1.schema.json"


def _enum(kind: type[StrEnum]) -> dict[str, Any]:
    return {"type": "string", "enum": [member.value for member in kind]}


_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NULLABLE_DATE = {"oneOf": [{"type": "null"}, _DATE]}
_NULLABLE_DAYS = {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 0}]}


def _term(value: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["value", "source", "provenance", "to_confirm"],
        "properties": {
            "value": value,
            "source": _enum(Source),
            "provenance": {"type": "array", "items": {"$ref": "#/$defs/provenance"}},
            "to_confirm": {"type": "boolean"},
            "note": {"type": "string"},
        },
    }


def build_schema() -> dict[str, Any]:
    deidentify = {
        "oneOf": [
            {"type": "null"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["standard", "operators"],
                "properties": {
                    "standard": _enum(DeidStandard),
                    "operators": {"type": "array", "minItems": 1, "items": _enum(Operator)},
                },
            },
        ]
    }
    purpose_rule = {
        "type": "object",
        "additionalProperties": False,
        "required": ["permission", "conditions"],
        "properties": {
            "permission": _term(_enum(Permission)),
            "conditions": {
                "type": "object",
                "additionalProperties": False,
                "required": ["deidentify", "aggregate_only", "opt_in_required", "exclude_categories"],
                "properties": {
                    "deidentify": _term(deidentify),
                    "aggregate_only": _term({"type": "boolean"}),
                    "opt_in_required": _term({"type": "boolean"}),
                    "exclude_categories": _term(
                        {"type": "array", "uniqueItems": True, "items": _enum(Category)}
                    ),
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": POLICY_SCHEMA,
        "description": "A data-use policy for one customer, compiled from its contracts; every term cites its clauses.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "schema",
            "customer",
            "contracts",
            "playbook",
            "effective",
            "expires",
            "purposes",
            "opt_out",
            "retention",
            "duties",
        ],
        "properties": {
            "schema": {"const": POLICY_SCHEMA},
            "customer": {"type": "string", "minLength": 1},
            "compiled_by": {"type": "string"},
            "playbook": {"type": "string"},
            "contracts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["path", "sha256"],
                    "properties": {
                        "path": {"type": "string"},
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "title": {"type": "string"},
                        "doc_type": {"type": "string"},
                    },
                },
            },
            "effective": _term(_NULLABLE_DATE),
            "expires": _term(_NULLABLE_DATE),
            "purposes": {
                "type": "object",
                "additionalProperties": False,
                "required": [p.value for p in Purpose],
                "properties": {p.value: purpose_rule for p in Purpose},
            },
            "opt_out": _term(
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["mode", "from"],
                    "properties": {
                        "mode": _enum(OptOutMode),
                        "from": _NULLABLE_DATE,
                    },
                }
            ),
            "retention": _term(
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["max_age_days", "days_after_termination"],
                    "properties": {
                        "max_age_days": _NULLABLE_DAYS,
                        "days_after_termination": _NULLABLE_DAYS,
                    },
                }
            ),
            "duties": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "transparency_report",
                    "notice_before_change_days",
                    "delete_derived_models_on_termination",
                ],
                "properties": {
                    "transparency_report": _term(_enum(Cadence)),
                    "notice_before_change_days": _term(_NULLABLE_DAYS),
                    "delete_derived_models_on_termination": _term({"type": "boolean"}),
                },
            },
            "confirmed": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["by", "at", "content_sha256"],
                        "properties": {
                            "by": {"type": "string", "minLength": 1},
                            "at": {"type": "string", "format": "date-time"},
                            "content_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                            "accepted_defaults": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                ]
            },
        },
        "$defs": {
            "provenance": {
                "type": "object",
                "additionalProperties": False,
                "required": ["contract_sha256", "clause", "start", "end", "quote", "answer"],
                "properties": {
                    "contract_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "clause": {"type": "string"},
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "quote": {"type": "string"},
                    "answer": {"type": "string", "minLength": 1},
                },
            }
        },
    }


SCHEMA: dict[str, Any] = build_schema()


def shipped_schema() -> dict[str, Any]:
    text = resources.files("datarights.policy").joinpath("policy.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema_json() -> str:
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"
