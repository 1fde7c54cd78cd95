"""Pages: a plan's indicator table, one indicator in full, and the admins' form for its departments."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from planwatch.domain.errors import PlanwatchError
from planwatch.domain.progress import ProgressStatus
from planwatch.domain.records import IndicatorOrigin
from planwatch.server.auth import Admin, Reader
from planwatch.server.state import State
from planwatch.services.comparison import neighbours
from planwatch.services.indicator_detail import (
    FAMILIES,
    indicator_detail,
    indicator_table,
    parse_department_names,
    set_departments,
)
from planwatch.web.pages.dashboard import year_choices
from planwatch.web.pages.indicator_entry import FLASH as ENTRY_FLASH
from planwatch.web.templating import render

router = APIRouter()

YearQuery = Annotated[int | None, Query(ge=1900, le=2200)]
FLASH = "indicator_flash"


@router.get("/plans/{plan_id:int}/indicators")
def indicators_page(
    request: Request,
    plan_id: int,
    principal: Reader,
    state: State,
    year: YearQuery = None,
    status: Annotated[str | None, Query(max_length=30)] = None,
    family: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """The filter form sends empty values for 全部; an unknown value filters nothing out."""
    as_of = year if year is not None else state.evaluation_year
    table = state.cached(
        request, ("indicator_table", plan_id, as_of), lambda: indicator_table(state.factory, plan_id, as_of)
    )
    wanted = next((s for s in ProgressStatus if s.value == status), None)
    rows = [
        r for r in table.rows if (wanted is None or r.status is wanted) and (not family or r.family == family)
    ]
    context = {
        "plan": table.plan,
        "active": "indicators",
        "table": table,
        "rows": rows,
        "statuses": list(ProgressStatus),
        "families": FAMILIES,
        "status": wanted,
        "family": family or "",
        "year": as_of,
        "year_given": year is not None,
        "years": year_choices(table.plan, state.evaluation_year, as_of),
        "entry_flash": request.session.pop(ENTRY_FLASH, None),
        "can_enter_table": principal.is_admin,
        "entered_rows": sum(1 for r in table.rows if r.origin is IndicatorOrigin.ENTERED),
        "lineage": state.cached(request, ("lineage", plan_id), lambda: neighbours(state.factory, plan_id)),
    }
    return render(request, "indicators.html", context)


@router.get("/indicators/{indicator_id:int}")
def indicator_page(
    request: Request, indicator_id: int, principal: Reader, state: State, year: YearQuery = None
) -> HTMLResponse:
    as_of = year if year is not None else state.evaluation_year
    detail = state.cached(
        request,
        ("indicator", indicator_id, as_of),
        lambda: indicator_detail(state.factory, indicator_id, as_of),
    )
    context = {
        "plan": detail.plan,
        "active": "indicators",
        "x": detail,
        "chart_data": dataclasses.asdict(detail.chart),
        "years": year_choices(detail.plan, state.evaluation_year, as_of),
        "year_param": "" if year is None else f"?year={year}",
        "flash": request.session.pop(FLASH, None),
        "can_edit_departments": principal.is_admin,
    }
    return render(request, "indicator.html", context)


@router.post("/indicators/{indicator_id:int}/departments")
def departments_form(
    request: Request,
    indicator_id: int,
    principal: Admin,
    state: State,
    departments: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    """Admins set the responsible departments; a name that is not known comes back as a message."""
    try:
        result = set_departments(state.factory, principal, indicator_id, parse_department_names(departments))
    except PlanwatchError as exc:
        request.session[FLASH] = {"tone": "bad", "text": exc.message}
    else:
        names = "、".join(result.departments) or "无（仅规划处可填报）"
        request.session[FLASH] = {"tone": "good", "text": f"已更新责任单位：{names}。"}
    return RedirectResponse(f"/indicators/{indicator_id}#departments", status_code=303)
