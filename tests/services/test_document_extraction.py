"""Documents as observation sources: real Wuhan documents against the stored 14th plan, on SQLite and
PostgreSQL. The expected proposals are written by hand (tests/fixtures/documents/expected-proposals.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from planwatch.datasets.document_observations import figure_records
from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.errors import InputError
from planwatch.domain.records import ObservationOrigin, ReviewState
from planwatch.services import document_uploads as documents
from planwatch.services import upload_staging as uploads
from planwatch.services.document_extraction import (
    DocumentUnreadableError,
    NoPlanForDocumentError,
    propose_document_observations,
    read_document,
    store_document_figures,
)
from planwatch.services.observation_import import propose_mappings
from planwatch.services.permissions import PermissionDeniedError
from planwatch.store import (
    NotFoundError,
    get_department,
    list_indicators,
    observations_for,
    remembered_mappings,
    set_indicator_departments,
    transaction,
)
from planwatch.store.models import DocumentObservationRow, DocumentSourceRow, ObservationRow

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
EXPECTED: dict[str, Any] = json.loads((DOCUMENTS / "expected-proposals.json").read_text(encoding="utf-8"))
WORK_REPORT = DOCUMENTS / "wuhan-2026-work-report.txt"
BULLETIN = DOCUMENTS / "wuhan-2024-statistical-bulletin.txt"
ADMIN = Principal(user_id=1, username="admin", display_name="规划处", role=UserRole.ADMIN)


def _count(factory: sessionmaker[Session], table: type[Any]) -> int:
    with transaction(factory, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.parametrize("name", sorted(EXPECTED["documents"]))
def test_real_documents_propose_the_hand_written_figures(
    factory: sessionmaker[Session], plan_ids: dict[str, int], name: str
) -> None:
    expected = EXPECTED["documents"][name]
    reading = read_document(DOCUMENTS / name)
    assert (reading.kind.value, reading.year) == (expected["kind"], expected["year"])
    proposal = propose_document_observations(factory, reading, None)
    assert proposal.plan.title == EXPECTED["plan"] and proposal.plan.id == plan_ids["14"]
    assert proposal.area == "武汉市" and proposal.known is None
    automatic = [p for p in proposal.proposals if p.suggested is not None]
    got = [
        {
            "indicator": p.suggested.indicator_name,
            "metric": p.figure.metric,
            "year": p.figure.year,
            "value": p.figure.value,
            "unit": p.figure.unit,
            "qualifier": p.figure.qualifier.value,
            "status": p.figure.status.value,
            "line": p.figure.line,
        }
        for p in automatic
        if p.suggested is not None
    ]
    want = [{k: v for k, v in item.items() if k != "quote"} for item in expected["proposals"]]
    assert got == want
    for item, proposal_item in zip(expected["proposals"], automatic, strict=True):
        assert item["quote"] in proposal_item.figure.quote
        start, end = proposal_item.figure.mark or (0, 0)
        assert proposal_item.figure.quote[start:end] == proposal_item.figure.value_text != ""
    # figures a careless matcher might take for indicators are in the text but never proposed
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    for phrase in expected["not_indicators"]:
        assert phrase in text
        assert not any(
            p.figure.value_text and p.figure.value_text in phrase and phrase in p.figure.quote
            for p in automatic
        )


def test_nothing_is_stored_without_confirmation(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    before = _count(factory, ObservationRow)
    for path in (WORK_REPORT, BULLETIN):
        propose_document_observations(factory, read_document(path), None)
    assert _count(factory, ObservationRow) == before
    assert _count(factory, DocumentSourceRow) == 0
    with transaction(factory, read_only=True) as session:
        assert "高新技术企业" not in remembered_mappings(session, plan_ids["14"])


def test_storing_the_work_report_and_recognising_it_again(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    reading = read_document(WORK_REPORT)
    proposal = propose_document_observations(factory, reading, None)
    (item,) = [p for p in proposal.proposals if p.suggested is not None]
    assert item.suggested is not None
    result = store_document_figures(
        factory, proposal, {item.figure.index: item.suggested.indicator_id}, who="test"
    )
    assert (result.added, result.skipped_duplicates, result.review) == (1, 0, ReviewState.ACCEPTED)
    with transaction(factory, read_only=True) as session:
        stored = [o for o in observations_for(session, item.suggested.indicator_id) if o.year == 2025]
        links = session.scalars(select(DocumentObservationRow)).all()
        remembered = remembered_mappings(session, plan_ids["14"])
    (observation,) = stored
    assert (observation.value, observation.unit, observation.qualifier.value, observation.status.value) == (
        17000.0,
        "家",
        "lower_bound",
        "preliminary",
    )
    assert observation.origin is ObservationOrigin.IMPORT and observation.review is ReviewState.ACCEPTED
    assert observation.source == reading.title and "高新技术企业突破1.7万家" in (
        observation.source_quote or ""
    )
    assert observation.scope is None  # the document's area is the plan's own
    assert [(link.observation_id, link.line) for link in links] == [(observation.id, 9)]
    assert remembered["高新技术企业"] == item.suggested.indicator_id  # the CSV import's mapping, remembered

    again = propose_document_observations(factory, read_document(WORK_REPORT), None)
    assert again.known is not None and again.known.sha256 == reading.sha256 and again.known.observations == 1
    assert [p.stored for p in again.proposals] == [True] and again.open == ()
    with pytest.raises(NotFoundError, match="已导入"):
        store_document_figures(factory, again, {item.figure.index: item.suggested.indicator_id}, who="test")
    # a CSV file naming the figure the document's way reuses the same remembered mapping
    names = propose_mappings(factory, plan_ids["14"], figure_records(reading)).names
    assert next(n for n in names if n.external_name == "高新技术企业").remembered is not None


def test_a_tampered_choice_is_refused_and_nothing_is_written(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    proposal = propose_document_observations(factory, read_document(WORK_REPORT), None)
    (item,) = [p for p in proposal.proposals if p.suggested is not None]
    with transaction(factory, read_only=True) as session:
        other = next(i for i, n in list_indicators(session, plan_ids["14"]).items() if n == "技术合同成交额")
    before = _count(factory, ObservationRow)
    with pytest.raises(NotFoundError, match="候选指标"):
        store_document_figures(factory, proposal, {item.figure.index: other}, who="test")
    with pytest.raises(NotFoundError):
        store_document_figures(factory, proposal, {999: other}, who="test")
    assert _count(factory, ObservationRow) == before and _count(factory, DocumentSourceRow) == 0


def test_no_plan_and_unreadable_documents(factory: sessionmaker[Session], tmp_path: Path) -> None:
    reading = read_document(WORK_REPORT)
    with pytest.raises(NoPlanForDocumentError, match="还没有规划") as no_plan:
        propose_document_observations(factory, reading, None)
    assert no_plan.value.exit_code == 5
    hostname = tmp_path / "hostname"
    hostname.write_text("localhost\n", encoding="utf-8")
    with pytest.raises(DocumentUnreadableError, match="统计公报、政府工作报告") as unreadable:
        read_document(hostname)
    assert unreadable.value.exit_code == 3
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError) as refused:
        read_document(binary)
    assert refused.value.exit_code == 2


def test_a_document_of_another_area_has_no_default_plan(
    factory: sessionmaker[Session], plan_ids: dict[str, int], tmp_path: Path
) -> None:
    other = tmp_path / "2024年乐山市国民经济和社会发展统计公报.txt"
    other.write_text(
        "乐山市2024年国民经济和社会发展统计公报\n年末全市高新技术企业达到500家。\n", encoding="utf-8"
    )
    reading = read_document(other)
    with pytest.raises(NoPlanForDocumentError, match="--plan"):
        propose_document_observations(factory, reading, None)
    chosen = propose_document_observations(factory, reading, plan_ids["14"])
    assert chosen.plan.id == plan_ids["14"] and chosen.area is None


@pytest.fixture
def staging(tmp_path: Path) -> uploads.UploadStaging:
    return uploads.UploadStaging(tmp_path / "uploads")


def _reporter(factory: sessionmaker[Session], plan_id: int, owned: str) -> Principal:
    with transaction(factory) as session:
        names = {n: i for i, n in list_indicators(session, plan_id).items()}
        set_indicator_departments(session, names[owned], ["市科技局"], who="test")
        department = get_department(session, "市科技局")
    assert department is not None
    return Principal(
        user_id=2,
        username="kjj",
        display_name="市科技局",
        role=UserRole.REPORTER,
        department_ids=frozenset({department.id}),
        department_names=(department.name,),
    )


def test_web_upload_reporter_proposals_wait_for_review(
    factory: sessionmaker[Session], plan_ids: dict[str, int], staging: uploads.UploadStaging
) -> None:
    reporter = _reporter(factory, plan_ids["14"], "高新技术企业数量")
    data = WORK_REPORT.read_bytes()
    review = documents.stage_document(factory, reporter, data, WORK_REPORT.name, None, staging=staging)
    assert review.upload.plan_id == plan_ids["14"] and not review.admin
    (item,) = [p for p in review.proposal.proposals if p.suggested is not None]
    assert item.suggested is not None
    result = documents.accept_document_figures(
        factory,
        reporter,
        review.upload.token,
        {item.figure.index: item.suggested.indicator_id},
        staging=staging,
    )
    assert result.review is ReviewState.PROPOSED and result.added == 1
    with transaction(factory, read_only=True) as session:
        (observation,) = [o for o in observations_for(session, item.suggested.indicator_id) if o.year == 2025]
        remembered = remembered_mappings(session, plan_ids["14"])
    assert observation.review is ReviewState.PROPOSED  # the planning office reviews it, as today
    assert "高新技术企业" not in remembered  # only the planning office's choices are remembered
    with pytest.raises(NotFoundError):  # the staged file is gone once stored
        documents.document_review(factory, reporter, review.upload.token, staging=staging)


def test_web_upload_reporter_sees_only_its_series(
    factory: sessionmaker[Session], plan_ids: dict[str, int], staging: uploads.UploadStaging
) -> None:
    reporter = _reporter(factory, plan_ids["14"], "技术合同成交额")
    review = documents.stage_document(
        factory, reporter, WORK_REPORT.read_bytes(), WORK_REPORT.name, None, staging=staging
    )
    assert review.proposal.proposals == ()  # 高新技术企业数量 is not its department's
    viewer = Principal(user_id=3, username="viewer", display_name="领导", role=UserRole.VIEWER)
    with pytest.raises(PermissionDeniedError):
        documents.stage_document(factory, viewer, WORK_REPORT.read_bytes(), "x.txt", None, staging=staging)


def test_web_upload_refuses_wrong_types_and_keeps_nothing(
    factory: sessionmaker[Session], plan_ids: dict[str, int], staging: uploads.UploadStaging
) -> None:
    with pytest.raises(uploads.UploadError, match=r"不支持的文件类型“\.csv”"):
        documents.stage_document(factory, ADMIN, b"a,b\n1,2\n", "data.csv", None, staging=staging)
    with pytest.raises(NoPlanForDocumentError):
        documents.stage_document(
            factory,
            ADMIN,
            "某县2024年统计公报\n年末全县高新技术企业100家。\n".encode(),
            "x.txt",
            None,
            staging=staging,
        )
    with pytest.raises(InputError, match="空白"):
        documents.stage_document(factory, ADMIN, b"\n \n", "blank.txt", None, staging=staging)
    assert [p for p in staging.directory.iterdir() if p.is_dir()] == []
