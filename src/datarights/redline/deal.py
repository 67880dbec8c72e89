"""What a customer has once it signs an addendum: the provider's terms as they are and the signed
addendum, read together as one deal.

The addendum does not change a word of the terms; it controls them through its order-of-precedence
clause. Reading the two texts one after the other would leave every conflict to the detectors'
"later clause" heuristics, so the deal is read by `stack/` instead: each document is reviewed on its
own, the addendum's precedence clause puts it above the terms, and every question takes the answer
of the document that controls it. The self-check (`verify`) and the closed loop (`loop`) both judge
an addendum this way, with the audience the redliner chose (a consumer addendum has no processor
clause, and a provider is rightly a controller towards an individual).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from datarights.assess.model import Assessment
from datarights.assess.playbook import Playbook
from datarights.assess.stack import assess_stack
from datarights.detect.engine import review_document
from datarights.model.review import Review
from datarights.redline.addendum import Addendum, addendum_docx
from datarights.stack.build import StackOptions, build_stack
from datarights.stack.model import Audience
from datarights.structure import read_document


def _options(consumer: bool) -> StackOptions:
    return StackOptions(audience=Audience.CONSUMER if consumer else None)


def terms_alone(terms: Review, playbook: Playbook, *, consumer: bool) -> Assessment:
    """The terms read as a deal of their own, the way `with_addendum` reads them with the addendum."""
    return assess_stack(build_stack([terms], _options(consumer)), [terms], playbook).assessment


def addendum_review(addendum: Addendum) -> Review:
    """The review of the addendum as the customer signs it: its own DOCX, read back."""
    with tempfile.TemporaryDirectory(prefix="datarights-addendum-") as folder:
        signed = Path(folder) / f"{addendum.title}.docx"
        signed.write_bytes(addendum_docx(addendum))
        return review_document(read_document(signed))


def with_addendum(terms: Review, addendum: Addendum, playbook: Playbook) -> Assessment:
    """The deal of `terms` and the signed `addendum`: the addendum controls wherever it speaks."""
    deal = [terms, addendum_review(addendum)]
    return assess_stack(build_stack(deal, _options(addendum.consumer)), deal, playbook).assessment


__all__ = ["addendum_review", "terms_alone", "with_addendum"]
