"""Where a sentence stands in the plan: a review of the past, a statement of goals, or task text.

Whether "2020年…6259家" is a past figure or "突破12000家" a target depends as much on the section as on
the sentence: review sections ("十三五"科技创新发展概况, 回顾, 发展基础) speak of the past, goal sections
(发展目标, 主要目标, 建设目标) of the target year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from planwatch.domain.plan import Node, Period

_REVIEW = re.compile(r"回顾|概况|成就|成效|进展|发展基础|现状|发展情况|取得|工作总结")
_GOAL = re.compile(r"目标|预期|指标")
_ORDINALS = "一二三四五六七八九"


class Tense(StrEnum):
    PAST = "past"
    GOAL = "goal"
    TASK = "task"


def _previous_label(period: Period | None) -> str | None:
    """十四五 → 十三五: headings that name the previous plan period are reviews."""
    if period is None or not period.label:
        return None
    n = (period.start - 1966) // 5 + 3 - 1
    if n <= 0:
        return None
    tens, ones = divmod(n, 10)
    word = ("十" if tens == 1 else (_ORDINALS[tens - 1] + "十" if tens else "")) + (
        _ORDINALS[ones - 1] if ones else ""
    )
    return f"{word}五"


def node_context(node: Node, by_id: Mapping[str, Node], period: Period | None) -> Tense:
    """The tense of the nearest heading that tells one: a review (past), goals, or plain task text."""
    titles: list[str] = []
    current: Node | None = node
    while current is not None:
        if current.title:
            titles.append(current.title)
        current = by_id.get(current.parent) if current.parent else None
    previous = _previous_label(period)
    for title in titles:  # nearest heading first
        if _REVIEW.search(title) or (previous and previous in title):
            return Tense.PAST
        if _GOAL.search(title):
            return Tense.GOAL
    return Tense.TASK
