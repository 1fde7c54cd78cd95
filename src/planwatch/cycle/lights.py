"""Lights (督办三色灯, plus green): where a task stands for a reporting period, with the reason.

Rules, first match wins (the same text is shown on the pages, `LIGHT_RULE`):

* red — the period's due date has passed and no report for the period was filed; or a milestone's
  completion deadline has passed and it is not done (nor the whole task reported 已完成);
* yellow — the report for the period was returned for correction (`is_returned`, the hook the review
  workflow fills in); or the task is behind: its latest report says 滞后, or its reported percent is
  more than `BEHIND_MARGIN` points below 序时进度 (the share of time elapsed from the plan's start to
  the task's last milestone deadline);
* blue — not reported yet and the due date is within the reminder window (N days, the calendar's
  days-before);
* green — reported for the period (and none of the above);
* none (未到期) — not reported, and the due date is further away than the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planwatch.cycle.calendar import CalendarRule, Period


class Colour(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    GREEN = "green"
    NONE = "none"


COLOUR_LABELS: dict[Colour, str] = {
    Colour.RED: "红灯",
    Colour.YELLOW: "黄灯",
    Colour.BLUE: "蓝灯",
    Colour.GREEN: "绿灯",
    Colour.NONE: "未到期",
}
COLOUR_ORDER: tuple[Colour, ...] = (Colour.RED, Colour.YELLOW, Colour.BLUE, Colour.GREEN, Colour.NONE)

BEHIND_MARGIN = 10.0
"""Percentage points a reported percent may lag 序时进度 before the task counts as behind."""

DONE = "已完成"
LAGGING = "滞后"

LIGHT_RULE = (
    "红灯：报送期限已过仍未报送本期进展，或有节点的完成时限已过而未完成；"
    "黄灯：本期报告被退回修改，或最新报告为“滞后”，或填报的完成百分比低于序时进度（规划期起点至最后一个节点完成时限按时间均分）"
    f"{BEHIND_MARGIN:g}个百分点以上；"
    "蓝灯：尚未报送，距报送期限不超过提前提醒天数；"
    "绿灯：已报送本期进展且无上述情况；"
    "未到期：尚未报送，离报送期限还早。"
)

RETURNED_STATES = frozenset({"returned", "退回修改"})
DRAFT_STATES = frozenset({"draft", "草稿"})


def is_returned(report_state: str | None) -> bool:
    """Hook for the review workflow: whether a report in this state was sent back (退回修改) → yellow.

    Reports without a review state (today's reports) are never returned. The review workflow stores
    its state on the report; `store.cycle_reports.report_state` reads it and passes it here.
    """
    return report_state is not None and report_state in RETURNED_STATES


def counts_as_filed(report_state: str | None) -> bool:
    """Hook for the review workflow: a draft (草稿) is not yet 报送, so it does not stop reminders."""
    return report_state is None or report_state not in DRAFT_STATES


@dataclass(frozen=True, slots=True)
class MilestoneFact:
    title: str
    deadline: date
    completed_on: date | None


@dataclass(frozen=True, slots=True)
class ReportFact:
    """What a light needs of a report: its status, percent, review state and the day it was filed."""

    status: str
    percent: float | None
    state: str | None
    filed_on: date


@dataclass(frozen=True, slots=True)
class TaskFacts:
    period: Period
    period_report: ReportFact | None  # the newest filed report for the period, if any
    latest: ReportFact | None  # the newest report of any period
    milestones: tuple[MilestoneFact, ...]
    plan_start: date


@dataclass(frozen=True, slots=True)
class Light:
    colour: Colour
    reason: str
    days_to_due: int  # negative when overdue
    expected_percent: float | None  # 序时进度 when the task has milestones

    @property
    def label(self) -> str:
        return COLOUR_LABELS[self.colour]


def schedule_percent(plan_start: date, milestones: Sequence[MilestoneFact], today: date) -> float | None:
    """序时进度: the share of time elapsed from the plan's start to the last milestone deadline (0–100)."""
    if not milestones:
        return None
    final = max(m.deadline for m in milestones)
    span = (final - plan_start).days
    if span <= 0:
        return 100.0
    return max(0.0, min(100.0, 100.0 * (today - plan_start).days / span))


def judge(facts: TaskFacts, rule: CalendarRule, today: date) -> Light:
    """The light of one task for one period as of `today` (see the module rules)."""
    period = facts.period
    days_to_due = (period.due - today).days
    expected = schedule_percent(facts.plan_start, facts.milestones, today)
    report = facts.period_report
    task_done = facts.latest is not None and facts.latest.status == DONE

    def light(colour: Colour, reason: str) -> Light:
        return Light(colour, reason, days_to_due, expected)

    if report is None and days_to_due < 0:
        return light(
            Colour.RED, f"报送期限{period.due.isoformat()}已过{-days_to_due}天，仍未报送{period.name}进展。"
        )
    if not task_done:
        late = [m for m in facts.milestones if m.completed_on is None and m.deadline < today]
        if late:
            first = min(late, key=lambda m: m.deadline)
            return light(
                Colour.RED, f"节点“{first.title}”完成时限{first.deadline.isoformat()}已过，尚未完成。"
            )
    if report is not None and is_returned(report.state):
        return light(Colour.YELLOW, f"{period.name}进展报告已被退回修改，请按意见修改后重新报送。")
    if not task_done and facts.latest is not None:
        if facts.latest.status == LAGGING:
            return light(Colour.YELLOW, "最新进展报告为“滞后”。")
        if (
            expected is not None
            and facts.latest.percent is not None
            and facts.latest.percent < expected - BEHIND_MARGIN
        ):
            return light(
                Colour.YELLOW,
                f"填报完成进度{facts.latest.percent:g}%，低于序时进度{expected:.0f}%。",
            )
    if report is not None:
        late_by = (report.filed_on - period.due).days
        note = f"（逾期{late_by}天后报送）" if late_by > 0 else ""
        return light(Colour.GREEN, f"已报送{period.name}进展{note}。")
    if days_to_due <= rule.days_before:
        return light(Colour.BLUE, f"距报送期限{period.due.isoformat()}还有{days_to_due}天，尚未报送。")
    return light(Colour.NONE, f"报送期限为{period.due.isoformat()}，尚未到期。")
