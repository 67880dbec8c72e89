"""Judging the eleven answers against a playbook rule: verdict, severity and the words around them."""

from __future__ import annotations

from datarights.assess import citations as c
from datarights.assess.model import Citation, Finding, FindingKind, Verdict
from datarights.assess.playbook import SILENCE, Playbook
from datarights.model.findings import Answer, Evidence
from datarights.model.questions import QuestionId

TITLES: dict[QuestionId, str] = {
    QuestionId.TRAINING_USE: "Training on customer content",
    QuestionId.TRAINING_SCOPE: "Which models may be trained",
    QuestionId.DEIDENTIFIED_USE: "De-identified / aggregated data reserved",
    QuestionId.SERVICE_IMPROVEMENT: "General right to improve services",
    QuestionId.VENDOR_ROLE: "Provider's role for personal data",
    QuestionId.RETENTION: "Retention of customer content",
    QuestionId.AUDIT_RIGHTS: "Audit rights",
    QuestionId.CHANGE_NOTICE: "Changes to the terms",
    QuestionId.FEEDBACK_LICENSE: "Feedback licence",
    QuestionId.OUTPUT_OWNERSHIP: "Ownership of outputs",
    QuestionId.HUMAN_REVIEW: "Human review of content",
}

CITATIONS: dict[QuestionId, tuple[Citation, ...]] = {
    QuestionId.TRAINING_USE: (c.GDPR_28_10, c.EDPB_07_2020_81, c.CCR_7050_A_3, c.FTC_AI_COMMITMENTS_2024),
    QuestionId.TRAINING_SCOPE: (c.CCR_7050_A_3, c.CCPA_140_AG_1_D, c.CO_1305_7, c.CT_521_D),
    QuestionId.DEIDENTIFIED_USE: (c.CCPA_140_M, c.HIPAA_514_B, c.FTC_HASHING_2024),
    QuestionId.SERVICE_IMPROVEMENT: (c.CCPA_140_AG_1_B, c.CCR_7050_A_3, c.gdpr("28(3)(a)")),
    QuestionId.VENDOR_ROLE: (c.gdpr("28(3)(a)"), c.GDPR_28_10, c.CO_1305_7, c.CT_521_D, c.OR_581_4),
    QuestionId.RETENTION: (c.EDPB_07_2020_ESSENTIAL_MEANS, c.gdpr("5(1)(e)", "K")),
    QuestionId.AUDIT_RIGHTS: (c.gdpr("28(3)(h)"), c.CCR_7051_A_7, c.TX_541_104_B),
    QuestionId.CHANGE_NOTICE: (c.FTC_TERMS_CHANGES_2024, c.GDPR_28_10),
    QuestionId.FEEDBACK_LICENSE: (c.CCPA_140_AG_1_B,),
    QuestionId.OUTPUT_OWNERSHIP: (c.GDPR_28_10,),
    QuestionId.HUMAN_REVIEW: (c.gdpr("28(3)(b)"), c.FTC_RING_2023),
}


def distinct_evidence(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """The answer's evidence without spans that repeat, or sit inside, another span (the longer one is quoted)."""
    kept: list[Evidence] = []
    for e in sorted(evidence, key=lambda e: (e.start, -(e.end - e.start))):
        if any(k.start <= e.start and e.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (e.start <= k.start and k.end <= e.end)]
        kept.append(e)
    return tuple(kept)


def judge(question: QuestionId, answer: Answer, playbook: Playbook) -> Finding:
    rule = playbook.questions[question]
    position = answer.position
    silent = SILENCE.get(question) == position
    judged = rule.silence_as if silent and rule.silence_as else position
    if judged == rule.preferred:
        verdict, basis = Verdict.ACCEPTABLE, "preferred"
    elif judged in rule.fallbacks:
        verdict, basis = Verdict.ACCEPTABLE, f"fallback {rule.fallbacks.index(judged) + 1}"
    elif judged in rule.unacceptable:
        verdict, basis = Verdict.NOT_ACCEPTABLE, "unacceptable"
    else:
        verdict, basis = Verdict.NEEDS_REVIEW, "unlisted"
    if verdict is Verdict.ACCEPTABLE and answer.confidence < playbook.review_below_confidence:
        verdict, basis = Verdict.NEEDS_REVIEW, "low confidence"
    by_position = dict(rule.severity_by_position)
    severity = by_position.get(position) or by_position.get(judged) or rule.severity
    return Finding(
        id=question.value,
        kind=FindingKind.QUESTION,
        title=TITLES[question],
        position=position,
        verdict=verdict,
        severity=severity,
        confidence=round(answer.confidence, 2),
        evidence=distinct_evidence(answer.evidence),
        rationale=answer.rationale + " " + _explain(rule.preferred, position, judged, basis, playbook.name),
        why_it_matters=rule.why_it_matters,
        ask=rule.guidance,
        citations=CITATIONS[question],
        model_clauses=rule.model_clauses,
        judged_as=judged if judged != position else "",
        verdict_basis=basis,
    )


def _explain(preferred: str, position: str, judged: str, basis: str, playbook: str) -> str:
    seen = (
        f"`{position}`"
        if judged == position
        else f"`{position}`, judged as `{judged}` because silence here is risky"
    )
    if basis == "preferred":
        return f"The {playbook} playbook prefers `{preferred}`; the document is {seen}."
    if basis.startswith("fallback"):
        return f"The {playbook} playbook prefers `{preferred}`; {seen} is its {basis}."
    if basis == "unacceptable":
        return f"The {playbook} playbook prefers `{preferred}`; {seen} is not acceptable."
    if basis == "low confidence":
        return f"The position {seen} would be acceptable, but the detector is not confident enough to rely on it."
    return f"The {playbook} playbook prefers `{preferred}`; {seen} is not in its lists, so a reviewer must decide."
