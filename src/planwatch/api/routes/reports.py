"""API: one progress report, and correcting it (partial update; every change goes to the audit log)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from planwatch.domain.records import ReportStatus
from planwatch.server.auth import Reader, Writer
from planwatch.server.state import State
from planwatch.services import reporting
from planwatch.services.reporting import ReportChange
from planwatch.store.views import ProgressReportOut

router = APIRouter(tags=["任务与进展报告"])


class ReportPatch(BaseModel):
    """Fields to change; fields left out stay as they are. `percent: null` removes the percent."""

    period_label: str | None = Field(None, description="报告期，如 2025 或 2025H1")
    status: ReportStatus | None = None
    percent: float | None = Field(None, description="完成百分比 0–100；传 null 表示清除")
    narrative: str | None = None
    evidence: list[str] | None = None


@router.get("/reports/{report_id}", response_model=ProgressReportOut)
def get_report(report_id: int, _who: Reader, state: State) -> ProgressReportOut:
    return reporting.report(state.factory, report_id)


@router.patch("/reports/{report_id}", response_model=ProgressReportOut)
def patch_report(report_id: int, body: ReportPatch, principal: Writer, state: State) -> ProgressReportOut:
    given = body.model_fields_set
    change = ReportChange(
        period_label=body.period_label,
        status=body.status,
        narrative=body.narrative,
        evidence=tuple(body.evidence) if body.evidence is not None else None,
        percent=body.percent,
        clear_percent="percent" in given and body.percent is None,
    )
    return reporting.edit_report(state.factory, principal, report_id, change)
