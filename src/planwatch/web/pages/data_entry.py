"""Pages: 数据录入 — entering and correcting figures, reviewing proposals, choosing among conflicting
figures, and uploading CSV/XLSX files with the mapping step.

Handlers only translate between forms and the use cases in `services.observation_entry` and
`services.upload_staging`, which enforce who may do what. A mistake in a form (no source, a year out
of range) re-renders the form with the message and what the user typed; every successful action
redirects (303) with a confirmation in the session, shown once on the next page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.domain.records import ReviewState
from planwatch.server.auth import CurrentPrincipal
from planwatch.server.state import State
from planwatch.services import newest_first, stored_plans
from planwatch.services import observation_entry as entry
from planwatch.services import upload_staging as uploads
from planwatch.services.permissions import require_admin, require_writer
from planwatch.store import ConflictError
from planwatch.store.views import ObservationOut, PlanSummary
from planwatch.web.templating import render

router = APIRouter()

FLASH = "flash"
FLASH_ERROR = "flash_error"

Text = Annotated[str, Form()]


def _labels() -> dict[str, Any]:
    """The vocabularies the forms and tables show, in Chinese."""
    return {
        "qualifier_labels": {q.value: label for q, label in entry.QUALIFIER_LABELS.items()},
        "status_labels": {s.value: label for s, label in entry.STATUS_LABELS.items()},
        "review_labels": {r.value: label for r, label in entry.REVIEW_LABELS.items()},
        "origin_labels": {o.value: label for o, label in entry.ORIGIN_LABELS.items()},
        "review_classes": {"accepted": "good", "proposed": "ok", "rejected": "bad"},
        "field_labels": entry.FIELD_LABELS,
        "value_labels": {
            **{k.value: v for k, v in entry.QUALIFIER_LABELS.items()},
            **{k.value: v for k, v in entry.STATUS_LABELS.items()},
            **{k.value: v for k, v in entry.REVIEW_LABELS.items()},
            **{k.value: v for k, v in entry.ORIGIN_LABELS.items()},
        },
    }


def _safe_next(target: str | None, default: str) -> str:
    """Only same-site paths, so a form cannot send the user elsewhere after an action."""
    if not target:
        return default
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _data_url(plan_id: int | None) -> str:
    return f"/data?plan_id={plan_id}" if plan_id is not None else "/data"


def _done(request: Request, message: str, target: str) -> RedirectResponse:
    request.session[FLASH] = message
    return RedirectResponse(target, status_code=303)


def _failed(request: Request, message: str, target: str) -> RedirectResponse:
    request.session[FLASH_ERROR] = message
    return RedirectResponse(target, status_code=303)


def _flashes(request: Request) -> dict[str, Any]:
    return {"flash": request.session.pop(FLASH, None), "flash_error": request.session.pop(FLASH_ERROR, None)}


def _plain(value: float) -> str:
    """A figure exactly as stored, without rounding or exponent for ordinary sizes (17000, 3.51)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _figure(observation: ObservationOut) -> str:
    return f"{observation.year}年 {_plain(observation.value)}{observation.unit}"


def _plans(state: State) -> list[PlanSummary]:
    return newest_first(stored_plans(state.factory))


# --- the hub ------------------------------------------------------------------------------------


def _hub(
    request: Request,
    principal: Principal,
    state: State,
    plan_id: int | None,
    *,
    error: str | None = None,
    values: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    overview = entry.data_entry_overview(state.factory, principal, plan_id)
    context = {
        "plan": overview.plan,
        "active": "data",
        "overview": overview,
        "error": error,
        "values": dict(values or {}),
        **_labels(),
        **_flashes(request),
    }
    return render(request, "data_entry.html", context, status_code=status_code)


@router.get("/data")
def data_hub(
    request: Request, principal: CurrentPrincipal, state: State, plan_id: int | None = None
) -> HTMLResponse:
    return _hub(request, principal, state, plan_id)


@router.post("/data/observations")
def add_observation(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    plan_id: Text = "",
    indicator_id: Text = "",
    year: Text = "",
    value: Text = "",
    unit: Text = "",
    qualifier: Text = "exact",
    status: Text = "final",
    scope: Text = "",
    source: Text = "",
    source_quote: Text = "",
    note: Text = "",
) -> Response:
    require_writer(principal)
    form = {
        "indicator_id": indicator_id,
        "year": year,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "status": status,
        "scope": scope,
        "source": source,
        "source_quote": source_quote,
        "note": note,
    }
    plan = int(plan_id) if plan_id.strip().isdigit() else None
    try:
        created = entry.enter_observation(state.factory, principal, entry.draft_from_form(form))
    except InputError as exc:
        return _hub(request, principal, state, plan, error=exc.message, values=form, status_code=422)
    if created.review is ReviewState.ACCEPTED:
        message = f"已录入 {_figure(created)}，该数值已生效。"
    else:
        message = f"已提交 {_figure(created)}，等待规划处审核，采纳后计入监测。"
    return _done(request, message, _data_url(plan) + "#recent")


# --- one figure ---------------------------------------------------------------------------------


def _edit_page(
    request: Request,
    principal: Principal,
    state: State,
    observation_id: int,
    *,
    error: str | None = None,
    values: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = entry.edit_view(state.factory, principal, observation_id)
    current = view.entry.observation
    shown = {
        "year": str(current.year),
        "value": _plain(current.value),
        "unit": current.unit,
        "qualifier": current.qualifier.value,
        "status": current.status.value,
        "scope": current.scope or "",
        "source": current.source or "",
        "source_quote": current.source_quote or "",
        "note": current.note or "",
    }
    shown.update(values or {})
    plan = next((p for p in _plans(state) if p.id == view.entry.plan_id), None)
    context = {
        "plan": plan,
        "active": "data",
        "view": view,
        "error": error,
        "values": shown,
        **_labels(),
        **_flashes(request),
    }
    return render(request, "observation_form.html", context, status_code=status_code)


@router.get("/observations/{observation_id}/edit")
def edit_form(
    request: Request, observation_id: int, principal: CurrentPrincipal, state: State
) -> HTMLResponse:
    return _edit_page(request, principal, state, observation_id)


@router.post("/observations/{observation_id}/edit")
def edit_observation(
    request: Request,
    observation_id: int,
    principal: CurrentPrincipal,
    state: State,
    year: Text = "",
    value: Text = "",
    unit: Text = "",
    qualifier: Text = "exact",
    status: Text = "final",
    scope: Text = "",
    source: Text = "",
    source_quote: Text = "",
    note: Text = "",
    next: Text = "",
) -> Response:
    require_writer(principal)
    form = {
        "year": year,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "status": status,
        "scope": scope,
        "source": source,
        "source_quote": source_quote,
        "note": note,
    }
    try:
        changed = entry.correct_observation(
            state.factory, principal, observation_id, entry.correction_from_form(form)
        )
    except InputError as exc:
        return _edit_page(
            request, principal, state, observation_id, error=exc.message, values=form, status_code=422
        )
    owner = entry.get_entry(state.factory, principal, observation_id)
    target = _safe_next(next, _data_url(owner.plan_id))
    return _done(request, f"已修改“{owner.indicator_name}”的数值：{_figure(changed)}。", target)


@router.post("/observations/{observation_id}/delete")
def delete_observation(
    request: Request, observation_id: int, principal: CurrentPrincipal, state: State, next: Text = ""
) -> Response:
    require_writer(principal)
    removed = entry.remove_observation(state.factory, principal, observation_id)
    verb = "撤回" if removed.observation.review is ReviewState.PROPOSED and not principal.is_admin else "删除"
    target = _safe_next(next, _data_url(removed.plan_id))
    return _done(request, f"已{verb}“{removed.indicator_name}”{_figure(removed.observation)}。", target)


@router.post("/observations/{observation_id}/review")
def review_observation(
    request: Request,
    observation_id: int,
    principal: CurrentPrincipal,
    state: State,
    review: Annotated[str, Form(alias="state")] = "",
    next: Text = "",
) -> Response:
    require_writer(principal)
    decision = entry.parse_review_state(review)
    reviewed = entry.review_proposal(state.factory, principal, observation_id, decision)
    owner = entry.get_entry(state.factory, principal, observation_id)
    target = _safe_next(next, _data_url(owner.plan_id) + "#queue")
    if reviewed.review is ReviewState.ACCEPTED:
        message = f"已采纳“{owner.indicator_name}”{_figure(reviewed)}，该数值计入监测。"
    else:
        message = f"已不采纳“{owner.indicator_name}”{_figure(reviewed)}。"
    return _done(request, message, target)


@router.post("/observations/{observation_id}/choose")
def choose_observation(
    request: Request,
    observation_id: int,
    principal: CurrentPrincipal,
    state: State,
    note: Text = "",
    next: Text = "",
) -> Response:
    require_writer(principal)
    owner = entry.get_entry(state.factory, principal, observation_id)
    target = _safe_next(next, _data_url(owner.plan_id) + "#conflicts")
    try:
        entry.choose_counted(state.factory, principal, observation_id, note=note or None)
    except ConflictError as exc:
        return _failed(request, exc.message, target)
    message = (
        f"已将 {_figure(owner.observation)} 设为“{owner.indicator_name}”{owner.observation.year}年的采用值。"
    )
    return _done(request, message, target)


@router.post("/indicators/{indicator_id}/choices/{year}/clear")
def clear_choice(
    request: Request,
    indicator_id: int,
    year: int,
    principal: CurrentPrincipal,
    state: State,
    next: Text = "",
) -> Response:
    require_writer(principal)
    resolution = entry.clear_counted_choice(state.factory, principal, indicator_id, year)
    chosen = resolution.chosen
    target = _safe_next(next, f"/indicators/{indicator_id}")
    if chosen is None:
        return _done(request, f"已取消 {year} 年的人工选择。", target)
    return _done(request, f"已取消 {year} 年的人工选择，现按默认规则采用 {_figure(chosen)}。", target)


# --- uploads ------------------------------------------------------------------------------------


def _upload_page(
    request: Request,
    principal: Principal,
    state: State,
    plan_id: int | None,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    require_writer(principal)
    plans = _plans(state)
    current = next((p for p in plans if p.id == plan_id), None)
    if current is None and plans:
        current = plans[0]
    context = {
        "plan": current,
        "active": "data",
        "error": error,
        "max_mb": uploads.default_staging().max_bytes // 1024 // 1024,
        **_flashes(request),
    }
    return render(request, "upload.html", context, status_code=status_code)


@router.get("/data/upload")
def upload_form(
    request: Request, principal: CurrentPrincipal, state: State, plan_id: int | None = None
) -> HTMLResponse:
    return _upload_page(request, principal, state, plan_id)


@router.post("/data/upload")
def upload_file(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
    plan_id: Text = "",
) -> Response:
    require_admin(principal)
    plan = int(plan_id) if plan_id.strip().isdigit() else None
    if file is None or not file.filename:
        error = "请选择要上传的 CSV 或 XLSX 文件。"
        return _upload_page(request, principal, state, plan, error=error, status_code=422)
    if plan is None:
        return _upload_page(request, principal, state, plan, error="请选择要导入到的规划。", status_code=422)
    staging = uploads.default_staging()
    data = file.file.read(staging.max_bytes + 1)
    try:
        review = uploads.stage_observation_file(
            state.factory, principal, data, file.filename, plan, staging=staging
        )
    except InputError as exc:
        return _upload_page(request, principal, state, plan, error=exc.message, status_code=422)
    return RedirectResponse(f"/data/upload/{review.upload.token}", status_code=303)


def _mapping_page(
    request: Request,
    review: uploads.UploadReview | None,
    result: uploads.UploadResult | None,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    plan = result.plan if result is not None else review.plan if review is not None else None
    context = {"plan": plan, "active": "data", "review": review, "result": result, "error": error}
    return render(request, "upload_mapping.html", context, status_code=status_code)


@router.get("/data/upload/{token}")
def mapping_form(request: Request, token: str, principal: CurrentPrincipal, state: State) -> HTMLResponse:
    return _mapping_page(request, uploads.upload_review(state.factory, principal, token), None)


def _mapping(review: uploads.UploadReview, choices: list[str]) -> dict[str, int | None]:
    """The confirmed mapping from the selects, each sending "index:indicator id" ("index:" = 不导入).

    Every name of the file gets an entry, so a name set to 不导入 is not imported even when a mapping
    for it was remembered before.
    """
    picked: dict[int, int | None] = {}
    for choice in choices:
        index, _, indicator = choice.partition(":")
        if index.isdigit():
            picked[int(index)] = int(indicator) if indicator.isdigit() else None
    return {name.external_name: picked.get(name.index) for name in review.names}


@router.post("/data/upload/{token}")
def import_file(
    request: Request,
    token: str,
    principal: CurrentPrincipal,
    state: State,
    choices: Annotated[list[str] | None, Form(alias="map")] = None,
) -> Response:
    require_admin(principal)
    review = uploads.upload_review(state.factory, principal, token)
    try:
        result = uploads.import_staged_file(state.factory, principal, token, _mapping(review, choices or []))
    except InputError as exc:
        return _mapping_page(request, review, None, error=exc.message, status_code=422)
    return _mapping_page(request, None, result)


@router.post("/data/upload/{token}/discard")
def discard_upload(
    request: Request, token: str, principal: CurrentPrincipal, state: State, plan_id: Text = ""
) -> Response:
    require_admin(principal)
    uploads.discard_upload(principal, token)
    plan = int(plan_id) if plan_id.strip().isdigit() else None
    return _done(request, "已取消本次上传，文件未导入。", _data_url(plan))
