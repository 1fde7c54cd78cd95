"""Tasks and progress reports: who must deliver what, and what they have said about it so far.

A task is current when the plan's latest revision still contains it; tasks dropped by a revision keep
their reports but no longer count as due.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from planwatch.domain.records import ReportStatus
from planwatch.store.departments import find_department_row, resolve_department
from planwatch.store.errors import ConflictError, NotFoundError
from planwatch.store.history import record_change, record_creation
from planwatch.store.models import (
    DepartmentRow,
    PlanRevisionRow,
    PlanRow,
    ProgressReportRow,
    ResponsibilityRow,
    TaskDepartmentRow,
    TaskRow,
    utcnow,
)
from planwatch.store.views import ProgressReportOut, TaskDepartmentOut, TaskOut, TaskState

logger = logging.getLogger(__name__)


def current_revision_ids() -> Select[int]:
    """Subquery: the latest revision id of every plan."""
    newer = aliased(PlanRevisionRow)
    return select(PlanRevisionRow.id).where(
        ~exists().where(newer.plan_id == PlanRevisionRow.plan_id, newer.number > PlanRevisionRow.number)
    )


def task_outs(session: Session, rows: Sequence[TaskRow]) -> list[TaskOut]:
    """Snapshots of task rows with department names, plan title and whether they are current."""
    if not rows:
        return []
    names = {i: name for i, name in session.execute(select(DepartmentRow.id, DepartmentRow.name))}
    plans = {
        i: title
        for i, title in session.execute(
            select(PlanRow.id, PlanRow.title).where(PlanRow.id.in_({r.plan_id for r in rows}))
        )
    }
    current = set(session.scalars(current_revision_ids()))
    notes: dict[int, str] = {}
    for task_id, text in session.execute(  # the newest revision's wording of each task's note wins
        select(ResponsibilityRow.task_id, ResponsibilityRow.text)
        .where(ResponsibilityRow.task_id.in_({r.id for r in rows}))
        .order_by(ResponsibilityRow.id)
    ):
        if task_id is not None:
            notes[task_id] = text
    return [
        TaskOut(
            id=r.id,
            plan_id=r.plan_id,
            plan_title=plans[r.plan_id],
            title=r.title,
            text=r.text,
            responsibility_text=notes.get(r.id, ""),
            lead=names.get(r.lead_department_id) if r.lead_department_id else None,
            supporting=tuple(TaskDepartmentOut(names[s.department_id], s.role) for s in r.supporting),
            current=r.revision_id in current,
            line_start=r.line_start,
            line_end=r.line_end,
        )
        for r in rows
    ]


def _task_row(session: Session, task_id: int) -> TaskRow:
    row = session.get(TaskRow, task_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {task_id} 的任务，请先查看任务列表。")
    return row


def get_task(session: Session, task_id: int) -> TaskOut:
    """One task by id."""
    return task_outs(session, [_task_row(session, task_id)])[0]


def list_tasks(session: Session, plan_id: int, *, current_only: bool = True) -> list[TaskOut]:
    """The tasks of a plan in document order (by default only those of its latest revision)."""
    query = select(TaskRow).where(TaskRow.plan_id == plan_id)
    if current_only:
        query = query.where(TaskRow.revision_id.in_(current_revision_ids()))
    return task_outs(session, list(session.scalars(query.order_by(TaskRow.line_start, TaskRow.id))))


def tasks_for_department(session: Session, name: str, *, current_only: bool = True) -> list[TaskOut]:
    """Every task, across all plans, that the department (name or alias) leads or supports."""
    dept = find_department_row(session, name)
    if dept is None:
        return []
    supports = select(TaskDepartmentRow.task_id).where(TaskDepartmentRow.department_id == dept.id)
    query = select(TaskRow).where(or_(TaskRow.lead_department_id == dept.id, TaskRow.id.in_(supports)))
    if current_only:
        query = query.where(TaskRow.revision_id.in_(current_revision_ids()))
    rows = list(session.scalars(query.order_by(TaskRow.plan_id, TaskRow.line_start, TaskRow.id)))
    return task_outs(session, rows)


def report_out(row: ProgressReportRow, department: str) -> ProgressReportOut:
    return ProgressReportOut(
        id=row.id,
        task_id=row.task_id,
        department=department,
        period_label=row.period_label,
        status=row.status,
        narrative=row.narrative,
        evidence=tuple(row.evidence),
        percent=row.percent,
        author=row.author,
        created_at=row.created_at,
    )


def _check_percent(percent: float | None) -> None:
    if percent is not None and not 0 <= percent <= 100:
        raise ConflictError(f"完成百分比 {percent} 超出范围，请填写 0 到 100 之间的数。")


def add_progress_report(
    session: Session,
    task_id: int,
    *,
    department: str,
    period_label: str,
    status: ReportStatus,
    author: str,
    narrative: str = "",
    evidence: Sequence[str] = (),
    percent: float | None = None,
) -> ProgressReportOut:
    """Record a department's report on a task for a period; the newest report is the task's state."""
    task = _task_row(session, task_id)
    _check_percent(percent)
    label = period_label.strip()
    if not label:
        raise ConflictError("进展报告缺少报告期，请填写如“2025”或“2025H1”的报告期。")
    dept = resolve_department(session, department, who=author)
    row = ProgressReportRow(
        task_id=task.id,
        department_id=dept.id,
        period_label=label,
        status=ReportStatus(status),
        narrative=narrative,
        evidence=list(evidence),
        percent=percent,
        author=author,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record_creation(
        session,
        "progress_reports",
        row.id,
        {
            "task_id": row.task_id,
            "department_id": row.department_id,
            "period_label": label,
            "status": row.status,
            "narrative": narrative,
            "evidence": "\n".join(evidence),
            "percent": percent,
        },
        author,
    )
    return report_out(row, dept.name)


def update_progress_report(
    session: Session,
    report_id: int,
    *,
    who: str,
    status: ReportStatus | None = None,
    narrative: str | None = None,
    evidence: Sequence[str] | None = None,
    percent: float | None = None,
) -> ProgressReportOut:
    """Correct a report; arguments left as None stay unchanged. Each changed field goes to history."""
    row = session.get(ProgressReportRow, report_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的进展报告，请先查看该任务的报告列表。")
    if status is not None:
        record_change(session, "progress_reports", row.id, "status", row.status, status, who)
        row.status = ReportStatus(status)
    if narrative is not None:
        record_change(session, "progress_reports", row.id, "narrative", row.narrative, narrative, who)
        row.narrative = narrative
    if evidence is not None:
        record_change(
            session, "progress_reports", row.id, "evidence", "\n".join(row.evidence), "\n".join(evidence), who
        )
        row.evidence = list(evidence)
    if percent is not None:
        _check_percent(percent)
        record_change(session, "progress_reports", row.id, "percent", row.percent, percent, who)
        row.percent = percent
    session.flush()
    dept = session.get(DepartmentRow, row.department_id)
    return report_out(row, dept.name if dept else "")


def reports_for_task(session: Session, task_id: int) -> list[ProgressReportOut]:
    """All reports on a task, oldest first."""
    rows = session.execute(
        select(ProgressReportRow, DepartmentRow.name)
        .join(DepartmentRow, DepartmentRow.id == ProgressReportRow.department_id)
        .where(ProgressReportRow.task_id == task_id)
        .order_by(ProgressReportRow.created_at, ProgressReportRow.id)
    )
    return [report_out(r, name) for r, name in rows]


def task_state(session: Session, task_id: int) -> TaskState:
    """The task and its latest report (by time of writing, not by period label)."""
    task = get_task(session, task_id)
    reports = reports_for_task(session, task_id)
    return TaskState(task=task, latest=reports[-1] if reports else None)


def overdue_tasks(
    session: Session, period_label: str, *, plan_id: int | None = None, department: str | None = None
) -> list[TaskOut]:
    """Current tasks with no report at all for `period_label`, optionally for one plan or lead department."""
    reported = select(ProgressReportRow.task_id).where(ProgressReportRow.period_label == period_label.strip())
    query = select(TaskRow).where(
        TaskRow.revision_id.in_(current_revision_ids()), TaskRow.id.not_in(reported)
    )
    if plan_id is not None:
        query = query.where(TaskRow.plan_id == plan_id)
    if department is not None:
        dept = find_department_row(session, department)
        if dept is None:
            return []
        query = query.where(TaskRow.lead_department_id == dept.id)
    rows = list(session.scalars(query.order_by(TaskRow.plan_id, TaskRow.line_start, TaskRow.id)))
    return task_outs(session, rows)


def count_reports(session: Session) -> int:
    """Number of stored progress reports (for status pages and tests)."""
    return session.scalar(select(func.count()).select_from(ProgressReportRow)) or 0
