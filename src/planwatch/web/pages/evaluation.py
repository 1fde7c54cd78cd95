"""Page: 评估报告 — choose the kind and the cut-off, preview the report, download DOCX / XLSX / PDF.

Drafts are for the planning office only (admins); the preview is the print-ready HTML of the same
content the downloads are made from.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from planwatch.render.html_writer import STYLE, render_html_fragment
from planwatch.server.auth import CurrentPrincipal
from planwatch.server.state import State
from planwatch.services.evaluation import (
    ReportFormat,
    draft_evaluation,
    file_name,
    parse_format,
    render_evaluation,
)
from planwatch.services.permissions import require_admin
from planwatch.services.plan_reader import plan_overview
from planwatch.web.templating import render

router = APIRouter()

Kind = Annotated[str | None, Query(max_length=10)]
AsOf = Annotated[str | None, Query(alias="as_of", max_length=10)]


@router.get("/plans/{plan_id}/evaluation")
def evaluation_page(
    request: Request,
    plan_id: int,
    principal: CurrentPrincipal,
    state: State,
    kind: Kind = None,
    as_of: AsOf = None,
) -> HTMLResponse:
    require_admin(principal)
    overview = plan_overview(state.factory, plan_id)
    evaluation = draft_evaluation(state.factory, principal, plan_id, kind=kind, as_of=as_of)
    meta = evaluation.report.meta
    query = f"kind={quote(meta.kind)}&as_of={quote(meta.cutoff)}"
    context = {
        "plan": overview.plan,
        "active": "evaluation",
        "meta": meta,
        "report_html": render_html_fragment(evaluation.report),
        "report_style": STYLE,
        "scorecards": evaluation.scorecards,
        "query": query,
        "formats": (ReportFormat.DOCX, ReportFormat.XLSX, ReportFormat.PDF, ReportFormat.JSON),
    }
    return render(request, "evaluation.html", context)


@router.get("/plans/{plan_id}/evaluation/download")
def evaluation_download(
    plan_id: int,
    principal: CurrentPrincipal,
    state: State,
    kind: Kind = None,
    as_of: AsOf = None,
    fmt: Annotated[str | None, Query(alias="format", max_length=10)] = None,
) -> Response:
    chosen = parse_format(fmt)
    evaluation = draft_evaluation(state.factory, principal, plan_id, kind=kind, as_of=as_of)
    data = render_evaluation(evaluation, chosen)
    name = file_name(evaluation, chosen)
    disposition = f"attachment; filename=\"evaluation.{chosen.value}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=chosen.media_type, headers={"Content-Disposition": disposition})
