"""The contract's own vocabulary: who the parties are, what the service and the agreement are called,
and the defined terms for the data a clause speaks about.

A clause that says "Provider", "Services" and "this Agreement" in a contract
between "Mistral AI" and its customer about "Mistral AI Products" under "these
Terms" reads as pasted in. We take the names from the structure stage's defined
terms (`Document.definitions`) and from the party parenthetical that opens most
agreements ("Replicate, LLC (“Replicate”, “we”) and you (“Customer”)"), and
count the agreement's own self-reference ("these Terms", "this DPA").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from datarights.model import Document

# Defined terms that name each role, most specific first.
# Party names, not roles: "Processor" and "Controller" describe what a party does, and a DPA
# between "Provider" and "Customer" keeps those names for the parties.
_PROVIDER = ("Provider", "Vendor", "Supplier", "Service Provider", "Licensor")
_CUSTOMER = ("Customer", "Client", "Subscriber", "Licensee")
_PROVIDER_USED = (*_PROVIDER, "Company")
_CUSTOMER_USED = (*_CUSTOMER, "Company", "Covered Entity")
_CUSTOMER_DATA = (
    "Customer Data",
    "Customer Content",
    "Client Data",
    "Your Content",
    "User Content",
    "Content",
    "Customer Personal Data",
    "Customer Materials",
    "PHI",
)
_INPUTS = ("Inputs", "Input", "User Input", "Prompts", "Prompt")
_OUTPUTS = ("Outputs", "Output", "User Output", "Completions")
_PERSONAL_DATA = ("Customer Personal Data", "Personal Data", "Personal Information", "PHI")
_SUBPROCESSOR = ("Sub-processor", "Subprocessor", "Sub-Processor", "Subcontractor")
_FEEDBACK = ("Feedback", "Suggestions")
_SERVICE_WORDS = r"(?:Services?|Products?|Platform|Offerings?)"
_SERVICE = re.compile(rf"^(?:(?:Cloud|AI|Online|Hosted|Subscription)\s+)?{_SERVICE_WORDS}$")
_TITLE_NAME = re.compile(
    r"^\s*([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}?)(?:’s|'s)?\s+"
    r"(?:Terms|Privacy|Acceptable|User|Customer|Data|Business|Enterprise|Developer|API|Services?)\b"
)
# "this Agreement", "these Terms", "this DPA": the agreement naming itself.
_SELF = re.compile(
    r"\b(this|these)\s+((?:[A-Z][A-Za-z]*\s+){0,3}?(?:Agreement|Terms(?:\s+of\s+(?:Service|Use))?|"
    r"Addendum|DPA|BAA|Contract|Policy|Conditions))\b"
)
_PARENTHETICAL = re.compile(r"([A-Z][\w.,&' -]{1,60}?)\s*\(([^()]{2,200})\)")
_QUOTED = re.compile(r"[“\"]([^”\"]{1,40})[”\"]")
_WE = frozenset({"we", "us", "our"})
_YOU = frozenset({"you", "your"})
_PLURAL_VERBS = {"is": "are", "has": "have", "was": "were", "does": "do"}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    provider: str
    customer: str
    services: str  # as it follows "the": "Services", "Cloud Service", "Mistral AI Products"
    this_agreement: str  # "this Agreement", "these Terms"
    agreement: str  # the name alone: "Agreement", "Terms"
    customer_data: str
    inputs: str
    outputs: str
    personal_data: str
    subprocessor: str
    feedback: str

    @property
    def agreement_plural(self) -> bool:
        return self.this_agreement.startswith("these ")

    @property
    def services_plural(self) -> bool:
        return _plural(self.services)

    def variables(self) -> dict[str, str]:
        return {
            "provider": self.provider,
            "customer": self.customer,
            "services": self.services,
            "this_agreement": self.this_agreement,
            "agreement": self.agreement,
            "customer_data": self.customer_data,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "personal_data": self.personal_data,
            "subprocessor": self.subprocessor,
            "feedback": self.feedback,
        }


def _plural(noun: str) -> bool:
    last = noun.split()[-1] if noun.split() else noun
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def agree(text: str, phrase: str) -> str:
    """Verbs after a plural subject take the plural: "these Terms is" → "these Terms are"."""
    if not _plural(phrase):
        return text

    def fix(match: re.Match[str]) -> str:
        verb = match.group(2)
        if verb in _PLURAL_VERBS:
            return f"{match.group(1)} {_PLURAL_VERBS[verb]}"
        return f"{match.group(1)} {verb[:-3]}y" if verb.endswith("ies") else f"{match.group(1)} {verb[:-1]}"

    verbs = r"is|has|was|does|ends|applies|governs|prevails|requires|permits|allows|survives|states|takes"
    return re.sub(rf"({re.escape(phrase)})\s+({verbs})\b", fix, text)


def _first_defined(defined: dict[str, str], candidates: tuple[str, ...], text: str) -> str | None:
    for candidate in candidates:
        term = defined.get(candidate.casefold())
        if term is not None:
            return term
    return None


def _used(candidates: tuple[str, ...], text: str, minimum: int = 3) -> str | None:
    """The first candidate the text uses as a capitalised name often enough to be its term."""
    for candidate in candidates:
        if len(re.findall(rf"\b{re.escape(candidate)}\b", text)) >= minimum:
            return candidate
    return None


def _parties(text: str) -> tuple[str | None, str | None]:
    """Provider and customer names from the opening party parentheticals."""
    provider = customer = None
    for match in _PARENTHETICAL.finditer(text[:6000]):
        quoted = [q.strip(" ,;:") for q in _QUOTED.findall(match.group(2))]
        if not quoted:
            continue
        folded = {q.casefold() for q in quoted}
        names = [q for q in quoted if q.casefold() not in _WE | _YOU and any(c.isupper() for c in q)]
        if folded & _WE and provider is None:
            provider = names[0] if names else _name_before(match.group(1))
        elif folded & _YOU and customer is None and names:
            customer = names[0]
    return provider, customer


def _title_name(document: Document) -> str | None:
    """ "Discord's Terms of Service" → "Discord"."""
    match = _TITLE_NAME.match(document.title or document.text[:200])
    name = match.group(1) if match else None
    return name if name and name not in ("Terms", "Privacy", "The", "Our", "Your", "These") else None


def _services(document: Document, provider: str) -> str | None:
    """The defined name of the service ("Cloud Service", "Mistral AI Products"), the most used first."""
    own = re.compile(rf"^{re.escape(provider)}\s+{_SERVICE_WORDS}$")
    uses = Counter(
        {d.term: len(d.uses) + 1 for d in document.definitions if _SERVICE.match(d.term) or own.match(d.term)}
    )
    if uses:
        return uses.most_common(1)[0][0]
    for word in ("Services", "Service", "Products", "Product", "Platform"):
        if len(re.findall(rf"\bthe {word}\b", document.text)) >= 3:
            return word
    return None


def _name_before(text: str) -> str | None:
    words = re.findall(r"[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*", text)
    if not words:
        return None
    name = re.sub(
        r",?\s+(?:Inc|LLC|Ltd|Limited|GmbH|SAS|S\.A\.S|Corp|Corporation|L\.L\.C)\.?$", "", words[-1]
    )
    return name if 1 < len(name) <= 40 else None


def resolve_vocabulary(document: Document | None, defaults: dict[str, str]) -> Vocabulary:
    """The names a clause should use in `document`; `defaults` fills what the contract does not name."""
    if document is None:
        return _from(defaults)
    text = document.text
    defined = {d.term.casefold(): d.term for d in document.definitions}
    named_provider, named_customer = _parties(text)
    provider = (
        _first_defined(defined, _PROVIDER, text)
        or named_provider
        or _used(_PROVIDER, text)
        # "Company" is as often the customer or a word in a product name ("Company Pages"): the
        # name in the title ("LinkedIn … Privacy Notice") is the surer one.
        or _title_name(document)
        or _used(_PROVIDER_USED, text)
        or defaults["provider"]
    )
    customer = (
        _first_defined(defined, tuple(c for c in _CUSTOMER if c != provider), text)
        or named_customer
        or _used(tuple(c for c in _CUSTOMER_USED if c != provider), text)
        or defaults["customer"]
    )
    services = _services(document, provider) or defaults["services"]
    selves = Counter(f"{m.group(1)} {m.group(2)}" for m in _SELF.finditer(text))
    this_agreement = selves.most_common(1)[0][0] if selves else defaults["this_agreement"]
    data = _first_defined(defined, _CUSTOMER_DATA, text) or defaults["customer_data"]
    if not re.search(r"\b(?:data|content|materials?|information)\b", data, re.IGNORECASE):
        # "PHI" alone would leave out everything else the customer entrusts; name both.
        data = f"{data} and other customer data"
    subprocessor = _first_defined(defined, _SUBPROCESSOR, text) or defaults["subprocessor"]
    if subprocessor.endswith("s"):
        subprocessor = subprocessor[:-1]
    return Vocabulary(
        provider=provider,
        customer=customer,
        services=services,
        this_agreement=this_agreement,
        agreement=this_agreement.split(" ", 1)[1],
        customer_data=data,
        inputs=_first_defined(defined, _INPUTS, text) or defaults["inputs"],
        outputs=_first_defined(defined, _OUTPUTS, text) or defaults["outputs"],
        personal_data=_first_defined(defined, _PERSONAL_DATA, text) or defaults["personal_data"],
        subprocessor=subprocessor,
        feedback=_first_defined(defined, _FEEDBACK, text) or defaults["feedback"],
    )


def _from(values: dict[str, str]) -> Vocabulary:
    return Vocabulary(
        provider=values["provider"],
        customer=values["customer"],
        services=values["services"],
        this_agreement=values["this_agreement"],
        agreement=values["agreement"],
        customer_data=values["customer_data"],
        inputs=values["inputs"],
        outputs=values["outputs"],
        personal_data=values["personal_data"],
        subprocessor=values["subprocessor"],
        feedback=values["feedback"],
    )
