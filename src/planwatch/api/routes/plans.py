"""API: stored plans, a plan's outline with the facts of each clause, and its original source lines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from planwatch.api.pagination import Page, PageParams, page_params, paginate
from planwatch.domain.plan import NodeKind
from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services.plan_reader import (
    PlanListItemOut,
    PlanOutlineOut,
    PlanOverviewOut,
    SourceWindowOut,
    plan_list,
    plan_outline,
    plan_overview,
    source_window,
)

router = APIRouter(tags=["规划与原文"])

Revision = Annotated[int | None, Query(description="版本编号（revision id）；不填为当前版本")]


class SourceLineItem(BaseModel):
    number: int = Field(description="原文行号（从 1 开始）")
    text: str


class SourceFragmentItem(BaseModel):
    """A stored clause standing in for lines that were not stored (revisions imported before 0003)."""

    node_id: int
    kind: NodeKind
    label: str
    text: str
    line_start: int
    line_end: int


class SourceOut(BaseModel):
    """Original lines `from`–`to` of a plan revision (or, without stored lines, the clauses covering them)."""

    plan_id: int
    revision_id: int
    line_count: int
    has_source: bool = Field(description="是否保存了原文逐行文本；否则 fragments 给出覆盖这些行的条文")
    line_from: int = Field(serialization_alias="from", description="返回的第一行")
    line_to: int = Field(serialization_alias="to", description="返回的最后一行")
    lines: list[SourceLineItem]
    fragments: list[SourceFragmentItem]


def _source_out(window: SourceWindowOut) -> SourceOut:
    return SourceOut(
        plan_id=window.plan.id,
        revision_id=window.revision.id,
        line_count=window.line_count,
        has_source=window.has_source,
        line_from=window.start,
        line_to=window.end,
        lines=[SourceLineItem(number=line.number, text=line.text) for line in window.lines],
        fragments=[
            SourceFragmentItem(
                node_id=f.node_id,
                kind=f.kind,
                label=f.label,
                text=f.text,
                line_start=f.line_start,
                line_end=f.line_end,
            )
            for f in window.fragments
        ],
    )


@router.get("/plans", response_model=Page[PlanListItemOut])
def list_plans(
    _who: Reader, state: State, params: Annotated[PageParams, Depends(page_params)]
) -> Page[PlanListItemOut]:
    """All stored plans, newest period first, with counts of their current revision."""
    return paginate(plan_list(state.factory), params)


@router.get("/plans/{plan_id}", response_model=PlanOverviewOut)
def get_plan(plan_id: int, _who: Reader, state: State) -> PlanOverviewOut:
    """One plan: summary, every revision and the counts of the current revision."""
    return plan_overview(state.factory, plan_id)


@router.get("/plans/{plan_id}/outline", response_model=PlanOutlineOut)
def get_outline(
    plan_id: int,
    _who: Reader,
    state: State,
    q: Annotated[str | None, Query(max_length=500, description="只保留含此词的条文（及其上级标题）")] = None,
    revision: Revision = None,
) -> PlanOutlineOut:
    """The outline as a tree; each node carries its responsibility notes, indicators, targets and past figures."""
    return plan_outline(state.factory, plan_id, q=q, revision_id=revision)


@router.get("/plans/{plan_id}/source", response_model=SourceOut, response_model_by_alias=True)
def get_source(
    plan_id: int,
    _who: Reader,
    state: State,
    line_from: Annotated[
        int | None, Query(alias="from", description="起始行（从 1 开始）；不填为第 1 行")
    ] = None,
    line_to: Annotated[int | None, Query(alias="to", description="结束行（含）；不填为最后一行")] = None,
    revision: Revision = None,
) -> SourceOut:
    """The original lines from–to (inclusive) with their numbers."""
    first = line_from if line_from is not None else 1
    window = source_window(
        state.factory,
        plan_id,
        line_from=first,
        line_to=line_to,
        start=first,
        end=line_to if line_to is not None else 10**9,
        context=0,
        revision_id=revision,
    )
    return _source_out(window)
