"""Forecast of the target-year value: log-linear least squares, two-point CAGR, and refusals."""

from __future__ import annotations

import math

import pytest

from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.domain.progress import (
    FitPoint,
    ForecastMethod,
    IndicatorSpec,
    ObservationPoint,
    Outlook,
    Qualifier,
    ReasonCode,
)
from planwatch.monitor.forecast import forecast_target
from planwatch.monitor.frame import Frame, build_frame


def _spec(target: float) -> IndicatorSpec:
    return IndicatorSpec("示例指标", "亿元", IndicatorKind.LEVEL, Comparator.GE, 2020, 100.0, 2025, target)


def _frame(spec: IndicatorSpec) -> Frame:
    frame = build_frame(spec, ())
    assert isinstance(frame, Frame)
    return frame


THREE_POINTS = (
    ObservationPoint(2021, 100 * math.exp(0.1)),  # 110.517
    ObservationPoint(2022, 100 * math.exp(0.3)),  # 134.986
)


def test_log_linear_fit_with_prediction_interval() -> None:
    result = forecast_target(_frame(_spec(250.0)), THREE_POINTS, 2022)
    # ln values (minus ln 100): 0, 0.1, 0.3 at t − 2021 = −1, 0, 1
    # slope = Σ(t−t̄)(y−ȳ)/Sxx = (0.13333 + 0.16667)/2 = 0.15; ȳ = 0.13333
    # centre 2025: 0.13333 + 0.15 · 4 = 0.73333 → 100 · e^0.73333 = 208.20
    # residuals 0.01667, −0.03333, 0.01667 → SSE = 1/600, s = 0.040825 (1 df)
    # half width = t(0.90; 1) · s · √(1 + 1/3 + 4²/2) = 3.078 · 0.040825 · 3.05505 = 0.38389
    # low = 100 · e^(0.73333 − 0.38389) = 141.83; high = 100 · e^(0.73333 + 0.38389) = 305.64
    assert result.method is ForecastMethod.LOG_LINEAR_LS
    assert result.value == pytest.approx(208.20, abs=0.01)
    assert result.low == pytest.approx(141.83, abs=0.01)
    assert result.high == pytest.approx(305.64, abs=0.01)
    assert result.interval_level == pytest.approx(0.8)
    # 141.83 < 250 ≤ 305.64: the interval straddles the target → 有望完成目标
    assert result.outlook is Outlook.POSSIBLE
    assert result.statement == "按当前趋势，2025年预计达到208.2亿元（区间141.8–305.6亿元），有望完成目标"


@pytest.mark.parametrize(
    ("target", "outlook", "phrase"),
    [(140.0, Outlook.LIKELY, "可完成目标"), (400.0, Outlook.UNLIKELY, "难以完成目标")],
)
def test_outlook_phrases(target: float, outlook: Outlook, phrase: str) -> None:
    result = forecast_target(_frame(_spec(target)), THREE_POINTS, 2022)
    # interval 141.83–305.64: all ≥ 140 → 可完成 (2022's 134.99 has not met 140 yet); all < 400 → 难以完成
    assert result.outlook is outlook
    assert result.statement is not None and result.statement.endswith(phrase)


def test_exact_exponential_series_has_zero_width_interval() -> None:
    series = (ObservationPoint(2021, 110.0), ObservationPoint(2022, 121.0), ObservationPoint(2023, 133.1))
    result = forecast_target(_frame(_spec(150.0)), series, 2023)
    # 10 % a year exactly: 100 · 1.1^5 = 161.051, residuals 0
    assert result.value == pytest.approx(161.051)
    assert result.low == pytest.approx(161.051)
    assert result.high == pytest.approx(161.051)
    assert result.statement == "按当前趋势，2025年预计达到161.1亿元（区间161.1–161.1亿元），可完成目标"


def test_two_points_cagr_with_heuristic_band(high_tech_firms: IndicatorSpec) -> None:
    result = forecast_target(_frame(high_tech_firms), (ObservationPoint(2022, 9000.0),), 2023)
    # g = (9000/6259)^(1/2) − 1 = 1.437929^0.5 − 1 = 0.199137
    # value = 9000 · 1.199137^3 = 9000 · 1.724274 = 15518.5
    # band = max(0.5 · 0.199137, 0.02) = 0.099568
    # low = 9000 · 1.099568^3 = 11964.9; high = 9000 · 1.298705^3 = 19714.0
    assert result.method is ForecastMethod.TWO_POINT_CAGR
    assert result.value == pytest.approx(15518.47, abs=0.01)
    assert result.low == pytest.approx(11964.91, abs=0.01)
    assert result.high == pytest.approx(19713.99, abs=0.01)
    assert result.interval_level is None  # heuristic band, not a statistical interval
    # 11964.9 < 12000 ≤ 19714.0 → 有望完成目标
    assert result.statement == "按当前趋势，2025年预计达到15,518家（区间11,965–19,714家），有望完成目标"


def test_lower_bound_is_not_a_fit_point(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2022, 9000.0), ObservationPoint(2024, 16000.0, Qualifier.LOWER_BOUND))
    result = forecast_target(_frame(high_tech_firms), observations, 2024)
    # the plan's baseline and the exact 2022 value; 突破1.6万 stays out of the fit
    assert result.points == (FitPoint(2020, 6259.0, from_baseline=True), FitPoint(2022, 9000.0))
    assert [p.value for p in result.points if not p.from_baseline] == [9000.0]
    assert result.value == pytest.approx(15518.47, abs=0.01)
    # but the bound already meets the target, so the outlook is 可完成 and the statement says why
    assert result.outlook is Outlook.LIKELY
    assert result.statement is not None and result.statement.endswith("可完成目标（2024年已达到目标值）")


def test_approximate_values_are_used_and_flagged(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2022, 12400.0), ObservationPoint(2023, 14500.0, Qualifier.APPROXIMATE))
    result = forecast_target(_frame(high_tech_firms), observations, 2023)
    assert FitPoint(2023, 14500.0, approximate=True) in result.points
    assert any("约数" in note for note in result.calculations[0].notes)


def test_non_positive_values_use_linear_fit() -> None:
    spec = IndicatorSpec("湖北实验室数量", "个", IndicatorKind.LEVEL, Comparator.GE, 2020, 0.0, 2025, 7.0)
    series = (ObservationPoint(2021, 2.0), ObservationPoint(2022, 4.0))
    result = forecast_target(_frame(spec), series, 2022)
    # points (2020, 0), (2021, 2), (2022, 4): a straight line, slope 2 → 4 + 2 · 3 = 10, residuals 0
    assert result.method is ForecastMethod.LINEAR_LS
    assert result.value == pytest.approx(10.0)
    assert result.low == pytest.approx(10.0)
    assert result.outlook is Outlook.LIKELY


def test_too_few_points(high_tech_firms: IndicatorSpec) -> None:
    result = forecast_target(_frame(high_tech_firms), (), 2021)
    assert result.method is ForecastMethod.NONE
    assert result.value is None
    assert result.reason.code is ReasonCode.TOO_FEW_POINTS


def test_no_forecast_when_target_year_value_exists(tech_contracts: IndicatorSpec) -> None:
    result = forecast_target(_frame(tech_contracts), (ObservationPoint(2025, 1290.0),), 2026)
    assert result.value is None
    assert result.reason.code is ReasonCode.TARGET_YEAR_REACHED


def test_lower_is_better_forecast(tech_dependence: IndicatorSpec) -> None:
    series = (ObservationPoint(2021, 38.0), ObservationPoint(2022, 36.0), ObservationPoint(2023, 34.0))
    result = forecast_target(_frame(tech_dependence), series, 2023)
    # ln 40, 38, 36, 34 = 3.688879, 3.637586, 3.583519, 3.526361 at t − 2021.5 = −1.5, −0.5, 0.5, 1.5; Sxx = 5
    # Sxy = 1.5 · (3.526361 − 3.688879) + 0.5 · (3.583519 − 3.637586) = −0.270812 → slope −0.054162
    # ȳ = 3.609086; centre 2025 = 3.609086 − 0.054162 · 3.5 = 3.419518 → e^3.419518 = 30.555
    assert result.value == pytest.approx(30.555, abs=1e-3)
    assert result.low is not None and result.low > 30.0
    # the whole interval (30.33–30.79) is above the 30 % ceiling → 难以完成目标
    assert result.outlook is Outlook.UNLIKELY
    assert result.statement == "按当前趋势，2025年预计达到30.55%（区间30.33–30.79%），难以完成目标"


def test_bound_years_are_named_in_the_components(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2022, 9000.0), ObservationPoint(2024, 16000.0, Qualifier.LOWER_BOUND))
    result = forecast_target(_frame(high_tech_firms), observations, 2024)
    assert "2024年只有下限/上限值，未参与拟合。" in result.calculations[0].notes
