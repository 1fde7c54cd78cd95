"""How an indicator of an older plan relates to one of its successor (the labels of a crosswalk)."""

from __future__ import annotations

from enum import StrEnum


class PairLabel(StrEnum):
    """How an indicator of the older plan A relates to one of the newer plan B (UN SDG review style)."""

    CONTINUED = "continued"  # same series, same unit
    RENAMED = "renamed"  # same series, reworded name
    REDEFINED = "redefined"  # 口径调整: scope, denominator, qualifier or unit changed
    REPLACED = "replaced"  # another measure of the same aim took its place
    SPLIT = "split"  # one A indicator became several B indicators
    MERGED = "merged"  # several A indicators became one B indicator
    ADDED = "added"  # only in B
    DROPPED = "dropped"  # only in A


SAME_SERIES_LABELS = frozenset({PairLabel.CONTINUED, PairLabel.RENAMED})
"""Labels under which the two indicators measure the same quantity, so their figures may be joined."""
