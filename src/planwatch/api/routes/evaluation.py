"""API: a plan's evaluation report (总结评估 / 中期评估) as content — sections, sentences, tables, sources.

Admins get the draft for the options asked (or the published version with `published=true`); every
other reader gets the latest published version, with the 部门考评 narrowed as the office decided.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from planwatch.render.json_writer import render_json
from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services.evaluation import draft_evaluation
from planwatch.services.evaluation_publication import published_report

router = APIRouter(tags=["evaluation"])

KindQuery = Annotated[
    str | None,
    Query(max_length=10, description="final（总结评估，默认）或 midterm（中期评估）；仅管理员草稿"),
]
AsOfQuery = Annotated[
    str | None,
    Query(
        alias="as_of", max_length=10, description="截止时间：年份（2025）或日期（2023-06-30）；仅管理员草稿"
    ),
]
PublishedQuery = Annotated[bool, Query(description="管理员：取已发布版本而不是草稿")]


@router.get(
    "/plans/{plan_id:int}/evaluation",
    summary="评估报告内容",
    responses={
        200: {"content": {"application/json": {}}, "description": "报告内容（planwatch.evaluation/1）"}
    },
)
def plan_evaluation(
    plan_id: int,
    principal: Reader,
    state: State,
    kind: KindQuery = None,
    as_of: AsOfQuery = None,
    published: PublishedQuery = False,
) -> Response:
    """The report content as JSON, the same content the DOCX, XLSX and the page are rendered from."""
    if principal.is_admin and not published:
        evaluation = draft_evaluation(state.factory, principal, plan_id, kind=kind, as_of=as_of)
        return Response(render_json(evaluation.report, evaluation.scorecards), media_type="application/json")
    view = published_report(state.factory, principal, plan_id)
    return Response(
        json.dumps(view.content, ensure_ascii=False).encode("utf-8"), media_type="application/json"
    )
