"""数据录入 → 从文件提取: uploading a document through the web, reviewing each proposal, storing the accepted.

The document is staged like an observation file (`upload_staging.UploadStaging`: a random token, a
private directory, the 10 MB cap, an hour's life), so the figures stored are exactly those read from
the file the user chose, never rows echoed back by the browser. It is read with the upload parse time
budget (`domain.limits.UPLOAD_PARSE_SECONDS`), so a hostile document cannot hold a worker.

Permissions follow data entry: admins (the planning office) and reporters may upload; a reporter sees
proposals only for the series its departments are responsible for, and what it accepts is stored as a
proposal (review `proposed`) for the planning office to accept, as for figures entered by hand. Only
the planning office's choices are remembered as name mappings (remembering a mapping changes every
later import of the plan, which is the planning office's decision — as for CSV uploads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.domain.limits import UPLOAD_PARSE_SECONDS
from planwatch.domain.records import ReviewState
from planwatch.services.document_extraction import (
    ExtractionProposal,
    ExtractionResult,
    propose_document_observations,
    read_document,
    store_document_figures,
)
from planwatch.services.observation_entry import IndicatorChoice, plan_series
from planwatch.services.permissions import require_writer
from planwatch.services.upload_staging import StagedUpload, UploadStaging, default_staging
from planwatch.store import indicators_of_departments, transaction

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """The review page of a staged document: its proposals for the principal."""

    upload: StagedUpload
    proposal: ExtractionProposal
    admin: bool


def _writable(factory: sessionmaker[Session], principal: Principal, plan_id: int) -> frozenset[int] | None:
    """The series the principal may enter figures for (None: all of them, for the planning office)."""
    if principal.is_admin:
        return None
    with transaction(factory, read_only=True) as session:
        owned = indicators_of_departments(session, principal.department_ids)
        series: list[IndicatorChoice] = plan_series(session, plan_id)
    return frozenset(s.id for s in series if s.id in owned)


def _propose(
    factory: sessionmaker[Session], principal: Principal, path: Path, plan_id: int | None
) -> ExtractionProposal:
    reading = read_document(path, time_budget=UPLOAD_PARSE_SECONDS)
    first = propose_document_observations(factory, reading, plan_id)
    writable = _writable(factory, principal, first.plan.id)
    if writable is None:
        return first
    return propose_document_observations(factory, reading, first.plan.id, writable=writable)


def stage_document(
    factory: sessionmaker[Session],
    principal: Principal,
    data: bytes,
    filename: str,
    plan_id: int | None,
    *,
    staging: UploadStaging | None = None,
) -> DocumentReview:
    """Check and keep an uploaded document and propose its figures (nothing is stored).

    Without `plan_id` the plan is the newest plan of the area the document names. A document that
    cannot be read, or names no stored plan's area, is refused with the reader's message and not kept.
    """
    require_writer(principal)
    area = staging or default_staging()
    upload, path = area.stage(
        data, filename, plan_id=plan_id or 0, who=principal.username, suffixes=DOCUMENT_SUFFIXES, what="文件"
    )
    try:
        proposal = _propose(factory, principal, path, plan_id)
    except Exception:
        area.discard(upload.token)
        raise
    if upload.plan_id != proposal.plan.id:
        area.set_plan(upload.token, proposal.plan.id)
        upload = area.get(upload.token, who=principal.username)[0]
    return DocumentReview(upload, proposal, principal.is_admin)


def document_review(
    factory: sessionmaker[Session], principal: Principal, token: str, *, staging: UploadStaging | None = None
) -> DocumentReview:
    """The review page of a staged document (again, e.g. after reloading the page)."""
    require_writer(principal)
    upload, path = (staging or default_staging()).get(token, who=principal.username)
    return DocumentReview(upload, _propose(factory, principal, path, upload.plan_id), principal.is_admin)


def accept_document_figures(
    factory: sessionmaker[Session],
    principal: Principal,
    token: str,
    accepted: Mapping[int, int],
    *,
    staging: UploadStaging | None = None,
) -> ExtractionResult:
    """Store the accepted figures (figure index → indicator id) of a staged document; the rest are rejected.

    The planning office's figures count at once and its choices are remembered; a reporter's are
    proposals for the planning office to review. The staged file is removed once stored.
    """
    require_writer(principal)
    area = staging or default_staging()
    review = document_review(factory, principal, token, staging=area)
    if not accepted:
        raise InputError("没有选择要录入的数字：请至少采纳一项，或点击“放弃本文件”。")
    result = store_document_figures(
        factory,
        review.proposal,
        accepted,
        who=principal.username,
        review=ReviewState.ACCEPTED if principal.is_admin else ReviewState.PROPOSED,
        remember=principal.is_admin,
    )
    area.discard(token)
    return result


def discard_document(principal: Principal, token: str, *, staging: UploadStaging | None = None) -> None:
    """Throw a staged document away without storing anything."""
    require_writer(principal)
    area = staging or default_staging()
    area.get(token, who=principal.username)
    area.discard(token)
