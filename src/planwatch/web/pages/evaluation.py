"""Page: 评估报告 — admins choose the kind and the cut-off, preview the draft, download DOCX / XLSX / PDF
and publish it; everyone else who may read sees the latest published report.

The preview is the print-ready HTML of the same content the downloads are made from.
"""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.domain.errors import InputError
from planwatch.render.html_writer import STYLE, render_html_fragment
from planwatch.server.auth import CurrentPrincipal, Reader
from planwatch.server.state import State
from planwatch.services.evaluation import (
    ReportFormat,
    draft_evaluation,
    file_name,
    parse_format,
    render_evaluation,
)
from planwatch.services.evaluation_publication import publish_evaluation, published_report
from planwatch.services.plan_reader import plan_overview
from planwatch.store import NotFoundError
from planwatch.web.templating import render

router = APIRouter()

Kind = Annotated[str | None, Query(max_length=10)]
AsOf = Annotated[str | None, Query(alias="as_of", max_length=10)]


def _published_page(request: Request, plan_id: int, principal: Reader, state: State) -> HTMLResponse:
    overview = plan_overview(state.factory, plan_id)
    try:
        view = published_report(state.factory, principal, plan_id)
    except NotFoundError as exc:
        context = {"plan": overview.plan, "active": "evaluation", "missing": exc.message}
        return render(request, "evaluation_published.html", context)
    context = {
        "plan": overview.plan,
        "active": "evaluation",
        "view": view,
        "report_html": view.html,
        "report_style": STYLE,
    }
    return render(request, "evaluation_published.html", context)


@router.get("/plans/{plan_id}/evaluation")
def evaluation_page(
    request: Request, plan_id: int, principal: Reader, state: State, kind: Kind = None, as_of: AsOf = None
) -> HTMLResponse:
    if not principal.is_admin:
        return _published_page(request, plan_id, principal, state)
    overview = plan_overview(state.factory, plan_id)
    evaluation = draft_evaluation(state.factory, principal, plan_id, kind=kind, as_of=as_of)
    meta = evaluation.report.meta
    try:
        published = published_report(state.factory, principal, plan_id).publication
    except NotFoundError:
        published = None
    context = {
        "plan": overview.plan,
        "active": "evaluation",
        "meta": meta,
        "report_html": render_html_fragment(evaluation.report),
        "report_style": STYLE,
        "scorecards": evaluation.scorecards,
        "query": f"kind={quote(meta.kind)}&as_of={quote(meta.cutoff)}",
        "formats": (ReportFormat.DOCX, ReportFormat.XLSX, ReportFormat.PDF, ReportFormat.JSON),
        "published": published,
    }
    return render(request, "evaluation.html", context)


@router.post("/plans/{plan_id}/evaluation/publish")
def evaluation_publish(
    plan_id: int,
    principal: CurrentPrincipal,
    state: State,
    kind: Annotated[str, Form(max_length=10)] = "final",
    as_of: Annotated[str, Form(max_length=10)] = "",
    internal_scorecards: Annotated[bool, Form()] = False,
) -> Response:
    publication = publish_evaluation(
        state.factory, principal, plan_id, kind=kind, as_of=as_of, internal_scorecards=internal_scorecards
    )
    target = f"/plans/{plan_id}/evaluation?kind={quote(publication.kind)}&as_of={quote(publication.cutoff)}"
    return RedirectResponse(target, status_code=303)


@router.get("/plans/{plan_id}/evaluation/download")
def evaluation_download(
    plan_id: int,
    principal: Reader,
    state: State,
    kind: Kind = None,
    as_of: AsOf = None,
    fmt: Annotated[str | None, Query(alias="format", max_length=10)] = None,
) -> Response:
    chosen = parse_format(fmt)
    if not principal.is_admin:
        if chosen is not ReportFormat.JSON:
            raise InputError(
                "已发布的评估报告可下载 JSON 内容，或在页面上直接打印；DOCX、XLSX 和 PDF 由规划处提供。"
            )
        view = published_report(state.factory, principal, plan_id)
        body = json.dumps(view.content, ensure_ascii=False, indent=2).encode("utf-8")
        name = f"{view.publication.title}（{view.publication.cutoff}）.json"
        return _attachment(body, chosen, name)
    evaluation = draft_evaluation(state.factory, principal, plan_id, kind=kind, as_of=as_of)
    return _attachment(render_evaluation(evaluation, chosen), chosen, file_name(evaluation, chosen))


def _attachment(data: bytes, fmt: ReportFormat, name: str) -> Response:
    disposition = f"attachment; filename=\"evaluation.{fmt.value}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=fmt.media_type, headers={"Content-Disposition": disposition})
