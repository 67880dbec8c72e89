"""Reading statements of the provider's role for personal data into clause frames.

The provider as processor, service provider or contractor (processing on the customer's behalf or
documented instructions, or under a data processing addendum the document incorporates), or as
controller (its own decision on purposes, an independent controller, personal data handled under its own
privacy notice). Each frame records the wording that expressed it; a processor frame carries the
customer's instructions as its condition, a controller frame the provider's own purposes.
`detect/vendor_role` decides over the frames, with the provider's conduct from the training and
improvement answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from datarights.read.model import GENERAL, Action, Actor, ClauseFrame, Condition, DataKind, Modality, Unit
from datarights.read.patterns import NamedPattern, compile_, compile_lower
from datarights.read.view import (
    Clause,
    TextView,
    clauses_matching_lower,
    keyword_clauses,
    names_beside_we,
    register_keywords,
)
from datarights.read.vocab.negation import negated_before

PROCESSOR_WORDINGS = (
    NamedPattern.of(
        "provider as processor",
        # not the hardware ("device data such as the processor type")
        # nor a kind of company ("your bank is a payment processor")
        r"(?:\b(?:act(?:s|ing)?|is|are|be|deemed|serve\w*|capacity)\s+(?:\w+\s+){0,2}?(?:an?\s+|the\s+)?(?:data\s+)?(?<!payment\s)(?<!payments\s)(?<!card\s)(?:sub-?)?processor\b"
        # "as its processor" (its: the customer organisation), "as a service provider and processor to the School"
        r"|\bas\s+(?:an?\s+|the\s+|its\s+|their\s+|your\s+)?(?:(?:service\s+provider|contractor)\s+(?:and|or|and/or)\s+)?(?:data\s+)?processor\b)"
        r"(?!\s+(?:type|speed|model|architecture|cores?|family|name)\b)",
        0.85,
    ),
    NamedPattern.of(
        "provider as service provider or contractor",
        r"\b(?:act(?:s|ing)?|is|as)\s+(?:an?\s+)?[\"“]?(?:service\s+provider|contractor)[\"”]?\s+(?:\w+\s+){0,3}?(?:under|for\s+purposes\s+of|as\s+defined|within\s+the\s+meaning|of\s+customer|to\s+customer|under\s+the\s+ccpa)"
        r"|\b(?:will|shall)\s+act\s+as\s+(?:an?\s+|the\s+)?[\"“]?(?:service\s+provider|contractor)\b"
        # 'Tessaly is a "service provider"': the quoted term is the statute's (CCPA), not a kind of company
        r"|\b(?:is|as)\s+(?:an?\s+|the\s+)?[\"“](?:service\s+provider|contractor)[\"”]"
        # "we act as the School's service provider": the customer named as the one served
        r"|\b(?:act(?:s|ing)?|is|as)\s+(?:the\s+)?(?-i:[A-Z])[\w-]*[’']s\s+[\"“]?(?:service\s+provider|contractor)\b"
        # FERPA: a "school official" under the school's direct control
        r"|\b(?:act(?:s|ing)?|is|as)\s+(?:an?\s+)?[\"“]?school\s+official\b",
        0.8,
    ),
    NamedPattern.of(
        "processing on the customer's behalf",
        r"\bprocess(?:es|ed|ing)?\s+(?:\w+\s+){0,4}?(?:data|information|content|files?|materials?|inputs?|prompts?|it|them)\b[^.;]{0,60}?\bon\s+(?:your|customer[’']?s?|the\s+customer[’']?s?|its|their|our\s+customers[’']?)\s+behalf\b"
        r"|\bprocess(?:es|ed|ing)?\b[^.;]{0,60}?(?<!\bby\sor\s)\bon\s+behalf\s+of\s+(?:you|customers?|the\s+customer|our\s+(?:business\s+)?customers)\b",
        0.8,
    ),
    NamedPattern.of(
        "handling data on the customer's behalf",
        r"\b(?:receives?|creates?|maintains?|transmits?|stores?|hosts?)\b(?:,?\s+(?:or\s+|and\s+)?(?:receives?|creates?|maintains?|transmits?|stores?|hosts?)\b)*"
        r"\s+(?:\w+\s+){0,4}?on\s+behalf\s+of\s+(?:you|customers?|the\s+customer|covered\s+entit(?:y|ies)|(?-i:[A-Z])\w+)\b"
        r"|\b(?:act(?:s|ing)?|is|serves?)\s+as\s+(?:a\s+|the\s+|its\s+)?business\s+associate\b",
        0.75,
    ),
    NamedPattern.of(
        "acting on the customer's behalf",
        r"(?<!that\s)(?<!who\s)\b(?:is|are)\s+acting\s+on\s+(?:your|customer[’']?s?|the\s+customer[’']?s?)\s+behalf\b"
        r"|\b(?:you|customer)\s+determines?\s+the\s+(?:means\s+and\s+purposes|purposes\s+and\s+means)\b",
        0.8,
    ),
    NamedPattern.of(
        "documented instructions",
        r"\b(?:documented|lawful|written)\s+instructions\b|\bcustomer\s+instructions\b|\bin\s+accordance\s+with\s+(?:your|customer[’']?s?)\s+instructions\b"
        r"|\bcustomer\s+instructs\b|\binstructs?\s+(?:\w+\s+){0,2}?to\s+process\b"
        r"|\bprocess\w*\s+(?:\w+\s+){0,3}?as\s+instructed\s+by\s+(?:the\s+)?(?:customer|you|administrator|controller|organi[sz]ation)\b",
        0.75,
    ),
    NamedPattern.of(
        "incorporated data processing addendum",
        r"\bdata\s+(?:processing|protection|privacy)\s+(?:addendum|agreement|terms)\b|\bDPA\b",
        0.65,
    ),
)
CONTROLLER_WORDINGS = (
    NamedPattern.of(
        "provider as controller",
        r"\b(?:is|are|as|acts?\s+as|be|being)\s+(?:an?\s+|the\s+)?(?:independent\s+|separate\s+|joint\s+|autonomous\s+)?(?:data\s+)?controllers?\b"
        r"|\bindependent\s+(?:data\s+)?controllers?\b|\bwhen\s+\w+\s+is\s+a\s+controller\b",
        0.85,
    ),
    # "the data controller responsible for your personal data is X Corp."; "personal data … is controlled
    # by Apple Distribution International"; "the Apple entity that controls your personal data".
    NamedPattern.of(
        "provider named as the controller",
        r"\bthe\s+(?:data\s+)?controllers?\s+(?:responsible\s+)?(?:for|of)\s+(?:\w+\s+){0,3}?(?:data|information)\s+(?:is|are|will\s+be)\s+(?!(?:you|your|the\s+customer|customer)\b)"
        r"|\b(?:data|information)\b[^.;]{0,100}?\b(?:is|are)\s+controlled\s+by\s+(?!(?:you|your|the\s+customer|customer|the\s+controller)\b)"
        r"|\bentit(?:y|ies)\s+(?:that|which)\s+controls?\s+your\s+(?:personal\s+)?(?:data|information)\b",
        0.8,
    ),
    # "Shopify's collection, usage and disclosure of this personal information is governed by our Privacy
    # Policy": the provider's own notice, not the customer's instructions, decides what it does with the data.
    NamedPattern.of(
        "provider's own handling governed by its privacy policy",
        r"\b(?:our|its|[\w-]+[’']s)\s+(?:collection|use|usage|processing|disclosure|handling)\b(?:,?\s+(?:and\s+|or\s+)?(?:collection|use|usage|processing|disclosure|handling))*"
        r"\s+of\s+(?:this\s+|your\s+|such\s+|the\s+)?(?:\w+\s+)?personal\s+(?:data|information)\s+(?:is|are|will\s+be|shall\s+be)\s+governed\s+by\s+(?:our|its)\s+\[?privacy",
        0.7,
    ),
    NamedPattern.of(
        "neither party processes for the other",
        r"\bneither\s+party\s+is\s+processing\b|\bnot\s+(?:be\s+)?(?:acting\s+as\s+)?(?:a\s+)?(?:service\s+provider|processor)\s+(?:of|for|to)\b",
        0.85,
    ),
    NamedPattern.of(
        "processor data excluded from this notice",
        r"\b(?:does\s+not|doesn[’']t)\s+apply\s+to\s+(?:\w+\s+){0,4}?(?:data|information)\s+(?:that\s+)?(?:we\s+)?process\w*\s+on\s+behalf\s+of\b",
        0.6,
    ),
    NamedPattern.of(
        "provider decides how content is used",
        r"\b(?:we|us)\s+(?:get\s+to\s+)?decide\s+(?:whether|how)\b|\bresponsible\s+for\s+(?:the\s+)?processing\s+of\s+your\s+personal"
        # "For Family Accounts, Glasswing decides how personal information is used" (the name is checked to be the
        # provider's where it is read: "the School decides …" casts the customer)
        r"|\b(?-i:[A-Z])[\w-]+\s+(?:alone\s+)?(?:decides|determines)\s+(?:how|why)\s+(?:\w+\s+){0,2}?(?:personal\s+)?(?:data|information)\s+(?:is|are)\s+(?:used|processed)",
        0.7,
    ),
)
# How many clauses of the training and improvement answers a controller-by-conduct answer cites from each.
CONDUCT_EVIDENCE = 2
_EXCLUDED_SCOPE = compile_(
    r"\b(?:does\s+not|doesn[’']t|do\s+not|will\s+not)\s+(?:apply|cover)\b|\bnot\s+covered\b|\boutside\s+the\s+scope\b|\bseparate\s+(?:privacy\s+)?(?:notice|agreement)\b"
)
_CUSTOMER_AS_SUBJECT = compile_(
    r"\b(?:you|customer|the\s+customer|users?|developers?)\s+(?:is|are|acts?\s+as|will\s+be|shall\s+be)\s+(?:the\s+|an?\s+)?(?:data\s+)?controllers?\b"
)
# Controller only for the customer's account or billing details says nothing about customer content.
_ACCOUNT_DATA_ONLY = compile_(
    r"\baccount\s+(?:information|data)\b|\bbilling\b|\bbusiness\s+contact\b|\bcontact\s+(?:information|details)\b"
)
# "controller for account and billing data, … and for the model improvement activities": account data is
# not all the clause makes the provider controller of.
_OWN_USE_NAMED = compile_(
    r"\bmodel\s+(?:improvement|training|development)\b|\bimprov\w+\s+(?:our|its)\s+models?\b"
)
# "will not be acting as a processor": the negation sits just before the role phrase.
_NEGATED_ROLE = compile_(r"(?:\b(?:not|never)|n[’']t)\s+(?:\w+\s+){0,2}$")
# Transfer mechanics that list every role combination ("Where Meta is a Controller and Company is a
# Processor, the Exporter shall be …"): they choose clauses, they do not cast the provider.
_TRANSFER_MAPPING = compile_(
    r"\b(?:data\s+)?(?:exporter|importer)\b|\bmodule\s+(?:one|two|three|four|[1-4])\b"
)
# Another party named as controller ("to enable you as Controller", "your Processing … as Controller",
# "Subscriber will act as a Controller", "a third party purporting to be a controller").
_OTHER_PARTY_CONTROLLER = compile_(
    r"\b(?:you|your|customer|subscriber|client|licensee|users?)\b"
    r"(?:[’']s)?(?!\s+(?:content|data|personal|materials?|information|inputs?|outputs?|prompts?|files?|conversations?|submissions?)\b)"
    r"(?:\s+[\w’']+){0,8}?\s+as\s+(?:an?\s+|the\s+)?(?:data\s+)?controllers?\b"
    r"|\b(?:customer|subscriber|client|licensee)\s+(?:will|shall)\s+(?:act|be)\s+as\s+(?:an?\s+|the\s+)?(?:data\s+)?controllers?\b"
    r"|\bpurport\w*\s+to\s+be\s+(?:an?\s+|the\s+)?controllers?\b"
)
_CONTROLLER_AS_MODIFIER = compile_(r"\s*(?:services?|terms|products?)\b")
# Either role, not one ("their respective designation as Controller or Processor").
_EITHER_ROLE = compile_(
    r"\bcontrollers?\s+(?:or|and/or)\s+(?:an?\s+)?(?:data\s+)?processors?\b|\bprocessors?\s+(?:or|and/or)\s+(?:an?\s+)?(?:data\s+)?controllers?\b"
)
# A third party that processes for the provider ("Persona, who acts as our data processor").
_PROVIDERS_OWN_PROCESSOR = compile_(r"\b(?:our|its|their)\s+(?:data\s+)?(?:sub-?)?processors?\b")
# "We process Workspace Content as its processor": the provider speaks, so "its" is the other party's.
_FOR_ANOTHER = compile_(r"(?:its|their)\b")
_WE_BEFORE = compile_(r"\b(?:we|us)\b")
_CUSTOMER_ACTS_AS_PROCESSOR = compile_(
    r"\b(?:you|customer)\s+(?:is|are|act\w*\s+as)\s+(?:an?\s+)?(?:data\s+)?processor\b"
)


# "You will comply with the Developer Data Protection Addendum": the addendum binds the customer (who
# receives data from the provider); it does not cast the provider as the customer's processor.
_CUSTOMER_COMPLIES = compile_(
    r"^\W*(?:you|customer|developers?|licensee)\s+(?:will|shall|must|agrees?\s+to)\s+(?:\w+\s+){0,2}?comply\s+with\s+(?:the\s+|our\s+)?[^.;]{0,40}"
    r"\b(?:addendum|agreement|terms|DPA)\b"
)
# "We enter into confidentiality and data processing terms with partners": the provider's terms with its
# own processors, not an addendum that casts it as the customer's processor.
_TERMS_WITH_ITS_VENDORS = compile_(
    r"\bdata\s+(?:processing|protection)\s+(?:terms|agreements?|addend(?:um|a))\s+with\s+(?:our\s+|its\s+|these\s+|such\s+)?"
    r"(?:partners|vendors|suppliers|service\s+providers|sub-?processors|third\s+parties)\b"
)
_HANDLED_DATA = compile_(r"\b(?:phi|data|information|content|records?|files?)\b")


def _handled_for_customer(view: TextView, text: str, start: int, phrase: str) -> bool:
    """Data held for another party ("PHI that it receives … on behalf of Company"), not something done
    for the provider ("no information … shall create any warranty on behalf of Spotify")."""
    if "business associate" in phrase.lower():
        return True
    target = re.search(r"on\s+behalf\s+of\s+(\w+)\s*$", phrase, re.IGNORECASE)
    if target is not None and target.group(1).lower() in view.acting_names | view.provider_names:
        return False
    # The data is the verb's object: just before it ("PHI that it receives") or between it and "on behalf".
    return bool(_HANDLED_DATA.search(text, max(0, start - 30), start + len(phrase)))


# The provider handling personal data under its own privacy notice: what a controller does.
OWN_PRIVACY_NOTICE = NamedPattern.of(
    "personal data handled under the provider's own privacy notice",
    r"\bprivacy\s+(?:policy|notice|statement)\b[^.;]{0,60}?\b(?:describes|explains|governs|sets\s+out|covers)\s+how\s+(?:we|it|\w+)\s+(?:collect|use|process|handle|share)"
    r"|\b(?:we|us)\s+(?:\w+\s+){0,2}?(?:collect|use|process|disclose)\w*\b[^.;]{0,80}?\bpersonal\s+(?:data|information)\b[^.;]{0,160}?\b(?:in|under|as\s+set\s+forth\s+in|as\s+described\s+in|in\s+accordance\s+with)\s+(?:our|the)\s+\[?privacy\s+(?:policy|notice|statement)"
    r"|\bprovide\s+(?:us|\w+)\s+with\s+personal\s+(?:data|information)\b",
    0.5,
)

_OWN_PRIVACY_NOTICE_LOWER = compile_lower(OWN_PRIVACY_NOTICE.regex.pattern)
# What only a controller says: it uses people's personal data for its own ends (ads, personalisation), it
# relies on legal bases, it has processors of its own ("Persona, who acts as our data processor").
OWN_PURPOSES = NamedPattern.of(
    "the provider's own purposes for personal data",
    r"\bwe\s+(?:\w+\s+)?use\s+your\s+personal\s+(?:data|information)\b[^.;]{0,120}?\b(?:ads|advertis\w*|personali[sz]\w*|to\s+do\s+this|identify\s+you)"
    r"|\blegal\s+bases?\s+(?:that\s+|which\s+)?we\s+rely\s+on\b"
    r"|\b(?:acts?|serves?)\s+as\s+(?:our|its)\s+(?:data\s+)?processor\b"
    r"|\byou\s+consent\s+to\s+(?:us|[\w-]+)\s+collecting\s+and\s+using\b",
    0.5,
)
_OWN_PURPOSES_LOWER = compile_lower(OWN_PURPOSES.regex.pattern)
# Controller by conduct, from the content licence itself: the provider may hand the customer's content to other
# companies for their syndication, distribution or publication ("this license includes the right for us to make
# Your Content available to other companies … who partner with us for syndication"). It decides the ends the
# content serves, as a controller does, even where the role is never named.
CONTENT_TO_PARTNERS = NamedPattern.of(
    "customer content made available to the provider's partners",
    r"\bmak(?:e|ing)\s+(?:your\s+|such\s+|the\s+|that\s+|all\s+|any\s+)?(?:[\w-]+\s+){0,2}?content\s+available\b[^.;]{0,80}?"
    r"\b(?:other\s+companies|(?:business\s+)?partners?|partner\s+with|third\s+parties\s+selected\s+by|select(?:ed)?\s+third\s+parties)\b"
    r"[^.;]{0,200}?\b(?:syndicat\w*|broadcast\w*|distribut\w*|publication|publish\w*|monetiz\w*|analy[sz]\w*)"
    r"|\bmak(?:e|ing)\s+(?:your\s+|such\s+|the\s+|that\s+|all\s+|any\s+)?(?:[\w-]+\s+){0,2}?content\s+available\s+for\s+"
    r"(?:syndication|distribution|publication)\b[^.;]{0,120}?\b(?:other\s+companies|partners?|partner\s+with|third\s+parties)\b",
    0.55,
)
# Located with `str.find` on the words every wording holds, then confirmed per clause.
_CONTENT_TO_PARTNERS_KEYWORDS = register_keywords(
    "content_to_partners",
    CONTENT_TO_PARTNERS.regex.pattern,
    ("syndicat", "partner", "other compan", "select", "third part"),
)


def _customer_side_controller_only(text: str) -> bool:
    # "Customer is the controller" alone (without the provider's role) still implies a processor provider,
    # so it counts; but "X DPA" mentioned only as a link label in a list of policies does not.
    return bool(
        re.fullmatch(r"\W*(?:data\s+processing\s+(?:addendum|agreement)|DPA)\W*", text, re.IGNORECASE)
    )


USE_LIMITED_WORDING = "use limited to providing the service"
# Every wording a role frame can carry, for the decision table.
ROLE_WORDINGS = tuple(w.name for w in PROCESSOR_WORDINGS + CONTROLLER_WORDINGS)
_PERSONAL = frozenset({DataKind.PERSONAL_DATA})


def role_frames(view: TextView, purpose_limits: Iterable[Clause] | None = None) -> tuple[ClauseFrame, ...]:
    """Every statement of the provider's role, read once per document (`purpose_limits`: the clauses
    that confine the provider's use to providing the service, read as processor conduct)."""
    limits = tuple(purpose_limits) if purpose_limits is not None else ()
    return view.memo("_frames:roles", lambda: tuple(_read_roles(view)) + tuple(_read_conduct(view, limits)))


def _frame(clause: Clause, trigger: int, wording: str, processor: bool) -> ClauseFrame:
    return ClauseFrame(
        clause.index,
        clause.start,
        clause.end,
        trigger,
        Unit.SENTENCE,
        Actor.PROVIDER,
        Modality.DOES,
        False,
        Action.PROCESS,
        _PERSONAL,
        frozenset({Condition.INSTRUCTION}) if processor else frozenset(),
        GENERAL,
        frozenset() if processor else frozenset({Action.USE}),
        wording,
    )


def _read_roles(view: TextView) -> Iterator[ClauseFrame]:
    for wordings, processor in ((PROCESSOR_WORDINGS, True), (CONTROLLER_WORDINGS, False)):
        seen: set[int] = set()
        for pattern in wordings:
            for clause, match in view.search(pattern.regex):
                if clause.index in seen:
                    continue
                text = clause.text
                if pattern.name != "processor data excluded from this notice" and (
                    _EXCLUDED_SCOPE.search(text) or _CUSTOMER_ACTS_AS_PROCESSOR.search(text)
                ):
                    continue
                if _TRANSFER_MAPPING.search(text):
                    continue
                if processor and _outside_this_document(view, clause):
                    continue
                if pattern.name == "handling data on the customer's behalf" and not _handled_for_customer(
                    view, text, match.start() - clause.start, match.group(0)
                ):
                    continue
                if (
                    processor
                    and (own := _PROVIDERS_OWN_PROCESSOR.search(match.group(0)))
                    and not (
                        _FOR_ANOTHER.match(own.group(0))
                        and _WE_BEFORE.search(text[: match.start() - clause.start])
                    )
                ):
                    continue  # "Persona, who acts as our data processor"; not "we process it as its processor"
                if pattern.name == "incorporated data processing addendum" and (
                    _CUSTOMER_COMPLIES.search(text) or _TERMS_WITH_ITS_VENDORS.search(text)
                ):
                    continue
                if pattern.name == DECIDES and not _decider_is_provider(view, match.group(0)):
                    continue
                relative = (match.start() - clause.start, match.end() - clause.start)
                if (
                    not processor
                    and pattern.name == "provider as controller"
                    and (
                        any(
                            m.start() < relative[1] and relative[0] < m.end()
                            for m in _OTHER_PARTY_CONTROLLER.finditer(text)
                        )
                        or _CONTROLLER_AS_MODIFIER.match(text, relative[1])
                        or (
                            _EITHER_ROLE.search(text, max(0, relative[0]), relative[1] + 30)
                            and not re.search(r"\b(?:independent|separate)\b", match.group(0), re.IGNORECASE)
                        )
                        or any(
                            m.start() < relative[1] and relative[0] < m.end()
                            for m in _CUSTOMER_AS_SUBJECT.finditer(text)
                        )
                        or (_ACCOUNT_DATA_ONLY.search(text) and not _OWN_USE_NAMED.search(text))
                        or negated_before(text, relative[0], window=40)
                    )
                ):
                    continue
                if processor and (
                    negated_before(text, relative[0], window=60)
                    or _NEGATED_ROLE.search(text[: relative[0]])
                    or _customer_side_controller_only(text)
                ):
                    continue
                seen.add(clause.index)
                yield _frame(clause, match.start(), pattern.name, processor)


DECIDES = "provider decides how content is used"
_NAMED_DECIDER = re.compile(r"[\w-]+\s+(?:alone\s+)?(?:decides|determines)\b")


def _decider_is_provider(view: TextView, words: str) -> bool:
    """The named decider ("Lumo decides how …") is the provider; the other wordings name it by "we"."""
    if not _NAMED_DECIDER.match(words):
        return True
    first = words.split(None, 1)[0].lower()
    return first in {"we", "us"} or first in view.acting_names | view.provider_names | names_beside_we(view)


# "This Privacy Policy does not apply to content … Instead, we process such content on behalf of …": the
# processing described is the one the document excludes from its scope.
_INSTEAD = compile_(r"^\W*(?:instead|rather|in\s+that\s+case)\b")


def _outside_this_document(view: TextView, clause: Clause) -> bool:
    if not _INSTEAD.search(clause.text) or clause.index == 0:
        return False
    previous = view.clauses[clause.index - 1]
    return previous.section == clause.section and bool(_EXCLUDED_SCOPE.search(previous.text))


def _read_conduct(view: TextView, limits: tuple[Clause, ...]) -> Iterator[ClauseFrame]:
    """Clauses that show the role without naming it: limits on use (processor conduct) and the
    provider's own privacy notice governing personal data (controller conduct)."""
    for clause in limits:
        yield _frame(clause, clause.start, USE_LIMITED_WORDING, True)
    for clause in clauses_matching_lower(view, _OWN_PRIVACY_NOTICE_LOWER):
        if not _EXCLUDED_SCOPE.search(clause.text):
            yield _frame(clause, clause.start, OWN_PRIVACY_NOTICE.name, False)
    for clause in clauses_matching_lower(view, _OWN_PURPOSES_LOWER):
        if not _EXCLUDED_SCOPE.search(clause.text) and not _CUSTOMER_AS_SUBJECT.search(clause.text):
            yield _frame(clause, clause.start, OWN_PURPOSES.name, False)
    for clause in keyword_clauses(view, _CONTENT_TO_PARTNERS_KEYWORDS):
        match = CONTENT_TO_PARTNERS.regex.search(clause.text)
        if match is not None and not _NEGATED_ROLE.search(clause.text[: match.start()]):
            yield _frame(clause, match.start(), CONTENT_TO_PARTNERS.name, False)
