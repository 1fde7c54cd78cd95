"""Completion deadlines (完成时限) as 任务分解表 write them, read into a date.

A deadline names the last day by which a milestone must be done: 2025年底 → 2025-12-31, 2024年6月 →
2024-06-30, 2025年上半年 → 2025-06-30, 2023年第三季度 → 2023-09-30, 2025-06-15 → that day. Open-ended
wording (持续推进, 长期坚持, 规划期内) means the plan's last day; the caller passes the plan's end year.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from planwatch.domain.errors import InputError

OPEN_ENDED = ("持续推进", "长期坚持", "长期", "持续", "规划期内", "十四五期间", "“十四五”期间", "逐年推进")

_FULL = re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:前|之前|以前)?$")
_MONTH = re.compile(r"^(\d{4})[-./年](\d{1,2})月?(?:底|末|份)?(?:前|之前|以前)?$")
_HALF = re.compile(r"^(\d{4})年?(上|下)半年(?:底|末)?(?:前|之前)?$")
_QUARTER = re.compile(r"^(\d{4})年?第?([一二三四1-4])季度(?:末|底)?(?:前|之前)?$")
_YEAR = re.compile(r"^(\d{4})年?(?:底|末|内|年底|年末|全年|度)?(?:前|之前|以前)?$")
_QUARTER_MONTH = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _checked(year: int, month: int, day: int | None, text: str) -> date:
    try:
        if not 1 <= month <= 12:
            raise ValueError(month)
        return date(year, month, day) if day is not None else _month_end(year, month)
    except ValueError:
        raise InputError(
            f"完成时限“{text}”不是有效日期，请写成“2025年底”“2025年6月”或“2025-06-30”。"
        ) from None


def parse_deadline(value: object, *, plan_end_year: int | None = None) -> date:
    """The last day a deadline cell allows. Raises InputError with a Chinese sentence when unreadable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 1900 < float(value) < 2200 and float(value).is_integer():
        return date(int(value), 12, 31)
    text = re.sub(r"\s+", "", str(value or "")).replace("－", "-").replace("．", ".")
    if not text:
        raise InputError("完成时限为空，请填写如“2025年底”“2025年6月”或“2025-06-30”的日期。")
    if any(word in text for word in OPEN_ENDED):
        if plan_end_year is None:
            raise InputError(f"完成时限“{text}”没有具体日期，且该规划没有规划期，请填写具体日期。")
        return date(plan_end_year, 12, 31)
    if match := _FULL.match(text):
        return _checked(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _MONTH.match(text):
        return _checked(int(match[1]), int(match[2]), None, text)
    if match := _HALF.match(text):
        return _checked(int(match[1]), 6 if match[2] == "上" else 12, None, text)
    if match := _QUARTER.match(text):
        return _checked(int(match[1]), _QUARTER_MONTH[match[2]], None, text)
    if match := _YEAR.match(text):
        return date(int(match[1]), 12, 31)
    raise InputError(
        f"完成时限“{text}”无法识别，请写成“2025年底”“2025年6月”“2025年上半年”或“2025-06-30”的形式。"
    )
