"""Lights per task and period (督办三色灯), the 督办 board and each department's own list.

Who sees what: the board and the lights are internal (signed-in users only, never the anonymous
public); a reporter sees only its own departments' tasks on the board, and only its own departments'
lists. Admins (规划处) and viewers (领导) see everything. `today` is the day the lights are judged as
of (the pages' “截至” date; tests move it like a clock).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from planwatch.cycle.calendar import CalendarRule, Period, current_period, normalize_label
from planwatch.cycle.lights import (
    COLOUR_LABELS,
    COLOUR_ORDER,
    LIGHT_RULE,
    Colour,
    MilestoneFact,
    ReportFact,
    TaskFacts,
    counts_as_filed,
    judge,
)
from planwatch.cycle.wording import task_name
from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.errors import InputError
from planwatch.services.cycle_setup import plan_periods, rule_of
from planwatch.services.permissions import PermissionDeniedError, require_signed_in
from planwatch.store import NotFoundError, transaction
from planwatch.store.cycle_calendars import MilestoneOut, all_calendars, get_calendar, milestones_of
from planwatch.store.cycle_reports import StoredReport, plan_facts, plans_facts, stored_reports
from planwatch.store.models import DepartmentRow
from planwatch.store.task_queries import current_tasks, department_ids_by_name
from planwatch.store.views import TaskOut

UNASSIGNED = "未登记牵头单位"


@dataclass(frozen=True, slots=True)
class TaskLight:
    task_id: int
    plan_id: int
    name: str
    lead: str | None
    lead_id: int | None
    units: tuple[str, ...]  # lead first, then supporting units
    period_label: str
    colour: Colour
    label: str
    reason: str
    due: date
    days_to_due: int
    milestones: int
    expected_percent: float | None
    latest_status: str | None
    latest_percent: float | None


@dataclass(frozen=True, slots=True)
class PlanLights:
    plan_id: int
    plan_title: str
    configured: bool
    rule_text: str
    today: date
    period: Period | None
    periods: tuple[Period, ...]
    lights: tuple[TaskLight, ...]
    light_rule: str = LIGHT_RULE


@dataclass(frozen=True, slots=True)
class ColourCount:
    colour: Colour
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class BoardRow:
    department: str
    department_id: int | None
    counts: tuple[ColourCount, ...]
    total: int


@dataclass(frozen=True, slots=True)
class PlanChoice:
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class Board:
    plans: tuple[PlanChoice, ...]  # plans with a calendar, to choose from
    current: PlanLights | None
    rows: tuple[BoardRow, ...]  # by lead department
    totals: tuple[ColourCount, ...]
    shown: tuple[TaskLight, ...]  # the lights matching the filters
    colour: Colour | None
    department: str | None
    limited_to: tuple[str, ...]  # a reporter's departments, when the board is narrowed to them


@dataclass(frozen=True, slots=True)
class DepartmentLights:
    department_id: int
    department: str
    today: date
    plans: tuple[PlanLights, ...]  # each plan with a calendar, only this department's tasks
    totals: tuple[ColourCount, ...]
    light_rule: str = LIGHT_RULE


def _facts(stones: Sequence[MilestoneOut]) -> tuple[MilestoneFact, ...]:
    return tuple(MilestoneFact(m.title, m.deadline, m.completed_on) for m in stones)


def _report_fact(report: StoredReport) -> ReportFact:
    return ReportFact(report.status, report.percent, report.state, report.filed_on)


def _pick_period(all_periods: Sequence[Period], today: date, label: str | None) -> Period | None:
    if label:
        wanted = normalize_label(label) or label
        found = next((p for p in all_periods if p.label == wanted), None)
        if found is None:
            raise InputError(f"报告期“{label}”不在本规划的报送日历中，请从报送期列表中选择。")
        return found
    return current_period(list(all_periods), today)


def _judge_tasks(
    session: Session,
    tasks: Sequence[TaskOut],
    period: Period,
    rule: CalendarRule,
    plan_start: date,
    today: date,
) -> list[TaskLight]:
    ids = [t.id for t in tasks]
    stones = milestones_of(session, ids)
    reports: dict[int, list[StoredReport]] = {}
    for report in stored_reports(session, ids):
        reports.setdefault(report.task_id, []).append(report)
    dept_ids = department_ids_by_name(session)
    found: list[TaskLight] = []
    for task in tasks:
        own = reports.get(task.id, [])
        in_period = [
            r for r in own if normalize_label(r.period_label) == period.label and counts_as_filed(r.state)
        ]
        latest = own[-1] if own else None
        facts = TaskFacts(
            period=period,
            period_report=_report_fact(in_period[-1]) if in_period else None,
            latest=_report_fact(latest) if latest else None,
            milestones=_facts(stones.get(task.id, [])),
            plan_start=plan_start,
        )
        light = judge(facts, rule, today)
        units = tuple(([task.lead] if task.lead else []) + [d.name for d in task.supporting])
        found.append(
            TaskLight(
                task_id=task.id,
                plan_id=task.plan_id,
                name=task_name(task.title, task.text),
                lead=task.lead,
                lead_id=dept_ids.get(task.lead) if task.lead else None,
                units=units,
                period_label=period.label,
                colour=light.colour,
                label=light.label,
                reason=light.reason,
                due=period.due,
                days_to_due=light.days_to_due,
                milestones=len(facts.milestones),
                expected_percent=light.expected_percent,
                latest_status=latest.status if latest else None,
                latest_percent=latest.percent if latest else None,
            )
        )
    return found


def _plan_lights(session: Session, plan_id: int, today: date, period_label: str | None) -> PlanLights:
    plan = plan_facts(session, plan_id)
    calendar = get_calendar(session, plan_id)
    if calendar is None or plan.period_start is None:
        return PlanLights(plan.id, plan.title, False, "未设置", today, None, (), ())
    rule = rule_of(calendar)
    all_periods = tuple(plan_periods(plan, rule))
    period = _pick_period(all_periods, today, period_label)
    lights: list[TaskLight] = []
    if period is not None:
        tasks = current_tasks(session, plan_id=plan_id)
        lights = _judge_tasks(session, tasks, period, rule, date(plan.period_start, 1, 1), today)
    return PlanLights(plan.id, plan.title, True, rule.text, today, period, all_periods, tuple(lights))


def _counts(lights: Sequence[TaskLight]) -> tuple[ColourCount, ...]:
    return tuple(
        ColourCount(c, COLOUR_LABELS[c], sum(1 for light in lights if light.colour is c))
        for c in COLOUR_ORDER
    )


def _visible(principal: Principal, light: TaskLight) -> bool:
    if principal.role is not UserRole.REPORTER:
        return True
    return bool(set(light.units) & set(principal.department_names))


def plan_lights(
    factory: sessionmaker[Session],
    principal: Principal,
    plan_id: int,
    *,
    today: date,
    period: str | None = None,
    colour: Colour | None = None,
    department: str | None = None,
) -> PlanLights:
    """The lights of a plan's tasks for one period (default: the current one), filtered."""
    require_signed_in(principal)
    with transaction(factory, read_only=True) as session:
        found = _plan_lights(session, plan_id, today, period)
    kept = [
        light
        for light in found.lights
        if _visible(principal, light)
        and (colour is None or light.colour is colour)
        and (department is None or department in light.units)
    ]
    return PlanLights(
        found.plan_id,
        found.plan_title,
        found.configured,
        found.rule_text,
        found.today,
        found.period,
        found.periods,
        tuple(kept),
    )


def board(
    factory: sessionmaker[Session],
    principal: Principal,
    *,
    today: date,
    plan_id: int | None = None,
    period: str | None = None,
    colour: Colour | None = None,
    department: str | None = None,
) -> Board:
    """The 督办 board: one plan's tasks for a period, counted by lead department and colour."""
    require_signed_in(principal)
    with transaction(factory, read_only=True) as session:
        calendars = all_calendars(session)
        titles = plans_facts(session, [c.plan_id for c in calendars])
        choices = tuple(PlanChoice(c.plan_id, titles[c.plan_id].title) for c in calendars)
        chosen = (
            plan_id if plan_id is not None else (max(c.plan_id for c in calendars) if calendars else None)
        )
        current = _plan_lights(session, chosen, today, period) if chosen is not None else None
    lights = [light for light in (current.lights if current else ()) if _visible(principal, light)]
    by_department: dict[tuple[str, int | None], list[TaskLight]] = {}
    for light in lights:
        by_department.setdefault((light.lead or UNASSIGNED, light.lead_id), []).append(light)
    rows = sorted(
        (
            BoardRow(name, dept_id, _counts(group), len(group))
            for (name, dept_id), group in by_department.items()
        ),
        key=lambda r: (-r.counts[0].count, -r.counts[1].count, -r.total, r.department),
    )
    shown = [
        light
        for light in lights
        if (colour is None or light.colour is colour)
        and (department is None or (light.lead or UNASSIGNED) == department or department in light.units)
    ]
    shown.sort(key=lambda light: (COLOUR_ORDER.index(light.colour), light.days_to_due, light.task_id))
    limited = principal.department_names if principal.role is UserRole.REPORTER else ()
    return Board(choices, current, tuple(rows), _counts(lights), tuple(shown), colour, department, limited)


def department_lights(
    factory: sessionmaker[Session], principal: Principal, department_id: int, *, today: date
) -> DepartmentLights:
    """A department's own list: its tasks (lead or supporting) in every plan with a calendar."""
    require_signed_in(principal)
    with transaction(factory, read_only=True) as session:
        row = session.get(DepartmentRow, department_id)
        if row is None:
            raise NotFoundError(f"找不到编号为 {department_id} 的部门，请先查看部门列表。")
        if principal.role is UserRole.REPORTER and row.name not in principal.department_names:
            raise PermissionDeniedError("您只能查看本单位的督办清单。")
        plans: list[PlanLights] = []
        for calendar in all_calendars(session):
            found = _plan_lights(session, calendar.plan_id, today, None)
            own = tuple(light for light in found.lights if row.name in light.units)
            if own:
                plans.append(
                    PlanLights(
                        found.plan_id,
                        found.plan_title,
                        True,
                        found.rule_text,
                        today,
                        found.period,
                        found.periods,
                        own,
                    )
                )
    every = [light for p in plans for light in p.lights]
    return DepartmentLights(row.id, row.name, today, tuple(plans), _counts(every))
