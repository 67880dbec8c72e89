"""Compile reviewed contracts into a `datarights.policy/1` policy for one customer.

The eleven review answers (and, for duties, the assessment's provision detectors) decide each
term; every term cites the clauses it was read from. What the contract does not settle compiles
to the restrictive choice — training forbidden, sensitive categories excluded, opt-outs
honoured retroactively, a retention limit, consent before changes — and is marked `to_confirm`.

Several contracts form a stack (master agreement, then DPA, then AI addendum …), given in order of
precedence: a later document's answer amends an earlier one (amendment beats original, as in
`detect.resolve`); when two documents answer differently the later answer is used and the term is
marked `to_confirm`, citing both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from datarights import __version__
from datarights.assess.model import Assessment
from datarights.assess.provisions import find
from datarights.detect.language import DocumentView
from datarights.model.findings import Answer, Evidence
from datarights.model.questions import (
    NEUTRAL_POSITIONS,
    ChangeNotice,
    QuestionId,
    Retention,
    TrainingScope,
    TrainingUse,
    YesNo,
)
from datarights.model.review import Review
from datarights.policy.model import (
    Cadence,
    Category,
    Conditions,
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
    Source,
    Term,
)
from datarights.policy.model import Retention as RetentionTerm
from datarights.read.vocab.time import NUMBER_VALUES, UNIT_DAYS

# The restrictive choices for what a contract leaves open (each is marked to_confirm).
RESTRICTIVE_MAX_AGE_DAYS = 365  # no retention limit in the contract: use at most a year of data
RESTRICTIVE_CATEGORIES: tuple[Category, ...] = tuple(Category)  # every sensitive category excluded
DEFAULT_OPERATORS: tuple[Operator, ...] = (Operator.REPLACE,)  # irreversible, keeps the text readable
MAX_PROVENANCE_PER_ANSWER = 3  # the strongest clauses; the review JSON has the rest

_DEID = re.compile(r"de-?identif|anonymi[sz]|pseudonymi[sz]", re.IGNORECASE)
_AGGREGATE = re.compile(r"\baggregat", re.IGNORECASE)
_CCPA_DEID = re.compile(r"1798\.140|\bCCPA\b|California Consumer Privacy", re.IGNORECASE)
_HIPAA = re.compile(r"164\.514|\bHIPAA\b|safe\s+harbou?r", re.IGNORECASE)
_ANNUAL = re.compile(r"\b(?:annual(?:ly)?|each\s+year|every\s+year|yearly|once\s+a\s+year)\b", re.IGNORECASE)
_QUARTERLY = re.compile(r"\bquarterly\b|\bevery\s+(?:three|3)\s+months\b", re.IGNORECASE)
# The number words a duration may use here (values from the shared vocabulary).
_NUMBER_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "ten",
    "fourteen",
    "fifteen",
    "thirty",
    "forty-five",
    "sixty",
    "ninety",
)
_DURATION = re.compile(
    r"\b(?P<n>\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")\s*(?:\(\d{1,4}\)\s*)?"
    r"(?:calendar\s+|business\s+)?(?P<unit>days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Reading:
    """A question's answer across the stack: the governing position and what it cites."""

    question: QuestionId
    position: str
    provenance: tuple[Provenance, ...]
    conflict: str = ""  # set when documents of the stack disagree

    @property
    def explicit(self) -> bool:
        return self.position not in NEUTRAL_POSITIONS and any(p.quote for p in self.provenance)

    @property
    def label(self) -> str:
        return f"{self.question.value}={self.position}"

    def text(self) -> str:
        return " ".join(p.quote for p in self.provenance)


def _cite(sha256: str, evidence: Sequence[Evidence], answer: str) -> tuple[Provenance, ...]:
    cited = tuple(
        Provenance(sha256, e.section, e.start, e.end, e.text, answer)
        for e in evidence[:MAX_PROVENANCE_PER_ANSWER]
    )
    # A term read from silence still says which contract and which answer it came from.
    return cited or (Provenance(sha256, "", 0, 0, "", answer),)


def _answer_provenance(review: Review, answer: Answer) -> tuple[Provenance, ...]:
    label = f"{answer.question.value}={answer.position} ({answer.detector})"
    return _cite(review.document.sha256, answer.evidence, label)


def read_stack(reviews: Sequence[Review], question: QuestionId) -> Reading:
    """One question across a stack of documents, later documents amending earlier ones."""
    governing: tuple[Review, Answer] | None = None
    overridden: list[tuple[Review, Answer]] = []
    for review in reviews:
        answer = review.answers[question]
        if answer.position in NEUTRAL_POSITIONS:
            continue
        if governing is not None and governing[1].position != answer.position:
            overridden.append(governing)
        governing = (review, answer)
    if governing is None:
        first = reviews[0]
        return Reading(
            question, first.answers[question].position, _answer_provenance(first, first.answers[question])
        )
    review, answer = governing
    provenance = _answer_provenance(review, answer)
    conflict = ""
    if overridden:
        for other_review, other in overridden:
            provenance += _answer_provenance(other_review, other)
        names = ", ".join(f"{a.position} in {r.document.path}" for r, a in overridden)
        conflict = f"{answer.position} in {review.document.path} amends {names}"
    return Reading(question, answer.position, provenance, conflict)


@dataclass(frozen=True, slots=True)
class _Provisions:
    """Provision evidence across the stack, by provision id."""

    found: dict[str, tuple[Provenance, ...]]

    @classmethod
    def of(cls, reviews: Sequence[Review], ids: Sequence[str]) -> _Provisions:
        found: dict[str, tuple[Provenance, ...]] = {}
        for review in reviews:
            view = DocumentView.of(review.document)
            for provision_id in ids:
                hits = find(view, provision_id)
                if hits:
                    found[provision_id] = found.get(provision_id, ()) + _cite(
                        review.document.sha256, [h.evidence for h in hits], f"provision:{provision_id}"
                    )
        return cls(found)

    def get(self, provision_id: str) -> tuple[Provenance, ...]:
        return self.found.get(provision_id, ())


_PROVISIONS = (
    "model_deletion",
    "model_retention_disclaimer",
    "revocation_prospective",
    "revocation_retroactive",
    "training_attestation",
    "trust_page",
    "deid_technical_standard",
)


def days_in(text: str) -> int | None:
    """The first duration in `text`, in days ("thirty (30) days" → 30, "12 months" → 360)."""
    match = _DURATION.search(text)
    if match is None:
        return None
    raw = match.group("n").lower()
    n = int(raw) if raw.isdigit() else NUMBER_VALUES[raw]
    unit = match.group("unit").lower().rstrip("s")
    return n * int(UNIT_DAYS[unit])


class _Compiler:
    def __init__(self, reviews: Sequence[Review]) -> None:
        self.reviews = reviews
        self.read = {q: read_stack(reviews, q) for q in QuestionId}
        self.provisions = _Provisions.of(reviews, _PROVISIONS)

    def silence(self, answer: str) -> tuple[Provenance, ...]:
        return tuple(Provenance(r.document.sha256, "", 0, 0, "", answer) for r in self.reviews)

    # ---- purposes ------------------------------------------------------------------------

    def training_conditions(self, reading: Reading) -> tuple[Term[Deidentify | None], Term[bool]]:
        """Conditions written into the clause that permits training ("must be aggregated … de-identify")."""
        text = reading.text()
        deid: Term[Deidentify | None]
        if _DEID.search(text):
            deid = Term(
                Deidentify(_standard(text), DEFAULT_OPERATORS),
                Source.CONTRACT,
                reading.provenance,
                note="the permitting clause requires de-identification; operators are datarights' default",
            )
        else:
            deid = Term(
                None, Source.CONTRACT, reading.provenance, note="the permitting clause sets no such condition"
            )
        aggregate = Term(
            bool(_AGGREGATE.search(text)),
            Source.CONTRACT,
            reading.provenance,
            note="the permitting clause requires aggregation"
            if _AGGREGATE.search(text)
            else "the permitting clause sets no such condition",
        )
        return deid, aggregate

    def _rule(
        self,
        purpose: Purpose,
        permission: Term[Permission],
        *,
        deid: Term[Deidentify | None] | None = None,
        aggregate: Term[bool] | None = None,
        opt_in: Term[bool] | None = None,
    ) -> PurposeRule:
        usable = permission.value is not Permission.FORBIDDEN
        no_condition = self.silence("no condition for a forbidden purpose")
        excluded: Term[tuple[Category, ...]] = (
            Term(
                RESTRICTIVE_CATEGORIES,
                Source.DEFAULT,
                self.silence("sensitive categories: not settled by the contract"),
                to_confirm=True,
                note="the contract does not settle sensitive categories: all are excluded until confirmed",
            )
            if usable
            else Term((), Source.DEFAULT, no_condition)
        )
        # A usable purpose with excluded categories is conditional: the exclusion is a condition.
        if usable and permission.value is Permission.ALLOWED:
            permission = Term(
                Permission.CONDITIONAL,
                permission.source,
                permission.provenance,
                permission.to_confirm,
                (permission.note + "; " if permission.note else "")
                + "allowed by the contract, subject to the category exclusions below",
            )
        return PurposeRule(
            purpose,
            permission,
            Conditions(
                deidentify=deid if deid is not None and usable else Term(None, Source.DEFAULT, no_condition),
                aggregate_only=aggregate
                if aggregate is not None and usable
                else Term(False, Source.DEFAULT, no_condition),
                opt_in_required=opt_in
                if opt_in is not None and usable
                else Term(False, Source.DEFAULT, no_condition),
                exclude_categories=excluded,
            ),
        )

    def training(self, purpose: Purpose) -> PurposeRule:
        use = self.read[QuestionId.TRAINING_USE]
        scope = self.read[QuestionId.TRAINING_SCOPE]
        position = use.position
        forbidden_default = Term(
            Permission.FORBIDDEN,
            Source.DEFAULT,
            use.provenance,
            to_confirm=True,
            note=f"{use.label}: the contract does not permit training; forbidden until confirmed",
        )
        if position == TrainingUse.PROHIBITED:
            return self._rule(
                purpose,
                Term(Permission.FORBIDDEN, Source.CONTRACT, use.provenance, bool(use.conflict), use.conflict),
            )
        if position == TrainingUse.OPT_OUT:
            return self._rule(
                purpose,
                Term(
                    Permission.FORBIDDEN,
                    Source.DEFAULT,
                    use.provenance,
                    to_confirm=True,
                    note="the provider may train unless the customer opts out: forbidden until someone "
                    "confirms the customer has not opted out",
                ),
            )
        if position == TrainingUse.OPT_IN:
            opt_in = Term(True, Source.CONTRACT, use.provenance, note="training needs the subject's opt-in")
            deid, aggregate = self.training_conditions(use)
            return self._rule(
                purpose,
                Term(
                    Permission.CONDITIONAL, Source.CONTRACT, use.provenance, bool(use.conflict), use.conflict
                ),
                deid=deid,
                aggregate=aggregate,
                opt_in=opt_in,
            )
        if position == TrainingUse.PERMITTED:
            foundational_ok = scope.position == TrainingScope.FOUNDATIONAL
            if purpose is Purpose.FOUNDATIONAL_TRAINING and not foundational_ok:
                if scope.position == TrainingScope.PRIVATE:
                    return self._rule(
                        purpose,
                        Term(
                            Permission.FORBIDDEN,
                            Source.CONTRACT,
                            scope.provenance,
                            bool(scope.conflict),
                            scope.conflict or "training is limited to models for this customer",
                        ),
                    )
                return self._rule(
                    purpose,
                    Term(
                        Permission.FORBIDDEN,
                        Source.DEFAULT,
                        scope.provenance,
                        True,
                        f"{scope.label}: the contract does not say training may serve general models",
                    ),
                )
            deid, aggregate = self.training_conditions(use)
            conditional = deid.value is not None or aggregate.value
            return self._rule(
                purpose,
                Term(
                    Permission.CONDITIONAL if conditional else Permission.ALLOWED,
                    Source.CONTRACT,
                    use.provenance + (scope.provenance if purpose is Purpose.FOUNDATIONAL_TRAINING else ()),
                    bool(use.conflict or scope.conflict),
                    use.conflict or scope.conflict,
                ),
                deid=deid,
                aggregate=aggregate,
            )
        return self._rule(purpose, forbidden_default)

    def evaluation(self, private: PurposeRule) -> PurposeRule:
        """Contracts rarely name evaluation; it follows private training and always needs confirming."""
        p = private.permission
        return PurposeRule(
            Purpose.EVALUATION,
            Term(
                p.value,
                Source.DEFAULT,
                p.provenance,
                to_confirm=True,
                note="the contract does not name evaluation: it follows private training until confirmed",
            ),
            private.conditions,
        )

    def carve_out_rule(self, purpose: Purpose, answered: Reading) -> PurposeRule:
        """Analytics and product improvement: allowed by a service-improvement right, or only on
        de-identified aggregates by a de-identified-data carve-out, or forbidden."""
        deid_reading = self.read[QuestionId.DEIDENTIFIED_USE]
        if answered.position == YesNo.YES:
            return self._rule(
                purpose,
                Term(
                    Permission.ALLOWED,
                    Source.CONTRACT,
                    answered.provenance,
                    bool(answered.conflict) or purpose is Purpose.ANALYTICS,
                    answered.conflict
                    or (
                        "analytics read as part of the provider's service-improvement right"
                        if purpose is Purpose.ANALYTICS
                        else ""
                    ),
                ),
            )
        if deid_reading.position == YesNo.YES:
            text = deid_reading.text()
            return self._rule(
                purpose,
                Term(
                    Permission.CONDITIONAL,
                    Source.CONTRACT,
                    deid_reading.provenance,
                    True,
                    "the de-identified-data carve-out may cover only usage data, not content: confirm",
                ),
                deid=Term(
                    Deidentify(_standard(text), DEFAULT_OPERATORS),
                    Source.CONTRACT,
                    deid_reading.provenance,
                    note="use is allowed only of de-identified data",
                ),
                aggregate=Term(
                    True,
                    Source.CONTRACT if _AGGREGATE.search(text) else Source.DEFAULT,
                    deid_reading.provenance,
                    to_confirm=not _AGGREGATE.search(text),
                    note="the carve-out speaks of aggregated data"
                    if _AGGREGATE.search(text)
                    else "aggregation is the restrictive reading of the carve-out",
                ),
            )
        return self._rule(
            purpose,
            Term(
                Permission.FORBIDDEN,
                Source.CONTRACT if answered.explicit else Source.DEFAULT,
                answered.provenance,
                to_confirm=not answered.explicit or bool(answered.conflict),
                note=answered.conflict or f"{answered.label}: no right to this use",
            ),
        )

    # ---- opt-out, retention, duties ------------------------------------------------------

    def opt_out(self) -> Term[OptOut]:
        use = self.read[QuestionId.TRAINING_USE]
        prospective = self.provisions.get("revocation_prospective")
        retroactive = self.provisions.get("revocation_retroactive")
        if retroactive:
            return Term(OptOut(OptOutMode.RETROACTIVE, None), Source.CONTRACT, retroactive)
        if prospective:
            return Term(
                OptOut(OptOutMode.PROSPECTIVE, None),
                Source.CONTRACT,
                prospective,
                to_confirm=True,
                note="the contract makes revocation prospective: records from before an opt-out stay usable",
            )
        return Term(
            OptOut(OptOutMode.RETROACTIVE, None),
            Source.DEFAULT,
            use.provenance if use.position == TrainingUse.OPT_OUT else self.silence("opt-out: not settled"),
            to_confirm=True,
            note="the contract does not say whether an opt-out reaches earlier data: it does (restrictive)",
        )

    def retention(self) -> Term[RetentionTerm]:
        r = self.read[QuestionId.RETENTION]
        if r.position == Retention.FIXED_PERIOD:
            days = days_in(r.text())
            if days is not None:
                return Term(
                    RetentionTerm(days, 0), Source.CONTRACT, r.provenance, bool(r.conflict), r.conflict
                )
        if r.position == Retention.ON_REQUEST_OR_TERMINATION:
            after = days_in(r.text())
            return Term(
                RetentionTerm(None, after if after is not None else 0),
                Source.CONTRACT,
                r.provenance,
                to_confirm=after is None or bool(r.conflict),
                note=r.conflict
                or (
                    "kept until deletion is requested or the agreement ends"
                    if after is not None
                    else "kept until termination; no grace period stated, so none after it"
                ),
            )
        return Term(
            RetentionTerm(RESTRICTIVE_MAX_AGE_DAYS, 0),
            Source.DEFAULT,
            r.provenance,
            to_confirm=True,
            note=f"{r.label}: no retention limit found; records older than "
            f"{RESTRICTIVE_MAX_AGE_DAYS} days are not used until confirmed",
        )

    def duties(self) -> Duties:
        report = self.provisions.get("training_attestation") + self.provisions.get("trust_page")
        if report:
            text = " ".join(p.quote for p in report)
            cadence = (
                Cadence.QUARTERLY
                if _QUARTERLY.search(text)
                else Cadence.ANNUAL
                if _ANNUAL.search(text)
                else Cadence.ON_REQUEST
            )
            transparency: Term[Cadence] = Term(cadence, Source.CONTRACT, report)
        else:
            transparency = Term(
                Cadence.NONE,
                Source.DEFAULT,
                self.silence("provision:training_attestation not found"),
                to_confirm=True,
                note="the contract promises no transparency report",
            )
        change = self.read[QuestionId.CHANGE_NOTICE]
        notice: Term[int | None]
        if change.position == ChangeNotice.CONSENT_REQUIRED:
            notice = Term(None, Source.CONTRACT, change.provenance, bool(change.conflict), change.conflict)
        elif change.position == ChangeNotice.POSTING_ONLY:
            notice = Term(
                0, Source.CONTRACT, change.provenance, bool(change.conflict), "changes take effect on posting"
            )
        elif change.position == ChangeNotice.ADVANCE_NOTICE and days_in(change.text()) is not None:
            notice = Term(
                days_in(change.text()),
                Source.CONTRACT,
                change.provenance,
                bool(change.conflict),
                change.conflict,
            )
        else:
            notice = Term(
                None,
                Source.DEFAULT,
                change.provenance,
                to_confirm=True,
                note=f"{change.label}: no notice period found; consent before change is the restrictive reading",
            )
        deletion = self.provisions.get("model_deletion")
        disclaimer = self.provisions.get("model_retention_disclaimer")
        delete_models: Term[bool]
        if disclaimer and not deletion:
            delete_models = Term(False, Source.CONTRACT, disclaimer, note="the provider keeps trained models")
        elif deletion:
            delete_models = Term(True, Source.CONTRACT, deletion)
        else:
            delete_models = Term(
                True,
                Source.DEFAULT,
                self.silence("provision:model_deletion not found"),
                to_confirm=True,
                note="the contract is silent on derived models: their deletion is the restrictive reading",
            )
        return Duties(transparency, notice, delete_models)


def _standard(text: str) -> DeidStandard:
    if _HIPAA.search(text):
        return DeidStandard.HIPAA_SAFE_HARBOR
    if _CCPA_DEID.search(text):
        return DeidStandard.CCPA
    return DeidStandard.CONTRACTUAL


def _date_term(
    given: date | None, reviews: Sequence[Review], what: str, from_name: bool
) -> Term[date | None]:
    sha = reviews[-1].document.sha256
    if given is not None:
        return Term(given, Source.MANUAL, (Provenance(sha, "", 0, 0, "", f"option:--{what}"),))
    if from_name:
        match = _FILE_DATE.search(reviews[-1].document.path.rsplit("/", 1)[-1])
        if match:
            try:
                found = date.fromisoformat(match.group(1))
            except ValueError:
                found = None
            if found is not None:
                return Term(
                    found,
                    Source.DEFAULT,
                    (Provenance(sha, "", 0, 0, "", "file name date"),),
                    to_confirm=True,
                    note="taken from the file name of the governing document",
                )
    return Term(
        None,
        Source.DEFAULT,
        (Provenance(sha, "", 0, 0, "", f"{what}: not given"),),
        to_confirm=True,
        note=f"no {what} date given (use --{what})",
    )


def compile_policy(
    customer: str,
    reviews: Sequence[Review],
    assessments: Sequence[Assessment] = (),
    *,
    effective: date | None = None,
    expires: date | None = None,
    playbook: str = "buyer",
) -> Policy:
    """The policy for `customer` from a stack of reviewed contracts (base first, amendments after)."""
    if not reviews:
        raise ValueError("compile_policy needs at least one reviewed contract")
    if not customer.strip():
        raise ValueError("compile_policy needs a customer id")
    c = _Compiler(reviews)
    foundational = c.training(Purpose.FOUNDATIONAL_TRAINING)
    private = c.training(Purpose.PRIVATE_TRAINING)
    improvement = c.read[QuestionId.SERVICE_IMPROVEMENT]
    purposes = (
        foundational,
        private,
        c.evaluation(private),
        c.carve_out_rule(Purpose.ANALYTICS, improvement),
        c.carve_out_rule(Purpose.PRODUCT_IMPROVEMENT, improvement),
    )
    by_sha = {a.document_sha256: a for a in assessments}
    contracts = tuple(
        Contract(
            r.document.path,
            r.document.sha256,
            r.document.title,
            # plain text, as the policy file stores it (a review's is a `DocType`)
            str(by_sha[r.document.sha256].doc_type if r.document.sha256 in by_sha else r.doc_type),
        )
        for r in reviews
    )
    return Policy(
        customer=customer,
        contracts=contracts,
        playbook=assessments[0].playbook if assessments else playbook,
        effective=_date_term(effective, reviews, "effective", from_name=True),
        expires=_date_term(expires, reviews, "expires", from_name=False),
        purposes=purposes,
        opt_out=c.opt_out(),
        retention=c.retention(),
        duties=c.duties(),
        compiled_by=f"datarights {__version__}",
    )
