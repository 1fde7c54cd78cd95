"""Entering a plan's indicator table by hand (手工录入): checked first, stored in one transaction, audited.

The plan is a real one without an indicator table (新乡市建设制造强市三年行动计划, targets in its text
only), standing for a plan whose table is printed as an image; the entry sheets are what an office
would type from such an image.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planwatch.datasets.indicator_sheets import EntrySheetError
from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.errors import PlanwatchError
from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.domain.records import IndicatorOrigin
from planwatch.services.audit import audit_log
from planwatch.services.indicator_entry import enter_table_file, enter_table_text, enter_table_upload
from planwatch.services.parsing import parse_plan_file
from planwatch.services.plans import store_plan
from planwatch.services.status import plan_status
from planwatch.store import transaction
from planwatch.store.models import IndicatorDefinitionRow

ROOT = Path(__file__).resolve().parents[2]
XINXIANG = ROOT / "tests" / "golden" / "real" / "xinxiang-manufacturing-three-year-action-plan-2023-2025.txt"
ADMIN = Principal(user_id=1, username="wang", display_name="规划处", role=UserRole.ADMIN)
REPORTER = Principal(user_id=2, username="kjj", display_name="填报员", role=UserRole.REPORTER)

SHEET = (
    "类别,序号,指标,单位,基期值,目标值,属性\n"
    "产业能级,1,制造业增加值占全市生产总值的比重,%,28.5∗,30以上,预期性\n"
    ",2,规模以上工业企业数量（家）,,1800,2200,预期性\n"
    "创新,3,规上工业研发投入年均增长,%,,10左右,约束性\n"
)


@pytest.fixture
def plan_id(factory: sessionmaker[Session]) -> int:
    return store_plan(factory, parse_plan_file(XINXIANG))[0].id


def _definitions(factory: sessionmaker[Session], plan: int) -> dict[str, IndicatorDefinitionRow]:
    status = plan_status(factory, plan, 2024)
    with transaction(factory, read_only=True) as session:
        rows = {d.indicator_id: d for d in session.scalars(select(IndicatorDefinitionRow))}
        session.expunge_all()
    return {r.name: rows[r.indicator_id] for r in status.indicators if r.indicator_id in rows}


def test_an_entered_table_becomes_the_plans_table(factory: sessionmaker[Session], plan_id: int) -> None:
    before = _definitions(factory, plan_id)
    assert before["制造业增加值占全市生产总值的比重"].origin is IndicatorOrigin.TEXT_TARGET
    result = enter_table_text(factory, ADMIN, plan_id, SHEET)
    assert result.outcome.entered == 3
    assert result.outcome.replaced_text_targets == 1  # the same indicator's in-text target gives way
    assert "手工录入 3 项指标" in result.summary
    after = _definitions(factory, plan_id)
    share = after["制造业增加值占全市生产总值的比重"]
    assert share.origin is IndicatorOrigin.ENTERED
    assert (share.baseline_year, share.baseline_value, share.baseline_text) == (2022, 28.5, "28.5∗")
    assert (share.target_year, share.target_value, share.comparator) == (2025, 30.0, Comparator.GE)
    assert (share.unit, share.attribute, share.line_start) == ("%", Attribute.EXPECTED, 0)
    firms = after["规模以上工业企业数量"]  # the unit written in brackets after the name
    assert (firms.unit, firms.target_value, firms.origin) == ("家", 2200.0, IndicatorOrigin.ENTERED)
    growth = after["规上工业研发投入年均增长"]
    assert (growth.kind, growth.comparator, growth.attribute) == (
        IndicatorKind.GROWTH,
        Comparator.APPROX,
        Attribute.BINDING,
    )
    # an in-text target the entered table does not cover is still monitored
    assert after["战略性新兴产业增加值占规模以上工业增加值比重"].origin is IndicatorOrigin.TEXT_TARGET
    # one the table measures under a longer name (规模以上工业企业 → …数量) is not monitored twice
    assert "规模以上工业企业" not in after
    log = [line for line in audit_log(factory, ADMIN, limit=200).lines if line.entry.table == "indicators"]
    assert {line.entry.changed_by for line in log} == {"wang"}
    assert any(line.field_label == "来源类型" and line.entry.new_value == "entered" for line in log)
    assert any(line.field_label == "目标值" and line.entry.new_value == "2025年 30以上" for line in log)
    assert all(line.link and line.link.startswith("/indicators/") for line in log)


def test_entering_again_replaces_the_earlier_entry(factory: sessionmaker[Session], plan_id: int) -> None:
    enter_table_text(factory, ADMIN, plan_id, SHEET)
    second = enter_table_text(
        factory, ADMIN, plan_id, "指标\t单位\t2025年目标值\n高新技术企业数量\t家\t500\n"
    )
    assert (second.outcome.entered, second.outcome.replaced_entered) == (1, 3)
    entered = {n for n, d in _definitions(factory, plan_id).items() if d.origin is IndicatorOrigin.ENTERED}
    assert entered == {"高新技术企业数量"}


def test_bad_rows_are_named_and_nothing_is_stored(factory: sessionmaker[Session], plan_id: int) -> None:
    bad = (
        "指标,单位,基期值,目标值,属性\n"
        "制造业增加值占全市生产总值的比重,%,28.5,,预期性\n"  # row 2: no target
        ",%,1,2,预期性\n"  # row 3: no name
        "规模以上工业企业数量,家,1800,2.200.0,强制性\n"  # row 4: bad figure and attribute
        "高新技术企业数量,家,400,500,\n"
        "高新技术企业数量,家,400,600,\n"  # row 6: twice
    )
    with pytest.raises(EntrySheetError) as caught:
        enter_table_text(factory, ADMIN, plan_id, bad)
    problems = caught.value.problems
    assert problems[0].startswith("第 2 行（制造业增加值占全市生产总值的比重）：缺少目标值")
    assert problems[1].startswith("第 3 行：缺少指标名称")
    assert any(p.startswith("第 4 行") and "属性“强制性”无法识别" in p for p in problems)
    assert any(p.startswith("第 4 行") and "“2.200.0”不是可识别的数字" in p for p in problems)
    assert any(p.startswith("第 6 行") and "与第 5 行重复" in p for p in problems)
    assert "未录入任何指标" in caught.value.message
    entered = [d for d in _definitions(factory, plan_id).values() if d.origin is IndicatorOrigin.ENTERED]
    assert entered == []


def test_a_header_without_the_needed_columns_points_to_the_template(
    factory: sessionmaker[Session], plan_id: int
) -> None:
    with pytest.raises(EntrySheetError, match=r"表头缺少 目标值 列.*指标表模板"):
        enter_table_text(factory, ADMIN, plan_id, "指标,单位\n研发投入,%\n")


def test_only_admins_enter_tables(factory: sessionmaker[Session], plan_id: int) -> None:
    with pytest.raises(PlanwatchError, match="只有管理员"):
        enter_table_text(factory, REPORTER, plan_id, SHEET)


def test_an_extracted_table_is_replaced_only_when_asked(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    plan = plan_ids["14"]
    with pytest.raises(PlanwatchError, match=r"已有从原文识别的指标表.*--replace"):
        enter_table_text(factory, ADMIN, plan, SHEET)
    result = enter_table_text(factory, ADMIN, plan, SHEET, replace_extracted=True)
    assert result.outcome.replaced_extracted == 10  # the 14th plan's table has ten rows
    origins = {d.origin for d in _definitions(factory, plan).values()}
    assert IndicatorOrigin.TABLE not in origins and IndicatorOrigin.ENTERED in origins


def test_xlsx_and_csv_files_are_read(factory: sessionmaker[Session], plan_id: int, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["类别", "序号", "指标", "单位", "2022年", "2025年", "属性"])
    sheet.append(["产业", 1, "制造业增加值占全市生产总值的比重", "%", 28.5, 30, "预期性"])
    sheet.append([None, 2, "规模以上工业企业数量", "家", 1800, 2200, None])
    xlsx = tmp_path / "指标表.xlsx"
    book.save(xlsx)
    result = enter_table_file(factory, ADMIN, plan_id, xlsx)
    assert [r.indicator.name for r in result.sheet.rows] == [
        "制造业增加值占全市生产总值的比重",
        "规模以上工业企业数量",
    ]
    assert [r.category for r in result.sheet.rows] == ["产业", "产业"]  # a merged 类别 cell carries down
    assert result.sheet.rows[0].indicator.baseline.year == 2022
    gbk = SHEET.encode("gb18030")
    uploaded = enter_table_upload(factory, ADMIN, plan_id, gbk, "指标表.csv")
    assert uploaded.outcome.entered == 3
    with pytest.raises(EntrySheetError, match="不支持的文件类型"):
        enter_table_upload(factory, ADMIN, plan_id, b"x", "table.png")
