"""Years written in words, resolved against the document's own year and kind.

A work report delivered in 2026 says 今年 for 2026, 去年 / 上年 / 过去一年 / 一年来 for 2025 and 过去五年 /
五年来 for 2021–2025 (a figure about that range is dated by its last year); a bulletin of 2024 says 全年
for 2024 and compares with 上年 (2023). "十四五"末 / 到“十五五”末 / “十四五”时期 name the end of that plan
period whatever the document's year. When the document's year is unknown, the relative words stay
unresolved (None) rather than guessed: the caller then falls back on its section rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from planwatch.domain.plan import DocumentInfo, DocumentKind, Node
from planwatch.normalize.markers import small_chinese_number

_PLAN_WORD = re.compile(
    r"[“\"']?(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"']?\s*(末|期末|时期末|期间|时期|以来|收官)"
)
_RELATIVE = re.compile(
    r"今年|本年度|本年|去年|上年|前年|明年|过去一年|过去的一年|一年来|过去五年|五年来|全年"
)
_OFFSETS = {
    "今年": 0,
    "本年度": 0,
    "本年": 0,
    "去年": -1,
    "上年": -1,
    "前年": -2,
    "明年": 1,
    "过去一年": -1,
    "过去的一年": -1,
    "一年来": -1,
    "过去五年": -1,
    "五年来": -1,
    "全年": 0,
}


@dataclass(frozen=True, slots=True)
class YearWord:
    start: int
    end: int
    year: int
    word: str


def plan_period_end(ordinal: str) -> int | None:
    """十四五 → 2025: the last year of that five-year plan."""
    n = small_chinese_number(ordinal)
    if n is None or n < 3:
        return None
    return 1966 + 5 * (n - 3) + 4


def _relative_year(word: str, document: DocumentInfo | None) -> int | None:
    if document is None or document.year is None:
        return None
    if word == "全年" and document.kind is not DocumentKind.STATISTICAL_BULLETIN:
        return None  # in a report, 全年 may be last year's results or this year's plan: the sentence says
    if (
        word in ("过去一年", "过去的一年", "一年来", "过去五年", "五年来")
        and document.kind is not DocumentKind.WORK_REPORT
    ):
        return None
    return document.year + _OFFSETS[word]


def year_words(text: str, document: DocumentInfo | None) -> list[YearWord]:
    """The year phrases of `text` that are words, with the year each one names (unresolvable ones left out)."""
    found: list[YearWord] = []
    for m in _PLAN_WORD.finditer(text):
        end = plan_period_end(m.group(1))
        if end is not None:
            found.append(YearWord(m.start(), m.end(), end, m.group(0)))
    for m in _RELATIVE.finditer(text):
        if any(w.start <= m.start() < w.end for w in found):
            continue
        year = _relative_year(m.group(0), document)
        if year is not None:
            found.append(YearWord(m.start(), m.end(), year, m.group(0)))
    return sorted(found, key=lambda w: w.start)


_EXPLICIT = re.compile(r"((?:19|20)\d\d)\s*年(?![\d—\-~～至到]*\s*年)")
_PLAN_LABEL = re.compile(r"[“\"']?(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"']?")


def heading_year(node: Node, by_id: Mapping[str, Node]) -> int | None:
    """The year the nearest heading names: "一、2025年工作回顾" → 2025, "二、“十五五”时期主要目标" → 2030.

    An explicit year wins over a plan label in the same heading ("2025年和“十四五”工作回顾" → 2025).
    """
    current: Node | None = node
    while current is not None:
        if current.title:
            years = [int(m.group(1)) for m in _EXPLICIT.finditer(current.title)]
            if years:
                return years[-1]
            label = _PLAN_LABEL.search(current.title)
            if label:
                end = plan_period_end(label.group(1))
                if end is not None:
                    return end
        current = by_id.get(current.parent) if current.parent else None
    return None
