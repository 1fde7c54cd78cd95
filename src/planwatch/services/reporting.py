"""Progress reporting: where every task stands, which tasks are overdue, and filing or correcting reports.

**Reporting period.** Each plan's tasks are reported once a year. The period a plan is due to report for,
as of the evaluation year E, is year E while the plan runs, and the plan's last year once it has ended
(a 2021–2025 plan evaluated in 2026 reports for 2025). A report counts for that period when its period
label starts with the year: "2025", "2025H1", "2025年上半年" all count for 2025.

**Overdue.** A task is overdue when it is a current task (its plan's latest revision still contains it) of
a plan whose period has started (first year ≤ E), and either nobody has reported on it for the
reporting period, or its latest report (by time of writing) says 滞后. Plans not yet started have no
overdue tasks. The same rule serves the task list, the department pages and the API.

**Who writes.** Every write goes through `services.permissions`, so the forms and the API enforce one
rule: a reporter files reports only on tasks one of its departments leads or supports, in the name of
one of those departments, and edits only its departments' reports; admins do anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError, PlanwatchError
from planwatch.domain.plan import Role
from planwatch.domain.records import ReportStatus
from planwatch.services.permissions import (
    require_edit_report,
    require_report_on,
    require_writer,
    task_departments,
)
from planwatch.store import NotFoundError, history_for, list_departments, list_plans, transaction
from planwatch.store.departments import find_department_row
from planwatch.store.task_queries import (
    ReportFacts,
    amend_report,
    current_tasks,
    department_ids_by_name,
    get_report,
    report_facts,
)
from planwatch.store.tasks import add_progress_report, get_task, reports_for_task, update_progress_report
from planwatch.store.views import ChangeOut, DepartmentOut, PlanSummary, ProgressReportOut, TaskOut

NOT_REPORTED = "未报告"
"""The status shown for a task nobody has reported on yet (not a ReportStatus: nobody said it)."""

STATUS_CHOICES: tuple[str, ...] = (*(s.value for s in ReportStatus), NOT_REPORTED)
"""Every latest-status value a task can have, in the order pages list them."""

LEAD, SUPPORT, PARTICIPANT = "牵头", "配合", "参与"

OVERDUE_RULE = (
    "逾期：规划期已开始的现行任务，在本报告期（评估年度；规划期已结束的，为规划末年）内没有进展报告，"
    "或最新一次进展报告为“滞后”。报告期写作“2025”“2025H1”“2025年上半年”等的，均算作 2025 年的报告。"
)

MAX_PERIOD_LABEL = 20  # the column's length
MAX_NARRATIVE = 10_000
MAX_EVIDENCE_ITEMS = 50
MAX_EVIDENCE_LENGTH = 1_000

_YEAR = re.compile(r"\s*(\d{4})")


@dataclass(frozen=True, slots=True)
class ReportingPeriod:
    """The period a plan's tasks are due to be reported for, as of the evaluation year."""

    plan_id: int
    year: int
    label: str  # the year as text: what the report form proposes
    started: bool  # the plan's period has begun, so its tasks are due
    ended: bool  # the plan's period is over, so its last year is the one reported


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A department responsible for a task, with its id (for links) and its part in the task."""

    id: int | None
    name: str
    role: str  # 牵头 / 配合 / 参与


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """A task, its responsible units, its latest report and whether it is overdue (see the module rule)."""

    task: TaskOut
    units: tuple[UnitRef, ...]
    latest: ProgressReportOut | None
    status: str  # the latest report's status, or 未报告
    report_count: int
    period_label: str  # the reporting period the task is due for
    due: bool  # the plan's period has started
    reported: bool  # a report exists for the reporting period
    overdue: bool
    overdue_reason: str | None  # why it is overdue, in Chinese


@dataclass(frozen=True, slots=True)
class TaskFilter:
    """What the task list may be narrowed to; empty fields do not filter."""

    department: str | None = None  # name or alias of a lead or supporting unit
    status: str | None = None  # a ReportStatus value or 未报告
    overdue: bool = False
    q: str | None = None  # words that must all occur in the task's heading, text, note or units


@dataclass(frozen=True, slots=True)
class TaskList:
    """The tasks of one plan (or all plans) that match a filter, with what the filter form offers."""

    plan: PlanSummary | None
    period: ReportingPeriod | None
    tasks: tuple[TaskProgress, ...]
    departments: tuple[str, ...]  # every unit of the listed plan(s), for the department filter
    overdue_rule: str = OVERDUE_RULE


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class DepartmentSummary:
    """A department and its current tasks across plans: how many it leads or supports, where they stand."""

    id: int
    name: str
    aliases: tuple[str, ...]
    led: int
    supported: int
    statuses: tuple[StatusCount, ...]  # latest status of its tasks (incl. 未报告), only those that occur
    overdue: int


@dataclass(frozen=True, slots=True)
class DepartmentTask:
    role: str  # the department's part: 牵头 / 配合 / 参与
    progress: TaskProgress


@dataclass(frozen=True, slots=True)
class DepartmentPlan:
    """A department's tasks in one plan, in document order."""

    plan: PlanSummary
    period: ReportingPeriod
    tasks: tuple[DepartmentTask, ...]
    overdue: int


@dataclass(frozen=True, slots=True)
class DepartmentDetail:
    summary: DepartmentSummary
    plans: tuple[DepartmentPlan, ...]
    overdue: tuple[DepartmentTask, ...]  # its overdue tasks across plans
    overdue_rule: str = OVERDUE_RULE


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """A report and the corrections made to it after it was filed (oldest first)."""

    report: ProgressReportOut
    edits: tuple[ChangeOut, ...]


@dataclass(frozen=True, slots=True)
class TaskDetail:
    """Everything the task page shows, including what the caller may do there."""

    plan: PlanSummary
    progress: TaskProgress
    reports: tuple[ReportEntry, ...]  # newest first
    can_report: bool
    reporting_departments: tuple[str, ...]  # in whose name the caller may report, lead first
    editable_reports: tuple[int, ...]  # ids of the reports the caller may correct
    default_period: str
    overdue_rule: str = OVERDUE_RULE


@dataclass(frozen=True, slots=True)
class ReportInput:
    """A new report as a form or the API sends it."""

    period_label: str
    status: ReportStatus
    narrative: str = ""
    evidence: tuple[str, ...] = ()
    percent: float | None = None
    department: str | None = None  # required only when the caller could report for several units


@dataclass(frozen=True, slots=True)
class ReportChange:
    """A correction of a report: fields left as None stay as they are."""

    period_label: str | None = None
    status: ReportStatus | None = None
    narrative: str | None = None
    evidence: tuple[str, ...] | None = None
    percent: float | None = None
    clear_percent: bool = False  # remove the percent (None above means "unchanged")


@dataclass(frozen=True, slots=True)
class ReportForEdit:
    """A report and its task, for the edit form."""

    report: ProgressReportOut
    task: TaskOut
    plan: PlanSummary


# --- rules -----------------------------------------------------------------------------------------


def reporting_period(plan: PlanSummary, evaluation_year: int) -> ReportingPeriod:
    """The period `plan` reports for in `evaluation_year` (see the module docstring)."""
    end = plan.period_end
    year = evaluation_year if end is None else min(evaluation_year, end)
    started = plan.period_start is None or plan.period_start <= evaluation_year
    ended = end is not None and end < evaluation_year
    return ReportingPeriod(plan.id, year, str(year), started, ended)


def label_year(label: str) -> int | None:
    """The year a period label is about ("2025H1" → 2025), None when it does not start with one."""
    match = _YEAR.match(label)
    return int(match.group(1)) if match else None


def _role_of(task: TaskOut, name: str) -> str:
    if task.lead == name:
        return LEAD
    for unit in task.supporting:
        if unit.name == name:
            return PARTICIPANT if unit.role is Role.PARTICIPANT else SUPPORT
    return SUPPORT


def _units(task: TaskOut, ids: dict[str, int]) -> tuple[UnitRef, ...]:
    units = [UnitRef(ids.get(task.lead), task.lead, LEAD)] if task.lead else []
    units += [UnitRef(ids.get(u.name), u.name, _role_of(task, u.name)) for u in task.supporting]
    return tuple(units)


def _progress(
    task: TaskOut, facts: ReportFacts | None, period: ReportingPeriod, ids: dict[str, int]
) -> TaskProgress:
    latest = facts.latest if facts else None
    reported = facts is not None and any(label_year(p) == period.year for p in facts.periods)
    due = task.current and period.started
    reason: str | None = None
    if due and not reported:
        reason = f"{period.label} 年度尚未报告"
    elif due and latest is not None and latest.status is ReportStatus.LAGGING:
        reason = "最新报告为“滞后”"
    return TaskProgress(
        task=task,
        units=_units(task, ids),
        latest=latest,
        status=latest.status.value if latest else NOT_REPORTED,
        report_count=facts.count if facts else 0,
        period_label=period.label,
        due=due,
        reported=reported,
        overdue=reason is not None,
        overdue_reason=reason,
    )


def _matches(progress: TaskProgress, words: Sequence[str]) -> bool:
    task = progress.task
    haystack = " ".join(
        [task.title, task.text, task.responsibility_text, *(u.name for u in progress.units)]
    ).casefold()
    return all(word in haystack for word in words)


def _progress_rows(
    session: Session, evaluation_year: int, plan_id: int | None
) -> tuple[dict[int, PlanSummary], dict[int, ReportingPeriod], list[TaskProgress]]:
    plans = {p.id: p for p in list_plans(session)}
    periods = {i: reporting_period(p, evaluation_year) for i, p in plans.items()}
    tasks = current_tasks(session, plan_id=plan_id)
    facts = report_facts(session, [t.id for t in tasks] if plan_id is not None else None)
    ids = department_ids_by_name(session)
    rows = [_progress(t, facts.get(t.id), periods[t.plan_id], ids) for t in tasks]
    return plans, periods, rows


def _plan(plans: dict[int, PlanSummary], plan_id: int) -> PlanSummary:
    plan = plans.get(plan_id)
    if plan is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划，请先查看规划列表。")
    return plan


def _check_status_filter(status: str | None) -> str | None:
    if status is None or not status.strip():
        return None
    if status.strip() not in STATUS_CHOICES:
        raise InputError(f"状态“{status}”无法识别，请从 {'、'.join(STATUS_CHOICES)} 中选择。")
    return status.strip()


def _department(session: Session, name: str) -> DepartmentOut:
    row = find_department_row(session, name)
    if row is None:
        raise NotFoundError(f"找不到名为“{name.strip()}”的责任单位，请检查名称（可用全称或已登记的简称）。")
    return DepartmentOut(row.id, row.name, tuple(a.alias for a in row.aliases))


# --- reading ---------------------------------------------------------------------------------------


def list_task_progress(
    factory: sessionmaker[Session],
    *,
    evaluation_year: int,
    plan_id: int | None = None,
    filters: TaskFilter | None = None,
) -> TaskList:
    """Current tasks of one plan (or of all plans when `plan_id` is None) matching `filters`, in plan
    and document order, each with its latest report and overdue state."""
    chosen = filters or TaskFilter()
    status = _check_status_filter(chosen.status)
    with transaction(factory, read_only=True) as session:
        plans, periods, rows = _progress_rows(session, evaluation_year, plan_id)
        plan = _plan(plans, plan_id) if plan_id is not None else None
        units = sorted({u.name for r in rows for u in r.units})
        if chosen.department and chosen.department.strip():
            name = _department(session, chosen.department).name
            rows = [r for r in rows if any(u.name == name for u in r.units)]
    if status is not None:
        rows = [r for r in rows if r.status == status]
    if chosen.overdue:
        rows = [r for r in rows if r.overdue]
    words = (chosen.q or "").casefold().split()
    if words:
        rows = [r for r in rows if _matches(r, words)]
    return TaskList(
        plan=plan,
        period=periods[plan.id] if plan else None,
        tasks=tuple(rows),
        departments=tuple(units),
    )


def _summaries(departments: Iterable[DepartmentOut], rows: Sequence[TaskProgress]) -> list[DepartmentSummary]:
    by_name: dict[str, list[tuple[str, TaskProgress]]] = {}
    for row in rows:
        for unit in row.units:
            by_name.setdefault(unit.name, []).append((unit.role, row))
    summaries = []
    for dept in departments:
        tasks = by_name.get(dept.name, [])
        counts = {s: sum(1 for _, r in tasks if r.status == s) for s in STATUS_CHOICES}
        summaries.append(
            DepartmentSummary(
                id=dept.id,
                name=dept.name,
                aliases=dept.aliases,
                led=sum(1 for role, _ in tasks if role == LEAD),
                supported=sum(1 for role, _ in tasks if role != LEAD),
                statuses=tuple(StatusCount(s, n) for s, n in counts.items() if n),
                overdue=sum(1 for _, r in tasks if r.overdue),
            )
        )
    return summaries


def department_summaries(
    factory: sessionmaker[Session], *, evaluation_year: int, q: str | None = None
) -> list[DepartmentSummary]:
    """Every department (by name), optionally those whose name or an alias contains `q`, with its
    current tasks across plans counted by role, latest status and overdue state."""
    with transaction(factory, read_only=True) as session:
        _plans, _periods, rows = _progress_rows(session, evaluation_year, None)
        departments = list_departments(session)
    needle = (q or "").strip().casefold()
    if needle:
        departments = [d for d in departments if any(needle in n.casefold() for n in (d.name, *d.aliases))]
    return _summaries(departments, rows)


def department_detail(
    factory: sessionmaker[Session], department_id: int, *, evaluation_year: int
) -> DepartmentDetail:
    """A department's current tasks grouped by plan (latest plan first), its role in each, and what is overdue."""
    with transaction(factory, read_only=True) as session:
        department = next((d for d in list_departments(session) if d.id == department_id), None)
        if department is None:
            raise NotFoundError(f"找不到编号为 {department_id} 的部门，请先查看部门列表。")
        plans, periods, rows = _progress_rows(session, evaluation_year, None)
    mine = [
        DepartmentTask(unit.role, row) for row in rows for unit in row.units if unit.name == department.name
    ]
    groups = []
    for plan_id in sorted({t.progress.task.plan_id for t in mine}, key=lambda i: _plan_order(plans[i])):
        tasks = tuple(t for t in mine if t.progress.task.plan_id == plan_id)
        groups.append(
            DepartmentPlan(
                plans[plan_id], periods[plan_id], tasks, sum(1 for t in tasks if t.progress.overdue)
            )
        )
    return DepartmentDetail(
        summary=_summaries([department], rows)[0],
        plans=tuple(groups),
        overdue=tuple(t for g in groups for t in g.tasks if t.progress.overdue),
    )


def _plan_order(plan: PlanSummary) -> tuple[int, int]:
    return (-(plan.period_start or 0), plan.id)


def _reporting_departments(principal: Principal, task: TaskOut) -> tuple[str, ...]:
    units = ([task.lead] if task.lead else []) + [u.name for u in task.supporting if u.name != task.lead]
    if principal.is_admin:
        return tuple(units)
    if not principal.can_write:
        return ()
    return tuple(u for u in units if u in principal.department_names)


_CREATION_FIELDS = frozenset(
    {"task_id", "department_id", "period_label", "status", "narrative", "evidence", "percent"}
)


def _edits(report: ProgressReportOut, history: Sequence[ChangeOut]) -> tuple[ChangeOut, ...]:
    """The history of a report without the lines that recorded its filing.

    Filing writes one line per field (from nothing to the value) in the same transaction as the report;
    those lead the history, are by the author, and are stamped within moments of the report itself.
    """
    seen: set[str] = set()
    skip = 0
    for change in history:
        if (
            change.old_value is not None
            or change.field in seen
            or change.field not in _CREATION_FIELDS
            or change.changed_by != report.author
            or abs(change.changed_at - report.created_at) > timedelta(seconds=2)
        ):
            break
        seen.add(change.field)
        skip += 1
    return tuple(history[skip:])


def task_detail(
    factory: sessionmaker[Session], task_id: int, principal: Principal, *, evaluation_year: int
) -> TaskDetail:
    """A task with its units, all its reports (newest first, each with its corrections) and what the
    caller may do: whether it may report and in whose name."""
    with transaction(factory, read_only=True) as session:
        task = get_task(session, task_id)
        plans = {p.id: p for p in list_plans(session)}
        plan = _plan(plans, task.plan_id)
        period = reporting_period(plan, evaluation_year)
        facts = report_facts(session, [task.id])
        progress = _progress(task, facts.get(task.id), period, department_ids_by_name(session))
        reports = reports_for_task(session, task.id)
        entries = tuple(
            ReportEntry(r, _edits(r, history_for(session, "progress_reports", r.id)))
            for r in reversed(reports)
        )
    departments = _reporting_departments(principal, task)
    return TaskDetail(
        plan=plan,
        progress=progress,
        reports=entries,
        can_report=bool(departments) and not principal.is_anonymous,
        reporting_departments=departments,
        editable_reports=tuple(e.report.id for e in entries if can_edit_report(principal, e.report)),
        default_period=period.label,
    )


def can_edit_report(principal: Principal, report: ProgressReportOut) -> bool:
    """Whether `require_edit_report` lets the principal correct this report (to offer the edit link)."""
    try:
        require_edit_report(principal, report)
    except PlanwatchError:
        return False
    return True


def task_reports(factory: sessionmaker[Session], task_id: int) -> list[ProgressReportOut]:
    """All reports on a task, newest first."""
    with transaction(factory, read_only=True) as session:
        get_task(session, task_id)  # a missing task is a 404, not an empty list
        return list(reversed(reports_for_task(session, task_id)))


def report(factory: sessionmaker[Session], report_id: int) -> ProgressReportOut:
    """One report by id (reports are as public as the tasks they are about)."""
    with transaction(factory, read_only=True) as session:
        return get_report(session, report_id)


# --- writing ---------------------------------------------------------------------------------------


def _clean_label(label: str) -> str:
    cleaned = label.strip()
    if not cleaned:
        raise InputError("请填写报告期，如“2025”或“2025H1”。")
    if len(cleaned) > MAX_PERIOD_LABEL:
        raise InputError(f"报告期“{cleaned}”太长，请不超过 {MAX_PERIOD_LABEL} 个字符，如“2025”或“2025H1”。")
    return cleaned


def _clean_percent(percent: float | None) -> float | None:
    if percent is None:
        return None
    if not 0 <= percent <= 100:
        raise InputError(f"完成百分比 {percent:g} 超出范围，请填写 0 到 100 之间的数。")
    return float(percent)


def _clean_narrative(narrative: str) -> str:
    cleaned = narrative.strip()
    if len(cleaned) > MAX_NARRATIVE:
        raise InputError(f"进展说明太长，请精简到 {MAX_NARRATIVE} 字以内。")
    return cleaned


def _clean_evidence(evidence: Iterable[str]) -> tuple[str, ...]:
    items = tuple(e.strip() for e in evidence if e.strip())
    if len(items) > MAX_EVIDENCE_ITEMS:
        raise InputError(f"佐证材料最多 {MAX_EVIDENCE_ITEMS} 条，请合并或精简。")
    if any(len(e) > MAX_EVIDENCE_LENGTH for e in items):
        raise InputError(f"每条佐证材料请不超过 {MAX_EVIDENCE_LENGTH} 个字符。")
    return items


def _reporting_unit(session: Session, principal: Principal, task: TaskOut, department: str | None) -> str:
    """The unit a report is filed in the name of: the one asked for, or the caller's only unit for the task.

    The permission check comes first, so a refused caller learns nothing about the task's units.
    """
    if department is not None and department.strip():
        row = find_department_row(session, department)
        name = row.name if row is not None else department.strip()
        require_report_on(principal, task, name)
        if name not in task_departments(task):
            raise InputError(f"“{name}”不是该任务的责任单位，请选择该任务的牵头或配合单位。")
        return name
    require_report_on(principal, task)
    choices = _reporting_departments(principal, task)
    if not choices:
        raise InputError("该任务没有登记责任单位，无法填报；请联系规划处补充责任单位。")
    if len(choices) > 1 and not principal.is_admin:
        raise InputError(f"您可以代表多个责任单位填报该任务，请选择其一：{'、'.join(choices)}。")
    return choices[0]  # an admin without a choice reports for the lead unit


def check_may_file(
    factory: sessionmaker[Session], principal: Principal, task_id: int, department: str | None = None
) -> None:
    """Refuse (403/401/404) a caller that may not report on the task, before a form's values are read, so
    a refused caller hears "not allowed" rather than what was wrong with its form. `file_report` checks
    again in its own transaction; this is only the early answer."""
    require_writer(principal)
    with transaction(factory, read_only=True) as session:
        task = get_task(session, task_id)
        if department is not None and department.strip():
            row = find_department_row(session, department)
            require_report_on(principal, task, row.name if row is not None else department.strip())
        else:
            require_report_on(principal, task)


def file_report(
    factory: sessionmaker[Session], principal: Principal, task_id: int, data: ReportInput
) -> ProgressReportOut:
    """File a report on a task in the name of one of its units (see `_reporting_unit`); recorded in the
    change history under the caller's username."""
    require_writer(principal)
    with transaction(factory) as session:
        task = get_task(session, task_id)
        unit = _reporting_unit(session, principal, task, data.department)
        return add_progress_report(
            session,
            task.id,
            department=unit,
            period_label=_clean_label(data.period_label),
            status=ReportStatus(data.status),
            author=principal.username,
            narrative=_clean_narrative(data.narrative),
            evidence=_clean_evidence(data.evidence),
            percent=_clean_percent(data.percent),
        )


def report_for_edit(factory: sessionmaker[Session], principal: Principal, report_id: int) -> ReportForEdit:
    """A report the caller may correct, with its task (refused like the edit itself when it may not)."""
    require_writer(principal)
    with transaction(factory, read_only=True) as session:
        report = get_report(session, report_id)
        require_edit_report(principal, report)
        task = get_task(session, report.task_id)
        plan = _plan({p.id: p for p in list_plans(session)}, task.plan_id)
    return ReportForEdit(report, task, plan)


def edit_report(
    factory: sessionmaker[Session], principal: Principal, report_id: int, change: ReportChange
) -> ProgressReportOut:
    """Correct a report; each changed field is recorded in the change history under the caller's name."""
    require_writer(principal)
    with transaction(factory) as session:
        report = get_report(session, report_id)
        require_edit_report(principal, report)
        label = _clean_label(change.period_label) if change.period_label is not None else None
        update_progress_report(
            session,
            report.id,
            who=principal.username,
            status=ReportStatus(change.status) if change.status is not None else None,
            narrative=_clean_narrative(change.narrative) if change.narrative is not None else None,
            evidence=_clean_evidence(change.evidence) if change.evidence is not None else None,
            percent=None if change.clear_percent else _clean_percent(change.percent),
        )
        return amend_report(
            session, report.id, who=principal.username, period_label=label, clear_percent=change.clear_percent
        )
