"""ODRL export: expanded with pyld from the local context (never the network), parsed with rdflib."""

from __future__ import annotations

import json

import pytest
import rdflib
from pyld import jsonld

from datarights.detect.engine import review_path
from datarights.errors import ConfigError
from datarights.policy.build import PolicySpec, RuleSpec, build_policy
from datarights.policy.compile import compile_policy
from datarights.policy.model import Category, Operator, Permission, Purpose
from datarights.policy.odrl import ODRL_CONTEXT_URL, ODRL_NS, PROFILE_NS, local_document_loader, to_odrl
from tests.conftest import EXAMPLES

ODRL = rdflib.Namespace(ODRL_NS)
DR = rdflib.Namespace(PROFILE_NS)


def _graph(document: dict) -> tuple[rdflib.Graph, list]:  # type: ignore[type-arg]
    expanded = jsonld.expand(document, {"documentLoader": local_document_loader})
    graph = rdflib.Graph()
    graph.parse(data=json.dumps(expanded), format="json-ld")
    return graph, expanded


def _policy() -> object:
    return build_policy(
        PolicySpec(
            "acme",
            {
                Purpose.PRIVATE_TRAINING: RuleSpec(
                    Permission.CONDITIONAL,
                    deidentify=(Operator.PSEUDONYMIZE,),
                    aggregate_only=True,
                    exclude=(Category.HEALTH,),
                ),
                Purpose.ANALYTICS: RuleSpec(Permission.ALLOWED),
            },
            max_age_days=90,
        )
    )


def test_the_loader_serves_only_the_odrl_context() -> None:
    assert local_document_loader(ODRL_CONTEXT_URL)["document"]["@context"]["odrl"] == ODRL_NS
    with pytest.raises(ConfigError, match="refusing to fetch"):
        local_document_loader("https://example.org/other.jsonld")


def test_permissions_prohibitions_and_duties_become_triples() -> None:
    graph, _ = _graph(to_odrl(_policy()))  # type: ignore[arg-type]
    policy = next(graph.subjects(rdflib.RDF.type, ODRL.Agreement))
    permissions = list(graph.objects(policy, ODRL.permission))
    prohibitions = list(graph.objects(policy, ODRL.prohibition))
    assert len(permissions) == 2 and len(prohibitions) == 3
    purposes = {
        graph.value(c, ODRL.rightOperand)
        for rule in permissions
        for c in graph.objects(rule, ODRL.constraint)
        if graph.value(c, ODRL.leftOperand) == ODRL.purpose
    }
    assert purposes == {DR.privateTraining, DR.analytics}
    for rule in permissions + prohibitions:
        assert graph.value(rule, ODRL.action) == ODRL.use
    duties = {graph.value(d, ODRL.action) for rule in permissions for d in graph.objects(rule, ODRL.duty)}
    assert duties == {ODRL.anonymize, ODRL.aggregate}
    elapsed = [
        graph.value(c, ODRL.rightOperand)
        for rule in permissions
        for c in graph.objects(rule, ODRL.constraint)
        if graph.value(c, ODRL.leftOperand) == ODRL.elapsedTime
    ]
    assert elapsed and all(str(v) == "P90D" for v in elapsed)
    assert any(graph.objects(policy, ODRL.obligation))


def test_a_compiled_policy_exports_with_its_provenance() -> None:
    policy = compile_policy("acme", [review_path(EXAMPLES / "ai-services-agreement.md")])
    graph, _ = _graph(to_odrl(policy))
    answers = {str(o) for o in graph.objects(None, DR.answer)}
    assert any(a.startswith("training_use=") for a in answers)
