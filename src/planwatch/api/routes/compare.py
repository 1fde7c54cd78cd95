"""API: 规划对比 — the comparison of two plans, confirming or correcting crosswalk pairs, plan succession."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from planwatch.compare.model import Comparison
from planwatch.server.auth import Admin, CurrentPrincipal, Reader
from planwatch.server.state import State
from planwatch.services import comparison as use_case
from planwatch.store.comparisons import IndicatorLinkOut, PlanLinkOut

router = APIRouter(tags=["规划对比"])


class PairIn(BaseModel):
    """A crosswalk row as the planning office decides it. Refs are the `ref` fields of the comparison."""

    a: int = Field(description="上期规划编号")
    b: int = Field(description="本期规划编号")
    a_ref: str | None = Field(None, max_length=320, description="上期指标（比较结果中的 ref）；新增时为空")
    b_ref: str | None = Field(None, max_length=320, description="本期指标（ref）；删除时为空")
    label: str = Field(
        max_length=20,
        description="continued 延续 / renamed 更名 / redefined 口径调整 / replaced 替代 / split 拆分 / "
        "merged 合并 / added 新增 / dropped 删除",
    )
    note: str | None = Field(None, max_length=1000, description="说明")


class PlanLinkIn(BaseModel):
    predecessor: int = Field(description="上期规划编号")
    successor: int = Field(description="下期规划编号")


@router.get("/compare", response_model=Comparison)
def compare_plans(
    _who: Reader,
    state: State,
    a: Annotated[int, Query(description="上期规划编号")],
    b: Annotated[int, Query(description="本期规划编号")],
) -> Comparison:
    """Crosswalk (with evidence, rationale, continuity and ambition), task and project carry-over, emphasis."""
    return use_case.compare(state.factory, a, b).comparison


@router.post("/compare/pairs", response_model=IndicatorLinkOut, status_code=status.HTTP_201_CREATED)
def confirm_pair(principal: CurrentPrincipal, state: State, body: PairIn) -> IndicatorLinkOut:
    """Confirm or correct one crosswalk row (admins only); remembered and written to the audit log."""
    return use_case.confirm_pair(
        state.factory,
        principal,
        body.a,
        body.b,
        a_ref=body.a_ref,
        b_ref=body.b_ref,
        label=body.label,
        note=body.note,
    )


@router.post("/plan-links", response_model=PlanLinkOut, status_code=status.HTTP_201_CREATED)
def link_plans(principal: Admin, state: State, body: PlanLinkIn) -> PlanLinkOut:
    """Mark a plan as the successor of another (admins only)."""
    return use_case.link_successor(state.factory, body.predecessor, body.successor, principal.username)
