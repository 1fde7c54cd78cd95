"""Pages: 数据录入 → 从文件提取 — upload a bulletin or work report, review each proposal beside its
sentence, accept or reject each.

Handlers only translate between forms and `services.document_uploads`, which enforces who may do what
(admins' figures count at once, reporters' are proposals for the planning office to review).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.domain.limits import UPLOAD_PARSE_SECONDS
from planwatch.domain.records import ReviewState
from planwatch.server.auth import CurrentPrincipal
from planwatch.server.state import State
from planwatch.services import document_uploads as documents
from planwatch.services import observation_entry as entry
from planwatch.services import upload_staging as uploads
from planwatch.services.document_extraction import (
    DocumentUnreadableError,
    ExtractionResult,
    FigureProposal,
    NoPlanForDocumentError,
)
from planwatch.services.permissions import require_writer
from planwatch.web.templating import render

router = APIRouter()

Text = Annotated[str, Form()]


@dataclass(frozen=True, slots=True)
class QuotePieces:
    """A proposal's sentence cut around its figure, so the template can highlight it (autoescaped)."""

    before: str
    figure: str
    after: str


def _pieces(item: FigureProposal) -> QuotePieces:
    quote, mark = item.figure.quote, item.figure.mark
    if mark is None:
        return QuotePieces(quote, "", "")
    start, end = mark
    return QuotePieces(quote[:start], quote[start:end], quote[end:])


def _labels() -> dict[str, Any]:
    return {
        "qualifier_labels": entry.QUALIFIER_LABELS,
        "status_labels": entry.STATUS_LABELS,
    }


def _form_page(
    request: Request,
    principal: Principal,
    plan_id: int | None,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    require_writer(principal)
    context = {
        "active": "data",
        "selected_plan": plan_id,
        "error": error,
        "max_mb": uploads.default_staging().max_bytes // 1024 // 1024,
        "budget": UPLOAD_PARSE_SECONDS,
    }
    return render(request, "document_extract.html", context, status_code=status_code)


@router.get("/data/extract")
def extract_form(request: Request, principal: CurrentPrincipal, plan_id: int | None = None) -> HTMLResponse:
    return _form_page(request, principal, plan_id)


@router.post("/data/extract")
def extract_upload(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
    plan_id: Text = "",
) -> Response:
    require_writer(principal)
    plan = int(plan_id) if plan_id.strip().isdigit() else None
    if file is None or not file.filename:
        return _form_page(request, principal, plan, error="请选择要上传的文件。", status_code=422)
    staging = uploads.default_staging()
    data = file.file.read(staging.max_bytes + 1)
    try:
        review = documents.stage_document(
            state.factory, principal, data, file.filename, plan, staging=staging
        )
    except (InputError, DocumentUnreadableError, NoPlanForDocumentError) as exc:
        return _form_page(request, principal, plan, error=exc.message, status_code=422)
    return RedirectResponse(f"/data/extract/{review.upload.token}", status_code=303)


def _review_page(
    request: Request,
    review: documents.DocumentReview | None,
    result: ExtractionResult | None,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    plan = result.plan if result is not None else review.proposal.plan if review is not None else None
    pieces = {p.figure.index: _pieces(p) for p in review.proposal.proposals} if review is not None else {}
    context = {
        "plan": plan,
        "active": "data",
        "review": review,
        "result": result,
        "pieces": pieces,
        "error": error,
        "proposed": ReviewState.PROPOSED,
        **_labels(),
    }
    return render(request, "document_review.html", context, status_code=status_code)


@router.get("/data/extract/{token}")
def review_form(request: Request, token: str, principal: CurrentPrincipal, state: State) -> HTMLResponse:
    return _review_page(request, documents.document_review(state.factory, principal, token), None)


def _accepted(decisions: list[str], indicators: list[str]) -> dict[int, int]:
    """figure index → indicator id for every figure marked 采纳.

    Each proposal sends `decision` = "N:accept" or "N:reject" and `indicator` = "N:indicator id".
    """
    chosen: dict[int, int] = {}
    for value in indicators:
        index, _, indicator = value.partition(":")
        if index.isdigit() and indicator.isdigit():
            chosen[int(index)] = int(indicator)
    accepted: dict[int, int] = {}
    for value in decisions:
        index, _, decision = value.partition(":")
        if index.isdigit() and decision == "accept" and int(index) in chosen:
            accepted[int(index)] = chosen[int(index)]
    return accepted


@router.post("/data/extract/{token}")
def review_submit(
    request: Request,
    token: str,
    principal: CurrentPrincipal,
    state: State,
    decisions: Annotated[list[str] | None, Form(alias="decision")] = None,
    indicators: Annotated[list[str] | None, Form(alias="indicator")] = None,
) -> Response:
    require_writer(principal)
    accepted = _accepted(decisions or [], indicators or [])
    try:
        result = documents.accept_document_figures(state.factory, principal, token, accepted)
    except InputError as exc:
        review = documents.document_review(state.factory, principal, token)
        return _review_page(request, review, None, error=exc.message, status_code=422)
    return _review_page(request, None, result)


@router.post("/data/extract/{token}/discard")
def discard(request: Request, token: str, principal: CurrentPrincipal, plan_id: Text = "") -> Response:
    documents.discard_document(principal, token)
    request.session["flash"] = "已放弃该文件，没有录入任何数值。"
    plan = int(plan_id) if plan_id.strip().isdigit() else None
    return RedirectResponse(f"/data?plan_id={plan}" if plan is not None else "/data", status_code=303)
