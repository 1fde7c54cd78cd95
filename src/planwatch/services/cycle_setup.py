"""Setting up the cycle: a plan's reporting calendar and its tasks' milestones (web, API and CLI).

Who may do what (the same rules for every entry point):

* the calendar — the planning office (admins) sets it; everybody who may read sees it;
* milestones — admins, and reporters of the task's own departments (lead or supporting), add, mark
  done or remove them; importing a 任务分解表 replaces a plan's imported milestones, so it is the
  office's (admins only). Every change is in the change history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from planwatch.cycle.calendar import CalendarRule, Period, make_rule, periods
from planwatch.cycle.deadlines import parse_deadline
from planwatch.domain.accounts import Principal
from planwatch.domain.cycle import Frequency
from planwatch.domain.errors import InputError
from planwatch.services.permissions import (
    AuthenticationRequiredError,
    PermissionDeniedError,
    can_report_on,
    require_admin,
    require_writer,
)
from planwatch.store import get_task, transaction
from planwatch.store.cycle_calendars import (
    CalendarOut,
    MilestoneOut,
    add_milestone,
    delete_milestone,
    get_calendar,
    get_milestone,
    milestones_of,
    set_calendar,
    set_milestone_completed,
)
from planwatch.store.cycle_reports import PlanFacts, plan_facts

MAX_TITLE = 500


@dataclass(frozen=True, slots=True)
class CalendarInput:
    frequency: Frequency
    due_days: int | None = None
    days_before: int | None = None
    escalate_after: int | None = None
    starts_on: date | None = None  # reminders for due dates from this day on (default: today)


@dataclass(frozen=True, slots=True)
class CalendarView:
    """A plan's calendar as pages and the API show it: the rule in words and every period."""

    plan_id: int
    plan_title: str
    configured: bool
    frequency: Frequency | None
    rule_text: str
    due_days: int | None
    days_before: int | None
    escalate_after: int | None
    starts_on: date | None
    periods: tuple[Period, ...]


def rule_of(calendar: CalendarOut) -> CalendarRule:
    return CalendarRule(calendar.frequency, calendar.due_days, calendar.days_before, calendar.escalate_after)


def plan_periods(plan: PlanFacts, rule: CalendarRule) -> list[Period]:
    if plan.period_start is None or plan.period_end is None:
        return []
    return periods(rule, plan.period_start, plan.period_end)


def _view(plan: PlanFacts, calendar: CalendarOut | None) -> CalendarView:
    if calendar is None:
        return CalendarView(plan.id, plan.title, False, None, "未设置", None, None, None, None, ())
    rule = rule_of(calendar)
    return CalendarView(
        plan_id=plan.id,
        plan_title=plan.title,
        configured=True,
        frequency=calendar.frequency,
        rule_text=rule.text,
        due_days=calendar.due_days,
        days_before=calendar.days_before,
        escalate_after=calendar.escalate_after,
        starts_on=calendar.starts_on,
        periods=tuple(plan_periods(plan, rule)),
    )


def calendar_view(factory: sessionmaker[Session], plan_id: int) -> CalendarView:
    with transaction(factory, read_only=True) as session:
        return _view(plan_facts(session, plan_id), get_calendar(session, plan_id))


def configure_calendar(
    factory: sessionmaker[Session], principal: Principal, plan_id: int, data: CalendarInput, *, today: date
) -> CalendarView:
    """Set (or change) a plan's calendar; admins only."""
    require_admin(principal)
    rule = make_rule(
        Frequency(data.frequency),
        due_days=data.due_days,
        days_before=data.days_before,
        escalate_after=data.escalate_after,
    )
    with transaction(factory) as session:
        plan = plan_facts(session, plan_id)
        if plan.period_start is None or plan.period_end is None:
            raise InputError(
                f"规划“{plan.title}”没有规划期，无法生成报送周期；请先用 --period 补上规划期后再设置。"
            )
        stored = set_calendar(
            session,
            CalendarOut(
                plan_id=plan_id,
                frequency=rule.frequency,
                due_days=rule.due_days,
                days_before=rule.days_before,
                escalate_after=rule.escalate_after,
                starts_on=data.starts_on or today,
                set_by=principal.username,
            ),
            who=principal.username,
        )
        return _view(plan, stored)


# --- milestones ---------------------------------------------------------------------------------------


def require_milestone_writer(session: Session, principal: Principal, task_id: int) -> None:
    """Admins, or reporters of one of the task's departments."""
    require_writer(principal)
    if principal.is_admin:
        return
    if not can_report_on(principal, get_task(session, task_id)):
        raise PermissionDeniedError("该任务不属于您所在的责任单位，不能修改其节点。")


def task_milestones(factory: sessionmaker[Session], task_id: int) -> list[MilestoneOut]:
    with transaction(factory, read_only=True) as session:
        get_task(session, task_id)  # 404 for an unknown task
        return milestones_of(session, [task_id]).get(task_id, [])


def may_edit_milestones(factory: sessionmaker[Session], principal: Principal, task_id: int) -> bool:
    with transaction(factory, read_only=True) as session:
        try:
            require_milestone_writer(session, principal, task_id)
        except (PermissionDeniedError, AuthenticationRequiredError):
            return False
        return True


@dataclass(frozen=True, slots=True)
class MilestoneInput:
    title: str
    deadline: str | date  # as written (2025年底) or a date


def create_milestone(
    factory: sessionmaker[Session], principal: Principal, task_id: int, data: MilestoneInput
) -> MilestoneOut:
    title = data.title.strip()
    if not title:
        raise InputError("节点内容不能为空，请填写年度目标或节点的内容。")
    if len(title) > MAX_TITLE:
        raise InputError(f"节点内容超过 {MAX_TITLE} 个字，请精简后再提交。")
    with transaction(factory) as session:
        require_milestone_writer(session, principal, task_id)
        task = get_task(session, task_id)
        plan = plan_facts(session, task.plan_id)
        deadline = parse_deadline(data.deadline, plan_end_year=plan.period_end)
        text = data.deadline if isinstance(data.deadline, str) else data.deadline.isoformat()
        return add_milestone(
            session,
            task_id,
            title=title,
            deadline=deadline,
            deadline_text=text.strip()[:100],
            source="web",
            who=principal.username,
        )


def complete_milestone(
    factory: sessionmaker[Session],
    principal: Principal,
    milestone_id: int,
    *,
    completed_on: date | None,
) -> MilestoneOut:
    """Mark a milestone done on a day (or not done again with None)."""
    with transaction(factory) as session:
        found = get_milestone(session, milestone_id)
        require_milestone_writer(session, principal, found.task_id)
        return set_milestone_completed(session, milestone_id, completed_on, who=principal.username)


def remove_milestone(factory: sessionmaker[Session], principal: Principal, milestone_id: int) -> MilestoneOut:
    with transaction(factory) as session:
        found = get_milestone(session, milestone_id)
        require_milestone_writer(session, principal, found.task_id)
        return delete_milestone(session, milestone_id, who=principal.username)
