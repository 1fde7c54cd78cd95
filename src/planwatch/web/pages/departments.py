"""Department pages: every department with its tasks and where they stand, and one department's tasks.

The counts and the overdue rule come from `services.reporting`, the same use cases the API serves.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services import reporting
from planwatch.web.templating import render

router = APIRouter()


@router.get("/departments")
def departments_page(
    request: Request, _who: Reader, state: State, q: Annotated[str, Query()] = ""
) -> HTMLResponse:
    summaries = reporting.department_summaries(state.factory, evaluation_year=state.evaluation_year, q=q)
    context = {
        "active": "departments",
        "departments": summaries,
        "q": q,
        "overdue_rule": reporting.OVERDUE_RULE,
        "with_tasks": sum(1 for d in summaries if d.led or d.supported),
        "overdue_total": sum(d.overdue for d in summaries),
    }
    return render(request, "departments.html", context)


@router.get("/departments/{department_id}")
def department_page(request: Request, department_id: int, _who: Reader, state: State) -> HTMLResponse:
    detail = reporting.department_detail(state.factory, department_id, evaluation_year=state.evaluation_year)
    context = {
        "active": "departments",
        "detail": detail,
        "dept": detail.summary,
        "plan": detail.plans[0].plan if detail.plans else None,
    }
    return render(request, "department.html", context)
