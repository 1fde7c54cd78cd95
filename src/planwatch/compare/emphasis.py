"""Structure and emphasis: which chapters of B continue which of A, and which topics grew or shrank.

A chapter is a top-level heading with everything under it. Chapters are aligned like clauses
(`carryover.align`, TF-IDF cosine plus title similarity); for each aligned pair the terms whose share
of the chapter's weight rose or fell most are its growing and shrinking topics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from planwatch.compare.carryover import align, tokens
from planwatch.compare.model import ChapterEmphasis, ClauseFacts

TOP_TERMS = 6
MIN_CHAPTER_SCORE = 0.1


def _shares(text: str) -> dict[str, float]:
    counts = Counter(tokens(text))
    total = sum(counts.values()) or 1
    return {t: c / total for t, c in counts.items()}


def chapter_emphasis(
    a_chapters: Sequence[ClauseFacts], b_chapters: Sequence[ClauseFacts]
) -> list[ChapterEmphasis]:
    """Aligned chapters with their growing and shrinking terms (share of the chapter's words, in %)."""
    result: list[ChapterEmphasis] = []
    for row in align(a_chapters, b_chapters, min_score=MIN_CHAPTER_SCORE):
        if row.a is None or row.b is None:
            result.append(
                ChapterEmphasis(row.a.title if row.a else None, row.b.title if row.b else None, 0.0)
            )
            continue
        before, after = _shares(row.a.text), _shares(row.b.text)
        change = {t: after.get(t, 0.0) - before.get(t, 0.0) for t in set(before) | set(after)}
        ordered = sorted(change.items(), key=lambda kv: (kv[1], kv[0]))
        grew = tuple((t, round(v * 100, 2)) for t, v in reversed(ordered[-TOP_TERMS:]) if v > 0)
        shrank = tuple((t, round(v * 100, 2)) for t, v in ordered[:TOP_TERMS] if v < 0)
        result.append(ChapterEmphasis(row.a.title, row.b.title, row.score, grew, shrank))
    return result
