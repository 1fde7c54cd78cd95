"""Pages: 专栏项目 — the named projects of every box of a plan, or of all plans, with filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services.plan_reader import link_param, mark_phrase, plan_overview
from planwatch.services.projects import PROJECT_TYPES, ProjectListing, find_projects
from planwatch.web.templating import render

router = APIRouter()

Box = Annotated[str | None, Query(max_length=50, description="专栏编号，如 2-1")]
Type = Annotated[str | None, Query(alias="type", max_length=20, description="项目类型")]
Phrase = Annotated[str | None, Query(max_length=500, description="名称或内容中的词")]


def _page(request: Request, listing: ProjectListing, context: dict[str, object]) -> HTMLResponse:
    base = {
        "listing": listing,
        "q": listing.q,
        "mark": mark_phrase,
        "hlq": link_param,
        "project_types": PROJECT_TYPES,
        "active": "projects",
    }
    return render(request, "projects.html", {**base, **context})


@router.get("/plans/{plan_id}/projects")
def plan_projects_page(
    request: Request,
    plan_id: int,
    _who: Reader,
    state: State,
    box: Box = None,
    type_: Type = None,
    q: Phrase = None,
) -> HTMLResponse:
    overview = plan_overview(state.factory, plan_id)
    listing = find_projects(state.factory, plan_id, box=box, type=type_, q=q)
    return _page(
        request, listing, {"plan": overview.plan, "all_plans": False, "action": f"/plans/{plan_id}/projects"}
    )


@router.get("/projects")
def all_projects_page(
    request: Request, _who: Reader, state: State, box: Box = None, type_: Type = None, q: Phrase = None
) -> HTMLResponse:
    listing = find_projects(state.factory, None, box=box, type=type_, q=q)
    return _page(request, listing, {"all_plans": True, "action": "/projects"})
