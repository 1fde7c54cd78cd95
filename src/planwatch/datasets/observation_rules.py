"""What a data row's wording says about its value: estimate or final, exact or a bound, a definition break.

The rules are deliberately conservative: a signal must be specific before it changes the default
(status final, qualifier exact), because a wrong "estimate" or "lower bound" silently changes which
figure counts. Documented rules, in order:

Status
* value cell in brackets ([360] or 【360】) → estimate: statistical tables bracket estimated figures;
* the quote shows this very value in brackets (… 313.68 [360]) → estimate, for the same reason;
* note says 预计, 推算 or 估计 → estimate; hedged (可能为预计, 或为预计) → preliminary;
* note says 初步, 快报 or 初值 → preliminary.

Qualifier
* note says 下限 → lower bound; 上限 → upper bound; 约数 or 约值 → approximate;
* the quote has 突破/超过/超/逾/不低于 right before this value, or 以上/多 right after it → lower bound;
  不到/不足/低于/不超过 before or 以下/以内 after → upper bound; 约/近/大约 before or 左右 after →
  approximate. Only words next to the number that equals the value count: in
  “首次突破3000亿元,预计将达3200亿元” the 突破 belongs to 3000, not to 3200.

Definition break
* note mentions 口径 with 调整/变化/变动/不可比 and names a year as 从YYYY年, YYYY年起 or
  YYYY(年)前后不可比 → comparable from that year. A hedged note (可能含口径变化) or one without a
  year only stays a note.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from planwatch.domain.records import ObservationStatus, Qualifier

_BRACKETED = re.compile(r"^\s*[\[【［]\s*(.+?)\s*[\]】］]\s*$")
_BRACKETED_IN_QUOTE = re.compile(r"[\[【［]\s*([0-9][0-9.,]*)\s*[\]】］]")
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(万亿|亿|万)?")
_HEDGES = ("可能为预计", "或为预计", "疑为预计", "可能是预计")
_ESTIMATE_WORDS = ("预计", "推算", "估计", "预估")
_PRELIMINARY_WORDS = ("初步", "快报", "初值")
_LOWER_BEFORE = ("突破", "超过", "超", "逾", "不低于", "不少于")
_LOWER_AFTER = ("以上", "多")
_UPPER_BEFORE = ("不到", "不足", "低于", "不超过")
_UPPER_AFTER = ("以下", "以内")
_APPROX_BEFORE = ("大约", "约", "近")
_APPROX_AFTER = ("左右",)
_BREAK_TOPIC = re.compile(r"口径.{0,12}?(调整|变化|变动|不可比)|不可比")
_BREAK_YEAR = (
    re.compile(r"从\s*((?:19|20)\d{2})\s*年"),
    re.compile(r"((?:19|20)\d{2})\s*年?\s*起"),
    re.compile(r"((?:19|20)\d{2})\s*年?\s*前后\s*不可比"),
)
_BREAK_HEDGE = re.compile(r"(可能|或许|疑似)[^;；,，。]{0,6}口径")


@dataclass(frozen=True, slots=True)
class ValueCell:
    """A parsed value cell: the number and whether the cell bracketed it (an estimate in stats tables)."""

    value: float
    bracketed: bool


def parse_value_cell(text: str) -> ValueCell | None:
    """The number in a value cell (commas allowed, brackets noted); None when it is not a number."""
    raw = text.strip()
    bracketed = False
    match = _BRACKETED.match(raw)
    if match:
        raw, bracketed = match.group(1), True
    raw = raw.replace(",", "").replace("，", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return ValueCell(value, bracketed)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def infer_status(value: ValueCell, quote: str, note: str) -> ObservationStatus:
    """Status from the value cell, the quote and the note (see the module docstring)."""
    if value.bracketed:
        return ObservationStatus.ESTIMATE
    for match in _BRACKETED_IN_QUOTE.finditer(quote):
        cell = parse_value_cell(match.group(1))
        if cell is not None and _close(cell.value, value.value):
            return ObservationStatus.ESTIMATE
    if any(h in note for h in _HEDGES):
        return ObservationStatus.PRELIMINARY
    if any(w in note for w in _ESTIMATE_WORDS):
        return ObservationStatus.ESTIMATE
    if any(w in note for w in _PRELIMINARY_WORDS):
        return ObservationStatus.PRELIMINARY
    return ObservationStatus.FINAL


def _value_spans(quote: str, value: float) -> list[tuple[int, int]]:
    """Where in the quote the value is written, allowing 万/亿/万亿 (1.6万 = 16000; 1万亿元 = 10000亿元)."""
    spans: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(quote):
        try:
            number = float(match.group(1).replace(",", ""))
        except ValueError:
            continue
        magnitude = match.group(2)
        candidates = [number]
        if magnitude in ("万", "万亿"):
            candidates.append(number * 10_000)
        if magnitude == "亿":
            candidates.append(number * 100_000_000)
        if any(_close(c, value) for c in candidates):
            spans.append((match.start(), match.end()))
    return spans


def _qualifier_in_quote(quote: str, value: float) -> Qualifier | None:
    for start, end in _value_spans(quote, value):
        before = quote[max(0, start - 4) : start]
        after = quote[end : end + 6]
        after_unit = re.sub(r"^[^\d\s,，。;；、]{0,3}?(?=以上|以下|以内|左右|多)", "", after)
        if before.endswith(_LOWER_BEFORE) or after_unit.startswith(_LOWER_AFTER):
            return Qualifier.LOWER_BOUND
        if before.endswith(_UPPER_BEFORE) or after_unit.startswith(_UPPER_AFTER):
            return Qualifier.UPPER_BOUND
        if before.endswith(_APPROX_BEFORE) or after_unit.startswith(_APPROX_AFTER):
            return Qualifier.APPROXIMATE
    return None


def infer_qualifier(value: float, quote: str, note: str) -> Qualifier:
    """Qualifier from the note, else from the words around this value in the quote."""
    if "下限" in note:
        return Qualifier.LOWER_BOUND
    if "上限" in note:
        return Qualifier.UPPER_BOUND
    if "约数" in note or "约值" in note:
        return Qualifier.APPROXIMATE
    return _qualifier_in_quote(quote, value) or Qualifier.EXACT


def infer_definition_break(note: str) -> int | None:
    """The year from which the series is comparable again, when the note states a definition change."""
    if not _BREAK_TOPIC.search(note) or _BREAK_HEDGE.search(note):
        return None
    for pattern in _BREAK_YEAR:
        match = pattern.search(note)
        if match:
            return int(match.group(1))
    return None
