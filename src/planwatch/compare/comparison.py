"""One comparison of two plans: crosswalk with continuity, carry-over of tasks and projects, emphasis."""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.compare.carryover import align
from planwatch.compare.continuity import with_continuity
from planwatch.compare.crosswalk import Confirmation, crosswalk
from planwatch.compare.emphasis import chapter_emphasis
from planwatch.compare.model import ClauseFacts, Comparison, PlanFacts


def compare_plans(
    a: PlanFacts,
    b: PlanFacts,
    confirmations: Sequence[Confirmation] = (),
    *,
    a_chapters: Sequence[ClauseFacts] = (),
    b_chapters: Sequence[ClauseFacts] = (),
) -> Comparison:
    """Compare an older plan `a` with a newer plan `b` (confirmed pairs are kept as the user said)."""
    notes: list[str] = []
    if a.period_start is not None and b.period_start is not None and a.period_start > b.period_start:
        notes.append("上期规划的规划期晚于本期规划，请确认两个规划的先后顺序。")
    if a.period_end is not None and b.period_start is not None and b.period_start - a.period_end > 1:
        notes.append(
            f"两个规划之间相隔{b.period_start - a.period_end - 1}年，基期值与上期末实际值不在同一年，"
            "衔接检查使用新规划基期年份的实际值。"
        )
    rows = with_continuity(crosswalk(a.indicators, b.indicators, confirmations), a, b)
    return Comparison(
        a=a,
        b=b,
        crosswalk=tuple(rows),
        tasks=tuple(align(a.clauses, b.clauses)),
        projects=tuple(align(a.projects, b.projects)),
        chapters=tuple(chapter_emphasis(a_chapters, b_chapters)),
        notes=tuple(notes),
    )
