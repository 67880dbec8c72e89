"""Reading statements that let the provider use customer data once it is de-identified or aggregated.

The de-identification is often the condition of a use rather than the name of the data: "we may use
Customer Data to improve our products, provided that such data is aggregated and de-identified", "in an
anonymised form", "once it has been de-identified", "subject to de-identification"; or the data is
statistics the provider compiles about the customer's use. Such a frame is the provider's use of
customer data under `Condition.DEIDENTIFIED_FIRST`, for the purposes the clause names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from datarights.read.model import GENERAL, Action, Actor, ClauseFrame, Condition, DataKind, Modality, Unit
from datarights.read.patterns import compile_lower
from datarights.read.view import (
    Clause,
    TextView,
    keyword_clauses,
    lowered_text,
    mentions_strict_content,
    register_keywords,
)
from datarights.read.vocab.actors import customer_subject_restricted, last_actor
from datarights.read.vocab.negation import negated_before

_DEID = r"(?:de-?identified|anonymi[sz]ed|aggregated|pseudonymi[sz]ed|anonymous)"
CANDIDATE = register_keywords(
    "deidentification",
    r"\b(?:de-?identif\w*|anonymi[sz]\w*|aggregat\w*|pseudonymi[sz]\w*|anonymous|statistics|metrics)\b",
    ("identif", "anonym", "aggregat", "pseudonym", "statistic", "metric"),
)
# The condition the use waits for: the data is de-identified (or aggregated) first.
DEIDENTIFIED_FIRST = compile_lower(
    r"\b(?:provided\s+(?:that\s+)?|so\s+long\s+as\s+|as\s+long\s+as\s+|once\s+|after\s+|when\s+|if\s+|where\s+)"
    r"(?:such\s+|the\s+|it\s+|this\s+|that\s+|any\s+)?(?:\w+\s+){0,3}?(?:is|are|has\s+been|have\s+been|been)\s+(?:first\s+|fully\s+|properly\s+)?"
    + _DEID
    + r"|\bsubject\s+to\s+(?:its\s+|their\s+|such\s+)?(?:\w+\s+)?(?:de-?identification|anonymi[sz]ation|aggregation|pseudonymi[sz]ation)\b"
    r"|\bin\s+(?:an?\s+)?"
    + _DEID
    + r"(?:\s+(?:and|or|and/or)\s+"
    + _DEID
    + r")?\s+(?:form|manner|basis|format|fashion|way)\b"
    r"|\b(?:after|once)\s+(?:removing|stripping|we\s+remove|we\s+have\s+removed)\s+(?:\w+\s+){0,3}?(?:identifiers|identifying|personal)"
    # "We apply … safeguards, including aggregation and de-identification techniques, … while enabling these
    # improvements"
    # "Those reports are aggregated and de-identified …, and we may use or share them for any business purpose":
    # the state declared, then the provider's use of what is in that state
    r"|\b(?:is|are)\s+(?:\w+\s+){0,2}?"
    + _DEID
    + r"\b[^.;]{0,120}?\b(?:we|us)\s+(?:\w+\s+)?(?:may|can|will)\s+(?:use|share)\b"
    r"|\b(?:aggregation|de-?identification|anonymi[sz]ation|pseudonymi[sz]ation)(?:\s+(?:and|or)\s+(?:aggregation|de-?identification|anonymi[sz]ation|pseudonymi[sz]ation))?\s+techniques\b"
)
# Statistics or metrics the provider compiles about the customer's use of the service.
USE_STATISTICS = compile_lower(
    # "compiling anonymised and aggregated statistical information about the use of the Services"
    r"\b(?:compile|compiling|collect|generate|generating|create|creating|derive|deriving|develop|gather)\w*\s+(?:\w+\s+){0,3}?"
    r"(?:statistics|metrics|analytics|statistical\s+(?:information|data))\s+"
    r"(?:about|on|regarding|relating\s+to|concerning|of|from|based\s+on)\s+(?:\w+\s+){0,3}?(?:use|usage|performance|operation)\b"
)
# Aggregated or de-identified data declared outside the personal data the policy restricts.
OUTSIDE_THE_POLICY = compile_lower(
    r"\b(?:aggregated|de-?identified|anonymi[sz]ed|anonymous)\s+(?:and\s+\w+\s+)?(?:data|information)\b[^.;]{0,60}?\b(?:is|are)\s+"
    r"(?:considered\s+|deemed\s+|treated\s+as\s+)?(?:to\s+be\s+)?(?:non[\s\-‐‑]?personal|not\s+(?:considered\s+)?personal)"
)
_USE = compile_lower(
    r"\b(?:use|uses|used|using|apply|applies|enabl\w*|process\w*|analy[sz]\w*|shar\w*|disclos\w*|commerciali[sz]\w*|exploit\w*|compile\w*|retain\w*|publish\w*)\b"
)
_PURPOSES: tuple[tuple[Action, str], ...] = (
    (Action.TRAIN_MODELS, r"\b(?:train\w*|machine\s+learning|models?)\b"),
    (
        Action.IMPROVE_SERVICE,
        r"\b(?:improv\w*|develop\w*|enhanc\w*|research|new\s+(?:products?|features?|services?))\b",
    ),
    (
        Action.USE,
        r"\b(?:analytic\w*|statistic\w*|benchmark\w*|insights?|any\s+(?:lawful\s+)?purpose|commercial|market\w*|business\s+purposes?)\b",
    ),
)
_PURPOSE_PATTERNS = tuple((action, compile_lower(p)) for action, p in _PURPOSES)


# Data about how the service is used, described rather than named ("information … such as how pixels are
# used"), which the provider then uses to improve or develop ("Shopify may use this data to improve …").
USAGE_DESCRIBED_WORDING = "usage information used for the provider's own purposes"
USAGE_KEYWORDS = register_keywords(
    "usage_described",
    r"\bhow\s+(?:you|users?|customers?|merchants?|people|[\w-]+s)\s+(?:are\s+)?(?:use|used|interact)\w*"
    r"|\busage\s+(?:data|information|details)\b|\binformation\s+about\s+your\s+(?:use|activity)\b"
    r"|\b(?:data|information)\s+(?:about|regarding|on)\s+(?:your|the)\s+use\s+of\b",
    ("how ", "usage", "about your", "regarding", " on "),
)
_USE_IT_FOR = compile_lower(
    r"\b(?:use|uses|analy[sz]e|analy[sz]es)\s+(?:this|such|that|the\s+foregoing|these|the)\s+(?:\w+\s+)?(?:data|information)\s+"
    r"(?:(?:we|it)\s+(?:collect|collects|receive|receives|have|has)\s+)?(?:to|for)\s+(?:\w+,?\s+){0,3}?(?:improv|develop|analy|research|understand|enhanc)\w*"
)


# "We provide general demographic and interest information to advertisers to help them understand their
# audience": statistics about the users, in aggregate, given to others for the provider's business.
AUDIENCE_STATISTICS_WORDING = "aggregate audience information given to advertisers or partners"
AUDIENCE_KEYWORDS = register_keywords(
    "audience_statistics", r"\b(?:demographic|audience)\w*\b", ("demographic", "audience")
)
_AUDIENCE_STATISTICS = compile_lower(
    r"\b(?:general|aggregated?|summary|anonymi[sz]ed|de-?identified|statistical)\s+(?:\w+\s+){0,2}?(?:demographic|audience)\b"
    r"[^.;]{0,60}?\b(?:information|data|insights?|statistics|reports?|metrics)\b"
)
_GIVEN_TO_OTHERS = compile_lower(
    r"\b(?:provide|provides|share|shares|disclose|discloses|give|gives|report|reports|sell|sells|license|licenses)\b"
    r"[^.;]{0,120}?\b(?:advertisers?|marketers?|(?:business\s+)?partners?|third\s+parties|publishers?)\b"
)


# "We never provide …", "we do not share …": the negation just before the verb.
_NEGATED_VERB = compile_lower(r"(?:\b(?:not|never)|n[’']t)\s+(?:\w+\s+){0,2}$")


def deidentification_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Uses of customer data that wait for its de-identification, statistics compiled about use, usage
    information the provider uses for its own purposes, and aggregate audience information it gives others."""
    return view.memo(
        "_frames:deidentification",
        lambda: tuple(_read(view)) + tuple(_read_usage(view)) + tuple(_read_audience(view)),
    )


def _read_audience(view: TextView) -> Iterator[ClauseFrame]:
    lowered = lowered_text(view)
    for clause in keyword_clauses(view, AUDIENCE_KEYWORDS):
        text = lowered[clause.start : clause.end]
        found = _AUDIENCE_STATISTICS.search(text)
        given = _GIVEN_TO_OTHERS.search(text) if found is not None else None
        if (
            found is None
            or given is None
            or _NEGATED_VERB.search(text, max(0, given.start() - 40), given.start())
        ):
            continue
        if last_actor(view, clause.text[: given.start()][-80:]) == "customer":
            continue
        yield _provider_frame(
            clause,
            found.start(),
            Modality.DOES,
            Action.SHARE,
            frozenset({DataKind.DEIDENTIFIED}),
            frozenset({Action.USE}),
            AUDIENCE_STATISTICS_WORDING,
        )


def _read_usage(view: TextView) -> Iterator[ClauseFrame]:
    lowered = lowered_text(view)
    for clause in keyword_clauses(view, USAGE_KEYWORDS):
        after = view.clauses[clause.index + 1] if clause.index + 1 < len(view.clauses) else None
        ends = after.end if after is not None and after.section == clause.section else clause.end
        window = lowered[clause.start : ends]
        use = _USE_IT_FOR.search(window)
        if (
            use is None
            or negated_before(window, use.end(), window=60)
            or re.search(r"\b(?:not|never)\b", window)
        ):
            continue
        head = view.doc.text[clause.start : clause.start + use.start()]
        if last_actor(view, head[-80:]) == "customer":
            continue
        related = (after.index,) if after is not None and clause.start + use.start() >= clause.end else ()
        yield _provider_frame(
            clause,
            use.start(),
            Modality.MAY,
            Action.USE,
            frozenset({DataKind.USAGE_DATA}),
            frozenset({Action.IMPROVE_SERVICE}),
            USAGE_DESCRIBED_WORDING,
            related=related,
        )


def _read(view: TextView) -> Iterator[ClauseFrame]:
    for clause in keyword_clauses(view, CANDIDATE):
        text = lowered_text(view)[clause.start : clause.end]
        condition = DEIDENTIFIED_FIRST.search(text)
        statistics = USE_STATISTICS.search(text)
        outside = OUTSIDE_THE_POLICY.search(text)
        if outside is not None and not negated_before(text, outside.start(), window=40):
            yield _provider_frame(
                clause,
                outside.start(),
                Modality.MAY,
                Action.USE,
                frozenset({DataKind.DEIDENTIFIED}),
                frozenset({Action.USE}),
                "derived data outside the policy",
            )
            continue
        if condition is None and statistics is None:
            continue
        use = statistics or _USE.search(text)
        if use is None:
            continue
        head = clause.text[: use.start()]
        if (
            negated_before(text, use.end(), window=60)
            or customer_subject_restricted(clause, clause.start + use.start())
            or last_actor(view, head) == "customer"
        ):
            continue
        purposes = frozenset(action for action, pattern in _PURPOSE_PATTERNS if pattern.search(text))
        if not purposes:
            continue
        objects = {DataKind.DEIDENTIFIED}
        if mentions_strict_content(view, text):
            objects.add(DataKind.CUSTOMER_CONTENT)
        if statistics is not None:
            objects.add(DataKind.USAGE_DATA)
        yield _provider_frame(
            clause,
            use.start(),
            Modality.MAY,
            Action.USE,
            frozenset(objects),
            purposes,
            "de-identified before use" if condition is not None else "statistics compiled about use",
            conditions=frozenset({Condition.DEIDENTIFIED_FIRST}) if condition is not None else frozenset(),
        )


def _provider_frame(
    clause: Clause,
    at: int,
    modality: Modality,
    action: Action,
    objects: frozenset[DataKind],
    purposes: frozenset[Action],
    wording: str,
    *,
    conditions: frozenset[Condition] = frozenset(),
    related: tuple[int, ...] = (),
) -> ClauseFrame:
    """The provider's statement about derived data, read from `clause` from offset `at` in it."""
    return ClauseFrame(
        clause.index,
        clause.start,
        clause.end,
        clause.start + at,
        Unit.SENTENCE,
        Actor.PROVIDER,
        modality,
        False,
        action,
        objects,
        conditions,
        GENERAL,
        purposes,
        wording,
        related,
    )
