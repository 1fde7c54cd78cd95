"""A plan in another style the Wuhan samples do not have: 第一节, 专栏一, a tab-separated table with
units, attributes and 约束性 rows, and 牵头单位/配合单位 notes. Written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.domain.plan import Comparator, NodeKind, Plan, Role
from planwatch.services import parse_plan_file

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "plans" / "province-env-2021-2025.txt"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_plan_file(FIXTURE)


def test_header(plan: Plan) -> None:
    assert plan.title == "某省生态环境保护“十四五”规划"
    assert plan.period is not None and (plan.period.start, plan.period.end) == (2021, 2025)


def test_outline_levels(plan: Plan) -> None:
    kinds = [(n.kind, n.marker) for n in plan.nodes if n.kind is not NodeKind.PARAGRAPH]
    assert (NodeKind.CHAPTER, "第一章") in kinds
    assert (NodeKind.SECTION, "第一节") in kinds
    section = next(n for n in plan.nodes if n.title == "加强大气污染协同治理")
    parent = next(n for n in plan.nodes if n.id == section.parent)
    assert parent.title == "深入打好污染防治攻坚战"  # 一、 nests under 第一节
    box = next(n for n in plan.nodes if n.kind is NodeKind.BOX)
    assert (box.marker, box.number, box.title) == ("专栏一", "1", "大气污染防治重点工程")
    entries = [n.title for n in plan.nodes if n.parent == box.id and n.kind is NodeKind.BOX_ENTRY]
    assert entries == ["超低排放改造工程", "挥发性有机物治理工程"]


def test_table_with_units_and_attributes(plan: Plan) -> None:
    rows = {i.name: i for i in plan.indicators}
    assert len(rows) == 4
    air = rows["地级及以上城市空气质量优良天数比率"]
    assert air.attribute is not None and air.attribute.value == "binding"
    assert (air.unit, air.baseline.value, air.target.value, air.target.year) == ("%", 88.6, 90, 2025)
    assert air.comparator is Comparator.GE
    assert rows["单位地区生产总值二氧化碳排放降低"].baseline.value is None
    forest = rows["森林覆盖率"]
    assert forest.attribute is not None and forest.attribute.value == "expected"
    assert forest.comparator is Comparator.APPROX


def test_explicit_roles(plan: Plan) -> None:
    lead = next(r for r in plan.responsibilities if r.role is Role.LEAD)
    support = next(r for r in plan.responsibilities if r.role is Role.SUPPORT)
    assert lead.units == ("省生态环境厅",)
    assert support.units == ("省发展改革委", "省工业和信息化厅", "各市人民政府")
    assert support.lead == "省生态环境厅"
    shared = next(r for r in plan.responsibilities if "甲市人民政府" in r.units)
    assert shared.units == ("省水利厅", "省生态环境厅", "甲市人民政府", "乙市人民政府", "丙市人民政府")


def test_targets_and_past(plan: Plan) -> None:
    targets = {(t.metric, t.value, t.comparator) for t in plan.targets}
    assert ("地级及以上城市空气质量优良天数比率", 90, Comparator.GE) in targets
    assert ("单位地区生产总值能源消耗", 0.45, Comparator.LE) in targets
    assert ("森林覆盖率", 41, Comparator.APPROX) in targets
    past = {(o.metric, o.year, o.value) for o in plan.observations}
    assert ("地级及以上城市空气质量优良天数比率", 2015, 79.5) in past
    assert ("地级及以上城市空气质量优良天数比率", 2020, 88.6) in past
    assert not any(o.value == 20.1 for o in plan.observations)  # a change, not a level
