"""How one indicator is judged: final results from target-year figures only, stand-in areas never
decide, bounds that leave the question open, the exceed margin, binding indicators named with their units."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.domain.progress import ProgressStatus
from planwatch.domain.records import IndicatorOrigin, ObservationStatus, Qualifier
from planwatch.evaluate import Cutoff, EvaluationFacts, EvaluationKind, EvaluationOptions, build_report
from planwatch.evaluate.facts import Figure, IndicatorFacts, PlanFacts
from planwatch.evaluate.rules import FinalRules
from planwatch.evaluate.verdict import Outcome, judge

PLAN = PlanFacts(1, "测试规划", "甲市", 2021, 2025, "《测试规划》")


def figure(year: int, value: float, *, scope: str = "甲市", qualifier: Qualifier = Qualifier.EXACT) -> Figure:
    return Figure(
        year, year, value, "个", qualifier, ObservationStatus.FINAL, scope, "统计公报", None, "指标", None
    )


def facts(
    *figures: Figure,
    comparator: Comparator = Comparator.GE,
    status: ProgressStatus = ProgressStatus.ON_SCHEDULE,
) -> IndicatorFacts:
    return IndicatorFacts(
        key="indicator:1", indicator_id=1, name="测试指标", unit="个", attribute=Attribute.BINDING,
        kind=IndicatorKind.LEVEL, origin=IndicatorOrigin.TABLE, comparator=comparator, baseline_year=2020,
        baseline_value=100.0, baseline_text="100", baseline_observation=None, target_year=2025,
        target_value=200.0 if comparator is Comparator.GE else 50.0, target_text="200", line_start=5, line_end=5,
        figures=figures, breaks=(), status=status, reason="", status_year=figures[-1].year if figures else None,
        expected=None, growth=None, forecast=None, units=("市甲局", "市乙局"),
    )  # fmt: skip


def final(item: IndicatorFacts, rules: FinalRules | None = None) -> Outcome:
    return judge(item, EvaluationKind.FINAL, "甲市", rules or FinalRules()).outcome


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        (199.0, Outcome.NOT_ACHIEVED),
        (200.0, Outcome.ACHIEVED),
        (209.0, Outcome.ACHIEVED),
        (210.0, Outcome.EXCEEDED),
    ],
)
def test_final_from_the_target_year_with_the_exceed_margin(value: float, outcome: Outcome) -> None:
    # planned change 100 → 200: 超额完成 from 10 % of it beyond the target (210)
    assert final(facts(figure(2024, 300.0), figure(2025, value))) is outcome


def test_no_target_year_figure_is_not_judged_even_when_met_earlier() -> None:
    item = facts(figure(2023, 250.0))
    result = judge(item, EvaluationKind.FINAL, "甲市", FinalRules())
    assert result.outcome is Outcome.NO_TARGET_YEAR_DATA and result.reference == figure(2023, 250.0)
    assert final(item, FinalRules(earlier_year_counts_when_met=True)) is Outcome.ACHIEVED


def test_a_stand_in_area_never_decides() -> None:
    assert final(facts(figure(2025, 300.0, scope="乙省"))) is Outcome.STAND_IN_ONLY
    mid = judge(
        facts(figure(2022, 300.0, scope="乙省"), status=ProgressStatus.ACHIEVED_EARLY),
        EvaluationKind.MIDTERM,
        "甲市",
        FinalRules(),
    )
    assert mid.outcome is Outcome.INSUFFICIENT_DATA and mid.evidence is None


def test_bounds_that_leave_the_question_open() -> None:
    assert (
        final(facts(figure(2025, 150.0, qualifier=Qualifier.LOWER_BOUND))) is Outcome.INCONCLUSIVE
    )  # 超过150
    assert final(facts(figure(2025, 250.0, qualifier=Qualifier.LOWER_BOUND))) is Outcome.EXCEEDED  # 超过250
    assert (
        final(facts(figure(2025, 150.0, qualifier=Qualifier.UPPER_BOUND))) is Outcome.NOT_ACHIEVED
    )  # 不到150
    assert (
        final(facts(figure(2025, 40.0), comparator=Comparator.LE)) is Outcome.EXCEEDED
    )  # 50 from 100, 40 ≤ 45
    assert final(facts(figure(2025, 60.0), comparator=Comparator.LE)) is Outcome.NOT_ACHIEVED


def test_a_lagging_binding_indicator_gets_its_own_paragraph() -> None:
    item = facts(figure(2022, 110.0), status=ProgressStatus.BEHIND)
    plan_facts = EvaluationFacts(PLAN, (item,), (), (), "v")
    report = build_report(plan_facts, EvaluationOptions(EvaluationKind.MIDTERM, Cutoff(2022))).report
    section = next(s for s in report.sections if s.key == "indicators")
    binding = [b for b in section.blocks if getattr(b, "lead", "") == "约束性指标。"]
    assert len(binding) == 1
    text = binding[0].text  # type: ignore[union-attr]
    assert "约束性指标“测试指标”滞后" in text and "责任单位：市甲局、市乙局" in text
    assert report.meta.kind_label == "中期评估"


def test_an_ended_plan_is_never_judged_by_schedule() -> None:
    """The final kind ignores the monitor's 序时进度 status entirely (a 2014 figure says nothing of 2015)."""
    item = replace(facts(figure(2024, 190.0)), status=ProgressStatus.ON_SCHEDULE)
    assert final(item) is Outcome.NO_TARGET_YEAR_DATA
