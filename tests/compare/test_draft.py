"""下一期指标建议: baseline, trend options with their method, and the XLSX layout (formula-safe)."""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pytest

from planwatch.compare.draft import draft_row, next_plan_draft
from planwatch.compare.model import Figure, IndicatorFacts, PlanFacts
from planwatch.domain.plan import Attribute, IndicatorKind
from planwatch.render.draft_xlsx import COLUMNS, draft_workbook

PLAN = PlanFacts(1, "某市“十四五”规划", 2021, 2025, "十四五")


def test_a_level_is_extrapolated_from_the_plan_period_at_three_rates() -> None:
    item = IndicatorFacts(
        "a", 1, "技术合同成交额", "亿元", attribute=Attribute.BINDING,
        figures=(Figure(2015, 400.0), Figure(2020, 1000.0), Figure(2025, 2000.0, estimate=True)),
        status="提前实现",
    )  # fmt: skip
    row = draft_row(1, item, PLAN, 2025, 2030)
    rate = (2000 / 1000) ** (1 / 5) - 1  # from the plan's base year 2020, not from 2015
    assert (row.baseline, row.baseline_year, row.baseline_estimate) == (2000.0, 2025, True)
    assert row.trend == pytest.approx(2000 * (1 + rate) ** 5, rel=1e-3)
    assert row.conservative == pytest.approx(2000 * (1 + rate / 2) ** 5, rel=1e-3)
    assert row.ambitious == pytest.approx(2000 * (1 + rate * 1.5) ** 5, rel=1e-3)
    assert "2020—2025年年均增长14.87%" in row.method
    assert row.attribute == "约束性" and row.category == "金额"
    assert "2025年为预计数" in row.baseline_note
    assert any("提前实现" in c for c in row.caveats)


def test_shares_move_in_points_and_growth_rates_keep_the_rate_as_baseline() -> None:
    share = IndicatorFacts("s", 2, "研发经费投入强度", "%", figures=(Figure(2020, 3.0), Figure(2024, 3.4)))
    row = draft_row(2, share, PLAN, 2025, 2030)
    assert row.baseline_year == 2024 and row.baseline_estimate  # older than the base year: a stand-in
    assert row.trend == pytest.approx(3.4 + 0.1 * 5)
    growth = IndicatorFacts(
        "g", 3, "研发经费投入增长", "%", kind=IndicatorKind.GROWTH,
        figures=(Figure(2020, 100.0), Figure(2025, 161.05)),
    )  # fmt: skip
    grow = draft_row(3, growth, PLAN, 2025, 2030)
    assert grow.baseline == pytest.approx(10.0, abs=0.01)
    assert (grow.conservative, grow.trend, grow.ambitious) == pytest.approx((8.0, 10.0, 12.0), abs=0.01)


def test_without_two_figures_there_is_no_trend_and_it_says_so() -> None:
    item = IndicatorFacts("a", 1, "湖北实验室", "个", figures=(Figure(2024, 10.0),))
    row = draft_row(1, item, PLAN, 2025, 2030)
    assert row.trend is None and "数据不足" in row.method


def test_the_xlsx_has_the_drafting_layout_and_writes_formulas_as_text() -> None:
    plan = PlanFacts(
        1, "某市规划", 2021, 2025, "十四五",
        indicators=(
            IndicatorFacts("a", 1, "=HYPERLINK(\"http://x\")", "亿元", figures=(Figure(2020, 1.0), Figure(2025, 2.0))),
            IndicatorFacts("b", 2, "-1+2", "%"),
        ),
    )  # fmt: skip
    book = openpyxl.load_workbook(BytesIO(draft_workbook(next_plan_draft(plan))))
    sheet = book.active
    assert sheet is not None
    assert tuple(c.value for c in sheet[2][: len(COLUMNS)]) == COLUMNS
    assert sheet["C3"].value == '=HYPERLINK("http://x")' and sheet["C3"].data_type == "s"
    assert sheet["C4"].value == "-1+2" and sheet["C4"].data_type == "s"
    assert sheet["B3"].value == 1 and sheet["F3"].value == pytest.approx(4.0, abs=0.01)
