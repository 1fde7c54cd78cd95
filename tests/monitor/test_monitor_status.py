"""序时进度 status, bounds as evidence, lower-is-better, and the status history."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planwatch.domain.progress import (
    IndicatorSpec,
    ObservationPoint,
    ProgressStatus,
    Qualifier,
    ReasonCode,
)
from planwatch.monitor.status import classify_ratio, judge_status, status_history


def test_tech_contracts_on_schedule_2023(
    tech_contracts: IndicatorSpec, tech_contract_series: tuple[ObservationPoint, ...]
) -> None:
    judgement = judge_status(tech_contracts, tech_contract_series, 2023)
    # expected (linear) 2023 = 1156.92; ratio = (1150 − 942.3) / (1156.92 − 942.3) = 207.7 / 214.62 = 0.96776
    assert judgement.expected == pytest.approx(1156.92)
    assert judgement.progress_ratio == pytest.approx(207.7 / 214.62)
    assert judgement.progress_ratio == pytest.approx(0.96776, abs=1e-5)
    # 0.90 ≤ 0.968 < 1.10 → 基本符合预期
    assert judgement.status is ProgressStatus.ON_SCHEDULE
    assert judgement.status.label == "基本符合预期"
    assert judgement.reason.code is ReasonCode.PROGRESS_RATIO
    # share 207.7 / 357.7 = 0.580654; expected share 3/5 = 0.6
    assert judgement.share == pytest.approx(0.580654, abs=1e-6)
    assert judgement.expected_share == pytest.approx(0.6)
    assert [c.name for c in judgement.calculations] == [
        "expected_linear",
        "achievement_share",
        "progress_ratio",
    ]


def test_tech_contracts_history_uses_only_past_data(
    tech_contracts: IndicatorSpec, tech_contract_series: tuple[ObservationPoint, ...]
) -> None:
    later = (*tech_contract_series, ObservationPoint(2024, 1400.0))
    history = status_history(tech_contracts, later, 2025)
    assert [h.year for h in history] == [2021, 2022, 2023, 2024, 2025]
    # 2021: expected 942.3 + 71.54 = 1013.84; ratio (1000 − 942.3)/71.54 = 57.7/71.54 = 0.80654 → 滞后
    assert history[0].progress_ratio == pytest.approx(57.7 / 71.54)
    assert history[0].status is ProgressStatus.BEHIND
    # 2022: expected 942.3 + 143.08 = 1085.38; ratio 137.7/143.08 = 0.96240 → 基本符合预期
    assert history[1].progress_ratio == pytest.approx(137.7 / 143.08)
    assert history[1].status is ProgressStatus.ON_SCHEDULE
    assert history[2].status is ProgressStatus.ON_SCHEDULE
    # 2024: 1400 ≥ 1300 before 2025 → 提前实现
    assert history[3].status is ProgressStatus.ACHIEVED_EARLY
    # 2025 has no 2025 value: still judged on the 2024 value, flagged as stale
    assert history[4].status is ProgressStatus.ACHIEVED_EARLY
    assert history[4].data_year == 2024
    assert any(n.code is ReasonCode.STALE_DATA for n in history[4].notes)
    # the 2021 judgement is the same as when 2022–2024 did not exist yet
    assert history[0] == judge_status(tech_contracts, tech_contract_series[:1], 2021)


def test_high_tech_firms_lower_bound_meets_target(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2022, 9000.0), ObservationPoint(2024, 16000.0, Qualifier.LOWER_BOUND))
    judgement = judge_status(high_tech_firms, observations, 2024)
    # 突破1.6万家: true value ≥ 16000 ≥ 12000 in 2024 < 2025 → 提前实现
    assert judgement.status is ProgressStatus.ACHIEVED_EARLY
    assert judgement.status.label == "提前实现"
    assert judgement.reason.code is ReasonCode.TARGET_MET
    assert judgement.data_year == 2024
    assert judgement.actual_qualifier is Qualifier.LOWER_BOUND
    # share from the bound (a lower bound of the share): (16000 − 6259)/(12000 − 6259) = 9741/5741 = 1.69674
    assert judgement.share == pytest.approx(9741 / 5741)
    assert "下限值" in judgement.reason.message


def test_high_tech_firms_2022_ahead(high_tech_firms: IndicatorSpec) -> None:
    judgement = judge_status(high_tech_firms, (ObservationPoint(2022, 9000.0),), 2022)
    # expected 2022 = 6259 + 2/5 · 5741 = 6259 + 2296.4 = 8555.4
    # ratio (9000 − 6259)/2296.4 = 2741/2296.4 = 1.19361 ≥ 1.10 → 快于预期
    assert judgement.expected == pytest.approx(8555.4)
    assert judgement.progress_ratio == pytest.approx(2741 / 2296.4)
    assert judgement.status is ProgressStatus.AHEAD


def test_lower_bound_below_target_proves_at_least_on_schedule(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2024, 10500.0, Qualifier.LOWER_BOUND),)
    judgement = judge_status(high_tech_firms, observations, 2024)
    # expected 2024 = 6259 + 4/5 · 5741 = 10851.8; bound ratio (10500 − 6259)/4592.8 = 4241/4592.8 = 0.92340
    # the true value is ≥ 10500, so the true ratio ≥ 0.923 ≥ 0.90 → at least 基本符合预期
    assert judgement.progress_ratio == pytest.approx(4241 / 4592.8)
    assert judgement.status is ProgressStatus.ON_SCHEDULE
    assert judgement.reason.code is ReasonCode.BOUND_EVIDENCE


def test_weak_lower_bound_falls_back_to_older_exact_value(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2022, 9000.0), ObservationPoint(2024, 10000.0, Qualifier.LOWER_BOUND))
    judgement = judge_status(high_tech_firms, observations, 2024)
    # bound ratio (10000 − 6259)/4592.8 = 3741/4592.8 = 0.81454 < 0.90 proves nothing
    # (the true value may be higher),
    # so the 2022 exact value decides: ratio 1.19361 → 快于预期, flagged as based on older data
    assert judgement.data_year == 2022
    assert judgement.status is ProgressStatus.AHEAD
    assert any(n.code is ReasonCode.STALE_DATA for n in judgement.notes)


def test_only_weak_bound_is_insufficient(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2024, 10000.0, Qualifier.LOWER_BOUND),)
    judgement = judge_status(high_tech_firms, observations, 2024)
    assert judgement.status is ProgressStatus.INSUFFICIENT_DATA
    assert judgement.reason.code is ReasonCode.BOUND_INCONCLUSIVE


def test_upper_bound_proves_behind(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2024, 9000.0, Qualifier.UPPER_BOUND),)
    judgement = judge_status(high_tech_firms, observations, 2024)
    # 不到9000家: true ratio ≤ (9000 − 6259)/4592.8 = 2741/4592.8 = 0.59681 < 0.90 → 滞后
    assert judgement.progress_ratio == pytest.approx(2741 / 4592.8)
    assert judgement.status is ProgressStatus.BEHIND
    assert judgement.reason.code is ReasonCode.BOUND_EVIDENCE


def test_lower_is_better_directions(tech_dependence: IndicatorSpec) -> None:
    series = (ObservationPoint(2021, 38.0), ObservationPoint(2022, 37.0), ObservationPoint(2023, 33.0))
    in_2022 = judge_status(tech_dependence, series, 2022)
    # expected 2022 = 40 − 2/5 · 10 = 36; ratio (37 − 40)/(36 − 40) = −3/−4 = 0.75 → 滞后
    assert in_2022.progress_ratio == pytest.approx(0.75)
    assert in_2022.status is ProgressStatus.BEHIND
    in_2023 = judge_status(tech_dependence, series, 2023)
    # expected 2023 = 34; ratio (33 − 40)/(34 − 40) = −7/−6 = 1.16667 → 快于预期
    assert in_2023.progress_ratio == pytest.approx(7 / 6)
    assert in_2023.status is ProgressStatus.AHEAD
    assert in_2023.share == pytest.approx(0.7)  # (33 − 40)/(30 − 40)
    met = judge_status(tech_dependence, (*series, ObservationPoint(2024, 29.5)), 2024)
    # 29.5 ≤ 30 in 2024 → 提前实现
    assert met.status is ProgressStatus.ACHIEVED_EARLY


def test_lower_is_better_rising_value_is_behind(tech_dependence: IndicatorSpec) -> None:
    judgement = judge_status(tech_dependence, (ObservationPoint(2023, 42.0),), 2023)
    # ratio (42 − 40)/(34 − 40) = 2/−6 = −0.33333 → 滞后
    assert judgement.progress_ratio == pytest.approx(-1 / 3)
    assert judgement.status is ProgressStatus.BEHIND


def test_lower_is_better_upper_bound_is_good_evidence(tech_dependence: IndicatorSpec) -> None:
    judgement = judge_status(tech_dependence, (ObservationPoint(2023, 32.0, Qualifier.UPPER_BOUND),), 2023)
    # 不到32%: true ratio ≥ (32 − 40)/(34 − 40) = 1.33333 ≥ 1.10 → 快于预期
    assert judgement.progress_ratio == pytest.approx(4 / 3)
    assert judgement.status is ProgressStatus.AHEAD
    # an upper bound at the target: 不到30% proves 提前实现
    met = judge_status(tech_dependence, (ObservationPoint(2023, 30.0, Qualifier.UPPER_BOUND),), 2023)
    assert met.status is ProgressStatus.ACHIEVED_EARLY


def test_target_year_outcomes_and_past_target_year(tech_contracts: IndicatorSpec) -> None:
    missed = judge_status(tech_contracts, (ObservationPoint(2025, 1290.0),), 2027)
    # 1290 < 1300 in the target year → 未完成; evaluated in 2027, after the target year
    assert missed.status is ProgressStatus.NOT_ACHIEVED
    assert missed.status.label == "未完成"
    assert any(n.code is ReasonCode.TARGET_YEAR_PASSED for n in missed.notes)
    done = judge_status(tech_contracts, (ObservationPoint(2025, 1357.41),), 2025)
    assert done.status is ProgressStatus.ACHIEVED
    assert done.status.label == "已完成"
    # a value after the target year does not count for the plan
    late = judge_status(tech_contracts, (ObservationPoint(2026, 1400.0),), 2026)
    assert late.status is ProgressStatus.INSUFFICIENT_DATA
    assert late.reason.code is ReasonCode.NO_OBSERVATION


def test_maintain_target_baseline_equals_target(tech_contracts: IndicatorSpec) -> None:
    spec = replace(tech_contracts, baseline_value=1000.0, target_value=1000.0)
    above = judge_status(spec, (ObservationPoint(2022, 1005.0),), 2022)
    assert above.status is ProgressStatus.ACHIEVED_EARLY
    assert above.share is None  # (1005 − 1000)/(1000 − 1000) is undefined, not a ZeroDivisionError
    below = judge_status(spec, (ObservationPoint(2022, 990.0),), 2022)
    assert below.status is ProgressStatus.BEHIND
    assert below.reason.code is ReasonCode.MAINTAIN_TARGET


def test_baseline_year_and_earlier_have_no_status(tech_contracts: IndicatorSpec) -> None:
    judgement = judge_status(tech_contracts, (ObservationPoint(2020, 942.3),), 2020)
    assert judgement.status is ProgressStatus.INSUFFICIENT_DATA
    assert judgement.reason.code is ReasonCode.AT_OR_BEFORE_BASELINE


def test_missing_baseline(tech_contracts: IndicatorSpec) -> None:
    judgement = judge_status(
        replace(tech_contracts, baseline_value=None), (ObservationPoint(2022, 1000.0),), 2022
    )
    assert judgement.status is ProgressStatus.INSUFFICIENT_DATA
    assert judgement.reason.code is ReasonCode.MISSING_BASELINE
    assert "基期" in judgement.reason.message


def test_duplicate_values_are_averaged_with_a_warning(high_tech_firms: IndicatorSpec) -> None:
    observations = (ObservationPoint(2021, 9151.0), ObservationPoint(2021, 9145.0))
    judgement = judge_status(high_tech_firms, observations, 2021)
    # (9151 + 9145)/2 = 9148 ≥ 12000? no; expected 2021 = 6259 + 1148.2 = 7407.2;
    # ratio (9148 − 6259)/1148.2 = 2889/1148.2 = 2.51611 → 快于预期
    assert judgement.actual == pytest.approx(9148.0)
    assert judgement.progress_ratio == pytest.approx(2889 / 1148.2)
    assert judgement.status is ProgressStatus.AHEAD
    assert any(n.code is ReasonCode.DUPLICATE_VALUES for n in judgement.notes)


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (1.10, ProgressStatus.AHEAD),
        (1.0999, ProgressStatus.ON_SCHEDULE),
        (0.90, ProgressStatus.ON_SCHEDULE),
        (0.8999, ProgressStatus.BEHIND),
        (-1.0, ProgressStatus.BEHIND),
    ],
)
def test_ratio_thresholds(ratio: float, status: ProgressStatus) -> None:
    assert classify_ratio(ratio) is status
