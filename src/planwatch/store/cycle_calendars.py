"""Reporting calendars and task milestones in the database (the caller owns the transaction)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planwatch.domain.cycle import Frequency
from planwatch.store.errors import NotFoundError
from planwatch.store.history import record_change, record_creation, record_deletion
from planwatch.store.models import ReportingCalendarRow, TaskMilestoneRow, utcnow


@dataclass(frozen=True, slots=True)
class CalendarOut:
    plan_id: int
    frequency: Frequency
    due_days: int
    days_before: int
    escalate_after: int
    starts_on: date
    set_by: str


@dataclass(frozen=True, slots=True)
class MilestoneOut:
    id: int
    task_id: int
    position: int
    title: str
    deadline: date
    deadline_text: str
    completed_on: date | None
    source: str


def _calendar_out(row: ReportingCalendarRow) -> CalendarOut:
    return CalendarOut(
        plan_id=row.plan_id,
        frequency=row.frequency,
        due_days=row.due_days,
        days_before=row.days_before,
        escalate_after=row.escalate_after,
        starts_on=row.starts_on,
        set_by=row.set_by,
    )


def get_calendar(session: Session, plan_id: int) -> CalendarOut | None:
    row = session.scalar(select(ReportingCalendarRow).where(ReportingCalendarRow.plan_id == plan_id))
    return _calendar_out(row) if row is not None else None


def all_calendars(session: Session) -> list[CalendarOut]:
    rows = session.scalars(select(ReportingCalendarRow).order_by(ReportingCalendarRow.plan_id))
    return [_calendar_out(r) for r in rows]


def set_calendar(session: Session, calendar: CalendarOut, *, who: str) -> CalendarOut:
    """Create or replace a plan's calendar; every changed field goes to the change history."""
    row = session.scalar(select(ReportingCalendarRow).where(ReportingCalendarRow.plan_id == calendar.plan_id))
    values = {
        "frequency": calendar.frequency,
        "due_days": calendar.due_days,
        "days_before": calendar.days_before,
        "escalate_after": calendar.escalate_after,
        "starts_on": calendar.starts_on.isoformat(),
    }
    if row is None:
        row = ReportingCalendarRow(
            plan_id=calendar.plan_id,
            frequency=calendar.frequency,
            due_days=calendar.due_days,
            days_before=calendar.days_before,
            escalate_after=calendar.escalate_after,
            starts_on=calendar.starts_on,
            set_by=who,
            set_at=utcnow(),
        )
        session.add(row)
        session.flush()
        record_creation(session, "reporting_calendars", row.id, {"plan_id": calendar.plan_id, **values}, who)
        return _calendar_out(row)
    before = {
        "frequency": row.frequency,
        "due_days": row.due_days,
        "days_before": row.days_before,
        "escalate_after": row.escalate_after,
        "starts_on": row.starts_on.isoformat(),
    }
    for field, new in values.items():
        record_change(session, "reporting_calendars", row.id, field, before[field], new, who)
    row.frequency = calendar.frequency
    row.due_days = calendar.due_days
    row.days_before = calendar.days_before
    row.escalate_after = calendar.escalate_after
    row.starts_on = calendar.starts_on
    row.set_by = who
    row.set_at = utcnow()
    session.flush()
    return _calendar_out(row)


def _milestone_out(row: TaskMilestoneRow) -> MilestoneOut:
    return MilestoneOut(
        id=row.id,
        task_id=row.task_id,
        position=row.position,
        title=row.title,
        deadline=row.deadline,
        deadline_text=row.deadline_text,
        completed_on=row.completed_on,
        source=row.source,
    )


def milestones_of(session: Session, task_ids: Collection[int] | None = None) -> dict[int, list[MilestoneOut]]:
    """Milestones by task, each task's in order (all tasks when `task_ids` is None)."""
    query = select(TaskMilestoneRow).order_by(TaskMilestoneRow.task_id, TaskMilestoneRow.position)
    if task_ids is not None:
        if not task_ids:
            return {}
        query = query.where(TaskMilestoneRow.task_id.in_(list(task_ids)))
    found: dict[int, list[MilestoneOut]] = {}
    for row in session.scalars(query):
        found.setdefault(row.task_id, []).append(_milestone_out(row))
    return found


def get_milestone(session: Session, milestone_id: int) -> MilestoneOut:
    row = session.get(TaskMilestoneRow, milestone_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {milestone_id} 的节点，请刷新任务的节点列表。")
    return _milestone_out(row)


def add_milestone(
    session: Session,
    task_id: int,
    *,
    title: str,
    deadline: date,
    deadline_text: str,
    source: str,
    who: str,
) -> MilestoneOut:
    position = (
        session.scalar(select(func.max(TaskMilestoneRow.position)).where(TaskMilestoneRow.task_id == task_id))
        or 0
    ) + 1
    row = TaskMilestoneRow(
        task_id=task_id,
        position=position,
        title=title,
        deadline=deadline,
        deadline_text=deadline_text,
        completed_on=None,
        source=source,
        created_by=who,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record_creation(
        session,
        "task_milestones",
        row.id,
        {"task_id": task_id, "title": title, "deadline": deadline.isoformat(), "source": source},
        who,
    )
    return _milestone_out(row)


def set_milestone_completed(
    session: Session, milestone_id: int, completed_on: date | None, *, who: str
) -> MilestoneOut:
    row = session.get(TaskMilestoneRow, milestone_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {milestone_id} 的节点，请刷新任务的节点列表。")
    old = row.completed_on.isoformat() if row.completed_on else None
    new = completed_on.isoformat() if completed_on else None
    record_change(session, "task_milestones", row.id, "completed_on", old, new, who)
    row.completed_on = completed_on
    session.flush()
    return _milestone_out(row)


def delete_milestone(session: Session, milestone_id: int, *, who: str) -> MilestoneOut:
    row = session.get(TaskMilestoneRow, milestone_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {milestone_id} 的节点，请刷新任务的节点列表。")
    out = _milestone_out(row)
    record_deletion(
        session,
        "task_milestones",
        row.id,
        {"task_id": row.task_id, "title": row.title, "deadline": row.deadline.isoformat()},
        who,
    )
    session.delete(row)
    session.flush()
    return out


def replace_imported_milestones(session: Session, task_ids: Sequence[int], *, who: str) -> int:
    """Remove the milestones an earlier import gave these tasks (a re-import replaces them, web ones stay)."""
    rows = list(
        session.scalars(
            select(TaskMilestoneRow).where(
                TaskMilestoneRow.task_id.in_(list(task_ids)), TaskMilestoneRow.source == "import"
            )
        )
    )
    for row in rows:
        record_deletion(
            session,
            "task_milestones",
            row.id,
            {"task_id": row.task_id, "title": row.title, "deadline": row.deadline.isoformat()},
            who,
        )
    if rows:
        session.execute(delete(TaskMilestoneRow).where(TaskMilestoneRow.id.in_([r.id for r in rows])))
    return len(rows)
