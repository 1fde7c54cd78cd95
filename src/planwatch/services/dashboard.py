"""The 总览 of a plan: how its indicators stand, how its tasks are reported, what changed, what is missing.

Everything is read in one read-only transaction with a bounded number of queries: the indicator
statuses come from `PlanEvaluator` (bulk reads, no query per indicator), tasks and their latest report
from `plan_task_facts`, the news from a bounded scan of the change history.

Rules the page follows (so a planner can say why a number is what it is):

* status counts are over the monitored indicators (table rows, then in-text targets not in the table);
* families group indicators by the kind of quantity they measure (see `indicator_detail.family_of`);
  each family chart shows, per indicator, the share of the way from baseline to target reached
  (完成度) next to the share the 序时进度 path asks for in the same year;
* a task's status is its latest report's status; a task nobody has reported on counts as 未报告;
  a department counts every task it leads or supports;
* data gaps look at the last three years up to the evaluation year (at most the plan's last year):
  indicators without an accepted figure that counts in one of those years, indicators whose status is
  数据不足, and tasks without any report.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.progress import ProgressStatus
from planwatch.domain.records import Qualifier, ReportStatus, ReviewState
from planwatch.monitor.wording import format_value
from planwatch.services.indicator_detail import (
    FAMILIES,
    QUALIFIER_WORDS,
    REVIEW_LABELS,
    IndicatorRowOut,
    indicator_row,
    plan_and_plans,
)
from planwatch.services.status import IndicatorEvaluation, PlanEvaluator
from planwatch.store import transaction
from planwatch.store.dashboard_queries import (
    ChangeContext,
    ChangeEvent,
    TaskFacts,
    change_context,
    display_names,
    plan_task_facts,
    recent_plan_changes,
)
from planwatch.store.views import PlanSummary

STATUS_ORDER = (
    ProgressStatus.ACHIEVED_EARLY,
    ProgressStatus.ACHIEVED,
    ProgressStatus.AHEAD,
    ProgressStatus.ON_SCHEDULE,
    ProgressStatus.BEHIND,
    ProgressStatus.NOT_ACHIEVED,
    ProgressStatus.INSUFFICIENT_DATA,
)
UNREPORTED = "未报告"
TASK_STATUS_ORDER = (
    ReportStatus.DONE.value,
    ReportStatus.IN_PROGRESS.value,
    ReportStatus.LAGGING.value,
    ReportStatus.NOT_STARTED.value,
    UNREPORTED,
)
GAP_WINDOW_YEARS = 3
TOP_DEPARTMENTS = 10
RECENT_CHANGES = 12
LISTED_UNREPORTED_TASKS = 10


@dataclass(frozen=True, slots=True)
class IndicatorStatusCount:
    status: ProgressStatus
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FamilyItem:
    """One indicator in a family chart; percentages are None when they cannot be computed."""

    indicator_id: int | None
    name: str
    status: ProgressStatus
    status_label: str
    achievement_percent: float | None
    expected_percent: float | None
    data_year: int | None
    latest_text: str | None
    target_label: str


@dataclass(frozen=True, slots=True)
class FamilyOut:
    key: str
    label: str
    description: str
    items: tuple[FamilyItem, ...]
    charted: int  # items with an achievement to draw


@dataclass(frozen=True, slots=True)
class TaskStatusCount:
    status: str  # a ReportStatus value, or 未报告
    count: int


@dataclass(frozen=True, slots=True)
class DepartmentTasks:
    department_id: int
    name: str
    total: int
    lead: int
    counts: tuple[TaskStatusCount, ...]


@dataclass(frozen=True, slots=True)
class TaskSummary:
    total: int
    by_status: tuple[TaskStatusCount, ...]
    by_department: tuple[DepartmentTasks, ...]
    departments_total: int


@dataclass(frozen=True, slots=True)
class RecentChange:
    changed_at: datetime.datetime
    changed_by: str
    who: str  # display name when the author is an account
    summary: str
    link: str | None
    table: str
    row_id: int


@dataclass(frozen=True, slots=True)
class MissingValues:
    indicator_id: int | None
    name: str
    missing_years: tuple[int, ...]
    last_year: int | None  # newest year with a figure that counts, if any


@dataclass(frozen=True, slots=True)
class InsufficientIndicator:
    indicator_id: int | None
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class UnreportedTask:
    task_id: int
    title: str
    excerpt: str
    line_start: int
    lead: str | None


@dataclass(frozen=True, slots=True)
class DataGaps:
    window_start: int | None
    window_end: int | None
    missing_values: tuple[MissingValues, ...]
    insufficient: tuple[InsufficientIndicator, ...]
    unreported_tasks_total: int
    unreported_tasks: tuple[UnreportedTask, ...]  # the first ones, in document order


@dataclass(frozen=True, slots=True)
class DashboardOut:
    plan: PlanSummary
    as_of_year: int
    indicator_total: int
    status_counts: tuple[IndicatorStatusCount, ...]
    families: tuple[FamilyOut, ...]
    tasks: TaskSummary
    recent_changes: tuple[RecentChange, ...]
    data_gaps: DataGaps
    notes: tuple[str, ...]


def dashboard(factory: sessionmaker[Session], plan_id: int, as_of_year: int) -> DashboardOut:
    """The 总览 of a plan as of a year (see the module docstring for the rules)."""
    with transaction(factory, read_only=True) as session:
        plan, plans = plan_and_plans(session, plan_id)
        evaluator = PlanEvaluator(session, plan, as_of_year, plans=plans)
        evaluations = evaluator.evaluate_all()
        rows = [indicator_row(e.status, plan) for e in evaluations]
        facts, department_names = plan_task_facts(session, plan.id)
        events = recent_plan_changes(session, plan.id, limit=RECENT_CHANGES)
        context = change_context(session, events)
        names = display_names(session, (e.changed_by for e in events))
        return DashboardOut(
            plan=plan,
            as_of_year=as_of_year,
            indicator_total=len(rows),
            status_counts=_status_counts(rows),
            families=_families(rows),
            tasks=_task_summary(facts, department_names),
            recent_changes=tuple(_change(e, context, names) for e in events),
            data_gaps=_data_gaps(plan, as_of_year, evaluations, rows, facts, department_names),
            notes=evaluator.plan_notes,
        )


def _status_counts(rows: Sequence[IndicatorRowOut]) -> tuple[IndicatorStatusCount, ...]:
    return tuple(
        IndicatorStatusCount(status, status.label, sum(1 for r in rows if r.status is status))
        for status in STATUS_ORDER
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100.0, 1)


def _families(rows: Sequence[IndicatorRowOut]) -> tuple[FamilyOut, ...]:
    result: list[FamilyOut] = []
    for family in FAMILIES:
        items = tuple(
            FamilyItem(
                indicator_id=r.indicator_id,
                name=r.name,
                status=r.status,
                status_label=r.status_label,
                achievement_percent=_percent(r.achievement),
                expected_percent=_percent(r.expected_achievement),
                data_year=r.data_year,
                latest_text=f"{r.latest.year}年 {r.latest.text}" if r.latest is not None else None,
                target_label=r.target_label,
            )
            for r in rows
            if r.family == family.key
        )
        if items:
            charted = sum(1 for i in items if i.achievement_percent is not None)
            result.append(FamilyOut(family.key, family.label, family.description, items, charted))
    return tuple(result)


def _task_summary(facts: Sequence[TaskFacts], names: dict[int, str]) -> TaskSummary:
    def status_of(fact: TaskFacts) -> str:
        return fact.latest_status.value if fact.latest_status is not None else UNREPORTED

    overall = {s: 0 for s in TASK_STATUS_ORDER}
    per_department: dict[int, dict[str, int]] = {}
    leads: dict[int, int] = {}
    for fact in facts:
        status = status_of(fact)
        overall[status] += 1
        departments = dict.fromkeys(
            ([fact.lead_id] if fact.lead_id is not None else []) + list(fact.supporting_ids)
        )
        for department_id in departments:
            counts = per_department.setdefault(department_id, {s: 0 for s in TASK_STATUS_ORDER})
            counts[status] += 1
        if fact.lead_id is not None:
            leads[fact.lead_id] = leads.get(fact.lead_id, 0) + 1
    ranked = sorted(per_department.items(), key=lambda item: (-sum(item[1].values()), names.get(item[0], "")))
    return TaskSummary(
        total=len(facts),
        by_status=tuple(TaskStatusCount(s, overall[s]) for s in TASK_STATUS_ORDER),
        by_department=tuple(
            DepartmentTasks(
                department_id=department_id,
                name=names.get(department_id, "—"),
                total=sum(counts.values()),
                lead=leads.get(department_id, 0),
                counts=tuple(TaskStatusCount(s, counts[s]) for s in TASK_STATUS_ORDER),
            )
            for department_id, counts in ranked[:TOP_DEPARTMENTS]
        ),
        departments_total=len(per_department),
    )


def _gap_window(plan: PlanSummary, as_of_year: int) -> tuple[int, int] | None:
    end = min(as_of_year, plan.period_end) if plan.period_end is not None else as_of_year
    start = end - GAP_WINDOW_YEARS + 1
    if plan.period_start is not None:
        start = max(start, plan.period_start)
    return (start, end) if start <= end else None


def _data_gaps(
    plan: PlanSummary,
    as_of_year: int,
    evaluations: Sequence[IndicatorEvaluation],
    rows: Sequence[IndicatorRowOut],
    facts: Sequence[TaskFacts],
    department_names: dict[int, str],
) -> DataGaps:
    window = _gap_window(plan, as_of_year)
    missing: list[MissingValues] = []
    if window is not None:
        wanted = range(window[0], window[1] + 1)
        for evaluation in evaluations:
            years = {f.observation.year for f in evaluation.figures}
            absent = tuple(y for y in wanted if y not in years)
            if absent:
                last = max((y for y in years if y <= window[1]), default=None)
                missing.append(
                    MissingValues(evaluation.status.indicator_id, evaluation.status.name, absent, last)
                )
    insufficient = tuple(
        InsufficientIndicator(r.indicator_id, r.name, r.reason)
        for r in rows
        if r.status is ProgressStatus.INSUFFICIENT_DATA
    )
    unreported = [f for f in facts if f.latest_status is None]
    return DataGaps(
        window_start=window[0] if window else None,
        window_end=window[1] if window else None,
        missing_values=tuple(missing),
        insufficient=insufficient,
        unreported_tasks_total=len(unreported),
        unreported_tasks=tuple(
            UnreportedTask(
                f.task_id,
                f.title,
                f.excerpt,
                f.line_start,
                department_names.get(f.lead_id) if f.lead_id else None,
            )
            for f in unreported[:LISTED_UNREPORTED_TASKS]
        ),
    )


# --- recent changes in words -----------------------------------------------------------------------

_OBSERVATION_FIELDS = {
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "scope": "口径范围",
    "source": "来源",
    "source_quote": "引文",
    "status": "数据状态",
    "qualifier": "限定词",
    "note": "备注",
    "review": "审核状态",
}
_REPORT_FIELDS = {"status": "状态", "narrative": "进展说明", "evidence": "佐证材料", "percent": "完成百分比"}


# The field every creation and deletion of a row records (creations go from nothing to a value):
# telling them from an edit that fills in or clears one field.
_IDENTITY_FIELDS = {
    "observations": "indicator_id",
    "progress_reports": "task_id",
    "observation_choices": "observation_id",
    "definition_breaks": "comparable_from",
    "indicator_name_mappings": "external_name",
}


def _created(event: ChangeEvent) -> bool:
    identity = event.fields.get(_IDENTITY_FIELDS.get(event.table, ""))
    return identity is not None and identity[0] is None and identity[1] is not None


def _deleted(event: ChangeEvent) -> bool:
    identity = event.fields.get(_IDENTITY_FIELDS.get(event.table, ""))
    return identity is not None and identity[0] is not None and identity[1] is None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _changed_fields(event: ChangeEvent, labels: dict[str, str]) -> str:
    parts = []
    for field, (old, new) in event.fields.items():
        label = labels.get(field, field)
        if field == "review":
            old, new = _review_label(old), _review_label(new)
        parts.append(f"{label}由“{_short(old)}”改为“{_short(new)}”")
    return "；".join(parts)


def _review_label(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return REVIEW_LABELS[ReviewState(value)]
    except ValueError:
        return value


def _short(text: str | None, limit: int = 30) -> str:
    if text is None or text == "":
        return "空"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure_words(
    fields: dict[str, tuple[str | None, str | None]],
    side: int,
    fallback: tuple[int, int, float, str, Qualifier] | None,
) -> str:
    """ "2024年数值突破16,000家" from the history's values (new for creations, old for deletions)."""

    def pick(name: str) -> str | None:
        pair = fields.get(name)
        return pair[side] if pair is not None else None

    year = pick("year") or (str(fallback[1]) if fallback else None)
    value = _number(pick("value"))
    if value is None and fallback is not None:
        value = fallback[2]
    unit = pick("unit") or (fallback[3] if fallback else "")
    qualifier = pick("qualifier") or (fallback[4].value if fallback else None)
    word = QUALIFIER_WORDS[Qualifier(qualifier)] if qualifier in {q.value for q in Qualifier} else ""
    figure = f"{word}{format_value(value, unit)}" if value is not None else ""
    return f"{year}年数值{figure}" if year else f"数值{figure}"


def _observation_change(event: ChangeEvent, context: ChangeContext) -> tuple[str, str | None]:
    stored = context.observations.get(event.row_id)
    indicator_id = stored[0] if stored is not None else None
    if indicator_id is None:  # a deleted observation: its history names the indicator
        old, new = event.fields.get("indicator_id", (None, None))
        named = old or new
        indicator_id = int(named) if named is not None and named.isdigit() else None
    name = context.indicator_names.get(indicator_id, "某指标") if indicator_id is not None else "某指标"
    link = f"/indicators/{indicator_id}" if indicator_id is not None and stored is not None else None
    fallback = stored
    if _created(event):
        return f"新增“{name}”{_figure_words(event.fields, 1, fallback)}", link
    if _deleted(event):
        return f"删除“{name}”{_figure_words(event.fields, 0, fallback)}", link
    figure = _figure_words({}, 1, fallback)
    if set(event.fields) == {"review"}:
        new = event.fields["review"][1]
        verb = {"accepted": "采纳", "rejected": "驳回", "proposed": "退回待审核："}.get(new or "", "审核")
        return f"{verb}“{name}”{figure}", link
    return f"修改“{name}”{figure}：{_changed_fields(event, _OBSERVATION_FIELDS)}", link


def _change(event: ChangeEvent, context: ChangeContext, names: dict[str, str]) -> RecentChange:
    summary, link = _describe(event, context)
    who = names.get(event.changed_by, event.changed_by)
    return RecentChange(
        changed_at=event.changed_at,
        changed_by=event.changed_by,
        who=who,
        summary=summary,
        link=link,
        table=event.table,
        row_id=event.row_id,
    )


def _indicator_words(context: ChangeContext, indicator_id: int | None) -> tuple[str, str | None]:
    if indicator_id is None or indicator_id not in context.indicator_names:
        return "某指标", None
    return context.indicator_names[indicator_id], f"/indicators/{indicator_id}"


def _describe(event: ChangeEvent, context: ChangeContext) -> tuple[str, str | None]:
    """One sentence saying what was done, and a link to the object when it still exists."""
    table = event.table
    if table == "observations":
        return _observation_change(event, context)
    if table == "observation_choices":
        choice = context.choices.get(event.row_id)
        if choice is None:
            return "取消一处人工指定的采用值，改按默认规则选取", None
        name, link = _indicator_words(context, choice[0])
        return f"指定“{name}”{choice[1]}年的采用值", link
    if table == "definition_breaks":
        found = context.breaks.get(event.row_id)
        if found is None:
            return "删除一处统计口径调整记录", None
        name, link = _indicator_words(context, found[0])
        return f"登记“{name}”统计口径自{found[1]}年起调整", link
    if table == "indicators":
        name, link = _indicator_words(context, event.row_id)
        old, new = event.fields.get("departments", (None, None))
        if "departments" in event.fields:
            return f"设置“{name}”的责任单位：{old or '无'} → {new or '无'}", link
        return f"修改指标“{name}”：{_changed_fields(event, {})}", link
    if table == "indicator_name_mappings":
        mapping = context.mappings.get(event.row_id)
        if mapping is None:
            return "删除一条数据文件名称对应关系", None
        name, link = _indicator_words(context, mapping[1])
        return f"确认数据文件中的“{mapping[0]}”对应指标“{name}”", link
    if table == "progress_reports":
        task_id = context.reports.get(event.row_id)
        title = context.task_titles.get(task_id, "某任务") if task_id is not None else "某任务"
        link = f"/tasks/{task_id}" if task_id is not None else None
        if _created(event):
            status = event.fields.get("status", (None, None))[1]
            period = event.fields.get("period_label", (None, None))[1]
            when = f"{period}" if period else ""
            return f"填报任务进展{when}（{status or '—'}）：{_short(title, 40)}", link
        return f"修改任务进展报告：{_short(title, 40)}；{_changed_fields(event, _REPORT_FIELDS)}", link
    return f"修改 {table} 第 {event.row_id} 条", None
