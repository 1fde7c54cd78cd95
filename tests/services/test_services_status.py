"""Plan status from the real sample plans and observations, on every backend (the issue's acceptance)."""

from __future__ import annotations

import pytest
from service_samples import DemoDatabase
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.progress import ProgressStatus
from planwatch.domain.records import IndicatorOrigin, Qualifier
from planwatch.services import IndicatorStatus, plan_status

TABLE_14 = (
    "全社会研发经费投入增长",
    "高新技术产业增加值占GDP比重",
    "高新技术企业数量",
    "每万人口高价值发明专利拥有量",
    "湖北实验室",
    "国家级创新平台数量",
    "国家级创新创业孵化载体数量",
    "技术合同成交额",
    "重大科技基础设施（含在建）",
    "公民具备科学素质比例",
)


def _rows(factory: sessionmaker[Session], plan_id: int, year: int) -> dict[str, IndicatorStatus]:
    result = plan_status(factory, plan_id, year)
    names = [r.name for r in result.indicators]
    assert len(names) == len(set(names)), "an indicator is listed twice"
    return {r.name: r for r in result.indicators}


def test_14th_plan_lists_table_rows_and_remaining_in_text_targets(
    demo_factory: DemoDatabase,
) -> None:
    factory, demo = demo_factory.factory, demo_factory.ids
    result = plan_status(factory, None, 2026)
    assert result.plan.id == demo["14"]
    table = [r.name for r in result.indicators if r.origin is IndicatorOrigin.TABLE]
    text = [r.name for r in result.indicators if r.origin is IndicatorOrigin.TEXT_TARGET]
    assert tuple(table) == TABLE_14
    # 技术合同成交额 1300亿元 and 公民具备科学素质比例 20.3% are also in-text targets: listed once.
    assert text == ["国家重大科技基础设施"]
    rows = {r.name: r for r in result.indicators}
    assert (rows["技术合同成交额"].target_value, rows["技术合同成交额"].unit) == (1300.0, "亿元")
    assert rows["公民具备科学素质比例"].target_value == pytest.approx(20.3)
    assert "目标年（2025年）已过" in result.notes[0]


def test_high_tech_firms_and_contracts_achieved_early(
    demo_factory: DemoDatabase,
) -> None:
    factory, demo = demo_factory.factory, demo_factory.ids
    rows = _rows(factory, demo["14"], 2024)
    firms = rows["高新技术企业数量"]
    assert firms.status is ProgressStatus.ACHIEVED_EARLY
    assert firms.latest is not None
    assert (firms.latest.year, firms.latest.value) == (2024, 16000.0)
    assert firms.latest.qualifier is Qualifier.LOWER_BOUND
    assert "16,000" in firms.reason and "下限值" in firms.reason
    contracts = rows["技术合同成交额"]
    assert contracts.status is ProgressStatus.ACHIEVED_EARLY
    assert contracts.latest is not None and contracts.latest.source == "https://wucea.com/news/7394.html"
    assert (contracts.baseline_year, contracts.baseline_value) == (2020, 942.3)


def test_met_before_the_target_year_stays_achieved_early(
    demo_factory: DemoDatabase,
) -> None:
    factory, demo = demo_factory.factory, demo_factory.ids
    """In 2026 the 2025 figure (突破1.7万) also meets the target; the row still says when it was reached."""
    firms = _rows(factory, demo["14"], 2026)["高新技术企业数量"]
    assert firms.status is ProgressStatus.ACHIEVED_EARLY
    assert firms.reason.startswith("2022年实际值12,400家")
    assert firms.assessment.status.status is ProgressStatus.ACHIEVED  # the monitor's own verdict, kept


def test_rd_growth_explains_what_it_can_and_cannot_compute(
    demo_factory: DemoDatabase,
) -> None:
    factory, demo = demo_factory.factory, demo_factory.ids
    growth = _rows(factory, demo["14"], 2026)["全社会研发经费投入增长"]
    assert growth.level_series == "全社会研发经费投入"
    assert growth.status is ProgressStatus.INSUFFICIENT_DATA
    assert "基期（2020年）" in growth.reason
    assert growth.latest is not None and (growth.latest.year, growth.latest.unit) == (2018, "亿元")
    text = "\n".join(growth.notes)
    assert "统计口径在2016年调整" in text
    assert "不可计算：2016、2017、2018年" in text
    assert "可计算：2016—2018年同口径年均增速" in text
    assert "10.7" not in text  # the 13th-plan average rate is not a level


def test_stand_in_scope_is_flagged(demo_factory: DemoDatabase) -> None:
    factory, demo = demo_factory.factory, demo_factory.ids
    labs = _rows(factory, demo["14"], 2026)["湖北实验室"]
    assert labs.latest is not None and labs.latest.scope == "湖北省"
    assert any("湖北省" in n and "仅作参考" in n for n in labs.notes)
    # a stand-in area's figure never decides a status on its own (it made 湖北实验室 提前实现 before)
    assert labs.status is ProgressStatus.INSUFFICIENT_DATA and "只有“湖北省”口径" in labs.reason


def test_12th_plan_targets_are_evaluated_where_data_allow(
    demo_factory: DemoDatabase,
) -> None:
    factory, demo = demo_factory.factory, demo_factory.ids
    rows = _rows(factory, demo["12"], 2026)
    assert all(r.origin is IndicatorOrigin.TEXT_TARGET and r.target_year == 2015 for r in rows.values())
    rd = rows["全社会R&D投入费用占GDP的比重"]
    assert rd.status is ProgressStatus.ACHIEVED
    assert rd.latest is not None and (rd.latest.year, rd.latest.value) == (2015, 3.02)
    assert (rd.baseline_year, rd.baseline_value) == (2010, 2.58)
    labs = rows["国家工程实验室和重点实验室"]  # no baseline in the plan: target check only
    assert labs.status is ProgressStatus.ACHIEVED_EARLY and "规划未写基期值" in labs.reason
    value_added = rows["高新技术产业增加值"]
    assert value_added.status is ProgressStatus.NOT_ACHIEVED
    output = rows["高新技术产业产值"]
    # only a 2014 figure (the 2018 one is after the target year): an ended plan is judged on results,
    # never by the 序时进度 of 2014 (issue: it was rated 基本符合预期 in 2026)
    assert output.status is ProgressStatus.INSUFFICIENT_DATA and "无法评价" in output.reason
    assert output.latest is not None and output.latest.year == 2014
    # the plan's 5% target is a share of sales, named as such (no longer the bare group "高新技术企业",
    # which counts of firms in 家 were wrongly matched against): no data measures it
    share = rows["高新技术企业R&D投入经费占销售收入的比例"]
    assert share.latest is None and "高新技术企业" not in rows


def test_successor_plan_past_figures_evaluate_the_predecessor(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    """Without any data file: the 14th plan says R&D/GDP was 3.02% in 2015, the 12th plan's target year."""
    rd = _rows(factory, plan_ids["12"], 2026)["全社会R&D投入费用占GDP的比重"]
    assert rd.status is ProgressStatus.ACHIEVED
    assert rd.latest is not None and rd.latest.value == 3.02
    assert rd.latest.plan_title == "武汉市科技创新发展“十四五”规划"
    assert rd.latest.series == "全社会R&D经费支出占GDP比重"
