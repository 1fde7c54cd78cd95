"""Entering figures by hand and staging uploads: the rules the API and the forms share."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.errors import InputError
from planwatch.domain.records import ObservationStatus, Qualifier, ReviewState
from planwatch.services import observation_entry as entry
from planwatch.services import upload_staging as uploads
from planwatch.services.permissions import AuthenticationRequiredError, PermissionDeniedError
from planwatch.store import (
    ConflictError,
    NotFoundError,
    chosen_series,
    get_department,
    history_for,
    list_indicators,
    resolve_observation,
    set_indicator_departments,
    transaction,
)
from planwatch.store.views import ObservationOut

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "wuhan_observations.csv"
OWNED = "高新技术企业数量"
OTHER = "技术合同成交额"

ADMIN = Principal(user_id=1, username="admin", display_name="规划处", role=UserRole.ADMIN)
VIEWER = Principal(user_id=3, username="viewer", display_name="领导", role=UserRole.VIEWER)
ANONYMOUS = Principal(user_id=None, username="anonymous", display_name="访客", role=UserRole.VIEWER)


@pytest.fixture
def setup(factory: sessionmaker[Session], plan_ids: dict[str, int]) -> tuple[int, int, int, Principal]:
    """(plan id, owned indicator, other indicator, reporter of 市科技局) in the 14th plan."""
    with transaction(factory) as session:
        names = {n: i for i, n in list_indicators(session, plan_ids["14"]).items()}
        set_indicator_departments(session, names[OWNED], ["市科技局"], who="test")
        department = get_department(session, "市科技局")
    assert department is not None
    reporter = Principal(
        user_id=2,
        username="kjj",
        display_name="市科技局",
        role=UserRole.REPORTER,
        department_ids=frozenset({department.id}),
        department_names=(department.name,),
    )
    return plan_ids["14"], names[OWNED], names[OTHER], reporter


def _draft(indicator_id: int, **changes: object) -> entry.ObservationDraft:
    fields: dict[str, object] = {
        "indicator_id": indicator_id,
        "year": 2024,
        "value": 16600.0,
        "source": "统计公报",
    }
    fields.update(changes)
    return entry.ObservationDraft(**fields)  # type: ignore[arg-type]


def _counts(factory: sessionmaker[Session], indicator_id: int) -> dict[int, ObservationOut]:
    with transaction(factory, read_only=True) as session:
        return chosen_series(session, indicator_id)


def test_admin_figure_counts_with_defaults(
    factory: sessionmaker[Session], setup: tuple[int, int, int, Principal]
) -> None:
    _, owned, _, _ = setup
    created = entry.enter_observation(factory, ADMIN, _draft(owned, unit="  ", scope=None, note=" 年报 "))
    assert created.review is ReviewState.ACCEPTED
    assert (created.unit, created.scope, created.note, created.created_by) == (
        "家",
        "武汉市",
        "年报",
        "admin",
    )
    assert _counts(factory, owned)[2024].id == created.id


def test_reporter_proposes_and_admin_accepts(
    factory: sessionmaker[Session], setup: tuple[int, int, int, Principal]
) -> None:
    _, owned, _, reporter = setup
    proposal = entry.enter_observation(factory, reporter, _draft(owned, year=2025))
    assert proposal.review is ReviewState.PROPOSED
    assert 2025 not in _counts(factory, owned)
    with pytest.raises(PermissionDeniedError):
        entry.review_proposal(factory, reporter, proposal.id, ReviewState.ACCEPTED)
    accepted = entry.review_proposal(factory, ADMIN, proposal.id, ReviewState.ACCEPTED)
    assert accepted.review is ReviewState.ACCEPTED
    assert _counts(factory, owned)[2025].id == proposal.id
    with pytest.raises(entry.ObservationInputError):
        entry.review_proposal(factory, ADMIN, proposal.id, ReviewState.PROPOSED)


def test_reporter_is_limited_to_its_indicators_and_proposals(
    factory: sessionmaker[Session], setup: tuple[int, int, int, Principal]
) -> None:
    plan_id, owned, other, reporter = setup
    with pytest.raises(PermissionDeniedError, match="不由您所在的责任单位负责"):
        entry.enter_observation(factory, reporter, _draft(other))
    assert [c.id for c in entry.writable_indicators(factory, reporter, plan_id)] == [owned]
    assert len(entry.writable_indicators(factory, ADMIN, plan_id)) > 5
    assert entry.writable_indicators(factory, VIEWER, plan_id) == []

    accepted = entry.enter_observation(factory, ADMIN, _draft(owned))
    with pytest.raises(PermissionDeniedError):
        entry.correct_observation(factory, reporter, accepted.id, entry.ObservationCorrection(value=1.0))
    with pytest.raises(PermissionDeniedError):
        entry.remove_observation(factory, reporter, accepted.id)

    own = entry.enter_observation(factory, reporter, _draft(owned, year=2025))
    changed = entry.correct_observation(
        factory, reporter, own.id, entry.ObservationCorrection(value=17500.0, note="")
    )
    assert changed.value == 17500.0 and changed.review is ReviewState.PROPOSED
    with transaction(factory, read_only=True) as session:
        history = history_for(session, "observations", own.id)
    assert any(h.field == "value" and h.changed_by == "kjj" for h in history)
    removed = entry.remove_observation(factory, reporter, own.id)
    assert removed.indicator_name == OWNED and removed.plan_id == plan_id
    with pytest.raises(NotFoundError):
        entry.get_entry(factory, reporter, own.id)


def test_read_only_principals_cannot_write(
    factory: sessionmaker[Session], setup: tuple[int, int, int, Principal]
) -> None:
    _, owned, _, _ = setup
    with pytest.raises(PermissionDeniedError):
        entry.enter_observation(factory, VIEWER, _draft(owned))
    with pytest.raises(AuthenticationRequiredError):
        entry.enter_observation(factory, ANONYMOUS, _draft(owned))
    with pytest.raises(PermissionDeniedError):
        entry.data_entry_overview(factory, VIEWER, None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": None}, "请填写数据出处"),
        ({"source": " \n "}, "请填写数据出处"),
        ({"year": 1948}, "1949–2100"),
        ({"value": math.nan}, "有限的数字"),
        ({"value": math.inf}, "有限的数字"),
        ({"scope": "范" * 101}, "统计范围太长"),
    ],
)
def test_bad_figures_are_refused(
    factory: sessionmaker[Session],
    setup: tuple[int, int, int, Principal],
    changes: dict[str, object],
    message: str,
) -> None:
    _, owned, _, _ = setup
    before = _counts(factory, owned)
    with pytest.raises(entry.ObservationInputError, match=message):
        entry.enter_observation(factory, ADMIN, _draft(owned, **changes))
    assert _counts(factory, owned) == before


def test_series_without_a_unit_needs_one(factory: sessionmaker[Session], plan_ids: dict[str, int]) -> None:
    plan_id = plan_ids["14"]
    series = entry.writable_indicators(factory, ADMIN, plan_id)
    defined = [s for s in series if s.defined]
    assert defined and series[: len(defined)] == defined  # the plan's own indicators come first
    unitless = next((s for s in series if not s.unit), None)
    if unitless is not None:
        with pytest.raises(entry.ObservationInputError, match="请填写数值的单位"):
            entry.enter_observation(factory, ADMIN, _draft(unitless.id))


def test_choose_and_clear(factory: sessionmaker[Session], setup: tuple[int, int, int, Principal]) -> None:
    _, owned, _, reporter = setup
    final = entry.enter_observation(factory, ADMIN, _draft(owned, value=16600.0))
    estimate = entry.enter_observation(
        factory, ADMIN, _draft(owned, value=16000.0, status=ObservationStatus.ESTIMATE, source="新闻")
    )
    assert _counts(factory, owned)[2024].id == final.id
    with pytest.raises(PermissionDeniedError):
        entry.choose_counted(factory, reporter, estimate.id)
    chosen = entry.choose_counted(factory, ADMIN, estimate.id, note="以新闻为准")
    assert chosen.overridden and chosen.chosen is not None and chosen.chosen.id == estimate.id
    assert _counts(factory, owned)[2024].id == estimate.id
    proposal = entry.enter_observation(factory, reporter, _draft(owned, value=1.0))
    with pytest.raises(ConflictError, match="尚未通过审核"):
        entry.choose_counted(factory, ADMIN, proposal.id)
    cleared = entry.clear_counted_choice(factory, ADMIN, owned, 2024)
    assert not cleared.overridden and cleared.chosen is not None and cleared.chosen.id == final.id
    with pytest.raises(NotFoundError):
        entry.clear_counted_choice(factory, ADMIN, 999999, 2024)


def test_overview_and_visibility(
    factory: sessionmaker[Session], setup: tuple[int, int, int, Principal]
) -> None:
    plan_id, owned, _, reporter = setup
    entry.enter_observation(factory, ADMIN, _draft(owned, value=16600.0))
    entry.enter_observation(factory, ADMIN, _draft(owned, value=16000.0, source="另一出处"))
    proposal = entry.enter_observation(factory, reporter, _draft(owned, year=2025))

    admin_view = entry.data_entry_overview(factory, ADMIN, plan_id)
    assert [e.observation.id for e in admin_view.review_queue] == [proposal.id]
    assert admin_view.review_queue[0].can_review and admin_view.own_proposals == ()
    assert any(c.conflict.year == 2024 and c.indicator_name == OWNED for c in admin_view.conflicts)
    assert admin_view.recent[0].observation.id == proposal.id

    reporter_view = entry.data_entry_overview(factory, reporter, plan_id)
    assert reporter_view.review_queue == () and reporter_view.conflicts == ()
    assert [e.observation.id for e in reporter_view.own_proposals] == [proposal.id]
    assert reporter_view.own_proposals[0].can_edit and not reporter_view.own_proposals[0].can_review
    assert {e.observation.indicator_id for e in reporter_view.recent} == {owned}
    assert reporter_view.recent[0].can_edit  # its proposal; the accepted figures are not its to edit
    assert not any(e.can_edit for e in reporter_view.recent[1:])

    everything = entry.find_observations(factory, ADMIN, indicator_id=owned)
    public = entry.find_observations(factory, VIEWER, indicator_id=owned)
    assert len(everything) == len(public) + 1
    assert entry.find_observations(factory, ADMIN, review=ReviewState.PROPOSED) == [proposal]
    with pytest.raises(NotFoundError):
        entry.get_entry(factory, VIEWER, proposal.id)
    with pytest.raises(PermissionDeniedError):
        entry.edit_view(factory, reporter, everything[0].id)
    view = entry.edit_view(factory, reporter, proposal.id)
    assert view.indicator_unit == "家" and view.plan_scope == "武汉市" and not view.can_choose


def test_form_parsing() -> None:
    assert entry.parse_value(" 17,000 ") == 17000.0
    assert entry.parse_value("３.５１") == 3.51
    assert entry.parse_year("２０２４年") == 2024
    for bad in ("", "约3.5", "3.5%", "1e400"):
        with pytest.raises(entry.ObservationInputError):
            entry.parse_value(bad)
    with pytest.raises(entry.ObservationInputError, match="请选择指标"):
        entry.draft_from_form({"indicator_id": "", "year": "2024", "value": "1"})
    draft = entry.draft_from_form(
        {"indicator_id": "7", "year": "2024", "value": "1", "qualifier": "lower_bound", "status": "estimate"}
    )
    assert (draft.qualifier, draft.status) == (Qualifier.LOWER_BOUND, ObservationStatus.ESTIMATE)
    correction = entry.correction_from_form({"year": "2024", "value": "2", "note": ""})
    assert correction.note == "" and correction.source == ""
    assert entry.parse_review_state(" accepted ") is ReviewState.ACCEPTED
    with pytest.raises(entry.ObservationInputError):
        entry.parse_review_state("proposed")


# --- staging ------------------------------------------------------------------------------------


def test_staging_keeps_expires_and_isolates(tmp_path: Path) -> None:
    staging = uploads.UploadStaging(tmp_path / "up", ttl=timedelta(minutes=30))
    start = datetime(2026, 1, 1, 8, 0)
    upload, path = staging.stage(b"a,b\n", "../../etc/武汉 数据.csv", plan_id=2, who="admin", now=start)
    assert path.parent.parent == tmp_path / "up" and path.read_bytes() == b"a,b\n"
    assert upload.filename == "武汉 数据.csv" and upload.expires_at == start + timedelta(minutes=30)
    found, again = staging.get(upload.token, who="admin", now=start + timedelta(minutes=29))
    assert found == upload and again == path
    with pytest.raises(NotFoundError):
        staging.get(upload.token, who="someone-else", now=start)
    with pytest.raises(NotFoundError):
        staging.get("../" + upload.token, who="admin", now=start)
    with pytest.raises(NotFoundError):
        staging.get(upload.token, who="admin", now=start + timedelta(minutes=30))
    assert not path.exists()  # an expired upload is removed when it is asked for

    _old, old_path = staging.stage(b"x", "old.csv", plan_id=2, who="admin", now=start)
    staging.stage(b"y", "new.csv", plan_id=2, who="admin", now=start + timedelta(hours=1))
    assert not old_path.exists()  # swept by the next upload


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("obs.docx", b"x", "不支持的文件类型"),
        ("obs", b"x", "（无扩展名）"),
        ("obs.csv", b"", "是空的"),
        ("obs.csv", b"x" * 11, "太大"),
    ],
)
def test_staging_refuses_bad_uploads(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    staging = uploads.UploadStaging(tmp_path / "up", max_bytes=10)
    with pytest.raises(uploads.UploadError, match=message):
        staging.stage(data, name, plan_id=1, who="admin")


def test_safe_filename() -> None:
    assert uploads.safe_filename("C:\\Users\\me\\数据 2024.xlsx") == "数据 2024.xlsx"
    assert uploads.safe_filename("a/b/../<evil>.csv") == "_evil_.csv"
    assert uploads.safe_filename("..") == "upload"
    assert uploads.safe_filename("upload.json") == "upload"


def test_stage_and_import_use_cases(
    factory: sessionmaker[Session], setup: tuple[int, int, int, Principal], tmp_path: Path
) -> None:
    plan_id, owned, _, reporter = setup
    staging = uploads.UploadStaging(tmp_path / "up")
    with pytest.raises(PermissionDeniedError):
        uploads.stage_observation_file(
            factory, reporter, SAMPLE.read_bytes(), "obs.csv", plan_id, staging=staging
        )
    with pytest.raises(InputError, match="第2行"):
        uploads.stage_observation_file(
            factory, ADMIN, "指标,年份,数值\nA,x,1\n".encode(), "bad.csv", plan_id, staging=staging
        )
    assert not list((tmp_path / "up").iterdir())
    review = uploads.stage_observation_file(
        factory, ADMIN, SAMPLE.read_bytes(), "obs.csv", plan_id, staging=staging
    )
    assert review.total_rows == 109 and review.plan.id == plan_id
    names = {n.external_name: n for n in review.names}
    assert names[OWNED].selected_id == owned and not names[OWNED].remembered
    mapping = {n.external_name: n.selected_id for n in review.names}
    result = uploads.import_staged_file(factory, ADMIN, review.upload.token, mapping, staging=staging)
    assert result.rows_not_imported == sum(n.rows for n in review.names if n.selected_id is None) > 0
    assert (result.added, result.skipped_duplicates) == (review.total_rows - result.rows_not_imported, 0)
    with transaction(factory, read_only=True) as session:
        assert resolve_observation(session, owned, 2025).chosen is not None
    with pytest.raises(NotFoundError):
        uploads.upload_review(factory, ADMIN, review.upload.token, staging=staging)
