"""Which reminders (催报) a task's unreported period calls for on a given day.

For a period due on day T, with days-before N and escalation after M overdue days:

* BEFORE   (提前提醒) from T−N to T−1;
* DUE      (到期提醒) on T;
* OVERDUE  (逾期催报) from T+1 on;
* ESCALATE (督办升级) from T+M on — to the department's leaders and the planning office, with a
  督办编号 and a printable 催办通知.

Each kind is sent at most once per task and period (the store enforces it with a unique constraint), so
running the reminder job twice a day, or every hour, sends nothing new. A run that missed a window
(the server was down on T−3) sends what today's window calls for — never a "3 days left" on the due
day. Reminders stop as soon as a report for the period is filed (drafts do not count).
"""

from __future__ import annotations

from datetime import date, timedelta

from planwatch.cycle.calendar import CalendarRule, Period
from planwatch.domain.cycle import NoticeKind

NOTICE_LABELS: dict[NoticeKind, str] = {
    NoticeKind.BEFORE: "提前提醒",
    NoticeKind.DUE: "到期提醒",
    NoticeKind.OVERDUE: "逾期催报",
    NoticeKind.ESCALATE: "督办升级",
}


def kinds_due(period: Period, rule: CalendarRule, today: date) -> tuple[NoticeKind, ...]:
    """The reminder kinds whose window contains `today` for an unreported period."""
    due = period.due
    kinds: list[NoticeKind] = []
    if due - timedelta(days=rule.days_before) <= today < due:
        kinds.append(NoticeKind.BEFORE)
    if today == due:
        kinds.append(NoticeKind.DUE)
    if today > due:
        kinds.append(NoticeKind.OVERDUE)
    if today >= due + timedelta(days=rule.escalate_after):
        kinds.append(NoticeKind.ESCALATE)
    return tuple(kinds)


def window_start(rule: CalendarRule) -> int:
    """How many days before a due date the first reminder can fall (for selecting periods to look at)."""
    return rule.days_before


def supervision_number(year: int, notice_id: int) -> str:
    """督办编号 of an escalation, stable and unique: 督办〔2025〕0007号."""
    return f"督办〔{year}〕{notice_id:04d}号"
