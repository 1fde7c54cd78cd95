"""Helpers for the implementation-cycle tests: a quarterly calendar on the 14th Wuhan plan, reports and
milestones written straight through the use cases, as the office and the departments would."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.cycle import Frequency
from planwatch.domain.records import ReportStatus
from planwatch.services import stored_plans
from planwatch.services.cycle_setup import CalendarInput, configure_calendar
from planwatch.store import add_progress_report, transaction
from planwatch.store.task_queries import current_tasks
from planwatch.store.views import TaskOut

OFFICE = Principal(user_id=0, username="test", display_name="规划处", role=UserRole.ADMIN)


def plan14_id(factory: sessionmaker[Session]) -> int:
    return max(stored_plans(factory), key=lambda p: p.period_start or 0).id


def quarterly(factory: sessionmaker[Session], *, starts_on: date = date(2025, 1, 1), **extra: int) -> int:
    """Set 每季度结束后10日内 on the 14th plan; returns the plan id."""
    plan = plan14_id(factory)
    configure_calendar(
        factory,
        OFFICE,
        plan,
        CalendarInput(Frequency.QUARTERLY, due_days=10, starts_on=starts_on, **extra),  # type: ignore[arg-type]
        today=starts_on,
    )
    return plan


def tasks_of(factory: sessionmaker[Session], plan_id: int) -> list[TaskOut]:
    with transaction(factory, read_only=True) as session:
        return current_tasks(session, plan_id=plan_id)


def file(
    factory: sessionmaker[Session],
    task: TaskOut,
    period: str,
    status: ReportStatus = ReportStatus.IN_PROGRESS,
    percent: float | None = None,
) -> None:
    with transaction(factory) as session:
        add_progress_report(
            session,
            task.id,
            department=task.lead or "",
            period_label=period,
            status=status,
            author="test",
            percent=percent,
        )
