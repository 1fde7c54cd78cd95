"""API: 专栏项目 — the named entries of a plan's boxes (labs, facilities, centres, platforms…)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from planwatch.api.pagination import Page, PageParams, page_params, paginate
from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services.projects import ProjectOut, find_projects

router = APIRouter(tags=["专栏项目"])

Box = Annotated[str | None, Query(max_length=50, description="专栏编号，如 2-1（或“专栏 2-1”）")]
Type = Annotated[
    str | None,
    Query(
        alias="type",
        max_length=20,
        description="类型：实验室/中心/平台/装置·设施/基地/园区/工程/技术方向/其他",
    ),
]
Phrase = Annotated[str | None, Query(max_length=500, description="在名称、内容和专栏标题中查找的词")]


@router.get("/plans/{plan_id}/projects", response_model=Page[ProjectOut])
def plan_projects(
    plan_id: int,
    _who: Reader,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    box: Box = None,
    type_: Type = None,
    q: Phrase = None,
) -> Page[ProjectOut]:
    """The projects of a plan's current revision, in document order."""
    listing = find_projects(state.factory, plan_id, box=box, type=type_, q=q)
    return paginate(listing.items, params)


@router.get("/projects", response_model=Page[ProjectOut])
def all_projects(
    _who: Reader,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    plan_id: Annotated[int | None, Query(description="规划编号；不填为全部规划")] = None,
    box: Box = None,
    type_: Type = None,
    q: Phrase = None,
) -> Page[ProjectOut]:
    """Projects across all plans (newest plan first), or of one plan with `plan_id`."""
    listing = find_projects(state.factory, plan_id, box=box, type=type_, q=q)
    return paginate(listing.items, params)
