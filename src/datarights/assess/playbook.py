"""Playbooks: a party's standard position, fallbacks and walk-away for each question,
and which legal checklists apply and how much they weigh.

A playbook is YAML (schema `datarights.playbook/1`). For each of the eleven
questions it names the `preferred` position, `fallbacks` in order, the
`unacceptable` positions, a `severity` (optionally per position), the position
to judge silence as (`silence_as`) where silence is risky, a plain
`why_it_matters`, negotiation `guidance` and `model_clauses` ids. A position in
none of the lists is judged `needs_review`. `extends: NAME` starts from a
built-in playbook and overrides it key by key. An optional `changes:` table
rates each typed change between two versions (`right_widened`,
`promise_removed`, …; see `datarights.compare`) with a `severity` and
`by_action` overrides (`train_models: critical`); a change type the table
leaves out is rated `medium`.

Errors name the field: ``questions.training_use.preferred: 'forbidden' is not
one of [...]``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from datarights.assess.checks.base import CheckGroup
from datarights.assess.model import Severity
from datarights.compare.model import ChangeType
from datarights.errors import ConfigError
from datarights.model.questions import POSITIONS, QuestionId
from datarights.read.model import Action

PLAYBOOK_SCHEMA = "datarights.playbook/1"
BUILT_IN = ("buyer", "vendor", "privacy")

# The position that means "the document does not say", per question that has one.
SILENCE: dict[QuestionId, str] = {
    QuestionId.TRAINING_USE: "silent",
    QuestionId.TRAINING_SCOPE: "unspecified",
    QuestionId.VENDOR_ROLE: "unspecified",
    QuestionId.RETENTION: "unspecified",
    QuestionId.AUDIT_RIGHTS: "none",
    QuestionId.CHANGE_NOTICE: "silent",
    QuestionId.OUTPUT_OWNERSHIP: "unspecified",
}


@dataclass(frozen=True, slots=True)
class QuestionRule:
    question: QuestionId
    preferred: str
    fallbacks: tuple[str, ...]
    unacceptable: tuple[str, ...]
    severity: Severity
    severity_by_position: tuple[tuple[str, Severity], ...]
    silence_as: str | None
    why_it_matters: str
    guidance: str
    model_clauses: tuple[str, ...]

    def severity_for(self, position: str) -> Severity:
        return dict(self.severity_by_position).get(position, self.severity)


class Applies(StrEnum):
    """When a playbook applies a checklist."""

    AUTO = "auto"  # when the document calls for it (a DPA, a processor, personal data)
    ALWAYS = "always"
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class CheckRule:
    group: CheckGroup
    applies: Applies
    severity: Severity
    overrides: tuple[tuple[str, Severity], ...]  # per check id

    def severity_for(self, check_id: str) -> Severity:
        return dict(self.overrides).get(check_id, self.severity)


@dataclass(frozen=True, slots=True)
class ChangeRule:
    """How severe one type of change between versions is, optionally per action (`train_models`)."""

    change: ChangeType
    severity: Severity
    by_action: tuple[tuple[str, Severity], ...] = ()

    def severity_for(self, action: str) -> Severity:
        return dict(self.by_action).get(action, self.severity)


# A change type a playbook's `changes:` table does not rate.
UNRATED_CHANGE = Severity.MEDIUM


@dataclass(frozen=True)
class Playbook:
    name: str
    title: str
    party: str
    stance: str  # buyer | balanced | vendor: the side of the clause library its model clauses come from
    description: str
    review_below_confidence: float
    questions: Mapping[QuestionId, QuestionRule]
    checks: Mapping[CheckGroup, CheckRule]
    source: str
    changes: Mapping[ChangeType, ChangeRule] = field(default_factory=dict)

    def change_severity(self, change: ChangeType, action: str) -> Severity:
        rule = self.changes.get(change)
        return rule.severity_for(action) if rule is not None else UNRATED_CHANGE


_SEVERITIES = [s.value for s in Severity]


def _question_schema(question: QuestionId) -> dict[str, Any]:
    positions = [p.value for p in POSITIONS[question]]
    position = {"type": "string", "enum": positions}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["preferred", "severity", "why_it_matters", "guidance", "model_clauses"],
        "properties": {
            "preferred": position,
            "fallbacks": {"type": "array", "items": position, "uniqueItems": True},
            "unacceptable": {"type": "array", "items": position, "uniqueItems": True},
            "severity": {"type": "string", "enum": _SEVERITIES},
            "severity_by_position": {
                "type": "object",
                "propertyNames": {"enum": positions},
                "additionalProperties": {"type": "string", "enum": _SEVERITIES},
            },
            "silence_as": {"type": ["string", "null"], "enum": [*positions, None]},
            "why_it_matters": {"type": "string", "minLength": 1},
            "guidance": {"type": "string", "minLength": 1},
            "model_clauses": {
                "type": "array",
                "items": {"type": "string", "pattern": r"^[a-z0-9_]+\.(buyer|balanced|vendor)$"},
            },
        },
    }


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema", "name", "title", "party", "stance", "description", "questions", "checks"],
    "properties": {
        "schema": {"const": PLAYBOOK_SCHEMA},
        "extends": {"type": "string", "enum": list(BUILT_IN)},
        "name": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$"},
        "title": {"type": "string", "minLength": 1},
        "party": {"type": "string", "minLength": 1},
        "stance": {"type": "string", "enum": ["buyer", "balanced", "vendor"]},
        "description": {"type": "string"},
        "review_below_confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "questions": {
            "type": "object",
            "additionalProperties": False,
            "required": [q.value for q in QuestionId],
            "properties": {q.value: _question_schema(q) for q in QuestionId},
        },
        "changes": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                c.value: {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["severity"],
                    "properties": {
                        "severity": {"type": "string", "enum": _SEVERITIES},
                        "by_action": {
                            "type": "object",
                            "propertyNames": {"enum": [a.value for a in Action]},
                            "additionalProperties": {"type": "string", "enum": _SEVERITIES},
                        },
                    },
                }
                for c in ChangeType
            },
        },
        "checks": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                g.value: {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["severity"],
                    "properties": {
                        "applies": {"enum": [a.value for a in Applies]},
                        "severity": {"type": "string", "enum": _SEVERITIES},
                        "overrides": {
                            "type": "object",
                            "additionalProperties": {"type": "string", "enum": _SEVERITIES},
                        },
                    },
                }
                for g in CheckGroup
            },
        },
    },
}


def _field(path: Any) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Override `base` key by key; mappings merge recursively, everything else (including an
    empty mapping, which clears) is replaced."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and value and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _read_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{where}: {getattr(error, 'problem', error)}", path=source) from None
    if not isinstance(data, dict):
        raise ConfigError("(top level): a playbook is a YAML mapping", path=source)
    return data


def _built_in_text(name: str) -> str:
    return (
        resources.files("datarights.assess").joinpath("playbooks", f"{name}.yaml").read_text(encoding="utf-8")
    )


def _raw(name_or_path: str, depth: int = 0) -> tuple[dict[str, Any], str]:
    if name_or_path in BUILT_IN:
        source = f"built-in:{name_or_path}"
        data = _read_yaml(_built_in_text(name_or_path), source)
    else:
        path = Path(name_or_path)
        if not path.is_file():
            known = ", ".join(BUILT_IN)
            raise ConfigError(
                f"no playbook named {name_or_path!r} (built-in: {known}; or give a YAML file)", path=None
            )
        source = str(path)
        data = _read_yaml(path.read_text(encoding="utf-8"), source)
    if "name" not in data:
        raise ConfigError("name: a playbook needs a name", path=source)
    parent = data.get("extends")
    if parent is not None:
        if parent not in BUILT_IN or depth > 3:
            raise ConfigError(f"extends: {parent!r} is not one of {list(BUILT_IN)}", path=source)
        base, _ = _raw(parent, depth + 1)
        base.pop("extends", None)
        data = _merge(base, data)
    return data, source


def _semantic_errors(data: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    for question in QuestionId:
        rule = data["questions"][question.value]
        listed: dict[str, str] = {rule["preferred"]: "preferred"}
        for key in ("fallbacks", "unacceptable"):
            for i, position in enumerate(rule.get(key, [])):
                if position in listed:
                    errors.append(
                        f"questions.{question.value}.{key}.{i}: {position!r} is already {listed[position]}"
                    )
                listed.setdefault(position, key)
        silence_as = rule.get("silence_as")
        if silence_as is not None:
            if question not in SILENCE:
                errors.append(
                    f"questions.{question.value}.silence_as: {question.value} has no silent position"
                )
            elif silence_as == SILENCE[question]:
                errors.append(
                    f"questions.{question.value}.silence_as: must name a position other than {silence_as!r}"
                )
    return errors


def parse_playbook(data: dict[str, Any], source: str) -> Playbook:
    """Validate a playbook mapping (already merged with what it extends) and build it."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ConfigError(f"{_field(first.absolute_path)}: {first.message}{more}", path=source)
    semantic = _semantic_errors(data)
    if semantic:
        more = f" (and {len(semantic) - 1} more problem(s))" if len(semantic) > 1 else ""
        raise ConfigError(semantic[0] + more, path=source)
    questions = {}
    for question in QuestionId:
        rule = data["questions"][question.value]
        questions[question] = QuestionRule(
            question=question,
            preferred=rule["preferred"],
            fallbacks=tuple(rule.get("fallbacks", ())),
            unacceptable=tuple(rule.get("unacceptable", ())),
            severity=Severity(rule["severity"]),
            severity_by_position=tuple(
                (p, Severity(s)) for p, s in sorted(rule.get("severity_by_position", {}).items())
            ),
            silence_as=rule.get("silence_as"),
            why_it_matters=" ".join(rule["why_it_matters"].split()),
            guidance=" ".join(rule["guidance"].split()),
            model_clauses=tuple(rule["model_clauses"]),
        )
    checks = {}
    for group in CheckGroup:
        raw = data["checks"].get(group.value)
        if raw is None:
            checks[group] = CheckRule(group, Applies.NEVER, Severity.INFO, ())
            continue
        checks[group] = CheckRule(
            group=group,
            applies=Applies(raw.get("applies", Applies.AUTO)),
            severity=Severity(raw["severity"]),
            overrides=tuple((k, Severity(v)) for k, v in sorted(raw.get("overrides", {}).items())),
        )
    return Playbook(
        name=data["name"],
        title=data["title"],
        party=data["party"],
        stance=data["stance"],
        description=" ".join(data["description"].split()),
        review_below_confidence=float(data.get("review_below_confidence", 0.5)),
        questions=questions,
        checks=checks,
        source=source,
        changes={
            ChangeType(name): ChangeRule(
                ChangeType(name),
                Severity(rule["severity"]),
                tuple((a, Severity(v)) for a, v in sorted(rule.get("by_action", {}).items())),
            )
            for name, rule in sorted(data.get("changes", {}).items())
        },
    )


def load_playbook(name_or_path: str) -> Playbook:
    """A built-in playbook ("buyer", "vendor", "privacy") or a YAML file; raises ConfigError naming the field."""
    data, source = _raw(str(name_or_path))
    return parse_playbook(data, source)
