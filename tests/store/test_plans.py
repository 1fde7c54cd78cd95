"""save_plan / list_plans / get_plan: outline, indicators, targets, past figures, tasks and revisions."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from store_builders import TITLE, counts, make_plan

from planwatch.domain.records import (
    IndicatorOrigin,
    ObservationOrigin,
    ObservationStatus,
    Qualifier,
    ReportStatus,
)
from planwatch.store import (
    ConflictError,
    add_alias,
    add_progress_report,
    create_department,
    get_plan,
    list_indicators,
    list_plans,
    list_tasks,
    observations_for,
    save_plan,
    scope_from_title,
    task_state,
)
from planwatch.store.models import ObservationRow, PlanRevisionRow


def test_save_plan_stores_everything(session: Session) -> None:
    plan_id, revision_id, created = save_plan(session, make_plan())
    session.commit()
    assert created
    detail = get_plan(session, plan_id)
    assert detail.summary.title == TITLE
    assert (detail.summary.period_start, detail.summary.period_end) == (2021, 2025)
    assert detail.summary.scope == "武汉市"
    assert detail.summary.current.id == revision_id
    assert detail.summary.current.notice_doc_number == "武政〔2021〕12号"
    assert detail.summary.current.source_sha256 == make_plan().source.sha256

    nodes = {n.key: n for n in detail.nodes}
    assert len(nodes) == 8
    assert nodes["n3"].parent_id == nodes["n2"].id
    assert nodes["n1"].parent_id is None
    assert (nodes["n7"].line_start, nodes["n7"].line_end) == (62, 80)

    indicators = {i.name: i for i in detail.indicators}
    assert set(indicators) == {"技术合同成交额（亿元）", "高新技术企业数量", "湖北实验室数量"}
    assert all(i.origin == IndicatorOrigin.TABLE for i in indicators.values())
    assert indicators["湖北实验室数量"].target_value == 7
    assert indicators["湖北实验室数量"].node_id == nodes["n5"].id

    assert [t.metric for t in detail.targets] == ["技术合同成交额", "高新技术企业数量"]
    # a target is linked to the table indicator of the same name (unit brackets ignored)
    assert detail.targets[0].indicator_id == indicators["技术合同成交额（亿元）"].id

    # past figures are observations of the same series, citing the plan
    obs = observations_for(session, indicators["技术合同成交额（亿元）"].id)
    assert [(o.year, o.value) for o in obs] == [(2015, 471.09), (2020, 942.30)]
    assert all(o.origin == ObservationOrigin.PLAN for o in obs)
    assert obs[0].source == f"《{TITLE}》第25-26行"
    assert obs[0].scope == "武汉市"
    assert obs[0].status == ObservationStatus.FINAL and obs[0].qualifier == Qualifier.EXACT

    tasks = detail.tasks
    assert len(tasks) == 2
    assert tasks[0].lead == "市科技局"
    assert [(s.name, s.role.value) for s in tasks[0].supporting] == [("市发改委", "responsible")]
    assert tasks[0].title == "第二章 建设科技创新平台 > 一、 建设湖北实验室"
    assert tasks[0].responsibility_text == "（责任单位：市科技局、市发改委）"
    assert all(t.current for t in tasks)


def test_same_document_again_is_a_no_op(session: Session) -> None:
    first = save_plan(session, make_plan())
    session.commit()
    before = counts(session)
    again = save_plan(session, make_plan())
    session.commit()
    assert again == (first.plan_id, first.revision_id, False)
    assert counts(session) == before


def test_a_changed_document_becomes_a_new_current_revision(session: Session) -> None:
    first = save_plan(session, make_plan())
    session.commit()
    task_id = list_tasks(session, first.plan_id)[0].id
    add_progress_report(
        session,
        task_id,
        department="市科技局",
        period_label="2022",
        status=ReportStatus.IN_PROGRESS,
        author="李",
    )
    session.commit()

    second = save_plan(session, make_plan(version="v2", target_value=1500))
    session.commit()
    assert second.created and second.plan_id == first.plan_id and second.revision_id != first.revision_id
    [summary] = list_plans(session)
    assert summary.revision_count == 2
    assert summary.current.id == second.revision_id

    current = get_plan(session, first.plan_id)
    old = get_plan(session, first.plan_id, revision_id=first.revision_id)
    name = "技术合同成交额（亿元）"
    assert next(i for i in current.indicators if i.name == name).target_value == 1500
    assert next(i for i in old.indicators if i.name == name).target_value == 1300
    # the indicator identity is stable, so observations carry over and are not duplicated
    ind_id = next(i for i in current.indicators if i.name == name).id
    assert ind_id == next(i for i in old.indicators if i.name == name).id
    assert len(observations_for(session, ind_id)) == 2
    # tasks are matched by fingerprint: the same task, still current, its report kept
    assert [t.id for t in current.tasks] == [t.id for t in old.tasks]
    state = task_state(session, task_id)
    assert state.task.current and state.latest is not None and state.latest.period_label == "2022"
    assert session.scalar(select(func.count()).select_from(PlanRevisionRow)) == 2


def test_targets_become_indicators_when_there_is_no_table(session: Session) -> None:
    plan_id, _rev, _ = save_plan(session, make_plan(with_table=False))
    session.commit()
    detail = get_plan(session, plan_id)
    indicators = {i.name: i for i in detail.indicators}
    assert set(indicators) == {"技术合同成交额", "高新技术企业数量"}
    contract = indicators["技术合同成交额"]
    assert contract.origin == IndicatorOrigin.TEXT_TARGET
    assert (contract.target_year, contract.target_value, contract.target_text) == (2025, 1300, "突破1300亿元")
    assert (contract.baseline_year, contract.baseline_value) == (2020, 942.30)  # from the past figure
    assert (contract.line_start, contract.line_end) == (90, 90)
    assert all(t.indicator_id is not None for t in detail.targets)
    assert set(list_indicators(session, plan_id).values()) == {"技术合同成交额", "高新技术企业数量"}


def test_departments_resolve_through_aliases(session: Session) -> None:
    dept = create_department(session, "市城乡建设局", who="admin")
    add_alias(session, dept.id, "市城建局", who="admin")
    plan_id, _rev, _ = save_plan(session, make_plan())
    session.commit()
    task = get_plan(session, plan_id).tasks[1]
    assert task.lead == "市城乡建设局"
    assert [s.name for s in task.supporting] == ["市科技局", "各区人民政府"]


def test_plan_scope_from_title() -> None:
    assert scope_from_title(TITLE) == "武汉市"
    assert scope_from_title("湖北省科技创新“十四五”规划") == "湖北省"
    assert scope_from_title("广西壮族自治区科技创新规划") == "广西壮族自治区"
    assert scope_from_title("“十四五”科技创新规划") is None


def test_plan_origin_observations_are_not_repeated_across_revisions(session: Session) -> None:
    save_plan(session, make_plan())
    save_plan(session, make_plan(version="v2"))
    session.commit()
    origins = session.scalars(select(ObservationRow.origin)).all()
    assert len(origins) == 3


def test_a_period_less_copy_is_replaced_when_the_period_is_given(session: Session) -> None:
    """Storing the same document with the period the user gave replaces the copy stored without one."""
    without = dataclasses.replace(make_plan(), period=None)
    save_plan(session, without)
    session.commit()
    before = counts(session)
    second = save_plan(session, make_plan())
    session.commit()
    assert second.created
    assert [(p.title, p.period_start) for p in list_plans(session)] == [(TITLE, 2021)]
    after = counts(session)
    history = after.pop("change_history"), before.pop("change_history")
    assert after == before  # one plan's worth of rows: the old copy is gone with all it owned
    assert history[0] > history[1]  # the history keeps what was recorded of the old copy


def test_a_period_less_copy_with_reports_is_never_dropped(session: Session) -> None:
    without = dataclasses.replace(make_plan(), period=None)
    saved = save_plan(session, without)
    task = list_tasks(session, saved.plan_id)[0]
    add_progress_report(
        session,
        task.id,
        department=task.lead or "市科技局",
        period_label="2026",
        status=ReportStatus.IN_PROGRESS,
        author="kjj",
    )
    session.commit()
    with pytest.raises(ConflictError, match="以免丢失"):
        save_plan(session, make_plan())
    session.rollback()
    assert [p.period_start for p in list_plans(session)] == [None]
