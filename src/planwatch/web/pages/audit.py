"""The audit log page (admins only): who changed what and when, newest first, with filters."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from planwatch.server.auth import CurrentPrincipal
from planwatch.server.state import State
from planwatch.services import audit
from planwatch.web.templating import render

router = APIRouter()

PAGE_SIZE = 50


@router.get("/audit")
def audit_page(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    table: Annotated[str, Query()] = "",
    user: Annotated[str, Query()] = "",
    hide_import: Annotated[bool, Query()] = False,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    log = audit.audit_log(
        state.factory,
        principal,
        limit=PAGE_SIZE,
        offset=offset,
        table=table or None,
        user=user or None,
        hide_import=hide_import,
    )
    params = urlencode(
        {k: v for k, v in {"table": table, "user": user}.items() if v}
        | ({"hide_import": "true"} if hide_import else {})
    )
    context = {
        "active": "audit",
        "log": log,
        "filters": {"table": table, "user": user, "hide_import": hide_import},
        "table_label": audit.table_label,
        "import_user": audit.IMPORT_USER,
        "page_url": f"/audit?{params}&" if params else "/audit?",
    }
    return render(request, "audit.html", context)
