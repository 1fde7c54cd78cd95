"""API: a plan's evaluation report (总结评估 / 中期评估) as content — sections, sentences, tables, sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from planwatch.render.json_writer import render_json
from planwatch.server.auth import CurrentPrincipal
from planwatch.server.state import State
from planwatch.services.evaluation import draft_evaluation

router = APIRouter(tags=["evaluation"])

KindQuery = Annotated[
    str | None, Query(max_length=10, description="final（总结评估，默认）或 midterm（中期评估）")
]
AsOfQuery = Annotated[
    str | None, Query(alias="as_of", max_length=10, description="截止时间：年份（2025）或日期（2023-06-30）")
]


@router.get(
    "/plans/{plan_id:int}/evaluation",
    summary="评估报告内容（草稿，仅管理员）",
    responses={
        200: {"content": {"application/json": {}}, "description": "报告内容（planwatch.evaluation/1）"}
    },
)
def plan_evaluation(
    plan_id: int, principal: CurrentPrincipal, state: State, kind: KindQuery = None, as_of: AsOfQuery = None
) -> Response:
    """The report content as JSON, the same content the DOCX, XLSX and the page are rendered from."""
    evaluation = draft_evaluation(state.factory, principal, plan_id, kind=kind, as_of=as_of)
    return Response(render_json(evaluation.report, evaluation.scorecards), media_type="application/json")
