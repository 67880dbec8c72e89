"""What kind of document this is, from its title and opening text."""

from __future__ import annotations

import re

from datarights.model import Document
from datarights.model.review import DocType as DocType  # re-exported: its old home

_RULES: tuple[tuple[DocType, re.Pattern[str]], ...] = (
    (
        DocType.DATA_PROCESSING_AGREEMENT,
        re.compile(r"data\s+process\w*\s+(?:agreement|addendum|terms)|\bDPA\b|processor\s+agreement", re.I),
    ),
    (
        DocType.PRIVACY_POLICY,
        re.compile(r"\bprivacy\b(?!\s+(?:addendum|agreement|terms))|cookie\s+policy", re.I),
    ),
    (
        DocType.ACCEPTABLE_USE,
        re.compile(r"acceptable\s+use|usage\s+polic|use\s+policy|community\s+(?:guidelines|standards)", re.I),
    ),
    (
        DocType.DEVELOPER_TERMS,
        re.compile(r"developer\s+(?:terms|agreement|policy)|api\s+(?:terms|agreement)", re.I),
    ),
    (
        DocType.COMMERCIAL_TERMS,
        re.compile(
            r"business\s+terms|commercial\s+terms|enterprise\s+(?:terms|agreement)|master\s+\w*\s*agreement|cloud\s+(?:service\s+)?(?:agreement|terms)|services?\s+agreement|customer\s+agreement|subscription\s+agreement",
            re.I,
        ),
    ),
    (
        DocType.TERMS_OF_SERVICE,
        re.compile(r"terms\s+of\s+(?:service|use)|terms\s+and\s+conditions|user\s+agreement", re.I),
    ),
)


def classify_document(document: Document) -> DocType:
    """By the document's own title and file name first; its opening text only when those say
    nothing, since an opening paragraph often names other agreements ("your Master Subscription
    Agreement", "our Privacy Policy")."""
    first_heading = next((s.heading for s in document.sections if s.heading), "")
    where = re.sub(r"[-_]+", " ", "/".join(document.path.replace("\\", "/").split("/")[-2:]))
    for head in (f"{document.title} {first_heading}", where, document.text[:1500]):
        for name, pattern in _RULES:
            if pattern.search(head):
                return name
    return DocType.OTHER
