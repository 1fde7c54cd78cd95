"""The light rules, one colour at a time, on facts written by hand."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.cycle.calendar import make_rule, periods
from planwatch.cycle.lights import (
    Colour,
    MilestoneFact,
    ReportFact,
    TaskFacts,
    counts_as_filed,
    is_returned,
    judge,
    schedule_percent,
)
from planwatch.domain.cycle import Frequency

RULE = make_rule(Frequency.QUARTERLY, due_days=10)  # reminders 3 days before
Q1 = periods(RULE, 2025, 2025)[0]  # due 2025-04-10
START = date(2021, 1, 1)


def facts(
    report: ReportFact | None = None,
    latest: ReportFact | None = None,
    milestones: tuple[MilestoneFact, ...] = (),
) -> TaskFacts:
    return TaskFacts(Q1, report, latest or report, milestones, START)


def filed(status: str = "推进中", percent: float | None = None, state: str | None = None) -> ReportFact:
    return ReportFact(status, percent, state, date(2025, 4, 5))


def test_unreported_far_from_the_due_date_is_not_due_yet() -> None:
    light = judge(facts(), RULE, date(2025, 4, 1))
    assert light.colour is Colour.NONE and light.days_to_due == 9


def test_unreported_within_the_reminder_window_is_blue() -> None:
    light = judge(facts(), RULE, date(2025, 4, 7))
    assert light.colour is Colour.BLUE and "还有3天" in light.reason
    assert judge(facts(), RULE, date(2025, 4, 10)).colour is Colour.BLUE  # the due day itself


def test_unreported_after_the_due_date_is_red() -> None:
    light = judge(facts(), RULE, date(2025, 4, 15))
    assert light.colour is Colour.RED and "已过5天" in light.reason and light.days_to_due == -5


def test_reported_on_schedule_is_green() -> None:
    light = judge(facts(filed()), RULE, date(2025, 4, 15))
    assert light.colour is Colour.GREEN and "逾期" not in light.reason


def test_a_late_report_is_green_and_says_it_was_late() -> None:
    late = ReportFact("推进中", None, None, date(2025, 4, 13))
    assert "逾期3天后报送" in judge(facts(late), RULE, date(2025, 4, 20)).reason


def test_a_report_saying_lagging_is_yellow() -> None:
    assert judge(facts(filed("滞后")), RULE, date(2025, 4, 12)).colour is Colour.YELLOW


def test_a_percent_below_schedule_is_yellow() -> None:
    # from 2021-01-01 to 2025-12-31 is 1825 days; on 2025-04-12, 1562 days have passed: 85.6%
    stones = (MilestoneFact("全面完成", date(2025, 12, 31), None),)
    behind = judge(facts(filed(percent=60), milestones=stones), RULE, date(2025, 4, 12))
    assert behind.colour is Colour.YELLOW and "低于序时进度86%" in behind.reason
    close = judge(facts(filed(percent=80), milestones=stones), RULE, date(2025, 4, 12))
    assert close.colour is Colour.GREEN  # within 10 points of schedule


def test_a_passed_milestone_not_done_is_red_even_when_reported() -> None:
    stones = (MilestoneFact("挂牌运行", date(2025, 3, 31), None),)
    light = judge(facts(filed(), milestones=stones), RULE, date(2025, 4, 12))
    assert light.colour is Colour.RED and "挂牌运行" in light.reason
    done = (MilestoneFact("挂牌运行", date(2025, 3, 31), date(2025, 3, 30)),)
    assert judge(facts(filed(), milestones=done), RULE, date(2025, 4, 12)).colour is Colour.GREEN
    finished = judge(facts(filed("已完成"), milestones=stones), RULE, date(2025, 4, 12))
    assert finished.colour is Colour.GREEN  # the whole task is reported done


def test_the_review_hooks() -> None:
    assert is_returned("退回修改") and is_returned("returned") and not is_returned(None)
    assert not counts_as_filed("草稿") and counts_as_filed(None) and counts_as_filed("已报送")
    returned = judge(facts(filed(state="退回修改")), RULE, date(2025, 4, 12))
    assert returned.colour is Colour.YELLOW and "退回修改" in returned.reason


def test_schedule_percent() -> None:
    stones = (MilestoneFact("a", date(2022, 12, 31), None), MilestoneFact("b", date(2021, 12, 31), None))
    assert schedule_percent(date(2021, 1, 1), stones, date(2022, 1, 1)) == pytest.approx(100 * 365 / 729)
    assert schedule_percent(date(2021, 1, 1), (), date(2022, 1, 1)) is None
    assert schedule_percent(date(2021, 1, 1), stones, date(2030, 1, 1)) == 100.0
