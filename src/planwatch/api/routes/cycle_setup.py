"""API: a plan's reporting calendar, its periods, and task milestones (年度目标/节点), with the
任务分解表 template and import."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, UploadFile, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from planwatch.cycle.calendar import parse_rule
from planwatch.domain.cycle import Frequency
from planwatch.domain.errors import InputError
from planwatch.server.auth import CurrentPrincipal, Reader
from planwatch.server.state import State
from planwatch.services import cycle_breakdown, cycle_setup
from planwatch.services.cycle_breakdown import BreakdownImport
from planwatch.services.cycle_setup import CalendarInput, CalendarView, MilestoneInput
from planwatch.store.cycle_calendars import MilestoneOut

router = APIRouter(tags=["报送日历与督办"])

MAX_UPLOAD = 10 * 1024 * 1024


class CalendarIn(BaseModel):
    """A plan's calendar. Give `frequency`, or `rule` in words (每季度结束后10日内), or both agreeing."""

    frequency: Frequency | None = Field(None, description="quarterly / half_yearly / yearly")
    rule: str | None = Field(None, description="报送期限，如“每季度结束后10日内”")
    due_days: int | None = Field(None, description="期末后多少天内报送（默认：季度10、半年15、年度20）")
    days_before: int | None = Field(None, description="提前几天提醒（至少3；默认：季度3、半年5、年度7）")
    escalate_after: int | None = Field(None, description="逾期多少天后升级督办（默认5）")
    starts_on: date | None = Field(None, description="此日及以后到期的报送期发送提醒（默认今天）")


class MilestoneIn(BaseModel):
    title: str = Field(description="年度目标或节点")
    deadline: str = Field(description="完成时限，如 2025年底、2025年6月、2025-06-30")


class MilestonePatch(BaseModel):
    completed_on: date | None = Field(description="完成日期；null 表示改为未完成")


@router.get("/plans/{plan_id}/calendar", response_model=CalendarView)
def get_calendar(plan_id: int, _who: Reader, state: State) -> CalendarView:
    return cycle_setup.calendar_view(state.factory, plan_id)


@router.put("/plans/{plan_id}/calendar", response_model=CalendarView)
def put_calendar(plan_id: int, body: CalendarIn, principal: CurrentPrincipal, state: State) -> CalendarView:
    """Set the plan's reporting calendar (admins only)."""
    frequency, due_days = body.frequency, body.due_days
    if body.rule is not None:
        parsed, days = parse_rule(body.rule)
        if frequency is not None and frequency is not parsed:
            raise InputError("frequency 与 rule 给出的报送周期不一致，请只给一个或改成一致。")
        frequency, due_days = parsed, days if due_days is None else due_days
    if frequency is None:
        raise InputError("请给出 frequency 或 rule（如“每季度结束后10日内”）。")
    data = CalendarInput(frequency, due_days, body.days_before, body.escalate_after, body.starts_on)
    return cycle_setup.configure_calendar(state.factory, principal, plan_id, data, today=date.today())


@router.get("/tasks/{task_id}/milestones", response_model=list[MilestoneOut])
def list_milestones(task_id: int, _who: Reader, state: State) -> list[MilestoneOut]:
    return cycle_setup.task_milestones(state.factory, task_id)


@router.post("/tasks/{task_id}/milestones", response_model=MilestoneOut, status_code=status.HTTP_201_CREATED)
def add_milestone(task_id: int, body: MilestoneIn, principal: CurrentPrincipal, state: State) -> MilestoneOut:
    """Add a milestone (admins, or reporters of the task's departments)."""
    return cycle_setup.create_milestone(
        state.factory, principal, task_id, MilestoneInput(body.title, body.deadline)
    )


@router.patch("/milestones/{milestone_id}", response_model=MilestoneOut)
def patch_milestone(
    milestone_id: int, body: MilestonePatch, principal: CurrentPrincipal, state: State
) -> MilestoneOut:
    return cycle_setup.complete_milestone(
        state.factory, principal, milestone_id, completed_on=body.completed_on
    )


@router.delete("/milestones/{milestone_id}", response_model=MilestoneOut)
def delete_milestone(milestone_id: int, principal: CurrentPrincipal, state: State) -> MilestoneOut:
    return cycle_setup.remove_milestone(state.factory, principal, milestone_id)


@router.get(
    "/plans/{plan_id}/milestones/template",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
def milestones_template(plan_id: int, _who: Reader, state: State) -> Response:
    """The 任务分解表 template (XLSX) with the plan's current tasks and the milestones entered so far."""
    name, content = cycle_breakdown.template(state.factory, plan_id)
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.post("/plans/{plan_id}/milestones/import", response_model=BreakdownImport)
def milestones_import(
    plan_id: int,
    file: Annotated[UploadFile, File(description="填好的任务分解表（.xlsx，不超过 10 MB）")],
    principal: CurrentPrincipal,
    state: State,
) -> BreakdownImport:
    """Import a filled 任务分解表 as milestones (admins only; all rows or none)."""
    cycle_breakdown.require_importer(principal)
    content = file.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise InputError("文件超过 10 MB，请拆分后再导入。")
    return cycle_breakdown.import_breakdown(state.factory, principal, plan_id, content)
