"""Reporting calendars: how often a plan's tasks report, and by when each period's report is due.

A calendar is set by the planning office per plan: a frequency (quarterly, half-yearly, yearly) and a
due rule "N days after the period ends" (每季度结束后10日内). Periods cover the plan's years; their
labels are the ones reporters write on progress reports ("2025Q1", "2025H1", "2025"), so a report
counts for a period when its label, normalised, is the period's label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from planwatch.domain.cycle import Frequency
from planwatch.domain.errors import InputError

FREQUENCY_LABELS: dict[Frequency, str] = {
    Frequency.QUARTERLY: "按季度",
    Frequency.HALF_YEARLY: "按半年",
    Frequency.YEARLY: "按年度",
}
_UNIT_WORDS: dict[Frequency, str] = {
    Frequency.QUARTERLY: "季度",
    Frequency.HALF_YEARLY: "半年",
    Frequency.YEARLY: "年度",
}

DEFAULT_DUE_DAYS: dict[Frequency, int] = {
    Frequency.QUARTERLY: 10,
    Frequency.HALF_YEARLY: 15,
    Frequency.YEARLY: 20,
}
"""Days after the period's end by which its report is due, when the office gives no rule."""

DEFAULT_DAYS_BEFORE: dict[Frequency, int] = {
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 5,
    Frequency.YEARLY: 7,
}
"""First reminder this many days before the due date (never fewer than 3: the 督办 practice)."""

MIN_DAYS_BEFORE = 3
DEFAULT_ESCALATE_AFTER = 5
"""Overdue days after which the department's leaders and the planning office are told (督办升级)."""

MAX_DUE_DAYS = 120
MAX_ESCALATE_AFTER = 90

_QUARTER_NAMES = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period: its label, its first and last day, and the day its report is due."""

    label: str
    name: str  # as people say it: 2025年第一季度, 2025年上半年, 2025年度
    start: date
    end: date
    due: date


@dataclass(frozen=True, slots=True)
class CalendarRule:
    """What the planning office set for a plan (defaults filled in)."""

    frequency: Frequency
    due_days: int
    days_before: int
    escalate_after: int

    @property
    def text(self) -> str:
        """The due rule as the office writes it: 每季度结束后10日内."""
        return f"每{_UNIT_WORDS[self.frequency]}结束后{self.due_days}日内"


def make_rule(
    frequency: Frequency,
    *,
    due_days: int | None = None,
    days_before: int | None = None,
    escalate_after: int | None = None,
) -> CalendarRule:
    """A rule with defaults for what was not given, checked (Chinese message on a bad value)."""
    due = DEFAULT_DUE_DAYS[frequency] if due_days is None else due_days
    before = DEFAULT_DAYS_BEFORE[frequency] if days_before is None else days_before
    escalate = DEFAULT_ESCALATE_AFTER if escalate_after is None else escalate_after
    if not 0 <= due <= MAX_DUE_DAYS:
        raise InputError(f"报送期限“期末后{due}日”不合理，请填写 0 到 {MAX_DUE_DAYS} 之间的天数。")
    if not MIN_DAYS_BEFORE <= before <= 60:
        raise InputError(f"提前提醒天数 {before} 不合理，请填写 {MIN_DAYS_BEFORE} 到 60 之间的天数。")
    if not 1 <= escalate <= MAX_ESCALATE_AFTER:
        raise InputError(f"逾期升级天数 {escalate} 不合理，请填写 1 到 {MAX_ESCALATE_AFTER} 之间的天数。")
    return CalendarRule(frequency, due, before, escalate)


_RULE = re.compile(
    r"^每?(季度|季|半年|半年度|年度|年)(?:结束|期满)?后?(\d{1,3})(?:个工作日|日|天)(?:内|以内)?$"
)


def parse_rule(text: str) -> tuple[Frequency, int]:
    """Read a due rule as the office writes it (每季度结束后10日内, 每半年结束后15天内, 每年度结束后20日内)."""
    cleaned = re.sub(r"\s+", "", text)
    match = _RULE.match(cleaned)
    if match is None:
        raise InputError(
            f"报送期限“{text.strip()}”无法识别，请写成“每季度结束后10日内”“每半年结束后15日内”或“每年度结束后20日内”的形式。"
        )
    unit, days = match.group(1), int(match.group(2))
    frequency = {"季度": Frequency.QUARTERLY, "季": Frequency.QUARTERLY, "半年": Frequency.HALF_YEARLY}.get(
        unit, Frequency.HALF_YEARLY if unit == "半年度" else Frequency.YEARLY
    )
    return frequency, days


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def periods(rule: CalendarRule, first_year: int, last_year: int) -> list[Period]:
    """Every reporting period of the years `first_year`..`last_year`, in order."""
    found: list[Period] = []
    step = {Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}[rule.frequency]
    for year in range(first_year, last_year + 1):
        for index, month in enumerate(range(1, 13, step), start=1):
            end = _month_end(year, month + step - 1)
            if rule.frequency is Frequency.QUARTERLY:
                label = f"{year}Q{index}"
            elif rule.frequency is Frequency.HALF_YEARLY:
                label = f"{year}H{index}"
            else:
                label = str(year)
            found.append(
                Period(
                    label, period_name(label), date(year, month, 1), end, end + timedelta(days=rule.due_days)
                )
            )
    return found


def current_period(all_periods: list[Period], today: date) -> Period | None:
    """The period being collected or chased on `today`: the latest one that has ended by then.

    Before the first period ends it is the first period (not due yet); after the last, the last.
    """
    if not all_periods:
        return None
    ended = [p for p in all_periods if p.end < today]
    return ended[-1] if ended else all_periods[0]


_LABEL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})[-\s年]*[Qq]([1-4])$"), "Q"),
    (re.compile(r"^(\d{4})年?第?([一二三四1-4])季度?$"), "Q"),
    (re.compile(r"^(\d{4})[-\s年]*[Hh]([12])$"), "H"),
    (re.compile(r"^(\d{4})年?(上|下)半年度?$"), "H"),
    (re.compile(r"^(\d{4})(?:年|年度|年全年)?$"), "Y"),
)


def normalize_label(text: str) -> str | None:
    """A report's period label in calendar form (2025年第一季度 → 2025Q1), or None if it names no period."""
    cleaned = re.sub(r"\s+", "", text or "")
    for pattern, kind in _LABEL_PATTERNS:
        match = pattern.match(cleaned)
        if match is None:
            continue
        year = match.group(1)
        if kind == "Y":
            return year
        part = match.group(2)
        if kind == "Q":
            return f"{year}Q{_QUARTER_NAMES[part]}"
        return f"{year}H{1 if part in ('1', '上') else 2}"
    return None


def period_name(label: str) -> str:
    """2025Q1 → 2025年第一季度; 2025H2 → 2025年下半年; 2025 → 2025年度."""
    if len(label) == 6 and label[4] == "Q":
        return f"{label[:4]}年第{'一二三四'[int(label[5]) - 1]}季度"
    if len(label) == 6 and label[4] == "H":
        return f"{label[:4]}年{'上' if label[5] == '1' else '下'}半年"
    return f"{label}年度"
