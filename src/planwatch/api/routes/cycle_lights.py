"""API: lights per task and period, the 督办 board and a department's own list (signed-in users only)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from planwatch.cycle.lights import Colour
from planwatch.server.auth import CurrentPrincipal
from planwatch.server.state import State
from planwatch.services import cycle_lights
from planwatch.services.cycle_lights import Board, DepartmentLights, PlanLights

router = APIRouter(tags=["报送日历与督办"])

Today = Annotated[date | None, Query(description="截至日期（默认今天），YYYY-MM-DD")]


@router.get("/plans/{plan_id}/lights", response_model=PlanLights)
def plan_lights(
    plan_id: int,
    principal: CurrentPrincipal,
    state: State,
    today: Today = None,
    period: Annotated[str | None, Query(description="报告期，如 2025Q1（默认：当前报告期）")] = None,
    colour: Annotated[Colour | None, Query(description="red / yellow / blue / green / none")] = None,
    department: Annotated[str | None, Query(description="牵头或配合单位")] = None,
) -> PlanLights:
    return cycle_lights.plan_lights(
        state.factory,
        principal,
        plan_id,
        today=today or date.today(),
        period=period,
        colour=colour,
        department=department,
    )


@router.get("/supervision", response_model=Board)
def supervision_board(
    principal: CurrentPrincipal,
    state: State,
    today: Today = None,
    plan_id: Annotated[int | None, Query(description="规划编号（默认：最新设置了报送日历的规划）")] = None,
    period: Annotated[str | None, Query(description="报告期，如 2025Q1")] = None,
    colour: Annotated[Colour | None, Query()] = None,
    department: Annotated[str | None, Query()] = None,
) -> Board:
    return cycle_lights.board(
        state.factory,
        principal,
        today=today or date.today(),
        plan_id=plan_id,
        period=period,
        colour=colour,
        department=department,
    )


@router.get("/departments/{department_id}/lights", response_model=DepartmentLights)
def department_lights(
    department_id: int, principal: CurrentPrincipal, state: State, today: Today = None
) -> DepartmentLights:
    return cycle_lights.department_lights(
        state.factory, principal, department_id, today=today or date.today()
    )
