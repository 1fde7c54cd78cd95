"""督办 pages: the planning office's board (by department, by colour) and each department's own list.

Both are judged as of `today` (the 截至 field; default the real date), so the office can look at
how things stood on a past day.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.cycle.lights import COLOUR_LABELS, COLOUR_ORDER, Colour
from planwatch.domain.errors import InputError
from planwatch.server.auth import CurrentPrincipal
from planwatch.server.state import State
from planwatch.services import cycle_lights
from planwatch.services.permissions import require_signed_in
from planwatch.store import transaction
from planwatch.store.task_queries import department_ids_by_name
from planwatch.web.pages.cycle_setup import plan_summary
from planwatch.web.templating import render

router = APIRouter()


def as_of(text: str) -> date:
    """The 截至 date of a page: YYYY-MM-DD, or today when empty."""
    cleaned = text.strip()
    if not cleaned:
        return date.today()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InputError(f"截至日期“{cleaned}”无法识别，请写成 2025-04-10 的形式。") from None


def colour_of(text: str) -> Colour | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return Colour(cleaned)
    except ValueError:
        raise InputError("灯色只能是 red、yellow、blue、green 或 none。") from None


@router.get("/supervision")
def board_page(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    plan_id: Annotated[int | None, Query()] = None,
    period: Annotated[str, Query()] = "",
    colour: Annotated[str, Query()] = "",
    department: Annotated[str, Query()] = "",
    today: Annotated[str, Query()] = "",
) -> HTMLResponse:
    require_signed_in(principal)
    day = as_of(today)
    found = cycle_lights.board(
        state.factory,
        principal,
        today=day,
        plan_id=plan_id,
        period=period or None,
        colour=colour_of(colour),
        department=department or None,
    )
    plan = plan_summary(request, state, found.current.plan_id) if found.current else None
    context = {
        "plan": plan,
        "active": "supervision",
        "board": found,
        "colours": COLOUR_ORDER,
        "colour_labels": COLOUR_LABELS,
        "filters": {"period": period, "colour": colour, "department": department, "today": today},
        "today": day,
    }
    return render(request, "cycle_board.html", context)


@router.get("/supervision/mine")
def my_list(principal: CurrentPrincipal, state: State) -> Response:
    """A reporter's own list (its first department); others go to the board."""
    require_signed_in(principal)
    if not principal.department_names:
        return RedirectResponse("/supervision", status_code=303)
    with transaction(state.factory, read_only=True) as session:
        ids = department_ids_by_name(session)
    return RedirectResponse(f"/supervision/departments/{ids[principal.department_names[0]]}", status_code=303)


@router.get("/supervision/departments/{department_id}")
def department_page(
    request: Request,
    department_id: int,
    principal: CurrentPrincipal,
    state: State,
    today: Annotated[str, Query()] = "",
) -> HTMLResponse:
    require_signed_in(principal)
    day = as_of(today)
    found = cycle_lights.department_lights(state.factory, principal, department_id, today=day)
    context = {
        "active": "supervision",
        "listing": found,
        "colour_labels": COLOUR_LABELS,
        "today": day,
        "today_text": today,
    }
    return render(request, "cycle_department.html", context)
