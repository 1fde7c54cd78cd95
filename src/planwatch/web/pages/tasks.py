"""Task pages: a plan's task list with filters, a task with its report history, filing and correcting reports.

The forms post to these handlers, which call the same `services.reporting` use cases as the API, so
permission checks and validation are the API's. A refused write is an error page (403/401); a form
the user can fix (empty period, percent out of range) comes back with the message and what was typed.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.domain.records import ReportStatus
from planwatch.server.auth import CurrentPrincipal, Reader
from planwatch.server.state import AppState, State
from planwatch.services import reporting
from planwatch.services.audit import FIELD_LABELS
from planwatch.services.reporting import ReportChange, ReportInput, TaskFilter
from planwatch.web.templating import render

router = APIRouter()

PAGE_SIZE = 30
FLASH = "flash"


def _page_url(path: str, params: dict[str, str]) -> str:
    """`path` with the non-empty filters, ending in ? or & so the pager can append offset=…."""
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}&" if query else f"{path}?"


@router.get("/plans/{plan_id}/tasks")
def plan_tasks(
    request: Request,
    plan_id: int,
    _who: Reader,
    state: State,
    department: Annotated[str, Query()] = "",
    status: Annotated[str, Query()] = "",
    overdue: Annotated[bool, Query()] = False,
    q: Annotated[str, Query()] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    filters = TaskFilter(department=department or None, status=status or None, overdue=overdue, q=q or None)
    listing = reporting.list_task_progress(
        state.factory, evaluation_year=state.evaluation_year, plan_id=plan_id, filters=filters
    )
    unfiltered = (
        listing
        if filters == TaskFilter()
        else reporting.list_task_progress(
            state.factory, evaluation_year=state.evaluation_year, plan_id=plan_id
        )
    )
    rows = listing.tasks[offset : offset + PAGE_SIZE]
    context = {
        "plan": listing.plan,
        "active": "tasks",
        "listing": listing,
        "rows": rows,
        "all_count": len(unfiltered.tasks),
        "all_overdue": sum(1 for t in unfiltered.tasks if t.overdue),
        "page": {"total": len(listing.tasks), "limit": PAGE_SIZE, "offset": offset},
        "page_url": _page_url(
            f"/plans/{plan_id}/tasks",
            {"department": department, "status": status, "overdue": "true" if overdue else "", "q": q},
        ),
        "filters": {"department": department, "status": status, "overdue": overdue, "q": q},
        "status_choices": reporting.STATUS_CHOICES,
    }
    return render(request, "tasks.html", context)


def _task_page(
    request: Request,
    task_id: int,
    principal: Principal,
    state: AppState,
    *,
    form: dict[str, Any] | None = None,
    error: str | None = None,
    editing: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    detail = reporting.task_detail(state.factory, task_id, principal, evaluation_year=state.evaluation_year)
    context = {
        "plan": detail.plan,
        "active": "tasks",
        "detail": detail,
        "task": detail.progress.task,
        "statuses": [s.value for s in ReportStatus],
        "form": form or {"period_label": detail.default_period, "status": ReportStatus.IN_PROGRESS.value},
        "error": error,
        "editing": editing,
        "message": request.session.pop(FLASH, None),
        "field_labels": FIELD_LABELS,
    }
    return render(request, "task.html", context, status_code=status_code)


@router.get("/tasks/{task_id}")
def task_page(request: Request, task_id: int, who: Reader, state: State) -> HTMLResponse:
    return _task_page(request, task_id, who, state)


def _percent(text: str) -> float | None:
    cleaned = text.strip().rstrip("%％").strip()
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise InputError(f"完成百分比“{text.strip()}”不是数字，请填写 0 到 100 之间的数，或留空。") from None


def _status(text: str) -> ReportStatus:
    try:
        return ReportStatus(text.strip())
    except ValueError:
        choices = "、".join(s.value for s in ReportStatus)
        raise InputError(f"状态“{text.strip()}”无法识别，请从 {choices} 中选择。") from None


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@router.post("/tasks/{task_id}/reports")
def file_report(
    request: Request,
    task_id: int,
    principal: CurrentPrincipal,
    state: State,
    period_label: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    percent: Annotated[str, Form()] = "",
    narrative: Annotated[str, Form()] = "",
    evidence: Annotated[str, Form()] = "",
    department: Annotated[str, Form()] = "",
) -> Response:
    typed = {
        "period_label": period_label,
        "status": status,
        "percent": percent,
        "narrative": narrative,
        "evidence": evidence,
        "department": department,
    }
    reporting.check_may_file(state.factory, principal, task_id, department or None)
    try:
        data = ReportInput(
            period_label=period_label,
            status=_status(status),
            narrative=narrative,
            evidence=_lines(evidence),
            percent=_percent(percent),
            department=department or None,
        )
        reporting.file_report(state.factory, principal, task_id, data)
    except InputError as exc:
        return _task_page(request, task_id, principal, state, form=typed, error=exc.message, status_code=422)
    request.session[FLASH] = "进展报告已提交，感谢填报。"
    return RedirectResponse(f"/tasks/{task_id}#reports", status_code=303)


@router.get("/reports/{report_id}/edit")
def edit_report_form(
    request: Request, report_id: int, principal: CurrentPrincipal, state: State
) -> HTMLResponse:
    found = reporting.report_for_edit(state.factory, principal, report_id)
    report = found.report
    form = {
        "period_label": report.period_label,
        "status": report.status.value,
        "percent": "" if report.percent is None else f"{report.percent:g}",
        "narrative": report.narrative,
        "evidence": "\n".join(report.evidence),
    }
    return _task_page(request, report.task_id, principal, state, form=form, editing=report.id)


@router.post("/reports/{report_id}/edit")
def edit_report(
    request: Request,
    report_id: int,
    principal: CurrentPrincipal,
    state: State,
    period_label: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    percent: Annotated[str, Form()] = "",
    narrative: Annotated[str, Form()] = "",
    evidence: Annotated[str, Form()] = "",
) -> Response:
    found = reporting.report_for_edit(state.factory, principal, report_id)  # 404/403 before anything else
    typed = {
        "period_label": period_label,
        "status": status,
        "percent": percent,
        "narrative": narrative,
        "evidence": evidence,
    }
    try:
        value = _percent(percent)
        change = ReportChange(
            period_label=period_label,
            status=_status(status),
            narrative=narrative,
            evidence=_lines(evidence),
            percent=value,
            clear_percent=value is None,  # the form shows the current percent; emptying it removes it
        )
        reporting.edit_report(state.factory, principal, report_id, change)
    except InputError as exc:
        return _task_page(
            request,
            found.report.task_id,
            principal,
            state,
            form=typed,
            error=exc.message,
            editing=report_id,
            status_code=422,
        )
    request.session[FLASH] = "进展报告已修改，修改记录已保存。"
    return RedirectResponse(f"/tasks/{found.report.task_id}#report-{report_id}", status_code=303)
