"""API: the 总览 of a plan (status counts, family progress, tasks, recent changes, data gaps)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services.dashboard import DashboardOut, dashboard

router = APIRouter(tags=["dashboard"])

YearQuery = Annotated[
    int | None, Query(ge=1900, le=2200, description="评价年份（默认：服务器设定的评价年度）")
]


@router.get("/plans/{plan_id:int}/dashboard", response_model=DashboardOut, summary="规划总览")
def plan_dashboard(
    request: Request, plan_id: int, _who: Reader, state: State, year: YearQuery = None
) -> DashboardOut:
    """The same data as the page /plans/{plan_id}."""
    as_of = year if year is not None else state.evaluation_year
    return state.cached(
        request, ("dashboard", plan_id, as_of), lambda: dashboard(state.factory, plan_id, as_of)
    )
