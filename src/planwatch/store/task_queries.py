"""Set-based queries behind the task, department and audit pages.

The pages show every current task with its latest report and whether it was reported for a period;
asking `task_state` task by task would cost a few queries per row. These functions answer for all
tasks (or all audit lines) of a page in a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from planwatch.store.errors import NotFoundError
from planwatch.store.history import record_change
from planwatch.store.models import (
    ChangeHistoryRow,
    DefinitionBreakRow,
    DepartmentAliasRow,
    DepartmentRow,
    IndicatorNameMappingRow,
    ObservationChoiceRow,
    ObservationRow,
    ProgressReportRow,
    TaskRow,
)
from planwatch.store.tasks import current_revision_ids, report_out, task_outs
from planwatch.store.views import ProgressReportOut, TaskOut


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the stored reports of one task say: the newest one and every period label reported."""

    latest: ProgressReportOut
    periods: frozenset[str]
    count: int


def current_tasks(session: Session, *, plan_id: int | None = None) -> list[TaskOut]:
    """Tasks of the plans' latest revisions (one plan or all), by plan then document order."""
    query = (
        select(TaskRow)
        .options(selectinload(TaskRow.supporting))
        .where(TaskRow.revision_id.in_(current_revision_ids()))
    )
    if plan_id is not None:
        query = query.where(TaskRow.plan_id == plan_id)
    rows = list(session.scalars(query.order_by(TaskRow.plan_id, TaskRow.line_start, TaskRow.id)))
    return task_outs(session, rows)


def department_ids_by_name(session: Session) -> dict[str, int]:
    """Canonical department name → id, to link the names a `TaskOut` carries to department pages."""
    return {name: i for name, i in session.execute(select(DepartmentRow.name, DepartmentRow.id))}


def report_facts(session: Session, task_ids: Collection[int] | None = None) -> dict[int, ReportFacts]:
    """For each task with at least one report: its latest report (by time of writing) and its periods.

    `task_ids=None` reads the reports of every task, which is cheaper than a long IN list when a page
    covers all plans.
    """
    query = select(ProgressReportRow, DepartmentRow.name).join(
        DepartmentRow, DepartmentRow.id == ProgressReportRow.department_id
    )
    if task_ids is not None:
        if not task_ids:
            return {}
        query = query.where(ProgressReportRow.task_id.in_(list(task_ids)))
    latest: dict[int, ProgressReportOut] = {}
    periods: dict[int, set[str]] = {}
    counts: dict[int, int] = {}
    for row, name in session.execute(query.order_by(ProgressReportRow.created_at, ProgressReportRow.id)):
        latest[row.task_id] = report_out(row, name)
        periods.setdefault(row.task_id, set()).add(row.period_label)
        counts[row.task_id] = counts.get(row.task_id, 0) + 1
    return {
        task_id: ReportFacts(report, frozenset(periods[task_id]), counts[task_id])
        for task_id, report in latest.items()
    }


def get_report(session: Session, report_id: int) -> ProgressReportOut:
    """One progress report by id."""
    found = session.execute(
        select(ProgressReportRow, DepartmentRow.name)
        .join(DepartmentRow, DepartmentRow.id == ProgressReportRow.department_id)
        .where(ProgressReportRow.id == report_id)
    ).first()
    if found is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的进展报告，请先查看该任务的报告列表。")
    return report_out(found[0], found[1])


def amend_report(
    session: Session,
    report_id: int,
    *,
    who: str,
    period_label: str | None = None,
    clear_percent: bool = False,
) -> ProgressReportOut:
    """The corrections `update_progress_report` cannot express: a new period label, removing the percent.

    Each changed field goes to the change history like every other edit.
    """
    row = session.get(ProgressReportRow, report_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的进展报告，请先查看该任务的报告列表。")
    if period_label is not None:
        record_change(
            session, "progress_reports", row.id, "period_label", row.period_label, period_label, who
        )
        row.period_label = period_label
    if clear_percent:
        record_change(session, "progress_reports", row.id, "percent", row.percent, None, who)
        row.percent = None
    session.flush()
    return get_report(session, report_id)


def history_tables(session: Session) -> list[str]:
    """Every table name that appears in the change history, for the audit log's filter."""
    return list(
        session.scalars(select(ChangeHistoryRow.table_name).distinct().order_by(ChangeHistoryRow.table_name))
    )


def history_authors(session: Session) -> list[str]:
    """Everybody who has changed something, for the audit log's filter."""
    return list(
        session.scalars(select(ChangeHistoryRow.changed_by).distinct().order_by(ChangeHistoryRow.changed_by))
    )


# For tables whose rows belong to another object: the model, its column naming the owner, and the
# field the change history records that owner under (so deleted rows can still be placed).
_OWNERS: dict[str, tuple[InstrumentedAttribute[int], InstrumentedAttribute[int], str]] = {
    "progress_reports": (ProgressReportRow.id, ProgressReportRow.task_id, "task_id"),
    "observations": (ObservationRow.id, ObservationRow.indicator_id, "indicator_id"),
    "definition_breaks": (DefinitionBreakRow.id, DefinitionBreakRow.indicator_id, "indicator_id"),
    "indicator_name_mappings": (
        IndicatorNameMappingRow.id,
        IndicatorNameMappingRow.indicator_id,
        "indicator_id",
    ),
    "observation_choices": (ObservationChoiceRow.id, ObservationChoiceRow.indicator_id, "observation_id"),
    "department_aliases": (DepartmentAliasRow.id, DepartmentAliasRow.department_id, "department_id"),
}


def _recorded_ids(session: Session, table: str, row_ids: Sequence[int], field: str) -> dict[int, int]:
    """The value the history recorded for `field` of each row (its latest mention wins)."""
    found: dict[int, int] = {}
    query = (
        select(ChangeHistoryRow.row_id, ChangeHistoryRow.old_value, ChangeHistoryRow.new_value)
        .where(
            ChangeHistoryRow.table_name == table,
            ChangeHistoryRow.field == field,
            ChangeHistoryRow.row_id.in_(list(row_ids)),
        )
        .order_by(ChangeHistoryRow.id)
    )
    for row_id, old, new in session.execute(query):
        value = new if new is not None else old
        if value is not None and value.isdigit():
            found[row_id] = int(value)
    return found


def owner_ids(session: Session, table: str, row_ids: Collection[int]) -> dict[int, int]:
    """For rows of a table that belong to another object, the owner's id: a report's task, an
    observation's indicator, an alias's department. Rows deleted since are placed through the history.

    Observation choices name their indicator directly while alive and only their observation in the
    history, so a deleted choice is placed through that observation.
    """
    spec = _OWNERS.get(table)
    ids = sorted(set(row_ids))
    if spec is None or not ids:
        return {}
    key, column, field = spec
    found = {row_id: owner for row_id, owner in session.execute(select(key, column).where(key.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        recorded = _recorded_ids(session, table, missing, field)
        if table == "observation_choices":
            indicators = owner_ids(session, "observations", set(recorded.values()))
            recorded = {i: indicators[o] for i, o in recorded.items() if o in indicators}
        found.update(recorded)
    return found


def existing_department_ids(session: Session, ids: Collection[int]) -> set[int]:
    """Which of these department ids still exist (deleted ones get no link)."""
    if not ids:
        return set()
    return set(session.scalars(select(DepartmentRow.id).where(DepartmentRow.id.in_(list(ids)))))
