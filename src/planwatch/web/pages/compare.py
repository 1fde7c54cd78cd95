"""Page: 规划对比 — choose two plans; the crosswalk with confirm/correct actions (admins); carry-over lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.compare.continuity import FLAG_LABELS
from planwatch.compare.model import LABEL_NAMES, PairLabel
from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.server.auth import CurrentPrincipal, Reader
from planwatch.server.state import State
from planwatch.services import comparison as use_case
from planwatch.services.permissions import require_admin
from planwatch.services.plan_reader import link_param
from planwatch.web.templating import render

router = APIRouter()

FLASH = "flash"


def _page(
    request: Request,
    state: State,
    principal: Principal,
    a: int | None,
    b: int | None,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    if a is None or b is None:
        pair = use_case.default_pair(state.factory)
        if pair is not None:
            a, b = a or pair[0], b or pair[1]
    result = use_case.compare(state.factory, a, b) if a is not None and b is not None else None
    before, after = use_case.neighbours(state.factory, b) if b is not None else (None, None)
    context = {
        "active": "compare",
        "a": a,
        "b": b,
        "result": result,
        "labels": LABEL_NAMES,
        "pair_labels": list(PairLabel),
        "flag_labels": FLAG_LABELS,
        "can_confirm": principal.is_admin,
        "predecessor": before,
        "successor": after,
        "hlq": link_param,
        "error": error,
        "flash": request.session.pop(FLASH, None),
    }
    return render(request, "compare.html", context, status_code=status_code)


@router.get("/compare")
def compare_page(
    request: Request,
    principal: Reader,
    state: State,
    a: Annotated[int | None, Query()] = None,
    b: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    return _page(request, state, principal, a, b)


@router.post("/compare/pairs")
def confirm_pair(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    a: Annotated[int, Form()],
    b: Annotated[int, Form()],
    label: Annotated[str, Form(max_length=20)],
    a_ref: Annotated[str, Form(max_length=320)] = "",
    b_ref: Annotated[str, Form(max_length=320)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    require_admin(principal)
    try:
        use_case.confirm_pair(
            state.factory, principal, a, b, a_ref=a_ref or None, b_ref=b_ref or None, label=label, note=note
        )
    except InputError as exc:
        return _page(request, state, principal, a, b, error=exc.message, status_code=422)
    request.session[FLASH] = "已保存对应关系，并记入审计日志。"
    return RedirectResponse(f"/compare?a={a}&b={b}#crosswalk", status_code=303)


@router.post("/compare/link")
def link_plans(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    a: Annotated[int, Form()],
    b: Annotated[int, Form()],
) -> Response:
    require_admin(principal)
    try:
        use_case.link_successor(state.factory, a, b, principal.username)
    except InputError as exc:
        return _page(request, state, principal, a, b, error=exc.message, status_code=422)
    request.session[FLASH] = "已标记为上下期规划。"
    return RedirectResponse(f"/compare?a={a}&b={b}", status_code=303)
