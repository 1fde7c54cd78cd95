"""Small reads for the implementation cycle: plans' periods and what the reports of tasks say.

Kept apart from `store.tasks` (the reporting workflow's own module) so the cycle reads report data
through its own narrow queries. `report_state` is the one place that says which review state a
report is in; today's reports have none (the review workflow adds it: see docs/cycle.md).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store.errors import NotFoundError
from planwatch.store.models import PlanRow, ProgressReportRow

BEIJING = timedelta(hours=8)  # timestamps are naive UTC; due dates are Beijing days


@dataclass(frozen=True, slots=True)
class PlanFacts:
    id: int
    title: str
    period_start: int | None
    period_end: int | None


@dataclass(frozen=True, slots=True)
class StoredReport:
    task_id: int
    department_id: int
    period_label: str
    status: str
    percent: float | None
    state: str | None  # the review state, when the review workflow keeps one
    filed_on: date


def plan_facts(session: Session, plan_id: int) -> PlanFacts:
    row = session.get(PlanRow, plan_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划，请先查看规划列表。")
    return PlanFacts(row.id, row.title, row.period_start, row.period_end)


def plans_facts(session: Session, plan_ids: Collection[int] | None = None) -> dict[int, PlanFacts]:
    query = select(PlanRow.id, PlanRow.title, PlanRow.period_start, PlanRow.period_end)
    if plan_ids is not None:
        query = query.where(PlanRow.id.in_(list(plan_ids)))
    return {r.id: PlanFacts(r.id, r.title, r.period_start, r.period_end) for r in session.execute(query)}


def report_state(row: ProgressReportRow) -> str | None:
    """The review state of a report (草稿/已报送/已审核/退回修改), None while reports carry none.

    Merge point for the review workflow: return the report's state column here, and the lights turn
    yellow for returned reports (`cycle.lights.is_returned`) and drafts stop counting as filed.
    """
    return None


def stored_reports(session: Session, task_ids: Collection[int] | None = None) -> list[StoredReport]:
    """Every report of the tasks (all tasks when None), oldest first."""
    query = select(ProgressReportRow).order_by(ProgressReportRow.created_at, ProgressReportRow.id)
    if task_ids is not None:
        if not task_ids:
            return []
        query = query.where(ProgressReportRow.task_id.in_(list(task_ids)))
    return [
        StoredReport(
            task_id=row.task_id,
            department_id=row.department_id,
            period_label=row.period_label,
            status=str(row.status.value),
            percent=row.percent,
            state=report_state(row),
            filed_on=(row.created_at + BEIJING).date(),
        )
        for row in session.scalars(query)
    ]
