"""API: a plan's indicator table, one indicator in full (with chart series), responsible departments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from planwatch.api.pagination import Page, PageParams, page_params, paginate
from planwatch.server.auth import Admin, Reader
from planwatch.server.state import State
from planwatch.services.indicator_detail import (
    IndicatorDepartmentsOut,
    IndicatorDetailOut,
    IndicatorRowOut,
    indicator_detail,
    indicator_table,
    set_departments,
)

router = APIRouter(tags=["indicators"])

YearQuery = Annotated[
    int | None, Query(ge=1900, le=2200, description="评价年份（默认：服务器设定的评价年度）")
]


class DepartmentsIn(BaseModel):
    """The departments responsible for an indicator's figures (names or aliases); [] clears them."""

    departments: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(max_length=50)


@router.get("/plans/{plan_id:int}/indicators", response_model=Page[IndicatorRowOut], summary="规划的指标表")
def plan_indicators(
    request: Request,
    plan_id: int,
    _who: Reader,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    year: YearQuery = None,
) -> Page[IndicatorRowOut]:
    """The rows of the page /plans/{plan_id}/indicators, in the plan's order."""
    as_of = year if year is not None else state.evaluation_year
    table = state.cached(
        request, ("indicator_table", plan_id, as_of), lambda: indicator_table(state.factory, plan_id, as_of)
    )
    return paginate(table.rows, params)


@router.get("/indicators/{indicator_id:int}", response_model=IndicatorDetailOut, summary="指标详情")
def indicator(
    request: Request, indicator_id: int, _who: Reader, state: State, year: YearQuery = None
) -> IndicatorDetailOut:
    """Everything the page /indicators/{indicator_id} shows, including the chart series."""
    as_of = year if year is not None else state.evaluation_year
    return state.cached(
        request,
        ("indicator", indicator_id, as_of),
        lambda: indicator_detail(state.factory, indicator_id, as_of),
    )


@router.put(
    "/indicators/{indicator_id:int}/departments",
    response_model=IndicatorDepartmentsOut,
    summary="设置指标的责任单位（仅管理员）",
)
def put_departments(
    indicator_id: int, body: DepartmentsIn, principal: Admin, state: State
) -> IndicatorDepartmentsOut:
    """Replace the responsible departments; their reporters may then propose values for the indicator."""
    return set_departments(state.factory, principal, indicator_id, body.departments)
