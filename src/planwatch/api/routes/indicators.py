"""API: a plan's indicator table, one indicator in full (with chart series), responsible departments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
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
    plan_id: int,
    _who: Reader,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    year: YearQuery = None,
) -> Page[IndicatorRowOut]:
    """The rows of the page /plans/{plan_id}/indicators, in the plan's order."""
    table = indicator_table(state.factory, plan_id, year if year is not None else state.evaluation_year)
    return paginate(table.rows, params)


@router.get("/indicators/{indicator_id:int}", response_model=IndicatorDetailOut, summary="指标详情")
def indicator(indicator_id: int, _who: Reader, state: State, year: YearQuery = None) -> IndicatorDetailOut:
    """Everything the page /indicators/{indicator_id} shows, including the chart series."""
    return indicator_detail(state.factory, indicator_id, year if year is not None else state.evaluation_year)


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
