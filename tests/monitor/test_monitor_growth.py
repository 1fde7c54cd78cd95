"""年均增速 as the CAGR of the level series; definition breaks refused with a reason."""

from __future__ import annotations

import pytest

from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.domain.progress import (
    IndicatorSpec,
    ObservationPoint,
    ProgressStatus,
    Qualifier,
    ReasonCode,
    SdgClass,
)
from planwatch.monitor import assess
from planwatch.monitor.growth import level_cagr


def _rd_growth(baseline_year: int, target_year: int) -> IndicatorSpec:
    return IndicatorSpec(
        "全社会研发经费投入增长", "%", IndicatorKind.GROWTH, Comparator.GE,
        baseline_year, None, target_year, 14.0, level_unit="亿元",
    )  # fmt: skip


def test_cagr_across_definition_break_is_refused(rd_expenditure: tuple[ObservationPoint, ...]) -> None:
    result = level_cagr(rd_expenditure, 2015, 2018)
    assert result.rate is None
    assert result.reason is not None
    assert result.reason.code is ReasonCode.DEFINITION_BREAK
    assert result.reason.blocked_years == (2016, 2017, 2018)
    assert result.reason.computable_years == ()
    assert "2016年" in result.reason.message and "不可比" in result.reason.message


def test_cagr_after_the_break(rd_expenditure: tuple[ObservationPoint, ...]) -> None:
    result = level_cagr(rd_expenditure, 2016, 2018)
    # (360 / 227.11)^(1/2) − 1 = 1.585135^0.5 − 1 = 1.259022 − 1 = 0.259022
    assert result.rate == pytest.approx((360 / 227.11) ** 0.5 - 1)
    assert result.rate == pytest.approx(0.259022, abs=1e-6)
    assert result.reason is None
    # 2018 is a preliminary value ([360]): used, and said so
    assert any("约数" in note for note in result.calculations[0].notes)


def test_cagr_is_not_the_mean_of_yearly_rates(rd_expenditure: tuple[ObservationPoint, ...]) -> None:
    # yearly rates: 313.68/227.11 − 1 = 0.381181; 360/313.68 − 1 = 0.147666; their mean 0.264424 ≠ 0.259022
    mean_of_rates = ((313.68 / 227.11 - 1) + (360 / 313.68 - 1)) / 2
    result = level_cagr(rd_expenditure, 2016, 2018)
    assert result.rate is not None
    assert abs(result.rate - mean_of_rates) > 0.005


def test_cagr_before_the_break(rd_expenditure: tuple[ObservationPoint, ...]) -> None:
    # 2013 → 2015 lies wholly before 2016: (329.26 / 248)^(1/2) − 1 = 1.327661^0.5 − 1 = 0.152242
    result = level_cagr(rd_expenditure, 2013, 2015)
    assert result.rate == pytest.approx(0.152242, abs=1e-6)


def test_bound_is_never_a_cagr_endpoint() -> None:
    observations = (ObservationPoint(2020, 942.3), ObservationPoint(2024, 2600.0, Qualifier.LOWER_BOUND))
    result = level_cagr(observations, 2020, 2024)
    assert result.rate is None
    assert result.reason is not None
    assert result.reason.code is ReasonCode.NO_OBSERVATION


def test_cagr_of_non_positive_level_is_undefined() -> None:
    result = level_cagr((ObservationPoint(2020, 0.0), ObservationPoint(2022, 4.0)), 2020, 2022)
    assert result.rate is None
    assert result.reason is not None
    assert result.reason.code is ReasonCode.NON_POSITIVE_VALUES


def test_growth_indicator_across_break_is_insufficient(rd_expenditure: tuple[ObservationPoint, ...]) -> None:
    # 十三五: baseline 2015, target 14 % a year to 2020; every later value is on the new 口径
    result = assess(_rd_growth(2015, 2020), rd_expenditure, 2018)
    assert result.status.status is ProgressStatus.INSUFFICIENT_DATA
    assert result.status.reason.code is ReasonCode.DEFINITION_BREAK
    assert result.status.reason.blocked_years == (2016, 2017, 2018)
    assert result.sdg.sdg_class is None
    assert result.sdg.reason.code is ReasonCode.DEFINITION_BREAK
    assert result.forecast.value is None
    assert result.forecast.reason.code is ReasonCode.DEFINITION_BREAK
    assert result.observed_growth is not None
    assert result.observed_growth.rate is None


def test_growth_indicator_on_compound_path(rd_expenditure: tuple[ObservationPoint, ...]) -> None:
    result = assess(_rd_growth(2016, 2020), rd_expenditure, 2018)
    # implied target level 227.11 · 1.14^4 = 227.11 · 1.688960 = 383.58
    assert result.expected_path[-1].compound == pytest.approx(227.11 * 1.14**4)
    # 序时进度 (compound) 2018 = 227.11 · 1.14^2 = 227.11 · 1.2996 = 295.152
    assert result.status.expected == pytest.approx(295.152, abs=1e-3)
    # ratio (360 − 227.11)/(295.152 − 227.11) = 132.89/68.042 = 1.95306 → 快于预期
    assert result.status.progress_ratio == pytest.approx(132.89 / (227.11 * 1.2996 - 227.11))
    assert result.status.status is ProgressStatus.AHEAD
    assert result.observed_growth is not None
    assert result.observed_growth.rate == pytest.approx(0.259022, abs=1e-6)
    # Statistics Canada: R = 0.259022 / 0.14 = 1.85016 → on track
    assert result.sdg.ratio == pytest.approx(0.259022 / 0.14, abs=1e-5)
    assert result.sdg.sdg_class is SdgClass.ON_TRACK
    assert any(w.code is ReasonCode.APPROXIMATE_USED for w in result.warnings)


def test_growth_indicator_without_level_baseline() -> None:
    result = assess(_rd_growth(2016, 2020), (ObservationPoint(2018, 360.0),), 2018)
    assert result.status.status is ProgressStatus.INSUFFICIENT_DATA
    assert result.status.reason.code is ReasonCode.MISSING_LEVEL_BASELINE
