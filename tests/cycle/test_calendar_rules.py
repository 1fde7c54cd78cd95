"""The pure calendar rules: periods and due dates, due rules in words, period labels, deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.cycle.calendar import (
    current_period,
    make_rule,
    normalize_label,
    parse_rule,
    period_name,
    periods,
)
from planwatch.cycle.deadlines import parse_deadline
from planwatch.domain.cycle import Frequency
from planwatch.domain.errors import InputError


def test_quarterly_periods_of_a_five_year_plan_end_ten_days_after_each_quarter() -> None:
    rule = make_rule(Frequency.QUARTERLY, due_days=10)
    found = periods(rule, 2021, 2025)
    assert len(found) == 20
    q1 = found[16]
    assert (q1.label, q1.name, q1.start, q1.end, q1.due) == (
        "2025Q1",
        "2025年第一季度",
        date(2025, 1, 1),
        date(2025, 3, 31),
        date(2025, 4, 10),
    )
    assert found[-1].due == date(2026, 1, 10)
    assert rule.text == "每季度结束后10日内"


def test_half_yearly_and_yearly_periods_use_their_defaults() -> None:
    half = periods(make_rule(Frequency.HALF_YEARLY), 2024, 2024)
    assert [(p.label, p.end, p.due) for p in half] == [
        ("2024H1", date(2024, 6, 30), date(2024, 7, 15)),
        ("2024H2", date(2024, 12, 31), date(2025, 1, 15)),
    ]
    yearly = make_rule(Frequency.YEARLY)
    assert (yearly.due_days, yearly.days_before) == (20, 7)
    assert [(p.label, p.name, p.due) for p in periods(yearly, 2025, 2025)] == [
        ("2025", "2025年度", date(2026, 1, 20))
    ]


def test_leap_february_ends_a_month_correctly() -> None:
    rule = make_rule(Frequency.QUARTERLY, due_days=0)
    assert periods(rule, 2024, 2024)[0].end == date(2024, 3, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每季度结束后10日内", (Frequency.QUARTERLY, 10)),
        ("每季度结束后 15 天内", (Frequency.QUARTERLY, 15)),
        ("每半年结束后15日内", (Frequency.HALF_YEARLY, 15)),
        ("每年度结束后20日内", (Frequency.YEARLY, 20)),
        ("每年结束后30天", (Frequency.YEARLY, 30)),
    ],
)
def test_due_rules_in_words(text: str, expected: tuple[Frequency, int]) -> None:
    assert parse_rule(text) == expected


def test_an_unreadable_rule_says_how_to_write_it() -> None:
    with pytest.raises(InputError, match="每季度结束后10日内"):
        parse_rule("尽快报送")


def test_days_before_is_never_fewer_than_three() -> None:
    with pytest.raises(InputError, match="3 到 60"):
        make_rule(Frequency.QUARTERLY, days_before=2)
    assert make_rule(Frequency.QUARTERLY).days_before == 3


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2025Q1", "2025Q1"),
        ("2025年第一季度", "2025Q1"),
        ("2025年三季度", "2025Q3"),
        ("2025-Q4", "2025Q4"),
        ("2025H1", "2025H1"),
        ("2025年上半年", "2025H1"),
        ("2025年下半年", "2025H2"),
        ("2025", "2025"),
        ("2025年度", "2025"),
        ("进展", None),
        ("2025年5月", None),
    ],
)
def test_report_period_labels_are_read_in_calendar_form(label: str, expected: str | None) -> None:
    assert normalize_label(label) == expected


def test_period_names() -> None:
    assert [period_name(x) for x in ("2025Q2", "2025H2", "2025")] == [
        "2025年第二季度",
        "2025年下半年",
        "2025年度",
    ]


def test_current_period_is_the_latest_that_has_ended() -> None:
    found = periods(make_rule(Frequency.QUARTERLY), 2025, 2025)
    assert current_period(found, date(2025, 2, 1)) == found[0]  # nothing ended yet: the first
    assert current_period(found, date(2025, 4, 8)) == found[0]
    assert current_period(found, date(2025, 7, 1)) == found[1]
    assert current_period(found, date(2027, 1, 1)) == found[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年底", date(2025, 12, 31)),
        ("2025年", date(2025, 12, 31)),
        ("2025年年底前", date(2025, 12, 31)),
        ("2024年6月", date(2024, 6, 30)),
        ("2024年2月底", date(2024, 2, 29)),
        ("2025年上半年", date(2025, 6, 30)),
        ("2023年第三季度", date(2023, 9, 30)),
        ("2025-06-15", date(2025, 6, 15)),
        ("2025.6", date(2025, 6, 30)),
        ("2025年9月30日前", date(2025, 9, 30)),
        ("持续推进", date(2025, 12, 31)),
        (2024, date(2024, 12, 31)),
        (date(2024, 3, 1), date(2024, 3, 1)),
    ],
)
def test_completion_deadlines_as_breakdown_sheets_write_them(text: object, expected: date) -> None:
    assert parse_deadline(text, plan_end_year=2025) == expected


@pytest.mark.parametrize("text", ["", "尽快", "2025年13月", "明年"])
def test_unreadable_deadlines_are_refused_with_a_sentence(text: str) -> None:
    with pytest.raises(InputError, match="完成时限"):
        parse_deadline(text, plan_end_year=2025)
