"""Reading statements about who owns outputs into clause frames.

An ownership clause is read for its owner (the frame's actor: the customer, or the provider), how the
ownership is stated (owned, kept, belongs to; assigned or transferred to the owner; or disclaimed:
"we claim no ownership of Output" is a negated provider frame) and what is owned: outputs (the
`DataKind.OUTPUT` object), named directly, through a defined term for them ("Creations", "Response"),
through a content term the document defines to include outputs (cited with its definition), or by a
sentence that refers back to outputs the sentence before names. Ownership of inputs only, of feedback,
or of the provider's services and models is no ownership of outputs; rights the customer keeps in its
inputs only are read as a frame about customer content (not outputs). A disclaimer by someone other
than the provider ("They do not claim ownership", of third-party services) is not the provider's.
`detect/output_ownership` decides over the frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from datarights.read import gate
from datarights.read.model import Action, Actor, ClauseFrame, DataKind
from datarights.read.patterns import NamedPattern, compile_, compile_lower
from datarights.read.statement import statement_frame
from datarights.read.view import (
    Clause,
    TextView,
    keyword_clauses,
    lowered_text,
    names_beside_we,
    register_keywords,
    terms_covering,
    usage_data_terms,
)
from datarights.read.vocab.data import OUTPUT_DEFINITION
from datarights.read.vocab.negation import negated_before

_OUTPUT_NOUNS = (
    r"outputs?|generated\s+(?:content|outputs?|images?|text|code|media|works?|materials?|responses?|results?)|AI[\s-]generated\s+\w+"
    r"|(?:content|images?|text|videos?|audio|code|works?|materials?|media|results|notes|summar(?:y|ies)|transcripts?|drafts?|documents?|reports?|answers?)\s+(?:that\s+)?(?:you\s+)?(?:generate|generated|create|created|produce|produced)\s+(?:with|using|through|on|via|by)|(?:generated\s+)?completions?"
    r"|generations?|original\s+content"
    # "You own the Content you create": what the customer makes with the service (not what it creates and
    # shares, uploads or posts, which goes in).
    r"|content\s+(?:that\s+)?you\s+create(?!\s*(?:,|or|and)\s+(?:\w+\s+)?(?:upload|post|share|submit|send))\b"
    # "any content you provide, post, input, or submit to or receive from the AI services": what comes back
    r"|content\s+(?:that\s+)?you\s+(?:[\w-]+,?\s+){0,8}?(?:or\s+)?receive\s+from\s+(?:the|our)\s+(?:\w+\s+)?(?:services?|features?|tools?)"
)
# A defined term for outputs, possibly qualified ("AI Output", "Generated Content").
_OUTPUT_TERM_WORDS = compile_(
    r"(?:(?:ai|model|service|generated|generative|customer|your)\s+)?"
    r"(?:outputs?|responses?|completions?|generations?|assets|creations?|results|suggestions|deliverables|generated\s+\w+)"
)
# A HIPAA business associate agreement calls the customer the covered entity.
_CUSTOMER = r"(?:you|customer|the\s+customer|users?|licensee|client|subscriber|covered\s+entit(?:y|ies))"
_OWN = (
    r"(?:own|owns|keep\w*\s+(?:all\s+)?(?:your\s+|its\s+)?(?:ownership|rights?|title)|retain\w*\s+(?:all\s+)?(?:your\s+|its\s+|their\s+)?"
    r"(?:(?:intellectual\s+property\s+(?:and\s+other\s+)?)?rights?|ownership|title|intellectual\s+property)"
    r"|hold\w*\s+(?:all\s+)?(?:right|title|ownership)|shall\s+own|will\s+own|retains?\s+all\s+(?:right|title)"
    r"|(?:are|is|will\s+be|shall\s+be)\s+the\s+(?:sole\s+(?:and\s+exclusive\s+)?|exclusive\s+)?owners?\s+of)"
)

# Nouns that make a defined content term cover outputs. "Generated" in a list of ways content reaches the
# service ("any of which may be generated, provided or otherwise made accessible") does not. Content the
# customer creates within the service, or data it derives through its use of the service, is what the
# service produces for it.
COVERS_OUTPUTS = (
    r"outputs?|responses?|generated(?!,?\s+(?:provided|posted|uploaded|submitted|transmitted|or\s+otherwise))"
    r"|completions?|results\s+generated"
)
# Read in definitions only (the document-wide statement scan `terms_covering` also runs is not needed).
_MADE_IN_SERVICE = compile_lower(
    r"\bcreates?\s+(?:within|with|using|through|in)\s+(?:or\s+\w+\s+(?:to\s+)?)?the\s+(?:services?|platform)\b"
    r"|\bderives?\s+from\s+(?:that|such|the)\s+(?:data|content)\s+through\s+(?:their|its|your)\s+use\b"
    # "content you upload, create, generate or share through the Services": what the customer generates with
    # the service (not "generate" alone: "inputs you submit in order to generate content" is input)
    r"|\bgenerates?(?:\s+or\s+\w+)?\s+(?:with|using|through|via|on|in)\s+(?:the|our|this)\s+(?:services?|platform|apps?|products?|features?|tools?)\b"
)
# Content the customer provides, submits or posts is what goes in, not what the service generates
# ("you own all of your original content that you provide to us").
_PUT_IN = compile_(
    r"\s*(?:that|which)?\s*(?:you|customer|users?)\s+(?:\w+\s+)?(?:provide|provides|submit|submits|post|posts|upload|uploads|share|shares|input|inputs)\b"
)

# "Deliverables — the model architecture and weights, … excluding Customer Output": a term named like outputs
# whose definition is the provider's model, software or documentation, or leaves outputs out.
_NOT_OUTPUTS = compile_(
    r"\b(?:exclud\w*|other\s+than|does\s+not\s+include)\s+(?:\w+\s+){0,2}?outputs?\b"
    # the model itself ("the trained model weights, pipelines and documentation"); documentation or source
    # code alone may well be what the service generates
    r"|\b(?:weights|model\s+architecture|model\s+cards?)\b"
)

# Defined terms are rewritten to these placeholders before matching, so the patterns compile once.
_OUTPUT_TERM = "outputterm"
_CONTENT_TERM = "contentterm"

CUSTOMER_OWNS = "customer owns outputs"
ASSIGNED_TO_CUSTOMER = "provider assigns outputs to the customer"
NO_CLAIM = "provider claims no ownership of outputs"
PROVIDER_OWNS = "provider owns outputs"


@dataclass(frozen=True, slots=True)
class _Wording:
    pattern: NamedPattern
    owner: Actor
    action: Action
    negated: bool = False


@lru_cache(maxsize=64)
def _wordings(objects: str) -> tuple[re.Pattern[str], tuple[_Wording, ...]]:
    """The candidate regex and the named wordings for one document's output vocabulary (cached: most
    documents share it)."""
    obj = r"(?:the\s+|all\s+|any\s+|such\s+|your\s+|its\s+|their\s+)*(?:\w+\s+){0,2}?(?:" + objects + r")\b"
    wordings = (
        _Wording(
            NamedPattern.of(
                CUSTOMER_OWNS,
                r"\b"
                + _CUSTOMER
                + r"\s+(?:\([^)]{0,40}\)\s+)?(?:\w+\s+){0,2}?"
                + _OWN
                + r"\b[^.;]{0,80}?\b(?:in\s+(?:and\s+to\s+)?)?"
                + obj
                # "outputs of the Model ("Model Outputs"), together with the trained weights, shall be owned by
                # Customer": the subject may carry an appositive
                + r"|\b(?:"
                + objects
                + r")\b[^.;]{0,100}?\b(?:is|are|will\s+be|shall\s+be|remains?|belongs?)\s+(?:\w+\s+){0,2}?(?:yours|owned\s+by\s+"
                + _CUSTOMER
                + r"|your\s+(?:sole\s+|exclusive\s+)?property|the\s+(?:sole\s+|exclusive\s+)?property\s+of\s+"
                + _CUSTOMER
                # "belongs to you", "is assigned to you" (not "is licensed to you": a licence, not ownership)
                + r"|(?:(?<=belong\s)|(?<=belongs\s)|(?:hereby\s+)?(?:assigned|transferred)\s+)to\s+"
                + _CUSTOMER
                + r")\b"
                # "All rights in the outputs … vest in the Customer"
                + r"|\b(?:"
                + objects
                + r")\b[^.;]{0,60}?\bvests?\s+(?:\w+\s+){0,2}?in\s+(?:the\s+)?"
                + _CUSTOMER
                + r"\b",
                0.9,
            ),
            Actor.CUSTOMER,
            Action.OWN,
        ),
        _Wording(
            NamedPattern.of(
                ASSIGNED_TO_CUSTOMER,
                r"\b(?:assign|assigns|transfer|transfers|convey|conveys)\s+(?:and\s+\w+\s+)?to\s+"
                + _CUSTOMER
                + r"\b[^.;]{0,120}?\b(?:"
                + objects
                + r")\b"
                # "To the extent we have any rights in Output, we hereby assign them to you."
                + r"|\b(?:"
                + objects
                + r")\b[^.;]{0,100}?\b(?:assign|assigns|transfer|transfers)\s+(?:them|it|such\s+rights|those\s+rights|the\s+same)\s+to\s+"
                + _CUSTOMER
                + r"\b"
                # "hereby grants to you all right, title and interest, if any, in and to Output"
                + r"|\bgrants?\s+(?:and\s+\w+\s+)?to\s+"
                + _CUSTOMER
                + r"\s+all\s+(?:of\s+its\s+)?right,?\s+title,?\s+and\s+interest\b[^.;]{0,40}?\bin\s+(?:and\s+to\s+)?(?:the\s+|any\s+|all\s+)?(?:"
                + objects
                + r")\b",
                0.9,
            ),
            Actor.CUSTOMER,
            Action.ASSIGN,
        ),
        _Wording(
            NamedPattern.of(
                NO_CLAIM,
                r"(?:(?:\bnot|\bnever|n[’']t)\s+(?:\w+\s+){0,2}?(?:claim|own|assert|take)\w*\s+(?:any\s+)?(?:ownership|rights?|title)?\s*(?:\w+\s+){0,3}?(?:in|of|over|to)?"
                # "We claim no ownership of Output", "makes no claim of ownership in Output"
                r"|\b(?:claim|claims|assert|asserts)\s+no\s+(?:ownership|rights?|title)\s+(?:\w+\s+){0,2}?(?:in|of|over|to)"
                r"|\bmakes?\s+no\s+claims?\s+(?:of|to)\s+(?:ownership|title)\s+(?:in|of|over|to))\s*" + obj,
                0.8,
            ),
            Actor.PROVIDER,
            Action.OWN,
            negated=True,
        ),
        _Wording(
            NamedPattern.of(
                PROVIDER_OWNS,
                # "Acme and its licensors own all right, title and interest in and to the Platform, the models and
                # all Generations"; "The Memories themselves — the collages our AI puts together — are owned by Acme"
                r"\b(?:we|us|provider|the\s+provider|company|the\s+company|licensor)\s+(?:\w+\s+){0,3}?(?:own|owns|shall\s+own|will\s+own|retains?\s+(?:all\s+)?(?:ownership|right|title))\b[^.;]{0,100}?"
                + obj
                + r"|\b(?:"
                + objects
                + r")\b[^.;]{0,100}?\b(?:is|are|will\s+be|shall\s+be|remains?)\s+(?:\w+\s+){0,2}?(?:our\s+(?:sole\s+|exclusive\s+)?property|ours|owned\s+by\s+(?:us|provider|the\s+provider|company|the\s+company)|the\s+(?:sole\s+|exclusive\s+)?property\s+of\s+(?:us|provider|the\s+provider|company|the\s+company))\b"
                # "All images created with the Service belong to the Company"
                + r"|\b(?:"
                + objects
                + r")\b[^.;]{0,60}?\bbelongs?\s+(?:\w+\s+)?to\s+(?:us|provider|the\s+provider|company|the\s+company)\b"
                + r"|\b"
                + _CUSTOMER
                + r"\s+(?:hereby\s+)?(?:assign|assigns|transfer|transfers)\s+to\s+(?:us|provider|the\s+provider|company|the\s+company)\b[^.;]{0,120}?\b(?:"
                + objects
                + r")\b",
                0.85,
            ),
            Actor.PROVIDER,
            Action.OWN,
        ),
    )
    return compile_lower(r"\b(?:" + objects + r")\b"), wordings


KEYWORDS = register_keywords(
    "output_ownership",
    r"\b(?:own|owns|owned|owners?|ownership|belongs?|belonging|yours|assign\w*|property|title|transfer\w*|retain\w*|keep\w*|vests?)\b",
    ("own", "belong", "yours", "assign", "property", "title", "transfer", "retain", "keep", "vest"),
)
_CANDIDATE, _WORDINGS = _wordings(_OUTPUT_NOUNS + "|" + _OUTPUT_TERM + "|" + _CONTENT_TERM)

# Ownership kept in what the customer puts in (prompts, inputs) says nothing of outputs: the reason an
# answer is `unspecified` when no clause speaks of outputs.
INPUT_OWNERSHIP = NamedPattern.of(
    "customer keeps rights in its inputs only",
    r"\b"
    + _CUSTOMER
    + r"\s+(?:\w+\s+){0,2}?"
    + _OWN
    + r"\b[^.;]{0,120}?\b(?:prompts?|inputs?|(?:your|customer)\s+(?:[\w-]+\s+)?(?:content|data|materials)"
    # "ownership … in and to the content you submit", "in that content you had to begin with"
    + r"|(?:the|that|any)\s+content\s+(?:that\s+)?you\s+(?:submit|post|upload|provide|share|had)\w*)\b",
    0.5,
)
# Every named wording this reader puts into `ClauseFrame.wording` (the meta-test checks each is read in a case).
WORDINGS = (*(w.pattern for w in _WORDINGS), INPUT_OWNERSHIP)
# "… generate original content. Google won't claim ownership over that content.": a reference back.
_BACK_REFERENCE = compile_(r"\b(?:that|this|such|the)\s+(?:content|materials?|works?)\b")
# A disclaimer whose subject is someone else ("They do not claim ownership", of third-party services).
_OTHERS_DISCLAIM = compile_(
    r"\b(?:they|these\s+(?:\w+\s+){0,2}?(?:services?|providers?|parties)|third[\s-]part(?:y|ies)(?:\s+\w+)?|those\s+\w+)\s+(?:\w+\s+)?$"
)
# "No title to the Software shall transfer to you": ownership denied, not given.
_NO_TITLE = compile_(r"\bno\s+(?:right|title|ownership|interest)s?\b")
# "Output is not owned by you", "you do not own Output": ownership denied inside the wording itself.
_NOT_OWNED = compile_(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:own|owns|owned|belong\w*|yours|the\s+property|assigned|transferred|vest\w*|retain\w*)\b"
    r"|n[’']t\s+(?:\w+\s+){0,2}?(?:own|belong|vest|retain)\w*\b"
)
_ORIGINAL_CONTENT = compile_(r"\boriginal\s+content$")
_ONLY_WHAT_YOU_OWN = compile_(
    r"\s*,?\s*(?:that|which)\s+you\s+(?:already\s+)?own\b|\s*,?\s*to\s+the\s+extent\s+you\s+own\b"
)
# A disclaimer that leaves the customer's rights in outputs open: neither party owns them by the document.
_NO_RIGHTS_PROMISED = compile_(
    r"\bno\s+(?:promise|representation|warranty|guarantee)\s+that\s+you\s+(?:will\s+)?(?:hold|have|own|acquire|obtain)\s+any\s+rights?\b"
    r"|\byou\s+may\s+not\s+(?:hold|have|own|acquire)\s+any\s+rights?\s+in\b"
    # "Creations … may not be protected by copyright": the disclaimer gives nothing it could not promise
    r"|\bmay\s+not\s+be\s+(?:protected\s+by|eligible\s+for|subject\s+to)\s+copyright|\bnot\s+(?:be\s+)?copyrightable\b"
)


def _paragraph_text(view: TextView, clause: Clause) -> str:
    paragraph = view.paragraph_at(clause.start)
    return clause.text if paragraph is None else view.doc.text[paragraph.start : paragraph.end]


_WARRANTS_THAT = compile_(r"\b(?:represent|warrant)s?\b(?:\s+and\s+(?:represent|warrant)s?)?\s+that\b")
_PROVIDER_MODEL = compile_(r"\bprovider\s+owns\b[^.;]*\bmodels?\b")
_CUSTOMER_BEFORE = re.compile(r"\s*(?:you|customer)", re.I)


def ownership_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Every statement about who owns outputs (and rights kept in inputs), read once per document."""
    return view.memo("_frames:ownership", lambda: tuple(_read_ownership(view)))


_EXCLUDES_OUTPUTS = compile_(
    r"\b(?:exclud\w*|except|other\s+than|but\s+not)\b[^.;]{0,40}\b(?:" + COVERS_OUTPUTS + r")\b"
)


def _term_substitution(
    view: TextView,
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, frozenset[str]]:
    """Regexes for this document's output-like defined terms and for content terms defined to include
    outputs (resolved through the definitions), and the latter's names."""
    # Data the service records about its own operation ("Service Generated Data": telemetry, usage) is
    # not what it generates for the customer.
    records = view.derived_terms | usage_data_terms(view)
    # "Deliverables — the model weights and documentation Vendor builds, excluding Customer Output": named
    # like outputs, defined to leave them out or to be the model itself.
    text = view.doc.text
    excluded = {
        d.term.lower()
        for d in view.doc.definitions
        if _EXCLUDES_OUTPUTS.search(text, d.definition_span.start, d.definition_span.end)
        or _NOT_OUTPUTS.search(text, d.definition_span.start, d.definition_span.end)
    }
    defined = (
        {
            d.term.lower()
            for d in view.doc.definitions
            if _OUTPUT_TERM_WORDS.fullmatch(d.term)
            # "“Answers” means the text … an AI Feature produces for Customer": an output term by its definition
            or OUTPUT_DEFINITION.search(text[d.definition_span.start : d.definition_span.end])
        }
        - records
        - excluded
    )
    covering = (
        terms_covering(view, COVERS_OUTPUTS) | _made_in_service(view) | frozenset(_included_terms(view))
    )
    through = covering - defined - records

    def alternation(names: set[str] | frozenset[str]) -> re.Pattern[str] | None:
        if not names:
            return None
        return compile_(
            r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
        )

    return alternation(defined), alternation(through), frozenset(through)


# "Your Content includes content you create … or generate with the Platform. Your Content also includes … the
# responses those interfaces generate (“Output”)": a content term given its meaning by an "includes" statement
# (defined or not) that puts outputs into it.
_INCLUDES_STATEMENT = re.compile(
    r"\b((?:Your|User|Customer|Member|Client|Subscriber)\s+(?:Content|Data|Materials?))\s+(?:also\s+)?"
    r"(?:includes?|shall\s+include|consists?\s+of)\b([^.;]{0,300})"
)
_INCLUDES_KEYWORDS = register_keywords(
    "ownership_includes",
    r"\b(?:your|user|customer|member|client|subscriber)\s+(?:content|data|materials?)\s+(?:also\s+)?(?:includes?|shall\s+include|consists?\s+of)\b",
    ("includ", "consist"),
)
_INCLUDED_OUTPUTS = compile_(
    r"\b(?:"
    + COVERS_OUTPUTS
    + r")\b|"
    + _MADE_IN_SERVICE.pattern
    # "the answers it generates", "the responses those interfaces generate"
    + r"|\b(?:answers?|replies|results?|content)\s+(?:that\s+)?(?:\w+\s+){0,3}?generates?\b"
)


def _included_terms(view: TextView) -> dict[str, int]:
    """Content terms an "includes" statement says cover what the service generates for the customer, each
    with where its first such statement starts."""

    def read() -> dict[str, int]:
        found: dict[str, int] = {}
        for clause in keyword_clauses(view, _INCLUDES_KEYWORDS):
            for m in _INCLUDES_STATEMENT.finditer(clause.text):
                if _INCLUDED_OUTPUTS.search(m.group(2)):
                    found.setdefault(m.group(1).lower(), clause.start + m.start())
        return found

    return view.memo("_ownership_included_terms", read)


def _made_in_service(view: TextView) -> frozenset[str]:
    """Defined terms whose definition covers what the customer creates within the service or derives
    through its use of it."""
    lowered = lowered_text(view)
    return frozenset(
        d.term.lower()
        for d in view.doc.definitions
        if _MADE_IN_SERVICE.search(lowered, d.definition_span.start, d.definition_span.end)
    )


def _provider_names(view: TextView) -> re.Pattern[str] | None:
    """The names the document gives the provider ("Acme owns all Output"), read as "the provider"; not
    as a possessive of something else ("Acme's models" stays)."""
    names = {n for n in view.provider_names | view.acting_names | names_beside_we(view) if len(n) > 2}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return compile_(r"\b(?:" + alternatives + r")\b(?![’']s)")


_OUTPUTS = frozenset({DataKind.OUTPUT})
# Outputs reached through a content term the document defines to include them.
THROUGH_CONTENT_TERM = frozenset({DataKind.OUTPUT, DataKind.CUSTOMER_CONTENT})


def _read_ownership(view: TextView) -> Iterator[ClauseFrame]:
    clauses = keyword_clauses(view, KEYWORDS)
    if not clauses:
        return
    defined, through_re, through = _term_substitution(view)
    named = _provider_names(view)

    def rewritten(clause: Clause) -> str:
        text = clause.text
        if defined is not None:
            text = defined.sub(_OUTPUT_TERM, text)
        if through_re is not None:
            text = through_re.sub(_CONTENT_TERM, text)
        if named is not None:
            text = named.sub("the provider", text)
        return text

    for clause in clauses:
        text = rewritten(clause)
        lowered = text.lower()
        if gate.search(_CANDIDATE, lowered):
            frame = _read_clause(view, clause, text, through)
            if frame is not None:
                yield frame
            continue
        kept = _searched(INPUT_OWNERSHIP.regex, clause.text, clause.text.lower())
        if kept is not None and not negated_before(clause.text, kept.start() + 20, window=40):
            yield statement_frame(
                view,
                clause,
                kept.start(),
                Actor.CUSTOMER,
                Action.OWN,
                INPUT_OWNERSHIP.name,
                frozenset({DataKind.CUSTOMER_CONTENT}),
            )
        reference = _searched(_BACK_REFERENCE, text, lowered)
        if reference is not None and clause.index > 0:
            previous = view.clauses[clause.index - 1]
            paragraph = view.paragraph_at(clause.start)
            if (
                paragraph is not None
                and previous.start >= paragraph.start
                and gate.search(_CANDIDATE, rewritten(previous).lower())
            ):
                resolved = text[: reference.start()] + "the outputs" + text[reference.end() :]
                frame = _read_clause(view, clause, resolved, through)
                if frame is not None:
                    # The sentence before names the outputs ("… allow you to generate original content").
                    yield replace(frame, related=(previous.index,))


def _searched(pattern: re.Pattern[str], text: str, lowered: str) -> re.Match[str] | None:
    """`pattern.search(text)` (a pattern compiled at import), skipped where the literal gate finds it cannot
    match (`lowered`: `text` lower-cased): most clauses hold none of the words a wording needs."""
    return pattern.search(text) if gate.can_match(pattern, lowered) else None


def _read_clause(view: TextView, clause: Clause, text: str, through: frozenset[str]) -> ClauseFrame | None:
    lowered = text.lower()
    for wording in _WORDINGS:
        pattern = wording.pattern
        match = _searched(pattern.regex, text, lowered)
        if match is None:
            continue
        if not wording.negated and (
            negated_before(text, match.start() + min(40, len(match.group(0))), window=50)
            or _NOT_OWNED.search(match.group(0))
            or _NO_TITLE.search(text, max(0, match.start() - 40), match.end())
        ):
            continue
        if wording.negated and (
            _CUSTOMER_BEFORE.match(text[max(0, match.start() - 20) : match.start()][-10:])
            or _OTHERS_DISCLAIM.search(text[max(0, match.start() - 60) : match.start()])
        ):
            continue
        if pattern.name == CUSTOMER_OWNS and _WARRANTS_THAT.search(
            text, max(0, match.start() - 60), match.start() + 1
        ):
            continue  # "you warrant that you own … your content": the rights needed to put it in, not a grant
        if _ORIGINAL_CONTENT.search(match.group(0)) and _original_content_is_input(view):
            continue
        if pattern.name == PROVIDER_OWNS and _PROVIDER_MODEL.search(match.group(0)):
            continue
        if pattern.name == CUSTOMER_OWNS and _put_in_subject(text, match.start()):
            continue  # "Any original content you post, upload … to Acme remains yours": what goes in
        if pattern.name == CUSTOMER_OWNS and _ONLY_WHAT_YOU_OWN.match(text, match.end()):
            continue  # "You keep ownership of Your Content that you own": whatever it owned, nothing given
        if wording.negated and _NO_RIGHTS_PROMISED.search(_paragraph_text(view, clause)):
            continue  # "We don't claim Outputs … We make no promise that you hold any rights in them."
        by_definition = _CONTENT_TERM in match.group(0).lower()
        related: tuple[int, ...] = ()
        if by_definition:
            # The definition the ownership relies on, and a statement that puts outputs into the term.
            found = (_definition_clause(view, through), _statement_clause(view, through))
            related = tuple(
                dict.fromkeys(c.index for c in found if c is not None and c.index != clause.index)
            )
        return statement_frame(
            view,
            clause,
            min(match.start(), len(clause.text) - 1),
            wording.owner,
            wording.action,
            pattern.name,
            THROUGH_CONTENT_TERM if by_definition else _OUTPUTS,
            negated=wording.negated,
            related=related,
        )
    return None


def _put_in_subject(text: str, at: int) -> bool:
    """Does the ownership statement open with content the customer puts in ("original content you post …")?"""
    subject = _CANDIDATE.match(text.lower(), at)
    return subject is not None and _PUT_IN.match(text, subject.end()) is not None


def _original_content_is_input(view: TextView) -> bool:
    """Does the document use "original content" for what the customer provides or posts ("your original
    content that you submit") anywhere? Then "you own your original content" is about inputs."""
    return view.memo(
        "_original_content_is_input",
        lambda: any(
            _PUT_IN.match(view.doc.text, m.end())
            for m in re.finditer(r"\boriginal\s+content\b", view.doc.text, re.I)
        ),
    )


def _statement_clause(view: TextView, terms: frozenset[str]) -> Clause | None:
    """A sentence outside the definitions that makes outputs part of the term ("When you use our AI
    features, your Inputs and the resulting Outputs are your User Content")."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    statement = compile_(
        r"\b(?:outputs?|responses?|completions?)\b[^.;]{0,60}?\b(?:are|is|will\s+be|shall\s+be|constitutes?|form\s+part\s+of)\s+"
        r"(?:\w+\s+){0,3}?[“\"]?(?:" + alternatives + r")\b"
    )
    # One search a document and set of terms, not one per clause that relies on the term.
    return view.memo(
        f"_ownership_statement:{alternatives}", lambda: next(iter(view.clauses_matching(statement)), None)
    )


def _definition_clause(view: TextView, terms: frozenset[str]) -> Clause | None:
    for definition in view.doc.definitions:
        if definition.term.lower() in terms:
            return view.clause_at(definition.term_span.start)
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    quoted = compile_(r"[“\"](?:" + alternatives + r")[”\"]")
    found = view.memo(
        f"_ownership_definition:{alternatives}", lambda: next(iter(view.clauses_matching(quoted)), None)
    )
    if found is None:
        # A term given its meaning by an "includes" statement: that statement is its definition.
        included = _included_terms(view)
        starts = [included[t] for t in terms if t in included]
        found = view.clause_at(min(starts)) if starts else None
    return found
