"""Bulk reads for the evaluation report: every progress report of a plan's tasks in one query."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store.models import DepartmentRow, ProgressReportRow
from planwatch.store.tasks import report_out
from planwatch.store.views import ProgressReportOut


def reports_for_tasks(session: Session, task_ids: Collection[int]) -> dict[int, list[ProgressReportOut]]:
    """task id → its reports, oldest first (by time of writing, then id)."""
    found: dict[int, list[ProgressReportOut]] = {i: [] for i in task_ids}
    if not task_ids:
        return found
    query = (
        select(ProgressReportRow, DepartmentRow.name)
        .join(DepartmentRow, DepartmentRow.id == ProgressReportRow.department_id)
        .where(ProgressReportRow.task_id.in_(list(task_ids)))
        .order_by(ProgressReportRow.created_at, ProgressReportRow.id)
    )
    for row, name in session.execute(query):
        found[row.task_id].append(report_out(row, name))
    return found
