"""Confirming and correcting crosswalk pairs: remembered, audited, admins only, joining the series."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.errors import PlanwatchError
from planwatch.services.audit import audit_log
from planwatch.services.comparison import compare, confirm_pair, link_successor, neighbours
from planwatch.services.status import plan_status
from planwatch.store import add_observation, transaction

ADMIN = Principal(user_id=1, username="wang", display_name="规划处", role=UserRole.ADMIN)
VIEWER = Principal(user_id=2, username="li", display_name="李", role=UserRole.VIEWER)


def _refs(factory: sessionmaker[Session], a: int, b: int) -> tuple[dict[str, str], dict[str, str]]:
    comparison = compare(factory, a, b).comparison
    return (
        {i.name: i.ref for i in comparison.a.indicators},
        {i.name: i.ref for i in comparison.b.indicators},
    )


def test_confirm_and_correct_are_remembered_and_audited(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    a, b = plan_ids["12"], plan_ids["14"]
    refs_a, refs_b = _refs(factory, a, b)
    confirm_pair(
        factory,
        ADMIN,
        a,
        b,
        a_ref=refs_a["每万人发明专利拥有量"],
        b_ref=refs_b["每万人口高价值发明专利拥有量"],
        label="redefined",
    )
    # correct a suggestion: the 12th's incubators did not become the national carriers, they were dropped
    confirm_pair(
        factory, ADMIN, a, b, a_ref=refs_a["科技企业孵化器"], b_ref=None, label="删除", note="口径差别太大"
    )
    rows = compare(factory, a, b).comparison.crosswalk
    patents = next(r for r in rows if r.a is not None and r.a.name == "每万人发明专利拥有量")
    assert patents.confirmed and patents.confirmed_by == "wang" and patents.label.value == "redefined"
    incubators = next(r for r in rows if r.a is not None and r.a.name == "科技企业孵化器")
    assert (incubators.label.value, incubators.b, incubators.note) == ("dropped", None, "口径差别太大")
    carriers = [r for r in rows if r.b is not None and r.b.name == "国家级创新创业孵化载体数量"]
    assert [r.label.value for r in carriers] == ["added"]
    log = audit_log(factory, ADMIN, limit=50)
    mine = [line for line in log.lines if line.entry.table == "indicator_links"]
    assert {line.entry.changed_by for line in mine} == {"wang"}
    assert {"每万人发明专利拥有量", "科技企业孵化器"} <= {line.entry.new_value for line in mine}
    assert mine[0].table_label == "指标对应（规划对比）"


def test_correcting_a_pair_replaces_the_earlier_confirmation(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    a, b = plan_ids["12"], plan_ids["14"]
    refs_a, refs_b = _refs(factory, a, b)
    ref_a = refs_a["每万人技术合同成交额"]
    confirm_pair(factory, ADMIN, a, b, a_ref=ref_a, b_ref=refs_b["技术合同成交额"], label="redefined")
    confirm_pair(factory, ADMIN, a, b, a_ref=ref_a, b_ref=refs_b["高新技术企业数量"], label="replaced")
    rows = compare(factory, a, b).comparison.crosswalk
    mine = [r for r in rows if r.a is not None and r.a.ref == ref_a]
    assert [(r.label.value, r.b.name if r.b else None) for r in mine] == [("replaced", "高新技术企业数量")]
    contracts = [r for r in rows if r.b is not None and r.b.name == "技术合同成交额"]
    assert [r.label.value for r in contracts] == ["added"]
    deleted = [
        line
        for line in audit_log(factory, ADMIN, limit=100).lines
        if line.entry.table == "indicator_links" and line.entry.new_value is None
    ]
    assert any(line.entry.old_value == "技术合同成交额" for line in deleted)


def test_only_admins_confirm_and_labels_are_checked(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    a, b = plan_ids["12"], plan_ids["14"]
    refs_a, refs_b = _refs(factory, a, b)
    with pytest.raises(PlanwatchError):
        confirm_pair(factory, VIEWER, a, b, a_ref=refs_a["原始创新成果"], b_ref=None, label="dropped")
    with pytest.raises(PlanwatchError, match="无法识别"):
        confirm_pair(factory, ADMIN, a, b, a_ref=refs_a["原始创新成果"], b_ref=None, label="maybe")
    with pytest.raises(PlanwatchError, match="单个指标"):
        confirm_pair(
            factory, ADMIN, a, b, a_ref=refs_a["原始创新成果"], b_ref=refs_b["湖北实验室"], label="added"
        )
    with pytest.raises(PlanwatchError, match="没有这个指标"):
        confirm_pair(factory, ADMIN, a, b, a_ref="i999999", b_ref=None, label="dropped")


def test_a_confirmed_continued_pair_joins_the_two_series(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    """Once the office says two indicators are one series (here, for the test's sake, 科技企业孵化器 of the
    12th and the 14th's 国家级创新创业孵化载体数量), a figure stored on the 12th's series counts for the 14th."""
    a, b = plan_ids["12"], plan_ids["14"]
    refs_a, refs_b = _refs(factory, a, b)
    a_id = int(refs_a["科技企业孵化器"][1:])
    with transaction(factory) as session:
        add_observation(session, a_id, 2021, 150.0, "个", source="测试来源", who="test")
    before = next(
        r for r in plan_status(factory, b, 2021).indicators if r.name == "国家级创新创业孵化载体数量"
    )
    assert before.latest is None or before.latest.year != 2021
    confirm_pair(
        factory,
        ADMIN,
        a,
        b,
        a_ref=refs_a["科技企业孵化器"],
        b_ref=refs_b["国家级创新创业孵化载体数量"],
        label="renamed",
    )
    after = next(
        r for r in plan_status(factory, b, 2021).indicators if r.name == "国家级创新创业孵化载体数量"
    )
    assert after.latest is not None and (after.latest.year, after.latest.value) == (2021, 150.0)


def test_linking_plans_as_predecessor_and_successor(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    a, b = plan_ids["12"], plan_ids["14"]
    with pytest.raises(PlanwatchError, match="交换"):
        link_successor(factory, b, a, "wang")
    link_successor(factory, a, b, "wang")
    link_successor(factory, a, b, "wang")  # the same link again changes nothing
    before, after = neighbours(factory, b)
    assert before is not None and before.id == a and after is None
    assert neighbours(factory, a)[1] is not None
    entries = [line for line in audit_log(factory, ADMIN, limit=20).lines if line.entry.table == "plan_links"]
    assert {line.entry.field for line in entries} == {"predecessor_id", "successor_id"}
