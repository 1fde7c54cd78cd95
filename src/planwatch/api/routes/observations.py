"""API: observations (actual figures) — entry, correction, review of proposals, choice among conflicting
figures, and CSV/XLSX uploads with the mapping step.

Who may do what is decided in `services.observation_entry` and `services.upload_staging`, the same
use cases the web forms call, so the API and the pages cannot disagree.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile, status
from pydantic import BaseModel, Field

from planwatch.api.pagination import Page, PageParams, page_params, paginate
from planwatch.domain.records import ObservationStatus, Qualifier, ReviewState
from planwatch.server.auth import CurrentPrincipal, Reader
from planwatch.server.state import State
from planwatch.services import observation_entry as entry
from planwatch.services import upload_staging as uploads
from planwatch.store.views import ObservationConflict, ObservationOut

router = APIRouter(tags=["观测值"])


class ObservationIn(BaseModel):
    """A new figure. Admins' figures count at once; a reporter's is a proposal awaiting review."""

    indicator_id: int = Field(description="指标编号")
    year: int = Field(description=f"年份（{entry.YEAR_MIN}–{entry.YEAR_MAX}）")
    value: float = Field(description="数值")
    source: str | None = Field(
        None, description="出处（必填），如“2024年武汉市国民经济和社会发展统计公报”或网址"
    )
    unit: str | None = Field(None, description="单位，默认为指标的单位")
    scope: str | None = Field(None, description="统计范围，默认为规划所属地区")
    source_quote: str | None = Field(None, description="出处原文摘录")
    status: ObservationStatus = Field(
        ObservationStatus.FINAL, description="final 正式数 / preliminary 初步数 / estimate 预计数"
    )
    qualifier: Qualifier = Field(
        Qualifier.EXACT, description="exact 准确值 / lower_bound 下限 / upper_bound 上限 / approximate 约数"
    )
    note: str | None = Field(None, description="备注")


class ObservationPatch(BaseModel):
    """Fields to correct; omitted fields stay as they are, "" clears source_quote or note."""

    year: int | None = None
    value: float | None = None
    unit: str | None = None
    scope: str | None = None
    source: str | None = None
    source_quote: str | None = None
    status: ObservationStatus | None = None
    qualifier: Qualifier | None = None
    note: str | None = None


class ReviewIn(BaseModel):
    state: Literal["accepted", "rejected"] = Field(description="accepted 采纳（计入监测）/ rejected 不采纳")


class ChooseIn(BaseModel):
    note: str | None = Field(None, description="为何采用该数值")


class MappingIn(BaseModel):
    mapping: dict[str, int | None] = Field(
        default_factory=dict,
        description="文件中的指标名称 → 规划指标编号；null 表示不导入。未列出的名称只按已确认过的对应关系导入。",
    )


@router.get("/observations", response_model=Page[ObservationOut])
def list_observations(
    principal: Reader,
    state: State,
    params: Annotated[PageParams, Depends(page_params)],
    plan_id: Annotated[int | None, Query(description="规划编号")] = None,
    indicator_id: Annotated[int | None, Query(description="指标编号")] = None,
    year: Annotated[int | None, Query(description="年份")] = None,
    review: Annotated[ReviewState | None, Query(description="审核状态")] = None,
) -> Page[ObservationOut]:
    """Figures by indicator, year and age. Viewers and the public see accepted figures only."""
    found = entry.find_observations(
        state.factory, principal, plan_id=plan_id, indicator_id=indicator_id, year=year, review=review
    )
    return paginate(found, params)


@router.get("/observations/{observation_id}", response_model=ObservationOut)
def get_observation(observation_id: int, principal: Reader, state: State) -> ObservationOut:
    return entry.get_entry(state.factory, principal, observation_id).observation


@router.post("/observations", response_model=ObservationOut, status_code=status.HTTP_201_CREATED)
def create_observation(body: ObservationIn, principal: CurrentPrincipal, state: State) -> ObservationOut:
    draft = entry.ObservationDraft(**body.model_dump())
    return entry.enter_observation(state.factory, principal, draft)


@router.patch("/observations/{observation_id}", response_model=ObservationOut)
def patch_observation(
    observation_id: int, body: ObservationPatch, principal: CurrentPrincipal, state: State
) -> ObservationOut:
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    correction = entry.ObservationCorrection(**{k: v for k, v in changes.items() if v is not None})
    return entry.correct_observation(state.factory, principal, observation_id, correction)


@router.delete("/observations/{observation_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_observation(observation_id: int, principal: CurrentPrincipal, state: State) -> None:
    entry.remove_observation(state.factory, principal, observation_id)


@router.post("/observations/{observation_id}/review", response_model=ObservationOut)
def review_observation(
    observation_id: int, body: ReviewIn, principal: CurrentPrincipal, state: State
) -> ObservationOut:
    """Accept or reject a figure (admins only); only accepted figures count in monitoring."""
    return entry.review_proposal(state.factory, principal, observation_id, ReviewState(body.state))


@router.post("/observations/{observation_id}/choose", response_model=ObservationConflict)
def choose_observation(
    observation_id: int,
    principal: CurrentPrincipal,
    state: State,
    body: ChooseIn | None = None,
) -> ObservationConflict:
    """Make this accepted figure the one that counts for its indicator and year (admins only)."""
    note = body.note if body is not None else None
    return entry.choose_counted(state.factory, principal, observation_id, note=note)


@router.delete("/observation-choices/{indicator_id}/{year}", response_model=ObservationConflict)
def clear_choice(
    indicator_id: int, year: int, principal: CurrentPrincipal, state: State
) -> ObservationConflict:
    """Drop the choice for an indicator and year, so the default rule decides again (admins only)."""
    return entry.clear_counted_choice(state.factory, principal, indicator_id, year)


@router.post("/observation-files", response_model=uploads.UploadReview, status_code=status.HTTP_201_CREATED)
def upload_observation_file(
    file: Annotated[UploadFile, File(description="CSV 或 XLSX 观测数据文件，不超过 10 MB")],
    plan_id: Annotated[int, Form(description="导入到的规划编号")],
    principal: CurrentPrincipal,
    state: State,
) -> uploads.UploadReview:
    """Stage a data file and propose the mapping of its indicator names (admins only; nothing is imported)."""
    staging = uploads.default_staging()
    data = file.file.read(staging.max_bytes + 1)
    return uploads.stage_observation_file(
        state.factory, principal, data, file.filename or "", plan_id, staging=staging
    )


@router.get("/observation-files/{token}", response_model=uploads.UploadReview)
def get_observation_file(token: str, principal: CurrentPrincipal, state: State) -> uploads.UploadReview:
    return uploads.upload_review(state.factory, principal, token)


@router.post("/observation-files/{token}/import", response_model=uploads.UploadResult)
def import_observation_file(
    token: str, body: MappingIn, principal: CurrentPrincipal, state: State
) -> uploads.UploadResult:
    """Import the staged file with the confirmed mapping; identical rows already stored are skipped."""
    return uploads.import_staged_file(state.factory, principal, token, body.mapping)


@router.delete("/observation-files/{token}", status_code=status.HTTP_204_NO_CONTENT)
def discard_observation_file(token: str, principal: CurrentPrincipal, state: State) -> None:
    uploads.discard_upload(principal, token)
