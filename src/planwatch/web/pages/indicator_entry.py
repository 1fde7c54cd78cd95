"""Pages: the admins' page for entering a plan's indicator table by hand (手工录入), and its templates.

Linked from the plan's indicator page (指标). It takes an uploaded CSV/XLSX sheet or rows pasted from
Excel. A sheet with problems comes back on the same page (422) with each row and what is wrong, the
pasted rows kept for correcting; nothing is stored. Success returns to the indicator page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.datasets.indicator_sheets import TEMPLATE_HEADER, EntrySheetError, template_csv
from planwatch.domain.accounts import Principal
from planwatch.domain.errors import PlanwatchError
from planwatch.render.indicator_template_xlsx import template_workbook
from planwatch.server.auth import Admin, Reader
from planwatch.server.state import State
from planwatch.services.indicator_entry import (
    MAX_SHEET_BYTES,
    enter_table_text,
    enter_table_upload,
    entry_overview,
)
from planwatch.web.templating import render

router = APIRouter()

FLASH = "indicator_entry_flash"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOWNLOAD = "attachment; filename*=UTF-8''%E6%8C%87%E6%A0%87%E8%A1%A8%E6%A8%A1%E6%9D%BF"  # 指标表模板


@router.get("/indicator-template.xlsx")
def template_xlsx(_who: Reader) -> Response:
    headers = {"Content-Disposition": _DOWNLOAD + ".xlsx"}
    return Response(template_workbook(), media_type=XLSX_TYPE, headers=headers)


@router.get("/indicator-template.csv")
def template_csv_file(_who: Reader) -> Response:
    headers = {"Content-Disposition": _DOWNLOAD + ".csv"}
    return Response(template_csv(), media_type="text/csv; charset=utf-8", headers=headers)


def _page(
    request: Request,
    principal: Principal,
    state: State,
    plan_id: int,
    *,
    error: str | None = None,
    problems: tuple[str, ...] = (),
    rows: str = "",
    replace: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    overview = entry_overview(state.factory, principal, plan_id)
    context = {
        "plan": overview.plan,
        "active": "indicators",
        "o": overview,
        "error": error,
        "problems": problems,
        "rows": rows,
        "replace": replace,
        "columns": "、".join(TEMPLATE_HEADER),
        "max_kb": MAX_SHEET_BYTES // 1024,
    }
    return render(request, "indicator_entry.html", context, status_code=status_code)


@router.get("/plans/{plan_id:int}/indicators/entry")
def entry_page(request: Request, plan_id: int, principal: Admin, state: State) -> HTMLResponse:
    return _page(request, principal, state, plan_id)


@router.post("/plans/{plan_id:int}/indicators/entry", response_model=None)
def enter_table(
    request: Request,
    plan_id: int,
    principal: Admin,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
    rows: Annotated[str, Form(max_length=200_000)] = "",
    replace: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Store the sheet (or the pasted rows) as the plan's indicator table."""
    replace_extracted = replace == "yes"
    try:
        if file is not None and file.filename:
            data = file.file.read(MAX_SHEET_BYTES + 1)
            result = enter_table_upload(
                state.factory, principal, plan_id, data, file.filename, replace_extracted=replace_extracted
            )
        else:
            result = enter_table_text(
                state.factory, principal, plan_id, rows, replace_extracted=replace_extracted
            )
    except EntrySheetError as exc:
        head = exc.message.split("\n", 1)[0]
        return _page(
            request, principal, state, plan_id, error=head, problems=exc.problems, rows=rows,
            replace=replace_extracted, status_code=422,
        )  # fmt: skip
    except PlanwatchError as exc:
        return _page(
            request, principal, state, plan_id, error=exc.message, rows=rows, replace=replace_extracted,
            status_code=422,
        )  # fmt: skip
    request.session[FLASH] = result.summary
    return RedirectResponse(f"/plans/{plan_id}/indicators", status_code=303)
