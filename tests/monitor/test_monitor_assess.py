"""The `assess` entry point: the required checks end to end, edge cases, and a property test."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.domain.progress import (
    Assessment,
    ForecastMethod,
    IndicatorSpec,
    ObservationPoint,
    Outlook,
    ProgressStatus,
    Qualifier,
    ReasonCode,
    SdgClass,
)
from planwatch.monitor import assess


def test_high_tech_firms_end_to_end(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2022, 9000.0), ObservationPoint(2024, 16000.0, Qualifier.LOWER_BOUND))
    result = assess(high_tech_firms, observations, 2024)
    assert result.status.status is ProgressStatus.ACHIEVED_EARLY
    assert result.sdg.sdg_class is SdgClass.TARGET_ACHIEVED
    # the trend uses the plan's baseline and the exact 2022 value only
    assert [p.value for p in result.forecast.points if not p.from_baseline] == [9000.0]
    assert result.forecast.method is ForecastMethod.TWO_POINT_CAGR
    assert result.forecast.outlook is Outlook.LIKELY
    # UNSD from the exact 2022 value: 9000 · 1.199137^3 = 15518.5 → share (15518.5 − 6259)/5741 = 1.61287
    assert result.unsd.projected == pytest.approx(15518.47, abs=0.01)
    assert result.unsd.share_of_required == pytest.approx((15518.468 - 6259) / 5741, abs=1e-5)
    # history 2021 (no data) → 2022 快于预期 (ratio 1.19361) → 2023 same evidence → 2024 提前实现
    assert [h.status for h in result.history] == [
        ProgressStatus.INSUFFICIENT_DATA,
        ProgressStatus.AHEAD,
        ProgressStatus.AHEAD,
        ProgressStatus.ACHIEVED_EARLY,
    ]


def test_tech_contracts_end_to_end(
    tech_contracts: IndicatorSpec, tech_contract_series: tuple[ObservationPoint, ...]
) -> None:
    result = assess(tech_contracts, tech_contract_series, 2023)
    # share (1150 − 942.3)/357.7 = 0.580654
    assert result.share == pytest.approx(207.7 / 357.7)
    # linear 942.3 + 3/5 · 357.7 = 1156.92; compound 942.3 · (1300/942.3)^(3/5) = 1142.99
    assert result.expected_linear == pytest.approx(1156.92)
    assert result.expected_compound == pytest.approx(942.3 * (1300 / 942.3) ** 0.6)
    assert result.status.status is ProgressStatus.ON_SCHEDULE
    assert result.sdg.sdg_class is SdgClass.ON_TRACK
    assert result.forecast.statement is not None
    assert result.forecast.statement.startswith("按当前趋势，2025年预计达到")
    assert result.observed_growth is None  # a level indicator


def test_observations_after_as_of_year_are_ignored(
    tech_contracts: IndicatorSpec, tech_contract_series: tuple[ObservationPoint, ...]
) -> None:
    future = (*tech_contract_series, ObservationPoint(2024, 5000.0))
    assert assess(tech_contracts, future, 2023) == assess(tech_contracts, tech_contract_series, 2023)


def test_missing_baseline_everywhere(tech_contracts: IndicatorSpec) -> None:
    result = assess(replace(tech_contracts, baseline_value=None), (ObservationPoint(2022, 1000.0),), 2023)
    assert result.status.status is ProgressStatus.INSUFFICIENT_DATA
    assert result.status.reason.code is ReasonCode.MISSING_BASELINE
    assert result.sdg.reason.code is ReasonCode.MISSING_BASELINE
    assert result.forecast.reason.code is ReasonCode.MISSING_BASELINE
    assert result.share is None and result.expected_path == ()


def test_missing_baseline_year_and_target(tech_contracts: IndicatorSpec) -> None:
    no_year = assess(replace(tech_contracts, baseline_year=None), (), 2023)
    assert no_year.status.reason.code is ReasonCode.MISSING_BASELINE
    no_target = assess(replace(tech_contracts, target_value=None), (), 2023)
    assert no_target.status.reason.code is ReasonCode.MISSING_TARGET
    bad_period = assess(replace(tech_contracts, target_year=2020), (), 2023)
    assert bad_period.status.reason.code is ReasonCode.INVALID_PERIOD


def test_baseline_equal_to_target_never_divides_by_zero(tech_contracts: IndicatorSpec) -> None:
    spec = replace(tech_contracts, baseline_value=1000.0, target_value=1000.0)
    result = assess(spec, (ObservationPoint(2021, 990.0), ObservationPoint(2022, 995.0)), 2022)
    assert result.share is None
    assert result.status.status is ProgressStatus.BEHIND
    assert result.sdg.sdg_class is SdgClass.DETERIORATION
    assert result.unsd.share_of_required is None


def test_zero_baseline(tech_contracts: IndicatorSpec) -> None:
    spec = IndicatorSpec("湖北实验室数量", "个", IndicatorKind.LEVEL, Comparator.GE, 2020, 0.0, 2025, 7.0)
    result = assess(spec, (ObservationPoint(2021, 7.0),), 2021)
    # 7 ≥ 7 in 2021 → 提前实现; compound path undefined from 0
    assert result.status.status is ProgressStatus.ACHIEVED_EARLY
    assert result.expected_compound is None
    # linear 0 + 1/5 · 7 = 1.4
    assert result.expected_linear == pytest.approx(1.4)


def test_target_year_already_past(tech_contracts: IndicatorSpec) -> None:
    result = assess(tech_contracts, (ObservationPoint(2023, 1150.0),), 2027)
    during = assess(tech_contracts, (ObservationPoint(2023, 1150.0),), 2025)
    assert during.status.status is not ProgressStatus.INSUFFICIENT_DATA and during.forecast.value is not None
    # the period is over and there is no 2025 value: 序时进度 of 2023 decides nothing, no forecast
    assert result.status.status is ProgressStatus.INSUFFICIENT_DATA
    assert result.status.reason.code is ReasonCode.NO_TARGET_YEAR_DATA
    assert "无法评价" in result.status.reason.message and "2023年" in result.status.reason.message
    assert any(w.code is ReasonCode.TARGET_YEAR_PASSED for w in result.warnings)
    assert result.forecast.value is None and result.forecast.reason.code is ReasonCode.TARGET_YEAR_OVER
    assert [h.year for h in result.history] == [2021, 2022, 2023, 2024, 2025]


def test_only_one_observation_at_the_baseline(tech_contracts: IndicatorSpec) -> None:
    result = assess(tech_contracts, (ObservationPoint(2020, 942.3),), 2023)
    assert result.status.status is ProgressStatus.INSUFFICIENT_DATA
    assert result.status.status.label == "数据不足"
    assert result.status.reason.code is ReasonCode.NO_OBSERVATION
    assert result.forecast.reason.code is ReasonCode.TOO_FEW_POINTS
    assert result.sdg.sdg_class is None
    assert result.unsd.projected is None


def test_approximate_comparator_infers_direction(tech_contracts: IndicatorSpec) -> None:
    spec = replace(tech_contracts, comparator=Comparator.APPROX, target_value=800.0)
    result = assess(spec, (ObservationPoint(2022, 850.0),), 2022)
    # 左右800 is below the baseline 942.3 → treated as lower-is-better;
    # expected 2022 = 942.3 − 2/5 · 142.3 = 885.38
    # ratio (850 − 942.3)/(885.38 − 942.3) = −92.3/−56.92 = 1.62157 → 快于预期
    assert result.status.progress_ratio == pytest.approx(92.3 / 56.92)
    assert result.status.status is ProgressStatus.AHEAD
    assert any(w.code is ReasonCode.DIRECTION_INFERRED for w in result.warnings)


def test_definition_break_in_a_level_indicator() -> None:
    # R&D投入强度 2015 → 2020 (十三五), 口径从2016年调整: 2016–2018 values are not comparable with 2015
    spec = IndicatorSpec("R&D经费投入强度", "%", IndicatorKind.LEVEL, Comparator.GE, 2015, 3.02, 2020, 3.5)
    observations = tuple(
        ObservationPoint(y, v, comparable_from=2016) for y, v in [(2016, 1.91), (2017, 2.34), (2018, 2.42)]
    )
    result = assess(spec, observations, 2018)
    assert result.status.status is ProgressStatus.INSUFFICIENT_DATA
    assert result.status.reason.code is ReasonCode.DEFINITION_BREAK
    assert result.status.reason.blocked_years == (2016, 2017, 2018)


def _assert_finite_or_none(value: float | None) -> None:
    assert value is None or math.isfinite(value)


finite = st.floats(allow_nan=False, allow_infinity=False)
years = st.integers(min_value=1990, max_value=2060)


@st.composite
def specs(draw: st.DrawFn) -> IndicatorSpec:
    return IndicatorSpec(
        name="任意指标",
        unit="单位",
        kind=draw(st.sampled_from(IndicatorKind)),
        comparator=draw(st.sampled_from(Comparator)),
        baseline_year=draw(st.none() | years),
        baseline_value=draw(st.none() | finite),
        target_year=draw(st.none() | years),
        target_value=draw(st.none() | finite),
        baseline_level=draw(st.none() | finite),
    )


observations = st.builds(
    ObservationPoint,
    year=years,
    value=finite,
    qualifier=st.sampled_from(Qualifier),
    comparable_from=st.none() | years,
)


@settings(max_examples=300, deadline=None)
@given(spec=specs(), obs=st.lists(observations, max_size=8), as_of=years)
def test_assess_never_raises(spec: IndicatorSpec, obs: list[ObservationPoint], as_of: int) -> None:
    result = assess(spec, obs, as_of)
    assert isinstance(result, Assessment)
    for value in (
        result.share,
        result.expected_linear,
        result.expected_compound,
        result.status.progress_ratio,
    ):
        _assert_finite_or_none(value)
    for judgement in result.history:
        _assert_finite_or_none(judgement.share)
        _assert_finite_or_none(judgement.progress_ratio)
    _assert_finite_or_none(result.sdg.ratio)
    _assert_finite_or_none(result.unsd.projected)
    _assert_finite_or_none(result.unsd.share_of_required)
    _assert_finite_or_none(result.forecast.value)
    _assert_finite_or_none(result.forecast.low)
    _assert_finite_or_none(result.forecast.high)
    if result.status.status is ProgressStatus.INSUFFICIENT_DATA:
        assert result.status.reason.message
