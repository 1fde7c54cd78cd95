"""API: the audit log (admins only), newest first, filtered by table and by user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from planwatch.api.pagination import Page, PageParams, page_params
from planwatch.server.auth import Admin
from planwatch.server.state import State
from planwatch.services import audit
from planwatch.services.audit import AuditLine

router = APIRouter(tags=["审计日志"])


@router.get("/audit", response_model=Page[AuditLine])
def audit_log(
    principal: Admin,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    table: Annotated[str | None, Query(description="表名，如 progress_reports、observations")] = None,
    user: Annotated[str | None, Query(description="修改人用户名")] = None,
    hide_import: Annotated[bool, Query(description="隐藏批量导入（用户 import）的记录")] = False,
) -> Page[AuditLine]:
    log = audit.audit_log(
        state.factory,
        principal,
        limit=params.limit,
        offset=params.offset,
        table=table,
        user=user,
        hide_import=hide_import,
    )
    return Page[AuditLine](items=list(log.lines), total=log.total, limit=log.limit, offset=log.offset)
