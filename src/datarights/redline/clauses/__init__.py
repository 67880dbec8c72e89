"""The clause library: model clauses written for this project, in three variants.

Each `<topic>.yaml` file holds one topic (`no_training`, `deletion`, …) with a
`buyer`, `balanced` and `vendor` variant; a clause id is `"<topic>.<variant>"`.
Clause text uses `${name}` variables (party names, defined terms, periods),
filled from the reviewed document by `document_variables` and otherwise from
the defaults in `_index.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from string import Template
from typing import Any

import yaml

from datarights.model import Document


class Variant(StrEnum):
    BUYER = "buyer"
    BALANCED = "balanced"
    VENDOR = "vendor"

    @classmethod
    def for_playbook(cls, playbook: str) -> Variant:
        """The variant a playbook negotiates for: buyer-side, vendor-side or balanced."""
        name = playbook.lower()
        if any(word in name for word in ("buyer", "customer", "controller", "strict")):
            return cls.BUYER
        if any(word in name for word in ("vendor", "provider", "seller", "supplier")):
            return cls.VENDOR
        return cls.BALANCED


@dataclass(frozen=True, slots=True)
class Clause:
    id: str  # "no_training.buyer"
    topic: str
    variant: Variant
    title: str  # the topic's title
    heading: str
    text: str  # with ${variables}

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(m.group("named") or m.group("braced") for m in _VARIABLE.finditer(self.text))
        )

    def render_heading(self, variables: dict[str, str]) -> str:
        return Template(self.heading).safe_substitute(variables)

    def render(self, variables: dict[str, str]) -> str:
        from datarights.redline.vocabulary import agree

        text = Template(self.text).safe_substitute(variables)
        # A plural name takes a plural verb ("these Terms are", "the Mistral AI Products are").
        for name in ("this_agreement", "services"):
            if variables.get(name):
                text = agree(text, variables[name])
        # Two variables that the contract names alike ("Customer Personal Data" for both the data
        # and the personal data of a DPA) are said once: not "Customer Personal Data or Customer
        # Personal Data".
        for value in {v for v in variables.values() if len(v) > 3}:
            twice = re.escape(value)
            text = re.sub(rf"\b{twice},? (?:or|and) {twice}\b", value, text)
        return text


_VARIABLE = re.compile(r"\$(?:(?P<named>[a-z_]+)|\{(?P<braced>[a-z_]+)\})")


@dataclass(frozen=True)
class ClauseLibrary:
    clauses: dict[str, Clause]
    aliases: dict[str, str]  # question id → topic
    keywords: dict[str, tuple[str, ...]]  # topic → id fragments, in order
    defaults: dict[str, str]
    covers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic → topics it makes redundant
    # clause id → the questions whose preferred position the clause states outright
    states: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(clause.topic for clause in self.clauses.values()))

    def get(self, clause_id: str) -> Clause | None:
        """A clause by id; a question id stands for its topic ("training_use.buyer")."""
        topic, _, variant = clause_id.partition(".")
        topic = self.aliases.get(topic, topic)
        return self.clauses.get(f"{topic}.{variant or Variant.BALANCED}")

    def topic_for(self, finding_id: str) -> str | None:
        if finding_id in self.aliases:
            return self.aliases[finding_id]
        if f"{finding_id}.{Variant.BALANCED}" in self.clauses:
            return finding_id
        folded = finding_id.lower()
        for topic, fragments in self.keywords.items():
            if any(fragment in folded for fragment in fragments):
                return topic
        return None

    def choose(self, finding_id: str, model_clauses: tuple[str, ...], variant: Variant) -> Clause | None:
        """The playbook's named clause if the library has it, else the topic's clause in `variant`."""
        for clause_id in model_clauses:
            clause = self.get(clause_id)
            if clause is not None:
                return clause
        topic = self.topic_for(finding_id)
        return self.clauses.get(f"{topic}.{variant}") if topic else None


@cache
def load_library() -> ClauseLibrary:
    folder = resources.files(__name__)
    index: dict[str, Any] = yaml.safe_load(folder.joinpath("_index.yaml").read_text(encoding="utf-8"))
    clauses: dict[str, Clause] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or entry.name.startswith("_"):
            continue
        topic = entry.name.removesuffix(".yaml")
        data: dict[str, Any] = yaml.safe_load(entry.read_text(encoding="utf-8"))
        for variant in Variant:
            body = data[variant.value]
            clause_id = f"{topic}.{variant}"
            clauses[clause_id] = Clause(
                clause_id,
                topic,
                variant,
                str(data["title"]),
                str(body["heading"]),
                " ".join(body["text"].split()),
            )
    return ClauseLibrary(
        clauses=clauses,
        aliases={str(k): str(v) for k, v in index["aliases"].items()},
        keywords={str(k): tuple(str(f) for f in v) for k, v in index["keywords"].items()},
        defaults={str(k): str(v) for k, v in index["defaults"].items()},
        covers={str(k): tuple(str(t) for t in v) for k, v in index.get("covers", {}).items()},
        states={str(k): tuple(str(t) for t in v) for k, v in index.get("states", {}).items()},
    )


def document_variables(document: Document | None, defaults: dict[str, str] | None = None) -> dict[str, str]:
    """Clause variables: the contract's own names for the parties, the service, itself and its data."""
    from datarights.redline.vocabulary import resolve_vocabulary

    values = dict(load_library().defaults if defaults is None else defaults)
    values.update(resolve_vocabulary(document, values).variables())
    return values


_DAYS = re.compile(r"\b(\d{1,3})\s*(?:\(\w+\)\s*)?(?:calendar\s+|business\s+)?days?\b", re.IGNORECASE)


def period_from(text: str) -> str | None:
    """The first period in days that a clause states ("within 60 days" → "60")."""
    match = _DAYS.search(text)
    return match.group(1) if match else None
