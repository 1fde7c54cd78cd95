"""What a fact quotes of its sentence, and where that sentence stands in its node's text.

A fact used to carry its whole sentence; one comma-separated sentence of 20,000 targets then stored the
sentence 20,000 times (62 KB of input made 54 MB of JSON, 548 KB a MemoryError). A fact now quotes at
most MAX_QUOTE_CHARS characters around its figure, verbatim (so the quote can still be found and
highlighted in the source), and keeps the character span of the whole sentence in the node's text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from planwatch.domain.limits import MAX_QUOTE_CHARS


def quote(sentence: str, start: int, end: int, limit: int = MAX_QUOTE_CHARS) -> str:
    """The sentence if it is short, else `limit` characters of it centred on the figure at [start, end)."""
    if len(sentence) <= limit:
        return sentence
    lo = max(0, min(start - (limit - (end - start)) // 2, len(sentence) - limit))
    return sentence[lo : lo + limit]


class BodyMap:
    """Maps offsets in the text a rule reads (a prefix such as a box entry's title and "：", then the
    node's text without its notes) back to offsets in the node's own text."""

    def __init__(self, kept: Sequence[tuple[int, int]], prefix: int = 0) -> None:
        self.prefix = prefix
        self.kept = list(kept)
        self.starts: list[int] = []  # where each kept piece starts in the read text (after the prefix)
        offset = 0
        for start, end in self.kept:
            self.starts.append(offset)
            offset += end - start

    def to_text(self, pos: int, *, end: bool = False) -> int:
        """The node-text offset of read-text offset `pos` (an `end` offset stays before a removed note)."""
        pos -= self.prefix
        if pos <= 0:
            return 0  # in the prefix (a box entry's title) or at the very start
        k = (bisect_left(self.starts, pos) if end else bisect_right(self.starts, pos)) - 1
        return self.kept[k][0] + (pos - self.starts[k])
