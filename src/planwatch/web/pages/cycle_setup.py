"""Pages to set up the cycle: a plan's 报送日历 with its 任务分解表 import, and a task's milestones.

The forms call the same `services.cycle_setup` / `services.cycle_breakdown` use cases as the API, so
permissions and validation are the API's. A form the user can fix comes back with the message.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.cycle.calendar import DEFAULT_DAYS_BEFORE, DEFAULT_DUE_DAYS, FREQUENCY_LABELS
from planwatch.domain.accounts import Principal
from planwatch.domain.cycle import Frequency
from planwatch.domain.errors import InputError
from planwatch.server.auth import CurrentPrincipal, Reader
from planwatch.server.state import AppState, State
from planwatch.services import cycle_breakdown, cycle_setup, newest_first, stored_plans
from planwatch.services.cycle_setup import CalendarInput, MilestoneInput
from planwatch.services.permissions import require_admin
from planwatch.store import get_task, transaction
from planwatch.store.views import PlanSummary
from planwatch.web.templating import render

router = APIRouter()

FLASH = "flash"
MAX_UPLOAD = 10 * 1024 * 1024


def _int(text: str, what: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise InputError(f"{what}“{cleaned}”不是整数，请填写天数或留空使用默认值。")
    return int(cleaned)


def _day(text: str, what: str) -> date | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InputError(f"{what}“{cleaned}”不是日期，请写成 2025-04-10 的形式。") from None


def plan_summary(request: Request, state: AppState, plan_id: int) -> PlanSummary | None:
    """The plan as the navigation shows it (the list is cached until the data changes)."""
    plans = state.cached(request, ("plans",), lambda: newest_first(stored_plans(state.factory)))
    return next((p for p in plans if p.id == plan_id), None)


def _calendar_page(
    request: Request,
    plan_id: int,
    state: AppState,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = cycle_setup.calendar_view(state.factory, plan_id)
    plan = plan_summary(request, state, plan_id)
    context: dict[str, Any] = {
        "plan": plan,
        "active": "calendar",
        "view": view,
        "frequencies": FREQUENCY_LABELS,
        "defaults_due": DEFAULT_DUE_DAYS,
        "defaults_before": DEFAULT_DAYS_BEFORE,
        "form": form
        or {
            "frequency": (view.frequency or Frequency.QUARTERLY).value,
            "due_days": str(view.due_days or ""),
            "days_before": str(view.days_before or ""),
            "escalate_after": str(view.escalate_after or ""),
            "starts_on": view.starts_on.isoformat() if view.starts_on else "",
        },
        "error": error,
        "message": request.session.pop(FLASH, None),
    }
    return render(request, "cycle_calendar.html", context, status_code=status_code)


@router.get("/plans/{plan_id}/calendar")
def calendar_page(request: Request, plan_id: int, _who: Reader, state: State) -> HTMLResponse:
    return _calendar_page(request, plan_id, state)


@router.post("/plans/{plan_id}/calendar")
def calendar_save(
    request: Request,
    plan_id: int,
    principal: CurrentPrincipal,
    state: State,
    frequency: Annotated[str, Form()] = "",
    due_days: Annotated[str, Form()] = "",
    days_before: Annotated[str, Form()] = "",
    escalate_after: Annotated[str, Form()] = "",
    starts_on: Annotated[str, Form()] = "",
) -> Response:
    require_admin(principal)  # refused before the form is even read
    typed = {
        "frequency": frequency,
        "due_days": due_days,
        "days_before": days_before,
        "escalate_after": escalate_after,
        "starts_on": starts_on,
    }
    try:
        try:
            chosen = Frequency(frequency)
        except ValueError:
            raise InputError("请选择报送周期：按季度、按半年或按年度。") from None
        data = CalendarInput(
            frequency=chosen,
            due_days=_int(due_days, "报送期限天数"),
            days_before=_int(days_before, "提前提醒天数"),
            escalate_after=_int(escalate_after, "逾期升级天数"),
            starts_on=_day(starts_on, "提醒起始日期"),
        )
        view = cycle_setup.configure_calendar(state.factory, principal, plan_id, data, today=date.today())
    except InputError as exc:
        return _calendar_page(request, plan_id, state, form=typed, error=exc.message, status_code=422)
    request.session[FLASH] = f"报送日历已保存：{view.rule_text}。"
    return RedirectResponse(f"/plans/{plan_id}/calendar", status_code=303)


@router.get("/plans/{plan_id}/milestones/template.xlsx")
def breakdown_template(plan_id: int, _who: Reader, state: State) -> Response:
    name, content = cycle_breakdown.template(state.factory, plan_id)
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.post("/plans/{plan_id}/milestones/import")
def breakdown_import(
    request: Request,
    plan_id: int,
    principal: CurrentPrincipal,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    require_admin(principal)
    try:
        if file is None or not file.filename:
            raise InputError("请选择要导入的任务分解表（.xlsx）。")
        content = file.file.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            raise InputError("文件超过 10 MB，请拆分后再导入。")
        result = cycle_breakdown.import_breakdown(state.factory, principal, plan_id, content)
    except InputError as exc:
        return _calendar_page(request, plan_id, state, error=exc.message, status_code=422)
    request.session[FLASH] = (
        f"任务分解表已导入：{result.created} 个节点（{result.tasks} 项任务），替换先前导入的节点 {result.replaced} 个。"
    )
    return RedirectResponse(f"/plans/{plan_id}/calendar#breakdown", status_code=303)


def _milestones_page(
    request: Request,
    task_id: int,
    principal: Principal,
    state: AppState,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with transaction(state.factory, read_only=True) as session:
        task = get_task(session, task_id)
    stones = cycle_setup.task_milestones(state.factory, task_id)
    context = {
        "task": task,
        "active": "tasks",
        "milestones": stones,
        "can_edit": cycle_setup.may_edit_milestones(state.factory, principal, task_id),
        "form": form or {"title": "", "deadline": ""},
        "error": error,
        "message": request.session.pop(FLASH, None),
        "today": date.today().isoformat(),
    }
    return render(request, "cycle_milestones.html", context, status_code=status_code)


@router.get("/tasks/{task_id}/milestones")
def milestones_page(request: Request, task_id: int, who: Reader, state: State) -> HTMLResponse:
    return _milestones_page(request, task_id, who, state)


@router.post("/tasks/{task_id}/milestones")
def milestone_add(
    request: Request,
    task_id: int,
    principal: CurrentPrincipal,
    state: State,
    title: Annotated[str, Form()] = "",
    deadline: Annotated[str, Form()] = "",
) -> Response:
    with transaction(state.factory, read_only=True) as session:
        cycle_setup.require_milestone_writer(session, principal, task_id)
    try:
        cycle_setup.create_milestone(state.factory, principal, task_id, MilestoneInput(title, deadline))
    except InputError as exc:
        typed = {"title": title, "deadline": deadline}
        return _milestones_page(
            request, task_id, principal, state, form=typed, error=exc.message, status_code=422
        )
    request.session[FLASH] = "节点已添加。"
    return RedirectResponse(f"/tasks/{task_id}/milestones", status_code=303)


@router.post("/milestones/{milestone_id}/complete")
def milestone_complete(
    milestone_id: int,
    principal: CurrentPrincipal,
    state: State,
    completed_on: Annotated[str, Form()] = "",
    undo: Annotated[str, Form()] = "",
) -> Response:
    day = None if undo else (_day(completed_on, "完成日期") or date.today())
    found = cycle_setup.complete_milestone(state.factory, principal, milestone_id, completed_on=day)
    return RedirectResponse(f"/tasks/{found.task_id}/milestones", status_code=303)


@router.post("/milestones/{milestone_id}/delete")
def milestone_delete(milestone_id: int, principal: CurrentPrincipal, state: State) -> Response:
    found = cycle_setup.remove_milestone(state.factory, principal, milestone_id)
    return RedirectResponse(f"/tasks/{found.task_id}/milestones", status_code=303)
