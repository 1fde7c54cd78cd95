"""Years in words, growth figures and metric subjects (crafted single-rule texts; real documents: tests/golden/real)."""

from __future__ import annotations

import hashlib

from planwatch.domain.plan import DocumentInfo, DocumentKind, Plan
from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.pipeline import read_plan
from planwatch.extract.subjects import carried_subject, lead_measure, sentence_subject
from planwatch.extract.years import year_words


def _read(text: str) -> Plan:
    data = text.encode("utf-8")
    source = SourceText(
        "t.txt", hashlib.sha256(data).hexdigest(), SourceFormat.TEXT, "utf-8", tuple(text.split("\n"))
    )
    return read_plan(source, {})


REPORT = DocumentInfo(DocumentKind.WORK_REPORT, 2026)
BULLETIN = DocumentInfo(DocumentKind.STATISTICAL_BULLETIN, 2024)


def test_year_words_resolve_against_the_document() -> None:
    words = {w.word: w.year for w in year_words("今年、去年、上年、前年、明年、过去一年、过去五年", REPORT)}
    assert words == {
        "今年": 2026,
        "去年": 2025,
        "上年": 2025,
        "前年": 2024,
        "明年": 2027,
        "过去一年": 2025,
        "过去五年": 2025,
    }
    assert {w.year for w in year_words("到“十五五”末", None)} == {2030}
    assert {w.year for w in year_words("“十四五”时期", None)} == {2025}
    assert year_words("今年", None) == []  # no document year: unresolved, not guessed
    assert [w.year for w in year_words("全年", BULLETIN)] == [2024]
    assert year_words("全年", REPORT) == []  # a report's 全年 may be either year


def test_work_report_targets_and_results() -> None:
    plan = _read(
        "2026年某省政府工作报告\n一、2025年工作回顾\n"
        "过去一年，地区生产总值5000亿元、增长5.2%，城镇新增就业86万人。\n"
        "二、2026年重点工作\n今年发展主要预期目标是：地区生产总值增长6%以上；城镇新增就业80万人以上。\n"
    )
    targets = {(t.metric, t.value, t.unit, t.year) for t in plan.targets}
    assert ("地区生产总值增长", 6, "%", 2026) in targets
    assert ("城镇新增就业", 800000, "人", 2026) in targets
    past = {(o.metric, o.value, o.unit, o.year) for o in plan.observations}
    assert ("地区生产总值", 5000, "亿元", 2025) in past
    assert ("城镇新增就业", 860000, "人", 2025) in past
    growth = next(o for o in plan.observations if o.metric == "地区生产总值增长")
    assert (growth.value, growth.year, growth.base_year) == (5.2, 2025, 2024)


def test_bulletin_figures_are_the_year_of_the_bulletin() -> None:
    plan = _read(
        "2024年某市国民经济和社会发展统计公报\n一、综合\n"
        "初步核算,全年全市地区生产总值1002.18亿元,比上年增长3.8%。"
        "其中,第一产业增加值241.09亿元,第二产业增加值237.72亿元,增速分别为3.8%、0.5%。"
        "自然增长率为-3.93‰。常住人口城镇化率为50.68%,比上年提高1.99个百分点。\n"
    )
    past = {(o.metric, o.value, o.unit, o.year) for o in plan.observations}
    assert ("地区生产总值", 1002.18, "亿元", 2024) in past
    assert ("地区生产总值增长", 3.8, "%", 2024) in past
    assert ("第一产业增加值增长", 3.8, "%", 2024) in past
    assert ("第二产业增加值增长", 0.5, "%", 2024) in past
    assert ("自然增长率", -3.93, "‰", 2024) in past
    assert ("常住人口城镇化率提高", 1.99, "个百分点", 2024) in past
    assert not plan.targets


def test_respectively_with_two_subjects() -> None:
    plan = _read(
        "2026年某省政府工作报告\n一、2025年工作回顾\n规上工业增加值、规上服务业营收分别增长6.5%和7%。\n二、2026年\n"
    )
    past = {(o.metric, o.value) for o in plan.observations}
    assert {("规上工业增加值增长", 6.5), ("规上服务业营收增长", 7)} <= past  # each subject its own figure


def test_subject_rules() -> None:
    assert carried_subject("年产值", "", "生物产业", "") == "生物产业年产值"
    assert carried_subject("年增长", "高新技术产业产值", "", "") == "高新技术产业产值年增长"
    lead = lead_measure("企业R&D投入经费占销售收入的比例，大中型企业达到4%以上")
    assert lead == "企业R&D投入经费占销售收入的比例"
    assert carried_subject("大中型企业", "", "", lead) == "大中型企业R&D投入经费占销售收入的比例"
    assert carried_subject("城镇常住人口占总人口比重(常住人口城镇化率)", "", "", "") == "常住人口城镇化率"
    assert carried_subject("总量", "国内生产总值增长", "", "") == "国内生产总值"
    assert sentence_subject("地区生产总值连续迈上4个万亿元台阶") == "地区生产总值"
    assert carried_subject("技术合同成交额", "x", "y", "") == "技术合同成交额"
