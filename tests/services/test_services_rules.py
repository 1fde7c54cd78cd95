"""The documented naming rules and the target-only check, one case per rule (pure functions, no database)."""

from __future__ import annotations

import pytest

from planwatch.domain.plan import Comparator
from planwatch.domain.progress import ObservationPoint, ProgressStatus, Qualifier
from planwatch.services.indicator_names import level_series_name, series_key, units_compatible
from planwatch.services.target_check import check_target


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("公民具备科学素质的比例", "公民具备科学素质比例"),  # 的
        ("每万人口高价值发明专利拥有量", "每万人高价值发明专利拥有量"),  # 每万人口
        ("高新技术企业数量", "高新技术企业"),  # 数量
        ("技术合同成交额（亿元）", "技术合同成交额"),  # unit in brackets
        ("R&D经费投入强度", "全社会R&D经费支出占GDP比重"),  # statistical synonym
        ("全社会R&D投入费用占GDP的比重", "研究与试验发展经费投入强度"),
    ],
)
def test_same_series(a: str, b: str) -> None:
    assert series_key(a) == series_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("高新技术产业增加值", "高新技术产业增加值占GDP比重"),
        ("全社会研发经费投入", "全社会研发经费投入增长"),
        ("全国重点实验室数量", "国家重点实验室数量"),
        ("地方财政科技支出占一般公共预算支出比重", "R&D经费投入强度"),
    ],
)
def test_different_series(a: str, b: str) -> None:
    assert series_key(a) != series_key(b)


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("全社会研发经费投入增长", "全社会研发经费投入"),
        ("全社会研发经费投入增长（%）", "全社会研发经费投入"),
        ("地区生产总值年均增速", "地区生产总值"),
        ("规上工业增加值年均增长率", "规上工业增加值"),
        ("高新技术企业数量", None),
        ("年增长", None),
    ],
)
def test_level_series_of_a_growth_indicator(name: str, level: str | None) -> None:
    assert level_series_name(name) == level


def test_count_classifiers_are_compatible_units() -> None:
    assert units_compatible("个", "家") and units_compatible("％", "%") and units_compatible("", "亿元")
    assert not units_compatible("家", "%") and not units_compatible("亿元", "万元")


def test_target_met_early_without_a_baseline() -> None:
    points = [ObservationPoint(2013, 27.0), ObservationPoint(2014, 28.0), ObservationPoint(2015, 30.0)]
    check = check_target(Comparator.GE, 25.0, 2015, "个", points, 2026)
    assert check.status is ProgressStatus.ACHIEVED_EARLY and check.data_year == 2013


def test_target_missed_in_the_target_year() -> None:
    check = check_target(Comparator.GE, 2700.0, 2015, "亿元", [ObservationPoint(2015, 2185.1)], 2026)
    assert check.status is ProgressStatus.NOT_ACHIEVED


def test_bounds_prove_only_their_side() -> None:
    lower = [ObservationPoint(2024, 16000.0, Qualifier.LOWER_BOUND)]
    assert (
        check_target(Comparator.GE, 12000.0, 2025, "家", lower, 2026).status is ProgressStatus.ACHIEVED_EARLY
    )
    assert check_target(Comparator.LE, 12000.0, 2025, "家", lower, 2026).status is (
        ProgressStatus.INSUFFICIENT_DATA
    )


def test_before_the_target_year_and_short_of_it_no_pace_is_claimed() -> None:
    check = check_target(Comparator.GE, 100.0, 2025, "项", [ObservationPoint(2022, 60.0)], 2026)
    assert check.status is ProgressStatus.INSUFFICIENT_DATA and "无法按序时进度" in check.message


def test_nothing_after_the_target_year_counts() -> None:
    check = check_target(Comparator.GE, 9.0, 2015, "件", [ObservationPoint(2020, 51.87)], 2026)
    assert check.status is ProgressStatus.INSUFFICIENT_DATA and check.data_year is None
