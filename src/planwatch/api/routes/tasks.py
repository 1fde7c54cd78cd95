"""API: tasks with their latest report and overdue state, a task's reports, and filing a report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from planwatch.api.pagination import Page, PageParams, page_params, paginate
from planwatch.domain.records import ReportStatus
from planwatch.server.auth import Reader, Writer
from planwatch.server.state import State
from planwatch.services import reporting
from planwatch.services.reporting import ReportInput, TaskDetail, TaskFilter, TaskProgress
from planwatch.store.views import ProgressReportOut

router = APIRouter(tags=["任务与进展报告"])


class ReportIn(BaseModel):
    """A new progress report. `department` is needed only when the caller may report for several units."""

    period_label: str = Field(description="报告期，如 2025 或 2025H1")
    status: ReportStatus = Field(description="未启动 / 推进中 / 已完成 / 滞后")
    percent: float | None = Field(None, description="完成百分比 0–100，可不填")
    narrative: str = Field("", description="进展说明")
    evidence: list[str] = Field(default_factory=list, description="佐证材料，每条一项")
    department: str | None = Field(None, description="以哪个责任单位的名义填报")


@router.get("/tasks", response_model=Page[TaskProgress])
def list_tasks(
    _who: Reader,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    plan_id: Annotated[int | None, Query(description="规划编号；不填则列出全部规划的任务")] = None,
    department: Annotated[str | None, Query(description="牵头或配合单位（全称或简称）")] = None,
    status_: Annotated[
        str | None, Query(alias="status", description="最新报告状态：未启动/推进中/已完成/滞后/未报告")
    ] = None,
    overdue: Annotated[bool, Query(description="只看逾期任务")] = False,
    q: Annotated[str | None, Query(description="在标题、原文、责任单位中查找的词")] = None,
) -> Page[TaskProgress]:
    listing = reporting.list_task_progress(
        state.factory,
        evaluation_year=state.evaluation_year,
        plan_id=plan_id,
        filters=TaskFilter(department=department, status=status_, overdue=overdue, q=q),
    )
    return paginate(listing.tasks, params)


@router.get("/tasks/{task_id}", response_model=TaskDetail)
def get_task(task_id: int, who: Reader, state: State) -> TaskDetail:
    return reporting.task_detail(state.factory, task_id, who, evaluation_year=state.evaluation_year)


@router.get("/tasks/{task_id}/reports", response_model=list[ProgressReportOut])
def task_reports(task_id: int, _who: Reader, state: State) -> list[ProgressReportOut]:
    """All reports on the task, newest first."""
    return reporting.task_reports(state.factory, task_id)


@router.post(
    "/tasks/{task_id}/reports", response_model=ProgressReportOut, status_code=status.HTTP_201_CREATED
)
def file_report(task_id: int, body: ReportIn, principal: Writer, state: State) -> ProgressReportOut:
    data = ReportInput(
        period_label=body.period_label,
        status=body.status,
        narrative=body.narrative,
        evidence=tuple(body.evidence),
        percent=body.percent,
        department=body.department,
    )
    return reporting.file_report(state.factory, principal, task_id, data)
