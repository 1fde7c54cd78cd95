"""API: departments with their tasks across plans, latest report statuses and overdue tasks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from planwatch.api.pagination import Page, PageParams, page_params, paginate
from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services import reporting
from planwatch.services.reporting import DepartmentDetail, DepartmentSummary

router = APIRouter(tags=["部门"])


@router.get("/departments", response_model=Page[DepartmentSummary])
def list_departments(
    _who: Reader,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    q: Annotated[str | None, Query(description="按名称或简称筛选")] = None,
) -> Page[DepartmentSummary]:
    summaries = reporting.department_summaries(state.factory, evaluation_year=state.evaluation_year, q=q)
    return paginate(summaries, params)


@router.get("/departments/{department_id}", response_model=DepartmentDetail)
def get_department(department_id: int, _who: Reader, state: State) -> DepartmentDetail:
    return reporting.department_detail(state.factory, department_id, evaluation_year=state.evaluation_year)
