"""部门考评 on a small crafted plan, with the expected scores computed by hand from the documented rules.

Plan 2021–2025; units A and B; tasks T1 (A leads, B supports), T2 (B leads), T3 (A leads); three
indicators: I1 (A, on schedule), I2 (A and B, behind), I3 (B, no data). Default weights: reporting
0.3, completion 0.2, punctuality 0.2, indicators 0.3; a late report counts 0.5; a supported task 0.5;
reports due by 31 January of the following year.
"""

from __future__ import annotations

import datetime

import pytest

from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.domain.progress import ProgressStatus
from planwatch.domain.records import IndicatorOrigin, ReportStatus
from planwatch.evaluate import Cutoff, EvaluationFacts, EvaluationKind, EvaluationOptions, build_report
from planwatch.evaluate.facts import IndicatorFacts, PlanFacts, ReportFact, TaskFacts
from planwatch.evaluate.rules import EvaluationRules, ScoreWeights, rules_from_toml
from planwatch.evaluate.scorecard import Scorecard

PLAN = PlanFacts(1, "测试规划", "甲市", 2021, 2025, "《测试规划》")
_ids = iter(range(1, 100))


def report(unit: str, year: int, written: str, status: ReportStatus = ReportStatus.IN_PROGRESS) -> ReportFact:
    return ReportFact(
        next(_ids), unit, str(year), year, status, "进展", None, datetime.date.fromisoformat(written)
    )


def task(task_id: int, lead: str, supporting: tuple[str, ...], reports: tuple[ReportFact, ...]) -> TaskFacts:
    return TaskFacts(
        task_id,
        "第一章 总则",
        f"任务{task_id}",
        "",
        lead,
        supporting,
        task_id * 10,
        task_id * 10 + 5,
        reports,
    )


def indicator(key: int, units: tuple[str, ...], status: ProgressStatus) -> IndicatorFacts:
    return IndicatorFacts(
        key=f"indicator:{key}",
        indicator_id=key,
        name=f"指标{key}",
        unit="个",
        attribute=Attribute.EXPECTED,
        kind=IndicatorKind.LEVEL,
        origin=IndicatorOrigin.TABLE,
        comparator=Comparator.GE,
        baseline_year=2020,
        baseline_value=10.0,
        baseline_text="10",
        baseline_observation=None,
        target_year=2025,
        target_value=20.0,
        target_text="20",
        line_start=key,
        line_end=key,
        figures=(),
        breaks=(),
        status=status,
        reason="",
        status_year=None,
        expected=None,
        growth=None,
        forecast=None,
        units=units,
    )


FACTS = EvaluationFacts(
    plan=PLAN,
    indicators=(
        indicator(1, ("A",), ProgressStatus.ON_SCHEDULE),
        indicator(2, ("A", "B"), ProgressStatus.BEHIND),
        indicator(3, ("B",), ProgressStatus.INSUFFICIENT_DATA),
    ),
    tasks=(
        task(1, "A", ("B",), (report("A", 2021, "2022-01-15"), report("A", 2022, "2023-03-01"))),
        task(2, "B", (), (report("B", 2023, "2024-02-10", ReportStatus.LAGGING),)),
        task(
            3,
            "A",
            (),
            (
                report("A", 2021, "2022-01-20"),
                report("A", 2022, "2023-01-20"),
                report("A", 2023, "2024-01-20", ReportStatus.DONE),
            ),
        ),
    ),
    projects=(),
    data_version="test",
)


def cards(cutoff: Cutoff, rules: EvaluationRules | None = None) -> dict[str, Scorecard]:
    evaluation = build_report(
        FACTS, EvaluationOptions(EvaluationKind.MIDTERM, cutoff, rules or EvaluationRules())
    )
    return {c.unit: c for c in evaluation.scorecards}


def test_year_cutoff_scores_by_hand() -> None:
    found = cards(Cutoff(2023))
    a, b = found["A"], found["B"]
    # A leads T1 and T3; due years 2021–2023 → 6 report slots: T1 on time, late, missing; T3 three on time
    assert (a.led, a.supported, a.reports_due, a.on_time, a.late, a.missing) == (2, 0, 6, 4, 1, 1)
    assert a.reporting == pytest.approx((4 + 0.5) / 6)
    assert a.completion == pytest.approx(0.5)  # T3 已完成, T1 推进中
    assert a.punctuality == pytest.approx(0.5)  # T1 has no 2023 report
    assert a.indicator_score == pytest.approx(0.5)  # I1 on schedule, I2 behind
    assert a.score == 57.5  # 100 × (0.3×0.75 + 0.2×0.5 + 0.2×0.5 + 0.3×0.5)
    # B leads T2 (2021, 2022 missing; 2023 late, 滞后), supports T1 (weight 0.5, overdue)
    assert (b.led, b.supported, b.reports_due, b.on_time, b.late, b.missing) == (1, 1, 3, 0, 1, 2)
    assert b.completion == 0.0 and b.punctuality == 0.0 and b.indicator_score == 0.0
    assert b.score == 5.0  # 100 × 0.3 × (0.5 / 3)
    assert (a.rank, b.rank) == (1, 2)


def test_date_cutoff_counts_only_reports_due_and_written_by_then() -> None:
    a = cards(Cutoff(2023, datetime.date(2023, 6, 30)))["A"]
    # due years 2021, 2022 (2023's report is due 2024-01-31); T1: on time + late, T3: two on time
    assert (a.reports_due, a.on_time, a.late, a.missing) == (4, 3, 1, 0)
    assert a.reporting == pytest.approx(3.5 / 4)
    assert a.completion == 0.0  # T3's 已完成 was written in 2024


def test_weights_from_a_rules_file() -> None:
    rules = rules_from_toml("[scorecard]\nreporting = 1\ncompletion = 0\npunctuality = 0\nindicators = 0\n")
    assert cards(Cutoff(2023), rules)["A"].score == 75.0


def test_documented_rules_file_equals_the_defaults() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "evaluation-rules.toml"
    assert rules_from_toml(path.read_text(encoding="utf-8")) == EvaluationRules()
    assert EvaluationRules().scorecard == ScoreWeights()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[final]\nexceed = 1", "没有“exceed”这一项"),
        ("[scorecard]\nreporting = -1", "不能为负数"),
        ('[scorecard]\nreport_due = "1月"', "月-日"),
        ("[weights]\n", "无法识别"),
        ("[final\n", "不是有效的 TOML"),
        ("[final]\nearlier_year_counts_when_met = 1", "类型不对"),
    ],
)
def test_bad_rules_are_one_sentence(text: str, message: str) -> None:
    from planwatch.domain.errors import InputError

    with pytest.raises(InputError, match=message):
        rules_from_toml(text)
