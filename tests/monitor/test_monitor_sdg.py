"""Statistics Canada ratio and UNSD extrapolation, hand-computed."""

from __future__ import annotations

import math

import pytest

from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.domain.progress import (
    IndicatorSpec,
    ObservationPoint,
    Qualifier,
    RateKind,
    ReasonCode,
    SdgClass,
)
from planwatch.monitor.frame import Frame, build_frame
from planwatch.monitor.sdg import classify_sdg_ratio, statcan_ratio, unsd_projection


def _frame(spec: IndicatorSpec) -> Frame:
    frame = build_frame(spec, ())
    assert isinstance(frame, Frame)
    return frame


def test_statcan_tech_contracts(
    tech_contracts: IndicatorSpec, tech_contract_series: tuple[ObservationPoint, ...]
) -> None:
    result = statcan_ratio(_frame(tech_contracts), tech_contract_series, 2023)
    # observed (1150/942.3)^(1/3) − 1 = 1.220418^(1/3) − 1 = 0.068652
    # required (1300/942.3)^(1/5) − 1 = 1.379603^(1/5) − 1 = 0.066475
    # R = 0.068652 / 0.066475 = 1.03275 ≥ 0.95 → on track
    assert result.observed_rate == pytest.approx((1150 / 942.3) ** (1 / 3) - 1)
    assert result.observed_rate == pytest.approx(0.068652, abs=1e-6)
    assert result.required_rate == pytest.approx(0.066475, abs=1e-6)
    assert result.ratio == pytest.approx(1.03275, abs=1e-4)
    assert result.sdg_class is SdgClass.ON_TRACK
    assert result.rate_kind is RateKind.CAGR
    assert [c.name for c in result.calculations] == ["observed_cagr", "required_cagr", "statcan_ratio"]


def test_unsd_tech_contracts(
    tech_contracts: IndicatorSpec, tech_contract_series: tuple[ObservationPoint, ...]
) -> None:
    result = unsd_projection(_frame(tech_contracts), tech_contract_series, 2023)
    # projected = 1150 · 1.068652^2 = 1150 · 1.142017 = 1313.32
    growth = (1150 / 942.3) ** (1 / 3)
    assert result.projected == pytest.approx(1150 * growth**2)
    assert result.projected == pytest.approx(1313.32, abs=0.01)
    # share = (1313.32 − 942.3) / 357.7 = 371.02 / 357.7 = 1.03724
    assert result.share_of_required == pytest.approx((1150 * growth**2 - 942.3) / 357.7)
    assert result.years_left == 2


def test_statcan_lower_is_better(tech_dependence: IndicatorSpec) -> None:
    series = (ObservationPoint(2023, 33.0),)
    result = statcan_ratio(_frame(tech_dependence), series, 2023)
    # observed (33/40)^(1/3) − 1 = 0.825^(1/3) − 1 = −0.062111; required (30/40)^(1/5) − 1 = −0.055912
    # R = −0.062111 / −0.055912 = 1.11087 → on track (both negative: falling is progress)
    assert result.observed_rate == pytest.approx(0.825 ** (1 / 3) - 1)
    assert result.required_rate == pytest.approx(0.75**0.2 - 1)
    assert result.ratio == pytest.approx(1.11087, abs=1e-4)
    assert result.sdg_class is SdgClass.ON_TRACK


def test_statcan_lower_is_better_deterioration(tech_dependence: IndicatorSpec) -> None:
    result = statcan_ratio(_frame(tech_dependence), (ObservationPoint(2023, 42.0),), 2023)
    # observed (42/40)^(1/3) − 1 = +0.016396; required −0.055912; R = −0.29325 < 0 → deterioration
    assert result.ratio == pytest.approx(((42 / 40) ** (1 / 3) - 1) / (0.75**0.2 - 1))
    assert result.sdg_class is SdgClass.DETERIORATION


def test_statcan_target_achieved_by_lower_bound(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2022, 9000.0), ObservationPoint(2024, 16000.0, Qualifier.LOWER_BOUND))
    result = statcan_ratio(_frame(high_tech_firms), observations, 2024)
    assert result.sdg_class is SdgClass.TARGET_ACHIEVED
    assert result.ratio is None  # no rate is computed from a bound


def test_non_positive_values_fall_back_to_linear_rates() -> None:
    # 湖北实验室数量 0 → 7 个 (2020 → 2025); made-up 2021 2, 2022 4
    spec = IndicatorSpec("湖北实验室数量", "个", IndicatorKind.LEVEL, Comparator.GE, 2020, 0.0, 2025, 7.0)
    series = (ObservationPoint(2021, 2.0), ObservationPoint(2022, 4.0))
    result = statcan_ratio(_frame(spec), series, 2022)
    # observed (4 − 0)/2 = 2 a year; required (7 − 0)/5 = 1.4 a year; R = 2/1.4 = 1.42857 → on track
    assert result.rate_kind is RateKind.LINEAR
    assert result.observed_rate == pytest.approx(2.0)
    assert result.required_rate == pytest.approx(1.4)
    assert result.ratio == pytest.approx(2 / 1.4)
    assert result.sdg_class is SdgClass.ON_TRACK
    assert "线性" in result.reason.message
    projection = unsd_projection(_frame(spec), series, 2022)
    # projected 4 + 2 · 3 = 10; share (10 − 0)/(7 − 0) = 1.42857
    assert projection.rate_kind is RateKind.LINEAR
    assert projection.projected == pytest.approx(10.0)
    assert projection.share_of_required == pytest.approx(10 / 7)


def test_negative_values_do_not_raise() -> None:
    # made up: 净利润 −5 → 5 亿元; 2022 −1: linear R = ((−1 + 5)/2) / ((5 + 5)/5) = 2 / 2 = 1.0
    spec = IndicatorSpec("净利润", "亿元", IndicatorKind.LEVEL, Comparator.GE, 2020, -5.0, 2025, 5.0)
    result = statcan_ratio(_frame(spec), (ObservationPoint(2022, -1.0),), 2022)
    assert result.ratio == pytest.approx(1.0)
    assert result.rate_kind is RateKind.LINEAR


def test_maintain_target_below_is_deterioration(tech_contracts: IndicatorSpec) -> None:
    from dataclasses import replace

    spec = replace(tech_contracts, target_value=942.3)
    result = statcan_ratio(_frame(spec), (ObservationPoint(2022, 900.0),), 2022)
    assert result.sdg_class is SdgClass.DETERIORATION
    assert result.reason.code is ReasonCode.MAINTAIN_TARGET
    projection = unsd_projection(_frame(spec), (ObservationPoint(2022, 900.0),), 2022)
    assert projection.share_of_required is None
    assert projection.projected is not None and math.isfinite(projection.projected)


@pytest.mark.parametrize(
    ("ratio", "cls"),
    [
        (0.95, SdgClass.ON_TRACK),
        (0.9499, SdgClass.ACCELERATION_NEEDED),
        (0.60, SdgClass.ACCELERATION_NEEDED),
        (0.5999, SdgClass.LIMITED_PROGRESS),
        (0.0, SdgClass.LIMITED_PROGRESS),
        (-0.0001, SdgClass.DETERIORATION),
    ],
)
def test_statcan_thresholds(ratio: float, cls: SdgClass) -> None:
    assert classify_sdg_ratio(ratio) is cls
