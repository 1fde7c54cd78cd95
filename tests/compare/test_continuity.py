"""Continuity and ambition of a pair, on hand-made plans: outcome, baseline, rates, flags, sentences."""

from __future__ import annotations

import pytest

from planwatch.compare.continuity import continuity, required_rate
from planwatch.compare.model import CrosswalkRow, Figure, IndicatorFacts, PairLabel, PlanFacts
from planwatch.domain.plan import IndicatorKind

A_PLAN = PlanFacts(1, "某市“十四五”规划", 2021, 2025, "十四五")
B_PLAN = PlanFacts(2, "某市“十五五”规划", 2026, 2030, "十五五")


def row(a: IndicatorFacts, b: IndicatorFacts, label: PairLabel = PairLabel.CONTINUED) -> CrosswalkRow:
    return CrosswalkRow(label, a, b, "")


def test_achieved_early_consistent_baseline_and_a_conservative_new_target() -> None:
    a = IndicatorFacts(
        "a", 1, "技术合同成交额", "亿元",
        baseline_year=2020, baseline_value=942.3, target_year=2025, target_value=1300.0,
        figures=(Figure(2020, 942.3), Figure(2024, 2600.0), Figure(2025, 3000.0)),
        status="提前实现",
    )  # fmt: skip
    b = IndicatorFacts(
        "b", 2, "技术合同成交额", "亿元",
        baseline_year=2025, baseline_value=3000.0, target_year=2030, target_value=4000.0,
    )  # fmt: skip
    check = continuity(row(a, b), A_PLAN, B_PLAN)
    assert check is not None
    assert check.achieved is True and check.a_final == Figure(2025, 3000.0)
    assert check.baseline_consistent is True and check.baseline_gap == 0
    assert check.rate_achieved == pytest.approx((3000 / 942.3) ** 0.2 - 1)
    assert check.rate_required == pytest.approx((4000 / 3000) ** 0.2 - 1)
    assert check.ambition_ratio is not None and check.ambition_ratio < 1
    assert {"achieved_early", "below_trend"} <= set(check.flags)
    text = "".join(check.sentences)
    assert "“十四五”目标已提前实现" in text
    assert "较上期目标提高207.7%" in text
    assert "偏于保守" in text


def test_a_share_with_a_baseline_that_does_not_match_the_actual() -> None:
    a = IndicatorFacts(
        "a", 1, "研发经费投入强度", "%",
        baseline_year=2020, baseline_value=3.51, target_year=2025, target_value=3.8,
        figures=(Figure(2020, 3.51), Figure(2025, 3.6)),
    )  # fmt: skip
    b = IndicatorFacts(
        "b", 2, "研发经费投入强度", "%", baseline_year=2025, baseline_value=3.9, baseline_text="3.9（预计）",
        target_year=2030, target_value=3.8,
    )  # fmt: skip
    check = continuity(row(a, b), A_PLAN, B_PLAN)
    assert check is not None
    assert check.achieved is False and "not_achieved" in check.flags
    assert check.baseline_consistent is False and "baseline_mismatch" in check.flags
    assert "baseline_estimate" in check.flags
    assert check.rate_measure == "points"
    text = "".join(check.sentences)
    assert "与“十四五”目标保持一致" in text
    assert "基期值3.9%与2025年实际值3.6%不一致" in text


def test_growth_targets_compare_with_the_cagr_achieved_and_flag_far_above() -> None:
    a = IndicatorFacts(
        "a", 1, "研发经费投入增长", "%", kind=IndicatorKind.GROWTH, target_year=2025, target_value=5.0,
        figures=(Figure(2020, 100.0), Figure(2025, 110.0)),
    )  # fmt: skip
    b = IndicatorFacts(
        "b", 2, "研发经费投入增长", "%", kind=IndicatorKind.GROWTH, baseline_year=2025, target_year=2030,
        target_value=12.0,
    )  # fmt: skip
    assert required_rate(b) == (pytest.approx(0.12), "cagr")
    check = continuity(row(a, b), A_PLAN, B_PLAN)
    assert check is not None and check.ambition_ratio is not None
    assert check.ambition_ratio == pytest.approx(0.12 / ((1.1**0.2) - 1))
    assert "far_above_trend" in check.flags


def test_a_replacement_gets_the_outcome_but_no_ambition() -> None:
    a = IndicatorFacts(
        "a", 1, "研发经费投入强度", "%", target_year=2025, target_value=3.0, figures=(Figure(2025, 3.1),)
    )
    b = IndicatorFacts(
        "b", 2, "研发经费投入增长", "%", kind=IndicatorKind.GROWTH, baseline_year=2025, target_year=2030,
        target_value=10.0,
    )  # fmt: skip
    check = continuity(row(a, b, PairLabel.REPLACED), A_PLAN, B_PLAN)
    assert check is not None and check.achieved is True
    assert check.ambition_ratio is None and check.baseline_consistent is None


def test_an_added_indicator_has_nothing_to_check() -> None:
    b = IndicatorFacts("b", 2, "湖北实验室", "个")
    assert continuity(CrosswalkRow(PairLabel.ADDED, None, b, ""), A_PLAN, B_PLAN) is None
