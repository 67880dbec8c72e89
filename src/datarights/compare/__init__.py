"""The comparing stage after `read`: what two versions of a document say differently, as typed changes
of meaning over their clause frames (a right widened or narrowed, a promise removed or added, a
condition, role or retention period changed, a clause moved) rather than as a text diff."""

from datarights.compare.align import diff_meaning
from datarights.compare.model import ChangeType, ClauseRef, MeaningChange

__all__ = ["ChangeType", "ClauseRef", "MeaningChange", "diff_meaning"]
