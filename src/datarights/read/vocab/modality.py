"""Modality: may, will, shall, must, or a plain statement of practice."""

from __future__ import annotations

from datarights.read.model import Modality
from datarights.read.patterns import compile_

_MODAL = compile_(r"\b(?:may|might|can|could|will|would|shall|must|reserves?)\b")
_MODALITY = {
    "may": Modality.MAY,
    "might": Modality.MAY,
    "can": Modality.MAY,
    "could": Modality.MAY,
    "reserve": Modality.MAY,
    "reserves": Modality.MAY,
    "will": Modality.WILL,
    "would": Modality.WILL,
    "shall": Modality.SHALL,
    "must": Modality.MUST,
}


def modality_before(head: str) -> Modality:
    """The last modal verb of a clause head (the words before the action), else a plain statement."""
    found = [m.group(0).lower() for m in _MODAL.finditer(head[-120:])]
    return _MODALITY[found[-1]] if found else Modality.DOES
