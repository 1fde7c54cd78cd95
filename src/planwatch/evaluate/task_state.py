"""Where each task stands at the cut-off: the reports that count, the latest status, whether it is overdue.

The rule is the one the task pages use (`services.reporting`), applied at the report's cut-off instead
of today: a task is overdue when its plan's period has started and either nobody has reported on it for
the reporting year (the cut-off's data year, or the plan's last year once it has ended) or its latest
report says 滞后. Reports count when their period label is no later than the cut-off year and, for a
date cut-off, when they were written on or before that date.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.domain.records import ReportStatus
from planwatch.evaluate.facts import Cutoff, PlanFacts, ReportFact, TaskFacts

NOT_REPORTED = "未报告"
STATUS_ORDER = (*(s.value for s in ReportStatus), NOT_REPORTED)


@dataclass(frozen=True, slots=True)
class TaskState:
    task: TaskFacts
    reports: tuple[ReportFact, ...]  # counted at the cut-off, oldest first
    latest: ReportFact | None
    status: str  # a ReportStatus value or 未报告
    reporting_year: int
    overdue: bool
    overdue_reason: str | None

    @property
    def key(self) -> str:
        return f"task:{self.task.id}"


def reporting_year(plan: PlanFacts, cutoff: Cutoff) -> int:
    year = cutoff.data_year
    return min(year, plan.period_end) if plan.period_end is not None else year


def counted_reports(task: TaskFacts, cutoff: Cutoff) -> tuple[ReportFact, ...]:
    return tuple(
        r
        for r in task.reports
        if (r.period_year is None or r.period_year <= cutoff.year)
        and (cutoff.date is None or r.written_on <= cutoff.date)
    )


def task_state(plan: PlanFacts, task: TaskFacts, cutoff: Cutoff) -> TaskState:
    reports = counted_reports(task, cutoff)
    latest = reports[-1] if reports else None
    year = reporting_year(plan, cutoff)
    due = plan.period_start is None or plan.period_start <= cutoff.year
    reason: str | None = None
    if due and not any(r.period_year == year for r in reports):
        reason = f"{year}年度尚未报告"
    elif due and latest is not None and latest.status is ReportStatus.LAGGING:
        reason = "最新报告为“滞后”"
    return TaskState(
        task=task,
        reports=reports,
        latest=latest,
        status=latest.status.value if latest else NOT_REPORTED,
        reporting_year=year,
        overdue=reason is not None,
        overdue_reason=reason,
    )


def task_title(task: TaskFacts) -> str:
    """A task's heading, with the start of its text when the heading alone says little (（三）发展目标)."""
    heading = task.heading.strip()
    if task.excerpt and (len(heading) <= 8 or "目标" in heading):
        return f"{heading}：{task.excerpt}"
    return heading
